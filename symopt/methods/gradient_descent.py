"""Fixed-step gradient descent on a quadratic: the closed form in the Hessian's eigenbasis (Nesterov, Introductory Lectures Thm 2.1.15).

With x* the stationary point and uᵢ the eigenvectors of H, the coordinates
αᵢ = uᵢᵀ(x − x*) evolve independently, αᵢ^k = (1 − ηλᵢ)^k αᵢ⁰ (the lecture's
"Convergence" slide). The run converges iff every |1 − ηλᵢ| < 1, i.e.
0 < η < 2/L when all λᵢ > 0; the best fixed step is η* = 2/(L + μ) with rate
(κ − 1)/(κ + 1). A step outside the region still gets its closed form, and the
derivation names the eigenmode that grows.
"""

import math

import sympy as sp

from ..assumptions import Domain
from ..budget import DEFAULT_SECONDS
from ..derivation import Derivation, Step
from ..optimizers import get, symbolic_step
from ..problem import k as COUNTER
from ..quantities import Difference, MaxOver, Star, Sub
from ..sequences import _sign, modulus_on_domain, sign_normalize
from ..verify import DEFAULT_STEPS, Recurrence, verify
from .base import (MethodResult, closed_form_steps, exact_value, objective_step, prepare)
from .common import orthogonality_step, quadratic_modes, require_quadratic, vector_value

METHOD = "gradient-descent"
EPSILON = get("sgd").hyperparameter("epsilon").symbol
X, ETA, ALPHA, KAPPA, LAMBDA, I = sp.symbols("x eta alpha kappa lambda i")


def gradient_descent(problem, start, lr=None, parameter_values=None, steps=DEFAULT_STEPS, tolerance=1e-6,
                     verify_result=True, seconds=DEFAULT_SECONDS):
    """Closed form of x_k for θ ← θ − ηg on a quadratic, with convergence condition, η*, rate and step count.

    ``lr`` is a number or expression (``None``: the symbol ε). ``tolerance`` sets
    the number of steps reported for ‖x_k − x*‖ ≤ tolerance.

    Examples
    ========
    >>> from symopt.methods.exact_line_search import exercise_problem
    >>> from symopt.methods.gradient_descent import gradient_descent
    >>> r = gradient_descent(*exercise_problem(), lr=1, verify_result=False)
    >>> r.closed_form
    {'x': b*KroneckerDelta(0, k), 'y': (1 - b)**k}
    >>> r.extras["optimal_step"], r.extras["optimal_rate"]
    (2/(b + 1), (1 - b)/(b + 1))
    """
    require_quadratic(problem, METHOD)
    problem, rationalised, x0 = prepare(problem, start, parameter_values)
    eta = EPSILON if lr is None else exact_value(lr)
    domain_map = {**problem.domain_map, EPSILON.name: Domain(EPSILON.name, 0, True)}
    variables = problem.variables
    names = [v.name for v in variables]
    k = COUNTER
    modes = quadratic_modes(problem, x0, seconds)
    step_rule = symbolic_step("sgd", problem, {"epsilon": eta})
    steps_list = [objective_step(problem, "decimals made exact rationals" if rationalised else ""),
                  Step("Update rule", vector_value(step_rule.new_theta), Sub(X, k + 1), "θ ← θ − ε g (lecture)"),
                  Step("Step size", eta, ETA, "fixed" if lr is not None else "symbolic", name="step_size"),
                  Step("Hessian", modes.hessian, sp.Symbol("H")),
                  Step("Stationary point", vector_value(modes.stationary_point), Star(X), "H x* = −∇f(0)"),
                  Step("Start", vector_value(x0), Sub(X, 0))]
    closed = sp.Matrix(modes.stationary_point)
    factors = []
    for value, projector, component in modes.groups:
        factor = sp.cancel(1 - eta * value) if (1 - eta * value).is_rational_function() else 1 - eta * value
        factors.append((value, factor))
        steps_list.append(Step(("Mode λ = ", value), sign_normalize(factor ** k * sp.Symbol("a_0"), k, domain_map),
                               ALPHA ** k, ("α^k = (1 − ηλ)^k α^0 (Nesterov, Introductory Lectures Thm 2.1.15); "
                                            "x_0 − x* projected on this eigenspace: ", vector_value(component))))
        # a mode with ηλ = 1 is gone after one step: KroneckerDelta(k, 0), not 0**k (sympy's collect
        # drops 0**k-weighted terms' partners: collect(12*(3/4)**k/25 - 12*0**k/25) loses (3/4)**k)
        closed = closed + (sp.KroneckerDelta(k, 0) if factor == 0 else factor ** k) * component
    closed = closed.applyfunc(lambda e: sign_normalize(sp.expand(e) if e.is_Add else e, k, domain_map))
    closed = closed.applyfunc(lambda e: sp.collect(e, [a for a in e.atoms(sp.Pow) if a.exp.has(k)]))
    steps_list += closed_form_steps(names, list(closed), "x* + Σ_λ (1 − ηλ)^k P_λ(x_0 − x*)")
    # convergence --------------------------------------------------------------------------------
    # λ = 0 (a singular Hessian): that component of x_0 − x* never moves; the run converges to the
    # stationary point x* + P_0(x_0 − x*), so the mode is no part of the rate or of convergence
    kernel = [value for value, _ in factors if value == 0]
    moduli = [(value, modulus_on_domain(factor, domain_map)) for value, factor in factors if value != 0] \
        or [(sp.Integer(0), sp.Integer(0))]
    verdicts = [(value, modulus, _compare_to_one(modulus, domain_map)) for value, modulus in moduli]
    mu, L = modes.smallest, modes.largest
    if L is not None:
        inside = None
        if eta.is_number and L.is_number:
            inside = bool(0 < eta < 2 / L)
        steps_list.append(Step("Convergence condition", sp.Interval.open(0, 2 / L), ETA,
                               ("every |1 − ηλ| < 1 ⇔ 0 < ηλ < 2 for all λ; L = ", L)
                               + (() if inside is None else ("; η = ", eta, " is " + ("inside" if inside else "outside"))),
                               relation="in", name="convergence_condition", key=True))
    growing = [(v, m) for v, m, c in verdicts if c == "greater"]
    stuck = [(v, m) for v, m, c in verdicts if c == "equal"]
    if growing:
        steps_list.append(Step("The run diverges", kind="note", justification=(
            "the eigenmode(s) ", *_modes(growing, " > 1"), " grow geometrically (η is outside 0 < η < 2/L), "
            "although the closed form holds"), key=True, caveat=True))
    if stuck and not growing:
        steps_list.append(Step("The run does not converge", kind="note", justification=(
            *_modes([(v, None) for v, _ in stuck], ""), ": this mode neither grows nor decays (η on the boundary "
            "of the region, or λ = 0)"), key=True, caveat=True))
    if kernel:
        steps_list.append(Step("A singular Hessian", kind="note", justification=(
            "the component of x_0 − x* in its kernel (λ = 0) stays, and the run tends to the stationary point "
            "x* + P_0(x_0 − x*), one of a line or plane of them"), key=True, caveat=True))
    undecided = [(v, m) for v, m, c in verdicts if c == "undecided"]
    if undecided:
        steps_list.append(Step("Convergence depends on the parameters", kind="note",
                               justification=(*_modes(undecided, ""), ": compare with 1 for the values at hand")))
    if not growing and not stuck and all(c == "less" for _, _, c in verdicts):
        steps_list.append(Step("The run converges", kind="note", justification="every |1 − ηλ| < 1"))
    rate = _largest(moduli, domain_map)
    steps_list.append(Step("Rate", rate, MaxOver(sp.Abs(Difference(1, ETA * Sub(LAMBDA, I))), I),
                           "‖x_k − x*‖ ≤ rate^k ‖x_0 − x*‖", name="rate", key=True))
    extras = {"stationary_point": modes.stationary_point, "eigenvalues": modes.eigenvalues,
              "recurrence": Recurrence.from_step(step_rule), "start_point": x0}
    if mu is not None and L is not None:
        kappa = sp.cancel(L / mu)
        best = sp.cancel(2 / (L + mu))
        best_rate = sp.cancel((L - mu) / (L + mu))
        steps_list.append(Step("Optimal fixed step", best, Star(ETA), "2/(L + μ) balances the extreme modes: "
                               "1 − η*μ = −(1 − η*L)", name="optimal_step", key=True))
        steps_list.append(Step("Its rate", best_rate, (KAPPA - 1) / (KAPPA + 1), ("κ = L/μ = ", kappa),
                               name="optimal_rate", key=True))
        extras.update(optimal_step=best, optimal_rate=best_rate, kappa=kappa)
    distance = sp.sqrt(sum(e**2 for e in (x0 - modes.stationary_point)))
    count = _steps_to_tolerance(rate, distance, tolerance)
    steps_list.append(Step(f"Steps to reach ‖x_k − x*‖ ≤ {tolerance:g}", count, k,
                           f"the smallest k with ρ^k ‖x_0 − x*‖ ≤ {tolerance:g}, ρ the rate", relation=">=",
                           name="steps_to_tolerance"))
    extras["steps_to_tolerance"] = count
    _, step = orthogonality_step(problem, list(closed), seconds)
    steps_list.append(step)
    derivation = Derivation("Gradient descent with a fixed step", steps_list)
    verification = None
    if verify_result:
        values = dict(parameter_values or {})
        if eta.has(EPSILON) and EPSILON.name not in values:
            values[EPSILON.name] = _stable_samples(L, problem, values)
        verification = verify(extras["recurrence"], list(closed), list(x0), k, values, domain_map, steps,
                              seconds=seconds)
        derivation = derivation.extend(tables=[verification.table()])
    return MethodResult(METHOD, problem, dict(zip(names, x0)), derivation, tuple(names), verification, extras)


def _modes(pairs, comparison):
    """``λ = v: |1 − ηλ| = m`` for each mode, as prose pieces (``= 1`` where the modulus is None)."""
    pieces = []
    for value, modulus in pairs:
        pieces += ["; " if pieces else "", "λ = ", value, ": |1 − ηλ| = ",
                   *((modulus, comparison) if modulus is not None else ("1",))]
    return tuple(pieces)


def _compare_to_one(modulus, domain_map):
    sign = _sign(sp.cancel(modulus - 1) if modulus.is_rational_function() else modulus - 1, domain_map)
    return {"negative": "less", "positive": "greater", "zero": "equal"}.get(sign, "undecided")


def _largest(moduli, domain_map):
    values = list(dict.fromkeys(m for _, m in moduli))
    best = values[0]
    for candidate in values[1:]:
        sign = _sign(sp.cancel(candidate - best) if (candidate - best).is_rational_function() else candidate - best,
                     domain_map)
        if sign in ("positive", "nonnegative"):
            best = candidate
        elif sign not in ("negative", "nonpositive", "zero"):
            return sp.Max(*values)
    return best


def _steps_to_tolerance(rate, distance, tolerance):
    if rate.is_number and distance.is_number:
        r, d = float(rate), float(distance)
        if d <= tolerance:
            return sp.Integer(0)
        if r == 0:
            return sp.Integer(1)
        if r >= 1:
            return sp.oo
        return sp.Integer(math.ceil(math.log(tolerance / d) / math.log(r)))
    return sp.ceiling(sp.log(sp.Float(tolerance) / distance) / sp.log(rate))


def _stable_samples(L, problem, values):
    # η is sampled inside the convergence region of the largest eigenvalue (at the
    # parameters' sample values the region is (0, 2/L)); divergent steps are
    # verified too when the user gives them.
    if L is not None and L.is_number:
        top = float(2 / L)
        return [top * f for f in (0.1, 0.35, 0.6, 0.85, 0.97)]
    return [0.1, 0.5, 0.9, 1.3, 1.7]


__all__ = ["gradient_descent"]
