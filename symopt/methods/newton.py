"""Newton's method θ ← θ − H⁻¹g: one step on quadratics, closed forms where the map is linear (Goodfellow et al. §8.6.1).

On a quadratic with invertible H the Newton map sends every point to the
stationary point x* — whatever kind it is: Newton is attracted to saddles and
maxima as much as to minima, and a warning says so. When the Newton map of a
non-quadratic f is linear (affine) in x, as N(x) = 2x/3 for f = x⁴, the
iterates follow from a matrix power. Otherwise the first steps are unrolled
symbolically and the iteration is run numerically.
"""

import warnings

import sympy as sp

from ..budget import DEFAULT_SECONDS, call_with_budget
from ..derivation import Derivation, Step
from ..errors import BudgetExceeded, NoClosedFormError, ProblemError
from ..optimizers import symbolic_step, unroll
from ..problem import k as COUNTER
from ..quantities import Call, Star, Statement, Sub
from ..sequences import linear_recurrence, sign_normalize
from ..spectral import classify, eigen_decomposition
from ..verify import DEFAULT_STEPS, Recurrence, verify
from ..zero import is_zero
from .base import (MethodResult, closed_form_steps, objective_step, prepare, run_caveats, unknown_closed_form_steps)
from .common import vector_value

METHOD = "newton"
X, N, H_, A_, R = sp.symbols("x N H A r")


def newton(problem, start, parameter_values=None, steps=DEFAULT_STEPS, unrolled=3, verify_result=True,
           seconds=DEFAULT_SECONDS):
    """Closed form of Newton's iterates where one exists, with the kind of point they reach.

    Examples
    ========
    >>> import warnings
    >>> from symopt import Problem
    >>> from symopt.methods.newton import newton
    >>> newton(Problem.from_text("x**4", "x"), {"x": 3}, verify_result=False).closed_form
    {'x': 3*(2/3)**k}
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     r = newton(Problem.from_text("x**2 - y**2", "x,y"), {"x": 1, "y": 2}, verify_result=False)
    >>> r.closed_form, r.notes[0][:40]
    ({'x': Piecewise((1, Eq(k, 0)), (0, True)), 'y': Piecewise((2, Eq(k, 0)), (0, True))}, 'Newton lands on a saddle point in one st')
    """
    problem, rationalised, x0 = prepare(problem, start, parameter_values)
    variables = problem.variables
    names = [v.name for v in variables]
    domain_map = problem.domain_map
    k = COUNTER
    try:
        rule = symbolic_step("newton", problem)
    except ProblemError as exc:
        raise ProblemError(f"newton: {exc}") from None
    new = rule.new_theta.applyfunc(lambda e: sp.cancel(e) if e.is_rational_function() else e)
    recurrence = Recurrence(tuple(variables), tuple(new))
    steps_list = [objective_step(problem, "decimals made exact rationals" if rationalised else ""),
                  Step("Hessian", problem.hessian, H_),
                  Step("Newton map", vector_value(new), Call(N, X), "x − H⁻¹∇f(x)", key=True),
                  Step("Start", vector_value(x0), Sub(X, 0))]
    closed = None
    extras = {"recurrence": recurrence, "start_point": x0}
    if problem.is_quadratic():
        H = problem.hessian
        x_star = (-H.LUsolve(problem.gradient.xreplace({v: 0 for v in variables}))).applyfunc(sp.simplify)
        one_step = all(is_zero(a - b, seconds) for a, b in zip(new, x_star))
        steps_list.append(Step("One step reaches the stationary point", vector_value(x_star),
                               Statement(Call(N, X), Star(X)),
                               "for every x: the quadratic model is exact" if one_step else "NOT shown",
                               name="stationary_point", key=True))
        kind = _kind(H, domain_map, seconds)
        steps_list.append(Step(f"x* is a {kind}", kind="note",
                               justification="Hessian eigenvalues decide it (Goodfellow et al. §4.3)"))
        if kind in ("saddle", "maximum"):
            landing = Step(f"Newton lands on a {kind} point in one step", kind="note", key=True, caveat=True,
                           justification="it solves ∇f = 0 and is attracted to saddles and maxima as much as to "
                                         "minima (Goodfellow et al. §8.6.1)")
            steps_list.append(landing)
            warnings.warn(f"{landing.title}: {landing.justification}", stacklevel=2)
        closed = sp.Matrix([sp.Piecewise((a, sp.Eq(k, 0)), (b, True)) for a, b in zip(x0, x_star)])
        steps_list += closed_form_steps(names, list(closed), "x_0 at k = 0, x* for every k ≥ 1")
        steps_list.append(Step("Rate", sp.Integer(0), R, "exact after one step", name="rate"))
        extras.update(stationary_point=x_star, kind=kind)
    else:
        linear = _linear_map(new, variables)
        if linear is not None:
            A, d = linear
            steps_list.append(Step("The Newton map is linear", A, A_, "$N(x) = A x + d$: a linear recurrence",
                                   key=True))
            solution = linear_recurrence(A, x0, k, affine=d if any(e != 0 for e in d) else None,
                                         domain_map=domain_map, seconds=seconds)
            closed = solution.closed_form.applyfunc(lambda e: sign_normalize(sp.powsimp(sp.factor_terms(e)), k,
                                                                             domain_map))
            steps_list += closed_form_steps(names, list(closed), "$x_k = A^k x_0$ plus the affine part")
            moduli = [m.modulus for m in solution.power.modes if m.eigenvalue != 1 or any(e != 0 for e in d)]
            rate = moduli[0] if len(set(moduli)) == 1 else sp.Max(*moduli)
            steps_list.append(Step("Rate", rate, R, "geometric (linear) convergence, not Newton's usual "
                                   "quadratic rate: the Hessian is singular at the limit", name="rate", key=True))
        else:
            try:
                history = call_with_budget(unroll, "newton", problem, dict(zip(names, x0)), unrolled,
                                           seconds=seconds)
                for index, (theta, _) in enumerate(history[1:], 1):
                    steps_list.append(Step(f"Iterate {index}", vector_value(theta), Sub(X, index)))
            except (BudgetExceeded, ProblemError, ZeroDivisionError) as exc:
                steps_list.append(Step("First iterates", kind="unknown",
                                       justification=f"could not unroll symbolically ({exc})"))
            reason = "the Newton map is not linear, so the iterates are not a matrix power"
            steps_list += unknown_closed_form_steps(names, reason)
    derivation = Derivation("Newton's method", steps_list)
    verification = None
    if verify_result:
        if closed is not None:
            verification = verify(recurrence, list(closed), list(x0), k, parameter_values, domain_map,
                                  steps if problem.is_quadratic() else min(steps, 200), seconds=seconds)
            derivation = derivation.extend(tables=[verification.table()])
        else:
            from ..numeric.compare_runs import compare_runs
            verification, table, extra = compare_runs(recurrence, list(x0), problem, parameter_values,
                                                      min(steps, 50))
            derivation = derivation.extend(run_caveats(extra), tables=[table])
    return MethodResult(METHOD, problem, dict(zip(names, x0)), derivation, tuple(names), verification, extras)


def _kind(H, domain_map, seconds):
    try:
        return classify(eigen_decomposition(H, seconds=seconds).eigenvalues, domain_map)
    except NoClosedFormError:
        return "undetermined"


def _linear_map(new, variables):
    J = new.jacobian(variables).applyfunc(sp.cancel)
    if any(entry.has(*variables) for entry in J):
        return None
    d = (new - J * sp.Matrix(variables)).applyfunc(sp.cancel)
    if any(entry.has(*variables) for entry in d):
        return None
    return J, d


__all__ = ["newton"]
