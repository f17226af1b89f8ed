"""The course as a whole: every section of the lecture, in order, 80+ questions, clean layers."""

import ast
import math
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.course import COURSE, all_lessons, find_lesson
from lessons.steps import AskChoice, Code, Question, Recap, Say

from lesson_walk import signature, walk, walk_wrong

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
            "from lessons.practice import classify, parse, schedule, skills, worksheets\n"
            "for s in skills.SKILLS:\n"            # practice's generators, too
            "    skills.make_problem(s.id, s.top, 1)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'rich', 'plotext', 'textual_plotext', 'tutor'))\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_lesson_sources_import_only_engine_lessons_and_the_standard_library():
    allowed = {"engine", "lessons"} | set(sys.stdlib_module_names) | {"__future__"}
    for path in sorted((ROOT / "lessons").rglob("*.py")):      # lessons/practice too
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


# --- every lesson: the checks that hold for each of them ------------------------------------

IDS = [lesson.id for lesson in all_lessons()]


def script(lesson_id):
    return find_lesson(lesson_id).script


@pytest.mark.parametrize("lesson_id", IDS)
def test_starts_with_a_heading_and_ends_with_a_recap(lesson_id):
    steps = walk(script(lesson_id))
    assert isinstance(steps[0], Say) and steps[0].text.startswith("# ")
    assert isinstance(steps[-1], Recap)
    assert all(isinstance(p, str) and p for p in steps[-1].points)


@pytest.mark.parametrize("lesson_id", IDS)
def test_at_least_four_questions_of_more_than_one_kind(lesson_id):
    qs = [s for s in walk(script(lesson_id)) if isinstance(s, Question)]
    assert len(qs) >= 4
    assert len({type(q) for q in qs}) >= 2


@pytest.mark.parametrize("lesson_id", IDS)
def test_every_question_is_sound(lesson_id):
    for q in (s for s in walk(script(lesson_id)) if isinstance(s, Question)):
        assert q.prompt
        if isinstance(q, AskChoice):
            assert 0 <= q.correct < len(q.choices) and len(set(q.choices)) == len(q.choices)
        elif q.kind == "number":
            assert math.isfinite(q.answer) and q.accepts(q.answer), q.prompt


@pytest.mark.parametrize("lesson_id", IDS)
def test_a_wrong_learner_sees_the_same_lesson(lesson_id):
    """Lessons are replayed to resume: they may not branch on the learner's answers."""
    assert signature(walk_wrong(script(lesson_id))) == signature(walk(script(lesson_id)))


@pytest.mark.parametrize("lesson_id", IDS)
def test_deterministic(lesson_id):
    assert signature(walk(script(lesson_id))) == signature(walk(script(lesson_id)))


@pytest.mark.parametrize("lesson_id", IDS)
def test_narration_and_code_fit_an_80_column_terminal(lesson_id):
    for s in walk(script(lesson_id)):
        if isinstance(s, Say):
            assert len(s.text) <= 400, s.text
        if isinstance(s, Code):
            assert all(len(line) <= 78 for line in s.source.splitlines()), s.source
