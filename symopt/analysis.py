"""``symopt analyze``: gradient, Hessian, spectrum, critical points and conditioning as one derivation."""

from dataclasses import dataclass

import sympy as sp

from .budget import DEFAULT_SECONDS, check_seconds, partial_wanted, report_partial, run_budgeted
from .derivation import Derivation, Step, Table
from .errors import BudgetExceeded, NoClosedFormError
from .critical_points import find_critical_points
from .spectral import condition_number, eigenbasis_form, eigenvalues as spectrum, sign_on_domain, step_analysis
from .serialize import JSONResult
from .quantities import Call, Difference, Nabla, Star, Transposed

#: The expression ``symopt analyze`` studies when none is given (the lecture's exercise).
DEFAULT_EXPRESSION = "(x**2 + b*y**2)/2"
DEFAULT_VARIABLES = "x,y"
DEFAULT_ASSUMPTIONS = "0<b<=1"

#: The names the analysis's steps state: f, its gradient g at x, the Hessian H, the step ε, λ and κ.
F, G, HESSIAN, X, EPSILON, LAMBDA, KAPPA = sp.symbols("f g H x epsilon lambda kappa")


@dataclass(frozen=True)
class Analysis(JSONResult):
    """What :func:`analyze` found; ``derivation`` holds the steps that produced each field."""

    problem: object
    derivation: Derivation
    point: dict
    gradient: sp.Matrix
    hessian: sp.Matrix
    eigenvalues: tuple
    critical_points: tuple
    critical_points_note: str
    condition_number: object
    step: dict
    critical_points_complete: bool = False
    critical_point_periods: dict = None

    def to_dict(self):
        """The JSON contract of ``symopt analyze --json`` (all expressions as sympy-syntax strings)."""
        return {
            "expression": sp.sstr(self.problem.expression),
            "variables": [v.name for v in self.problem.variables],
            "parameters": [p.name for p in self.problem.parameters],
            "assumptions": [d.describe() for d in self.problem.domains],
            "at": {k.name: sp.sstr(v) for k, v in self.point.items()} or None,
            "gradient": None if self.gradient is None else [sp.sstr(e) for e in self.gradient],
            "hessian": None if self.hessian is None else [[sp.sstr(e) for e in row] for row in self.hessian.tolist()],
            "eigenvalues": None if self.eigenvalues is None else [sp.sstr(e) for e in self.eigenvalues],
            "critical_points": None if self.critical_points is None else [
                _point_json(c, self.problem.variables) for c in self.critical_points],
            "critical_points_complete": self.critical_points_complete,
            "critical_points_note": self.critical_points_note,
            "critical_point_periods": {v.name: sp.sstr(T) for v, T in (self.critical_point_periods or {}).items()},
            "condition_number": None if self.condition_number is None else sp.sstr(self.condition_number),
            "best_step": None if not self.step or self.step.get("best_step") is None
            else sp.sstr(self.step["best_step"]),
        }

    def _repr_latex_(self):
        from .notebook import analysis_latex
        return analysis_latex(self)


def _point_json(c, variables):
    entry = {"point": {v.name: sp.sstr(c.point[v]) for v in variables if v in c.point} or None,
             "kind": c.kind, "eigenvalues": [sp.sstr(e) for e in c.eigenvalues],
             "value": None if c.value is None else sp.sstr(c.value),
             "certificate": None if c.certificate is None else
             {"method": c.certificate.method, "radius": c.certificate.radius},
             "family": None if c.family is None else
             {"equations": [sp.sstr(e) for e in c.family.equations], "dimension": c.family.dimension,
              "note": c.family.note}}
    if c.cases:
        entry["cases"] = [{"when": when, "kind": kind} for when, kind in c.cases]
    return entry


#: Budget of a whole analysis, in open-ended steps: the analysis is killed after this many times ``seconds``.
STEPS_PER_ANALYSIS = 6


def analyze(problem, at=None, seconds=DEFAULT_SECONDS, box=None):
    """Analyse an objective: ∇f, ∇²f, its spectrum, critical points and conditioning.

    ``at`` (a mapping or ``"x=1,y=2"``) evaluates the Hessian's spectrum, κ and the
    ill-conditioning criterion at that point; without it they are reported for the
    Hessian as a function (exact when it is constant, as for a quadratic).
    Critical points come from :func:`~symopt.critical_points.find_critical_points`:
    all of them, each certified, for polynomial gradients; for others a search in
    ``box`` (default ``x=-5..5`` for every variable), marked incomplete.
    Each open-ended step (eigenvalues, critical points) gets ``seconds``; the
    whole analysis runs in a killable worker with a memory ceiling
    (:func:`symopt.budget.run_budgeted`) and raises
    :class:`~symopt.errors.BudgetExceeded` after ``STEPS_PER_ANALYSIS * seconds``.

    Examples
    ========
    >>> from symopt import Problem, analyze
    >>> a = analyze(Problem.from_text("x**3 - 3*x + y**2", "x,y"))
    >>> [(c.point, c.kind) for c in a.critical_points]
    [({x: -1, y: 0}, 'saddle'), ({x: 1, y: 0}, 'minimum')]
    """
    seconds = check_seconds(seconds)
    outcome = run_budgeted(_analyze, problem, at, seconds, box, seconds=STEPS_PER_ANALYSIS * seconds)
    if outcome.status != "ok":
        raise BudgetExceeded(f"the analysis {outcome.message}")
    return outcome.value


def _analyze(problem, at, seconds, box=None):
    f = problem.expression
    variables = problem.variables
    domain_map = problem.domain_map

    def report(steps, grad=None, H=None, eigenvalues=None, found=None, note=None, kappa=None):
        """Publish the sections finished so far (the rest null) for a command that runs out of time."""
        if not partial_wanted():
            return
        partial = Analysis(problem, Derivation(f"Analysis of f = {sp.sstr(f)}", steps), point, grad, H,
                           eigenvalues, found, note, kappa, {})
        report_partial(partial.to_json(), partial.derivation.to_text())

    point = {}
    if at is not None:
        point = dict(zip(variables, problem.point(at)))
    steps = [Step("Objective", f, _call("f", variables), _assumption_text(problem), key=True)]
    report(steps)
    grad = problem.gradient
    steps.append(Step("Gradient", grad.T if len(variables) > 1 else grad[0], Transposed(Nabla(F)),
                      "differentiate f with respect to each variable", name="gradient", key=True))
    H = problem.hessian
    steps.append(Step("Hessian", H, Nabla(F, 2), "differentiate the gradient; H is symmetric",
                      name="hessian", key=True))
    report(steps, grad, H)
    H_here = H.subs(point, simultaneous=True) if point else H
    if point:
        steps.append(Step("Hessian at the point", H_here, Call(HESSIAN, *point.values()),
                          name="hessian_at_point"))
    eigenvalues = ()
    kappa = None
    try:
        decomposition = spectrum(H_here, seconds=seconds)
        eigenvalues = decomposition.eigenvalues
        steps.append(Step("Eigenvalues of the Hessian", sp.Matrix([eigenvalues]).T if len(eigenvalues) > 1
                          else eigenvalues[0], LAMBDA, "exact" if decomposition.exact else
                          f"numeric (mpmath), residual {decomposition.residual:.1e}", name="eigenvalues",
                          key=True))
        kappa = condition_number(H_here, domain_map, eigenvalues)
        if kappa is not None:
            steps.append(Step("Condition number", kappa, KAPPA, r"largest over smallest $|\lambda|$",
                              name="condition_number", key=True))
    except NoClosedFormError as exc:
        steps.append(Step("Eigenvalues of the Hessian", kind="unknown", justification=str(exc)))
    report(steps, grad, H, tuple(eigenvalues), kappa=kappa)
    found, note, complete, periods = (), "", False, {}
    try:
        critical_set = find_critical_points(problem, seconds=seconds, box=box)
        found, note = critical_set.points, critical_set.note
        complete, periods = critical_set.complete, critical_set.periods
        if not complete:  # the derivation says where it stops knowing
            steps.append(Step("Critical points", kind="unknown", justification=note, key=True))
        elif not found:
            steps.append(Step("Critical points", kind="note", justification=note, key=True))
    except NoClosedFormError as exc:
        note = str(exc)
        steps.append(Step("Critical points", kind="unknown", justification=note))
    report(steps, grad, H, tuple(eigenvalues), found, note, kappa)
    for c in found:
        if c.family is not None:
            steps.append(_family_step(c))
            continue
        coordinates = _listed((v, " = ", c.point[v]) for v in variables)
        eigenvalue_list = _listed((e,) for e in c.eigenvalues)
        steps.append(Step(("Critical point (", *coordinates, ")"), sp.Matrix([c.eigenvalues]).T
                          if len(c.eigenvalues) > 1 else (c.eigenvalues[0] if c.eigenvalues else sp.nan),
                          Call(LAMBDA, HESSIAN), (f"{c.kind}: Hessian eigenvalues ", *eigenvalue_list,
                                                  _kind_reason(c.kind) + _certificate_text(c.certificate)),
                          key=True))
    step = {}
    if point:
        step = step_analysis(grad.subs(point, simultaneous=True), H_here)
        steps.append(Step("Second-order change along -g", step["change"],
                          Difference(Call(F, Difference(X, EPSILON * G)), Call(F, X)),
                          r"$\frac12\epsilon^2 g^T H g - \epsilon g^T g$ (lecture, ill-conditioning)"))
        if step["increases_when"] is not None:
            steps.append(Step("A gradient step increases f when", step["increases_when"], EPSILON,
                              relation="in"))
        if step["best_step"] is not None:
            steps.append(Step("Best step along -g", step["best_step"], Star(EPSILON),
                              r"$g^T g / g^T H g$", name="best_step", key=True))
    minima = [c for c in found if c.kind == "minimum"]
    if len(minima) == 1 and eigenvalues is not None:
        try:
            m = minima[0]
            H_min = H.subs(m.point, simultaneous=True)
            _, _, form = eigenbasis_form(H_min, [m.point[v] for v in variables], variables, m.value)
            steps.append(Step("Local quadratic model in the eigenbasis", form,
                              _call("J", variables),
                              r"$J(w^*) + \frac12\sum_i \lambda_i \alpha_i^2$, $\alpha_i = u_i^T(w - w^*)$",
                              name="eigenbasis_form"))
        except NoClosedFormError:
            pass
    table = Table(f"Critical points: {note}", ("point", "kind", "Hessian eigenvalues"),
                  tuple((_point_text(c, variables), c.kind, ", ".join(sp.sstr(e) for e in c.eigenvalues))
                        for c in found))
    derivation = Derivation(f"Analysis of f = {sp.sstr(f)}", steps, (table,) if found else ())
    return Analysis(problem, derivation, point, grad, H, tuple(eigenvalues), tuple(found), note, kappa, step,
                    complete, periods)


def _point_text(c, variables):
    if c.family is not None:
        return "family " + ", ".join(f"{sp.sstr(e)} = 0" for e in c.family.equations)
    return ", ".join(f"{v.name}={sp.sstr(c.point[v])}" for v in variables)


def _family_step(c):
    equations = _listed((e, " = 0") for e in c.family.equations) or ("every point",)
    text = (f"{c.kind} along the family ", *equations)
    if c.family.dimension is not None:
        text += (f" (dimension {c.family.dimension})",)
    if c.family.note:
        text += (f"; {c.family.note}",)
    return Step("Family of critical points", kind="note", justification=text, key=True)


def _listed(groups):
    """Groups of pieces joined by ", ": ``[(x, " = ", 1), (y, " = ", 0)]`` -> ``x, " = ", 1, ", ", y, ...``."""
    pieces = []
    for group in groups:
        pieces += ([", "] if pieces else []) + list(group)
    return tuple(pieces)


def _certificate_text(certificate):
    if certificate is None or certificate.radius == 0:
        return ""
    if certificate.radius is None:
        return f"; {certificate.method}"
    return f"; certified: {certificate.method} (box radius {certificate.radius:.0e})"


def _call(name, variables):
    return sp.Function(name)(*variables)


def _assumption_text(problem):
    if not problem.domains:
        return ""
    return "assuming " + "; ".join(d.describe() for d in problem.domains)


def _kind_reason(kind):
    return {"minimum": " (all positive)", "maximum": " (all negative)", "saddle": " (both signs)",
            "degenerate": " (a zero eigenvalue: the second-order test is inconclusive)",
            "undetermined": " (the signs are not decided)"}.get(kind, "")


__all__ = ["analyze", "Analysis", "DEFAULT_EXPRESSION", "sign_on_domain"]
