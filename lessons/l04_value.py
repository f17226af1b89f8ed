"""Lesson: Value, numbers that remember (lecture section 4).

The Value class: one number in .data, a readable repr, `+` and `*` through
__add__ and __mul__, and the bookkeeping (_prev, _op) that records the graph.
The learner predicts what Value(2.0) + Value(-3.0) holds and prints, d's
value, its _op, what _prev holds, and what a leaf remembers.
"""

from engine import Value
from lessons.steps import AskChoice, AskNumber, AskValue, Code, Recap, Say, Show, labelled


def _datas(nodes):
    return ", ".join(f"{n.data:g}" for n in nodes)


def lesson():
    yield Say(
        "# Value: numbers that remember\n\n"
        "A neural net is a huge expression. Before we can ask how the output depends on "
        "each input, something has to **remember how every number was produced**."
    )
    yield Say("micrograd's answer is a small class, `Value`, that wraps one number.")
    yield Code(
        "class Value:\n"
        "    def __init__(self, data):\n"
        "        self.data = data\n"
        "\n"
        "    def __repr__(self):\n"
        "        return f\"Value(data={self.data})\"",
        caption="The first version: a number in a box, printed readably",
    )
    yield Say(
        "Python lets a class decide what `+` and `*` mean. Writing `a + b` really calls "
        "`a.__add__(b)`, and `a * b` calls `a.__mul__(b)`. These *dunder* (double "
        "underscore) methods return a brand-new Value."
    )
    yield Code(
        "    def __add__(self, other):\n"
        "        return Value(self.data + other.data)\n"
        "\n"
        "    def __mul__(self, other):\n"
        "        return Value(self.data * other.data)",
        caption="Inside class Value",
    )

    s = Value(2.0) + Value(-3.0)
    yield AskValue(node=s, prompt="What number does `Value(2.0) + Value(-3.0)` hold?",
                   hints=["__add__ adds the two .data fields."])

    def first_repr(x):          # the __repr__ of the class on screen above
        return f"Value(data={x})"

    shown = first_repr(s.data)
    summed = f"{first_repr(2.0)} + {first_repr(-3.0)}"
    choices = [f"{s.data}", shown, summed]
    yield AskChoice(
        "With the class above, what does `print(Value(2.0) + Value(-3.0))` show?",
        choices=choices,
        correct=choices.index(shown),
        notes=["That is the number inside. print shows a Value through its __repr__, "
               "which wraps the number in Value(data=...).",
               "",
               "The + has already run and made one new Value: print shows that one."],
        hints=["The result of + is a new Value, and print uses its __repr__."],
        why="The sum is a Value of its own, printed by __repr__.",
    )
    yield Code(f">>> print(Value(2.0) + Value(-3.0))\n{shown}")
    yield Say(
        "Our engine's Value also carries a `grad` field (you will meet it soon), and its "
        "`__repr__` prints that too:"
    )
    yield Code(f">>> print(Value(2.0) + Value(-3.0))   # the tutor's engine\n{s!r}")

    yield Say(
        "## Remembering the graph\n\n"
        "A plain sum forgets where it came from. So each new Value also stores its "
        "**children** (the Values it was made from) in `_prev`, and the **operation** "
        "that made it in `_op`."
    )
    yield Code(
        "    def __mul__(self, other):\n"
        "        return Value(self.data * other.data, (self, other), '*')\n"
        "\n"
        "# and in __init__:\n"
        "#     self._prev = _children   # the inputs\n"
        "#     self._op = _op           # '+', '*', or '' for a leaf",
        caption="The result records its inputs and its operation",
    )

    a, b, c = labelled(a=2.0, b=-3.0, c=10.0)
    d = a * b + c
    d.label = "d"
    yield Code("a = Value(2.0)\nb = Value(-3.0)\nc = Value(10.0)\nd = a*b + c")
    yield AskValue(node=d, prompt="What is d.data?",
                   hints=["Python does a*b first, making a new Value, then adds c."],
                   mistakes=[(a.data * (b.data + c.data),
                              "Python multiplies before it adds: a*b first, then + c.")])

    ops = ["*", "+", ""]
    yield AskChoice(
        "What is `d._op`?",
        choices=[repr(o) for o in ops],
        correct=ops.index(d._op),
        notes=["The multiplication came first and made one of d's children. d itself was "
               "made by the last operation.", "",
               "An empty _op marks a leaf, a Value you typed in. d was made by an "
               "operation."],
        hints=["Which operation happened *last*, producing d itself?"],
        why="d was made by the addition; the multiplication made one of its children.",
    )

    product = next(n for n in d._prev if n._op == "*")
    children = list(d._prev)
    options = [[a, b, c], children, [product]]
    yield AskChoice(
        "`d._prev` holds d's children. What are their .data values?",
        choices=[_datas(o) for o in options],
        correct=options.index(children),
        notes=["a, b and c are all in d's graph, but not all of them are d's direct inputs.",
               "", "d has two direct inputs: the product, and one more."],
        hints=["Only the *direct* inputs of the final + are stored in d.",
               "One of them is the unnamed product a*b."],
        why="d's children are the product a*b and c. a and b sit one level further down.",
    )
    yield Show(d, highlight=list(d._prev),
               caption="d and its two children; the product remembers a and b in turn.")
    yield Say(
        "So the graph is stored as a chain of `_prev` links, one level at a time. "
        "In our engine `_prev` is a tuple in operand order (the lecture uses a set)."
    )

    yield AskNumber(
        "`a` was made by you, not by an operation. How many children does `a._prev` hold?",
        value=len(a._prev),
        hints=["A leaf is where the graph stops."],
        why=f"A leaf has no children and an empty _op ({a._op!r}).",
    )
    yield Code(f">>> a._prev, a._op\n({a._prev!r}, {a._op!r})")
    yield Recap([
        "Value wraps one number in .data and prints itself readably.",
        "a + b and a * b call __add__ and __mul__, which return new Values.",
        "Each result stores its children in _prev and its operation in _op.",
        "Leaves have no children and an empty _op; the graph ends there.",
    ])
