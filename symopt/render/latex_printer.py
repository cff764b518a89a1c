"""A derivation as a LaTeX section body: the problem as stated, numbered steps, booktabs tables.

The complete, compilable sheet around it is :func:`symopt.render.sheet.document`.
"""

import re

import sympy as sp

from .equations import equation_parts, latex_value, math_span
from .notation import Notation
from .prose import prose_latex, prose_of, sentence
from .view import prepared, table_cells


def latex_body(derivation, key_steps=False, step_symbol=None, parameter_symbol=None, verification=True,
               label_prefix="d1"):
    r"""One derivation as a LaTeX section body: numbered equations, boxed result, booktabs tables.

    Needs ``amsmath`` and ``booktabs`` (see :func:`symopt.render.document`).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x = sp.Symbol('x')
    >>> body = latex_body(Derivation("D", (Step("Square", x**2, sp.Symbol("f"), "given ε"),)))
    >>> print(body)
    \paragraph{1.~Square} Given $\epsilon$.
    \begin{align}
    f &= x^{2} \label{eq:d1-1}
    \end{align}
    """
    derivation, notation = prepared(derivation, key_steps, step_symbol, parameter_symbol)
    lines = []
    for number, step in enumerate(derivation.steps, 1):
        heading = rf"\paragraph{{{number}.~{prose_latex(prose_of(step.title, math_span(notation)), notation)}}}"
        if step.kind == "unknown":
            heading += r" \emph{No closed form is known here.}"
        if step.justification:
            heading += " " + sentence(prose_latex(prose_of(step.justification, math_span(notation)), notation))
        lines.append(heading)
        if step.kind == "equation":
            lhs, relation, rhs = equation_parts(step, notation)
            equation = rhs if lhs is None else _aligned(lhs, relation, rhs)
            lines += [r"\begin{align}", equation + rf" \label{{eq:{label_prefix}-{number}}}", r"\end{align}"]
    if verification:
        for number, table in enumerate(derivation.tables, 1):
            lines.append(latex_table(table, notation))
    return "\n".join(lines)


def _statement_steps(derivation):
    objective = next((s for s in derivation.steps
                      if s.kind == "equation" and prose_of(s.title).startswith("Objective")), None)
    start = next((s for s in derivation.steps if s.kind == "equation" and s.title == "Start"), None)
    return objective, start


def latex_problem(derivation, key_steps=False, step_symbol=None, parameter_symbol=None):
    r"""The problem as stated, in LaTeX: objective, assumptions, start and what is asked ("" if unknown).

    The objective and the start point are read from the steps titled
    ``Objective`` and ``Start``; what is asked is ``metadata["asked"]`` (prose,
    mathematics found as in titles) or, by default, the derivation's title and
    the quantities its final steps box.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x = sp.Symbol('x')
    >>> from symopt.quantities import Call, Sub
    >>> k = sp.Symbol('k')
    >>> print(latex_problem(Derivation("Newton's method", (Step("Objective", x**4, Call(sp.Symbol('f'), x),
    ...     "assuming x real"), Step("Start", sp.Integer(1), Sub(x, 0)), Step("Iterate", x, Sub(x, k), final=True)))))
    Consider
    \[ f(x) = x^{4}, \]
    assuming $x$ real, starting from $x_{0} = 1$.
    \par\smallskip\textbf{Asked.} Newton's method; find $x_{k}$.
    """
    objective, start = _statement_steps(derivation)
    if objective is None:
        return ""
    notation = Notation(derivation, step_symbol, parameter_symbol)
    lhs, relation, rhs = equation_parts(objective.__class__(**{**objective.__dict__, "final": False}), notation)
    lines = ["Consider", rf"\[ {rhs if lhs is None else f'{lhs} {relation} {rhs}'}, \]"]
    condition = prose_latex(prose_of(objective.justification, math_span(notation)), notation).strip().rstrip(".")
    condition = condition[:1].lower() + condition[1:] if re.match(r"[A-Z][a-z]", condition) else condition
    if start is not None:
        s_lhs, s_relation, s_rhs = equation_parts(start.__class__(**{**start.__dict__, "final": False}), notation)
        origin = f"starting from ${s_lhs} {s_relation} {s_rhs}$"
        condition = f"{condition}, {origin}" if condition else origin
    if condition:
        lines.append(condition + ".")
    asked = (derivation.metadata or {}).get("asked")
    if asked:
        lines.append(r"\par\smallskip\textbf{Asked.} " + sentence(prose_latex(asked, notation)))
    else:
        finals = [equation_parts(s, notation)[0] for s in derivation.steps if s.final and s.lhs is not None]
        found = "; find " + ", ".join(f"${f}$" for f in finals) if finals else ""
        lines.append(r"\par\smallskip\textbf{Asked.} " + sentence(prose_latex(derivation.title, notation) + found))
    return "\n".join(lines)


def _aligned(lhs, relation, rhs):
    """``lhs &relation rhs``: the equations of a step align at the relation."""
    return f"{lhs} &{relation} {rhs}"


#: Rows longer than this many characters make a table wrap its columns to the line width.
WRAP_TABLE_CHARACTERS = 70


def latex_table(table, notation=None):
    r"""A :class:`~symopt.derivation.Table` as a ``booktabs`` table with its title as caption.

    A table whose rows are too long for one line (verification tables with their
    ranges) becomes a ``tabularx`` spanning the line width, its cells wrapped.
    """
    cells = table_cells(table, lambda c: _latex_cell(c, notation))
    width = len(cells[0])
    rows = [" & ".join(row) + r" \\" for row in cells]
    longest = max(sum(len(str(c)) for c in row) for row in (table.header, *table.rows))
    if longest > WRAP_TABLE_CHARACTERS:
        begin = r"\begin{tabularx}{\linewidth}{" + r">{\raggedright\arraybackslash}X" * width + "}"
        end = r"\end{tabularx}"
    else:
        begin, end = rf"\begin{{tabular}}{{{'l' * width}}}", r"\end{tabular}"
    return "\n".join([r"\begin{table}[!htbp]", r"\centering", rf"\caption{{{prose_latex(table.title, notation)}}}",
                      begin, r"\toprule", rows[0], r"\midrule", *rows[1:], r"\bottomrule", end, r"\end{table}"])


def _latex_cell(cell, notation):
    if isinstance(cell, sp.Basic):
        return "$" + latex_value(cell, notation, allow_alignment=False) + "$"
    return prose_latex(str(cell), notation)
