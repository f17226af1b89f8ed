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


# --- answers already on screen, precision, hint order, choice balance ---------------------------


def _problems(monkeypatch, script):
    failures, lines = run_check(monkeypatch, Titled("t", script))
    return failures, "\n".join(lines)


def _with_two_more(*steps):
    """A lesson: the given steps, then two harmless questions (a lesson needs three)."""
    def script():
        for step in steps:       # not yield from: the runner sends outcomes in
            yield step
        yield AskNumber("unrelated one", value=123.25)
        yield AskNumber("unrelated two", value=77.5)
    return script


def test_a_number_stated_in_the_narration_before_its_question_is_reported(monkeypatch):
    script = _with_two_more(Say("The new loss is 3.7425."), AskNumber("What is the loss?", value=3.7425))
    failures, text = _problems(monkeypatch, script)
    assert failures == 1 and "answer on screen: the answer stands in the text" in text
    fine = _with_two_more(Say("Compute the loss."), AskNumber("What is the loss?", value=3.7425))
    assert _problems(monkeypatch, fine)[0] == 0


def test_a_small_whole_number_counts_only_when_it_is_the_asked_quantity(monkeypatch):
    from lessons._l_graph import build
    from lessons.steps import AskGrad, labelled

    def lesson(text):
        a, b, c, f = labelled(a=2.0, b=-3.0, c=10.0, f=-2.0)
        e, d, L = build(a, b, c, f)
        return _with_two_more(Say(text), AskGrad(out=d, wrt=c))     # dd/dc = 1
    assert _problems(monkeypatch, lesson("We know dL/dL = 1 already."))[0] == 0
    failures, text = _problems(monkeypatch, lesson("Clearly ∂d/∂c = 1 here."))
    assert failures == 1 and "∂d/∂c = 1" in text


def test_a_printed_grad_or_a_backward_pass_gives_a_gradient_away(monkeypatch):
    from lessons._l_graph import build
    from lessons.steps import AskGrad, RevealBackward, Show, labelled

    def lesson(reveal):
        a, b, c, f = labelled(a=2.0, b=-3.0, c=10.0, f=-2.0)
        e, d, L = build(a, b, c, f)
        first = RevealBackward(L) if reveal else Show(L, show_grads=True)  # grads still 0
        return _with_two_more(first, AskGrad(out=L, wrt=a))
    failures, text = _problems(monkeypatch, lesson(True))
    assert failures == 1 and "a's grad, 6, is printed" in text
    assert _problems(monkeypatch, lesson(False))[0] == 0


def test_a_value_question_needs_its_node_hidden_in_the_tree_above(monkeypatch):
    from lessons.steps import AskValue, Show, labelled

    def lesson(hide):
        a, b = labelled(a=2.0, b=-3.0)
        e = a * b
        e.label = "e"
        return _with_two_more(Show(e, hide=[e] if hide else []), AskValue(node=e))
    failures, text = _problems(monkeypatch, lesson(False))
    assert failures == 1 and "e is drawn with its value" in text
    assert _problems(monkeypatch, lesson(True))[0] == 0


def test_the_tree_above_a_gradient_question_can_show_its_answer(monkeypatch):
    from lessons.steps import AskGrad, Show, labelled

    def lesson(hidden):
        (x,) = labelled(x=1.0)
        y = x.exp()
        y.label = "y"
        before = [Show(y, highlight=[x], hide=[y])] if hidden else []
        return _with_two_more(*before, AskGrad(out=y, wrt=x, abs_tol=5e-4, rel_tol=0))
    failures, text = _problems(monkeypatch, lesson(False))
    assert failures == 1 and "the tree above shows y = 2.718" in text
    assert _problems(monkeypatch, lesson(True))[0] == 0


def test_which_leaf_moves_it_most_after_every_grad_was_printed(monkeypatch):
    from lessons._l_graph import build
    from lessons.steps import AskChoice, RevealBackward, labelled

    def script():
        a, b, c, f = labelled(a=2.0, b=-3.0, c=10.0, f=-2.0)
        e, d, L = build(a, b, c, f)
        yield RevealBackward(L)
        yield AskChoice("Which leaf moves L most?", choices=["a", "b", "c", "f"], correct=0)
        yield AskNumber("unrelated one", value=123.25)
        yield AskNumber("unrelated two", value=77.5)
    failures, text = _problems(monkeypatch, script)
    assert "every choice is a node whose grad is printed above" in text


def test_a_stated_precision_must_be_what_is_graded(monkeypatch):
    loose = _with_two_more(AskNumber("What is it? (Three decimals.)", value=0.70710678))
    failures, text = _problems(monkeypatch, loose)
    assert failures == 1 and "set abs_tol=0.0005, rel_tol=0" in text
    strict = _with_two_more(AskNumber("What is it? (Three decimals.)", value=0.70710678,
                                      abs_tol=5e-4, rel_tol=0))
    assert _problems(monkeypatch, strict)[0] == 0


def test_hints_go_from_the_concept_to_the_number(monkeypatch):
    backwards = _with_two_more(AskNumber("What is 3 * 1.25?", value=3.75,
                                         hints=["It is 3.75.", "Multiply."]))
    failures, text = _problems(monkeypatch, backwards)
    assert failures == 1 and "the first hint states the answer" in text
    forwards = _with_two_more(AskNumber("What is 3 * 1.25?", value=3.75,
                                        hints=["Multiply.", "3 * 1.25 = 3.75."]))
    assert _problems(monkeypatch, forwards)[0] == 0


def test_the_right_choices_must_not_pile_up_in_one_position():
    from tutor.giveaways import choice_balance

    assert choice_balance([(1, 3)] * 5 + [(0, 3)] * 5 + [(2, 4)] * 5) == []
    assert "choice 2 is right in 60%" in choice_balance([(1, 3)] * 6 + [(0, 3)] * 4)[0]
    assert choice_balance([(0, 2), (1, 2)] * 4) == []
    assert "choice 1 is right in only 25%" in choice_balance([(0, 2)] + [(1, 2)] * 3)[0]
