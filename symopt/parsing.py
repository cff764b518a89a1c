"""Safe parsing of untrusted user text into sympy objects.

Nothing here evaluates the text as Python: the text is normalised and
tokenised by this module, parsed with ``ast.parse(..., mode='eval')`` into a
syntax tree that is *not* compiled, and the tree is walked with an explicit
whitelist that builds sympy objects directly (``Integer``, ``Float``,
``Symbol``, ``Add``, ``Mul``, ``Pow`` and whitelisted function classes).
Every refusal is a :class:`~symopt.errors.ParseError` whose message names the
1-based column of the offending part of the *original* text.

Accepted syntax
===============
- Numbers ``2``, ``0.5``, ``1e-3`` (floats become ``sympy.Float``; integer
  division stays exact: ``1/3`` is ``Rational(1, 3)``).  No complex literals:
  ``I`` and ``j`` are ordinary names and ``1j`` is ``1*j`` (sympy itself may
  still evaluate ``sqrt(-1)`` to ``I``).  Sums and products are built pairwise
  from the left as sympy's operators would (so results equal the same formula
  typed into sympy), except chains longer than :data:`FOLD_LIMIT`, which are
  built with one ``Add``/``Mul`` call.
- Operators ``+ - * / **`` and ``^`` (a synonym of ``**``); ``-x**2`` is
  ``-(x**2)`` and ``2^3^2`` is ``2^(3^2)``, as in mathematics.  ``//``, ``%``,
  ``!`` and bit operators are refused.
- Implicit multiplication: ``2x``, ``2 sin(x)``, ``2(x+1)``, ``(x+1)(x-1)``,
  ``x y``, ``(x+1)x`` and ``sin(x)cos(x)`` are products.  A number may not
  follow a name or ``)`` (``x 2`` and ``(x+1)2`` are refused as ambiguous).
- Names are ASCII: a letter, then letters, digits or ``_`` (``x``, ``x_1``,
  ``x2``, ``beta``).  Names starting with ``_`` or containing ``__`` and
  Python keywords are refused, except ``lambda`` which means ``lamda`` (the
  sympy spelling of the Greek letter).
- A multi-letter name that is not a declared symbol, function, constant or
  Greek letter name is split into single letters when *every* letter is a
  declared symbol (``3xy`` is ``3*x*y`` when ``x`` and ``y`` are declared);
  otherwise it stays one symbol (``xy``).  Declared names are the keys of
  ``symbols`` plus ``symbol_names``.
- A declared name always wins: if ``gamma`` or ``e`` is declared it is that
  symbol, and ``gamma(1-x)`` is then a product.  Otherwise ``e`` and ``E`` are
  Euler's number, ``pi`` is pi, and a name followed by ``(`` is a function
  call (see :data:`KNOWN_FUNCTIONS`); an unknown multi-letter name followed
  by ``(`` is an error ("unknown function 'sinn' at column 1; did you mean
  'sin'?"), an undeclared single letter or Greek name followed by ``(`` is a
  product (``a(b+1)``).  Function names need parentheses (``sin x`` is
  refused); ``gamma`` without parentheses is the Greek letter.
- ``Piecewise((expr, condition), ..., (expr, True))`` builds a piecewise
  expression; a condition is a comparison or a chain of them (``k <= tau``,
  ``0 < x < 1``), and ``True`` (allowed only there, as the last condition)
  means "otherwise".
- ``sigmoid(x)`` is ``1/(1 + exp(-x))``, ``relu(x)`` is ``Max(0, x)``,
  ``ln`` is ``log``, ``log(x, b)`` is the base-``b`` logarithm, ``abs`` is
  ``Abs`` and ``max``/``min`` are ``Max``/``Min``.
- :func:`parse_object` also accepts ``[a, b]`` (a column Matrix),
  ``[[1, 2], [3, 4]]`` (a Matrix; rows must have equal length), ``(1, 0)``
  (a Tuple), ``{(1, 0), (-1, 0)}`` (a FiniteSet; ``{}`` is the empty set) and
  equations ``lhs = rhs`` or ``lhs == rhs`` (``Eq(..., evaluate=False)``).
- Unicode pasted from PDFs: ``−`` ``–`` become ``-``; ``·`` ``⋅`` ``×`` ``∗``
  become ``*``; ``÷`` becomes ``/``; superscripts ``x²``, ``x⁻¹`` become
  ``x**(2)``, ``x**(-1)``; ``≤ ≥ ≠ ∈ ∞`` become ``<= >= != in oo``; lower-case
  Greek letters become their names (``α`` is ``alpha``, ``λ`` is ``lamda``);
  compatibility forms such as full-width or mathematical italic letters are
  NFKC-normalised to ASCII.  Any other non-ASCII character (for instance a
  Cyrillic look-alike ``ѕ`` or ``х``, a Greek capital, ``ο`` omicron) and
  control characters are refused.

Limits
======
Checked in this order, each with a clear message: text length
(:data:`MAX_LENGTH`, checked before anything else), bracket depth
(:data:`MAX_DEPTH`, checked on the tokens *before* ``ast.parse``), number of
tree nodes (:data:`MAX_NODES`) and tree depth (:data:`MAX_DEPTH`; a sum or
product of many terms counts as one level).  Numbers are size-checked before
sympy computes them: an exact number may have at most :data:`MAX_DIGITS`
digits (below Python's 4300-digit limit for printing integers), so ``9**9**9``,
``2**10**10`` and ``10**-10**10`` are refused from log-size arithmetic without
being computed; floats must lie within ``10**±MAX_FLOAT_EXP10`` (``1e999``
overflows and is refused); a fractional power of a number with more than
:data:`MAX_ROOT_DIGITS` digits is refused (sympy's root extraction is slow on
such numbers); a power of a non-number may have an exponent of magnitude at
most :data:`MAX_EXPONENT`, which bounds a later ``expand`` of ``(x+1)**n``
(downstream symbolic work still needs a time budget); ``factorial``, ``gamma`` and ``binomial`` of exact numbers beyond
:data:`MAX_FACTORIAL` are refused; ``Max``/``Min`` take at most
:data:`MAX_ARGS` arguments; a matrix has at most :data:`MAX_MATRIX_SIZE` rows and
columns, a list of names (``--vars``) at most :data:`MAX_NAMES` names; a float
literal's range is checked on its text before it is converted.  Division by an exact zero (``1/0``,
``x/0.0``, ``0**-1``) and undefined values (``log(0)``, ``gamma(0)``) are
refused wherever they occur, even where sympy would absorb them later
(``log(0)**0``).  Python errors met while building (RecursionError,
MemoryError, OverflowError, ValueError, ...) become ParseError too.

Assumptions (:func:`parse_assumptions`) have their own small grammar,
described in that function's docstring.
"""

import ast
import difflib
import keyword
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from .assumptions import Domain, merge_domains
from .errors import ParseError, SymoptError

__all__ = [
    "FOLD_LIMIT", "GREEK_NAMES", "KNOWN_CONSTANTS", "KNOWN_FUNCTIONS", "MAX_ARGS", "MAX_DEPTH", "MAX_DIGITS", "MAX_EXPONENT",
    "MAX_FACTORIAL", "MAX_FLOAT_EXP10", "MAX_LENGTH", "MAX_MATRIX_SIZE", "MAX_NAMES", "MAX_NODES", "MAX_ROOT_DIGITS", "parse_assignments",
    "parse_assumptions", "parse_domains", "parse_expression", "parse_matrix", "parse_names", "parse_object",
]

from .limits import (MAX_ARGS, MAX_DEPTH, MAX_DIGITS, MAX_EXPONENT, MAX_FACTORIAL,  # noqa: F401 (re-exported)
                     MAX_FLOAT_EXP10, MAX_LENGTH, MAX_MATRIX_SIZE, MAX_NAMES, MAX_NODES, MAX_NUMBER_LITERAL,
                     MAX_ROOT_DIGITS)

_LOG2_10 = math.log2(10)


def _sigmoid(x):
    return 1 / (1 + sp.exp(-x))


def _relu(x):
    return sp.Max(0, x)


KNOWN_FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "atan2": sp.atan2,
    "asec": sp.asec, "acsc": sp.acsc, "acot": sp.acot,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan, "arctan2": sp.atan2,
    "arcsec": sp.asec, "arccsc": sp.acsc, "arccot": sp.acot,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "sech": sp.sech, "csch": sp.csch, "coth": sp.coth,
    "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
    "arcsinh": sp.asinh, "arccosh": sp.acosh, "arctanh": sp.atanh,
    "arsinh": sp.asinh, "arcosh": sp.acosh, "artanh": sp.atanh,
    "exp": sp.exp, "log": sp.log, "ln": sp.log,
    "sqrt": sp.sqrt, "cbrt": sp.cbrt,
    "abs": sp.Abs, "Abs": sp.Abs, "sign": sp.sign,
    "floor": sp.floor, "ceiling": sp.ceiling, "ceil": sp.ceiling,
    "factorial": sp.factorial, "binomial": sp.binomial, "gamma": sp.gamma,
    "Max": sp.Max, "max": sp.Max, "Min": sp.Min, "min": sp.Min,
    "erf": sp.erf, "sigmoid": _sigmoid, "relu": _relu, "Heaviside": sp.Heaviside,
    "Piecewise": sp.Piecewise,
}
"""Functions accepted in user text: name -> callable building the sympy object."""

# (fewest, most) positional arguments; None = no upper bound other than MAX_ARGS.
_ARITY = {name: (1, 1) for name in KNOWN_FUNCTIONS}
_ARITY.update({"atan2": (2, 2), "arctan2": (2, 2), "log": (1, 2), "binomial": (2, 2), "Heaviside": (1, 2),
               "Max": (1, MAX_ARGS), "max": (1, MAX_ARGS), "Min": (1, MAX_ARGS), "min": (1, MAX_ARGS),
               "Piecewise": (1, MAX_ARGS)})
_BIG_ARGUMENT_FUNCTIONS = {"factorial", "gamma", "binomial"}

KNOWN_CONSTANTS = {"pi": sp.pi, "E": sp.E, "e": sp.E}
"""Constants accepted in user text (``e``/``E`` only when not declared as a symbol)."""

GREEK_NAMES = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
               "lamda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
               "omega")
"""Greek letter names: never split into letters; ``gamma`` alone is the letter."""

_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

# ---------------------------------------------------------------------------------------------
# Step 1: normalisation of characters (keeps a map to original columns)
# ---------------------------------------------------------------------------------------------
_TRANSLATE = {
    "\u2212": "-", "\u2013": "-", "\u2010": "-", "\u2011": "-",
    "\u00b7": "*", "\u22c5": "*", "\u00d7": "*", "\u2217": "*", "\u2219": "*",
    "\u00f7": "/", "\u2215": "/",
    "\u2264": "<=", "\u2a7d": "<=", "\u2265": ">=", "\u2a7e": ">=", "\u2260": "!=",
    "\u2208": " in ", "\u221e": " oo ",
    "\t": " ", "\n": " ", "\r": " ", "\f": " ", "\v": " ",
}
_SUPERSCRIPTS = {"\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4",
                 "\u2075": "5", "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9",
                 "\u207b": "-", "\u207a": "+"}
_GREEK_LOOKALIKES = {"omicron"}


def _describe_char(ch):
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def _unicode_replacement(ch, col):
    """ASCII text for one non-ASCII character, or ParseError."""
    if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp"):
        raise ParseError(f"control or invisible character ({_describe_char(ch)}) at column {col} is not allowed",
                         col)
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and (folded.isascii() and folded.isprintable()):
        return folded
    name = unicodedata.name(folded, "") if len(folded) == 1 else ""
    if name.startswith("GREEK SMALL LETTER "):
        word = name[len("GREEK SMALL LETTER "):].lower()
        word = {"final sigma": "sigma"}.get(word, word)
        if word in GREEK_NAMES and word not in _GREEK_LOOKALIKES:
            return f" {word} "
    hint = ""
    if unicodedata.category(ch).startswith("L"):
        hint = ("; names must use ASCII letters a-z, A-Z (letters from other alphabets that look like "
                "ASCII letters are refused)")
    raise ParseError(f"character '{ch}' ({_describe_char(ch)}) at column {col} is not allowed{hint}", col)


def _normalise(text, first_col=1):
    """Return (ascii_text, columns): columns[i] is the original column of ascii_text[i]."""
    out, cols = [], []
    i, n = 0, len(text)
    while i < n:
        ch, col = text[i], first_col + i
        step = 1
        if ch in _TRANSLATE:
            rep = _TRANSLATE[ch]
        elif ch in _SUPERSCRIPTS:
            while i + step < n and text[i + step] in _SUPERSCRIPTS:
                step += 1
            rep = "**(" + "".join(_SUPERSCRIPTS[c] for c in text[i:i + step]) + ")"
        elif " " <= ch <= "~":
            rep = ch
        elif ch.isascii():
            raise ParseError(f"control character ({_describe_char(ch)}) at column {col} is not allowed", col)
        else:
            rep = _unicode_replacement(ch, col)
        out.append(rep)
        cols.extend([col] * len(rep))
        i += step
    return "".join(out), cols


# ---------------------------------------------------------------------------------------------
# Step 2: tokens, names, implicit multiplication
# ---------------------------------------------------------------------------------------------
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


@dataclass(frozen=True)
class _Limits:
    max_length: int = MAX_LENGTH
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES
    max_exponent: object = MAX_EXPONENT
    real_domains: bool = False


@dataclass
class _Token:
    kind: str   # 'num', 'name', 'op'
    text: str
    col: int


class _Names:
    """How names resolve: declared symbols first, then constants, functions, plain symbols."""

    def __init__(self, symbols=None, symbol_names=None):
        self.table = {}
        if symbols is not None:
            items = symbols.items() if isinstance(symbols, Mapping) else (
                (s if isinstance(s, str) else s.name, s) for s in symbols)
            for name, value in items:
                if isinstance(value, str):
                    value = sp.Symbol(value)
                if not isinstance(value, sp.Expr):
                    raise TypeError(f"symbols[{name!r}] must be a sympy expression, got {type(value).__name__}")
                self.table[_keyword_alias(name)] = value
        for name in symbol_names or ():
            self.table.setdefault(_keyword_alias(name), sp.Symbol(_keyword_alias(name)))

    def is_declared(self, name):
        return name in self.table

    def is_function(self, name):
        return name in KNOWN_FUNCTIONS and name not in self.table

    def is_constant(self, name):
        return name in KNOWN_CONSTANTS and name not in self.table

    def resolve(self, name):
        if name in self.table:
            return self.table[name]
        if name in KNOWN_CONSTANTS:
            return KNOWN_CONSTANTS[name]
        return sp.Symbol(name)

    def can_split(self, name):
        return (len(name) > 1 and name.isalpha() and name not in GREEK_NAMES and name not in KNOWN_FUNCTIONS
                and name not in KNOWN_CONSTANTS and all(c in self.table for c in name))


def _keyword_alias(name):
    return "lamda" if name == "lambda" else name


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


def _unknown_function(name, col):
    close = difflib.get_close_matches(name, sorted(KNOWN_FUNCTIONS), n=1, cutoff=0.6)
    if close:
        return ParseError(f"unknown function '{name}' at column {col}; did you mean '{close[0]}'?", col)
    return ParseError(f"unknown function '{name}' at column {col}; write '{name}*(...)' for a product, "
                      f"or use one of: {', '.join(sorted(set(KNOWN_FUNCTIONS)))}", col)


def _classify(tokens, names):
    """Resolve names into kinds ('sym', 'func') and split 'xy' into 'x', 'y' when declared."""
    out = []
    for i, tok in enumerate(tokens):
        if tok.kind != "name":
            out.append((tok.kind if tok.kind == "num" else tok.text, tok))
            continue
        _check_name_token(tok)
        tok = _Token("name", _keyword_alias(tok.text), tok.col)
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
            raise _unknown_function(name, tok.col)
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


def _source(ascii_text, cols, names, limits, end_col):
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


# ---------------------------------------------------------------------------------------------
# Step 3: the syntax tree, checked before anything is built
# ---------------------------------------------------------------------------------------------
_REFUSED = {
    ast.Attribute: "attribute access is not allowed", ast.Subscript: "indexing with [...] is not allowed",
    ast.Lambda: "'lambda' functions are not allowed", ast.IfExp: "conditional expressions are not allowed",
    ast.BoolOp: "'and'/'or' are not allowed", ast.Starred: "'*' unpacking is not allowed",
    ast.NamedExpr: "':=' is not allowed", ast.Dict: "dictionaries are not allowed",
    ast.ListComp: "comprehensions are not allowed", ast.SetComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed", ast.DictComp: "comprehensions are not allowed",
    ast.JoinedStr: "strings are not allowed", ast.Slice: "slices are not allowed",
}
_ALLOWED = (ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Call, ast.List, ast.Tuple, ast.Set,
            ast.Compare)
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_SUM_OPS = (ast.Add, ast.Sub)
_PRODUCT_OPS = (ast.Mult, ast.Div)
_OP_SYMBOLS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
               ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.Not: "not", ast.Invert: "~"}


def _same_chain(parent, child):
    """True when ``child`` is flattened into ``parent`` (long sums/products, sign runs)."""
    if isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp) and child is parent.left:
        return (isinstance(parent.op, _SUM_OPS) and isinstance(child.op, _SUM_OPS)) or (
            isinstance(parent.op, _PRODUCT_OPS) and isinstance(child.op, _PRODUCT_OPS))
    return isinstance(parent, ast.UnaryOp) and isinstance(child, ast.UnaryOp)


def _parse_tree(source, posmap, limits):
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        offset = (exc.offset or 1) - 1
        col = posmap[min(max(offset, 0), len(posmap) - 1)]
        raise ParseError(f"invalid syntax at column {col}", col) from None
    except (RecursionError, MemoryError):
        raise ParseError("formula is too long or too deeply nested to parse") from None
    body = tree.body
    count = 0
    stack = [(body, 1)]
    while stack:
        node, depth = stack.pop()
        col = posmap[min(getattr(node, "col_offset", 0), len(posmap) - 1)]
        if not isinstance(node, _ALLOWED) and not (isinstance(node, ast.Dict) and not node.keys
                                                   and node is body):
            message = _REFUSED.get(type(node), f"{type(node).__name__} is not allowed")
            raise ParseError(f"{message} (column {col})", col)
        count += 1
        if count > limits.max_nodes:
            raise ParseError(f"formula is too large (more than {limits.max_nodes} parts)")
        if depth > limits.max_depth:
            raise ParseError(f"formula is nested deeper than {limits.max_depth} levels at column {col}", col)
        _check_node(node, col)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                stack.append((child, depth if _same_chain(node, child) else depth + 1))
            elif isinstance(child, ast.keyword):
                raise ParseError(f"keyword arguments are not allowed (column {col})", col)
    return body


def _check_node(node, col):
    if isinstance(node, ast.BinOp) and type(node.op) not in _BINOPS:
        raise ParseError(f"operator '{_OP_SYMBOLS.get(type(node.op), '?')}' at column {col} is not supported", col)
    if isinstance(node, ast.UnaryOp) and not isinstance(node.op, (ast.USub, ast.UAdd)):
        raise ParseError(f"operator '{_OP_SYMBOLS.get(type(node.op), '?')}' at column {col} is not supported", col)
    if isinstance(node, ast.Constant) and type(node.value) not in (int, float) and node.value is not True:
        raise ParseError(f"only numbers are allowed as constants (column {col})", col)
    if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
        raise ParseError(f"only named functions can be called (column {col})", col)


# ---------------------------------------------------------------------------------------------
# Step 4: size estimates and checks of built values
# ---------------------------------------------------------------------------------------------
_MAX_BITS = MAX_DIGITS * _LOG2_10
_MAX_FLOAT_BITS = MAX_FLOAT_EXP10 * _LOG2_10
_MAX_ROOT_BITS = MAX_ROOT_DIGITS * _LOG2_10
_UNDEFINED = (sp.zoo, sp.nan, sp.oo, -sp.oo)


def _decimal_exponent(text):
    """The power of ten of a float literal's leading digit (``"0.05e3"`` -> 1), or None for zero."""
    mantissa, _, exponent = text.replace("_", "").lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if not digits.strip("0"):
        return None
    leading = len(whole.lstrip("0")) - 1 if whole.strip("0") else -(len(fraction) - len(fraction.lstrip("0")) + 1)
    return int(exponent or 0) + leading


def _as_float(value):
    try:
        return float(value)
    except (OverflowError, TypeError, ValueError):
        return math.inf


def _log2_abs(number):
    """|log2 |number|| of a nonzero sympy Number, as a float; sizes of exact numbers for Rationals."""
    if number.is_Rational:
        p, q = abs(int(number.p)), int(number.q)
        return max(math.log2(p) if p else 0.0, math.log2(q))
    _sign, man, exp, _bc = number._mpf_
    if not man:
        return 0.0
    return abs(math.log2(man) + exp) if abs(exp) < 2**60 else math.inf


def _digits(bits):
    return int(bits / _LOG2_10) + 1


def _check_number(value, col):
    if value.is_Rational:
        if max(int(value.p).bit_length(), int(value.q).bit_length()) > _MAX_BITS:
            raise ParseError(f"number at column {col} has more than {MAX_DIGITS} digits", col)
    elif value.is_Float and value != 0:
        if _log2_abs(value) > _MAX_FLOAT_BITS:
            raise ParseError(f"floating-point number at column {col} is out of range "
                             f"(beyond 10**±{MAX_FLOAT_EXP10})", col)


def _check_value(value, col, max_exponent=MAX_EXPONENT):
    """Refuse undefined values and oversized numbers at the top of a freshly built value."""
    items = [value]
    if value.is_Add or value.is_Mul or value.is_Pow:
        items.extend(value.args)
    for item in items:
        if item in _UNDEFINED:
            raise ParseError(f"undefined value at column {col} (division by zero or similar)", col)
        if item.is_Number:
            _check_number(item, col)
        elif (max_exponent is not None and item.is_Pow and item.exp.is_Number and item.base.is_Add
              and abs(item.exp) > max_exponent):
            raise ParseError(f"exponent at column {col} exceeds {max_exponent} in magnitude", col)
    return value


def _check_power(base, exponent, col, max_exponent=MAX_EXPONENT):
    """Refuse a power whose evaluation would be huge or slow, before sympy computes it."""
    if not exponent.is_Number:
        return
    if base.is_Number:
        if base.is_zero:
            if exponent.is_negative:
                raise ParseError(f"division by zero at column {col} (0 to a negative power)", col)
            return
        size = _as_float(abs(exponent)) * _log2_abs(base)
        if base.is_Float or exponent.is_Float:
            if size > _MAX_FLOAT_BITS:
                raise ParseError(f"power at column {col} is out of the floating-point range "
                                 f"(beyond 10**±{MAX_FLOAT_EXP10})", col)
            return
        if size > _MAX_BITS:
            raise ParseError(f"power at column {col} would have about {_format_digits(size)} digits; "
                             f"the limit is {MAX_DIGITS}", col)
        if not exponent.is_Integer and _log2_abs(base) > _MAX_ROOT_BITS:
            raise ParseError(f"root of a number with more than {MAX_ROOT_DIGITS} digits at column {col} "
                             f"is not computed", col)
        return
    if max_exponent is not None and _as_float(abs(exponent)) > max_exponent:
        raise ParseError(f"exponent at column {col} exceeds {max_exponent} in magnitude; such powers of "
                         f"symbolic expressions are refused because expanding them later would not finish",
                         col)
    coeff = base.as_coeff_Mul()[0]
    if coeff.is_Number and coeff != 0:
        size = _as_float(abs(exponent)) * _log2_abs(coeff)
        if size > (_MAX_FLOAT_BITS if coeff.is_Float or exponent.is_Float else _MAX_BITS):
            raise ParseError(f"power at column {col} would create a number with about "
                             f"{_format_digits(size)} digits", col)
        # sympy takes the root of the coefficient too: sqrt(x*N) with a 2,000-digit N took seconds
        if coeff.is_Rational and not exponent.is_Integer and _log2_abs(coeff) > _MAX_ROOT_BITS:
            raise ParseError(f"root of a number with more than {MAX_ROOT_DIGITS} digits at column {col} "
                             f"is not computed", col)


def _format_digits(bits):
    return f"{_digits(bits):,}" if math.isfinite(bits) else "infinitely many"


def _check_function_arguments(name, args, col):
    if name in _BIG_ARGUMENT_FUNCTIONS:
        for arg in args:
            if arg.is_Rational and abs(arg) > MAX_FACTORIAL:
                raise ParseError(f"{name}() of a number larger than {MAX_FACTORIAL} at column {col} is refused "
                                 f"(the result would be huge)", col)
    if name in ("sqrt", "cbrt"):
        _check_power(args[0], sp.Rational(1, 2 if name == "sqrt" else 3), col)
    if name in ("log", "ln") and args[0] == 0:
        raise ParseError(f"log(0) at column {col} is undefined", col)


# ---------------------------------------------------------------------------------------------
# Step 5: building sympy objects from the checked tree
# ---------------------------------------------------------------------------------------------
FOLD_LIMIT = 64
"""Sums and products of up to this many terms are built pairwise from the left, as Python would."""


def _keeps_domain(value, argument, condition, function=None):
    """True when ``value`` still is undefined where ``condition`` on ``argument`` fails: it has the
    condition itself, or ``function`` of the argument (a log or even root when ``function`` is None)."""
    if value.has(condition):
        return True
    for node in sp.preorder_traversal(value):
        if function is not None:
            if isinstance(node, function) and node.args[0] == argument:
                return True
        elif isinstance(node, sp.log) and node.args[0] == argument:
            return True
        elif node.is_Pow and node.base == argument and node.exp.is_Rational and node.exp.q % 2 == 0:
            return True
    return False


def _fold(operation, items):
    """``((a op b) op c) ...`` like sympy's operators, or one n-ary call for very long chains.

    Pairwise building matters for products: sympy distributes a number over a sum only when
    exactly two factors meet (``2*(x + y)*z`` is ``(2*x + 2*y)*z``).  Pairwise building costs
    quadratic time, so chains longer than :data:`FOLD_LIMIT` are built with one call (the same
    value, possibly without that distribution).
    """
    if len(items) > FOLD_LIMIT:
        return operation(*items)
    result = items[0]
    for item in items[1:]:
        result = operation(result, item)
    return result


class _Builder:
    """Walks a checked ast tree and builds sympy objects (see the module docstring)."""

    def __init__(self, source, posmap, names, max_exponent=MAX_EXPONENT, real_domains=False):
        self.source = source
        self.posmap = posmap
        self.names = names
        self.max_exponent = max_exponent
        # real_domains: sympy's evaluation drops the real domain of a root or log it cancels (sqrt(x)**2
        # is x, exp(log(x)) is x); each such argument is remembered and, where the built value lost it,
        # the value is restricted to it: Piecewise((x, x >= 0)) -- undefined elsewhere, as the text is
        self.real_domains = real_domains
        self.guards = []   # (argument, condition) of every root/log whose argument may be negative

    def col(self, node):
        return self.posmap[min(getattr(node, "col_offset", 0), len(self.posmap) - 1)]

    # -- entry points --------------------------------------------------------------------------
    def top(self, node):
        """Any accepted object: Expr, Matrix, Eq, FiniteSet or Tuple."""
        if isinstance(node, ast.Compare):
            return self.equation(node)
        if isinstance(node, ast.List):
            return self.matrix(node)
        if isinstance(node, ast.Set):
            return sp.FiniteSet(*[self.element(e) for e in node.elts])
        if isinstance(node, ast.Dict):
            return sp.FiniteSet()
        if isinstance(node, ast.Tuple):
            return self.element(node)
        return self.expr(node)

    def element(self, node):
        """An element of a set or tuple: an expression or a (nested) tuple."""
        if isinstance(node, ast.Tuple):
            return sp.Tuple(*[self.element(e) for e in node.elts])
        return self.expr(node)

    def equation(self, node):
        if len(node.ops) != 1 or not isinstance(node.ops[0], ast.Eq):
            raise ParseError(f"only equations 'a = b' are accepted here, not inequalities or chains "
                             f"(column {self.col(node)})", self.col(node))
        sides = [self.matrix(s) if isinstance(s, ast.List) else self.expr(s)
                 for s in (node.left, node.comparators[0])]
        return sp.Eq(sides[0], sides[1], evaluate=False)

    def matrix(self, node):
        if not node.elts:
            raise ParseError(f"empty matrix at column {self.col(node)}", self.col(node))
        rows = [isinstance(e, ast.List) for e in node.elts]
        if not any(rows):
            return sp.Matrix([self.expr(e) for e in node.elts])
        if not all(rows):
            raise ParseError(f"a matrix needs every row in brackets, as in [[1, 2], [3, 4]] "
                             f"(column {self.col(node)})", self.col(node))
        size = max(len(node.elts), max(len(row.elts) for row in node.elts))
        if size > MAX_MATRIX_SIZE:
            raise ParseError(f"matrix at column {self.col(node)} has more than {MAX_MATRIX_SIZE} rows or columns",
                             self.col(node))
        built = [[self.expr(e) for e in row.elts] for row in node.elts]
        widths = {len(r) for r in built}
        if len(widths) != 1 or 0 in widths:
            raise ParseError(f"matrix rows have different lengths {sorted(len(r) for r in built)} "
                             f"(column {self.col(node)})", self.col(node))
        return sp.Matrix(built)

    # -- expressions ----------------------------------------------------------------------------
    def expr(self, node):
        if not self.real_domains or not isinstance(node, (ast.BinOp, ast.Call)):
            return self._expr(node)
        before = len(self.guards)
        value = self._expr(node)
        lost = [condition for argument, condition, function in self.guards[before:]
                if not _keeps_domain(value, argument, condition, function)]
        if lost and isinstance(value, sp.Expr):
            value = sp.Piecewise((value, sp.And(*lost)))
        return value

    def _guard(self, argument, strict, condition=None, function=None):
        if not (self.real_domains and isinstance(argument, sp.Expr) and not argument.is_number):
            return
        if condition is None:
            condition = argument > 0 if strict else argument >= 0
        if condition not in (sp.true, True):
            self.guards.append((argument, condition, function))

    def _expr(self, node):
        col = self.col(node)
        if isinstance(node, ast.Constant):
            return self.number(node, col)
        if isinstance(node, ast.Name):
            return self.names.resolve(node.id)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, _SUM_OPS):
                return self.sum(node, col)
            if isinstance(node.op, _PRODUCT_OPS):
                return self.product(node, col)
            return self.power(node, col)
        if isinstance(node, ast.UnaryOp):
            return self.signed(node, col)
        if isinstance(node, ast.Call):
            return self.call(node, col)
        kind = {ast.List: "a list", ast.Tuple: "a tuple", ast.Set: "a set",
                ast.Compare: "an equation or comparison", ast.Dict: "a set"}.get(type(node), "this")
        raise ParseError(f"{kind} cannot be used inside an expression (column {col})", col)

    def number(self, node, col):
        value = node.value
        if value is True:
            raise ParseError(f"True at column {col} is allowed only as the last condition of Piecewise", col)
        if type(value) is int:
            return _check_value(sp.Integer(value), col, self.max_exponent)
        if not math.isfinite(value):
            raise ParseError(f"number at column {col} is too large for a floating-point number", col)
        text = self.source[node.col_offset:node.end_col_offset]
        # the range is checked on the text: converting 1e-99999999 first would compute 10**99999999
        magnitude = _decimal_exponent(text)
        if magnitude is None:
            return sp.Float(0)
        if abs(magnitude) > MAX_FLOAT_EXP10 + 1:
            raise ParseError(f"floating-point number at column {col} is out of range "
                             f"(beyond 10**±{MAX_FLOAT_EXP10})", col)
        return _check_value(sp.Float(text), col, self.max_exponent)

    def sum(self, node, col):
        terms = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, _SUM_OPS):
            term = self.expr(node.right)
            terms.append(term if isinstance(node.op, ast.Add) else -term)
            node = node.left
        terms.append(self.expr(node))
        return _check_value(_fold(sp.Add, terms[::-1]), col, self.max_exponent)

    def product(self, node, col):
        factors = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, _PRODUCT_OPS):
            factor = self.expr(node.right)
            if isinstance(node.op, ast.Div):
                if factor.is_zero and factor.is_Number:
                    raise ParseError(f"division by zero at column {self.col(node.right)}", self.col(node.right))
                factor = sp.Pow(factor, -1)
            factors.append(factor)
            node = node.left
        factors.append(self.expr(node))
        return _check_value(_fold(sp.Mul, factors[::-1]), col, self.max_exponent)

    def power(self, node, col):
        base, exponent = self.expr(node.left), self.expr(node.right)
        _check_power(base, exponent, col, self.max_exponent)
        if exponent.is_Rational and not exponent.is_integer and exponent.q % 2 == 0:
            self._guard(base, False)
        return _check_value(sp.Pow(base, exponent), col, self.max_exponent)

    def signed(self, node, col):
        negative = False
        while isinstance(node, ast.UnaryOp):
            negative ^= isinstance(node.op, ast.USub)
            node = node.operand
        value = self.expr(node)
        return _check_value(-value, col, self.max_exponent) if negative else value

    def call(self, node, col):
        name = node.func.id
        if not self.names.is_function(name):   # only reachable when the tokeniser let it through
            raise _unknown_function(name, col)
        low, high = _ARITY[name]
        if not low <= len(node.args) <= high:
            wanted = str(low) if low == high else f"{low} to {high}"
            raise ParseError(f"{name}() at column {col} takes {wanted} argument{'s' if high > 1 else ''}, "
                             f"got {len(node.args)}", col)
        if name == "Piecewise":
            return self.piecewise(node, col)
        args = [self.expr(a) for a in node.args]
        _check_function_arguments(name, args, col)
        function = KNOWN_FUNCTIONS[name]
        if name in ("sqrt", "log", "ln"):
            for argument in args:
                self._guard(argument, name != "sqrt")
        elif function in (sp.asin, sp.acos, sp.acosh, sp.atanh):
            # sin(asin(x)) is x: the argument's real domain, |x| <= 1 (x >= 1, |x| < 1), would be lost
            u = args[0]
            condition = {sp.asin: (u >= -1) & (u <= 1), sp.acos: (u >= -1) & (u <= 1),
                         sp.acosh: u >= 1, sp.atanh: (u > -1) & (u < 1)}[function]
            self._guard(u, False, condition, function)
        if function is sp.Heaviside and not args[0].is_number:
            # Heaviside.eval asks for im(arg), which expands powers: (a+1)**1000 - b took minutes
            return sp.Heaviside(*args, evaluate=False)
        return _check_value(function(*args), col, self.max_exponent)

    def piecewise(self, node, col):
        pieces = []
        for i, arg in enumerate(node.args):
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise ParseError(f"Piecewise at column {col} takes pairs (expression, condition), as in "
                                 f"Piecewise((1 - k/10, k <= 10), (0, True))", col)
            value, condition = arg.elts
            last = i == len(node.args) - 1
            pieces.append((self.expr(value), self.condition(condition, last)))
        if all(condition is sp.false for _, condition in pieces):
            raise ParseError(f"no condition of the Piecewise at column {col} can hold", col)
        return _check_value(sp.Piecewise(*pieces), col, self.max_exponent)

    def condition(self, node, last):
        """A Piecewise condition: a comparison chain, or True as the last one."""
        col = self.col(node)
        if isinstance(node, ast.Constant) and node.value is True:
            if not last:
                raise ParseError(f"True at column {col} is allowed only as the last condition of Piecewise", col)
            return sp.true
        relations = {ast.Lt: sp.StrictLessThan, ast.LtE: sp.LessThan, ast.Gt: sp.StrictGreaterThan,
                     ast.GtE: sp.GreaterThan}
        if not isinstance(node, ast.Compare) or not all(type(op) in relations for op in node.ops):
            raise ParseError(f"a Piecewise condition is a comparison with <, <=, > or >= (or True for "
                             f"'otherwise'), at column {col}", col)
        sides = [self.expr(node.left)] + [self.expr(c) for c in node.comparators]
        try:
            return sp.And(*[relations[type(op)](a, b) for op, a, b in zip(node.ops, sides, sides[1:])])
        except TypeError:   # sympy refuses to order non-real numbers, e.g. sqrt(-1) < 1
            raise ParseError(f"the Piecewise condition at column {col} compares a non-real value", col) from None


def _limits(max_length=MAX_LENGTH, max_depth=MAX_DEPTH, max_nodes=MAX_NODES, max_exponent=MAX_EXPONENT,
            real_domains=False):
    # max_exponent=None: a numeric exponent on a symbolic base is notation, not work; callers that never
    # expand (the answer checker evaluates numerically and proves under a time budget) accept any size
    # real_domains=True: a root or log that sympy cancels still restricts the value (see _Builder)
    return _Limits(int(max_length), int(max_depth), int(max_nodes), max_exponent, bool(real_domains))


def _build(ascii_text, cols, names, limits, end_col):
    """Parse normalised text into any accepted object (the shared core of the public functions)."""
    try:
        source, posmap = _source(ascii_text, cols, names, limits, end_col)
        body = _parse_tree(source, posmap, limits)
        return _Builder(source, posmap, names, limits.max_exponent, limits.real_domains).top(body)
    except ParseError:
        raise
    except (RecursionError, MemoryError):
        raise ParseError("formula is too large or too deeply nested") from None
    except (OverflowError, ValueError, TypeError, ArithmeticError, AttributeError) as exc:
        raise ParseError(f"cannot build this formula: {exc}") from None


def _build_text(text, symbols, symbol_names, limits):
    _check_length(text, limits.max_length)
    ascii_text, cols = _normalise(text)
    return _build(ascii_text, cols, _Names(symbols, symbol_names), limits, len(text) + 1)


def _expect_expr(obj):
    if not isinstance(obj, sp.Expr):
        raise ParseError(f"expected a single expression, got {_kind(obj)}")
    return obj


_KINDS = {sp.MatrixBase: "a matrix", sp.Eq: "an equation", sp.Set: "a set", sp.Tuple: "a tuple"}


def _kind(obj):
    for cls, label in _KINDS.items():
        if isinstance(obj, cls):
            return label
    return type(obj).__name__


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def parse_expression(text, symbols=None, *, symbol_names=None, max_length=MAX_LENGTH, max_depth=MAX_DEPTH,
                     max_nodes=MAX_NODES, max_exponent=MAX_EXPONENT, real_domains=False):
    """Parse untrusted ``text`` into one sympy expression (never ``eval``).

    ``symbols`` maps names to the sympy symbols to use for them (so that
    assumptions such as ``integer=True`` carry over); an iterable of Symbols
    or of names is accepted too.  Other names become plain ``Symbol(name)``.
    ``symbol_names`` declares further names (for splitting ``xy`` into
    ``x*y``) without giving their symbols.  See the module docstring for the
    syntax and limits; every failure is a :class:`~symopt.errors.ParseError`.

    >>> import sympy as sp
    >>> from symopt.parsing import parse_expression
    >>> x, y, b = sp.symbols('x y b')
    >>> parse_expression('(x**2 + b*y**2)/2') == (x**2 + b*y**2)/2
    True
    >>> parse_expression('x^2 + 3xy', symbols={'x': x, 'y': y})
    x**2 + 3*x*y
    >>> parse_expression('2*sinn(x)')
    Traceback (most recent call last):
    ...
    symopt.errors.ParseError: unknown function 'sinn' at column 3; did you mean 'sin'?
    """
    return _expect_expr(_build_text(text, symbols, symbol_names, _limits(max_length, max_depth, max_nodes,
                                                                               max_exponent, real_domains)))


def parse_object(text, symbols=None, *, symbol_names=None, **limits):
    """Parse ``text`` into an expression, Matrix, equation, set of answers or tuple.

    ``[a, b]`` is a column Matrix, ``[[1, 2], [2, 5]]`` a Matrix (rectangular
    rows), ``lhs = rhs`` (or ``==``) an unevaluated ``Eq``, ``{(1, 0), (-1, 0)}``
    a FiniteSet of Tuples and ``(1, 0)`` a Tuple.  ``limits`` are the keyword
    limits of :func:`parse_expression`.

    >>> from symopt.parsing import parse_object
    >>> parse_object('[[1, 2], [2, 5]]')
    Matrix([
    [1, 2],
    [2, 5]])
    >>> parse_object('x = 2y', symbol_names=['x', 'y'])
    Eq(x, 2*y)
    >>> parse_object('{(1, 0), (-1, 0)}')
    {(-1, 0), (1, 0)}
    """
    return _build_text(text, symbols, symbol_names, _limits(**limits))


def parse_matrix(text, symbols=None, *, symbol_names=None, **limits):
    """Parse ``[[...], ...]`` into a sympy Matrix, or ``[a, b]`` into a column Matrix.

    >>> from symopt.parsing import parse_matrix
    >>> parse_matrix('[[2, 0], [0, 2b]]').shape
    (2, 2)
    >>> parse_matrix('[1, 2]')
    Matrix([
    [1],
    [2]])
    """
    obj = _build_text(text, symbols, symbol_names, _limits(**limits))
    if not isinstance(obj, sp.MatrixBase):
        raise ParseError(f"expected a matrix such as [[1, 2], [3, 4]] or a vector [1, 2], got {_kind(obj)}")
    return obj


def _check_name(name, col=None):
    """Validate one declared name (after normalisation); returns its canonical spelling."""
    where = f" at column {col}" if col is not None else ""
    if not _NAME_RE.match(name) or "__" in name:
        raise ParseError(f"'{name}'{where} is not a valid name: use an ASCII letter followed by letters, "
                         f"digits or '_'", col)
    name = _keyword_alias(name)
    if keyword.iskeyword(name):
        raise ParseError(f"'{name}'{where} is a reserved word and cannot be a name", col)
    if (name in KNOWN_FUNCTIONS and name not in GREEK_NAMES) or (name in KNOWN_CONSTANTS and name != "e"):
        raise ParseError(f"'{name}'{where} is a function or constant and cannot be a variable name", col)
    return name


def _split_top(text, cols, separators=",;", words=()):
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


def _check_length(text, max_length=MAX_LENGTH):
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if len(text) > max_length:
        raise ParseError(f"text is too long ({len(text)} characters; the limit is {max_length})")


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
    _check_length(text)
    ascii_text, cols = _normalise(text)
    names, seen = [], set()
    for match in re.finditer(r"[^\s,;]+", ascii_text):
        col = cols[match.start()]
        name = _check_name(match.group(), col)
        if name in seen:
            raise ParseError(f"name '{name}' at column {col} is repeated", col)
        seen.add(name)
        names.append(name)
        if len(names) > MAX_NAMES:
            raise ParseError(f"more than {MAX_NAMES} names (at column {col})", col)
    return names


def parse_assignments(text, symbols=None, **limits):
    """Parse ``"x=1, y=2"`` (or ``;``-separated) into ``{'x': 1, 'y': 2}`` with sympy values.

    Values are parsed with :func:`parse_expression` using ``symbols``.

    >>> from symopt.parsing import parse_assignments
    >>> parse_assignments('x=1/2; y=b')
    {'x': 1/2, 'y': b}
    """
    _check_length(text, limits.get("max_length", MAX_LENGTH))
    ascii_text, cols = _normalise(text)
    result = {}
    for piece, piece_cols in _split_top(ascii_text, cols):
        if not piece.strip():
            continue
        match = re.fullmatch(r"\s*([^=<>!]*?)\s*=(?!=)(.*)", piece)
        if match is None:
            col = piece_cols[len(piece) - len(piece.lstrip())] if piece_cols else None
            raise ParseError(f"expected 'name = value' at column {col}", col)
        name_col = piece_cols[match.start(1)] if match.group(1) else piece_cols[0]
        name = _check_name(match.group(1), name_col)
        if name in result:
            raise ParseError(f"'{name}' is assigned twice (column {name_col})", name_col)
        value_cols = piece_cols[match.start(2):]
        if not match.group(2).strip():
            raise ParseError(f"missing value for '{name}' (column {name_col})", name_col)
        result[name] = _expect_expr(_build(match.group(2), value_cols, _Names(symbols), _limits(**limits),
                                           value_cols[-1] + 1))
    return result


# -- assumptions ----------------------------------------------------------------------------------
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
    _check_length(text)
    ascii_text, cols = _normalise(text)
    domains = []
    previous = None
    for piece, piece_cols in _split_top(ascii_text, cols, words=("and",)):
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
        return _domain_from_adjectives(_check_name(match.group(1), start_col), match.group(2))
    match = _NAME_LAST.fullmatch(piece)
    if match:
        return _domain_from_adjectives(_check_name(match.group(2), cols[match.start(2)]), match.group(1))
    match = _ONLY_ADJECTIVES.fullmatch(piece)
    if match:
        if previous is None:
            raise ParseError(f"assumption at column {start_col} does not say which name it is about", start_col)
        return _domain_from_adjectives(previous, match.group(1))
    match = _INTERVAL.fullmatch(piece)
    if match:
        name = _check_name(match.group(1), cols[match.start(1)])
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
    value = _expect_expr(_build(text, cols, _Names(), _limits(), cols[-1] + 1))
    return _numeric_bound(value, cols[len(text) - len(text.lstrip())])


def _numeric_bound(value, col):
    """A real number; floats become the rational with the same decimal digits (0.5 -> 1/2)."""
    if value.free_symbols or not value.is_number or value.is_extended_real is not True or value.is_infinite:
        raise ParseError(f"bound at column {col} must be a real number, got {value}", col)
    return sp.nsimplify(value, rational=True) if value.is_Float else value


_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}


def _relation_clause(piece, cols, start_col):
    limits, names = _limits(), _Names()
    source, posmap = _source(piece, cols, names, limits, cols[-1] + 1)
    body = _parse_tree(source, posmap, limits)
    builder = _Builder(source, posmap, names)
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
    name = _check_name(operands[index].id, builder.col(operands[index]))
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
