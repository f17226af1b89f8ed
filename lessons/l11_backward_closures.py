"""Lesson: automating the local step (lecture section 12).

The lecture gives every result a ``_backward`` closure (shown for ``+``, ``*``
and ``tanh``); our engine gives every node one ``_backward()`` method that
does the same with the local derivatives it stored.  On a fresh neuron (o =
tanh(ln 2) = 0.6, so the numbers are new but workable) the learner reads the
stored local derivatives, calls ``_backward()`` by hand node by node as the
lecture does, and predicts three pitfalls: forgetting the seed gradient (7),
storing ``_backward()`` instead of ``_backward`` (8, a tiny broken class whose
real error is shown), and calling it on a leaf (9).
"""

import inspect
import math

from engine import Value
from lessons._neuron import neuron_forward
from lessons.steps import (AskChoice, AskGrad, AskNumber, Code, Recap, RevealBackward, Say,
                           Show)

# A fresh neuron: the bias puts n at atanh(0.6) = ln 2, so o = tanh(n) = 0.6 exactly
# and tanh's local derivative 1 - o**2 is a number a learner can work out.
FRESH = dict(x1=3.0, x2=-1.0, w1=0.5, w2=2.0)
FRESH_BIAS = math.atanh(0.6) - (FRESH["x1"] * FRESH["w1"] + FRESH["x2"] * FRESH["w2"])

LECTURE_CLOSURES = """\
def __add__(self, other):
    out = Value(self.data + other.data, (self, other), '+')
    def _backward():
        self.grad += 1.0 * out.grad
        other.grad += 1.0 * out.grad
    out._backward = _backward
    return out

def __mul__(self, other):
    out = Value(self.data * other.data, (self, other), '*')
    def _backward():
        self.grad += other.data * out.grad
        other.grad += self.data * out.grad
    out._backward = _backward
    return out

def tanh(self):
    t = (math.exp(2*self.data) - 1) / (math.exp(2*self.data) + 1)
    out = Value(t, (self,), 'tanh')
    def _backward():
        self.grad += (1 - t**2) * out.grad
    out._backward = _backward
    return out"""


def _without_docstring(fn) -> str:
    """fn's source as the learner reads it here: the def line and the body."""
    lines = inspect.getsource(fn).splitlines()
    first = next(i for i, line in enumerate(lines) if '"""' in line)
    last = next(i for i in range(first, len(lines))
                if lines[i].count('"""') == 2 or (i > first and '"""' in lines[i]))
    indent = len(lines[0]) - len(lines[0].lstrip())
    return "\n".join(line[indent:] for line in lines[:first] + lines[last + 1:])


def fresh_neuron():
    """The fresh neuron's nodes by name (labels as in the lecture's neuron)."""
    leaves = {k: Value(v, label=k) for k, v in FRESH.items()}
    return neuron_forward(**leaves, b=Value(FRESH_BIAS, label="b"))


class Broken:
    """A micrograd-style value with the lecture's slip in __mul__."""

    def __init__(self, data, children=()):
        self.data = data
        self.grad = 0.0
        self._prev = children
        self._backward = lambda: None      # a leaf has nothing to pass on

    def __mul__(self, other):
        out = Broken(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward()   # the slip: calls it, stores the result
        return out


def _attempt(fn):
    """Run fn(); return the error as Python prints it, or None if it worked."""
    try:
        fn()
    except Exception as err:  # noqa: BLE001 - the lesson shows whatever happened
        return f"{type(err).__name__}: {err}"
    return None


def _in_order(o):
    """o's nodes, output first: the order this lesson calls _backward() in by hand."""
    return list(reversed(o.topological_order()))


def lesson():
    yield Say(
        "# Automating the local step\n\n"
        "By hand, every node did the same little job: take its own grad, multiply by "
        "its local derivative for each input, and add the result into that input's grad. "
        "Let us teach the nodes to do that job themselves."
    )
    yield Code(LECTURE_CLOSURES,
               caption="The lecture's way: each result carries a little function, _backward, "
                       "that knows its own local derivatives.")
    yield Say(
        "Our engine stores each node's local derivatives as numbers while it computes the "
        "forward pass (`node.local_grads()`, one per child in `_prev`), so one `_backward` "
        "method serves every kind of node:"
    )
    yield Code(_without_docstring(Value._backward),
               caption="engine/value.py: the same job for +, *, tanh and every other op.")

    g = fresh_neuron()
    o, x1w1 = g["o"], g["x1w1"]
    yield Show(o, highlight=[o, x1w1],
               caption="A new neuron: x1 = 3, w1 = 0.5, x2 = -1, w2 = 2, and a bias "
                       "that puts o at 0.6.")
    # Local derivatives: the slips (o, o², 1 - o, the input's own value) are the rules'.
    yield AskGrad(
        out=o, wrt=g["n"], within=o,
        prompt="o = tanh(n) has one child, n. What number does `o.local_grads()` hold?",
        skill="local",
        hints=["It is tanh's local derivative, ∂o/∂n = 1 - o².",
               f"o = {o.data:g}."],
    )
    yield AskGrad(
        out=x1w1, wrt=g["x1"], within=o,
        prompt="x1*w1 has children (x1, w1). What is the first entry of its `local_grads()`, "
               "the local derivative ∂(x1*w1)/∂x1?",
        skill="times",
        hints=["For a product, the local derivative for one input is the other input's value."],
    )
    yield Code("o.local_grads()\nx1w1.local_grads()",
               output=f"{o.local_grads()!r}\n{x1w1.local_grads()!r}",
               caption="What the engine stored while computing the forward pass.")

    # --- pitfall 7: no seed -------------------------------------------------------
    unseeded = fresh_neuron()
    yield Code(f"o.grad          # {unseeded['o'].grad!r}: nobody has set it\no._backward()",
               caption="Start the backward pass at o, straight away, as the lecture does.")
    unseeded["o"]._backward()
    yield AskNumber(
        "We never set o.grad. After `o._backward()`, what is n.grad?",
        value=unseeded["n"].grad,
        mistakes=[(o.local_grads()[0], "That is the local derivative alone. _backward adds "
                                       "local * o.grad, and o.grad is still 0.")],
        hints=["_backward adds local * o.grad into n.grad. What is o.grad right now?"],
        why="Every grad starts at 0, so the step multiplies the local derivative by 0.",
    )
    for node in _in_order(unseeded["o"])[1:]:
        node._backward()
    nonzero = sum(1 for node in _in_order(unseeded["o"]) if node.grad != 0)
    yield Show(unseeded["o"], show_grads=True,
               caption=f"_backward() called on every node, but no seed: {nonzero} nonzero "
                       "grads.")
    yield Say(
        "The chain rule only ever *multiplies* what comes down from above, and at the top "
        "there was nothing: 0 times anything is 0. The fix is the base case we met at the "
        "start of the course: **set o.grad = 1.0 first**. The engine's `backward()` does it."
    )

    # --- with the seed, node by node ---------------------------------------------------
    seeded = fresh_neuron()
    o2, n2, b2 = seeded["o"], seeded["n"], seeded["b"]
    yield Code("o.grad = 1.0\no._backward()", caption="Now with the seed.")
    yield AskGrad(out=o2, wrt=n2, prompt="After seeding and `o._backward()`, what is n.grad?",
                  hints=["local * o.grad = (1 - o²) * 1."])
    o2.grad = 1.0
    o2._backward()
    yield Say(f"n.grad is now **{n2.grad:.4f}**. Next, `n._backward()` feeds the bias and the "
              "partial sum. And then b, a leaf...")

    n2._backward()
    before = {node: node.grad for node in _in_order(o2)}
    leaf_error = _attempt(lambda: b2._backward())
    after = {node: node.grad for node in _in_order(o2)}
    changed = [node for node in before if before[node] != after[node]]
    leaf_choices = [
        "Nothing: b has no children",
        "b.grad is reset to 0",
        "b.grad doubles",
        "An error: b was not made by an operation",
    ]
    if leaf_error is not None:
        leaf = 3
    elif not changed:
        leaf = 0
    elif b2.grad == 0:
        leaf = 1
    else:
        leaf = 2
    yield AskChoice("What does `b._backward()` do, with b a leaf?", choices=leaf_choices,
                    correct=leaf,
                    notes=["" if leaf == 0 else "Look at the loop: what is b._prev?",
                           "" if leaf == 1 else "_backward only adds into the children's "
                                                "grads; it never touches b's own grad.",
                           "" if leaf == 2 else "_backward never writes to the node's own "
                                                "grad, only to its children's.",
                           "" if leaf == 3 else "Every Value has _backward, leaves too: for a "
                                                "leaf the loop simply has nothing to visit."],
                    hints=["The loop runs over zip(b._prev, b.local_grads()). What is b._prev?"],
                    why="A leaf's child list is empty, so the loop body never runs.")
    yield Say(
        f"b._prev is `{b2._prev!r}`: the loop had nothing to visit and {len(changed)} grads "
        "changed. In the lecture a leaf's `_backward` is an empty function, for the same "
        "reason. Calling it is harmless, just useless."
    )
    for node in _in_order(o2)[2:]:
        node._backward()
    yield Show(o2, show_grads=True,
               caption="Seed, then _backward() on every node, from the top down.")
    reference = fresh_neuron()
    yield RevealBackward(reference["o"])
    agree = all(abs(mine.grad - engine.grad) < 1e-12
                for mine, engine in zip(o2.topological_order(),
                                        reference["o"].topological_order()))
    yield Say("The engine's own `backward()`, run on a fresh copy of the neuron, "
              + ("agrees with our calls on every node." if agree else
                 "disagrees with our calls somewhere: compare the two trees."))

    # --- pitfall 8: storing the call's result --------------------------------------
    yield Say(
        "In the lecture, one run of this code failed because of a single pair of "
        "parentheses. Here is a tiny class with the same slip. Read the line marked "
        "*the slip*."
    )
    yield Code(inspect.getsource(Broken), caption="A value class with one slip in __mul__.")
    a, b = Broken(2.0), Broken(-3.0)
    c = a * b
    yield AskNumber(
        "`c = a * b` runs without complaint. But the slip already *called* _backward once, "
        "inside __mul__. What did that call add to a.grad?",
        value=a.grad,
        mistakes=[(b.data, "That is what it would add with out.grad = 1. When __mul__ runs, "
                           "out.grad is still 0.")],
        hints=["When __mul__ runs, what is out.grad?"],
        why="out.grad was still 0, so it added 0.",
    )
    c.grad = 1.0
    call_error = _attempt(lambda: c._backward())
    call_choices = [
        "It works: a.grad becomes -3 and b.grad becomes 2",
        "Nothing happens: the grads stay 0",
        "TypeError: 'NoneType' object is not callable",
        "AttributeError: 'Broken' object has no attribute '_backward'",
    ]
    if call_error is None:
        call = 0 if a.grad != 0 else 1
    else:
        call = call_choices.index(call_error)  # the real message must be among the choices
    yield AskChoice(
        "Now we set c.grad = 1 and call `c._backward()`. What happens?",
        choices=call_choices, correct=call,
        notes=["That is what the function would do, but c._backward does not hold the "
               "function: it holds what the early call returned.",
               "Something is stored in c._backward; the question is what, and whether it "
               "can be called.",
               "",
               "__mul__ did set out._backward: to the value the call returned."],
        hints=["A function with no return statement returns None.",
               "So what is stored in c._backward?"],
        why="c._backward holds None, the result of the call, and None cannot be called.",
    )
    yield Code("c.grad = 1.0\nc._backward()", output=call_error or "(no error)",
               caption="What Python really said.")
    yield Say(
        "`out._backward = _backward()` runs the function once, too early and with a zero "
        "grad, and stores what it returns: None. Drop the parentheses to store the "
        "function itself. Our engine's `_backward` is a method, so it cannot make this "
        "slip at all."
    )
    yield Recap([
        "The local step: for each child, child.grad += local derivative * node.grad.",
        "The lecture keeps it in a _backward closure per op; our engine keeps the numbers, "
        "node.local_grads(), and one _backward() method for every node.",
        "Seed first: o.grad = 1.0. Without it every grad stays 0.",
        "Store the function, not its result: `_backward`, not `_backward()`.",
        "A leaf's _backward() does nothing: it has no children.",
    ])
