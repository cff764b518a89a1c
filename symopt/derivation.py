"""Derivations as data: small immutable steps that render to LaTeX, Markdown and text.

A :class:`Derivation` is a title and a tuple of :class:`Step` objects, each
with the expressions involved and a one-line justification. Its results are
read *from* the steps (``derivation.results``), so a printed derivation and the
values returned to the caller can never disagree. A step of kind ``"unknown"``
marks where a derivation stops because no closed form is known.
"""

from dataclasses import dataclass, field


STEP_KINDS = ("equation", "note", "unknown")


@dataclass(frozen=True)
class Step:
    """One step ``lhs = rhs`` (or a prose note), with the rule that justifies it.

    ``lhs`` is a sympy object or a trusted LaTeX label such as ``"x_k"``; ``text_lhs``
    is its plain-text spelling (defaults to ``lhs``). ``name``, when set, makes the
    value available as ``derivation.results[name]``. ``key`` marks the steps that a
    "key steps only" rendering keeps.
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
    text_lhs: str = None

    def __post_init__(self):
        if self.kind not in STEP_KINDS:
            raise ValueError(f"step kind must be one of {STEP_KINDS}, got {self.kind!r}")


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
    >>> d = Derivation("Gradient", (Step("Objective", x**2, "f"),
    ...     Step("Differentiate", 2*x, r"\\nabla f", "power rule", name="gradient", final=True)))
    >>> d.results["gradient"]
    2*x
    >>> print(d.to_text())
    Gradient
    1. Objective: f = x**2
    2. Differentiate: ∇ f = 2*x  (power rule)
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
