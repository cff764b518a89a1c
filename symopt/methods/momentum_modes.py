"""One eigenmode of momentum and Nesterov momentum: its transition matrix and what follows from it.

On ½λθ² the state (θ, v) evolves by a 2×2 matrix T(λ), read off the optimizer's own symbolic step.
From its characteristic polynomial z² − tr·z + det: the stability region in (ε, α) from the
Schur–Cohn (Jury) conditions, Polyak's optimal parameters and rate (Polyak 1964; Goh, Distill 2017),
and Nesterov's rate 1 − 1/√κ at ε = 1/L, α = (√κ − 1)/(√κ + 1) (Nesterov, Introductory Lectures §2.2;
proved with √κ = 1 + e, e > 0, since sympy has no relational assumptions).
"""

import sympy as sp

from ..assumptions import Domain
from ..derivation import Step
from ..optimizers import get, symbolic_step
from ..problem import Problem
from ..quantities import Call, Difference, Operator, Statement
from ..sequences import _sign

EPSILON = get("momentum").hyperparameter("epsilon").symbol
ALPHA = get("momentum").hyperparameter("alpha").symbol
LAMBDA = sp.Symbol("lamda", positive=True)
PRODUCT = sp.Symbol("s", positive=True)  # s = ελ
HYPER_DOMAINS = {EPSILON.name: Domain(EPSILON.name, 0, True), ALPHA.name: Domain(ALPHA.name, 0, False, 1, True)}


def mode_transition(method):
    """T(λ) of ``"momentum"`` or ``"nesterov"`` on ½λθ², state (θ, v), from the optimizer's symbolic step.

    >>> from symopt.methods.momentum import mode_transition
    >>> mode_transition("momentum")
    Matrix([
    [-epsilon*lamda + 1, alpha],
    [    -epsilon*lamda, alpha]])
    """
    theta = sp.Symbol("theta", real=True)
    step = symbolic_step(method, Problem(LAMBDA * theta**2 / 2, (theta,)), {"epsilon": EPSILON, "alpha": ALPHA})
    state = [theta, step.state["v"][0]]
    new = sp.Matrix([step.new_theta[0], step.new_state["v"][0]])
    return new.jacobian(state).applyfunc(sp.expand)


def stability_region(method):
    """Schur–Cohn conditions on z² − tr·z + det for one mode: ``(conditions on α, (lower, upper) on s = ελ)``.

    >>> from symopt.methods.momentum import stability_region
    >>> stability_region("momentum")[1]
    (0, 2*(alpha + 1))
    >>> stability_region("nesterov")[1]
    (0, 2*(alpha + 1)/(2*alpha + 1))
    """
    T = mode_transition(method).xreplace({LAMBDA: PRODUCT / EPSILON})
    tr, det = sp.expand(T.trace()), sp.expand(T.det())
    conditions = [1 - det, 1 + det, 1 + det - tr, 1 + det + tr]  # each > 0
    lowers, uppers, on_alpha = [sp.Integer(0)], [], []
    domain = {ALPHA.name: HYPER_DOMAINS[ALPHA.name]}
    for condition in conditions:
        condition = sp.expand(condition)
        a = condition.coeff(PRODUCT)
        b = sp.expand(condition - a * PRODUCT)
        if a == 0:
            if _sign(b, domain) != "positive":
                on_alpha.append(sp.StrictGreaterThan(b, 0))
            continue
        bound = sp.cancel(-b / a)
        sign = _sign(a, domain)
        if sign == "positive":
            lowers.append(bound)
        elif sign == "negative":
            uppers.append(bound)
    return tuple(on_alpha), (_extreme(lowers, domain, max), _extreme(uppers, domain, min))


def _extreme(values, domain, pick):
    values = list(dict.fromkeys(sp.factor(v) for v in values))
    best = values[0]
    for v in values[1:]:
        sign = _sign(sp.cancel(v - best), domain)
        if pick is max and sign in ("positive", "nonnegative"):
            best = v
        elif pick is min and sign in ("negative", "nonpositive"):
            best = v
        elif sign is None:
            return sp.Max(*values) if pick is max else sp.Min(*values)
    return best


def polyak_optimum():
    """Polyak's heavy-ball parameters from double roots at λ = μ and λ = L: ``(ε*, α*, rate)`` in √L, √μ.

    >>> from symopt.methods.momentum import polyak_optimum
    >>> polyak_optimum()
    (4/(sqrt_L + sqrt_mu)**2, (sqrt_L - sqrt_mu)**2/(sqrt_L + sqrt_mu)**2, (sqrt_L - sqrt_mu)/(sqrt_L + sqrt_mu))
    """
    sL, sm, r = sp.Symbol("sqrt_L", positive=True), sp.Symbol("sqrt_mu", positive=True), sp.Symbol("r", positive=True)
    # a double root ρ needs tr = 2ρ and det = ρ²: det = α = r², tr = 1 + α − ελ = ±2r at the two ends
    solutions = sp.solve([1 + r**2 - EPSILON * sm**2 - 2 * r, 1 + r**2 - EPSILON * sL**2 + 2 * r], [EPSILON, r],
                         dict=True)
    test = {sL: 2, sm: 1}
    solution = next(s for s in solutions if 0 < s[r].xreplace(test) < 1)
    return sp.factor(solution[EPSILON]), sp.factor(solution[r] ** 2), sp.factor(solution[r])


def nesterov_rate_proof():
    """Nesterov, Introductory Lectures §2.2; Sutskever et al. 2013 as derivation steps: with ε = 1/L,
    α = (q − 1)/(q + 1), q = √κ = 1 + e, the spectral radius is 1 − 1/q.

    Returns ``(steps, proved)``.

    >>> from symopt.methods.momentum import nesterov_rate_proof
    >>> nesterov_rate_proof()[1]
    True
    """
    e = sp.Symbol("e", positive=True)
    q = 1 + e
    alpha = (q - 1) / (q + 1)
    T = mode_transition("nesterov").xreplace({ALPHA: alpha, LAMBDA: PRODUCT / EPSILON})
    tr, det = sp.cancel(T.trace()), sp.cancel(T.det())
    s_mu = 1 / q**2  # ελ at λ = μ with ε = 1/L
    disc_mu = sp.cancel((tr**2 - 4 * det).xreplace({PRODUCT: s_mu}))
    root_mu = sp.cancel((tr / 2).xreplace({PRODUCT: s_mu}))
    claimed = sp.cancel(1 - 1 / q)
    det_mu = sp.cancel(det.xreplace({PRODUCT: s_mu}))
    u = sp.Symbol("u", nonnegative=True)  # u = 1 − ελ ∈ [0, 1 − 1/κ]
    disc_u = sp.factor(sp.cancel((tr**2 - 4 * det).xreplace({PRODUCT: 1 - u})))
    proved = disc_mu == 0 and sp.cancel(root_mu - claimed) == 0 and sp.cancel(det_mu - claimed**2) == 0
    rho, discriminant = sp.Symbol("rho"), Difference(Operator("tr") ** 2, 4 * Operator("det"))
    steps = [
        Step("Nesterov's choice", sp.Tuple(1 / sp.Symbol("L"), (sp.Symbol("q") - 1) / (sp.Symbol("q") + 1)),
             (EPSILON, ALPHA), "q = √κ; sympy has no relational assumptions, so q = 1 + e with e > 0"),
        Step("Discriminant at λ = μ (ελ = 1/q²)", disc_mu, discriminant, "a double root"),
        Step("The double root", sp.factor(root_mu), Call(rho, sp.Symbol("mu")),
             f"= 1 − 1/q: {sp.cancel(root_mu - claimed) == 0}"),
        Step("Discriminant for u = 1 − ελ", disc_u, discriminant,
             "u(…) vanishes at λ = μ and decreases with u: complex roots for μ < λ ≤ L"),
        Step("Their modulus", sp.factor(det.xreplace({PRODUCT: 1 - u})),
             Statement(sp.Abs(sp.Symbol("z")) ** 2, Operator("det")),
             "increasing in u, largest at λ = μ, where it equals (1 − 1/q)²"),
        Step("Spectral radius (Nesterov, Introductory Lectures §2.2; Sutskever et al. 2013)",
             1 - 1 / sp.sqrt(sp.Symbol("kappa")), rho, "proved" if proved else "NOT proved", key=True),
    ]
    return steps, proved
