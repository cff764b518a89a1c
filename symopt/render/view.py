"""What every printer shows of a derivation: the steps asked for, in the notation asked for, and its tables.

The printers take the same options (``key_steps``, ``step_symbol``,
``parameter_symbol``) and read the same table cells; this is where they meet, so
that LaTeX, Markdown and text cannot disagree about what a sheet holds.
"""

from .notation import Notation


def prepared(derivation, key_steps=False, step_symbol=None, parameter_symbol=None):
    """``(derivation, notation)`` as a printer shows it: only its key steps if asked, and its renaming."""
    derivation = derivation.key_steps() if key_steps else derivation
    return derivation, Notation(derivation, step_symbol, parameter_symbol)


def each_prepared(derivations, key_steps, step_symbol, parameter_symbol):
    """:func:`prepared` for one derivation or each of a list or tuple of them."""
    for derivation in list(derivations) if isinstance(derivations, (list, tuple)) else [derivations]:
        yield prepared(derivation, key_steps, step_symbol, parameter_symbol)


def table_cells(table, cell):
    """The header and rows of a table, each cell spelled by ``cell``, short rows padded with ``""``."""
    rows = [tuple(cell(c) for c in row) for row in (table.header, *table.rows)]
    width = max(len(row) for row in rows)
    return [row + ("",) * (width - len(row)) for row in rows]
