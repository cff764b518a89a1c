"""Numeric runs of the optimizers: float64 batches in numpy and arbitrary precision in mpmath.

The optimizer rule is not re-implemented here: the driver calls the same
:meth:`~symopt.optimizers.base.Optimizer.probe` and ``update`` that the symbolic
layer uses, with vector operations supplied by :class:`NumpyOps` (arrays of shape
``(batch, n)``; hyperparameter arrays of shape ``(batch, 1)``) or
:class:`MpmathOps` (object arrays of mpmath numbers). For a symopt
:class:`~symopt.problem.Problem` the gradient (and the Hessian, and f) are
lambdified once with ``cse=True`` through :mod:`symopt.numeric`; a Python
gradient callable is used as it is.

Stopping and failure
--------------------
* ``tolerance``: a run converges at the first iterate with ‖∇f(θ_k)‖ ≤ tolerance.
* Divergence: an iterate that is not finite or has norm above ``bound`` (or a
  Newton step with a singular Hessian) ends that run with status ``diverged``;
  ``diverged_at`` is the step that produced it, and the run is frozen at its last
  valid iterate. There is never an exception and never a NaN in a valid record.
* ``clip``: gradient-norm clipping, g ← g·C/‖g‖ when ‖g‖ > C (the lecture's cliffs).

Recording
---------
``record="all"`` keeps every iterate; an integer N keeps every N-th (and the
last); ``"last"`` keeps only start and end. The default ``"auto"`` keeps all
when batch × (steps + 1) × n ≤ 10⁷ numbers (80 MB) and only start and end
otherwise, so that 10⁵ runs × 1000 steps do not need 1.6 GB.
"""

import math
import numbers
import re

import numpy as np
import sympy as sp

from ..errors import ProblemError
from ..trajectory import Trajectory
from .base import Optimizer
from .symbolic import get

#: ``record="auto"`` keeps every iterate up to this many stored numbers.
AUTO_RECORD_LIMIT = 10_000_000


class NumpyOps:
    """Vector operations on float64 arrays of shape ``(batch, n)``.

    >>> import numpy as np
    >>> NumpyOps().scalar_div(1.0, np.array([[2.0, 4.0]]))
    array([[0.5 , 0.25]])
    """

    mul = staticmethod(np.multiply)
    div = staticmethod(np.divide)
    sqrt = staticmethod(np.sqrt)

    def __init__(self):
        self.singular = None

    @staticmethod
    def scalar_div(c, a):
        return c / a

    @staticmethod
    def add_scalar(c, a):
        return c + a

    @staticmethod
    def zeros_like(a):
        return np.zeros_like(a)

    @staticmethod
    def power(c, k):
        return c ** k

    def solve(self, H, g):
        """Solve H x = g per run (H of shape (batch, n, n), or one (n, n) matrix shared by every run).

        Runs with a singular H get NaN and are flagged in ``self.singular``.
        """
        self.singular = None
        if H.ndim == 2:  # a constant Hessian: one inverse for the whole batch and every step
            key = H.tobytes()
            if getattr(self, "_inverse", (None,))[0] != key:
                try:
                    self._inverse = (key, np.linalg.inv(H).T)
                except np.linalg.LinAlgError:
                    self._inverse = (key, None)
            if self._inverse[1] is None:
                self.singular = np.ones(len(g), dtype=bool)
                return np.full_like(g, np.nan)
            return g @ self._inverse[1]
        try:
            return np.linalg.solve(H, g[..., None])[..., 0]
        except np.linalg.LinAlgError:
            singular = ~np.isfinite(np.linalg.cond(H)) | (np.linalg.det(H) == 0)
            safe = np.where(singular[:, None, None], np.eye(H.shape[-1]), H)
            try:
                x = np.linalg.solve(safe, g[..., None])[..., 0]
            except np.linalg.LinAlgError:  # non-finite entries: give up on every run of this step
                singular = np.ones(len(H), dtype=bool)
                x = np.zeros_like(g)
            x[singular] = np.nan
            self.singular = singular
            return x

    @staticmethod
    def norm_sq(a):
        return np.einsum("ij,ij->i", a, a)


class MpmathOps(NumpyOps):
    """Vector operations on object arrays of mpmath numbers (call inside ``mpmath.workdps``)."""

    def __init__(self):
        import mpmath
        super().__init__()
        self.mpmath = mpmath
        self._sqrt = np.frompyfunc(mpmath.sqrt, 1, 1)

    def sqrt(self, a):
        return self._sqrt(a)

    def zeros_like(self, a):
        return np.full(a.shape, self.mpmath.mpf(0), dtype=object)

    def solve(self, H, g):
        mp = self.mpmath
        out = np.empty(g.shape, dtype=object)
        singular = np.zeros(len(g), dtype=bool)
        for i in range(len(g)):
            try:
                out[i] = list(mp.lu_solve(mp.matrix(H[i].tolist()), mp.matrix(g[i].tolist())))
            except ZeroDivisionError:
                singular[i] = True
                out[i] = [mp.nan] * g.shape[1]
        self.singular = singular if singular.any() else None
        return out

    @staticmethod
    def norm_sq(a):
        return np.sum(a * a, axis=1)


# --------------------------------------------------------------------------------------------
# the objective: a Problem lambdified once, or Python callables


class _Objective:
    """Gradient, Hessian and f as batched callables ``(points (b, n), params) -> arrays``."""

    def __init__(self, variables, gradient, hessian=None, function=None, parameters=()):
        self.variables = tuple(variables)
        self.gradient = gradient
        self.hessian = hessian
        self.function = function
        self.parameters = parameters  # per-run values, each scalar or array (b,)

    def take(self, keep):
        return _Objective(self.variables, self.gradient, self.hessian, self.function,
                          tuple(_take_param(p, keep) for p in self.parameters))


def _take_param(p, keep):
    return p[keep] if isinstance(p, np.ndarray) and p.ndim == 1 else p


def _problem_objective(problem, parameter_values, precision, needs_hessian):
    from ..numeric import mpmath_function, numpy_function

    params = problem.parameters
    missing = [p.name for p in params if p.name not in parameter_values]
    if missing:
        raise ProblemError(f"give a value for the parameter(s) {', '.join(missing)} "
                           f"(for example --set {missing[0]}=0.1)")
    unknown = [n for n in parameter_values if n not in {p.name for p in params}]
    if unknown:
        raise ProblemError(f"'{unknown[0]}' is not a parameter of the objective "
                           f"(parameters: {', '.join(p.name for p in params) or 'none'})")
    args = list(problem.variables) + list(params)
    n = len(problem.variables)
    backend = "numpy" if precision is None else "mpmath"
    lambdify = numpy_function if precision is None else mpmath_function

    def make(what, expressions):
        # lambdified once per problem and backend (the problem is immutable), as symfit caches its callables
        return problem.cached(f"optimizers.{backend}.{what}", lambda: lambdify(args, expressions))

    gfun = make("gradient", list(problem.gradient))
    ffun = make("f", problem.expression)
    hfun = make("hessian", list(problem.hessian)) if needs_hessian else None

    if precision is None:
        affine = problem.cached("optimizers.affine", lambda: _affine_form(problem))
        affine = None if affine is None else _affine_evaluator(affine, make, n)

        def gradient(X, pv):
            if affine is not None and not any(_is_array(p) for p in pv):
                # ∇f = A θ + c (a quadratic): one matrix product, as a hand-written loop would do
                At, c = affine(pv)
                return X @ At if c is None else X @ At + c
            out = np.empty_like(X)
            for i, column in enumerate(gfun(*X.T, *pv)):
                out[:, i] = column
            return out

        def function(X, pv):
            shape = X.shape[:-1]
            return np.broadcast_to(ffun(*np.moveaxis(X, -1, 0), *pv), shape).astype(float)

        constant = not (problem.hessian.free_symbols & set(problem.variables))

        def hessian(X, pv):
            if constant and not any(_is_array(p) for p in pv):
                # the same matrix for every run and step (a quadratic): evaluate it once per call, unbatched
                return np.array(hfun(*([0.0] * n), *pv), dtype=float).reshape(n, n)
            out = np.empty((X.shape[0], n * n))
            for i, column in enumerate(hfun(*X.T, *pv)):
                out[:, i] = column
            return out.reshape(-1, n, n)
    else:
        def _rows(fun, X, pv):
            return [fun(*X[i], *[_row_param(p, i) for p in pv]) for i in range(X.shape[0])]

        def gradient(X, pv):
            return _object_array(_rows(gfun, X, pv), X.shape)

        def function(X, pv):
            flat = X.reshape(-1, n)
            values = [ffun(*flat[i], *[_row_param(p, i) for p in pv]) for i in range(flat.shape[0])]
            return _object_array(values, X.shape[:-1])

        def hessian(X, pv):
            return _object_array(_rows(hfun, X, pv), (X.shape[0], n, n))

    return _Objective(problem.variables, gradient, hessian if needs_hessian else None, function)


def _affine_form(problem):
    """``(A, c)`` when ∇f = Aθ + c with A, c free of the variables (a quadratic), else None."""
    A = problem.hessian
    variables = set(problem.variables)
    if A.free_symbols & variables:
        return None
    c = (problem.gradient - A * sp.Matrix(problem.variables)).applyfunc(sp.expand)
    if c.free_symbols & variables:
        return None
    return A, c


def _affine_evaluator(form, make, n):
    """A cached ``pv -> (Aᵀ contiguous, c or None)`` for scalar parameter values."""
    A, c = form
    afun = make("affine.A", list(A))
    cfun = None if c.is_zero_matrix else make("affine.c", list(c))
    cache = {}

    def evaluate(pv):
        key = tuple(float(p) for p in pv)
        if key not in cache:
            zeros = [0.0] * n
            matrix = np.array(afun(*zeros, *pv), dtype=float).reshape(n, n)
            offset = None if cfun is None else np.array(cfun(*zeros, *pv), dtype=float).reshape(n)
            cache[key] = (np.ascontiguousarray(matrix.T), offset)  # X @ A.T is 3x slower than this
        return cache[key]

    return evaluate


def _is_array(p):
    return isinstance(p, np.ndarray) and p.ndim == 1


def _row_param(p, i):
    return p[i] if _is_array(p) else p


def _object_array(values, shape):
    out = np.empty(shape, dtype=object)
    out[...] = np.array(values, dtype=object).reshape(shape) if len(shape) else values
    return out


def _callable_objective(gradient, hessian, function, n, precision):
    def wrap(fun, shape_tail):
        def call(X, pv):
            value = fun(X)
            value = np.asarray(value, dtype=object if precision is not None else float)
            expected = X.shape[:-1] + shape_tail
            if value.shape != expected:
                raise ProblemError(f"the callable returned shape {value.shape}, expected {expected} "
                                   "(it receives points of shape (batch, n))")
            return value
        return call

    def wrap_f(fun):
        def call(X, pv):
            flat = X.reshape(-1, n)
            return np.asarray(fun(flat), dtype=object if precision is not None else float).reshape(X.shape[:-1])
        return call

    variables = tuple(f"x{i + 1}" for i in range(n)) if n > 1 else ("x",)
    return _Objective(variables, wrap(gradient, (n,)), None if hessian is None else wrap(hessian, (n, n)),
                      None if function is None else wrap_f(function))


# --------------------------------------------------------------------------------------------
# values: numbers, sympy numbers, strings (parsed safely), arrays over the batch


_DECIMAL = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


def exact_number(text):
    """A number from text as sympy: decimal literals exactly (``"0.1"`` is 1/10), anything else parsed safely.

    >>> exact_number("0.1"), exact_number("1/3"), exact_number("2e-3")
    (1/10, 1/3, 1/500)
    """
    from ..parsing import parse_expression
    if _DECIMAL.match(text):
        parse_expression(text)  # refuses 1e-99999999 before Rational builds 10**99999999
        return sp.Rational(text.strip())
    value = parse_expression(text)
    if isinstance(value, sp.Float):  # keep what the user typed, not its binary approximation
        return sp.Rational(str(value)) if _DECIMAL.match(str(value)) else value
    return value


def _scalar(value, precision):
    if isinstance(value, str):
        value = exact_number(value)
    if isinstance(value, sp.Basic):
        if value.free_symbols:
            raise ProblemError(f"expected a number, got {value}")
        if precision is None:
            return float(value)
        from ..numeric import to_mpf_or_mpc
        return to_mpf_or_mpc(value)
    if precision is None:
        return float(value)
    import mpmath
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return mpmath.mpf(value)
    return mpmath.mpf(value) if isinstance(value, numbers.Real) else mpmath.mpf(str(value))


def _values(value, precision):
    """A scalar, or a 1-D array over the batch (object dtype for mpmath)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value, dtype=object if precision is not None or isinstance(value, (list, tuple))
                           else None)
        if array.ndim != 1:
            raise ProblemError(f"a batch of values must be one-dimensional, got shape {array.shape}")
        converted = [_scalar(v, precision) for v in array]
        return np.array(converted, dtype=object if precision is not None else float)
    return _scalar(value, precision)


def _start_points(start, variables, problem, precision):
    n = len(variables)
    if isinstance(start, str):
        if problem is None:
            raise ProblemError("a start point given as text needs a symopt Problem")
        from ..parsing import parse_assignments
        start = parse_assignments(start, symbols=problem.symbol_table())
        start = {name: exact_number(sp.sstr(v, full_prec=False)) if isinstance(v, sp.Float) else v
                 for name, v in start.items()}
    if isinstance(start, dict):
        given = {(key if isinstance(key, str) else key.name): value for key, value in start.items()}
        names = [v.name for v in variables]
        missing = [m for m in names if m not in given]
        extra = [e for e in given if e not in names]
        if missing or extra:
            raise ProblemError(f"start point: give exactly the variables {', '.join(names)}"
                               + (f"; missing {', '.join(missing)}" if missing else "")
                               + (f"; unknown {', '.join(extra)}" if extra else ""))
        columns = [_values(given[m], precision) for m in names]
        size = max([len(c) for c in columns if isinstance(c, np.ndarray)] or [1])
        dtype = object if precision is not None else float
        points = np.empty((size, n), dtype=dtype)
        for i, column in enumerate(columns):
            points[:, i] = column
        return points
    if isinstance(start, sp.MatrixBase):
        start = list(start)
    if precision is None and isinstance(start, np.ndarray) and start.dtype.kind in "fiu":
        array = start.astype(float)  # a numeric batch: no per-element conversion
        if array.ndim == 1:
            array = array[None, :]
        if array.ndim == 2 and array.shape[1] == n:
            return array
    array = np.asarray(start, dtype=object)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != n:
        got = array.shape[-1] if array.ndim >= 1 else 0
        raise ProblemError(f"start point has {got} coordinate(s) but the problem has {n} variable(s) "
                           f"({', '.join(v if isinstance(v, str) else v.name for v in variables)})")
    if precision is None:
        try:
            return np.array([[float(_scalar(v, None)) for v in row] for row in array], dtype=float) \
                if array.dtype == object and array.size < 10_000 else array.astype(float)
        except (TypeError, ValueError) as exc:
            raise ProblemError(f"start point: {exc}") from None
    return np.array([[_scalar(v, precision) for v in row] for row in array], dtype=object)


# --------------------------------------------------------------------------------------------
# the driver


def run(optimizer, objective, start, steps=100, hyperparameters=None, schedule=None, tolerance=None,
        clip=None, bound=1e100, precision=None, record="auto", parameters=None, hessian=None, function=None):
    """Run ``optimizer`` from ``start`` for at most ``steps`` steps; return a :class:`~symopt.trajectory.Trajectory`.

    Explanation
    ===========
    The batch is the broadcast of the start points (shape ``(batch, n)``), the
    hyperparameter values and the parameter values (each a scalar or an array of
    length ``batch``): one run per row, all advanced together in float64 numpy
    (``precision=None``), or in mpmath at ``precision`` decimal digits.

    Parameters
    ==========
    optimizer : name or :class:`~symopt.optimizers.base.Optimizer`.
    objective : a :class:`~symopt.problem.Problem`, or a gradient callable mapping points
        ``(batch, n)`` to gradients ``(batch, n)`` (then ``hessian`` maps to ``(batch, n, n)``
        and ``function`` to ``(batch,)``; both optional, Newton needs ``hessian``).
    start : a point (sequence in variable order, dict ``{name: value}``, text ``"x=1,y=2"``)
        or an array of points ``(batch, n)``; dict values may be arrays over the batch.
    hyperparameters : ``{name: value or array}``; missing ones take the optimizer's defaults.
    schedule : learning-rate schedule ε_k for steps k = 1, 2, ...: a
        :class:`~symopt.schedules.Schedule`, an expression in ``k`` (text or sympy) or a
        callable ``k -> ε_k``. With a schedule, ``epsilon`` (if given) multiplies it.
    tolerance : stop a run at the first iterate with ‖∇f‖ ≤ tolerance (status ``converged``).
    clip : gradient-norm clipping threshold C > 0.
    bound : an iterate with norm above ``bound`` counts as divergence.
    precision : None for float64, or a number of decimal digits for mpmath.
    record : ``"auto"`` | ``"all"`` | ``"last"`` | an integer N (every N-th step).
    parameters : ``{name: value or array}`` for the problem's parameters.

    Examples
    ========
    >>> from symopt import Problem
    >>> from symopt.optimizers import run
    >>> p = Problem.from_text("(x**2 + b*y**2)/2", "x,y")
    >>> t = run("momentum", p, {"x": 1, "y": 1}, steps=500, parameters={"b": 0.1},
    ...         hyperparameters={"epsilon": [0.5, 4], "alpha": 0.5}, tolerance=1e-8)
    >>> list(t.status), t.steps.tolist(), t.diverged_at.tolist()
    (['converged', 'diverged'], [134, 278], [-1, 279])
    """
    optimizer = get(optimizer)
    from ..problem import Problem

    steps = _whole(steps, "steps")
    if precision is not None:
        precision = _whole(precision, "precision")
        if not 2 <= precision <= 10_000:
            raise ProblemError(f"precision (decimal digits) must be in [2, 10000], got {precision}")
        import mpmath
        with mpmath.workdps(precision):
            return _run(optimizer, objective, start, steps, hyperparameters, schedule, tolerance, clip, bound,
                        precision, record, parameters, hessian, function, Problem)
    return _run(optimizer, objective, start, steps, hyperparameters, schedule, tolerance, clip, bound,
                precision, record, parameters, hessian, function, Problem)


def _whole(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) and not (
            isinstance(value, float) and value.is_integer()):
        raise ProblemError(f"{name} must be a whole number >= 0, got {value!r}")
    if value < 0:
        raise ProblemError(f"{name} must be a whole number >= 0, got {value}")
    return int(value)


def _check_positive(value, name):
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ProblemError(f"{name} must be a number in (0, inf), got {value!r}") from None
    if not number > 0:
        raise ProblemError(f"{name} must be in (0, inf), got {value}")
    return value


def _run(optimizer, objective, start, steps, hyperparameters, schedule, tolerance, clip, bound, precision,
         record, parameters, hessian_callable, function_callable, Problem):
    _check_positive(tolerance, "tolerance")
    _check_positive(clip, "clip (gradient-norm threshold)")
    _check_positive(bound, "bound (divergence threshold)")
    mp = precision is not None
    ops = MpmathOps() if mp else NumpyOps()

    problem = objective if isinstance(objective, Problem) else None
    hyper_given = dict(hyperparameters or {})
    if schedule is not None and "epsilon" not in [hp.name for hp in optimizer.hyperparameters]:
        raise ProblemError(f"{optimizer.name} has no learning rate, so it takes no schedule")
    h = optimizer.resolve(hyper_given)
    h = {name: _values(value, precision) for name, value in h.items()}
    if schedule is not None and "epsilon" not in hyper_given:
        h["epsilon"] = _scalar(1, precision)

    if problem is not None:
        param_values = {(key if isinstance(key, str) else key.name): value
                        for key, value in (parameters or {}).items()}
        obj = _problem_objective(problem, param_values, precision, optimizer.needs_hessian)
        pv = tuple(_values(param_values[p.name], precision) for p in problem.parameters)
        variables = problem.variables
        points = _start_points(start, variables, problem, precision)
    elif callable(objective):
        if parameters:
            raise ProblemError("parameters apply to a symopt Problem; close over them in the gradient callable")
        probe_points = np.asarray(start, dtype=object)
        n = probe_points.shape[-1] if probe_points.ndim else 1
        obj = _callable_objective(objective, hessian_callable, function_callable, n, precision)
        if optimizer.needs_hessian and obj.hessian is None:
            raise ProblemError("Newton's method needs the Hessian: pass hessian=callable (points -> (batch, n, n))")
        pv = ()
        variables = obj.variables
        points = _start_points(start, [sp.Symbol(v) for v in variables], None, precision)
    else:
        raise ProblemError("the objective must be a symopt Problem or a gradient callable")

    n = len(variables)
    batch = _batch_size(points, h, pv)
    dtype = object if mp else float
    theta = np.empty((batch, n), dtype=dtype)
    theta[...] = points
    h = {name: (value[:, None] if isinstance(value, np.ndarray) and value.ndim == 1 else value)
         for name, value in h.items()}
    h = {name: (np.broadcast_to(v, (batch, 1)).copy() if isinstance(v, np.ndarray) else v) for name, v in h.items()}
    pv = tuple(np.broadcast_to(p, (batch,)).copy() if isinstance(p, np.ndarray) else p for p in pv)
    obj.parameters = pv

    epsilons = _schedule_values(schedule, steps, precision) if schedule is not None else None
    if optimizer.needs_hessian:
        _check_start_hessian(obj, theta, ops, problem)

    record_every = _record_every(record, batch, steps, n)
    return _drive(optimizer, obj, theta, h, steps, epsilons, tolerance, clip, bound, ops, record_every,
                  precision, variables)


def _batch_size(points, h, pv):
    sizes = {len(points)} | {len(v) for v in list(h.values()) + list(pv) if isinstance(v, np.ndarray)}
    sizes.discard(1)
    if len(sizes) > 1:
        raise ProblemError(f"batch sizes disagree: start points, hyperparameters and parameters have "
                           f"lengths {sorted(sizes | {1})}; give each one value or the same number of values")
    return sizes.pop() if sizes else 1


def _record_every(record, batch, steps, n):
    if record == "auto":
        return 1 if batch * (steps + 1) * n <= AUTO_RECORD_LIMIT else None
    if record == "all":
        return 1
    if record == "last":
        return None
    if isinstance(record, numbers.Integral) and not isinstance(record, bool) and record >= 1:
        return int(record)
    raise ProblemError(f"record must be 'auto', 'all', 'last' or a whole number >= 1, got {record!r}")


def _schedule_values(schedule, steps, precision):
    from ..schedules import as_schedule

    sched = as_schedule(schedule)
    values = sched.values(steps, precision=precision)
    for index, value in enumerate(values, 1):
        if not (value > 0) or (precision is None and not math.isfinite(value)):
            raise ProblemError(f"schedule: the learning rate must be in (0, inf) at every step, "
                               f"but ε_{index} = {value}")
    return values


def _check_start_hessian(obj, theta, ops, problem):
    H = obj.hessian(theta, obj.parameters)
    ops.solve(H, obj.gradient(theta, obj.parameters))
    if ops.singular is not None and ops.singular.all():
        where = "" if problem is None else f" at the start point ({', '.join(v.name for v in problem.variables)})"
        raise ProblemError(f"Newton's method needs an invertible Hessian, but it is singular{where}; "
                           "start elsewhere or use a first-order optimizer")
    ops.singular = None


def _drive(optimizer, obj, theta, h, steps, epsilons, tolerance, clip, bound, ops, every, precision, variables):
    mp = precision is not None
    batch, n = theta.shape
    dtype = object if mp else float
    recorded = list(range(0, steps + 1, every)) if every else [0]
    if recorded[-1] != steps:
        recorded.append(steps)
    slot = {s: j for j, s in enumerate(recorded)}
    iterates = np.empty((len(recorded), batch, n), dtype=dtype)
    iterates[0] = theta
    final = np.empty((batch, n), dtype=dtype)
    taken = np.full(batch, steps, dtype=np.int64)
    diverged_at = np.full(batch, -1, dtype=np.int64)
    status = np.full(batch, "max_steps", dtype=object)
    reason = [f"reached the maximum of {steps} steps"] * batch
    active = np.arange(batch)
    state = optimizer.initial_state(theta, ops)
    bound_sq = bound * bound
    coordinate_bound = bound / math.sqrt(n)
    tol_sq = None if tolerance is None else tolerance * tolerance
    if epsilons is not None:
        h["_epsilon_base"] = h["epsilon"]
    looks_ahead = type(optimizer).probe is not Optimizer.probe
    everything = obj
    last = 0

    def finish(mask, at_step, why, kind, stop_theta):
        nonlocal theta, state, active, h, obj
        rows = active[mask]
        final[rows] = stop_theta[mask]
        taken[rows] = at_step
        status[rows] = kind
        for r, text in zip(rows, why if isinstance(why, list) else [why] * len(rows)):
            reason[r] = text
        if kind == "diverged":
            diverged_at[rows] = at_step + 1
        keep = ~mask
        active = active[keep]
        theta = theta[keep]
        state = {name: value[keep] for name, value in state.items()}
        h = {name: (value[keep] if isinstance(value, np.ndarray) else value) for name, value in h.items()}
        obj = obj.take(keep)

    with np.errstate(all="ignore"):
        for s in range(1, steps + 1):
            if not len(active):
                break
            if epsilons is not None:
                h["epsilon"] = h["_epsilon_base"] * epsilons[s - 1]
            p = optimizer.probe(theta, state, h, ops)
            g = obj.gradient(p, obj.parameters)
            if tol_sq is not None:
                at_theta = obj.gradient(theta, obj.parameters) if looks_ahead else g
                done = _flag(ops.norm_sq(at_theta) <= tol_sq)
                if done.any():
                    finish(done, s - 1, f"‖∇f‖ ≤ {tolerance:g} at step {s - 1}", "converged", theta)
                    if not len(active):
                        break
                    p = p[~done]
                    g = g[~done]
            if clip is not None:
                g = _clip(g, clip, ops, mp)
            H = obj.hessian(p, obj.parameters) if optimizer.needs_hessian else None
            new_theta, new_state = optimizer.update(theta, state, g, h, s, ops, hessian=H)
            # cheap test first: every |coordinate| <= bound/√n implies every norm <= bound; NaN fails it.
            # (min/max, not a BLAS dot product: interleaving BLAS calls costs thread hand-offs, 10x measured)
            if not mp and new_theta.size and -coordinate_bound <= new_theta.min() and \
                    new_theta.max() <= coordinate_bound:
                bad = None
            else:
                size_sq = ops.norm_sq(new_theta)
                bad = _flag(~_flag(size_sq <= bound_sq))
            if bad is not None and bad.any():
                why = []
                singular = ops.singular
                for i in np.nonzero(bad)[0]:
                    if singular is not None and singular[i]:
                        why.append(f"singular Hessian at step {s - 1}")
                    elif _finite(size_sq[i], mp):
                        why.append(f"‖θ‖ exceeded the bound {bound:g} at step {s}")
                    else:
                        why.append(f"non-finite iterate at step {s}")
                ops.singular = None
                keep = ~bad
                finish(bad, s - 1, why, "diverged", theta)
                new_theta = new_theta[keep]
                new_state = {name: value[keep] for name, value in new_state.items()}
            theta, state = new_theta, new_state
            last = s
            j = slot.get(s)
            if j is not None:
                if len(active) == batch:
                    iterates[j] = theta
                else:
                    iterates[j, active] = theta
        if len(active):
            final[active] = theta
            taken[active] = last
            if tol_sq is not None:
                done = _flag(ops.norm_sq(obj.gradient(theta, obj.parameters)) <= tol_sq)
                rows = active[done]
                status[rows] = "converged"
                for r in rows:
                    reason[r] = f"‖∇f‖ ≤ {tolerance:g} at step {last}"

    # drop records past the last step any run took, then freeze stopped runs at their last iterate
    end = int(taken.max()) if batch else 0
    keep_records = [j for j, s in enumerate(recorded) if s <= end]
    if recorded[keep_records[-1]] != end:
        # a run stopped between two records: add its step as a record of the final iterates
        recorded = [recorded[j] for j in keep_records] + [end]
        iterates = np.concatenate([iterates[keep_records], final[None]], axis=0)
    else:
        recorded = [recorded[j] for j in keep_records]
        iterates = iterates[keep_records]
    recorded = np.array(recorded, dtype=np.int64)
    stale = recorded[:, None] > taken[None, :]
    if stale.any():
        iterates = np.where(stale[..., None], final[None], iterates)
    # a record slot that a stopped run reached exactly at its last step holds its final iterate already

    return _trajectory(optimizer, everything, iterates, recorded, status, taken, diverged_at,
                       reason, final, precision, variables, every)


def _flag(values):
    return np.asarray(values, dtype=bool)


def _clip(g, clip, ops, mp):
    """g·C/‖g‖ for the runs whose gradient norm exceeds C."""
    if not mp:
        norms = np.sqrt(ops.norm_sq(g))
        return g * np.minimum(1.0, clip / norms)[:, None]
    import mpmath
    scale = []
    for value in ops.norm_sq(g):
        norm = mpmath.sqrt(value)
        scale.append([clip / norm if norm > clip else mpmath.mpf(1)])
    return g * np.array(scale, dtype=object)


def _finite(value, mp):
    if mp:
        import mpmath
        return mpmath.isfinite(value)
    return math.isfinite(value)


def _trajectory(optimizer, obj, iterates, recorded, status, taken, diverged_at, reason, final, precision, variables,
                every):
    # f and gradient norms are computed once, vectorized over every record, after the run
    params = obj.parameters
    m, batch, n = iterates.shape
    with np.errstate(all="ignore"):
        f_values = None
        if obj.function is not None:
            f_values = _evaluate_records(obj.function, iterates, params, precision)
        grads = obj.gradient(iterates.reshape(m * batch, n), _flat_params(params, m, batch))
        if precision is None:
            gnorm = np.sqrt(NumpyOps.norm_sq(grads))
        else:
            import mpmath
            gnorm = np.array([mpmath.sqrt(v) for v in MpmathOps.norm_sq(grads)], dtype=object)
        gnorm = gnorm.reshape(m, batch)
        step_size = None
        if every == 1:
            diffs = np.diff(iterates, axis=0)
            sq = np.sum(diffs * diffs, axis=2)
            if precision is None:
                step_size = np.concatenate([np.zeros((1, batch)), np.sqrt(sq)], axis=0)
            else:
                import mpmath
                step_size = np.concatenate([np.full((1, batch), mpmath.mpf(0), dtype=object),
                                            np.frompyfunc(mpmath.sqrt, 1, 1)(sq)], axis=0)
    return Trajectory(optimizer.name, tuple(v if isinstance(v, str) else v.name for v in variables), iterates,
                      recorded, f_values, gnorm, step_size, status, taken, diverged_at, reason, final,
                      None if f_values is None else f_values[-1], gnorm[-1], precision)


def _flat_params(params, m, batch):
    return tuple(np.broadcast_to(p, (m, batch)).reshape(-1) if _is_array(p) else p for p in params)


def _evaluate_records(fun, iterates, params, precision):
    m, batch, n = iterates.shape
    return np.asarray(fun(iterates.reshape(m * batch, n), _flat_params(params, m, batch))).reshape(m, batch)


__all__ = ["AUTO_RECORD_LIMIT", "MpmathOps", "NumpyOps", "exact_number", "run"]
