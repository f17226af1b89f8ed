"""Lesson: the order of the backward pass (lecture section 13).

A node may pass its grad down only once its own grad is complete, so the local
steps run in reverse topological order.  The learner predicts the length and
the end of the neuron's topological list, then what happens when the local
steps run in forward order (pitfall 6), and on a graph with a shared node,
where a naive depth-first walk (each node's step as soon as it is reached)
runs the shared node too early: which node runs next, in each order, and the
wrong gradient the naive walk leaves.
"""

import inspect

from engine import Value
from lessons._neuron import build_neuron
from lessons.steps import (AskChoice, AskNumber, Code, Recap, RevealBackward, Say,
                           Show, gradients)


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


def naive_order(root):
    """Depth first from the top, each node once, as soon as it is reached.
    It never waits for a node's other users."""
    order, seen, stack = [], set(), [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            order.append(v)
            stack.extend(reversed(v._prev))
    return order


def shared():
    """a = 2, b = a*3, c = b + a, L = b*c: b is used by both c and L."""
    a = Value(2.0, label="a")
    b = a * 3
    b.label = "b"
    c = b + a
    c.label = "c"
    L = b * c
    L.label = "L"
    return dict(a=a, b=b, c=c, L=L)


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
        notes=[_last_two_note(pair, topo) for pair in pairs],
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
        f"Out of the {len(topo)} nodes, how many end up with a nonzero grad? Count o "
        "itself, whose grad is the seed.",
        value=len(alive), abs_tol=0, rel_tol=0,
        mistakes=[(len(alive) - 1, "Count o too: its grad is the seed, 1.0, set before the "
                                   "loop.")],
        hints=["Only one local step ran with a nonzero grad: which one came last?"],
    )
    yield Show(wrong["o"], show_grads=True,
               caption=f"Forward order: only {_names(alive)} got a grad.")
    yield Say(
        "Every node except o spoke before anyone had spoken to it, so it passed on 0. "
        "o spoke last: its 0.5 reached n, and n never got another turn."
    )

    # --- a shared node and a walk that does not wait -------------------------------
    yield Say(
        "In the neuron every node has one user, so almost any top-down walk works. A node "
        "with **two users** is where order really bites. Here `b` is used by both `c` and `L`."
    )
    yield Code("a = Value(2.0)\nb = a * 3\nc = b + a\nL = b * c",
               caption="b feeds c, and b and c both feed L.")
    demo = shared()
    yield Show(demo["L"], caption="b appears twice: once under L, once under c.")
    yield Code(inspect.getsource(naive_order),
               caption="A tempting shortcut: go depth first from the top, a step per node "
                       "as soon as it is reached.")
    walk = naive_order(demo["L"])
    proper = list(reversed(demo["L"].topological_order()))
    labels = ["a", "b", "c"]
    yield AskChoice(
        "The naive walk has done L's step. Which node does it take next?",
        choices=labels, correct=labels.index(walk[1].label), shuffle=False,
        notes=["a hangs below b: the walk reaches b first, and a only after b.",
               "", "The walk follows L's children in order: (b, c)."],
        hints=["It pops L's first child off the stack: L = b * c."],
        why="Depth first: L's first input, b, then b's own input, a, and only then c.",
    )
    yield AskChoice(
        "And in a correct backward pass (reversed topological order), which node must "
        "take its step right after L?",
        choices=labels, correct=labels.index(proper[1].label), shuffle=False,
        notes=["a is a leaf at the very bottom: it goes last.",
               "b has two users, L and c. Before c has taken its step, b's grad is still "
               "incomplete.", ""],
        hints=["Which node's grad is complete after L's step alone?"],
        why="c's only user is L, so c is complete; b still waits for c's share.",
    )
    run = shared()
    run["L"].grad = 1.0
    run_in_order(naive_order(run["L"]))
    right_a = gradients(demo["L"])[demo["a"]]
    yield AskNumber(
        "Run the naive walk to the end. What does a.grad come out as?",
        value=run["a"].grad,
        mistakes=[(right_a, "That is the right gradient, from the proper order. In the naive "
                            "walk b took its step when only L's share had arrived; c's share "
                            "reached b after b had already passed its grad to a.")],
        hints=["Follow the walk: L, b, a, then c. What is b.grad when b takes its step?",
               "b.grad is then only L's share, ∂L/∂b = c. Later c adds its share to b.grad, "
               "but b never passes it on."],
        why="b passed down only L's share; c's share of b.grad arrived too late to reach a.",
    )
    yield RevealBackward(demo["L"])
    yield Say(
        f"The proper order gives a.grad = **{right_a:g}**; the naive walk "
        f"{run['a'].grad:g}, with no error and no warning. The engine's `backward()` "
        "always builds the topological order first, so every shared node waits for all "
        "of its users."
    )
    yield Say("Back to the neuron, in the proper reversed order:")
    yield RevealBackward(o)
    yield Show(o, show_grads=True, caption="Reverse topological order: the right grads.")
    yield Recap([
        "A node may pass its grad down only once all of its users have passed theirs to it.",
        "Topological order puts each node after its inputs; backward() walks it reversed.",
        f"The neuron's list has {len(topo)} nodes and ends with "
        f"{topo[-2].label} ({topo[-2].data:.4f}), then {topo[-1].label} ({topo[-1].data:.4f}).",
        "In the wrong order nothing crashes: grads just come out 0 or wrong.",
        "A shared node must wait for every user: a depth-first shortcut runs it too early.",
    ])


def _last_two_note(pair, topo) -> str:
    """What picking pair as the list's last two nodes means ('' for the right pair)."""
    at = {v.label: i for i, v in enumerate(topo) if v.label}
    first, second = pair
    last = topo[-1].label
    if (topo[-2].label, last) == pair:
        return ""
    if at[first] > at[second]:
        return (f"Reversed: {first} is computed from {second}, so {second} goes in first. A "
                "node is appended only after what it is computed from.")
    if last not in pair:
        return (f"{first} and {second} are not the last two: {last} is computed from every "
                "other node, so it must come after both of them.")
    return f"{first} is not computed last but one: {topo[-2].label} is."
