"""What a newcomer gets with an installed copy: the licence the metadata names, the guide
to writing lessons that ``check`` points to, and a ``list`` that reads well in a file."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from lessons.course import all_lessons

ROOT = Path(__file__).resolve().parents[2]


def run(*args, home):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "PYTHONPATH": str(ROOT),
           "COLUMNS": "60"}
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_the_licence_file_matches_the_metadata():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_authoring_guide_ships_with_the_package_and_check_points_to_it(tutor_home):
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "AUTHORING.md" in meta["tool"]["setuptools"]["package-data"]["lessons"]
    out = run("check", "--help", home=tutor_home)
    guide = out.stdout.split("Writing a lesson: see")[1].split()[0]
    assert Path(guide).name == "AUTHORING.md" and Path(guide).is_file()


def test_list_in_a_file_has_whole_titles_and_no_trailing_spaces(tutor_home):
    out = run("list", home=tutor_home)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert all(line == line.rstrip() for line in lines)
    assert "Practice skills" in lines                   # the skills follow, just as plain
    lines = lines[:lines.index("Practice skills")]      # (skill ids like 'neuron' repeat)
    for lesson in all_lessons():            # one line each, the title whole, even past 60
        line = next(line for line in lines if line.split()[:1] == [lesson.id])
        assert lesson.title in line
    columns = {line.index(lesson.title) for lesson in all_lessons()
               for line in lines if line.split()[:1] == [lesson.id]}
    assert len(columns) == 1                # the titles line up
