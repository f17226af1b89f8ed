"""A scalar value that remembers how it was computed, and can backpropagate.

This is micrograd's ``Value`` with one change of design: instead of a closure per
operation, every node stores the *local derivative* of its output with respect
to each of its children, as plain numbers, next to the children themselves::

    c = a * b      ->   c._prev  == (a, b)
                        c._local == (b.data, a.data)     # dc/da, dc/db

``c._backward()`` is then the lecture's closure, the same for every node::

    child.grad += local * c.grad      # for each child and its local derivative

and ``backward()`` runs it on every node, from the output down.  The tutor reads
the very same numbers to explain each step.  No closures means no reference
cycles, so Python frees a graph as soon as it is unused instead of waiting for
the cycle collector (micrograd spends most of its time there on its own demo).

Numbers follow Python's floats, with two rules for the chain rule: a derivative
too large for a float is inf (never an error), and an edge whose local
derivative or incoming gradient is 0 passes nothing on, so 0 * inf is 0, not
nan (as PyTorch's relu does).
"""

import math
import numbers

__all__ = ["Value", "Minus"]


class Value:
    """One number in an expression graph: its data, its gradient and its children."""

    __slots__ = ("data", "grad", "_prev", "_local", "_op", "label", "__weakref__")
    # numpy scalars on the left (np.float64(2) * a) leave the operation to Value
    # instead of making an array out of it.
    __array_ufunc__ = None

    def __init__(self, data, _children=(), _op="", label="", _local=()):
        if not _children:  # a leaf made by the user: check what we were given
            if isinstance(data, Value):
                data = data.data
            else:
                number = _as_float(data)
                if number is None:
                    raise TypeError(f"Value needs a number, got {type(data).__name__}: {data!r}")
                data = number
        elif len(_local) != len(_children):  # e.g. the local derivatives given as the label
            raise ValueError(
                f"a {_op!r} node needs one local derivative per child: {len(_children)} "
                f"children, _local={_local!r}; they come after the label: "
                "Value(data, children, op, label, local_derivatives)"
            )
        self.data = data
        self.grad = 0.0
        self._prev = _children  # a tuple, in operand order: a - b shows a before b
        self._local = _local    # d(self)/d(child) for each child, same order
        self._op = _op
        self.label = label

    # --- the operations ------------------------------------------------------
    # Each makes its result as Value(data, children, op, label "", local derivatives).

    def __add__(self, other):
        if not isinstance(other, Value):
            other = _constant(other, "+")
        return Value(self.data + other.data, (self, other), "+", "", _ONE_ONE)

    def __mul__(self, other):
        if not isinstance(other, Value):
            other = _constant(other, "*")
        return Value(self.data * other.data, (self, other), "*", "", (other.data, self.data))

    def __pow__(self, k):
        exponent = None if isinstance(k, Value) else _as_float(k)
        if exponent is None:
            raise TypeError(
                f"exponents must be constants (real numbers), got {type(k).__name__}; "
                "the power rule k*x**(k-1) only holds for a constant k"
            )
        k, x = exponent, self.data
        out = _power(x, k)
        if k == 0:
            local = 0.0  # x**0 is the constant 1
        elif x == 0 and k < 1:
            local = math.inf  # e.g. x**0.5 stands vertical at 0
        else:
            try:
                local = k * x ** (k - 1)
            except OverflowError:  # e.g. 1/x at x = 1e-160: the slope -1e320 is past floats
                local = k * (out / x)  # the same number; dividing overflows to inf, not an error
        return Value(out, (self,), f"**{_fmt(k)}", "", (local,))

    def relu(self):
        if self.data > 0:
            return Value(self.data, (self,), "relu", "", _ONE)
        return Value(0.0, (self,), "relu", "", _ZERO)

    def tanh(self):
        x = self.data
        if abs(x) > 20:  # tanh is 1.0 in floating point from about 19.1 on
            t = math.copysign(1.0, x)
        else:  # the lecture's (exp(2x) - 1) / (exp(2x) + 1), with exp(2x) - 1 computed by
            e = math.expm1(2 * x)  # expm1, which keeps every digit when x is tiny
            t = e / (e + 2)
        return Value(t, (self,), "tanh", "", (1 - t**2,))

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(
                f"exp({self.data}) is too large for a float (inputs above about 709.78 overflow)"
            ) from None
        return Value(e, (self,), "exp", "", (e,))

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log is only defined for positive numbers, got {self.data}")
        return Value(math.log(self.data), (self,), "log", "", (1 / self.data,))

    def sigmoid(self):
        x = self.data  # two forms, so that exp never overflows
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return Value(s, (self,), "sigmoid", "", (s * (1 - s),))

    @staticmethod
    def dot(weights, inputs, bias=None):
        """sum(w * x) + bias as ONE node: a neuron's weighted sum, fused.

        The lecture's point that any function can be a node if you know its
        local derivatives: d/dw_i = x_i, d/dx_i = w_i, d/dbias = 1.  The inputs
        may be plain numbers (data), which get no node and no gradient.
        """
        children, local = [], []
        total = bias.data if bias is not None else 0.0
        for w, x in zip(weights, inputs):
            xd = x.data if isinstance(x, Value) else _operand(x, "dot")
            total += w.data * xd
            children.append(w)
            local.append(xd)
            if isinstance(x, Value):
                children.append(x)
                local.append(w.data)
        if bias is not None:
            children.append(bias)
            local.append(1.0)
        return Value(total, tuple(children), "dot", "", tuple(local))

    # Built from the ones above, as in micrograd.  A minus sign's number is a Minus
    # (a leaf like any other), so that a drawing can show the minus the code wrote.
    def __neg__(self):  # -a is a * -1
        return self * Minus(-1.0)

    def __radd__(self, other):  # 1 + a: keep the operands in the order written
        return _constant(other, "+") + self

    def __sub__(self, other):  # a - b is a + b * -1; a number is negated as one: a - 1 is a + -1
        other = _operand(other, "-")
        if isinstance(other, Value):
            return self + other * Minus(-1.0, subtracts=True)
        return self + Minus(-other, subtracts=True)

    def __rsub__(self, other):  # 1 - a is 1 + a * -1
        return _constant(other, "-") + self * Minus(-1.0, subtracts=True)

    def __rmul__(self, other):  # 2 * a
        return _constant(other, "*") * self

    def __truediv__(self, other):  # a / b = a * b**-1; a / 2 is a * 0.5
        other = _operand(other, "/")
        if (other.data if isinstance(other, Value) else other) == 0:
            raise ZeroDivisionError(f"division by zero: {self.data} / 0")
        return self * (other ** -1 if isinstance(other, Value) else _power(other, -1))

    def __rtruediv__(self, other):
        return _constant(other, "/") / self

    # --- the chain rule ------------------------------------------------------

    def local_grads(self):
        """The local derivative of this node with respect to each child, in order."""
        return self._local

    def _backward(self):
        """This node's step of the chain rule: hand its grad down to each child.

        The lecture's closures, one method for every node; a leaf has no children
        and does nothing.  Call it on each node, the output first (after setting
        its grad to 1), and you have done what ``backward()`` does.
        """
        g = self.grad
        if g:  # a zero grad, or a zero local derivative, passes nothing on
            for child, local in zip(self._prev, self._local):
                if local:
                    child.grad += local * g

    def backward(self):
        """Fill in d(self)/d(node) for every node below, adding into ``.grad``."""
        topo = self.topological_order()
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()

    def topological_order(self):
        """Every node of the graph once, each after all of its children.

        Depth-first search with an explicit stack instead of recursion, so a
        chain of a million nodes is fine.
        """
        topo, visited = [], {self}
        stack = [(self, iter(self._prev))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in visited:
                    visited.add(child)
                    stack.append((child, iter(child._prev)))
                    break
            else:  # all children are placed: now this node can be
                stack.pop()
                topo.append(node)
        return topo

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


class Minus(Value):
    """The number a minus sign puts into the graph: the -1 of ``-a`` (``a * -1``) and,
    marked ``subtracts``, the -1 of ``a - b`` (``a + b * -1``) or the -3 of ``a - 3``
    (``a + -3``).  A constant leaf like any other: the mark only tells a drawing that
    the code had a minus here, so that a learner's own leaf of -1 is never drawn as one."""

    __slots__ = ("subtracts",)

    def __init__(self, data, subtracts=False):
        Value.__init__(self, data)
        self.subtracts = subtracts


_ONE, _ZERO, _ONE_ONE = (1.0,), (0.0,), (1.0, 1.0)
_PLAIN_NUMBERS = (float, int)  # the common case, checked first: numbers.Real is slower


def _as_float(x):
    """x as a plain float if it is a real number (int, float, Fraction, numpy scalar...).

    None for anything else, bool included (True + a is more likely a slip than
    arithmetic).  Decimal is not a ``numbers.Real``: Python itself refuses
    Decimal + float rather than silently rounding it.
    """
    if type(x) in _PLAIN_NUMBERS or (isinstance(x, numbers.Real) and not isinstance(x, bool)):
        try:
            return float(x)
        except OverflowError:
            raise OverflowError(
                f"this {type(x).__name__} is too large for a float (the largest is about 1.8e308)"
            ) from None
    return None


def _operand(x, op):
    """x itself if it is a Value, else x as a float; anything else is a TypeError."""
    if isinstance(x, Value):
        return x
    number = _as_float(x)
    if number is None:
        raise TypeError(
            f"unsupported operand for {op}: Value and {type(x).__name__} ({x!r}); "
            "use a Value or a real number (int, float, Fraction, numpy scalar)"
        )
    return number


def _constant(x, op):
    """x as a Value: itself, or a new leaf holding the number."""
    x = _operand(x, op)
    return x if isinstance(x, Value) else Value(x)


def _power(x, k):
    """x ** k for floats, with a clear error when the answer is not a float."""
    if x == 0 and k < 0:
        raise ZeroDivisionError(f"cannot raise 0 to the negative power {_fmt(k)}")
    try:
        out = x ** k
    except OverflowError:
        raise OverflowError(f"{x} ** {_fmt(k)} is too large for a float") from None
    if isinstance(out, complex):
        raise ValueError(f"{x} ** {_fmt(k)} is not a real number")
    return out


def _fmt(k):
    return str(int(k)) if float(k).is_integer() else str(k)
