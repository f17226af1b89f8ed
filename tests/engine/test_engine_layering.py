"""The engine stands alone: standard library only, nothing from lessons/ or tutor/."""

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
UI_PACKAGES = {"textual", "rich", "plotext", "textual_plotext"}


def engine_modules():
    return ["engine"] + [f"engine.{p.stem}" for p in sorted(ENGINE.glob("*.py"))
                         if p.stem != "__init__"]


def test_there_are_engine_modules_to_check():
    assert {"engine.value", "engine.nn", "engine.train"} <= set(engine_modules())


def test_importing_the_engine_loads_no_ui_library():
    code = (
        "import importlib, json, sys\n"
        f"for name in {engine_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    loaded = json.loads(result.stdout)
    assert "engine.value" in loaded
    roots = {name.split(".")[0] for name in loaded}
    assert roots.isdisjoint(UI_PACKAGES | {"lessons", "tutor"})


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield "engine" if node.level else node.module  # relative: inside the engine


def test_engine_sources_import_only_the_standard_library_and_the_engine():
    for path in sorted(ENGINE.glob("*.py")):
        for module in imported_modules(path):
            root = module.split(".")[0]
            assert root not in {"lessons", "tutor"}, (path.name, module)
            assert root == "engine" or root in sys.stdlib_module_names, (path.name, module)
