"""Checking an exercise: which cases, and how the learner's numbers are judged.

``run_check(exercise, workspace)`` sends the exercise's cases to the probe (a
separate, limited process, see ``sandbox``), then compares what the learner's
code produced with the tutor's own engine, here, in the tutor's process.  Of all
the failing cases it reports the smallest, at the first node that differs: in
the forward pass the first wrong value in the order the expression is built; in
the backward pass the first wrong gradient going down from the output, whose
parents are all right, so the mistake is in the step into that node.

Expressions are judged in ``expression_checks``, the nn.py exercises in
``network_checks``; exercise 1's Value basics here.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from tutor.buildtrack import cases as C
from tutor.buildtrack import network_checks, records
from tutor.buildtrack.cases import Expr
from tutor.buildtrack.exercises import EXERCISES, REGIONS, Exercise
from tutor.buildtrack.expression_checks import judge_exprs
from tutor.buildtrack.judging import close, fail, shown
from tutor.buildtrack.regular_files import TooBig, problem, size_words
from tutor.buildtrack.sandbox import MAX_COPY, Limits, run_probe
from tutor.buildtrack.verdict import Verdict, from_error, from_outcome, untrusted

__all__ = ["run_check", "exercise_cases", "close"]


def run_check(exercise: Exercise, workspace: Path, limits: Limits = Limits(),
              require_namespaces: bool = False) -> Verdict:
    """Check one exercise on the learner's files; never raises for the learner's code.
    The cases are drawn once the child runs (some with a fresh seed), and what it sends
    back is checked against the schema of the exercise's result before it is judged."""
    unreadable = file_problem(exercise, Path(workspace))
    if unreadable is not None:
        return unreadable
    plan: dict = {}

    def request() -> dict:
        plan["kind"], plan["request"], plan["judge"] = _plan(exercise, secrets.randbits(31))
        return dict(plan["request"], kind=plan["kind"])

    outcome = run_probe(Path(workspace), request, limits, require_namespaces)
    verdict = from_outcome(exercise, outcome) or _judged(exercise, outcome, plan)
    verdict.isolation = outcome.isolation
    if not verdict.passed and not verdict.output:
        verdict.output = (outcome.stdout + ("\n" + outcome.stderr if outcome.stderr.strip()
                                            else "")).strip()
    return verdict


def file_problem(exercise: Exercise, workspace: Path) -> Verdict | None:
    """A FAIL saying so when a file the exercise imports is there but cannot go into the
    check's copy: a folder, a FIFO, a link out of the folder, more than the copy takes."""
    wanted = {REGIONS[n].file for e in EXERCISES[:exercise.number] for n in e.adds}
    for file in ("micrograd/__init__.py", *sorted(wanted)):
        bad = problem(workspace, file, MAX_COPY)
        if isinstance(bad, TooBig):
            return Verdict(exercise, False, f"{file} is {size_words(bad.size)}, more than a "
                                            f"check copies ({size_words(MAX_COPY)})", "file")
        if bad is not None:
            return Verdict(exercise, False, f"{bad}: put your file in its place", "file")
    return None


def _judged(exercise: Exercise, outcome, plan: dict) -> Verdict:
    if "result" not in (outcome.result or {}):
        return untrusted(exercise, "the final report holds no result", outcome)
    result = outcome.result["result"]
    problem = records.result_problem(plan["kind"], result, plan["request"])
    if problem is not None:
        return untrusted(exercise, problem, outcome)
    try:
        return plan["judge"](exercise, result)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
        return untrusted(exercise, f"the report could not be read ({type(e).__name__})",
                         outcome)


# Fresh random expressions per exercise: (operations, reuse, constants, mode).
FRESH = {"add-mul": (("add", "mul"), True, False, "forward"),
         "graph": (("add", "mul"), True, False, "structure"),
         "backward-ops": (("add", "mul"), False, False, "manual"),
         "backward": (("add", "mul"), False, False, "backward"),
         "accumulate": (("add", "mul"), True, False, "backward"),
         "constants": (("add", "mul"), True, True, "backward"),
         "tanh": (("add", "mul", "tanh"), True, True, "backward"),
         "more-ops": (("add", "mul", "exp", "pow", "div", "sub", "neg"), True, True,
                      "backward")}
FRESH_COUNT = 6


def _plan(exercise: Exercise, fresh: int | None = None):
    if exercise.id == "value":
        return "basics", {}, _judge_basics
    if exercise.id == "neuron":
        return network_checks.neuron_plan(fresh)
    if exercise.id == "mlp":
        return network_checks.mlp_plan()
    if exercise.id == "train":
        return network_checks.train_plan()
    exprs = exercise_cases(exercise) + fresh_cases(exercise, fresh)
    return ("expr", {"cases": [e.request() for e in exprs]},
            lambda ex, result: judge_exprs(ex, exprs, result))


def fresh_cases(exercise: Exercise, seed: int | None) -> list[Expr]:
    """Random expressions no file can know in advance (judged after the fixed ones, so
    the case a mistake is shown on stays the same from one check to the next)."""
    if seed is None:
        return []
    ops, reuse, consts, mode = FRESH[exercise.id]
    exprs = C.random_exprs(seed, FRESH_COUNT, ops, reuse=reuse, consts=consts, mode=mode)
    for e in exprs:
        e.extra["fresh"] = True
        e.labels = exercise.id == "graph"
    return exprs


# --- the cases ------------------------------------------------------------------------


def exercise_cases(exercise: Exercise) -> list[Expr]:
    """The expressions an expression exercise is checked on, smallest first within a group."""
    seed = 1000 + exercise.number
    n = exercise.id
    if n == "add-mul":
        return ([C.small("a + b", {"a": 2, "b": -3}, ("c", "add", "a", "b"), mode="forward"),
                 C.small("a * b", {"a": 2, "b": -3}, ("c", "mul", "a", "b"), mode="forward"),
                 C.lecture("L", "forward")]
                + C.random_exprs(seed, 20, ("add", "mul"), reuse=True, mode="forward"))
    if n == "graph":
        make = Expr([C.leaf("a", 2), C.leaf("b", -3), ["make", "s", 5.0, ["a", "b"], "+", "s"]],
                    "s", "Value(data, _children, _op, label) by keyword", "structure",
                    labels=True)
        exprs = [C.lecture("L", "structure"), C.lecture("a*a", "structure"), make]
        exprs += C.random_exprs(seed, 10, ("add", "mul"), reuse=True, mode="structure")
        for e in exprs:
            e.labels = True
        return exprs
    if n == "backward-ops":
        return ([C.small("a * b", {"a": 2, "b": -3}, ("c", "mul", "a", "b"), mode="manual"),
                 C.small("a + b", {"a": 2, "b": -3}, ("c", "add", "a", "b"), mode="manual"),
                 C.lecture("L", "manual")]
                + C.random_exprs(seed, 25, ("add", "mul"), reuse=False, mode="manual"))
    if n == "backward":
        return ([C.lecture("L")] + C.random_exprs(seed, 20, ("add", "mul"), reuse=False)
                + [C.lecture("two-paths", "order")]
                + C.random_exprs(seed + 50, 15, ("add", "mul"), reuse=True, mode="order"))
    if n == "accumulate":
        return ([C.lecture("a+a"), C.lecture("a*a"), C.lecture("two-paths")]
                + C.random_exprs(seed, 25, ("add", "mul"), reuse=True))
    if n == "constants":
        return ([C.small("a + 1", {"a": 2}, ("b", "add", "a", 1)),
                 C.small("1 + a", {"a": 2}, ("b", "add", 1, "a")),
                 C.small("a * 2", {"a": 2}, ("b", "mul", "a", 2)),
                 C.small("2 * a", {"a": 2}, ("b", "mul", 2, "a")),
                 C.small("3 * a + 1", {"a": 2}, ("b", "mul", 3, "a"), ("c", "add", "b", 1))]
                + C.random_exprs(seed, 20, ("add", "mul"), reuse=True, consts=True))
    if n == "tanh":
        return ([C.small("tanh", {"a": 0.5}, ("b", "tanh", "a")), C.lecture("neuron")]
                + C.random_exprs(seed, 20, ("add", "mul", "tanh"), reuse=True, consts=True))
    if n == "more-ops":
        return ([C.small("exp", {"x": 1}, ("y", "exp", "x")),
                 C.small("x ** 2", {"x": 3}, ("y", "pow", "x", 2)),
                 C.small("x ** -1", {"x": 4}, ("y", "pow", "x", -1)),
                 C.small("a / b", {"a": 2, "b": 4}, ("c", "div", "a", "b")),
                 C.small("a - b", {"a": 5, "b": 2}, ("c", "sub", "a", "b")),
                 C.small("-x", {"x": 4}, ("y", "neg", "x")),
                 C.lecture("exp+x"), C.lecture("decomposed-tanh")]
                + C.random_exprs(seed, 25, ("add", "mul", "exp", "pow", "div", "sub", "neg"),
                                 reuse=True, consts=True)
                + [C.small("relu (bonus)", {"x": -2}, ("y", "relu", "x"), bonus=True),
                   C.small("relu (bonus)", {"x": 3}, ("y", "relu", "x"), bonus=True),
                   C.small("1 - a (bonus)", {"a": 2}, ("b", "sub", 1, "a"), bonus=True),
                   C.small("10 / x (bonus)", {"x": 2}, ("y", "div", 10, "x"), bonus=True)])
    raise ValueError(f"exercise {exercise.id} is not an expression exercise")


# --- Value basics ------------------------------------------------------------------------


def _judge_basics(exercise: Exercise, result: dict) -> Verdict:
    if "error" in result:
        return from_error(exercise, result["error"])
    for key, x in (("pos", 2.0), ("neg", -3.5)):
        seen = result[key]
        if not close(seen["data"], x):
            return fail(exercise, f"`Value({x}).data` is {shown(seen['data'])}, should be {x}",
                         "value", diagnosis="Keep the number in `self.data`.")
        if "repr_error" in seen:
            return from_error(exercise, seen["repr_error"])
        text, want = seen["repr"], f"Value(data={x})"
        if not repr_ok(text, x):
            return fail(exercise, f"`repr(Value({x}))` is {text!r}, should be {want!r}",
                         "value", diagnosis=repr_diagnosis(text, want))
    return Verdict(exercise, True, "Value(2.0) holds 2.0 and shows itself as "
                                   f"{result['pos']['repr']}")


def repr_ok(text: str, x: float) -> bool:
    """The task's text exactly, or micrograd's later form with more fields after the
    number (``Value(data=2.0, grad=0.0)``), brackets closed."""
    return text == f"Value(data={x})" or (text.startswith(f"Value(data={x}, ")
                                          and text.endswith(")"))


def repr_diagnosis(text: str, want: str) -> str:
    """What is wrong with a ``__repr__``'s text: the idea first, then where it differs;
    never the code (the hints and the solution come to that)."""
    idea = (f"`__repr__` returns the text Python shows for the Value, and it must be "
            f"exactly `{want}`. ")
    if text.strip() == want:
        return idea + "Yours has spaces around it: nothing may come before or after."
    if text.startswith(want[:-1]) and not text.endswith(")"):
        return idea + "Yours stops before the closing `)`: the bracket that opens after " \
                      "`Value` must be closed at the end."
    if text.startswith("Value(") and "data=" not in text:
        return idea + "Yours has the number, but not the `data=` in front of it."
    if not text.startswith("Value("):
        return idea + "Yours does not start with `Value(`."
    return idea + "Compare yours with it character by character."
