"""Minibatch gradients and their standard error σ/√n (lecture: "Minibatch", Goodfellow et al. §8.1.3).

The minibatch gradient ĝ = (1/n) Σ_{i∈B} ∇L_i is an unbiased estimate of the full gradient; with
the n examples drawn independently its standard error is σ/√n, σ the standard deviation of one
example's gradient. So 100× more examples buy only 10× less noise. Measured here on a linear and a
logistic regression generated in code, for n = 1 … 256, against σ/√n; symbolically, the variance of
a mean of n i.i.d. terms is derived with sympy.stats.

Run: python worked_examples/02_minibatch_standard_error.py
"""

import numpy as np
import sympy as sp
from sympy import stats

from symopt.minibatch import EmpiricalRisk, minibatch_standard_error


def main():
    n = 4
    sigma = sp.Symbol("sigma", positive=True)
    terms = [stats.Normal(f"G{i}", 0, sigma) for i in range(n)]
    std_of_mean = sp.simplify(sp.sqrt(stats.variance(sum(terms) / n)))
    print(f"std of the mean of {n} i.i.d. gradients with std σ: {std_of_mean} (σ/√n = {sigma / sp.sqrt(n)})")

    rng = np.random.default_rng(0)
    x = rng.normal(size=5000)
    sets = {
        "linear": EmpiricalRisk("(w*x + c - y)**2/2", "w,c", "x,y",
                                {"x": x, "y": 2 * x - 1 + 0.5 * rng.normal(size=5000)}),
        "logistic": EmpiricalRisk("log(1 + exp(-y*(w*x + c)))", "w,c", "x,y",
                                  {"x": x, "y": np.where(rng.random(5000) < 1 / (1 + np.exp(-2 * x)), 1.0, -1.0)}),
    }
    sizes = [1, 4, 16, 64, 256]
    measured, predicted = {}, {}
    for name, risk in sets.items():
        rows = minibatch_standard_error(risk, [0.3, 0.2], sizes, draws=4000, seed=1)
        measured[name] = [float(r.measured[0]) for r in rows]
        predicted[name] = [float(r.predicted[0]) for r in rows]
        print(f"{name}: n, measured SE of ∂J/∂w, σ/√n")
        for r in rows:
            print(f"  {r.batch_size:>4}  {r.measured[0]:.5f}  {r.predicted[0]:.5f}  (ratio {r.ratio[0]:.3f})")
    worst = max(abs(m / p - 1) for name in sets for m, p in zip(measured[name], predicted[name]))
    print(f"largest relative deviation from σ/√n: {worst:.3f} (4000 draws: sampling error ≈ 1/√8000 ≈ 0.011)")
    return {"symbolic": {"std_of_mean": sp.sstr(std_of_mean)},
            "numeric": {"measured": measured, "worst_relative_deviation": worst},
            "theory": {"predicted": predicted, "formula": "sigma/sqrt(n)"}}


if __name__ == "__main__":
    main()
