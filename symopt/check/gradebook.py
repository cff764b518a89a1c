"""Gradebook formats for checked answers: Gradescope's ``results.json`` and symopt's CSV.

A graded batch (:func:`symopt.check.batch.check_batch`) becomes a Gradescope
autograder result (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
one test per row, named by the row's id, with ``score``/``max_score`` and an
``output`` that states the verdict, the message and the counterexample, so the
student sees *where* their answer differs. An equivalent answer scores
``max_score``; a wrong or undetermined one scores 0 (``status`` says which), since a
timeout or an unreadable answer is never silently counted as right.

A Gradescope ``results.json`` describes one submission. Use the id column for
the parts of one student's submission (``1a``, ``1b``, ...) inside an autograder,
or for student ids to export a whole class as one file of tests.

>>> from symopt.check.batch import check_batch
>>> graded = check_batch([("1a", "x + 1"), ("1b", "x - 1")], "(x**2 - 1)/(x - 1)")
>>> results = gradescope_results(graded, max_score=2)
>>> results["score"], [t["score"] for t in results["tests"]]
(2.0, [2.0, 0.0])
"""

import json

from ..errors import SymoptError
from .results import results_csv

__all__ = ["REPORT_FORMATS", "VISIBILITIES", "gradescope_results", "gradescope_test", "write_report"]

REPORT_FORMATS = ("csv", "gradescope")
"""Formats of ``symopt check --batch --report-format``."""
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
"""Gradescope's visibility settings."""


def _verdict_output(answer, verdict):
    lines = [f"answer: {answer}", f"verdict: {_headline(verdict)} ({verdict.method})", verdict.message]
    if verdict.counterexample:
        lines.append("counterexample: " + ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items()))
        if verdict.reference_value is not None or verdict.answer_value is not None:
            lines.append(f"there the reference is {verdict.reference_value} and your answer {verdict.answer_value}")
    return "\n".join(lines)


def _headline(verdict):
    return {True: "equivalent", False: "not equivalent"}.get(verdict.equivalent, "undetermined")


def gradescope_test(graded_answer, max_score=1.0, number=None, visibility="visible"):
    """One Gradescope test object for one :class:`~symopt.check.results.GradedAnswer`.

    >>> from symopt.check.batch import check_batch
    >>> test = gradescope_test(check_batch([("s1", "x - 1")], "x + 1")[0])
    >>> test["score"], test["status"], test["name"]
    (0.0, 'failed', 's1')
    >>> print(test["output"].splitlines()[1])
    verdict: not equivalent (sampling)
    """
    _check_visibility(visibility)
    verdict = graded_answer.verdict
    score = float(max_score) if verdict.equivalent is True else 0.0
    test = {"score": score, "max_score": float(max_score), "name": str(graded_answer.id),
            "output": _verdict_output(graded_answer.answer, verdict), "tags": [verdict.label, verdict.method],
            "visibility": visibility, "status": "passed" if verdict.equivalent is True else "failed",
            "extra_data": {"verdict": verdict.label, "counterexample": dict(verdict.counterexample or {}),
                           "seconds": round(verdict.seconds, 4)}}
    if number is not None:
        test["number"] = str(number)
    return test


def gradescope_results(graded, max_score=1.0, visibility="visible", stdout_visibility="hidden", title=None):
    """A Gradescope autograder ``results.json`` (as a dict) with one test per graded row.

    ``max_score`` is the points of an equivalent answer, one number for every row
    or a list with one number per row. ``score`` is the sum of the tests' scores;
    ``execution_time`` the checking time in seconds; ``output`` a one-line summary;
    ``extra_data`` the counts of verdicts.
    """
    _check_visibility(visibility)
    _check_visibility(stdout_visibility)
    graded = list(graded)
    scores = list(max_score) if isinstance(max_score, (list, tuple)) else [max_score] * len(graded)
    if len(scores) != len(graded):
        raise SymoptError(f"{len(scores)} max scores for {len(graded)} answers")
    if not all(isinstance(score, (int, float)) and score > 0 for score in scores):
        raise SymoptError("the score of an answer (max_score) must be a positive number")
    tests = [gradescope_test(g, score, number=i, visibility=visibility)
             for i, (g, score) in enumerate(zip(graded, scores), 1)]
    counts = {"true": 0, "false": 0, "undetermined": 0}
    for g in graded:
        counts[g.verdict.label] += 1
    seconds = sum(g.verdict.seconds for g in graded)
    summary = (f"{len(graded)} answers: {counts['true']} equivalent, {counts['false']} not equivalent, "
               f"{counts['undetermined']} undetermined")
    return {"score": float(sum(t["score"] for t in tests)), "execution_time": int(round(seconds)),
            "output": (f"{title}: " if title else "") + summary, "visibility": visibility,
            "stdout_visibility": stdout_visibility, "extra_data": {"counts": counts}, "tests": tests}


def write_report(graded, report_format="csv", **options):
    """The text of a batch's results in ``report_format`` (one of :data:`REPORT_FORMATS`).

    ``csv`` is :func:`symopt.check.results.results_csv`; ``gradescope`` is
    :func:`gradescope_results` as JSON (``options`` go to it).

    >>> from symopt.check.batch import check_batch
    >>> print(write_report(check_batch([("s1", "x")], "x"), "csv").splitlines()[1][:7])
    s1,true
    """
    if report_format == "csv":
        return results_csv(graded)
    if report_format == "gradescope":
        return json.dumps(gradescope_results(graded, **options), indent=2) + "\n"
    raise SymoptError(f"unknown report format {report_format!r}; choose one of {', '.join(REPORT_FORMATS)}")


def _check_visibility(value):
    if value not in VISIBILITIES:
        raise SymoptError(f"unknown visibility {value!r}; choose one of {', '.join(VISIBILITIES)}")
