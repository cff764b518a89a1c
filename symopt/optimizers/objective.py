"""The objective of a numeric run: f, ∇f and ∇²f as batched callables, lambdified once.

A :class:`~symopt.problem.Problem` is differentiated symbolically (kinks and
jumps by the convention of :mod:`symopt.optimizers.subgradient`) and lambdified
through :mod:`symopt.numeric` into numpy (float64 batches) or mpmath. Python
callables are wrapped with shape checks. Every callable maps points of shape
``(batch, n)`` and parameter values (each a scalar or an array ``(batch,)``) to
arrays; a value that cannot be computed (a pole of Γ, 1/0 in mpmath) becomes
NaN, which the driver reports as ``invalid``.
"""

import numpy as np
import sympy as sp

from ..errors import ProblemError
from .subgradient import is_smooth, require_smooth_for, run_derivatives

#: Functions that numpy cannot evaluate on arrays: these objectives are evaluated point by point in mpmath.
POINTWISE_FUNCTIONS = (sp.gamma, sp.factorial, sp.binomial, sp.polygamma, sp.loggamma, sp.erf, sp.erfc,
                       sp.RisingFactorial, sp.FallingFactorial, sp.beta, sp.zeta)

#: Batches of at least this many runs use diag(A) and c tiled over the batch (flat elementwise operations).
TILED_BATCH = 4096

#: Functions defined (real and finite) at every real argument.
_TOTAL_FUNCTIONS = (sp.exp, sp.sin, sp.cos, sp.atan, sp.sinh, sp.cosh, sp.tanh, sp.Abs, sp.Max, sp.Min,
                    sp.floor, sp.ceiling, sp.sign, sp.Heaviside, sp.erf, sp.Piecewise)


class Objective:
    """Gradient, Hessian and f as batched callables ``(points (b, n), params) -> arrays``.

    ``check_f`` says whether f can be undefined at a real point (log, sqrt, 1/x ...),
    so that the driver must evaluate it at every iterate.
    """

    def __init__(self, variables, gradient, hessian=None, function=None, parameters=(), check_f=False):
        self.variables = tuple(variables)
        self.gradient = gradient
        self.hessian = hessian
        self.function = function
        self.parameters = parameters  # per-run values, each scalar or array (b,)
        self.check_f = check_f

    def take(self, keep):
        """The same objective restricted to the runs selected by the boolean mask ``keep``."""
        return Objective(self.variables, self.gradient, self.hessian, self.function,
                         tuple(_take_param(p, keep) for p in self.parameters), self.check_f)


def _take_param(p, keep):
    return p[keep] if is_batch(p) else p


def is_batch(p):
    """True for a per-run array of values (shape ``(batch,)``)."""
    return isinstance(p, np.ndarray) and p.ndim == 1


def row_param(p, i):
    """The value of parameter ``p`` for run ``i``."""
    return p[i] if is_batch(p) else p


def defined_everywhere(expression):
    """True if ``expression`` is provably real and finite at every real point (then f need not be checked).

    >>> import sympy as sp
    >>> x = sp.Symbol('x', real=True)
    >>> defined_everywhere(x**2 + sp.exp(-x) + 1/(1 + sp.exp(-x))), defined_everywhere(sp.log(x))
    (True, False)
    """
    for node in sp.preorder_traversal(expression):
        if isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent.is_integer and exponent.is_nonnegative:
                continue
            if base.is_positive or (exponent.is_integer and base.is_nonzero) or (
                    exponent.is_positive and base.is_nonnegative):
                continue
            return False
        if isinstance(node, sp.Function) and not isinstance(node, _TOTAL_FUNCTIONS):
            return False
    return True


def problem_objective(problem, parameter_values, precision, optimizer):
    """The :class:`Objective` of a Problem for ``optimizer`` (Newton also gets the Hessian).

    ``precision`` None gives float64 numpy callables, a number of digits mpmath ones.
    """
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
    needs_hessian = optimizer.needs_hessian
    if needs_hessian:
        require_smooth_for(optimizer.name, problem.expression)
    smooth = is_smooth(problem.expression)
    if smooth:
        gradient_expr = problem.gradient
        hessian_expr = problem.hessian if needs_hessian else None
    else:
        gradient_expr, hessian_expr = problem.cached("optimizers.subgradient",
                                                     lambda: run_derivatives(problem.expression, problem.variables))
    args = list(problem.variables) + list(params)
    n = len(problem.variables)
    pointwise = precision is None and problem.expression.has(*POINTWISE_FUNCTIONS)
    backend = "mpmath" if precision is not None or pointwise else "numpy"
    lambdify = numpy_function if backend == "numpy" else mpmath_function

    def make(what, expressions):
        # lambdified once per problem and backend (the problem is immutable), as symfit caches its callables
        return problem.cached(f"optimizers.{backend}.{what}", lambda: lambdify(args, expressions))

    gfun = make("gradient", list(gradient_expr))
    ffun = make("f", problem.expression)
    hfun = make("hessian", list(hessian_expr)) if needs_hessian else None
    check_f = not problem.cached("optimizers.defined_everywhere", lambda: defined_everywhere(problem.expression))

    if backend == "numpy":
        gradient, function, hessian = _numpy_callables(problem, make, gfun, ffun, hfun, n, smooth)
    else:
        as_float = precision is None

        def gradient(X, pv, out=None):
            return _rows(gfun, X, pv, X.shape, as_float)

        def function(X, pv):
            flat = X.reshape(-1, n)
            return _rows(ffun, flat, _flat(pv, flat.shape[0]), X.shape[:-1], as_float, scalar=True)

        def hessian(X, pv):
            return _rows(hfun, X, pv, (X.shape[0], n, n), as_float)

    return Objective(problem.variables, gradient, hessian if needs_hessian else None, function, check_f=check_f)


def _flat(pv, size):
    return tuple(np.broadcast_to(p, (size,)) if is_batch(p) else p for p in pv)


def _numpy_callables(problem, make, gfun, ffun, hfun, n, smooth):
    affine = problem.cached("optimizers.affine", lambda: _affine_form(problem)) if smooth else None
    affine = None if affine is None else _affine_evaluator(affine, make, n)

    def gradient(X, pv, out=None):
        if affine is not None and not any(is_batch(p) for p in pv) and X.ndim == 2 and X.flags.c_contiguous:
            # ∇f = A θ + c (a quadratic), written into the caller's buffer if given
            At, c_rows, diagonal_rows = affine(pv, X.shape[0] if len(X) >= TILED_BATCH else 1)
            if out is None or out.shape != X.shape or type(out) is not np.ndarray:
                out = np.empty(X.shape)
            flat = out.reshape(-1)
            small = len(X) < TILED_BATCH  # a replay of a few runs: broadcast, do not tile
            if diagonal_rows is not None:
                # a diagonal A: one elementwise product over the whole batch; a (b, n) @ (n, n) product
                # with tiny n costs 3x more in BLAS, and x_i·a_ii + x_j·0 is the same number (but for the
                # sign of a zero, and an infinite x_j, which is divergence either way)
                np.multiply(X, diagonal_rows, out=out) if small else np.multiply(X.reshape(-1), diagonal_rows,
                                                                                  out=flat)
            else:
                np.matmul(X, At, out=out)
            if c_rows is not None:
                # c tiled over the batch: a (b, n) + (n,) broadcast is slow on a large batch
                np.add(out, c_rows, out=out) if small else np.add(flat, c_rows, out=flat)
            return out
        out = np.empty_like(X)
        for i, column in enumerate(gfun(*X.T, *pv)):
            out[:, i] = column
        return out

    def function(X, pv):
        shape = X.shape[:-1]
        return np.broadcast_to(ffun(*np.moveaxis(X, -1, 0), *pv), shape).astype(float)

    constant = hfun is not None and not (problem.hessian.free_symbols & set(problem.variables))

    def hessian(X, pv):
        if constant and not any(is_batch(p) for p in pv):
            # the same matrix for every run and step (a quadratic): evaluate it once per call, unbatched
            return np.array(hfun(*([0.0] * n), *pv), dtype=float).reshape(n, n)
        out = np.empty((X.shape[0], n * n))
        for i, column in enumerate(hfun(*X.T, *pv)):
            out[:, i] = column
        return out.reshape(-1, n, n)

    return gradient, function, hessian


def _rows(fun, X, pv, shape, as_float, scalar=False):
    """``fun`` at each row of X (mpmath); a row that cannot be evaluated gives NaN."""
    import mpmath
    values = []
    nan = mpmath.mpf("nan")
    for i in range(X.shape[0]):
        try:
            if as_float:
                with mpmath.workdps(20):
                    value = fun(*[mpmath.mpf(float(v)) for v in X[i]], *[row_param(p, i) for p in pv])
            else:
                value = fun(*X[i], *[row_param(p, i) for p in pv])
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            value = nan if scalar else [nan] * (int(np.prod(shape[1:])))
        values.append(value)
    if as_float:
        return np.array([[_to_float(v) for v in np.ravel(np.array(row, dtype=object))] for row in values],
                        dtype=float).reshape(shape)
    out = np.empty(shape, dtype=object)
    out[...] = np.array(values, dtype=object).reshape(shape) if len(shape) else values
    return out


def _to_float(value):
    try:
        return float(value)
    except (TypeError, ValueError):  # complex: not a real number
        return float("nan")


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
    """A cached ``(pv, batch) -> (Aᵀ contiguous, c tiled or None, diagonal of A tiled or None)``.

    The tiled arrays repeat c and diag(A) once per run, flat, for elementwise operations over a batch.
    """
    A, c = form
    afun = make("affine.A", list(A))
    cfun = None if c.is_zero_matrix else make("affine.c", list(c))
    cache = {}
    diagonal = A.is_diagonal()

    def evaluate(pv, batch):
        key = tuple(float(p) for p in pv)
        if key not in cache:
            zeros = [0.0] * n
            matrix = np.array(afun(*zeros, *pv), dtype=float).reshape(n, n)
            offset = None if cfun is None else np.array(cfun(*zeros, *pv), dtype=float).reshape(n)
            cache[key] = (np.ascontiguousarray(matrix.T), offset, np.diag(matrix).copy() if diagonal else None, {})
        At, offset, diag, tiles = cache[key]
        if batch not in tiles:
            if len(tiles) >= 3:  # batches shrink as runs stop: keep the sizes in use (whole batch, a replay)
                del tiles[next(iter(tiles))]
            tiles[batch] = (None if offset is None else np.tile(offset, batch),
                            None if diag is None else np.tile(diag, batch))
        return (At, *tiles[batch])

    return evaluate


def callable_objective(gradient, hessian, function, n, precision):
    """An :class:`Objective` from Python callables of points ``(batch, n)``; f is checked when given."""
    dtype = object if precision is not None else float

    def wrap(fun, shape_tail):
        def call(X, pv, out=None):
            value = np.asarray(fun(X), dtype=dtype)
            expected = X.shape[:-1] + shape_tail
            if value.shape != expected:
                raise ProblemError(f"the callable returned shape {value.shape}, expected {expected} "
                                   "(it receives points of shape (batch, n))")
            return value
        return call

    def wrap_f(fun):
        def call(X, pv):
            flat = X.reshape(-1, n)
            return np.asarray(fun(flat), dtype=dtype).reshape(X.shape[:-1])
        return call

    variables = tuple(f"x{i + 1}" for i in range(n)) if n > 1 else ("x",)
    return Objective(variables, wrap(gradient, (n,)), None if hessian is None else wrap(hessian, (n, n)),
                     None if function is None else wrap_f(function), check_f=function is not None)


__all__ = ["Objective", "POINTWISE_FUNCTIONS", "callable_objective", "defined_everywhere", "is_batch",
           "problem_objective", "row_param"]
