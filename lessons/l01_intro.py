"""Lesson: what an autograd engine does (lecture section 1).

The micrograd README teaser (a = -4, b = 2) is built with our engine; the
learner guesses (unscored: nobody can see it) which input matters more,
predicts what a gradient says about a small nudge, and sees why backprop does
not care about neural nets or about scalars versus tensors.
"""

from engine import Value
from lessons.steps import AskChoice, AskNumber, Code, Nudge, Recap, Say

# The README expression: shown to the learner, and the very code the lesson runs.
EXPRESSION = """\
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a).relu()
d += 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f"""

TEASER = f"""\
from engine import Value

a = Value(-4.0)
b = Value(2.0)
{EXPRESSION}
print(f"{{g.data:.4f}}")      # the forward pass
g.backward()
print(f"{{a.grad:.4f}}")      # dg/da
print(f"{{b.grad:.4f}}")      # dg/db"""


def teaser(a, b):
    """Run EXPRESSION on the leaves a and b; returns g."""
    names = {"a": a, "b": b}
    exec(EXPRESSION, names)
    g = names["g"]
    g.label = "g"
    return g


def lesson():
    yield Say(
        "# What an autograd engine does\n\n"
        "Training a neural net means nudging its weights so that a *loss* number goes down. "
        "To know which way to nudge each weight, we need the **gradient**: how the loss "
        "reacts to each weight."
    )
    yield Say(
        "An **autograd** engine computes those gradients automatically, using "
        "**backpropagation**. PyTorch and JAX have one at their core. In this course you "
        "rebuild a tiny one, *micrograd*, and poke at it."
    )
    yield Say(
        "Here is a deliberately messy expression of two inputs. Every `Value` wraps one "
        "number; every `+`, `*`, `**`, `relu` and `/` makes a new Value."
    )
    yield Code(TEASER, caption="micrograd's README example, in our engine")

    a = Value(-4.0, label="a")
    b = Value(2.0, label="b")
    g = teaser(a, b)
    yield AskChoice(
        "After these lines run, what does the Value `g` know?",
        choices=["Only its own number, g.data",
                 "Its number, and the Values and operation that made it",
                 "Its number, and the line of Python source that created it"],
        correct=int(len(g._prev) > 0),
        notes=["Then nothing could ever find its way from g back to a and b, and no "
               "gradient could be computed.",
               "",
               "Python does not hand source lines to a Value. What it can keep is the "
               "Values it was made from and the operation."],
        hints=["Backprop will have to walk from g back to a and b. "
               "What would it need to find its way?"],
        why="Each Value keeps its children and its operation, so the whole expression "
            "is recorded as a graph.",
    )
    nodes = g.topological_order()
    yield Say(
        f"The forward pass gives **g = {g.data:.4f}**. Behind that one number the engine "
        f"recorded a graph of **{len(nodes)} Values**, from the two inputs up to g."
    )

    g.backward()
    grads = {"a": a.grad, "b": b.grad}
    bigger = max(grads, key=lambda k: abs(grads[k]))
    names = list(grads)
    yield AskChoice(
        "`g.backward()` will now compute dg/da and dg/db. Which "
        "input do you think g is more sensitive to?",
        choices=[f"{n}: a small push on {n} moves g more" for n in names],
        correct=names.index(bigger),
        notes=["" if n == bigger else
               f"A fair guess, and the engine says otherwise: |dg/d{n}| is the smaller "
               "gradient, so a push on it moves g less." for n in names],
        scored=False, shuffle=False,
        hints=["Nobody can see this at a glance in an expression like this. "
               "That is exactly why we want an engine. Make a guess."],
        why=f"|dg/d{bigger}| is the larger of the two gradients.",
    )
    yield Say(
        f"The engine's answers: **dg/da = {a.grad:.4f}** and **dg/db = {b.grad:.4f}**. "
        "No formula was written down; the engine walked the graph backwards."
    )

    h = 0.001
    yield AskNumber(
        f"dg/da = {a.grad:.4f}. If a goes from {a.data:g} up by {h:g}, "
        "by about how much should g change? (Three significant digits are enough.)",
        value=a.grad * h,
        mistakes=[(a.grad, "That is the gradient itself: the change in g for a whole unit "
                           "of a. The push is much smaller than one unit."),
                  (h / a.grad, "You divided. A gradient is change in g per unit of a, so "
                               "the change is the gradient times the push."),
                  (-a.grad * h, "Right size, wrong sign: a positive gradient means g moves "
                                "the same way as a.")],
        hints=["A gradient is a rate: change in g per unit change in a.",
               "Multiply the gradient by the size of the push."],
        why="change in g is roughly gradient x push, for a small push.",
    )
    nudge = Nudge(lambda: teaser(a, b), leaf=a, h=h)
    yield nudge
    yield Say(
        f"g really moved by {nudge.after - nudge.before:.4f}, close to the "
        f"{a.grad * h:.4f} the gradient predicted. The tiny gap is there because g "
        "curves: the gradient is exact only for an infinitely small push."
    )

    yield Say(
        "## Neural nets are just expressions\n\n"
        "A neural net is one more expression like g: inputs and weights go in, "
        "predictions and a loss come out. It is bigger, but it is made of the same "
        "kind of operations."
    )
    yield AskChoice(
        "Does backpropagation need to know that an expression is a neural net?",
        choices=["Yes: it follows the neurons and layers to know where each gradient goes",
                 "No: any expression works if each operation knows its local derivative"],
        correct=1,
        notes=["It only ever follows the graph: each Value's children and operation. "
               "Neurons and layers are a way of building that graph, nothing more.", ""],
        why="The README expression above is not a neural net, and backward() handled it.",
    )

    yield Say(
        "## Scalars and tensors\n\n"
        "micrograd works on single numbers, *scalars*: every multiplication is its own "
        "Value. Real libraries group numbers into *tensors* (arrays)."
    )
    yield Code("W = [[Value(...) for _ in range(3)] for _ in range(4)]   # 4 x 3 weights\n"
               "x = [Value(...) for _ in range(3)]                      # 3 inputs\n"
               "out = [sum(w * xi for w, xi in zip(row, x)) for row in W]",
               caption="A matrix times a vector, one scalar at a time")
    weights = [[Value(0.1 * (i + 1) - 0.05 * j, label=f"w{i}{j}") for j in range(3)]
               for i in range(4)]
    x = [Value(float(j + 1), label=f"x{j}") for j in range(3)]
    outs = [sum((w * xi for w, xi in zip(row, x)), Value(0.0, label="zero"))
            for row in weights]
    mults = {n for o in outs for n in o.topological_order() if n._op == "*"}
    yield AskNumber(
        "In micrograd, how many separate multiplication nodes does that 4 x 3 "
        "matrix-times-vector create?",
        value=len(mults),
        mistakes=[(len(weights), "That is one per output. Each output is a sum of several "
                                 "products, one for each input."),
                  (len(x), "That is one output's products. There is a row of weights per "
                           "output."),
                  (len(weights) + len(x), "Rows and columns add up to that, but there is "
                                          "one product per weight: multiply them.")],
        hints=["Each output is a sum over 3 products, and there are 4 outputs."],
        why="One `*` node per weight: rows x columns.",
    )
    yield AskChoice(
        "PyTorch would do that as one tensor operation. Why do real libraries use tensors?",
        choices=["The calculus of backprop is different for tensors",
                 "Speed: many scalar operations run at once, in parallel",
                 "Derivatives can only be computed exactly on arrays of numbers"],
        correct=1,
        notes=["The chain rule is the same: a tensor operation is many scalar ones side by "
               "side, each with the same local derivatives.",
               "",
               "The engine you just ran computes exact derivatives of single numbers."],
        why="The math is identical; tensors are about efficiency.",
    )
    yield Say(
        "The whole of micrograd is about 150 lines: an engine of roughly 100 that knows "
        "nothing about neural nets, and a small neural-net file on top. Everything else "
        "in a big library is mostly about speed."
    )
    yield Recap([
        "An autograd engine computes gradients for you, by backpropagation.",
        "Each Value remembers its children and operation, so the expression is a graph.",
        "A gradient says how much, and which way, the output moves per small push.",
        "Neural nets are just big expressions; backprop works on any expression.",
        "micrograd uses scalars; tensors do the same math, only faster.",
    ])
