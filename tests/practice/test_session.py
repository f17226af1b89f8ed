"""A practice session, driven by the runner as both front ends drive it (no screen)."""

from lessons.practice.schedule import DAY
from lessons.practice.skills import SKILL_IDS
from lessons.steps import Code, Question, Say
from tutor.practice.session import PracticeSession
from tutor.practice.store import PracticeStore
from tutor.store import open_store
from tutor_helpers import right_text, wrong_text

T0 = 1_700_000_000.0


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


def next_question(run, seen=None):
    """Advance to the next open question; collect the steps passed on the way."""
    if run.question is not None and not run.awaiting_answer:
        run.advance()
    while not run.finished and not run.awaiting_answer:
        if seen is not None:
            seen.append(run.step)
        run.advance()
    return run.question


def test_a_drill_is_its_statement_then_one_question_with_the_skill_set():
    session = PracticeSession(open_store(), seed=1, now=Clock())
    run = session.run()
    seen = []
    q = next_question(run, seen)
    assert isinstance(seen[0], Say)                     # the short welcome
    code = next(s for s in seen if isinstance(s, Code))
    assert "=" in code.source and code.caption.startswith("Drill 1:")
    assert q.skill == SKILL_IDS[0]
    assert session.title == "Practice: Local derivatives, one operation"


def test_three_right_in_a_row_say_so_and_move_to_the_next_level():
    session = PracticeSession(open_store(), focus="times", seed=1, now=Clock())
    run = session.run()
    for _ in range(3):
        q = next_question(run)
        assert run.answer(right_text(q)).status == "correct"
    run.advance()
    assert isinstance(run.step, Say) and "Level 1 of the multiply swap mastered" in run.step.text
    assert session.status().startswith("level 2 of 3")


def test_a_missed_problem_comes_back_as_it_was_after_three_others():
    session = PracticeSession(open_store(), seed=5, now=Clock())
    run = session.run()
    missed = next_question(run)
    missed_text = (missed.prompt, missed.answer)
    run.reveal()
    statements = []
    for _ in range(3):
        q = next_question(run)
        run.answer(right_text(q))
        statements.append((q.prompt, q.answer))
    q = next_question(run)
    assert (q.prompt, q.answer) == missed_text
    assert "again" in session._caption(session.current[0])


def test_a_missed_skill_is_due_the_next_day_and_comes_first():
    clock = Clock()
    progress = open_store()
    session = PracticeSession(progress, focus="chain", seed=1, now=clock)
    run = session.run()
    run.answer(wrong_text(next_question(run)))
    run.reveal()
    store = PracticeStore(open_store(), now=clock)
    assert store.due() == []
    clock.now += DAY
    assert store.due() == ["chain"]
    later = PracticeSession(open_store(), seed=2, now=clock)
    q = next_question(later.run())
    assert q.skill == "chain" and "review" in later._caption(later.current[0])


def test_the_same_seed_gives_everyone_the_same_drills():
    def statements(home_progress):
        run = PracticeSession(home_progress, seed=42, now=Clock()).run()
        out = []
        for _ in range(8):
            q = next_question(run)
            out.append((q.prompt, q.answer))
            run.answer(right_text(q))
        return out

    first = statements(open_store())
    open_store().reset()                   # the second learner starts fresh too
    open_store().update_section("practice", lambda s: s.clear())
    assert statements(open_store()) == first


def test_mixed_practice_interleaves_skills():
    run = PracticeSession(open_store(), seed=3, now=Clock()).run()
    skills = []
    for _ in range(6):
        q = next_question(run)
        skills.append(q.skill)
        run.answer(right_text(q))
    assert len(set(skills)) == 3 and skills[0] != skills[1]


def test_a_focus_skill_mastered_ends_the_session_and_says_so():
    progress = open_store()
    progress.update_section("practice", lambda s: s.update(
        {"skills": {"sign": {"level": 3, "streak": 2, "seen": 9, "right": 9}}}))
    session = PracticeSession(progress, focus="sign", seed=1, now=Clock())
    run = session.run()
    run.answer(right_text(next_question(run)))
    while not run.finished:
        run.advance()
    assert "You have mastered the sign of a gradient, by eye" in session.ended
    assert session.drills == 1 and session.clean == 1


def test_a_hint_counts_as_right_but_not_towards_the_row():
    session = PracticeSession(open_store(), focus="plus", seed=1, now=Clock())
    run = session.run()
    q = next_question(run)
    run.hint()
    run.answer(right_text(q))
    assert session.status() == "level 1 of 3  0 of 3 in a row"
    assert session.clean == 0 and session.drills == 1


def test_questions_are_steps_the_runner_grades_with_the_course_diagnoses():
    session = PracticeSession(open_store(), focus="descent", seed=4, now=Clock())
    run = session.run()
    q = next_question(run)
    assert isinstance(q, Question) and q.mistakes
    wrong_sign = q.mistakes[0][0]
    feedback = run.answer(repr(wrong_sign))
    assert feedback.status == "wrong" and "uphill" in feedback.message


def test_leaving_after_a_wrong_try_keeps_the_miss_and_brings_the_drill_back():
    # The learner tries, is wrong, and quits (or the connection drops): the miss must
    # not vanish, and the same drill comes back in the next session.
    clock = Clock()
    session = PracticeSession(open_store(), focus="plus", seed=3, now=clock)
    run = session.run()
    for _ in range(2):                                   # two right: a row of 2
        run.answer(right_text(next_question(run)))
    assert PracticeStore(open_store()).state().skill("plus").streak == 2
    left = next_question(run)
    assert run.answer(wrong_text(left)).status == "wrong"
    # ... and gone: no outcome, the session object dropped
    state = PracticeStore(open_store()).state()
    assert state.skill("plus").streak == 0
    assert [(r.skill, r.seed) for r in state.retry] == [("plus", session.current[2])]

    again = PracticeSession(open_store(), focus="plus", seed=3, now=clock)
    run = again.run()
    for _ in range(4):                                   # it comes back after a few
        q = next_question(run)
        if q.prompt == left.prompt and q.answer == left.answer:
            break
        run.answer(right_text(q))
    else:
        raise AssertionError("the missed drill did not come back")


def test_a_miss_is_recorded_once_whatever_follows_it():
    session = PracticeSession(open_store(), focus="times", seed=2, now=Clock())
    run = session.run()
    q = next_question(run)
    run.answer(wrong_text(q))
    run.hint()
    assert run.answer(right_text(q)).status == "correct"
    state = PracticeStore(open_store()).state()
    assert state.skill("times").seen == 1 and state.skill("times").right == 0
    assert len(state.retry) == 1
    assert (session.drills, session.clean) == (1, 0)


def test_leaving_after_a_hint_restarts_the_row_but_is_no_miss():
    session = PracticeSession(open_store(), focus="times", seed=4, now=Clock())
    run = session.run()
    run.answer(right_text(next_question(run)))
    q = next_question(run)
    run.hint()                                           # then quits
    state = PracticeStore(open_store()).state()
    assert state.skill("times").streak == 0 and state.retry == []
    assert run.answer(right_text(q)).status == "correct"   # or answers after all
    state = PracticeStore(open_store()).state()
    assert state.skill("times").streak == 0 and state.skill("times").right == 2
