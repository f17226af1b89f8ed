"""The ``practice`` and ``playground`` commands, and the skills' lines in ``list``.

    micrograd-tutor practice [SKILL | worksheet] [--plain] [--seed N] [--no-color]
    micrograd-tutor playground [--plain] [--no-color]
"""

from __future__ import annotations

import argparse

from lessons.practice.skills import SKILL_IDS, SKILLS

__all__ = ["configure_practice", "run_practice", "configure_playground", "run_playground",
           "skill_rows"]

WORKSHEET = "worksheet"


def configure_practice(p: argparse.ArgumentParser) -> None:
    p.description = ("Practise until it holds: fresh problems for each skill, three right in "
                     "a row without hints to master a level, missed ones brought back for "
                     "review. 'worksheet' does a whole backward pass by hand.")
    p.add_argument("skill", nargs="?", metavar="SKILL",
                   help=f"one skill ({', '.join(SKILL_IDS)}), or {WORKSHEET}; default: "
                        "reviews due, then the skills in course order, mixed")
    p.add_argument("--plain", action="store_true", help="line mode: no full screen")
    p.add_argument("--seed", type=int, metavar="N",
                   help="the same drills for everyone with the same N (a teacher's set)")
    p.add_argument("--no-color", action="store_true", help="no colours (like NO_COLOR=1)")


def run_practice(args, parser) -> int:
    skill = args.skill
    if skill is not None and skill != WORKSHEET and skill not in SKILL_IDS:
        parser.error(f"no skill called {skill!r}. Skills: {', '.join(SKILL_IDS)}, "
                     f"or {WORKSHEET}")
    if args.plain:
        from tutor.practice import plain

        if skill == WORKSHEET:
            return plain.run_worksheet_plain(seed=args.seed, no_color=args.no_color)
        return plain.run_practice_plain(focus=skill, seed=args.seed, no_color=args.no_color)
    from tutor.app.tracks import run_track

    return run_track(WORKSHEET if skill == WORKSHEET else "practice", focus=skill,
                     seed=args.seed, no_color=args.no_color)


def configure_playground(p: argparse.ArgumentParser) -> None:
    p.description = ("Type your own expressions (a = 2, L = (a*b + 1).tanh()), predict any "
                     "node's grad, reveal the backward pass, nudge a leaf and watch every node "
                     "move.")
    p.add_argument("--plain", action="store_true", help="line mode: no full screen")
    p.add_argument("--no-color", action="store_true", help="no colours (like NO_COLOR=1)")


def run_playground(args, parser) -> int:
    if args.plain:
        from tutor.practice.plain import run_playground_plain

        return run_playground_plain(no_color=args.no_color)
    from tutor.app.tracks import run_track

    return run_track("playground", no_color=args.no_color)


def skill_rows(progress, now=None) -> list[tuple[str, str, str, str]]:
    """(id, title, status, review) per skill for ``list``: status is new, learning k/n
    (at level k of n) or mastered; review says when the next one is due."""
    from lessons.practice.schedule import skill_status
    from tutor.practice.store import PracticeStore, clock

    store = PracticeStore(progress, now or clock)
    rows = []
    for (skill_id, title, s, review), skill in zip(skill_status(store.state(), store.now()),
                                                   SKILLS):
        status = s.status
        if status == "learning":
            status = f"learning {s.level}/{skill.top}"
        rows.append((skill_id, title, status, f"review {review}" if review else ""))
    return rows
