"""Matrix powers, Jordan blocks, 2×2 Cayley–Hamilton powers, sign normalisation, mode labels (R13)."""

import numpy as np
import pytest
import sympy as sp

from symopt.assumptions import Domain
from symopt.errors import ProblemError
from symopt.problem import k
from symopt.sequences import (jordan_power, linear_recurrence, matrix_power, mode_label, modulus_on_domain,
                              power_2x2, sign_normalize)

t = sp.Symbol("t", integer=True, nonnegative=True)
b = sp.Symbol("b", positive=True)
UNIT_B = {"b": Domain("b", 0, True, 1, False)}


def numeric_power(W, n):
    return np.linalg.matrix_power(np.array(W.tolist(), dtype=complex), n)


@pytest.mark.parametrize("W", [
    sp.Matrix([[sp.Rational(1, 2), 1], [0, 2]]),                     # vanishing + exploding
    sp.Matrix([[1, 1], [0, 1]]),                                      # Jordan block, neutral
    sp.Matrix([[0, -1], [1, 0]]),                                     # rotation: complex, neutral
    sp.Matrix([[2, 1, 0], [0, 2, 1], [0, 0, 2]]),                     # 3×3 Jordan block
    sp.Matrix([[sp.Rational(9, 10), sp.Rational(1, 2)], [sp.Rational(1, 2), sp.Rational(9, 10)]]),
    sp.Matrix([[-sp.Rational(1, 2), 0], [0, 3]]),                     # negative eigenvalue: sign factor
])
def test_matrix_power_matches_repeated_multiplication(W):
    power = matrix_power(W, t).power
    for n in (0, 1, 2, 5, 6, 13):
        closed = np.array(power.xreplace({t: n}).evalf(30).tolist(), dtype=complex)
        assert np.allclose(closed, numeric_power(W, n), rtol=1e-12, atol=1e-12), n


def test_modes_are_labelled_vanishing_exploding_neutral():
    labels = {m.eigenvalue: m.label for m in matrix_power(sp.Matrix([[sp.Rational(1, 2), 1], [0, 2]]), t).modes}
    assert labels == {sp.Rational(1, 2): "vanishing", 2: "exploding"}
    rotation = matrix_power(sp.Matrix([[0, -1], [1, 0]]), t)
    assert [m.label for m in rotation.modes] == ["neutral", "neutral"]
    assert mode_label(sp.Rational(-3, 2)) == "exploding"
    assert mode_label((b - 1) / (b + 1), UNIT_B) == "vanishing"
    assert mode_label(b + 1, UNIT_B) == "exploding"
    assert mode_label(2 * b, UNIT_B) is None  # 2b - 1 changes sign on (0, 1]


def test_jordan_block_power_has_polynomial_factor():
    power = matrix_power(sp.Matrix([[1, 1], [0, 1]]), t)
    assert not power.diagonalizable
    assert power.power == sp.Matrix([[1, t], [0, 1]])
    r = sp.Symbol("r", positive=True)
    J = jordan_power(sp.Matrix([[r, 1, 0], [0, r, 1], [0, 0, r]]), t)
    assert J[0, 2] == sp.binomial(t, 2) * r ** (t - 2)


def test_symbolic_matrix_power_with_parameter():
    a = sp.Symbol("a", positive=True)
    power = matrix_power(sp.Matrix([[a, 1], [0, sp.Rational(1, 2)]]), t).power
    numeric = power.xreplace({a: sp.Rational(3, 4), t: 7})
    expected = sp.Matrix([[sp.Rational(3, 4), 1], [0, sp.Rational(1, 2)]]) ** 7
    assert sp.simplify(numeric - expected) == sp.zeros(2, 2)


def test_sign_normalize_makes_the_sign_explicit():
    e = sign_normalize(((b - 1) / (b + 1)) ** k, k, UNIT_B)
    assert e.has(sp.Integer(-1) ** k)
    # equal to the original at both parities
    for n in (0, 1, 2, 7):
        for value in (sp.Rational(1, 10), sp.Rational(1, 2), 1):
            assert (e - ((b - 1) / (b + 1)) ** k).xreplace({k: n, b: value}) == 0
    assert sign_normalize(sp.Rational(-1, 3) ** k, k) == (-1) ** k * sp.Rational(1, 3) ** k
    # undecided sign: left alone
    assert sign_normalize((b - sp.Rational(1, 2)) ** k, k, UNIT_B) == (b - sp.Rational(1, 2)) ** k


def test_modulus_on_domain():
    assert modulus_on_domain((b - 1) / (b + 1), UNIT_B) == (1 - b) / (b + 1)
    assert modulus_on_domain(b - sp.Rational(1, 2), UNIT_B) == sp.Abs(b - sp.Rational(1, 2))


@pytest.mark.parametrize("T, regime", [
    (sp.Matrix([[1, 1], [-sp.Rational(1, 4), 0]]), "double"),
    (sp.Matrix([[sp.Rational(3, 4), sp.Rational(1, 2)], [-sp.Rational(1, 4), sp.Rational(1, 2)]]), "distinct"),
    (sp.Matrix([[0, sp.Rational(1, 4)], [-1, sp.Rational(1, 4)]]), "distinct"),   # complex roots
])
def test_power_2x2_all_regimes(T, regime):
    p = power_2x2(T, k)
    assert p.regime == regime
    for n in (0, 1, 2, 3, 10, 11):
        closed = np.array(p.power.xreplace({k: n}).evalf(30).tolist(), dtype=complex)
        assert np.allclose(closed, numeric_power(T, n), atol=1e-13)


def test_double_root_decays_like_polynomial_times_power():
    p = power_2x2(sp.Matrix([[1, 1], [-sp.Rational(1, 4), 0]]), k)
    entry = sp.expand(p.power[0, 0] * 2**k)
    assert sp.Poly(entry, k).degree() == 1  # (C0 + C1 k) rho^k


def test_linear_recurrence_system_and_affine_part():
    # a system of two coupled recurrences, never rsolve
    T = sp.Matrix([[0, 1], [sp.Rational(1, 4), 0]])
    solution = linear_recurrence(T, sp.Matrix([1, 0]), k).closed_form
    x = sp.Matrix([1, 0])
    for n in range(8):
        assert sp.simplify(solution.xreplace({k: n}) - x) == sp.zeros(2, 1)
        x = T * x
    with pytest.raises(ProblemError):
        linear_recurrence(T, sp.Matrix([1, 0, 0]), k)
