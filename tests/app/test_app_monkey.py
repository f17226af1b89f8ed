"""The monkey test (tests/monkey.py) as CI runs it: 240 keys in two halves that run in
parallel workers.  One has random keys and resizes over the course list, lessons,
training, practice or the playground, the help and the palette; the other over the build
app: the exercise list, the editor and its Task / Check / Solution panel, hints, checks
(three real ones at most, then a canned verdict), an exercise whose engine.py is a
folder.  The same code runs for hours as ``python -m tests.monkey --keys 50000 --seed N``."""

import monkey


async def test_120_random_keys_over_the_course_and_practice_crash_nothing():
    report = await monkey.monkey(seed=2024, keys=120, session_keys=(20, 40), tracks="course")
    assert report.crash is None, report.crash
    seen = set(report.screens)
    assert {"HomeScreen", "HelpScreen", "CommandPalette", "TooSmallScreen"} <= seen, seen
    assert any(name.startswith("LessonScreen:QuestionView") for name in seen), seen
    assert any(name.startswith("LessonScreen:TrainingView") for name in seen), seen
    assert any(name.startswith("LessonScreen:BackwardView") for name in seen), seen
    assert {"PracticeScreen", "WorksheetScreen", "PlaygroundScreen"} & {
        name.split(":")[0] for name in seen}, seen
    assert report.resizes > 0 and report.sessions >= 4
    assert report.checks.real + report.checks.canned == 0


async def test_120_random_keys_over_the_build_app_crash_nothing():
    report = await monkey.monkey(seed=9, keys=120, session_keys=(20, 40), tracks="build",
                                 checks=3)
    assert report.crash is None, report.crash
    seen = set(report.screens)
    assert {"ExerciseListScreen", "BuildScreen:editor", "BuildScreen:panel",
            "BuildScreen:unopened", "CommandPalette", "TooSmallScreen"} <= seen, seen
    assert report.checks.real == 3 and report.checks.canned > 0     # the budget held
    assert report.resizes > 0 and report.sessions >= 4
