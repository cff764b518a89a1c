"""Minibatch optimization of an empirical risk, and the standard error of the minibatch gradient.

The empirical risk is J(θ) = (1/N) Σ_i L(x_i, y_i; θ) for a per-example loss
expression L (e.g. ``(w*x + c - y)**2/2`` with data symbols x, y and parameters
w, c). The per-example gradient is differentiated once and lambdified once
(``cse=True``); it broadcasts over all N examples. A run samples each minibatch
with a seeded :class:`numpy.random.Generator` (m distinct examples per step, as
in the lecture's "sample a minibatch of m examples") and applies the same
:meth:`~symopt.optimizers.base.Optimizer.update` as every other run.

The lecture's claim (Goodfellow et al. §8.1.3): the minibatch gradient ĝ = (1/n)Σ_{i∈B} ∇L_i has
standard error σ/√n, σ the standard deviation of one example's gradient — exact
when the n examples are drawn with replacement; without replacement from N
examples it is σ/√n·√((N − n)/(N − 1)).
"""

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .errors import ProblemError
from .values import to_sympy


class EmpiricalRisk:
    """J(θ) = mean over the data of a per-example loss, with batched loss and gradient evaluators.

    Examples
    ========
    >>> import numpy as np
    >>> from symopt.minibatch import EmpiricalRisk
    >>> risk = EmpiricalRisk("(w*x - y)**2/2", "w", "x,y", {"x": np.array([1.0, 2.0]), "y": np.array([1.0, 2.0])})
    >>> risk.value([1.0]), risk.gradient([0.0]).tolist()
    (0.0, [-2.5])
    """

    def __init__(self, loss, parameters, data_symbols, data):
        from .numeric import numpy_function
        from .parsing import parse_expression, parse_names

        parameter_names = parse_names(parameters) if isinstance(parameters, str) else list(parameters)
        data_names = parse_names(data_symbols) if isinstance(data_symbols, str) else list(data_symbols)
        overlap = set(parameter_names) & set(data_names)
        if overlap:
            raise ProblemError(f"{', '.join(sorted(overlap))} cannot be both a parameter and a data symbol")
        symbols = {n: sp.Symbol(n, real=True) for n in parameter_names + data_names}
        self.loss = parse_expression(loss, symbols=symbols) if isinstance(loss, str) else to_sympy(loss).xreplace(
            {s: symbols[s.name] for s in to_sympy(loss).free_symbols if s.name in symbols})
        unknown = sorted(s.name for s in self.loss.free_symbols if s.name not in symbols)
        if unknown:
            raise ProblemError(f"the loss contains {', '.join(unknown)}, which is neither a parameter "
                               f"({', '.join(parameter_names)}) nor a data symbol ({', '.join(data_names)})")
        self.parameters = tuple(symbols[n] for n in parameter_names)
        self.data_symbols = tuple(symbols[n] for n in data_names)
        missing = [n for n in data_names if n not in data]
        if missing:
            raise ProblemError(f"no data for {', '.join(missing)}")
        columns = [np.asarray(data[n], dtype=float) for n in data_names]
        sizes = {c.shape for c in columns}
        if len(sizes) != 1 or len(columns[0].shape) != 1 or columns[0].size == 0:
            raise ProblemError(f"data arrays must be one-dimensional, non-empty and of equal length, got shapes "
                               f"{sorted(sizes)}")
        self.data = columns
        self.size = columns[0].size
        args = list(self.parameters) + list(self.data_symbols)
        self._loss = numpy_function(args, self.loss)
        self._gradient = numpy_function(args, [sp.diff(self.loss, p) for p in self.parameters])

    def losses(self, theta, rows=None):
        """Per-example losses at θ (all examples, or ``rows``)."""
        data = self.data if rows is None else [c[rows] for c in self.data]
        return np.broadcast_to(self._loss(*np.asarray(theta, dtype=float), *data), data[0].shape)

    def value(self, theta):
        """J(θ), the mean loss over all examples."""
        return float(np.mean(self.losses(theta)))

    def example_gradients(self, theta, rows=None):
        """Per-example gradients ∇_θ L_i at θ, shape ``(examples, n)``."""
        data = self.data if rows is None else [c[rows] for c in self.data]
        parts = self._gradient(*np.asarray(theta, dtype=float), *data)
        return np.stack([np.broadcast_to(part, data[0].shape) for part in parts], axis=1)

    def gradient(self, theta, rows=None):
        """The (minibatch) gradient: the mean of the per-example gradients over ``rows`` (default: all)."""
        return self.example_gradients(theta, rows).mean(axis=0)


@dataclass(frozen=True)
class MinibatchRun:
    """A minibatch run: iterates ``(steps + 1, n)``, the empirical risk J(θ_k), and the gradient estimates used."""

    optimizer: str
    iterates: np.ndarray
    risk: np.ndarray
    gradient_estimates: np.ndarray
    batch_size: int
    seed: int


def run_minibatch(risk, optimizer, start, steps, batch_size, hyperparameters=None, schedule=None, seed=0):
    """Optimize an :class:`EmpiricalRisk` with minibatch gradients; J(θ_k) is reported at every step.

    Each step draws ``batch_size`` distinct examples with ``numpy.random.default_rng(seed)``.

    Examples
    ========
    >>> import numpy as np
    >>> from symopt.minibatch import EmpiricalRisk, run_minibatch
    >>> x = np.linspace(-1, 1, 50); risk = EmpiricalRisk("(w*x - y)**2/2", "w", "x,y", {"x": x, "y": 3 * x})
    >>> r = run_minibatch(risk, "sgd", [0.0], 200, 10, {"epsilon": 0.5}, seed=1)
    >>> bool(r.risk[-1] < 1e-6 < r.risk[0])
    True
    """
    from .optimizers import get
    from .optimizers.operations import NumpyOps
    from .schedules import as_schedule

    optimizer = get(optimizer)
    if optimizer.needs_hessian:
        raise ProblemError("minibatch runs support first-order optimizers; Newton needs the full Hessian")
    if not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= risk.size:
        raise ProblemError(f"batch_size must be a whole number in [1, {risk.size}], got {batch_size}")
    if steps < 0:
        raise ProblemError(f"steps must be a whole number >= 0, got {steps}")
    h = {name: float(v) for name, v in optimizer.resolve(hyperparameters).items()}
    epsilons = None
    if schedule is not None:
        epsilons = as_schedule(schedule).values(steps)
        if not np.all(epsilons > 0):
            raise ProblemError("schedule: the learning rate must be in (0, inf) at every step")
        base = h["epsilon"] if "epsilon" in (hyperparameters or {}) else 1.0
    theta = np.asarray(start, dtype=float).reshape(1, -1)
    if theta.shape[1] != len(risk.parameters):
        raise ProblemError(f"start point has {theta.shape[1]} coordinate(s), the loss has "
                           f"{len(risk.parameters)} parameter(s)")
    rng = np.random.default_rng(seed)
    ops = NumpyOps()
    state = optimizer.initial_state(theta, ops)
    iterates = [theta[0].copy()]
    estimates = []
    values = [risk.value(theta[0])]
    for k in range(1, steps + 1):
        if epsilons is not None:
            h["epsilon"] = base * epsilons[k - 1]
        rows = rng.choice(risk.size, size=batch_size, replace=False)
        probe = optimizer.probe(theta, state, h, ops)
        g = risk.gradient(probe[0], rows)[None, :]
        theta, state = optimizer.update(theta, state, g, h, k, ops)
        iterates.append(theta[0].copy())
        estimates.append(g[0])
        values.append(risk.value(theta[0]))
    return MinibatchRun(optimizer.name, np.array(iterates), np.array(values),
                        np.array(estimates).reshape(steps, -1), batch_size, seed)


@dataclass(frozen=True)
class StandardErrorRow:
    """Measured and predicted standard error of the minibatch gradient for one batch size (per coordinate)."""

    batch_size: int
    measured: np.ndarray
    predicted: np.ndarray

    @property
    def ratio(self):
        """measured / predicted, per coordinate (≈ 1 when σ/√n holds)."""
        return self.measured / self.predicted


def minibatch_standard_error(risk, theta, batch_sizes, draws=2000, seed=0, replace=True):
    """Standard error of the minibatch gradient at θ for each batch size, measured vs σ/√n (Goodfellow et al. §8.1.3).

    ``draws`` minibatches are sampled per batch size (with replacement by
    default, where σ/√n is exact; ``replace=False`` uses the finite-population
    factor √((N − n)/(N − 1))). σ is the population standard deviation of the
    per-example gradients at θ.

    Examples
    ========
    >>> import numpy as np
    >>> from symopt.minibatch import EmpiricalRisk, minibatch_standard_error
    >>> rng = np.random.default_rng(0); x = rng.normal(size=500)
    >>> risk = EmpiricalRisk("(w*x - y)**2/2", "w", "x,y", {"x": x, "y": 2 * x + rng.normal(size=500)})
    >>> rows = minibatch_standard_error(risk, [0.0], [4, 64], draws=4000)
    >>> [bool(abs(r.ratio[0] - 1) < 0.1) for r in rows]
    [True, True]
    """
    rng = np.random.default_rng(seed)
    per_example = risk.example_gradients(theta)
    sigma = per_example.std(axis=0)
    rows = []
    for n in batch_sizes:
        if not 1 <= n <= risk.size:
            raise ProblemError(f"batch size must be in [1, {risk.size}], got {n}")
        if replace:
            picks = rng.integers(0, risk.size, size=(draws, n))
        else:
            picks = np.argsort(rng.random((draws, risk.size)), axis=1)[:, :n]
        means = per_example[picks].mean(axis=1)
        predicted = sigma / np.sqrt(n)
        if not replace:
            predicted = predicted * np.sqrt((risk.size - n) / max(risk.size - 1, 1))
        rows.append(StandardErrorRow(int(n), means.std(axis=0, ddof=1), predicted))
    return rows


__all__ = ["EmpiricalRisk", "MinibatchRun", "StandardErrorRow", "minibatch_standard_error", "run_minibatch"]
