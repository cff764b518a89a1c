"""Tokens: normalised text becomes Python source for ``ast.parse``, with a column map.

The tokeniser refuses characters outside the grammar (with a hint), unbalanced
or too deeply nested brackets and non-decimal literals; names are classified
(declared symbol, constant, function call, or letters to split), and
juxtaposition becomes an explicit ``*``. Nothing here builds a sympy object.
"""

import keyword
import re
from dataclasses import dataclass

from ..errors import ParseError
from ..limits import MAX_NUMBER_LITERAL
from .names import GREEK_NAMES, keyword_alias, unknown_function

_TOKEN_RE = re.compile(r"""
    (?P<ws>[ ]+)
  | (?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|==|<=|>=|!=|[-+*/^()\[\]{},=<>])
""", re.VERBOSE)

_WORD_TAIL_RE = re.compile(r"[0-9A-Za-z_]*")

_CHAR_HINTS = {
    ".": "attribute access with '.' is not supported",
    ":": "':' is not supported (no slices, dictionaries or ':=')",
    "'": "quotes are not allowed: text strings are not part of a formula",
    '"': "quotes are not allowed: text strings are not part of a formula",
    "!": "'!' is not supported; write factorial(n)",
    "%": "'%' is not supported",
    ";": "';' separates items only in lists of assignments or assumptions",
    "@": "'@' is not supported", "&": "'&' is not supported", "|": "'|' is not supported; write abs(x)",
    "~": "'~' is not supported", "#": "'#' is not supported", "\\": "'\\' is not supported",
    "`": "'`' is not supported", "$": "'$' is not supported (LaTeX is not accepted)",
    "?": "'?' is not supported",
}
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}


@dataclass
class _Token:
    kind: str   # 'num', 'name', 'op'
    text: str
    col: int


def _tokenise(text, cols, max_depth):
    tokens = []
    pos, n = 0, len(text)
    stack = []
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            ch = text[pos]
            hint = _CHAR_HINTS.get(ch, f"'{ch}' is not allowed")
            raise ParseError(f"{hint} (column {cols[pos]})", cols[pos])
        kind, value, col = m.lastgroup, m.group(), cols[pos]
        pos = m.end()
        if kind == "ws":
            continue
        if value == "/" and text.startswith("/", pos):
            raise ParseError(f"'//' (integer division) at column {col} is not supported", col)
        if kind == "num" and len(value) > MAX_NUMBER_LITERAL:
            raise ParseError(f"number at column {col} has more than {MAX_NUMBER_LITERAL} characters", col)
        if kind == "num" and value == "0" and re.match(r"[xXbBoO][0-9A-Fa-f]", text[pos:pos + 2]):
            # '0x10' would otherwise read as 0*x10 = 0, silently
            literal = value + _WORD_TAIL_RE.match(text, pos).group()
            raise ParseError(f"'{literal}' at column {col}: hexadecimal, binary and octal "
                             "literals are not supported; write the number in decimal", col)
        if kind == "op" and value in _OPENERS:
            stack.append((value, col))
            if len(stack) > max_depth:
                raise ParseError(f"brackets nested deeper than {max_depth} levels at column {col}", col)
        elif kind == "op" and value in _CLOSERS:
            if not stack or stack[-1][0] != _CLOSERS[value]:
                raise ParseError(f"unmatched '{value}' at column {col}", col)
            stack.pop()
        tokens.append(_Token(kind, value, col))
    if stack:
        opener, col = stack[-1]
        raise ParseError(f"'{opener}' at column {col} is never closed", col)
    return tokens


def _check_name_token(tok):
    name = tok.text
    if name.startswith("_") or "__" in name:
        raise ParseError(f"name '{name}' at column {tok.col} is not allowed (names may not start with '_' "
                         f"or contain '__')", tok.col)
    # True is the "otherwise" condition of Piecewise; the builder refuses it anywhere else
    if keyword.iskeyword(name) and name not in ("lambda", "True"):
        raise ParseError(f"'{name}' at column {tok.col} is a reserved word and not allowed in a formula", tok.col)


def _classify(tokens, names):
    """Resolve names into kinds ('sym', 'func') and split 'xy' into 'x', 'y' when declared."""
    out = []
    for i, tok in enumerate(tokens):
        if tok.kind != "name":
            out.append((tok.kind if tok.kind == "num" else tok.text, tok))
            continue
        _check_name_token(tok)
        tok = _Token("name", keyword_alias(tok.text), tok.col)
        name = tok.text
        call = i + 1 < len(tokens) and tokens[i + 1].text == "("
        if names.is_declared(name) or names.is_constant(name):
            out.append(("sym", tok))
        elif names.is_function(name):
            if call:
                out.append(("func", tok))
            elif name in GREEK_NAMES:
                out.append(("sym", tok))
            else:
                raise ParseError(f"function '{name}' at column {tok.col} needs parentheses, "
                                 f"as in {name}(x)", tok.col)
        elif names.can_split(name):
            out.extend(("sym", _Token("name", c, tok.col + j)) for j, c in enumerate(name))
        elif call and len(name) > 1 and name not in GREEK_NAMES:
            raise unknown_function(name, tok.col)
        else:
            out.append(("sym", tok))
    return out


def _implicit_products(classified):
    """Insert '*' for juxtaposition; return the list of (text, col)."""
    out = []
    prev = None
    for kind, tok in classified:
        if prev in ("num", "sym", ")"):
            if kind == "num":
                raise ParseError(f"missing operator before the number at column {tok.col}", tok.col)
            if kind in ("sym", "func", "("):
                out.append(("*", tok.col))
        text = {"^": "**", "=": "=="}.get(tok.text, tok.text)
        out.append((text, tok.col))
        prev = kind
    return out


def python_source(ascii_text, cols, names, limits, end_col):
    """Normalised text -> (python_source, position->column map). Everything before ast.parse."""
    tokens = _tokenise(ascii_text, cols, limits.max_depth)
    if not tokens:
        raise ParseError("empty input: expected a formula", end_col)
    if len(tokens) > 3 * limits.max_nodes:
        raise ParseError(f"formula is too long (more than {limits.max_nodes} parts)")
    source, posmap = [], []
    for piece, col in _implicit_products(_classify(tokens, names)):
        source.append(piece + " ")
        posmap.extend([col] * (len(piece) + 1))
    posmap.append(end_col)
    return "".join(source), posmap
