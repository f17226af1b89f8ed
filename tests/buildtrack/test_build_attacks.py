"""Learner code that goes after the check itself: forged and malformed reports, the probe
patched, the tutor's engine re-exported, files outside the workspace.  None of it passes,
none of it crashes the tutor; with namespaces none of it reaches the user's files.

Each attack runs with namespaces and, where the defence does not rest on them, also
in the fallback (``MICROGRAD_TUTOR_SANDBOX=limits``, as on a system without them).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from build_helpers import E, check, everything, solved_workspace
from tutor.buildtrack import records
from tutor.buildtrack.sandbox import SWITCH, isolation

ROOT = Path(__file__).resolve().parents[2]
ADD = "    def __add__(self, other):\n"

# Finds the check's channel the way hostile code would: every pipe it can write to.
FIND_PIPES = """
import os as _os, stat as _stat
def _forge(line):
    for fd in range(3, 1024):
        try:
            if _stat.S_ISFIFO(_os.fstat(fd).st_mode):
                _os.write(fd, line)
        except OSError:
            pass
"""


@pytest.fixture(params=["namespaces", "limits"])
def mode(request, monkeypatch):
    if request.param == "limits":
        monkeypatch.setenv(SWITCH, "limits")
    elif isolation() != "namespaces":
        pytest.skip("this system gives no user namespaces")
    return request.param


def namespaces_only():
    if isolation() != "namespaces":
        pytest.skip("this system gives no user namespaces")


def prepend(ws, code: str) -> None:
    ws.save(E, code + "\n" + ws.read(E))


def broken_add(ws) -> None:
    """A wrong `+`: only a forged report could pass exercise 2 now."""
    ws.save(E, ws.read(E).replace(ADD, ADD + "        return Value(self.data - other.data)\n", 1))


FORGED = [
    ("empty-result-and-exit", b'{"done": true, "result": []}\n', True),
    ("empty-result", b'{"done": true, "result": []}\n', False),
    ("not-json", b"PASS\n", False),
    ("wrong-shape", b'{"done": true, "result": [{"nodes": 5}]}\n', True),
    ("no-result", b'{"done": true}\n', True),
    ("nodes-of-another-case", b'{"done": true, "result": [{"nodes": {"zz": {"data": 1.0, '
                              b'"is_value": true}}}]}\n', True),
]


@pytest.mark.parametrize("name, line, then_exit", FORGED, ids=[f[0] for f in FORGED])
def test_a_forged_report_fails_with_a_reason(tmp_path, mode, name, line, then_exit):
    ws = solved_workspace(tmp_path)
    broken_add(ws)
    prepend(ws, FIND_PIPES + f"_forge({line!r})\n" + ("_os._exit(0)\n" if then_exit else ""))
    verdict = check(ws, "add-mul")
    assert not verdict.passed
    assert verdict.kind == "malformed", verdict.line()
    assert "not one it sends" in verdict.summary


def test_a_forged_report_beside_a_right_solution_still_fails(tmp_path, mode):
    # two final reports: the check cannot tell which is its own, so neither counts
    ws = solved_workspace(tmp_path)
    prepend(ws, FIND_PIPES + "_forge(b'{\"done\": true, \"result\": []}\\n')\n")
    verdict = check(ws, "accumulate")
    assert verdict.kind == "malformed"
    assert "2 final reports" in verdict.summary


# Replaces the probe's run with one that makes up right-looking numbers for every case.
PATCH_PROBE = '''
import __main__ as _main
def _fake_run(self, request):
    out = []
    for case in request["cases"]:
        env = {}
        for st in case["steps"]:
            if st[0] == "leaf":
                env[st[1]] = st[2]
            else:
                a = [env[x] if isinstance(x, str) else x for x in st[3:]]
                env[st[1]] = a[0] + a[1] if st[2] == "add" else a[0] * a[1]
        out.append({"nodes": {k: {"data": float(v), "is_value": True} for k, v in env.items()}})
    self.send({"done": True, "result": out})
for _name in dir(_main):
    _obj = getattr(_main, _name)
    if isinstance(_obj, type) and hasattr(_obj, "run"):
        _obj.run = _fake_run
'''


def test_patching_the_probe_in_main_changes_nothing(tmp_path, mode):
    ws = solved_workspace(tmp_path)
    broken_add(ws)
    prepend(ws, PATCH_PROBE)
    verdict = check(ws, "add-mul")
    assert not verdict.passed
    assert verdict.kind == "value"                 # judged on what its `+` really did
    assert "look at your `__add__`" in verdict.summary


REEXPORT = f'''
import sys
sys.path.insert(0, {str(ROOT)!r})
from engine import Value
Value.__module__ = "micrograd.engine"
for _m in [m for m in sys.modules if m == "engine" or m.startswith("engine.")]:
    del sys.modules[_m]
sys.path.pop(0)
'''


@pytest.mark.parametrize("exercise", ["add-mul", "accumulate", "tanh", "more-ops"])
def test_the_tutors_engine_re_exported_is_refused(tmp_path, mode, exercise):
    ws = solved_workspace(tmp_path)
    ws.save(E, REEXPORT)
    verdict = check(ws, exercise)
    assert not verdict.passed
    if mode == "namespaces":       # not even there to import
        assert "ModuleNotFoundError" in verdict.summary
        assert "write Value yourself" in verdict.diagnosis
    else:                          # there, and recognised by where its methods were written
        assert verdict.kind == "foreign"
        assert "engine" in verdict.summary and "write Value yourself" in verdict.summary


def test_code_cannot_read_or_write_outside_its_copy(tmp_path):
    namespaces_only()
    secret = tmp_path / "home" / ".ssh" / "id_rsa"
    secret.parent.mkdir(parents=True)
    secret.write_text("TOP-SECRET-KEY")
    outside = tmp_path / "written-by-the-check"
    ws = solved_workspace(tmp_path / "ws")
    ws.save(E, ws.read(E).replace(ADD, ADD + f"""
        import os
        seen = []
        for path in ({str(secret)!r}, "/proc/1/environ", {str(ws.path(E))!r}):
            try:
                seen.append(open(path).read()[:20])
            except OSError as e:
                seen.append(type(e).__name__)
        for path in ({str(outside)!r}, "/usr/x", "/etc/x", "../../x"):
            try:
                open(path, "w").write("x")
                seen.append("wrote " + path)
            except OSError as e:
                seen.append(type(e).__name__)
        raise ValueError(repr(seen) + " HOME=" + repr(os.environ.get("HOME")))
""", 1))
    verdict = check(ws, "add-mul")
    said = everything(verdict)
    assert "ValueError" in said
    assert "TOP-SECRET-KEY" not in said
    assert "wrote" not in said
    assert not outside.exists()
    assert "HOME=None" in said
    assert secret.read_text() == "TOP-SECRET-KEY"


def test_without_namespaces_a_check_still_runs_and_says_how(tmp_path, monkeypatch):
    monkeypatch.setenv(SWITCH, "limits")
    ws = solved_workspace(tmp_path)
    verdict = check(ws, "accumulate")
    assert verdict.passed
    assert verdict.isolation == "limits"
    assert isolation() == "limits"


def test_with_namespaces_the_check_says_so(tmp_path):
    namespaces_only()
    verdict = check(solved_workspace(tmp_path), "value")
    assert verdict.passed and verdict.isolation == "namespaces"


@pytest.mark.parametrize("kind, request_, result", [
    ("basics", {}, {"pos": 1}),
    ("basics", {}, {"pos": {"data": "2.0", "is_value": True, "repr": "x"},
                    "neg": {"data": -3.5, "is_value": True, "repr": "x"}}),
    ("expr", {"cases": [{"steps": [["leaf", "a", 1.0]], "mode": "forward"}]}, []),
    ("expr", {"cases": [{"steps": [["leaf", "a", 1.0]], "mode": "backward"}]},
     [{"nodes": {"a": {"data": 1.0, "is_value": True}}}]),
    ("neuron", {"cases": [{"x": [1.0]}]}, {"cases": [{"start": [0.1], "out": 0.0,
                                                       "grads": [0.0]}]}),
    ("mlp", {"params": [0.0] * 41}, {"Neuron(3)": {"count": 4}}),
    ("train", {"params": [0.0] * 41}, {"losses": [1.0], "params": [0.0] * 3}),
    ("train", {"params": [0.0] * 41}, "a string"),
])
def test_every_result_shape_is_checked_before_it_is_judged(kind, request_, result):
    assert records.result_problem(kind, result, request_) is not None


def test_a_malformed_report_is_a_fail_line_in_build_check_not_a_traceback(tmp_path, mode):
    from tutor.buildtrack.commands import check as build_check

    ws = solved_workspace(tmp_path)
    prepend(ws, FIND_PIPES + "_forge(b'{\"done\": true, \"result\": {\"x\": 1}}\\n')\n"
                "_os._exit(0)\n")
    out = io.StringIO()
    code = build_check(None, ws.root, out=out)
    text = out.getvalue()
    assert code == 1
    assert "Traceback" not in text
    assert "FAIL   1 value: the check's report" in text
    assert "exercises: 12  passed: 0" in text


ESCAPES = "\x1b[2J\x1b]0;owned\x07\x1b]52;c;aGVsbG8=\x07\x9b31m"


def test_escape_sequences_in_output_and_errors_never_reach_the_terminal(tmp_path):
    from tutor.buildtrack.commands import check as build_check
    from tutor.buildtrack.plain import BuildPlain
    from rich.console import Console

    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E).replace(ADD, ADD + f"        print({ESCAPES!r})\n"
                                              f"        raise ValueError({ESCAPES!r})\n", 1))
    verdict = check(ws, "add-mul")
    assert "\x1b" not in everything(verdict) + verdict.output
    assert "\\x1b[2J" in verdict.summary and "\\x1b]52;" in verdict.output
    out = io.StringIO()
    build_check(None, ws.root, verbose=True, no_color=True, out=out)     # one line and -v
    plain = io.StringIO()
    from tutor.store import open_store
    session = BuildPlain(Console(file=plain, no_color=True, width=100),
                         stdin=io.StringIO("go add-mul\ncheck\nquit\n"), workspace=ws,
                         progress=open_store(f"sqlite:///{tmp_path / 'progress.sqlite3'}"))
    session.run()
    for shown in (out.getvalue(), plain.getvalue()):
        assert "\\x1b]0;owned\\x07" in shown
        for raw in ("\x1b", "\x07", "\x9b"):
            assert raw not in shown
