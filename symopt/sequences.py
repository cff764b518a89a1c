"""Linear recurrences through transition-matrix powers, with sign-normalised closed forms.

A linear recurrence x_{k+1} = T x_k (+ c) is solved by T^k, never by ``rsolve``
(it takes one equation only and has open wrong-answer bugs, sympy #27902).
Powers are taken as W^t = V diag(λ)^t V⁻¹ when W is diagonalisable, through the
Jordan form otherwise (a block of size m contributes binomial(t, j) λ^(t−j)),
and for 2×2 matrices by the Cayley–Hamilton formula, which needs no
eigenvectors and keeps double roots explicit: T^k = ρ^k I + kρ^(k−1)(T − ρI).

Powers of a base that is negative on the parameters' domain are rewritten as
``(-1)**k * (-base)**k`` (sympy will not equate (1−b)^(2k+1) and −(b−1)^(2k+1)
even for integer k; with explicit sign factors it simplifies what it must).
The Jordan chains of numeric matrices, and the terms they add to W^t, are
:mod:`symopt.jordan_chains`.
"""

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_SECONDS, call_with_budget
from .derivation import Derivation, Step
from .errors import BudgetExceeded, NoClosedFormError, ProblemError
from .jordan_chains import (Eigenvalue, approximate, chain_coefficient, eigen_chains, has_conjugate_partner,
                            jordan_power, real_pair_terms)
from .problem import k as COUNTER
from .quantities import Call, Difference, Operator, Sub
from .spectral import sign_on_domain
from .values import to_sympy
from .zero import is_zero_quick

MODE_LABELS = ("vanishing", "exploding", "neutral")
#: The names a matrix power's steps state: W, its Jordan form J = V⁻¹WV, an eigenvalue λ and its projector P_λ.
W_NAME, J_NAME, V_NAME, LAMBDA, PROJECTOR = sp.symbols("W J V lambda P")
#: det(zI − W), the characteristic polynomial (I a matrix: z I keeps its order).
CHARACTERISTIC = Call(Operator("det"), Difference(sp.Symbol("z") * sp.Symbol("I", commutative=False), W_NAME))


# --- signs ----------------------------------------------------------------------------------------

def sign_normalize(expression, counter=COUNTER, domain_map=None):
    """Rewrite ``B**(a*k + c)`` with ``B <= 0`` on the domain as ``(-1)**(a*k + c) * (-B)**(a*k + c)``.

    Only powers whose exponent contains ``counter`` are touched; bases whose sign
    cannot be decided are left alone.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> from symopt.problem import k
    >>> from symopt.sequences import sign_normalize
    >>> b = sp.Symbol('b', positive=True)
    >>> sign_normalize(((b - 1)/(b + 1))**k, k, {'b': Domain('b', 0, True, 1, False)})
    (-1)**k*((1 - b)/(b + 1))**k
    """
    expression = to_sympy(expression)
    if not isinstance(expression, sp.Basic):
        return expression
    signs = {}  # one sign decision per distinct base (solveset is slow)

    def sign_of(base):
        if base not in signs:
            signs[base] = _sign(base, domain_map)
        return signs[base]

    def rewrite(node):
        if isinstance(node, sp.Pow) and node.exp.has(counter):
            base = node.base
            if base.is_number and base.is_negative:
                return sp.Integer(-1) ** node.exp * (-base) ** node.exp
            if not base.is_number and base.is_real is not False:
                sign = sign_of(base)
                if sign in ("negative", "nonpositive"):
                    positive = sp.cancel(-base) if base.is_rational_function() else -base
                    return sp.Pow(sp.Integer(-1), node.exp) * sp.Pow(positive, node.exp, evaluate=False)
        return node

    return sp.bottom_up(expression, rewrite, atoms=True)


def _sign(expression, domain_map):
    """Sign on the domain (see :func:`symopt.spectral.sign_on_domain`); undecided rather than wrong."""
    try:
        return sign_on_domain(expression, domain_map)
    except Exception:  # solveset on an odd expression
        return None


def mode_label(eigenvalue, domain_map=None):
    """``"vanishing"`` (|λ| < 1), ``"exploding"`` (|λ| > 1), ``"neutral"`` (|λ| = 1) or ``None`` (undecided).

    >>> from symopt.sequences import mode_label
    >>> mode_label(0.5), mode_label(-3), mode_label(1j)
    ('vanishing', 'exploding', 'neutral')
    """
    value = to_sympy(eigenvalue)
    if value.is_number:
        difference = sp.N(sp.Abs(approximate(value)) - 1, 30)
        if difference == 0 or abs(difference) < sp.Float(10) ** -25:
            return "neutral"
        return "vanishing" if difference < 0 else "exploding"
    if value.is_real is False:
        return None
    sign = _sign(value, domain_map)
    if sign in ("positive", "nonnegative", "zero"):
        modulus = value
    elif sign in ("negative", "nonpositive"):
        modulus = -value
    else:
        return None
    difference = sp.cancel(modulus - 1) if modulus.is_rational_function() else sp.simplify(modulus - 1)
    return {"negative": "vanishing", "positive": "exploding", "zero": "neutral"}.get(_sign(difference, domain_map))


# --- matrix powers --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mode:
    """One eigenvalue of a transition matrix: its multiplicity, modulus and label."""

    eigenvalue: object
    multiplicity: int
    modulus: object
    label: object


@dataclass(frozen=True)
class MatrixPower:
    """W^t in closed form: ``power`` = V J^t V⁻¹, with ``modes`` and the derivation that produced it."""

    matrix: sp.Matrix
    counter: sp.Symbol
    transform: sp.Matrix
    jordan: sp.Matrix
    power: sp.Matrix
    modes: tuple
    diagonalizable: bool
    derivation: Derivation

    def at(self, t):
        """The closed form evaluated at ``t`` (a number or expression)."""
        return self.power.xreplace({self.counter: to_sympy(t)})


def matrix_power(matrix, counter=COUNTER, domain_map=None, seconds=DEFAULT_SECONDS):
    """W^t with symbolic ``t`` for any square matrix, exact at every t >= 0 (t = 0 included).

    A numeric matrix is powered through its spectral projectors (Sylvester's
    formula with Jordan chains): W^t = Σ_λ Σ_j binomial(t, j) λ^(t−j) (W − λI)^j P_λ.
    A zero eigenvalue contributes ``KroneckerDelta(t, j)`` terms (0^(t−j) is 1
    at t = j only), a complex pair λ = ρe^(iθ) of a real matrix the real form
    ρ^t (A cos tθ + B sin tθ), and an irreducible characteristic factor of degree
    ≥ 3 its roots as ``CRootOf`` with projectors reduced modulo the minimal
    polynomial. A symbolic matrix goes through sympy's Jordan form. Each mode is
    labelled vanishing (|λ| < 1), exploding (|λ| > 1) or neutral (|λ| = 1) — the
    lecture's long-term dependencies (Goodfellow et al. §8.2.5).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.sequences import matrix_power
    >>> t = sp.Symbol('t', integer=True, nonnegative=True)
    >>> p = matrix_power(sp.Matrix([[sp.Rational(1, 2), 1], [0, 2]]), t)
    >>> p.power
    Matrix([
    [(1/2)**t, 2*2**t/3 - 2/(3*2**t)],
    [       0,                  2**t]])
    >>> [m.label for m in p.modes]
    ['vanishing', 'exploding']
    >>> matrix_power(sp.Matrix([[1, 1], [0, 1]]), t).power
    Matrix([
    [1, t],
    [0, 1]])
    >>> matrix_power(sp.Matrix([[1, 2], [2, 4]]), t).power[0, 0]
    5**t/5 + 4*KroneckerDelta(0, t)/5
    >>> matrix_power(sp.Matrix([[0, -1], [1, 0]]), t).power[0, 0]
    cos(pi*t/2)
    """
    W = sp.Matrix(matrix)
    if not W.is_square:
        raise ProblemError(f"a matrix power needs a square matrix, got {W.rows}×{W.cols}")
    t = counter
    if not W.free_symbols and not W.is_diagonal():
        try:
            return call_with_budget(_spectral_matrix_power, W, t, domain_map, seconds=seconds)
        except BudgetExceeded:
            raise NoClosedFormError(f"the spectral projectors of this {W.rows}×{W.cols} matrix took longer than "
                                    f"{seconds:g} s (--timeout)") from None
    if W.is_diagonal():
        V, J, diagonalizable = sp.eye(W.rows), W, True
    else:
        try:
            V, J = call_with_budget(_jordan, W, seconds=seconds)
        except BudgetExceeded:
            raise NoClosedFormError(f"sympy could not find the Jordan form of this {W.rows}×{W.cols} matrix "
                                    f"within {seconds:g} s; substitute numbers for its parameters") from None
        except (NotImplementedError, sp.MatrixError, ValueError) as exc:
            raise NoClosedFormError(f"no Jordan form for this matrix: {exc}") from None
        diagonalizable = J.is_diagonal()
    J_power = jordan_power(J, t)
    if W.is_diagonal():
        power = J_power
    else:
        power = (V * J_power * V.inv()).applyfunc(lambda e: _tidy_power(e, t))
    power = power.applyfunc(lambda e: sign_normalize(e, t, domain_map))
    modes = _modes(J, domain_map)
    steps = [
        Step("Matrix", W, W_NAME, key=True),
        Step("Characteristic polynomial", sp.factor(W.charpoly(sp.Symbol("z")).as_expr()), CHARACTERISTIC),
        Step("Eigen-decomposition" if diagonalizable else "Jordan form", J, J_NAME,
             "W = V J V^{-1}, J diagonal" if diagonalizable else
             "W is not diagonalisable: a Jordan block of size m contributes binomial(t, j) λ^(t-j)"),
        Step("Eigenvectors (columns)", V, V_NAME),
        Step("Power of the diagonal factor" if diagonalizable else "Power of the Jordan form", J_power,
             J_NAME ** t),
        Step("Closed form", power, W_NAME ** t, "W^t = V J^t V^{-1}", name="power", key=True, final=True),
    ]
    steps += _mode_steps(modes)
    derivation = Derivation(f"Matrix power W^{t}", steps)
    return MatrixPower(W, t, V, J, power, tuple(modes), diagonalizable, derivation)


def _mode_steps(modes):
    steps = []
    for mode in modes:
        label = mode.label or "undetermined (|λ| − 1 changes sign or cannot be decided)"
        steps.append(Step(("Mode λ = ", mode.eigenvalue), mode.modulus, sp.Abs(LAMBDA),
                          f"{label}" + (f", multiplicity {mode.multiplicity}" if mode.multiplicity > 1 else "")))
    return steps


def _spectral_matrix_power(W, t, domain_map):
    n = W.rows
    chains = eigen_chains(W)
    power = sp.zeros(n, n)
    modes = []
    diagonalizable = all(len(e.chain) == 1 for e in chains)
    projector_steps = []
    placeholders = {}
    real_matrix = all(entry.is_real for entry in W)  # the real form pairs λ with λ̄ only for a real W
    for eigen in chains:
        value = eigen.value
        modes.append(Mode(value, eigen.multiplicity, modulus_on_domain(value, domain_map),
                          mode_label(value, domain_map)))
        real = value.is_real
        if real is False and real_matrix and has_conjugate_partner(value, chains) and not value.has(sp.CRootOf):
            if sp.im(value).is_negative:
                continue  # its partner with positive imaginary part carries the pair
            power += real_pair_terms(value, eigen.chain, t)
        else:
            # a CRootOf stands in as a symbol while terms are collected: sympy evaluates sums of
            # CRootOf numerically (seconds each) to order and compare them
            stand_in = placeholders.setdefault(value, sp.Dummy("r")) if isinstance(value, sp.CRootOf) else value
            for j, term in enumerate(eigen.chain):
                chain_term = term.xreplace({value: stand_in}) if stand_in is not value else term
                power += chain_coefficient(stand_in, j, t) * chain_term
        projector_steps.append(Step(("Projector of λ = ", value), eigen.chain[0], Sub(PROJECTOR, LAMBDA),
                                    "residue of (zI − W)⁻¹ at λ" + (f"; (W − λI)^j P_λ ≠ 0 up to j = "
                                                                    f"{len(eigen.chain) - 1}: a Jordan chain"
                                                                    if len(eigen.chain) > 1 else "")))
    back = {symbol: value for value, symbol in placeholders.items()}
    power = power.applyfunc(lambda e: sign_normalize(_tidy_power(e, t).xreplace(back), t, domain_map))
    zero = [e for e in chains if e.value == 0]
    explanation = ("W^", t, " = Σ_λ Σ_j binomial(", t, ", j) λ^(", t, "−j) (W − λI)^j P_λ "
                   "(Sylvester's formula with Jordan chains)")
    if zero:
        explanation += ("; λ = 0 gives KroneckerDelta(", t, ", j): exact at ", t, " = 0")
    if real_matrix and any(e.value.is_real is False and not e.value.has(sp.CRootOf) for e in chains):
        explanation += ("; a complex pair ρe^(±iθ) gives ρ^", t, " (A cos ", t, "θ + B sin ", t, "θ)")
    steps = [
        Step("Matrix", W, W_NAME, key=True),
        Step("Characteristic polynomial", sp.factor(W.charpoly(sp.Symbol("z")).as_expr()), CHARACTERISTIC),
        Step("Eigenvalues", sp.Tuple(*[e.value for e in chains]), LAMBDA,
             "diagonalisable" if diagonalizable else
             "W is not diagonalisable: a chain of length m contributes binomial(t, j) λ^(t−j), j < m"),
        *projector_steps,
        Step("Closed form", power, W_NAME ** t, explanation, name="power", key=True, final=True),
    ]
    steps += _mode_steps(modes)
    jordan = sp.diag(*[e.value for e in chains for _ in range(e.multiplicity)])
    return MatrixPower(W, t, None, jordan, power, tuple(modes), diagonalizable,
                       Derivation(f"Matrix power W^{t}", steps))


def _jordan(W):
    return W.jordan_form()


def _tidy_power(expression, t):
    # no powsimp: it rewrites I**t*(-I)**t into powers of (-1)**t with fractional exponents
    expression = sp.expand(expression, power_base=False, power_exp=False)
    return sp.collect(expression, [a for a in expression.atoms(sp.Pow) if a.exp.has(t)])


def _modes(J, domain_map):
    values = {}
    for value in J.diagonal():
        values[value] = values.get(value, 0) + 1
    return [Mode(value, multiplicity, modulus_on_domain(value, domain_map), mode_label(value, domain_map))
            for value, multiplicity in values.items()]


def modulus_on_domain(value, domain_map=None):
    """|λ| without ``Abs`` when the sign of λ is decided on the domain.

    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> from symopt.sequences import modulus_on_domain
    >>> b = sp.Symbol('b', positive=True)
    >>> modulus_on_domain((b - 1)/(b + 1), {'b': Domain('b', 0, True, 1, False)})
    (1 - b)/(b + 1)
    """
    value = to_sympy(value)
    if value.is_number:
        return sp.Abs(value)
    sign = _sign(value, domain_map) if value.is_real is not False else None
    if sign in ("positive", "nonnegative", "zero"):
        return sp.cancel(value) if value.is_rational_function() else value
    if sign in ("negative", "nonpositive"):
        return sp.cancel(-value) if value.is_rational_function() else -value
    return sp.Abs(value)


# --- 2x2 powers (Cayley–Hamilton) -----------------------------------------------------------------

@dataclass(frozen=True)
class Power2x2:
    """T^k of a 2×2 matrix from its characteristic roots; ``regime`` is ``"distinct"`` or ``"double"``.

    ``discriminant`` is tr² − 4 det; ``roots`` the roots (one, repeated, when double).
    """

    matrix: sp.Matrix
    counter: sp.Symbol
    trace: object
    determinant: object
    discriminant: object
    roots: tuple
    regime: str
    power: sp.Matrix
    double_root_power: sp.Matrix


def power_2x2(T, counter=COUNTER, domain_map=None, regime=None):
    """T^k by Cayley–Hamilton, distinct roots z₁ ≠ z₂ or a double root ρ.

    Distinct: T^k = (z₁^k (T − z₂I) − z₂^k (T − z₁I)) / (z₁ − z₂) (complex roots
    included: the result is real). Double (tr² = 4 det): T^k = ρ^k I + kρ^(k−1)(T − ρI),
    the Jordan-form case where modes decay like (C₀ + C₁k)ρ^k. ``regime`` forces a
    case; by default the discriminant decides (the distinct form when undecided,
    with ``double_root_power`` kept for the parameter values where it vanishes).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.sequences import power_2x2
    >>> k = sp.Symbol('k', integer=True, nonnegative=True)
    >>> p = power_2x2(sp.Matrix([[1, 1], [-sp.Rational(1, 4), 0]]), k)
    >>> p.regime, p.roots
    ('double', (1/2,))
    >>> p.power[0, 0]
    k/2**k + (1/2)**k
    """
    T = sp.Matrix(T)
    if T.shape != (2, 2):
        raise ProblemError(f"power_2x2 needs a 2×2 matrix, got {T.rows}×{T.cols}")
    trace = sp.simplify(T.trace())
    determinant = sp.factor(T.det())
    discriminant = sp.factor(sp.expand(trace**2 - 4 * determinant))
    rho = trace / 2
    double = sp.eye(2).applyfunc(lambda e: e * rho**counter) + (counter * rho ** (counter - 1)) * (T - rho * sp.eye(2))
    double = double.applyfunc(lambda e: sign_normalize(sp.expand(e), counter, domain_map))
    if regime is None:
        regime = "double" if is_zero_quick(discriminant) else "distinct"
    if regime == "double" and is_zero_quick(rho):
        # nilpotent: T^0 = I, T^1 = T, T^k = 0 for k >= 2 (ρ^(k−1) would be 0^(−1) at k = 0)
        nilpotent = sp.Matrix(2, 2, lambda i, j: sp.Piecewise((sp.Integer(int(i == j)), sp.Eq(counter, 0)),
                                                               (T[i, j], sp.Eq(counter, 1)), (0, True)))
        return Power2x2(T, counter, trace, determinant, discriminant, (sp.Integer(0),), "double", nilpotent,
                        nilpotent)
    if regime == "double":
        return Power2x2(T, counter, trace, determinant, discriminant, (sp.simplify(rho),), "double", double, double)
    root = sp.sqrt(discriminant)
    z1, z2 = (trace + root) / 2, (trace - root) / 2
    power = (z1**counter * (T - z2 * sp.eye(2)) - z2**counter * (T - z1 * sp.eye(2))) / (z1 - z2)
    power = power.applyfunc(lambda e: sign_normalize(sp.collect(sp.expand(e), [z1**counter, z2**counter]),
                                                     counter, domain_map))
    return Power2x2(T, counter, trace, determinant, discriminant, (z1, z2), "distinct", power, double)


# --- linear recurrences ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LinearRecurrenceSolution:
    """x_k = T^k x₀ (+ the affine part): ``closed_form`` is a column Matrix in ``counter``."""

    transition: sp.Matrix
    start: sp.Matrix
    affine: object
    closed_form: sp.Matrix
    power: MatrixPower


def linear_recurrence(transition, start, counter=COUNTER, affine=None, domain_map=None,
                      seconds=DEFAULT_SECONDS):
    """Solve the system x_{k+1} = T x_k + c, x_0 = start, through the matrix power T^k.

    With an affine part ``c`` the state is augmented to (x, 1), so one matrix power
    covers both (sympy's ``rsolve`` takes single equations only).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.sequences import linear_recurrence
    >>> a, e, g = sp.Symbol('alpha', positive=True), sp.Symbol('epsilon', positive=True), sp.Symbol('g')
    >>> v = linear_recurrence(sp.Matrix([[a]]), sp.Matrix([0]), k, affine=sp.Matrix([-e*g])).closed_form[0]
    >>> sp.simplify(v - (-e*g*(1 - a**k)/(1 - a)))
    0
    """
    T = sp.Matrix(transition)
    x0 = sp.Matrix(start)
    if T.rows != x0.rows:
        raise ProblemError(f"the start has {x0.rows} entries, the transition matrix is {T.rows}×{T.cols}")
    if affine is not None:
        c = sp.Matrix(affine)
        n = T.rows
        augmented = sp.zeros(n + 1, n + 1)
        augmented[:n, :n] = T
        augmented[:n, n] = c
        augmented[n, n] = 1
        power = matrix_power(augmented, counter, domain_map, seconds)
        closed = (power.power * x0.col_join(sp.Matrix([1])))[:n, 0]
    else:
        power = matrix_power(T, counter, domain_map, seconds)
        closed = power.power * x0
    closed = closed.applyfunc(lambda e: sign_normalize(sp.factor_terms(e), counter, domain_map))
    return LinearRecurrenceSolution(T, x0, affine, closed, power)


__all__ = ["MODE_LABELS", "Eigenvalue", "Mode", "eigen_chains", "MatrixPower", "Power2x2", "LinearRecurrenceSolution", "jordan_power",
           "linear_recurrence", "matrix_power", "mode_label", "modulus_on_domain", "power_2x2", "sign_normalize"]
