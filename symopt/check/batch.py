"""Grading a class: check many answers against one reference, each in its own killable worker.

The reference is parsed once; every row is checked in its own killable worker
with its own time budget, inside the run's budget, and nothing a row contains —
a megabyte of text, an answer that makes sympy hang or crash — stops the
batch: such a row gets an "undetermined" verdict with a message. Rows are
yielded (and written by the command line) as they finish, so a killed run
keeps every finished row. The answers come from :mod:`symopt.check.answers`;
the rows go to :mod:`symopt.check.results` (CSV, Markdown) and
:mod:`symopt.check.gradebook` (Gradescope).
"""

import multiprocessing
import os
import signal
import time
from dataclasses import replace

from ..errors import SymoptError
from .answers import UnreadableRow
from .checker import check_answer
from .options import DEFAULT_FLOOR, check_options
from .reference import prepare_reference
from .results import GradedAnswer
from .verdict import Verdict


def check_batch(rows, reference, variables=None, integer=(), assume=None, tolerance=1e-9, mode="exact",
                seconds=5.0, seed=0, floor=None, progress=None, total_seconds=None, answer_format="auto"):
    """Check every ``(student_id, answer)`` row against one reference; a list of :class:`GradedAnswer`.

    The reference and options are validated once (errors there raise
    :class:`~symopt.errors.SymoptError`); each answer gets its own ``seconds``
    budget (never more than what is left of ``total_seconds``, the whole
    run's), and an empty or unreadable answer is graded "undetermined".
    ``progress(done, total, counts, elapsed)`` is called after every row.
    See :func:`iter_check_batch` for the rows one at a time.
    ``answer_format`` (``auto``, ``text``, ``latex``) is how answers are read (see
    :func:`~symopt.check.check_answer`); :mod:`symopt.check.gradebook` writes the results
    for Gradescope.

    Examples
    ========
    >>> graded = check_batch([("s1", "(-1)^k ((b-1)/(b+1))^k"), ("s2", "((b-1)/(b+1))^k"), ("s3", "((")],
    ...                      "((1-b)/(1+b))^k", integer="k", assume="0<b<=1")
    >>> [(g.id, g.verdict.label) for g in graded]
    [('s1', 'true'), ('s2', 'false'), ('s3', 'undetermined')]
    """
    rows = list(rows)
    counts = {"true": 0, "false": 0, "undetermined": 0}
    graded = []
    start = time.perf_counter()
    for done, item in enumerate(iter_check_batch(rows, reference, variables, integer, assume, tolerance, mode,
                                                 seconds, seed, floor, total_seconds, answer_format), 1):
        graded.append(item)
        counts[item.verdict.label] += 1
        if progress is not None:
            progress(done, len(rows), dict(counts), time.perf_counter() - start)
    return graded


#: Seconds a row's worker gets beyond its budget to report before it is killed.
GRACE_SECONDS = 2.0


def iter_check_batch(rows, reference, variables=None, integer=(), assume=None, tolerance=1e-9, mode="exact",
                     seconds=5.0, seed=0, floor=None, total_seconds=None, answer_format="auto"):
    """Yield a :class:`GradedAnswer` for every row as soon as it is checked (same options as :func:`check_batch`).

    Each answer is checked in a forked worker that is killed (with any worker of its own)
    when the row's budget and a grace of :data:`GRACE_SECONDS` are spent: a hang or a crash
    costs that row only, graded "undetermined".

    >>> [g.verdict.label for g in iter_check_batch([("s1", "x + 1"), ("s2", "x")], "1 + x")]
    ['true', 'false']
    """
    floor = DEFAULT_FLOOR if floor is None else floor
    check_options(tolerance, floor, mode)
    ref = prepare_reference(reference, variables=variables, integer=integer, assume=assume)
    options = dict(tolerance=tolerance, mode=mode, seed=seed, floor=floor, answer_format=answer_format)
    run_deadline = None if total_seconds is None else time.perf_counter() + total_seconds
    for student, answer in rows:
        student = str(student)
        row_start = time.perf_counter()
        if isinstance(answer, UnreadableRow):
            verdict = Verdict(None, "parse", f"unreadable row ({answer})")
            answer = ""
        else:
            answer = "" if answer is None else str(answer)
            budget = seconds if run_deadline is None else min(seconds, run_deadline - row_start)
            if not answer.strip():
                verdict = Verdict(None, "parse", "no answer given")
            elif budget <= 0.05:
                verdict = Verdict(None, "timeout", "not checked: the time budget of the whole run was spent")
            else:
                verdict = _check_isolated(ref, answer, options, budget)
        yield GradedAnswer(student, answer, replace(verdict, seconds=time.perf_counter() - row_start))


def _check_inline(ref, answer, options, seconds):
    try:
        return check_answer(ref, answer, seconds=seconds, **options)
    except SymoptError as exc:
        return Verdict(None, "parse", f"could not check this answer: {exc}")
    except Exception as exc:  # one bad row never stops the batch; it is reported instead
        return Verdict(None, "error", f"internal error while checking: {type(exc).__name__}")


def _row_worker(sender, ref, answer, options, seconds):
    try:
        os.setpgrp()   # its own process group, so that a kill also ends any worker it started
    except OSError:
        pass
    try:
        sender.send(_check_inline(ref, answer, options, seconds))
    finally:
        sender.close()


def _check_isolated(ref, answer, options, seconds):
    """check_answer in a killable process; an undetermined verdict if it hangs or dies."""
    if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("SYMOPT_NO_FORK"):
        return _check_inline(ref, answer, options, seconds)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_row_worker, args=(sender, ref, answer, options, seconds))
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds + GRACE_SECONDS):
            return Verdict(None, "timeout", f"no verdict within the time budget ({seconds:g} s); "
                           "a timeout is never graded wrong")
        return receiver.recv()
    except (EOFError, OSError):
        return Verdict(None, "error", "the check of this answer crashed; it was not graded")
    finally:
        receiver.close()
        _kill_group(worker)


def _kill_group(worker):
    # the group the worker made for itself: its own proof worker goes with it, even after it has exited
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except OSError:
        pass
    if worker.is_alive():
        worker.kill()
    worker.join(timeout=1)
