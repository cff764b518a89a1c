"""Plots for worked examples and solution sheets (optional extra: ``pip install 'symopt[plot]'``).

* :func:`plot_trajectories` — contour plot of a two-variable objective with
  optimizer trajectories overlaid, on equal axes so that exact line search's
  zig-zag shows its right angles;
* :func:`plot_convergence` — ``f(θ_k) − f*`` on a log scale for several optimizers;
* :func:`plot_spectrum` — a Hessian's eigenvalues, coloured by sign;
* :func:`plot_method_result` — a derived method (:class:`~symopt.methods.base.MethodResult`) run in
  float64 with concrete values (:func:`plot_values`) and drawn on the contours of its objective.

Each public function saves a PNG of ``FIGSIZE`` inches at ``DPI`` (640×480
pixels) and returns its path; the ``*_figure`` functions return the
matplotlib ``Figure`` instead (for tests and notebooks). Figures are built on
matplotlib's Agg canvas directly, without ``pyplot``: nothing global (backend,
current figure) changes, and it works on machines without a display.
"""

from pathlib import Path

import numpy as np
import sympy as sp

from .errors import ProblemError, SymoptError
from .numeric import numpy_function

FIGSIZE = (6.4, 4.8)
DPI = 100
#: Colours for positive, negative and zero eigenvalues.
SIGN_COLORS = {"positive": "#1f77b4", "negative": "#d62728", "zero": "#7f7f7f"}


def _matplotlib():
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise SymoptError("plots need matplotlib: pip install 'symopt[plot]'") from None
    return matplotlib, Figure, FigureCanvasAgg


def _new_figure():
    _, Figure, FigureCanvasAgg = _matplotlib()
    figure = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure, path):
    path = Path(path)
    try:
        figure.savefig(path, dpi=DPI, format="png")
    except OSError as exc:
        raise SymoptError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


# --- trajectories on contours ---------------------------------------------------------------------

def objective_function(problem, parameter_values=None):
    """A numpy function ``f(x, y)`` of a two-variable problem with its parameters substituted.

    >>> from symopt import Problem
    >>> from symopt.plots import objective_function
    >>> import sympy as sp
    >>> x, y, b = sp.symbols('x y b')
    >>> f = objective_function(Problem.from_expression((x**2 + b*y**2)/2, [x, y]), {"b": 0.5})
    >>> float(f(1.0, 2.0))
    1.5
    """
    if len(problem.variables) != 2:
        raise ProblemError(f"a contour plot needs exactly 2 variables, the problem has {len(problem.variables)} "
                           f"({', '.join(v.name for v in problem.variables)})")
    values = {(k if isinstance(k, str) else k.name): v for k, v in (parameter_values or {}).items()}
    missing = [p.name for p in problem.parameters if p.name not in values]
    if missing:
        raise ProblemError(f"give a value for {', '.join(missing)} to plot (e.g. parameter_values={{'{missing[0]}': 0.5}})")
    expression = problem.expression.xreplace({p: sp.Float(float(values[p.name])) for p in problem.parameters})
    function = numpy_function(list(problem.variables), expression)

    def f(x, y):
        with np.errstate(all="ignore"):
            result = np.asarray(function(x, y))
        if np.iscomplexobj(result):
            result = np.where(np.abs(result.imag) < 1e-12, result.real, np.nan)
        return np.broadcast_to(result, np.broadcast(np.asarray(x), np.asarray(y)).shape).astype(float)
    return f


def _window(points, aspect, margin=0.12):
    """Limits covering every finite point with a margin, widened to the axes' aspect ratio."""
    finite = points[np.all(np.isfinite(points), axis=1)]
    if finite.size == 0:
        finite = np.zeros((1, 2))
    low, high = finite.min(axis=0), finite.max(axis=0)
    center = (low + high) / 2
    half = np.maximum((high - low) / 2 * (1 + 2 * margin), 1e-12)
    half = np.where(half < 1e-9 * max(np.abs(center).max(), 1.0), max(np.abs(center).max(), 1.0) * 0.5, half)
    if half[0] / half[1] < aspect:
        half[0] = half[1] * aspect
    else:
        half[1] = half[0] / aspect
    return center - half, center + half


def trajectories_figure(problem, trajectories, parameter_values=None, title=None, levels=30, equal_axes=True):
    """The Figure behind :func:`plot_trajectories` (one axes: contours, trajectories, legend)."""
    f = objective_function(problem, parameter_values)
    paths = {}
    for label, points in trajectories.items():
        array = np.asarray(points, dtype=float)
        if array.ndim != 2 or array.shape[1] != 2:
            raise ProblemError(f"trajectory {label!r} must have shape (steps+1, 2), got {array.shape}")
        paths[str(label)] = array
    if not paths:
        raise ProblemError("give at least one trajectory to plot")
    figure = _new_figure()
    ax = figure.add_subplot()
    low, high = _window(np.vstack(list(paths.values())), aspect=1.35 if equal_axes else 1.0)
    gx, gy = np.meshgrid(np.linspace(low[0], high[0], 241), np.linspace(low[1], high[1], 241))
    z = f(gx, gy)
    finite = z[np.isfinite(z)]
    if finite.size and np.ptp(finite) > 0:
        # quantile levels: contours spread over the picture instead of crowding one corner
        contour_levels = np.unique(np.quantile(finite, np.linspace(0, 1, int(levels) + 2)[1:-1]))
        if contour_levels.size >= 2:
            filled = ax.contourf(gx, gy, z, levels=np.concatenate([[finite.min()], contour_levels, [finite.max()]]),
                                 cmap="viridis", alpha=0.35)
            ax.contour(gx, gy, z, levels=contour_levels, colors="k", linewidths=0.4, alpha=0.5)
            from matplotlib.ticker import MaxNLocator
            # quantile levels crowd near the minimum: give each band the same height on the bar
            bar = figure.colorbar(filled, ax=ax, label="f", shrink=0.85, spacing="uniform")
            bar.locator = MaxNLocator(6)
            bar.update_ticks()
    colors = ["#d62728", "#ff7f0e", "#1f77b4", "#9467bd", "#2ca02c", "#8c564b", "#e377c2", "#17becf"]
    for index, (label, array) in enumerate(paths.items()):
        color = colors[index % len(colors)]
        ax.plot(array[:, 0], array[:, 1], "-o", color=color, markersize=3, linewidth=1.4, label=label)
        ax.plot(array[0, 0], array[0, 1], "s", color=color, markersize=7)
        ax.plot(array[-1, 0], array[-1, 1], "*", color=color, markersize=11)
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    if equal_axes:
        ax.set_aspect("equal")
    names = [v.name for v in problem.variables]
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_title(title or f"f = {sp.sstr(problem.expression)}", fontsize=10)
    ax.legend(loc="best", fontsize=8)
    return figure


def plot_trajectories(problem, trajectories, path, parameter_values=None, title=None, levels=30, equal_axes=True):
    """Contour plot of a two-variable objective with trajectories overlaid; saves a PNG, returns its path.

    ``trajectories`` maps a label to an array of shape ``(steps+1, 2)``; ``parameter_values``
    gives a number for each parameter of the problem. The window covers every
    trajectory point with a margin; with ``equal_axes`` one unit is as long on
    both axes, so orthogonal steps look orthogonal. Start points are squares, end points stars.

    Examples
    ========
    >>> import tempfile, pathlib, sympy as sp
    >>> from symopt import Problem
    >>> from symopt.plots import plot_trajectories
    >>> x, y, b = sp.symbols('x y b')
    >>> problem = Problem.from_expression((x**2 + b*y**2)/2, [x, y])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     png = plot_trajectories(problem, {"GD": [(1, 1), (0.5, 0.9)]}, pathlib.Path(d) / "t.png", {"b": 0.25})
    ...     png.read_bytes()[:4]
    b'\\x89PNG'
    """
    figure = trajectories_figure(problem, trajectories, parameter_values, title, levels, equal_axes)
    return _save(figure, path)


# --- a derived method's run on its contours ------------------------------------------------------

#: Value given to each parameter without one when a plot needs numbers (if inside its domain).
PLOT_DEFAULT = 0.25


def plot_method_result(result, path, values=None, steps=60):
    """Run a derived method numerically with concrete values and draw its trajectory on the contours of f.

    ``values`` maps parameter names to numbers (a list: its first number); the
    others get :func:`plot_values`. The run is the method's own recurrence in
    float64 from its start point, ``steps`` steps (non-finite iterates are cut).
    Saves a PNG and returns its path.
    """
    from .numeric.sequence_runs import run_float64
    problem = result.problem
    if problem is None or len(problem.variables) != 2:
        raise ProblemError("--plot draws two-variable problems only")
    recurrence, start = result.recurrence, result.initial_point
    if recurrence is None or start is None:
        raise ProblemError("this derivation has no numeric run to plot")
    numbers = plot_values(result, values)
    parameters = sorted(numbers, key=str)
    symbols = {s.name: s for s in _free_parameters(recurrence, start)}
    missing = [name for name in symbols if name not in numbers]
    if missing:
        raise ProblemError(f"--plot needs numeric values for {', '.join(missing)}: use --set")
    order = [symbols[name] for name in parameters if name in symbols]
    grid = {s: np.array([numbers[s.name]], dtype=float) for s in order}
    start_vector = [e for e in start] + [0] * (len(recurrence.state) - len(start))
    trajectory = run_float64(recurrence, start_vector, order, grid, steps)[:, :2, 0]
    finite = np.all(np.isfinite(trajectory), axis=1)
    trajectory = trajectory[finite] if finite.any() else trajectory[:1]
    label = result.method + "".join(f", {s.name} = {numbers[s.name]:g}" for s in order)
    return plot_trajectories(problem, {label: trajectory}, path,
                             parameter_values={n: numbers[n] for n in parameters
                                               if n in {p.name for p in problem.parameters}},
                             title=result.derivation.title)


def _free_parameters(recurrence, start):
    """The symbols a run of ``recurrence`` from ``start`` needs numbers for (neither state nor step index)."""
    from .values import to_sympy
    symbols = set()
    for e in list(recurrence.update) + [to_sympy(s) for s in start]:
        symbols |= e.free_symbols
    if recurrence.guard is not None:
        symbols |= recurrence.guard.free_symbols
    symbols -= set(recurrence.state)
    if recurrence.step_index is not None:
        symbols.discard(recurrence.step_index)
    return symbols


def plot_values(result, values=None):
    """Numbers for every parameter and hyperparameter of a plot: ``values``, then optimal values, then defaults.

    A parameter without a value gets :data:`PLOT_DEFAULT` when its domain allows
    it, else a sample inside its domain; a hyperparameter the method optimised
    (ε, α) gets its optimum at those parameters, otherwise ε = 0.1 and α = 0.9.
    """
    from .values import to_sympy
    numbers = {}
    for name, value in (values or {}).items():
        numbers[name] = float(value[0] if isinstance(value, list) else value)
    problem = result.problem
    for p in problem.parameters:
        if p.name not in numbers:
            domain = problem.domain_map.get(p.name)
            if domain is None or domain.contains(PLOT_DEFAULT) is not False:
                numbers[p.name] = PLOT_DEFAULT
            else:
                from .numeric.samples import sample_values
                numbers[p.name] = sample_values(p, domain, 3)[1]
    at = {p: numbers[p.name] for p in problem.parameters}
    for name, value in result.optimal_hyperparameters.items():
        if name not in numbers:
            numbers[name] = float(to_sympy(value).xreplace(at))
    numbers.setdefault("epsilon", 0.1)
    numbers.setdefault("alpha", 0.9)
    return numbers


def plot_run(trajectory, problem, path, parameter_values=None, optimizer=None):
    """The first run of an optimizer's :class:`~symopt.numeric.trajectory.Trajectory`: its path on the contours of a
    two-variable objective, otherwise ``f_k − min f`` on a log scale. Saves a PNG and returns its path."""
    name = optimizer.name if optimizer is not None else trajectory.optimizer
    title = optimizer.title if optimizer is not None else trajectory.optimizer
    points = np.asarray(trajectory.path(0), dtype=float)
    if len(problem.variables) == 2:
        values = {n: float(v) for n, v in (parameter_values or {}).items()} or None
        return plot_trajectories(problem, {name: points}, path, parameter_values=values,
                                 title=f"{title}: {trajectory.status[0]}")
    f = np.asarray(trajectory.values(0), dtype=float)
    return plot_convergence({name: f - f.min()}, path, title=f"{title} (f* estimated by the smallest f on the run)")


# --- convergence curves ---------------------------------------------------------------------------

def convergence_figure(curves, title=None, ylabel="f(θ_k) − f*"):
    """The Figure behind :func:`plot_convergence`."""
    arrays = {}
    for label, values in curves.items():
        array = np.asarray(values, dtype=float).ravel()
        if array.size == 0:
            raise ProblemError(f"curve {label!r} is empty")
        arrays[str(label)] = array
    if not arrays:
        raise ProblemError("give at least one curve to plot")
    positive = np.concatenate([a[np.isfinite(a) & (a > 0)] for a in arrays.values()])
    # exact zeros (a method that converged exactly) and round-off negatives sit on a floor
    floor = positive.min() / 10 if positive.size else 1e-16
    figure = _new_figure()
    ax = figure.add_subplot()
    for label, array in arrays.items():
        clipped = np.where(np.isfinite(array) & (array > floor), array, np.where(np.isnan(array), np.nan, floor))
        ax.semilogy(np.arange(array.size), clipped, "-o" if array.size <= 60 else "-", markersize=3, label=label)
    if any(np.any(np.isfinite(a) & (a <= floor)) for a in arrays.values()):
        ax.axhline(floor, color="0.6", linewidth=0.6, linestyle=":")
        ax.annotate("values <= 0 drawn here", (0, floor), xytext=(4, 3), textcoords="offset points",
                    fontsize=7, color="0.4")
    ax.set_xlabel("iteration $k$")
    # the default label typeset with mathtext (θ_k as a subscript); a caller's label is shown as given
    ax.set_ylabel(r"$f(\theta_k) - f^*$" if ylabel == "f(θ_k) − f*" else ylabel)
    ax.set_title(title or "Convergence", fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    return figure


def plot_convergence(curves, path, title=None, ylabel="f(θ_k) − f*"):
    """``f(θ_k) − f*`` against k on a log scale, one line per optimizer; saves a PNG, returns its path.

    ``curves`` maps a label to a 1-D array. Values <= 0 (exact convergence,
    round-off) are drawn on a floor a decade below the smallest positive value.

    Examples
    ========
    >>> import tempfile, pathlib
    >>> from symopt.plots import plot_convergence
    >>> with tempfile.TemporaryDirectory() as d:
    ...     png = plot_convergence({"GD": [1, 0.5, 0.25], "Newton": [1, 0]}, pathlib.Path(d) / "c.png")
    ...     png.suffix
    '.png'
    """
    return _save(convergence_figure(curves, title, ylabel), path)


# --- spectrum -------------------------------------------------------------------------------------

def _sign(value, tolerance):
    return "positive" if value > tolerance else "negative" if value < -tolerance else "zero"


def spectrum_figure(eigenvalues, title=None):
    """The Figure behind :func:`plot_spectrum`."""
    try:
        values = np.array([float(sp.re(sp.N(v))) if isinstance(v, sp.Basic) else float(v) for v in eigenvalues])
    except (TypeError, ValueError):
        raise ProblemError("the spectrum plot needs numeric eigenvalues; substitute the parameters first") from None
    if values.size == 0:
        raise ProblemError("no eigenvalues to plot")
    values = np.sort(values)
    tolerance = 1e-12 * max(np.abs(values).max(), 1.0)
    signs = [_sign(v, tolerance) for v in values]
    figure = _new_figure()
    ax = figure.add_subplot()
    index = np.arange(1, values.size + 1)
    for sign in ("negative", "zero", "positive"):
        chosen = [i for i, s in enumerate(signs) if s == sign]
        if chosen:
            ax.vlines(index[chosen], 0, values[chosen], color=SIGN_COLORS[sign], linewidth=2)
            ax.plot(index[chosen], values[chosen], "o", color=SIGN_COLORS[sign],
                    label=f"{sign} ({len(chosen)})")
    ax.axhline(0, color="k", linewidth=0.8)
    ax.set_xlabel("index i (ascending)")
    ax.set_ylabel(r"eigenvalue $\lambda_i$")
    nonzero = np.abs(values[np.abs(values) > tolerance])
    kappa = f", κ = {nonzero.max() / nonzero.min():.3g}" if nonzero.size == values.size else ", singular"
    ax.set_title(title or f"Hessian spectrum ({values.size} eigenvalues{kappa})", fontsize=10)
    if values.size <= 30:
        ax.set_xticks(index)
    ax.legend(loc="best", fontsize=8)
    return figure


def plot_spectrum(eigenvalues, path, title=None):
    """A stem plot of a Hessian's eigenvalues, coloured by sign; saves a PNG, returns its path.

    Examples
    ========
    >>> import tempfile, pathlib
    >>> from symopt.plots import plot_spectrum
    >>> with tempfile.TemporaryDirectory() as d:
    ...     plot_spectrum([-1.0, 0.5, 2.0], pathlib.Path(d) / "s.png").name
    's.png'
    """
    return _save(spectrum_figure(eigenvalues, title), path)


__all__ = ["plot_trajectories", "plot_convergence", "plot_spectrum", "plot_method_result", "plot_values", "plot_run",
           "trajectories_figure", "convergence_figure", "spectrum_figure", "objective_function", "FIGSIZE", "DPI",
           "PLOT_DEFAULT"]
