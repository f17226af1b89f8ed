"""Snapshots of practice's screens at 80x24: a drill with a wrong answer, a worksheet
half-way, the playground after a nudge.  Seeded, no timers, a fresh progress directory.

Update after a deliberate change of the look: pytest tests/app --snapshot-update (and
look at the SVGs before committing them).
"""

from tutor.app.tracks import TrackApp

SIZE = (80, 24)


def track_app(kind, focus=None, seed=1):
    return TrackApp(kind, focus=focus, seed=seed, frame_seconds=None, train_seconds=0.0,
                    ascii=False)


def test_drill_after_a_wrong_answer(snap_compare):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("enter")                  # past the welcome
        await pilot.pause()
        await pilot.press(*"12", "enter")
        await pilot.pause()

    assert snap_compare(track_app("practice", focus="plus", seed=5), run_before=run_before,
                        terminal_size=SIZE)


def test_worksheet_half_way(snap_compare):
    async def run_before(pilot):
        await pilot.pause()
        sheet = pilot.app.screen.sheet
        for _ in range(3):
            await pilot.press(*repr(sheet.grads[sheet.current]), "enter")
            await pilot.pause()
        await pilot.press(*"5", "enter")            # a wrong one, and its diagnosis
        await pilot.pause()

    assert snap_compare(track_app("worksheet", seed=4), run_before=run_before,
                        terminal_size=SIZE)


def test_playground_after_a_nudge(snap_compare):
    async def run_before(pilot):
        await pilot.pause()
        for line in ("a = 2", "b = -3", "L = (a*b + 1)**2"):
            await pilot.press(*line, "enter")
            await pilot.pause()
        await pilot.press(*"-20", "enter", "right", "right")
        await pilot.pause()

    assert snap_compare(track_app("playground"), run_before=run_before, terminal_size=SIZE)
