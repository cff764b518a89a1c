"""Jordan chains of a numeric matrix and the terms they contribute to its powers.

Sylvester's formula with Jordan chains: W^t = Σ_λ Σ_j binomial(t, j) λ^(t−j) (W − λI)^j P_λ,
where the spectral projector P_λ is the residue of the resolvent (zI − W)⁻¹ at λ — no
eigenvectors needed, so defective matrices are handled like any other. A Jordan block is the
same formula for one λ; a complex pair of a real matrix contributes the real form
ρ^t (A cos tθ + B sin tθ).
"""

from dataclasses import dataclass

import sympy as sp

from .errors import NoClosedFormError

ROOT_VARIABLE = sp.Symbol("lamda")  # CRootOf(lamda**3 - ...): never confused with a variable x


def approximate(value):
    """A number at 40 digits; ``CRootOf`` through mpmath (sympy's evalf bisects for seconds)."""
    if isinstance(value, sp.CRootOf):
        from .numeric import root_value
        return root_value(value, 40)
    return sp.N(value, 40)


@dataclass(frozen=True)
class Eigenvalue:
    """One root λ of the characteristic polynomial, its algebraic multiplicity and the chain (W − λI)^j P_λ."""

    value: object
    multiplicity: int
    chain: tuple  # (P_λ, (W − λI) P_λ, ...) while nonzero
    minimal_polynomial: object  # the irreducible factor over Q whose root λ is


def eigen_chains(W):
    """Every eigenvalue of a numeric square matrix with its projector chain (W − λI)^j P_λ.

    The projector comes from the resolvent: (zI − W)⁻¹ = adj(zI − W)/p(z) has at λ
    the principal part Σ_j (W − λI)^j P_λ / (z − λ)^(j+1), so with p = (z − λ)^m q,
    P_λ = D^(m−1)[adj/q](λ)/(m − 1)!. Roots of irreducible factors of degree ≥ 3 are
    ``CRootOf`` and their projectors are polynomials in λ of lower degree
    (adj(λ)·p'(λ)⁻¹ reduced modulo the factor). No eigenvectors are needed.

    >>> import sympy as sp
    >>> from symopt.jordan_chains import eigen_chains
    >>> [(e.value, e.multiplicity, len(e.chain)) for e in eigen_chains(sp.Matrix([[1, 1], [0, 1]]))]
    [(1, 2, 2)]
    """
    n = W.rows
    z = sp.Dummy("z")
    p = sp.Poly(W.charpoly().all_coeffs(), z)
    coefficients = p.all_coeffs()[::-1]
    powers = [sp.eye(n)]
    for _ in range(1, n):
        powers.append(powers[-1] * W)
    # adj(zI − W) = Σ_i a_i Σ_{j<i} z^j W^(i−1−j), since (zI − W)·that = p(z)I − p(W) = p(z)I
    adjugate = sp.zeros(n, n)
    for i in range(1, n + 1):
        for j in range(i):
            adjugate += coefficients[i] * z**j * powers[i - 1 - j]
    roots = _characteristic_roots(p, z)
    result = []
    for value, multiplicity, factor in roots:
        if factor is not None and sp.degree(factor, z) >= 3:
            if multiplicity != 1:
                raise NoClosedFormError("a repeated irreducible characteristic factor of degree >= 3 "
                                        "has no closed-form projector here")
            derivative = sp.Poly(p.as_expr().diff(z), z)
            inverse = sp.invert(derivative, sp.Poly(factor, z))
            projector = adjugate.applyfunc(
                lambda e: sp.Poly(e, z).mul(inverse).rem(sp.Poly(factor, z)).as_expr().xreplace({z: value}))
        else:
            rest = sp.Integer(1)
            for other, other_multiplicity, _ in roots:
                if other is not value:
                    rest *= (z - other) ** other_multiplicity
            quotient = adjugate / rest
            order = multiplicity - 1
            if order:
                quotient = quotient.diff(z, order) / sp.factorial(order)
            projector = quotient.xreplace({z: value}).applyfunc(_tidy_algebraic)
        chain = [projector]
        shifted = W - value * sp.eye(n)
        for _ in range(1, multiplicity):
            following = (shifted * chain[-1]).applyfunc(_tidy_algebraic)
            if following.is_zero_matrix:
                break
            chain.append(following)
        result.append(Eigenvalue(value, int(multiplicity), tuple(chain), factor))
    return result


def _characteristic_roots(p, z):
    """``[(λ, multiplicity, irreducible factor or None)]``: exact roots, ``CRootOf`` for degree >= 3."""
    found = []
    if all(c.is_Rational for c in p.all_coeffs()):
        _, factors = sp.factor_list(p.as_expr(), z)
        for factor, multiplicity in factors:
            degree = sp.degree(factor, z)
            if degree == 0:
                continue
            if degree <= 2:
                values = sorted(sp.roots(sp.Poly(factor, z), multiple=False), key=sp.default_sort_key)
            else:
                # CRootOf's own variable must not be z, which is substituted later
                values = [sp.CRootOf(factor.xreplace({z: ROOT_VARIABLE}), i) for i in range(degree)]
            found += [(v, multiplicity, factor) for v in values]
    else:
        values = sp.roots(p, multiple=False)
        if sum(values.values()) != p.degree():
            raise NoClosedFormError("sympy finds no exact roots of the characteristic polynomial "
                                    f"{sp.sstr(p.as_expr())}")
        found = [(v, m, None) for v, m in values.items()]
    return sorted(found, key=_root_order)


def _root_order(item):
    value = complex(approximate(item[0]))
    return (abs(value.imag) > 1e-25, value.real, value.imag)


def _tidy_algebraic(expression):
    expression = sp.expand(expression)
    if expression.has(sp.CRootOf) or expression.is_Rational:
        return expression
    # exact only: nsimplify would guess a "simpler" number from 15 digits
    simplified = sp.expand(sp.radsimp(expression))
    return sp.sqrtdenest(simplified) if simplified.is_number and simplified.has(sp.Pow) else simplified


def chain_coefficient(value, j, t):
    """binomial(t, j) λ^(t−j); for λ = 0 that is 1 at t = j and 0 otherwise."""
    if value == 0:
        return sp.KroneckerDelta(t, j)
    if j == 0:
        return value ** t
    term = (t if j == 1 else sp.binomial(t, j)) * value ** (t - j)
    if value.is_zero is None and not value.has(sp.CRootOf):
        # a symbolic λ that may be 0: λ^(t−j) at t < j is 0**(negative), undefined; the λ = 0 value is exact
        return sp.Piecewise((term, sp.Ne(value, 0)), (sp.KroneckerDelta(t, j), True))
    return term


def jordan_power(J, t):
    """J^t for a matrix in Jordan form: each block of size m gives binomial(t, j) λ^(t−j) above the diagonal.

    >>> import sympy as sp
    >>> from symopt.jordan_chains import jordan_power
    >>> t, r = sp.Symbol('t', integer=True, nonnegative=True), sp.Symbol('r', positive=True)
    >>> jordan_power(sp.Matrix([[r, 1], [0, r]]), t)
    Matrix([
    [r**t, r**(t - 1)*t],
    [   0,         r**t]])
    """
    n = J.rows
    result = sp.zeros(n, n)
    start = 0
    while start < n:
        end = start + 1
        while end < n and J[end - 1, end] == 1 and J[end, end] == J[start, start]:
            end += 1
        value = J[start, start]
        for i in range(start, end):
            for j in range(i, end):
                offset = j - i
                result[i, j] = chain_coefficient(value, offset, t)
        start = end
    return result


def has_conjugate_partner(value, chains):
    """Whether the conjugate of ``value`` is among the eigenvalues of ``chains`` too."""
    partner = sp.conjugate(value)
    return any(sp.expand(e.value - partner) == 0 for e in chains)


def real_pair_terms(value, chain, t):
    """λ and λ̄ together: 2 Re[Σ_j binomial(t, j) λ^(t−j) M_j], i.e. Σ_j 2 binomial(t, j) ρ^(t−j)(cos·Re M_j − sin·Im M_j)."""
    re, im = (_tidy_algebraic(part) for part in sp.expand_complex(value).as_real_imag())
    rho = sp.sqrt(_tidy_algebraic(re**2 + im**2))
    theta = sp.atan2(im, re)
    total = sp.zeros(*chain[0].shape)
    for j, term in enumerate(chain):
        parts = term.applyfunc(lambda e: sp.expand_complex(sp.expand(e)))
        A = parts.applyfunc(lambda e: _tidy_algebraic(2 * sp.re(e)))
        B = parts.applyfunc(lambda e: _tidy_algebraic(2 * sp.im(e)))
        coefficient = sp.Integer(1) if j == 0 else (t if j == 1 else sp.binomial(t, j))
        angle = (t - j) * theta
        total += coefficient * rho ** (t - j) * (sp.cos(angle) * A - sp.sin(angle) * B)
    return total
