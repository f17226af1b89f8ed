"""The reference solution passes every exercise, stage by stage; without an
exercise's code its check fails."""

import pytest

from build_helpers import check, solved_workspace
from tutor.buildtrack.exercises import EXERCISES


def test_the_whole_reference_passes_every_exercise(tmp_path):
    ws = solved_workspace(tmp_path)
    for exercise in EXERCISES:
        verdict = check(ws, exercise.id)
        assert verdict.passed, verdict.line()
    assert check(ws, "more-ops").bonus == "bonus: all done"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_each_stage_passes_its_exercise_and_the_stage_before_does_not(tmp_path, exercise):
    n = exercise.number
    done = solved_workspace(tmp_path / "done", done=n, started=n)
    assert check(done, exercise.id).passed, check(done, exercise.id).line()
    before = solved_workspace(tmp_path / "before", done=n - 1, started=n)
    verdict = check(before, exercise.id)
    assert not verdict.passed
    assert verdict.summary


def test_a_later_stage_still_passes_the_earlier_exercises(tmp_path):
    ws = solved_workspace(tmp_path, done=7)       # += and constants in place
    for exercise in EXERCISES[:7]:
        assert check(ws, exercise.id).passed, exercise.id
