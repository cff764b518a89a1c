"""Derivations as Markdown for GitHub and Jupyter: ``$…$`` inline math, ``$$`` display blocks, references."""

import sympy as sp

from ..citations import works_cited
from .equations import equation_parts, latex_value, math_span
from .prose import markdown_text, prose_markdown, prose_of, sentence
from .view import each_prepared, table_cells


def markdown(derivations, title=None, key_steps=False, step_symbol=None, parameter_symbol=None,
             verification=True):
    r"""Markdown for GitHub and Jupyter: ``$…$`` inline math, ``$$`` display blocks on their own lines.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x = sp.Symbol('x')
    >>> print(markdown(Derivation("D", (Step("Square", x**2, sp.Symbol("f"), final=True),)), step_symbol="eta"))
    ## D
    <BLANKLINE>
    **1. Square**
    <BLANKLINE>
    $$
    f = \boxed{x^{2}} \tag{1}
    $$
    <BLANKLINE>
    """
    lines = []
    if title:
        lines += ["# " + prose_markdown(title.replace("$", r"\$")), ""]
    equation_number = 0
    for derivation, notation in each_prepared(derivations, key_steps, step_symbol, parameter_symbol):
        lines += [f"## {prose_markdown(derivation.title, notation)}", ""]
        for number, step in enumerate(derivation.steps, 1):
            text = f"**{number}. {prose_markdown(prose_of(step.title, math_span(notation)), notation)}**"
            if step.kind == "unknown":
                text += " *No closed form is known here.*"
            if step.justification:
                text += " " + sentence(prose_markdown(prose_of(step.justification, math_span(notation)), notation))
            lines += [text, ""]
            if step.kind == "equation":
                equation_number += 1
                lhs, relation, rhs = equation_parts(step, notation)
                equation = rhs if lhs is None else f"{lhs} {relation} {rhs}"
                lines += ["$$", equation + rf" \tag{{{equation_number}}}", "$$", ""]
        if verification:
            for table in derivation.tables:
                cells = table_cells(table, lambda c: _markdown_cell(c, notation))
                rows = ["| " + " | ".join(row) + " |" for row in cells]
                lines += [f"**{prose_markdown(table.title, notation)}**", "", rows[0], "|" + " --- |" * len(cells[0]),
                          *rows[1:], ""]
    works = works_cited("\n".join(lines))
    if works:
        lines += ["## References", ""] + [f"{number}. {markdown_text(work.entry)}" for number, work in
                                           enumerate(works, 1)]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_cell(cell, notation):
    if isinstance(cell, sp.Basic):
        return "$" + latex_value(cell, notation, allow_alignment=False).replace("|", r"\vert ") + "$"
    return prose_markdown(str(cell), notation)
