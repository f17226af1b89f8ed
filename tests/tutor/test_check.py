"""micrograd-tutor check: it must catch the lesson bugs it exists for."""

from lessons.steps import AskNumber, Recap, Say
from tutor import check

from tutor_helpers import FakeLesson


class Titled(FakeLesson):
    title = "a test lesson"


def run_check(monkeypatch, *lessons):
    monkeypatch.setattr(check, "all_lessons", lambda: list(lessons))
    lines = []
    failures = check.check_course(lines.append)
    return failures, lines


def good():
    yield Say("hi")
    for n in range(3):
        yield AskNumber(f"q{n}", value=n + 0.5)
    yield Recap(["ok"])


def too_few():
    yield AskNumber("only one", value=1.0)


def crashes():
    yield Say("about to fail")
    raise ZeroDivisionError("oops")


def too_loose():  # a tolerance so wide that a wrong answer is accepted
    for _ in range(3):
        yield AskNumber("anything goes", value=1.0, abs_tol=1e9)


def test_a_good_lesson_passes_and_the_last_line_counts(monkeypatch):
    failures, lines = run_check(monkeypatch, Titled("good", good))
    assert failures == 0
    assert lines[-1] == "lessons: 1  questions: 3  failures: 0"


def test_broken_lessons_are_reported_not_raised(monkeypatch):
    failures, lines = run_check(monkeypatch, Titled("few", too_few), Titled("crash", crashes),
                                Titled("loose", too_loose))
    text = "\n".join(lines)
    assert failures >= 3
    assert "only 1 questions" in text
    assert "ZeroDivisionError: oops" in text
    assert "a wrong answer ended as 'correct'" in text
    assert lines[-1].startswith("lessons: 3  ")
