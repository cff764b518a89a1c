"""Critical points and why saddles dominate in high dimension (lecture: "Other issues — saddle points").

At a critical point (Goodfellow et al. §4.3) all Hessian eigenvalues > 0 is a minimum, < 0 a maximum, both signs a
saddle; a zero eigenvalue makes the second-order test inconclusive (x⁴ + y⁴ is a minimum and
x³ − 3xy² a monkey saddle, both with H = 0). ``symopt.spectral.critical_points`` solves ∇f = 0 and
classifies; for the degenerate cases we look at f on a small circle around the point.

Why saddles dominate: model the Hessian at a random critical point of f: Rⁿ → R by a GOE matrix.
P(minimum) = P(all eigenvalues > 0) falls like exp(−θn²), θ = ln 3/4 (Dean & Majumdar 2006), so
saddles outnumber minima by a factor that grows at least exponentially in n, as the lecture says.
We estimate P(minimum) by seeded Monte Carlo for n = 1..8 with Wilson intervals and fit ln P.

Run: python worked_examples/05_critical_points_and_saddles.py
"""

import numpy as np
import sympy as sp

from symopt.lecture.saddles import P2_EXACT, THETA, run_goe_study
from symopt.numeric import numpy_function
from symopt.problem import Problem
from symopt.spectral import critical_points

x, y = sp.symbols("x y", real=True)
EXAMPLES = {
    "x**3 - 3*x + y**2": (x ** 3 - 3 * x + y ** 2, {(-1, 0): "saddle", (1, 0): "minimum"}),
    "x**2 - y**2": (x ** 2 - y ** 2, {(0, 0): "saddle"}),
    "(x**2 - 1)**2 + y**2": ((x ** 2 - 1) ** 2 + y ** 2, {(-1, 0): "minimum", (0, 0): "saddle", (1, 0): "minimum"}),
    "x**4 + y**4": (x ** 4 + y ** 4, {(0, 0): "degenerate"}),
    "x**3 - 3*x*y**2 (monkey saddle)": (x ** 3 - 3 * x * y ** 2, {(0, 0): "degenerate"}),
}


def circle_signs(expression, point, radius=1e-2, samples=720):
    """Signs of f(point + r(cos t, sin t)) − f(point): tells a degenerate point's true kind."""
    f = numpy_function([x, y], expression)
    t = np.linspace(0, 2 * np.pi, samples, endpoint=False)
    px, py = (float(v) for v in point)
    values = f(px + radius * np.cos(t), py + radius * np.sin(t)) - f(px, py)
    return bool(np.all(values > 0)), bool(np.all(values < 0)), bool(np.any(values > 0) and np.any(values < 0))


def classify_all():
    rows = {}
    for name, (expression, expected) in EXAMPLES.items():
        found = critical_points(Problem.from_expression(expression, [x, y]))
        rows[name] = []
        for c in found:
            point = (c.point[x], c.point[y])
            above, below, both = circle_signs(expression, point)
            local = "minimum" if above else "maximum" if below else "saddle" if both else "flat"
            rows[name].append({"point": tuple(int(v) if v.is_integer else float(v) for v in point), "kind": c.kind,
                               "eigenvalues": [sp.sstr(e) for e in c.eigenvalues], "circle_test": local,
                               "expected": expected.get(tuple(int(v) for v in point))})
    return rows


def main():
    rows = classify_all()
    for name, points in rows.items():
        print(f"f = {name}")
        for p in points:
            print(f"  {p['point']}: {p['kind']:10s} eigenvalues {p['eigenvalues']}, f on a small circle: "
                  f"{p['circle_test']}")
    study = run_goe_study(range(1, 9), samples=150_000, seed=0)
    print()
    print(study.derivation.to_text())
    measured = {r.n: {"p_minimum": r.fraction_minimum, "ci": (r.ci_low, r.ci_high), "p_saddle": r.fraction_saddle,
                      "saddles_per_minimum": r.saddles_per_minimum} for r in study.rows}
    return {
        "symbolic": {"critical_points": rows, "theory_law": study.derivation.results["theory"],
                     "p2_exact": P2_EXACT},
        "numeric": {"goe": measured, "fit_log_p_vs_n": study.fit_linear, "fit_log_p_vs_n2": study.fit_quadratic,
                    "kinds_match": all(p["kind"] == p["expected"] for pts in rows.values() for p in pts),
                    "degenerate_resolved": {name: [p["circle_test"] for p in pts] for name, pts in rows.items()
                                            if any(p["kind"] == "degenerate" for p in pts)}},
        "theory": {"theta": float(THETA), "p1": 0.5, "p2": float(P2_EXACT),
                   "x4_plus_y4": "minimum (H = 0: second-order test inconclusive)",
                   "monkey_saddle": "saddle (H = 0: second-order test inconclusive)"},
    }


if __name__ == "__main__":
    main()
