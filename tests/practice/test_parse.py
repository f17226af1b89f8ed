"""The playground's parser: a whitelist over Python's ast, never eval or exec.

It refuses attribute access, calls other than the five methods, names starting with
_, imports and oversized input with a ProgramError (a message), and reads back
exactly the programs the drills are written in.
"""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.practice.parse import (MAX_LINE, MAX_OPERATIONS, parse_line, parse_program)
from lessons.practice.program import (METHODS, BinOp, Call, Line, Name, Neg, Num, Program,
                                      ProgramError)


def test_a_learners_program_builds_the_graph_with_their_names():
    p = parse_program("a = 2\nb = -3\nL = (a*b + 1).tanh()")
    values = p.run()
    assert values["L"].label == "L" and values["a"].label == "a"
    assert math.isclose(values["L"].data, math.tanh(-5))
    assert p.output == "L" and p.leaves() == ["a", "b"]


@pytest.mark.parametrize("text", [
    "a = 2\nb = a.data",                  # attribute access
    "a = 2\nb = a.grad",
    "a = 2\nb = a.__class__",
    "a = 2\nb = a.tanh",                  # a method, not called
    "a = 2\nb = a.backward()",            # a call outside the five
    "a = 2\nb = a.tanh(1)",               # the five take nothing
    "b = print(1)",
    "b = Value(2.0)",
    "b = __import__('os')",
    "__x = 2",                            # names starting with _
    "a = 2\nb = __builtins__",
    "import os",
    "from os import system",
    "b = 'text'",
    "b = [1, 2]",
    "b = 1 if 2 else 3",
    "b = lambda: 1",
    "b = 2 // 3",
    "b = 2 % 3",
    "b = True",
    "b = 2j",
    "a = 2; b = 3",
    "a = b = 2",
    "a, b = 1, 2",
    "a = 2\na += 1",
    "a = 2\nb = a ** a",                  # exponent must be a number
    "a = 2\nb = a ** 1000",               # too large
    "a = 2\nb = a ** (2**3)",
    "a = 2\na = 3",                       # a name is assigned once
    "b = c + 1",                          # undefined
    "a = 2\nb = (a > 1)",
    "x = 1" + "0" * 400,                  # a huge literal
    "a = 2\nb = " + "(" * 40 + "a" + ")" * 40,
    "a = 2\nb = " + "+".join(["a"] * 90),  # more operations than allowed
    "a = 2\nb = " + "a" + "*a" * 120,       # a line too long
    "\n".join(f"v{i} = {i}" for i in range(40)),   # too many lines
    "",
    "# only a comment",
])
def test_refused_with_a_message(text):
    with pytest.raises(ProgramError) as err:
        parse_program(text)
    assert str(err.value)


def test_a_long_expression_over_many_lines_is_refused_by_the_operation_budget():
    lines = ["a = 1"] + [f"v{i} = a + a + a + a" for i in range(25)]
    with pytest.raises(ProgramError, match=f"more than {MAX_OPERATIONS} operations"):
        parse_program("\n".join(lines))


@pytest.mark.parametrize("text,message", [
    ("a = 2\nb = a ** 99999999", "too large"),
    ("a = 800\nb = a.exp()", "too large"),
    ("a = 0\nb = 1/a", "division by zero"),
    ("a = 0\nb = a**-1", "division by zero"),
    ("a = -1\nb = a.log()", "log"),
    ("a = -8\nb = a**0.5", "not a real number"),
    ("a = 1e11\nb = a*a", "too large"),
    ("a = 2\nc = a", "another name"),
])
def test_engine_errors_become_messages_when_the_program_runs(text, message):
    with pytest.raises(ProgramError, match=message):
        parse_program(text).run()


def test_comments_are_kept_as_notes():
    line = parse_line("b = 0.5  # chosen so that tanh(n) = 0.6")
    assert line == Line("b", Num(0.5), "chosen so that tanh(n) = 0.6")


def test_a_bad_literal_gives_a_message_and_no_warning_on_the_terminal(recwarn):
    with pytest.raises(ProgramError):
        parse_line("a = 1a")
    assert not [w for w in recwarn if issubclass(w.category, SyntaxWarning)]


def test_a_line_too_long_is_refused_before_parsing():
    with pytest.raises(ProgramError, match="characters long"):
        parse_line("a = " + "1" * (MAX_LINE + 1))


# --- properties ---------------------------------------------------------------------------

@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_is_a_program_or_a_message(text):
    try:
        program = parse_program(text)
    except ProgramError as e:
        assert str(e)
        return
    for line in program.lines:                       # only the whitelisted pieces
        assert_whitelisted(line.expr)


PY_ISH = st.text(alphabet="ab_.()*+-/= 0123456789\nxtanhexprlugsid#", max_size=120)


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(PY_ISH)
def test_python_like_text_is_a_program_or_a_message(text):
    try:
        program = parse_program(text)
        program.run()
    except ProgramError as e:
        assert str(e)
        return
    for line in program.lines:
        assert_whitelisted(line.expr)
        assert not line.name.startswith("_")


def assert_whitelisted(e):
    if isinstance(e, Num):
        assert math.isfinite(e.value)
    elif isinstance(e, Name):
        assert not e.id.startswith("_")
    elif isinstance(e, Neg):
        assert_whitelisted(e.operand)
    elif isinstance(e, Call):
        assert e.method in METHODS
        assert_whitelisted(e.operand)
    else:
        assert isinstance(e, BinOp) and e.op in {"+", "-", "*", "/", "**"}
        if e.op == "**":
            assert isinstance(e.right, Num)
        assert_whitelisted(e.left)
        assert_whitelisted(e.right)


NAMES = ("a", "b", "c")
numbers = st.floats(min_value=-50, max_value=50, allow_nan=False).map(lambda x: round(x, 2))


def expressions():
    leaf = st.one_of(numbers.map(Num), st.sampled_from(NAMES).map(Name))
    return st.recursive(leaf, lambda inner: st.one_of(
        st.builds(BinOp, st.sampled_from(["+", "-", "*", "/"]), inner, inner),
        st.builds(BinOp, st.just("**"), inner, st.sampled_from([2.0, 3.0, -1.0, 0.5]).map(Num)),
        inner.map(lambda x: Num(-x.value) if isinstance(x, Num) else Neg(x)),
        st.builds(Call, st.sampled_from(METHODS), inner),
    ), max_leaves=8)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(expressions())
def test_source_reads_back_to_the_same_program(expr):
    program = Program((Line("a", Num(1.0)), Line("b", Num(-2.0)), Line("c", Num(0.5)),
                       Line("out", expr)))
    assert parse_program(program.source()) == program


FORBIDDEN = st.sampled_from([
    "a.data", "a.grad", "a._prev", "a.__class__", "a.__dict__", "(a).label",     # attributes
    "a.backward()", "a.tanh(1)", "print(1)", "open('x')", "Value(2)", "eval('1')",  # calls
    "exec('1')", "getattr(a, 'data')", "(lambda: 1)()", "a.tanh().__class__",
    "__import__('os')", "__builtins__", "_a", "__name__",                          # dunders
    "'text'", "[1]", "{1: 2}", "a if a else a", "a[0]", "not a", "a < 1", "a @ a",
])
SAFE = st.sampled_from(["a", "2", "a*b", "(a + b)", "b.tanh()", "a**2", "-a", "1.5"])


@settings(max_examples=400)
@given(st.lists(SAFE, min_size=0, max_size=4), FORBIDDEN, st.lists(SAFE, max_size=4),
       st.sampled_from(["+", "-", "*", "/"]))
def test_a_forbidden_piece_anywhere_in_a_line_is_refused(before, bad, after, op):
    expr = f" {op} ".join(before + [bad] + after)
    with pytest.raises(ProgramError):
        parse_program(f"a = 2\nb = 3\nc = {expr}")


@settings(max_examples=200)
@given(st.sampled_from(["import os", "import os as a", "from os import path",
                        "from . import x", "import sys, os"]),
       st.sampled_from(["", "  ", "\t"]))
def test_imports_are_refused(statement, indent):
    with pytest.raises(ProgramError):
        parse_program(f"a = 2\n{indent}{statement}")


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=MAX_LINE + 1, max_value=50_000), st.sampled_from(["+", "*"]))
def test_oversized_lines_are_refused_before_any_work(length, op):
    terms = length // 2 + 1
    text = "a = 1\nb = " + op.join(["a"] * terms)
    with pytest.raises(ProgramError, match="characters long"):
        parse_program(text)
