"""Snapshots of the key screens at 80x24: the course, a question, a backward
frame, a training plot.  Deterministic: no animation timer, no cursor blink,
seeded lessons, a fresh progress directory per test.

Update after a deliberate change of the look: pytest tests/app --snapshot-update
(and look at the new SVGs before committing them).
"""

from lessons.steps import AskSign, RevealBackward, Train
from pilot_helpers import make_app, save_at_type

SIZE = (80, 24)


def test_home(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_question_with_its_graph(snap_compare):
    save_at_type("derivative", AskSign)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press(*"down", "enter")                  # a wrong answer and its feedback
        await pilot.pause()

    assert snap_compare(make_app("derivative"), run_before=run_before, terminal_size=SIZE)


def test_backward_frame(snap_compare):
    save_at_type("chain-rule", RevealBackward)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("space", "space", "space")         # L, f, d: d is current
        await pilot.pause()

    assert snap_compare(make_app("chain-rule"), run_before=run_before, terminal_size=SIZE)


def test_training_plot(snap_compare):
    save_at_type("descent", Train)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app("descent"), run_before=run_before, terminal_size=SIZE)


def test_demo_training_with_regions_and_a_rerun(snap_compare):
    save_at_type("demo", Train)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("z")                                # a rerun without zero_grad
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app("demo"), run_before=run_before, terminal_size=SIZE)
