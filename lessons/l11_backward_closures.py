"""Lesson: automating the local step (lecture section 12).

micrograd gives every result a ``_backward`` closure; our engine stores the
local derivatives as numbers instead.  The learner reads ``local_grads()``,
then runs a small "local step" by hand and predicts three pitfalls:
forgetting the seed gradient (7), storing ``_backward()`` instead of
``_backward`` (8, a tiny broken class whose real error is shown), and running
the local step on a leaf (9).
"""

import inspect

from lessons._neuron import build_neuron
from lessons.steps import (AskChoice, AskGrad, AskNumber, Code, Recap, RevealBackward, Say,
                           Show)


def local_step(node):
    """Push node.grad down to the children: one use of the chain rule."""
    for child, local in zip(node._prev, node.local_grads()):
        child.grad += local * node.grad


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
    """o's nodes, output first: the order this lesson runs local steps in by hand."""
    return list(reversed(o.topological_order()))


def lesson():
    yield Say(
        "# Automating the local step\n\n"
        "By hand, every node did the same little job: take its own grad, multiply by "
        "its local derivative for each input, and pass the result down. Let us teach "
        "the nodes to do that job themselves."
    )
    yield Code(
        "def __mul__(self, other):\n"
        "    out = Value(self.data * other.data, (self, other), '*')\n"
        "    def _backward():\n"
        "        self.grad += other.data * out.grad\n"
        "        other.grad += self.data * out.grad\n"
        "    out._backward = _backward\n"
        "    return out",
        caption="micrograd's way: each result carries a little function, its _backward.",
    )
    yield Say(
        "Our engine does the same job with plain numbers: each node keeps its children in "
        "`_prev` and, in the same order, the local derivative for each child, which "
        "`node.local_grads()` returns. One loop can then do every node's step."
    )
    yield Code(inspect.getsource(local_step),
               caption="The local step, written with the engine's stored derivatives.")

    g = build_neuron()
    o, n, x1w1 = g["o"], g["n"], g["x1w1"]
    yield Show(o, highlight=[o, x1w1], caption="The neuron from the last lesson.")
    yield AskNumber(
        "o = tanh(n) has one child, n. What number does `o.local_grads()` hold?",
        value=o.local_grads()[0],
        hints=["It is tanh's local derivative, 1 - o², with o = 1/√2."],
    )
    yield AskNumber(
        "x1*w1 has children (x1, w1). What is the first entry of its `local_grads()`, "
        "the local derivative with respect to x1?",
        value=x1w1.local_grads()[0],
        hints=["For a product, the local derivative for one input is the other input's value."],
    )
    yield Code("o.local_grads()\nx1w1.local_grads()",
               output=f"{o.local_grads()!r}\n{x1w1.local_grads()!r}",
               caption="What the engine stored while computing the forward pass.")

    # --- pitfall 7: no seed -------------------------------------------------------
    unseeded = build_neuron()
    yield Code(f"o.grad          # {unseeded['o'].grad!r}: nobody has set it\nlocal_step(o)",
               caption="Let us start the backward pass at o, straight away.")
    local_step(unseeded["o"])
    yield AskNumber(
        "We never set o.grad. After `local_step(o)`, what is n.grad?",
        value=unseeded["n"].grad,
        hints=["The step adds local * o.grad into n.grad. What is o.grad right now?"],
        why="Every grad starts at 0, so the step multiplies 0.5 by 0.",
    )
    for node in _in_order(unseeded["o"])[1:]:
        local_step(node)
    nonzero = sum(1 for node in _in_order(unseeded["o"]) if node.grad != 0)
    yield Show(unseeded["o"], show_grads=True,
               caption=f"Every local step run, but no seed: {nonzero} nonzero grads.")
    yield Say(
        "The chain rule only ever *multiplies* what comes down from above, and at the top "
        "there was nothing: 0 times anything is 0. The fix is the base case we met at the "
        "start of the course: **set o.grad = 1.0 first**. The engine's `backward()` does it."
    )

    # --- with the seed, step by step --------------------------------------------------
    seeded = build_neuron()
    o2, n2, b2 = seeded["o"], seeded["n"], seeded["b"]
    yield Code("o.grad = 1.0\nlocal_step(o)", caption="Now with the seed.")
    yield AskGrad(out=o2, wrt=n2, prompt="After seeding and `local_step(o)`, what is n.grad?",
                  hints=["local * o.grad = (1 - o²) * 1."])
    o2.grad = 1.0
    local_step(o2)
    yield Say(f"Our loop put **{n2.grad:.4f}** into n.grad. Next, `local_step(n)` feeds the "
              "bias and the partial sum. And then b, a leaf...")

    local_step(n2)
    before = {node: node.grad for node in _in_order(o2)}
    leaf_error = _attempt(lambda: local_step(b2))
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
    yield AskChoice("What does `local_step(b)` do, with b a leaf?", choices=leaf_choices,
                    correct=leaf,
                    hints=["The loop runs over zip(b._prev, b.local_grads()). What is b._prev?"],
                    why="A leaf's child list is empty, so the loop body never runs.")
    yield Say(
        f"b._prev is `{b2._prev!r}`: the loop had nothing to visit and {len(changed)} grads "
        "changed. In micrograd a leaf's `_backward` is an empty function, for the same reason. "
        "Calling it is harmless, just useless."
    )
    for node in _in_order(o2)[2:]:
        local_step(node)
    yield Show(o2, show_grads=True,
               caption="Seed, then one local step per node, from the top down.")
    yield RevealBackward(o)
    agree = all(abs(mine.grad - engine.grad) < 1e-12
                for mine, engine in zip(o2.topological_order(), o.topological_order()))
    yield Say("The engine's own `backward()`, run on a fresh copy of the neuron, "
              + ("agrees with our loop on every node." if agree else
                 "disagrees with our loop somewhere: compare the two trees."))

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
        hints=["A function with no return statement returns None.",
               "So what is stored in c._backward?"],
        why="c._backward holds None, the result of the call, and None cannot be called.",
    )
    yield Code("c.grad = 1.0\nc._backward()", output=call_error or "(no error)",
               caption="What Python really said.")
    yield Say(
        "`out._backward = _backward()` runs the function once, too early and with a zero "
        "grad, and stores what it returns: None. Drop the parentheses to store the "
        "function itself. Our engine stores numbers, so it cannot make this slip at all."
    )
    yield Recap([
        "The local step: for each child, child.grad += local derivative * node.grad.",
        "micrograd keeps it in a _backward closure per op; our engine keeps the "
        "numbers, node.local_grads(), and runs one loop.",
        "Seed first: o.grad = 1.0. Without it every grad stays 0.",
        "Store the function, not its result: `_backward`, not `_backward()`.",
        "A leaf's local step does nothing: it has no children.",
    ])
