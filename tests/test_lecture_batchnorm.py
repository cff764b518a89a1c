"""Batch normalization: symbolic derivations proved, then checked in float64, mpmath and (optionally) torch."""

import ast
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from needs import need_module

from symopt import ProblemError
import symopt.lecture.batchnorm as bn
from symopt.numeric import mpmath_function


def forward(m):
    """The training transform of an explicit batch, written here from Ioffe & Szegedy (2015), Alg. 1."""
    xs, gs = bn.batch_symbols(m)
    mean = sp.Add(*xs) / m
    base = sp.Add(*[(x - mean) ** 2 for x in xs]) / m + bn.epsilon
    xhat = [(x - mean) / sp.sqrt(base) for x in xs]
    ys = [bn.gamma * h + bn.beta for h in xhat]
    return xs, gs, base, xhat, ys


def ioffe_szegedy_dx(m):
    """∂ℓ/∂x_i = γ/(m√(σ²+ε))·[m g_i − Σ_j g_j − x̂_i Σ_j g_j x̂_j] (Ioffe & Szegedy 2015), written here."""
    xs, gs, base, xhat, _ = forward(m)
    s1, s2 = sp.Add(*gs), sp.Add(*[g * h for g, h in zip(gs, xhat)])
    return [bn.gamma / (m * sp.sqrt(base)) * (m * gs[i] - s1 - xhat[i] * s2) for i in range(m)]


@pytest.mark.parametrize("m", [2, 3, 4, 5])
def test_derived_backward_equals_compact_form_exactly(m):
    d = bn.batchnorm_backward(m)
    assert d.results["proof"] is True
    assert d.results["difference"] == 0
    # and independently of the module: expand the difference with sqrt(sigma^2 + eps) = s
    _, _, base, _, _ = forward(m)
    derived = bn.derived_backward(m)
    s = sp.Symbol("s", positive=True)
    for a, b in zip(derived["dx"], ioffe_szegedy_dx(m)):
        assert sp.expand((a - b).xreplace({base: s ** 2})) == 0


def test_a_wrong_compact_form_is_not_proved(monkeypatch):
    """The proof must be able to fail: drop the x̂_i Σ g_j x̂_j term from the compact form and it does."""
    xs, gs, base, _, _ = forward(3)
    original = bn.compact_backward
    wrong = tuple(bn.gamma / (3 * sp.sqrt(base)) * (3 * g - sp.Add(*gs)) for g in gs)
    monkeypatch.setattr(bn, "compact_backward", lambda m=None: {**original(m), "dx": wrong} if m == 3 else original(m))
    d = bn.batchnorm_backward(3)
    assert d.results["proof"] is False
    assert d.results["difference"] != 0


def test_symbolic_m_compact_form_agrees_with_concrete_sizes():
    d = bn.batchnorm_backward(None)
    assert d.results["proof"] is True
    assert [row[1] for row in d.tables[0].rows] == ["0"] * len(bn.CHECK_SIZES)
    g, j = sp.IndexedBase("g", real=True), sp.Symbol("j", integer=True, positive=True)
    assert d.results["dbeta"] == sp.Sum(g[j], (j, 1, sp.Symbol("m", integer=True, positive=True)))


def test_training_transform_symbolic_and_concrete():
    symbolic = bn.batchnorm_transform()
    assert symbolic.results["mean_of_normalized"] == 0
    assert symbolic.results["variance_of_normalized"] == bn.sigma2_B / (bn.sigma2_B + bn.epsilon)
    concrete = bn.batchnorm_transform(4)
    xs, _ = bn.batch_symbols(4)
    assert concrete.results["mean"] == sp.Add(*xs) / 4
    assert concrete.results["mean_of_normalized"] == 0
    assert concrete.results["variance_of_normalized"] == bn.sigma2_B / (bn.sigma2_B + bn.epsilon)


def test_unbiased_variance_symbolic_and_explicit():
    sigma = sp.Symbol("sigma", positive=True)
    d = bn.unbiased_variance()
    assert sp.simplify(d.results["correction"] - bn.m_symbol / (bn.m_symbol - 1)) == 0
    assert all(row[2] == "yes" for row in d.tables[0].rows)
    for m in (2, 3, 6):
        assert bn.unbiased_variance(m).results["expected_biased_variance"] == sp.Rational(m - 1, m) * sigma ** 2


def test_unbiased_variance_matches_monte_carlo():
    rng = np.random.default_rng(3)
    m = 4
    batches = rng.normal(2.0, 3.0, size=(200_000, m))
    biased = batches.var(axis=1).mean()
    expected = float(bn.unbiased_variance(m).results["expected_biased_variance"].subs(sp.Symbol("sigma", positive=True), 3))
    assert abs(biased - expected) < 0.03 * expected
    _, var = bn.eval_running_statistics(batches[:2000])
    assert abs(var[0] - 9.0) < 0.6


def test_inference_and_folding_proved_and_numeric():
    d = bn.batchnorm_inference(3, 4)
    assert d.results["inference_difference"] == 0
    assert d.results["folding_difference"] == sp.zeros(3, 1)
    rng = np.random.default_rng(0)
    W, b, h = rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=(5, 4))
    gamma, beta, mean, var = rng.uniform(0.5, 2, 3), rng.normal(size=3), rng.normal(size=3), rng.uniform(0.5, 2, 3)
    Wf, bf = bn.eval_fold_batchnorm(W, b, gamma, beta, mean, var, eps=1e-3)
    direct = bn.eval_batchnorm_inference(h @ W.T + b, mean, var, gamma, beta, eps=1e-3)
    assert np.max(np.abs(direct - (h @ Wf.T + bf))) < 1e-13


@pytest.mark.parametrize("m", [2, 3, 5, 8])
def test_backward_against_finite_differences(m):
    result = bn.verify_batchnorm_backward(m, eps=1e-5, seed=m)
    assert result["fd_relative_error"] < 1e-6
    assert result["compact_relative_error"] < 1e-10
    assert result["passed"]


def test_backward_against_50_digit_finite_differences():
    m = 3
    xs, gs = bn.batch_symbols(m)
    derived = bn.derived_backward(m)
    *_, ys = forward(m)
    args = [*xs, *gs, bn.gamma, bn.beta, bn.epsilon]
    gradient = mpmath_function(args, list(derived["dx"]))
    outputs = mpmath_function([*xs, bn.gamma, bn.beta, bn.epsilon], list(ys))
    with mpmath.workdps(50):
        x = [mpmath.mpf("0.3"), mpmath.mpf("-1.2"), mpmath.mpf("2.5")]
        g = [mpmath.mpf("0.7"), mpmath.mpf("0.1"), mpmath.mpf("-0.4")]
        gam, bet, eps = mpmath.mpf("1.5"), mpmath.mpf("0.2"), mpmath.mpf("1e-5")
        exact = gradient(*x, *g, gam, bet, eps)

        def loss(values):
            return mpmath.fsum(gi * yi for gi, yi in zip(g, outputs(*values, gam, bet, eps)))
        step = mpmath.mpf("1e-20")
        for i in range(m):
            up, down = list(x), list(x)
            up[i] += step
            down[i] -= step
            fd = (loss(up) - loss(down)) / (2 * step)
            assert abs(fd - exact[i]) < mpmath.mpf("1e-30")


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 6), st.integers(0, 10_000), st.floats(0.0, 1.0))
def test_compact_numpy_backward_property(m, seed, eps):
    """The compact numpy backward equals a finite-difference gradient for random batches."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(m, 2)) * rng.uniform(0.5, 3)
    g = rng.normal(size=(m, 2))
    eps = max(eps, 1e-3)
    dx, dgamma, dbeta = bn.eval_batchnorm_backward(x, g, 1.3, eps)
    assert np.allclose(dx.sum(axis=0), 0, atol=1e-10)  # shifting x does not change y
    step = 1e-6
    for i in range(m):
        up, down = x.copy(), x.copy()
        up[i, 0] += step
        down[i, 0] -= step
        fd = (np.sum(g * bn.eval_batchnorm_forward(up, 1.3, 0.0, eps)[0])
              - np.sum(g * bn.eval_batchnorm_forward(down, 1.3, 0.0, eps)[0])) / (2 * step)
        assert abs(fd - dx[i, 0]) <= 1e-6 * max(1.0, abs(fd))


def test_batchnorm_bundle_json_and_rendering():
    result = bn.batch_normalization(3, eps=1e-4, seed=2)
    data = result.to_json()
    assert data["m"] == 3 and data["unbiased_correction"] == "3/2"
    assert data["backward"]["proved_equal_to_compact"] is True
    assert data["folding"]["proved"] is True
    assert data["numeric_check"]["passed"] is True
    d = result.derivation
    for text in (d.to_text(), d.to_markdown(), d.to_latex()):
        assert "backward" in text
    assert bn.batch_normalization(None, verify=False).to_json()["m"] == "m"


@pytest.mark.parametrize("bad", [1, 0, -3, 2.5, "two", "1"])
def test_bad_batch_size(bad):
    with pytest.raises(ProblemError, match="m \\(the batch size\\)"):
        bn.batch_normalization(bad, verify=False)


def test_bad_batch_size_in_numeric_helpers_and_eps():
    with pytest.raises(ProblemError, match="m \\(the batch size\\)"):
        bn.eval_batchnorm_forward([1.0])
    with pytest.raises(ProblemError, match="m \\(the batch size\\)"):
        bn.unbiased_variance(1)
    for call in (lambda: bn.batch_normalization(4, eps=-1e-5), lambda: bn.eval_batchnorm_forward([1.0, 2.0], eps=-1),
                 lambda: bn.eval_batchnorm_inference([1.0], [0.0], [1.0], eps=-0.5)):
        with pytest.raises(ProblemError, match="eps"):
            call()


def test_symbolic_part_of_the_module_does_not_import_numpy():
    for name in ("batchnorm", "symmetry", "saddles", "surrogate", "cliffs", "__init__"):
        tree = ast.parse(Path(bn.__file__).with_name(f"{name}.py").read_text())
        for node in tree.body:  # module level only; numeric functions import numpy inside
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith("numpy") for a in node.names), name
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("numpy"), name


@pytest.mark.torch
def test_against_torch_batchnorm1d_training_and_eval():
    torch = need_module("torch")
    rng = np.random.default_rng(0)
    m, features, eps = 6, 3, 1e-5
    layer = torch.nn.BatchNorm1d(features, eps=eps, momentum=None, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(rng.uniform(0.5, 2, features)))
        layer.bias.copy_(torch.tensor(rng.normal(size=features)))
    gamma, beta = layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy()
    batches = [rng.normal(1.0, 2.0, size=(m, features)) for _ in range(5)]
    layer.train()
    for index, batch in enumerate(batches):
        x = torch.tensor(batch, requires_grad=True)
        y = layer(x)
        g = rng.normal(size=(m, features))
        (y * torch.tensor(g)).sum().backward()
        ours_y = bn.eval_batchnorm_forward(batch, gamma, beta, eps)[0]
        dx, dgamma, dbeta = bn.eval_batchnorm_backward(batch, g, gamma, eps)
        assert np.max(np.abs(y.detach().numpy() - ours_y)) < 1e-12
        assert np.max(np.abs(x.grad.numpy() - dx)) < 1e-10
        assert np.max(np.abs(layer.weight.grad.numpy() - dgamma)) < 1e-10
        assert np.max(np.abs(layer.bias.grad.numpy() - dbeta)) < 1e-10
        layer.zero_grad()
    # momentum=None: running stats are the cumulative averages, running_var of the unbiased variances
    mean, var = bn.eval_running_statistics(batches)
    assert np.allclose(layer.running_mean.numpy(), mean, atol=1e-12)
    assert np.allclose(layer.running_var.numpy(), var, atol=1e-12)
    layer.eval()
    test = rng.normal(size=(4, features))
    with torch.no_grad():
        expected = layer(torch.tensor(test)).numpy()
    assert np.max(np.abs(expected - bn.eval_batchnorm_inference(test, mean, var, gamma, beta, eps))) < 1e-12


def test_the_split_batchnorm_modules_import_no_numpy_at_module_level():
    for name in ("batchnorm_forward", "batchnorm_gradient", "batchnorm_reference"):
        tree = ast.parse(Path(bn.__file__).with_name(f"{name}.py").read_text())
        for node in tree.body:
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith("numpy") for a in node.names), name
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("numpy"), name
