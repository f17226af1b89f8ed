"""The monkey's build-track sessions (tests/monkey.py): the exercise list and the editor
with its Task / Check / Solution panel, hints, the solution, checks, the outside editor,
another window saving the file, autosave; the workspace at a random stage, now and then
with engine.py a folder or too long to highlight.

Checks run the real sandbox, up to a budget per run (``Checks``); past it a canned
FAIL stands in, so a long run or the CI test stays quick.  After every key the monkey
waits for a check it started to finish and be shown, so what the next key meets does not
depend on the machine's speed.
"""

from __future__ import annotations

import random
import shutil
import string
from dataclasses import dataclass

# (key, weight): what a learner presses in the build app; '(disk)' and '(autosave)' are
# ticks: another window saves the file (then the watcher looks), the autosave timer fires.
BUILD_KEYS = [
    ("f5", 2), ("ctrl+s", 2), ("f6", 3), ("f2", 2), ("ctrl+t", 1), ("f3", 1.5),
    ("ctrl+r", 0.5), ("f4", 0.5), ("ctrl+o", 0.3), ("f7", 1), ("f8", 1.5), ("ctrl+l", 1),
    ("tab", 2), ("shift+tab", 2), ("escape", 3), ("enter", 4), ("space", 4),
    ("backspace", 3), ("delete", 1), ("up", 3), ("down", 3), ("left", 2), ("right", 2),
    ("home", 1), ("end", 1), ("pageup", 0.5), ("pagedown", 0.5), ("ctrl+home", 0.5),
    ("ctrl+end", 0.5), ("f1", 1), ("ctrl+p", 1), ("ctrl+q", 0.15), ("colon", 1),
    ("left_parenthesis", 1), ("right_parenthesis", 1), ("full_stop", 1),
    ("equals_sign", 1.5), ("plus", 1), ("asterisk", 1), ("comma", 0.5), ("1", 1), ("0", 1),
    *((letter, 0.6) for letter in string.ascii_lowercase),
    ("(disk)", 0.6), ("(autosave)", 1),
]

CHECK_KEYS = {"f5", "ctrl+s", "f4", "ctrl+o", "(disk)"}     # the keys that may start a check


@dataclass
class Checks:
    """The check the build app runs: the real one ``budget`` times (None: always), then a
    canned FAIL.  Counts both."""

    budget: int | None = None
    real: int = 0
    canned: int = 0

    def __call__(self, exercise, root, limits):
        from tutor.buildtrack.checks import run_check
        from tutor.buildtrack.verdict import Verdict

        if self.budget is None or self.real < self.budget:
            self.real += 1
            return run_check(exercise, root, limits)
        self.canned += 1
        return Verdict(exercise, False, "(the monkey's check budget is spent)", "monkey")


def prepare_build(rng: random.Random):
    """The workspace at a random stage (exercises 1..k written the reference way, the
    next one started), the exercise to open (None: where the learner is), and what the
    session did to engine.py: '' or 'folder' or 'long'."""
    from tutor.buildtrack import stages
    from tutor.buildtrack.exercises import EXERCISES
    from tutor.buildtrack.workspace import Workspace

    ws = Workspace()
    engine = ws.path("micrograd/engine.py")
    if engine.is_dir() and not engine.is_symlink():
        shutil.rmtree(engine)                 # a folder of the session before
    done = rng.randrange(0, len(EXERCISES))
    if rng.random() < 0.7:                    # else: the learner's own edits stay
        for file, text in stages.stage_files(done, done + 1).items():
            ws.save(file, text)
        ws.save("micrograd/__init__.py", "")
    odd = rng.choices(["", "folder", "long"], [8, 1, 1])[0]
    if odd == "folder":
        engine.unlink(missing_ok=True)
        engine.mkdir(parents=True)
        (engine / "kept.txt").write_text("a learner's note\n")
    elif odd == "long":
        ws.save("micrograd/engine.py", ws.read("micrograd/engine.py") + "# note\n" * 2500)
    exercise = rng.choice([None, EXERCISES[done], rng.choice(EXERCISES)])
    return exercise, odd


def outside_change() -> None:
    """Another window saves the open file (a line added at its end)."""
    from tutor.buildtrack.workspace import FileProblem, Workspace

    ws = Workspace()
    try:
        ws.save("micrograd/engine.py", ws.read("micrograd/engine.py") + "# from outside\n")
    except (FileProblem, OSError):
        pass                                  # a folder there: nothing to save into


async def tick(app, key: str) -> None:
    """A key that is not a key: the watcher's tick after an outside save, or autosave's."""
    from tutor.app.screens.build import BuildScreen

    screen = app.screen
    if not isinstance(screen, BuildScreen):
        return
    if key == "(disk)":
        outside_change()
        screen.poll_disk()
    else:
        screen.autosave()


def check_build_screens(app, odd: str) -> None:
    """The build app's stack makes sense, and the editor is read-only exactly when its
    file could not be opened."""
    from tutor.app.screens.build import BuildScreen
    from tutor.app.screens.build_list import ExerciseListScreen
    from tutor.buildtrack.workspace import Workspace

    stack = app.screen_stack
    kinds = [type(s).__name__ for s in stack]
    if not isinstance(stack[0], ExerciseListScreen):
        raise AssertionError(f"no exercise list at the bottom: {kinds}")
    if sum(isinstance(s, BuildScreen) for s in stack) > 1:
        raise AssertionError(f"two exercises open: {kinds}")
    for screen in stack:
        if isinstance(screen, BuildScreen) and screen.is_mounted:
            if screen.editor.read_only != (screen.unopened is not None):
                raise AssertionError(f"read-only {screen.editor.read_only} with "
                                     f"unopened {screen.unopened!r}")
    if odd == "folder" and not (Workspace().path("micrograd/engine.py") / "kept.txt").is_file():
        raise AssertionError("the folder where engine.py should be was written over")


def build_screen_name(screen) -> str:
    """'BuildScreen:editor', 'BuildScreen:panel' (below 110 columns, the panel in the
    editor's place) or 'BuildScreen:unopened'; other screens by their class."""
    from tutor.app.screens.build import BuildScreen

    if not isinstance(screen, BuildScreen):
        return type(screen).__name__
    if screen.unopened is not None:
        return "BuildScreen:unopened"
    return "BuildScreen:panel" if screen.has_class("-panel") else "BuildScreen:editor"
