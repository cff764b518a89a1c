"""Time budgets for symbolic work that may not terminate.

sympy has no time limits (``simplify``, ``solve`` and friends can run for
hours on innocent-looking input), and a thread cannot be stopped, so work that
must end on time runs in a forked worker process that is killed when its
budget runs out.
"""

import multiprocessing
import os
import time
import traceback

from .errors import BudgetExceeded

DEFAULT_SECONDS = 5.0


def _child(conn, func, args, kwargs):
    try:
        conn.send(("ok", func(*args, **kwargs)))
    except BaseException as exc:  # reported to the parent, which decides
        try:
            conn.send(("error", exc))
        except Exception:
            conn.send(("error", RuntimeError(traceback.format_exc(limit=3))))
    finally:
        conn.close()


def call_with_budget(func, *args, seconds=DEFAULT_SECONDS, **kwargs):
    """Run ``func(*args, **kwargs)`` in a worker process for at most ``seconds``.

    Returns the function's result; re-raises its exception; raises
    :class:`~symopt.errors.BudgetExceeded` if the worker had to be killed.
    Without ``fork`` (not on Linux/macOS) the call runs inline, unbounded.

    Examples
    ========
    >>> from symopt.budget import call_with_budget
    >>> call_with_budget(sum, [1, 2, 3], seconds=5)
    6
    """
    if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("SYMOPT_NO_FORK"):
        return func(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(sender, func, args, kwargs), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise BudgetExceeded(f"gave up after {seconds:g} s")
        status, payload = receiver.recv()
    except EOFError:
        raise BudgetExceeded("worker process died without an answer") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(timeout=1)
        receiver.close()
    if status == "error":
        raise payload
    return payload


def remaining(deadline):
    """Seconds left until ``deadline`` (a ``time.perf_counter()`` value), at least 0.01."""
    return max(deadline - time.perf_counter(), 0.01)
