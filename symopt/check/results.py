"""The results of a graded class: one row per answer, as CSV, as counts and timings, as a Markdown report.

Every text a student wrote is made safe for where it lands: a cell starting with
``=``, ``+``, ``-`` or ``@`` is quoted for spreadsheets, Markdown metacharacters are
escaped in the report.
"""

import csv
import io
import statistics
from dataclasses import dataclass

from .verdict import Verdict

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

    >>> from symopt.check.batch import check_batch
    >>> g = check_batch([("s1", "x + 1")], "(x**2 - 1)/(x - 1)")
    >>> results_csv(g).splitlines()[0]
    'id,verdict,method,counterexample,reference_value,answer_value,message,seconds'
    """
    return csv_header() + "".join(csv_row(item) for item in graded)


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

    >>> from symopt.check.batch import check_batch
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
