"""Surrogate losses: symbolic derivatives checked numerically, and the logistic-regression demonstration."""

import numpy as np
import pytest
import sympy as sp

from symopt import ProblemError
from symopt.lecture.surrogate import (hinge_loss, logistic_loss, run_surrogate_demo, separable_dataset,
                                      surrogate_losses, z, zero_one_loss)
from symopt.numeric import numpy_function


def test_derivatives_match_finite_differences():
    r = surrogate_losses().results
    for loss, derivative in ((r["logistic"], r["d_logistic"]), (r["hinge"], r["d_hinge"])):
        f = numpy_function([z], loss)
        df = numpy_function([z], derivative)
        points = np.array([-3.0, -0.7, 0.2, 0.9, 1.4, 4.0])  # away from the hinge's kink at 1
        h = 1e-6
        fd = (f(points + h) - f(points - h)) / (2 * h)
        assert np.max(np.abs(fd - df(points))) < 1e-8


def test_symbolic_facts():
    r = surrogate_losses().results
    assert sp.simplify(r["d_logistic"] + 1 / (1 + sp.exp(z))) == 0
    assert r["d_hinge"].subs(z, 0) == -1 and r["d_hinge"].subs(z, 2) == 0
    assert r["d_zero_one"] == -sp.DiracDelta(z)
    assert r["d_zero_one"].subs(z, sp.Rational(1, 2)) == 0  # no gradient away from the boundary
    assert r["d2_logistic"].subs(z, 0) == sp.Rational(1, 4)
    assert r["logistic_bound_at_zero"] == 1
    assert surrogate_losses().metadata["chain_rule_checked"] is True


def test_surrogates_bound_the_zero_one_loss():
    grid = np.linspace(-6, 6, 2001)
    zero_one = numpy_function([z], zero_one_loss())(grid)
    logistic = numpy_function([z], logistic_loss() / sp.log(2))(grid)
    hinge = numpy_function([z], hinge_loss())(grid)
    assert np.all(logistic >= zero_one - 1e-12)
    assert np.all(hinge >= zero_one - 1e-12)
    assert zero_one[grid <= 0].min() == 1 and zero_one[grid > 0].max() == 0


def test_dataset_is_linearly_separable():
    for seed in range(5):
        X, y, w, b = separable_dataset(50, seed)
        assert np.all(y * (X @ w + b) > 0)
        assert set(y.tolist()) == {-1.0, 1.0}


@pytest.mark.parametrize("seed", [0, 1, 3])
def test_nll_keeps_decreasing_after_the_zero_one_loss_is_zero(seed):
    demo = run_surrogate_demo(seed=seed, steps=1500)
    k = demo.zero_step
    assert k is not None and 1 < k < 1500
    assert demo.zero_one[k - 1] > 0 and all(v == 0 for v in demo.zero_one[k:])
    assert demo.nll_decreasing_after_zero
    assert demo.nll[-1] < 0.8 * demo.nll[k]
    assert demo.weight_norm[-1] > demo.weight_norm[k]
    data = demo.to_json()
    assert data["zero_one_reaches_zero_at_step"] == k
    assert data["nll_final"] == demo.nll[-1]


@pytest.mark.parametrize("kwargs,name", [({"lr": 0}, "lr"), ({"lr": -1}, "lr"), ({"steps": 0}, "steps"),
                                         ({"points": 2}, "points")])
def test_bad_arguments(kwargs, name):
    with pytest.raises(ProblemError, match=f"^{name}"):
        run_surrogate_demo(**kwargs)
