"""SGD and learning-rate schedules (lecture: "Stochastic gradient descent", "Convergence").

The lecture's sufficient condition for SGD: Σ_{k≥1} ε_k = ∞ and Σ_{k≥1} ε_k² < ∞ (Robbins–Monro),
and its usual schedule, the linear decay ε_k = (1 − k/τ)ε₀ + (k/τ)ε_τ, constant after τ. symopt
decides the conditions symbolically for every Robbins–Monro family — and for the family k^(−p) finds the set
1/2 < p ≤ 1 — then runs minibatch SGD on a noisy least-squares problem: with 1/k-type decay the
error keeps shrinking, with a constant rate it stalls at a noise floor, as the theory says.

Run: python worked_examples/09_sgd_and_learning_rate_schedules.py
"""

import numpy as np
import sympy as sp

from symopt.minibatch import EmpiricalRisk, run_minibatch
from symopt.schedules import linear_decay, robbins_monro


def main():
    verdicts = {}
    for text in ("1/k", "1/(k+1)", "k**(-3/4)", "k**(-1/2)", "1/k**2", "0.9**k"):
        r = robbins_monro(text)
        verdicts[text] = r.robbins_monro
        print(f"{text:>10}: Σε_k = ∞ {r.sum_diverges!s:>5}, Σε_k² < ∞ {r.sum_of_squares_converges!s:>5} "
              f"-> Robbins–Monro {r.robbins_monro}  ({r.family})")
    decay = linear_decay(sp.Rational(1, 10), sp.Rational(1, 1000), 100)
    r = robbins_monro(decay)
    verdicts["linear decay"] = r.robbins_monro
    print(r.derivation.to_text())
    family = robbins_monro("k**(-p)", parameters=("p",))
    interval = family.qualifying[sp.Symbol("p", real=True)]
    print(f"k^(-p) satisfies both conditions exactly for p in {interval}")

    rng = np.random.default_rng(0)
    x = rng.normal(size=2000)
    y = 1.5 * x + 0.5 + rng.normal(size=2000)
    risk = EmpiricalRisk("(w*x + c - y)**2/2", "w,c", "x,y", {"x": x, "y": y})
    w_ls, c_ls = np.polyfit(x, y, 1)
    best = risk.value([w_ls, c_ls])
    runs = {
        "constant 0.1": run_minibatch(risk, "sgd", [0.0, 0.0], 4000, 8, {"epsilon": 0.1}, seed=1),
        "1/(k/50 + 2)": run_minibatch(risk, "sgd", [0.0, 0.0], 4000, 8, schedule="1/(k/50 + 2)", seed=1),
        "linear decay": run_minibatch(risk, "sgd", [0.0, 0.0], 4000, 8, schedule=linear_decay(0.1, 0.001, 2000),
                                      seed=1),
    }
    excess = {}
    for label, result in runs.items():
        tail = result.risk[-500:] - best
        excess[label] = float(np.mean(tail))
        print(f"minibatch SGD, {label:>13}: mean excess risk over the last 500 steps {excess[label]:.2e}")
    return {
        "symbolic": {"verdicts": verdicts, "p_interval": str(interval)},
        "numeric": {"excess_risk": excess},
        "theory": {"robbins_monro": {"1/k": True, "1/(k+1)": True, "k**(-3/4)": True, "k**(-1/2)": False, "1/k**2": False,
                          "0.9**k": False, "linear decay": False},
                   "p_interval": "(1/2, 1]",
                   "constant_rate_noise_floor_above_decaying": excess["constant 0.1"] > excess["1/(k/50 + 2)"]},
    }


if __name__ == "__main__":
    main()
