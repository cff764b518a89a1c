"""Property tests: random answers rewritten equivalently are never rejected; perturbed ones never accepted.

Equivalence here is by construction (expand/factor, adding an identity that is zero under the stated
assumptions), so the truth does not come from symopt.
"""

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symopt.check import check_answer

X, Y = sp.symbols("x y", real=True)
P, Q = sp.symbols("p q", positive=True)
_FACTORS = (sp.Integer(1), sp.sin(X), sp.cos(Y), sp.exp(X / 2), sp.atan(Y), sp.Abs(X - 1))


@st.composite
def expressions(draw):
    """A sum of 1-4 terms c * x**i * y**j * f with f from a few elementary functions."""
    terms = draw(st.lists(st.tuples(st.integers(-9, 9).filter(bool), st.integers(0, 4), st.integers(0, 3),
                                    st.sampled_from(_FACTORS)), min_size=1, max_size=4))
    expr = sum(c * X ** i * Y ** j * f for c, i, j, f in terms)
    if expr == 0 or not expr.free_symbols:
        expr = expr + X
    return expr


_ZEROS = (sp.sin(X) ** 2 + sp.cos(X) ** 2 - 1, sp.sin(2 * X) - 2 * sp.sin(X) * sp.cos(X),
          sp.exp(X + Y) - sp.exp(X) * sp.exp(Y), (X + Y) ** 3 - sp.expand((X + Y) ** 3),
          sp.cosh(Y) ** 2 - sp.sinh(Y) ** 2 - 1, sp.tan(X) * sp.cos(X) - sp.sin(X))

FAST = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THOROUGH = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _rewrites(expr, zero, term):
    yield sp.expand(expr)
    if not expr.has(sp.Function):
        yield sp.factor(expr)
    yield sp.Add(expr, zero * term, evaluate=False)


def _never_rejected(expr, zero, term):
    for rewritten in _rewrites(expr, zero, term):
        verdict = check_answer(expr, rewritten, seconds=3.0)
        assert verdict.equivalent is not False, (expr, rewritten, verdict.message)


@FAST
@given(expressions(), st.sampled_from(_ZEROS), expressions())
def test_equivalent_rewrites_are_never_rejected(expr, zero, term):
    _never_rejected(expr, zero, term)


@FAST
@given(expressions(), st.integers(1, 5))
def test_log_and_power_rules_under_their_assumptions(expr, n):
    zero = sp.log(P * Q) - sp.log(P) - sp.log(Q) + sp.sqrt(P * Q) - sp.sqrt(P) * sp.sqrt(Q) + \
        (P * Q) ** sp.Rational(1, n) - P ** sp.Rational(1, n) * Q ** sp.Rational(1, n)
    answer = sp.Add(expr, zero, evaluate=False)
    verdict = check_answer(expr, answer, assume="p>0, q>0", seconds=3.0)
    assert verdict.equivalent is not False, (expr, verdict.message)


def _perturbations(expr, data):
    kind = data.draw(st.sampled_from(["coefficient", "sign", "exponent", "relu"]))
    if kind == "coefficient":
        c = data.draw(st.integers(-5, 5).filter(bool))
        i, j = data.draw(st.integers(0, 4)), data.draw(st.integers(0, 3))
        return kind, expr + c * X ** i * Y ** j
    if kind == "sign":
        term = data.draw(st.sampled_from(sp.Add.make_args(expr)))
        return kind, expr - 2 * term
    if kind == "exponent":
        term = data.draw(st.sampled_from(sp.Add.make_args(expr)))
        return kind, expr - term + term * X
    far = sp.Integer(10) ** data.draw(st.integers(2, 9))
    return kind, expr + sp.Max(0, X - far)


def _never_accepted(expr, data):
    kind, perturbed = _perturbations(expr, data)
    if sp.expand(perturbed - expr) == 0:
        return   # the perturbation cancelled (a term times x equal to itself is impossible; 0 terms)
    verdict = check_answer(expr, perturbed, seconds=3.0)
    assert verdict.equivalent is not True, (kind, expr, perturbed, verdict.message)


@FAST
@given(expressions(), st.data())
def test_perturbed_answers_are_never_accepted(expr, data):
    _never_accepted(expr, data)


@pytest.mark.slow
@THOROUGH
@given(expressions(), st.sampled_from(_ZEROS), expressions())
def test_equivalent_rewrites_are_never_rejected_thoroughly(expr, zero, term):
    _never_rejected(expr, zero, term)


@pytest.mark.slow
@THOROUGH
@given(expressions(), st.data())
def test_perturbed_answers_are_never_accepted_thoroughly(expr, data):
    _never_accepted(expr, data)
