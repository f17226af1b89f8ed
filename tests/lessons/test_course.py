"""The course as a whole: every section of the lecture, in order, 80+ questions, clean layers."""

import ast
import subprocess
import sys
from pathlib import Path

from lessons.course import COURSE, all_lessons, find_lesson
from lessons.steps import Question

from lesson_walk import walk

ROOT = Path(__file__).resolve().parents[2]
LECTURE_SECTIONS = range(1, 26)  # OUTLINE.md section 1 has 25 sections


def test_every_section_of_the_lecture_has_its_lesson_in_order():
    covered = [s for lesson in all_lessons() for s in lesson.sections]
    assert sorted(set(covered)) == list(LECTURE_SECTIONS)
    assert covered == sorted(covered)  # the course follows the lecture's order


def test_lesson_ids_are_unique_and_findable():
    ids = [lesson.id for lesson in all_lessons()]
    assert len(ids) == len(set(ids))
    assert all(find_lesson(i).id == i for i in ids)
    assert find_lesson("no-such-lesson") is None
    assert all(chapter.lessons for chapter in COURSE)


def test_at_least_80_questions_and_3_per_lesson():
    counts = {lesson.id: sum(isinstance(s, Question) for s in walk(lesson.script))
              for lesson in all_lessons()}
    assert min(counts.values()) >= 3, counts
    assert sum(counts.values()) >= 80


def test_lessons_import_no_user_interface():
    code = ("import sys\n"
            "from lessons.course import all_lessons\n"
            "for lesson in all_lessons():\n"
            "    list(lesson.script())\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'rich', 'plotext', 'textual_plotext', 'tutor'))\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_lesson_sources_import_only_engine_lessons_and_the_standard_library():
    allowed = {"engine", "lessons"} | set(sys.stdlib_module_names) | {"__future__"}
    for path in sorted((ROOT / "lessons").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
