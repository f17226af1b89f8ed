"""Lesson: the used-twice bug (lecture section 14).

When a node feeds into more than one place, the contributions of its paths
must add.  The lecture found this with its own closures: written with `=`
instead of `+=`, they get b = a + a wrong (1, not 2), a*a wrong (3, not 6) and
the lecture's two-path example wrong in a way that even depends on which valid
order the closures run in.  Here those closures run for real, in a first-draft
Value class inside the lesson (the engine adds, and stays correct).
"""

import inspect

from engine import Value
from lessons.l12_topo_order import build_topo
from lessons.steps import (AskChoice, AskGrad, AskNumber, Code, Nudge, Recap, RevealBackward,
                           Say, Show, gradients)


class Draft:
    """The lecture's Value as first written: its backward closures ASSIGN."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = _children     # a tuple: a set has no fixed order
        self._op = _op
        self.label = label

    def __add__(self, other):
        out = Draft(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad = 1.0 * out.grad          # should be +=
            other.grad = 1.0 * out.grad         # should be +=
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Draft(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad = other.data * out.grad   # should be +=
            other.grad = self.data * out.grad   # should be +=
        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()


def with_grads(graph, draft):
    """The engine's twin of a draft graph, its grads set to what the draft computed
    (so a tree can show them)."""
    for name, node in graph.items():
        node.grad = draft[name].grad
    return graph


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


def two_paths(cls=Value):
    """The lecture's f = (a*b) * (a + b) with a = -2, b = 3; cls=Draft for the first draft."""
    a = cls(-2.0, label="a")
    b = cls(3.0, label="b")
    d = a * b
    d.label = "d"
    e = a + b
    e.label = "e"
    f = d * e
    f.label = "f"
    return dict(a=a, b=b, d=d, e=e, f=f)


def _draft_order(f):
    """The order Draft.backward calls the closures in, output first."""
    return list(reversed(build_topo(f)))


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
        "The lecture's first version of the closures wrote `=` where our engine writes "
        "`+=`. Here is that version, running for real. Read the lines marked *should be +=*."
    )
    yield Code(inspect.getsource(Draft), caption="A first-draft Value: closures that assign.")
    da = Draft(3.0, label="a")
    db = da + da
    db.backward()
    yield AskNumber(
        "With this class, `a = Draft(3.0); b = a + a; b.backward()`. What is a.grad?",
        skill="twice", value=da.grad,
        mistakes=[(gradients(b)[a], "That is what the correct engine gives. In __add__ here, "
                                    "self and other are the same a, so the second `=` "
                                    "replaces the first share instead of adding to it.")],
        hints=["In `a + a`, self and other are the very same object.",
               "The closure sets a.grad = 1 * b.grad, and then... sets it again."],
        why="The second assignment replaces the first: the last write wins.",
    )
    yield Say(f"The draft leaves a.grad = **{da.grad:g}**: one share, not two.")
    yield AskGrad(out=b, wrt=a, prompt="Now the truth: what is db/da really?",
                  hints=["If a goes up by h, both inputs of the plus node go up by h."])
    yield Nudge(lambda: a + a, leaf=a, h=0.001)
    yield RevealBackward(b)
    yield Say(
        f"Each of the two edges into a carries {b.local_grads()[0] * b.grad:g}, and a needs "
        "**the sum** of them. With `=`, the second edge's share erased the first one's."
    )

    # --- b = a * a ---------------------------------------------------------------------
    sq_a, sq_b = squared(3.0)
    dsa = Draft(3.0, label="a")
    dsb = dsa * dsa
    dsb.backward()
    yield AskNumber(
        "Same draft class, now b = a * a with a = 3. What does `b.backward()` leave in "
        "a.grad?",
        skill="twice", value=dsa.grad,
        mistakes=[(gradients(sq_b)[sq_a], "That is the true slope of a². The draft's two "
                                          "`=` lines both write into the same a.grad: the "
                                          "second replaces the first.")],
        hints=["A product hands each input the other input's value. Here the other input "
               "is a again.",
               "Two writes of the same number: the second one wins."],
    )
    yield Say(
        f"The bug says **{dsa.grad:g}**, but b = a² has slope 2a = "
        f"**{gradients(sq_b)[sq_a]:g}**. Again exactly one of the two shares survived."
    )

    # --- the two-path example ---------------------------------------------------------
    g = two_paths()
    f = g["f"]
    yield Say(
        "A node used twice does not always sit right under a single operation. Here a and "
        "b each travel along **two paths** to f: through `d = a*b` and through `e = a + b`."
    )
    yield Show(f, caption=f"a = -2, b = 3, d = a*b, e = a + b, f = d*e = {f.data:g}")

    bug = two_paths(Draft)
    order = _draft_order(bug["f"])
    bug["f"].backward()
    grads = gradients(f)
    yield Code(" -> ".join(node.label for node in order),
               caption="The order the draft's backward() calls the closures in.")
    yield AskNumber(
        "Run the draft's `f.backward()`. What does a.grad come out as?",
        skill="twice", value=bug["a"].grad,
        mistakes=[(grads[g["a"]], "That is what the correct engine gives, the two paths "
                                  "added. In the draft each closure overwrites a.grad, so "
                                  "only the last closure to run leaves its share.")],
        hints=["f's closure sets d.grad and e.grad. Then e's closure writes into a, and then "
               "d's closure writes into a again.",
               "Only the last write counts: d's, which sets a.grad = b * d.grad."],
        why="d's closure ran last, so a.grad = b * d.grad and e's share was lost.",
    )
    yield Show(with_grads(two_paths(), bug)["f"], show_grads=True,
               caption=f"With `=`: a.grad = {bug['a'].grad:g}, b.grad = {bug['b'].grad:g}.")

    # d and e do not depend on each other: swapping them is another valid order.
    other = two_paths(Draft)
    other_order = _draft_order(other["f"])
    i, j = other_order.index(other["d"]), other_order.index(other["e"])
    other_order[i], other_order[j] = other_order[j], other_order[i]
    other["f"].grad = 1.0
    for node in other_order:
        node._backward()

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
    notes = ["With `=`, whichever closure runs last decides a.grad, and the order changed.",
             "Every closure still overwrites; luck does not add two shares together.",
             "The order changed, and with `=` the last closure to write wins."]
    notes[changed] = ""
    yield AskChoice(
        "d and e do not depend on each other, so calling e's closure last is just as valid "
        f"an order: {' -> '.join(n.label for n in other_order)}. With the draft, what happens "
        "to a and b?",
        choices=["Nothing changes: a valid order is a valid order",
                 "They change: now only e's path survives",
                 "They change, and by luck come out right"],
        correct=changed, notes=notes,
        hints=["With `=`, whichever of d and e takes its step last overwrites a and b."],
        why="The last writer wins, so the bug's answer depends on an arbitrary choice of order.",
    )
    yield Show(with_grads(two_paths(), other)["f"], show_grads=True,
               caption=f"e last: a.grad = {other['a'].grad:g}, b.grad = {other['b'].grad:g}.")

    # --- the fix ----------------------------------------------------------------------------
    yield Say(
        "The fix is the **multivariable chain rule**: when a value reaches the output along "
        "several paths, the contributions of the paths **add**. So every closure must "
        "`+=` into the children's grads, and every grad must start at 0 (the seed aside)."
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
        "Neither buggy answer was even close, and neither crashed. The engine's step is "
        "`child.grad += local * node.grad`, which is also why grads must be reset to 0 "
        "before a fresh backward pass. That comes back when we train."
    )
    yield Recap([
        "A node used more than once collects one contribution per path; they add.",
        f"b = a + a: db/da = {gradients(b)[a]:g}; closures with `=` give {da.grad:g}.",
        f"f = (a*b)(a+b) at a = -2, b = 3: grads {grads[g['a']]:g} and {grads[g['b']]:g}; "
        f"the bug gives ({first[0]:g}, {first[1]:g}) or ({second[0]:g}, {second[1]:g}) "
        "depending on the order.",
        "Fix: += in every closure, with all grads starting at 0.",
    ])
