"""Course questions feed the practice review queue: the runner's on_outcome hook and the
practice store behind it."""

import json

from lessons.course import find_lesson
from lessons.practice.schedule import DAY
from lessons.steps import AskGrad, AskNumber, Say
from tutor.practice.store import SECTION, PracticeStore, course_hook
from tutor.store import open_store
from tutor.runner import LessonRun
from tutor_helpers import FakeLesson, lecture_L, right_text, wrong_text

T0 = 1_700_000_000.0


def tiny_lesson():
    g = lecture_L()
    yield Say("# Tiny")
    yield AskGrad(out=g["L"], wrt=g["a"])            # a chain question
    yield AskNumber("How many leaves?", value=4)     # no skill
    yield AskGrad(out=g["L"], wrt=g["d"], scored=False)


def test_the_runner_tells_the_hook_when_a_question_is_over_with_its_hints():
    told = []
    run = LessonRun(FakeLesson("tiny", tiny_lesson), on_outcome=lambda q, o: told.append((q, o)))
    run.advance()
    q = run.question
    run.answer("nonsense")                   # unreadable: not an attempt, not over
    run.answer(wrong_text(q))                # wrong: not over yet
    assert told == []
    run.hint()
    run.answer(right_text(q))
    assert len(told) == 1 and told[0][0] is q
    assert told[0][1] == {"correct": True, "attempts": 2, "revealed": False, "hints": 1}
    run.advance()
    run.reveal()
    assert told[-1][1]["correct"] is False and told[-1][1]["revealed"] is True


def test_a_resumed_lesson_does_not_report_its_old_answers_again():
    progress = open_store()
    run = LessonRun(FakeLesson("tiny", tiny_lesson), progress)
    run.advance()
    run.answer(right_text(run.question))
    told = []
    LessonRun(FakeLesson("tiny", tiny_lesson), progress, on_outcome=lambda q, o: told.append(q))
    assert told == []


def test_a_miss_in_a_lesson_puts_its_skill_in_the_review_queue():
    progress = open_store()
    now = [T0]
    run = LessonRun(find_lesson("chain-rule"), progress,
                    on_outcome=course_hook(progress, now=lambda: now[0]))
    while not (run.question and run.question.prompt == "What is dL/da?"):
        run.answer(right_text(run.question)) if run.awaiting_answer else run.advance()
    run.reveal()
    store = PracticeStore(open_store(), now=lambda: now[0])
    assert store.due() == []
    now[0] = T0 + DAY
    assert store.due() == ["chain"]
    saved = open_store().section(SECTION)
    assert saved["skills"]["chain"]["box"] == 1


def test_right_answers_and_unscored_predictions_schedule_nothing():
    progress = open_store()
    hook = course_hook(progress, now=lambda: T0)
    g = lecture_L()
    hook(AskGrad(out=g["L"], wrt=g["a"]), {"correct": True, "attempts": 1, "hints": 0})
    hook(AskGrad(out=g["L"], wrt=g["d"]),
         {"correct": False, "attempts": 1, "revealed": True, "scored": False})
    hook(AskNumber("How many?", value=3), {"correct": False, "attempts": 3})
    assert PracticeStore(progress, now=lambda: T0 + 30 * DAY).due() == []


def test_a_damaged_practice_section_never_stops_the_learner(tutor_home):
    tutor_home.mkdir()
    data = {"version": 1, "lessons": {}, "last": None,
            SECTION: {"skills": {"chain": "garbage", "plus": {"level": [1]}}, "retry": 7}}
    (tutor_home / "progress.json").write_text(json.dumps(data))
    progress = open_store()
    g = lecture_L()
    course_hook(progress, now=lambda: T0)(AskGrad(out=g["L"], wrt=g["a"]),
                                          {"correct": False, "attempts": 3})
    saved = open_store().section(SECTION)
    assert saved["skills"]["chain"]["box"] == 1 and saved["retry"] == []
    assert saved["skills"]["plus"]["level"] == 1


def test_another_process_s_practice_is_kept(tutor_home):
    first, second = open_store(), open_store()
    g = lecture_L()
    course_hook(first, now=lambda: T0)(AskGrad(out=g["L"], wrt=g["a"]),
                                       {"correct": False, "attempts": 3})
    course_hook(second, now=lambda: T0)(AskGrad(out=g["L"], wrt=g["c"]),
                                        {"correct": False, "attempts": 3})
    assert PracticeStore(open_store(), now=lambda: T0 + DAY).due() == ["chain", "plus"]
