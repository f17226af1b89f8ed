"""The answer parsers against hostile text: very long lines, runs that made the number
pattern backtrack, and control characters.  Nothing may freeze the tutor, and nothing
the learner typed may reach the terminal as a control sequence.

Linear time is asserted by the input cap, not by a clock: any answer longer than
MAX_ANSWER_CHARS is refused before it is read, and the pattern that reads the rest
accepts exactly the numbers the simple (backtracking) pattern accepted.
"""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tutor.grading import (MAX_ANSWER_CHARS, Unreadable, parse_choice, parse_number,
                           parse_sign)

PARSERS = {
    "number": parse_number,
    "sign": parse_sign,
    "choice": lambda text: parse_choice(text, 4, ("a", "b", "c", "f")),
}

# Runs repeated past the cap: the cases that froze the tutor, and their relatives.
long_lines = st.one_of(
    st.text(min_size=MAX_ANSWER_CHARS + 1, max_size=3 * MAX_ANSWER_CHARS),
    st.builds(lambda unit, n, tail: unit * n + tail,
              st.sampled_from(["1", " ", "1 ", "-", "1/", ".", "e", "1e", "\t", "\x1b["]),
              st.integers(MAX_ANSWER_CHARS + 1, 200_000),
              st.sampled_from(["", "x", "/x", " x", "e", "\n"])),
)


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize("text", ["1" * 20_000 + "x", "1" + " " * 20_000 + "x",
                                  "1" * 100_000 + "x"], ids=["digits", "spaces", "100k"])
def test_the_answers_that_froze_the_tutor_are_refused_at_once(kind, text):
    with pytest.raises(Unreadable, match=f"longer than {MAX_ANSWER_CHARS} characters"):
        PARSERS[kind](text)


@settings(max_examples=60, deadline=None)
@given(long_lines)
def test_any_line_longer_than_the_cap_is_refused_with_a_message(text):
    for parse in PARSERS.values():
        with pytest.raises(Unreadable) as refused:
            parse(text)
        message = str(refused.value)
        assert "too long for an answer" in message and "\n" not in message
        assert len(message) < 200                           # it does not quote the line


@given(st.text(max_size=MAX_ANSWER_CHARS))
@example("\x1b[2J")
@example("\x1b]0;owned\x07")
@example("1,\x1b[2J5")
@example("\u202e3")
def test_a_message_never_carries_a_control_character(text):
    for parse in PARSERS.values():
        try:
            parse(text)
        except Unreadable as e:
            assert str(e).isprintable(), repr(str(e))


def test_an_answer_of_exactly_the_cap_is_still_read():
    assert parse_number(" " * (MAX_ANSWER_CHARS - 1) + "7") == 7.0
    assert parse_sign("up" + " " * (MAX_ANSWER_CHARS - 2)) == 1


# The pattern as first written: plain, but it backtracks quadratically on a failed match.
BACKTRACKING_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")


@settings(max_examples=400)
@given(st.text(alphabet="0123456789.e+-/ ,x", max_size=12))
@example("1.")
@example(".5e-3")
@example("1/.5")
@example("3..")
def test_the_linear_number_pattern_reads_exactly_what_the_old_one_read(text):
    s = text.replace(" ", "")
    old_reads = BACKTRACKING_NUMBER.fullmatch(s) is not None or (
        s.count("/") == 1 and all(BACKTRACKING_NUMBER.fullmatch(p) for p in s.split("/")))
    try:
        parse_number(s)
        new_reads = True
    except Unreadable as e:                       # division by zero and overflow are read,
        new_reads = "divides by zero" in str(e) or "too large" in str(e)    # then refused
    assert new_reads == old_reads
