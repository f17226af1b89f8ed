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
