"""Exercises 1 to 9 of the build track: the Value class in micrograd/engine.py, in the lecture's order."""

from __future__ import annotations

from tutor.buildtrack.exercise import make as _ex

__all__ = ["ENGINE_EXERCISES"]

ENGINE_EXERCISES = [
    _ex(1, "value", "A Value holds a number", "micrograd/engine.py", ["value"], [],
        "lecture section 4",
        """
Everything in micrograd is a `Value`: one number wrapped in an object, so that
later it can remember where it came from and carry a gradient.

Write `__init__` so that `Value(2.0).data` is `2.0`, and `__repr__` so that a
Value shows itself as `Value(data=2.0)`. Python calls `__repr__` whenever it
has to display an object: at the prompt, inside a printed list, in an error.
""",
        """
a = Value(2.0)
a.data          # 2.0
repr(a)         # 'Value(data=2.0)'
""",
        ["`__init__` gets the number as its `data` parameter. Keep it on the object: "
         "an attribute of `self`.",
         "`__repr__` must *return* a string (printing it is not enough). An f-string "
         "puts the number in: `f\"Value(data={...})\"`.",
         "Two lines of code in all: `self.data = data` in `__init__`, and a `return` of "
         "the f-string with `self.data` in `__repr__`."]),

    _ex(2, "add-mul", "+ and *, forward", "micrograd/engine.py", ["add-mul"], [],
        "lecture section 4",
        """
Python turns `a + b` into `a.__add__(b)` and `a * b` into `a.__mul__(b)`.
Make both return a **new** Value holding the sum or the product of the two
numbers inside. `a` and `b` stay as they are.

With `a = Value(2.0)`, `b = Value(-3.0)`, `c = Value(10.0)`, the expression
`a*b + c` is then `Value(data=4.0)`.
""",
        """
a + b           # Value(data=-1.0)   calls a.__add__(b)
a * b           # Value(data=-6.0)   calls a.__mul__(b)
a*b + c         # Value(data=4.0)
""",
        ["Inside `__add__`, `self` is the left operand and `other` the right one; both "
         "are Values, so their numbers are `self.data` and `other.data`.",
         "Return a Value, not a float: `Value(...)` of the sum. A float result would "
         "break the next `+`.",
         "`return Value(self.data + other.data)`, and the same with `*` in `__mul__`."]),

    _ex(3, "graph", "Labels and children", "micrograd/engine.py", [], ["value", "add-mul"],
        "lecture sections 4 and 5",
        """
To take derivatives later, every result must remember how it was made.
Give `__init__` three more parameters, with defaults: `_children=()` (the
Values it was computed from), `_op=''` (the operation's symbol) and `label=''`
(a name, for display only). Keep them as `self._prev` (the lecture makes it
`set(_children)`), `self._op` and `self.label`.

Then make `+` and `*` pass `(self, other)` and `'+'` or `'*'` to the Value they
create. A Value you make yourself is a *leaf*: no children, and `_op` is `''`.
""",
        """
Value(data, _children=(), _op='', label='')
a = Value(2.0, label='a'); b = Value(-3.0, label='b')
e = a * b
e._prev          # {a, b}  (a set or a tuple: both are fine)
e._op            # '*'
a._prev, a._op   # set(), ''
a.label          # 'a'
""",
        ["The new parameters need defaults, so that `Value(2.0)` keeps working: "
         "`def __init__(self, data, _children=(), _op='', label='')`.",
         "`__add__` already knows both inputs: they are `self` and `other`. Hand them to "
         "the new Value as its children, with the op's symbol.",
         "`Value(self.data + other.data, (self, other), '+')`, and `'*'` in `__mul__`; "
         "`self._prev = set(_children)` in `__init__`."]),

    _ex(4, "backward-ops", "_backward for + and *", "micrograd/engine.py", [],
        ["value", "add-mul"], "lecture section 12",
        """
Now each operation learns its part of the chain rule. Give every Value
`self.grad = 0.0` (d(output)/d(this value), zero until backprop fills it in)
and `self._backward`, a function that does nothing for a leaf: `lambda: None`.

In `__add__` and `__mul__`, after making `out`, define a small function
`_backward()` right there, which sends `out.grad` down to the two inputs, each
multiplied by its **local derivative**: for `+` both inputs get `1.0 * out.grad`;
for `*` each input gets *the other one's* data times `out.grad`. Store the
function itself: `out._backward = _backward` (no parentheses: calling it there
would store its result, `None`).

The check sets the output's grad to 1 and calls every `_backward` by hand, from
the output down, on expressions that use every value once.
""",
        """
self.grad = 0.0
self._backward = lambda: None
out = Value(..., (self, other), '*')
def _backward():
    self.grad = ... * out.grad
    other.grad = ... * out.grad
out._backward = _backward
""",
        ["A function defined inside `__mul__` can use `self`, `other` and `out` later, "
         "when it is called: it is a closure.",
         "Local derivatives: d(a+b)/da = 1, d(a*b)/da = b. Each input's grad is its local "
         "derivative times `out.grad`, the gradient arriving from above.",
         "In `__mul__`: `self.grad = other.data * out.grad` and "
         "`other.grad = self.data * out.grad`; then `out._backward = _backward`."]),

    _ex(5, "backward", "backward(): the topological sort", "micrograd/engine.py",
        ["backward"], [], "lecture section 13",
        """
Calling every `_backward` by hand is tedious and easy to get wrong: a node may
pass its gradient on only after *every* node that uses it has passed theirs.

Write `backward()`. First put the graph in **topological order**, each node after
all of its children: a depth-first walk that appends a node after it has visited
its children, with a `visited` set so that a node reached twice goes in once.
Then set `self.grad = 1.0` and call `_backward()` on every node in **reversed**
order, the output first.

The check compares the gradients on expressions that use every value once, and
on expressions with shared values it checks the *order* of the `_backward` calls
(their gradients are the next exercise).
""",
        """
def backward(self):
    topo = []            # every node after its children
    ...
    self.grad = 1.0
    for node in reversed(topo):
        node._backward()
""",
        ["Order matters: `L`'s `_backward` fills in `d.grad`, so it must run before "
         "`d`'s own `_backward`, which passes `d.grad` on.",
         "A recursive helper `build_topo(v)`: if `v` was not visited yet, mark it, call "
         "`build_topo` on each child in `v._prev`, then `topo.append(v)`.",
         "After `build_topo(self)`: `self.grad = 1.0`, then "
         "`for node in reversed(topo): node._backward()`."]),

    _ex(6, "accumulate", "A value used twice: +=", "micrograd/engine.py", [], ["add-mul"],
        "lecture section 14",
        """
With `b = a + a`, the value `a` is both inputs of the same `+`. Its gradient
should be 2: each use contributes 1. But if `_backward` *assigns* the grads, the
second assignment overwrites the first, and `a.grad` comes out as 1. The same
happens whenever a value feeds two different operations.

The multivariable chain rule says the contributions of different uses **add up**.
Change every `=` in your `_backward` functions to `+=`. That is safe because
every grad starts at 0.
""",
        """
a = Value(3.0)
b = a + a
b.backward()
a.grad           # 2.0
""",
        ["Look at `__add__`'s `_backward` for `a + a`: `self` and `other` are the same "
         "object, so both lines write to the same `.grad`.",
         "Each use of a value is one path from the output down to it; the chain rule "
         "sums over paths. So each `_backward` must *add* its share.",
         "`self.grad += ... * out.grad` and `other.grad += ... * out.grad` in both "
         "`__add__` and `__mul__`."]),

    _ex(7, "constants", "Numbers next to Values", "micrograd/engine.py", ["reflected"],
        ["add-mul"], "lecture section 15",
        """
`a + 1` fails so far: the plain number `1` has no `.data`. In `__add__` and
`__mul__`, wrap a plain number `other` in a Value before using it.

`2 * a` is a different problem: Python first asks the number, `(2).__mul__(a)`,
which gives up, and then asks `a.__rmul__(2)`. Write `__rmul__`, and `__radd__`
for `1 + a`, by swapping the operands round. `sum()` over a list of Values needs
`__radd__` too: it starts adding from the number 0.
""",
        """
a = Value(2.0)
a + 1, a * 2      # Value(data=3.0), Value(data=4.0)
1 + a, 2 * a      # the same: __radd__ and __rmul__
""",
        ["`isinstance(other, Value)` tells a Value from a plain number.",
         "`__rmul__(self, other)` is called for `other * self`; multiplication does not "
         "care about the order, so it can hand the work to `__mul__`.",
         "`other = other if isinstance(other, Value) else Value(other)` at the top of "
         "`__add__` and `__mul__`; `def __rmul__(self, other): return self * other`."]),

    _ex(8, "tanh", "tanh", "micrograd/engine.py", ["tanh"], [], "lecture sections 11 and 12",
        """
A neuron squashes its sum with tanh. Write `tanh()`: compute
t = (e^(2x) - 1) / (e^(2x) + 1) from `x = self.data` (or use `math.tanh`), make
`out` with `(self,)` as its children and `'tanh'` as its op, and give it a
`_backward` that adds the local derivative **1 - t²** times `out.grad` into
`self.grad`.

The check includes the lecture's neuron: `x1 = 2`, `w1 = -3`, `x2 = 0`,
`w2 = 1`, `b = 6.8813735870195432` and `o = (x1*w1 + x2*w2 + b).tanh()`, which
is 0.7071 with `n.grad` 0.5.
""",
        """
o = n.tanh()
o.data            # tanh(n.data)
o._prev, o._op    # {n}, 'tanh'
""",
        ["The local derivative of tanh is 1 - tanh(x)², and you already have tanh(x): "
         "it is the forward value t.",
         "Use `+=` as everywhere else: `self.grad += (1 - t**2) * out.grad`.",
         "`t = math.tanh(x)` (or the formula with `math.exp`); "
         "`out = Value(t, (self,), 'tanh')`; the `_backward` closure; "
         "`out._backward = _backward`; `return out`."]),

    _ex(9, "more-ops", "exp, **, / and -", "micrograd/engine.py", ["more-ops"], [],
        "lecture section 15",
        """
Enough pieces to rebuild tanh from smaller ones.

- `exp()`: the forward value is `math.exp(x)`; its local derivative is itself,
  which is already stored in `out.data`.
- `__pow__(other)`, for a plain int or float exponent k: forward `x**k`;
  local derivative k·x^(k-1), the power rule.
- Division is a product with a power: `a / b` is `a * b**-1`.
- Negation is a product with -1, and `a - b` is `a + (-b)`.

*Bonus, not required:* `relu()`, and `__rsub__` and `__rtruediv__` so that
`1 - a` and `2 / a` work too.
""",
        """
x.exp()           # e ** x.data
x ** 2            # only int/float exponents
a / b             # a * b**-1
-a, a - b         # a * -1, a + (-b)
""",
        ["Each new primitive (`exp`, `**`) follows the pattern of `tanh`: forward value, "
         "`out` with its children and op, a `_backward` with `+=`.",
         "Power rule: `self.grad += other * self.data**(other - 1) * out.grad`. exp: "
         "`self.grad += out.data * out.grad`.",
         "The other three are one line each, built from what exists: `self * other**-1`, "
         "`self * -1`, `self + (-other)`."]),
]
