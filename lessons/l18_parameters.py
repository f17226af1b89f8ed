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
    yield AskNumber("How many parameters does Neuron(3) have?",
                    value=len(neuron.parameters()), **exact,
                    hints=["One weight per input... and something else."])
    yield AskNumber("How many parameters does Layer(3, 4) have?",
                    value=len(layer.parameters()), **exact,
                    hints=["Four neurons, each like the one before."])
    yield AskNumber("How many parameters does MLP(3, [4, 4, 1]) have?",
                    value=len(model.parameters()), **exact,
                    hints=["Layer 2's neurons each read 4 inputs, not 3.",
                           "Each neuron has (inputs + 1) parameters."])
    per_layer = [len(lay.parameters()) for lay in model.layers]
    yield Say(f"Layer by layer: {' + '.join(map(str, per_layer))} = **{sum(per_layer)}**. "
              "Each neuron has one weight per input plus a bias: 4·(3+1), 4·(4+1), 1·(4+1).")

    demo = MLP(2, [16, 16, 1], rng=random.Random(SEED))
    demo_layers = [len(lay.parameters()) for lay in demo.layers]
    yield AskNumber("The demo at the end of the course uses MLP(2, [16, 16, 1]). "
                    "How many parameters?",
                    value=len(demo.parameters()), **exact,
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
        choices=["It returns n's 4 parameters, using the new class",
                 "AttributeError: n has no parameters()"],
        correct=0 if found is not None else 1,
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
                 "The new network drew new random weights",
                 "The loss is computed differently once parameters() exists"],
        correct=1,
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
