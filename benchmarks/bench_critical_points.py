"""Critical points of textbook test functions: symopt against ``sympy.solve`` and a multistart numpy Newton.

For each function the reference set is the union of symopt's certified points
and a dense 50-digit multistart Newton (every member checked: ‖∇f‖ < 1e-30 at
50 digits). Each method's points are matched against it (1e-8), giving points
found, points missed and seconds (best of 3 runs for symopt and numpy Newton;
``sympy.solve`` runs once, with a 30 s limit).

    python benchmarks/bench_critical_points.py
"""

import time

import mpmath
import numpy as np
import sympy as sp

from symopt import Problem
from symopt.budget import call_with_budget
from symopt.critical_points import find_critical_points
from symopt.errors import BudgetExceeded

FUNCTIONS = [
    ("six-hump camel", "4*x**2 - 21/10*x**4 + x**6/3 + x*y - 4*y**2 + 4*y**4"),
    ("three-hump camel", "2*x**2 - 105/100*x**4 + x**6/6 + x*y + y**2"),
    ("Himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"),
    ("Rosenbrock", "(1 - x)**2 + 100*(y - x**2)**2"),
    ("Booth", "(x + 2*y - 7)**2 + (2*x + y - 5)**2"),
    ("Matyas", "26/100*(x**2 + y**2) - 48/100*x*y"),
    ("Beale-ish (degree 6)", "(3/2 - x + x*y)**2 + (9/4 - x + x*y**2)**2"),
    ("monkey saddle", "x**3 - 3*x*y**2"),
    ("x^3 - 3x + y^2", "x**3 - 3*x + y**2"),
    ("Styblinski-Tang 2-D", "(x**4 - 16*x**2 + 5*x + y**4 - 16*y**2 + 5*y)/2"),
    ("double well x4+y4-2x2-2y2+xy", "x**4 + y**4 - 2*x**2 - 2*y**2 + x*y"),
]
SEARCH = 6.0  # the numeric searches start in [-6, 6]²


def best_of(repeats, function):
    best, value = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - started)
    return value, best


def symopt_points(problem):
    found = find_critical_points(problem, seconds=60)
    return [tuple(float(c.point[v]) for v in problem.variables) for c in found.isolated], found.complete


def sympy_solve_points(problem):
    solutions = sp.solve(list(problem.gradient), list(problem.variables), dict=True)
    points = []
    for s in solutions:
        values = [complex(sp.N(s.get(v, v))) for v in problem.variables]
        if all(abs(v.imag) < 1e-12 for v in values):
            points.append(tuple(v.real for v in values))
    return points


def newton_points(problem, per_axis=60, steps=60):
    variables = list(problem.variables)
    g = sp.lambdify(variables, list(problem.gradient), "numpy")
    h = sp.lambdify(variables, problem.hessian.tolist(), "numpy")
    axis = np.linspace(-SEARCH, SEARCH, per_axis)
    x, y = (a.ravel().copy() for a in np.meshgrid(axis, axis, indexing="ij"))

    def as_batch(values):
        return np.broadcast_to(np.asarray(values, dtype=float), x.shape)

    with np.errstate(all="ignore"):
        for _ in range(steps):
            gx, gy = (as_batch(v) for v in g(x, y))
            (hxx, hxy), (_, hyy) = ((as_batch(v) for v in row) for row in h(x, y))
            det = hxx * hyy - hxy * hxy
            ok = np.abs(det) > 1e-14
            det = np.where(ok, det, 1.0)
            x, y = x - np.where(ok, (hyy * gx - hxy * gy) / det, 0), y - np.where(ok, (hxx * gy - hxy * gx) / det, 0)
        gx, gy = (as_batch(v) for v in g(x, y))
    keep = np.isfinite(x) & np.isfinite(y) & (np.hypot(gx, gy) < 1e-9)
    points = []
    for p in zip(x[keep], y[keep]):
        if all(max(abs(p[0] - q[0]), abs(p[1] - q[1])) > 1e-6 for q in points):
            points.append(p)
    return points


def reference_points(problem, certified):
    g = sp.lambdify(list(problem.variables), list(problem.gradient), "mpmath")
    h = sp.lambdify(list(problem.variables), problem.hessian.tolist(), "mpmath")
    candidates = list(certified) + newton_points(problem, per_axis=120, steps=80)
    reference = []
    with mpmath.workdps(50):
        for start in candidates:
            y = mpmath.matrix([mpmath.mpf(c) for c in start])
            try:
                for _ in range(20):
                    y = y - mpmath.lu_solve(mpmath.matrix(h(*y)), mpmath.matrix(g(*y)))
            except ZeroDivisionError:
                y = mpmath.matrix([mpmath.mpf(c) for c in start])  # singular: keep the start if it is a zero
            if mpmath.norm(mpmath.matrix(g(*y))) < mpmath.mpf(10) ** -30 or start in certified:
                p = tuple(float(c) for c in y)
                if all(max(abs(a - b) for a, b in zip(p, q)) > 1e-8 for q in reference):
                    reference.append(p)
    return reference


def score(points, reference):
    found = sum(1 for r in reference if any(max(abs(a - b) for a, b in zip(r, p)) < 1e-8 for p in points))
    return found, len(reference) - found


def main():
    header = (f"{'function':<30} {'ref':>4} | {'symopt':>6} {'miss':>4} {'s':>6} {'complete':>8} | "
              f"{'solve':>5} {'miss':>4} {'s':>6} | {'newton':>6} {'miss':>4} {'s':>6}")
    print(header)
    print("-" * len(header))
    for name, text in FUNCTIONS:
        problem = Problem.from_text(text, "x,y")
        (ours, complete), t_ours = best_of(3, lambda: symopt_points(problem))
        try:
            solved, t_solve = best_of(1, lambda: call_with_budget(sympy_solve_points, problem, seconds=30))
        except (BudgetExceeded, NotImplementedError):
            solved, t_solve = None, 30.0
        newton, t_newton = best_of(3, lambda: newton_points(problem))
        reference = reference_points(problem, ours)
        f_ours, m_ours = score(ours, reference)
        f_newton, m_newton = score(newton, reference)
        solve_cells = f"{'-':>5} {'-':>4} {'>30':>6}" if solved is None else \
            f"{score(solved, reference)[0]:>5} {score(solved, reference)[1]:>4} {t_solve:>6.2f}"
        print(f"{name:<30} {len(reference):>4} | {f_ours:>6} {m_ours:>4} {t_ours:>6.2f} {str(complete):>8} | "
              f"{solve_cells} | {f_newton:>6} {m_newton:>4} {t_newton:>6.2f}")


if __name__ == "__main__":
    main()
