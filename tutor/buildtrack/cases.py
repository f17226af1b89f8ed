"""Expressions to check the learner's Value on: the lecture's own, and seeded random ones.

An expression is a list of steps, each naming the value it makes, as JSON the
probe can replay on the learner's ``Value`` and the tutor on its own engine::

    ["leaf", "a", 2.0]            a = Value(2.0)
    ["op", "e", "mul", "a", "b"]  e = a * b
    ["op", "f", "add", 1, "a"]    f = 1 + a        (a number operand is a constant)
    ["op", "o", "tanh", "n"]      o = n.tanh()

Random expressions come from a ``random.Random`` with a fixed seed per exercise,
so a learner sees the same failing case again after a change, and the tests see
what the learner sees.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from engine import Value
from tutor.buildtrack.probe_steps import OPS, step_code

__all__ = ["Expr", "lecture", "random_exprs", "LEAF_VALUES"]

LEAF_VALUES = [-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0]
CONSTANTS = [2, 3, -1, 0.5, 1, -2]
NAMES = "abcdefghjkmnpqrstuvwxyz"      # no l and o: they read as 1 and 0
LIMIT = 1000.0                        # no value beyond this: numbers stay readable


@dataclass
class Expr:
    """An expression to check, and how: mode is "forward", "structure", "manual",
    "backward" or "order" (see ``probe.Probe.expr_case``)."""

    steps: list
    root: str
    title: str = "a random expression"
    mode: str = "backward"
    bonus: bool = False
    labels: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.steps)

    def code(self, with_backward: bool = True) -> str:
        """The expression as the Python a learner would type."""
        lines = []
        for step in self.steps:
            name = step[1]
            if step[0] == "leaf":
                label = f", label={name!r}" if self.labels else ""
                lines.append(f"{name} = Value({step[2]!r}{label})")
            elif step[0] == "make":
                kids = ", ".join(step[3]) + ("," if len(step[3]) == 1 else "")
                lines.append(f"{name} = Value({step[2]!r}, _children=({kids}), "
                             f"_op={step[4]!r}, label={step[5]!r})")
            else:
                lines.append(f"{name} = {step_code(step)}")
        if with_backward and self.mode in ("backward", "order"):
            lines.append(f"{self.root}.backward()")
        return "\n".join(lines)

    def one_line(self) -> str:
        """The operations in one line: 'b = a + a' or 'e = a * b; d = e + c; ...'."""
        ops = [f"{s[1]} = {step_code(s)}" for s in self.steps if s[0] == "op"]
        text = "; ".join(ops) or self.code(with_backward=False).replace("\n", "; ")
        return text if len(text) <= 60 else text[:57] + "..."

    def build(self) -> tuple[dict[str, Value], Value]:
        """The expression on the tutor's engine, every named node labelled."""
        env: dict[str, Value] = {}
        for step in self.steps:
            name = step[1]
            if step[0] == "leaf":
                env[name] = Value(step[2], label=name)
                continue
            if step[0] == "make":
                env[name] = Value(step[2], label=name)
                continue
            args = [env[a] if isinstance(a, str) else a for a in step[3:]]
            node = OPS[step[2]](*args)
            node.label = name
            env[name] = node
        return env, env[self.root]

    def request(self) -> dict:
        case = {"steps": self.steps, "root": self.root, "mode": self.mode,
                "labels": self.labels}
        if self.mode == "manual":
            env, root = self.build()
            names = {node: name for name, node in env.items()}
            order = [names[n] for n in reversed(root.topological_order()) if n in names]
            case["order"] = [n for n in order if env[n]._prev]
            case["leaves"] = [n for n in order if not env[n]._prev]
        return case


def leaf(name, value):
    return ["leaf", name, float(value)]


def op(name, kind, *args):
    return ["op", name, kind, *args]


def lecture(key: str, mode: str = "backward") -> Expr:
    """The lecture's own examples, with its names and numbers."""
    make = _LECTURE[key]
    steps, root, title = make()
    return Expr(steps, root, title, mode)


def _l_graph():
    return ([leaf("a", 2), leaf("b", -3), leaf("c", 10), leaf("f", -2), op("e", "mul", "a", "b"),
             op("d", "add", "e", "c"), op("L", "mul", "d", "f")], "L", "the lecture's L")


def _neuron():
    return ([leaf("x1", 2), leaf("x2", 0), leaf("w1", -3), leaf("w2", 1),
             leaf("b", 6.8813735870195432), op("x1w1", "mul", "x1", "w1"),
             op("x2w2", "mul", "x2", "w2"), op("x1w1x2w2", "add", "x1w1", "x2w2"),
             op("n", "add", "x1w1x2w2", "b"), op("o", "tanh", "n")], "o", "the lecture's neuron")


def _decomposed_tanh():
    steps, _, _ = _neuron()
    steps = steps[:-1] + [op("n2", "mul", 2, "n"), op("e", "exp", "n2"),
                          op("top", "sub", "e", 1), op("bottom", "add", "e", 1),
                          op("o", "div", "top", "bottom")]
    return steps, "o", "the lecture's neuron, tanh made of exp"


_LECTURE = {
    "L": _l_graph,
    "neuron": _neuron,
    "decomposed-tanh": _decomposed_tanh,
    "a+a": lambda: ([leaf("a", 3), op("b", "add", "a", "a")], "b", "a + a"),
    "a*a": lambda: ([leaf("a", 3), op("b", "mul", "a", "a")], "b", "a * a"),
    "two-paths": lambda: ([leaf("a", -2), leaf("b", 3), op("d", "mul", "a", "b"),
                           op("e", "add", "a", "b"), op("f", "mul", "d", "e")], "f",
                          "the lecture's a and b on two paths"),
    "exp+x": lambda: ([leaf("x", 1), op("y", "exp", "x"), op("z", "add", "y", "x")], "z",
                      "exp(x) + x"),
}


def small(title: str, values: dict, *ops_, root: str | None = None, mode="backward",
          bonus=False) -> Expr:
    """A hand-written case: small('a + 1', {'a': 2}, ('b', 'add', 'a', 1))."""
    steps = [leaf(n, v) for n, v in values.items()] + [op(*o) for o in ops_]
    return Expr(steps, root or steps[-1][1], title, mode, bonus=bonus)


# --- random expressions ---------------------------------------------------------------


def random_exprs(seed: int, count: int, ops: tuple[str, ...], *, reuse: bool,
                 consts: bool = False, mode: str = "backward", max_ops: int = 6) -> list[Expr]:
    """``count`` random expressions, from one op up to ``max_ops``, smallest first."""
    rng = random.Random(seed)
    found = []
    for k in range(count):
        n_ops = 1 + k * max_ops // count
        for _ in range(50):
            expr = _random_expr(rng, ops, n_ops, reuse, consts, mode)
            if expr is not None:
                found.append(expr)
                break
    return sorted(found, key=lambda e: e.size)


BINARY_OPS = ("add", "mul", "sub", "div")


def _random_expr(rng, ops, n_ops, reuse, consts, mode) -> Expr | None:
    nodes: dict[str, Value] = {}
    steps: list[list] = []
    pool: list[str] = []           # tree mode: values not used yet
    counter = iter(range(1000))

    def new_leaf() -> str:
        name = f"v{next(counter)}"
        value = rng.choice(LEAF_VALUES)
        nodes[name] = Value(value)
        steps.append(leaf(name, value))
        pool.append(name)
        return name

    def take() -> str:
        if reuse:
            names = list(nodes)
            return names[-1 - min(int(rng.expovariate(0.7)), len(names) - 1)]
        if not pool:
            new_leaf()
        return pool.pop(rng.randrange(len(pool)))

    for _ in range(rng.randint(1 if reuse else 2, 3)):
        new_leaf()
    for _ in range(n_ops):
        if not _add_op(rng, ops, consts, nodes, steps, pool, take, counter, reuse):
            return None
    if not reuse:
        while len(pool) > 1:
            x, y = pool.pop(), pool.pop()
            name = f"v{next(counter)}"
            kind = rng.choice([k for k in ("add", "mul") if k in ops] or ["add"])
            nodes[name] = OPS[kind](nodes[x], nodes[y])
            steps.append(op(name, kind, x, y))
            pool.append(name)
    return _tidy(steps, mode)


def _add_op(rng, ops, consts, nodes, steps, pool, take, counter, reuse) -> bool:
    for _ in range(20):
        kind = rng.choice(ops)
        if kind in BINARY_OPS:
            x = take()
            if consts and rng.random() < 0.35:
                args = [x, rng.choice(CONSTANTS)]
                if kind in ("add", "mul") and rng.random() < 0.5:
                    args.reverse()                      # 2 * a: the reflected op
            else:
                args = [x, take()]
        elif kind == "pow":
            args = [take(), rng.choice([2, 3, -1])]
        else:
            args = [take()]
        value = _try(kind, args, nodes)
        if value is None:
            if not reuse:                               # give the operands back
                pool.extend(a for a in args if isinstance(a, str))
            continue
        name = f"v{next(counter)}"
        nodes[name] = value
        steps.append(op(name, kind, *args))
        pool.append(name)
        return True
    return False


def _try(kind, args, nodes) -> Value | None:
    """The op on the engine, or None if it would leave the friendly range."""
    vals = [nodes[a] if isinstance(a, str) else a for a in args]
    x = vals[0].data if isinstance(vals[0], Value) else vals[0]
    if kind == "exp" and abs(x) > 3:
        return None
    if kind == "pow" and args[1] == -1 and abs(x) < 0.5:
        return None
    if kind == "div":
        y = vals[1].data if isinstance(vals[1], Value) else vals[1]
        if abs(y) < 0.5:
            return None
    try:
        result = OPS[kind](*vals)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    return result if abs(result.data) <= LIMIT else None


def _tidy(steps: list[list], mode: str) -> Expr:
    """Only what the root depends on, leaves first, renamed a, b, c, ..."""
    root = steps[-1][1]
    needed, stack = set(), [root]
    by_name = {s[1]: s for s in steps}
    while stack:
        name = stack.pop()
        if name in needed:
            continue
        needed.add(name)
        stack.extend(a for a in by_name[name][3:] if isinstance(a, str) and a in by_name)
    kept = [s for s in steps if s[1] in needed]
    kept = [s for s in kept if s[0] == "leaf"] + [s for s in kept if s[0] != "leaf"]
    rename = {s[1]: NAMES[i] if i < len(NAMES) else f"v{i}" for i, s in enumerate(kept)}
    tidy = []
    for s in kept:
        if s[0] == "leaf":
            tidy.append(["leaf", rename[s[1]], s[2]])
        else:
            tidy.append(["op", rename[s[1]], s[2],
                         *[rename[a] if isinstance(a, str) else a for a in s[3:]]])
    return Expr(tidy, rename[root], mode=mode)
