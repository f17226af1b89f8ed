"""Lesson: Neuron, Layer, MLP (lecture section 17).

A seeded Neuron(3) on fresh numbers, x = [1.5, -2, -0.5] (not the chapter-3
neuron again): the learner predicts its weighted sum and which way a weight with
a negative input pushes the output.  Then the `sum(generator, start)` syntax
trap, compiled for real.  Then MLP(3, [4, 4, 1], random.Random(42)) on the
lecture's x = [2, 3, -1], its seed shown in the code: how many neurons, and how
many tanh and weight multiplications one forward pass makes (counted in the
elementary graph, fused=False: every +, * and tanh a node, every leaf a node).
"""

import random

from engine.nn import MLP, Layer, Neuron
from lessons.steps import AskChoice, AskNumber, AskSign, AskValue, Code, Recap, Say, Show

X = [2.0, 3.0, -1.0]            # the lecture's input to the MLP
X_NEURON = [1.5, -2.0, -0.5]    # fresh numbers for the single-neuron practice
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
    yield Code(NEURON_SOURCE + f"\n\nn = Neuron(3, random.Random({NEURON_SEED}))\n"
               f"n({X_NEURON})")

    neuron = Neuron(3, rng=random.Random(NEURON_SEED), fused=False)
    for i, w in enumerate(neuron.w, start=1):
        w.label = f"w{i}"
    neuron.b.label = "b"
    out = neuron(X_NEURON)
    out.label = "out"
    act = out._prev[0]
    act.label = "act"
    weights = [w.data for w in neuron.w]
    b = neuron.b.data
    x_text = ", ".join(f"{x:g}" for x in X_NEURON)
    w_text = ", ".join(f"{w:.3f}" for w in weights)
    no_bias = sum(w * x for w, x in zip(weights, X_NEURON))
    sign_slip = no_bias - 2 * weights[2] * X_NEURON[2] + b      # w3·x3 taken as +|x3|
    yield Say(f"This neuron drew the weights **[{w_text}]** and the bias **{b:.3f}**. "
              f"The input is x = [{x_text}].")
    yield AskValue(node=act,
                   prompt="What is the weighted sum plus bias, act = w·x + b? (Three decimals.)",
                   abs_tol=0.0005, rel_tol=0,
                   hints=["Multiply each weight by its own input and add the three products.",
                          "Then add the bias."],
                   mistakes=[(no_bias, "That is w·x alone: the bias b is part of act too."),
                             (out.data, "That is tanh(act), the neuron's output. act is the "
                                        "number that goes into the tanh."),
                             (sign_slip, "Mind the signs in w3·x3: both are negative, so "
                                         "their product is positive.")],
                   why=f"{' + '.join(f'({w:.3f})·({x:g})' for w, x in zip(weights, X_NEURON))}"
                       f" + {b:.3f}.")
    yield Show(out, highlight=[act], caption="One neuron: three products, summed onto b, "
                                             "then tanh.")
    x3 = X_NEURON[2]
    yield AskSign(out=out, wrt=neuron.w[2],
                  prompt="If w3 goes up a little, does the neuron's output go up, down, or "
                         "stay the same?",
                  hints=[f"w3 multiplies the third input, which is {x3:g}.",
                         "tanh never slopes downwards."],
                  why=f"dout/dw3 = (1 - out²) · x3, and x3 = {x3:g} is negative.")

    # Pitfall 17: a generator plus a start value.
    broken_ok, broken_msg = compiles(BROKEN_LINE)
    fixed_ok, _ = compiles(FIXED_LINE)
    choices = ["SyntaxError, before anything runs",
               "It runs, and the sum starts at b",
               "It runs but adds b to every term"]
    yield Code(BROKEN_LINE, caption="The weighted sum, typed with one pair of brackets fewer.")
    yield AskChoice(
        "What does Python make of this line?", choices=choices,
        correct=1 if broken_ok else 0, shuffle=False,
        notes=["" if not broken_ok else "This Python accepts it.",
               "" if broken_ok else
               "That is what the line means to do, but Python never gets to run it: a "
               "generator without its own brackets must be a call's only argument.",
               "The second argument of sum() is not added to each term: it is where the "
               "sum starts. And this line does not get that far."],
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
               "        return x\n\n"
               f"model = MLP(3, [4, 4, 1], random.Random({MLP_SEED}))")
    n_in, n_out = len(X), len(layer_out)
    yield AskNumber("How many numbers does `Layer(3, 4)` return for one input x?",
                    value=n_out, abs_tol=0, rel_tol=0,
                    mistakes=[(n_in, "That is the size of the input. A layer gives one number "
                                     "per neuron."),
                              (n_in * n_out, "That is how many weights the layer has. Each "
                                             "neuron turns its weighted sum into one number.")],
                    hints=["One number per neuron; the input size only sets how many "
                           "weights each neuron has."])
    sizes = [len(lay.neurons) for lay in model.layers]
    yield AskNumber("How many neurons are there in MLP(3, [4, 4, 1]) altogether?",
                    value=sum(sizes), abs_tol=0, rel_tol=0,
                    mistakes=[(n_in + sum(sizes), "You counted the 3 inputs as neurons. They "
                                                  "are numbers fed in; nothing computes them."),
                              (sum(sizes) - sizes[-1], "The last 1 in [4, 4, 1] is a layer too: "
                                                       "the output neuron.")],
                    hints=["The 3 is the size of the input, not a layer of neurons."])

    y = model(X)
    params = set(model.parameters())
    n_tanh = count_ops(y, "tanh")
    n_weight_muls = count_ops(y, "*", among=params)
    yield Say(f"One forward pass, `model([2.0, 3.0, -1.0])`, gives **{y.data:.4f}**. Its graph, "
              "counted as built here (every `+`, `*` and tanh a node, and every leaf a node: "
              "the weights, the biases and each use of an input number), has "
              f"**{len(y.topological_order())}** nodes, far too many to draw. Let us count "
              "some of them instead.")
    n_layers = len(model.layers)
    yield AskNumber("How many tanh nodes does that one forward pass create?",
                    value=n_tanh, abs_tol=0, rel_tol=0,
                    mistakes=[(n_layers, "That is one per layer. Every neuron has its own tanh."),
                              (sum(sizes) - sizes[-1], "The output neuron ends in a tanh too."),
                              (n_in + sum(sizes), "The 3 inputs are plain numbers: no tanh is "
                                                  "applied to them.")],
                    hints=["Every neuron ends in exactly one tanh."])
    every_from_input = sum(sizes) * n_in
    yield AskNumber("And how many multiplications of a weight by an input?",
                    value=n_weight_muls, abs_tol=0, rel_tol=0,
                    mistakes=[(len(params), "That is the number of parameters. The biases are "
                                            "added, not multiplied."),
                              (every_from_input, "Only the first layer reads the 3 inputs. The "
                                                 "neurons after it read the 4 outputs of the "
                                                 "layer before."),
                              (n_weight_muls - sizes[-1] * sizes[-2],
                               "The output neuron multiplies its 4 inputs by weights too."),
                              (sizes[0] * n_in, "That is the first layer alone. The neurons "
                                                "of the later layers multiply their inputs "
                                                "by weights too.")],
                    hints=["A neuron multiplies each of its inputs by its own weight.",
                           "Layer 1: 4 neurons × 3 inputs. Layer 2: 4 × 4. Layer 3: 1 × 4."],
                    why=" + ".join(f"{n}·{k}" for n, k in zip(sizes, [n_in] + sizes))
                        + f" = {n_weight_muls} products.")

    again = MLP(3, [4, 4, 1], rng=random.Random(MLP_SEED), fused=False)(X)
    yield AskChoice(
        f"We build a second MLP(3, [4, 4, 1]) with a fresh random.Random({MLP_SEED}), the "
        "seed of the first. Is its output the same as the first one's?",
        choices=["Yes, exactly the same", "No, different random weights"],
        correct=0 if again.data == y.data else 1, shuffle=False,
        notes=["", "The weights are random, but a generator with the same seed draws the "
                   "same numbers in the same order."],
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
