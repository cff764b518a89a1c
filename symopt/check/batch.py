"""Grading a class: check many answers against one reference, write a CSV and a Markdown report.

The reference is parsed once; every row is checked in its own killable worker
with its own time budget, inside the run's budget, and nothing a row contains —
a megabyte of text, an answer that makes sympy hang or crash — stops the
batch: such a row gets an "undetermined" verdict with a message. Rows are
yielded (and written by the command line) as they finish, so a killed run
keeps every finished row. The answers file has one answer per line; a
malformed line (an unclosed quote, a missing answer column) is an error naming
the line, or with ``lenient`` that row alone is graded unreadable.
"""

import csv
import io
import multiprocessing
import os
import signal
import statistics
import time
from dataclasses import dataclass

from .checker import Verdict, check_answer, prepare_reference
from ..errors import SymoptError

#: Largest answers file read (bytes); larger files are refused with a clear message.
MAX_FILE_BYTES = 50 * 1024 * 1024
_HEADER_IDS = {"id", "student", "student_id", "student id", "studentid", "name", "login", "user"}
_HEADER_ANSWERS = {"answer", "answers", "response", "submission", "solution"}
RESULT_COLUMNS = ("id", "verdict", "method", "counterexample", "reference_value", "answer_value",
                  "message", "seconds")


@dataclass(frozen=True)
class GradedAnswer:
    """One row of a graded class: the student id, their answer text and the verdict."""

    id: str
    answer: str
    verdict: Verdict

    def to_row(self):
        """The row of the results CSV (see :data:`RESULT_COLUMNS`)."""
        v = self.verdict
        counter = "; ".join(f"{k}={val}" for k, val in (v.counterexample or {}).items())
        return {"id": self.id, "verdict": v.label, "method": v.method, "counterexample": counter,
                "reference_value": v.reference_value or "", "answer_value": v.answer_value or "",
                "message": v.message, "seconds": f"{v.seconds:.3f}"}


class UnreadableRow(str):
    """The answer slot of a CSV line that could not be read (the text is the reason)."""


def read_answers(path, lenient=False):
    """Rows ``(student_id, answer)`` of a CSV file (see :func:`answers_from_csv`)."""
    return answers_from_csv(_read_file(path), lenient=lenient, source=str(path))


def answers_from_csv(text, lenient=False, source="the answers"):
    """Rows ``(student_id, answer)`` from CSV text, one answer per line; the header row is optional.

    A row with more than two fields is taken as an id followed by an unquoted
    answer that contained commas (``s1,(1, 2)``); ``s1,`` is an empty answer
    (graded "undetermined"); blank lines are skipped. A line with an unclosed
    quote or without an answer column raises :class:`~symopt.errors.SymoptError`
    naming the line — or, with ``lenient``, becomes a row whose answer is an
    :class:`UnreadableRow`, and the other lines are read as usual.

    >>> answers_from_csv("student_id,answer\\ns1,b^2\\ns2,\\"(1, 2)\\"\\ns3,(1, 2)\\n")
    [('s1', 'b^2'), ('s2', '(1, 2)'), ('s3', '(1, 2)')]
    >>> rows = answers_from_csv('s1,x\\ns2,"x + 1\\ns3,x\\n', lenient=True)
    >>> [(student, type(answer).__name__) for student, answer in rows]
    [('s1', 'str'), ('s2', 'UnreadableRow'), ('s3', 'str')]
    """
    previous = csv.field_size_limit()
    # one huge cell must become one "too long" verdict, not a CSV error that stops the batch
    csv.field_size_limit(max(previous, len(text) + 1))
    out = []
    try:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            problem = None
            try:
                # one line at a time: an unclosed quote cannot swallow the lines after it
                row = next(csv.reader([line], strict=True))
            except csv.Error as exc:
                row, problem = [line.split(",", 1)[0]], f"unclosed quote or malformed CSV ({exc})"
            if problem is None and len(out) == 0 and len(row) >= 2 and \
                    row[0].strip().lower() in _HEADER_IDS and row[1].strip().lower() in _HEADER_ANSWERS:
                continue
            if problem is None and len(row) < 2:
                problem = "no answer column (expected: student id, answer)"
            student = row[0].strip().strip('"') or f"line {number}"
            if problem is not None:
                if not lenient:
                    raise SymoptError(f"{source}, line {number}: {problem}; fix the line or use --lenient")
                out.append((student, UnreadableRow(f"line {number}: {problem}")))
                continue
            out.append((student, ",".join(row[1:]).strip()))
    finally:
        csv.field_size_limit(previous)
    return out


def _read_file(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SymoptError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise SymoptError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data.decode("utf-8-sig", errors="replace")


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
    from .checker import DEFAULT_FLOOR, check_options
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
        verdict = Verdict(verdict.equivalent, verdict.method, verdict.message, verdict.counterexample,
                          verdict.reference_value, verdict.answer_value, time.perf_counter() - row_start,
                          verdict.component)
        yield GradedAnswer(student, answer, verdict)


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


def csv_row(item):
    """One graded answer as a line of the results CSV (spreadsheet-safe, with its newline).

    >>> csv_row(GradedAnswer("=1+1", "x", Verdict(True, "symbolic", "ok")))
    "'=1+1,true,symbolic,,,,ok,0.000\\n"
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RESULT_COLUMNS, lineterminator="\n")
    row = item.to_row()
    # a cell starting with = + - @ is run as a formula by spreadsheets; quote it as text
    row["id"] = _spreadsheet_safe(row["id"])
    row["message"] = _spreadsheet_safe(row["message"])
    writer.writerow(row)
    return buffer.getvalue()


def csv_header():
    """The header line of the results CSV."""
    return ",".join(RESULT_COLUMNS) + "\n"


def results_csv(graded):
    """The results as CSV text with the columns :data:`RESULT_COLUMNS`.

    >>> g = check_batch([("s1", "x + 1")], "(x**2 - 1)/(x - 1)")
    >>> results_csv(g).splitlines()[0]
    'id,verdict,method,counterexample,reference_value,answer_value,message,seconds'
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=RESULT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in graded:
        row = item.to_row()
        # a cell starting with = + - @ is run as a formula by spreadsheets; quote it as text
        row["id"] = _spreadsheet_safe(row["id"])
        row["message"] = _spreadsheet_safe(row["message"])
        writer.writerow(row)
    return buffer.getvalue()


def summary(graded):
    """Counts and timings: ``{"total", "true", "false", "undetermined", "unreadable", "seconds_total", ...}``."""
    times = [g.verdict.seconds for g in graded]
    out = {"total": len(graded), "true": 0, "false": 0, "undetermined": 0,
           "unreadable": sum(1 for g in graded if g.verdict.method == "parse")}
    for g in graded:
        out[g.verdict.label] += 1
    out["seconds_total"] = round(sum(times), 3)
    out["seconds_median"] = round(statistics.median(times), 4) if times else 0.0
    out["seconds_max"] = round(max(times), 3) if times else 0.0
    return out


def report_markdown(graded, reference_text, title="Answer check report", options=None):
    """A Markdown report: the reference, the options, a summary and one table row per student.

    >>> g = check_batch([("s1", "x + 1"), ("s2", "x - 1")], "x + 1")
    >>> print(report_markdown(g, "x + 1").splitlines()[0])
    # Answer check report
    """
    s = summary(graded)
    lines = [f"# {_md(title)}", "", f"Reference: `{_code(reference_text)}`", ""]
    if options:
        lines += ["Options: " + ", ".join(f"{_md(k)} = `{_code(v)}`" for k, v in options.items() if v), ""]
    lines += ["## Summary", "", "| verdict | count |", "|---|---|",
              f"| equivalent | {s['true']} |", f"| not equivalent | {s['false']} |",
              f"| undetermined | {s['undetermined']} |", f"| (of which unreadable) | {s['unreadable']} |",
              f"| **total** | **{s['total']}** |", "",
              f"Checking took {s['seconds_total']:.1f} s in total (median {s['seconds_median'] * 1000:.0f} ms "
              f"per answer, slowest {s['seconds_max']:.2f} s).", "", "## Answers", "",
              "| id | answer | verdict | method | counterexample | message |", "|---|---|---|---|---|---|"]
    for g in graded:
        row = g.to_row()
        answer = g.answer if len(g.answer) <= 80 else g.answer[:77] + "..."
        lines.append(f"| {_md(g.id)} | `{_code(answer)}` | {row['verdict']} | {row['method']} | "
                     f"{_md(row['counterexample'])} | {_md(row['message'])} |")
    return "\n".join(lines) + "\n"


def _md(text):
    text = " ".join(str(text).split())
    for ch in "\\|*_`<>[]#":
        text = text.replace(ch, "\\" + ch)
    return text


def _code(text):
    return " ".join(str(text).split()).replace("`", "'").replace("|", "\\|")


def _spreadsheet_safe(value):
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not _is_number(value) else value


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True
