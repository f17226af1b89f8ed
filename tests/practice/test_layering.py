"""lessons/practice holds no user interface: it imports the engine, lessons and the
standard library only, and loading it loads nothing of Textual, rich or the tutor."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRACTICE = ROOT / "lessons" / "practice"


def test_practice_sources_import_only_engine_lessons_and_the_standard_library():
    allowed = {"engine", "lessons", "__future__"} | set(sys.stdlib_module_names)
    files = sorted(PRACTICE.glob("*.py"))
    assert len(files) >= 5
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_making_problems_loads_no_user_interface():
    code = ("import sys\n"
            "from lessons.practice.skills import SKILLS, make_problem\n"
            "from lessons.practice import classify, parse, schedule\n"
            "for s in SKILLS:\n"
            "    make_problem(s.id, s.top, 1)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'rich', 'plotext', 'textual_plotext', 'tutor'))\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
