"""Lesson: backprop by hand, the top of L (lecture section 7).

Base case dL/dL = 1; the top multiply L = d*f: its slope with respect to d is
derived from the limit ((d + h)*f - d*f) / h = f, then dL/dd = f = -2 and
dL/df = d = 4.  Each is checked with a nudge, the lecture's throwaway
gradient-check function; the learner also predicts whether that check is
exact here, and dL/dd for a variant with f = 3.  The chain rule is the next
lesson: gradients here are explained by the limit, not by the graph.
"""

from lessons._l_graph import build
from lessons.steps import (AskChoice, AskGrad, Code, Nudge, Recap, Say, Show, gradients,
                           labelled)


def top(d, f):
    """Just the top node, holding d fixed as if it were an input."""
    L = d * f
    L.label = "L"
    return L


def lesson():
    a, b, c, f = labelled(a=2.0, b=-3.0, c=10.0, f=-2.0)
    e, d, L = build(a, b, c, f)
    yield Say(
        "# Backprop by hand: the top of L\n\n"
        "Goal: fill in `grad` on every node with dL/d(node). We start at the output "
        "and work **downwards**, one node at a time."
    )
    yield Show(L, show_grads=True, caption="Every grad is still 0")

    yield AskGrad(out=L, wrt=L, chain_rule=False,
                  prompt="Start at the very top. What is dL/dL?",
                  hints=["If L goes up by a tiny h, how much does L go up?"],
                  why="Nudging L by h changes L by exactly h: the ratio is 1.")
    yield Nudge(lambda: L, leaf=L, h=0.001)
    yield Say("That is the **base case** of backprop: the output's grad is always 1.")

    yield Say(
        "To check each answer we will do what the lecture does: a throwaway function "
        "that builds the expression twice, the second time with one number pushed up "
        "by h, and prints rise over run."
    )
    yield Code(
        "def check():            # the lecture calls it lol()\n"
        "    h = 0.001\n"
        "    a = Value(2.0); b = Value(-3.0); c = Value(10.0)\n"
        "    L1 = (a*b + c) * Value(-2.0)\n"
        "    L2 = (a*b + c) * Value(-2.0 + h)    # f pushed up\n"
        "    print((L2.data - L1.data) / h)\n"
        "\n"
        "check()",
        caption="Wrapping it in a function keeps the names out of the way",
    )

    yield Say(
        f"One level down: `L = d * f` with d = {d.data:g} and f = {f.data:g}. "
        "We need dL/dd and dL/df. Start from the definition of a derivative: push d up "
        "by h, hold f still, and divide the change in L by h:\n\n"
        "`(L(d + h) - L(d)) / h = ((d + h)*f - d*f) / h`"
    )
    h = 0.001
    forms = {"f": f.data, "d": d.data, "d*f": d.data * f.data, "f + h": f.data + h}
    exact = gradients(L)[d]
    yield AskChoice(
        "Multiply out and cancel. What does `((d + h)*f - d*f) / h` come to, exactly?",
        choices=list(forms),
        correct=[abs(v - exact) < 1e-12 for v in forms.values()].index(True),
        notes=["", "d*f cancels: what is left is the part that h multiplies.",
               "The d*f terms cancel each other; look at what is left over.",
               "(d + h)*f = d*f + h*f: there is no h left over after dividing by h."],
        hints=["(d + h)*f = d*f + h*f.",
               "Subtract d*f, then divide by h."],
        why="(d*f + h*f - d*f) / h = h*f / h = f, whatever the size of h: no approximation.",
    )
    yield Say(
        "No h survives: for a product, the slope with respect to one factor is **the other "
        "factor**, exactly. We only had to write the limit down."
    )
    yield AskGrad(out=L, wrt=d, chain_rule=False,
                  hints=["L is d times f. If d goes up, which way does L go? Mind the "
                         "sign of f.",
                         "The slope with respect to d is the other factor."],
                  mistakes=[(d.data, "That is d's own value. The limit left the other "
                                     "factor, f.")],
                  why="For a product, the derivative with respect to one factor is the "
                      "other factor: f.")
    yield Nudge(lambda: top(d, f), leaf=d, h=0.001)

    yield AskGrad(out=L, wrt=f, chain_rule=False,
                  hints=["Same rule, the roles swapped."],
                  mistakes=[(f.data, "That is f's own value. For a product, the slope with "
                                     "respect to one factor is the other factor.")],
                  why="dL/df is the other factor, d.")
    nudge_f = Nudge(lambda: build(a, b, c, f)[2], leaf=f, h=0.001)
    grads = gradients(L)
    rounding_only = abs(nudge_f.slope - grads[f]) < 1e-9
    yield AskChoice(
        f"Our check will push f by h = {nudge_f.h:g} and rebuild all of L. On the parabola "
        "3x² - 4x + 5 the same check overshot by a visible 3h. What about here?",
        choices=[f"It overshoots visibly again, like {grads[f] + 3 * nudge_f.h:g}",
                 f"{grads[f]:g}, up to rounding in the last digits"],
        correct=int(rounding_only),
        notes=["The parabola overshot because it curves. Hold d still: is L curved in f?",
               ""],
        hints=["Hold d still: how does L depend on f? A parabola, or a straight line?"],
        why="L is a straight line in f, so rise over run is exact; only float rounding remains.",
    )
    yield nudge_f
    yield Say(
        f"The check prints **{nudge_f.slope!r}**: {grads[f]:g} up to the last few digits, "
        "which floating point cannot hold exactly. Both hand answers are confirmed."
    )

    # Fill in the three grads by hand, as the lecture does.
    L.grad = 1.0
    d.grad = f.data * L.grad
    f.grad = d.data * L.grad
    yield Code(f"L.grad = 1.0\nd.grad = f.data   # {d.grad:g}\nf.grad = d.data   # {f.grad:g}",
               caption="Writing the answers into the graph by hand")
    yield Show(L, show_grads=True, highlight=[L, d, f],
               caption="The top of the graph is done; e, c, a and b are next")

    a3, b3, c3, f3 = labelled(a=2.0, b=-3.0, c=10.0, f=3.0)
    _, d3, L3 = build(a3, b3, c3, f3)
    yield AskGrad(out=L3, wrt=d3, chain_rule=False,
                  prompt="Same graph, but f = 3 instead of -2. What would dL/dd be now?",
                  hints=["The rule for a product does not care what the numbers are."],
                  mistakes=[(f.data, f"That was f before. Here f = {f3.data:g}, and dL/dd is "
                                     "whatever f is."),
                            (d3.data, "That is d. dL/dd is the other factor.")],
                  why=f"dL/dd is always f: now {f3.data:g}.")
    yield Recap([
        "Backprop starts at the output with dL/dL = 1.",
        "For a product, each factor's derivative is the other factor.",
        "Here dL/dd = f = -2 and dL/df = d = 4.",
        "A nudge check (push by h, rebuild, rise over run) confirms each answer.",
    ])
