"""The class's gain on the pre/post test: per skill and overall, from a whole store.

    micrograd-tutor class gain [--csv [FILE]] [--db URL]

The database counts: one aggregate query gives, per learner, test and skill, how many
items were answered and how many right (a few rows per learner, never every event).  A
learner is *matched* on a skill when they answered all its items in both tests, and
overall when they took both whole tests; only matched learners count.  The formulas are
in ``tutor.concepttest.stats``; what they do not say is in ``CAVEATS``.  The store is
read only: no learner row is made for whoever runs this.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tutor.concepttest.items import FORMS, ITEMS, SKILLS, items_of
from tutor.concepttest.stats import Summary, mean, summarise

__all__ = ["ClassGain", "class_gain", "read_counts", "report_lines", "write_csv", "run_gain",
           "CAVEATS", "CSV_COLUMNS", "GainError"]

CAVEATS = (
    "Learners at 100% before on a skill (or the whole test) cannot gain: they are left out "
    "of the mean of individual gains (the 'at 100%' column) but counted in <g>, which is "
    "computed from the class means.",
    "Two items per skill: a learner's skill score can only be 0, 50 or 100%, so per-skill "
    "figures are coarse; the whole test (20 items) is the figure to read.",
    "The test is the tutor's own, made from its practice generators, not a validated concept "
    "inventory: it has no published reliability or validity, and its gains compare only with "
    "other runs of this test (Hake's 0.23 and 0.48 are physics inventories' figures).",
    "Forms A and B are parallel by construction (same graph and question, other numbers), "
    "not by measured difficulty: the form line shows whether learners who started with A "
    "and with B scored alike.",
    "Only learners who took both tests count; who skipped a test, or left the course, may "
    "differ from who stayed.",
)
CSV_COLUMNS = ("skill", "title", "matched", "pre_mean", "post_mean", "pre_sd", "post_sd",
               "g_from_means", "g_individual_mean", "g_individual_sd", "at_100_before",
               "d_z", "d_av")

_COUNTS = ("SELECT learner_id, subject, SUBSTR(item, LENGTH(item)), COUNT(*), "
           "SUM(CASE WHEN correct THEN 1 ELSE 0 END) FROM events "
           "WHERE track = 'test' AND kind = 'answer' AND item IN ({marks}) "
           "GROUP BY learner_id, subject, SUBSTR(item, LENGTH(item))")


class GainError(Exception):
    """The store cannot be read: the message says why."""


@dataclass
class ClassGain:
    skills: list[tuple[str, str, Summary]]          # (skill id, title, figures)
    overall: Summary
    took: dict[str, int]                            # whole test taken: "pre", "post"
    first_forms: dict[str, list[tuple[float, float]]] = field(default_factory=dict)


def read_counts(tx, items=ITEMS) -> dict:
    """learner -> phase -> {"form": A or B, skill: (asked, right)}, by one aggregate query."""
    names = [f"{item.id}/{form}" for item in items for form in FORMS]
    rows = tx.execute(_COUNTS.format(marks=", ".join("?" * len(names))), names)
    learners: dict = {}
    for learner, subject, form, asked, right in rows:
        phase, _, skill = str(subject).partition("/")
        if phase not in ("pre", "post"):
            continue
        mine = learners.setdefault(learner, {}).setdefault(phase, {})
        mine["form"] = form
        old = mine.get(skill, (0, 0))
        mine[skill] = (old[0] + int(asked), old[1] + int(right or 0))
    return learners


def class_gain(learners: dict, items=ITEMS) -> ClassGain:
    """The figures from ``read_counts``' result."""
    wanted = {skill.id: len(items_of(skill.id, items)) for skill in SKILLS}
    wanted = {k: n for k, n in wanted.items() if n}

    def complete(phase_counts: dict | None, skill: str) -> bool:
        return bool(phase_counts) and phase_counts.get(skill, (0, 0))[0] >= wanted[skill]

    def percent(counts: dict, skills) -> float:
        return 100.0 * sum(counts[s][1] for s in skills) / sum(wanted[s] for s in skills)

    skills = []
    for skill in SKILLS:
        if skill.id not in wanted:
            continue
        pairs = [(percent(t["pre"], [skill.id]), percent(t["post"], [skill.id]))
                 for t in learners.values()
                 if complete(t.get("pre"), skill.id) and complete(t.get("post"), skill.id)]
        skills.append((skill.id, skill.title, summarise(pairs)))
    whole = {phase: {who for who, t in learners.items()
                     if all(complete(t.get(phase), s) for s in wanted)}
             for phase in ("pre", "post")}
    matched = [learners[who] for who in sorted(whole["pre"] & whole["post"])]
    pairs = [(percent(t["pre"], wanted), percent(t["post"], wanted)) for t in matched]
    first_forms: dict[str, list[tuple[float, float]]] = {form: [] for form in FORMS}
    for t, pair in zip(matched, pairs):
        first_forms.setdefault(t["pre"].get("form"), []).append(pair)
    return ClassGain(skills, summarise(pairs), {k: len(v) for k, v in whole.items()},
                     first_forms)


def open_store(url: str):
    """The class's store, opened to read (a SQLite file that is not there is an error, not
    a new empty store)."""
    from tutor.store.errors import StoreError
    from tutor.store.location import parse
    from tutor.store.schema import NewerSchema
    from tutor.store.store import LOCK_WAIT, make_engine

    target = parse(url, None)
    if target.path is not None and not target.path.is_file():
        raise GainError(f"there is no class store at {target.where}: 'serve' keeps the "
                        "class's answers there, or give the store with --db URL")
    engine = make_engine(target)
    try:
        engine.open(LOCK_WAIT)
    except StoreError as e:
        engine.close()
        raise GainError(f"{target.where} cannot be read: {e.reason}") from None
    except NewerSchema:
        engine.close()
        raise GainError(f"{target.where} was made by a newer micrograd-tutor") from None
    return engine, target.where


def gain_of_store(url: str, items=ITEMS) -> tuple[ClassGain, str]:
    from tutor.store.errors import StoreError
    from tutor.store.store import LOCK_WAIT

    engine, where = open_store(url)
    try:
        with engine.transaction(write=False, wait=LOCK_WAIT) as tx:
            learners = read_counts(tx, items)
    except StoreError as e:
        raise GainError(f"{where} cannot be read: {e.reason}") from None
    finally:
        engine.close()
    return class_gain(learners, items), where


# --- showing it ------------------------------------------------------------------------


def _f(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def report_lines(result: ClassGain, where: str = "") -> list[str]:
    """The report as lines of at most 80 characters."""
    o = result.overall
    lines = [f"The pre/post test's gain{f' in {where}' if where else ''}",
             f"{o.n} learner{'s' * (o.n != 1)} took both tests "
             f"({result.took['pre']} the pretest, {result.took['post']} the posttest).", ""]
    rows = [(title, s) for _, title, s in result.skills] + [("All items", o)]
    lines.append(f"{'skill':<24}{'n':>4}{'pre %':>8}{'post %':>8}{'<g>':>7}{'d_z':>7}"
                 f"{'d_av':>7}")
    for title, s in rows:
        lines.append(f"{title[:23]:<24}{s.n:>4}{_f(s.pre_mean):>8}{_f(s.post_mean):>8}"
                     f"{_f(s.g, 2):>7}{_f(s.d_z, 2):>7}{_f(s.d_av, 2):>7}")
    lines += ["", f"{'spread':<24}{'SD pre':>8}{'SD post':>8}{'mean g_i':>10}{'SD g_i':>8}"
                  f"{'at 100%':>9}"]
    for title, s in rows:
        lines.append(f"{title[:23]:<24}{_f(s.pre_sd):>8}{_f(s.post_sd):>8}"
                     f"{_f(s.g_mean, 2):>10}{_f(s.g_sd, 2):>8}{s.at_top:>9}")
    forms = []
    for form in FORMS:
        pairs = result.first_forms.get(form, [])
        forms.append(f"form {form} first: {len(pairs)}, pre {_f(mean([p for p, _ in pairs]))}%"
                     f", post {_f(mean([q for _, q in pairs]))}%")
    lines += ["", "; ".join(forms) + "."]
    lines += ["", "<g> = (M_post - M_pre) / (100 - M_pre), from the class means M;",
              "g_i = (post_i - pre_i) / (100 - pre_i), each learner's own;",
              "d_z = mean(post_i - pre_i) / SD(post_i - pre_i), the paired d;",
              "d_av = (M_post - M_pre) / sqrt((SD_pre^2 + SD_post^2) / 2), the pooled-SD d.",
              "", "Caveats:"]
    for caveat in CAVEATS:
        lines += _wrapped(caveat)
    return lines


def _wrapped(text: str, width: int = 80) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent="- ", subsequent_indent="  ")


def write_csv(result: ClassGain, file) -> None:
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = [(skill, title, s) for skill, title, s in result.skills] + \
        [("all", "All items", result.overall)]
    for skill, title, s in rows:
        writer.writerow([skill, title, s.n] + [
            "" if x is None else round(x, 4)
            for x in (s.pre_mean, s.post_mean, s.pre_sd, s.post_sd, s.g, s.g_mean, s.g_sd)]
            + [s.at_top] + ["" if x is None else round(x, 4) for x in (s.d_z, s.d_av)])


def run_gain(args, default_store: Path, out=print) -> int:
    """``class gain``: the store of --db (or MICROGRAD_TUTOR_DB), else the class folder's."""
    from tutor.store.location import target

    chosen = target()
    url = f"sqlite:///{default_store}" if chosen.default else (
        chosen.url or f"sqlite:///{chosen.path}")
    try:
        result, where = gain_of_store(url)
    except GainError as e:
        print(f"micrograd-tutor: {e}", file=sys.stderr)
        return 1
    destination = getattr(args, "csv", None)
    if not destination:
        for line in report_lines(result, where):
            out(line)
        return 0
    if destination == "-":
        text = io.StringIO()
        write_csv(result, text)
        out(text.getvalue(), end="")
        return 0
    try:
        with open(destination, "w", newline="", encoding="utf-8") as f:
            write_csv(result, f)
    except OSError as e:
        print(f"micrograd-tutor: cannot write {destination}: {e.strerror or e}",
              file=sys.stderr)
        return 1
    out(f"Wrote the gain of {result.overall.n} matched learners to {destination}.")
    return 0
