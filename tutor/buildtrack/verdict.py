"""What a check says: pass, or the one thing to fix, said the way the learner needs it.

A ``Verdict`` carries a one-line summary (what ``build check`` prints after
PASS/FAIL) and, for a failure, the smallest failing case: the Python that
reproduces it, the graph with the learner's numbers next to the right ones, the
chain rule at the first node that differs (``tutor.explain``), and a diagnosis.
This module words what the process did (``sandbox.Outcome``) and the errors the
learner's code raised; ``checks`` words wrong numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tutor.buildtrack.exercises import Exercise
from tutor.buildtrack.sandbox import LOST_PIPE, Limits, Outcome

__all__ = ["Verdict", "from_outcome", "from_error", "untrusted", "method_words",
           "METHOD_EXERCISE"]


@dataclass
class Verdict:
    exercise: Exercise
    passed: bool
    summary: str                          # one line, plain text
    kind: str = "pass"                    # what went wrong: "grad", "value", "error", "timeout"...
    code: str = ""                        # the smallest failing case, as Python
    case_title: str = ""                  # "the lecture's L", "a random expression"
    tree: object | None = None            # a rich Tree: right numbers and the learner's
    chain: list[str] = field(default_factory=list)      # chain rule at the first bad node
    diagnosis: str = ""                   # what the mistake looks like, and the fix
    detail: list[str] = field(default_factory=list)     # traceback lines and the like
    output: str = ""                      # what the learner's code printed
    bonus: str = ""                       # a line about the optional parts
    cases: int = 0                        # how many cases were compared
    isolation: str = ""                   # how the check ran: "namespaces" or "limits"

    def line(self) -> str:
        """'PASS  8 tanh' or 'FAIL  8 tanh: <summary>' for ``build check``."""
        head = f"{'PASS' if self.passed else 'FAIL'}  {self.exercise.number:>2} {self.exercise.id}"
        return f"{head}: {self.summary}" if self.summary else head


# Which exercise writes which method: "`tanh` is not written yet (exercise 8)".
METHOD_EXERCISE = {
    "__init__": 1, "__repr__": 1, "__add__": 2, "__mul__": 2, "backward": 5, "__radd__": 7,
    "__rmul__": 7, "tanh": 8, "exp": 9, "__pow__": 9, "__truediv__": 9, "__neg__": 9,
    "__sub__": 9, "relu": 9, "__rsub__": 9, "__rtruediv__": 9, "Neuron.__init__": 10,
    "Neuron.__call__": 10, "Layer.__init__": 11, "Layer.__call__": 11, "MLP.__init__": 11,
    "MLP.__call__": 11, "parameters": 11, "train": 12,
}


def method_words(method: str) -> str:
    """'__add__' -> 'your `__add__`'; 'import' -> 'your file'."""
    if method in ("import", "probe"):
        return "your code"
    if method == "_backward":
        return "a `_backward`"
    return f"your `{method}`"


def _fail(exercise: Exercise, summary: str, kind: str, outcome: Outcome | None = None,
          **more) -> Verdict:
    v = Verdict(exercise, False, summary, kind, **more)
    if outcome is not None:
        v.output = (outcome.stdout + ("\n" + outcome.stderr if outcome.stderr.strip() else
                                      "")).strip()
    return v


def from_outcome(exercise: Exercise, outcome: Outcome) -> Verdict | None:
    """A verdict for a run that did not report results (or reported a setup problem);
    None when there are results to judge."""
    doing = outcome.doing or {}
    what, method = doing.get("doing", ""), doing.get("method", "")
    where = f"{method_words(method)} (in `{what}`)" if what else "your code"
    seconds = f"{outcome.limits.seconds:g} s"
    if outcome.status == "timeout":
        if method == "import":
            return _fail(exercise, f"{what} took more than {seconds}: code at the top of the "
                                   "file runs when it is imported (an endless loop there?)",
                         "timeout", outcome)
        return _fail(exercise, f"{where} was still running after {seconds}: an endless loop?",
                     "timeout", outcome,
                     diagnosis="Look for a `while` loop whose condition never changes, or a "
                               "function that keeps calling itself.")
    if outcome.status == "cpu":
        return _fail(exercise, f"{where} used more than {seconds} of processor time: an "
                               "endless loop?", "timeout", outcome)
    if outcome.status == "output":
        return _fail(exercise, f"{where} printed more than {_mb(outcome.limits.output)}, "
                               "the most one check takes", "output", outcome,
                     diagnosis=TOO_MUCH_OUTPUT)
    if outcome.status == "crash":
        return _fail(exercise, f"the check crashed ({outcome.signal_name}) while running "
                               f"{where}", "crash", outcome)
    if outcome.status == "malformed":
        return untrusted(exercise, outcome.message, outcome)
    if outcome.status == "exit" and outcome.returncode == LOST_PIPE:
        return _fail(exercise, f"{where} closed the check's own channel back to the tutor "
                               "(os.close or os.closerange on files it did not open?)",
                     "exit", outcome,
                     diagnosis="Close only the files your code opened itself.")
    if outcome.status == "exit":
        return _fail(exercise, f"{where} ended the check early (exit status "
                               f"{outcome.returncode}): does your code call os._exit() or "
                               "exit()?", "exit", outcome)
    if outcome.status == "broken":
        return _fail(exercise, outcome.message, "broken", outcome)
    result = outcome.result or {}
    if "import_error" in result:
        return from_error(exercise, result["import_error"], outcome)
    if "foreign" in result:
        return _fail(exercise, f"your micrograd uses {result['foreign']}: the point is to "
                               "write Value yourself, in micrograd/engine.py", "foreign", outcome)
    if "missing" in result:
        return _fail(exercise, f"{result.get('file', 'the file')} has no {result['missing']}",
                     "missing", outcome)
    if "probe_error" in result:
        err = result["probe_error"]
        return _fail(exercise, f"the check itself failed: {err['type']}: {err['message']}",
                     "broken", outcome, detail=_frames(err))
    return None


def untrusted(exercise: Exercise, why: str, outcome: Outcome | None = None) -> Verdict:
    """A FAIL for a report the check cannot trust or read: not the shape it sends, a
    result missing for a case, two final reports."""
    return _fail(exercise, f"the check's report from your code's process is not one it "
                           f"sends ({why}): does your code write to the check's channel or "
                           "change the check's own objects?", "malformed", outcome,
                 diagnosis="Only the check writes its reports; your code's part is the "
                           "methods of the exercise.")


TOO_MUCH_OUTPUT = ("A check keeps only the start of what your code prints. Print less: "
                   "one short line per call, or none.")


def _mb(n: int) -> str:
    return f"{n / (1 << 20):g} MB"


def from_error(exercise: Exercise, err: dict, outcome: Outcome | None = None,
               code: str = "", case_title: str = "") -> Verdict:
    """A verdict for an exception the learner's code raised."""
    kind, message = err.get("type", "Error"), err.get("message", "")
    what, method = err.get("what", ""), err.get("method", "")
    location = f"`{what}`" if what and not what.startswith("importing") else what
    if kind in ("SyntaxError", "IndentationError", "TabError"):
        return _fail(exercise, f"{kind} in {message}", "syntax", outcome, detail=_frames(err),
                     diagnosis="Python could not read the file, so nothing in it could run. "
                               "The mistake is on that line or just before it (a bracket "
                               "or a colon missing, an indent out of line).")
    summary = f"{location} raised {kind}: {message}" if message else f"{location} raised {kind}"
    missing = _MISSING_MODULE.search(message) if kind == "ModuleNotFoundError" else None
    if missing and missing[1] in _MODULE_FILES:
        file, number = _MODULE_FILES[missing[1]]
        summary = f"{file} is not there yet: exercise {number} starts it"
    elif kind == "NotImplementedError":
        summary = f"{method_words(method)} is not written yet (in `{what}`)"
    elif kind == "NotCallable":
        summary = f"`{err.get('node', '?')}._backward` is {message}, not a function"
    elif kind == "SystemExit":
        summary = f"{method_words(method)} called sys.exit() or exit() (in `{what}`)"
    elif kind == "MemoryError":
        summary = f"{method_words(method)} ran out of memory (in `{what}`)"
    elif kind == "OSError" and "File too large" in message:
        summary = (f"{method_words(method)} printed more than "
                   f"{_mb((outcome.limits if outcome else Limits()).output)} "
                   f"(in `{what}`)")
    return _fail(exercise, _one_line(summary), "error", outcome, code=code,
                 case_title=case_title, diagnosis=error_advice(exercise, err),
                 detail=_frames(err))


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "..."


def _frames(err: dict) -> list[str]:
    lines = []
    for file, lineno, name, line in err.get("frames", []):
        lines.append(f"{file}, line {lineno}" + (f", in {name}" if name else ""))
        if line:
            lines.append(f"    {line.strip()}")
    return lines


_MISSING_MODULE = re.compile(r"No module named '([\w.]+)'")
_MODULE_FILES = {"micrograd": ("micrograd/engine.py", 1), "micrograd.engine": ("micrograd/engine.py", 1),
                 "micrograd.nn": ("micrograd/nn.py", 10), "train": ("train.py", 12)}
_OPERAND = re.compile(r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'")
_REFLECTED = {"+": "__radd__", "*": "__rmul__", "-": "__rsub__", "/": "__rtruediv__"}
_FORWARD = {"+": "__add__", "*": "__mul__", "-": "__sub__", "/": "__truediv__",
            "** or pow()": "__pow__"}
_NO_ATTR = re.compile(r"'(\w+)' object has no attribute '(\w+)'")
_ATTR_EXERCISE = {"data": 1, "_prev": 3, "_op": 3, "label": 3, "grad": 4, "_backward": 4,
                  "backward": 5, "tanh": 8, "exp": 9, "relu": 9, "w": 10, "b": 10,
                  "parameters": 11, "neurons": 11, "layers": 11}


def error_advice(exercise: Exercise, err: dict) -> str:
    """What an exception usually means here, and what to do about it ('' if nothing)."""
    kind, message = err.get("type", ""), err.get("message", "")
    method = err.get("method", "")
    if kind == "NotImplementedError":
        number = METHOD_EXERCISE.get(method)
        later = number is not None and number > exercise.number
        return (f"That is exercise {number}'s stub; it is only needed here because this "
                "check uses it." if later else
                "Replace the `raise NotImplementedError(...)` line with your code.")
    if kind in ("NotCallable",) or (kind == "TypeError" and
                                    "'NoneType' object is not callable" in message):
        return ("A `_backward` is None. `out._backward = _backward()` *calls* the function and "
                "stores what it returns, None. Store the function itself: "
                "`out._backward = _backward`. (A leaf's `_backward` is `lambda: None`.)")
    if kind == "AttributeError":
        m = _NO_ATTR.search(message)
        if m and m[1] in ("int", "float") and m[2] == "data":
            return ("A plain number reached an operation that expects a Value. Wrap it first: "
                    "`other = other if isinstance(other, Value) else Value(other)` (exercise 7).")
        if m and m[1] == "Value" and m[2] in _ATTR_EXERCISE:
            return (f"Value has no `{m[2]}`: exercise {_ATTR_EXERCISE[m[2]]} adds it"
                    + (" to `__init__`." if m[2] in ("grad", "_backward", "_prev", "_op",
                                                    "label", "data") else "."))
        if m and m[1] == "NoneType":
            return ("Something that should be a Value is None: does every operation "
                    "`return out`?")
    if kind == "TypeError":
        m = _OPERAND.search(message)
        if m and m[1] == "/" and m[3] == "Value" and method == "__truediv__":
            return ("`1 / other` inside `__truediv__` needs `__rtruediv__`, which is optional. "
                    "The task's way needs no new method: `return self * other**-1`.")
        if m and m[3] == "Value" and m[2] in ("int", "float") and m[1] in _REFLECTED:
            return (f"Python asked the number first, which gave up, then looked for Value's "
                    f"`{_REFLECTED[m[1]]}`: write it by swapping the operands round.")
        if m and m[2] == "Value" and m[1] in _FORWARD:
            return f"Value has no `{_FORWARD[m[1]]}` yet."
        if "unary -" in message:
            return "Value has no `__neg__` yet: -a is a * -1."
        if "unexpected keyword argument" in message or "positional argument" in message:
            return ("Check `__init__`'s parameters: the lecture's are "
                    "`(self, data, _children=(), _op='', label='')`.")
        if "not iterable" in message and "Value" in message:
            return "A Value is not a list: did a Layer return one Value where a list was expected?"
    if kind == "ModuleNotFoundError" and re.search(r"named '(engine|tutor|lessons)\b", message):
        return ("A check runs your code with the standard library and your workspace only: "
                "the tutor's own engine is not there to import. The point is to write Value "
                "yourself, in micrograd/engine.py.")
    if kind == "RecursionError":
        return ("A function kept calling itself. Two usual causes: `build_topo` without its "
                "`visited` check, or a reflected op (`__radd__`) that calls itself again "
                "instead of `self + other`.")
    if kind == "SystemExit":
        return "The check stops at an exit. Take the exit() or sys.exit() out of your code."
    if kind == "TypeError" and "__repr__ returned non-string" in message:
        return ("`__repr__` must *return* the text, such as `Value(data=2.0)`: printing it "
                "is not enough, and a function that ends without a `return` gives back "
                "None.")
    if kind == "OSError" and "File too large" in message:
        return TOO_MUCH_OUTPUT
    if kind == "EOFError":
        return "The check gives your code no input: take the `input()` out."
    if kind == "PermissionError" and "other processes" in message:
        return "Your code may not start processes during a check."
    if kind == "ZeroDivisionError":
        return "A division by zero: which number in this case is 0?"
    if kind == "AssertionError":
        return "An `assert` in your code failed on this case."
    return ""

