"""The hostile corpus: every formula x (check, analyze, derive), option abuse and diverging runs.

For every command: nothing the user typed is executed (canary file), no internal error (exit 3),
an error is exactly one line on stderr, the command ends within its budget + 2 s, and its peak
memory (command and workers) stays under 1 GB. The whole corpus is ``slow`` (CI runs it); a sample
of about twenty cases runs in the default suite.
"""

import json

import pytest

from command_runner import run_commands
from hostile_inputs import DIVERGING_RUNS, HOSTILE, MORE_HOSTILE, OPTION_ABUSE, canaries

from symopt.cli.common import DEFAULT_TIMEOUT

BUDGET = 3.0
SAMPLE_BUDGET = 2.0
SLACK = 2.0
MEMORY_KB = 1 << 20  # 1 GB in the kilobytes of ru_maxrss


def formula_commands(texts, budget=BUDGET):
    commands = []
    for text in texts:
        commands.append(["check", "x**2 + 1", text, "--timeout", f"{budget:g}"])
        commands.append(["analyze", text, "--vars", "x,y", "--timeout", f"{budget:g}"])
        commands.append(["derive", "gradient-descent", text, "--vars", "x", "--start", "x=1",
                         "--timeout", f"{budget:g}"])
    return commands


def with_budget(argv, budget=BUDGET):
    if any(a == "--timeout" or a.startswith("--timeout=") for a in argv):
        return list(argv)
    return list(argv) + ["--timeout", f"{budget:g}"]


def budget_of(argv):
    """The budget a command was given (None when the corpus case abuses --timeout itself)."""
    for i, a in enumerate(argv):
        text = a.split("=", 1)[1] if a.startswith("--timeout=") else (argv[i + 1] if a == "--timeout" else None)
        if text is not None:
            try:
                value = float(text)
            except ValueError:
                return None
            return value if 0 < value < 1e6 else None
    return DEFAULT_TIMEOUT.get(argv[0]) if argv else None


def problems(results):
    """Every broken promise, one line each."""
    found = []
    for r in results:
        budget = budget_of(r.argv)
        if r.status is None:
            found.append(f"HUNG (killed by the watchdog): {r.describe()}")
            continue
        if r.status not in (0, 1, 2, 4):
            found.append(f"exit {r.status}: {r.describe()}")
        if r.status == 2 and len(r.stderr_lines) != 1:
            found.append(f"error not one line ({len(r.stderr_lines)}): {r.describe()}")
        if r.status != 2 and len(r.stderr_lines) > 1:
            found.append(f"{len(r.stderr_lines)} stderr lines: {r.describe()}")
        if budget is not None and "--batch" not in r.argv and r.seconds > budget + SLACK:
            found.append(f"past budget {budget:g} + {SLACK:g} s: {r.describe()}")
        if r.peak_kb > MEMORY_KB:
            found.append(f"peak memory {r.peak_kb / 1024:.0f} MB: {r.describe()}")
        if r.evaluated:
            found.append(f"EXECUTED user text: {r.describe()}")
        if r.status in (0, 4) and "--json" in r.argv and r.stdout.strip():
            try:
                json.loads(r.stdout)
            except ValueError:
                found.append(f"invalid JSON: {r.describe()}")
    return found


def summary(results):
    slowest = max(results, key=lambda r: r.seconds)
    heaviest = max(results, key=lambda r: r.peak_kb)
    counts = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    return (f"{len(results)} commands, exit statuses {dict(sorted(counts.items(), key=str))}; slowest "
            f"{slowest.seconds:.2f} s ({slowest.describe()[:120]}); peak memory {heaviest.peak_kb / 1024:.0f} MB "
            f"({heaviest.describe()[:120]})")


def _check(commands, tmp_path, budget=BUDGET):
    marker = tmp_path / "canary-evaluated"
    results = run_commands(commands, canary_marker=str(marker))
    print(summary(results))
    found = problems(results)
    canary = tmp_path / "canary"
    assert not canary.exists(), "a canary program ran"
    assert not marker.exists(), marker.read_text()
    assert not found, f"{len(found)} of {len(results)} commands broke a promise:\n" + "\n".join(found[:40])
    return results


# --- the default suite: a representative sample ---------------------------------------------------

SAMPLE_FORMULAS = ["exp(exp(exp(exp(x))))", "1e-99999999", "Heaviside((a+1)**1000 - b)", "9**9**9",
                   "(" * 100 + "x" + ")" * 100]
SAMPLE_COMMANDS = [
    ["check", "x = 1", "(x+y+z+w)**1000 = 0"],
    ["analyze", "sin(x)**1000 + cos(x)**1000", "--vars", "x,y"],
    ["derive", "gradient-descent", "(x+y+z)**200", "--vars", "x", "--start", "x=1"],
    ["analyze", "x**2+y**2", "--vars", "x,y", "--timeout", "nan"],
    ["analyze", "x**2", "--vars", ",".join(f"v{i}" for i in range(1000))],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1", "--lr=1e-99999999"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1", "--lr=1e-99999999"],
    ["check", "x", "x", "--tolerance=nan"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "1/(k-1)"],
]


def test_a_sample_of_the_corpus_keeps_every_promise(tmp_path):
    canary = str(tmp_path / "canary")
    commands = formula_commands(SAMPLE_FORMULAS[:2], SAMPLE_BUDGET)
    commands += [["check", "x**2 + 1", text, "--timeout", f"{SAMPLE_BUDGET:g}"] for text in canaries(canary)[:2]]
    commands += [with_budget(c, SAMPLE_BUDGET) for c in SAMPLE_COMMANDS]
    commands += [["check", "x**2 + 1", text, "--timeout", f"{SAMPLE_BUDGET:g}"] for text in SAMPLE_FORMULAS[2:]]
    assert len(commands) >= 20
    _check(commands, tmp_path, SAMPLE_BUDGET)


# --- the whole corpus (slow) --------------------------------------------------------------------------

@pytest.mark.slow
def test_every_hostile_formula_in_every_command(tmp_path):
    texts = HOSTILE + MORE_HOSTILE + canaries(str(tmp_path / "canary"))
    assert len(texts) >= 160
    _check(formula_commands(texts), tmp_path)


@pytest.mark.slow
def test_every_option_abuse(tmp_path):
    assert len(OPTION_ABUSE) >= 100
    _check([with_budget(c) for c in OPTION_ABUSE], tmp_path)


@pytest.mark.slow
def test_every_diverging_run(tmp_path):
    assert len(DIVERGING_RUNS) >= 50
    _check([with_budget(c) for c in DIVERGING_RUNS], tmp_path)
