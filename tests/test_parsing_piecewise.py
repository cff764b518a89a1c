"""Piecewise expressions in user text (the lecture's linear-decay schedule), parsed without eval."""
import pytest
import sympy as sp

from symopt.errors import ParseError
from symopt.parsing import parse_expression

k, tau, e0, eT, x = sp.symbols("k tau e0 eT x")


def test_the_lecture_linear_decay_parses_to_the_piecewise_sympy_would_build():
    parsed = parse_expression("Piecewise(((1-k/tau)*e0 + k/tau*eT, k <= tau), (eT, True))")
    expected = sp.Piecewise(((1 - k / tau) * e0 + k / tau * eT, k <= tau), (eT, True))
    assert parsed == expected
    assert parsed.subs({k: 3, tau: 10, e0: 1, eT: 0}) == sp.Rational(7, 10)
    assert parsed.subs({k: 11, tau: 10, e0: 1, eT: 0}) == 0


def test_chained_and_reversed_comparisons():
    parsed = parse_expression("Piecewise((1, 0 < x <= 3), (2, x > 3), (0, True))")
    assert [parsed.subs(x, v) for v in (-1, 1, 3, 4)] == [0, 1, 1, 2]
    assert parse_expression("Piecewise((x, x >= 0), (-x, True))").subs(x, -5) == 5


def test_a_piecewise_whose_first_true_condition_is_constant_reduces():
    assert parse_expression("Piecewise((1, 2 < 1), (3, True))") == 3


@pytest.mark.parametrize("text, message", [
    ("True", "only as the last condition"),
    ("x + True", "only as the last condition"),
    ("Piecewise((1, True), (2, x < 1))", "only as the last condition"),
    ("Piecewise((1, x))", "comparison with <"),
    ("Piecewise((1, x == 2))", "comparison with <"),
    ("Piecewise(1)", "pairs"),
    ("Piecewise((1, 2, 3))", "pairs"),
    ("Piecewise((1, 2 < 1))", "can hold"),
    ("Piecewise((1, sqrt(-1) < x))", "non-real"),
    ("False", "reserved word"),
])
def test_malformed_piecewise_is_a_parse_error_naming_the_problem(text, message):
    with pytest.raises(ParseError, match=message):
        parse_expression(text)
