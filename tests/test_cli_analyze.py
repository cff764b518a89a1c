import json
import subprocess
import sys

import pytest

from symopt.cli import main


def run_cli(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_done_when_saddle_and_minimum(capsys):
    status, out, _ = run_cli(capsys, "analyze", "x**3 - 3*x + y**2", "--vars", "x,y", "--json")
    data = json.loads(out)
    assert status == 0
    kinds = {(p["point"]["x"], p["point"]["y"]): p["kind"] for p in data["critical_points"]}
    assert kinds == {("1", "0"): "minimum", ("-1", "0"): "saddle"}
    assert data["variables"] == ["x", "y"]
    assert data["gradient"] == ["3*x**2 - 3", "2*y"]
    assert data["hessian"] == [["6*x", "0"], ["0", "2"]]


def test_done_when_degenerate_origin(capsys):
    _, out, _ = run_cli(capsys, "analyze", "x**4 + y**4", "--vars", "x,y", "--json")
    data = json.loads(out)
    assert [(p["point"], p["kind"]) for p in data["critical_points"]] == [({"x": "0", "y": "0"}, "degenerate")]


def test_json_contract_keys_and_condition_number_at_a_point(capsys):
    _, out, _ = run_cli(capsys, "analyze", "(x^2 + 3y^2)/2", "--vars", "x,y", "--at", "x=1,y=1", "--json")
    data = json.loads(out)
    for key in ("variables", "gradient", "hessian", "eigenvalues", "critical_points", "condition_number"):
        assert key in data
    assert data["eigenvalues"] == ["1", "3"] and data["condition_number"] == "3"
    assert data["best_step"] == "5/14"  # g = (1, 3): g'g / g'Hg = (1 + 9) / (1 + 27)


def test_default_expression_is_the_lecture_objective(capsys):
    status, out, _ = run_cli(capsys, "analyze")
    assert status == 0 and "b⋅y" in out and "minimum" in out
    _, out, _ = run_cli(capsys, "analyze", "--json")
    assert json.loads(out)["condition_number"] == "1/b"


@pytest.mark.parametrize("args, fragment", [
    (["analyze", "sinn(x)", "--vars", "x"], "did you mean 'sin'"),
    (["analyze", "x**2", "--vars", "x", "--at", "x=1,y=2"], "unknown y"),
    (["analyze", "x**2 + b", "--vars", "x", "--assume", "b>1, b<0"], "contradict"),
    (["analyze", "x**2", "--vars", "x", "--latex", "/nonexistent/dir/out.tex"], "cannot write"),
    (["analyze", "x**2"], "--vars"),
    (["analyze", "x", "--vars", "x", "--timeout", "abc"], "invalid float"),
])
def test_user_errors_are_one_line_without_traceback(capsys, args, fragment):
    status, out, err = run_cli_catching_exit(capsys, args)
    assert status == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def run_cli_catching_exit(capsys, args):
    try:
        status = main(args)
    except SystemExit as exc:  # argparse errors exit directly
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def test_console_script_is_installed_and_has_help_everywhere():
    for args in (["--help"], ["analyze", "--help"]):
        result = subprocess.run(["symopt", *args], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "usage" in result.stdout


def test_latex_and_markdown_files_are_written(tmp_path, capsys):
    tex, md = tmp_path / "a.tex", tmp_path / "a.md"
    status, _, _ = run_cli(capsys, "analyze", "x**2 + x*y + y**2", "--vars", "x,y", "--latex", str(tex),
                           "--markdown", str(md), "--title", "Sheet 1")
    assert status == 0
    assert r"\begin{document}" in tex.read_text() and "Sheet 1" in tex.read_text()
    assert "$$" in md.read_text()


def test_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "symopt", "analyze", "x**2", "--vars", "x", "--json"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and '"kind": "minimum"' in result.stdout
