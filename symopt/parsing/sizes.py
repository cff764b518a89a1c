"""Sizes of numbers, checked before sympy computes them.

Exact numbers are limited in digits, floats in decimal exponent, roots in the
digits of their radicand and powers of expressions in their exponent; the
checks use logarithms of sizes, so ``9**9**9`` is refused without being
computed. Undefined values (``1/0``, ``log(0)``) are refused here too.
"""

import math

import sympy as sp

from ..errors import ParseError
from ..limits import MAX_DIGITS, MAX_EXPONENT, MAX_FACTORIAL, MAX_FLOAT_EXP10, MAX_ROOT_DIGITS

_LOG2_10 = math.log2(10)
_MAX_BITS = MAX_DIGITS * _LOG2_10
_MAX_FLOAT_BITS = MAX_FLOAT_EXP10 * _LOG2_10
_MAX_ROOT_BITS = MAX_ROOT_DIGITS * _LOG2_10
_UNDEFINED = (sp.zoo, sp.nan, sp.oo, -sp.oo)

_BIG_ARGUMENT_FUNCTIONS = {"factorial", "gamma", "binomial"}


def decimal_exponent(text):
    """The power of ten of a float literal's leading digit (``"0.05e3"`` -> 1), or None for zero."""
    mantissa, _, exponent = text.replace("_", "").lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits.strip("0"):
        return None
    leading = len(whole.lstrip("0")) - 1 if whole.strip("0") else -(len(fraction) - len(fraction.lstrip("0")) + 1)
    return int(exponent or 0) + leading


def _as_float(value):
    try:
        return float(value)
    except (OverflowError, TypeError, ValueError):
        return math.inf


def _log2_abs(number):
    """|log2 |number|| of a nonzero sympy Number, as a float; sizes of exact numbers for Rationals."""
    if number.is_Rational:
        p, q = abs(int(number.p)), int(number.q)
        return max(math.log2(p) if p else 0.0, math.log2(q))
    _sign, man, exp, _bc = number._mpf_
    if not man:
        return 0.0
    return abs(math.log2(man) + exp) if abs(exp) < 2**60 else math.inf


def _digits(bits):
    return int(bits / _LOG2_10) + 1


def _check_number(value, col):
    if value.is_Rational:
        if max(int(value.p).bit_length(), int(value.q).bit_length()) > _MAX_BITS:
            raise ParseError(f"number at column {col} has more than {MAX_DIGITS} digits", col)
    elif value.is_Float and value != 0:
        if _log2_abs(value) > _MAX_FLOAT_BITS:
            raise ParseError(f"floating-point number at column {col} is out of range "
                             f"(beyond 10**±{MAX_FLOAT_EXP10})", col)


def check_value(value, col, max_exponent=MAX_EXPONENT):
    """Refuse undefined values and oversized numbers at the top of a freshly built value."""
    items = [value]
    if value.is_Add or value.is_Mul or value.is_Pow:
        items.extend(value.args)
    for item in items:
        if item in _UNDEFINED:
            raise ParseError(f"undefined value at column {col} (division by zero or similar)", col)
        if item.is_Number:
            _check_number(item, col)
        elif (max_exponent is not None and item.is_Pow and item.exp.is_Number and item.base.is_Add
              and abs(item.exp) > max_exponent):
            raise ParseError(f"exponent at column {col} exceeds {max_exponent} in magnitude", col)
    return value


def check_power(base, exponent, col, max_exponent=MAX_EXPONENT):
    """Refuse a power whose evaluation would be huge or slow, before sympy computes it."""
    if not exponent.is_Number:
        return
    if base.is_Number:
        if base.is_zero:
            if exponent.is_negative:
                raise ParseError(f"division by zero at column {col} (0 to a negative power)", col)
            return
        size = _as_float(abs(exponent)) * _log2_abs(base)
        if base.is_Float or exponent.is_Float:
            if size > _MAX_FLOAT_BITS:
                raise ParseError(f"power at column {col} is out of the floating-point range "
                                 f"(beyond 10**±{MAX_FLOAT_EXP10})", col)
            return
        if size > _MAX_BITS:
            raise ParseError(f"power at column {col} would have about {_format_digits(size)} digits; "
                             f"the limit is {MAX_DIGITS}", col)
        if not exponent.is_Integer and _log2_abs(base) > _MAX_ROOT_BITS:
            raise ParseError(f"root of a number with more than {MAX_ROOT_DIGITS} digits at column {col} "
                             f"is not computed", col)
        return
    if max_exponent is not None and _as_float(abs(exponent)) > max_exponent:
        raise ParseError(f"exponent at column {col} exceeds {max_exponent} in magnitude; such powers of "
                         f"symbolic expressions are refused because expanding them later would not finish",
                         col)
    coeff = base.as_coeff_Mul()[0]
    if coeff.is_Number and coeff != 0:
        size = _as_float(abs(exponent)) * _log2_abs(coeff)
        if size > (_MAX_FLOAT_BITS if coeff.is_Float or exponent.is_Float else _MAX_BITS):
            raise ParseError(f"power at column {col} would create a number with about "
                             f"{_format_digits(size)} digits", col)
        # sympy takes the root of the coefficient too: sqrt(x*N) with a 2,000-digit N took seconds
        if coeff.is_Rational and not exponent.is_Integer and _log2_abs(coeff) > _MAX_ROOT_BITS:
            raise ParseError(f"root of a number with more than {MAX_ROOT_DIGITS} digits at column {col} "
                             f"is not computed", col)


def _format_digits(bits):
    return f"{_digits(bits):,}" if math.isfinite(bits) else "infinitely many"


def check_function_arguments(name, args, col):
    if name in _BIG_ARGUMENT_FUNCTIONS:
        for arg in args:
            if arg.is_Rational and abs(arg) > MAX_FACTORIAL:
                raise ParseError(f"{name}() of a number larger than {MAX_FACTORIAL} at column {col} is refused "
                                 f"(the result would be huge)", col)
    if name in ("sqrt", "cbrt"):
        check_power(args[0], sp.Rational(1, 2 if name == "sqrt" else 3), col)
    if name in ("log", "ln") and args[0] == 0:
        raise ParseError(f"log(0) at column {col} is undefined", col)
