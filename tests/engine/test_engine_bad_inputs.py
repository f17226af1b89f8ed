"""What the engine says when it is given something it cannot compute.

Learners type these things; every error must be the right type with a message that
says what went wrong, and the saturating functions must not blow up at all.
"""

import math
import operator
import re

import pytest

from engine import Value

BINARY = [operator.add, operator.sub, operator.mul, operator.truediv]
NOT_NUMBERS = ["2", None, [1.0], True, 1 + 2j, {"data": 1.0}]


@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
@pytest.mark.parametrize("op", BINARY, ids=lambda op: op.__name__)
def test_non_number_operand_is_a_type_error(op, bad):
    with pytest.raises(TypeError):
        op(Value(2.0), bad)
    with pytest.raises(TypeError):
        op(bad, Value(2.0))


@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
def test_value_of_a_non_number_is_a_type_error(bad):
    with pytest.raises(TypeError, match="Value needs a number"):
        Value(bad)


def test_type_error_names_the_operand():
    with pytest.raises(TypeError, match=r"str.*'oops'"):
        Value(1.0) + "oops"


@pytest.mark.parametrize("exponent", [Value(2.0), "2", None, True])
def test_exponent_must_be_a_constant(exponent):
    with pytest.raises(TypeError, match="exponents must be constants"):
        Value(3.0) ** exponent


@pytest.mark.parametrize("x", [0.0, -1.0, -1e-300])
def test_log_of_non_positive_is_a_value_error_naming_the_value(x):
    with pytest.raises(ValueError, match=re.escape(f"got {x}")):
        Value(x).log()


@pytest.mark.parametrize("divide", [
    lambda: Value(1.0) / 0,
    lambda: Value(1.0) / 0.0,
    lambda: Value(1.0) / Value(0.0),
    lambda: 1 / Value(0.0),
    lambda: Value(0.0) ** -1,
    lambda: Value(0.0) ** -0.5,
])
def test_division_by_zero_is_a_zero_division_error_with_a_message(divide):
    with pytest.raises(ZeroDivisionError) as info:
        divide()
    message = str(info.value)
    assert "division by zero" in message or "negative power" in message


def test_division_by_zero_message_names_the_numerator():
    with pytest.raises(ZeroDivisionError, match=r"division by zero: 3\.5 / 0"):
        Value(3.5) / 0


def test_fractional_power_of_a_negative_number_is_a_value_error():
    with pytest.raises(ValueError, match="not a real number"):
        Value(-8.0) ** (1 / 3)


def test_tanh_saturates_without_overflow():
    assert Value(1000.0).tanh().data == 1.0
    assert Value(-1000.0).tanh().data == -1.0
    t = Value(1000.0)
    y = t.tanh()
    y.backward()
    assert t.grad == 0.0


def test_sigmoid_saturates_without_overflow():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    assert Value(-1000.0).sigmoid().local_grads() == (0.0,)


def test_exp_overflow_is_an_overflow_error_with_a_clear_message():
    with pytest.raises(OverflowError, match=r"exp\(1000\.0\) is too large for a float"):
        Value(1000.0).exp()
    assert Value(709.0).exp().data == math.exp(709.0)


def test_pow_overflow_is_an_overflow_error_with_a_clear_message():
    with pytest.raises(OverflowError, match="too large for a float"):
        Value(1e200) ** 2
