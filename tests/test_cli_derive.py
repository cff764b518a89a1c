"""`symopt derive`: the exercise by default, the JSON contract, every method, bad input in one line."""

import json
import time

import pytest

from needs import need_module

from symopt.cli import main

KEYS = {"method", "counter", "closed_form", "step_size", "orthogonal_gradients", "rate", "verification"}


def run(capsys, *argv):
    code = main(["derive", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def payload(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert KEYS <= set(data)
    assert set(data["verification"]) == {"symbolic", "float64_max_rel_error", "mpmath_max_rel_error", "steps"}
    assert data["counter"] == "k"
    return data


def test_no_arguments_runs_the_exercise(capsys):
    code, out, err = run(capsys, "--ascii")
    assert code == 0 and not err and out.isascii()
    # sympy's pretty printing: the power's exponent sits on the line above the base
    lines = out.splitlines()
    closed_x = next(i for i, line in enumerate(lines) if line.startswith("    x_k = (-1) *b*|-----|"))
    assert lines[closed_x - 1].strip() == "k   /1 - b\\" and lines[closed_x - 2].strip() == "k"
    assert lines[closed_x + 1].strip() == "\\b + 1/"
    assert "    y_k = |-----|" in lines
    assert "    alpha_k = -----" in lines
    assert "    g_{k+1}^T g_k = 0" in lines and "    g(x_{k+1})^T g(x_k) = 0" in lines
    assert "Verification" in out and "50-digit mpmath" in out
    assert max(len(line) for line in lines) <= 100


def test_exercise_json_contract(capsys):
    data = payload(capsys)
    assert data["method"] == "exact-line-search"
    assert data["closed_form"] == {"x": "(-1)**k*b*((1 - b)/(b + 1))**k", "y": "((1 - b)/(b + 1))**k"}
    assert data["step_size"] == "2/(b + 1)" and data["orthogonal_gradients"] is True
    v = data["verification"]
    assert v["symbolic"] is True and v["float64_max_rel_error"] < 1e-12 and v["mpmath_max_rel_error"] < 1e-45
    assert v["steps"] == 200


def test_explicit_method_expression_start_and_set(capsys):
    data = payload(capsys, "exact-line-search", "(x**2 + b*y**2)/2", "--vars", "x,y", "--start", "x=b,y=1",
                   "--assume", "0<b<=1", "--set", "b=0.1")
    assert data["closed_form"]["x"] == "(-1)**k*b*((1 - b)/(b + 1))**k"
    assert data["verification"]["float64_max_rel_error"] < 1e-13


@pytest.mark.parametrize("argv, method", [
    (["gradient-descent", "--lr", "1/2"], "gradient-descent"),
    (["momentum", "--lr", "0.5", "--momentum", "0.25", "--set", "b=[0.1,0.9]"], "momentum"),
    (["nesterov", "(x**2 + 4*y**2)/2", "--vars", "x,y", "--start", "x=1,y=-1", "--lr", "1/5", "--momentum", "1/3"],
     "nesterov"),
    (["newton", "x**4", "--vars", "x", "--start", "x=3"], "newton"),
])
def test_each_method(capsys, argv, method):
    data = payload(capsys, *argv)
    assert data["method"] == method
    assert all(v is not None for v in data["closed_form"].values())
    assert data["verification"]["symbolic"] is True


def test_newton_x4_and_saddle_note(capsys):
    assert payload(capsys, "newton", "x**4", "--vars", "x", "--start", "x=3")["closed_form"] == {"x": "3*(2/3)**k"}
    data = payload(capsys, "newton", "x**2 - y**2", "--vars", "x,y", "--start", "x=1,y=1")
    assert any("saddle" in n for n in data["notes"])


def test_matrix_power(capsys):
    data = payload(capsys, "matrix-power", "[[0.5, 1], [0, 2]]")
    assert data["method"] == "matrix-power" and data["rate"] == "2"
    assert [m["label"] for m in data["modes"]] == ["vanishing", "exploding"]
    assert data["verification"]["mpmath_max_rel_error"] < 1e-45


def test_no_closed_form_is_explicit(capsys):
    data = payload(capsys, "exact-line-search", "(x**2 + 2*y**2 + 3*z**2)/2", "--vars", "x,y,z",
                   "--start", "x=1,y=1,z=1")
    assert data["closed_form"] == {"x": None, "y": None, "z": None}
    assert any("no closed form" in n for n in data["notes"])


def test_divergent_step_still_derives(capsys):
    data = payload(capsys, "gradient-descent", "--lr", "3")
    assert data["closed_form"]["x"] == "(-2)**k*b" and any("diverges" in n for n in data["notes"])


@pytest.mark.parametrize("argv, message", [
    (["frobnicate"], "unknown method"),
    (["exact-line-search", "(x**2+y**2)/2", "--vars", "x,y", "--start", "x=1"], "missing y"),
    (["exact-line-search", "(x**2+y**2)/2", "--vars", "x,y", "--start", "x=1,y=2,z=3"], "unknown z"),
    (["gradient-descent", "x**4 + y**2", "--vars", "x,y", "--start", "x=1,y=1"], "quadratic"),
    (["momentum", "x**4 + y**2", "--vars", "x,y", "--start", "x=1,y=1"], "quadratic"),
    (["gradient-descent", "--set", "b=2"], "contradicts"),
    (["gradient-descent", "--set", "c=2"], "not a parameter"),
    (["momentum", "--momentum", "1.5"], "momentum"),
    (["gradient-descent", "--lr", "-1"], "learning rate"),
    (["exact-line-search", "--lr", "0.1"], "does not take --lr"),
    (["exact-line-search", "x**2 +* y", "--vars", "x,y", "--start", "x=1,y=1"], "invalid syntax at column 7"),
    (["matrix-power", "[[1, 2, 3], [4, 5, 6]]"], "square"),
    (["matrix-power"], "needs a matrix"),
    (["gradient-descent", "--steps", "0"], "--steps"),
    (["newton", "(x + y)**2", "--vars", "x,y", "--start", "x=1,y=1"], "singular"),
])
def test_bad_input_is_one_line_exit_2(capsys, argv, message):
    started = time.perf_counter()
    code, out, err = run(capsys, *argv)
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert message in err
    assert time.perf_counter() - started < 10


def test_latex_and_markdown_files(capsys, tmp_path):
    tex, md = tmp_path / "d.tex", tmp_path / "d.md"
    code, out, err = run(capsys, "--latex", str(tex), "--markdown", str(md))
    assert code == 0, err
    assert tex.read_text().startswith(r"\documentclass") and "Verification" in tex.read_text()
    assert r"\left(-1\right)^{k}" in md.read_text()


def test_plot(capsys, tmp_path):
    need_module("matplotlib")
    png = tmp_path / "els.png"
    code, out, err = run(capsys, "--plot", str(png), "--set", "b=0.25")
    assert code == 0, err
    assert png.read_bytes()[:4] == b"\x89PNG"
    code, out, err = run(capsys, "newton", "x**4", "--vars", "x", "--start", "x=1", "--plot", str(png))
    assert code == 2 and "two-variable" in err


def test_derive_batchnorm_is_wired_to_the_lecture_derivation(capsys, tmp_path):
    from symopt.cli import main
    tex = tmp_path / "bn.tex"
    assert main(["derive", "batchnorm", "--m", "3", "--json", "--latex", str(tex)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["m"] == 3 and r"\begin{document}" in tex.read_text()
    assert main(["derive", "batchnorm", "--m", "1"]) == 2
    err = capsys.readouterr().err
    assert "batch size" in err and len(err.strip().splitlines()) == 1
