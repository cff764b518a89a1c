"""Eigen-decomposition, definiteness, critical points and conditioning of Hessians.

Questions that can be undecidable (is ``H`` positive definite when it holds a
parameter?) answer ``True``, ``False`` or ``None``. Exact eigen-decompositions
are attempted where sympy manages (diagonal, block-diagonal, up to 3×3 blocks);
numeric matrices fall back to mpmath at a requested precision, and the result
is accepted only when its residual ‖H − QΛQᵀ‖ is small.
"""

from dataclasses import dataclass

import mpmath
import sympy as sp

from .budget import DEFAULT_SECONDS, call_with_budget
from .errors import BudgetExceeded, NoClosedFormError, ProblemError
from .values import to_sympy

EXACT_BLOCK_LIMIT = 3


@dataclass(frozen=True)
class EigenDecomposition:
    """Eigenvalues (with multiplicity) and matching orthonormal eigenvectors (columns of Q).

    ``exact`` tells whether they are exact sympy expressions or mpmath numbers
    (as sympy Floats); ``residual`` is ‖H − QΛQᵀ‖_max (0 for exact results).
    """

    eigenvalues: tuple
    eigenvectors: tuple
    exact: bool
    residual: float = 0.0

    def matrix_q(self):
        """Q with the eigenvectors as columns."""
        return sp.Matrix.hstack(*self.eigenvectors)


def eigen_decomposition(matrix, precision=30, seconds=DEFAULT_SECONDS):
    """Eigen-decompose a symmetric matrix: exactly where sympy manages within ``seconds``, else numerically.

    Explanation
    ===========
    A diagonal matrix is read off. Otherwise the closed form (``eigenvects``
    and the orthonormalisation, all inside one time budget) is tried when it
    can exist: a matrix of rational numbers whose characteristic polynomial has
    an irreducible factor of degree 3 or more gets its eigenvalues exactly as
    ``CRootOf`` and its eigenvectors at ``precision`` digits (mpmath), accepted
    only if the residual ‖H − QΛQᵀ‖ is small (``exact`` is then False). Any
    other numeric matrix falls back to mpmath the same way; a symbolic matrix
    without a closed form in time raises :class:`~symopt.errors.NoClosedFormError`.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.spectral import eigen_decomposition
    >>> b = sp.Symbol('b', positive=True)
    >>> eigen_decomposition(sp.diag(1, b)).eigenvalues
    (1, b)
    >>> d = eigen_decomposition(sp.Matrix([[2, 1], [1, 2]]))
    >>> d.eigenvalues, d.exact
    ((1, 3), True)
    >>> d = eigen_decomposition(sp.Matrix([[2, 3, 12], [3, 2, 1], [12, 1, 14]]))
    >>> d.eigenvalues[0], d.exact, d.residual < 1e-25
    (CRootOf(x**3 - 18*x**2 - 94*x + 288, 0), False, True)
    """
    H = _symmetric(matrix)
    if H.is_diagonal() and all(sp.count_ops(e) <= 40 for e in H):
        return _exact_decomposition(H)
    if not H.free_symbols and all(e.is_Rational for e in H) and (
            max(b.rows for b in H.get_diag_blocks()) > EXACT_BLOCK_LIMIT or _has_high_degree_factor(H)):
        return _root_decomposition(H, precision)
    try:
        return call_with_budget(_exact_decomposition, H, seconds=seconds)
    except (NoClosedFormError, BudgetExceeded):
        if H.free_symbols:
            raise NoClosedFormError(
                f"no exact eigen-decomposition of this {H.rows}×{H.cols} symbolic matrix within "
                f"{seconds:g} s; substitute numbers for its parameters to get a numeric one") from None
    return numeric_decomposition(H, precision)


def eigenvalues(matrix, precision=30, seconds=DEFAULT_SECONDS):
    """Eigenvalues alone (no eigenvectors, so no orthonormalisation): an :class:`EigenDecomposition`
    with empty ``eigenvectors``.

    Diagonal matrices are read off; matrices of rational numbers get the roots of
    their characteristic polynomial (radicals up to degree 2, ``CRootOf`` above);
    symbolic matrices ``eigenvals`` inside the time budget; anything else mpmath.

    >>> import sympy as sp
    >>> from symopt.spectral import eigenvalues
    >>> eigenvalues(sp.Matrix([[2, 1], [1, 2]])).eigenvalues
    (1, 3)
    >>> x = sp.Symbol('x')
    >>> eigenvalues(sp.Matrix([[x, 1], [1, x]])).eigenvalues
    (x - 1, x + 1)
    """
    H = _symmetric(matrix)
    if H.is_diagonal() and all(sp.count_ops(e) <= 40 for e in H):
        values = sorted(H.diagonal(), key=_eigenvalue_order)
        return EigenDecomposition(tuple(values), (), exact=True)
    if not H.free_symbols and all(e.is_Rational for e in H):
        return EigenDecomposition(tuple(H.charpoly().all_roots()), (), exact=True)
    if H.free_symbols:
        try:
            values = call_with_budget(_symbolic_eigenvalues, H, seconds=seconds)
        except (BudgetExceeded, NotImplementedError) as exc:
            raise NoClosedFormError(f"no closed-form eigenvalues of this {H.rows}×{H.cols} symbolic matrix "
                                    f"within {seconds:g} s") from exc
        return EigenDecomposition(tuple(values), (), exact=True)
    numeric = numeric_decomposition(H, precision)
    return EigenDecomposition(numeric.eigenvalues, (), exact=False, residual=numeric.residual)


def _symbolic_eigenvalues(H):
    values = []
    for value, multiplicity in H.eigenvals().items():
        values.extend([sp.simplify(value)] * multiplicity)
    if len(values) != H.rows:
        raise NoClosedFormError("sympy found fewer eigenvalues than the dimension")
    return sorted(values, key=_eigenvalue_order)


def _symmetric(matrix):
    H = sp.Matrix(matrix)
    if not H.is_square:
        raise ProblemError(f"expected a square matrix, got {H.rows}×{H.cols}")
    if (H - H.T).applyfunc(sp.expand) != sp.zeros(*H.shape):
        raise ProblemError("expected a symmetric matrix (a Hessian); this one is not")
    return H


def _has_high_degree_factor(H):
    polynomial = sp.Poly(H.charpoly(sp.Dummy("lambda")))
    return any(factor.degree() > 2 for factor, _ in polynomial.factor_list()[1])


def _root_decomposition(H, precision):
    # exact eigenvalues as CRootOf (ascending, with multiplicity), eigenvectors from mpmath
    values = H.charpoly().all_roots()  # CRootOf prints its polynomial in x whatever the name
    numeric = numeric_decomposition(H, precision)
    return EigenDecomposition(tuple(values), numeric.eigenvectors, exact=False, residual=numeric.residual)


def _exact_decomposition(H):
    # runs inside a time budget: eigenvects and the simplifications below have none of their own
    found = []
    offset = 0
    for block in H.get_diag_blocks():
        size = block.rows
        if size > EXACT_BLOCK_LIMIT:
            raise NoClosedFormError(f"a {size}×{size} block is beyond exact eigen-decomposition")
        if size == 1:
            pairs = [(block[0, 0], 1, [sp.Matrix([1])])]
        else:
            pairs = block.eigenvects()
        for value, multiplicity, basis in pairs:
            for vector in _orthonormal(basis):
                full = sp.zeros(H.rows, 1)
                full[offset:offset + size, 0] = vector
                found.append((sp.simplify(value) if value.free_symbols else value, full))
        offset += size
    if len(found) != H.rows:
        raise NoClosedFormError("sympy found fewer eigenvectors than the dimension")
    # one order for the whole matrix, not block by block: numbers ascending, then symbolic values
    found.sort(key=lambda pair: _eigenvalue_order(pair[0]))
    return EigenDecomposition(tuple(v for v, _ in found), tuple(u for _, u in found), exact=True)


def _eigenvalue_order(value):
    return (0, float(value), ()) if value.is_number and value.is_real else (1, 0.0, sp.default_sort_key(value))


def _orthonormal(basis):
    if len(basis) > 1:
        basis = sp.GramSchmidt(basis, orthonormal=False)
    return [sp.simplify(v / sp.sqrt(sum(e**2 for e in v))) for v in basis]


def numeric_decomposition(matrix, precision=30):
    """mpmath ``eigsy`` at ``precision`` digits, accepted only if the residual is small."""
    H = sp.Matrix(matrix)
    if H.free_symbols:
        raise ProblemError("a numeric eigen-decomposition needs a matrix of numbers; "
                           f"it contains {', '.join(sorted(s.name for s in H.free_symbols))}")
    with mpmath.workdps(precision + 10):
        A = mpmath.matrix([[mpmath.mpf(sp.N(e, precision + 10)) for e in row] for row in H.tolist()])
        E, Q = mpmath.eigsy(A)
        residual = mpmath.mnorm(A - Q * mpmath.diag(E) * Q.T, 1)
        scale = max(mpmath.mnorm(A, 1), 1)
        if residual > scale * mpmath.mpf(10) ** (-precision):
            raise NoClosedFormError(f"numeric eigen-decomposition failed its residual check ({residual})")
        values = tuple(sp.Float(E[i], precision) for i in range(H.rows))
        vectors = tuple(sp.Matrix([sp.Float(Q[r, c], precision) for r in range(H.rows)]) for c in range(H.rows))
        return EigenDecomposition(values, vectors, exact=False, residual=float(residual))


# --- signs under assumptions ----------------------------------------------------------------------

def sign_on_domain(expression, domain_map=None):
    """The sign of ``expression`` for every admissible parameter value.

    Returns one of ``"positive"``, ``"negative"``, ``"zero"``, ``"nonnegative"``,
    ``"nonpositive"``, or ``None`` when it changes sign or cannot be decided. sympy's
    assumptions are tried first; a rational function of a single parameter
    (``0 < b <= 1``) is decided from the real roots and poles that cut its interval
    (one exact evaluation per piece), anything else with ``solveset``.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> from symopt.spectral import sign_on_domain
    >>> b = sp.Symbol('b', positive=True)
    >>> sign_on_domain(1 - b, {'b': Domain('b', 0, True, 1, False)})
    'nonnegative'
    >>> sign_on_domain(b - 2, {'b': Domain('b', 0, True, 1, False)})
    'negative'
    """
    e = to_sympy(expression)
    known = _sign_from_assumptions(e)
    if known is not None:
        return known
    symbols = list(e.free_symbols)
    if len(symbols) > 1 and all(s.is_real for s in symbols) and e.is_polynomial(*symbols):
        return _box_sign(e, symbols, domain_map)
    if len(symbols) != 1 or not symbols[0].is_real:
        return None
    if e.is_rational_function():
        try:
            return _rational_sign(e, symbols[0], domain_map)
        except (sp.PolynomialError, NotImplementedError, ValueError, TypeError):
            pass
    if any(not p.exp.is_Integer for p in e.atoms(sp.Pow)) or sp.count_ops(e) > 40:
        return None  # solveset on radicals and large expressions takes seconds and rarely decides
    s = symbols[0]
    interval = _interval(s, (domain_map or {}).get(s.name))
    try:
        positive_set = sp.solveset(e > 0, s, interval)
        negative_set = sp.solveset(e < 0, s, interval)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not isinstance(positive_set, sp.Set) or not isinstance(negative_set, sp.Set):
        return None
    if positive_set == interval:
        return "positive"
    if negative_set == interval:
        return "negative"
    if negative_set is sp.S.EmptySet:
        return "zero" if positive_set is sp.S.EmptySet else "nonnegative"
    if positive_set is sp.S.EmptySet:
        return "nonpositive"
    return None


def _sign_from_assumptions(e):
    if e.is_zero:
        return "zero"
    if e.is_positive:
        return "positive"
    if e.is_negative:
        return "negative"
    if e.is_nonnegative:
        return "nonnegative"
    if e.is_nonpositive:
        return "nonpositive"
    return None


def _rational_sign(expression, symbol, domain_map):
    # Real roots of numerator and denominator cut the domain into intervals of
    # constant sign; one exact evaluation per interval decides it.
    domain = (domain_map or {}).get(symbol.name)
    interval = _interval(symbol, domain)
    if not isinstance(interval, sp.Interval):
        raise ValueError("not an interval")
    numerator, denominator = sp.fraction(sp.cancel(expression))
    roots = [r for r in sp.Poly(numerator, symbol).real_roots()] if numerator.has(symbol) else []
    poles = [r for r in sp.Poly(denominator, symbol).real_roots()] if denominator.has(symbol) else []
    cuts = sorted({float(r) for r in roots + poles})
    lo, hi = interval.start, interval.end
    inside = [c for c in cuts if (lo == -sp.oo or c > float(lo)) and (hi == sp.oo or c < float(hi))]
    edges = ([float(lo)] if lo != -sp.oo else [inside[0] - 2.0 if inside else -1.0]) + inside + \
        ([float(hi)] if hi != sp.oo else [inside[-1] + 2.0 if inside else 1.0])
    tests = [sp.Rational((a + b) / 2) for a, b in zip(edges, edges[1:]) if b > a]
    if not interval.left_open and lo != -sp.oo:
        tests.append(lo)
    if not interval.right_open and hi != sp.oo:
        tests.append(hi)
    signs = set()
    for point in tests:
        value = expression.xreplace({symbol: point})
        if value.has(sp.zoo, sp.nan):
            continue
        signs.add(int(sp.sign(value)))
    for root in roots:
        if interval.contains(root) == sp.true and not any(sp.simplify(root - p) == 0 for p in poles):
            signs.add(0)
    if not signs:
        return None
    if signs == {1}:
        return "positive"
    if signs == {-1}:
        return "negative"
    if signs == {0}:
        return "zero"
    if signs == {0, 1}:
        return "nonnegative"
    if signs == {0, -1}:
        return "nonpositive"
    return None


def _box_sign(polynomial, symbols, domain_map):
    """The sign of a polynomial in several parameters, when interval arithmetic over their domains settles it.

    Sound but incomplete: the enclosure over the closed box of the parameter
    intervals holds every value, so a lower bound > 0 proves positivity.

    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> b, c = sp.symbols('b c', real=True)
    >>> domains = {'b': Domain('b', 1, True, None, True), 'c': Domain('c', 0, True, 1, True)}
    >>> _box_sign(4*b**2 - c**2, [b, c], domains), _box_sign(b - 2*c, [b, c], domains)
    ('positive', None)
    """
    try:
        return _box_sign_or_fail(polynomial, symbols, domain_map)
    except ValueError:  # an irrational end point or coefficient: not decided here
        return None


def _box_sign_or_fail(polynomial, symbols, domain_map):
    from mpmath import inf, iv
    box = []
    for s in symbols:
        interval = _interval(s, (domain_map or {}).get(s.name))
        if not isinstance(interval, sp.Interval):
            return None
        box.append(iv.mpf([-inf if interval.start == -sp.oo else _rational_iv(interval.start).a,
                           inf if interval.end == sp.oo else _rational_iv(interval.end).b]))
    total = iv.mpf(0)
    for monomial, coefficient in sp.Poly(polynomial, *symbols).terms():
        term = _rational_iv(coefficient)
        for x, k in zip(box, monomial):
            term = term * x ** k if k else term
        total = total + term
    if total.a > 0:
        return "positive"
    if total.b < 0:
        return "negative"
    if total.a >= 0:
        return "nonnegative"
    if total.b <= 0:
        return "nonpositive"
    return None


def _rational_iv(value):
    from mpmath import iv
    value = sp.Rational(value) if value.is_Rational else None
    if value is None:
        raise ValueError("not rational")
    return iv.mpf(value.p) / iv.mpf(value.q)


def _interval(symbol, domain):
    lower, lower_open, upper, upper_open = -sp.oo, True, sp.oo, True
    if domain is not None:
        if domain.lower is not None:
            lower, lower_open = domain.lower, domain.lower_open
        if domain.upper is not None:
            upper, upper_open = domain.upper, domain.upper_open
    if symbol.is_positive and (lower < 0 or (lower == 0 and not lower_open)):
        lower, lower_open = sp.Integer(0), True
    elif symbol.is_nonnegative and lower < 0:
        lower, lower_open = sp.Integer(0), False
    interval = sp.Interval(lower, upper, lower_open, upper_open)
    return sp.Intersection(interval, sp.Integers) if symbol.is_integer else interval


def definiteness(matrix, domain_map=None):
    """Classify a symmetric matrix from its eigenvalue signs.

    Returns ``"positive definite"``, ``"negative definite"``, ``"positive semidefinite"``,
    ``"negative semidefinite"``, ``"indefinite"``, or ``None`` when undecided.

    >>> import sympy as sp
    >>> from symopt.spectral import definiteness
    >>> definiteness(sp.Matrix([[2, 0], [0, -1]]))
    'indefinite'
    """
    return _definiteness_from_signs([sign_on_domain(v, domain_map)
                                     for v in eigen_decomposition(matrix).eigenvalues])


def _definiteness_from_signs(signs):
    if any(s == "positive" for s in signs) and any(s == "negative" for s in signs):
        return "indefinite"
    if None in signs:
        return None
    if all(s == "positive" for s in signs):
        return "positive definite"
    if all(s == "negative" for s in signs):
        return "negative definite"
    if all(s in ("positive", "nonnegative", "zero") for s in signs):
        return "positive semidefinite"
    if all(s in ("negative", "nonpositive", "zero") for s in signs):
        return "negative semidefinite"
    return None


def is_positive_definite(matrix, domain_map=None):
    """True, False, or None (undecided) — sympy's three-valued convention.

    >>> import sympy as sp
    >>> from symopt.spectral import is_positive_definite
    >>> is_positive_definite(sp.Matrix([[2, 1], [1, 2]]))
    True
    """
    verdict = definiteness(matrix, domain_map)
    return None if verdict is None else verdict == "positive definite"


# --- critical points ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Certificate:
    """How a critical point was proved: ``method`` in words, ``radius`` of the box that holds exactly one zero.

    ``radius`` is 0 for points checked by exact substitution and ``None`` for
    points that are not certified (a numeric search whose proof failed).
    """

    method: str
    radius: object = 0


@dataclass(frozen=True)
class Family:
    """A positive-dimensional set of critical points, given by implicit ``equations`` (each = 0).

    ``dimension`` is the dimension of the set (``None`` when not known); ``note``
    says where the family's kind is not decided.
    """

    equations: tuple
    dimension: object = None
    note: str = ""


@dataclass(frozen=True)
class CriticalPoint:
    """A solution of ∇f = 0 with the second-order classification.

    ``kind`` is ``"minimum"``, ``"maximum"``, ``"saddle"``, ``"degenerate"`` (a zero
    eigenvalue is proved and there is no sign change: the second-order test is
    inconclusive), ``"undetermined"`` (not decided), or, when the kind depends on
    parameters, the cases in words ("minimum for b > 0, degenerate for b = 0"; the
    same cases as data in ``cases``, pairs of condition text and kind). Families
    of critical points carry ``family`` (a :class:`Family`) and, where the family
    is parametrised, a ``point`` holding free variables.
    """

    point: dict
    kind: str
    eigenvalues: tuple
    value: object
    certificate: object = None
    family: object = None
    cases: tuple = ()


def classify(eigenvalues, domain_map=None):
    """Kind of critical point from Hessian eigenvalues (Goodfellow et al., *Deep Learning*, §4.3).

    "degenerate" needs an eigenvalue proved zero; one that is merely nonnegative
    leaves the kind "undetermined".

    >>> from symopt.spectral import classify
    >>> classify([2, -1]), classify([0, 0]), classify([0, -3, 1])
    ('saddle', 'degenerate', 'saddle')
    """
    signs = [sign_on_domain(v, domain_map) for v in eigenvalues]
    if any(s in ("positive",) for s in signs) and any(s in ("negative",) for s in signs):
        return "saddle"
    if None in signs:
        return "undetermined"
    if all(s == "positive" for s in signs):
        return "minimum"
    if all(s == "negative" for s in signs):
        return "maximum"
    if "zero" in signs:
        return "degenerate"
    return "undetermined"  # "nonnegative" is not a proved zero eigenvalue


def critical_points(problem, seconds=DEFAULT_SECONDS, box=None):
    """Critical points of ``problem``, classified (see :func:`symopt.critical_points.find_critical_points`).

    Returns the list of :class:`CriticalPoint` (families included); use
    ``find_critical_points`` to learn whether the list is proved complete.

    Examples
    ========
    >>> from symopt import Problem
    >>> from symopt.spectral import critical_points
    >>> p = Problem.from_text("x**3 - 3*x + y**2", "x,y")
    >>> [(c.point, c.kind) for c in critical_points(p)]
    [({x: -1, y: 0}, 'saddle'), ({x: 1, y: 0}, 'minimum')]
    """
    from .critical_points import find_critical_points
    return list(find_critical_points(problem, seconds, box).points)


# --- conditioning ---------------------------------------------------------------------------------

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
