"""Start-up time of the ``symopt`` command against ``python -c "import sympy"``.

Each command runs as its own process, round after round (best of ``--runs``,
default 7, so a busy machine slows every command alike), and is reported with
its ratio to the sympy import. Targets: ``symopt --help`` at most 0.35× (it
loads neither sympy nor numpy), ``symopt check "x**2" "x*x"`` at most 1.2×
(sympy plus the checker, nothing else).

The console script is run with this interpreter directly (a pyenv shim would
add a shell's start-up to every run); ``PYTHONPATH`` picks the checkout::

    python benchmarks/bench_startup.py
    PYTHONPATH=/path/to/other/checkout python benchmarks/bench_startup.py --runs 11
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

#: (label, arguments of the symopt command or None for the baseline, target ratio or None)
COMMANDS = (
    ('python -c "import sympy"', None, None),
    ("symopt --help", ["--help"], 0.35),
    ("symopt derive --help", ["derive", "--help"], 0.35),
    ('symopt check "x**2" "x*x"', ["check", "x**2", "x*x"], 1.2),
)


def symopt_command():
    """The console script next to this interpreter, run by it; ``python -m symopt`` where there is none."""
    script = Path(sys.executable).with_name("symopt")
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "symopt"]


def argv_of(arguments):
    if arguments is None:
        return [sys.executable, "-c", "import sympy"]
    return symopt_command() + arguments


def seconds(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def measure(runs):
    """Best time of each command over ``runs`` rounds: ``{label: seconds}``."""
    best = {label: float("inf") for label, _, _ in COMMANDS}
    for label, arguments, _ in COMMANDS:  # one warm-up round: the file cache, .pyc files
        seconds(argv_of(arguments))
    for _ in range(runs):
        for label, arguments, _ in COMMANDS:
            best[label] = min(best[label], seconds(argv_of(arguments)))
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds; each command's best is reported (default 7)")
    args = parser.parse_args()
    best = measure(max(args.runs, 1))
    baseline = best[COMMANDS[0][0]]
    import symopt
    print(f"symopt from {Path(symopt.__file__).parent}; best of {args.runs} runs, as separate processes")
    print(f"{'command':<30} {'seconds':>8} {'ratio':>7}  target")
    failed = False
    for label, _, target in COMMANDS:
        ratio = best[label] / baseline
        verdict = ""
        if target is not None:
            ok = ratio <= target
            failed |= not ok
            verdict = f"<= {target:g}x {'ok' if ok else 'MISSED'}"
        print(f"{label:<30} {best[label]:>8.3f} {ratio:>6.2f}x  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
