"""Gradient, Hessian, multivariate Taylor expansion and the local quadratic model.

The Hessian is symmetric, so each entry on and above the diagonal is
differentiated once, from the gradient row rather than from f (``sympy.hessian``
differentiates f twice for every entry). When the optional ``symengine`` package
is installed the derivatives are taken there and converted back to sympy,
which is two orders of magnitude faster on large expressions.
"""

import functools
import math
from itertools import combinations_with_replacement

import sympy as sp

from .errors import ProblemError
from .values import to_sympy

BACKENDS = ("auto", "sympy", "symengine")


@functools.lru_cache(maxsize=None)
def _engine():
    """The optional symengine module, or None; imported on first use because importing it loads numpy."""
    try:  # optional accelerator: pip install "symopt[fast]"
        import symengine
    except ImportError:  # pragma: no cover - exercised when the extra is absent
        return None
    return symengine


def has_symengine():
    """True when the optional symengine backend is importable."""
    return _engine() is not None


def _pick_backend(backend):
    if backend not in BACKENDS:
        raise ProblemError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if backend == "symengine" and _engine() is None:
        raise ProblemError("backend 'symengine' needs the optional package: pip install 'symopt[fast]'")
    if backend == "auto":
        return "symengine" if _engine() is not None else "sympy"
    return backend


#: Functions whose symengine derivatives convert back to the same sympy functions.
_SYMENGINE_FUNCTIONS = (sp.sin, sp.cos, sp.tan, sp.exp, sp.log, sp.sinh, sp.cosh, sp.tanh, sp.asin, sp.acos,
                        sp.atan, sp.Abs)


def _symengine_convertible(expression):
    # symengine drops sympy assumptions (restored by name afterwards) and does not
    # know every function (Piecewise, Heaviside, Max...): use it only for
    # polynomials, powers and the elementary functions above, and plain floats.
    functions_known = all(isinstance(f, _SYMENGINE_FUNCTIONS) for f in expression.atoms(sp.Function))
    floats_plain = all(f._prec <= 53 for f in expression.atoms(sp.Float))
    return functions_known and floats_plain and not expression.atoms(sp.Derivative, sp.Integral)


def _symbols_by_name(expression, variables):
    return {s.name: s for s in expression.free_symbols | set(variables)}


def _restore_symbols(value, by_name):
    return value.xreplace({s: by_name[s.name] for s in value.free_symbols if s.name in by_name})


def gradient(expression, variables, backend="auto"):
    """∇f as a column Matrix, entries in the order of ``variables``.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.calculus import gradient
    >>> x, y, b = sp.symbols('x y b')
    >>> gradient((x**2 + b*y**2)/2, [x, y]).T
    Matrix([[x, b*y]])
    """
    backend = _pick_backend(backend)
    if backend == "symengine" and _symengine_convertible(expression):
        _symengine = _engine()
        se_f = _symengine.sympify(expression)
        by_name = _symbols_by_name(expression, variables)
        return sp.Matrix([_from_symengine(se_f.diff(_symengine.sympify(v)), by_name) for v in variables])
    return sp.Matrix([sp.diff(expression, v) for v in variables])


def hessian(expression, variables, backend="auto", gradient_entries=None):
    """∇²f, differentiating each upper-triangle entry once from the gradient.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.calculus import hessian
    >>> x, y = sp.symbols('x y')
    >>> hessian(x**3 - 3*x + y**2, [x, y])
    Matrix([
    [6*x, 0],
    [  0, 2]])
    """
    backend = _pick_backend(backend)
    n = len(variables)
    pairs = list(combinations_with_replacement(range(n), 2))
    if backend == "symengine" and _symengine_convertible(expression):
        _symengine = _engine()
        se_vars = [_symengine.sympify(v) for v in variables]
        se_f = _symengine.sympify(expression)
        se_grad = [se_f.diff(v) for v in se_vars]
        entries = _upper_triangle(se_grad, se_vars, pairs, lambda e, v: e.diff(v))
        by_name = _symbols_by_name(expression, variables)
        entries = {ij: _from_symengine(e, by_name) for ij, e in entries.items()}
    else:
        grad = gradient_entries if gradient_entries is not None else [sp.diff(expression, v) for v in variables]
        entries = _upper_triangle(grad, variables, pairs, sp.diff)
    return sp.Matrix(n, n, lambda i, j: entries[(min(i, j), max(i, j))])


def _upper_triangle(grad, variables, pairs, differentiate):
    # An entry whose gradient row does not contain the variable is zero: skipping
    # those differentiations matters for sparse Hessians (most of them).
    free = [g.free_symbols for g in grad]
    return {(i, j): differentiate(grad[i], variables[j]) if variables[j] in free[i] else 0 for i, j in pairs}


def _from_symengine(value, by_name):
    """Convert back to sympy and restore the original symbols (with their assumptions)."""
    if value == 0:
        return sp.Integer(0)
    return _restore_symbols(to_sympy(value), by_name)


def derivative_tensor_terms(expression, variables, order):
    """``{multi-index: ∂^|α| f}`` for every multi-index α of total degree ``order`` (as sorted tuples)."""
    terms = {}
    for combo in combinations_with_replacement(range(len(variables)), order):
        terms[combo] = sp.diff(expression, *[variables[i] for i in combo]) if combo else expression
    return terms


def taylor(expression, variables, point, order):
    """Multivariate Taylor polynomial of total degree ``order`` about ``point``.

    sympy's ``series`` is univariate (``series(f, (x, y))`` silently returns f),
    so the expansion is summed over multi-indices α with |α| <= order:
    Σ ∂^α f(p) (w − p)^α / α!.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.calculus import taylor
    >>> x, y = sp.symbols('x y')
    >>> taylor(sp.exp(x)*sp.cos(y), [x, y], [0, 0], 2)
    x**2/2 + x - y**2/2 + 1
    """
    if order < 0 or int(order) != order:
        raise ProblemError(f"the Taylor order must be a whole number >= 0, got {order}")
    point = list(point)
    if len(point) != len(variables):
        raise ProblemError(f"the expansion point has {len(point)} coordinates, expected {len(variables)}")
    at = dict(zip(variables, point))
    total = sp.Integer(0)
    for degree in range(int(order) + 1):
        for combo, derivative in derivative_tensor_terms(expression, variables, degree).items():
            coefficient = derivative.subs(at, simultaneous=True)
            if coefficient == 0:
                continue
            counts = [combo.count(i) for i in range(len(variables))]
            monomial = sp.Mul(*[(variables[i] - point[i]) ** c for i, c in enumerate(counts) if c])
            # combinations_with_replacement visits each multi-index once; the
            # multinomial factor |α|!/α! is folded into 1/α! below.
            total += coefficient * monomial / sp.Mul(*[math.factorial(c) for c in counts])
    return sp.expand(total) if all(to_sympy(p).is_number for p in point) else total


def quadratic_model(expression, variables, point):
    """The lecture's local model f(p) + (w − p)ᵀg + ½(w − p)ᵀH(w − p) as a dict of its parts.

    Returns ``{"value": f(p), "gradient": g, "hessian": H, "model": expression}``.
    """
    at = dict(zip(variables, point))
    grad = gradient(expression, variables)
    hess = hessian(expression, variables, gradient_entries=list(grad))
    g = grad.subs(at, simultaneous=True)
    H = hess.subs(at, simultaneous=True)
    d = sp.Matrix([v - p for v, p in zip(variables, point)])
    value = expression.subs(at, simultaneous=True)
    model = value + (d.T * g)[0, 0] + sp.Rational(1, 2) * (d.T * H * d)[0, 0]
    return {"value": value, "gradient": g, "hessian": H, "model": sp.expand(model)}
