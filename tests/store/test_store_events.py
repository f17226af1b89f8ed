"""Every answer is an event: the course, practice, the worksheet and build checks each store
theirs with the fields a teacher's view needs, beside where the learner stands."""

from lessons.course import find_lesson
from lessons.practice.worksheets import worksheet_problem
from lessons.steps import AskGrad
from tutor.buildtrack.exercises import EXERCISES
from tutor.buildtrack.track import Track
from tutor.buildtrack.verdict import Verdict
from tutor.diagnosis import diagnose
from tutor.grading import is_correct
from tutor.practice.session import PracticeSession
from tutor.practice.store import course_hook
from tutor.practice.worksheet import WorksheetRun
from tutor.runner import LessonRun
from tutor.store import item_id, open_store
from tutor_helpers import right_text


class Ticks:
    """A clock the test moves: seconds on a question, without waiting."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def first_grad_question(run):
    while not (run.awaiting_answer and isinstance(run.question, AskGrad)
               and run.question.chain_rule and run.question.answer):
        run.answer(right_text(run.question)) if run.awaiting_answer else run.advance()
    return run.question


def test_a_course_answer_is_stored_with_its_mistake_and_the_lesson_state(tutor_home):
    store, clock = open_store(), Ticks()
    run = LessonRun(find_lesson("chain-rule"), store, on_outcome=course_hook(store),
                    clock=clock)
    q = first_grad_question(run)
    before = len(store.events())
    run.hint()
    clock.now += 12.5
    typed = f"{-q.answer:g}"
    assert diagnose(q, -q.answer)                          # the learner is told a reason
    run.answer(typed)
    event = open_store().events()[before]
    assert {k: event[k] for k in ("track", "kind", "subject", "item", "seed", "answer",
                                  "correct", "mistake", "hints", "seconds")} == {
        "track": "course", "kind": "answer", "subject": "chain-rule",
        "item": item_id(q.prompt), "seed": None, "answer": typed, "correct": False,
        "mistake": "sign", "hints": 1, "seconds": 12.5}
    saved = open_store().lesson_state("chain-rule")
    assert saved["question"]["attempts"] == 1              # saved with the event
    run.reveal()
    assert open_store().events()[-1]["kind"] == "reveal"


def test_a_right_answer_names_no_mistake(tutor_home):
    store = open_store()
    run = LessonRun(find_lesson("chain-rule"), store)
    q = first_grad_question(run)
    run.answer(right_text(q))
    last = open_store().events()[-1]
    assert last["correct"] is True and last["mistake"] is None
    assert is_correct(q, q.answer)


def test_an_unreadable_answer_is_no_event(tutor_home):
    store = open_store()
    run = LessonRun(find_lesson("chain-rule"), store)
    first_grad_question(run)
    before = len(store.events())
    assert run.answer("twenty").status == "invalid"
    assert len(open_store().events()) == before


def test_a_practice_drill_is_stored_with_its_skill_level_and_seed(tutor_home):
    session = PracticeSession(open_store(), focus="plus", seed=7)
    run = session.run()
    while not run.awaiting_answer:
        run.advance()
    choice, _, seed = session.current
    run.answer("12345")
    event, = open_store().events()
    assert (event["track"], event["subject"], event["item"], event["seed"]) == (
        "practice", "plus", f"plus/level-{choice.level}", seed)
    assert event["answer"] == "12345" and event["correct"] is False


def test_a_worksheet_node_is_stored_with_the_worksheets_kind_and_seed(tutor_home):
    sheet = WorksheetRun(worksheet_problem(5), open_store())
    node = sheet.label()
    sheet.answer("12345")
    sheet.reveal()
    wrong, shown = open_store().events()
    assert (wrong["track"], wrong["kind"], wrong["seed"], wrong["answer"]) == (
        "worksheet", "answer", 5, "12345")
    assert wrong["subject"] == sheet.worksheet.kind and node.endswith(wrong["item"])
    assert shown["kind"] == "reveal" and shown["item"] == wrong["item"]


def test_a_build_check_is_an_event_with_the_failing_cases_kind(tutor_home):
    store = open_store()
    exercise = EXERCISES[0]
    Track(store).record(Verdict(exercise, False, "`a.data` is 1, should be 2", kind="value",
                                case_title="the lecture's L"))
    Track(store).record(Verdict(exercise, True, ""))
    failed, passed = open_store().events()
    assert (failed["track"], failed["kind"], failed["subject"], failed["item"],
            failed["correct"], failed["mistake"]) == (
        "build", "check", exercise.id, "the lecture's L", False, "value")
    assert passed["correct"] is True and passed["mistake"] is None
    assert Track(open_store()).passed(exercise)            # the state beside it
