"""Learning-rate schedules and the Robbins–Monro verdicts (R8)."""

import json

import mpmath
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
    for text in ("(2 + sin(k))/k", "1/k + 1/k**2*(-1)**k", "1/((k+1)*log(k+1)*log(log(k+2)))"):
        r = robbins_monro(text)
        assert r.robbins_monro is None and r.sum_diverges is None and not r.derivation.complete


# Σ k^(−p) (log k)^(−q) diverges iff p < 1, or p = 1 and q ≤ 1 (integral test / Cauchy condensation).
# Each row is decided by hand from that rule for ε_k and for ε_k² (exponents doubled).
LOGARITHMIC = [
    # text, Σε_k = ∞, Σε_k² < ∞
    ("1/(k*log(k+1))", True, True),              # p = 1, q = 1; squares p = 2
    ("log(k)/k", True, True),                    # p = 1, q = −1; squares p = 2
    ("1/(sqrt(k)*log(k+1))", True, True),        # p = 1/2; squares p = 1, q = 2
    ("1/(k*log(k+1)**2)", False, True),          # p = 1, q = 2
    ("1/(sqrt(k)*sqrt(log(k+1)))", True, False), # squares p = 1, q = 1
    ("log(k+1)/sqrt(k)", True, False),           # squares p = 1, q = −2
    ("1/(sqrt(k)*log(k+1)**(3/4))", True, True), # squares p = 1, q = 3/2
    ("log(k)**2/k**2", False, True),             # p = 2
    ("1/((k+1)*log(2*k+1))", True, True),        # log(2k+1) ~ log k
    ("1/(k*log(k**2+1))", True, True),           # log(k²+1) ~ 2 log k
    ("log(1 + 1/k)", True, True),                # ~ 1/k
    ("1/(k + log(k))", True, True),              # ~ 1/k
]


@pytest.mark.parametrize("text, diverges, squares", LOGARITHMIC)
def test_logarithmic_families_are_decided(text, diverges, squares):
    r = robbins_monro(text)
    assert (r.sum_diverges, r.sum_of_squares_converges) == (diverges, squares), r.reasoning
    assert r.robbins_monro is (diverges and squares)
    assert any("integral test" in line for line in r.reasoning)


def partial_sum(term, n):
    return mpmath.fsum(term(mpmath.mpf(k)) for k in range(1, n + 1))


def test_partial_sums_agree_with_the_decisions():
    """Sanity with mpmath: between N = 10^3 and 10^4 a convergent Bertrand series gains less than its
    integral tail bound 1/log(N); 1/(k log(k+1)) gains at least log log(10^4+2) − log log(10^3+2)."""
    with mpmath.workdps(20):
        convergent = [lambda k: 1 / (k * mpmath.log(k + 1) ** 2), lambda k: (mpmath.log(k) / k) ** 2]
        for term in convergent:
            assert partial_sum(term, 10**4) - partial_sum(term, 10**3) < 1 / mpmath.log(10**3)
        divergent = lambda k: 1 / (k * mpmath.log(k + 1))  # noqa: E731
        gain = partial_sum(divergent, 10**4) - partial_sum(divergent, 10**3)
        assert gain > mpmath.log(mpmath.log(10**4 + 2)) - mpmath.log(mpmath.log(10**3 + 2)) > 0.2


def test_bertrand_family_condition_is_exact():
    r = robbins_monro("k**(-p)*log(k)**q", parameters=("p", "q"))
    assert r.robbins_monro is None and r.condition not in (True, False, None)
    p, q = sp.Symbol("p", real=True), sp.Symbol("q", real=True)

    def by_hand(pv, qv):   # ε_k = k^(−p)(log k)^q: diverges iff p < 1 or (p = 1, −q ≤ 1), squares the doubles
        diverges = pv < 1 or (pv == 1 and -qv <= 1)
        squares = 2 * pv > 1 or (2 * pv == 1 and -2 * qv > 1)
        return diverges and squares
    grid = [sp.Rational(n, 4) for n in range(-2, 7)]
    for pv in grid:
        for qv in grid:
            assert bool(r.condition.subs({p: pv, q: qv})) is bool(by_hand(pv, qv)), (pv, qv)


def test_a_learning_rate_is_positive_c_over_k_needs_c_positive():
    r = robbins_monro("c/k", parameters=("c",))
    c = sp.Symbol("c", real=True)
    assert r.robbins_monro is None
    assert r.qualifying == {c: sp.Interval.open(0, sp.oo)}
    assert [bool(r.condition.subs(c, v)) for v in (1, sp.Rational(1, 1000), 0, -1)] == [True, True, False, False]
    for value, verdict in ((1, True), (0, False), (-1, False)):
        assert robbins_monro(f"{value}/k").robbins_monro is verdict
    positive = robbins_monro("c/k", parameters=(sp.Symbol("c", positive=True),))
    assert positive.robbins_monro is True


def test_log_q_family_in_one_parameter():
    r = robbins_monro("1/(k*log(k+1)**q)", parameters=("q",))
    assert r.qualifying == {sp.Symbol("q", real=True): sp.Interval(-sp.oo, 1)}


def test_a_term_undefined_at_some_step_is_not_a_schedule():
    r = robbins_monro("1/(k*log(k))")          # log(1) = 0 at k = 1
    assert r.robbins_monro is None and any("k = 1" in line for line in r.reasoning)
    r = robbins_monro("1/(k - 30)")            # pole at k = 30, beyond the first steps checked
    assert r.robbins_monro is None and any("k = 30" in line for line in r.reasoning)


LECTURE_DECAY = "Piecewise(((1-k/tau)*e0 + k/tau*eT, k <= tau), (eT, True))"


def test_the_lecture_linear_decay_as_piecewise_text_fails():
    r = robbins_monro(LECTURE_DECAY, parameters=("tau", "e0", "eT"))
    assert r.robbins_monro is False and r.family == "eventually constant"
    assert all(values == sp.S.EmptySet for values in r.qualifying.values()) and len(r.qualifying) == 3
    numbers = robbins_monro("Piecewise(((1-k/100)*0.1 + k/100*0.001, k <= 100), (0.001, True))")
    assert (numbers.sum_diverges, numbers.sum_of_squares_converges, numbers.robbins_monro) == (True, False, False)
    to_zero = robbins_monro("Piecewise((1 - k/10, k <= 10), (0, True))")
    assert (to_zero.sum_diverges, to_zero.sum_of_squares_converges, to_zero.robbins_monro) == (False, True, False)


def test_linear_decay_call_is_the_lecture_formula():
    s = from_text("linear_decay(0.1, 0.001, 50)")
    ks = np.arange(1, 81)
    expected = np.where(ks <= 50, (1 - ks / 50) * 0.1 + ks / 50 * 0.001, 0.001)
    np.testing.assert_allclose(s.values(80), expected, rtol=1e-13)
    assert robbins_monro(s).robbins_monro is False
    with pytest.raises(ProblemError, match="three values"):
        from_text("linear_decay(1, 2)")
    with pytest.raises(ProblemError, match="contains x"):
        from_text("linear_decay(1, 2, x)")


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
                                           ("1/(k*log(k+1))", True), ("(2 + sin(k))/k", None)])
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
    code, out, _ = _cli(capsys, "schedule", "c/k", "--params", "c", "--json")
    data = json.loads(out)
    assert data["qualifying"] == {"c": "(0, oo)"} and data["condition"] == "c > 0" and data["robbins_monro"] is None
    code, out, _ = _cli(capsys, "schedule", "c/k", "--params", "c")
    assert code == 0 and "c > 0" in out and "UniversalSet" not in out
    code, out, err = _cli(capsys, "schedule", LECTURE_DECAY, "--params", "tau,e0,eT", "--json")
    assert code == 0 and json.loads(out)["robbins_monro"] is False, err
    code, out, err = _cli(capsys, "schedule", "1/(k+x)")
    assert code == 2 and err.count("\n") == 1 and "contains x" in err and "--params" in err
    code, out, err = _cli(capsys, "schedule", "@@")
    assert code == 2 and err.count("\n") == 1
    code, out, _ = _cli(capsys, "schedule", "1/k")
    assert code == 0 and "Robbins–Monro is True" in out
