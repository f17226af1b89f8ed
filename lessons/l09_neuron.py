"""Lesson: a neuron and its squashing function (lecture section 10).

A neuron is w . x + b pushed through an activation.  The learner predicts tanh
at 0 and far out, the 2-input neuron's raw sum n and output o with bias 8, how
a push on w1 moves o, and how little gradient a saturated tanh lets through
(pitfall 16).
"""

from engine import Value
from lessons._neuron import build_neuron, neuron_forward
from lessons.steps import (AskChoice, AskSign, AskValue, Code, Nudge, Recap, Say, Show)


def lesson():
    yield Say(
        "# A neuron and its squashing function\n\n"
        "Time to build the thing neural nets are made of. A neuron takes inputs "
        "`x1, x2, ...`, multiplies each by its own **weight** `w`, adds the products "
        "up, adds a **bias** `b`, and sends that sum through an **activation function**."
    )
    yield Say(
        "Think of a weight as how strongly one input pulls on the neuron, and the bias "
        "as how eager the neuron is to fire whatever the inputs say. The activation "
        "then **squashes** the sum into a fixed range. We will use `tanh`."
    )

    # --- the shape of tanh -------------------------------------------------------
    z = Value(0.0, label="z")
    t0 = z.tanh()
    t0.label = "tanh(z)"
    yield AskValue(node=t0, prompt="tanh is symmetric around the origin. What is tanh(0)?",
                   hints=["tanh(-x) = -tanh(x). Which number is its own negative?"])

    far = Value(5.0, label="z")
    t_far = far.tanh()
    t_far.label = "tanh(z)"
    near_zero = Value(1.0).tanh().data
    shape_choices = [
        "It keeps growing, roughly like z itself",
        "It levels off just below +1",
        "It turns around and heads back to 0",
    ]
    if t_far.data < near_zero:
        shape = 2          # it came back down
    elif t_far.data < 1.0:
        shape = 1          # still rising, but below 1
    else:
        shape = 0
    yield AskChoice(
        "Push z far to the right, to 5 and beyond. What does tanh(z) do?",
        choices=shape_choices, correct=shape,
        notes=["That is a straight line. tanh squashes: its output never leaves (-1, 1).",
               "", "tanh only ever rises as z rises: it has no turning point."],
        hints=["tanh(z) = (e^2z - 1) / (e^2z + 1). For large z the two e^2z terms dominate."],
        why="Numerator and denominator both approach e^2z, so the ratio creeps up to 1.",
    )
    yield Say(
        f"tanh(1) = {near_zero:.4f} and tanh(5) = {t_far.data:.5f}. Negative inputs mirror "
        "this down towards -1. Whatever the sum is, the neuron's output stays in (-1, 1)."
    )

    # --- the lecture's neuron, bias 8 ----------------------------------------------
    yield Code(
        "x1 = Value(2.0, label='x1');  x2 = Value(0.0, label='x2')    # inputs\n"
        "w1 = Value(-3.0, label='w1'); w2 = Value(1.0, label='w2')    # weights\n"
        "b = Value(8.0, label='b')                                    # bias\n"
        "x1w1 = x1*w1; x2w2 = x2*w2\n"
        "n = x1w1 + x2w2 + b       # the raw sum\n"
        "o = n.tanh()              # the neuron's output",
        caption="A neuron with two inputs, each step its own node.",
    )
    g = build_neuron(8.0)
    yield Show(g["o"], highlight=[g["n"]], hide=[g["n"], g["o"]],
               caption="Two products, their sum, the bias, then tanh on top.")
    weighted = g["x1"].data * g["w1"].data + g["x2"].data * g["w2"].data
    yield AskValue(node=g["n"], prompt="What is the raw sum n = x1*w1 + x2*w2 + b?",
                   hints=["Two products, then add the bias.",
                          "x1*w1 = 2 * -3. x2 is 0, so x2*w2 adds nothing."],
                   mistakes=[(weighted, "That is the weighted sum without the bias. Add b."),
                             (weighted + g["b"].data + 2 * g["x2"].data * g["w2"].data
                              + g["w2"].data, "x2 is 0, so x2*w2 is 0 whatever w2 is.")])
    yield AskValue(node=g["o"], prompt="And the output o = tanh(n)? (Two or three decimals.)",
                   hints=["Already at n = 1, tanh is about 0.76. At 2 it is closer still to 1."],
                   mistakes=[(1.0, "tanh only approaches 1: at n = 2 it is close, but below.")])
    yield Say(
        f"o = tanh({g['n'].data:g}) = **{g['o'].data:.4f}**. With this bias the neuron sits "
        "on the flat shoulder of the curve, close to its ceiling of 1."
    )

    yield AskSign(out=g["o"], wrt=g["w1"],
                  prompt="If w1 goes up a little (from -3 towards -2.9), does o go up, down, "
                         "or stay the same?",
                  hints=["A bigger w1 makes x1*w1 less negative, because x1 = 2 is positive.",
                         "tanh only ever rises as its input rises."])
    leaves = {k: g[k] for k in ("x1", "x2", "w1", "w2", "b")}
    nudge = Nudge(lambda: neuron_forward(**leaves)["o"], leaf=g["b"], h=0.001)
    yield Say("It does go up, but by how much? Let us nudge the bias instead and watch o.")
    yield nudge
    yield Say(
        f"Pushing b by {nudge.h:g} moved o by only {nudge.after - nudge.before:.6f}: a slope of "
        f"about **{nudge.slope:.4f}**. Near the ceiling, tanh barely reacts."
    )

    # --- pitfall 16: saturation ------------------------------------------------------
    slope_at_zero = t0.local_grads()[0]
    slope_far = t_far.local_grads()[0]
    ratio = slope_at_zero / slope_far
    sat_choices = [
        "About the same as at 0: tanh is smooth",
        "Roughly half of the slope at 0",
        "Thousands of times smaller than at 0",
    ]
    if ratio > 1000:
        sat = 2
    elif ratio > 1.5:
        sat = 1
    else:
        sat = 0
    yield AskChoice(
        f"At n = 0 the slope of tanh is {slope_at_zero:g}. Now let the sum grow to n = 5. "
        "How steep is tanh there?",
        choices=sat_choices, correct=sat,
        notes=["Smooth, yes, but flat out there: the slope of a curve that has levelled off "
               "is close to 0.",
               "Work it out: 1 - tanh(5)² with tanh(5) this close to 1 is far less than half.",
               ""],
        hints=["The local derivative of tanh is 1 - tanh(n)^2.",
               f"tanh(5) = {t_far.data:.5f}; square it and subtract from 1."],
        why="Once tanh is flat, 1 - t^2 is almost zero.",
    )
    yield Nudge(lambda: far.tanh(), leaf=far, h=0.001)
    yield Say(
        f"The local derivative at n = 5 is 1 - t² = **{slope_far:.5f}**, about "
        f"{ratio:,.0f} times smaller than at 0. This is **saturation**: whatever gradient "
        "arrives from above is multiplied by almost nothing on its way down, so the weights "
        "underneath barely learn. Keep it in mind when training stalls."
    )
    yield Recap([
        "A neuron computes act(w1*x1 + w2*x2 + ... + b).",
        "tanh squashes any sum into (-1, 1): tanh(0) = 0, large sums level off at ±1.",
        f"With x1=2, x2=0, w1=-3, w2=1, b=8: n = {g['n'].data:g} and "
        f"o = tanh(n) ≈ {g['o'].data:.4f}.",
        f"On the flat part tanh's slope 1 - t² is tiny (≈ {slope_far:.5f} at n = 5): "
        "saturation starves the weights below of gradient.",
    ])
