"""Derivations for a person at a terminal: sympy's pretty printing, prose and tables wrapped to the width.

``use_unicode=False`` (the command line's ``--ascii``) writes ASCII only.
"""

import sympy as sp

from .characters import to_ascii
from .equations import latex_value
from .plain import plain_prose, unicode_label
from .prose import prose_of
from .quantities import RELATIONS, has_quantity
from .view import each_prepared, table_cells


#: Columns of a terminal whose width is unknown.
TERMINAL_WIDTH = 100


def _pretty_form(value, notation, use_unicode):
    from sympy.printing.pretty.pretty import PrettyPrinter
    from sympy.printing.pretty.stringpict import prettyForm
    if has_quantity(value):  # names sympy's pretty printer lacks (x_{k+1}, ∇f): their LaTeX, for a terminal
        return prettyForm(unicode_label(latex_value(value, notation), use_unicode))
    if isinstance(value, sp.Basic) and notation:
        value = value.xreplace({s: sp.Symbol(new) for s, new in notation.text_names(value).items()})
    if isinstance(value, sp.Basic) and value.has(sp.Max, sp.Min):
        # sympy's pretty printer has no Max/Min and falls back to str: Max(Abs(epsilon - 1), ...)
        value = value.replace(lambda e: isinstance(e, (sp.Max, sp.Min)),
                              lambda e: sp.Function("max" if isinstance(e, sp.Max) else "min")(*e.args))
    return PrettyPrinter({"use_unicode": use_unicode, "wrap_line": False})._print(value)


def _pretty_equation(step, notation, use_unicode):
    from sympy.printing.pretty.stringpict import prettyForm, stringPict
    rhs = _pretty_form(step.rhs, notation, use_unicode)
    if step.lhs is None:
        return rhs
    lhs = _pretty_form(step.lhs, notation, use_unicode)
    relation = RELATIONS[step.relation][1]
    relation = relation if use_unicode else to_ascii(relation)
    return prettyForm(*stringPict.next(lhs, f" {relation} " if relation else " ", rhs))


def _wrap_prose(text, width, indent):
    import textwrap
    return textwrap.fill(text, width=max(width, 20), initial_indent=indent, subsequent_indent=indent + "    ",
                         break_long_words=False, break_on_hyphens=False)


def _column_widths(rows, available):
    natural = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    if sum(natural) <= available:
        return natural
    widths, remaining, columns = list(natural), available, list(range(len(natural)))
    while columns:
        share = remaining // len(columns)
        narrow = [i for i in columns if natural[i] <= share]
        if not narrow:
            for i in columns:
                widths[i] = max(share, 8)
            break
        for i in narrow:
            widths[i] = natural[i]
            remaining -= natural[i]
            columns.remove(i)
    return widths


def _text_table(table, notation, width, use_unicode):
    import textwrap
    convert = (lambda c: c) if use_unicode else to_ascii
    rows = table_cells(table, lambda c: convert(plain_prose(str(c), notation)))
    columns = len(rows[0])
    widths = _column_widths(rows, width - 2 - 2 * (columns - 1))
    lines = [convert(plain_prose(table.title, notation))]
    for number, row in enumerate(rows):
        cells = [textwrap.wrap(c, w, break_long_words=True) or [""] for c, w in zip(row, widths)]
        for depth in range(max(len(c) for c in cells)):
            lines.append(("  " + "  ".join((c[depth] if depth < len(c) else "").ljust(w)
                                           for c, w in zip(cells, widths))).rstrip())
        if number == 0:
            lines.append("  " + "  ".join("─" * w if use_unicode else "-" * w for w in widths))
    return lines


def pretty(derivations, title=None, key_steps=False, step_symbol=None, parameter_symbol=None,
           verification=True, width=TERMINAL_WIDTH, use_unicode=True):
    """A derivation for a person at a terminal: sympy's pretty printing, prose and tables wrapped to ``width``.

    ``use_unicode=False`` writes ASCII only (for plain terminals).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x, b = sp.symbols('x b')
    >>> print(pretty(Derivation("D", (Step("Objective", b*x**2/2, sp.Symbol("f"), "assuming 0 < b <= 1"),))))
    D
    <BLANKLINE>
     1. Objective  (assuming 0 < b ≤ 1)
    <BLANKLINE>
               2
            b⋅x
        f = ────
             2
    """
    from sympy.printing.pretty.pretty_symbology import pretty_use_unicode
    # sympy's fraction bars and brackets follow a global switch; set it for this rendering only
    previous = pretty_use_unicode(use_unicode)
    try:
        return _pretty(derivations, title, key_steps, step_symbol, parameter_symbol, verification, width,
                       use_unicode)
    finally:
        pretty_use_unicode(previous)


def _pretty(derivations, title, key_steps, step_symbol, parameter_symbol, verification, width, use_unicode):
    blocks = []
    convert = (lambda c: c) if use_unicode else to_ascii
    if title:
        blocks.append(convert(" ".join(str(title).split())))
    for derivation, notation in each_prepared(derivations, key_steps, step_symbol, parameter_symbol):
        lines = [convert(plain_prose(derivation.title, notation, scripts=use_unicode))]
        for number, step in enumerate(derivation.steps, 1):
            heading = f"{number:2d}. " + plain_prose(prose_of(step.title), notation, scripts=use_unicode)
            justification = plain_prose(prose_of(step.justification), notation, scripts=use_unicode)
            if justification:
                heading += f"  ({justification})"
            if step.kind == "unknown":
                heading += "  [no closed form known]"
            lines += ["", _wrap_prose(convert(heading), width, "")]
            if step.kind == "equation":
                form = _pretty_equation(step, notation, use_unicode)
                rendered = form.render(wrap_line=True, num_columns=width - 4, use_unicode=use_unicode)
                lines += [""] + ["    " + line if line.strip() else "" for line in rendered.split("\n")]
        if verification:
            for table in derivation.tables:
                lines += [""] + _text_table(table, notation, width, use_unicode)
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks)
