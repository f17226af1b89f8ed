"""Lesson: a derivative is a slope (lecture section 2).

f(x) = 3x**2 - 4x + 5.  The learner predicts f(3), whether a small push up
raises f, the estimate with a bigger h (the O(h) error of the forward
difference), the slope at -3, where the slope is zero (x = 2/3, the bottom of
the parabola), and what a far too small h does to the numerical estimate
(pitfall 11, both halves).  The chain rule comes later: gradient questions here
are explained by the slope formula, not by the graph.
"""

from engine import Value
from lessons.steps import (AskChoice, AskGrad, AskNumber, AskSign, AskValue, Code, Nudge, Recap,
                           Say, Show, gradients)


def f(x):
    return 3 * x**2 - 4 * x + 5


def f_wrong_power(x):
    """f with 3*x squared as a whole: the precedence slip."""
    return (3 * x) ** 2 - 4 * x + 5


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
    squared_first = f_wrong_power(3.0)
    yield AskValue(node=y, prompt="What is f(3.0)?",
                   hints=["Powers first, then products, then sums.",
                          "3 * 3**2 = 27. Then the other two terms."],
                   mistakes=[(squared_first, "That squares 3*x. In Python ** binds tighter "
                                             "than *: 3*x**2 is 3 * (x**2).")])

    yield AskSign(out=y, wrt=x, chain_rule=False,
                  prompt="Push x from 3.0 up to 3.001. Does f go up, down, or stay the same?",
                  mistakes=[(-1, "Then f(3.001) would be below f(3). The parabola's lowest "
                                 "point is to the left of 3: to the right of it, f climbs."),
                            (0, "f stays put only where the parabola is flat, at its very "
                                "bottom. Is x = 3 the bottom?")],
                  hints=["Picture the parabola: it opens upwards, and its lowest point "
                         "is well left of x = 3."])
    nudge = Nudge(lambda: f(x), leaf=x, h=0.001)
    yield nudge
    exact = gradients(y)[x]
    yield Say(
        f"f moved from {nudge.before:g} to {nudge.after:.6f}. Rise over run is "
        f"({nudge.after:.6f} - {nudge.before:g}) / {nudge.h:g} = **{nudge.slope:.3f}**. "
        f"The exact slope, 6x - 4 at x = 3, is {exact:g}: the estimate is "
        f"{nudge.slope - exact:.3f} too big. As h shrinks towards zero the ratio closes "
        "in on the derivative."
    )
    coarse = Nudge(lambda: f(x), leaf=x, h=0.01)
    yield AskNumber(
        f"Now a bigger push, h = {coarse.h:g}. What will rise over run give? (Three decimals.)",
        value=coarse.slope, abs_tol=0.0005, rel_tol=0,
        mistakes=[(exact, "That is the exact slope. The question is what rise over run gives "
                          "with this h: an estimate, and with a bigger h it is further off."),
                  (nudge.slope, f"That was the estimate with h = {nudge.h:g}. With a bigger "
                                "push the estimate changes.")],
        hints=["Is the error of the estimate bigger or smaller with a bigger h?",
               f"On this parabola the estimate overshoots by exactly 3h: it was "
               f"{nudge.slope - exact:.3f} for h = {nudge.h:g}."],
        why="The forward difference is off by an amount proportional to h (3h here).",
    )
    yield coarse

    x_neg = Value(-3.0, label="x")
    y_neg = f(x_neg)
    y_neg.label = "f"
    yield Show(y_neg, highlight=[x_neg],
               caption="The same f, built at x = -3 from Values: each line is one operation.")
    slope_neg = gradients(y_neg)[x_neg]
    yield AskGrad(out=y_neg, wrt=x_neg, prompt="What is the slope of f at x = -3?",
                  chain_rule=False,
                  hints=["On the left arm of an upward parabola, f falls as x grows.",
                         "The slope is 6x - 4. Put in x = -3."],
                  mistakes=[(slope_neg + 8, "You added the 4: the slope is 6x - 4, minus 4."),
                            (6 * x_neg.data, "You left out the -4 of the slope 6x - 4.")],
                  why=f"6x - 4 at x = -3 is {slope_neg:g}: on this side f falls as x grows.")

    # Where is the parabola flat?  The slope is a straight line in x (the engine's
    # slopes at -3 and 3 fix it), so the zero is where that line crosses 0.
    bottom = x_neg.data - slope_neg * (x.data - x_neg.data) / (exact - slope_neg)
    yield Say(
        f"The slope is {slope_neg:g} at x = -3 and {exact:g} at x = 3: somewhere between, "
        "it changes sign. There the parabola is **flat**."
    )
    yield AskNumber(
        "At which x is the slope of f exactly 0? (A fraction like 1/2 is fine, or two "
        "decimals.)",
        value=bottom, abs_tol=0.005, rel_tol=0,
        hints=["Flat means the slope 6x - 4 is zero.",
               "Solve 6x - 4 = 0 for x."],
        mistakes=[(1 / bottom, "Upside down: 6x = 4 gives x = 4/6, not 6/4."),
                  (-bottom, "Mind the sign: 6x - 4 = 0 means 6x = +4.")],
        why="6x - 4 = 0 at x = 4/6 = 2/3: the bottom of the parabola.",
    )
    x_flat = Value(bottom, label="x")
    flat = Nudge(lambda: f(x_flat), leaf=x_flat, h=0.001)
    yield flat
    yield Say(
        f"At x = 2/3 a push of 0.001 moves f by only {flat.after - flat.before:.6f}: rise over "
        f"run is {flat.slope:.4f}, which is the 3h overshoot and nothing else. At the very "
        "bottom of a valley, a small push in either direction hardly changes the height. "
        "Training a network hunts for such flat spots of the loss."
    )

    tiny = Nudge(lambda: f(x), leaf=x, h=1e-15)
    yield AskChoice(
        "Back at x = 3, what happens if we make h absurdly small, say h = 1e-15?",
        choices=[f"The estimate gets even closer to {exact:g}, as it did when h went from 0.01 "
                 "to 0.001",
                 "The estimate goes wrong: rounding error swamps the tiny change"],
        correct=int(abs(tiny.slope - exact) > 0.01),
        shuffle=False,
        notes=["Smaller h helps only while the computer can still tell f(3 + h) from f(3). "
               "A float holds about 16 significant digits.", ""],
        hints=["A float keeps about 16 significant digits, and f is about 20."],
        why="f(3 + h) and f(3) agree in almost every digit, so their difference is "
            "mostly rounding error.",
    )
    yield tiny
    yield Say(
        f"With h = 1e-15 the estimate is **{tiny.slope:.3f}**, not {exact:g}. Numerical slopes "
        "are a fine *check*, but h must be small, not tiny. Backpropagation will give us the "
        "exact slope without any h at all."
    )
    yield Recap([
        "A derivative says how strongly, and which way, the output reacts to a small push.",
        "Estimate it with (f(x + h) - f(x)) / h; the sign tells the direction.",
        "The estimate is off by an amount that grows with h (3h for this parabola).",
        "Where the slope is 0 the curve is flat: here at x = 2/3, the bottom.",
        "Too small an h breaks the estimate: floating point runs out of digits.",
    ])
