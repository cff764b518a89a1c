import pytest
import sympy as sp

from symopt import AssumptionError, ParseError, Problem, ProblemError
from symopt.assumptions import Domain


def test_from_text_orders_variables_and_finds_parameters():
    p = Problem.from_text("(x**2 + b*y**2)/2", "y,x", "0<b<=1")
    assert [v.name for v in p.variables] == ["y", "x"]
    assert [s.name for s in p.parameters] == ["b"]
    y, x = p.variables
    assert p.gradient == sp.Matrix([p.symbol("b") * y, x])  # gradient entries follow --vars order
    assert p.symbol("b").is_positive and x.is_real


def test_problem_is_immutable_and_caches_derivatives():
    p = Problem.from_text("x**2*y", "x,y")
    with pytest.raises(Exception):
        p.expression = sp.Integer(1)
    assert p.hessian is p.hessian


def test_point_checks_dimension_and_names():
    p = Problem.from_text("x**2 + y**2", "x,y")
    assert p.point("x=1,y=2") == sp.Matrix([1, 2])
    assert p.point([3, 4]) == sp.Matrix([3, 4])
    with pytest.raises(ProblemError, match="2 variables"):
        p.point([1, 2, 3])
    with pytest.raises(ProblemError, match="missing y"):
        p.point({"x": 1})


def test_point_uses_the_problems_parameter_symbols():
    p = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "0<b<=1")
    start = p.point("x=b, y=1")
    assert start[0] == p.symbol("b")


@pytest.mark.parametrize("at", ["x=nan,y=1", "x=q,y=1", "x=y,y=1", "x=oo,y=1"])
def test_a_point_is_refused_when_it_is_not_a_number_or_a_parameter_expression(at):
    # `analyze --at x=nan` once printed H(nan): the unknown name was kept as a symbol
    with pytest.raises(ProblemError, match="point's x"):
        Problem.from_text("x**2 + b*y**4", "x,y").point(at)


def test_a_point_may_use_the_parameters():
    b = Problem.from_text("x**2 + b*y**4", "x,y").symbol_table()["b"]
    assert list(Problem.from_text("x**2 + b*y**4", "x,y").point("x=b,y=1")) == [b, 1]
    with pytest.raises(ProblemError, match="not a finite number"):
        Problem.from_text("x**2", "x").point([sp.oo])


def test_parameter_values_are_checked_against_assumptions():
    p = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "0<b<=1")
    assert p.substitute_parameters({"b": sp.Rational(1, 2)}).parameters == ()
    with pytest.raises(ProblemError, match="contradicts"):
        p.substitute_parameters({"b": 2})


def test_contradictory_assumptions_are_refused():
    with pytest.raises(AssumptionError):
        Domain("b", 1, False, 0, False)


def test_errors_for_bad_problems():
    with pytest.raises(ProblemError):
        Problem.from_text("x + y", [], None)
    with pytest.raises(ProblemError, match="repeated"):
        Problem.from_expression(sp.Symbol("x"), ["x", "x"])
    with pytest.raises(ParseError):
        Problem.from_text("sinn(x)", "x")
    with pytest.raises(ProblemError, match="scalar"):
        Problem(sp.Matrix([1, 2]), (sp.Symbol("x"),))


def test_quadratic_detection():
    assert Problem.from_text("(x**2 + b*y**2)/2", "x,y").is_quadratic()
    assert not Problem.from_text("x**4", "x").is_quadratic()
    assert not Problem.from_text("exp(x)", "x").is_quadratic()
