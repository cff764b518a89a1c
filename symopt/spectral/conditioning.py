"""Conditioning: κ of a Hessian, the ill-conditioning criterion along −g, and the quadratic in the eigenbasis.

Goodfellow et al., *Deep Learning*, §4.3.1 and §8.2.1: a step ε along −g
increases the second-order model when ½ε²gᵀHg > εgᵀg.
"""

import sympy as sp

from .eigen import eigen_decomposition
from .signs import sign_on_domain


def condition_number(matrix, domain_map=None, eigenvalues=None):
    """κ = max|λ| / min|λ| of a symmetric matrix (``oo`` if singular, ``None`` if undecided).

    Pass ``eigenvalues`` (as found for the same matrix) to have κ computed from
    exactly those values.

    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> from symopt.spectral import condition_number
    >>> b = sp.Symbol('b', positive=True)
    >>> condition_number(sp.diag(1, b), {'b': Domain('b', 0, True, 1, False)})
    1/b
    """
    if eigenvalues is None:
        eigenvalues = eigen_decomposition(matrix).eigenvalues
    eigenvalues = [sp.Abs(v) for v in eigenvalues]
    if all(v.is_number for v in eigenvalues):
        # exact numbers (CRootOf included) compare exactly; no simplify, whose time is unbounded
        largest, smallest = max(eigenvalues, key=_magnitude), min(eigenvalues, key=_magnitude)
        return sp.oo if smallest.is_zero else largest / smallest
    largest = _extreme(eigenvalues, domain_map, "largest")
    smallest = _extreme(eigenvalues, domain_map, "smallest")
    if largest is None or smallest is None:
        return None
    if smallest == 0:
        return sp.oo
    return sp.simplify(largest / smallest)


def _magnitude(value):
    return sp.N(value, 50)


def _extreme(values, domain_map, which):
    best = values[0]
    for candidate in values[1:]:
        sign = sign_on_domain(sp.simplify(candidate - best), domain_map)
        if sign is None:
            return None
        bigger = sign in ("positive",) or (sign == "nonnegative")
        smaller = sign in ("negative",) or (sign == "nonpositive")
        if (which == "largest" and bigger) or (which == "smallest" and smaller):
            best = candidate
    return sp.simplify(best)


def step_analysis(gradient_vector, hessian_matrix, step=sp.Symbol("epsilon", positive=True)):
    """The lecture's ill-conditioning criterion along −g (Goodfellow et al. §4.3.1, §8.2.1).

    Returns a dict: ``change`` = f(x − εg) − f(x) to second order
    (½ε²gᵀHg − εgᵀg), ``increases_when`` (the set of ε > 0 for which it is
    positive), ``best_step`` ε* = gᵀg/gᵀHg (``None`` if gᵀHg <= 0: the model
    decreases without bound along −g), ``gg`` and ``gHg``.

    >>> import sympy as sp
    >>> from symopt.spectral import step_analysis
    >>> r = step_analysis(sp.Matrix([1, 1]), sp.diag(1, 3))
    >>> r['best_step'], r['increases_when']
    (1/2, Interval.open(1, oo))
    """
    g = sp.Matrix(gradient_vector)
    H = sp.Matrix(hessian_matrix)
    gg = sp.simplify((g.T * g)[0, 0])
    gHg = sp.simplify((g.T * H * g)[0, 0])
    change = sp.Rational(1, 2) * step**2 * gHg - step * gg
    try:
        increases = sp.solveset(change > 0, step, sp.Interval.open(0, sp.oo))
    except (NotImplementedError, TypeError, ValueError):
        increases = None
    best = sp.simplify(gg / gHg) if (gHg.is_positive or (gHg.is_number and gHg > 0)) else None
    if best is None and gHg.free_symbols and not gHg.is_nonpositive:
        best = sp.simplify(gg / gHg)  # valid where gᵀHg > 0
    return {"change": sp.expand(change), "increases_when": increases, "best_step": best,
            "gg": gg, "gHg": gHg, "step": step}


def eigenbasis_form(hessian_at_minimum, minimum, variables, value_at_minimum):
    """J(w) = J(w*) + ½ Σ λᵢ αᵢ², αᵢ = uᵢᵀ(w − w*): returns (eigenvalues, alphas, expression).

    >>> import sympy as sp
    >>> from symopt.spectral import eigenbasis_form
    >>> x, y = sp.symbols('x y')
    >>> eigenbasis_form(sp.diag(1, 3), [0, 0], [x, y], 0)[2]
    x**2/2 + 3*y**2/2
    """
    decomposition = eigen_decomposition(hessian_at_minimum)
    d = sp.Matrix([v - m for v, m in zip(variables, minimum)])
    alphas = tuple(sp.simplify((u.T * d)[0, 0]) for u in decomposition.eigenvectors)
    form = value_at_minimum + sp.Rational(1, 2) * sum(lam * a**2 for lam, a in zip(decomposition.eigenvalues, alphas))
    return decomposition.eigenvalues, alphas, form
