"""Weight-space symmetry: the count, and the symmetries checked on a seeded MLP."""

import math

import numpy as np
import pytest
import sympy as sp

from symopt import ProblemError
from symopt.lecture.symmetry import (check_mlp_symmetries, enumerate_permutations, eval_mlp, flip_units,
                                     mlp_parameters, permutation_count, scale_units, weight_space_symmetry)


@pytest.mark.parametrize("n,m", [(1, 1), (3, 2), (4, 3), (10, 2), (20, 5)])
def test_count_is_exact_integer(n, m):
    count = permutation_count(n, m)
    assert isinstance(count, sp.Integer)
    assert int(count) == math.factorial(n) ** m


def test_symbolic_count_substitutes_to_the_integer():
    n, m = sp.symbols("n m", integer=True, positive=True)
    general = permutation_count()
    assert general.subs({n: 5, m: 3}) == math.factorial(5) ** 3


@pytest.mark.parametrize("n,m", [(2, 3), (3, 2), (4, 1)])
def test_enumeration_finds_exactly_n_factorial_to_the_m_equivalent_networks(n, m):
    count, worst = enumerate_permutations(n, m, seed=n + m)
    assert count == math.factorial(n) ** m
    assert worst < 1e-12


def test_derivation_results():
    r = weight_space_symmetry(3, 2).results
    assert r["count"] == 36
    assert r["relu_scaling"] == 0
    assert r["tanh_sign_flip"] == 0
    assert r["relu_sign_flip"] == sp.Abs(sp.Symbol("z", real=True))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mlp_symmetries(seed):
    c = check_mlp_symmetries(n=5, m=2, a=3.0, seed=seed)
    assert c.permutation_relu < 1e-13 and c.permutation_tanh < 1e-13
    assert c.scaling_relu < 1e-13
    assert c.sign_flip_tanh < 1e-13
    # the non-symmetries really change the function
    assert c.sign_flip_relu > 1e-2
    assert c.scaling_tanh > 1e-2
    data = c.to_json()
    assert data["unchanged"] == {"permutation_relu": True, "permutation_tanh": True, "scaling_relu": True,
                                 "scaling_tanh": False, "sign_flip_tanh": True, "sign_flip_relu": False}
    assert data["count"] == str(math.factorial(5) ** 2)


def test_scaling_per_value_of_a():
    params = mlp_parameters(3, 4, 2, 2, seed=4)
    x = np.random.default_rng(5).normal(size=(20, 3))
    base = eval_mlp(params, x, "relu")
    for a in (1e-3, 0.5, 7.0, 1e3):
        assert np.max(np.abs(eval_mlp(scale_units(params, a), x, "relu") - base)) < 1e-10 * max(1, a)


def test_flip_of_a_single_unit_changes_relu_by_a_large_amount():
    params = mlp_parameters(3, 4, 1, 1, seed=0)
    x = np.random.default_rng(0).normal(size=(200, 3))
    flipped = flip_units(params, [[True, False, False, False]])
    assert np.max(np.abs(eval_mlp(flipped, x, "tanh") - eval_mlp(params, x, "tanh"))) < 1e-14
    assert np.max(np.abs(eval_mlp(flipped, x, "relu") - eval_mlp(params, x, "relu"))) > 0.1


@pytest.mark.parametrize("a", [0, -1, -0.5, float("nan"), "x"])
def test_bad_scaling_factor(a):
    with pytest.raises(ProblemError, match="^a \\(the scaling factor\\)"):
        check_mlp_symmetries(a=a)


@pytest.mark.parametrize("kwargs,name", [({"n": 0}, "n"), ({"m": -1}, "m"), ({"n": 2.5}, "n")])
def test_bad_sizes(kwargs, name):
    with pytest.raises(ProblemError, match=f"^{name} "):
        check_mlp_symmetries(**kwargs)
    with pytest.raises(ProblemError, match=f"^{name} "):
        permutation_count(**kwargs)
