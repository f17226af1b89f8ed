"""Lesson: a derivative is a slope (lecture section 2).

f(x) = 3x**2 - 4x + 5.  The learner predicts f(3), whether a small push up
raises f, the slope at 3 and at -3, and what a far too small h does to the
numerical estimate.
"""

from engine import Value
from lessons.steps import (AskChoice, AskGrad, AskSign, AskValue, Code, Nudge, Recap, Say,
                           Show)


def f(x):
    return 3 * x**2 - 4 * x + 5


def lesson():
    yield Say(
        "# A derivative is a slope\n\n"
        "Forget formulas for a moment. A derivative answers one practical question: "
        "**if I push the input up by a tiny amount, how much does the output move, "
        "and which way?**\n\n"
        "We will use the parabola `f(x) = 3x² - 4x + 5` and poke at it."
    )
    yield Code("def f(x):\n    return 3*x**2 - 4*x + 5\n\nf(3.0)")

    x = Value(3.0, label="x")
    y = f(x)
    y.label = "f"
    yield AskValue(node=y, prompt="What is f(3.0)?",
                   hints=["Square first: 3 * 3**2 = 27. Then subtract 4*3 and add 5."])

    yield AskSign(out=y, wrt=x,
                  prompt="Push x from 3.0 up to 3.001. Does f go up, down, or stay the same?",
                  hints=["Picture the parabola: it opens upwards, and its lowest point "
                         "is well left of x = 3."])
    nudge = Nudge(lambda: f(x), leaf=x, h=0.001)
    yield nudge
    yield Say(
        f"f moved from {nudge.before:g} to {nudge.after:.6f}. Rise over run is "
        f"({nudge.after:.6f} - {nudge.before:g}) / {nudge.h:g} = **{nudge.slope:.3f}**. "
        "That ratio, as h shrinks towards zero, is the derivative."
    )
    yield AskGrad(out=y, wrt=x, prompt="So what is the exact slope of f at x = 3?",
                  hints=["The estimate above is slightly too big: the forward difference "
                         "overshoots by 3h on this parabola.",
                         "By hand: the derivative of 3x² - 4x + 5 is 6x - 4."],
                  why="6x - 4 at x = 3 is 14.")

    x_neg = Value(-3.0, label="x")
    y_neg = f(x_neg)
    y_neg.label = "f"
    yield Show(y_neg, highlight=[x_neg],
               caption="The same f, built at x = -3 from Values: each box is one operation.")
    yield AskGrad(out=y_neg, wrt=x_neg, prompt="What is the slope of f at x = -3?",
                  hints=["On the left arm of an upward parabola, f falls as x grows.",
                         "6x - 4 at x = -3."])

    tiny = Nudge(lambda: f(x), leaf=x, h=1e-15)
    yield AskChoice(
        "Back at x = 3, what happens if we make h absurdly small, say h = 1e-15?",
        choices=["The estimate gets even closer to 14",
                 "The estimate goes wrong: floating-point rounding swamps the tiny change"],
        correct=int(abs(tiny.slope - 14) > 0.01),
        hints=["A float keeps about 16 significant digits, and f is about 20."],
        why="f(3 + h) and f(3) agree in almost every digit, so their difference is "
            "mostly rounding error.",
    )
    yield tiny
    yield Say(
        f"With h = 1e-15 the estimate is **{tiny.slope:.3f}**, not 14. Numerical slopes "
        "are a fine *check*, but h must be small, not tiny. Backpropagation will give us the "
        "exact slope without any h at all."
    )
    yield Recap([
        "A derivative says how strongly, and which way, the output reacts to a small push.",
        "Estimate it with (f(x + h) - f(x)) / h; the sign tells the direction.",
        "Too small an h breaks the estimate: floating point runs out of digits.",
    ])
