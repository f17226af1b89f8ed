"""Any real number is an operand: ints, floats, Fractions, numpy scalars, on either side.

A learner who follows the lecture with numpy at hand mixes numpy scalars into
expressions; the engine keeps computing with plain floats.  bool, Decimal and
non-numbers stay a TypeError.
"""

import decimal
import math
import operator
from fractions import Fraction

import pytest

from engine import Value

OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv]
OP_IDS = [op.__name__ for op in OPERATORS]


def check_same_as_float(op, number, x=3.0):
    """op with number on either side builds what op with float(number) builds."""
    for number_first in (False, True):
        leaf, twin = Value(x), Value(x)
        out, expected = ((op(number, leaf), op(float(number), twin)) if number_first
                         else (op(leaf, number), op(twin, float(number))))
        assert type(out) is Value and type(out.data) is float
        assert (out.data, out._op, len(out.topological_order())) == (
            expected.data, expected._op, len(expected.topological_order()))
        out.backward()
        expected.backward()
        assert leaf.grad == twin.grad != 0.0


@pytest.mark.parametrize("op", OPERATORS, ids=OP_IDS)
@pytest.mark.parametrize("number", [Fraction(1, 3), Fraction(-7, 2), 2, -2.5], ids=repr)
def test_fractions_and_plain_numbers_on_either_side(op, number):
    check_same_as_float(op, number)


def test_gradient_through_a_fraction_operand():
    x = Value(2.0)
    y = Fraction(1, 4) * x ** 2 - x / Fraction(1, 2)
    y.backward()
    assert (y.data, x.grad) == (-3.0, 2 * 0.25 * 2.0 - 2.0)


def test_fraction_exponent_and_leaf():
    x = Value(Fraction(9, 4))
    assert type(x.data) is float and x.data == 2.25
    root = x ** Fraction(1, 2)
    root.backward()
    assert (root.data, root._op, x.grad) == (1.5, "**0.5", 0.5 / 1.5)


def test_numbers_on_both_sides_keep_the_operand_order():
    a = Value(5.0)
    assert (Fraction(1, 2) - a).data == -4.5
    assert (Fraction(1, 2) / a).data == 0.1
    assert (Fraction(1, 2) + a)._prev[1] is a


numpy = pytest.importorskip("numpy", reason="numpy scalars: pip install numpy")
NUMPY_SCALARS = [numpy.int64(2), numpy.int8(-3), numpy.float32(0.1), numpy.float64(2.5),
                 numpy.float16(0.5), numpy.uint16(7)]


@pytest.mark.parametrize("op", OPERATORS, ids=OP_IDS)
@pytest.mark.parametrize("number", NUMPY_SCALARS, ids=lambda x: f"{type(x).__name__}({x})")
def test_numpy_scalars_on_either_side(op, number):
    check_same_as_float(op, number)


def test_numpy_float64_on_the_left_is_not_turned_into_an_array():
    # np.float64 is a float subclass, so its __mul__ is asked first; it must leave
    # the product to Value rather than make an object array holding a Value.
    a = Value(3.0)
    for out in (numpy.float64(2) * a, numpy.float64(2) + a, numpy.float64(2) - a,
                numpy.float64(6) / a, numpy.int64(2) * a, numpy.float32(2) * a):
        assert type(out) is Value
    out = numpy.float64(2) * a
    out.backward()
    assert (out.data, a.grad) == (6.0, 2.0)


def test_numpy_scalar_exponents_and_leaves():
    x = Value(numpy.float32(3.0))
    assert type(x.data) is float and x.data == 3.0
    assert type(Value(numpy.int64(4)).data) is float
    cube = x ** numpy.int64(3)
    cube.backward()
    assert (cube.data, cube._op, x.grad) == (27.0, "**3", 27.0)
    assert (Value(4.0) ** numpy.float64(0.5)).data == 2.0


def test_numpy_float32_is_taken_at_its_exact_value():
    # float32(0.1) is not 0.1; the engine computes in float64 from the float32's value
    out = Value(1.0) + numpy.float32(0.1)
    assert out.data == 1.0 + float(numpy.float32(0.1)) == 1.1000000014901161


def test_numpy_arrays_and_bools_are_a_type_error():
    a = Value(2.0)
    array = numpy.array([1.0, 2.0])
    for bad in (array, numpy.bool_(True)):
        with pytest.raises(TypeError, match="unsupported operand"):
            a * bad
        with pytest.raises(TypeError, match="unsupported operand"):
            bad * a
        with pytest.raises(TypeError, match="Value needs a number"):
            Value(bad)
    with pytest.raises(TypeError, match="exponents must be constants"):
        a ** array


# --- what is not a real number -------------------------------------------------

@pytest.mark.parametrize("op", OPERATORS, ids=OP_IDS)
def test_decimal_is_a_type_error_as_decimal_plus_float_is_in_python(op):
    # Decimal is not a numbers.Real: Python refuses Decimal + float rather than round it
    d = decimal.Decimal("0.1")
    with pytest.raises(TypeError, match=r"Value and Decimal \(Decimal\('0.1'\)\)"):
        op(Value(1.0), d)
    with pytest.raises(TypeError, match="unsupported operand"):
        op(d, Value(1.0))
    with pytest.raises(TypeError, match="Value needs a number, got Decimal"):
        Value(d)


def test_the_type_error_says_what_an_operand_may_be():
    with pytest.raises(TypeError, match=r"use a Value or a real number \(int, float, Fraction"):
        Value(1.0) * "2"


def test_numbers_too_large_for_a_float_are_an_overflow_error_with_a_clear_message():
    for make in (lambda: Value(10 ** 400), lambda: Value(1.0) + 10 ** 400,
                 lambda: Value(1.0) * Fraction(10 ** 400, 3), lambda: Value(2.0) ** 10 ** 400):
        with pytest.raises(OverflowError, match=r"too large for a float \(the largest is about"):
            make()


def test_special_floats_are_numbers():
    assert math.isnan((Value(1.0) * math.nan).data)
    assert (Value(1.0) + math.inf).data == math.inf
