"""The lecture's 2-input tanh neuron, shared by the lessons of chapter 3.

Not a lesson (no ``lesson()``): a helper the lessons ``neuron`` to ``pytorch``
import, so they all build exactly the same labelled graph.
"""

from engine import Value

__all__ = ["SPECIAL_BIAS", "neuron_leaves", "neuron_forward", "build_neuron"]

# The lecture's bias: it makes n = ln(1 + sqrt 2), so o = 1/sqrt 2 and 1 - o**2 = 1/2.
SPECIAL_BIAS = 6.8813735870195432


def neuron_leaves(bias=SPECIAL_BIAS):
    """Fresh leaves x1 = 2, x2 = 0, w1 = -3, w2 = 1 and the given bias, labelled."""
    return dict(x1=Value(2.0, label="x1"), x2=Value(0.0, label="x2"),
                w1=Value(-3.0, label="w1"), w2=Value(1.0, label="w2"),
                b=Value(bias, label="b"))


def neuron_forward(x1, x2, w1, w2, b, activation="tanh"):
    """The forward pass from existing leaves, one labelled node per step.

    Returns every node by name.  ``activation=None`` stops at n (for lessons
    that put their own tanh on top).
    """
    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    total = x1w1 + x2w2
    total.label = "x1*w1+x2*w2"
    n = total + b
    n.label = "n"
    nodes = dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, x1w1=x1w1, x2w2=x2w2, total=total, n=n)
    if activation == "tanh":
        o = n.tanh()
        o.label = "o"
        nodes["o"] = o
    return nodes


def build_neuron(bias=SPECIAL_BIAS, activation="tanh"):
    """Fresh leaves and the forward pass: a dict of every node by name."""
    return neuron_forward(**neuron_leaves(bias), activation=activation)
