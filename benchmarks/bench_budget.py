"""Benchmark of the budget's worker: what running every command in a killable worker costs.

1. ``symopt check "x**2" "x*x"`` as a user runs it (a fresh process): median wall time with the
   worker and with ``SYMOPT_NO_FORK=1`` (the same work in the main process, unbounded).
2. The same command through ``symopt.cli.main`` in an already warm process (no imports): median
   time with the worker and inline, so the ratio shows the fork, the pipe and the memory ceiling.
3. ``check_answer`` from Python, which now runs in its own worker: median time vs inline.

Run: ``python benchmarks/bench_budget.py``
"""

import contextlib
import io
import os
import statistics
import subprocess
import sys
import time

COMMAND = ["check", "x**2", "x*x"]


def _median_seconds(run, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextlib.contextmanager
def _inline(enabled):
    previous = os.environ.get("SYMOPT_NO_FORK")
    if enabled:
        os.environ["SYMOPT_NO_FORK"] = "1"
    else:
        os.environ.pop("SYMOPT_NO_FORK", None)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SYMOPT_NO_FORK", None)
        else:
            os.environ["SYMOPT_NO_FORK"] = previous


def _worker_and_inline(run, repeat):
    """Median seconds of ``run`` with the budget worker, then with the command run inline."""
    with _inline(False):
        worker = _median_seconds(run, repeat)
    with _inline(True):
        inline = _median_seconds(run, repeat)
    return worker, inline


def _fresh_process(repeat=7):
    def run():
        subprocess.run([sys.executable, "-m", "symopt", *COMMAND], check=True, capture_output=True)
    return _worker_and_inline(run, repeat)


def _warm_process(repeat=30):
    from symopt.cli import main

    def run():
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(COMMAND) == 0
    run()
    return _worker_and_inline(run, repeat)


def _api(repeat=30):
    from symopt.check import check_answer

    def run():
        assert check_answer("x**2", "x*x").equivalent is True
    run()
    return _worker_and_inline(run, repeat)


def main():
    print("what                                   worker (s)  inline (s)  ratio")
    for label, (worker, inline) in (("symopt check, fresh process", _fresh_process()),
                                    ("symopt.cli.main, warm process", _warm_process()),
                                    ("check_answer from Python", _api())):
        print(f"{label:<38} {worker:>10.4f}  {inline:>10.4f}  {worker / inline:>5.2f}")


if __name__ == "__main__":
    main()
