"""The assumption grammar: ``"0<b<=1, k integer nonnegative"`` becomes Domains.

Clauses are comparisons with numeric bounds, interval membership or words;
each becomes one :class:`~symopt.assumptions.Domain`, and clauses on one name
are intersected by :func:`parse_domains`. Bounds are parsed by the same safe
pipeline as formulas.
"""

import ast
import re

import sympy as sp

from ..assumptions import Domain, merge_domains
from ..errors import ParseError, SymoptError
from .builder import Builder
from .expressions import build, expect_expr, make_limits
from .lists import split_top
from .names import Names, check_name
from .normalise import check_length, normalise
from .tokens import python_source
from .tree import parse_tree

_ADJECTIVE = r"(?:integer|natural|real|positive|negative|non-?negative|non-?positive)"
_ADJECTIVES = rf"{_ADJECTIVE}(?:\s+{_ADJECTIVE})*"
_WORD_NAME = r"[A-Za-z][A-Za-z0-9_]*"
_NAME_FIRST = re.compile(rf"\s*({_WORD_NAME})\s+(?:is\s+)?(?:(?:an|a)\s+)?({_ADJECTIVES})\s*", re.I)
_NAME_LAST = re.compile(rf"\s*({_ADJECTIVES})\s+({_WORD_NAME})\s*", re.I)
_ONLY_ADJECTIVES = re.compile(rf"\s*(?:is\s+)?(?:(?:an|a)\s+)?({_ADJECTIVES})\s*", re.I)
_INTERVAL = re.compile(rf"\s*({_WORD_NAME})\s+in\s+([\[(])(.*),(.*)([\])])\s*")
_INFINITY = {"oo", "inf", "infinity"}
_ADJECTIVE_DOMAINS = {
    "integer": dict(integer=True), "natural": dict(integer=True, lower=0),
    "real": {}, "positive": dict(lower=0, lower_open=True), "negative": dict(upper=0, upper_open=True),
    "nonnegative": dict(lower=0), "nonpositive": dict(upper=0),
}


def _domain_from_adjectives(name, words):
    domains = [Domain(name, **_ADJECTIVE_DOMAINS[w.lower().replace("-", "")]) for w in words.split()]
    return merge_domains(domains)[name]


def parse_assumptions(text):
    """Parse assumptions such as ``"0<b<=1, k integer nonnegative"`` into a list of Domains.

    Clauses are separated by ``,``, ``;`` or ``and``: comparisons with
    numeric bounds (``b>0``, ``0<b<=1``, ``1 >= b > 0``; bounds may be
    ``1/2``, ``pi``, ``sqrt(2)``, floats), interval membership
    (``b in (0, 1]``, ``b ∈ [0, oo)``) and words (``k integer``,
    ``k nonnegative integer``, ``k is a positive integer``, ``positive b``,
    ``n natural``).  ``natural`` means an integer ``>= 0``.  A clause of words
    only (``k integer and nonnegative``) refers to the previous name.  One
    Domain per clause; clauses on the same name are intersected by
    :func:`parse_domains` (or :func:`~symopt.assumptions.merge_domains`).
    A clause that contradicts itself raises
    :class:`~symopt.errors.AssumptionError`, malformed text ParseError.

    >>> from symopt.parsing import parse_assumptions
    >>> [d.describe() for d in parse_assumptions('0<b<=1, k nonnegative integer')]
    ['0 < b <= 1', 'k integer, k >= 0']
    """
    check_length(text)
    ascii_text, cols = normalise(text)
    domains = []
    previous = None
    for piece, piece_cols in split_top(ascii_text, cols, words=("and",)):
        if not piece.strip():
            if ascii_text.strip():
                col = piece_cols[0] if piece_cols else len(text) + 1
                raise ParseError(f"empty assumption at column {col}", col)
            continue
        try:
            domain = _parse_clause(piece, piece_cols, previous)
        except SymoptError:
            raise
        except (RecursionError, MemoryError, OverflowError, ValueError, TypeError, ArithmeticError,
                AttributeError) as exc:
            raise ParseError(f"cannot understand the assumption '{piece.strip()}': {exc}") from None
        previous = domain.name
        domains.append(domain)
    return domains


def parse_domains(text):
    """Parse assumptions and intersect clauses on the same name: ``{name: Domain}``.

    Contradictions (``b>1, b<0``) raise :class:`~symopt.errors.AssumptionError`.

    >>> from symopt.parsing import parse_domains
    >>> parse_domains('b>0; b<=1')['b'].describe()
    '0 < b <= 1'
    """
    return merge_domains(parse_assumptions(text))


def _parse_clause(piece, cols, previous):
    start_col = cols[len(piece) - len(piece.lstrip())] if piece.strip() else cols[0]
    match = _NAME_FIRST.fullmatch(piece)
    if match and not re.fullmatch(_ADJECTIVE, match.group(1), re.I):
        return _domain_from_adjectives(check_name(match.group(1), start_col), match.group(2))
    match = _NAME_LAST.fullmatch(piece)
    if match:
        return _domain_from_adjectives(check_name(match.group(2), cols[match.start(2)]), match.group(1))
    match = _ONLY_ADJECTIVES.fullmatch(piece)
    if match:
        if previous is None:
            raise ParseError(f"assumption at column {start_col} does not say which name it is about", start_col)
        return _domain_from_adjectives(previous, match.group(1))
    match = _INTERVAL.fullmatch(piece)
    if match:
        name = check_name(match.group(1), cols[match.start(1)])
        lower = _bound(match.group(3), cols[match.start(3):match.end(3)], allow=-1)
        upper = _bound(match.group(4), cols[match.start(4):match.end(4)], allow=+1)
        return Domain(name, lower, lower is not None and match.group(2) == "(",
                      upper, upper is not None and match.group(5) == ")")
    return _relation_clause(piece, cols, start_col)


def _bound(text, cols, allow):
    """A numeric bound; ``oo``/``inf`` (with the sign ``allow``) means no bound (None)."""
    stripped = text.strip().lower().replace(" ", "")
    if stripped.lstrip("+-") in _INFINITY:
        sign = -1 if stripped.startswith("-") else 1
        if sign != allow:
            col = cols[0] if cols else None
            raise ParseError(f"infinite bound at column {col} is on the wrong side", col)
        return None
    if not text.strip():
        col = cols[0] if cols else None
        raise ParseError(f"missing bound at column {col}", col)
    value = expect_expr(build(text, cols, Names(), make_limits(), cols[-1] + 1))
    return _numeric_bound(value, cols[len(text) - len(text.lstrip())])


def _numeric_bound(value, col):
    """A real number; floats become the rational with the same decimal digits (0.5 -> 1/2)."""
    if value.free_symbols or not value.is_number or value.is_extended_real is not True or value.is_infinite:
        raise ParseError(f"bound at column {col} must be a real number, got {value}", col)
    return sp.nsimplify(value, rational=True) if value.is_Float else value


_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}


def _relation_clause(piece, cols, start_col):
    limits, names = make_limits(), Names()
    source, posmap = python_source(piece, cols, names, limits, cols[-1] + 1)
    body = parse_tree(source, posmap, limits)
    builder = Builder(source, posmap, names)
    if not isinstance(body, ast.Compare) or not all(isinstance(op, tuple(_FLIP)) for op in body.ops):
        raise ParseError(f"could not understand the assumption '{piece.strip()}' at column {start_col}; write "
                         f"for example 'b > 0', '0 < b <= 1', 'b in (0, 1]' or 'k integer nonnegative'", start_col)
    operands = [body.left, *body.comparators]
    candidates = [i for i, node in enumerate(operands)
                  if isinstance(node, ast.Name) and node.id not in ("pi", "E") and node.id not in _INFINITY]
    if len(candidates) > 1:
        candidates = [i for i in candidates if operands[i].id != "e"]
    if len(candidates) != 1:
        raise ParseError(f"an assumption compares exactly one name with numbers (column {start_col})", start_col)
    index = candidates[0]
    if len(operands) == 3 and index != 1:
        raise ParseError(f"write a double inequality with the name in the middle, as in 0 < b <= 1 "
                         f"(column {start_col})", start_col)
    if len(operands) > 3:
        raise ParseError(f"too many comparisons in one assumption (column {start_col})", start_col)
    if len(operands) == 3 and (type(body.ops[0]) in (ast.Lt, ast.LtE)) != (type(body.ops[1]) in (ast.Lt, ast.LtE)):
        raise ParseError(f"both comparisons of a double inequality must point the same way "
                         f"(column {start_col})", start_col)
    name = check_name(operands[index].id, builder.col(operands[index]))
    bounds = dict(lower=None, lower_open=False, upper=None, upper_open=False)
    for position, op in enumerate(body.ops):
        other = operands[position + 1] if position == index else operands[position]
        op_type = type(op) if position == index else _FLIP[type(op)]   # now reads: name <op> other
        value = _relation_bound(builder, other)
        if value is None:
            continue
        side = "upper" if op_type in (ast.Lt, ast.LtE) else "lower"
        bounds[side] = value
        bounds[f"{side}_open"] = op_type in (ast.Lt, ast.Gt)
    return Domain(name, **bounds)


def _relation_bound(builder, node):
    if isinstance(node, ast.Name) and node.id in _INFINITY:
        return None
    if (isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Name)
            and node.operand.id in _INFINITY):
        return None
    return _numeric_bound(builder.expr(node), builder.col(node))
