"""Lesson: a loss, one number for how wrong (lecture section 18).

The four-example dataset and a seeded MLP's first predictions; which example it
gets most wrong.  The summed squared error, checked on the lecture's rounded
predictions [0.91, 0.88, 0.88, 0.88] (7.0913), and d(loss)/d(prediction) =
2(ŷ - y) = +3.76.  Backward through the whole network; pitfall 15: the input
numbers get gradients too, and nothing ever uses them.
"""

import random

from engine import Value
from engine.data import lecture_dataset
from engine.losses import sum_squared_error
from engine.nn import MLP
from lessons.steps import (AskChoice, AskGrad, AskSign, AskValue, Code, Recap, Say, Show,
                           gradients)

SEED = 42
LECTURE_PREDICTIONS = [0.91, 0.88, 0.88, 0.88]   # the lecture's first predictions, rounded


def lesson():
    xs, ys = lecture_dataset()
    yield Say(
        "# A loss: one number for how wrong\n\n"
        "Here is a tiny dataset: four inputs of three numbers each, and the answer we want "
        "the network to give for each one, +1 or -1. A binary classifier, in miniature."
    )
    yield Code("xs = [[2.0, 3.0, -1.0],\n      [3.0, -1.0, 0.5],\n      [0.5, 1.0, 1.0],\n"
               "      [1.0, 1.0, -1.0]]\nys = [1.0, -1.0, -1.0, 1.0]   # desired targets\n\n"
               "n = MLP(3, [4, 4, 1], random.Random(42))\nypred = [n(x) for x in xs]")

    model = MLP(3, [4, 4, 1], rng=random.Random(SEED))
    ypred = [model(x) for x in xs]
    pred_text = ", ".join(f"{p.data:.2f}" for p in ypred)
    yield Say(f"The untrained network predicts **[{pred_text}]** for targets "
              f"**[{', '.join(f'{y:+g}' for y in ys)}]**.")
    misses = [abs(p.data - y) for p, y in zip(ypred, ys)]
    worst = misses.index(max(misses))
    yield AskChoice(
        "Which example is the network most wrong about?",
        choices=[f"Example {i + 1}" for i in range(len(xs))],
        correct=worst,
        hints=["Look at how far each prediction is from its target, sign included."],
        why=f"Example {worst + 1} predicts {ypred[worst].data:.2f} for a target of "
            f"{ys[worst]:+g}: {misses[worst]:.2f} away.")

    yield Say(
        "We want **one** number that says how bad all four predictions are together. "
        "Square each miss (so misses of either sign count) and add them up. The lecture "
        "calls it mean squared error, but it is a plain **sum**."
    )
    yield Code("loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))")

    # The lecture's own numbers, as Values.
    preds = [Value(p, label=f"ŷ{i + 1}") for i, p in enumerate(LECTURE_PREDICTIONS)]
    terms = []
    for i, (p, y) in enumerate(zip(preds, ys)):
        term = (p - y) ** 2
        term.label = f"term{i + 1}"
        terms.append(term)
    loss = terms[0]
    for i, term in enumerate(terms[1:], start=2):      # sum() with readable partial sums
        loss = loss + term
        loss.label = "+".join(f"term{j}" for j in range(1, i + 1))
    loss.label = "loss"
    assert abs(loss.data - sum_squared_error(preds, ys).data) < 1e-12
    yield Say("Take the lecture's first predictions, rounded: **[0.91, 0.88, 0.88, 0.88]**, "
              "for targets [+1, -1, -1, +1].")
    yield AskValue(node=terms[1],
                   prompt="What is the second example's term, (0.88 - (-1))²? (Three decimals.)",
                   hints=["0.88 - (-1) = 1.88."], abs_tol=0.0005)
    yield Show(terms[1], highlight=[preds[1]],
               caption="One term of the loss. Subtracting -1 is adding +1.")
    yield AskValue(node=loss,
                   prompt="And the whole loss, all four terms added? (Three decimals.)",
                   hints=["Two examples are nearly right, two are badly wrong.",
                          "0.09² + 1.88² + 1.88² + 0.12²."], abs_tol=0.0005)
    yield Say(f"**{loss.data:.4f}**. The lecture printed about 7.12: its unrounded "
              "predictions give a slightly different number.")

    g2 = gradients(loss)[preds[1]]
    yield AskGrad(out=loss, wrt=preds[1],
                  prompt="What is d(loss)/d(ŷ2), with ŷ2 = 0.88 and target -1?",
                  hints=["Only term2 contains ŷ2.",
                         "The derivative of (ŷ - y)² with respect to ŷ is 2(ŷ - y)."],
                  why=f"2 · (0.88 - (-1)) = {g2:.2f}.")
    yield AskChoice(
        "So to lower the loss, which way should ŷ2 move?",
        choices=["Up, towards +1", "Down, towards -1"], correct=int(g2 > 0),
        hints=["A positive gradient means: up makes the loss bigger."])

    # Backward through the whole network, with the inputs as Values.
    xv = [[Value(v, label=f"x{i + 1}[{j}]") for j, v in enumerate(x)] for i, x in enumerate(xs)]
    net_loss = sum_squared_error([model(x) for x in xv], ys)
    net_loss.label = "loss"
    w = model.layers[0].neurons[0].w[0]
    w.label = "w"
    yield Say(
        f"Back to the real network, whose loss is **{net_loss.data:.4f}**. `loss.backward()` "
        "now runs through all four forward passes at once and gives every weight a gradient. "
        "This time we fed in the inputs as Values too."
    )
    yield AskSign(out=net_loss, wrt=w,
                  prompt="Take w, the first weight of the first neuron in layer 1. If w goes "
                         "up a little, does the loss go up, down, or stay the same?",
                  hints=["You cannot work this one out in your head: it is what backward() "
                         "is for. Guess, then look."])
    grads = gradients(net_loss)
    yield Say(f"d(loss)/dw = **{grads[w]:.4f}**.")

    x_leaf = xv[0][0]
    yield AskChoice(
        "The input number x1[0] = 2.0 is a leaf of the same graph. After backward(), "
        "is its gradient zero?",
        choices=["Yes: backward() skips data inputs", "No: it gets one like any other leaf"],
        correct=int(abs(grads[x_leaf]) > 1e-12),
        hints=["backward() does not know which leaves are data and which are weights."])
    params = model.parameters()
    in_params = any(p is x_leaf for p in params)
    yield Say(
        f"x1[0].grad = **{grads[x_leaf]:.4f}**. But x1[0] is "
        + ("" if in_params else "**not** ")
        + f"among the network's {len(params)} parameters, so the update never touches it. "
        "The data is fixed; only weights and biases learn. Those input gradients are "
        "computed, then ignored."
    )
    yield Recap([
        "The loss turns all the predictions into one number; 0 means all perfect.",
        "Squared error: sum of (ŷ - y)², here over four examples.",
        "d(loss)/dŷ = 2(ŷ - y): its sign says which way each prediction must move.",
        "Inputs get gradients too, but nothing uses them: only parameters are updated.",
    ])
