"""Lesson: backprop through a tanh neuron, by hand (lecture section 11).

tanh becomes one node with its own local derivative.  With the lecture's
bias 6.8813735870195432 the output is 1/sqrt 2, so 1 - o**2 = 1/2 and the
numbers stay friendly.  The learner predicts n and o, then every gradient from
the top down to the four leaves, and which weight to change to raise o (from
their own answers, before the engine prints every grad).
"""

import math

from lessons._neuron import SPECIAL_BIAS, build_neuron, neuron_forward
from lessons.steps import (AskChoice, AskGrad, AskValue, Code, Nudge, Recap, RevealBackward,
                           Say, Show, gradients)


def lesson():
    yield Say(
        "# Backprop through a tanh neuron\n\n"
        "tanh needs an exponential, and our Values only know `+` and `*` so far. "
        "No matter: **any function can be a node**, as long as we can compute its "
        "output and its local derivative. For t = tanh(x), that derivative is `1 - t²`."
    )
    yield Code(
        "def tanh(self):\n"
        "    x = self.data\n"
        "    t = (math.exp(2*x) - 1) / (math.exp(2*x) + 1)\n"
        "    # one child (self), and the local derivative ∂t/∂x = 1 - t**2\n"
        "    return Value(t, (self,), 'tanh', _local=(1 - t**2,))",
        caption="tanh as a single operation: forward value plus local derivative.",
    )

    g = build_neuron(SPECIAL_BIAS)
    x1, x2, w1, w2, b, n, o = (g[k] for k in ("x1", "x2", "w1", "w2", "b", "n", "o"))
    yield Say(
        f"Same neuron as before (x1 = 2, x2 = 0, w1 = -3, w2 = 1), but the bias is now the "
        f"odd-looking **b = {b.data!r}**. It was picked to make the numbers below come out "
        "nice. See if you can spot why."
    )
    yield Show(o, hide=[n, o], caption="The neuron with the special bias.")
    weighted = x1.data * w1.data + x2.data * w2.data
    yield AskValue(node=n, prompt="What is n = x1*w1 + x2*w2 + b? (Four decimals.)",
                   abs_tol=5e-5, rel_tol=0,
                   hints=["The two products first, then the bias.",
                          f"x1*w1 + x2*w2 = {weighted:g}. Add the bias."],
                   mistakes=[(weighted, "That is the weighted sum without the bias. Add b.")])
    yield AskValue(node=o, prompt="What is o = tanh(n)? (Four decimals.)",
                   abs_tol=5e-5, rel_tol=0,
                   hints=["tanh(1) is about 0.76, and n is a little below 1.",
                          "It is a famous number: 1 divided by the square root of 2."])
    yield Say(
        f"o = {o.data:.4f}, which is 1/√2 = {1 / math.sqrt(2):.4f}. Keep that in mind: tanh's "
        "local derivative is 1 - o², and with this o it comes out clean. That is the whole "
        "trick."
    )

    # --- backprop by hand, top to bottom ------------------------------------------
    yield Say(
        "Now go backwards. The base case is o.grad = 1. Each node below takes the grad "
        "handed down from above and multiplies it by its own local derivative."
    )
    yield AskGrad(out=o, wrt=n,
                  hints=["o = tanh(n), so do/dn is tanh's local derivative ∂o/∂n = 1 - o².",
                         "o = 1/√2. What is (1/√2)²?"],
                  why="1 - o² = 1 - 1/2 = 0.5, times o.grad = 1.")
    yield AskGrad(out=o, wrt=b,
                  hints=["n = (x1*w1 + x2*w2) + b is a plus node.",
                         "A plus node hands its grad unchanged to both inputs."],
                  why="Plus nodes route the gradient: b, the sum, x1*w1 and x2*w2 all get 0.5.")
    yield Say(
        "Now the two multiplies. Each of their inputs gets **the other input's value** "
        "times the grad that came down from above."
    )
    yield AskGrad(out=o, wrt=x2, hints=["x2's partner in x2*w2 is w2 = 1."],
                  why="w2 * 0.5 = 0.5.")
    yield AskGrad(out=o, wrt=w2, hints=["w2's partner in x2*w2 is x2. What is x2?"],
                  why="x2 * 0.5 = 0 * 0.5 = 0: with x2 = 0, w2 cannot affect the output.")
    yield AskGrad(out=o, wrt=x1, hints=["x1's partner in x1*w1 is w1 = -3."],
                  why="w1 * 0.5 = -3 * 0.5 = -1.5.")
    yield AskGrad(out=o, wrt=w1, hints=["w1's partner in x1*w1 is x1 = 2."],
                  why="x1 * 0.5 = 2 * 0.5 = 1.")

    # --- reading the result, from the learner's own answers ----------------------
    grads = gradients(o)
    weights = [("w1", w1), ("w2", w2)]
    options, notes = [], []
    for name, weight in weights:
        for verb, sign in (("Increase", 1), ("Decrease", -1)):
            options.append(f"{verb} {name}")
            if grads[weight] == 0:
                notes.append(f"{name}'s grad is 0: while its input is 0, {name} does "
                             "nothing to o either way.")
            elif (grads[weight] > 0) != (sign > 0):
                notes.append(f"Mind the sign of {name}'s grad: this way o goes down.")
            else:
                notes.append("")
    name_best, best = max(weights, key=lambda item: abs(grads[item[1]]))
    correct = options.index(f"{'Increase' if grads[best] > 0 else 'Decrease'} {name_best}")
    yield AskChoice(
        "From your answers: you may change one weight, a little. Which change raises o "
        "the most?",
        skill="sign", choices=options, correct=correct, notes=notes,
        hints=["Look at the sign and size of each weight's grad."],
        why=f"w1.grad = {grads[w1]:g} > 0, so raising w1 raises o; "
            f"w2.grad = {grads[w2]:g}: w2 does nothing while x2 = 0.",
    )

    yield RevealBackward(o)
    yield Show(o, show_grads=True, caption="Every gradient, from the engine's backward().")
    yield Say(
        f"One floating-point detail: the engine stores 1 - o² as "
        f"`{o.local_grads()[0]!r}`, not exactly 0.5, so x1.grad prints as "
        f"`{x1.grad!r}`. The tutor always grades with a small tolerance."
    )
    leaves = {k: g[k] for k in ("x1", "x2", "w1", "w2", "b")}
    check = Nudge(lambda: neuron_forward(**leaves)["o"], leaf=w1, h=0.001)
    yield check
    yield Say(
        f"Raising w1 by {check.h:g} lifted o at a slope of **{check.slope:.3f}**, matching "
        f"w1.grad = {w1.grad:.3f}. The gradient predicted it before we ever nudged."
    )
    yield Recap([
        "Any function can be one node if you know its local derivative: tanh's is 1 - t².",
        f"With b = {SPECIAL_BIAS!r}: n ≈ {n.data:.4f}, o ≈ {o.data:.4f}, 1 - o² ≈ "
        f"{o.local_grads()[0]:.1f}.",
        "Plus nodes pass the grad down unchanged; multiply nodes hand each input "
        "the other input's value times the grad.",
        f"x1: {x1.grad:.1f}, w1: {w1.grad:.1f}, x2: {x2.grad:.1f}, w2: {w2.grad:.1f}. "
        "A weight whose input is 0 gets no gradient.",
    ])
