"""The one budget: a deadline and a memory ceiling for all work on user input, and no orphan workers."""

import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sympy as sp

from symopt import budget
from symopt.budget import call_with_budget, check_seconds, run_budgeted
from symopt.cli import main
from symopt.errors import BudgetExceeded, SymoptError

ROOT = Path(__file__).resolve().parents[1]


def test_result_is_returned():
    x = sp.Symbol("x")
    assert call_with_budget(sp.factor, x**2 - 1) == (x - 1) * (x + 1)


def test_hanging_work_is_killed_on_time():
    started = time.perf_counter()
    with pytest.raises(BudgetExceeded):
        call_with_budget(time.sleep, 30, seconds=0.5)
    assert time.perf_counter() - started < 3


def test_exceptions_of_the_work_are_re_raised():
    with pytest.raises(ZeroDivisionError):
        call_with_budget(divmod, 1, 0)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 0, -5, "nan", "abc", None, 1e-400])
def test_a_budget_is_a_positive_finite_number(bad):
    with pytest.raises(SymoptError):
        check_seconds(bad)


def _publish_then_hang():
    budget.report_partial({"done": 1, "pending": None}, "done = 1")
    time.sleep(60)


def test_the_last_partial_result_survives_the_deadline():
    started = time.perf_counter()
    outcome = run_budgeted(_publish_then_hang, seconds=1.0)
    assert time.perf_counter() - started < 4
    assert outcome.status == "timeout"
    assert outcome.partial == ({"done": 1, "pending": None}, "done = 1")
    assert "1 s" in outcome.message


def _nested_step_asks_for_more_than_is_left():
    started = time.perf_counter()
    try:
        call_with_budget(time.sleep, 60, seconds=30)
    except BudgetExceeded:
        return time.perf_counter() - started
    return None


def test_a_nested_step_gets_only_what_is_left_of_the_deadline():
    outcome = run_budgeted(_nested_step_asks_for_more_than_is_left, seconds=1.5)
    # the step was cut at the enclosing deadline, and the worker still had time to answer
    assert outcome.status == "ok"
    assert outcome.value is not None and outcome.value < 2.0


def _allocate(gigabytes):
    blocks = []
    for _ in range(gigabytes * 16):
        blocks.append(bytes(64 << 20))  # calloc: address space without touching the pages
    return len(blocks)


def test_the_memory_ceiling_stops_a_worker_with_an_answer():
    outcome = run_budgeted(_allocate, 4, seconds=20)
    assert outcome.status in ("memory", "died")
    assert "memory" in outcome.message


def test_warnings_of_the_work_are_silent(capfd):
    def noisy():
        import warnings

        import numpy as np
        warnings.warn("a warning nobody should see")
        return float(np.float64(1.0) / np.float64(0.0))
    assert run_budgeted(noisy, seconds=5).value == math.inf
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


# --- the command line -------------------------------------------------------------------------

_COMMANDS = [
    ["analyze", "x**2+y**2", "--vars", "x,y"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1"],
    ["schedule", "1/k"],
    ["check", "x**2", "x*x"],
    ["lecture", "cliff"],
]


_BAD_TIMEOUTS = [(command, value) for command in _COMMANDS for value in ("nan", "-5")] + [
    (_COMMANDS[0], value) for value in ("inf", "-inf", "0", "1e-400")]


@pytest.mark.parametrize("command, timeout", _BAD_TIMEOUTS, ids=lambda c: c[0] if isinstance(c, list) else c)
def test_every_command_refuses_a_budget_that_is_not_a_positive_finite_number(command, timeout, capsys):
    assert main([*command, f"--timeout={timeout}"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--timeout" in err, err


def test_a_command_past_its_budget_answers_with_what_it_finished(capsys):
    started = time.perf_counter()
    status = main(["analyze", "sin(x)**1000 + cos(x)**1000", "--vars", "x,y", "--timeout", "3", "--json"])
    elapsed = time.perf_counter() - started
    captured = capsys.readouterr()
    assert status == 4
    assert elapsed < 3 + 2
    import json
    payload = json.loads(captured.out)
    assert payload["gradient"] is not None and payload["critical_points"] is None
    assert "within 3 s" in payload["incomplete"]
    assert len(captured.err.splitlines()) == 1


def test_a_check_past_its_budget_is_undetermined(capsys):
    assert main(["check", "x**2", "exp(exp(exp(exp(x))))", "--timeout", "2"]) == 4
    captured = capsys.readouterr()
    assert captured.out.startswith("undetermined")
    assert len(captured.err.splitlines()) == 1


# --- no orphans ---------------------------------------------------------------------------------

def _parents():
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    return parents


def _descendants(pid):
    parents = _parents()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids):
    alive = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                if handle.read().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.add(pid)
        except OSError:
            pass
    return alive


def _wait_for_descendants(process, count, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = _descendants(process.pid)
        if len(found) >= count:
            return found
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"the command did not start {count} worker(s)")


def _environment():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _kill_and_check(process, workers, signum):
    os.kill(process.pid, signum)
    process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(workers), f"workers {sorted(_alive(workers))} survived signal {signum}"


_SIGNALS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL]
#: One signal in the default suite (each case starts a command); all of them in the slow run.
_SIGNAL_CASES = [pytest.param(s, marks=() if s == signal.SIGKILL else pytest.mark.slow) for s in _SIGNALS]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", _SIGNAL_CASES, ids=lambda s: signal.Signals(s).name)
def test_a_killed_command_leaves_no_worker_behind(signum):
    process = subprocess.Popen([sys.executable, "-m", "symopt", "check", "x**2", "exp(exp(exp(exp(x))))",
                                "--timeout", "120"], env=_environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _wait_for_descendants(process, 1)
    time.sleep(0.5)  # let the worker get to the hanging part
    workers |= _descendants(process.pid)
    _kill_and_check(process, workers, signum)
    if signum != signal.SIGKILL:
        assert process.returncode in (128 + signum, -signum, 130)


_NESTED = textwrap.dedent("""
    import time
    from symopt.budget import call_with_budget, run_budgeted

    def hang_in_a_nested_step():
        call_with_budget(time.sleep, 600, seconds=300)

    print(run_budgeted(hang_in_a_nested_step, seconds=300))
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", _SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_killed_caller_leaves_no_nested_worker_behind(signum):
    process = subprocess.Popen([sys.executable, "-c", _NESTED], env=_environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _wait_for_descendants(process, 2)  # the worker and its nested step
    _kill_and_check(process, workers, signum)


@pytest.mark.parametrize("inline", [False, True], ids=["worker", "inline"])
def test_numeric_warnings_never_reach_stderr(inline, monkeypatch, capfd):
    if inline:
        monkeypatch.setenv("SYMOPT_NO_FORK", "1")
    # Newton on exp from x = 1000 overflows float64 at every step
    assert main(["run", "newton", "exp(x)", "--vars", "x", "--start", "x=1000", "--steps", "5"]) == 0
    assert capfd.readouterr().err == ""
