"""Plots: PNG files of the expected size with real content; the exact-line-search zig-zag at right angles."""

import sys

import numpy as np
import pytest
import sympy as sp

from needs import need_module

from symopt.errors import ProblemError, SymoptError
from symopt.problem import Problem

need_module("matplotlib")

from symopt import plots  # noqa: E402  (needs matplotlib: fails in CI, skipped locally when absent)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXPECTED_SHAPE = (round(plots.FIGSIZE[1] * plots.DPI), round(plots.FIGSIZE[0] * plots.DPI))
x, y, b = sp.symbols("x y b", real=True)


def lecture_problem():
    return Problem.from_expression((x**2 + b * y**2) / 2, [x, y])


def exact_line_search(gamma, steps):
    """Steepest descent with the exact step gᵀg/gᵀHg on ½(x² + γy²) from (γ, 1)."""
    H = np.diag([1.0, gamma])
    point = np.array([gamma, 1.0])
    path = [point.copy()]
    for _ in range(steps):
        g = H @ point
        point = point - (g @ g) / (g @ H @ g) * g
        path.append(point.copy())
    return np.array(path)


def check_png(path, min_colors=20, min_std=0.05):
    from matplotlib.image import imread
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (height, width) == EXPECTED_SHAPE
    pixels = imread(path)
    assert pixels.shape[:2] == EXPECTED_SHAPE
    rgb = pixels[..., :3]
    assert rgb.std() > min_std, "the image is nearly blank"
    colors = np.unique((rgb * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colors) > min_colors, f"only {len(colors)} distinct colours"
    return rgb


def test_trajectory_plot_file(tmp_path):
    path = plots.plot_trajectories(lecture_problem(), {"exact line search": exact_line_search(0.25, 12),
                                                       "GD": exact_line_search(0.25, 3) * 0.9},
                                   tmp_path / "traj.png", parameter_values={"b": 0.25}, title="zig-zag")
    assert path == tmp_path / "traj.png"
    rgb = check_png(path, min_colors=200)
    # the red trajectory is drawn: many strongly red pixels
    red = (rgb[..., 0] > 0.7) & (rgb[..., 1] < 0.35) & (rgb[..., 2] < 0.35)
    assert red.sum() > 200


def test_exact_line_search_zigzag_has_right_angles_on_equal_axes():
    gamma = 0.25
    path = exact_line_search(gamma, 8)
    steps = np.diff(path, axis=0)
    cosines = [(u @ v) / np.linalg.norm(u) / np.linalg.norm(v) for u, v in zip(steps, steps[1:])]
    assert np.allclose(cosines, 0, atol=1e-12)  # consecutive exact-line-search steps are orthogonal
    # R1: x_k = γ((γ−1)/(γ+1))^k, y_k = (−(γ−1)/(γ+1))^k
    r = (gamma - 1) / (gamma + 1)
    k = np.arange(path.shape[0])
    assert np.allclose(path[:, 0], gamma * r**k) and np.allclose(path[:, 1], (-r) ** k)

    figure = plots.trajectories_figure(lecture_problem(), {"exact": path}, {"b": gamma})
    ax = figure.axes[0]
    assert ax.get_aspect() == 1.0
    figure.canvas.draw()
    # the right angles survive the data-to-pixel transform: one unit is as long on both axes
    pixels = ax.transData.transform(path)
    pixel_steps = np.diff(pixels, axis=0)
    pixel_cosines = [(u @ v) / np.linalg.norm(u) / np.linalg.norm(v) for u, v in zip(pixel_steps, pixel_steps[1:])]
    assert np.allclose(pixel_cosines, 0, atol=1e-6)
    unit = ax.transData.transform([(0, 0), (1, 0), (0, 1)])
    assert np.isclose(np.linalg.norm(unit[1] - unit[0]), np.linalg.norm(unit[2] - unit[0]), rtol=1e-6)
    # the window covers every trajectory point with a margin
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < path[:, 0].min() and path[:, 0].max() < x1 and y0 < path[:, 1].min() and path[:, 1].max() < y1


def test_unequal_axes_option_and_errors(tmp_path):
    figure = plots.trajectories_figure(lecture_problem(), {"p": [(1, 1), (0, 0)]}, {"b": 0.5}, equal_axes=False)
    assert figure.axes[0].get_aspect() == "auto"
    with pytest.raises(ProblemError, match="give a value for b"):
        plots.plot_trajectories(lecture_problem(), {"p": [(1, 1)]}, tmp_path / "t.png")
    with pytest.raises(ProblemError, match="exactly 2 variables"):
        plots.plot_trajectories(Problem.from_expression(x**2, [x]), {"p": [(1, 1)]}, tmp_path / "t.png")
    with pytest.raises(ProblemError, match="shape"):
        plots.plot_trajectories(lecture_problem(), {"p": [1, 2, 3]}, tmp_path / "t.png", {"b": 1})
    with pytest.raises(SymoptError, match="cannot write"):
        plots.plot_trajectories(lecture_problem(), {"p": [(1, 1), (0, 0)]}, tmp_path / "no" / "t.png", {"b": 1})


def test_convergence_plot(tmp_path):
    k = np.arange(40)
    curves = {"GD": 0.5 * 0.8 ** (2 * k), "momentum": 0.5 * 0.6 ** (2 * k),
              "Newton": np.array([0.5, 0.0, -1e-18])}  # exact zero and a round-off negative: clipped, not lost
    path = plots.plot_convergence(curves, tmp_path / "conv.png", title="three optimizers")
    check_png(path)
    figure = plots.convergence_figure(curves)
    ax = figure.axes[0]
    assert ax.get_yscale() == "log" and len(ax.get_legend().get_texts()) == 3
    newton = [line for line in ax.get_lines() if line.get_label() == "Newton"][0]
    assert np.all(newton.get_ydata() > 0)


def test_spectrum_plot(tmp_path):
    eigenvalues = [sp.Integer(-2), sp.Rational(1, 2), sp.sqrt(3), 0.0, 5.0]
    path = plots.plot_spectrum(eigenvalues, tmp_path / "spec.png")
    rgb = check_png(path)
    red = (rgb[..., 0] > 0.7) & (rgb[..., 1] < 0.3)
    blue = (rgb[..., 2] > 0.6) & (rgb[..., 0] < 0.3)
    assert red.sum() > 20 and blue.sum() > 20  # both signs drawn in their colours
    labels = [t.get_text() for t in plots.spectrum_figure(eigenvalues).axes[0].get_legend().get_texts()]
    assert labels == ["negative (1)", "zero (1)", "positive (3)"]
    with pytest.raises(ProblemError, match="numeric eigenvalues"):
        plots.plot_spectrum([b], tmp_path / "s.png")


def test_missing_matplotlib_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(SymoptError, match=r"pip install 'symopt\[plot\]'"):
        plots.plot_spectrum([1.0], tmp_path / "s.png")
