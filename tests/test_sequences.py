"""Matrix powers, Jordan blocks, 2×2 Cayley–Hamilton powers, sign normalisation, mode labels (R13)."""

import numpy as np
import pytest
import sympy as sp

from symopt.assumptions import Domain
from symopt.errors import ProblemError
from symopt.problem import k
from symopt.render.prose import prose_of
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


# --- tests added after the mutation run (benchmarks/mutation.py sequences) -------------------------

def test_sign_normalize_leaves_positive_numbers_and_non_expressions_alone():
    assert sign_normalize(2**k + sp.Rational(1, 3) ** k, k) == 2**k + sp.Rational(1, 3) ** k
    assert sign_normalize((-2) ** k, k) == sp.Mul(sp.Integer(-1) ** k, sp.Integer(2) ** k)
    assert sign_normalize([1, 2], k) == [1, 2]


def test_sign_normalize_rewrites_inside_sums_and_products():
    e = 3 * ((b - 1) / (b + 1)) ** k + 1
    normal = sign_normalize(e, k, UNIT_B)
    assert normal.has(sp.Integer(-1) ** k) and not normal.has(((b - 1) / (b + 1)) ** k)
    for n in (0, 1, 4, 5):
        assert (normal - e).xreplace({k: n, b: sp.Rational(1, 3)}) == 0


def test_sign_normalize_keeps_the_positive_base_as_one_power():
    """The printed form students see: (-1)**k times ((1 - b)/(b + 1))**k, not split into factors."""
    e = sign_normalize(((b - 1) / (b + 1)) ** k, k, UNIT_B)
    assert sp.srepr(e) == sp.srepr(sp.Mul(sp.Integer(-1) ** k, sp.Pow((1 - b) / (b + 1), k, evaluate=False)))


def test_sign_normalize_negates_a_negative_non_rational_base():
    e = sign_normalize((1 - sp.exp(b)) ** k, k, UNIT_B)   # 1 − e^b < 0 for b > 0
    assert e == sp.Mul(sp.Integer(-1) ** k, sp.Pow(sp.exp(b) - 1, k, evaluate=False))
    for n in (1, 2, 3):
        assert abs(sp.N((e - (1 - sp.exp(b)) ** k).xreplace({k: n, b: sp.Rational(1, 2)}), 30)) < 1e-25


@pytest.mark.parametrize("offset, label", [
    (sp.Rational(1, 10**27), "neutral"),     # |λ| − 1 below the 1e-25 tolerance: rounding, not a mode
    (sp.Rational(5, 10**26), "neutral"),
    (sp.Rational(1, 10**24), "exploding"),   # above it: a real (slow) explosion
    (-sp.Rational(1, 10**24), "vanishing"),
])
def test_mode_label_tolerance_is_1e_minus_25(offset, label):
    assert mode_label(1 + offset) == label
    assert mode_label(-(1 + offset)) == label


def test_mode_label_of_a_unit_modulus_that_does_not_simplify_to_one():
    z = sp.cos(1) + sp.I * sp.sin(1)          # |z| = 1, but only numerically
    assert mode_label(z) == "neutral"


def test_diagonal_matrix_power_is_diagonalizable_and_evaluates_at_t():
    p = matrix_power(sp.diag(sp.Rational(1, 2), 3), t)
    assert p.diagonalizable is True
    assert p.at(4) == sp.diag(sp.Rational(1, 16), 81)
    assert matrix_power(sp.Matrix([[1, 1], [0, 1]]), t).at(5) == sp.Matrix([[1, 5], [0, 1]])


def test_results_are_immutable():
    import dataclasses
    p = matrix_power(sp.diag(2, 3), t)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.diagonalizable = False
    with pytest.raises(dataclasses.FrozenInstanceError):
        power_2x2(sp.Matrix([[1, 1], [0, 2]]), k).regime = "double"


def test_matrix_power_derivation_states_the_result_and_the_modes():
    J = sp.Matrix([[sp.Rational(1, 2), 1], [0, sp.Rational(1, 2)]])
    p = matrix_power(J, t)
    d = p.derivation
    assert d.result == p.power and d.results["power"] == p.power
    assert [s.title for s in d.key_steps().steps] == ["Matrix", "Closed form"]
    by_title = {prose_of(s.title): s for s in d.steps}  # a title holds its values: ("Mode λ = ", 1/2)
    # a defective numeric matrix: one eigenvalue, its projector, and the Jordan chain in the closed form
    assert by_title["Eigenvalues"].rhs in (sp.Rational(1, 2), sp.Matrix([sp.Rational(1, 2)]),
                                           sp.Tuple(sp.Rational(1, 2)), [sp.Rational(1, 2)]), by_title["Eigenvalues"].rhs
    assert "Projector of λ = 1/2" in by_title
    for n in range(6):
        assert p.power.xreplace({t: n}) == J ** n, n
    assert by_title["Closed form"].lhs == sp.Symbol("W") ** t
    mode = by_title["Mode λ = 1/2"]
    assert mode.justification == "vanishing, multiplicity 2"
    simple = {prose_of(s.title): s for s in matrix_power(sp.diag(2, sp.Rational(1, 3)), t).derivation.steps}
    assert simple["Mode λ = 2"].justification == "exploding"
    a = sp.Symbol("a", positive=True)
    undecided = {prose_of(s.title): s for s in matrix_power(sp.diag(a, 1), t).derivation.steps}
    assert undecided["Mode λ = a"].justification.startswith("undetermined")


def test_modes_count_multiplicity_and_modulus_by_sign():
    p = matrix_power(sp.Matrix([[2, 1, 0], [0, 2, 0], [0, 0, -3]]), t)
    assert sorted((m.eigenvalue, m.multiplicity, m.modulus) for m in p.modes) == [(-3, 1, 3), (2, 2, 2)]
    assert modulus_on_domain(sp.Rational(-3, 4)) == sp.Rational(3, 4)
    assert modulus_on_domain(b + 1, UNIT_B) == b + 1
    assert modulus_on_domain((b**2 + b) / b, UNIT_B) == b + 1     # a positive rational function, cancelled
    assert modulus_on_domain(1 - sp.exp(b), UNIT_B) == sp.exp(b) - 1  # negative, not a rational function


@pytest.mark.parametrize("T", [sp.Matrix([[0, 1], [0, 0]]), sp.Matrix([[2, -4], [1, -2]])])
def test_nilpotent_2x2_power_is_exact_at_every_k(T):
    p = power_2x2(T, k)
    assert p.regime == "double" and p.roots == (0,)
    for n in range(6):
        assert p.power.xreplace({k: n}) == T**n, n


def test_distinct_roots_power_has_one_term_per_root():
    T = sp.Matrix([[sp.Rational(3, 4), sp.Rational(1, 2)], [-sp.Rational(1, 4), sp.Rational(1, 2)]])
    p = power_2x2(T, k)
    for entry in p.power:
        terms = sp.Add.make_args(sp.expand(entry, power_base=False, power_exp=False, mul=False))
        assert len(terms) <= 2, entry
        assert all(len([f for f in sp.Mul.make_args(term) if f.has(k)]) <= 2 for term in terms), entry


def test_linear_recurrence_with_an_affine_part_matches_iteration():
    T = sp.Matrix([[sp.Rational(1, 2), 1], [0, sp.Rational(1, 3)]])
    c = sp.Matrix([1, -2])
    solution = linear_recurrence(T, sp.Matrix([3, 5]), k, affine=c)
    assert solution.affine == c and solution.closed_form.shape == (2, 1)
    x = sp.Matrix([3, 5])
    for n in range(8):
        assert sp.simplify(solution.closed_form.xreplace({k: n}) - x) == sp.zeros(2, 1), n
        x = T * x + c


def test_mode_label_of_negative_and_transcendental_eigenvalues():
    assert mode_label(-(b + 1), UNIT_B) == "exploding"          # |λ| = b + 1 > 1
    assert mode_label(-b / (b + 1), UNIT_B) == "vanishing"      # |λ| = b/(b+1) < 1
    assert mode_label(sp.exp(b), UNIT_B) == "exploding"          # e^b > 1 for b > 0
    assert mode_label(-sp.exp(-b), UNIT_B) == "vanishing"


def test_power_2x2_zero_trace_with_distinct_roots_is_not_nilpotent():
    T = sp.Matrix([[0, 1], [1, 0]])                              # roots ±1, trace 0
    p = power_2x2(T, k)
    assert p.regime == "distinct"
    for n in range(6):
        assert sp.simplify(p.power.xreplace({k: n}) - T**n) == sp.zeros(2, 2), n


def test_power_2x2_symbolic_double_root():
    a = sp.Symbol("a", positive=True)
    p = power_2x2(sp.Matrix([[a, 1], [0, a]]), k)
    assert p.regime == "double"
    for n in range(5):
        assert sp.simplify(p.power.xreplace({k: n}) - sp.Matrix([[a, 1], [0, a]]) ** n) == sp.zeros(2, 2), n


def test_every_result_record_is_frozen():
    import dataclasses
    p = matrix_power(sp.diag(2, 3), t)
    solution = linear_recurrence(sp.Matrix([[sp.Rational(1, 2)]]), sp.Matrix([1]), k)
    for record, field in ((p.modes[0], "label"), (solution, "closed_form")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, field, None)
