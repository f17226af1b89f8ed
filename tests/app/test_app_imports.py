"""Start-up stays light: what importing the app package and the app module pulls in."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return set(out.split())


def test_the_package_imports_without_textual():
    loaded = modules_after("import tutor.app")
    assert "textual" not in loaded and "rich" not in loaded


def test_the_app_module_leaves_plots_markdown_and_lessons_for_later():
    loaded = modules_after("import tutor.app.app")
    assert "textual.app" in loaded
    for heavy in ("textual_plotext", "plotext", "textual.widgets._markdown", "markdown_it",
                  "lessons.l02_derivative", "tutor.runner", "engine"):
        assert heavy not in loaded, heavy


PRELOAD_CHECK = """
import asyncio, os, sys, tempfile
os.environ["MICROGRAD_TUTOR_HOME"] = tempfile.mkdtemp()
from tutor.app.app import TutorApp

async def main():
    app = TutorApp(frame_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        first = {"lesson screen": "tutor.app.screens.lesson" in sys.modules}
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = {name: name in sys.modules for name in (
            "tutor.app.screens.lesson", "tutor.runner", "textual.widgets._markdown",
            "pygments.lexers.python", "lessons.l01_intro")}
    print(first, after)

asyncio.run(main())
"""


def test_what_opening_a_lesson_needs_is_loaded_after_the_first_frame():
    out = subprocess.run([sys.executable, "-c", PRELOAD_CHECK], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    first, after = out.strip().split("} {")
    assert "'lesson screen': False" in first            # not before the course list shows
    assert "False" not in after, after                  # all of it once it is up


RUN_APP_CHECK = """
import sys
from tutor.app import app as app_module
from tutor.app import launch

def run(self):
    print("build track loaded:", "tutor.buildtrack.sandbox" in sys.modules)
app_module.TutorApp.run = run
launch.run_app()
"""


def test_the_course_app_starts_without_loading_the_build_track():
    out = subprocess.run([sys.executable, "-c", RUN_APP_CHECK], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    assert "build track loaded: False" in out, out
