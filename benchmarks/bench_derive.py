"""`symopt derive` timings against the plain sympy / numpy / mpmath way of doing the same job.

1. The whole lecture exercise, warm, in-process: derivation, both orthogonality proofs, symbolic
   substitution, float64 and 50-digit verification (target well under 2 s). Baseline: plain sympy —
   ``(I - αH)**k`` by sympy's matrix power, ``simplify`` for the proofs, and the checks by ``subs``/``evalf``
   on 5 values of b (a fraction of what symopt checks: 60 float64 columns, 4 at 50 digits).
2. The closed form at k = 0..10⁴ for 10³ values of b at once
   (``symopt.numeric.closed_form_values.eval_closed_form_arrays``: lambdified
   with cse=True, powers of nonnegative bases as exp(k·log B)) against a hand-written
   vectorized numpy loop of the iteration over the same b (target: at least as fast).
3. A 50-digit verification of 1000 iterations (run + closed form at every k; target < 2 s) against the same
   job written directly in mpmath (hand-written update, closed form by hand).

    python benchmarks/bench_derive.py
"""

import statistics
import time

import mpmath
import numpy as np
import sympy as sp

from symopt.methods.exact_line_search import exact_line_search, exercise_problem
from symopt.problem import k
from symopt.numeric.closed_form_check import mpmath_errors
from symopt.numeric.closed_form_values import eval_closed_form_arrays


def timed(function, repeat=3):
    function()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return value, statistics.median(times)


def plain_sympy_exercise():
    b = sp.Symbol("b", positive=True)
    x, y, a = sp.symbols("x y alpha", real=True)
    f = (x**2 + b * y**2) / 2
    g = sp.Matrix([f.diff(x), f.diff(y)])
    H = sp.hessian(f, (x, y))
    phi = f.subs({x: x - a * g[0], y: y - a * g[1]}, simultaneous=True)
    alpha = sp.solve(sp.diff(phi, a), a)[0]
    a0 = sp.simplify(alpha.subs({x: b, y: 1}))
    M = sp.eye(2) - a0 * H
    closed = M**k * sp.Matrix([b, 1])
    gk = g.subs({x: closed[0], y: closed[1]}, simultaneous=True)
    inner = sp.simplify((gk.subs(k, k + 1).T * gk)[0, 0])
    residual = [sp.simplify(closed.subs(k, k + 1)[i] - (closed[i] - alpha.subs({x: closed[0], y: closed[1]},
                simultaneous=True) * gk[i])) for i in range(2)]
    worst64, worst50 = 0.0, 0.0
    for value in (0.05, 0.25, 0.5, 0.75, 1.0):
        state = np.array([value, 1.0])
        for n in range(0, 201, 20):
            exact = [float(c.subs({b: value, k: n})) for c in closed]
            if n == 0:
                run = state
            scale = max(abs(e) for e in exact)
            if scale > 1e-150:
                worst64 = max(worst64, max(abs(e - r) for e, r in zip(exact, run)) / scale)
            for _ in range(20):
                gx, gy = run[0], value * run[1]
                denominator = gx**2 + value * gy**2
                step = (gx**2 + gy**2) / denominator if denominator else 0.0
                run = np.array([run[0] - step * gx, run[1] - step * gy])
        for n in (0, 1, 50, 51):
            exact = [sp.N(c.subs({b: sp.Float(value, 60), k: n}), 50) for c in closed]
            worst50 = max(worst50, float(max(abs(e) for e in exact)))
    return inner, residual, worst64, worst50


def closed_form_batch(K, B):
    problem, start = exercise_problem()
    result = exact_line_search(problem, start, verify_result=False)
    b = problem.symbol("b")
    closed = [result.closed_form["x"], result.closed_form["y"]]
    bb = np.linspace(0.05, 1.0, B)[None, :]

    def evaluate():
        return eval_closed_form_arrays(closed, (b,), {b: bb[0]}, K, fast_powers=True)

    def iterate():
        xs = np.empty((K + 1, B))
        ys = np.empty((K + 1, B))
        x = bb[0].copy()
        y = np.ones(B)
        xs[0], ys[0] = x, y
        bv = bb[0]
        for n in range(1, K + 1):
            gx, gy = x, bv * y
            gg = gx * gx + gy * gy
            ghg = gx * gx + bv * gy * gy
            with np.errstate(invalid="ignore", divide="ignore"):
                step = np.where(ghg > 0, gg / ghg, 0.0)
            x = x - step * gx
            y = y - step * gy
            xs[n], ys[n] = x, y
        return xs, ys

    (cx, cy), t_closed = timed(evaluate)
    (ix, iy), t_loop = timed(iterate)
    scale = np.maximum(np.abs(ix), np.abs(iy))
    mask = (scale > 1e-150) & np.isfinite(scale)
    agree = float(np.max(np.maximum(np.abs(cx - ix), np.abs(cy - iy))[mask] / scale[mask]))
    return t_closed, t_loop, agree


def fifty_digits(steps):
    problem, start = exercise_problem()
    result = exact_line_search(problem, start, verify_result=False)
    b = problem.symbol("b")
    recurrence = result.extras["recurrence"]
    grid = {b: np.array([0.1])}
    (error, _), t_symopt = timed(lambda: mpmath_errors(recurrence, result.closed_form.values(), [b, 1], (b,), grid,
                                                      steps, columns=1), repeat=1)

    def by_hand():
        worst = mpmath.mpf(0)
        with mpmath.workdps(50):
            bv = mpmath.mpf(0.1)
            r = (1 - bv) / (1 + bv)
            x, y = bv, mpmath.mpf(1)
            for n in range(steps + 1):
                cx, cy = (-1) ** n * bv * r**n, r**n
                scale = max(abs(x), abs(y))
                worst = max(worst, max(abs(cx - x), abs(cy - y)) / scale)
                gx, gy = x, bv * y
                step = (gx**2 + gy**2) / (gx**2 + bv * gy**2)
                x, y = x - step * gx, y - step * gy
        return float(worst)

    hand_error, t_hand = timed(by_hand, repeat=1)
    return t_symopt, error, t_hand, hand_error


def main():
    problem, start = exercise_problem()
    result, t_exercise = timed(lambda: exact_line_search(problem, start))
    (_, _, base64, _), t_plain = timed(plain_sympy_exercise, repeat=1)
    v = result.verification
    print("1. lecture exercise, warm, in-process (derivation + proofs + float64 + 50-digit verification)")
    print(f"   symopt            {t_exercise:8.3f} s   float64 err {v.float64_max_rel_error:.2e} "
          f"({v.float64_columns} b values, k<=200), mpmath err {v.mpmath_max_rel_error:.2e}")
    print(f"   plain sympy       {t_plain:8.3f} s   (does a fraction of the work: 5 b values, 11 k each, subs/evalf)")
    print(f"   ratio plain/symopt {t_plain / t_exercise:7.1f}x   target: symopt well under 2 s -> "
          f"{'OK' if t_exercise < 2 else 'MISSED'}")
    t_closed, t_loop, agree = closed_form_batch(10_000, 1_000)
    print("2. x_k, y_k for k = 0..10^4 and 10^3 values of b")
    print(f"   closed form (cse + blocked k-powers) {t_closed:8.3f} s")
    print(f"   numpy loop of the iteration         {t_loop:8.3f} s   (agree to {agree:.1e} relative)")
    print(f"   ratio loop/closed form              {t_loop / t_closed:8.2f}x   target >= 1 -> "
          f"{'OK' if t_loop >= t_closed else 'MISSED'}")
    t_symopt, error, t_hand, hand_error = fifty_digits(1000)
    print("3. 50-digit verification of 1000 iterations (b = 0.1)")
    print(f"   symopt (lambdified mpmath)  {t_symopt:8.3f} s   max rel err {error:.2e}")
    print(f"   hand-written mpmath         {t_hand:8.3f} s   max rel err {hand_error:.2e}")
    print(f"   ratio hand/symopt           {t_hand / t_symopt:8.2f}x   target: symopt < 2 s -> "
          f"{'OK' if t_symopt < 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
