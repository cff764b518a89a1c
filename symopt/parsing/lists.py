"""Lists of names and of assignments: ``--vars x,y`` and ``--set x=1, y=b``."""

import re

import sympy as sp

from ..errors import ParseError
from ..limits import MAX_LENGTH, MAX_NAMES
from .expressions import build, expect_expr, make_limits
from .names import Names, check_name
from .normalise import check_length, normalise


def split_top(text, cols, separators=",;", words=()):
    """Split normalised text at separators outside brackets; yields (piece, piece_cols)."""
    depth, start, pieces = 0, 0, []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and ch in separators:
            pieces.append((text[start:i], cols[start:i]))
            start = i + 1
        elif depth == 0 and words:
            for word in words:
                if (text.startswith(word, i) and (i == 0 or not text[i - 1].isalnum())
                        and (i + len(word) == len(text) or not text[i + len(word)].isalnum())):
                    pieces.append((text[start:i], cols[start:i]))
                    start = i + len(word)
                    i = start - 1
                    break
        i += 1
    pieces.append((text[start:], cols[start:]))
    return pieces


def parse_names(text):
    """Parse a list of names such as ``"x,y"`` or ``"x y"`` into ``['x', 'y']``.

    Names are ASCII identifiers (Greek letters such as ``α`` become ``alpha``;
    ``lambda`` becomes ``lamda``), not function or constant names (``gamma``
    and ``e`` are allowed), without repetitions.

    >>> from symopt.parsing import parse_names
    >>> parse_names('x, y')
    ['x', 'y']
    >>> parse_names('b lambda')
    ['b', 'lamda']
    """
    check_length(text)
    ascii_text, cols = normalise(text)
    names, seen = [], set()
    for match in re.finditer(r"[^\s,;]+", ascii_text):
        col = cols[match.start()]
        name = check_name(match.group(), col)
        if name in seen:
            raise ParseError(f"name '{name}' at column {col} is repeated", col)
        seen.add(name)
        names.append(name)
        if len(names) > MAX_NAMES:
            raise ParseError(f"more than {MAX_NAMES} names (at column {col})", col)
    return names


def parse_assignments(text, symbols=None, *, lists=False, **limits):
    """Parse ``"x=1, y=2"`` (or ``;``-separated) into ``{'x': 1, 'y': 2}`` with sympy values.

    Values are parsed with :func:`parse_expression` using ``symbols``. With
    ``lists=True`` a value may also be a list ``[v1, v2, ...]`` (a sweep of
    values), returned as a tuple.

    >>> from symopt.parsing import parse_assignments
    >>> parse_assignments('x=1/2; y=b')
    {'x': 1/2, 'y': b}
    >>> parse_assignments('b=[1/2, 1], c=3', lists=True)
    {'b': (1/2, 1), 'c': 3}
    """
    check_length(text, limits.get("max_length", MAX_LENGTH))
    ascii_text, cols = normalise(text)
    result = {}
    for piece, piece_cols in split_top(ascii_text, cols):
        if not piece.strip():
            continue
        match = re.fullmatch(r"\s*([^=<>!]*?)\s*=(?!=)(.*)", piece)
        if match is None:
            col = piece_cols[len(piece) - len(piece.lstrip())] if piece_cols else None
            raise ParseError(f"expected 'name = value' at column {col}", col)
        name_col = piece_cols[match.start(1)] if match.group(1) else piece_cols[0]
        name = check_name(match.group(1), name_col)
        if name in result:
            raise ParseError(f"'{name}' is assigned twice (column {name_col})", name_col)
        value_cols = piece_cols[match.start(2):]
        if not match.group(2).strip():
            raise ParseError(f"missing value for '{name}' (column {name_col})", name_col)
        value = build(match.group(2), value_cols, Names(symbols), make_limits(**limits), value_cols[-1] + 1)
        if lists and isinstance(value, sp.MatrixBase) and value.cols <= 1 and match.group(2).lstrip().startswith("["):
            result[name] = tuple(expect_expr(item) for item in value)
        else:
            result[name] = expect_expr(value)
    return result
