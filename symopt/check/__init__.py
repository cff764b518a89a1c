"""Answer checking: is a student's answer equivalent to a reference, and if not, where do they differ?

One room per idea: :mod:`~symopt.check.checker` runs the decision procedure
(:func:`check_answer`, returning a :class:`Verdict`); the reference, the answer's
components, numeric sampling, exact and symbolic proof, and the feedback wording
each live in their own module; :mod:`~symopt.check.batch` grades a class (read by
:mod:`~symopt.check.answers`, written by :mod:`~symopt.check.results`), and
:mod:`~symopt.check.gradebook` / :mod:`~symopt.check.grading` hand the results to
course platforms.

The names below are loaded on first use, so that ``from symopt.check import MODES``
(the command line's ``--help``) does not load sympy.
"""

from ..lazy import lazy_names

#: public name -> the module of this package that defines it
_HOMES = {
    "MODES": "options", "DEFAULT_FLOOR": "options", "check_options": "options", "Verdict": "verdict",
    "Reference": "reference", "prepare_reference": "reference", "check_answer": "checker",
    "MAX_FILE_BYTES": "answers", "UnreadableRow": "answers", "read_answers": "answers",
    "answers_from_csv": "answers",
    "check_batch": "batch", "iter_check_batch": "batch",
    "GradedAnswer": "results", "RESULT_COLUMNS": "results", "csv_header": "results", "csv_row": "results",
    "results_csv": "results", "summary": "results", "report_markdown": "results",
    "REPORT_FORMATS": "gradebook", "gradescope_results": "gradebook", "gradescope_test": "gradebook",
    "write_report": "gradebook",
    "grade": "grading", "grade_answer": "grading", "gradescope_submission": "grading",
    "prairielearn_results": "grading", "write_gradescope_submission": "grading",
}

__all__ = sorted(_HOMES)

__getattr__, __dir__ = lazy_names(__name__, globals(), _HOMES)
