"""Neurons, layers and multi-layer perceptrons built on Value.

Two variants, as in the course:

* ``activation="tanh"``: the lecture's network, tanh on every neuron, the
  output included, with random biases.
* ``activation="relu"``: the released micrograd demo's network, ReLU on the
  hidden layers, a linear output neuron, biases starting at zero.

micrograd's spelling works too: ``Neuron(nin, nonlin=True)`` and
``Layer(nin, nout, **kwargs)``.  ``nonlin`` switches the neuron's nonlinearity on
or off, and ``activation`` says which one it is: ``Neuron(3)`` is a tanh neuron,
``Neuron(3, nonlin=False)`` a linear one (``activation="linear"`` says the same),
``Neuron(3, activation="relu", zero_bias=True)`` is micrograd's ``Neuron(3)``.

Randomness comes from a ``random.Random`` you pass in (or a fixed-seed one made
here), never from the global generator, so a network is the same on every run.

``fused=True`` computes each neuron's weighted sum as one ``Value.dot`` node;
``fused=False`` spells it out with ``*`` and ``+`` nodes, as the lecture draws it.
Both give the same numbers.
"""

import random

from engine.value import Value

__all__ = ["Module", "Neuron", "Layer", "MLP", "DEFAULT_SEED"]

DEFAULT_SEED = 1337
ACTIVATIONS = ("tanh", "relu", "linear")
_NAMES = {"tanh": "Tanh", "relu": "ReLU", "linear": "Linear"}  # micrograd says ReLUNeuron


class Module:
    """Anything with parameters: gives ``parameters()`` and ``zero_grad()``."""

    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """act(w . x + b), where act is the activation if nonlin is on, else nothing."""

    def __init__(self, nin, nonlin=True, *, activation="tanh", rng=None, fused=True,
                 zero_bias=False):
        if not isinstance(nonlin, bool):
            raise TypeError(f"nonlin is True or False, got {nonlin!r}; "
                            "choose the nonlinearity with activation='tanh' or 'relu'")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        rng = rng if rng is not None else random.Random(DEFAULT_SEED)
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0 if zero_bias else rng.uniform(-1, 1))
        self.activation = activation if nonlin else "linear"
        self.nonlin = self.activation != "linear"
        self.fused = fused

    def __call__(self, x):
        if len(x) != len(self.w):
            raise ValueError(f"this neuron takes {len(self.w)} inputs, got {len(x)}")
        if self.fused:
            act = Value.dot(self.w, x, self.b)
        else:
            act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        if self.activation == "tanh":
            return act.tanh()
        if self.activation == "relu":
            return act.relu()
        return act

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"{_NAMES[self.activation]}Neuron({len(self.w)})"


class Layer(Module):
    """nout neurons, each reading the same inputs; kwargs go to every Neuron."""

    def __init__(self, nin, nout, *, rng=None, **kwargs):
        rng = rng if rng is not None else random.Random(DEFAULT_SEED)  # one for all neurons
        self.neurons = [Neuron(nin, rng=rng, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """Layers applied in turn: MLP(3, [4, 4, 1]) has 41 parameters."""

    def __init__(self, nin, nouts, activation="tanh", rng=None, fused=True):
        if activation not in ("tanh", "relu"):
            raise ValueError(f"activation must be 'tanh' or 'relu', got {activation!r}")
        rng = rng if rng is not None else random.Random(DEFAULT_SEED)
        sizes = [nin] + list(nouts)
        self.layers = []
        for i in range(len(nouts)):
            last = i == len(nouts) - 1  # the demo's output neuron is linear: a score
            self.layers.append(
                Layer(sizes[i], sizes[i + 1], nonlin=not (last and activation == "relu"),
                      activation=activation, rng=rng, fused=fused,
                      zero_bias=(activation == "relu"))
            )

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
            if not isinstance(x, list):
                x = [x]
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
