"""Learner code that hangs, crashes, exits or misbehaves is reported as such, fails,
and never harms the tutor or the learner's files.

An endless loop can only end at the time limit, so those tests use a short one
and assert what is reported (the kind, the method), never how long it took.
"""

import pytest

from build_helpers import E, check, everything, solved_workspace
from tutor.buildtrack.sandbox import Limits

ADD = "    def __add__(self, other):\n"

HOSTILE = [
    # (id, code put at the top of __add__, kind, words)
    ("crash", "        import ctypes; ctypes.string_at(0)\n", "crash", ["crashed", "`__add__`"]),
    ("os-exit", "        import os; os._exit(3)\n", "exit",
     ["ended the check early", "`__add__`", "os._exit"]),
    ("sys-exit", "        import sys; sys.exit(0)\n", "error", ["sys.exit()", "`__add__`"]),
    ("exception", "        raise ValueError('oops')\n", "error", ["ValueError: oops", "line"]),
    ("reads-input", "        input()\n", "error", ["EOFError", "no input"]),
    ("forks", "        import os; os.fork()\n", "error", ["start other processes"]),
    ("prints-forever", "        while True: print('x' * 1000)\n", "error",
     ["printed more than 4 MB", "Print less"]),
    ("prints-once-a-lot", "        print('x' * 10 ** 7)\n", "error",
     ["printed more than 4 MB", "Print less"]),
    ("memory-hog", "        x = [0] * (10 ** 10)\n", "error", ["ran out of memory"]),
    ("deletes-files", "        import os, glob\n"
                      "        for f in glob.glob('**/*.py', recursive=True): os.remove(f)\n",
     "pass", []),
    ("prints-a-fake-pass", "        print('PASS'); print('{\"done\": true, \"result\": []}')\n"
                           "        return 7\n", "type", ["not a Value"]),
]


@pytest.mark.parametrize("name, code, kind, words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_learner_code_is_reported_and_never_passes(tmp_path, name, code, kind, words):
    ws = solved_workspace(tmp_path)
    text = ws.read(E)
    ws.save(E, text.replace(ADD, ADD + code, 1))
    mine = ws.read(E)
    verdict = check(ws, "add-mul")
    assert verdict.kind == kind, verdict.line()
    assert verdict.passed == (kind == "pass")
    said = everything(verdict)
    for word in words:
        assert word in said, f"{word!r} not in {said!r}"
    assert ws.read(E) == mine               # the learner's file is untouched
    assert ws.path("micrograd/nn.py").is_file()


def test_an_endless_loop_is_stopped_at_the_limit_and_names_the_method(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E).replace(ADD, ADD + "        while True:\n            pass\n", 1))
    verdict = check(ws, "add-mul", Limits(seconds=4))
    assert verdict.kind == "timeout"
    assert not verdict.passed
    assert "your `__add__`" in verdict.summary
    assert "still running after 4 s" in verdict.summary


def test_an_endless_loop_at_import_time_is_named_as_such(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E).replace("import math\n", "import math\nwhile True:\n    pass\n"))
    verdict = check(ws, "value", Limits(seconds=4))
    assert verdict.kind == "timeout"
    assert "importing micrograd/engine.py" in verdict.summary


def test_using_the_tutors_own_engine_is_refused(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.save(E, "from engine import Value\n")
    verdict = check(ws, "accumulate")
    assert not verdict.passed
    assert "write Value yourself" in verdict.summary + verdict.diagnosis


def test_a_syntax_error_points_at_its_line(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E).replace("        self.data = data\n", "        self.data = = data\n"))
    verdict = check(ws, "value")
    assert verdict.kind == "syntax"
    assert any("engine.py" in line and "line" in line for line in verdict.detail)


def test_a_missing_workspace_is_a_failed_check_not_a_crash(tmp_path):
    verdict = check(solved_workspace(tmp_path / "ws"), "value")
    assert verdict.passed
    from tutor.buildtrack.workspace import Workspace

    empty = Workspace(tmp_path / "nothing-here")
    verdict = check(empty, "value")
    assert not verdict.passed
    assert "micrograd" in verdict.summary


def test_a_file_of_a_later_exercise_that_is_not_there_yet_is_named(tmp_path):
    ws = solved_workspace(tmp_path, done=11, started=11)
    verdict = check(ws, "train")
    assert verdict.summary == "train.py is not there yet: exercise 12 starts it"


def test_much_output_is_not_blamed_on_a_loop(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E).replace(ADD, ADD + "        print('x' * 10 ** 7)\n", 1))
    assert "loop" not in everything(check(ws, "add-mul"))


def test_a_fifo_or_a_symlink_loop_in_the_folder_does_not_stop_a_check(tmp_path):
    import os

    ws = solved_workspace(tmp_path)
    os.mkfifo(ws.path("stuck.py"))                     # reading it would block forever
    os.symlink("loop", ws.path("loop"))
    os.symlink(".", ws.path("micrograd/again"))        # a folder that contains itself
    os.symlink("/etc/passwd", ws.path("outside.py"))   # a link out of the folder: not copied
    verdict = check(ws, "accumulate")
    assert verdict.passed, verdict.line()


def test_unrelated_big_files_do_not_crowd_out_the_exercise_files(tmp_path):
    from tutor.buildtrack.sandbox import MAX_COPY

    ws = solved_workspace(tmp_path)
    ws.save("a_notes.py", "#" * (MAX_COPY - 50) + "\n")   # all the budget but 50 bytes
    verdict = check(ws, "accumulate")
    assert verdict.passed, verdict.line()


def test_closing_every_file_descriptor_is_named_as_such(tmp_path):
    ws = solved_workspace(tmp_path)
    ws.save(E, ws.read(E).replace(ADD, ADD + "        import os; os.closerange(0, 4096)\n", 1))
    verdict = check(ws, "add-mul")
    assert not verdict.passed
    assert "closed the check's own channel" in verdict.summary
    assert "os._exit" not in verdict.summary
