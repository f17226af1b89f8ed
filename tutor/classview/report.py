"""The teacher's view as plain lines: what ``class view`` prints where a full screen cannot run (a pipe, a screen reader, TERM=dumb)."""

from __future__ import annotations

from tutor.classview import catalogue
from tutor.classview.cells import ago, ago_words, percent
from tutor.classview.grid import SORTS
from tutor.classview.mistakes import RECENT_MINUTES
from tutor.text import visible

__all__ = ["report_lines"]

MOST = 20          # rows per part; the CSV exports have them all


def _table(rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]


def report_lines(board, where: str) -> list[str]:
    now = board.now()
    learners = sorted(board.learners.values(), key=SORTS["name"])
    lines = [f"The class in {where}: {len(learners)} learner{'s' * (len(learners) != 1)}"]
    if board.problem:
        lines.append(f"It cannot be read now: {board.problem}")
    lessons = len(catalogue.lessons())
    lines += ["", "Learners (lessons done, first try right, skills mastered, exercises "
                  "passed, last seen):"]
    lines += _table([[visible(r.name), f"{r.done}/{lessons}",
                      percent(r.first_right, r.answered) or "-", f"{r.mastered}M",
                      f"{r.passed}", ago(r.last_seen, now) or "-"] for r in learners])
    questions = board.questions.ordered("hardest")
    lines += ["", f"Questions, the hardest first (of {len(questions)}: met, right at the "
                  "first try, mean hints, median seconds, discrimination):"]
    lines += _table([[q.label, str(q.learners), percent(q.first_right, q.learners),
                      f"{q.hints:.1f}", f"{q.median_seconds:.0f}s"
                      if q.median_seconds is not None else "-",
                      f"{q.discrimination:+.2f}" if q.discrimination is not None else "-"]
                     for q in questions[:MOST]])
    lines += ["", "Mistakes across the class (count, questions, latest answer):"]
    lines += _table([[m.kind, str(m.count), str(m.questions), visible(m.example or "-"),
                      m.name] for m in board.of_class[:MOST]])
    lines += ["", f"The last {RECENT_MINUTES} minutes:"]
    lines += [f"  {r.name}: {r.count}x by {r.learners} learner{'s' * (r.learners != 1)}, "
              f"{r.on_question} on {r.question} (latest: {visible(r.example or '-')})"
              for r in board.recent[:3]] or ["  no mistake named"]
    lines += ["", "Stuck:"]
    lines += _table([[visible(s.name),
                      f"{s.count} wrong in a row" if s.why == "tries"
                      else f"no right answer for {ago(s.since, now)}",
                      s.question, f"last try {ago_words(s.last, now)}"]
                     for s in board.stuck[:MOST]]) or ["  nobody"]
    return lines
