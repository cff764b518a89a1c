"""Batch normalization (lecture: "Batch normalization", Ioffe & Szegedy 2015).

Over a minibatch x_1..x_m: μ_B = Σx_i/m, σ²_B = Σ(x_i − μ_B)²/m, x̂_i = (x_i − μ_B)/√(σ²_B + ε),
y_i = γx̂_i + β. At inference the population statistics E[x] = E_B[μ_B] and the unbiased
Var[x] = m/(m − 1)·E_B[σ²_B] make the transform affine, so it folds into the preceding layer.
The backward pass, derived by differentiating through the explicit transform for m = 4, is proved
equal to the compact form γ/(m√(σ²_B+ε))·[m g_i − Σg_j − x̂_i Σg_j x̂_j]; for symbolic m the compact
form is checked against m = 2..5.

Verification: central finite differences (float64), a Monte Carlo check of E[σ²_B] = (m−1)/m·σ²,
the folding on random layers, and torch.nn.BatchNorm1d when torch is installed.

Run: python worked_examples/16_batch_normalization.py
"""

import numpy as np
import sympy as sp

from symopt.lecture.batchnorm import (batch_normalization, batchnorm_backward, eval_batchnorm_backward,
                                      eval_batchnorm_forward, eval_batchnorm_inference, eval_fold_batchnorm,
                                      eval_running_statistics)

M = 4


def monte_carlo_variance(m=M, sigma=3.0, batches=100_000, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, sigma, size=(batches, m))
    return float(x.var(axis=1).mean())


def folding_error(seed=0):
    rng = np.random.default_rng(seed)
    W, b, h = rng.normal(size=(3, 5)), rng.normal(size=3), rng.normal(size=(8, 5))
    gamma, beta = rng.uniform(0.5, 2, 3), rng.normal(size=3)
    mean, var = eval_running_statistics([h[i:i + 4] @ W.T + b for i in (0, 4)])
    Wf, bf = eval_fold_batchnorm(W, b, gamma, beta, mean, var, 1e-5)
    return float(np.max(np.abs(eval_batchnorm_inference(h @ W.T + b, mean, var, gamma, beta, 1e-5) - (h @ Wf.T + bf))))


def torch_comparison(seed=0):
    try:
        import torch
    except ImportError:
        return None
    rng = np.random.default_rng(seed)
    layer = torch.nn.BatchNorm1d(2, eps=1e-5, momentum=None, dtype=torch.float64)
    batch = rng.normal(size=(M, 2))
    g = rng.normal(size=(M, 2))
    x = torch.tensor(batch, requires_grad=True)
    out = layer(x)
    (out * torch.tensor(g)).sum().backward()
    dx, _, _ = eval_batchnorm_backward(batch, g, 1.0, 1e-5)
    return {"forward": float(np.max(np.abs(out.detach().numpy() - eval_batchnorm_forward(batch, 1.0, 0.0, 1e-5)[0]))),
            "backward": float(np.max(np.abs(x.grad.numpy() - dx)))}


def main():
    result = batch_normalization(M, eps=1e-5, seed=0)
    print(result.derivation.to_text())
    symbolic_m = batchnorm_backward(None)
    print()
    print(symbolic_m.to_text())
    sigma = 3.0
    measured_variance = monte_carlo_variance(sigma=sigma)
    torch_errors = torch_comparison()
    data = result.to_json()
    numeric = {"fd_relative_error": result.verification["fd_relative_error"],
               "compact_vs_derived_relative_error": result.verification["compact_relative_error"],
               "mean_biased_variance_mc": measured_variance, "folding_max_error": folding_error(),
               "torch_max_error": torch_errors}
    print()
    print(f"E[sigma_B^2] for m = {M}, sigma = {sigma}: Monte Carlo {measured_variance:.4f}, "
          f"theory {(M - 1) / M * sigma ** 2:.4f}")
    print(f"folding max error {numeric['folding_max_error']:.1e}; torch: "
          + ("not installed" if torch_errors is None else f"{torch_errors}"))
    return {
        "symbolic": {"transform": data["transform"], "unbiased_correction": data["unbiased_correction"],
                     "inference": data["inference"], "folding": data["folding"], "backward": data["backward"],
                     "symbolic_m_checked": bool(symbolic_m.results["proof"])},
        "numeric": numeric,
        "theory": {"expected_biased_variance": (M - 1) / M * sigma ** 2, "correction": M / (M - 1),
                   "backward_difference": sp.Integer(0), "fd_tolerance": 1e-6},
    }


if __name__ == "__main__":
    main()
