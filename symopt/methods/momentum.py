"""Momentum and Nesterov momentum on quadratics: closed forms through 2×2 transition-matrix powers.

The lecture's forms: momentum v ← αv − εg, θ ← θ + v; Nesterov takes g at the
look-ahead θ + αv. On f = f* + ½(θ − θ*)ᵀH(θ − θ*) each eigenmode λ of H evolves
on its own, (θ_λ, v_λ)_{k+1} = T(λ)(θ_λ, v_λ)_k, with T(λ) read off the optimizer's
own symbolic step (symopt.optimizers) applied to ½λθ². T^k is taken by
Cayley–Hamilton (:func:`symopt.sequences.power_2x2`): distinct roots
(complex ones included, kept in sympy's form and verified in complex arithmetic)
or a double root, (C₀ + C₁k)ρ^k (Polyak 1964; Goh, Distill 2017).

The theory of one mode — T(λ), the stability region, Polyak's optimum, Nesterov's rate — lives in
:mod:`symopt.methods.momentum_modes`; this module applies it to a problem and also derives the
terminal velocity under a constant gradient (CS551 lecture, Momentum).
"""

import itertools
from dataclasses import replace

import sympy as sp

from ..budget import DEFAULT_SECONDS
from ..derivation import Derivation, Step
from ..errors import NoClosedFormError
from ..numeric.samples import sample_values
from ..optimizers import get, symbolic_step
from ..problem import k as COUNTER
from ..quantities import Call, Difference, MaxOver, Norm, Operator, Star, Statement, Sub
from ..sequences import _sign, linear_recurrence, matrix_power, power_2x2, sign_normalize
from ..verify import DEFAULT_STEPS, Recurrence, verify
from ..zero import is_zero
from .base import (MethodResult, closed_form_steps, exact_value, objective_step, prepare)
from .common import orthogonality_step, quadratic_modes, require_quadratic, vector_value
from .momentum_modes import (ALPHA, EPSILON, HYPER_DOMAINS, LAMBDA, mode_transition, nesterov_rate_proof,
                             polyak_optimum, stability_region)
from ..values import to_sympy

THETA, V, T_NAME, Z, W, R, RHO, LAMBDA_NAME = sp.symbols("theta v T z W r rho lambda")


def momentum(problem, start, lr=None, momentum=None, nesterov=False, parameter_values=None, steps=DEFAULT_STEPS,
             verify_result=True, seconds=DEFAULT_SECONDS):
    """Closed forms of θ_k and v_k for momentum (or Nesterov) on a quadratic, with stability and optimal rates.

    ``lr`` (ε) and ``momentum`` (α) are numbers or expressions; ``None`` keeps the symbols.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt import Problem
    >>> from symopt.methods.momentum import momentum
    >>> p = Problem.from_text("x**2/2", "x")
    >>> r = momentum(p, {"x": 1}, lr=sp.Rational(1, 4), momentum=sp.Rational(1, 4), verify_result=False)
    >>> r.closed_form["x"]
    k/(2*2**k) + (1/2)**k
    """
    method = "nesterov" if nesterov else "momentum"
    require_quadratic(problem, method)
    problem, rationalised, x0 = prepare(problem, start, parameter_values)
    eps = EPSILON if lr is None else exact_value(lr)
    alpha = ALPHA if momentum is None else exact_value(momentum)
    for name, value in (("epsilon", eps), ("alpha", alpha)):
        get(method).hyperparameter(name).check(value) if value.is_number else None
    domain_map = {**problem.domain_map, **HYPER_DOMAINS}
    variables = problem.variables
    names = [v.name for v in variables]
    velocity_names = [f"v_{n}" for n in names]
    k = COUNTER
    modes = quadratic_modes(problem, x0, seconds)
    rule = symbolic_step(method, problem, {"epsilon": eps, "alpha": alpha})
    T_generic = mode_transition(method)
    steps_list = [objective_step(problem, "decimals made exact rationals" if rationalised else ""),
                  Step("Update rule", vector_value(rule.new_theta), Sub(THETA, k + 1),
                       "v ← αv − εg, θ ← θ + v" + (", g at the look-ahead θ + αv" if nesterov else "")
                       + "; v_0 = 0"),
                  Step("Learning rate", eps, EPSILON, name="step_size"),
                  Step("Momentum", alpha, ALPHA),
                  Step("Stationary point", vector_value(modes.stationary_point), Star(THETA)),
                  Step("Start", vector_value(x0), Sub(THETA, 0)),
                  Step("Transition matrix of one eigenmode", T_generic, Call(T_NAME, LAMBDA_NAME),
                       "state (θ_λ, v_λ), read off the optimizer's step on ½λθ²", key=True)]
    on_alpha, (lower, upper) = stability_region(method)
    conditions = tuple(piece for i, c in enumerate(on_alpha) for piece in ("; " if i == 0 else ", ", c))
    steps_list.append(Step("Stability region (Schur–Cohn: |det| < 1, |tr| < 1 + det)",
                           sp.Interval.open(lower, upper), EPSILON * LAMBDA_NAME,
                           ("for every eigenvalue λ, with 0 ≤ α < 1", *conditions),
                           relation="in", name="stability_region", key=True))
    theta_closed = sp.Matrix(modes.stationary_point)
    velocity_closed = sp.zeros(len(variables), 1)
    complex_values = False
    radii = []
    discriminants = []
    for value, _, component in modes.groups:
        T = T_generic.xreplace({EPSILON: eps, ALPHA: alpha, LAMBDA: value}).applyfunc(sp.expand)
        if T.atoms(sp.CRootOf):
            numeric = _algebraic_mode_power(T_generic, eps, alpha, value, k)
            steps_list += [replace(step, title=("Mode λ = ", value, ": " + step.title)) for step in numeric["steps"]]
            theta_closed = theta_closed + numeric["power"][0, 0] * component
            velocity_closed = velocity_closed + numeric["power"][1, 0] * component
            radii.append(numeric["radius"])
            continue
        if not T.free_symbols:
            # numbers: the general matrix power handles a zero root (α = 0), double roots and complex
            # pairs (real form ρ^k (A cos kθ + B sin kθ)) exactly
            numeric = _numeric_mode_power(T, k, domain_map)
            steps_list += [replace(step, title=("Mode λ = ", value, ": " + step.title)) for step in numeric["steps"]]
            theta_closed = theta_closed + numeric["power"][0, 0] * component
            velocity_closed = velocity_closed + numeric["power"][1, 0] * component
            if value != 0:  # λ = 0 (singular Hessian): roots 1 and α, the component stays and v → 0
                radii.append(numeric["radius"])
            continue
        power = power_2x2(T, k, domain_map)
        disc_sign = _sign(power.discriminant, domain_map) if not power.discriminant.is_number else (
            "zero" if power.discriminant == 0 else ("positive" if power.discriminant > 0 else "negative"))
        if power.regime == "distinct":
            discriminants.append(power.discriminant)
        if power.regime == "distinct" and disc_sign == "negative":
            power = replace(power, power=_real_form_2x2(T, power, k, domain_map))
        elif power.regime == "distinct" and disc_sign not in ("positive",):
            complex_values = True
        regime = {"double": "double root: Jordan form, (C₀ + C₁k)ρ^k",
                  "distinct": {"positive": "distinct real roots", "negative": "complex roots ρe^(±iθ) on the "
                               "whole domain, ρ = √det, cos θ = tr/(2ρ): real form T^k = ρ^(k−1) sin(kθ)/sin θ · T "
                               "− ρ^k sin((k−1)θ)/sin θ · I"}.get(disc_sign, "distinct roots for "
                               "generic parameters; where tr² = 4 det the double-root form applies")}[power.regime]
        steps_list.append(Step(("Mode λ = ", value, ": characteristic roots"), sp.Tuple(*power.roots), Z,
                               (f"{regime}; tr = ", power.trace, ", det = ", power.determinant)))
        steps_list.append(Step(("Mode λ = ", value, ": T^k"), power.power, T_NAME ** k,
                               "Cayley–Hamilton" if power.regime == "distinct" else "ρ^k I + kρ^(k−1)(T − ρI)"))
        if power.regime == "distinct" and disc_sign is None:
            steps_list.append(Step(("Mode λ = ", value, ": T^k at a double root"), power.double_root_power,
                                   T_NAME ** k, "when tr² = 4 det"))
        theta_closed = theta_closed + power.power[0, 0] * component
        velocity_closed = velocity_closed + power.power[1, 0] * component
        if value != 0:  # λ = 0 (singular Hessian): roots 1 and α, the component stays and v → 0
            radii.append(_radius(power, disc_sign))
    tidy = lambda e: sign_normalize(sp.collect(sp.expand(e), [a for a in sp.expand(e).atoms(sp.Pow)
                                                               if a.exp.has(k)]), k, domain_map)
    theta_closed = theta_closed.applyfunc(tidy)
    velocity_closed = velocity_closed.applyfunc(tidy)
    steps_list += closed_form_steps(names, list(theta_closed), "θ* + Σ_λ [T(λ)^k]₁₁ P_λ(θ_0 − θ*)")
    steps_list += closed_form_steps(velocity_names, list(velocity_closed), "Σ_λ [T(λ)^k]₂₁ P_λ(θ_0 − θ*)",
                                    at_step=False)
    radii = radii or [sp.Integer(0)]
    rate = radii[0] if len(set(radii)) == 1 else sp.Max(*radii)
    if rate.is_number:
        rate = sp.nsimplify(rate) if rate.is_Float else rate
    steps_list.append(Step("Spectral radius", rate, MaxOver(MaxOver(sp.Abs(Z), Z), LAMBDA_NAME), "the rate of "
                           "‖θ_k − θ*‖ (up to a factor k at double roots)", name="rate", key=True))
    if rate.is_number and rate >= 1:
        steps_list.append(Step("The run does not converge", kind="note", key=True, caveat=True, justification=(
            "spectral radius ", rate, " >= 1 (ελ outside the stability region for some eigenvalue)")))
    if any(value == 0 for value, _, _ in modes.groups):
        steps_list.append(Step("A singular Hessian", kind="note", key=True, caveat=True, justification=(
            "the component of θ_0 − θ* in its kernel (λ = 0) stays, and the run tends to the stationary point "
            "θ* + P_0(θ_0 − θ*), one of a line or plane of them")))
    extras = {"stationary_point": modes.stationary_point, "start_point": x0, "recurrence": Recurrence.from_step(rule)}
    mu, L = modes.smallest, modes.largest
    if nesterov:
        proof, proved = nesterov_rate_proof()
        steps_list += proof
        if mu is not None:
            kappa = sp.cancel(L / mu)
            best = (sp.cancel(1 / L), sp.simplify((sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)))
            steps_list.append(Step("For this problem", sp.Tuple(*best, sp.simplify(1 - 1 / sp.sqrt(kappa))),
                                   (EPSILON, ALPHA, RHO), ("κ = ", kappa), name="nesterov_choice", key=True))
            extras["optimal"] = {"epsilon": best[0], "alpha": best[1]}
    else:
        e_star, a_star, r_star = polyak_optimum()
        steps_list.append(Step("Polyak's optimum (double roots at λ = μ and λ = L)", sp.Tuple(e_star, a_star),
                               (Star(EPSILON), Star(ALPHA)), "Polyak 1964; Goh, Distill 2017", key=True))
        steps_list.append(Step("Its rate", r_star, Star(RHO), "(√κ − 1)/(√κ + 1)", key=True))
        if mu is not None:
            sub = {sp.Symbol("sqrt_L", positive=True): sp.sqrt(L), sp.Symbol("sqrt_mu", positive=True): sp.sqrt(mu)}
            best = tuple(sp.simplify(v.xreplace(sub)) for v in (e_star, a_star, r_star))
            steps_list.append(Step("For this problem", sp.Tuple(*best), (Star(EPSILON), Star(ALPHA), Star(RHO)),
                                   ("μ = ", mu, ", L = ", L), name="polyak_choice", key=True))
            extras["optimal"] = {"epsilon": best[0], "alpha": best[1]}
    steps_list.append(Step("Convention", kind="note", justification="the lecture's v ← αv − εg, θ ← θ + v is "
                           "Polyak's heavy ball x_{k+1} = x_k − ε∇f(x_k) + α(x_k − x_{k−1}) (Polyak 1964; Goh, "
                           "Distill 2017); torch.optim.SGD (lr=ε, momentum=α) with v = −ε·buf"))
    _, step = orthogonality_step(problem, list(theta_closed), seconds)
    steps_list.append(step)
    title = "Nesterov momentum" if nesterov else "Momentum (heavy ball)"
    derivation = Derivation(title, steps_list)
    closed = list(theta_closed) + list(velocity_closed)
    start = list(x0) + [0] * len(variables)
    verification = None
    if verify_result:
        values, zipped = _samples(problem, eps, alpha, parameter_values, modes, discriminants, domain_map)
        verification = verify(extras["recurrence"], closed, start, k, values, domain_map, steps, seconds=seconds,
                              complex_values=complex_values, zipped=zipped)
        derivation = derivation.extend(tables=[verification.table()])
    return MethodResult(method, problem, dict(zip(names, x0)), derivation, tuple(names + velocity_names),
                        verification, extras)


def _real_form_2x2(T, power, k, domain_map):
    """T^k for complex roots ρe^(±iθ) without I: ρ^(k−1) sin(kθ)/sin θ · T − ρ^k sin((k−1)θ)/sin θ · I.

    Cayley–Hamilton gives T^k = a_k T + b_k I with a_k = (z₁^k − z₂^k)/(z₁ − z₂) and
    b_k = −z₁z₂ a_(k−1); with z = ρe^(±iθ) these are the sines (exact at k = 0: a_0 = 0, b_0 = 1).
    """
    rho = sp.sqrt(power.determinant)
    theta = sp.acos(sp.cancel(power.trace / (2 * rho)) if (power.trace / (2 * rho)).is_rational_function()
                    else power.trace / (2 * rho))
    result = (rho ** (k - 1) * sp.sin(k * theta) / sp.sin(theta)) * T \
        - (rho ** k * sp.sin((k - 1) * theta) / sp.sin(theta)) * sp.eye(2)
    return result.applyfunc(lambda e: sign_normalize(sp.expand(e), k, domain_map))


def _algebraic_mode_power(T_generic, eps, alpha, value, k):
    """T(λ)^k for an eigenvalue that is a ``CRootOf``: the 2×2 formulas with λ a symbol, λ substituted last.

    The regime (real roots, complex pair, a zero root) is decided by the sign of the discriminant
    at λ, which is a nonzero algebraic number here (or an exact zero, refused).
    """
    lam = sp.Dummy("lamda", positive=True)
    T = T_generic.xreplace({EPSILON: eps, ALPHA: alpha, LAMBDA: lam}).applyfunc(sp.expand)
    power = power_2x2(T, k, regime="distinct")
    trace, determinant = power.trace, power.determinant
    from ..numeric import root_value
    at_value = {lam: root_value(value, 60)}
    disc_value = sp.N(power.discriminant.xreplace(at_value), 50)
    if determinant == 0:
        # a zero root (α = 0): T^k = tr^k T/tr + KroneckerDelta(k, 0)(I − T/tr)
        matrix = trace ** (k - 1) * T + sp.KroneckerDelta(k, 0) * (sp.eye(2) - T / trace)
        regime = "a zero root (α = 0): KroneckerDelta(k, 0) term"
    elif abs(disc_value) < sp.Float(10) ** -40:
        raise NoClosedFormError("a double characteristic root at an irreducible eigenvalue is not handled")
    elif disc_value < 0:
        matrix = _real_form_2x2(T, power, k, {})
        regime = "complex pair: real form ρ^(k−1) sin(kθ)/sin θ · T − ρ^k sin((k−1)θ)/sin θ · I"
    else:
        matrix = power.power
        regime = "distinct real roots"
    matrix = matrix.applyfunc(lambda e: e.xreplace({lam: value}))
    roots = tuple(r.xreplace({lam: value}) for r in power.roots)
    steps = [Step("characteristic roots", sp.Tuple(*roots), Z, (f"{regime}; λ = ", value)),
             Step("T^k", matrix, T_NAME ** k, "Cayley–Hamilton with λ exact (CRootOf)")]
    if disc_value < 0:
        radius = sp.sqrt(determinant.xreplace({lam: value}))
    else:
        radius = max((sp.Abs(r) for r in roots), key=lambda m: sp.N(m.xreplace({value: root_value(value, 40)}), 30))
    return {"power": matrix, "steps": steps, "radius": radius}


def _numeric_mode_power(T, k, domain_map):
    """T^k of one mode's numeric transition matrix, its steps and spectral radius."""
    power = matrix_power(T, k, domain_map)
    roots = [m.eigenvalue for m in power.modes]
    trace, determinant = T.trace(), T.det()
    if any(m.multiplicity > 1 for m in power.modes):
        regime = ("double root ρ: Jordan form, (C₀ + C₁k)ρ^k",)
    elif any(r.is_real is False for r in roots):
        z = next(r for r in roots if r.is_real is False)
        re, im = sp.expand_complex(z).as_real_imag()
        # "A cos kθ" is mathematics the prose segmenter cannot find by itself: a $...$ span
        regime = ("complex pair $\\rho e^{\\pm i\\theta}$, ",
                  Statement(RHO, Statement(sp.sqrt(Operator("det")), sp.sqrt(determinant))), ", ",
                  Statement(sp.Symbol("theta"), sp.atan2(sp.Abs(im), re)),
                  ": real form $\\rho^k (A \\cos k\\theta + B \\sin k\\theta)$")
    elif any(r == 0 for r in roots):
        regime = ("a zero root (det = 0, e.g. α = 0): its term is KroneckerDelta(k, 0), present at k = 0 only",)
    else:
        regime = ("distinct real roots",)
    steps = [Step("characteristic roots", sp.Tuple(*roots), Z, (*regime, "; tr = ", trace, ", det = ", determinant)),
             Step("T^k", power.power, T_NAME ** k,
                  r"$\sum_z \sum_j \binom{k}{j} z^{k-j} (T - zI)^j P_z$ over the roots $z$")]
    moduli = [sp.Abs(r) for r in roots]
    radius = max(moduli, key=lambda m: sp.N(m, 30))
    return {"power": power.power, "steps": steps, "radius": radius}


def _radius(power, disc_sign):
    if power.regime == "double":
        return _abs(power.roots[0])
    if disc_sign == "negative":
        return sp.sqrt(power.determinant)
    z1, z2 = power.roots
    if z1.is_number and z2.is_number:
        return sp.nsimplify(max(abs(sp.N(z1, 30)), abs(sp.N(z2, 30))))
    return sp.Max(_abs(z1), _abs(z2))


def _abs(value):
    if value.is_number:
        return sp.Abs(value)
    return sp.Abs(value) if value.is_nonnegative is not True else value


def _samples(problem, eps, alpha, given, modes, discriminants, domain_map):
    # Columns of (parameters, ε, α) well away from double roots: the distinct-root
    # formula divides by z₁ − z₂ = √disc, which loses digits near disc = 0.
    given = {getattr(n, "name", n): v for n, v in (given or {}).items()}
    parameters = sorted((set().union(*[to_sympy(d).free_symbols for d in discriminants])
                         | problem.expression.free_symbols) - set(problem.variables), key=lambda s: s.name)
    lists = []
    for p in parameters:
        if p.name in given:
            value = given[p.name]
            lists.append([float(v) for v in (value if isinstance(value, (list, tuple)) else
                                             getattr(value, "tolist", lambda: value)() if hasattr(value, "tolist")
                                             else [value])])
        elif p == ALPHA:
            lists.append([0.0, 0.3, 0.6, 0.9])
        elif p == EPSILON:
            lists.append([0.05, 0.3, 0.7, 1.0])
        else:
            lists.append(sample_values(p, domain_map.get(p.name), 5))
    if not parameters:
        return {}, False
    combos = list(itertools.product(*lists))
    keep = []
    for combo in combos:
        at = dict(zip(parameters, combo))
        scaled = []
        for d in discriminants:
            value = complex(to_sympy(d).xreplace({p: sp.Float(v) for p, v in at.items()}))
            scaled.append(abs(value))
        if all(v > 1e-2 for v in scaled):
            keep.append(combo)
    keep = keep or combos
    return {p.name: [c[i] for c in keep] for i, p in enumerate(parameters)}, True


def terminal_velocity(lr=None, momentum=None, gradient=None, steps=DEFAULT_STEPS, verify_result=True):
    """Momentum under a constant gradient g (CS551 lecture, Momentum): v_k = −εg(1 − α^k)/(1 − α) → −εg/(1 − α).

    Examples
    ========
    >>> from symopt.methods.momentum import terminal_velocity
    >>> r = terminal_velocity(verify_result=False)
    >>> r.closed_form["v"]
    -epsilon*g*(1 - alpha**k)/(1 - alpha)
    >>> r.extras["terminal"], r.extras["speedup_at_0.9"]
    (-epsilon*g/(1 - alpha), 10)
    """
    eps = EPSILON if lr is None else exact_value(lr)
    alpha = ALPHA if momentum is None else exact_value(momentum)
    g = sp.Symbol("g", real=True) if gradient is None else exact_value(gradient)
    v = sp.Symbol("v", real=True)
    k = COUNTER
    solution = linear_recurrence(sp.Matrix([[alpha]]), sp.Matrix([0]), k, affine=sp.Matrix([-eps * g]))
    raw = solution.closed_form[0]
    claimed = -eps * g * (1 - alpha**k) / (1 - alpha)
    same = is_zero(raw - claimed)
    closed = claimed if same else raw
    terminal = sp.limit(closed, k, sp.oo) if alpha.is_number else -eps * g / (1 - alpha)
    steps_list = [Step("Constant gradient", -eps * g + alpha * v, Sub(V, k + 1), "v ← αv − εg with g fixed, v_0 = 0"),
                  Step("As a linear system", solution.power.matrix, W, "state (v, 1): one matrix power "
                       "solves the affine recurrence"),
                  Step("Power", solution.power.power, W ** k),
                  *closed_form_steps(["v"], [closed], "first entry of W^k (0, 1)ᵀ" +
                                     ("; equal to −εg(1 − α^k)/(1 − α)" if same else "")),
                  Step("Terminal velocity", terminal, sp.Limit(Sub(V, k), k, sp.oo), "0 ≤ α < 1 so α^k → 0",
                       name="terminal_velocity", key=True),
                  Step("Step size at terminal velocity", eps * sp.Abs(g) / (1 - alpha),
                       Norm(Difference(Sub(THETA, k + 1), Sub(THETA, k))),
                       "ε‖g‖/(1 − α): 10 ε‖g‖ for α = 0.9 (lecture)", name="step_size"),
                  Step("Rate", alpha, R, "v_k approaches its limit like α^k", name="rate")]
    derivation = Derivation("Momentum under a constant gradient (terminal velocity)", steps_list)
    verification = None
    if verify_result:
        values = {}
        if eps.has(EPSILON):
            values["epsilon"] = [0.01, 0.1, 1.0]
        if alpha.has(ALPHA):
            values["alpha"] = [0.0, 0.5, 0.9, 0.99]
        if g.free_symbols:
            values["g"] = [-2.0, 0.5, 3.0]
        verification = verify(Recurrence([v], [alpha * v - eps * g]), [closed], [0], k, values, HYPER_DOMAINS, steps)
        derivation = derivation.extend(tables=[verification.table()])
    speedup = sp.simplify((1 / (1 - ALPHA)).xreplace({ALPHA: sp.Rational(9, 10)}))
    return MethodResult("momentum", None, {"v": 0}, derivation, ("v",), verification,
                        {"terminal": terminal, "speedup_at_0.9": speedup})


__all__ = ["mode_transition", "momentum", "nesterov_rate_proof", "polyak_optimum", "stability_region",
           "terminal_velocity"]
