"""The LaTeX reader's units: tokens with columns, the vocabulary of commands, output pieces.

A regular expression splits LaTeX into commands, numbers, words and
operators; a character outside the grammar becomes a ``bad`` token, refused
when the parser reaches it. The tables say what each command means; ``Out``
collects the plain-text translation, one original column per piece.
"""

import re
from dataclasses import dataclass

from ..errors import ParseError
from .names import GREEK_NAMES, KNOWN_FUNCTIONS

_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<cmd>\\(?:[A-Za-z]+|.))
  | (?P<num>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
  | (?P<word>[A-Za-z]+)
  | (?P<op>\*\*|<=|>=|!=|[-+*/^_(){}\[\]=<>,;|&~'!.$])
  | (?P<bad>.)
""", re.VERBOSE | re.DOTALL)


@dataclass
class Tok:
    kind: str   # 'cmd', 'num', 'word', 'op', 'bad' (outside the grammar), 'end'
    text: str
    col: int


def tokenise(ascii_text, cols, end_col, max_nodes):
    tokens = []
    pos = 0
    while pos < len(ascii_text):
        # a character outside the grammar becomes a 'bad' token, refused when the parser reaches
        # it, so that "\\catcode`" is refused for \\catcode, the first thing wrong in it
        m = _TOKEN_RE.match(ascii_text, pos)
        if m.lastgroup != "ws":
            tokens.append(Tok(m.lastgroup, m.group(), cols[pos]))
            if len(tokens) > 4 * max_nodes:
                raise ParseError(f"formula is too long (more than {max_nodes} parts)")
        pos = m.end()
    tokens.append(Tok("end", "", end_col))
    return tokens


GREEK = {**{n: n for n in GREEK_NAMES if n != "lamda"}, "lambda": "lamda", "varepsilon": "epsilon",
         "vartheta": "theta", "varphi": "phi", "varrho": "rho", "varsigma": "sigma", "varpi": "pi",
         "varkappa": "kappa"}
GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
FUNCTIONS = {"sin": "sin", "cos": "cos", "tan": "tan", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
             "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "exp": "exp", "ln": "log", "log": "log",
             "max": "Max", "min": "Min", "sgn": "sign", "erf": "erf"}
OPERATOR_NAMES = {name: name for name in KNOWN_FUNCTIONS}
OPERATOR_NAMES.update({"arcsin": "asin", "arccos": "acos", "arctan": "atan", "sgn": "sign"})
BINARY = {"cdot": "*", "times": "*", "ast": "*", "div": "/"}
RELATIONS = {"le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
             "lt": "<", "gt": ">", "ne": "!=", "neq": "!="}
SPACING = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits",
           "enspace", "thinspace", "medspace", "thickspace"}
FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
NAME_FONTS = {"mathrm", "text", "textrm", "mathit", "textit", "mathsf", "operatorname"}
BOLD = {"mathbf", "boldsymbol", "bm", "vec", "mathbfit"}
MATRICES = {"pmatrix": None, "bmatrix": None, "matrix": None, "Bmatrix": None, "vmatrix": "det",
            "smallmatrix": None}
LEFT = {"(": "(", "[": "(", "\\{": "{", "\\lbrace": "{", "|": "abs(", "\\vert": "abs(", "\\lvert": "abs(",
        ".": "", "\\langle": None, "\\|": None, "\\lVert": None, "\\lfloor": "floor(", "\\lceil": "ceiling("}
RIGHT = {")": ")", "]": ")", "\\}": "}", "\\rbrace": "}", "|": ")", "\\vert": ")", "\\rvert": ")", ".": "",
         "\\rangle": None, "\\|": None, "\\rVert": None, "\\rfloor": ")", "\\rceil": ")"}
TEX_PROGRAMMING = {"input", "include", "def", "edef", "gdef", "xdef", "let", "catcode", "newcommand",
                   "renewcommand", "providecommand", "csname", "endcsname", "expandafter", "write",
                   "immediate", "openout", "openin", "read", "usepackage", "documentclass", "makeatletter",
                   "special", "directlua", "string", "uppercase", "lowercase", "futurelet", "afterassignment",
                   "loop", "repeat", "newread", "newwrite", "jobname", "endinput", "scantokens", "detokenize",
                   "begingroup", "endgroup", "global", "relax", "the", "number", "romannumeral", "char"}


_OPENING = {("op", "{"), ("op", "("), ("op", "["), ("cmd", "\\left"), ("cmd", "\\begin"), ("cmd", "\\{")}
_CLOSING = {("op", "}"), ("op", ")"), ("op", "]"), ("cmd", "\\right"), ("cmd", "\\end"), ("cmd", "\\}")}


def top_level(tokens):
    """Indices of the tokens outside every group (the ``\\right`` delimiter token counts as inside)."""
    depth, out, skip = 0, [], False
    for i, t in enumerate(tokens):
        key = (t.kind, t.text)
        if skip:
            skip = False
            continue
        if key in _OPENING:
            depth += 1
            if t.text == "\\left":
                skip = True
        elif key in _CLOSING:
            depth -= 1
            if t.text == "\\right":
                skip = True
        elif depth == 0:
            out.append(i)
    return out


def strip_delimiters(tokens):
    """Remove ``$..$``, ``$$..$$``, ``\\[..\\]``, ``\\(..\\)`` around the whole answer."""
    body = tokens[:-1]
    pairs = [(("op", "$"), ("op", "$")), (("cmd", "\\["), ("cmd", "\\]")), (("cmd", "\\("), ("cmd", "\\)"))]
    changed = True
    while changed and body:
        changed = False
        for (k1, t1), (k2, t2) in pairs:
            if len(body) >= 2 and (body[0].kind, body[0].text) == (k1, t1) and (
                    body[-1].kind, body[-1].text) == (k2, t2):
                body = body[1:-1]
                changed = True
    return body + tokens[-1:]


class Out:
    """Pieces of plain text, each with the LaTeX column it came from."""

    def __init__(self):
        # (text, col, kind): 'value' is an operand, 'close' ends a group, 'open' starts one,
        # 'func' is a function name before its '(' and 'op' anything else
        self.pieces = []

    def emit(self, text, col, kind="op"):
        if not text:
            return
        last = self.last_kind()
        if kind in ("value", "func", "open") and last in ("value", "close"):
            # juxtaposition in LaTeX is multiplication; say so, so that the text grammar never
            # reads "x 2" (refused) or "Gamma (x)" (an unknown function)
            self.pieces.append(("*", col, "op"))
        self.pieces.append((text, col, kind))

    def last_kind(self):
        kind = self.pieces[-1][2] if self.pieces else None
        return "value" if kind == "close" else kind

    def text_and_columns(self):
        chars, cols = [], []
        for text, col, _kind in self.pieces:
            chars.append(text + " ")
            cols.extend([col] * (len(text) + 1))
        return "".join(chars), cols
