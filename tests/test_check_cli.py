"""`symopt check`: single checks, JSON contract, exit codes, batch grading with CSV and report."""

import csv
from fractions import Fraction
import io
import json

from symopt.check import answers_from_csv, check_batch, report_markdown, results_csv, summary
from symopt.cli import main

REF = "((1-b)/(1+b))^k"
OPTS = ["--integer", "k", "--assume", "0<b<=1"]


def test_single_check_json_contract_and_exit_codes(capsys):
    assert main(["check", REF, "(-1)^k ((b-1)/(b+1))^k", *OPTS, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["equivalent"] is True and data["counterexample"] is None
    assert data["method"] in ("symbolic", "both")
    assert main(["check", REF, "((b-1)/(b+1))^k", *OPTS, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["equivalent"] is False and data["counterexample"] == {"k": "1", "b": "1/2"}
    assert "wrong sign for odd k" in data["message"]
    assert main(["check", REF, "((b-1)/(b+1)^k", *OPTS, "--json"]) == 4
    data = json.loads(capsys.readouterr().out)
    assert data["equivalent"] is None and data["method"] == "parse"


def test_single_check_text_and_errors(capsys):
    assert main(["check", REF, "((b-1)/(b+1))^k", *OPTS]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT equivalent") and "counterexample: k = 1, b = 1/2" in out
    assert main(["check", "x +", "x"]) == 2
    assert "reference" in capsys.readouterr().err
    assert main(["check", "x"]) == 2
    assert main(["check", "x", "x", "--timeout", "0"]) == 2


def test_batch_grading_writes_csv_and_report(tmp_path, capsys):
    answers = tmp_path / "answers.csv"
    rows = [("student_id", "answer"), ("s1", "(-1)^k ((b-1)/(b+1))^k"), ("s2", "((b-1)/(b+1))^k"),
            ("s3", "__import__('os').system('echo hacked')"), ("s4", ""), ("s5", "(" * 3000),
            ("s6", "x" * 200_000), ("=HYPERLINK(1)", "(1-b)^k/(1+b)^k")]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    answers.write_text(buffer.getvalue() + "s7,max((1-b)/(1+b), -1)^k\n", encoding="utf-8")
    output, report = tmp_path / "results.csv", tmp_path / "report.md"
    status = main(["check", "--batch", str(answers), "--reference", REF, *OPTS, "--output", str(output),
                   "--report", str(report), "--progress-every", "2", "--timeout", "3"])
    assert status == 0
    captured = capsys.readouterr()
    assert "checked 2/8" in captured.err and "checked 8/8" in captured.err
    assert "8 answers: 3 equivalent, 1 not equivalent, 4 undetermined" in captured.out
    results = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    verdicts = {row["id"]: row["verdict"] for row in results}
    assert verdicts == {"s1": "true", "s2": "false", "s3": "undetermined", "s4": "undetermined",
                        "s5": "undetermined", "s6": "undetermined", "'=HYPERLINK(1)": "true", "s7": "true"}
    assert results[1]["counterexample"] == "k=1; b=1/2"
    text = report.read_text(encoding="utf-8")
    assert "| equivalent | 3 |" in text and "| not equivalent | 1 |" in text and "| **total** | **8** |" in text
    assert "wrong sign for odd k" in text


def test_batch_json(tmp_path, capsys):
    answers = tmp_path / "a.csv"
    answers.write_text("a,b^2\nb,b*b\nc,2b\n", encoding="utf-8")
    assert main(["check", "--batch", str(answers), "--reference", "b^2", "--json", "--progress-every", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["true"] == 2 and data["summary"]["false"] == 1
    assert [row["id"] for row in data["rows"]] == ["a", "b", "c"]


def test_batch_api_and_report_escaping():
    rows = answers_from_csv("id,answer\n<b>x</b>,x | y\nq,x+1\n")
    graded = check_batch(rows, "x + 1")
    assert [g.verdict.label for g in graded] == ["undetermined", "true"]
    report = report_markdown(graded, "x + 1")
    assert "<b>" not in report and "\\<b\\>" in report
    assert summary(graded)["total"] == 2
    assert results_csv(graded).count("\n") == 3


def test_answers_and_assumptions_starting_with_minus_need_no_double_dash(capsys):
    assert main(["check", "sin(x+pi)", "-sin(x)"]) == 0
    assert main(["check", "-x", "-(x)", "--json"]) == 0
    capsys.readouterr()
    # inside (-1, 1) the two agree; outside, sqrt(1-x^2) is undefined where the answer is not
    assert main(["check", "sqrt(1-x^2)", "sqrt(1-x)*sqrt(1+x)", "--assume", "-1<x<1"]) == 0
    assert main(["check", "x", "-x", "--assume", "-1<x<0"]) == 1
    out = capsys.readouterr().out
    x = Fraction(out.split("counterexample: x = ")[1].split()[0])
    assert -1 < x < 0   # the counterexample respects the assumption given with a leading minus


def test_repeated_options_accumulate(capsys):
    # with only m > 0, k < 0 makes the reference undefined where the answer is 1: the first --assume matters
    assert main(["check", "sqrt(k/m)*sqrt(m/k)", "1", "--assume", "k>0", "--assume", "m>0"]) == 0
    capsys.readouterr()
    # j and k both integer: cos(pi j) cos(pi k) = (-1)^(j+k); with j real the answer is undefined at j = 1/2
    assert main(["check", "cos(pi*j)*cos(pi*k)", "(-1)^(j+k)", "--integer", "j", "--integer", "k", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["equivalent"] is True
    assert main(["check", "cos(pi*j)*cos(pi*k)", "(-1)^(j+k)", "--integer", "k", "--json"]) == 1
    from symopt.cli import build_parser
    args = build_parser().parse_args(["analyze", "x^2", "--assume", "a>0", "--assume", "b>0"])
    assert args.assume == "a>0, b>0"
    args = build_parser().parse_args(["schedule", "k**(-p)", "--params", "p", "--params", "q"])
    assert args.params == "p, q"
