"""The operations a check's expressions are built from, as the probe runs them and the tutor
shows them: each one's code (``a * b``), the learner's method it calls, its function.

Standard library only: the probe (the child side of a check) loads it by its path.
"""

__all__ = ["OPS", "step_code", "method_name", "BINARY"]


def step_code(step):
    op, args = step[2], step[3:]
    show = [a if isinstance(a, str) else repr(a) for a in args]
    if op in BINARY:
        return f"{show[0]} {BINARY[op]} {show[1]}"
    if op == "neg":
        return f"-{show[0]}"
    if op == "pow":
        return f"{show[0]}**{show[1]}"
    return f"{show[0]}.{op}()"


BINARY = {"add": "+", "mul": "*", "sub": "-", "div": "/"}
_METHODS = {"add": ("__add__", "__radd__"), "mul": ("__mul__", "__rmul__"),
            "sub": ("__sub__", "__rsub__"), "div": ("__truediv__", "__rtruediv__")}


def method_name(op, args):
    if op in _METHODS:
        return _METHODS[op][1] if not isinstance(args[0], str) else _METHODS[op][0]
    return {"neg": "__neg__", "pow": "__pow__"}.get(op, op)


OPS = {
    "add": lambda x, y: x + y,
    "mul": lambda x, y: x * y,
    "sub": lambda x, y: x - y,
    "div": lambda x, y: x / y,
    "neg": lambda x: -x,
    "pow": lambda x, k: x ** k,
    "tanh": lambda x: x.tanh(),
    "exp": lambda x: x.exp(),
    "relu": lambda x: x.relu(),
}
