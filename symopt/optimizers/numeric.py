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
Each run ends ``converged``, ``diverged``, ``invalid``, ``singular`` or
``max_steps``; :mod:`symopt.optimizers.driver` states the rules (a gradient that
is exactly 0 is convergence; f or ∇f that is not a real number is ``invalid``; a
singular Newton system is ``singular``). There is never an exception and never a
NaN in a record before a run's last one. ``clip`` is gradient-norm clipping,
g ← g·C/‖g‖ when ‖g‖ > C (the lecture's cliffs). Objectives with kinks and jumps
(abs, Max/Min, relu, floor, sign) are differentiated by the convention of
:mod:`symopt.optimizers.subgradient`.

Caps
----
At most :data:`MAX_STEPS` steps, :data:`MAX_VARIABLES` variables of a Problem,
:data:`MAX_BATCH_NUMBERS` numbers in a batch (runs × variables) and
:data:`MAX_RECORDED_NUMBERS` recorded numbers (records × runs × variables; a hundredth
of these in mpmath); above a cap the run is refused with a ProblemError.

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
import sys

import numpy as np
import sympy as sp

from ..errors import ProblemError
from ..numeric.trajectory import Trajectory
from .driver import drive
from .objective import callable_objective, is_batch, problem_objective
from .symbolic import get

from ..limits import (AUTO_RECORD_LIMIT, MAX_BATCH_NUMBERS, MAX_RECORDED_NUMBERS, MAX_STEPS,  # noqa: F401 (re-exported)
                      MAX_VARIABLES)

#: mpmath runs record at most this fraction of MAX_RECORDED_NUMBERS (each step costs ~100x a float64 one).
MPMATH_RECORD_FRACTION = 100


#: Arrays of at least this many numbers are overwritten in place when no one else refers to them.
IN_PLACE_SIZE = 1 << 15
# reference counts tell a temporary from a named array only where call arguments are counted references
# (CPython before 3.14 borrows stack references)
_COUNTED_REFERENCES = sys.implementation.name == "cpython" and sys.version_info < (3, 14)


def _scratch(a, references):
    """``a`` itself if it is a large float64 temporary (``references`` counts the caller's own), else None.

    numpy reuses the memory of temporaries in ``a + b`` expressions, but not of arrays that pass through
    a function call; the ops below do it themselves, so that an update rule written once allocates no
    more than the same rule written inline. The arithmetic is unchanged: only where the result goes.
    """
    if _COUNTED_REFERENCES and type(a) is np.ndarray and a.dtype == np.float64 and a.size >= IN_PLACE_SIZE \
            and sys.getrefcount(a) <= references + 2:  # + this function's parameter and getrefcount's argument
        return a
    return None


class NumpyOps:
    """Vector operations on float64 arrays of shape ``(batch, n)``.

    A large temporary argument (one that nothing else refers to) receives the result in place.

    >>> import numpy as np
    >>> NumpyOps().scalar_div(1.0, np.array([[2.0, 4.0]]))
    array([[0.5 , 0.25]])
    """

    def __init__(self):
        self.singular = None

    # each op's temporaries hold two references: the caller's expression and the parameter
    @staticmethod
    def mul(a, b):
        return np.multiply(a, b, out=_scratch(a, 2) if _scratch(b, 2) is None else b)

    @staticmethod
    def div(a, b):
        return np.divide(a, b, out=_scratch(a, 2) if _scratch(b, 2) is None else b)

    @staticmethod
    def sqrt(a):
        return np.sqrt(a, out=_scratch(a, 2))

    @staticmethod
    def scalar_div(c, a):
        return np.divide(c, a, out=_scratch(a, 2))

    @staticmethod
    def add_scalar(c, a):
        return np.add(c, a, out=_scratch(a, 2))

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
    (``precision=None``), or in mpmath at ``precision`` decimal digits. Each run
    ends ``converged``, ``diverged``, ``invalid``, ``singular`` or ``max_steps``
    (see :mod:`symopt.optimizers.driver`).

    Parameters
    ==========
    optimizer : name or :class:`~symopt.optimizers.base.Optimizer`.
    objective : a :class:`~symopt.problem.Problem`, or a gradient callable mapping points
        ``(batch, n)`` to gradients ``(batch, n)`` (then ``hessian`` maps to ``(batch, n, n)``
        and ``function`` to ``(batch,)``; both optional, Newton needs ``hessian``).
    start : a point (sequence in variable order, dict ``{name: value}``, text ``"x=1,y=2"``)
        or an array of points ``(batch, n)``; dict values may be arrays over the batch.
    steps : at most :data:`MAX_STEPS`.
    hyperparameters : ``{name: value or array}``; missing ones take the optimizer's defaults.
    schedule : learning-rate schedule ε_k for steps k = 1, 2, ...: a
        :class:`~symopt.schedules.Schedule`, an expression in ``k`` (text or sympy) or a
        callable ``k -> ε_k``. With a schedule, ``epsilon`` (if given) multiplies it.
    tolerance : stop a run at the first iterate with ‖∇f‖ ≤ tolerance (status ``converged``);
        without one, a run converges where ∇f is exactly 0.
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

    A start outside the domain of f, and Newton's method reaching ∇f = 0 exactly:

    >>> t = run("sgd", Problem.from_text("log(x)", "x"), {"x": -1})
    >>> t.status[0], int(t.failed_at[0]), t.reason[0]
    ('invalid', 0, 'f is not a real number at step 0 (f = nan)')
    >>> t = run("newton", Problem.from_text("(1-x)**2 + 100*(y-x**2)**2", "x,y"), {"x": -1.2, "y": 1}, steps=50)
    >>> t.status[0], int(t.steps[0]), t.final[0].tolist()
    ('converged', 9, [1.0, 1.0])
    """
    optimizer = get(optimizer)
    from ..problem import Problem

    steps = _whole(steps, "steps")
    if steps > MAX_STEPS:
        raise ProblemError(f"steps must be at most {MAX_STEPS:,} (got {steps:,}); run in pieces from the last "
                           "iterate for more")
    if precision is not None:
        precision = _whole(precision, "precision")
        if not 2 <= precision <= 10_000:
            raise ProblemError(f"precision (decimal digits) must be in [2, 10000], got {precision}")
    import mpmath
    # numpy's floating-point warnings (overflow, 0/0, ...) are outcomes of a run, reported in its status
    with np.errstate(all="ignore"), mpmath.workdps(precision or mpmath.mp.dps):
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
        if len(problem.variables) > MAX_VARIABLES:
            raise ProblemError(f"a run takes at most {MAX_VARIABLES} variables, the objective has "
                               f"{len(problem.variables)}")
        param_values = {(key if isinstance(key, str) else key.name): value
                        for key, value in (parameters or {}).items()}
        obj = problem_objective(problem, param_values, precision, optimizer)
        pv = tuple(_values(param_values[p.name], precision) for p in problem.parameters)
        variables = problem.variables
        points = _start_points(start, variables, problem, precision)
    elif callable(objective):
        if parameters:
            raise ProblemError("parameters apply to a symopt Problem; close over them in the gradient callable")
        probe_points = np.asarray(start, dtype=object)
        n = probe_points.shape[-1] if probe_points.ndim else 1
        obj = callable_objective(objective, hessian_callable, function_callable, n, precision)
        if optimizer.needs_hessian and obj.hessian is None:
            raise ProblemError("Newton's method needs the Hessian: pass hessian=callable (points -> (batch, n, n))")
        pv = ()
        variables = obj.variables
        points = _start_points(start, [sp.Symbol(v) for v in variables], None, precision)
    else:
        raise ProblemError("the objective must be a symopt Problem or a gradient callable")

    n = len(variables)
    batch = _batch_size(points, h, pv)
    batch_cap = MAX_BATCH_NUMBERS // (100 if mp else 1)
    if batch * n > batch_cap:
        raise ProblemError(f"a batch holds at most {batch_cap:,} numbers (runs x variables), got "
                           f"{batch:,} x {n}; split it")
    dtype = object if mp else float
    theta = np.empty((batch, n), dtype=dtype)
    theta[...] = points
    h = {name: (value[:, None] if isinstance(value, np.ndarray) and value.ndim == 1 else value)
         for name, value in h.items()}
    h = {name: (np.broadcast_to(v, (batch, 1)).copy() if isinstance(v, np.ndarray) else v) for name, v in h.items()}
    pv = tuple(np.broadcast_to(p, (batch,)).copy() if isinstance(p, np.ndarray) else p for p in pv)
    obj.parameters = pv

    record_every = _record_every(record, batch, steps, n, mp)
    epsilons = _schedule_values(schedule, steps, precision) if schedule is not None else None
    if optimizer.needs_hessian:
        _check_start_hessian(obj, theta, ops, problem)

    iterates, recorded, outcome, everything = drive(optimizer, obj, theta, h, steps, epsilons, tolerance, clip,
                                                    bound, ops, record_every, precision)
    return _trajectory(optimizer, everything, iterates, recorded, outcome, precision, variables, record_every)


def _batch_size(points, h, pv):
    sizes = {len(points)} | {len(v) for v in list(h.values()) + list(pv) if isinstance(v, np.ndarray)}
    sizes.discard(1)
    if len(sizes) > 1:
        raise ProblemError(f"batch sizes disagree: start points, hyperparameters and parameters have "
                           f"lengths {sorted(sizes | {1})}; give each one value or the same number of values")
    return sizes.pop() if sizes else 1


def _record_every(record, batch, steps, n, mp=False):
    if record == "auto":
        every = 1 if batch * (steps + 1) * n <= AUTO_RECORD_LIMIT // (10 if mp else 1) else None
    elif record == "all":
        every = 1
    elif record == "last":
        every = None
    elif isinstance(record, numbers.Integral) and not isinstance(record, bool) and record >= 1:
        every = int(record)
    else:
        raise ProblemError(f"record must be 'auto', 'all', 'last' or a whole number >= 1, got {record!r}")
    records = 2 if every is None else steps // every + 2
    cap = MAX_RECORDED_NUMBERS // (MPMATH_RECORD_FRACTION if mp else 1)
    if records * batch * n > cap:
        raise ProblemError(f"recording {records:,} iterates of {batch:,} run(s) x {n} variable(s) exceeds "
                           f"the cap of {cap:,} numbers; record every N-th step or only the last")
    return every


def _schedule_values(schedule, steps, precision):
    from ..schedules import as_schedule

    sched = as_schedule(schedule)
    try:
        values = sched.values(steps, precision=precision)
    except (ZeroDivisionError, ValueError, OverflowError, TypeError) as exc:
        failure = f"the learning rate cannot be computed ({exc or type(exc).__name__})"
        if precision is None:
            raise ProblemError(f"schedule: {failure}; steps count from k = 1") from None
        values = sched.values(steps)  # float64 finds the step where it is undefined (1/0 is inf there)
        _check_schedule(values)
        raise ProblemError(f"schedule: {failure}; steps count from k = 1") from None
    _check_schedule(values)
    return values


def _check_schedule(values):
    for index, value in enumerate(values, 1):
        real = _is_real_number(value)
        if not (real and value > 0):
            what = "not positive" if real else "undefined"
            raise ProblemError(f"schedule: the learning rate is {what} at step k = {index} (ε_{index} = {value}); "
                               "it must be in (0, inf) at every step, and steps count from k = 1")


def _is_real_number(value):
    """A finite real number (an mpmath ``mpf`` or a float), not NaN, ±inf or complex."""
    import mpmath
    if isinstance(value, mpmath.mpf):
        return bool(mpmath.isfinite(value))
    try:
        return math.isfinite(value)
    except (TypeError, ValueError):
        return False


def _check_start_hessian(obj, theta, ops, problem):
    H = obj.hessian(theta, obj.parameters)
    ops.solve(H, obj.gradient(theta, obj.parameters))
    if ops.singular is not None and ops.singular.all():
        where = "" if problem is None else f" at the start point ({', '.join(v.name for v in problem.variables)})"
        raise ProblemError(f"Newton's method needs an invertible Hessian, but it is singular{where}; "
                           "start elsewhere or use a first-order optimizer")
    ops.singular = None


def _trajectory(optimizer, obj, iterates, recorded, outcome, precision, variables, every):
    # f and gradient norms are computed once, vectorized over every record, after the run
    params = obj.parameters
    m, batch, n = iterates.shape
    f_values = None
    if obj.function is not None:
        f_values = _real_or_nan(_evaluate_records(obj.function, iterates, params, precision), precision)
    grads = obj.gradient(iterates.reshape(m * batch, n), _flat_params(params, m, batch))
    if precision is None:
        gnorm = np.sqrt(NumpyOps.norm_sq(grads))
    else:
        import mpmath
        gnorm = np.array([mpmath.sqrt(v) for v in MpmathOps.norm_sq(_real_or_nan(grads, precision))], dtype=object)
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
    o = outcome
    diverged_at = np.where(o.status == "diverged", o.failed_at, -1)
    return Trajectory(optimizer.name, tuple(v if isinstance(v, str) else v.name for v in variables), iterates,
                      recorded, f_values, gnorm, step_size, o.status, o.taken, diverged_at, o.reason, o.final,
                      None if f_values is None else f_values[-1], gnorm[-1], precision, failed_at=o.failed_at)


def _real_or_nan(values, precision):
    """mpmath values with complex entries (outside the domain of f) replaced by NaN."""
    if precision is None:
        return values
    import mpmath
    nan = mpmath.mpf("nan")
    return np.frompyfunc(lambda v: v if isinstance(v, mpmath.mpf) else nan, 1, 1)(values)


def _flat_params(params, m, batch):
    return tuple(np.broadcast_to(p, (m, batch)).reshape(-1) if is_batch(p) else p for p in params)


def _evaluate_records(fun, iterates, params, precision):
    m, batch, n = iterates.shape
    return np.asarray(fun(iterates.reshape(m * batch, n), _flat_params(params, m, batch))).reshape(m, batch)


__all__ = ["AUTO_RECORD_LIMIT", "MAX_BATCH_NUMBERS", "MAX_RECORDED_NUMBERS", "MAX_STEPS", "MAX_VARIABLES",
           "MpmathOps", "NumpyOps", "exact_number", "run"]
