"""What a wrong try is told: explanations in one notation (the step, then the path), hints
from the concept to the numbers, and a guess that is asked once and never scored."""

import re

import pytest

from engine import Value
from lessons.steps import AskGrad, AskNumber, AskSign, Say, labelled
from tutor.diagnosis import diagnose
from tutor.hints import explanation_for, hints_for
from tutor.runner import LessonRun

from tutor_helpers import FakeLesson, lecture_L, two_paths


@pytest.fixture
def L_graph():
    return lecture_L()


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", text))


# --- notation in explanations ------------------------------------------------------------------


def test_explanation_of_dL_dc_is_the_step_then_the_path(L_graph):
    lines = explanation_for(AskGrad(out=L_graph["L"], wrt=L_graph["c"]))
    assert lines[:4] == ["dL/dc = dL/dd * ∂d/∂c",
                         "      = ∂L/∂d * ∂d/∂c",
                         "      = (-2) * 1",
                         "      = -2"]
    assert "  ∂d/∂c = 1: d is a sum, which passes the gradient through unchanged" in lines


def test_explanation_of_a_child_of_the_output_has_no_circular_line(L_graph):
    lines = explanation_for(AskGrad(out=L_graph["L"], wrt=L_graph["d"]))
    assert lines[0] == "dL/dd = ∂L/∂d"
    assert "dL/dL" not in "\n".join(lines)


def test_explanation_of_a_node_used_twice_names_each_path():
    g = two_paths()
    lines = explanation_for(AskGrad(out=g["f"], wrt=g["a"]))
    assert lines[0] == "df/da = df/dd * ∂d/∂a + df/de * ∂e/∂a"
    assert lines[1].strip() == "= 1 * 3 + (-6) * 1"
    assert lines[2].strip() == "= 3 + (-6)"
    assert lines[3].strip() == "= -3"


def test_explanation_of_a_plus_a_never_reads_as_the_total():
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    lines = explanation_for(AskGrad(out=b, wrt=a))
    assert lines[0] == "db/da = ∂b/∂a (first input) + ∂b/∂a (second input)"
    assert "db/db" not in "\n".join(lines)


def test_a_long_path_shows_every_non_trivial_local_derivative():
    """The loss lesson's d(loss)/dŷ: the power rule is on screen, not hidden in '3.76 x 1'."""
    preds = [Value(p, label=f"ŷ{i + 1}") for i, p in enumerate([0.91, 0.88, 0.88, 0.88])]
    terms = []
    for i, (p, y) in enumerate(zip(preds, [1.0, -1.0, -1.0, 1.0])):
        t = (p - y) ** 2
        t.label = f"term{i + 1}"
        terms.append(t)
    loss = terms[0] + terms[1] + terms[2] + terms[3]
    loss.label = "loss"
    text = "\n".join(explanation_for(AskGrad(out=loss, wrt=preds[1])))
    assert "∂term2/∂(ŷ2-(-1))" in text               # the code subtracts y = -1
    assert "the power rule: 2 * (ŷ2-(-1))**(2-1)" in text


def test_compound_names_are_bracketed_and_never_internal_ids():
    x2, w2 = labelled(x2=0.0, w2=1.0)
    s = x2 * w2 + 1.0
    s.label = "s"
    text = "\n".join(explanation_for(AskGrad(out=s, wrt=x2)))
    assert "∂(x2*w2)/∂x2" in text
    big = Value(1.0, label="x")
    y = big
    for _ in range(8):
        y = y * big + big
    y.label = "y"
    text = "\n".join(explanation_for(AskGrad(out=y, wrt=big)) + hints_for(AskGrad(out=y, wrt=big)))
    assert "#" not in text and "[product of x (2)]" in text   # described, never an id


# --- through the runner -----------------------------------------------------------------------


def _lesson_asking(make):
    def script():
        yield make()
        yield Say("after")
    return FakeLesson("diag", script)


def _grad_question():
    g = lecture_L()
    return AskGrad(out=g["L"], wrt=g["a"])


def test_a_wrong_try_gets_its_reason_and_the_rule_in_symbols_only():
    run = LessonRun(_lesson_asking(_grad_question))  # dL/da = 6
    fb = run.answer("-6")
    assert fb.status == "wrong" and fb.message.startswith("Sign flipped")
    assert "2 more tries" in fb.message
    rule = "\n".join(fb.explanation)
    assert rule.startswith("dL/da = dL/de * ∂e/∂a")
    assert not _numbers(rule)                 # no number at all: nothing given away
    fb = run.answer("-3")
    assert fb.message.startswith("That is only the local derivative ∂e/∂a")
    fb = run.answer("-4")
    assert fb.status == "revealed" and "own value" in fb.message
    assert fb.answer == "6"
    assert fb.explanation[2].strip() == "= (-2) * 1 * (-3)"


def test_the_first_hint_never_gives_a_number_and_the_last_may(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["c"])   # dL/dc = -2 = dL/dd
    hints = hints_for(q)
    assert not _numbers(hints[0]) and not _numbers(hints[1])
    assert "dL/dd = -2" in hints[-1]


def test_a_prediction_is_asked_once_and_not_scored():
    def script():
        yield AskNumber("Guess: how many?", value=7.0, scored=False)
        yield AskNumber("And now for real?", value=3.0)
        yield Say("end")
    run = LessonRun(FakeLesson("guess", script))
    fb = run.answer("5")
    assert fb.status == "revealed" and fb.done and "Not this time" in fb.message
    assert run.score == (0, 0)
    run.advance()
    run.answer("3")
    assert run.score == (1, 1)


def test_before_the_chain_rule_lesson_a_gradient_is_explained_by_the_lesson_alone(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"], chain_rule=False,
                hints=["Push a and watch L."], why="Because.",
                mistakes=[(-4.0, "Declared.")])
    assert hints_for(q) == ["Push a and watch L."]
    assert explanation_for(q) == ["Because."]
    assert diagnose(q, -4.0) == "Declared."
    assert diagnose(q, -6.0) == "Right size, wrong sign."
    assert diagnose(q, -3.0) == ""            # no local-derivative talk before it is taught
    s = AskSign(out=L_graph["L"], wrt=L_graph["a"], chain_rule=False)
    from tutor.hints import answer_text
    assert answer_text(s) == "up (+)" and explanation_for(s) == []


def test_without_lesson_hints_the_concept_comes_first(L_graph):
    hints = hints_for(AskGrad(out=L_graph["L"], wrt=L_graph["a"]))
    assert [h.split(" ")[0] for h in hints] == ["Nudge", "The", "You"]


def test_a_lesson_hint_that_writes_the_rule_is_not_repeated(L_graph):
    hints = hints_for(AskGrad(out=L_graph["L"], wrt=L_graph["a"],
                              hints=["dL/da = dL/de * ∂e/∂a.", "∂e/∂a is the other factor."]))
    assert len(hints) == 3 and hints[-1].startswith("You know: dL/de = -2")


def test_a_sign_question_can_declare_the_wrong_directions(L_graph):
    q = AskSign(out=L_graph["L"], wrt=L_graph["a"], chain_rule=False,
                mistakes=[(-1, "Down would need a negative slope."), (0, "a is in L.")])
    assert diagnose(q, -1) == "Down would need a negative slope."
    assert diagnose(q, 0) == "a is in L."
    assert diagnose(q, 1) == ""


def test_the_front_ends_label_an_unscored_guess_themselves():
    from tutor.hints import prompt_text

    guess = AskNumber("How many?", value=7.0, scored=False)
    assert prompt_text(guess) == "A guess, not scored: How many?"
    assert prompt_text(AskNumber("How many?", value=7.0)) == "How many?"
