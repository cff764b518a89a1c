"""LaTeX answers: symopt's own reader for the LaTeX students write, without ``eval``.

A student's homework says ``x_k = b\\left(\\frac{b-1}{b+1}\\right)^{k}``; this module
reads that. Nothing is evaluated and no TeX is run: the text is split into
tokens by a regular expression, a small recursive-descent parser translates the
LaTeX constructs into symopt's plain-text grammar (keeping, for every
character, the column of the LaTeX it came from), and the result goes through
the *same* safe builder as text input (:mod:`symopt.parsing`), with the same
limits: length, depth, node count, size of numbers and powers. Errors are
:class:`~symopt.errors.ParseError` with a one-line message naming the column
and, for an unknown command, the command.

Accepted LaTeX
==============
- ``\\frac{a}{b}``, ``\\dfrac``, ``\\tfrac``, ``\\cfrac``; ``\\frac12`` (one-token arguments);
  ``\\sqrt{x}``, ``\\sqrt[n]{x}``; ``x^{...}``, ``x^2``; ``\\cdot``, ``\\times``, ``\\ast``, ``\\div``.
- Grouping: ``{...}``, ``(...)``, ``[...]`` and ``\\left( ... \\right)`` (also ``\\left[``,
  ``\\left\\{``, ``\\left.``); ``|x|``, ``\\left| x \\right|`` and ``\\lvert x \\rvert`` are ``abs(x)``.
- Names: single letters (``xy`` is ``x*y``, as LaTeX typesets it), Greek letters
  ``\\alpha`` ... ``\\omega`` (``\\lambda`` is ``lamda``, ``\\varepsilon`` is ``epsilon``),
  capitals ``\\Gamma`` ... ``\\Omega`` as names, subscripts as part of the name (``x_k``,
  ``x_{0}``, ``\\sigma_{B}``, ``w_{ij}``), ``\\mathrm{lr}``/``\\text{lr}`` as one name and
  ``\\mathbf{x}``/``\\boldsymbol{x}`` as the name inside. A name declared by the caller
  (``symbols``) is never split.
- Constants and functions: ``\\pi``, ``e``; ``\\sin`` ``\\cos`` ``\\tan`` ``\\arcsin`` ``\\arccos``
  ``\\arctan`` ``\\sinh`` ``\\cosh`` ``\\tanh`` ``\\exp`` ``\\ln`` ``\\log`` (``\\log_b x`` is the base-``b``
  logarithm) ``\\max`` ``\\min``, ``\\operatorname{relu}``; the argument is a bracket group or,
  without brackets, the product that follows (``\\sin 2x`` is ``sin(2*x)``); ``\\sin^2 x`` is
  ``sin(x)**2``.
- Vectors and matrices: ``\\begin{pmatrix} a \\\\ b \\end{pmatrix}`` is the column vector
  ``[a, b]``; ``bmatrix``, ``matrix``, ``Bmatrix`` likewise (``vmatrix``, a determinant, is refused).
- Answers: ``$...$``, ``$$...$$``, ``\\[...\\]``, ``\\(...\\)`` around the answer and ``\\boxed{...}``
  (the last box is the answer) are unwrapped; a leading label ``x_k =``, ``f(x_k) =``,
  ``x^{(k)} =`` is dropped (a plain name such as ``x_k`` is kept as an equation, which
  :func:`~symopt.check.check_answer` matches to a named component); ``x_k = A, \\quad y_k = B``
  is a list of named values (also joined by ``\\text{ and }``); a trailing ``\\text{for } k \\ge 0`` is ignored; spacing
  (``\\,`` ``\\;`` ``\\quad`` ``~`` ...) and ``\\displaystyle`` are ignored.
- Assumptions (:func:`parse_latex_assumptions`): ``0 < b \\le 1``, ``k \\ge 0``,
  ``b \\in (0, 1]`` (also with ``\\left(`` ... ``\\right]``), ``k \\in \\mathbb{N}``,
  ``k \\in \\mathbb{Z}``, ``x \\in \\mathbb{R}``, ``\\infty``.

A function's argument without brackets ends before the next function: ``\\cos x \\sin x`` is
``cos(x)*sin(x)``. ``\\text{...}`` with spaces inside is prose and Leibniz notation
``\\frac{d}{dx}`` is a derivative: both are refused rather than read as products, and so is
``1e-3`` (Euler's ``e`` or a power of ten?). A whole answer ``1,000`` or ``1{,}000`` is the
integer 1000; the dropped sides of a chain ``a = b = c`` are still read.

Anything else is refused: TeX programming (``\\input``, ``\\def``, ``\\catcode`` ...) and unknown
commands name the command; ``\\infty`` outside assumptions, ``&`` or ``\\\\`` outside a matrix,
``_`` not after a name, unbalanced groups and nesting deeper than
:data:`~symopt.parsing.MAX_DEPTH` are errors, found before anything is built.
"""

import re
from dataclasses import dataclass

from .limits import MAX_DEPTH, MAX_LENGTH, MAX_NODES
from .parsing.domains import parse_assumptions
from .parsing.expressions import build, expect_expr, make_limits
from .parsing.names import GREEK_NAMES, KNOWN_CONSTANTS, KNOWN_FUNCTIONS, Names, check_name, keyword_alias
from .parsing.normalise import check_length, normalise
from .errors import ParseError

__all__ = ["ANSWER_FORMATS", "looks_like_latex", "latex_to_text", "parse_latex", "parse_latex_answer",
           "parse_latex_assumptions", "read_answer"]

ANSWER_FORMATS = ("auto", "text", "latex")
"""How answer text is read: ``text`` (symopt's plain grammar), ``latex``, or ``auto`` (LaTeX when it looks so)."""

_LATEX_HINT = re.compile(r"\\|\$|[\^_]\{")


def looks_like_latex(text):
    """True when ``text`` contains LaTeX markers: a backslash, ``$``, ``^{`` or ``_{``.

    Plain-text answers never contain these (the text grammar refuses them), so
    ``auto`` detection cannot change how a valid plain-text answer is read.

    >>> looks_like_latex(r"\\frac{1}{2}"), looks_like_latex("x^{2}"), looks_like_latex("x**2 + {1}")
    (True, True, False)
    """
    return isinstance(text, str) and _LATEX_HINT.search(text) is not None


# ---------------------------------------------------------------------------------------------
# tokens
# ---------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<cmd>\\(?:[A-Za-z]+|.))
  | (?P<num>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
  | (?P<word>[A-Za-z]+)
  | (?P<op>\*\*|<=|>=|!=|[-+*/^_(){}\[\]=<>,;|&~'!.$])
  | (?P<bad>.)
""", re.VERBOSE | re.DOTALL)


@dataclass
class _Tok:
    kind: str   # 'cmd', 'num', 'word', 'op', 'bad' (outside the grammar), 'end'
    text: str
    col: int


def _tokenise(ascii_text, cols, end_col, max_nodes):
    tokens = []
    pos = 0
    while pos < len(ascii_text):
        # a character outside the grammar becomes a 'bad' token, refused when the parser reaches
        # it, so that "\\catcode`" is refused for \\catcode, the first thing wrong in it
        m = _TOKEN_RE.match(ascii_text, pos)
        if m.lastgroup != "ws":
            tokens.append(_Tok(m.lastgroup, m.group(), cols[pos]))
            if len(tokens) > 4 * max_nodes:
                raise ParseError(f"formula is too long (more than {max_nodes} parts)")
        pos = m.end()
    tokens.append(_Tok("end", "", end_col))
    return tokens


# ---------------------------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------------------------
_GREEK = {**{n: n for n in GREEK_NAMES if n != "lamda"}, "lambda": "lamda", "varepsilon": "epsilon",
          "vartheta": "theta", "varphi": "phi", "varrho": "rho", "varsigma": "sigma", "varpi": "pi",
          "varkappa": "kappa"}
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
_FUNCTIONS = {"sin": "sin", "cos": "cos", "tan": "tan", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
              "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "exp": "exp", "ln": "log", "log": "log",
              "max": "Max", "min": "Min", "sgn": "sign", "erf": "erf"}
_OPERATOR_NAMES = {name: name for name in KNOWN_FUNCTIONS}
_OPERATOR_NAMES.update({"arcsin": "asin", "arccos": "acos", "arctan": "atan", "sgn": "sign"})
_BINARY = {"cdot": "*", "times": "*", "ast": "*", "div": "/"}
_RELATIONS = {"le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
              "lt": "<", "gt": ">", "ne": "!=", "neq": "!="}
_SPACING = {",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "limits", "nolimits",
            "enspace", "thinspace", "medspace", "thickspace"}
_FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}
_NAME_FONTS = {"mathrm", "text", "textrm", "mathit", "textit", "mathsf", "operatorname"}
_BOLD = {"mathbf", "boldsymbol", "bm", "vec", "mathbfit"}
_MATRICES = {"pmatrix": None, "bmatrix": None, "matrix": None, "Bmatrix": None, "vmatrix": "det",
             "smallmatrix": None}
_LEFT = {"(": "(", "[": "(", "\\{": "{", "\\lbrace": "{", "|": "abs(", "\\vert": "abs(", "\\lvert": "abs(",
         ".": "", "\\langle": None, "\\|": None, "\\lVert": None, "\\lfloor": "floor(", "\\lceil": "ceiling("}
_RIGHT = {")": ")", "]": ")", "\\}": "}", "\\rbrace": "}", "|": ")", "\\vert": ")", "\\rvert": ")", ".": "",
          "\\rangle": None, "\\|": None, "\\rVert": None, "\\rfloor": ")", "\\rceil": ")"}
_TEX_PROGRAMMING = {"input", "include", "def", "edef", "gdef", "xdef", "let", "catcode", "newcommand",
                    "renewcommand", "providecommand", "csname", "endcsname", "expandafter", "write",
                    "immediate", "openout", "openin", "read", "usepackage", "documentclass", "makeatletter",
                    "special", "directlua", "string", "uppercase", "lowercase", "futurelet", "afterassignment",
                    "loop", "repeat", "newread", "newwrite", "jobname", "endinput", "scantokens", "detokenize",
                    "begingroup", "endgroup", "global", "relax", "the", "number", "romannumeral", "char"}

def _condition_text(text):
    words = text.strip().lower().split()
    return bool(words) and words[0] in ("for", "where", "if", "when", "with")


def _is_number(text):
    return bool(text) and (text[0].isdigit() or text[0] == ".")


# ---------------------------------------------------------------------------------------------
# output: plain text with one original column per character
# ---------------------------------------------------------------------------------------------
class _Out:
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


# ---------------------------------------------------------------------------------------------
# the parser
# ---------------------------------------------------------------------------------------------
class _Parser:
    """Recursive descent over LaTeX tokens, writing the plain-text grammar into an :class:`_Out`."""

    def __init__(self, tokens, declared, max_depth, assumptions=False):
        self.tokens = tokens
        self.pos = 0
        self.declared = declared
        self.max_depth = max_depth
        self.depth = 0
        self.assumptions = assumptions

    # -- token helpers ---------------------------------------------------------------------------
    def peek(self, offset=0):
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def next(self):
        tok = self.peek()
        if tok.kind != "end":
            self.pos += 1
        return tok

    def is_op(self, text, tok=None):
        tok = tok or self.peek()
        return tok.kind == "op" and tok.text == text

    def is_cmd(self, name, tok=None):
        tok = tok or self.peek()
        return tok.kind == "cmd" and tok.text == "\\" + name

    def skip_spacing(self):
        while (self.peek().kind == "cmd" and self.peek().text[1:] in _SPACING) or self.is_op("~"):
            self.next()

    def enter(self, col):
        self.depth += 1
        if self.depth > self.max_depth:
            raise ParseError(f"LaTeX groups nested deeper than {self.max_depth} levels at column {col}", col)

    def leave(self):
        self.depth -= 1

    def expect_op(self, text, what):
        tok = self.next()
        if not (tok.kind == "op" and tok.text == text):
            found = f"'{tok.text}'" if tok.kind != "end" else "the end"
            raise ParseError(f"expected '{text}' {what} at column {tok.col}, found {found}", tok.col)
        return tok

    # -- sequences -------------------------------------------------------------------------------
    def sequence(self, out, stop):
        """Translate tokens until ``stop(token)`` is true (the stop token is not consumed)."""
        while True:
            self.skip_spacing()
            tok = self.peek()
            if tok.kind == "end" or stop(tok):
                return
            self.item(out)

    def item(self, out):
        tok = self.peek()
        if tok.kind == "bad":
            raise ParseError(f"'{tok.text}' at column {tok.col} is not allowed in a LaTeX answer", tok.col)
        if tok.kind == "op":
            self.operator(out)
        elif tok.kind == "num":
            self.next()
            if out.pieces and out.pieces[-1][2] == "value" and _is_number(out.pieces[-1][0]):
                # "1.5.3" or "2 3": juxtaposed numbers are a typo, not a product
                raise ParseError(f"missing operator before the number at column {tok.col}", tok.col)
            self.refuse_scientific(tok)
            out.emit(tok.text, tok.col, "value")
            self.scripts(out, tok)
        elif tok.kind == "word":
            self.next()
            self.word(out, tok)
        else:
            self.command(out)

    def refuse_scientific(self, number):
        """``1e-3`` (no spaces): Python's 0.001 or 1*e - 3 with Euler's e? Refused rather than guessed."""
        seq = self.tokens[self.pos:self.pos + 3]
        if not seq or seq[0].kind != "word" or seq[0].text != "e" or seq[0].col != number.col + len(number.text):
            return
        rest = seq[1:]
        if rest and rest[0].kind == "op" and rest[0].text in "+-" and rest[0].col == seq[0].col + 1:
            rest = rest[1:]
        if rest and rest[0].kind == "num" and rest[0].col == self.tokens[self.tokens.index(rest[0]) - 1].col + 1:
            raise ParseError(f"'{number.text}e...' at column {number.col} is ambiguous in LaTeX (e is Euler's "
                             f"number); write {number.text} \\cdot 10^{{...}}", number.col)

    def operator(self, out):
        tok = self.next()
        text = tok.text
        if text in "+-*/=,<>" or text in ("**", "<=", ">=", "!="):
            if text == "**":
                self.superscript(out, tok)
                return
            out.emit(text, tok.col)
        elif text in "([":
            self.group(out, tok, ")" if text == "(" else "]", "(", ")")
            self.scripts(out, tok)
        elif text == "{":
            self.group(out, tok, "}", "(", ")")
            self.scripts(out, tok)
        elif text == "|":
            self.group(out, tok, "|", "abs(", ")", opener_kind="func")
            self.scripts(out, tok)
        elif text == "^":
            self.superscript(out, tok)
        elif text == "_":
            raise ParseError(f"subscript '_' at column {tok.col} must follow a name, as in x_k", tok.col)
        elif text in ")]}":
            raise ParseError(f"unmatched '{text}' at column {tok.col}", tok.col)
        elif text in ("&", "\\\\"):
            raise ParseError(f"'{text}' at column {tok.col} belongs inside a matrix environment", tok.col)
        elif text == "!":
            raise ParseError(f"'!' at column {tok.col} is not supported; write \\operatorname{{factorial}}(n)",
                             tok.col)
        elif text == "'":
            raise ParseError(f"primes (') at column {tok.col} are not supported; write the derivative out",
                             tok.col)
        elif text == "$":
            raise ParseError(f"'$' at column {tok.col} may only surround the whole answer", tok.col)
        elif text == ".":
            raise ParseError(f"'.' at column {tok.col} is not part of a number", tok.col)
        elif text == ";":
            out.emit(";", tok.col)
        else:
            raise ParseError(f"'{text}' at column {tok.col} is not allowed in a LaTeX answer", tok.col)

    def group(self, out, opener, closer, open_text, close_text, opener_kind="open"):
        self.enter(opener.col)
        out.emit(open_text, opener.col, opener_kind)
        self.sequence(out, lambda t: t.kind == "op" and (t.text in ")]}" or t.text == closer))
        end = self.next()
        if end.kind == "end":
            raise ParseError(f"'{opener.text}' at column {opener.col} is never closed", opener.col)
        # ( and [ close each other, as in the half-open [0, 1); braces close only braces
        if not (end.text == closer or (closer in ")]" and end.text in ")]")):
            raise ParseError(f"'{opener.text}' at column {opener.col} is closed by '{end.text}' at column "
                             f"{end.col}", end.col)
        out.emit(close_text, end.col, "close")
        self.leave()

    def argument(self, out, what, open_text="(", close_text=")"):
        """One macro argument: ``{...}`` or a single token (``\\frac12`` takes ``1`` then ``2``)."""
        self.skip_spacing()
        tok = self.peek()
        if self.is_op("{"):
            inside = self.peek(1)
            while inside.kind == "cmd" and inside.text[1:] in _SPACING:
                inside = self.tokens[self.tokens.index(inside) + 1]
            if self.is_op("}", inside):
                raise ParseError(f"empty {what} at column {tok.col}", tok.col)
            if self.is_op("*", inside) and self.is_op("}", self.tokens[self.tokens.index(inside) + 1]) \
                    or (inside.kind == "cmd" and inside.text in ("\\star", "\\ast")):
                raise ParseError(f"a starred name (x^{{*}}) at column {tok.col} is not supported; "
                                 f"write the optimum as a name such as x_star", tok.col)
            self.next()
            self.group(out, tok, "}", open_text, close_text)
            return
        if tok.kind == "op" and tok.text in ("*", "**") or tok.kind == "cmd" and tok.text in ("\\star", "\\ast"):
            raise ParseError(f"a starred name (x^*) at column {tok.col} is not supported; "
                             f"write the optimum as a name such as x_star", tok.col)
        if tok.kind == "end" or (tok.kind == "op" and tok.text in ")]}&|"):
            raise ParseError(f"missing {what} at column {tok.col}", tok.col)
        self.enter(tok.col)
        out.emit(open_text, tok.col, "open")
        if tok.kind in ("num", "word") and len(tok.text) > 1:
            # TeX takes one character as an unbraced argument: the rest stays in the stream
            self.tokens[self.pos] = _Tok(tok.kind, tok.text[1:], tok.col + 1)
            first = _Tok("num" if tok.text[0].isdigit() else "word", tok.text[0], tok.col)
            if first.kind == "num":
                out.emit(first.text, first.col, "value")
            else:
                self.word(out, first, scripts=False)
        elif tok.kind == "cmd":
            self.command(out, scripts=False)
        else:
            self.next()
            if tok.kind == "num":
                out.emit(tok.text, tok.col, "value")
            elif tok.kind == "word":
                self.word(out, tok, scripts=False)
            elif tok.text == "-":
                raise ParseError(f"write braces around a negative {what} at column {tok.col}", tok.col)
            else:
                raise ParseError(f"'{tok.text}' at column {tok.col} cannot be the {what}", tok.col)
        out.emit(close_text, tok.col, "close")
        self.leave()

    # -- scripts ---------------------------------------------------------------------------------
    def superscript(self, out, caret):
        if out.last_kind() != "value":
            raise ParseError(f"'^' at column {caret.col} needs something to raise to a power", caret.col)
        out.emit("**", caret.col)
        self.skip_spacing()
        if self.is_op("(") or self.is_cmd("left"):
            # "**(2)" from pasted Unicode superscripts, or ^\left(...\right)
            out.emit("(", caret.col, "open")
            self.item(out)
            out.emit(")", caret.col, "close")
            return
        self.argument(out, "exponent")

    def scripts(self, out, tok):
        """Superscripts after a value: ``x^2``, ``(...)^{k}``; subscripts there are errors."""
        while True:
            self.skip_spacing()
            if self.is_op("^") or self.is_op("**"):
                self.superscript(out, self.next())
            elif self.is_op("_"):
                under = self.next()
                raise ParseError(f"subscript '_' at column {under.col} must follow a name, as in x_k", under.col)
            else:
                return

    def subscript_text(self):
        """The text of a subscript after ``_``: letters, digits and Greek letters only."""
        self.skip_spacing()
        tok = self.next()
        if tok.kind in ("num", "word"):
            if len(tok.text) > 1:
                # TeX subscripts one character without braces: x_kx is x_k times x
                self.pos -= 1
                self.tokens[self.pos] = _Tok(tok.kind, tok.text[1:], tok.col + 1)
            return tok.text[0]
        if tok.kind == "cmd" and tok.text[1:] in _GREEK:
            return _GREEK[tok.text[1:]]
        if tok.kind == "op" and tok.text == "{":
            parts = []
            while not self.is_op("}"):
                part = self.next()
                if part.kind in ("num", "word"):
                    parts.append(part.text)
                elif part.kind == "cmd" and part.text[1:] in _GREEK:
                    parts.append(_GREEK[part.text[1:]])
                elif part.kind == "cmd" and part.text[1:] in _SPACING:
                    continue
                elif part.kind == "end":
                    raise ParseError(f"'{{' at column {tok.col} is never closed", tok.col)
                else:
                    raise ParseError(f"a subscript may only hold letters and digits, as in x_{{k}} or "
                                     f"w_{{ij}}; found '{part.text}' at column {part.col}", part.col)
            self.next()
            if parts:
                return "".join(parts)
        raise ParseError(f"a subscript may only hold letters and digits, as in x_{{k}}; found "
                         f"'{tok.text or 'the end'}' at column {tok.col}", tok.col)

    def name(self, out, text, col, scripts=True):
        if scripts:
            self.skip_spacing()
            if self.is_op("_"):
                self.next()
                text = f"{text}_{self.subscript_text()}"
        if text not in KNOWN_CONSTANTS:   # pi, E and e are the constants, as in text
            check_name(text, col)
        out.emit(text, col, "value")
        if scripts:
            self.scripts(out, None)

    # -- words and commands ----------------------------------------------------------------------
    def word(self, out, tok, scripts=True):
        text = tok.text
        if text in self.declared or text in _GREEK or text == "lamda":
            self.name(out, _GREEK.get(text, text), tok.col, scripts)
            return
        if text in _FUNCTIONS or text in KNOWN_FUNCTIONS:
            # sin(x) typed without the backslash still means the function
            self.function(out, _FUNCTIONS.get(text, text), tok, text)
            return
        if self.assumptions and text in ("in", "oo", "inf", "and"):
            out.emit(text, tok.col, "op" if text in ("in", "and") else "value")
            return
        # LaTeX typesets "xy" as the product x y; a subscript belongs to the last letter
        for i, letter in enumerate(text):
            self.name(out, letter, tok.col + i, scripts and i == len(text) - 1)

    def command(self, out, scripts=True):
        tok = self.next()
        name = tok.text[1:]
        if name in _SPACING:
            return
        if name in _GREEK:
            self.name(out, _GREEK[name], tok.col, scripts)
        elif name in _GREEK_CAPITALS:
            self.name(out, name, tok.col, scripts)
        elif name in _FRACTIONS:
            if self.is_derivative():
                raise ParseError(f"derivative notation \\{name}{{d}}{{d...}} at column {tok.col} is not supported; "
                                 f"write the derivative out", tok.col)
            out.emit("(", tok.col, "open")
            self.argument(out, "numerator of \\" + name)
            out.emit("/", tok.col)
            self.argument(out, "denominator of \\" + name)
            out.emit(")", tok.col, "close")
        elif name == "sqrt":
            self.root(out, tok)
        elif name in _BINARY:
            out.emit(_BINARY[name], tok.col)
            return
        elif name in _RELATIONS:
            out.emit(_RELATIONS[name], tok.col)
            return
        elif name in _FUNCTIONS:
            self.function(out, _FUNCTIONS[name], tok, name)
            return
        elif name in _NAME_FONTS:
            self.font_name(out, tok, scripts)
            return
        elif name in _BOLD:
            if self.is_op("{") and self.peek(1).kind == "word" and self.is_op("}", self.peek(2)):
                # \mathbf{x}_k is the name x_k in bold: keep its subscript
                self.next()
                letter = self.next()
                self.next()
                self.name(out, letter.text, letter.col, scripts)
                return
            self.argument(out, "argument of \\" + name, "", "")
        elif name in ("boxed", "fbox"):
            self.argument(out, "argument of \\" + name)
        elif name == "left":
            self.left_right(out, tok)
        elif name in ("lvert", "vert"):
            self.enter(tok.col)
            out.emit("abs(", tok.col, "func")
            self.sequence(out, lambda t: t.kind == "cmd" and t.text in ("\\rvert", "\\vert"))
            end = self.next()
            if end.kind == "end":
                raise ParseError(f"\\{name} at column {tok.col} is never closed", tok.col)
            out.emit(")", end.col, "close")
            self.leave()
        elif name in ("{", "lbrace"):
            self.enter(tok.col)
            out.emit("{", tok.col, "open")
            self.sequence(out, lambda t: t.kind == "cmd" and t.text in ("\\}", "\\rbrace"))
            end = self.next()
            if end.kind == "end":
                raise ParseError(f"'\\{{' at column {tok.col} is never closed", tok.col)
            out.emit("}", end.col, "close")
            self.leave()
        elif name == "begin":
            self.environment(out, tok)
        elif name == "pi":
            out.emit("pi", tok.col, "value")
        elif name == "infty":
            if not self.assumptions:
                raise ParseError(f"\\infty at column {tok.col} is only accepted in assumptions", tok.col)
            out.emit("oo", tok.col, "value")
            return
        elif name == "in" and self.assumptions:
            out.emit("in", tok.col)
            return
        elif name == "mathbb" and self.assumptions:
            self.number_set(out, tok)
            return
        elif name in ("cdots", "ldots", "dots"):
            raise ParseError(f"\\{name} at column {tok.col}: write the expression out in closed form", tok.col)
        elif name == "\\":
            raise ParseError(f"'\\\\' at column {tok.col} belongs inside a matrix environment", tok.col)
        elif name in _TEX_PROGRAMMING:
            raise ParseError(f"\\{name} at column {tok.col} is TeX programming and is refused in an answer",
                             tok.col)
        else:
            raise ParseError(f"unknown LaTeX command \\{name} at column {tok.col}", tok.col)
        if scripts:
            self.scripts(out, tok)

    def is_derivative(self):
        """``\\frac{d}{dx}``, ``\\frac{dy}{dx}``, ``\\frac{d f}{d x}`` next: Leibniz notation, not d/(d*x)."""
        toks = self.tokens[self.pos:self.pos + 8]
        if len(toks) < 5 or not self.is_op("{", toks[0]) or toks[1].kind != "word" or toks[1].text[0] != "d":
            return False
        close = next((i for i, t in enumerate(toks) if self.is_op("}", t)), None)
        if close is None or close + 2 >= len(toks) or not self.is_op("{", toks[close + 1]):
            return False
        denominator = toks[close + 2]
        return denominator.kind == "word" and denominator.text[0] == "d" and (
            len(denominator.text) > 1 or toks[close + 3].kind in ("word", "cmd"))

    def font_name(self, out, tok, scripts):
        """``\\mathrm{lr}`` is one name; ``\\operatorname{relu}(x)`` a function."""
        self.skip_spacing()
        brace = self.expect_op("{", f"after {tok.text}")
        words = []
        while not self.is_op("}"):
            part = self.next()
            if part.kind in ("word", "num"):
                words.append(part.text)
            elif part.kind == "op" and part.text == "_":
                words.append("_")
            elif part.kind == "end":
                raise ParseError(f"'{{' at column {brace.col} is never closed", brace.col)
            else:
                raise ParseError(f"{tok.text}{{...}} at column {tok.col} may only hold a name; found "
                                 f"'{part.text}' at column {part.col}", part.col)
        close = self.next()
        text = "".join(words)
        if not text:
            raise ParseError(f"empty {tok.text}{{}} at column {tok.col}", tok.col)
        if close.col - brace.col - 1 != sum(len(w) for w in words) and tok.text != "\\operatorname":
            # "\text{ and }" is prose between two answers, not a name multiplying them
            raise ParseError(f"{tok.text}{{...}} at column {tok.col} is prose, not a name; give one "
                             f"expression, or a list such as x_k = ..., y_k = ...", tok.col)
        if text in _OPERATOR_NAMES and text not in self.declared and text not in _GREEK:
            self.function(out, keyword_alias(_OPERATOR_NAMES[text]), tok, text)
            return
        self.name(out, _GREEK.get(text, text), brace.col + 1, scripts)

    def number_set(self, out, tok):
        self.skip_spacing()
        self.expect_op("{", "after \\mathbb")
        letter = self.next()
        self.expect_op("}", "after the set's letter")
        words = {"N": "natural", "Z": "integer", "R": "real"}
        if letter.text not in words:
            raise ParseError(f"\\mathbb{{{letter.text}}} at column {tok.col} is not a known set of numbers "
                             f"(use N, Z or R)", tok.col)
        out.emit(words[letter.text], tok.col, "value")

    def root(self, out, tok):
        self.skip_spacing()
        if self.is_op("["):
            opener = self.next()
            index = _Out()
            self.enter(opener.col)
            self.sequence(index, lambda t: t.kind == "op" and t.text == "]")
            end = self.next()
            if end.kind == "end":
                raise ParseError(f"'[' at column {opener.col} is never closed", opener.col)
            self.leave()
            if not index.pieces:
                raise ParseError(f"empty root index at column {opener.col}", opener.col)
            out.emit("(", tok.col, "open")
            self.argument(out, "argument of \\sqrt")
            out.emit("**", tok.col)
            out.emit("(", tok.col, "open")
            out.emit("1", tok.col, "value")
            out.emit("/", tok.col)
            out.emit("(", tok.col, "open")
            out.pieces.extend(index.pieces)
            out.emit(")", tok.col, "close")
            out.emit(")", tok.col, "close")
            out.emit(")", tok.col, "close")
            return
        out.emit("sqrt", tok.col, "func")
        self.argument(out, "argument of \\sqrt")

    def left_right(self, out, tok):
        delimiter = self.next()
        key = delimiter.text
        opener = _LEFT.get(key) if delimiter.kind in ("op", "cmd") else None
        if opener is None:
            raise ParseError(f"\\left{key} at column {tok.col} is not a supported delimiter", tok.col)
        self.enter(tok.col)
        if opener:
            out.emit(opener, tok.col, "func" if len(opener) > 1 else "open")
        self.sequence(out, lambda t: t.kind == "cmd" and t.text == "\\right")
        right = self.next()
        if right.kind == "end":
            raise ParseError(f"\\left at column {tok.col} has no matching \\right", tok.col)
        closing = self.next()
        closer = _RIGHT.get(closing.text) if closing.kind in ("op", "cmd") else None
        if closer is None:
            raise ParseError(f"\\right{closing.text} at column {right.col} is not a supported delimiter",
                             right.col)
        if (opener == "") != (closer == ""):
            raise ParseError(f"\\left{key} at column {tok.col} and \\right{closing.text} at column {right.col} "
                             f"do not match ('.' pairs only with '.')", right.col)
        if opener:
            out.emit(")" if opener.endswith("(") else "}", right.col, "close")
        self.leave()

    def function(self, out, target, tok, shown):
        """``\\sin x``, ``\\sin(x)``, ``\\sin^2 x``, ``\\log_2 x``, ``\\log_{b}(x)``."""
        power, base = None, None
        while True:
            self.skip_spacing()
            if self.is_op("^") and power is None:
                caret = self.next()
                power = _Out()
                self.argument(power, "exponent of \\" + shown)
                if [piece[0] for piece in power.pieces] == ["(", "-", "1", ")"]:
                    raise ParseError(f"\\{shown}^{{-1}} at column {caret.col} is ambiguous; write \\arc{shown} "
                                     f"or 1/\\{shown}", caret.col)
            elif self.is_op("_") and base is None and target == "log":
                self.next()
                base = _Out()
                self.argument(base, "base of the logarithm")
            else:
                break
        out.emit(target, tok.col, "func")
        self.enter(tok.col)
        out.emit("(", tok.col, "open")
        argument_start = len(out.pieces)
        self.skip_spacing()
        opener = self.peek()
        if self.is_op("(") or self.is_op("[") or self.is_op("{"):
            # the brackets are the call's own: \max(a, b) has two arguments, \sin(x)^2 squares the sine
            self.next()
            self.sequence(out, lambda t: t.kind == "op" and t.text in ")]}")
            close = self.next()
            if close.kind == "end":
                raise ParseError(f"'{opener.text}' at column {opener.col} is never closed", opener.col)
        elif self.is_cmd("left") and self.peek(1).kind == "op" and self.peek(1).text in "([":
            self.next()
            self.next()
            self.sequence(out, lambda t: t.kind == "cmd" and t.text == "\\right")
            if self.next().kind == "end":
                raise ParseError(f"\\left at column {opener.col} has no matching \\right", opener.col)
            closing = self.next()
            if not (closing.kind == "op" and closing.text in ")]"):
                raise ParseError(f"\\left{self.tokens[self.pos - 3].text} at column {opener.col} is closed by "
                                 f"\\right{closing.text}", closing.col)
        else:
            self.implicit_argument(out)
        if len(out.pieces) == argument_start:
            raise ParseError(f"\\{shown} at column {tok.col} needs an argument", tok.col)
        if base is not None:
            out.emit(",", tok.col)
            out.pieces.extend(base.pieces)
        out.emit(")", tok.col, "close")
        self.leave()
        if power is not None:
            out.emit("**", tok.col)
            out.pieces.extend(power.pieces)
        self.scripts(out, tok)

    def implicit_argument(self, out):
        """``\\sin 2x + 1`` takes ``2x``: the product up to the next +, -, =, comma or closing bracket.

        The product also ends before the next function: ``\\sin x \\cos x`` is ``sin(x)*cos(x)``,
        as it is typeset and read, not ``sin(x*cos(x))``.
        """
        first = True
        while True:
            self.skip_spacing()
            tok = self.peek()
            if tok.kind == "end" or (tok.kind == "op" and (tok.text in "+-=,;<>)]}&" or tok.text in
                                                           ("<=", ">=", "!=") or (tok.text == "|" and not first))):
                return
            if tok.kind == "cmd" and (tok.text[1:] in _RELATIONS or tok.text[1:] in _BINARY or tok.text in
                                      ("\\right", "\\end", "\\\\", "\\rvert", "\\}", "\\quad", "\\qquad")):
                return
            if tok.kind == "cmd" and not first and (tok.text[1:] in _FUNCTIONS or tok.text == "\\operatorname"):
                return
            self.item(out)
            first = False

    def environment(self, out, tok):
        name = self.environment_name(tok)
        if name not in _MATRICES:
            raise ParseError(f"environment {{{name}}} at column {tok.col} is not supported (use pmatrix or "
                             f"bmatrix for vectors and matrices)", tok.col)
        self.enter(tok.col)
        rows, row, cell = [], [], _Out()

        def stop(t):
            return (t.kind == "op" and t.text == "&") or (t.kind == "cmd" and t.text in ("\\\\", "\\end"))

        while True:
            self.sequence(cell, stop)
            sep = self.next()
            if sep.kind == "end":
                raise ParseError(f"\\begin{{{name}}} at column {tok.col} has no \\end{{{name}}}", tok.col)
            if cell.pieces or sep.text != "\\end" or row:
                if not cell.pieces:
                    raise ParseError(f"empty matrix entry before column {sep.col}", sep.col)
                row.append(cell)
            cell = _Out()
            if sep.text == "&":
                continue
            if row:
                rows.append(row)
            row = []
            if sep.text == "\\end":
                break
        end_name = self.environment_name(sep, after_end=True)
        if end_name != name:
            raise ParseError(f"\\begin{{{name}}} at column {tok.col} is closed by \\end{{{end_name}}}", sep.col)
        if not rows:
            raise ParseError(f"empty matrix at column {tok.col}", tok.col)
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            raise ParseError(f"matrix rows at column {tok.col} have different lengths "
                             f"{[len(r) for r in rows]}", tok.col)
        if _MATRICES[name] == "det":
            raise ParseError(f"determinants (vmatrix) at column {tok.col} are not supported; "
                             f"give the value", tok.col)
        column_vector = widths == {1}
        out.emit("[", tok.col, "open")
        for i, r in enumerate(rows):
            if i:
                out.emit(",", tok.col)
            if not column_vector:
                out.emit("[", tok.col, "open")
            for j, entry in enumerate(r):
                if j:
                    out.emit(",", tok.col)
                out.pieces.extend(entry.pieces)
            if not column_vector:
                out.emit("]", tok.col, "close")
        out.emit("]", tok.col, "close")
        self.leave()

    def environment_name(self, tok, after_end=False):
        self.skip_spacing()
        self.expect_op("{", "after \\end" if after_end else "after \\begin")
        parts = []
        while not self.is_op("}"):
            part = self.next()
            if part.kind == "end":
                raise ParseError(f"environment name at column {tok.col} is never closed", tok.col)
            parts.append(part.text)
        self.next()
        return "".join(parts)


# ---------------------------------------------------------------------------------------------
# whole answers: delimiters, boxes, labels, conditions, lists of named values
# ---------------------------------------------------------------------------------------------
def _strip_delimiters(tokens):
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


def _last_box(tokens):
    """The tokens inside the last ``\\boxed{...}`` (the answer of a worked solution), if any."""
    starts = [i for i, t in enumerate(tokens) if t.kind == "cmd" and t.text in ("\\boxed", "\\fbox")]
    if not starts:
        return tokens
    i = starts[-1] + 1
    if not (tokens[i].kind == "op" and tokens[i].text == "{"):
        raise ParseError(f"\\boxed at column {tokens[i - 1].col} needs braces: \\boxed{{...}}", tokens[i - 1].col)
    depth, j = 0, i
    while j < len(tokens) - 1:
        t = tokens[j]
        if t.kind == "op" and t.text == "{":
            depth += 1
        elif t.kind == "op" and t.text == "}":
            depth -= 1
            if depth == 0:
                return tokens[i + 1:j] + tokens[-1:]
        j += 1
    raise ParseError(f"\\boxed{{ at column {tokens[i].col} is never closed", tokens[i].col)


_OPENING = {("op", "{"), ("op", "("), ("op", "["), ("cmd", "\\left"), ("cmd", "\\begin"), ("cmd", "\\{")}
_CLOSING = {("op", "}"), ("op", ")"), ("op", "]"), ("cmd", "\\right"), ("cmd", "\\end"), ("cmd", "\\}")}


def _top_level(tokens):
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


def _drop_condition(tokens):
    """Drop a trailing ``\\text{for } k \\ge 0`` (or ``\\quad (k \\ge 0)`` after a comma)."""
    top = _top_level(tokens)
    for i in top:
        t = tokens[i]
        if t.kind == "cmd" and t.text in ("\\text", "\\textrm", "\\mbox") and i + 1 < len(tokens):
            words = []
            j = i + 2
            while j < len(tokens) and not (tokens[j].kind == "op" and tokens[j].text == "}"):
                words.append(tokens[j].text)
                j += 1
            if _condition_text(" ".join(words)):
                end = i
                while end > 0 and ((tokens[end - 1].kind == "op" and tokens[end - 1].text in (",", ";"))
                                   or (tokens[end - 1].kind == "cmd" and tokens[end - 1].text[1:] in _SPACING)):
                    end -= 1
                return tokens[:end] + tokens[-1:]
    return tokens


def _split_items(tokens):
    """Split at top-level ``,`` ``;`` ``\\quad`` ``\\\\``: ``[(start, stop)]`` index ranges of the items."""
    ranges, start = [], 0
    body = len(tokens) - 1 if tokens and tokens[-1].kind == "end" else len(tokens)
    top = _top_level(tokens[:body])
    skip_to = -1
    for i in top:
        if i < skip_to:
            continue
        t = tokens[i]
        conjunction = _conjunction_end(tokens, i)
        if conjunction or (t.kind == "op" and t.text in (",", ";")) or (
                t.kind == "cmd" and t.text in ("\\quad", "\\qquad", "\\\\")):
            if any(not (u.kind == "cmd" and u.text[1:] in _SPACING) for u in tokens[start:i]):
                ranges.append((start, i))
            start = skip_to = conjunction or i + 1
    if body > start:
        ranges.append((start, body))
    trimmed = []
    for a, b in ranges:   # spacing around an item (",\ y_k = 2") is not part of its label
        while a < b and tokens[a].kind == "cmd" and tokens[a].text[1:] in _SPACING:
            a += 1
        while b > a and tokens[b - 1].kind == "cmd" and tokens[b - 1].text[1:] in _SPACING:
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _conjunction_end(tokens, i):
    """``\\text{ and }`` at ``i`` (a separator between named values): the index after it, else 0."""
    t = tokens[i]
    if not (t.kind == "cmd" and t.text in ("\\text", "\\textrm", "\\mbox", "\\mathrm")):
        return 0
    if i + 3 < len(tokens) and tokens[i + 1].text == "{" and tokens[i + 2].kind == "word" and \
            tokens[i + 2].text == "and" and tokens[i + 3].text == "}":
        return i + 4
    return 0


def _is_condition(item):
    """``k \\ge 0``, ``k \\in \\mathbb{N}``: a condition after the answer, not part of it."""
    for i in _top_level(item):
        t = item[i]
        if (t.kind == "op" and t.text in ("<", ">", "<=", ">=", "!=")) or (
                t.kind == "cmd" and (t.text[1:] in _RELATIONS or t.text == "\\in")):
            return True
    return False


def _split_label(tokens):
    """``(label_tokens, value_tokens)`` at the first top-level ``=``, else None."""
    top = _top_level(tokens)
    equals = [i for i in top if tokens[i].kind == "op" and tokens[i].text == "="]
    if not equals:
        return None
    i = equals[0]
    return tokens[:i], tokens[i + 1:]


def _is_plain_name(label):
    """``x``, ``x_k``, ``x_{k}``, ``\\theta_k``: a label that can be a component name."""
    kinds = [(t.kind, t.text) for t in label]
    if not kinds:
        return False
    head = kinds[0]
    if not ((head[0] == "word" and len(head[1]) == 1) or (head[0] == "cmd" and head[1][1:] in _GREEK)):
        return False
    rest = kinds[1:]
    if not rest:
        return True
    if rest[0] != ("op", "_"):
        return False
    rest = rest[1:]
    if len(rest) == 1:
        return rest[0][0] in ("word", "num")
    return (len(rest) == 3 and rest[0] == ("op", "{") and rest[2] == ("op", "}")
            and rest[1][0] in ("word", "num"))


_LABEL_COMMANDS = set(_GREEK) | _GREEK_CAPITALS | _BOLD | _NAME_FONTS | _SPACING | {"left", "right"}


def _is_label(label):
    """A left-hand side that only names the answer (``x_k``, ``f(x_k)``, ``x^{(k)}``, ``\\mathbf{x}_k``).

    Only names, numbers, scripts and brackets may appear, so that nothing but a
    label is ever dropped unread.
    """
    if not label:
        return False
    for t in label:
        if t.kind == "cmd" and t.text[1:] not in _LABEL_COMMANDS:
            return False
        if t.kind in ("bad", "end") or (t.kind == "op" and t.text not in "_^(){}[],+-"):
            return False
    # x_{k+1} is a label, x + 1 is not
    return not any(label[i].kind == "op" and label[i].text in "+-" for i in _top_level(label))


class _Reader:
    """The shared front end of the public functions: limits, normalisation, tokens, parser."""

    def __init__(self, text, symbols=None, max_length=MAX_LENGTH, max_depth=MAX_DEPTH,
                 max_nodes=MAX_NODES):
        check_length(text, max_length)
        self.limits = make_limits(max_length, max_depth, max_nodes)
        self.names = Names(symbols)
        ascii_text, cols = normalise(text)
        self.tokens = _tokenise(ascii_text, cols, len(text) + 1, self.limits.max_nodes)
        self.end_col = len(text) + 1

    def translate(self, tokens, assumptions=False):
        body = tokens if tokens and tokens[-1].kind == "end" else tokens + [_Tok("end", "", self.end_col)]
        if len(body) == 1:
            raise ParseError("empty input: expected a formula", body[0].col)
        parser = _Parser(list(body), set(self.names.table), self.limits.max_depth, assumptions)
        out = _Out()
        parser.sequence(out, lambda t: False)
        return out.text_and_columns()

    def build(self, tokens):
        text, cols = self.translate(tokens)
        return build(text, cols, self.names, self.limits, self.end_col)

    def answer_tokens(self):
        tokens = _strip_delimiters(self.tokens)
        tokens = _last_box(tokens)
        tokens = _strip_delimiters(tokens)
        return _drop_condition(tokens)


def latex_to_text(text, symbols=None):
    """The plain-text reading of a LaTeX formula (what symopt will parse), without building it.

    >>> latex_to_text(r"\\frac{b-1}{b+1}")
    '( ( b - 1 ) / ( b + 1 ) )'
    >>> latex_to_text(r"\\sin^2 x + \\sqrt[3]{y}")
    'sin ( x ) ** ( 2 ) + ( ( y ) ** ( 1 / ( 3 ) ) )'
    """
    reader = _Reader(text, symbols)
    return " ".join(reader.translate(reader.tokens)[0].split())


def parse_latex(text, symbols=None, **limits):
    """Parse a LaTeX formula into a sympy object (expression, Matrix, equation, set or tuple).

    ``symbols`` and ``limits`` are those of :func:`symopt.parsing.parse_object`;
    the same limits apply. Delimiters and boxes are not unwrapped here (see
    :func:`parse_latex_answer`).

    >>> import sympy as sp
    >>> b, k = sp.symbols('b k')
    >>> parse_latex(r"b\\left(\\frac{b-1}{b+1}\\right)^{k}") == b*((b - 1)/(b + 1))**k
    True
    >>> parse_latex(r"\\begin{pmatrix} 1 & 2 \\\\ 2 & 5 \\end{pmatrix}")
    Matrix([
    [1, 2],
    [2, 5]])
    >>> parse_latex(r"\\input{/etc/passwd}")
    Traceback (most recent call last):
    ...
    symopt.errors.ParseError: \\input at column 1 is TeX programming and is refused in an answer
    """
    reader = _Reader(text, symbols, **limits)
    return reader.build(reader.tokens)


def parse_latex_answer(text, symbols=None, **limits):
    """Parse a LaTeX *answer*: unwrap ``$...$``/``\\[...\\]`` and ``\\boxed{}``, read labels and lists.

    Returns what :func:`symopt.check.check_answer` compares: an expression,
    Matrix, set or tuple; an unevaluated equation ``Eq(x_k, value)`` when the
    label is a plain name; or a dict ``{name: value}`` for ``x_k = A, \\quad y_k = B``.
    A label that is not a plain name (``f(x_k) =``, ``x^{(k)} =``) is dropped.

    >>> parse_latex_answer(r"$\\boxed{x_k = 2^{-k}}$")
    Eq(x_k, 2**(-k))
    >>> parse_latex_answer(r"f(x_k) = \\frac{1}{4^{k}} \\quad \\text{for } k \\ge 0")
    4**(-k)
    >>> parse_latex_answer(r"x_k = 2^{-k},\\quad y_k = (-1)^k")
    {'x_k': 2**(-k), 'y_k': (-1)**k}
    """
    reader = _Reader(text, symbols, **limits)
    tokens = reader.answer_tokens()
    thousands = _thousands(tokens)
    if thousands is not None:
        return thousands
    ranges = _split_items(tokens)
    while len(ranges) > 1 and _is_condition(tokens[slice(*ranges[-1])]):
        tokens = tokens[:ranges[-1][0]] + tokens[-1:]
        ranges = ranges[:-1]
        # the separator before the condition goes too
        while len(tokens) > 1 and ((tokens[-2].kind, tokens[-2].text) in (("op", ","), ("op", ";")) or (
                tokens[-2].kind == "cmd" and tokens[-2].text[1:] in _SPACING)):
            tokens = tokens[:-2] + tokens[-1:]
    items = [tokens[a:b] for a, b in ranges]
    if len(items) > 1:
        labelled = [_split_label(item) for item in items]
        if all(split is not None and _is_plain_name(split[0]) for split in labelled):
            result = {}
            for label, value in labelled:
                name = _label_name(label)
                if name in result:
                    raise ParseError(f"'{name}' is given twice (column {label[0].col})", label[0].col)
                result[name] = expect_expr(reader.build(value))
            return result
    split = _split_label(tokens[:-1])
    if split is not None and _is_label(split[0]):
        label, value = split
        if not value:
            raise ParseError(f"nothing after '=' (column {reader.end_col})", reader.end_col)
        if not _is_plain_name(label) or _has_chain(value):
            for side in _middle_sides(value):
                # "x = 1 \text{ or } x = -1": a side that is dropped is still read, so prose is refused
                reader.translate(side)
            return reader.build(_last_side(value))
    return reader.build(tokens)


def _thousands(tokens):
    """A whole answer ``1,000`` or ``12{,}345{,}678`` (no spaces): the integer, else None.

    Only a whole answer: inside an interval or a point, ``(1,100)`` keeps its two numbers.
    """
    body = [t for t in tokens if t.kind != "end"]
    body = [t for t in body if not (t.kind == "op" and t.text in "{}")]
    if len(body) < 3 or len(body) % 2 == 0 or body[0].kind != "num" or not body[0].text.isdigit() \
            or len(body[0].text) > 3:
        return None
    for comma, group in zip(body[1::2], body[2::2]):
        if not (comma.kind == "op" and comma.text == "," and group.kind == "num" and group.text.isdigit()
                and len(group.text) == 3):
            return None
    if body[-1].col + len(body[-1].text) - body[0].col != sum(len(t.text) for t in tokens if t.kind != "end"):
        return None   # "1, 000" with a space is a list
    import sympy
    return sympy.Integer("".join(t.text for t in body[::2]))


def _has_chain(tokens):
    return any(tokens[i].kind == "op" and tokens[i].text == "=" for i in _top_level(tokens))


def _middle_sides(tokens):
    """The sides of ``a = b = c`` before the last one (``[a, b]``); ``[]`` without a chain."""
    equals = [i for i in _top_level(tokens) if tokens[i].kind == "op" and tokens[i].text == "="]
    bounds = [-1] + equals
    return [tokens[a + 1:b] for a, b in zip(bounds, equals) if b > a + 1]


def _last_side(tokens):
    """``a = b = c`` (a worked chain of equalities): the last side is the answer."""
    equals = [i for i in _top_level(tokens) if tokens[i].kind == "op" and tokens[i].text == "="]
    return tokens[equals[-1] + 1:] if equals else tokens


def _label_name(label):
    head = label[0].text
    name = _GREEK.get(head[1:], head) if label[0].kind == "cmd" else head
    subscript = [t.text for t in label[1:] if t.kind in ("word", "num")]
    return f"{name}_{subscript[0]}" if subscript else name


def parse_latex_assumptions(text):
    """Parse LaTeX assumptions such as ``0 < b \\le 1,\\ k \\in \\mathbb{N}`` into Domains.

    Each clause is translated to the plain assumption grammar of
    :func:`symopt.parsing.parse_assumptions` (``\\le`` is ``<=``, ``\\in (0, 1]`` an
    interval, ``\\mathbb{N}`` natural, ``\\mathbb{Z}`` integer, ``\\infty`` infinity).

    >>> [d.describe() for d in parse_latex_assumptions(r"0 < b \\le 1,\\quad k \\in \\mathbb{N}")]
    ['0 < b <= 1', 'k integer, k >= 0']
    """
    reader = _Reader(text)
    tokens = _strip_delimiters(reader.tokens)
    clauses = []
    for item in _split_assumption_items(tokens):
        clauses.append(_assumption_clause(reader, item))
    return parse_assumptions(", ".join(clauses))


def _split_assumption_items(tokens):
    """Clauses at top-level ``,`` ``;`` ``\\quad`` and ``\\text{and}``; intervals keep their comma."""
    items, current, depth = [], [], 0
    i = 0
    body = tokens[:-1]
    while i < len(body):
        t = body[i]
        if t.kind == "op" and t.text in "([":
            depth += 1
        elif t.kind == "op" and t.text in ")]":
            depth -= 1
        separator = depth == 0 and ((t.kind == "op" and t.text in (",", ";"))
                                    or (t.kind == "cmd" and t.text in ("\\quad", "\\qquad", "\\\\")))
        if t.kind == "cmd" and t.text in ("\\text", "\\textrm", "\\mbox") and i + 3 < len(body) and (
                body[i + 2].text == "and" and body[i + 3].text == "}"):
            separator, i = True, i + 3
        if separator:
            if current:
                items.append(current)
            current = []
        else:
            current.append(t)
        i += 1
    if current:
        items.append(current)
    return items


def _assumption_clause(reader, item):
    """One clause in the plain assumption grammar (bounds translated as expressions)."""
    # \left and \right only size the brackets of an interval
    item = [t for t in item if not (t.kind == "cmd" and t.text in ("\\left", "\\right"))]
    kinds = [(t.kind, t.text) for t in item]
    if ("cmd", "\\in") in kinds:
        at = kinds.index(("cmd", "\\in"))
        name_text, _ = reader.translate(item[:at])
        rest = item[at + 1:]
        if rest and rest[0].kind == "cmd" and rest[0].text == "\\mathbb":
            words, _ = reader.translate(rest, assumptions=True)
            return f"{name_text} {words}"
        if len(rest) >= 5 and rest[0].kind == "op" and rest[0].text in "([" and rest[-1].text in ")]":
            inner = rest[1:-1]
            commas = [i for i in _top_level(inner) if inner[i].kind == "op" and inner[i].text == ","]
            if len(commas) == 1:
                low, _ = reader.translate(inner[:commas[0]], assumptions=True)
                high, _ = reader.translate(inner[commas[0] + 1:], assumptions=True)
                return f"{name_text} in {rest[0].text}{low}, {high}{rest[-1].text}"
        raise ParseError(f"after \\in at column {item[at].col} write an interval such as (0, 1] or "
                         f"\\mathbb{{N}}", item[at].col)
    text, _ = reader.translate(item, assumptions=True)
    return text


def read_answer(text, answer_format="auto", symbols=None):
    """The answer as the checker takes it: plain text stays text, LaTeX is parsed here.

    ``answer_format`` is one of :data:`ANSWER_FORMATS`; with ``"auto"`` text that
    :func:`looks_like_latex` is read as LaTeX. Returns ``text`` unchanged when it
    is read as plain text, otherwise the parsed object (see :func:`parse_latex_answer`).

    >>> read_answer("x**2")
    'x**2'
    >>> read_answer(r"x^{2}")
    x**2
    """
    if answer_format not in ANSWER_FORMATS:
        raise ParseError(f"unknown answer format {answer_format!r}; choose one of {', '.join(ANSWER_FORMATS)}")
    if answer_format == "text" or (answer_format == "auto" and not looks_like_latex(text)):
        return text
    return parse_latex_answer(text, symbols=symbols)
