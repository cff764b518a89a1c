"""Gradient + Hessian of the n-dimensional Rosenbrock function: symopt against ``sympy.hessian``.

Prints, for each n, the seconds taken by ``sympy.hessian`` (plain sympy), by
symopt's sympy backend (each upper-triangle entry once, from the gradient) and
by symopt's default backend (symengine when installed), checks that all three
Hessians are equal, and prints the ratios.

    python benchmarks/bench_hessian.py            # n = 10, 50, 100, 200
    python benchmarks/bench_hessian.py 10 50      # chosen sizes
"""

import sys
import time

import sympy as sp

from symopt.calculus import gradient, has_symengine, hessian


def rosenbrock(n):
    w = sp.symbols(f"w0:{n}", real=True)
    return sum(100 * (w[i + 1] - w[i] ** 2) ** 2 + (1 - w[i]) ** 2 for i in range(n - 1)), list(w)


def timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def main(sizes):
    print(f"symengine installed: {has_symengine()}")
    print(f"{'n':>5} {'sympy.hessian s':>16} {'symopt[sympy] s':>16} {'symopt[auto] s':>15} "
          f"{'ratio sympy':>12} {'ratio auto':>11} equal")
    for n in sizes:
        f, w = rosenbrock(n)
        reference, t_sympy = timed(lambda: (sp.Matrix([f.diff(v) for v in w]), sp.hessian(f, w)))
        mine, t_mine = timed(lambda: (gradient(f, w, backend="sympy"), hessian(f, w, backend="sympy")))
        fast, t_fast = timed(lambda: (gradient(f, w), hessian(f, w)))
        equal = reference == mine == fast
        print(f"{n:>5} {t_sympy:>16.3f} {t_mine:>16.3f} {t_fast:>15.4f} {t_sympy / t_mine:>11.1f}x "
              f"{t_sympy / t_fast:>10.1f}x {equal}")
        if not equal:
            raise SystemExit("Hessians differ")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 50, 100, 200])
