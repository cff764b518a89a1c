"""What a name in user text means: known functions, constants, Greek letters and declared symbols.

A declared name always wins; otherwise a constant (``pi``, ``e``), then a known
function (only when called), then a plain Symbol. Names the caller declares
(``--vars``, assignments, assumptions) are checked by :func:`check_name`.
"""

import difflib
import keyword
import re
from collections.abc import Mapping

import sympy as sp

from ..errors import ParseError
from ..limits import MAX_ARGS


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
ARITY = {name: (1, 1) for name in KNOWN_FUNCTIONS}
ARITY.update({"atan2": (2, 2), "arctan2": (2, 2), "log": (1, 2), "binomial": (2, 2), "Heaviside": (1, 2),
              "Max": (1, MAX_ARGS), "max": (1, MAX_ARGS), "Min": (1, MAX_ARGS), "min": (1, MAX_ARGS),
              "Piecewise": (1, MAX_ARGS)})

KNOWN_CONSTANTS = {"pi": sp.pi, "E": sp.E, "e": sp.E}
"""Constants accepted in user text (``e``/``E`` only when not declared as a symbol)."""

GREEK_NAMES = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
               "lamda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
               "omega")
"""Greek letter names: never split into letters; ``gamma`` alone is the letter."""

_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def keyword_alias(name):
    return "lamda" if name == "lambda" else name


class Names:
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
                self.table[keyword_alias(name)] = value
        for name in symbol_names or ():
            self.table.setdefault(keyword_alias(name), sp.Symbol(keyword_alias(name)))

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


def unknown_function(name, col):
    close = difflib.get_close_matches(name, sorted(KNOWN_FUNCTIONS), n=1, cutoff=0.6)
    if close:
        return ParseError(f"unknown function '{name}' at column {col}; did you mean '{close[0]}'?", col)
    return ParseError(f"unknown function '{name}' at column {col}; write '{name}*(...)' for a product, "
                      f"or use one of: {', '.join(sorted(set(KNOWN_FUNCTIONS)))}", col)


def check_name(name, col=None):
    """Validate one declared name (after normalisation); returns its canonical spelling."""
    where = f" at column {col}" if col is not None else ""
    if not _NAME_RE.match(name) or "__" in name:
        raise ParseError(f"'{name}'{where} is not a valid name: use an ASCII letter followed by letters, "
                         f"digits or '_'", col)
    name = keyword_alias(name)
    if keyword.iskeyword(name):
        raise ParseError(f"'{name}'{where} is a reserved word and cannot be a name", col)
    if (name in KNOWN_FUNCTIONS and name not in GREEK_NAMES) or (name in KNOWN_CONSTANTS and name != "e"):
        raise ParseError(f"'{name}'{where} is a function or constant and cannot be a variable name", col)
    return name
