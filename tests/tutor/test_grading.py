"""Grading: reading answers as people type them, and whether they are right."""

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lessons.steps import AskChoice, AskGrad, AskNumber, AskSign, AskValue, Say
from tutor import grading
from tutor.grading import Unreadable, parse_choice, parse_number, parse_sign
from tutor.runner import LessonRun

from tutor_helpers import FakeLesson, lecture_L

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
    "e3", ".", "-", "inf", "nan", "0x10", "1_000", "\u00bd", "six", "4*", "*4", "2**3", "4x3",
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


@pytest.mark.parametrize("text, value", [
    ("4*3", 12.0), ("4 * 3", 12.0), ("4×3", 12.0), ("4 x 3", 12.0), ("2·-3", -6.0),
    ("2*-1/2", -1.0), ("1/2 * 4", 2.0), ("-3*2*0.5", -3.0),
])
def test_a_product_of_plain_numbers_is_read_never_evaluated(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text, word, number", [
    ("20.0 units", "units", "20.0"), ("3 apples", "apples", "3"),
    ("6 km/h", "km/h", "6"), ("-2 metres per second", "metres per second", "-2"),
])
def test_a_trailing_unit_word_is_refused_with_the_reason(text, word, number):
    with pytest.raises(Unreadable) as info:
        parse_number(text)
    assert str(info.value) == f"Type the number alone, without the word '{word}': {number}."
    assert "space inside" not in str(info.value)
