"""Grading: reading answers as people type them, and naming the mistake in a wrong one."""

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lessons.steps import AskChoice, AskGrad, AskNumber, AskSign, AskValue, Say
from tutor import grading
from tutor.grading import Unreadable, diagnose, parse_choice, parse_number, parse_sign
from tutor.hints import explanation_for
from tutor.runner import LessonRun

from tutor_helpers import FakeLesson, lecture_L, two_paths

# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("-3", -3.0),
    ("6.0", 6.0),
    ("6", 6.0),
    (".5", 0.5),
    ("-.5", -0.5),
    ("3.", 3.0),
    ("+4", 4.0),
    ("1e-3", 0.001),
    ("1E-3", 0.001),
    ("2e+2", 200.0),
    ("-1/2", -0.5),
    ("1/-4", -0.25),
    ("1 / 2", 0.5),
    ("  2  ", 2.0),
    ("\t-3\n", -3.0),
    ("- 3", -3.0),
    ("\u22123", -3.0),          # a typographic minus, as pasted from the lecture notes
    ("0", 0.0),
    ("-0", 0.0),
])
def test_numbers_as_people_type_them(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "--3", "1/0", "0/0", "1e999", "-1e999", "1e999/1e999", "1/2/3",
    "e3", ".", "-", "inf", "nan", "0x10", "1_000", "3 apples", "\u00bd", "six",
])
def test_not_numbers_are_unreadable_with_what_is_accepted(text):
    with pytest.raises(Unreadable) as info:
        parse_number(text)
    message = str(info.value)
    assert "-1/2" in message and "1e-3" in message  # the accepted forms, by example


def test_a_decimal_comma_is_pointed_out():
    with pytest.raises(Unreadable, match=r"dot.*3\.5"):
        parse_number("3,5")


def test_nothing_typed_says_so():
    with pytest.raises(Unreadable, match="Nothing typed"):
        parse_number("  ")


def test_too_large_says_so():
    with pytest.raises(Unreadable, match="too large"):
        parse_number("1e999")


def test_division_by_zero_says_so():
    with pytest.raises(Unreadable, match="divides by zero"):
        parse_number("1/0")


# --- signs and choices ----------------------------------------------------------------


@pytest.mark.parametrize("text, sign", [
    ("+", 1), ("up", 1), ("UP", 1), (" Up ", 1), ("goes up", 1), ("increase", 1), ("+1", 1),
    ("-", -1), ("down", -1), ("Down", -1), ("d", -1), ("goes  down", -1), ("\u2212", -1),
    ("0", 0), ("same", 0), ("stays the same", 0), ("no change", 0), ("NO   CHANGE", 0),
    ("unchanged", 0),
])
def test_signs_as_symbols_or_words(text, sign):
    assert parse_sign(text) == sign


@pytest.mark.parametrize("text", ["", "sideways", "++", "up!", "2", "maybe", "up down"])
def test_unknown_sign_says_what_is_accepted(text):
    with pytest.raises(Unreadable) as info:
        parse_sign(text)
    message = str(info.value)
    assert "up" in message and "down" in message and "same" in message


@pytest.mark.parametrize("text, index", [
    ("1", 0), ("2", 1), ("3", 2), (" 3 ", 2), ("b", 1), ("B", 1), ("b)", 1), ("2.", 1),
])
def test_choices_by_number_or_letter(text, index):
    assert parse_choice(text, 3) == index


@pytest.mark.parametrize("text", ["", "0", "4", "-1", "d", "ab", "1 2", "\u00b2", "\u2460",
                                  pytest.param("9" * 5000, id="5000-digits")])
def test_out_of_range_or_odd_choices_are_unreadable(text):
    with pytest.raises(Unreadable, match="1 to 3"):
        parse_choice(text, 3)


# --- any text at all: a value or Unreadable, never anything else ---------------------------

ODD_INPUTS = ["", " ", "1e999", "-1e999", "1/0", "0/0", "--3", "1e999/1e999", "1/1e-320",
              "\x00", "\x1b[A", "\u00b2", "\u2460", "\u0663", "\U0001d7d9", "9" * 5000,
              "1" * 400 + "x", "1e" + "9" * 400, "\u2212\u2212", "\ufeff1", "nan", "-inf"]

any_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.eE+-/ ,\u2212\u00b2\u2460\u0663x\n\t"),
    st.sampled_from(ODD_INPUTS),
)


def _value_or_unreadable(parse, text):
    try:
        return parse(text)
    except Unreadable as e:
        assert str(e).strip(), f"empty message for {text!r}"
        return None


@given(any_text)
@example("1e999")
@example("1/0")
@example("--3")
@example("")
def test_parse_number_never_raises_anything_else(text):
    x = _value_or_unreadable(parse_number, text)
    assert x is None or (isinstance(x, float) and math.isfinite(x))


@given(any_text)
def test_parse_sign_never_raises_anything_else(text):
    s = _value_or_unreadable(parse_sign, text)
    assert s in (None, -1, 0, 1)


@given(any_text, st.integers(min_value=1, max_value=12))
@example("\u00b2", 3)
@example("9" * 5000, 3)
def test_parse_choice_never_raises_anything_else(text, n):
    i = _value_or_unreadable(lambda t: parse_choice(t, n), text)
    assert i is None or 0 <= i < n


def _one_question_lesson(make_question):
    def script():
        yield make_question()
        yield Say("after")
    return FakeLesson("one-question", script)


def _grad_question():
    g = lecture_L()
    return AskGrad(out=g["L"], wrt=g["a"])


def _sign_question():
    g = lecture_L()
    return AskSign(out=g["L"], wrt=g["a"])


def _choice_question():
    return AskChoice("Which?", choices=["one", "two", "three"], correct=1)


def _value_question():
    return AskValue(node=lecture_L()["L"])


QUESTIONS = [_grad_question, _sign_question, _choice_question, _value_question]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(st.sampled_from(QUESTIONS), any_text)
def test_any_text_through_the_runner_gives_feedback(make_question, text):
    run = LessonRun(_one_question_lesson(make_question))
    fb = run.answer(text)
    assert fb.status in ("invalid", "wrong", "correct")
    assert fb.message.strip()
    if fb.status == "invalid":
        assert run.attempts == 0 and fb.attempts == 0
        assert run.awaiting_answer
        assert fb.message == str(_unreadable(run.question, text))
    else:
        assert run.attempts == 1 and fb.attempts == 1


def _unreadable(q, text):
    try:
        grading.parse_answer(q, text)
    except Unreadable as e:
        return e
    raise AssertionError("expected the answer to be unreadable")


def test_invalid_answers_never_use_up_the_tries():
    run = LessonRun(_one_question_lesson(_grad_question))
    for text in ["", "six", "1/0", "--3", "1e999"] * 3:
        assert run.answer(text).status == "invalid"
    assert run.awaiting_answer and run.attempts == 0
    assert run.answer("5").status == "wrong"
    assert run.attempts == 1


# --- tolerance ------------------------------------------------------------------------------


def test_default_tolerance_accepts_rounding_and_rejects_a_real_miss():
    q = AskNumber("?", value=2 / 3)
    assert grading.is_correct(q, parse_number("0.667"))
    assert grading.is_correct(q, parse_number("2/3"))
    assert grading.is_correct(q, parse_number(".67"))
    assert not grading.is_correct(q, parse_number("0.6"))
    assert not grading.is_correct(q, parse_number("0.7"))


def test_default_tolerance_is_relative_so_small_answers_need_their_digits():
    q = AskNumber("?", value=1e-4)
    assert grading.is_correct(q, parse_number("1e-4"))
    assert grading.is_correct(q, parse_number("0.0001005"))
    assert not grading.is_correct(q, parse_number("0"))
    assert not grading.is_correct(q, parse_number("0.0002"))


def test_default_tolerance_of_zero_accepts_zero_only_up_to_rounding():
    q = AskNumber("?", value=0.0)
    assert grading.is_correct(q, parse_number("0"))
    assert grading.is_correct(q, parse_number("-0"))
    assert grading.is_correct(q, parse_number("1e-9"))
    assert not grading.is_correct(q, parse_number("0.001"))


def test_a_question_can_set_its_own_tolerance():
    strict = AskNumber("?", value=0.8814, abs_tol=1e-4, rel_tol=0.0)
    loose = AskNumber("?", value=100.0, abs_tol=0.0, rel_tol=0.1)
    assert grading.is_correct(strict, 0.88141)
    assert not grading.is_correct(strict, 0.881)
    assert grading.is_correct(loose, 91.0)
    assert not grading.is_correct(loose, 89.0)


# --- diagnosing a wrong gradient on the lecture's graphs --------------------------------------


@pytest.fixture
def L_graph():
    return lecture_L()


def test_the_lecture_answers(L_graph):
    g = L_graph
    expected = dict(L=1, d=-2, f=4, e=-2, c=-2, a=6, b=-4)
    for name, grad in expected.items():
        assert AskGrad(out=g["L"], wrt=g[name]).answer == pytest.approx(grad)


def test_sign_flipped(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])  # dL/da = 6
    assert diagnose(q, -6.0).startswith("Sign flipped")


def test_forgot_the_upstream_gradient(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])  # local de/da = b = -3, upstream dL/de = -2
    message = diagnose(q, -3.0)
    assert "only the local derivative de/da" in message
    assert "dL/de = -2" in message


def test_forgot_the_upstream_gradient_through_a_plus_node(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["c"])  # local dd/dc = 1, upstream -2
    assert "only the local derivative dd/dc" in diagnose(q, 1.0)


def test_used_the_nodes_own_value(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])  # upstream * a = -2 * 2 = -4
    message = diagnose(q, -4.0)
    assert "a's own value" in message
    assert "other* factor" in message


def test_only_one_path_where_gradients_add():
    g = two_paths()
    q = AskGrad(out=g["f"], wrt=g["a"])  # -3 = (-6 through e) + (3 through d)
    assert q.answer == pytest.approx(-3)
    message = diagnose(q, -6.0)
    assert "only the path through e" in message
    assert "gradients from all paths add up" in message


def test_only_one_of_the_two_operands_of_a_plus_a():
    from engine import Value

    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    q = AskGrad(out=b, wrt=a)
    assert q.answer == pytest.approx(2)
    assert "used 2 times" in diagnose(q, 1.0)


def test_a_small_gradient_answered_zero_is_not_called_a_sign_flip():
    from engine import Value

    x = Value(0.001, label="x")
    y = x * x
    y.label = "y"
    q = AskGrad(out=y, wrt=x)  # 0.002
    assert not grading.is_correct(q, 0.0)
    assert diagnose(q, 0.0) == ""
    assert diagnose(q, -0.002).startswith("Sign flipped")


def test_an_unrecognised_wrong_answer_gets_no_invented_diagnosis(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])
    assert diagnose(q, 17.0) == ""
    assert diagnose(q, 6.0) == ""  # right answers are not mistakes


def test_sign_question_in_the_wrong_direction(L_graph):
    q = AskSign(out=L_graph["L"], wrt=L_graph["b"])  # dL/db = -4: down
    assert "negative factor" in diagnose(q, 1)
    assert "let a nudge through" in diagnose(q, 0)
    # with three possible answers, a message must not name the one that is left
    for wrong in (1, 0):
        text = diagnose(q, wrong).lower()
        assert "opposite" not in text and "down" not in text


def test_sign_question_with_no_effect():
    from engine import Value

    x = Value(-1.0, label="x")
    y = x.relu()
    y.label = "y"
    q = AskSign(out=y, wrt=x)
    assert q.answer == 0
    text = diagnose(q, 1)
    assert "blocked relu" in text
    assert "0" not in text and "same" not in text  # a pointer, not the answer


def test_forward_value_with_the_sign_flipped(L_graph):
    q = AskValue(node=L_graph["e"])
    assert "wrong sign" in diagnose(q, 6.0)


# --- the diagnosis reaches the learner, with the rule and then the worked answer ----------------


def _lesson_asking(make):
    def script():
        yield make()
    return FakeLesson("diag", script)


def test_runner_feedback_names_the_mistake_then_reveals_with_the_chain_rule():
    run = LessonRun(_lesson_asking(_grad_question))  # dL/da = 6
    fb = run.answer("-6")
    assert fb.status == "wrong"
    assert fb.message.startswith("Sign flipped")
    assert "2 more tries" in fb.message
    # the rule, with the known upstream gradient, but not the answer itself
    rule = "\n".join(fb.explanation)
    assert "dL/da = dL/de * de/da" in rule and "dL/de = -2" in rule
    assert "= 6" not in rule

    fb = run.answer("-3")
    assert fb.status == "wrong"
    assert "only the local derivative" in fb.message and "1 more try" in fb.message

    fb = run.answer("-4")
    assert fb.status == "revealed"
    assert "own value" in fb.message
    assert fb.answer == "6"
    assert fb.explanation[0] == "dL/da = dL/de * de/da"
    assert fb.explanation[1].strip() == "= (-2) * (-3)"
    assert fb.explanation[2].strip() == "= 6"


def test_explanation_of_dL_dc_is_the_lectures_chain_rule_line(L_graph):
    lines = explanation_for(AskGrad(out=L_graph["L"], wrt=L_graph["c"]))
    assert lines[0] == "dL/dc = dL/dd * dd/dc"
    assert lines[1] == "      = (-2) * 1"
    assert lines[2] == "      = -2"
    assert lines[3].startswith("  dd/dc = 1: d is a sum")


def test_explanation_of_a_node_used_twice_adds_the_paths():
    g = two_paths()
    lines = explanation_for(AskGrad(out=g["f"], wrt=g["a"]))
    assert lines[0] == "df/da = df/de * de/da + df/dd * dd/da"
    assert lines[1].strip() == "= (-6) * 1 + 1 * 3"
    assert lines[2].strip() == "= (-6) + 3"
    assert lines[3].strip() == "= -3"
    assert any("used 2 times" in line for line in lines)


def test_explanation_ends_with_the_lessons_why(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["f"], why="f multiplies d, which is 4.")
    assert explanation_for(q)[-1] == "f multiplies d, which is 4."


def test_explanation_of_a_forward_value(L_graph):
    assert explanation_for(AskValue(node=L_graph["e"])) == ["e = a*b = 2 * (-3) = -6"]


def test_a_choice_named_like_a_letter_is_picked_by_its_own_text():
    from tutor.grading import parse_choice

    choices = ["a", "b", "c", "f"]
    assert parse_choice("f", 4, choices) == 3
    assert parse_choice("c", 4, choices) == 2
    assert parse_choice("2", 4, choices) == 1       # a digit is always the choice's number
    assert parse_choice("d", 4) == 3                # plain choices: letters still work


def test_an_empty_choice_answer_says_nothing_was_typed():
    from tutor.grading import Unreadable, parse_choice

    with pytest.raises(Unreadable, match="Nothing typed"):
        parse_choice("  ", 3)


def test_a_forward_value_hint_shows_the_way_not_the_sum():
    from engine import Value
    from tutor.hints import hints_for

    x = Value(3.0, label="x")
    f = 3 * x**2 - 4 * x + 5
    f.label = "f"
    hint = hints_for(AskValue(node=f))[-1]
    assert "15" not in hint and "20" not in hint    # neither the partial sum nor the answer
    assert hint.startswith("f = ")
