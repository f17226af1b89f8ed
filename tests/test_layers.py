"""The code's shape, held by tests: imports go one way, no import circle, short modules
that say what they hold.

The import rules are import-linter contracts in pyproject.toml ([tool.importlinter]);
a new import against them fails here, with import-linter's account of the chain.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("engine", "lessons", "tutor")
MAX_LINES = 400
# Modules allowed over MAX_LINES for now (none).
LONG_FOR_NOW: set[str] = set()

LINT = "import sys; from importlinter.cli import lint_imports; " \
       "sys.exit(lint_imports(no_cache=True, no_logo=True))"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LINT], cwd=root, capture_output=True,
                          text=True, timeout=120)


def test_imports_keep_the_contracts():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "9 kept, 0 broken" in run.stdout


def test_a_screen_that_imports_its_app_breaks_a_contract(tmp_path):
    # the contracts are not vacuous: the circle this project once had fails the lint
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    home = tmp_path / "tutor" / "app" / "screens" / "home.py"
    home.write_text(home.read_text() + "\n\ndef _back():\n    from tutor.app import tracks\n")
    run = lint_imports(tmp_path)
    assert run.returncode == 1
    assert "tutor.app.screens is not allowed to import tutor.app.tracks" in run.stdout
    assert "- tutor.app.screens.home -> tutor.app.tracks" in run.stdout


def import_circles(graph) -> list[list[str]]:
    """The groups of modules that import each other in a circle (Tarjan's strongly
    connected components), imports inside functions included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return circles


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert import_circles(graph) == []


def test_the_circle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert import_circles(graph) == [["a.x", "a.y"]]


def modules():
    for name in PACKAGES:
        for path in sorted((ROOT / name).rglob("*.py")):
            if "__pycache__" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_every_module_is_under_400_lines():
    long = {path: text.count("\n") for path, text in modules()
            if text.count("\n") > MAX_LINES and path not in LONG_FOR_NOW}
    assert long == {}


def test_every_module_opens_with_a_line_on_what_it_holds():
    silent = [path for path, text in modules()
              if not (ast.get_docstring(ast.parse(text)) or "").strip()]
    assert silent == []
