"""Lesson: the order of the backward pass (lecture section 13).

A node may pass its grad down only once its own grad is complete, so the local
steps run in reverse topological order.  The learner predicts the length and
the end of the neuron's topological list, then what happens when the local
steps run in forward order (pitfall 6) or with just two of them swapped.
"""

import inspect

from lessons._neuron import build_neuron
from lessons.steps import AskChoice, AskGrad, AskNumber, Code, Recap, RevealBackward, Say, Show


def local_step(node):
    """Push node.grad down to node's children (the last lesson's loop)."""
    for child, local in zip(node._prev, node.local_grads()):
        child.grad += local * node.grad


def build_topo(root):
    """The lecture's recursive version: a node goes in after its children."""
    topo, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                visit(child)
            topo.append(v)
    visit(root)
    return topo


def run_in_order(order):
    """One local step per node, in the given order (the caller sets the seed)."""
    for node in order:
        local_step(node)


def _names(nodes):
    return ", ".join(node.label or node._op for node in nodes)


def lesson():
    yield Say(
        "# The order of the backward pass\n\n"
        "Last time we ran the local steps by hand, top to bottom. A computer needs a rule "
        "for that order. Here it is: **a node may pass its grad down only after every node "
        "that uses it has passed its grad to it.** Before that, its grad is incomplete."
    )
    yield Say(
        "An ordering where every node comes *after* all of its inputs is called a "
        "**topological order**. Reverse it and every node comes after all of its users: "
        "exactly the order the backward pass needs."
    )
    yield Code(inspect.getsource(build_topo),
               caption="Visit the children first, then append the node itself.")
    yield Say(
        "The engine's `o.topological_order()` builds the same list, using its own stack "
        "instead of recursion, so a very deep graph cannot hit Python's recursion limit."
    )

    g = build_neuron()
    o = g["o"]
    topo = o.topological_order()
    yield Show(o, caption="The neuron again.")
    yield AskNumber("How many nodes are in the neuron's topological list?",
                    value=len(topo), abs_tol=0, rel_tol=0,
                    hints=["Count the leaves (four inputs and weights, plus the bias), "
                           "then one node per operation."])

    pairs = [("n", "o"), ("o", "n"), ("x1", "w1"), ("b", "n")]
    end = (topo[-2].label, topo[-1].label)
    yield AskChoice(
        "Which two nodes come last in the list, in order?",
        choices=[f"{a}, then {b}" for a, b in pairs],
        correct=pairs.index(end),
        hints=["A node is appended only after everything it is computed from."],
        why="o is computed from n, and n from everything else, so they close the list.",
    )
    same = [v.label for v in build_topo(o)] == [v.label for v in topo]
    yield Code(
        "\n".join(f"{i:2d}  {(v.label or v._op):14s} data = {v.data:.4f}"
                  for i, v in enumerate(topo)),
        caption="o.topological_order()"
                + ("  (build_topo gives the same list)" if same else ""),
    )
    yield Code(
        "def backward(self):\n"
        "    topo = self.topological_order()\n"
        "    self.grad = 1.0                  # the seed\n"
        "    for node in reversed(topo):      # o first, leaves last\n"
        "        local_step(node)",
        caption="The public backward(): seed, then every local step, users before inputs.",
    )

    # --- pitfall 6: the wrong order ------------------------------------------------------
    yield Say(
        "What if we forget `reversed` and walk the list front to back, leaves first? "
        "The seed is set, every node still gets its local step, just in the wrong order."
    )
    wrong = build_neuron()
    wrong["o"].grad = 1.0
    run_in_order(wrong["o"].topological_order())
    yield AskNumber(
        "Forward order, seed set. What is w1.grad at the end?",
        value=wrong["w1"].grad,
        hints=["x1*w1 takes its local step third in the list. What is its grad at that moment?"],
        why="x1*w1 passed its grad down before anything had passed one to it: it passed 0.",
    )
    alive = [v for v in wrong["o"].topological_order() if v.grad != 0]
    yield AskNumber(
        f"Out of the {len(topo)} nodes, how many end up with a nonzero grad?",
        value=len(alive), abs_tol=0, rel_tol=0,
        hints=["Only one local step ran with a nonzero grad: which one came last?"],
    )
    yield Show(wrong["o"], show_grads=True,
               caption=f"Forward order: only {_names(alive)} got a grad.")
    yield Say(
        "Every node except o spoke before anyone had spoken to it, so it passed on 0. "
        "o spoke last: its 0.5 reached n, and n never got another turn."
    )

    # --- just two steps swapped -------------------------------------------------------
    right = build_neuron()
    order = list(reversed(right["o"].topological_order()))
    i, j = order.index(right["n"]), order.index(right["total"])
    order[i], order[j] = order[j], order[i]
    swapped = build_neuron()
    by_label = {v.label: v for v in swapped["o"].topological_order()}
    swapped_order = [by_label[v.label] for v in order]
    yield Code("order = reversed(topo), but with n and x1*w1 + x2*w2 swapped:\n"
               + _names(swapped_order),
               caption="Almost right: one pair of steps in the wrong order.")
    swapped["o"].grad = 1.0
    run_in_order(swapped_order)
    right["o"].backward()
    right_by_label = {v.label: v for v in right["o"].topological_order()}
    candidates = ["b", "x1", "w1", "x1*w1"]
    good = [k for k, name in enumerate(candidates)
            if abs(by_label[name].grad - right_by_label[name].grad) < 1e-12]
    if len(good) != 1:
        raise RuntimeError(f"expected exactly one unharmed candidate, got {good}")
    yield AskChoice(
        "With just that one swap, which of these still ends up with the right grad?",
        choices=candidates, correct=good[0],
        hints=["The partial sum now takes its step before n has passed anything to it.",
               "b hangs directly off n. Does n still get its turn after o?"],
        why="n still hands 0.5 to b, but the partial sum had already passed on its 0.",
    )
    yield Show(swapped["o"], show_grads=True,
               caption="One swap: the whole x1*w1 + x2*w2 branch is starved.")
    yield Say(
        "One misplaced step silently zeroes a whole branch, and nothing crashes. That is "
        "why `backward()` builds the order for us instead of trusting us to call steps "
        "by hand."
    )
    yield AskGrad(out=o, wrt=g["w1"],
                  prompt="Back to the proper reversed order. Both wrong orders left w1.grad "
                         "at 0. What does w1 receive now?",
                  hints=["The two plus nodes pass n's grad (1 - o² = 0.5) down unchanged, "
                         "all the way to x1*w1.",
                         "At x1*w1, w1 gets the other factor, x1 = 2, times that grad."])
    yield RevealBackward(o)
    yield Show(o, show_grads=True, caption="Reverse topological order: the right grads.")
    yield Recap([
        "A node may pass its grad down only once all of its users have passed theirs to it.",
        "Topological order puts each node after its inputs; backward() walks it reversed.",
        f"The neuron's list has {len(topo)} nodes and ends with "
        f"{topo[-2].label} ({topo[-2].data:.4f}), then {topo[-1].label} ({topo[-1].data:.4f}).",
        "In the wrong order nothing crashes: grads just come out 0 or wrong.",
    ])
