"""Mastery and review scheduling, with a fake clock (seconds, as time.time() gives)."""

import pytest

from lessons.practice.schedule import (DAY, INTERVALS, RETRY_AFTER, PracticeState, Result,
                                       due_skills, next_drill, record_course, record_drill,
                                       skill_status)
from lessons.practice.skills import SKILL_IDS, find_skill

RIGHT = Result(True)
HINTED = Result(True, hints=1)
SECOND_TRY = Result(True, attempts=2)
WRONG = Result(False, attempts=3)
T0 = 1_700_000_000.0


def drill(state, skill="plus", result=RIGHT, now=T0, seed=None, again=False):
    seed = drill.counter if seed is None else seed
    drill.counter += 1
    return record_drill(state, skill, state.skill(skill).level, seed, result, now, again=again)


drill.counter = 1000


def test_three_right_in_a_row_without_hints_master_the_level_and_say_so():
    state = PracticeState()
    assert drill(state) == [] and drill(state) == []
    news = drill(state)
    assert state.skill("plus").level == 2 and state.skill("plus").streak == 0
    assert len(news) == 1 and "Level 1" in news[0] and "level 2" in news[0]


@pytest.mark.parametrize("breaker", [HINTED, SECOND_TRY, WRONG])
def test_a_hint_or_a_wrong_try_starts_the_row_again(breaker):
    state = PracticeState()
    drill(state), drill(state)
    drill(state, result=breaker)
    drill(state), drill(state)
    assert state.skill("plus").level == 1
    drill(state)
    assert state.skill("plus").level == 2


def test_the_top_level_mastered_masters_the_skill():
    state = PracticeState()
    top = find_skill("times").top
    news = []
    for _ in range(3 * top):
        news += drill(state, "times")
    assert state.skill("times").mastered and state.skill("times").status == "mastered"
    assert "mastered" in news[-1] and "top level" in news[-1]


def test_status_is_new_then_learning():
    state = PracticeState()
    assert state.skill("chain").status == "new"
    drill(state, "chain", WRONG)
    assert state.skill("chain").status == "learning"


def test_a_missed_problem_comes_back_as_it_was_after_three_others():
    state = PracticeState()
    record_drill(state, "plus", 1, 42, WRONG, T0)
    for k in range(RETRY_AFTER):
        choice = next_drill(state, T0)
        assert choice.reason != "again"
        record_drill(state, choice.skill, choice.level, 500 + k, RIGHT, T0)
    choice = next_drill(state, T0)
    assert (choice.reason, choice.skill, choice.level, choice.seed) == ("again", "plus", 1, 42)


def test_a_retry_answered_right_leaves_the_queue_and_does_not_count_towards_the_row():
    state = PracticeState()
    record_drill(state, "plus", 1, 42, WRONG, T0)
    record_drill(state, "plus", 1, 42, RIGHT, T0, again=True)
    assert state.retry == [] and state.skill("plus").streak == 0


def test_a_missed_skill_is_due_a_day_later_then_after_longer_intervals():
    state = PracticeState()
    drill(state, "chain", WRONG)
    assert due_skills(state, T0) == []
    assert due_skills(state, T0 + DAY - 1) == []
    now = T0 + DAY
    assert due_skills(state, now) == ["chain"]
    assert next_drill(state, now).reason == "review"
    for interval in INTERVALS[1:]:
        drill(state, "chain", RIGHT, now=now)
        assert due_skills(state, now + interval * DAY - 1) == []
        now += interval * DAY
        assert due_skills(state, now) == ["chain"]
    drill(state, "chain", RIGHT, now=now)          # right in the last box: reviewed enough
    assert state.skill("chain").box == 0 and due_skills(state, now + 1000 * DAY) == []


def test_a_right_answer_before_the_review_is_due_does_not_move_the_box():
    state = PracticeState()
    drill(state, "chain", WRONG)
    drill(state, "chain", RIGHT, now=T0 + 60)
    assert state.skill("chain").box == 1
    assert due_skills(state, T0 + DAY) == ["chain"]


def test_a_miss_during_review_goes_back_to_a_day():
    state = PracticeState()
    drill(state, "chain", WRONG)
    drill(state, "chain", RIGHT, now=T0 + DAY)
    drill(state, "chain", WRONG, now=T0 + 5 * DAY)
    assert state.skill("chain").box == 1
    assert due_skills(state, T0 + 6 * DAY) == ["chain"]


def test_course_questions_feed_the_same_queue():
    state = PracticeState()
    record_course(state, "twice", Result(False, attempts=3), T0)
    assert due_skills(state, T0 + DAY) == ["twice"]
    record_course(state, "twice", RIGHT, T0 + DAY)          # the course reviewed it
    assert state.skill("twice").box == 2
    record_course(state, "no-such-skill", WRONG, T0)
    assert "no-such-skill" not in state.skills


def test_mixed_practice_interleaves_the_first_skills_not_mastered():
    state = PracticeState()
    recent = []
    for _ in range(6):
        choice = next_drill(state, T0, recent=recent)
        recent.append(choice.skill)
    assert recent == list(SKILL_IDS[:3]) * 2


def test_a_focus_skill_keeps_its_own_retries_and_reviews():
    state = PracticeState()
    record_drill(state, "chain", 1, 7, WRONG, T0)
    for r in state.retry:
        r.after = 0
    assert next_drill(state, T0 + DAY, focus="plus").skill == "plus"
    assert next_drill(state, T0 + DAY, focus="chain").reason == "again"


def test_when_everything_is_mastered_and_nothing_is_due_there_is_nothing_to_do():
    state = PracticeState()
    for skill in SKILL_IDS:
        state.skill(skill).mastered = True
    assert next_drill(state, T0) is None
    assert next_drill(state, T0, focus="plus").reason == "extra"


def test_saved_state_round_trips_and_damage_is_left_out():
    state = PracticeState()
    drill(state, "chain", WRONG)
    drill(state, "plus")
    again = PracticeState.from_data(state.to_data())
    assert again == state
    damaged = {"skills": {"plus": {"level": "x", "streak": 99, "due": "soon", "box": 3},
                          "chain": [], "nope": {}, "local": {"level": 99, "mastered": "yes"}},
               "retry": [{"skill": "plus", "seed": "x"}, 5, {"skill": "chain", "seed": 3}]}
    state = PracticeState.from_data(damaged)
    assert state.skills["plus"].level == 1 and state.skills["plus"].streak == 2
    assert state.skills["plus"].box == 0 and state.skills["plus"].due is None
    assert state.skills["local"].level == find_skill("local").top
    assert state.skills["local"].mastered is False
    assert set(state.skills) == {"plus", "local"}
    assert [(r.skill, r.seed) for r in state.retry] == [("chain", 3)]
    for junk in (None, [], "x", {"skills": 5, "retry": {}}):
        assert PracticeState.from_data(junk) == PracticeState()


def test_skill_status_says_when_a_review_is_due():
    state = PracticeState()
    drill(state, "chain", WRONG)
    rows = {row[0]: row for row in skill_status(state, T0)}
    assert rows["chain"][3] == "in 1 day" and rows["plus"][3] == ""
    rows = {row[0]: row for row in skill_status(state, T0 + 2 * DAY)}
    assert rows["chain"][3] == "due now"
