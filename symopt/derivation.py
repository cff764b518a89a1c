"""Derivations as data: small immutable steps of mathematics that the printers render.

A :class:`Derivation` is a title and a tuple of :class:`Step` objects. A step
is mathematics only: sympy objects for its two sides, a relation between them,
the name of the rule (its title) and a justification whose values are sympy
objects too. How a step looks in LaTeX, Markdown, text or at a terminal is
decided by :mod:`symopt.render` alone; the names sympy has no class for (x_{k+1},
x*, ∇f, ‖x‖) are :mod:`symopt.quantities`. Results are read *from* the steps
(``derivation.results``), so a printed derivation and the values returned to the
caller can never disagree. A step of kind ``"unknown"`` marks where a derivation
stops because no closed form is known.
"""

from dataclasses import dataclass, field

import sympy as sp

from .values import to_sympy


STEP_KINDS = ("equation", "note", "unknown")
#: The relations a step can state between its sides, and the sympy relation of each (None: no sympy class).
RELATIONS = {"=": sp.Eq, "<=": sp.Le, ">=": sp.Ge, "<": sp.Lt, ">": sp.Gt, "!=": sp.Ne, "in": sp.Contains,
             "~": None, "=>": None, "<=>": None, "is": None, "==": None}


def _piece(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return sp.Tuple(*value)
    if isinstance(value, sp.MatrixBase):
        return value
    return to_sympy(value)


def _justification(value):
    """A justification: prose, or a tuple of prose and sympy values (``("κ = L/μ = ", kappa)``)."""
    if value is None or isinstance(value, str):
        return value or ""
    return tuple(v if isinstance(v, str) else _piece(v) for v in value)


@dataclass(frozen=True)
class Step:
    """One step ``lhs relation rhs`` (or a note in prose), with the rule that justifies it.

    ``lhs`` and ``rhs`` are sympy objects (a tuple becomes a ``sympy.Tuple``);
    ``relation`` is one of :data:`RELATIONS`; ``title`` names the rule or the
    quantity; ``justification`` is prose or a tuple of prose and sympy values.
    ``name``, when set, makes the value available as
    ``derivation.results[name]``. ``key`` marks the steps that a "key steps only"
    rendering keeps; ``caveat`` marks a note the result carries as a warning
    (``derivation.caveats``: the run diverges, no closed form is known). Labels
    are not strings: a printer spells ``Sub(x, k + 1)`` as ``x_{k+1}`` in LaTeX
    and in text.
    """

    title: str
    rhs: object = None
    lhs: object = None
    justification: str = ""
    name: str = None
    relation: str = "="
    kind: str = "equation"
    key: bool = False
    final: bool = False
    caveat: bool = False

    def __post_init__(self):
        if self.kind not in STEP_KINDS:
            raise ValueError(f"step kind must be one of {STEP_KINDS}, got {self.kind!r}")
        if self.relation not in RELATIONS:
            raise ValueError(f"step relation must be one of {tuple(RELATIONS)}, got {self.relation!r}")
        if isinstance(self.lhs, str) or isinstance(self.rhs, str):
            raise TypeError(f"step {self.title!r}: its sides are sympy objects, not strings "
                            "(a name sympy lacks is in symopt.quantities)")
        if self.lhs is not None:
            object.__setattr__(self, "lhs", _piece(self.lhs))
        object.__setattr__(self, "justification", _justification(self.justification))
        if not isinstance(self.title, str):
            object.__setattr__(self, "title", _justification(self.title))

    @property
    def statement(self):
        """The step as one sympy relation (``Eq(lhs, rhs)``), or None for a note or a relation sympy lacks."""
        relation = RELATIONS.get(self.relation)
        if self.kind != "equation" or self.lhs is None or relation is None:
            return None
        return relation(self.lhs, self.rhs, evaluate=False)


@dataclass(frozen=True)
class Table:
    """A small table (the numeric verification of a derivation): a title, a header and rows of strings."""

    title: str
    header: tuple
    rows: tuple


@dataclass(frozen=True)
class Derivation:
    """A titled sequence of steps with optional tables; renders itself.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x = sp.Symbol('x')
    >>> from symopt.quantities import Nabla
    >>> f = sp.Symbol('f')
    >>> d = Derivation("Gradient", (Step("Objective", x**2, f),
    ...     Step("Differentiate", 2*x, Nabla(f), "power rule", name="gradient", final=True)))
    >>> d.results["gradient"]
    2*x
    >>> print(d.to_text())
    Gradient
    1. Objective: f = x**2
    2. Differentiate: grad f = 2*x  (power rule)
    """

    title: str
    steps: tuple = ()
    tables: tuple = ()
    metadata: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self):
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "tables", tuple(self.tables))

    @property
    def results(self):
        """``{step.name: step.rhs}`` for every named step (later steps win)."""
        return {s.name: s.rhs for s in self.steps if s.name}

    @property
    def result(self):
        """The value of the last step marked ``final`` (or of the last equation)."""
        finals = [s for s in self.steps if s.final] or [s for s in self.steps if s.kind == "equation"]
        return finals[-1].rhs if finals else None

    @property
    def caveats(self):
        """The steps marked ``caveat``: the warnings a result carries, in the order of the derivation."""
        return tuple(s for s in self.steps if s.caveat)

    @property
    def complete(self):
        """False when a step says that no closed form is known."""
        return not any(s.kind == "unknown" for s in self.steps)

    def extend(self, steps=(), tables=(), **metadata):
        """A new derivation with more steps and tables appended."""
        return Derivation(self.title, self.steps + tuple(steps), self.tables + tuple(tables),
                          {**self.metadata, **metadata})

    def key_steps(self):
        """The derivation reduced to its key and final steps."""
        return Derivation(self.title, tuple(s for s in self.steps if s.key or s.final), self.tables,
                          self.metadata)

    # rendering (the renderers and their options live in symopt.render) ------------------------
    def to_latex(self, **options):
        """LaTeX body: numbered ``align`` equations, boxed result, tables (see :func:`symopt.render.latex_body`)."""
        from .render import latex_body
        return latex_body(self, **options)

    def to_markdown(self, **options):
        """Markdown with ``$…$`` / ``$$…$$`` math for GitHub and Jupyter (see :func:`symopt.render.markdown`)."""
        from .render import markdown
        return markdown(self, **options)

    def to_text(self, **options):
        """Plain text, one step a line (see :func:`symopt.render.text`)."""
        from .render import text
        return text(self, **options)

    def _repr_latex_(self):
        from .render import equation_parts
        rows = []
        for step in self.steps:
            if step.kind == "equation":
                lhs, relation, rhs = equation_parts(step)
                rows.append(rhs if lhs is None else f"{lhs} &{relation} {rhs}")
        return r"$\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$"

    def __str__(self):
        return self.to_text()
