"""Benchmarks of the lecture module against the plain way of doing the same job.

1. GOE Monte Carlo: symopt's vectorised ``np.linalg.eigvalsh`` on stacks vs a plain Python loop
   with one eigvalsh call per matrix (same counts up to sampling noise).
2. Batch-norm backward: the closed (compact) form vs central finite differences over every input,
   float64, same answers to ~1e-9.
3. Batch-norm backward, symbolic: the derived gradient proved equal to the compact form, for m = 2..8
   (time of the proof), vs plain ``sympy.simplify`` on the same difference for small m.

Run: python benchmarks/bench_lecture.py
"""

import time

import numpy as np
import sympy as sp

from symopt.budget import call_with_budget
from symopt.errors import BudgetExceeded
from symopt.lecture.batchnorm import compact_backward, derived_backward, eval_batchnorm_backward, eval_batchnorm_forward
from symopt.lecture.batchnorm_gradient import _difference_is_zero
from symopt.lecture.batchnorm_forward import _concrete_forward
from symopt.lecture.saddles import run_goe_loop, run_goe_study


def best_of(func, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return min(times), value


def bench_goe(n=5, samples=20_000):
    vector_time, study = best_of(lambda: run_goe_study([n], samples=samples, seed=0))
    loop_time, loop_count = best_of(lambda: run_goe_loop(n, samples, seed=0), repeat=1)
    return ("GOE Monte Carlo, n = %d, %d matrices" % (n, samples), vector_time, loop_time,
            f"minima: vectorised {study.rows[0].positive_definite}, loop {loop_count}")


def bench_backward(m=256, features=32):
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(m, features)), rng.normal(size=(m, features))
    closed_time, (dx, _, _) = best_of(lambda: eval_batchnorm_backward(x, g, 1.5, 1e-5), repeat=20)

    def finite_differences():
        out = np.empty_like(x)
        h = 1e-6
        for i in range(m):
            for j in range(features):
                up, down = x.copy(), x.copy()
                up[i, j] += h
                down[i, j] -= h
                out[i, j] = (np.sum(g * eval_batchnorm_forward(up, 1.5, 0.0, 1e-5)[0])
                             - np.sum(g * eval_batchnorm_forward(down, 1.5, 0.0, 1e-5)[0])) / (2 * h)
        return out
    fd_time, fd = best_of(finite_differences, repeat=1)
    error = float(np.max(np.abs(fd - dx)) / np.max(np.abs(dx)))
    return (f"BN backward, m = {m}, {features} features", closed_time, fd_time, f"max rel. difference {error:.1e}")


def bench_proof(m):
    def ours():
        xs, gs, mean, variance, base, xhat, ys = _concrete_forward(m)
        derived, compact = derived_backward(m), compact_backward(m)
        return all(_difference_is_zero(a, b, base) for a, b in zip(derived["dx"], compact["dx"]))

    def plain():
        xs, gs, mean, variance, base, xhat, ys = _concrete_forward(m)
        derived, compact = derived_backward(m), compact_backward(m)
        return all(sp.simplify(a - b) == 0 for a, b in zip(derived["dx"], compact["dx"]))
    our_time, proved = best_of(ours, repeat=1)
    try:
        plain_time, plain_proved = best_of(lambda: call_with_budget(plain, seconds=60), repeat=1)
        plain_note = f"simplify proves it: {plain_proved}"
    except BudgetExceeded:
        plain_time, plain_note = float("inf"), "simplify gave up after 60 s"
    return (f"BN backward proof, m = {m}", our_time, plain_time, f"proved: {proved}; {plain_note}")


def main():
    rows = [bench_goe(), bench_backward()]
    rows += [bench_proof(m) for m in (2, 3, 4)]
    header = ("task", "symopt [s]", "baseline [s]", "ratio", "note")
    table = [header] + [(name, f"{ours:.4f}", "-" if base == float("inf") else f"{base:.4f}",
                         "-" if base == float("inf") else f"{base / ours:.1f}x", note)
                        for name, ours, base, note in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
    print("baseline: plain Python eigvalsh loop / finite differences / sympy.simplify of the difference "
          "(run in a budgeted worker, fork included)")
    for m in (5, 8):
        start = time.perf_counter()
        xs, gs, mean, variance, base, xhat, ys = _concrete_forward(m)
        ok = all(_difference_is_zero(a, b, base) for a, b in zip(derived_backward(m)["dx"], compact_backward(m)["dx"]))
        print(f"symopt proof alone, m = {m}: {time.perf_counter() - start:.2f} s (proved: {ok})")


if __name__ == "__main__":
    main()
