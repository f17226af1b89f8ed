"""Parallel forms of a drill: the structure two problems must share, and form B's other names.

A test item is one practice generator at one level with two seeds, A and B.  They are
*parallel* when ``shape`` is the same for both: the same generator and level, the same
graph (every line's operations, which earlier line each name refers to, which lines
carry a note, the exponents), the same question (its kind, which node it asks about
and for which input, the steps shown before it), the same code around the graph, and
an answer of the same sign (a gradient that is negative, zero or positive; up, down or
the same).  Only the numbers differ (``differs``), and, for the graph drills, the names:
form B's names are other letters (``renamed``), so the second test does not look like a
replay of the first.  Every answer is still the engine's, on the renamed graph.
"""

from __future__ import annotations

import math
import re

from lessons.practice.gen_graph import grad_problem
from lessons.practice.problem import Problem
from lessons.practice.program import BinOp, Call, Line, Name, Neg, Num, Program
from lessons.practice.skills import make_problem
from lessons.steps import AskGrad, AskSign

__all__ = ["shape", "differs", "renamed", "answer_sign", "find_pair", "NAME_POOL",
           "KEPT_NAMES"]

# Form B's names, in this order, for the graph drills' single letters.  No e (it reads
# as exp), no l, o or i (they read as digits).
NAME_POOL = ("p", "q", "r", "s", "t", "u", "v", "g", "h", "k", "m", "z")
KEPT_NAMES = ("L",)                 # the loss keeps the lecture's name
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e-?\d+)?")


def _skeleton(e, index: dict[str, int]):
    """An expression with every number a '#' (a power keeps its exponent: x**2 is not x**3)
    and every name the number of the line that assigned it."""
    if isinstance(e, Num):
        return "#"
    if isinstance(e, Name):
        return ("name", index[e.id])
    if isinstance(e, Neg):
        return ("neg", _skeleton(e.operand, index))
    if isinstance(e, Call):
        return (e.method, _skeleton(e.operand, index))
    if isinstance(e, BinOp) and e.op == "**":
        return ("**", _skeleton(e.left, index), e.right.value)
    return (e.op, _skeleton(e.left, index), _skeleton(e.right, index))


def answer_sign(problem: Problem) -> int:
    """-1, 0 or +1: the sign of the right answer (a direction is its own sign)."""
    answer = problem.question.answer
    return 0 if abs(answer) < 1e-12 else (1 if answer > 0 else -1)


def _node_index(problem: Problem, node) -> int | None:
    for i, line in enumerate(problem.program.lines):
        if problem.values.get(line.name) is node:
            return i
    return None


def shape(problem: Problem) -> tuple:
    """What two parallel forms share (see the module's docstring)."""
    index = {line.name: i for i, line in enumerate(problem.program.lines)}
    lines = tuple((_skeleton(line.expr, index), bool(line.note))
                  for line in problem.program.lines)
    q = problem.question
    asked = tuple(_node_index(problem, getattr(q, name)) for name in ("out", "wrt", "node")
                  if getattr(q, name, None) is not None)
    words = problem.program.names()
    code = problem.code
    for name in sorted(words, key=len, reverse=True):      # names out, so B's renaming
        code = re.sub(rf"\b{re.escape(name)}\b", f"<{index[name]}>", code)   # stays alike
    prompt = q.prompt
    if isinstance(q, (AskGrad, AskSign)):
        prompt = ""                  # it names the nodes, already in ``asked``
    return (problem.skill, problem.level, type(q).__name__, q.kind, asked, lines,
            _NUMBER.sub("#", code), _NUMBER.sub("#", prompt),
            tuple(type(step).__name__ for step in problem.before),
            tuple(index[name] for name in problem.givens), answer_sign(problem))


def _leaves(problem: Problem) -> tuple:
    return tuple(line.expr.value for line in problem.program.lines if isinstance(line.expr, Num))


def differs(a: Problem, b: Problem) -> bool:
    """Other numbers: the leaves are not the same numbers (in any order), nor (for a number)
    the answer."""
    if sorted(_leaves(a)) == sorted(_leaves(b)):
        return False
    if a.question.kind == "number":
        return not math.isclose(a.question.answer, b.question.answer, abs_tol=1e-9)
    return True


def renamed(problem: Problem) -> Problem:
    """The problem with other names (a graph drill: its statement is its program), built
    again on the engine; a drill with code around the graph, or the neuron's lecture names,
    is returned as it is."""
    q = problem.question
    if problem.code or problem.skill == "neuron" or not isinstance(q, (AskGrad, AskSign)):
        return problem
    names = problem.program.names()
    pool = [n for n in NAME_POOL if n not in names]
    mapping = {}
    for name in names:
        mapping[name] = name if name in KEPT_NAMES else pool.pop(0)
    program = Program(tuple(Line(mapping[line.name], _rename(line.expr, mapping),
                                 _rename_text(line.note, mapping))
                            for line in problem.program.lines))
    out, wrt = (mapping[node.label] for node in (q.out, q.wrt))
    return grad_problem(problem.skill, problem.level, problem.seed, program, out, wrt,
                        givens=[mapping[g] for g in problem.givens],
                        sign=isinstance(q, AskSign), hints=q.hints)


def _rename(e, mapping):
    if isinstance(e, Name):
        return Name(mapping[e.id])
    if isinstance(e, Neg):
        return Neg(_rename(e.operand, mapping))
    if isinstance(e, Call):
        return Call(e.method, _rename(e.operand, mapping))
    if isinstance(e, BinOp):
        return BinOp(e.op, _rename(e.left, mapping), _rename(e.right, mapping))
    return e


def _rename_text(text: str, mapping: dict[str, str]) -> str:
    if not text:
        return text
    return re.sub(r"\b[A-Za-z]\w*\b", lambda m: mapping.get(m.group(0), m.group(0)), text)


def find_pair(skill: str, level: int, accept=lambda problem: True, start: int = 0,
              most: int = 5000) -> tuple[int, int]:
    """Two seeds whose problems are parallel (the first that ``accept`` takes, then the
    next with its shape and other numbers): how the item table's seeds were chosen."""
    first = None
    for seed in range(start, start + most):
        p = make_problem(skill, level, seed)
        if first is None:
            if accept(p):
                first, target = (seed, p), shape(p)
        elif shape(p) == target and differs(first[1], p):
            return first[0], seed
    raise LookupError(f"no parallel pair for {skill} level {level} from seed {start}")
