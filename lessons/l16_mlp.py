"""Lesson: Neuron, Layer, MLP (lecture section 17).

A seeded Neuron(3) on x = [2, 3, -1]: the learner predicts its weighted sum and
which way a weight with a negative input pushes the output.  Then the
`sum(generator, start)` syntax trap, compiled for real.  Then MLP(3, [4, 4, 1]):
how many neurons, and how many tanh and weight multiplications one forward
pass makes (counted in the elementary graph, fused=False).
"""

import random

from engine.nn import MLP, Layer, Neuron
from lessons.steps import AskChoice, AskNumber, AskSign, AskValue, Code, Recap, Say, Show

X = [2.0, 3.0, -1.0]
NEURON_SEED = 3
MLP_SEED = 42

NEURON_SOURCE = '''\
class Neuron:
    def __init__(self, nin, rng):
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(rng.uniform(-1, 1))

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()'''

# Pitfall 17: the same line without the generator's own parentheses.
BROKEN_LINE = "act = sum(wi * xi for wi, xi in zip(self.w, x), self.b)"
FIXED_LINE = "act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)"


def compiles(source):
    """(True, "") if Python accepts the source, else (False, the SyntaxError's message)."""
    try:
        compile(source, "<neuron>", "exec")
    except SyntaxError as err:
        return False, err.msg
    return True, ""


def count_ops(root, op, among=None):
    """How many nodes of root's graph were made by `op` (optionally: with a child in `among`)."""
    return sum(1 for n in root.topological_order()
               if n._op == op and (among is None or any(c in among for c in n._prev)))


def lesson():
    yield Say(
        "# Neuron, Layer, MLP\n\n"
        "Time to stop wiring neurons by hand. A **neuron** holds one weight per input and a "
        "bias, all random at the start, and computes `tanh(w·x + b)`. We seed the random "
        "generator, so the same network comes out every time."
    )
    yield Code(NEURON_SOURCE + "\n\nn = Neuron(3, random.Random(3))\nn([2.0, 3.0, -1.0])")

    neuron = Neuron(3, rng=random.Random(NEURON_SEED), fused=False)
    for i, w in enumerate(neuron.w, start=1):
        w.label = f"w{i}"
    neuron.b.label = "b"
    out = neuron(X)
    out.label = "out"
    act = out._prev[0]
    act.label = "act"
    w_text = ", ".join(f"{w.data:.3f}" for w in neuron.w)
    yield Say(f"This neuron drew the weights **[{w_text}]** and the bias **{neuron.b.data:.3f}**. "
              "The input is x = [2, 3, -1].")
    yield AskValue(node=act,
                   prompt="What is the weighted sum plus bias, act = w·x + b? (Three decimals.)",
                   hints=["Multiply each weight by its input: w1·2 + w2·3 + w3·(-1).",
                          "Then add the bias."])
    yield Show(out, highlight=[act], caption="One neuron: three products, summed onto b, "
                                             "then tanh.")
    yield AskSign(out=out, wrt=neuron.w[2],
                  prompt="If w3 goes up a little, does the neuron's output go up, down, or "
                         "stay the same?",
                  hints=["w3 multiplies the third input, which is -1.",
                         "tanh never slopes downwards."],
                  why="d(out)/d(w3) = (1 - out²) · x3, and x3 = -1.")

    # Pitfall 17: a generator plus a start value.
    broken_ok, broken_msg = compiles(BROKEN_LINE)
    fixed_ok, _ = compiles(FIXED_LINE)
    choices = ["It runs, and the sum starts at b",
               "SyntaxError, before anything runs",
               "It runs but adds b to every term"]
    yield Code(BROKEN_LINE, caption="The weighted sum, typed with one pair of brackets fewer.")
    yield AskChoice(
        "What does Python make of this line?", choices=choices,
        correct=0 if broken_ok else 1,
        hints=["A bare generator `(... for ...)` may only be the *sole* argument of a call."],
        why="With a second argument, the generator needs its own parentheses.")
    yield Say(
        "We handed the line to Python's own `compile()`. "
        + (f"It raised **SyntaxError: {broken_msg}**." if not broken_ok else "It compiled.")
        + " With the generator wrapped in its own brackets the line "
        + ("compiles fine." if fixed_ok else "still fails.")
        + " The second argument of `sum` is where the sum *starts*: here, at the bias."
    )

    # Layers and the MLP.
    layer = Layer(3, 4, rng=random.Random(MLP_SEED), fused=False)
    layer_out = layer(X)
    model = MLP(3, [4, 4, 1], rng=random.Random(MLP_SEED), fused=False)
    yield Say(
        "A **Layer** is a list of neurons that all read the same input. An **MLP** chains "
        "layers: each layer's outputs are the next layer's inputs.\n\n"
        "`MLP(3, [4, 4, 1])` takes 3 numbers in, has two hidden layers of 4 neurons and one "
        "output neuron."
    )
    yield Code("class Layer:\n"
               "    def __init__(self, nin, nout, rng):\n"
               "        self.neurons = [Neuron(nin, rng) for _ in range(nout)]\n"
               "    def __call__(self, x):\n"
               "        outs = [n(x) for n in self.neurons]\n"
               "        return outs[0] if len(outs) == 1 else outs\n\n"
               "class MLP:\n"
               "    def __init__(self, nin, nouts, rng):\n"
               "        sz = [nin] + nouts\n"
               "        self.layers = [Layer(sz[i], sz[i+1], rng) for i in range(len(nouts))]\n"
               "    def __call__(self, x):\n"
               "        for layer in self.layers:\n"
               "            x = layer(x)\n"
               "        return x")
    yield AskNumber("How many numbers does `Layer(3, 4)` return for one input x?",
                    value=len(layer_out),
                    hints=["One number per neuron; the input size only sets how many "
                           "weights each neuron has."])
    yield AskNumber("How many neurons are there in MLP(3, [4, 4, 1]) altogether?",
                    value=sum(len(layer.neurons) for layer in model.layers), abs_tol=0,
                    rel_tol=0,
                    hints=["The 3 is the size of the input, not a layer of neurons."])

    y = model(X)
    params = set(model.parameters())
    n_tanh = count_ops(y, "tanh")
    n_weight_muls = count_ops(y, "*", among=params)
    yield Say(f"One forward pass, `model([2, 3, -1])`, gives **{y.data:.4f}**, and builds a "
              f"graph of **{len(y.topological_order())}** nodes, far too many to draw here. "
              "Let us count some of them instead.")
    yield AskNumber("How many tanh nodes does that one forward pass create?",
                    value=n_tanh, abs_tol=0, rel_tol=0,
                    hints=["Every neuron ends in exactly one tanh."])
    yield AskNumber("And how many multiplications of a weight by an input?",
                    value=n_weight_muls, abs_tol=0, rel_tol=0,
                    hints=["A neuron multiplies each of its inputs by its own weight.",
                           "Layer 1: 4 neurons × 3 inputs. Layer 2: 4 × 4. Layer 3: 1 × 4."],
                    why="4·3 + 4·4 + 1·4 = 32 products.")

    again = MLP(3, [4, 4, 1], rng=random.Random(MLP_SEED), fused=False)(X)
    yield AskChoice(
        "We build a second MLP(3, [4, 4, 1]) with a fresh random.Random(42). Is its output "
        "the same as the first one's?",
        choices=["Yes, exactly the same", "No, different random weights"],
        correct=0 if again.data == y.data else 1,
        hints=["A seeded generator replays the same sequence of numbers."])
    yield Say(f"First network: {y.data:.4f}. Second network: {again.data:.4f}. Without a seed, "
              "every run of the lecture's notebook drew new weights, and so gave a different "
              "output.")
    yield Recap([
        "Neuron: tanh(sum of wᵢ·xᵢ + b), with random weights in [-1, 1].",
        "Layer: neurons side by side on the same input. MLP: layers one after another.",
        f"MLP(3, [4, 4, 1]): {n_tanh} tanh and {n_weight_muls} weight products per example.",
        "sum(generator, start) needs the generator in its own parentheses.",
    ])
