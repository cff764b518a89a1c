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

from ..errors import ParseError
from ..limits import MAX_DEPTH, MAX_LENGTH, MAX_NODES
from .domains import parse_assumptions
from .expressions import build, make_limits
from .latex_parser import Parser
from .latex_tokens import Out, Tok, strip_delimiters, tokenise, top_level
from .names import Names
from .normalise import check_length, normalise


class Reader:
    """The shared front end of the public functions: limits, normalisation, tokens, parser."""

    def __init__(self, text, symbols=None, max_length=MAX_LENGTH, max_depth=MAX_DEPTH,
                 max_nodes=MAX_NODES):
        check_length(text, max_length)
        self.limits = make_limits(max_length, max_depth, max_nodes)
        self.names = Names(symbols)
        ascii_text, cols = normalise(text)
        self.tokens = tokenise(ascii_text, cols, len(text) + 1, self.limits.max_nodes)
        self.end_col = len(text) + 1

    def translate(self, tokens, assumptions=False):
        body = tokens if tokens and tokens[-1].kind == "end" else tokens + [Tok("end", "", self.end_col)]
        if len(body) == 1:
            raise ParseError("empty input: expected a formula", body[0].col)
        parser = Parser(list(body), set(self.names.table), self.limits.max_depth, assumptions)
        out = Out()
        parser.sequence(out, lambda t: False)
        return out.text_and_columns()

    def build(self, tokens):
        text, cols = self.translate(tokens)
        return build(text, cols, self.names, self.limits, self.end_col)


def latex_to_text(text, symbols=None):
    """The plain-text reading of a LaTeX formula (what symopt will parse), without building it.

    >>> latex_to_text(r"\\frac{b-1}{b+1}")
    '( ( b - 1 ) / ( b + 1 ) )'
    >>> latex_to_text(r"\\sin^2 x + \\sqrt[3]{y}")
    'sin ( x ) ** ( 2 ) + ( ( y ) ** ( 1 / ( 3 ) ) )'
    """
    reader = Reader(text, symbols)
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
    reader = Reader(text, symbols, **limits)
    return reader.build(reader.tokens)


def parse_latex_assumptions(text):
    """Parse LaTeX assumptions such as ``0 < b \\le 1,\\ k \\in \\mathbb{N}`` into Domains.

    Each clause is translated to the plain assumption grammar of
    :func:`symopt.parsing.parse_assumptions` (``\\le`` is ``<=``, ``\\in (0, 1]`` an
    interval, ``\\mathbb{N}`` natural, ``\\mathbb{Z}`` integer, ``\\infty`` infinity).

    >>> [d.describe() for d in parse_latex_assumptions(r"0 < b \\le 1,\\quad k \\in \\mathbb{N}")]
    ['0 < b <= 1', 'k integer, k >= 0']
    """
    reader = Reader(text)
    tokens = strip_delimiters(reader.tokens)
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
            commas = [i for i in top_level(inner) if inner[i].kind == "op" and inner[i].text == ","]
            if len(commas) == 1:
                low, _ = reader.translate(inner[:commas[0]], assumptions=True)
                high, _ = reader.translate(inner[commas[0] + 1:], assumptions=True)
                return f"{name_text} in {rest[0].text}{low}, {high}{rest[-1].text}"
        raise ParseError(f"after \\in at column {item[at].col} write an interval such as (0, 1] or "
                         f"\\mathbb{{N}}", item[at].col)
    text, _ = reader.translate(item, assumptions=True)
    return text
