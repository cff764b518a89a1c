"""Steepest descent with exact line search: α_k = argmin_α f(x_k − α g_k), closed forms where they exist.

On a quadratic the line function φ(α) = f(x − αg) is a parabola, so
φ'(α) = 0 gives α = gᵀg / gᵀHg (Goodfellow et al. §4.3.1, §8.2.1). Its minimiser makes the next gradient
orthogonal to the current one: φ'(α) = −∇f(x − αg)ᵀg, so φ'(α_k) = 0 ⇒
g_{k+1}ᵀg_k = 0 — for every f, not only quadratics.

Closed forms (Boyd & Vandenberghe §9.3.2, and its two-step generalisation derived here): the step is computed at x₀ and x₁. If α₁ = α₀ the
iteration is the linear map x ↦ x* + (I − α₀H)(x − x*) and x_k follows from a
matrix power (Boyd's start from (b, 1) on ½(x² + by²)). Otherwise, when
x₂ − x* = c(x₀ − x*), the step alternates between α₀ and α₁ and the iterates are
geometric every two steps; they are written with parity factors
E_k = (1 + (−1)^k)/2, O_k = (1 − (−1)^k)/2 and c^⌊k/2⌋ (chosen over
``Piecewise`` because the verifier splits (−1)^k by parity, and ⌊k/2⌋ keeps
c = 0 harmless: no c^(−1/2) at k = 0). In n variables this happens exactly
when x₀ − x* lies in a two-dimensional eigen-subspace of H; otherwise no
closed form is known and Kantorovich's bound (Luenberger & Ye; Nocedal & Wright Thm 3.3) is given with a numeric run.
"""

from dataclasses import dataclass

import sympy as sp

from ..budget import DEFAULT_SECONDS, call_with_budget
from ..derivation import Derivation, Step
from ..errors import BudgetExceeded, NoClosedFormError
from ..problem import k as COUNTER
from ..quantities import Call, Difference, Inner, Nabla, Norm, Prime, Star, Statement, Sub, Transposed
from ..sequences import _sign, linear_recurrence, sign_normalize
from ..spectral import eigen_decomposition
from ..verify import DEFAULT_STEPS, Recurrence, verify
from ..zero import is_zero, zero_test
from .base import (MethodResult, closed_form_steps, objective_step, prepare, run_caveats,
                   unknown_closed_form_steps)
from .common import consecutive_gradients
from ..values import to_sympy

METHOD = "exact-line-search"
ALPHA = sp.Symbol("alpha", real=True)
X, F, G, H_, E, C, R, I, VARPHI = sp.symbols("x f g H E c r I varphi")
G_0, ALPHA_0 = sp.symbols("g_0 alpha_0")  # plain symbols where a product holds them: H g_0, α_0 H

#: The lecture's closing exercise: f = ½(x² + by²), 0 < b ≤ 1, from (b, 1).
EXERCISE = {"expression": "(x**2 + b*y**2)/2", "variables": "x,y", "assume": "0<b<=1", "start": "x=b,y=1"}


def exercise_problem():
    """The exercise's problem and start point (b symbolic, 0 < b ≤ 1).

    >>> from symopt.methods.exact_line_search import exercise_problem
    >>> problem, start = exercise_problem()
    >>> problem.expression, start
    (b*y**2/2 + x**2/2, {'x': b, 'y': 1})
    """
    from ..problem import Problem
    b = sp.Symbol("b", positive=True)
    x, y = sp.symbols("x y", real=True)
    from ..assumptions import Domain
    problem = Problem.from_expression((x**2 + b * y**2) / 2, [x, y], [Domain("b", 0, True, 1, False)])
    return problem, {"x": problem.symbol("b"), "y": sp.Integer(1)}


def exact_line_search(problem, start, parameter_values=None, steps=DEFAULT_STEPS, verify_result=True,
                      seconds=DEFAULT_SECONDS):
    """Derive α_k, the closed form of x_k, f(x_k) and the orthogonality of consecutive gradients.

    ``parameter_values`` (``{"b": 0.1}`` or arrays) are used for the numeric
    verification (the derivation stays symbolic); they are checked against the
    problem's assumptions.

    Examples
    ========
    >>> from symopt.methods.exact_line_search import exact_line_search, exercise_problem
    >>> r = exact_line_search(*exercise_problem())
    >>> r.step_size
    2/(b + 1)
    >>> r.closed_form
    {'x': (-1)**k*b*((1 - b)/(b + 1))**k, 'y': ((1 - b)/(b + 1))**k}
    >>> r.orthogonal_gradients, r.verification.symbolic
    (True, True)
    """
    problem, rationalised, x0 = prepare(problem, start, parameter_values)
    variables = problem.variables
    names = [v.name for v in variables]
    domain_map = problem.domain_map
    g = problem.gradient
    steps_list = [objective_step(problem, "decimals made exact rationals" if rationalised else ""),
                  Step("Gradient", g.T if len(variables) > 1 else g[0], Transposed(Nabla(F)), name="gradient"),
                  Step("Start", x0.T if len(variables) > 1 else x0[0], Sub(X, 0))]
    if not problem.is_quadratic():
        return _non_quadratic(problem, x0, steps_list, seconds)
    H = problem.hessian
    steps_list.append(Step("Hessian (constant: f is quadratic)", H, H_, name="hessian"))
    # the line function and its stationary point ---------------------------------------------------
    point = dict(zip(variables, sp.Matrix(variables) - ALPHA * g))
    phi = sp.expand(problem.expression.xreplace(point))
    dphi = sp.expand(sp.diff(phi, ALPHA))
    steps_list.append(Step("Line function", phi, Statement(Call(VARPHI, ALPHA), Call(F, _along_minus_g())), ""))
    steps_list.append(Step("Its derivative", sp.factor(dphi), _dphi(), "chain rule"))
    gg = sp.expand((g.T * g)[0, 0])
    gHg = sp.expand((g.T * H * g)[0, 0])
    solutions = sp.solve(dphi, ALPHA)
    alpha_formula = sp.cancel(gg / gHg)
    if len(solutions) != 1 or not is_zero(solutions[0] - alpha_formula, seconds):
        raise NoClosedFormError("could not solve φ'(α) = 0 for the step size on this quadratic")
    steps_list.append(Step("Exact step: φ'(α) = 0", alpha_formula, Sub(ALPHA, COUNTER),
                           r"linear in $\alpha$: $\alpha_k = g^T g / g^T H g$ (Goodfellow et al. §4.3.1, §8.2.1); "
                           r"$\varphi''(\alpha) = g^T H g$",
                           name="step_rule", key=True))
    # orthogonality, the general argument ------------------------------------------------------------
    at_next = dict(zip(variables, sp.Matrix(variables) - ALPHA * g))
    g_next = g.xreplace(at_next)
    chain = sp.expand(dphi + (g_next.T * g)[0, 0])
    general_proof = chain == 0 or is_zero(chain, seconds)
    steps_list.append(Step("General argument: φ'(α) = −∇f(x − αg)ᵀg", sp.Integer(0) if general_proof else chain,
                           _dphi() + _chain_rule_term(),
                           "checked identically in x and α" if general_proof else "could not be checked"))
    if general_proof:
        steps_list.append(Step("Hence consecutive gradients are orthogonal", sp.Integer(0), _gradients_inner(),
                               r"$x_{k+1} = x_k - \alpha_k g_k$ and $\varphi'(\alpha_k) = 0$ give "
                               r"$g_{k+1}^T g_k = -\varphi'(\alpha_k) = 0$, for every k",
                               relation="=", key=True, name="orthogonal_gradients"))
    alpha_of = sp.Lambda(tuple(variables), alpha_formula)
    # with numbers only, iterate gᵀg/gᵀHg as products of the gradient's entries: the expanded quotient
    # cancels catastrophically near a minimiser away from 0 (24 of 50 digits lost at k = 50); with
    # parameters the cancelled quotient is kept, since sympy proves the residual only in that form
    g_dot_g, g_H_g = (g.T * g)[0, 0], (g.T * H * g)[0, 0]
    step = alpha_formula if problem.parameters else g_dot_g / g_H_g
    recurrence = Recurrence(tuple(variables), tuple(sp.Matrix(variables) - step * g),
                            guard=gg if problem.parameters else g_dot_g)
    run = _Run(problem, x0, tuple(names), recurrence, parameter_values, domain_map, steps, verify_result, seconds)
    # minimiser ---------------------------------------------------------------------------------
    g_at_zero = g.xreplace({v: 0 for v in variables})
    if H.det() == 0:
        reason = "the Hessian is singular, so the minimiser is not unique; no closed form is derived"
        return _no_closed_form(run, steps_list, reason, None)
    x_star = sp.simplify(-H.LUsolve(g_at_zero))
    steps_list.append(Step("Stationary point: H x* = −∇f(0)", x_star.T if len(variables) > 1 else x_star[0],
                           Star(X), name="stationary_point"))
    e0 = x0 - x_star
    # eigen-structure: which eigen-subspace holds the start? ---------------------------------------------
    eigen = None
    try:
        eigen = eigen_decomposition(H, seconds=seconds)
    except NoClosedFormError:
        pass
    kappa = _kappa(eigen, domain_map)
    if eigen is not None and len(variables) > 2:
        active = _active_eigenvalues(eigen, e0)
        if active is not None and len(active) > 2:
            reason = (f"x_0 − x* has components along {len(active)} distinct eigenvalues of H ", sp.Tuple(*active),
                      "; the iterates are not periodic in direction, and no closed form is known "
                      "(Luenberger & Ye; Nocedal & Wright Thm 3.3)")
            return _no_closed_form(run, steps_list, reason, kappa)
        if active is not None:
            steps_list.append(Step("The start lies in an eigen-subspace", kind="note",
                                   justification=("x_0 − x* has components along the eigenvalues ",)
                                   + _listed(active) + (f" only: a {len(active)}-dimensional problem",)))
    # the first steps ----------------------------------------------------------------------------------
    g0 = g.xreplace(dict(zip(variables, x0)))
    if all(is_zero(entry, seconds) for entry in g0):
        steps_list.append(Step("The start is stationary", kind="note", key=True, caveat=True,
                               justification="g_0 = 0: there is no descent direction and the iteration stays"))
        steps_list += closed_form_steps(names, list(x0), "x_k = x_0 for every k")
        steps_list.append(Step("Rate", sp.Integer(0), R, name="rate"))
        steps_list.append(Step("Consecutive gradients", kind="note", name="orthogonal_gradients",
                               justification="every g_k = 0: there are no directions to compare"))
        return _verified_result(run, steps_list, list(x0), COUNTER, {})
    curvature = _tidy((g0.T * H * g0)[0, 0])
    if is_zero(curvature, seconds) or _sign(curvature, domain_map) in ("negative", "nonpositive"):
        return _no_line_minimiser(problem, x0, names, steps_list, curvature)
    a0 = _tidy(alpha_of(*x0))
    x1 = (x0 - a0 * g.xreplace(dict(zip(variables, x0)))).applyfunc(_tidy)
    steps_list.append(Step("Step at x_0", a0, Sub(ALPHA, 0)))
    steps_list.append(Step("First iterate", x1.T if len(variables) > 1 else x1[0], Sub(X, 1), "x_0 − α_0 g_0"))
    if all(is_zero(entry, seconds) for entry in g.xreplace(dict(zip(variables, x1)))):
        # x_0 − x* is an eigenvector: the first exact step lands on x*, where g = 0 and the iteration stays
        steps_list.append(Step("One-step convergence: g(x_1) = 0", kind="note", key=True, caveat=True, justification=(
            "x_0 − x* lies in one eigenspace of H (eigenvalue 1/α_0), so x_1 = x*; α_k for k ≥ 1 is 0/0 and "
            "the iteration stays at x*")))
        closed = (x_star + sp.KroneckerDelta(COUNTER, 0) * e0).applyfunc(_tidy_k)
        steps_list += closed_form_steps(names, list(closed), "x_k = x_0 at k = 0 and x* for every k ≥ 1")
        steps_list.append(Step("Step size α_0", a0, Sub(ALPHA, 0), "the only step taken", name="step_size",
                               key=True))
        steps_list.append(Step("Rate", sp.Integer(0), R, "x_k − x* = 0 from k = 1 on", name="rate"))
        return _verified_result(run, steps_list, list(closed), COUNTER,
                                {"stationary_point": x_star, "structure": "one step"})
    a1 = _tidy(alpha_of(*x1))
    steps_list.append(Step("Step at x_1", a1, Sub(ALPHA, 1)))
    k = COUNTER
    if is_zero(a1 - a0, seconds):
        closed, step_size, rate, structure = _constant_step(H, e0, x_star, a0, k, domain_map, seconds, steps_list)
    else:
        x2 = (x1 - a1 * g.xreplace(dict(zip(variables, x1)))).applyfunc(_tidy)
        e1, e2 = x1 - x_star, x2 - x_star
        c = _tidy((e2.T * e0)[0, 0] / (e0.T * e0)[0, 0])
        steps_list.append(Step("Second iterate", x2.T if len(variables) > 1 else x2[0], Sub(X, 2)))
        if not all(is_zero(entry, seconds) for entry in (e2 - c * e0)):
            reason = "x_2 − x* is not a multiple of x_0 − x*: the iterates are not geometric every two steps"
            return _no_closed_form(run, steps_list, reason, kappa)
        closed, step_size, rate, structure = _two_step(e0, e1, x_star, a0, a1, c, k, domain_map, steps_list)
    steps_list += closed_form_steps(names, list(closed), structure)
    steps_list.append(Step("Step size α_k", step_size, Sub(ALPHA, k), "substituting the closed form into "
                           r"$g^Tg/g^THg$" if structure.startswith("constant") else "alternating",
                           name="step_size", key=True))
    steps_list.append(Step("Rate", rate, _error(k + 1) / _error(k), "per step" +
                           ("" if structure.startswith("constant") else " (geometric mean over two steps)"),
                           name="rate", key=True))
    # f along the iterates --------------------------------------------------------------------------
    f_star = problem.expression.xreplace(dict(zip(variables, x_star)))
    f_k = problem.expression.xreplace(dict(zip(variables, closed)))
    f_0 = problem.expression.xreplace(dict(zip(variables, x0)))
    E0 = _tidy(f_0 - f_star)
    ratio_claim = rate ** (2 * k)
    proved, _, _ = zero_test([f_k - f_star - ratio_claim * E0], k, seconds=seconds)
    if proved:
        steps_list.append(Step("Objective along the iterates", sp.Mul(ratio_claim, sp.Symbol("E_0"), evaluate=False),
                               _gap(k), ("E_0 = f(x_0) − f* = ", E0, "; proved by substitution"),
                               name="objective_gap", key=True))
    else:
        steps_list.append(Step("Objective along the iterates", _tidy_k(f_k - f_star), _gap(k), name="objective_gap"))
    # orthogonality, directly on the closed form -------------------------------------------------------
    g_k = g.xreplace(dict(zip(variables, closed)))
    inner = (g_k.xreplace({k: k + 1}).T * g_k)[0, 0]
    direct, note, _ = zero_test([inner], k, scales=[sp.sqrt((g_k.T * g_k)[0, 0]) ** 2], seconds=seconds)
    if direct is None:
        steps_list.append(Step("Directly on the closed form", _tidy_k(inner), consecutive_gradients(),
                               note or "not shown to vanish", key=True))
    else:  # a verdict on the closed form itself overrides the general argument
        steps_list.append(Step("Directly on the closed form", sp.Integer(0), consecutive_gradients(),
                               "simplifies to 0 with k symbolic" if direct else note or "not zero",
                               relation="=" if direct else "!=", key=True, name="orthogonal_gradients"))
    if kappa is not None:
        steps_list.append(_kantorovich_step(kappa))
    return _verified_result(run, steps_list, list(closed), k,
                            {"stationary_point": x_star, "kappa": kappa, "structure": structure})


@dataclass(frozen=True)
class _Run:
    """What every ending of the derivation needs: the problem, the start, the iteration and how to verify it."""

    problem: object
    x0: object
    names: tuple
    recurrence: Recurrence
    parameter_values: object
    domain_map: dict
    steps: int
    verify_result: bool
    seconds: float


def _verified_result(run, steps_list, closed, counter, extras):
    """The derivation with its verification table (closed form against the iteration), as a MethodResult."""
    derivation = Derivation("Steepest descent with exact line search", steps_list)
    verification = None
    if run.verify_result:
        verification = verify(run.recurrence, closed, list(run.x0), counter, run.parameter_values, run.domain_map,
                              run.steps, seconds=run.seconds)
        derivation = derivation.extend(tables=[verification.table()])
    return MethodResult(METHOD, run.problem, dict(zip(run.names, run.x0)), derivation, tuple(run.names),
                        verification, {**extras, "recurrence": run.recurrence, "start_point": run.x0})


def _constant_step(H, e0, x_star, a0, k, domain_map, seconds, steps_list):
    n = H.rows
    M = (sp.eye(n) - a0 * H).applyfunc(_tidy)
    steps_list.append(Step("The step is constant: α_1 = α_0", M,
                           Difference(I, sp.MatMul(ALPHA_0, sp.MatrixSymbol("H", n, n))),
                           "so x_{k+1} − x* = (I − α_0 H)(x_k − x*), a linear recurrence solved by a matrix "
                           "power"))
    solution = linear_recurrence(M, e0, k, domain_map=domain_map, seconds=seconds)
    closed = (x_star + solution.closed_form).applyfunc(lambda e: sign_normalize(_tidy_k(e), k, domain_map))
    moduli = [m.modulus for m in solution.power.modes]
    rate = moduli[0] if all(is_zero(m - moduli[0]) for m in moduli) else sp.Max(*moduli)
    return closed, a0, rate, "constant step: x_k − x* = (I − α_0 H)^k (x_0 − x*)"


def _two_step(e0, e1, x_star, a0, a1, c, k, domain_map, steps_list):
    steps_list.append(Step("Two-step structure: x_2 − x* = c (x_0 − x*)", c, C,
                           "α_2 = α_0 (α is invariant under scaling), so the steps alternate and "
                           "x_{k+2} − x* = c (x_k − x*) (two-step generalisation of Boyd & Vandenberghe §9.3.2)",
                           name="two_step_factor", key=True))
    even = (1 + sp.Integer(-1) ** k) / 2
    odd = (1 - sp.Integer(-1) ** k) / 2
    power = c ** sp.floor(k / 2)
    closed = (x_star + power * (even * e0 + odd * e1)).applyfunc(lambda e: sign_normalize(e, k, domain_map))
    step_size = even * a0 + odd * a1
    return closed, step_size, _tidy(sp.sqrt(c)), ("two-step geometric: parity factors (1 ± (−1)^k)/2, "
                                                  "c^⌊k/2⌋")


def _kappa(eigen, domain_map):
    if eigen is None:
        return None
    from .common import extreme_eigenvalues
    smallest, largest = extreme_eigenvalues(eigen.eigenvalues, domain_map)
    if smallest is None:
        return None
    kappa = largest / smallest
    return sp.cancel(kappa) if kappa.is_rational_function() else kappa


def _kantorovich_step(kappa):
    bound = ((kappa - 1) / (kappa + 1)) ** 2
    k = COUNTER
    return Step("Kantorovich bound (Luenberger & Ye; Nocedal & Wright Thm 3.3)", sp.simplify(bound),
                Call(E, Sub(X, k + 1)) / Call(E, Sub(X, k)), ("κ = ", kappa, "; E = f − f*"), relation="<=",
                name="kantorovich_bound")


def _active_eigenvalues(eigen, e0):
    values = []
    for value, vector in zip(eigen.eigenvalues, eigen.eigenvectors):
        coefficient = sp.simplify((vector.T * e0)[0, 0])
        if coefficient == 0:
            continue
        if not any(is_zero(value - v, 1.0) for v in values):
            values.append(value)
    return values


def _no_line_minimiser(problem, x0, names, steps_list, curvature):
    """gᵀHg ≤ 0 at x_0: φ(α) = f(x_0 − αg_0) is linear or concave, so no exact step exists."""
    reason = ("g_0ᵀ H g_0 = 0: φ(α) = f(x_0) − α g_0ᵀg_0 decreases linearly without bound" if curvature == 0
              else "g_0ᵀ H g_0 < 0: φ is a concave parabola, unbounded below along −g_0")
    steps_list = list(steps_list) + [
        Step("Curvature along −g_0", curvature, Inner(G_0, H_ * G_0), "φ''(α) = gᵀHg", key=True),
        Step("No minimiser along the line", kind="note", key=True, caveat=True, justification=(
            f"{reason}: the exact line search has no step from x_0 (f is not convex there: H is indefinite "
            "or semidefinite along g_0)")),
    ] + unknown_closed_form_steps(names, "the first exact step does not exist", caveat=False)
    derivation = Derivation("Steepest descent with exact line search", steps_list)
    return MethodResult(METHOD, problem, dict(zip(names, x0)), derivation, tuple(names), None,
                        {"curvature": curvature})


def _no_closed_form(run, steps_list, reason, kappa):
    problem, x0, names, recurrence = run.problem, run.x0, run.names, run.recurrence
    steps_list = list(steps_list) + unknown_closed_form_steps(names, reason)
    if kappa is not None:
        steps_list.append(_kantorovich_step(kappa))
    verification = None
    derivation = Derivation("Steepest descent with exact line search", steps_list)
    if run.verify_result:
        from ..numeric.compare_runs import compare_runs
        verification, table, extra_notes = compare_runs(recurrence, list(x0), problem, run.parameter_values, run.steps,
                                                        kantorovich=kappa)
        derivation = derivation.extend(run_caveats(extra_notes), tables=[table])
    return MethodResult(METHOD, problem, dict(zip(names, x0)), derivation, tuple(names), verification,
                        {"kappa": kappa, "recurrence": recurrence, "start_point": x0})


def _non_quadratic(problem, x0, steps_list, seconds):
    variables = problem.variables
    names = [v.name for v in variables]
    g = problem.gradient
    point = dict(zip(variables, sp.Matrix(variables) - ALPHA * g))
    g_next = g.xreplace(point)
    equation = sp.expand(-(g_next.T * g)[0, 0])
    steps_list.append(Step("The step is defined by φ'(α) = 0", equation, Statement(_dphi(), -_chain_rule_term()),
                           "chain rule; α_k is the smallest positive root that minimises φ", name="step_equation",
                           key=True))
    step_size = None
    try:
        roots = call_with_budget(sp.solve, equation, ALPHA, seconds=seconds)
        roots = [r for r in roots if r != 0]
        if roots:
            step_size = roots[0] if len(roots) == 1 else None
            steps_list.append(Step("Roots of φ'(α) = 0", sp.Matrix(roots).T, ALPHA, "solved symbolically; "
                                   "which root minimises φ depends on x_k"))
        else:
            steps_list.append(Step("Roots of φ'(α) = 0", kind="unknown",
                                   justification="sympy finds no nonzero root in closed form"))
    except (BudgetExceeded, NotImplementedError) as exc:
        steps_list.append(Step("Roots of φ'(α) = 0", kind="unknown",
                               justification=f"no closed form for α_k ({'time budget' if isinstance(exc, BudgetExceeded) else exc})"))
    if step_size is not None:
        steps_list.append(Step("Step size", step_size, Sub(ALPHA, COUNTER), name="step_size"))
    steps_list.append(Step("Consecutive gradients are orthogonal", sp.Integer(0), _gradients_inner(),
                           r"$\varphi'(\alpha_k) = -g_{k+1}^T g_k = 0$ at the exact step, for any f",
                           name="orthogonal_gradients"))
    reason = ("f is not quadratic: the step solves a nonlinear equation that changes with every iterate, "
              "and no closed form for x_k is known")
    steps_list += unknown_closed_form_steps(names, reason)
    derivation = Derivation("Steepest descent with exact line search", steps_list)
    return MethodResult(METHOD, problem, dict(zip(names, x0)), derivation, tuple(names), None, {})


def _along_minus_g():
    """x − αg, the point on the line."""
    return Difference(X, ALPHA * G)


def _dphi():
    """φ'(α), the line function's derivative."""
    return Call(Prime(VARPHI), ALPHA)


def _chain_rule_term():
    """∇f(x − αg)ᵀ g."""
    return Inner(Call(Nabla(F), _along_minus_g()), G)


def _gradients_inner():
    """g_{k+1}ᵀ g_k."""
    return Inner(Sub(G, COUNTER + 1), Sub(G, COUNTER))


def _error(index):
    """‖x_index − x*‖."""
    return Norm(Difference(Sub(X, index), Star(X)))


def _gap(k):
    """f(x_k) − f*."""
    return Difference(Call(F, Sub(X, k)), Star(F))


def _listed(values):
    """``(v_1, ", ", v_2, ...)``: values listed in a sentence, each a sympy value."""
    pieces = ()
    for value in values:
        pieces += ((", ",) if pieces else ()) + (value,)
    return pieces


def _tidy(expression):
    expression = to_sympy(expression)
    if expression.is_rational_function():
        return sp.factor(sp.cancel(expression))
    return sp.simplify(expression) if len(expression.free_symbols) <= 3 and sp.count_ops(expression) < 200 \
        else expression


def _tidy_k(expression):
    return sp.factor_terms(sp.powsimp(sp.expand(expression)))


__all__ = ["EXERCISE", "exact_line_search", "exercise_problem"]
