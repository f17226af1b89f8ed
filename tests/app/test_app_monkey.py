"""The monkey test (tests/monkey.py) for 240 keys, as CI runs it: random keys and
resizes over the course list, lessons, training, practice or the playground, the help and
the palette.  The same
code runs for hours as ``python -m tests.monkey --keys 50000 --seed N``."""

import monkey


async def test_a_few_hundred_random_keys_and_resizes_crash_nothing():
    report = await monkey.monkey(seed=2024, keys=240, session_keys=(30, 60))
    assert report.crash is None, report.crash
    seen = set(report.screens)
    assert {"HomeScreen", "HelpScreen", "CommandPalette", "TooSmallScreen"} <= seen, seen
    assert any(name.startswith("LessonScreen:QuestionView") for name in seen), seen
    assert any(name.startswith("LessonScreen:TrainingView") for name in seen), seen
    assert any(name.startswith("LessonScreen:BackwardView") for name in seen), seen
    assert {"PracticeScreen", "WorksheetScreen", "PlaygroundScreen"} & {
        name.split(":")[0] for name in seen}, seen
    assert report.resizes > 0 and report.sessions >= 4
