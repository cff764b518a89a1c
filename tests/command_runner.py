"""Run ``symopt`` commands the way the console script does, two at a time, and measure each.

Each command runs in a process forked from the test process (so nothing is imported again) that
calls :func:`symopt.cli.main` with stdout and stderr on files; ``main`` starts its own budgeted
worker as it does for a user. ``os.wait4`` gives the peak resident memory of the command and of
every worker it reaped, and a watchdog kills a command that runs far past its budget.
"""

import builtins
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass

#: A command still running this long is killed and reported as hung (status None).
WATCHDOG_SECONDS = 60.0


@dataclass
class Result:
    argv: list
    status: object   # exit status, or None when the watchdog killed it
    stdout: str
    stderr: str
    seconds: float
    peak_kb: int      # ru_maxrss of the command and the workers it reaped (kilobytes on Linux)
    evaluated: bool   # eval/exec saw a canary path

    @property
    def stderr_lines(self):
        return [line for line in self.stderr.splitlines() if line.strip()]

    def describe(self):
        text = " ".join(a if len(a) < 60 else a[:57] + "..." for a in self.argv)
        return f"{text} -> {self.status} in {self.seconds:.1f} s, stderr {self.stderr[-300:]!r}"


def _child(argv, out, err, canary_marker):
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    if canary_marker:
        _watch_eval(canary_marker)
    from symopt.cli import main
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse errors exit directly, as they do for the console script
        status = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # noqa: BLE001 - reported as an impossible status
        import traceback
        traceback.print_exc()
        status = 99
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status if isinstance(status, int) else 0)


def _watch_eval(marker):
    """Leave a marker file when eval/exec is handed text that mentions the canary (code from user text)."""
    real_eval, real_exec = builtins.eval, builtins.exec

    def spy(real):
        def call(source, globals=None, locals=None, *args, **kwargs):
            if isinstance(source, (str, bytes)) and "canary" in str(source):
                with open(marker, "w") as handle:
                    handle.write(str(source)[:200])
            if globals is None:  # run in the caller's namespace, as the real builtin does
                caller = sys._getframe(1)
                globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
            return real(source, globals, locals, *args, **kwargs)
        return call
    builtins.eval, builtins.exec = spy(real_eval), spy(real_exec)


def run_commands(argvs, parallel=2, canary_marker=None):
    """Run every argv (a list of strings without the program name); a list of :class:`Result`."""
    pending = list(enumerate(argvs))
    running, results = {}, [None] * len(argvs)
    while pending or running:
        while pending and len(running) < parallel:
            index, argv = pending.pop(0)
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                try:
                    _child(argv, out, err, canary_marker)
                finally:
                    os._exit(98)
            running[pid] = (index, argv, out, err, time.perf_counter())
        time.sleep(0.01)
        for pid in list(running):
            index, argv, out, err, started = running[pid]
            waited, status, usage = os.wait4(pid, os.WNOHANG)
            elapsed = time.perf_counter() - started
            if waited == 0:
                if elapsed > WATCHDOG_SECONDS:
                    os.kill(pid, signal.SIGKILL)
                    _, status, usage = os.wait4(pid, 0)
                    results[index] = _result(argv, None, out, err, elapsed, usage)
                    del running[pid]
                continue
            code = os.waitstatus_to_exitcode(status)
            results[index] = _result(argv, code, out, err, elapsed, usage)
            del running[pid]
    if canary_marker:
        for result in results:
            result.evaluated = os.path.exists(canary_marker)
    return results


def _result(argv, status, out, err, elapsed, usage):
    texts = []
    for handle in (out, err):
        handle.seek(0)
        texts.append(handle.read().decode("utf-8", "replace"))
        handle.close()
    return Result(list(argv), status, texts[0], texts[1], elapsed, usage.ru_maxrss, False)
