"""Gradebook exports: Gradescope results.json validated against the published format, PrairieLearn grade(data)."""

import csv
import io
import json
import os
import pathlib
import subprocess
import sys

import jsonschema
import pytest

from symopt.check import GradedAnswer, check_batch
from symopt.check.gradebook import gradescope_results, write_report
from symopt.check.grading import grade, grade_answer, gradescope_submission, prairielearn_results

SCHEMA = json.loads((pathlib.Path(__file__).parent / "schemas" / "gradescope_results.schema.json").read_text())
REPO = pathlib.Path(__file__).resolve().parents[1]

# one answer of each kind a class hands in: right, right in LaTeX, wrong sign, removable singularity,
# unreadable, empty
KINDS = [("x + 1", True), ("(x**2 - 1)/(x - 1)", True), ("x - 1", False), (r"\frac{x^2-1}{x-1}", True),
         ("((", None), ("", None)]


def _validate(results):
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    jsonschema.validate(results, SCHEMA)


def test_schema_rejects_what_gradescope_rejects():
    with pytest.raises(jsonschema.ValidationError):
        _validate({"tests": [{"name": "no score anywhere"}]})
    with pytest.raises(jsonschema.ValidationError):
        _validate({"score": 1, "visibility": "sometimes"})
    with pytest.raises(jsonschema.ValidationError):
        _validate({"score": 1, "tests": [{"score": 1, "status": "ok"}]})
    _validate({"tests": [{"score": 1.0, "max_score": 1.0}], "leaderboard": [{"name": "t", "value": 1.5}]})


@pytest.fixture(scope="module")
def class_of_300():
    verdicts = {answer: check_batch([("x", answer)], "x + 1")[0].verdict for answer, _ in KINDS}
    return [GradedAnswer(f"s{i:03d}", KINDS[i % 6][0], verdicts[KINDS[i % 6][0]]) for i in range(300)]


def test_results_json_of_a_300_row_batch_validates(class_of_300):
    results = gradescope_results(class_of_300, max_score=2)
    _validate(json.loads(json.dumps(results)))
    assert len(results["tests"]) == 300
    expected = [2.0 if KINDS[i % 6][1] is True else 0.0 for i in range(300)]
    assert [t["score"] for t in results["tests"]] == expected
    assert results["score"] == sum(expected) == 300 / 6 * 3 * 2
    assert all(t["max_score"] == 2.0 for t in results["tests"])


def test_wrong_answers_carry_their_counterexample_in_the_output(class_of_300):
    wrong = [t for t in gradescope_results(class_of_300)["tests"] if t["output"].splitlines()[0] == "answer: x - 1"]
    assert wrong and all(t["status"] == "failed" for t in wrong)
    assert all("counterexample: x = " in t["output"] for t in wrong)


def test_gradescope_submission_one_test_per_part():
    results = gradescope_submission({"1a": "((1-b)/(1+b))**k", "1b": "2/(1+gamma)", "1c": "x"},
                                    {"1a": r"\left(\frac{b-1}{b+1}\right)^k", "1b": r"\dfrac{2}{\gamma+1}"},
                                    max_scores={"1b": 3}, options={"1a": {"integer": "k", "assume": "0<b<=1"}})
    _validate(results)
    assert [(t["name"], t["score"], t["max_score"]) for t in results["tests"]] == [
        ("1a", 0.0, 1.0), ("1b", 3.0, 3.0), ("1c", 0.0, 1.0)]
    assert "k = 1" in results["tests"][0]["output"]
    assert results["score"] == 3.0


def test_prairielearn_grade_fills_partial_scores():
    data = {"params": {"symopt": {"xk": {"integer": "k", "assume": "0<b<=1", "weight": 2}}},
            "correct_answers": {"xk": "b*((b-1)/(b+1))**k", "t": "2/(1+gamma)"},
            "submitted_answers": {"xk": r"x_k = b\left(\frac{b-1}{b+1}\right)^{k}", "t": "1/gamma"},
            "partial_scores": {}}
    grade(data)
    assert data["partial_scores"]["xk"]["score"] == 1.0 and data["partial_scores"]["xk"]["weight"] == 2.0
    assert data["partial_scores"]["t"]["score"] == 0.0
    assert "Not equivalent" in data["partial_scores"]["t"]["feedback"]
    assert data["score"] == pytest.approx(2 / 3)
    json.dumps(data)   # PrairieLearn stores data as JSON


def test_prairielearn_external_grader_results():
    results = prairielearn_results({"a": "x + 1", "b": "2/(1+gamma)"},
                                   {"a": r"\frac{x^2-1}{x-1}", "b": "1/gamma"}, max_points={"b": 3})
    assert results["gradable"] is True and results["score"] == pytest.approx(1 / 4)
    assert [(t["name"], t["points"], t["max_points"]) for t in results["tests"]] == [("a", 1.0, 1.0),
                                                                                  ("b", 0.0, 3.0)]
    assert "counterexample: gamma = " in results["tests"][1]["output"]
    json.dumps(results)


def test_grade_answer_refuses_unknown_options_but_not_bad_student_text():
    with pytest.raises(Exception, match="unknown grading option"):
        grade_answer("x", "x", integr="k")
    score, feedback, verdict = grade_answer("x", r"\input{/etc/passwd}")
    assert score == 0.0 and verdict.equivalent is None and r"\input" in feedback


def test_csv_format_is_unchanged(class_of_300):
    rows = list(csv.DictReader(io.StringIO(write_report(class_of_300[:6], "csv"))))
    assert [r["verdict"] for r in rows] == ["true", "true", "false", "true", "undetermined", "undetermined"]


def _cli(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "symopt", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def _cli_in_process(*args, capsys):
    from symopt.cli import main
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_writes_a_valid_results_json(tmp_path, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text("id,answer\n" + "".join(f"s{i},\"{a}\"\n" for i, (a, _) in enumerate(KINDS)))
    out = tmp_path / "results.json"
    status, _, err = _cli_in_process("--batch", str(answers), "--reference", "x + 1", "--report-format",
                                     "gradescope", "--max-score", "5", "--output", str(out), capsys=capsys)
    assert status == 0, err
    results = json.loads(out.read_text())
    _validate(results)
    assert [t["score"] for t in results["tests"]] == [5.0 if ok is True else 0.0 for _, ok in KINDS]


def test_cli_report_format_errors_are_one_line(tmp_path, capsys):
    status, _, err = _cli_in_process("x", "x", "--report-format", "gradescope", capsys=capsys)
    assert status == 2 and len(err.strip().splitlines()) == 1
    answers = tmp_path / "a.csv"
    answers.write_text("s1,x\n")
    status, _, err = _cli_in_process("--batch", str(answers), "--reference", "x", "--report-format",
                                     "gradescope", "--max-score", "0", capsys=capsys)
    assert status == 2 and len(err.strip().splitlines()) == 1


def test_cli_answer_format_option(capsys):
    assert _cli_in_process("1/2", r"\frac12", capsys=capsys)[0] == 0
    assert _cli_in_process("1/2", r"\frac12", "--answer-format", "text", capsys=capsys)[0] == 4
    status, out, _ = _cli_in_process("1/2", r"\frac13", "--answer-format", "latex", capsys=capsys)
    assert status == 1 and out.startswith("NOT equivalent")


@pytest.mark.slow
def test_a_real_300_row_batch_validates(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("id,answer\n" + "".join(f"s{i},\"{KINDS[i % 6][0]}\"\n" for i in range(300)))
    out = tmp_path / "results.json"
    proc = _cli("--batch", str(answers), "--reference", "x + 1", "--report-format", "gradescope",
                "--output", str(out), "--progress-every", "0", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(out.read_text())
    _validate(results)
    assert len(results["tests"]) == 300
    assert results["score"] == 150.0
