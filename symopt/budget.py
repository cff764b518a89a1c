"""Time and memory budgets for all work on user input.

sympy has no time limits (``simplify``, ``solve``, ``expand`` and friends can
run for hours, or fill the memory, on innocent-looking input), and a thread
cannot be stopped, so work on user input runs in a forked worker process that
is killed when its budget runs out:

* :func:`run_budgeted` runs a whole computation (a ``symopt`` subcommand, or a
  Python API entry point such as :func:`symopt.check_answer`) in a worker with
  one deadline and a memory ceiling (:data:`MEMORY_LIMIT_BYTES` of address
  space). The worker may publish partial results with :func:`report_partial`;
  when the deadline passes the worker is killed and the caller still gets the
  last partial result.
* :func:`call_with_budget` runs one open-ended step (a proof, a solve) in a
  nested worker; its budget is clipped to what is left of the enclosing
  deadline, so nested steps never outlive the command.

No worker outlives its parent: each asks the kernel to kill it when its parent
dies (``PR_SET_PDEATHSIG`` on Linux), and a parent kills its worker on every
way out (result, deadline, exception, signal).
"""

import io
import math
import os
import pickle
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass

from .errors import BudgetExceeded, SymoptError

from .limits import DEFAULT_SECONDS, MAX_OUTPUT_CHARS, MAX_SECONDS, MEMORY_LIMIT_BYTES  # noqa: F401 (re-exported)

#: Seconds a worker of :func:`run_budgeted` gets past its deadline to hand over a result finished just in
#: time (a nested :func:`call_with_budget` step gets none, so its caller has this time to answer).
GRACE_SECONDS = 0.5

#: ``time.perf_counter()`` value by which the computation of this process must end (set in workers).
_deadline = None
#: Connection to the parent of a worker started by :func:`run_budgeted` (for partial results).
_channel = None


def check_seconds(value, name="the time budget"):
    """``value`` as a float if it is a positive finite number of seconds; otherwise a one-line error.

    Examples
    ========
    >>> check_seconds("2.5")
    2.5
    >>> check_seconds("nan")
    Traceback (most recent call last):
    ...
    symopt.errors.SymoptError: the time budget must be a positive finite number of seconds, got nan
    """
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        raise SymoptError(f"{name} must be a positive finite number of seconds, got {value!r}") from None
    if not (math.isfinite(seconds) and seconds > 0):
        raise SymoptError(f"{name} must be a positive finite number of seconds, got {value}")
    if seconds > MAX_SECONDS:
        raise SymoptError(f"{name} must be at most {MAX_SECONDS:g} seconds (a day), got {value}")
    return seconds


def process_age():
    """Seconds since this process started (0 where the system does not say).

    Examples
    ========
    >>> 0 <= process_age() < 3600 * 24 * 365
    True
    """
    try:
        with open("/proc/self/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return max(time.clock_gettime(time.CLOCK_BOOTTIME) - started, 0.0)
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


def time_left():
    """Seconds left before the enclosing deadline, or None outside a budgeted worker.

    Examples
    ========
    >>> time_left() is None
    True
    """
    if _deadline is None:
        return None
    return _deadline - time.perf_counter()


def clip(seconds):
    """``seconds``, shortened to what is left of the enclosing deadline.

    Raises :class:`~symopt.errors.BudgetExceeded` when nothing is left.

    Examples
    ========
    >>> clip(3.0)
    3.0
    """
    left = time_left()
    if left is None:
        return seconds
    if left <= 0.01:
        raise BudgetExceeded("the time budget is spent")
    return min(seconds, left)


def remaining(deadline):
    """Seconds left until ``deadline`` (a ``time.perf_counter()`` value), at least 0.01.

    Examples
    ========
    >>> remaining(time.perf_counter() - 1)
    0.01
    """
    return max(deadline - time.perf_counter(), 0.01)


def partial_wanted():
    """True inside a worker whose caller collects partial results (so building them is worth it).

    Examples
    ========
    >>> partial_wanted()
    False
    """
    return _channel is not None


def report_partial(payload=None, text=None):
    """Publish what a budgeted computation has finished so far.

    ``payload`` is the JSON answer with ``None`` for the parts still running and
    ``text`` the same for a terminal. When the deadline kills the worker, the
    caller answers with the last report. Outside a worker this does nothing.

    Examples
    ========
    >>> report_partial({"gradient": "2*x", "critical_points": None})
    """
    if _channel is None:
        return
    try:
        _channel.send(("partial", (payload, text)))
    except (OSError, ValueError, pickle.PicklingError):
        pass  # a partial answer is a courtesy; the computation goes on


@dataclass(frozen=True)
class Outcome:
    """How a budgeted computation ended.

    ``status``: ``"ok"`` (``value`` holds the result), ``"timeout"``, ``"memory"``
    (the memory ceiling was hit) or ``"died"`` (the worker ended without an
    answer). ``partial`` is the last ``(payload, text)`` of :func:`report_partial`.
    ``message`` says in one line why there is no full answer.
    """

    status: str
    value: object = None
    partial: tuple = None
    message: str = ""
    seconds: float = 0.0


def run_budgeted(func, *args, seconds, memory=MEMORY_LIMIT_BYTES, stderr=None, **kwargs):
    """Run ``func(*args, **kwargs)`` in a worker with a deadline and a memory ceiling.

    Returns an :class:`Outcome`; an exception of ``func`` is re-raised. The
    worker prints nothing: its Python warnings are silenced, its ``sys.stderr``
    lines are passed to ``stderr`` (a callable taking a string) when given, and
    anything written to the low-level file descriptors 1 and 2 is discarded.
    Inside a worker whose deadline comes less than a second after ``seconds``
    the call runs inline (the enclosing worker is killed at that deadline
    anyway). Without ``fork`` or with ``SYMOPT_NO_FORK`` set it runs inline,
    unbounded.

    Examples
    ========
    >>> run_budgeted(sum, [1, 2, 3], seconds=5).value
    6
    >>> import time
    >>> run_budgeted(time.sleep, 30, seconds=0.5).status
    'timeout'
    """
    seconds = check_seconds(seconds)
    left = time_left()
    if not _can_fork() or (left is not None and seconds >= left - 1.0):
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = func(*args, **kwargs)
        return Outcome("ok", value, seconds=time.perf_counter() - started)
    seconds = clip(seconds)
    return _supervise(_start(func, args, kwargs, seconds, memory_ceiling(memory), capture=True), seconds, stderr)


def memory_ceiling(memory=MEMORY_LIMIT_BYTES):
    """The address-space limit a new worker gets: ``memory``, or more when this process is already large.

    A ``symopt`` command starts at about 250 MB of address space, so its worker
    may use 1 GB in all; a worker forked from a larger process (a test run, a
    notebook) gets at least 256 MB more than its parent already maps.

    Examples
    ========
    >>> memory_ceiling() >= MEMORY_LIMIT_BYTES
    True
    """
    return max(memory, _address_space() + (256 << 20))


def _address_space():
    try:
        with open(f"/proc/{os.getpid()}/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def call_with_budget(func, *args, seconds=DEFAULT_SECONDS, **kwargs):
    """Run ``func(*args, **kwargs)`` in a worker process for at most ``seconds``.

    Returns the function's result; re-raises its exception; raises
    :class:`~symopt.errors.BudgetExceeded` if the worker had to be killed or ran
    out of memory. ``seconds`` is clipped to what is left of the enclosing
    deadline. Without ``fork`` (not on Linux/macOS) the call runs inline.

    Examples
    ========
    >>> from symopt.budget import call_with_budget
    >>> call_with_budget(sum, [1, 2, 3], seconds=5)
    6
    """
    if isinstance(seconds, (int, float)) and not seconds > 0:
        raise BudgetExceeded("no time left for this step")
    seconds = clip(check_seconds(seconds))
    if not _can_fork():
        return func(*args, **kwargs)
    outcome = _supervise(_start(func, args, kwargs, seconds, memory_ceiling(), capture=False), seconds, None,
                         grace=0.0)
    if outcome.status != "ok":
        raise BudgetExceeded(outcome.message)
    return outcome.value


# --- the worker ---------------------------------------------------------------------------------

def _can_fork():
    return hasattr(os, "fork") and not os.environ.get("SYMOPT_NO_FORK")


class _Worker:
    def __init__(self, pid, receiver, started):
        self.pid, self.receiver, self.started = pid, receiver, started

    def kill(self):
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.reap()

    def reap(self):
        """Wait for the worker to end; its exit status (``os.waitpid`` form) or None."""
        if self.pid is None:
            return None
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = None
        self.pid = None
        return status


def _start(func, args, kwargs, seconds, memory, capture):
    from multiprocessing.connection import Pipe
    if sys.platform.startswith("linux"):
        import ctypes  # noqa: F401 - imported once here rather than in every worker
    receiver, sender = Pipe(duplex=False)
    parent = os.getpid()
    started = time.perf_counter()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the worker: never returns
        status = 1
        try:
            receiver.close()
            _become_worker(parent, sender, started + seconds, memory, capture)
            status = _serve(sender, func, args, kwargs)
        finally:
            os._exit(status)
    sender.close()
    return _Worker(pid, receiver, started)


def _become_worker(parent, sender, deadline, memory, capture):
    global _deadline, _channel
    _die_with_parent(parent)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    # a Ctrl-C reaches the whole process group: the parent handles it and kills this worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _deadline = deadline if _deadline is None else min(_deadline, deadline)
    _channel = sender
    if memory is not None:
        _limit_memory(memory)
    warnings.simplefilter("ignore")
    if capture:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)  # C-level noise (e.g. "GNU MP: Cannot allocate memory") is not an answer
        os.close(devnull)
        sys.stdout = _CappedText(getattr(sys.stdout, "encoding", None))
        sys.stderr = _ForwardedText(sender)
    elif isinstance(sys.stderr, _ForwardedText):  # a nested worker must not write into its parent's channel
        sys.stderr = io.StringIO()


def _die_with_parent(parent):
    """Ask the kernel to SIGKILL this process when its parent dies (Linux); exit if it already has."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _limit_memory(limit):
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    for which, value in ((resource.RLIMIT_AS, limit), (resource.RLIMIT_CORE, 0)):
        try:
            soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            if soft == resource.RLIM_INFINITY or soft > value:
                resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass


def _serve(sender, func, args, kwargs):
    """Run the work and send its outcome; the exit status of the worker."""
    try:
        message = ("ok", func(*args, **kwargs))
    except MemoryError:
        message = ("memory", None)
    except BaseException as exc:  # reported to the parent, which decides
        message = ("error", _portable(exc))
    try:
        sender.send(message)
    except MemoryError:
        _send_quietly(sender, ("memory", None))
    except Exception as exc:  # an unpicklable result
        _send_quietly(sender, ("error", RuntimeError(f"the result could not be handed over: {exc}")))
    sender.close()
    return 0


def _send_quietly(sender, message):
    try:
        sender.send(message)
    except Exception:
        pass


def _portable(exc):
    """``exc`` if it survives pickling, else a same-kind stand-in with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        text = f"{type(exc).__name__}: {exc}"
        if os.environ.get("SYMOPT_DEBUG"):
            text += "\n" + "".join(traceback.format_exception(exc))
        return SymoptError(text) if isinstance(exc, SymoptError) else RuntimeError(text)


def _supervise(worker, seconds, stderr, grace=GRACE_SECONDS):
    """Wait for the worker's answer until its deadline; kill it on every way out."""
    partial = None
    hard_deadline = worker.started + seconds + grace
    try:
        while True:
            left = hard_deadline - time.perf_counter()
            if left <= 0 or not worker.receiver.poll(min(left, MAX_SECONDS)):
                worker.kill()
                return Outcome("timeout", partial=partial, message=f"could not finish within {seconds:g} s",
                               seconds=time.perf_counter() - worker.started)
            try:
                kind, data = worker.receiver.recv()
            except (EOFError, OSError):
                status = worker.reap()
                return Outcome("died", partial=partial, message=_death_message(status),
                               seconds=time.perf_counter() - worker.started)
            if kind == "partial":
                partial = data
            elif kind == "stderr":
                if stderr is not None:
                    stderr(data)
            elif kind == "memory":
                return Outcome("memory", partial=partial, message="ran out of memory (the ceiling is "
                               f"{MEMORY_LIMIT_BYTES >> 20} MB)", seconds=time.perf_counter() - worker.started)
            elif kind == "error":
                raise data
            else:
                return Outcome("ok", data, partial, seconds=time.perf_counter() - worker.started)
    finally:
        worker.kill()
        worker.receiver.close()


def _death_message(status):
    if status is not None and os.WIFSIGNALED(status):
        return (f"the computation was stopped by signal {os.WTERMSIG(status)} (most likely it ran out of "
                f"memory; the ceiling is {MEMORY_LIMIT_BYTES >> 20} MB)")
    return "the computation ended without an answer (most likely it ran out of memory)"


class _CappedText(io.StringIO):
    """stdout of a worker: kept for the parent, with a ceiling on its size.

    It reports the encoding of the stdout it stands in for, so that a command
    decides between unicode and ASCII output as it would have without a worker.
    """

    def __init__(self, encoding=None):
        super().__init__()
        self._encoding = encoding or "utf-8"

    @property
    def encoding(self):
        return self._encoding

    def write(self, text):
        if self.tell() + len(text) > MAX_OUTPUT_CHARS:
            raise SymoptError(f"the output would be longer than {MAX_OUTPUT_CHARS:,} characters; "
                              "ask for less (fewer steps, a smaller problem)")
        return super().write(text)


class _ForwardedText(io.TextIOBase):
    """stderr of a worker: each write goes to the parent, which prints it (progress lines)."""

    def __init__(self, sender):
        super().__init__()
        self._sender = sender

    def writable(self):
        return True

    def write(self, text):
        if text:
            self._sender.send(("stderr", text))
        return len(text)
