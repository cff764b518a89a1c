"""What every method's derivation returns, and the helpers the method modules share.

A :class:`MethodResult` is read from its derivation: the closed form of each
variable, the step size and the rate are the values of named steps, so the
printed derivation and the returned values cannot disagree.
"""

from dataclasses import dataclass, field, replace

import sympy as sp

from ..derivation import Derivation, Step
from ..errors import ProblemError
from ..problem import Problem, check_values_in_domains
from ..problem import k as COUNTER
from ..quantities import Call, Sub
from ..serialize import JSONResult
from ..values import to_sympy

#: exit status of ``symopt derive`` when a derived closed form failed its own verification
VERIFICATION_FAILED_EXIT = 5
#: a closed form whose float64 run differs by more than this (normwise, relative) is refuted; rounding
#: in 10⁵ steps stays far below it, a wrong formula far above
FLOAT64_TOLERANCE = 1e-6
#: the same for the 50-digit run
MPMATH_TOLERANCE = 1e-30

#: Words that keep their capital at the start of a note (a person's name, not a sentence's first word).
_NAMES = {"Newton", "Nesterov", "Polyak", "Kantorovich"}

#: the ``"verification"`` object when nothing could be verified (no closed form, no run)
EMPTY_VERIFICATION = {"symbolic": None, "float64_max_rel_error": None, "mpmath_max_rel_error": None, "steps": 0}


def closed_form_name(variable):
    """The result name of the closed-form step of ``variable`` (``"closed_form[x]"``)."""
    return f"closed_form[{getattr(variable, 'name', variable)}]"


@dataclass(frozen=True)
class MethodResult(JSONResult):
    """Closed forms and proofs of one method on one problem, with their verification.

    Every result is read from the derivation's steps: ``closed_form`` maps each
    state variable name (θ's variables, and ``v_x`` ... for momentum) to the value
    of its closed-form step, or ``None`` when no closed form is known;
    ``orthogonal_gradients`` is the verdict of the step named so (True/False/None:
    not decided or not applicable); ``notes`` are the derivation's caveat steps.
    ``verification`` is how the closed form was checked (its tables are the
    derivation's).
    """

    method: str
    problem: Problem
    start: dict
    derivation: Derivation
    state_names: tuple
    verification: object = None
    extras: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        failures = self.verification_failures
        if failures:
            # a closed form that failed its own verification is never a result: nothing is boxed,
            # and the first line says so
            steps = [replace(s, final=False) for s in self.derivation.steps]
            warning = Step("Verification FAILED", kind="note", key=True, caveat=True, justification=(
                "the closed form below is NOT a result: " + "; ".join(failures)))
            derivation = replace(self.derivation, title=f"NOT VERIFIED: {self.derivation.title}",
                                 steps=(warning, *steps))
            object.__setattr__(self, "derivation", derivation)

    @property
    def notes(self):
        """The warnings and caveats, one sentence each: the caveat steps' titles and justifications."""
        from ..render import prose_of
        notes = []
        for step in self.derivation.caveats:
            title, reason = prose_of(step.title), prose_of(step.justification)
            title = "no closed form is known" if step.kind == "unknown" else \
                title[:1].lower() + title[1:] if title[1:2].islower() and title.split()[0] not in _NAMES else title
            notes.append(f"{title}: {reason}" if reason else title)
        return tuple(notes)

    @property
    def orthogonal_gradients(self):
        """Whether consecutive gradients are orthogonal, from the step named ``orthogonal_gradients``.

        True when it states gᵀ(x_{k+1}) g(x_k) = 0, False when it states ≠ 0, None when
        it is a note (not decided) or the derivation has no such step.
        """
        step = next((s for s in reversed(self.derivation.steps) if s.name == "orthogonal_gradients"), None)
        if step is None or step.kind != "equation":
            return None
        return {"=": True, "!=": False}.get(step.relation)

    @property
    def derived_closed_form(self):
        """``{name: expression or None}`` as derived, whether or not it passed its verification."""
        results = self.derivation.results
        return {name: results.get(closed_form_name(name)) for name in self.state_names}

    @property
    def closed_form(self):
        """``{name: expression or None}`` read from the derivation's named steps; all None when refuted."""
        if self.verified is False:
            return {name: None for name in self.state_names}
        return self.derived_closed_form

    @property
    def verification_failures(self):
        """What refuted the closed form (symbolic counterexample, float64 or mpmath error too large), or []."""
        v = self.verification
        if v is None or not hasattr(v, "symbolic") or all(e is None for e in self.derived_closed_form.values()):
            return []
        failures = []
        if v.symbolic is False:
            failures.append("substituting it into the recurrence fails" +
                            (f" ({v.symbolic_note})" if v.symbolic_note else ""))
        if v.float64_max_rel_error is not None and not v.float64_max_rel_error <= FLOAT64_TOLERANCE:
            failures.append(f"the float64 run differs by {v.float64_max_rel_error:.2e} (relative; tolerance "
                            f"{FLOAT64_TOLERANCE:g})")
        if v.mpmath_max_rel_error is not None and not v.mpmath_max_rel_error <= MPMATH_TOLERANCE:
            failures.append(f"the {v.dps}-digit run differs by {v.mpmath_max_rel_error:.2e} (relative; tolerance "
                            f"{MPMATH_TOLERANCE:g})")
        return failures

    @property
    def verified(self):
        """True (the closed form passed every check), False (refuted) or None (nothing was verified)."""
        if self.verification is None or not hasattr(self.verification, "symbolic") \
                or all(e is None for e in self.derived_closed_form.values()):
            return None
        return not self.verification_failures

    @property
    def step_size(self):
        """The step size α_k (exact line search) or η / ε, or None."""
        return self.derivation.results.get("step_size")

    @property
    def rate(self):
        """Per-step contraction factor of x_k − x* (spectral radius for momentum), or None."""
        return self.derivation.results.get("rate")

    @property
    def counter(self):
        return COUNTER

    def to_dict(self):
        """The JSON contract of ``symopt derive --json``."""
        def text(value):
            return None if value is None else sp.sstr(value)
        payload = {
            "method": self.method,
            "counter": COUNTER.name,
            "verified": self.verified,
            "closed_form": {name: text(expr) for name, expr in self.closed_form.items()},
            "step_size": text(self.step_size),
            "orthogonal_gradients": self.orthogonal_gradients,
            "rate": text(self.rate),
            "verification": self.verification.to_json() if self.verification is not None
            else dict(EMPTY_VERIFICATION),
            "notes": list(self.notes),
        }
        if self.verified is False:
            payload["verification_failures"] = self.verification_failures
            payload["refuted_closed_form"] = {name: text(e) for name, e in self.derived_closed_form.items()}
        if self.modes:  # a matrix power
            payload["modes"] = [{"eigenvalue": str(m.eigenvalue), "modulus": str(m.modulus), "label": m.label,
                                 "multiplicity": m.multiplicity} for m in self.modes]
        return payload

    def __str__(self):
        return self.derivation.to_text()

    def _repr_latex_(self):
        from ..notebook import method_result_latex
        return method_result_latex(self)

    @property
    def recurrence(self):
        """The update rule as a :class:`~symopt.verify.Recurrence` (what numeric runs iterate), or None."""
        return self.extras.get("recurrence")

    @property
    def initial_point(self):
        """The exact start point x_0 as a column Matrix (momentum: with v_0), or None."""
        return self.extras.get("start_point")

    @property
    def optimal_hyperparameters(self):
        """``{name: expression}`` of the hyperparameters the method optimised (ε, α), in the parameters."""
        optimal = dict(self.extras.get("optimal") or {})
        if "optimal_step" in self.extras:
            optimal.setdefault("epsilon", self.extras["optimal_step"])
        return optimal

    @property
    def modes(self):
        """The eigen-modes of a matrix power (eigenvalue, modulus, label, multiplicity), or ()."""
        return tuple(self.extras.get("modes", ()))


def exact_problem(problem):
    """The problem with decimal coefficients made exact rationals (0.1 → 1/10), and whether it changed.

    Symbolic cancellation is exact with rationals; floats leave residues of 1e-17
    that no simplifier calls zero.
    """
    if not problem.expression.atoms(sp.Float):
        return problem, False
    return Problem(exact_value(problem.expression), problem.variables, problem.domains), True


def exact_value(value):
    """A value as an exact sympy number when it is a decimal (0.1 → 1/10); expressions are kept."""
    value = to_sympy(value) if not isinstance(value, sp.Basic) else value
    if value.atoms(sp.Float):
        return value.xreplace({f: sp.nsimplify(f, rational=True) for f in value.atoms(sp.Float)})
    return value


def start_point(problem, start):
    """The start as an exact column Matrix, checked against the problem's dimension and domains."""
    if start is None:
        raise ProblemError("give a start point, e.g. --start x=1,y=1")
    point = problem.point(start).applyfunc(exact_value)
    for entry in point:
        if entry.free_symbols - set(problem.symbol_table().values()):
            unknown = ", ".join(sorted(s.name for s in entry.free_symbols))
            raise ProblemError(f"the start point uses {unknown}, which the problem does not know")
    return point


def check_parameter_values(problem, values):
    """Raise ProblemError when given parameter values (scalars or arrays) contradict the assumptions."""
    domain_map = problem.domain_map
    for name, value in (values or {}).items():
        name = getattr(name, "name", name)
        items = value if isinstance(value, (list, tuple)) else getattr(value, "tolist", lambda: value)()
        for item in (items if isinstance(items, list) else [items]):
            item = sp.nsimplify(item, rational=True) if isinstance(item, float) else to_sympy(item)
            check_values_in_domains({name: item}, domain_map)


def prepare(problem, start, parameter_values):
    """The checks and conversions every method starts with: ``(exact problem, rationalised?, x_0)``.

    Parameter values are checked against the assumptions, decimals become exact
    rationals, and the start is checked against the dimension and the domains.
    """
    check_parameter_values(problem, parameter_values)
    problem, rationalised = exact_problem(problem)
    return problem, rationalised, start_point(problem, start)


def objective_step(problem, note=""):
    """The derivation's first step: f and its assumptions."""
    assumptions = "; ".join(d.describe() for d in problem.domains)
    text = ("assuming " + assumptions if assumptions else "") + (("; " if assumptions else "") + note if note else "")
    return Step("Objective", problem.expression, Call(sp.Symbol("f"), *problem.variables), text, key=True)


def closed_form_steps(names, expressions, justification="", at_step=True):
    """One named, final step per variable: ``x_k = ...`` (``v_x = ...`` when not ``at_step``)."""
    steps = []
    for name, expression in zip(names, expressions):
        lhs = state_quantity(name, COUNTER if at_step else None)
        steps.append(Step(f"Closed form of {name}_k", expression, lhs, justification,
                          name=closed_form_name(name), key=True, final=True))
    return steps


def state_quantity(name, index=None):
    """The quantity a state variable's name denotes: ``x`` -> x, ``v_x`` -> v_x, with ``index``: x_k, v_{x,k}."""
    head, _, tail = name.partition("_")
    indices = ((sp.Symbol(tail),) if tail else ()) + ((index,) if index is not None else ())
    return Sub(sp.Symbol(head), *indices) if indices else sp.Symbol(head)


def unknown_closed_form_steps(names, reason, caveat=True):
    """Steps saying plainly that no closed form is known (kind ``"unknown"``); the first is the result's caveat."""
    return [Step(f"Closed form of {name}_k", kind="unknown", justification=reason, caveat=caveat and i == 0)
            for i, name in enumerate(names)]


def run_caveats(notes):
    """What a numeric run found that the result must carry (the Kantorovich bound violated), as caveat steps."""
    return [Step("The numeric run", kind="note", key=True, caveat=True, justification=note) for note in notes]


__all__ = ["EMPTY_VERIFICATION", "FLOAT64_TOLERANCE", "MPMATH_TOLERANCE", "VERIFICATION_FAILED_EXIT", "MethodResult",
           "check_parameter_values", "closed_form_name", "closed_form_steps",
           "exact_problem", "exact_value", "objective_step", "run_caveats", "start_point", "state_quantity",
           "unknown_closed_form_steps"]
