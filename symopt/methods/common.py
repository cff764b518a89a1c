"""Pieces shared by the quadratic methods: minimiser, eigen-modes, extreme eigenvalues, orthogonality."""

from dataclasses import dataclass

import sympy as sp

from ..derivation import Step
from ..errors import NoClosedFormError, ProblemError
from ..problem import k as COUNTER
from ..quantities import Call, Inner, Sub
from ..budget import call_with_budget
from ..errors import BudgetExceeded
from ..sequences import _sign, eigen_chains
from ..spectral import eigen_decomposition
from ..zero import QUICK_OPS, zero_test


@dataclass(frozen=True)
class QuadraticModes:
    """f = f* + ½(x − x*)ᵀH(x − x*): minimiser (stationary point), eigenvalues grouped with projectors.

    ``groups`` is a tuple of ``(eigenvalue, projector, coordinate vector of x₀ − x*)``:
    P_λ = Σ u uᵀ over the eigenvectors of λ, so x₀ − x* = Σ_λ P_λ(x₀ − x*).
    ``smallest``/``largest`` are μ and L when all eigenvalues are positive and ordered on
    the domain, else ``None``.
    """

    hessian: sp.Matrix
    stationary_point: sp.Matrix
    eigenvalues: tuple
    eigenvectors: tuple
    groups: tuple
    exact: bool
    smallest: object
    largest: object


def require_quadratic(problem, method):
    """Raise ProblemError (one line) when f is not quadratic in its variables."""
    if not problem.is_quadratic():
        raise ProblemError(f"{method} closed forms need a quadratic objective, and f = {sp.sstr(problem.expression)} "
                           f"is not quadratic in {', '.join(v.name for v in problem.variables)}; "
                           "use 'symopt run' for a numeric run, or exact-line-search/newton, which handle any f")


def quadratic_modes(problem, start, seconds=5.0):
    """Eigen-modes of a quadratic's Hessian and the start's coordinates in them.

    >>> import sympy as sp
    >>> from symopt import Problem
    >>> from symopt.methods.common import quadratic_modes
    >>> p = Problem.from_text("(x**2 + 3*y**2)/2", "x,y")
    >>> m = quadratic_modes(p, sp.Matrix([1, 1]))
    >>> m.smallest, m.largest, m.stationary_point.T
    (1, 3, Matrix([[0, 0]]))
    """
    variables = problem.variables
    H = problem.hessian
    g0 = problem.gradient.xreplace({v: 0 for v in variables})
    if H.det() == 0:
        if H.free_symbols or g0.free_symbols:
            raise ProblemError("the Hessian is singular: the quadratic has no unique stationary point, so the "
                               "closed form in the eigenbasis is not defined")
        # semidefinite or indefinite with a kernel: any stationary point serves as x* (the λ = 0 mode keeps
        # its component); without one f is linear along the kernel, unbounded below
        try:
            solution, free = H.gauss_jordan_solve(-g0)
        except ValueError:
            raise ProblemError("the Hessian is singular and ∇f has a constant component in its kernel: f is "
                               "unbounded below along that direction and has no stationary point") from None
        x_star = solution.xreplace({t: 0 for t in free}).applyfunc(sp.simplify)
    else:
        x_star = (-H.LUsolve(g0)).applyfunc(sp.simplify)
    e0 = sp.Matrix(start) - x_star
    if not H.free_symbols:
        return _projector_modes(problem, H, x_star, e0, seconds)
    try:
        eigen = eigen_decomposition(H, seconds=seconds)
    except NoClosedFormError as exc:
        raise NoClosedFormError(f"no eigen-decomposition of the Hessian: {exc}") from None
    groups = []
    for value, vector in zip(eigen.eigenvalues, eigen.eigenvectors):
        for index, (existing, projector, _) in enumerate(groups):
            if sp.simplify(existing - value) == 0:
                projector = projector + vector * vector.T
                groups[index] = (existing, projector, None)
                break
        else:
            groups.append((value, vector * vector.T, None))
    groups = tuple((value, projector.applyfunc(sp.simplify), (projector * e0).applyfunc(sp.simplify))
                   for value, projector, _ in groups)
    smallest, largest = extreme_eigenvalues(eigen.eigenvalues, problem.domain_map)
    return QuadraticModes(H, x_star, eigen.eigenvalues, eigen.eigenvectors, groups, eigen.exact, smallest, largest)


def _projector_modes(problem, H, x_star, e0, seconds):
    """Modes of a numeric Hessian from its spectral projectors: any spectrum, no eigenvectors needed.

    Repeated eigenvalues share one projector; roots of an irreducible cubic or
    quartic are ``CRootOf`` with projectors that are polynomials in the root.
    """
    try:
        chains = call_with_budget(eigen_chains, H, seconds=seconds)
    except BudgetExceeded:
        raise NoClosedFormError(f"the spectral projectors of this {H.rows}×{H.cols} Hessian took longer than "
                                f"{seconds:g} s (--timeout)") from None
    groups = []
    for chain in chains:
        projector = chain.chain[0]
        component = (projector * e0).applyfunc(lambda e: sp.expand(e) if e.has(sp.CRootOf) else sp.simplify(e))
        groups.append((chain.value, projector, component))
    values = tuple(c.value for c in chains for _ in range(c.multiplicity))
    smallest, largest = extreme_eigenvalues(values, problem.domain_map)
    return QuadraticModes(H, x_star, values, (), tuple(groups), True, smallest, largest)


def extreme_eigenvalues(values, domain_map):
    """(μ, L) when every eigenvalue is positive and their order is decided on the domain, else (None, None)."""
    values = list(dict.fromkeys(values))
    if not all(_sign(v, domain_map) == "positive" for v in values):
        return None, None
    smallest = largest = values[0]
    for v in values[1:]:
        below = _sign(v - smallest, domain_map)
        above = _sign(v - largest, domain_map)
        if below is None or above is None:
            return None, None
        if below in ("negative", "nonpositive"):
            smallest = v
        if above in ("positive", "nonnegative"):
            largest = v
        if below not in ("negative", "nonpositive", "zero", "positive", "nonnegative"):
            return None, None
    return smallest, largest


def orthogonality_step(problem, closed, seconds=5.0):
    """Whether consecutive gradients are orthogonal along a closed form: (verdict, step)."""
    variables = problem.variables
    g_k = problem.gradient.xreplace(dict(zip(variables, closed)))
    inner = (g_k.xreplace({COUNTER: COUNTER + 1}).T * g_k)[0, 0]
    # a large inner product (momentum with symbolic ε, α) is refuted numerically rather than expanded
    symbolic = sp.count_ops(inner) <= 4 * QUICK_OPS
    verdict, note, counterexample = zero_test([inner], COUNTER, scales=[(g_k.T * g_k)[0, 0]],
                                              seconds=seconds if symbolic else 0.0)
    text = {True: "simplifies to 0 with k symbolic: consecutive gradients are orthogonal",
            False: f"not orthogonal in general ({note})",
            None: "not decided"}[verdict]
    if verdict is None:
        return verdict, Step("Consecutive gradients", kind="note", justification=text, name="orthogonal_gradients")
    return verdict, Step("Consecutive gradients", sp.Integer(0), consecutive_gradients(), text,
                         relation="=" if verdict else "!=", name="orthogonal_gradients")


def consecutive_gradients():
    """The inner product g(x_{k+1})ᵀ g(x_k) of consecutive gradients, as a quantity."""
    g, x = sp.Symbol("g"), sp.Symbol("x")
    return Inner(Call(g, Sub(x, COUNTER + 1)), Call(g, Sub(x, COUNTER)))


def vector_value(matrix):
    """A column Matrix shown as a row (for steps), or its single entry."""
    return matrix.T if matrix.rows > 1 else matrix[0]


__all__ = ["QuadraticModes", "extreme_eigenvalues", "orthogonality_step", "quadratic_modes", "require_quadratic",
           "vector_value"]
