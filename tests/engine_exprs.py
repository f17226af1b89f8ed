"""Random expression trees for property tests, safe by construction.

A tree is a leaf name ("a", "b", "c"), a constant (a float), or a tuple
(op, subtree, ...).  Every op is written so that it is defined and smooth
everywhere: log, division and fractional powers only see arguments >= 0.5, exp
only sees arguments in [-2, 2].  The one kink, relu, is recorded so a test can
skip points too close to it.  ``evaluate`` only uses operators and methods that
torch tensors share with Value, plus the three functions of a ``Lib``, so the
same tree runs in both.
"""

from dataclasses import dataclass
from typing import Callable

from hypothesis import strategies as st

LEAVES = ("a", "b", "c")
UNARY = ("neg", "tanh", "sigmoid", "relu", "exp", "log", "sqrt", "square", "cube", "inv")
BINARY = ("add", "sub", "mul", "div", "radd", "rsub", "rmul", "rtruediv", "dot")


@dataclass
class Lib:
    const: Callable      # a number -> a node
    dot: Callable        # (weights, inputs, bias) -> sum(w * x) + bias
    number: Callable     # a node -> its float


def positive(x):
    """x*x + 0.5: positive and smooth, the safe argument for log, / and **0.5."""
    return x * x + 0.5


def apply(op, args, lib, relu_inputs):
    x = args[0]
    if op == "neg":
        return -x
    if op == "tanh":
        return x.tanh()
    if op == "sigmoid":
        return x.sigmoid()
    if op == "relu":
        relu_inputs.append(lib.number(x))
        return x.relu()
    if op == "exp":
        return (x.tanh() * 2).exp()
    if op == "log":
        return positive(x).log()
    if op == "sqrt":
        return positive(x) ** 0.5
    if op == "square":
        return x ** 2
    if op == "cube":
        return x.tanh() ** 3
    if op == "inv":
        return positive(x) ** -1.5
    y = args[1]
    if op == "add":
        return x + y
    if op == "sub":
        return x - y
    if op == "mul":
        return x * y
    if op == "div":
        return x / positive(y)
    if op == "radd":
        return 1.5 + x * y
    if op == "rsub":
        return 0.5 - x * y
    if op == "rmul":
        return -2.0 * (x - y)
    if op == "rtruediv":
        return 2.0 / positive(x + y)
    if op == "dot":
        return lib.dot([x, y], [0.5, x], y)  # y + x*0.5 + y*x
    raise ValueError(op)


def evaluate(tree, env, lib, relu_inputs=None):
    """The tree's output node; leaf names are looked up in env, constants made by lib."""
    relu_inputs = [] if relu_inputs is None else relu_inputs
    if isinstance(tree, str):
        return env[tree]
    if isinstance(tree, float):
        return lib.const(tree)
    op, *subtrees = tree
    return apply(op, [evaluate(t, env, lib, relu_inputs) for t in subtrees], lib, relu_inputs)


def uses_a_leaf(tree):
    if isinstance(tree, str):
        return True
    return isinstance(tree, tuple) and any(uses_a_leaf(t) for t in tree[1:])


def _extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children),
        st.tuples(st.sampled_from(BINARY), children, children),
    )


leaf_or_const = st.one_of(
    st.sampled_from(LEAVES),
    st.floats(-2.0, 2.0, allow_nan=False).map(lambda x: round(x, 3)),
)

# The root is always an operation on at least one leaf, so there is something to derive.
trees = st.recursive(leaf_or_const, _extend, max_leaves=10).filter(
    lambda t: isinstance(t, tuple) and uses_a_leaf(t)
)
leaf_values = st.tuples(*[st.floats(-2.0, 2.0, allow_nan=False)] * len(LEAVES))


def readme_teaser(V):
    """micrograd's README expression (a = -4, b = 2) on the Value class V.

    Returns every named node: a, b, c, d, e, f, g.
    """
    a, b = V(-4.0), V(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return a, b, c, d, e, f, g
