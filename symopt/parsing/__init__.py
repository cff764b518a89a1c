"""Safe parsing of untrusted user text into sympy objects.

Nothing here evaluates the text as Python: the text is normalised
(:mod:`.normalise`) and tokenised (:mod:`.tokens`) by this package, parsed with
``ast.parse(..., mode='eval')`` into a syntax tree that is *not* compiled and
is checked against a whitelist (:mod:`.tree`), and the tree is walked by a
builder that makes sympy objects directly (:mod:`.builder`: ``Integer``,
``Float``, ``Symbol``, ``Add``, ``Mul``, ``Pow`` and whitelisted function
classes), checking the size of every number before sympy computes it
(:mod:`.sizes`). Every refusal is a :class:`~symopt.errors.ParseError` whose
message names the 1-based column of the offending part of the *original* text.

Modules, in pipeline order: :mod:`.names` (what a name means),
:mod:`.normalise`, :mod:`.tokens`, :mod:`.tree`, :mod:`.sizes`,
:mod:`.builder`, :mod:`.expressions` (one formula), :mod:`.lists` (names and
assignments), :mod:`.domains` (assumptions, above :mod:`symopt.assumptions`,
which sits above :mod:`symopt.values` and :mod:`.expressions`), and the LaTeX
reader :mod:`.latex_tokens`, :mod:`.latex_commands`, :mod:`.latex_parser`,
:mod:`.latex_reader`, :mod:`.latex_answers`.

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
described in that function's docstring; LaTeX has its own reader
(:mod:`.latex_reader`), which ends in the same builder.
"""

import importlib

from ..limits import (MAX_ARGS, MAX_DEPTH, MAX_DIGITS, MAX_EXPONENT, MAX_FACTORIAL,  # noqa: F401 (re-exported)
                      MAX_FLOAT_EXP10, MAX_LENGTH, MAX_MATRIX_SIZE, MAX_NAMES, MAX_NODES, MAX_NUMBER_LITERAL,
                      MAX_ROOT_DIGITS)

__all__ = [
    "ANSWER_FORMATS", "FOLD_LIMIT", "GREEK_NAMES", "KNOWN_CONSTANTS", "KNOWN_FUNCTIONS", "MAX_ARGS", "MAX_DEPTH",
    "MAX_DIGITS", "MAX_EXPONENT", "MAX_FACTORIAL", "MAX_FLOAT_EXP10", "MAX_LENGTH", "MAX_MATRIX_SIZE", "MAX_NAMES",
    "MAX_NODES", "MAX_ROOT_DIGITS", "latex_to_text", "looks_like_latex", "parse_assignments", "parse_assumptions",
    "parse_domains", "parse_expression", "parse_latex", "parse_latex_answer", "parse_latex_assumptions",
    "parse_matrix", "parse_names", "parse_object", "read_answer",
]

ANSWER_FORMATS = ("auto", "text", "latex")
"""How answer text is read: ``text`` (symopt's plain grammar), ``latex``, or ``auto`` (LaTeX when it looks so)."""

# Importing the package loads only the caps and the answer formats, which the command line prints
# before it loads sympy; every other name loads its module (and sympy) on first use.
_HOMES = {
    "FOLD_LIMIT": "builder",
    "GREEK_NAMES": "names", "KNOWN_CONSTANTS": "names", "KNOWN_FUNCTIONS": "names",
    "parse_expression": "expressions", "parse_matrix": "expressions", "parse_object": "expressions",
    "parse_assignments": "lists", "parse_names": "lists",
    "parse_assumptions": "domains", "parse_domains": "domains",
    "latex_to_text": "latex_reader", "parse_latex": "latex_reader", "parse_latex_assumptions": "latex_reader",
    "looks_like_latex": "latex_answers", "parse_latex_answer": "latex_answers", "read_answer": "latex_answers",
}


def __getattr__(name):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_HOMES))
