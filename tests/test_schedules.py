"""Learning-rate schedules and the Robbins–Monro verdicts (R8)."""

import json

import numpy as np
import pytest
import sympy as sp

from symopt.errors import ParseError, ProblemError
from symopt.schedules import (K, constant, exponential, from_text, inverse, linear_decay, power, robbins_monro)


@pytest.mark.parametrize("text, diverges, squares", [
    ("1/k", True, True), ("1/(k+1)", True, True), ("k**(-3/4)", True, True),
    ("k**(-1/2)", True, False), ("1/k**2", False, True), ("0.9**k", False, True),
    ("(k + 1)/(k**2 + 3)", True, True), ("exp(-k/10)", False, True), ("5", True, False),
    ("1/sqrt(k**2 + 1)", True, True), ("3/(2*k + 7)**(3/4)", True, True),
])
def test_r8_verdicts(text, diverges, squares):
    r = robbins_monro(text)
    assert (r.sum_diverges, r.sum_of_squares_converges) == (diverges, squares)
    assert r.robbins_monro == (diverges and squares)
    assert r.derivation.results["robbins_monro"] == sp.sympify(diverges and squares)


def test_linear_decay_is_eventually_constant_and_fails():
    s = linear_decay(sp.Rational(1, 10), sp.Rational(1, 1000), 100)
    r = robbins_monro(s)
    assert r.family == "eventually constant" and r.robbins_monro is False
    assert r.sum_diverges is True and r.sum_of_squares_converges is False
    assert any("Tail" in line for line in r.reasoning)
    zero_tail = robbins_monro(linear_decay(1, 0, 10))
    assert zero_tail.robbins_monro is False and zero_tail.sum_diverges is False


def test_linear_decay_values_follow_the_lecture_formula():
    e0, et, tau = 0.1, 0.001, 50
    s = linear_decay(e0, et, tau)
    values = s.values(80)
    ks = np.arange(1, 81)
    expected = np.where(ks <= tau, (1 - ks / tau) * e0 + ks / tau * et, et)
    np.testing.assert_allclose(values, expected, rtol=1e-13)
    assert s.value(tau) == sp.Rational(1, 1000) and s.value(tau + 7) == sp.Rational(1, 1000)


def test_parameterised_power_family():
    r = robbins_monro("k**(-p)", parameters=("p",))
    assert r.robbins_monro is None
    assert r.qualifying[sp.Symbol("p", real=True)] == sp.Interval.Lopen(sp.Rational(1, 2), 1)
    scaled = robbins_monro("c*(k+1)**(-2*q)", parameters=(sp.Symbol("c", positive=True), "q"))
    assert scaled.qualifying[sp.Symbol("q", real=True)] == sp.Interval.Lopen(sp.Rational(1, 4), sp.Rational(1, 2))
    # a parameter whose assumptions decide it
    decided = robbins_monro(sp.Symbol("k") ** -sp.Symbol("p", positive=True) * 0 + power(sp.Rational(3, 5)).expression)
    assert decided.robbins_monro is True


def test_geometric_family_never_qualifies():
    r = robbins_monro("g**k", parameters=("g",))
    assert r.robbins_monro is False and r.family == "geometric"
    assert r.qualifying[sp.Symbol("g", real=True)] == sp.S.EmptySet


def test_unrecognised_schedules_are_undetermined_not_guessed():
    for text in ("1/(k*log(k+1))", "(2 + sin(k))/k", "1/k + 1/k**2*(-1)**k"):
        r = robbins_monro(text)
        assert r.robbins_monro is None and r.sum_diverges is None and not r.derivation.complete


def test_families_and_numeric_values():
    assert constant(0.5).values(3).tolist() == [0.5, 0.5, 0.5]
    assert inverse(2, 1).values(3).tolist() == pytest.approx([1.0, 2 / 3, 0.5])
    assert power(0.5).values(4).tolist() == pytest.approx([1, 2 ** -0.5, 3 ** -0.5, 0.5])
    assert exponential(1, 0.5).values(3).tolist() == [1.0, 0.5, 0.25]
    assert from_text("1/(k+1)").expression == 1 / (K + 1)


def test_bad_schedules():
    with pytest.raises(ProblemError, match="expression in k only.*contains x"):
        from_text("1/(k + x)")
    with pytest.raises(ParseError):
        from_text("1/(k+")
    with pytest.raises(ProblemError, match="free symbol"):
        from_text("k**(-p)", ("p",)).values(3)
    with pytest.raises(ProblemError, match="tau"):
        linear_decay(1, 0.1, -3)


def _cli(capsys, *argv):
    from symopt.cli import main
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("text, verdict", [("1/k", True), ("k**(-1/2)", False), ("0.9**k", False),
                                           ("1/(k*log(k+1))", None)])
def test_cli_json(capsys, text, verdict):
    code, out, err = _cli(capsys, "schedule", text, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["robbins_monro"] is verdict
    assert {"robbins_monro", "sum_diverges", "sum_of_squares_converges", "reasoning"} <= set(data)
    assert isinstance(data["reasoning"], list) and data["reasoning"]


def test_cli_family_and_errors(capsys):
    code, out, _ = _cli(capsys, "schedule", "k**(-p)", "--params", "p", "--json")
    assert json.loads(out)["qualifying"] == {"p": "(1/2, 1]"}
    code, out, err = _cli(capsys, "schedule", "1/(k+x)")
    assert code == 2 and err.count("\n") == 1 and "contains x" in err and "--params" in err
    code, out, err = _cli(capsys, "schedule", "@@")
    assert code == 2 and err.count("\n") == 1
    code, out, _ = _cli(capsys, "schedule", "1/k")
    assert code == 0 and "Robbins–Monro is True" in out
