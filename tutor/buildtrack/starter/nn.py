"""micrograd's neural networks, written by you: Neuron, Layer, MLP.

This is your file. Each exercise's code goes between its `# >>>` and
`# <<<` lines: keep those two lines, so the tutor can find that part.
"""

import random

from micrograd.engine import Value

# >>> neuron  (exercise 10; parameters() comes in 11)
class Neuron:

    def __init__(self, nin):
        # nin weights in self.w and a bias in self.b: random Values
        raise NotImplementedError("exercise 10")

    def __call__(self, x):
        # tanh of (the weighted sum of x, plus the bias)
        raise NotImplementedError("exercise 10")
# <<< neuron

# >>> layer-mlp  (exercise 11)
class Layer:

    def __init__(self, nin, nout):
        # nout neurons in self.neurons
        raise NotImplementedError("exercise 11")

    def __call__(self, x):
        # every neuron's output
        raise NotImplementedError("exercise 11")

    def parameters(self):
        # all the neurons' parameters, in one list
        raise NotImplementedError("exercise 11")


class MLP:

    def __init__(self, nin, nouts):
        # one Layer per pair of neighbouring sizes, in self.layers
        raise NotImplementedError("exercise 11")

    def __call__(self, x):
        # the layers, one after the other
        raise NotImplementedError("exercise 11")

    def parameters(self):
        # all the layers' parameters, in one list
        raise NotImplementedError("exercise 11")
# <<< layer-mlp
