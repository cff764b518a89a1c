"""``symopt lecture``: every topic reachable, JSON and documents written, bad input one line and exit 2."""

import argparse
import json
import subprocess
import sys

import pytest

from needs import need_module

from symopt.cli import main
from symopt.cli.lecture import add_batchnorm_arguments, run_batchnorm


def run_json(capsys, *argv):
    assert main(["lecture", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_batchnorm_json(capsys):
    data = run_json(capsys, "batchnorm", "--m", "3")
    assert data["m"] == 3
    assert data["backward"]["proved_equal_to_compact"] is True
    assert data["numeric_check"]["fd_relative_error"] < 1e-6
    assert data["unbiased_correction"] == "3/2"


def test_batchnorm_symbolic_m_and_documents(capsys, tmp_path):
    tex, md = tmp_path / "bn.tex", tmp_path / "bn.md"
    assert main(["lecture", "batchnorm", "--m", "m", "--latex", str(tex), "--markdown", str(md)]) == 0
    out = capsys.readouterr().out
    assert "Batch normalization (symbolic m)" in out
    assert tex.read_text().startswith(r"\documentclass") and r"\end{document}" in tex.read_text()
    assert "$$" in md.read_text()


def test_batchnorm_functions_for_derive(capsys):
    parser = argparse.ArgumentParser()
    add_batchnorm_arguments(parser)
    args = parser.parse_args(["--m", "2", "--json"])
    assert args.run is run_batchnorm
    run_batchnorm(args)
    assert json.loads(capsys.readouterr().out)["m"] == 2
    bare = argparse.ArgumentParser()
    bare.add_argument("--json", action="store_true")
    add_batchnorm_arguments(bare, output_options=False)
    assert bare.parse_args(["--m", "5"]).m == "5"


def test_symmetry_json(capsys):
    data = run_json(capsys, "symmetry", "--n", "3", "--layers", "2", "--a", "0.5")
    assert data["count"] == "36"
    assert data["unchanged"]["scaling_relu"] and not data["unchanged"]["sign_flip_relu"]


def test_saddles_json_and_plot(capsys, tmp_path):
    need_module("matplotlib")
    png = tmp_path / "goe.png"
    data = run_json(capsys, "saddles", "--max-n", "4", "--samples", "20000", "--plot", str(png))
    assert [row["n"] for row in data["rows"]] == [1, 2, 3, 4]
    assert data["plot"] == str(png) and png.read_bytes()[:4] == b"\x89PNG"


def test_saddles_matrix(capsys):
    data = run_json(capsys, "saddles", "--matrix", "[[2, 1], [1, -3]]")
    assert data["kind"] == "saddle" and data["eigenvalues"][0] < 0 < data["eigenvalues"][1]


def test_surrogate_and_cliff_json(capsys):
    data = run_json(capsys, "surrogate")
    assert data["zero_one_reaches_zero_at_step"] > 1 and data["nll_decreasing_after"] is True
    data = run_json(capsys, "cliff")
    assert data["without_clipping"]["thrown_off"] and not data["with_clipping"]["thrown_off"]


def test_text_output(capsys):
    assert main(["lecture", "cliff", "--steps", "50"]) == 0
    out = capsys.readouterr().out
    assert "Cliffs and gradient clipping" in out and "thrown off" in out


@pytest.mark.parametrize("argv,name", [
    (["batchnorm", "--m", "1"], "m (the batch size)"),
    (["batchnorm", "--m", "0"], "m (the batch size)"),
    (["batchnorm", "--eps=-1e-5"], "eps (epsilon)"),
    (["batchnorm", "--eps", "-1"], "eps (epsilon)"),
    (["saddles", "--matrix", "[[1, 2, 3], [4, 5, 6]]"], "H must be a square matrix"),
    (["saddles", "--matrix", "[[1, 2], [3, 4]]"], "H must be symmetric"),
    (["saddles", "--matrix", "[[1, 2], [3]]"], "H (--matrix)"),
    (["saddles", "--matrix", "__import__('os')"], "H (--matrix)"),
    (["symmetry", "--a", "0"], "a (the scaling factor)"),
    (["symmetry", "--a", "-2"], "a (the scaling factor)"),
    (["surrogate", "--lr", "-1"], "lr (learning rate)"),
    (["cliff", "--clip", "0"], "clip"),
    (["cliff", "--start", "1,2,3"], "start"),
])
def test_bad_input_one_line_exit_2(capsys, argv, name):
    assert main(["lecture", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in captured.err


def test_subprocess_no_traceback():
    result = subprocess.run([sys.executable, "-m", "symopt", "lecture", "symmetry", "--a", "-1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "a (the scaling factor)" in result.stderr
    missing = subprocess.run([sys.executable, "-m", "symopt", "lecture"], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_help_for_every_topic(capsys):
    for topic in ("batchnorm", "symmetry", "saddles", "surrogate", "cliff"):
        with pytest.raises(SystemExit) as exit_info:
            main(["lecture", topic, "--help"])
        assert exit_info.value.code == 0
        assert "--json" in capsys.readouterr().out


@pytest.mark.latex
@pytest.mark.parametrize("argv", [["batchnorm", "--m", "3"], ["batchnorm", "--m", "m", "--no-verify"], ["symmetry"],
                                  ["saddles", "--max-n", "3", "--samples", "2000"], ["surrogate", "--steps", "600"],
                                  ["cliff"]], ids=lambda a: "-".join(a[:3]))
def test_latex_documents_compile(pdflatex, tmp_path, capsys, argv):
    tex = tmp_path / "doc.tex"
    assert main(["lecture", *argv, "--latex", str(tex)]) == 0
    capsys.readouterr()
    result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
