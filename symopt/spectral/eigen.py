"""Eigen-decomposition of symmetric matrices: exact where sympy manages, mpmath where it does not.

Exact eigen-decompositions are attempted where sympy manages (diagonal,
block-diagonal, up to 3×3 blocks); numeric matrices fall back to mpmath at a
requested precision, and the result is accepted only when its residual
‖H − QΛQᵀ‖ is small.
"""

from dataclasses import dataclass

import mpmath
import sympy as sp

from ..budget import DEFAULT_SECONDS, call_with_budget
from ..errors import BudgetExceeded, NoClosedFormError, ProblemError

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
