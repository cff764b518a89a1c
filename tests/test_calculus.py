import pytest
import sympy as sp

from needs import need_module

from symopt import ProblemError
from symopt.calculus import gradient, hessian, quadratic_model, taylor

x, y, z, b = sp.symbols("x y z b", real=True)


def rosenbrock(n):
    v = sp.symbols(f"w0:{n}", real=True)
    return sum(100 * (v[i + 1] - v[i] ** 2) ** 2 + (1 - v[i]) ** 2 for i in range(n - 1)), v


@pytest.mark.parametrize("backend", ["sympy", "symengine"])
def test_hessian_matches_sympy_on_both_backends(backend):
    if backend == "symengine":
        need_module("symengine")
    f, v = rosenbrock(6)
    assert hessian(f, v, backend=backend) == sp.hessian(f, v)
    assert gradient(f, v, backend=backend) == sp.Matrix([f.diff(s) for s in v])


def test_symengine_results_keep_sympy_assumptions():
    need_module("symengine")
    p = sp.Symbol("p", positive=True)
    H = hessian(p * x**2 * y, [x, y], backend="symengine")
    assert all(s in (x, y, p) for s in H.free_symbols)
    assert H[0, 0].has(p) and (H[0, 0] / y).is_positive


def test_functions_symengine_cannot_convert_fall_back_to_sympy():
    f = sp.Piecewise((x**2, x > 0), (x**3, True)) + y**2
    assert hessian(f, [x, y]) == sp.hessian(f, [x, y])


def test_hessian_is_symmetric_and_computes_each_entry_once(monkeypatch):
    calls = []
    original = sp.diff

    def counting_diff(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr("symopt.calculus.sp.diff", counting_diff)
    H = hessian(x * y * z + x**3, [x, y, z], backend="sympy")
    assert H == H.T
    # the gradient entries, then the upper triangle only, skipping the entries whose gradient
    # row lacks the variable: d/dy of x*z and d/dz of x*y are zero without differentiating
    assert len(calls) == 3 + 4


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ProblemError, match="backend"):
        hessian(x**2, [x], backend="fortran")


def test_taylor_reproduces_polynomials_exactly():
    f = x**3 * y + 2 * x * y**2 - y + 7
    assert sp.expand(taylor(f, [x, y], [1, -2], 4) - f) == 0
    assert sp.expand(taylor(f, [x, y], [0, 0], 2) - (7 - y)) == 0


def test_taylor_matches_univariate_series_along_a_line():
    f = sp.exp(x) * sp.sin(y)
    t = sp.Symbol("t")
    expansion = taylor(f, [x, y], [0, 0], 5)
    along = sp.expand(expansion.subs({x: t, y: 2 * t}))
    reference = sp.series(f.subs({x: t, y: 2 * t}), t, 0, 6).removeO()
    assert sp.expand(along - reference) == 0


def test_taylor_about_a_symbolic_point():
    a = sp.Symbol("a")
    expansion = taylor(sp.cos(x), [x], [a], 2)
    assert sp.simplify(expansion - (sp.cos(a) - sp.sin(a) * (x - a) - sp.cos(a) * (x - a) ** 2 / 2)) == 0


def test_taylor_rejects_bad_order_and_point():
    with pytest.raises(ProblemError):
        taylor(x, [x], [0], -1)
    with pytest.raises(ProblemError):
        taylor(x, [x, y], [0], 1)


def test_quadratic_model_is_the_second_order_taylor_polynomial():
    f = sp.exp(x - y) + x**2 * y
    model = quadratic_model(f, [x, y], [1, 1])
    assert sp.simplify(model["model"] - taylor(f, [x, y], [1, 1], 2)) == 0
    assert model["gradient"] == sp.Matrix([3, 0])


@pytest.mark.slow
def test_large_rosenbrock_hessian_equals_sympy_on_every_backend():
    f, v = rosenbrock(40)
    reference = sp.hessian(f, v)
    assert hessian(f, v, backend="sympy") == reference
    need_module("symengine")
    assert hessian(f, v, backend="symengine") == reference
