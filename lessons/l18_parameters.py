"""Lesson: counting the parameters (lecture section 19).

parameters() on Neuron, Layer and MLP; the learner predicts the counts 4, 16, 41
and, for the demo's MLP(2, [16, 16, 1]), 337.  Pitfall 13: an object made before
its class gained a method does not have that method.  The lesson runs the two
versions of the class it shows, in a namespace of its own, and asks first.
"""

import random

from engine import Value
from engine.nn import MLP, Layer, Neuron
from lessons.steps import AskChoice, AskNumber, Code, Recap, Say

SEED = 42

PARAMETERS_SOURCE = '''\
class Neuron:
    ...
    def parameters(self):
        return self.w + [self.b]

class Layer:
    ...
    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

class MLP:
    ...
    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]'''

# Pitfall 13, as two notebook cells: the class, an object, then the class again.
CELL_1 = '''\
class Neuron:
    def __init__(self, nin, rng):
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(rng.uniform(-1, 1))

n = Neuron(3, random.Random(0))'''

CELL_2 = '''\
class Neuron:      # the same cell, edited and run again
    def __init__(self, nin, rng):
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(rng.uniform(-1, 1))

    def parameters(self):
        return self.w + [self.b]'''


def lesson():
    yield Say(
        "# Counting the parameters\n\n"
        "To improve the network we will nudge every weight and bias. So we need them all "
        "in one list. Following PyTorch, each class gets a `parameters()` method, and the "
        "bigger ones just collect from the smaller ones."
    )
    yield Code(PARAMETERS_SOURCE)

    neuron = Neuron(3, rng=random.Random(SEED))
    layer = Layer(3, 4, rng=random.Random(SEED))
    model = MLP(3, [4, 4, 1], rng=random.Random(SEED))
    exact = dict(abs_tol=0, rel_tol=0)
    n_in, n_neurons = len(neuron.w), len(layer.neurons)
    yield AskNumber("How many parameters does Neuron(3) have?",
                    value=len(neuron.parameters()), **exact,
                    mistakes=[(n_in, "Those are the weights. The bias is a parameter too: it "
                                     "gets a gradient and is updated like a weight.")],
                    hints=["One weight per input... and something else."])
    yield AskNumber("How many parameters does Layer(3, 4) have?",
                    value=len(layer.parameters()), **exact,
                    mistakes=[(n_in * n_neurons, "Those are the weights. Each of the four "
                                                 "neurons has a bias too."),
                              (n_in + n_neurons, "Inputs and neurons add up to that, but "
                                                 "every neuron has its own weight for every "
                                                 "input: multiply, then add the biases.")],
                    hints=["Four neurons, each like the one before."])
    weights_only = sum(len(nr.w) for lay in model.layers for nr in lay.neurons)
    all_from_input = sum(len(lay.neurons) for lay in model.layers) * (n_in + 1)
    yield AskNumber("How many parameters does MLP(3, [4, 4, 1]) have?",
                    value=len(model.parameters()), **exact,
                    mistakes=[(weights_only, "Those are the weights alone. Add one bias per "
                                             "neuron."),
                              (all_from_input, "That gives every neuron 3 inputs, or leaves "
                                               "out the output neuron. Layer 2's neurons read "
                                               "4 numbers, and the 1 in [4, 4, 1] is a neuron "
                                               "too."),
                              (3 * len(layer.parameters()), "Not every layer is Layer(3, 4): "
                                                            "the later ones read 4 inputs, and "
                                                            "the last has one neuron.")],
                    hints=["Layer 2's neurons each read 4 inputs, not 3.",
                           "Each neuron has (inputs + 1) parameters."])
    per_layer = [len(lay.parameters()) for lay in model.layers]
    yield Say(f"Layer by layer: {' + '.join(map(str, per_layer))} = **{sum(per_layer)}**. "
              "Each neuron has one weight per input plus a bias: 4·(3+1), 4·(4+1), 1·(4+1).")

    demo = MLP(2, [16, 16, 1], rng=random.Random(SEED))
    demo_layers = [len(lay.parameters()) for lay in demo.layers]
    demo_neurons = [nr for lay in demo.layers for nr in lay.neurons]
    demo_weights = sum(len(nr.w) for nr in demo_neurons)
    yield AskNumber("The demo at the end of the course uses MLP(2, [16, 16, 1]). "
                    "How many parameters?",
                    value=len(demo.parameters()), **exact,
                    mistakes=[(demo_weights, "Those are the weights alone. Add one bias per "
                                             "neuron."),
                              (len(demo.parameters()) - demo_layers[-1],
                               "The output neuron has parameters too: one weight per number "
                               "of layer 2, and a bias."),
                              (len(demo_neurons) * (2 + 1),
                               "Only the first layer reads the 2 inputs. Layer 2's neurons "
                               "read the 16 outputs of layer 1.")],
                    hints=["16·(2+1) for the first layer.",
                           "The second layer's neurons each read 16 inputs."],
                    why=" + ".join(map(str, demo_layers)) + f" = {sum(demo_layers)}.")

    # Pitfall 13: a stale object from before the class changed.
    yield Say(
        "In a notebook there is a trap here. The lecture's network was made *before* "
        "`parameters()` was written. Adding the method to the class and re-running that cell "
        "does not reach back into objects that already exist."
    )
    notebook = {"Value": Value, "random": random}
    exec(CELL_1, notebook)
    yield Code(CELL_1, caption="Cell 1, run once.")
    exec(CELL_2, notebook)
    yield Code(CELL_2, caption="Cell 2: the class again, now with parameters().")
    stale = notebook["n"]
    try:
        found = len(stale.parameters())
        result = f"it returned {found} parameters"
    except AttributeError as err:
        found = None
        result = f"**AttributeError: {err}**"
    yield AskChoice(
        "Now we call `n.parameters()` on the n made in cell 1. What happens?",
        choices=["AttributeError: n has no parameters()",
                 "It returns n's 4 parameters, using the new class"],
        correct=1 if found is not None else 0, shuffle=False,
        notes=["" if found is None else "This time the old object found the method.",
               "" if found is not None else
               "Running the cell again made a new class and pointed the name Neuron at it. "
               "n was made from the old one, which has no parameters()."],
        hints=["Running a class statement makes a brand-new class object.",
               "n still points to the class it was made from."])
    same_class = type(stale) is notebook["Neuron"]
    yield Say(
        f"We ran it: {result}. And `type(n) is Neuron` is **{same_class}**: n belongs to the "
        "old class, which the name `Neuron` no longer points to."
    )
    fresh = notebook["Neuron"](3, random.Random(0))
    yield Code("n = Neuron(3, random.Random(0))   # make it again\n"
               f"len(n.parameters())               # {len(fresh.parameters())}")
    yield AskChoice(
        "In the lecture, re-creating the network also changed the loss. Why?",
        choices=["parameters() changes the weights when it is called",
                 "The loss is computed differently once parameters() exists",
                 "The new network drew new random weights"],
        correct=2, shuffle=False,
        notes=["parameters() only lists the Values; it never changes their data.",
               "The loss is computed from the predictions, the same way before and after: "
               "it changed because the predictions did.", ""],
        hints=["The lecture's notebook did not seed its random generator."],
        why="Unseeded, every new network is a new draw. With random.Random(0) it would "
            "come out the same.")
    yield Recap([
        "parameters(): a neuron lists its weights and its bias; layers and MLPs collect "
        "from their parts.",
        f"A neuron with n inputs has n + 1 parameters; MLP(3, [4, 4, 1]) has "
        f"{len(model.parameters())}.",
        f"The demo's MLP(2, [16, 16, 1]) has {len(demo.parameters())}.",
        "After changing a class, re-create its objects: old ones keep the old class.",
    ])
