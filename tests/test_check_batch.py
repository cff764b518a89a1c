"""Batch grading: a hang or crash costs one row, rows are written as they finish, malformed CSV is named."""

import csv
import io
import os
import time

import pytest

import importlib
from symopt.check import answers_from_csv, check_batch, summary
from symopt.cli import main
from symopt.errors import SymoptError

batch = importlib.import_module("symopt.check.batch")


def _slow_or_crashing(real):
    def fake(ref, answer, **options):
        if answer == "hang":
            time.sleep(60)
        if answer == "crash":
            os._exit(7)
        return real(ref, answer, **options)
    return fake


def test_a_hanging_and_a_crashing_answer_cost_only_their_rows(monkeypatch):
    monkeypatch.setattr(batch, "check_answer", _slow_or_crashing(batch.check_answer))
    start = time.perf_counter()
    graded = check_batch([("a", "x + 1"), ("b", "hang"), ("c", "crash"), ("d", "x")], "1 + x", seconds=1.0)
    assert time.perf_counter() - start < 1.0 + batch.GRACE_SECONDS + 5
    labels = {g.id: (g.verdict.label, g.verdict.method) for g in graded}
    assert labels["a"][0] == "true" and labels["d"][0] == "false"
    assert labels["b"] == ("undetermined", "timeout") and labels["c"] == ("undetermined", "error")
    assert summary(graded)["total"] == 4


def test_the_run_budget_bounds_every_row(monkeypatch):
    monkeypatch.setattr(batch, "check_answer", _slow_or_crashing(batch.check_answer))
    rows = [("a", "hang"), ("b", "hang"), ("c", "x + 1")]
    start = time.perf_counter()
    graded = check_batch(rows, "x + 1", seconds=30.0, total_seconds=1.0)
    assert time.perf_counter() - start < 1.0 + batch.GRACE_SECONDS + 5
    assert [g.verdict.label for g in graded] == ["undetermined"] * 3
    assert "whole run" in graded[-1].verdict.message


@pytest.mark.parametrize("text,line", [('s1,x\ns2,"x + 1\ns3,x\ns4,x\n', 2), ("id,answer\ns1,x\ns2\ns3,x\n", 3)])
def test_malformed_csv_names_the_line_or_grades_it_unreadable(text, line):
    with pytest.raises(SymoptError, match=f"line {line}:"):
        answers_from_csv(text)
    rows = answers_from_csv(text, lenient=True)
    graded = check_batch(rows, "x")
    assert len(graded) == len(text.strip().splitlines()) - text.startswith("id,")
    bad = [g for g in graded if g.verdict.method == "parse"]
    assert len(bad) == 1 and f"line {line}" in bad[0].verdict.message
    assert all(g.verdict.label == "true" for g in graded if g not in bad)
    assert summary(graded)["unreadable"] == 1 and summary(graded)["total"] == len(graded)


def test_cli_malformed_csv_is_one_line_exit_2(tmp_path, capsys):
    answers = tmp_path / "a.csv"
    answers.write_text('s1,x\ns2,"x + 1\n' + "".join(f"s{i},x\n" for i in range(3, 10)), encoding="utf-8")
    assert main(["check", "--batch", str(answers), "--reference", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 2" in err
    out = tmp_path / "out.csv"
    assert main(["check", "--batch", str(answers), "--reference", "x", "--lenient", "--output", str(out),
                 "--progress-every", "0"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 9 and sum(r["verdict"] == "true" for r in rows) == 8
    assert "9 answers" in capsys.readouterr().out


def test_rows_are_written_as_they_finish(tmp_path, monkeypatch):
    """A run interrupted at the third row keeps the two finished rows in the output file."""
    answers = tmp_path / "a.csv"
    answers.write_text("s1,x\ns2,2x\ns3,x\ns4,x\n", encoding="utf-8")
    real = batch._check_isolated
    calls = []

    def interrupted(ref, answer, options, seconds):
        calls.append(answer)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(ref, answer, options, seconds)

    monkeypatch.setattr(batch, "_check_isolated", interrupted)
    out = tmp_path / "out.csv"
    assert main(["check", "--batch", str(answers), "--reference", "x", "--output", str(out),
                 "--progress-every", "0"]) == 130
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["id"], r["verdict"]) for r in rows] == [("s1", "true"), ("s2", "false")]


@pytest.mark.parametrize("option", ["--tolerance=inf", "--floor=nan", "--floor=1e999", "--tolerance=-1"])
def test_a_batch_with_an_impossible_tolerance_is_one_error_before_any_row(option, tmp_path, capsys):
    # it once graded every row "undetermined: tolerances must be ..." and exited 0
    answers = tmp_path / "answers.csv"
    answers.write_text("id,answer\ns1,x\ns2,x+1\n")
    assert main(["check", "--reference", "x", "--batch", str(answers), option]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.splitlines()) == 1
    assert "tolerances must be finite" in captured.err


@pytest.mark.parametrize("argv", [["check", "x", "x", "--tolerance=inf"], ["check", "x", "x", "--floor=inf"],
                                  ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1",
                                   "--tol=inf"]])
def test_an_infinite_tolerance_is_refused(argv, capsys):
    # derive once printed "Steps to reach ||x_k - x*|| <= inf"
    assert main(argv) == 2
    assert "finite" in capsys.readouterr().err


def test_a_batch_report_that_cannot_be_written_is_refused_before_grading(tmp_path, capsys):
    answers = tmp_path / "answers.csv"
    answers.write_text("id,answer\ns1,x\n")
    assert main(["check", "--reference", "x", "--batch", str(answers), "--report", "/nonexistent/dir/r.md",
                 "--output", str(tmp_path / "out.csv")]) == 2
    captured = capsys.readouterr()
    assert len(captured.err.splitlines()) == 1 and "cannot write" in captured.err
    assert not (tmp_path / "out.csv").exists()
