"""Grading a class: check many answers against one reference, write a CSV and a Markdown report.

The reference is parsed once; every row is checked with its own time budget,
and nothing a row contains — malformed CSV, a megabyte of text, an answer that
makes sympy hang — stops the batch: such a row gets an "undetermined" verdict
with a message.
"""

import csv
import io
import statistics
import time
from dataclasses import dataclass

from .check import Verdict, check_answer, prepare_reference
from .errors import SymoptError

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


def read_answers(path):
    """Rows ``(student_id, answer)`` of a CSV file (see :func:`answers_from_csv`)."""
    return answers_from_csv(_read_file(path))


def answers_from_csv(text):
    """Rows ``(student_id, answer)`` from CSV text; the header row is optional.

    A row with more than two fields is taken as an id followed by an unquoted
    answer that contained commas (``s1,(1, 2)``); a row with one field keeps an
    empty answer (graded "undetermined"); blank rows are skipped.

    >>> answers_from_csv("student_id,answer\\ns1,b^2\\ns2,\\"(1, 2)\\"\\ns3,(1, 2)\\n")
    [('s1', 'b^2'), ('s2', '(1, 2)'), ('s3', '(1, 2)')]
    """
    previous = csv.field_size_limit()
    # one huge cell must become one "too long" verdict, not a CSV error that stops the batch
    csv.field_size_limit(max(previous, len(text) + 1))
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise SymoptError(f"cannot read the answers as CSV: {exc}") from None
    finally:
        csv.field_size_limit(previous)
    out = []
    for index, row in enumerate(rows):
        if not row or all(not cell.strip() for cell in row):
            continue
        if index == 0 and len(row) >= 2 and row[0].strip().lower() in _HEADER_IDS and \
                row[1].strip().lower() in _HEADER_ANSWERS:
            continue
        student = row[0].strip()
        answer = ",".join(row[1:]).strip() if len(row) > 1 else ""
        out.append((student or f"row {index + 1}", answer))
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
                seconds=5.0, seed=0, floor=None, progress=None, answer_format="auto"):
    """Check every ``(student_id, answer)`` row against one reference; a list of :class:`GradedAnswer`.

    The reference and options are validated once (errors there raise
    :class:`~symopt.errors.SymoptError`); each answer gets its own ``seconds``
    budget, and an empty or unreadable answer is graded "undetermined".
    ``progress(done, total, counts, elapsed)`` is called after every row.
    ``answer_format`` (``auto``, ``text``, ``latex``) is how answers are read (see
    :func:`~symopt.check.check_answer`); :mod:`symopt.gradebook` writes the results
    for Gradescope.

    Examples
    ========
    >>> graded = check_batch([("s1", "(-1)^k ((b-1)/(b+1))^k"), ("s2", "((b-1)/(b+1))^k"), ("s3", "((")],
    ...                      "((1-b)/(1+b))^k", integer="k", assume="0<b<=1")
    >>> [(g.id, g.verdict.label) for g in graded]
    [('s1', 'true'), ('s2', 'false'), ('s3', 'undetermined')]
    """
    from .check import DEFAULT_FLOOR
    floor = DEFAULT_FLOOR if floor is None else floor
    ref = prepare_reference(reference, variables=variables, integer=integer, assume=assume)
    rows = list(rows)
    counts = {"true": 0, "false": 0, "undetermined": 0}
    graded = []
    start = time.perf_counter()
    for done, (student, answer) in enumerate(rows, 1):
        student = str(student)
        answer = "" if answer is None else str(answer)
        row_start = time.perf_counter()
        if not answer.strip():
            verdict = Verdict(None, "parse", "no answer given", seconds=0.0)
        else:
            try:
                verdict = check_answer(ref, answer, tolerance=tolerance, mode=mode, seconds=seconds,
                                       seed=seed, floor=floor, answer_format=answer_format)
            except SymoptError as exc:
                verdict = Verdict(None, "parse", f"could not check this answer: {exc}",
                                  seconds=time.perf_counter() - row_start)
            except Exception as exc:  # one bad row never stops the batch; it is reported instead
                verdict = Verdict(None, "error", f"internal error while checking: {type(exc).__name__}",
                                  seconds=time.perf_counter() - row_start)
        graded.append(GradedAnswer(student, answer, verdict))
        counts[verdict.label] += 1
        if progress is not None:
            progress(done, len(rows), dict(counts), time.perf_counter() - start)
    return graded


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
