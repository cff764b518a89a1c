"""Derivations as data: small immutable steps that render to LaTeX, Markdown and text.

A :class:`Derivation` is a title and a tuple of :class:`Step` objects, each
with the expressions involved and a one-line justification. Its results are
read *from* the steps (``derivation.results``), so a printed derivation and the
values returned to the caller can never disagree. A step of kind ``"unknown"``
marks where a derivation stops because no closed form is known.
"""

from dataclasses import dataclass, field

import sympy as sp

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

    def latex_equation(self):
        """The step's equation in LaTeX (empty for notes)."""
        if self.kind != "equation":
            return ""
        rhs = _latex(self.rhs)
        if self.final:
            rhs = r"\boxed{" + rhs + "}"
        if self.lhs is None:
            return rhs
        relation = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "=>": r"\Rightarrow",
                    "~": r"\approx", "<=>": r"\iff"}.get(self.relation, self.relation)
        return f"{_latex(self.lhs)} &{relation} {rhs}"

    def text_equation(self):
        """The step's equation in plain text (empty for notes)."""
        if self.kind != "equation":
            return ""
        rhs = _text(self.rhs)
        if self.lhs is None:
            return rhs
        lhs = self.text_lhs if self.text_lhs is not None else _text(self.lhs)
        return f"{lhs} {self.relation} {rhs}"


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
    2. Differentiate: \\nabla f = 2*x  (power rule)
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

    # rendering ---------------------------------------------------------------------------------
    def to_latex(self):
        """An ``align*`` block per step group, notes as text; no preamble (see :mod:`symopt.latex` for documents)."""
        lines = []
        for number, step in enumerate(self.steps, 1):
            heading = rf"\paragraph{{{number}. {_escape(step.title)}}}"
            lines.append(heading + (" " + _escape(step.justification) if step.justification else ""))
            if step.kind == "equation":
                lines += [r"\begin{align*}", step.latex_equation(), r"\end{align*}"]
            elif step.kind == "unknown":
                lines.append(r"\emph{No closed form is known here.}")
        for table in self.tables:
            lines.append(_latex_table(table))
        return "\n".join(lines)

    def to_markdown(self):
        """Markdown with ``$…$`` / ``$$…$$`` math (GitHub and Jupyter)."""
        lines = [f"## {self.title}", ""]
        for number, step in enumerate(self.steps, 1):
            text = f"{number}. **{step.title}**" + (f" — {step.justification}" if step.justification else "")
            lines.append(text)
            if step.kind == "equation":
                lines += ["", "   $$" + step.latex_equation().replace("&", "") + "$$", ""]
            elif step.kind == "unknown":
                lines += ["", "   *No closed form is known here.*", ""]
        for table in self.tables:
            lines += ["", f"**{table.title}**", "", "| " + " | ".join(table.header) + " |",
                      "|" + "---|" * len(table.header)]
            lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in table.rows]
        return "\n".join(lines).rstrip() + "\n"

    def to_text(self):
        """Plain text, one step a line."""
        lines = [self.title]
        for number, step in enumerate(self.steps, 1):
            equation = step.text_equation()
            line = f"{number}. {step.title}" + (f": {equation}" if equation else "")
            if step.justification:
                line += f"  ({step.justification})" if equation else f": {step.justification}"
            if step.kind == "unknown":
                line += "  [no closed form known]"
            lines.append(line)
        for table in self.tables:
            lines.append(table.title)
            widths = [max(len(str(c)) for c in col) for col in zip(table.header, *table.rows)]
            for row in (table.header, *table.rows):
                lines.append("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
        return "\n".join(lines)

    def _repr_latex_(self):
        body = r" \\ ".join(s.latex_equation() for s in self.steps if s.kind == "equation")
        return r"$\begin{aligned}" + body + r"\end{aligned}$"

    def __str__(self):
        return self.to_text()


def _latex(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return r"\text{" + str(value) + "}"
    return sp.latex(value)


def _text(value):
    if isinstance(value, str):
        return value
    return sp.sstr(value)


_LATEX_SPECIALS = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                   "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _escape(text):
    """Escape prose for LaTeX, keeping ``$…$`` math spans as they are."""
    parts = str(text).split("$")
    out = []
    for index, part in enumerate(parts):
        out.append(part if index % 2 else "".join(_LATEX_SPECIALS.get(c, c) for c in part))
    return "$".join(out)


def _latex_table(table):
    columns = "l" * len(table.header)
    rows = [" & ".join(_escape(c) for c in table.header) + r" \\ \hline"]
    rows += [" & ".join(_escape(str(c)) for c in row) + r" \\" for row in table.rows]
    return "\n".join([rf"\paragraph{{{_escape(table.title)}}}", r"\begin{center}",
                      rf"\begin{{tabular}}{{{columns}}}", r"\hline", *rows, r"\hline", r"\end{tabular}",
                      r"\end{center}"])
