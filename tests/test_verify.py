"""The three-way verifier: it proves what is right and fails what is wrong (odd k, wrong signs)."""

import numpy as np
import sympy as sp

from symopt import Problem
from symopt.assumptions import Domain
from symopt.optimizers import symbolic_step
from symopt.problem import k
from symopt.numeric.accuracy import relative_errors
from symopt.numeric.samples import sample_values
from symopt.verify import Recurrence, verify
from symopt.zero import zero_test

b = sp.Symbol("b", positive=True)
x, y = sp.symbols("x y", real=True)
UNIT_B = {"b": Domain("b", 0, True, 1, False)}
R = (1 - b) / (1 + b)


def exercise_recurrence():
    alpha = (x**2 + b**2 * y**2) / (x**2 + b**3 * y**2)
    return Recurrence([x, y], [x - alpha * x, y - alpha * b * y], guard=x**2 + b**2 * y**2)


def test_boyd_closed_form_passes_all_three_checks():
    v = verify(exercise_recurrence(), [(-1)**k * b * R**k, R**k], [b, 1], k, domain_map=UNIT_B)
    assert v.symbolic is True
    assert v.float64_max_rel_error < 1e-12
    assert v.mpmath_max_rel_error < 1e-45
    assert v.passed()
    assert v.to_json()["steps"] == 200


def test_wrong_sign_variant_fails_at_odd_k():
    # ((1-b)/(1+b))^k for x_k without (-1)^k agrees at even k only
    v = verify(exercise_recurrence(), [b * R**k, R**k], [b, 1], k, domain_map=UNIT_B)
    assert v.symbolic is False
    # the residual x_{k+1} - F(x_k) fails on a step into an odd k; at even k both forms agree
    assert (v.counterexample["k"] + 1) % 2 == 1
    right = (-1)**k * b * R**k
    assert all((right - b * R**k).xreplace({k: n, b: sp.Rational(1, 3)}) == 0 for n in (0, 2, 4, 10))
    assert all((right - b * R**k).xreplace({k: n, b: sp.Rational(1, 3)}) != 0 for n in (1, 3, 11))
    assert v.float64_max_rel_error > 0.1
    assert v.mpmath_max_rel_error > 0.1
    assert not v.passed()


def test_wrong_start_fails():
    v = verify(exercise_recurrence(), [(-1)**k * R**k, R**k], [b, 1], k, domain_map=UNIT_B)
    assert v.symbolic is False


def test_zero_test_parity_and_the_sign_trap():
    # equal for integer k, although sympy's simplify of the difference is not 0
    same = (-1)**k * ((b - 1) / (b + 1))**k - ((1 - b) / (1 + b))**k
    assert zero_test([same], k, samples={b: [0.3]})[0] is True
    even_only = ((b - 1) / (b + 1))**k - ((1 - b) / (1 + b))**k
    verdict, note, counterexample = zero_test([even_only], k, samples={b: [0.3]})
    assert verdict is False and counterexample["k"] % 2 == 1


def test_recurrence_from_an_optimizer_step():
    p = Problem.from_expression((x**2 + b * y**2) / 2, [x, y], [UNIT_B["b"]])
    rule = symbolic_step("sgd", p, {"epsilon": sp.Rational(1, 2)})
    rec = Recurrence.from_step(rule)
    bb = p.symbol("b")
    v = verify(rec, [bb / 2**k, (1 - bb / 2)**k], [bb, 1], k, domain_map=p.domain_map, steps=50)
    assert v.symbolic is True and v.float64_max_rel_error < 1e-14


def test_arrays_of_parameter_values_and_float64_growth_reported():
    v = verify(exercise_recurrence(), [(-1)**k * b * R**k, R**k], [b, 1], k,
               parameter_values={"b": [0.05, 0.1, 0.2]}, steps=300)
    assert v.parameter_values == {"b": [0.05, 0.1, 0.2]}
    assert v.float64_columns == 3
    ks = [kk for kk, _ in v.float64_growth]
    assert ks == sorted(ks) and ks[-1] == 300
    errors = [e for _, e in v.float64_growth]
    assert errors == sorted(errors)  # running maximum
    assert "k·u" in v.growth_text()


def test_underflow_is_excluded_and_counted_not_hidden():
    run = np.array([[[1.0]], [[1e-200]], [[0.0]]])
    closed = np.array([[[1.0]], [[2e-200]], [[0.0]]])
    errors = relative_errors(closed, run)
    assert errors[0, 0] == 0 and np.isnan(errors[1, 0]) and errors[2, 0] == 0


def test_sample_values_respect_open_and_closed_ends():
    values = sample_values(b, UNIT_B["b"], 5)
    assert values[-1] == 1.0 and values[0] > 0
    assert sample_values(sp.Symbol("c", positive=True), None, 3)[0] > 0
