"""Lesson: the used-twice bug (lecture section 14).

When a node feeds into more than one place, the contributions of its paths
must add.  A backward pass that assigns instead (written here, inside the
lesson; the engine adds) gets b = a + a wrong (1, not 2), a*a wrong (3, not 6)
and the lecture's two-path example wrong in a way that even depends on which
valid order it runs in.
"""

import inspect

from engine import Value
from lessons.steps import (AskChoice, AskGrad, AskNumber, Code, Nudge, Recap, RevealBackward,
                           Say, Show, gradients)


def overwriting_backward(out, order=None):
    """The bug: each local step ASSIGNS to child.grad instead of adding."""
    if order is None:
        order = list(reversed(out.topological_order()))
    for node in order:
        node.grad = 0.0
    out.grad = 1.0
    for node in order:
        for child, local in zip(node._prev, node.local_grads()):
            child.grad = local * node.grad          # should be +=


def doubled(a_value):
    a = Value(a_value, label="a")
    b = a + a
    b.label = "b"
    return a, b


def squared(a_value):
    a = Value(a_value, label="a")
    b = a * a
    b.label = "b"
    return a, b


def two_paths():
    """The lecture's f = (a*b) * (a + b) with a = -2, b = 3."""
    a = Value(-2.0, label="a")
    b = Value(3.0, label="b")
    d = a * b
    d.label = "d"
    e = a + b
    e.label = "e"
    f = d * e
    f.label = "f"
    return dict(a=a, b=b, d=d, e=e, f=f)


def _order_names(order):
    return " -> ".join(node.label for node in order)


def lesson():
    yield Say(
        "# The used-twice bug\n\n"
        "So far every node fed into exactly one other node. Real expressions reuse values "
        "all the time: a weight meets every example, an input feeds every neuron. "
        "What happens to a node's grad when it has **two users**?"
    )

    # --- b = a + a ---------------------------------------------------------------
    a, b = doubled(3.0)
    yield Show(b, caption="b = a + a, with a = 3: both inputs of the plus node are the same a.")
    yield Say(
        "Here is a backward pass with one tiny difference from the engine's: in the local "
        "step, it writes `=` where the engine writes `+=`. Read the line with the comment."
    )
    yield Code(inspect.getsource(overwriting_backward),
               caption="A backward pass that overwrites instead of accumulating.")
    bug_a, bug_b = doubled(3.0)
    overwriting_backward(bug_b)
    yield AskNumber(
        "Run it on b = a + a. What does a.grad come out as?",
        value=bug_a.grad,
        hints=["The plus node's step visits its children (a, a), each with local derivative 1.",
               "It sets a.grad = 1 * b.grad, and then... sets it again."],
        why="The second assignment replaces the first: the last write wins.",
    )
    yield Show(bug_b, show_grads=True, caption="With `=`: a.grad is the last write only.")
    yield AskGrad(out=b, wrt=a, prompt="Now the truth: b = 2a. What is db/da really?",
                  hints=["If a goes up by h, both inputs of the plus node go up by h."])
    yield Nudge(lambda: a + a, leaf=a, h=0.001)
    yield RevealBackward(b)
    yield Say(
        f"Each of the two edges into a carries {b.local_grads()[0] * b.grad:g}, and a needs **the "
        "sum** of them. With `=`, the second edge's share erased the first one's."
    )

    # --- b = a * a ---------------------------------------------------------------------
    sq_a, sq_b = squared(3.0)
    bug_sq_a, bug_sq_b = squared(3.0)
    overwriting_backward(bug_sq_b)
    yield AskNumber(
        "Same bug, now b = a * a with a = 3. What does the overwriting pass give for a.grad?",
        value=bug_sq_a.grad,
        hints=["A product hands each input the *other* input's value. Here the other input "
               "is a again.",
               "Two writes of the same number: the second one wins."],
    )
    yield Say(
        f"The bug says **{bug_sq_a.grad:g}**, but b = a² has slope 2a = "
        f"**{gradients(sq_b)[sq_a]:g}**. Again exactly one of the two shares survived."
    )

    # --- the two-path example ---------------------------------------------------------
    g = two_paths()
    f = g["f"]
    yield Say(
        "A node used twice does not always sit right under a single operation. Here a and "
        "b each travel along **two paths** to f: through d = a·b and through e = a + b."
    )
    yield Show(f, caption=f"a = -2, b = 3, d = a*b, e = a + b, f = d*e = {f.data:g}")

    bug = two_paths()
    order = list(reversed(bug["f"].topological_order()))
    overwriting_backward(bug["f"], order)
    yield Code(_order_names(order), caption="The order the overwriting pass runs in.")
    yield AskNumber(
        "Run the overwriting pass in this order. What does a.grad come out as?",
        value=bug["a"].grad,
        hints=[f"f's step sets d.grad = e = {g['e'].data:g} and e.grad = d = {g['d'].data:g}.",
               "Then e's step writes into a, and then d's step writes into a again. "
               "Only the last write counts."],
        why="d's step ran last, so a.grad = b * d.grad = 3 * 1 and e's share was lost.",
    )
    yield Show(bug["f"], show_grads=True,
               caption=f"With `=`: a.grad = {bug['a'].grad:g}, b.grad = {bug['b'].grad:g}.")

    # d and e do not depend on each other: swapping them is another valid order.
    other = two_paths()
    by_label = {node.label: node for node in other["f"].topological_order()}
    other_order = [by_label[node.label] for node in order]
    i, j = other_order.index(other["d"]), other_order.index(other["e"])
    other_order[i], other_order[j] = other_order[j], other_order[i]
    overwriting_backward(other["f"], other_order)

    grads = gradients(f)
    via_e_only = tuple(local * grads[g["e"]] for local in g["e"].local_grads())
    first = (bug["a"].grad, bug["b"].grad)
    second = (other["a"].grad, other["b"].grad)
    if second == first:
        changed = 0
    elif second == via_e_only:
        changed = 1
    elif second == (grads[g["a"]], grads[g["b"]]):
        changed = 2
    else:
        raise RuntimeError(f"unexpected result of the swapped buggy pass: {second}")
    yield AskChoice(
        "d and e do not depend on each other, so running e's step last is just as valid "
        f"an order: {_order_names(other_order)}. With the bug, what happens to a and b?",
        choices=["Nothing changes: a valid order is a valid order",
                 "They change: now only e's path survives",
                 "They change, and by luck come out right"],
        correct=changed,
        hints=["With `=`, whichever of d and e takes its step last overwrites a and b."],
        why="The last writer wins, so the bug's answer depends on an arbitrary choice of order.",
    )
    yield Show(other["f"], show_grads=True,
               caption=f"e last: a.grad = {other['a'].grad:g}, b.grad = {other['b'].grad:g}.")

    # --- the fix ----------------------------------------------------------------------------
    yield Say(
        "The fix is the **multivariable chain rule**: when a value reaches the output along "
        "several paths, the contributions of the paths **add**. So every local step must "
        "`+=` into child.grad, and every grad must start at 0 (the seed aside)."
    )
    yield AskGrad(out=f, wrt=g["a"],
                  hints=["a reaches f along two paths, through d and through e. Work out "
                         "each path's share, then add them.",
                         f"Through d: b * d.grad = 3 * {grads[g['d']]:g}. "
                         f"Through e: 1 * e.grad = {grads[g['e']]:g}."])
    yield AskGrad(out=f, wrt=g["b"],
                  hints=["Same recipe as for a: one share through d, one through e.",
                         f"Through d: a * d.grad = -2 * {grads[g['d']]:g}. "
                         f"Through e: 1 * e.grad = {grads[g['e']]:g}."])
    yield RevealBackward(f)
    yield Show(f, show_grads=True, caption="With +=: the engine's backward().")
    yield Say(
        "Neither buggy answer was even close, and neither crashed. The engine's loop is "
        "`child.grad += local * node.grad`, which is also why grads must be reset to 0 "
        "before a fresh backward pass. That comes back when we train."
    )
    yield Recap([
        "A node used more than once collects one contribution per path; they add.",
        f"b = a + a: db/da = {gradients(b)[a]:g}; overwriting gives {bug_a.grad:g}.",
        f"f = (a*b)(a+b) at a = -2, b = 3: grads {grads[g['a']]:g} and {grads[g['b']]:g}; "
        f"the bug gives ({first[0]:g}, {first[1]:g}) or ({second[0]:g}, {second[1]:g}) "
        "depending on the order.",
        "Fix: += in every local step, with all grads starting at 0.",
    ])
