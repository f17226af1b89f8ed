"""Lesson: a loss, one number for how wrong (lecture section 18).

The four-example dataset and a seeded MLP's first predictions; which example it
gets most wrong.  The summed squared error, checked on the lecture's rounded
predictions [0.91, 0.88, 0.88, 0.88] (7.0913), and dloss/dŷ2 = 2(ŷ2 - y2) =
+3.76.  Backward through the whole network: how its nodes are counted (fused:
one node per neuron's w·x + b), the sign of one weight's gradient as an unscored
guess (its four uses labelled act1 to act4, so the explanation reads); pitfall
15: the input numbers get gradients too, and nothing ever uses them.
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
    notes = []
    for i, (p, y) in enumerate(zip(ypred, ys)):
        side = "the right side of 0" if (p.data > 0) == (y > 0) else "the wrong side of 0"
        notes.append("" if i == worst else
                     f"Example {i + 1}: {p.data:.2f} for a target of {y:+g} is {misses[i]:.2f} "
                     f"away, on {side}. Another example is further off.")
    yield AskChoice(
        "Which example is the network most wrong about?",
        choices=[f"Example {i + 1}" for i in range(len(xs))],
        correct=worst, shuffle=False, notes=notes,
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
    p2, y2 = preds[1].data, ys[1]
    yield AskValue(node=terms[1],
                   prompt="What is the second example's term, (0.88 - (-1))²? (Three decimals.)",
                   hints=["Subtracting -1 is adding 1.", "0.88 - (-1) = 1.88."],
                   abs_tol=0.0005, rel_tol=0,
                   mistakes=[((p2 + y2) ** 2, "That is (0.88 - 1)²: minus -1 is plus 1."),
                             (p2 - y2, "That is the miss itself. Square it."),
                             (2 * (p2 - y2), "You doubled the miss. Squaring multiplies it by "
                                             "itself.")])
    yield Show(terms[1], highlight=[preds[1]],
               caption="One term of the loss. Subtracting -1 is adding +1.")
    misses_rounded = [abs(p.data - y) for p, y in zip(preds, ys)]
    yield AskValue(node=loss,
                   prompt="And the whole loss, all four terms added? (Three decimals.)",
                   hints=["Two examples are nearly right, two are badly wrong.",
                          "0.09² + 1.88² + 1.88² + 0.12²."], abs_tol=0.0005, rel_tol=0,
                   mistakes=[(loss.data / len(terms), "That is the mean of the four terms. "
                                                      "Despite its name, the lecture's loss is "
                                                      "the plain sum."),
                             (sum(misses_rounded), "You added the misses without squaring "
                                                   "them."),
                             (terms[1].data, "That is term2 alone. Add all four terms.")])
    yield Say(f"**{loss.data:.4f}**. The lecture printed about 7.12: its unrounded "
              "predictions give a slightly different number.")

    g2 = gradients(loss)[preds[1]]
    yield AskGrad(out=loss, wrt=preds[1],
                  prompt="What is dloss/dŷ2, with ŷ2 = 0.88 and target -1?",
                  hints=["Only term2 contains ŷ2.",
                         "The derivative of (ŷ - y)² with respect to ŷ is 2(ŷ - y)."],
                  mistakes=[(p2 - y2, "That is ŷ2 - y2 without the 2 of the power rule: "
                                      "the derivative of u² is 2u."),
                            (-g2, "Right size, wrong sign: it is 2(ŷ2 - y2), prediction minus "
                                  "target, and ŷ2 is above its target."),
                            (2 * (p2 - 1), "You used a target of +1. Example 2's target "
                                           "is -1."),
                            (terms[1].data, "That is term2's value. The question is how fast "
                                            "the loss changes with ŷ2.")],
                  why=f"2 · (0.88 - (-1)) = {g2:.2f}.")
    yield AskChoice(
        "So to lower the loss, which way should ŷ2 move?",
        skill="sign", choices=["Up, towards +1", "Down, towards -1"], correct=int(g2 > 0), shuffle=False,
        notes=["A positive gradient means the loss grows as ŷ2 grows. To lower the loss, "
               "move against the gradient." if g2 > 0 else "",
               "" if g2 > 0 else "A negative gradient means the loss shrinks as ŷ2 grows."],
        hints=["A positive gradient means: up makes the loss bigger."])

    # Backward through the whole network, with the inputs as Values.
    xv = [[Value(v, label=f"x{i + 1}[{j}]") for j, v in enumerate(x)] for i, x in enumerate(xs)]
    net_preds = [model(x) for x in xv]
    net_loss = sum_squared_error(net_preds, ys)
    net_loss.label = "loss"
    w = model.layers[0].neurons[0].w[0]
    w.label = "w"
    acts = []
    for k, pred in enumerate(net_preds, start=1):     # w's weighted sum on example k
        (act,) = [n for n in pred.topological_order() if n._op == "dot" and w in n._prev]
        act.label = f"act{k}"
        acts.append(act)
    spelled = MLP(3, [4, 4, 1], rng=random.Random(SEED), fused=False)
    spelled_loss = sum_squared_error([spelled(x) for x in xv], ys)
    yield Say(
        f"Back to the real network, whose loss is **{net_loss.data:.4f}**. This time the "
        "inputs are Values too, and `loss.backward()` runs through all four forward passes "
        "at once. Take w, the first weight of the first neuron in layer 1; that neuron's "
        "w·x + b on examples 1 to 4 we call act1 to act4."
    )
    yield Say(
        "Our MLP is built **fused** unless told otherwise: a neuron's whole w·x + b is one "
        "node (lesson 24, on custom operations, shows how). Counted so, leaves included, the four forward "
        f"passes and the loss make **{len(net_loss.topological_order())}** nodes. Spelled "
        "out with `+` and `*`, as the MLP lesson counted, they would make "
        f"{len(spelled_loss.topological_order())}."
    )
    yield AskSign(out=net_loss, wrt=w, scored=False,
                  prompt="If w goes up a little, does the loss go up, "
                         "down, or stay the same?",
                  hints=["You cannot work this one out in your head: it is what backward() "
                         "is for. Guess, then look."])
    grads = gradients(net_loss)
    shares = [grads[a] * a.local_grads()[a._prev.index(w)] for a in acts]
    most = max(range(len(shares)), key=lambda k: abs(shares[k]))
    yield Say(f"dloss/dw = **{grads[w]:.4f}**: the four uses of w add up, and example "
              f"{most + 1} (act{most + 1}) brings "
              + ("almost all of it" if abs(shares[most]) > 0.8 * abs(grads[w]) else
                 "the largest share") + f", {shares[most]:.4f}.")

    x_leaf = xv[0][0]
    yield AskChoice(
        "The input number x1[0] = 2.0 is a leaf of the same graph. After backward(), "
        "is its gradient zero?",
        choices=["No: it gets one like any other leaf", "Yes: backward() skips data inputs"],
        correct=int(abs(grads[x_leaf]) <= 1e-12), shuffle=False,
        notes=["", "backward() cannot tell data from weights: it visits every node of the "
                   "graph, and the inputs are nodes of it now."]
        if abs(grads[x_leaf]) > 1e-12 else ["This time its gradient happens to be 0.", ""],
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
