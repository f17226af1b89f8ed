"""Lesson: more operations, and tanh rebuilt from exp (lecture section 15).

Plain numbers next to Values (pitfall 5, shown with two tiny lesson-local
classes and Python's real error messages), exp, powers with a constant
exponent (pitfall 10: a careless op that takes a Value exponent gives it a
gradient of 0, which a nudge shows wrong; the engine refuses), division and
subtraction built from those, and finally tanh spelled out with exp: a longer
graph with the same output and the same leaf gradients.
"""

import inspect
import math

from engine import Value
from lessons._neuron import build_neuron
from lessons.steps import (AskChoice, AskGrad, AskNumber, Code, Nudge, Recap, RevealBackward,
                           Say, Show, gradients)


class Bare:
    """A value with + and *, and no help for plain numbers."""

    def __init__(self, data):
        self.data = data

    def __add__(self, other):
        return Bare(self.data + other.data)

    def __mul__(self, other):
        return Bare(self.data * other.data)

    def __repr__(self):
        return f"Bare({self.data})"


class Wrapped:
    """The same, but a plain number is wrapped before use."""

    def __init__(self, data):
        self.data = data

    def __add__(self, other):
        other = other if isinstance(other, Wrapped) else Wrapped(other)
        return Wrapped(self.data + other.data)

    def __mul__(self, other):
        other = other if isinstance(other, Wrapped) else Wrapped(other)
        return Wrapped(self.data * other.data)

    def __repr__(self):
        return f"Wrapped({self.data})"


def _outcome(fn):
    """What Python prints for fn(): its result's repr, or 'ErrorType: message'."""
    try:
        return repr(fn())
    except Exception as err:  # noqa: BLE001 - the lesson shows whatever happened
        return f"{type(err).__name__}: {err}"


def naive_pow(x, k):
    """x**k for a Value k, treated as a constant: the pitfall."""
    local_x = k.data * x.data ** (k.data - 1)     # the power rule
    return Value(x.data ** k.data, (x, k), "**", _local=(local_x, 0.0))


def tanh_from_exp(n):
    """tanh(n) = (e - 1) / (e + 1) with e = exp(2n), used twice."""
    two_n = 2 * n
    two_n.label = "2n"
    e = two_n.exp()
    e.label = "e"
    top = e - 1
    top.label = "e-1"
    bottom = e + 1
    bottom.label = "e+1"
    inv = bottom ** -1      # (e - 1) / (e + 1) is (e - 1) * (e + 1)**-1
    inv.label = "1/(e+1)"
    o = top * inv
    o.label = "o"
    return dict(e=e, top=top, bottom=bottom, o=o)


def lesson():
    yield Say(
        "# More operations, and tanh from exp\n\n"
        "Our Value can add and multiply Values. Real formulas also contain plain numbers, "
        "`exp`, powers, division and subtraction. Each new piece needs the same two things: "
        "a forward value and a local derivative."
    )

    # --- pitfall 5: plain numbers ---------------------------------------------------------
    yield Code(inspect.getsource(Bare), caption="A bare-bones value class.")
    plus_one = _outcome(lambda: Bare(2.0) + 1)
    plus_choices = ["Bare(3.0)",
                    "AttributeError: 'int' object has no attribute 'data'",
                    "TypeError: unsupported operand type(s) for +: 'Bare' and 'int'"]
    yield AskChoice("What does `Bare(2.0) + 1` give?", choices=plus_choices,
                    correct=plus_choices.index(plus_one),
                    notes=["Only if 1 were a Bare: __add__ reads other.data, and an int has "
                           "no .data.", "",
                           "Python does call Bare.__add__ with other = 1; the trouble starts "
                           "inside it."],
                    hints=["__add__ runs with other = 1. What is `other.data` when other is 1?"],
                    why="__add__ is called fine; it is reading 1.data that fails.")
    yield Code("Bare(2.0) + 1", output=plus_one, caption="What Python really said.")
    yield Say("The fix: inside `__add__` and `__mul__`, wrap a plain number in a value first. "
              "Constants then become leaves of the graph.")
    yield Code(inspect.getsource(Wrapped), caption="Wrap the other operand if it is a number.")
    times_two = _outcome(lambda: Wrapped(2.0) * 2)
    two_times = _outcome(lambda: 2 * Wrapped(2.0))
    times_choices = ["Wrapped(4.0)",
                     "TypeError: unsupported operand type(s) for *: 'int' and 'Wrapped'",
                     "AttributeError: 'int' object has no attribute 'data'"]
    yield AskChoice(
        f"`Wrapped(2.0) * 2` now gives {times_two}. What does `2 * Wrapped(2.0)` give?",
        choices=times_choices, correct=times_choices.index(two_times),
        notes=["That needs Wrapped to handle a number on its left. For 2 * x, Python asks "
               "the int 2 first.", "",
               "Wrapped.__mul__ never runs here: 2 is on the left, so Python asks int's "
               "__mul__ first, then looks for Wrapped.__rmul__."],
        hints=["For `2 * x` Python asks the int 2 first. Does int know how to multiply a "
               "Wrapped?"],
        why="int's __mul__ gives up, Python looks for the right operand's __rmul__, and "
            "there is none.",
    )
    a = Value(2.0, label="a")
    two_a = 2 * a
    yield Code("2 * Wrapped(2.0)", output=two_times, caption="What Python really said.")
    yield Code("# the engine's fallback, used when the left operand gives up:\n"
               "# def __rmul__(self, other): return Value(other) * self\n"
               "2 * Value(2.0)", output=repr(two_a),
               caption="The fix is __rmul__ (and __radd__, which `sum()` needs too).")

    # --- exp -------------------------------------------------------------------------------
    yield Say("Next, `exp`. Its forward value is e^x, computed with `math.exp`.")
    x15 = Value(1.5, label="x")
    y15 = x15.exp()
    rules = {"x itself": x15.data, "y itself, exp(x)": y15.data, "1": 1.0,
             "x * exp(x - 1), as for a power": x15.data * math.exp(x15.data - 1)}
    slope = gradients(y15)[x15]
    yield AskChoice(
        "For y = exp(x), what is the local derivative ∂y/∂x?",
        skill="local", choices=list(rules),
        correct=[abs(v - slope) < 1e-9 for v in rules.values()].index(True),
        notes=["That would make e^x grow like x²/2. The slope of e^x grows as fast as e^x "
               "itself.", "",
               "A slope of 1 is a straight line; e^x curves up faster and faster.",
               "The power rule is for x**k with a fixed k. In e^x the exponent is what "
               "moves."],
        hints=["How steep is e^x? Think of what makes e special."],
        why="The node can reuse its own output as the local derivative.",
    )

    # --- pow, pitfall 10 -------------------------------------------------------------------
    yield Say(
        "Powers `x**k` use the power rule: local derivative k·x^(k-1). That rule assumes "
        "k is a fixed number. What if the exponent is a Value that can change? Here is a "
        "careless power op that lets it through and still uses the power rule."
    )
    yield Code(inspect.getsource(naive_pow), caption="A power op that trusts the power rule.")
    base = Value(2.0, label="x")
    k = Value(3.0, label="k")
    z = naive_pow(base, k)
    k_grad = gradients(z)[k]
    k_nudge = Nudge(lambda: naive_pow(base, k), leaf=k, h=0.001)
    moves = 0 if abs(k_nudge.slope) < 1e-6 else (1 if k_nudge.slope > 0 else 2)
    yield AskChoice(
        f"z = x**k with x = {base.data:g}, k = {k.data:g}. Backprop through this op says "
        f"dz/dk = {k_grad:g}. Push k up to {k.data + k_nudge.h:g} and rebuild: what does z do?",
        choices=[f"It stays {z.data:g}: the exponent really has no effect",
                 f"It goes up, so dz/dk = {k_grad:g} is wrong",
                 f"It goes down, so dz/dk = {k_grad:g} is wrong"],
        correct=moves,
        notes=["Try it in your head: 2**3 = 8, 2**4 = 16. The exponent matters.",
               "", "2**k grows as k grows."] if moves == 1 else [""] * 3,
        hints=["Forget backprop for a moment: what happens to 2**k as k grows?"],
        why=f"{base.data:g}**k grows with k, but the power rule has no term for a changing "
            "exponent.",
    )
    yield k_nudge
    pow_error = _outcome(lambda: Value(2.0) ** Value(3.0))
    yield Say(
        f"The nudge measures a slope of about **{k_nudge.slope:.3f}** (the exact one is "
        f"x^k · ln x = {z.data * math.log(base.data):.3f}), yet backprop said {k_grad:g}: "
        "silently wrong, no error anywhere. So our engine refuses a Value exponent outright:"
    )
    yield Code("Value(2.0) ** Value(3.0)", output=pow_error,
               caption="The engine's own message.")

    # --- division and subtraction ------------------------------------------------------------
    num = Value(2.0, label="a")
    den = Value(4.0, label="b")
    q = num / den
    q.label = "q"
    q._prev[1].label = "b**-1"      # the engine built a / b as a * b**-1
    yield Say("Division needs no rule of its own: a / b is a · b⁻¹, a power and a product.")
    yield Show(q, caption=f"q = a / b with a = 2, b = 4: a * b**-1 = {q.data:g}")
    yield AskGrad(out=q, wrt=den, prompt="q = a / b. What is dq/db?",
                  hints=["q = a * b**-1: the product hands b**-1 the other factor, a; then "
                         "b**-1 is a power, with the power rule."])
    yield RevealBackward(q)
    yield Show(q, show_grads=True,
               caption=f"a.grad = 1/b = {num.grad:g}, b.grad = -a/b² = {den.grad:g}")
    s1, s2 = Value(5.0, label="a"), Value(2.0, label="b")
    diff = s1 - s2
    diff.label = "a-b"
    dg = gradients(diff)
    yield Say(
        f"Subtraction is built the same way: a - b = a + (-b), and -b = b · (-1). "
        f"With a = 5, b = 2 that gives {diff.data:g}, with grads {dg[s1]:+g} for a and "
        f"{dg[s2]:+g} for b."
    )

    # --- tanh from exp --------------------------------------------------------------------------
    yield Say(
        "Now we have enough pieces to build tanh itself: tanh(n) = (e^2n - 1) / (e^2n + 1). "
        "Let us swap the neuron's tanh node for that formula."
    )
    yield Code(inspect.getsource(tanh_from_exp), caption="tanh spelled out with exp.")
    one_op = build_neuron()
    spelled = build_neuron(activation=None)
    parts = tanh_from_exp(spelled["n"])
    e, o = parts["e"], parts["o"]
    yield Show(o, highlight=[e], caption=f"The same neuron, o = {o.data:.4f} again.")
    yield AskNumber(
        f"With the single tanh node the graph had {len(one_op['o'].topological_order())} "
        "nodes. How many Value nodes does this one have?",
        value=len(o.topological_order()), abs_tol=0, rel_tol=0,
        mistakes=[(len([v for v in o.topological_order() if v._prev or v.label]),
                   "Constants are Values too: the 2, the -1 and the 1 each make a leaf.")],
        hints=["Everything up to n is the same 9 nodes.",
               "Constants are nodes too: the 2, the -1 and the 1. Then 2n, e, e - 1, e + 1, "
               "the power -1, and the final product."],
    )
    ge = gradients(o)
    yield AskGrad(out=o, wrt=e, abs_tol=0.0005, rel_tol=0,
                  prompt="What is do/de? (Three or four decimals.)",
                  hints=["e feeds two nodes, e - 1 and e + 1: its grad is the sum of two "
                         "contributions.",
                         f"Through e - 1: {ge[parts['top']]:.6f}. "
                         f"Through e + 1: {ge[parts['bottom']]:.6f}."],
                  why="The two paths add: the used-twice rule at work.")
    leaves = ("x1", "w1", "x2", "w2")
    ref = gradients(one_op["o"])
    same = all(abs(ge[spelled[k]] - ref[one_op[k]]) < 1e-9 for k in leaves)
    before = ", ".join(f"{round(ref[one_op[k]], 6):g}" for k in leaves)
    yield AskChoice(
        f"With the tanh node, x1, w1, x2, w2 had grads {before}. "
        "What happens to them with tanh spelled out?",
        choices=["They stay the same",
                 "They are different: the graph has a different shape"],
        correct=0 if same else 1, shuffle=False,
        notes=["", "The shape changed, but not the function of x1, w1, x2, w2 it computes, "
                   "and the grads are the derivatives of that function."] if same else
              ["The two graphs compute different functions here.", ""],
        hints=["Both graphs compute exactly the same function of the leaves."],
        why="Backprop computes the derivative of the function, not of how it was written.",
    )
    o.backward()        # 18 nodes: the tree with its grads says it all, node by node is long
    yield Show(o, show_grads=True,
               caption="Spelled-out tanh after o.backward(): the leaves get the same grads.")
    below_n = set(spelled["n"].topological_order())
    ops = sum(1 for v in o.topological_order() if v not in below_n and v._prev)
    yield Say(
        f"e.grad = {e.grad:.6f}: {ge[parts['top']]:.6f} through e - 1 plus "
        f"{ge[parts['bottom']]:.6f} through e + 1. One tanh node or {ops} smaller ones: "
        "how finely you cut a function into nodes is up to you, as long as each piece "
        "knows its local derivative."
    )
    yield Recap([
        "Wrap plain numbers into Values; `2 * a` also needs __rmul__ (and sum() __radd__).",
        "exp's local derivative is its own output.",
        "x**k needs a constant k: the power rule gives a Value exponent a wrong grad (0), "
        "so the engine raises TypeError.",
        f"a / b = a * b**-1: at a = 2, b = 4 the grads are {num.grad:g} and {den.grad:g}.",
        f"tanh from exp: {len(o.topological_order())} nodes instead of "
        f"{len(one_op['o'].topological_order())}, the same o and leaf grads; "
        f"e, used twice, gets {e.grad:.6f}.",
    ])
