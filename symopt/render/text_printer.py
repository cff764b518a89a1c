"""Derivations as plain text, one step a line (the layout of ``Derivation.to_text()``, with options)."""

from .plain import plain_prose, text_value
from .prose import prose_of
from .view import each_prepared, table_cells


def text(derivations, title=None, key_steps=False, step_symbol=None, parameter_symbol=None,
         verification=True):
    """Plain text, one step a line (the same layout as ``Derivation.to_text()`` with options).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> eps = sp.Symbol('epsilon')
    >>> from symopt.quantities import Star
    >>> print(text(Derivation("D", (Step("Step", eps/2, Star(eps), "half of ε"),)), step_symbol="eta"))
    D
    1. Step: eta* = eta/2  (half of η)
    """
    blocks = []
    if title:
        blocks.append(" ".join(str(title).split()))
    for derivation, notation in each_prepared(derivations, key_steps, step_symbol, parameter_symbol):
        lines = [notation.prose(derivation.title)]
        for number, step in enumerate(derivation.steps, 1):
            equation = ""
            if step.kind == "equation":
                equation = text_value(step.rhs, notation)
                if step.lhs is not None:
                    equation = f"{text_value(step.lhs, notation, label=True)} {step.relation} {equation}"
            line = f"{number}. {plain_prose(prose_of(step.title), notation)}" + (f": {equation}" if equation else "")
            justification = plain_prose(prose_of(step.justification), notation)
            if justification:
                line += f"  ({justification})" if equation else f": {justification}"
            if step.kind == "unknown":
                line += "  [no closed form known]"
            lines.append(line)
        if verification:
            for table in derivation.tables:
                lines.append(notation.prose(table.title))
                rows = table_cells(table, lambda c: notation.prose(str(c)))
                widths = [max(len(c) for c in col) for col in zip(*rows)]
                for row in rows:
                    lines.append(("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths))).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
