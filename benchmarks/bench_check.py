"""Benchmark of answer checking: symopt.check vs plain ``simplify(ref - ans) == 0`` vs sympy ``equals``.

1. The public graders' corpus (tests/check_corpus_public.py: pairs from sympy's, MITx/edX's, STACK's and
   WeBWorK's own test suites plus issue 14's examples, each pair's truth verified by the tests): for each
   checker the number of correct, false and undetermined verdicts, and the median and largest seconds
   per pair. The plain-sympy baselines read the trusted corpus text with sympy's parser (which runs
   ``eval``: never on student input) and get the same per-pair time budget in a killable worker; a
   timeout is "undetermined". ``simplify(a - b) == 0`` answers only yes or no, so every pair it cannot
   prove equal is graded "not equivalent".
2. Single checks on answers to the lecture's exercise (exact line search, R1) and a class of 300 answers
   graded with ``check_batch``: total seconds.

Run: ``python benchmarks/bench_check.py`` (``--corpus-only`` for part 1 only)
"""

import os
import sys
import random
import statistics
import time

import sympy as sp

from symopt.budget import call_with_budget
from symopt.check import check_answer, prepare_reference
from symopt.check import check_batch, summary
from symopt.errors import BudgetExceeded

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from check_corpus_public import CASES  # noqa: E402
from test_check_corpus import _parse  # noqa: E402  (the corpus's trusted-text reader)

#: Seconds each checker gets per pair.
PAIR_SECONDS = 5.0


def _difference(r, a):
    if isinstance(r, sp.Equality):
        return (r.lhs - r.rhs) - (a.lhs - a.rhs) if isinstance(a, sp.Equality) else None
    if isinstance(r, sp.MatrixBase):
        return r - a if isinstance(a, sp.MatrixBase) and r.shape == a.shape else None
    if isinstance(r, sp.FiniteSet):
        return None
    return r - a


def _decide(reference, answer, options, is_zero):
    """A naive grader: parse both sides with sympy and ask ``is_zero`` of their difference."""
    integers = set((options.get("integer") or "").split(",")) - {""}
    r, a = _parse(reference, integers), _parse(answer, integers)
    if isinstance(r, sp.FiniteSet):
        return r == a
    difference = _difference(r, a)
    if difference is None:
        return False
    if isinstance(difference, sp.MatrixBase):
        outcomes = [is_zero(entry) for entry in difference]
        return False if False in outcomes else (None if None in outcomes else True)
    return is_zero(difference)


def _simplify_verdict(reference, answer, options):
    return _decide(reference, answer, options, lambda e: sp.simplify(e) == 0)


def _equals_verdict(reference, answer, options):
    return _decide(reference, answer, options, lambda e: e.equals(0))


def _symopt_verdict(reference, answer, options):
    return check_answer(reference, answer, seconds=PAIR_SECONDS, **options).equivalent


def _timed_verdict(func, case):
    _, _, reference, answer, _, options = case
    start = time.perf_counter()
    try:
        if func is _symopt_verdict:   # symopt bounds its own work
            verdict = func(reference, answer, options)
        else:
            verdict = call_with_budget(func, reference, answer, options, seconds=PAIR_SECONDS)
    except BudgetExceeded:
        verdict = None
    except Exception:   # a baseline that raises has not decided
        verdict = None
    return verdict, time.perf_counter() - start


def corpus_table(cases=CASES):
    """Rows (checker, correct, false, undetermined, median s, max s) on the public corpus."""
    rows = []
    for label, func in (("symopt check", _symopt_verdict), ("simplify(a - b) == 0", _simplify_verdict),
                        ("sympy equals", _equals_verdict)):
        correct = false = undetermined = 0
        times = []
        for case in cases:
            verdict, seconds = _timed_verdict(func, case)
            times.append(seconds)
            if verdict is None:
                undetermined += 1
            elif bool(verdict) is case[4]:
                correct += 1
            else:
                false += 1
        rows.append((label, correct, false, undetermined, statistics.median(times), max(times)))
    return rows


def print_corpus_table(rows, total):
    print(f"Public graders' corpus: {total} answer pairs (sympy, MITx/edX, STACK, WeBWorK, issue 14, binomials)")
    print(f"| checker | correct | false | undetermined | median s | max s |")
    print("|---|---|---|---|---|---|")
    for label, correct, false, undetermined, median, largest in rows:
        print(f"| {label} | {correct} | {false} | {undetermined} | {median:.3f} | {largest:.2f} |")

REFERENCE = "((1-b)/(1+b))^k"
OPTIONS = {"integer": "k", "assume": "0<b<=1"}
#: (answer, truly equivalent?) — answers students give to the exercise's y_k
ANSWERS = [
    ("((1-b)/(1+b))^k", True),
    ("(-1)^k*((b-1)/(b+1))^k", True),
    ("(-(b-1)/(b+1))^k", True),
    ("(1-b)^k/(1+b)^k", True),
    ("(-1)^k*(b-1)^k*(b+1)^(-k)", True),
    ("((b-1)/(b+1))^k*cos(pi*k)", True),
    ("((b-1)/(b+1))^k", False),
    ("-((1-b)/(1+b))^k", False),
    ("((1-b)/(1+b))^(k+1)", False),
    ("((1+b)/(1-b))^k", False),
    ("(1-b)^k/(1+b)", False),
    ("((1-b)/(1+b))^(2*k)", False),
]


def _naive(reference, answer):
    """What a plain-sympy grader does (trusted text only: sympify calls eval)."""
    k = sp.Symbol("k", integer=True, nonnegative=True)
    b = sp.Symbol("b", positive=True)
    names = {"k": k, "b": b}
    ref = sp.sympify(reference.replace("^", "**"), locals=names)
    ans = sp.sympify(answer.replace("^", "**"), locals=names)
    return sp.simplify(ref - ans) == 0


def _median_time(func, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def single_checks(repeat=3):
    ref = prepare_reference(REFERENCE, **OPTIONS)
    rows = []
    for answer, truth in ANSWERS:
        t_symopt, verdict = _median_time(lambda: check_answer(ref, answer), repeat)
        t_naive, naive = _median_time(lambda: _naive(REFERENCE, answer), repeat)
        rows.append((answer, truth, verdict.equivalent, verdict.method, t_symopt, naive, t_naive))
    return rows


def make_class(n=300, seed=1):
    """A realistic mix of answers for the exercise's y_k."""
    rng = random.Random(seed)
    correct = [a for a, ok in ANSWERS if ok] + ["(1-b)^k*(1+b)^(-k)", "((-b+1)/(b+1))^k"]
    wrong_sign = ["((b-1)/(b+1))^k", "(b-1)^k/(b+1)^k", "((b-1)/(1+b))^k"]
    wrong_base = ["((1-b)/(1+b))^(k+1)", "((1+b)/(1-b))^k", "(1-b)^k", "(b/(1+b))^k", "((1-b)/(2+b))^k"]
    typos = ["((1-b)/(1+b)^k", "((1-b)/(1+b))^", "((1-b)/(1+b))**k)", "((1-b)(1+b))^k", "((1-b)/(1+b))^K",
             "", "y_k = ((1-b)/(1+b))^k"]
    hostile = ["__import__('os').system('echo hacked')", "9**9**9", "factorial(10**7)", "(" * 5000,
               "x" * 100_000, "().__class__.__base__.__subclasses__()"]
    rows = []
    for i in range(n):
        roll = rng.random()
        pool = correct if roll < 0.5 else wrong_sign if roll < 0.7 else wrong_base if roll < 0.85 else \
            typos if roll < 0.97 else hostile
        rows.append((f"s{i + 1:03d}", rng.choice(pool)))
    return rows


def main():
    rows = corpus_table()
    print_corpus_table(rows, len(CASES))
    if "--corpus-only" in sys.argv:
        return {"corpus": rows}
    print()
    rows = single_checks()
    print("Single checks (answers to the lecture's exercise, y_k; median of 3 runs)")
    print(f"{'answer':34s} {'truth':>6s} {'symopt':>8s} {'method':>9s} {'ms':>7s} {'naive':>6s} {'ms':>7s}")
    for answer, truth, verdict, method, t_s, naive, t_n in rows:
        print(f"{answer:34s} {str(truth):>6s} {str(verdict):>8s} {method:>9s} {t_s * 1000:7.1f} "
              f"{str(naive):>6s} {t_n * 1000:7.1f}")
    med_s = statistics.median(r[4] for r in rows)
    med_n = statistics.median(r[6] for r in rows)
    symopt_wrong = sum(1 for r in rows if r[2] is not None and r[2] != r[1])
    symopt_undecided = sum(1 for r in rows if r[2] is None)
    # the naive grader answers only "equal" or "not shown equal": a correct answer it fails to prove is
    # graded wrong
    naive_wrong = sum(1 for r in rows if r[5] != r[1])
    print(f"\nmedian single check: symopt {med_s * 1000:.1f} ms, naive simplify {med_n * 1000:.1f} ms, "
          f"ratio symopt/naive {med_s / med_n:.2f}")
    print(f"wrong verdicts: symopt {symopt_wrong}/{len(rows)} (undetermined {symopt_undecided}), "
          f"naive {naive_wrong}/{len(rows)} (correct answers it could not prove count as wrong)")

    answers = make_class()
    start = time.perf_counter()
    graded = check_batch(answers, REFERENCE, seconds=5.0, **OPTIONS)
    total = time.perf_counter() - start
    s = summary(graded)
    print(f"\nclass of {len(answers)} answers graded in {total:.1f} s (target < 60 s): "
          f"{s['true']} equivalent, {s['false']} not, {s['undetermined']} undetermined "
          f"({s['unreadable']} unreadable); median {s['seconds_median'] * 1000:.0f} ms, "
          f"slowest {s['seconds_max']:.2f} s")
    return {"median_symopt_s": med_s, "median_naive_s": med_n, "class_seconds": total}


if __name__ == "__main__":
    main()
