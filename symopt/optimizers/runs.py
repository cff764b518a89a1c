"""A numeric run of an optimizer: its arguments checked, the batch assembled, driven, and recorded.

:func:`run` is the one entry. It checks the arguments against the caps, turns
them into a batch (:mod:`~symopt.optimizers.inputs`), builds the objective
(:mod:`~symopt.optimizers.objective`: f, ∇f and ∇²f lambdified once), hands
both to the loop (:mod:`~symopt.optimizers.driver`) with float64 or mpmath vector
operations (:mod:`~symopt.optimizers.operations`), and assembles the
:class:`~symopt.numeric.trajectory.Trajectory` from what the loop recorded. The
optimizer rule is not re-implemented for runs: the driver calls the same
:meth:`~symopt.optimizers.base.Optimizer.probe` and ``update`` that the symbolic
layer uses; a Python gradient callable is used as it is.

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

import numpy as np
import sympy as sp

from ..assumptions import Domain
from ..errors import ProblemError
from ..numeric.trajectory import Trajectory
from .base import WHOLE, positive
from .driver import drive
from .inputs import batch_values, scalar, start_points
from .objective import callable_objective, is_batch, problem_objective
from .operations import MpmathOps, NumpyOps
from .symbolic import get

from ..limits import (AUTO_RECORD_LIMIT, MAX_BATCH_NUMBERS, MAX_RECORDED_NUMBERS, MAX_STEPS,  # noqa: F401 (re-exported)
                      MAX_VARIABLES)

#: mpmath runs record at most this fraction of MAX_RECORDED_NUMBERS (each step costs ~100x a float64 one).
MPMATH_RECORD_FRACTION = 100

#: The ranges of run()'s arguments besides the steps: mpmath digits, thresholds (tolerance, clip, bound).
DIGITS = Domain("precision", lower=2, upper=10_000)
THRESHOLD = positive("threshold")



def run(optimizer, objective, start, steps=100, hyperparameters=None, schedule=None, tolerance=None,
        clip=None, bound=1e100, precision=None, record="auto", parameters=None, hessian=None, function=None):
    """Run ``optimizer`` from ``start`` for at most ``steps`` steps; return a :class:`~symopt.numeric.trajectory.Trajectory`.

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
    from ..problem import Problem

    optimizer = get(optimizer)
    problem = objective if isinstance(objective, Problem) else None
    steps = int(WHOLE.require(steps, "steps"))
    if steps > MAX_STEPS:
        raise ProblemError(f"steps must be at most {MAX_STEPS:,} (got {steps:,}); run in pieces from the last "
                           "iterate for more")
    if precision is not None:
        precision = int(WHOLE.require(precision, "precision"))
        DIGITS.require(precision, "precision (decimal digits)")
    import mpmath
    # numpy's floating-point warnings (overflow, 0/0, ...) are outcomes of a run, reported in its status
    with np.errstate(all="ignore"), mpmath.workdps(precision or mpmath.mp.dps):
        for value, name in ((tolerance, "tolerance"), (clip, "clip (gradient-norm threshold)"),
                            (bound, "bound (divergence threshold)")):
            if value is not None:
                THRESHOLD.require(value, name)
        h = _hyperparameter_values(optimizer, hyperparameters, schedule, precision)
        if problem is not None:
            obj, variables, points = _from_problem(problem, optimizer, start, parameters, precision)
        elif callable(objective):
            obj, variables, points = _from_callables(objective, optimizer, start, parameters, precision, hessian,
                                                     function)
        else:
            raise ProblemError("the objective must be a symopt Problem or a gradient callable")
        theta, h = _batch(points, h, obj, precision)
        every = _record_every(record, len(theta), steps, len(variables), precision is not None)
        epsilons = _schedule_values(schedule, steps, precision) if schedule is not None else None
        ops = MpmathOps() if precision is not None else NumpyOps()
        if optimizer.needs_hessian:
            _check_start_hessian(obj, theta, ops, problem)
        iterates, recorded, outcome, everything = drive(optimizer, obj, theta, h, steps, ops=ops, epsilons=epsilons,
                                                        tolerance=tolerance, clip=clip, bound=bound, every=every,
                                                        precision=precision)
        return _trajectory(optimizer, everything, iterates, recorded, outcome, precision, variables, every)


def _hyperparameter_values(optimizer, given, schedule, precision):
    """Every hyperparameter as a scalar or an array over the batch; with a schedule, ε multiplies it."""
    given = dict(given or {})
    if schedule is not None and "epsilon" not in [hp.name for hp in optimizer.hyperparameters]:
        raise ProblemError(f"{optimizer.name} has no learning rate, so it takes no schedule")
    h = {name: batch_values(value, precision) for name, value in optimizer.resolve(given).items()}
    if schedule is not None and "epsilon" not in given:
        h["epsilon"] = scalar(1, precision)
    return h


def _from_problem(problem, optimizer, start, parameters, precision):
    """The Problem's objective (parameter values set), its variables and the start points."""
    if len(problem.variables) > MAX_VARIABLES:
        raise ProblemError(f"a run takes at most {MAX_VARIABLES} variables, the objective has "
                           f"{len(problem.variables)}")
    values = {(key if isinstance(key, str) else key.name): value for key, value in (parameters or {}).items()}
    obj = problem_objective(problem, values, precision, optimizer)
    obj.parameters = tuple(batch_values(values[p.name], precision) for p in problem.parameters)
    return obj, problem.variables, start_points(start, problem.variables, problem, precision)


def _from_callables(gradient, optimizer, start, parameters, precision, hessian, function):
    """The objective of Python callables, its variables (x1, x2, ...) and the start points."""
    if parameters:
        raise ProblemError("parameters apply to a symopt Problem; close over them in the gradient callable")
    probe_points = np.asarray(start, dtype=object)
    n = probe_points.shape[-1] if probe_points.ndim else 1
    obj = callable_objective(gradient, hessian, function, n, precision)
    if optimizer.needs_hessian and obj.hessian is None:
        raise ProblemError("Newton's method needs the Hessian: pass hessian=callable (points -> (batch, n, n))")
    obj.parameters = ()
    return obj, obj.variables, start_points(start, [sp.Symbol(v) for v in obj.variables], None, precision)


def _batch(points, h, obj, precision):
    """θ ``(batch, n)`` and h, with every per-run value broadcast to the batch (hyperparameters ``(batch, 1)``)."""
    mp = precision is not None
    n = points.shape[1]
    batch = _batch_size(points, h, obj.parameters)
    batch_cap = MAX_BATCH_NUMBERS // (100 if mp else 1)
    if batch * n > batch_cap:
        raise ProblemError(f"a batch holds at most {batch_cap:,} numbers (runs x variables), got "
                           f"{batch:,} x {n}; split it")
    theta = np.empty((batch, n), dtype=object if mp else float)
    theta[...] = points
    h = {name: (value[:, None] if isinstance(value, np.ndarray) and value.ndim == 1 else value)
         for name, value in h.items()}
    h = {name: (np.broadcast_to(v, (batch, 1)).copy() if isinstance(v, np.ndarray) else v) for name, v in h.items()}
    obj.parameters = tuple(np.broadcast_to(p, (batch,)).copy() if isinstance(p, np.ndarray) else p
                           for p in obj.parameters)
    return theta, h


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


__all__ = ["AUTO_RECORD_LIMIT", "MAX_BATCH_NUMBERS", "MAX_RECORDED_NUMBERS", "MAX_STEPS", "MAX_VARIABLES", "run"]
