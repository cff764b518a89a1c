"""Grading hooks for course platforms: PrairieLearn's ``grade(data)`` and Gradescope autograders.

PrairieLearn
============
A question's ``server.py`` calls :func:`grade` from its own ``grade(data)``.
Every name in ``data["correct_answers"]`` is a reference (text, LaTeX is not
accepted there: references are the instructor's plain text); the student's
``data["submitted_answers"][name]`` is checked against it (plain text or LaTeX,
detected automatically) and ``data["partial_scores"][name]`` gets the score 1 or
0, the weight and a feedback message that says where the answers differ.
``data["score"]`` becomes the weighted mean. Options per answer name (``integer``,
``assume``, ``mode``, ``tolerance``, ``seconds``, ``answer_format``, ``weight``)
come from the ``options`` argument or from ``data["params"]["symopt"][name]``::

    # server.py of a PrairieLearn question
    import symopt.check.grading

    def generate(data):
        data["correct_answers"]["xk"] = "b*((b-1)/(b+1))**k"
        data["params"]["symopt"] = {"xk": {"integer": "k", "assume": "0<b<=1"}}

    def grade(data):
        symopt.check.grading.grade(data)

A PrairieLearn *external grader* (a container that reads ``/grade/data/data.json``)
writes :func:`prairielearn_results` to ``/grade/results/results.json``.

Gradescope
==========
An autograder's ``run_autograder`` reads the submission and writes
``/autograder/results/results.json`` with :func:`gradescope_submission` (one test
per part), or runs ``symopt check --batch answers.csv --reference ... --report-format
gradescope --output /autograder/results/results.json`` for one question.
"""

import json

from ..errors import SymoptError
from .checker import check_answer
from .gradebook import gradescope_results
from .results import GradedAnswer
from .verdict import Verdict

__all__ = ["CHECK_OPTIONS", "grade", "grade_answer", "gradescope_submission", "prairielearn_results",
           "write_gradescope_submission"]

CHECK_OPTIONS = ("variables", "integer", "assume", "tolerance", "mode", "seconds", "seed", "floor",
                 "answer_format")
"""Options of :func:`symopt.check.check_answer` that a question may set per answer."""


def grade_answer(reference, answer, **options):
    """``(score, feedback, verdict)`` for one answer: score 1.0 when equivalent, else 0.0.

    A wrong reference or option raises :class:`~symopt.errors.SymoptError` (an
    instructor's error); anything the *student* wrote only lowers the score.

    >>> score, feedback, verdict = grade_answer("((1-b)/(1+b))**k", r"\\left(\\frac{b-1}{b+1}\\right)^k",
    ...                                         integer="k", assume="0<b<=1")
    >>> score, verdict.counterexample
    (0.0, {'k': '1', 'b': '1/2'})
    >>> print(feedback)
    Not equivalent: your answer has the wrong sign for odd k: at k = 1, b = 1/2 your answer gives -1/3, the reference 1/3
    """
    unknown = sorted(set(options) - set(CHECK_OPTIONS))
    if unknown:
        raise SymoptError(f"unknown grading option(s) {', '.join(unknown)}; use {', '.join(CHECK_OPTIONS)}")
    if answer is None or not str(answer).strip():
        verdict = Verdict(None, "parse", "no answer given")
    else:
        verdict = check_answer(reference, str(answer), **options)
    headline = {True: "Correct", False: "Not equivalent"}.get(verdict.equivalent, "Could not decide")
    return (1.0 if verdict.equivalent is True else 0.0), f"{headline}: {verdict.message}", verdict


def grade(data, options=None):
    """Grade a PrairieLearn ``data`` dict in place (and return it); see the module docstring.

    >>> data = {"correct_answers": {"t": "2/(1+gamma)"}, "submitted_answers": {"t": r"\\frac{2}{\\gamma+1}"},
    ...         "params": {}, "partial_scores": {}}
    >>> grade(data)["partial_scores"]["t"]["score"], data["score"]
    (1.0, 1.0)
    """
    options = dict(options or {})
    per_question = dict((data.get("params") or {}).get("symopt") or {})
    references = data.get("correct_answers") or {}
    submitted = data.get("submitted_answers") or {}
    partial = data.setdefault("partial_scores", {})
    total, weights = 0.0, 0.0
    for name, reference in references.items():
        settings = {**per_question.get(name, {}), **options.get(name, {})}
        weight = float(settings.pop("weight", 1))
        score, feedback, verdict = grade_answer(reference, submitted.get(name), **settings)
        partial[name] = {"score": score, "weight": weight, "feedback": feedback,
                         "symopt": verdict.to_json()}
        total += weight * score
        weights += weight
    data["score"] = total / weights if weights else 0.0
    return data


def prairielearn_results(references, answers, max_points=None, options=None):
    """PrairieLearn's external-grader ``results.json`` (as a dict): one test per part.

    ``score`` is the fraction of points earned (0 to 1); each test has ``name``,
    ``points``, ``max_points``, ``message`` (the verdict's message) and ``output``.

    >>> results = prairielearn_results({"a": "x + 1"}, {"a": r"\\frac{x^2-1}{x-1}"})
    >>> results["gradable"], results["score"], results["tests"][0]["points"]
    (True, 1.0, 1.0)
    """
    max_points = dict(max_points or {})
    options = dict(options or {})
    tests = []
    for part, reference in references.items():
        score, feedback, verdict = grade_answer(reference, answers.get(part), **options.get(part, {}))
        points = float(max_points.get(part, 1.0))
        output = feedback
        if verdict.counterexample:
            output += "\ncounterexample: " + ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items())
        tests.append({"name": str(part), "points": score * points, "max_points": points,
                      "message": verdict.message, "output": output})
    total = sum(t["max_points"] for t in tests)
    earned = sum(t["points"] for t in tests)
    return {"gradable": True, "score": earned / total if total else 0.0,
            "message": f"{sum(t['points'] == t['max_points'] for t in tests)} of {len(tests)} parts correct",
            "tests": tests}


def gradescope_submission(references, answers, max_scores=None, options=None, **results_options):
    """A Gradescope ``results.json`` dict for one submission: one test per part.

    ``references`` and ``answers`` map part names (``"1a"``) to text;
    ``max_scores`` maps part names to points (default 1 each); ``options`` maps
    part names to :data:`CHECK_OPTIONS`. A part without an answer scores 0.

    >>> results = gradescope_submission({"1a": "x + 1", "1b": "2/(1+gamma)"},
    ...                                 {"1a": "(x**2-1)/(x-1)", "1b": r"\\frac{1}{\\gamma}"},
    ...                                 max_scores={"1b": 3})
    >>> results["score"], [(t["name"], t["score"], t["max_score"]) for t in results["tests"]]
    (1.0, [('1a', 1.0, 1.0), ('1b', 0.0, 3.0)])
    """
    max_scores = dict(max_scores or {})
    options = dict(options or {})
    graded = []
    for part, reference in references.items():
        _score, _feedback, verdict = grade_answer(reference, answers.get(part), **options.get(part, {}))
        graded.append(GradedAnswer(str(part), str(answers.get(part) or ""), verdict))
    scores = [float(max_scores.get(part, 1.0)) for part in references]
    return gradescope_results(graded, max_score=scores, **results_options)


def write_gradescope_submission(path, references, answers, **kwargs):
    """Write :func:`gradescope_submission` as JSON to ``path`` (``/autograder/results/results.json``)."""
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(gradescope_submission(references, answers, **kwargs), handle, indent=2)
        handle.write("\n")
