"""Saddles in high dimension: GOE Monte Carlo, intervals, fits, classification and the plot."""

import math

import numpy as np
import pytest
import sympy as sp

from needs import need_module

from symopt import ProblemError
from symopt.lecture.saddles import (P2_EXACT, THETA, classify_symmetric_matrix, goe_matrices, plot_goe_study,
                                    run_goe_loop, run_goe_study, wilson_interval)


@pytest.fixture(scope="module")
def study():
    return run_goe_study(range(1, 7), samples=60_000, seed=0)


def test_known_values_inside_the_intervals(study):
    one, two = study.rows[0], study.rows[1]
    assert one.ci_low < 0.5 < one.ci_high
    assert one.indefinite == 0  # a 1x1 matrix cannot be a saddle
    assert two.ci_low < float(P2_EXACT) < two.ci_high
    assert P2_EXACT == (2 - sp.sqrt(2)) / 4


def test_by_symmetry_minima_and_maxima_are_equally_frequent(study):
    for row in study.rows:
        if row.positive_definite + row.negative_definite > 100:
            lo, hi = wilson_interval(row.positive_definite, row.positive_definite + row.negative_definite, 0.999)
            assert lo < 0.5 < hi


def test_fraction_of_minima_declines_and_saddles_dominate(study):
    seen = [r for r in study.rows if r.positive_definite >= 10]
    assert len(seen) >= 4
    fractions = [r.fraction_minimum for r in seen]
    assert all(b < a for a, b in zip(fractions, fractions[1:]))
    ratios = [r.saddles_per_minimum for r in seen[1:]]
    assert all(b > a for a, b in zip(ratios, ratios[1:]))
    # the decline is faster than geometric: successive log-ratios fall further each step
    logs = [math.log(f) for f in fractions]
    drops = [a - b for a, b in zip(logs, logs[1:])]
    assert drops[-1] > drops[0]
    assert study.fit_linear["slope"] < -1.0
    assert study.fit_quadratic["rms_residual"] < study.fit_linear["rms_residual"]
    assert study.rows[-1].fraction_saddle > 0.999


def test_fit_slope_has_the_order_of_the_theory(study):
    # small n carries subleading terms: only the order of magnitude of theta is expected here
    assert 0.15 < -study.fit_quadratic["slope"] < 0.6
    assert abs(float(THETA) - math.log(3) / 4) < 1e-15


def test_vectorised_and_loop_agree_in_distribution():
    loop = run_goe_loop(2, 4000, seed=5)
    lo, hi = wilson_interval(loop, 4000, 0.999)
    assert lo < float(P2_EXACT) < hi


def test_goe_normalisation():
    H = goe_matrices(4, 40_000, np.random.default_rng(1))
    assert abs(H[:, 0, 0].var() - 1.0) < 0.03
    assert abs(H[:, 0, 1].var() - 0.5) < 0.02


def test_wilson_interval_properties():
    lo, hi = wilson_interval(50, 100)
    assert lo < 0.5 < hi and abs((lo + hi) / 2 - 0.5) < 1e-12
    assert wilson_interval(0, 1000)[0] == 0.0
    assert wilson_interval(1000, 1000)[1] == 1.0
    with pytest.raises(ProblemError, match="confidence"):
        wilson_interval(1, 10, 1.5)


@pytest.mark.parametrize("H,kind", [([[2, 0], [0, 1]], "minimum"), ([[-2, 1], [1, -2]], "maximum"),
                                     ([[1, 2], [2, 1]], "saddle"), ([[0, 0], [0, 1]], "degenerate")])
def test_classify(H, kind):
    assert classify_symmetric_matrix(H)[0] == kind


@pytest.mark.parametrize("H,message", [([[1, 2, 3], [4, 5, 6]], "square"), ([1, 2], "square"),
                                        ([[1, 2], [3, 4]], "symmetric"), ([["a", 1], [1, 2]], "square matrix of numbers"),
                                        (sp.Matrix([[1, 2], [0, 1]]), "symmetric")])
def test_classify_bad_matrices(H, message):
    with pytest.raises(ProblemError, match=f"^H must .*{message}"):
        classify_symmetric_matrix(H)


@pytest.mark.parametrize("kwargs", [{"sizes": [0]}, {"sizes": [2.5]}, {"samples": 0}])
def test_bad_study_arguments(kwargs):
    with pytest.raises(ProblemError):
        run_goe_study(**{"sizes": [1, 2], "samples": 10, **kwargs})


def test_plot_png(study, tmp_path):
    need_module("matplotlib")
    path = tmp_path / "goe.png"
    plot_goe_study(study, str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 5000
    import matplotlib.image
    pixels = matplotlib.image.imread(str(path))
    assert pixels.std() > 0.05  # not blank


def test_plot_without_matplotlib_raises_an_install_hint(study, tmp_path, monkeypatch):
    import builtins

    from symopt import SymoptError
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(SymoptError, match="pip install 'symopt\\[plot\\]'"):
        plot_goe_study(study, str(tmp_path / "x.png"))
