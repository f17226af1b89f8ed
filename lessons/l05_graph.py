"""Lesson: the expression graph and its grads (lecture sections 5 and 6).

The L graph is grown one level at a time (e = a*b, d = e + c, f = -2,
L = d*f = -8).  The learner predicts L, the number of Values (7), the label of
an output nobody labelled (pitfall 18, shown with an unlabelled twin), the
starting grad (0), the number of leaves, and what happens to gradients on data.
"""

from lessons.steps import AskChoice, AskNumber, AskValue, Code, Recap, Say, Show, labelled


def lesson():
    yield Say(
        "# The expression graph and its grads\n\n"
        "Each Value points to its children, so an expression is a **graph**. We will draw "
        "it, give every node a name, and grow it one level deeper."
    )
    a, b, c = labelled(a=2.0, b=-3.0, c=10.0)
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    yield Code(
        "a = Value(2.0, label='a')\n"
        "b = Value(-3.0, label='b')\n"
        "c = Value(10.0, label='c')\n"
        "e = a*b; e.label = 'e'\n"
        "d = e + c; d.label = 'd'",
        caption="Labels name the intermediate results too",
    )
    yield Show(d, caption="d = a*b + c, with every node named")

    (f,) = labelled(f=-2.0)
    L = d * f
    L.label = "L"
    yield Say(
        "Now one more level: a new leaf `f = -2` and the output `L = d * f`. "
        "L will play the part of a loss: the single number at the very top."
    )
    yield Code("f = Value(-2.0, label='f')\nL = d * f; L.label = 'L'")
    yield AskValue(node=L, prompt="What is L.data?",
                   hints=[f"d is {d.data:g}; multiply by f."])

    nodes = L.topological_order()
    results = [n for n in nodes if n._prev]
    typed = [n for n in nodes if not n._prev]
    yield AskNumber(
        "How many Value objects make up L's graph, L included?",
        value=len(nodes),
        mistakes=[(len(results), "Those are the results of operations. The leaves you typed "
                                 "in are Values too."),
                  (len(typed), "Those are the leaves. Every operation makes one more Value."),
                  (len(nodes) + len(results), "You counted each operation twice, as a Value "
                                              "and as an operation. The operation is stored "
                                              "inside the Value it made.")],
        hints=["Count the leaves you typed, then one new Value per operation.",
               "The operations are *, + and * again."],
        why=f"{len(typed)} leaves (a, b, c, f) and {len(results)} results (e, d, L).",
    )
    yield Show(L, caption="The whole forward pass: four inputs, one output")
    yield Say(
        "In the lecture's graphviz drawing, each operation also gets a small box of its "
        "own (`*`, `+`). Those boxes are drawing aids: the operation is stored inside the "
        "Value it produced, as `_op`. They are not Values."
    )

    # --- pitfall 18: an output is not labelled automatically -------------------
    yield Say(
        "## Labels are cosmetic\n\n"
        "A label is only a name for display. The engine never sets one for you."
    )
    twin = d * f  # the same L, built again, and nobody names it
    labels = ["L2", "", "d*f"]
    yield AskChoice(
        "Suppose we write `L2 = d * f` and stop there. What is `L2.label`?",
        choices=["'L2', taken from the variable name", "'' (empty)", "'d*f', from the formula"],
        correct=labels.index(twin.label),
        notes=["A Value cannot see the variable it is assigned to: L2 = ... happens after "
               "the Value is made.", "",
               "The engine never writes a label for you, not even from the formula."],
        hints=["A Value cannot see which Python variable it is assigned to."],
        why="Only the leaves got labels, because we passed them in. Results start unnamed.",
    )
    yield Show(twin, caption="Unlabelled: the top node can only be named by its operation")
    yield Say(
        f"Same number ({twin.data:g}), no name: the drawing falls back to the operation. "
        "That is why the lecture had to type `L.label = 'L'` by hand."
    )

    # --- section 6: the grad field ---------------------------------------------
    yield Say(
        "## What backprop will fill in\n\n"
        "Next we want, for **every** node, the derivative of L with respect to that "
        "node. Each Value has a field for it: `grad`."
    )
    yield AskNumber(
        "We have not run any backward pass yet. What is `a.grad` right now?",
        value=a.grad,
        hints=["Look at what __init__ puts there."],
        why="Every Value starts with grad 0: 'no effect on the output' until we know better.",
    )
    yield Show(L, show_grads=True, caption="data and grad for every node: all grads are 0")

    leaves = [n for n in nodes if not n._prev]
    yield AskNumber(
        "How many leaves does L's graph have?",
        value=len(leaves),
        mistakes=[(len(nodes), "That counts every Value. A leaf is one that no operation made."),
                  (len(nodes) - len(leaves), "Those are the nodes that were computed. Count "
                                             "the ones with no children."),
                  (len(leaves) - 1, f"One leaf is missing: {f.label}, the leaf typed in last "
                                    f"for L = d * {f.label}, counts too."),
                  (len(leaves) + 1, "One too many: a computed node such as d has children, "
                                    "so it is not a leaf.")],
        hints=["A leaf has no children: it was typed in, not computed."],
        why="a, b, c and f. The gradients that matter most end up on these.",
    )
    yield Say(
        "In a neural net, L is the **loss**. Some leaves are **weights** we are free to "
        "change; others are the **data**, which is given. Backprop computes a grad for "
        "both kinds."
    )
    yield AskChoice(
        "What happens with the gradients that land on the data leaves?",
        choices=["They are used to change the data, just like the weights",
                 "Computed, then ignored: only the weights get updated",
                 "They are always zero, because data is not a parameter"],
        correct=1,
        notes=["The data is what we learn from, so it stays as it is; only the weights "
               "are changed.", "",
               "backward() cannot tell data from weights: every leaf gets its real "
               "gradient, usually not zero."],
        why="The data is fixed; we tune the weights.",
    )
    yield Recap([
        "Every intermediate result is a Value; give each one a label.",
        f"L's graph has {len(nodes)} Values: {len(typed)} leaves and {len(results)} results. "
        "Op boxes in a drawing are not Values.",
        "Labels are for display only, and an output's label must be set by hand.",
        "grad starts at 0 on every node; backprop will fill in its gradient, dL/d(node).",
        "Gradients on data leaves exist but go unused; weights are what we update.",
    ])
