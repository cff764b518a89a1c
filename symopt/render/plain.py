"""Plain text of step values and LaTeX labels: sympy's ``sstr`` renamed, macros as unicode (or ASCII).

The text printer and the terminal printer read the same step data as the LaTeX
printer; this is how its values, its LaTeX labels (``x_{0}`` -> ``x₀``,
``\\frac{a}{b}`` -> ``a/b``) and its prose look without LaTeX.
"""

import re

import sympy as sp

from ..citations import replace_labels
from .characters import UNICODE_OF_MACRO, UNICODE_SUBSCRIPT, to_ascii
from .prose import math_segments, prose_math_to_text, split_math_spans
from .quantities import LabelTextPrinter, TextPrinter


def text_value(value, notation=None, label=False):
    r"""Plain-text spelling of a step value (sympy's ``sstr`` with the notation's renaming).

    Matrices are written on one line (a column vector as ``[a, b]^T``); the
    quantities of :mod:`symopt.quantities` as :class:`~symopt.render.quantities.TextPrinter` spells them.

    >>> import sympy as sp
    >>> from symopt.quantities import Nabla
    >>> from symopt.render import text_value
    >>> text_value(sp.Matrix([1, sp.Symbol('b')])), text_value(Nabla(sp.Symbol('f'), 2))
    ('[1, b]^T', 'grad^2 f')
    """
    if value is None:
        return ""
    names = notation.text_names(value) if notation else {}
    printer = _RenamingLabelPrinter(names) if label else _RenamingStrPrinter(names)
    if isinstance(value, sp.MatrixBase):
        if value.cols == 1 and value.rows > 1:
            return "[" + ", ".join(printer.doprint(e) for e in value) + "]^T"
        return "[" + ", ".join("[" + ", ".join(printer.doprint(e) for e in row) + "]"
                               for row in value.tolist()) + "]"
    return printer.doprint(value)


_OPERATOR_WORDS = {"det", "cos", "sin", "tan", "log", "ln", "exp", "max", "min", "lim", "sup", "inf", "arg",
                   "cosh", "sinh", "tanh", "arctan", "arcsin", "arccos", "tr", "rank"}


def plain_math(text):
    r"""LaTeX math for a terminal: known macros as unicode, ``$`` dropped, other macros kept.

    >>> from symopt.render import plain_math
    >>> print(plain_math(r"$\frac12\epsilon^2 g^T H g \le \kappa \frac{a+b}{2}$"))
    1/2ε^2 g^T H g ≤ κ (a+b)/2
    >>> print(plain_math(r"$\binom{k}{j} z^{k-j}$, $\rho = \sqrt{\det}$"))
    C(k, j) z^(k-j), ρ = √det
    """
    def replace(match):
        name = match.group(1)
        if name not in UNICODE_OF_MACRO and name in _OPERATOR_WORDS:
            return name   # \det, \cos: the operator's name
        return UNICODE_OF_MACRO.get(name, match.group(0))

    def fraction(match):
        parts = [p if len(p) == 1 or re.fullmatch(r"\w+", p) else f"({p})" for p in match.groups()]
        return "/".join(parts)
    text = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", fraction, str(text))
    text = re.sub(r"\\[dt]?frac(\d)(\d)", fraction, text)
    text = re.sub(r"\\binom\{([^{}]*)\}\{([^{}]*)\}", r"C(\1, \2)", text)
    text = re.sub(r"\\sqrt\{(\w+|\\[A-Za-z]+)\}", r"√\1", text)
    # a multi-character exponent keeps its grouping: z^{k-j} -> z^(k-j), e^{\pm i\theta} -> e^(±iθ)
    text = re.sub(r"\^\{([^{}]*[^\w{}][^{}]*)\}", r"^(\1)", text)
    return re.sub(r"\\([A-Za-z]+)", replace, text).replace("$", "")


def plain_prose(text, notation, scripts=False):
    """Prose for a terminal; ``scripts`` writes simple sub- and superscripts as unicode (x_{k+1} -> xₖ₊₁)."""
    def math(piece):
        return re.sub(r"(?<=[\w)])\*(?=[\w(])", "⋅", unicode_label(piece)) if scripts else piece
    parts = split_math_spans(text)
    parts = [math(plain_math(p)) if i % 2 else "".join(math(prose_math_to_text(piece)) if is_math else piece
                                                       for is_math, piece in math_segments(replace_labels(p)))
             for i, p in enumerate(parts)]
    joined = "".join(parts)
    return notation.prose(joined) if notation else joined


class _RenamingStrPrinter(TextPrinter):
    def __init__(self, names):
        super().__init__()
        self._names = names

    def _print_Symbol(self, expr):
        return self._names.get(expr) or super()._print_Symbol(expr)


class _RenamingLabelPrinter(_RenamingStrPrinter, LabelTextPrinter):
    pass


def _braced(text, start):
    """``(content, end)`` of the brace group opening at ``text[start]``."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i], i + 1
    return text[start + 1:], len(text)


def _unfrac(text):
    """``\\frac{a}{b}`` (nested braces too) as ``a/b``, parenthesised where needed."""
    while True:
        match = re.search(r"\\[dt]?frac\s*\{", text)
        if match is None:
            return text
        numerator, end = _braced(text, match.end() - 1)
        if end >= len(text) or text[end] != "{":
            return text
        denominator, end = _braced(text, end)
        parts = [p if re.fullmatch(r"[\w^{}]+|[\w]+\([^()]*\)", p) else f"({p})" for p in (numerator, denominator)]
        text = text[:match.start()] + "/".join(parts) + text[end:]


_ACCENT_OF = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303",
              "widetilde": "\u0303", "dot": "\u0307", "vec": "\u20d7"}
_DOUBLE_STRUCK = {"E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "P": "ℙ"}


def _font_free(text, use_unicode=True):
    """Font and accent macros of a LaTeX label for a terminal: ``\\mathbb{E}`` -> 𝔼, ``\\hat{x}`` -> x̂."""
    def fonts(match):
        macro, content = match.groups()
        if macro == "mathbb" and use_unicode:
            return "".join(_DOUBLE_STRUCK.get(c, c) for c in content)
        if macro in ("text", "textrm"):  # TeX's dashes
            return content.replace("---", "—").replace("--", "–") if use_unicode else content
        return content

    def accents(match):
        macro, content = match.group(1), match.group(2) or match.group(3)
        if use_unicode and len(content) == 1:
            return content + _ACCENT_OF[macro]
        return f"{macro}({content})"
    text = re.sub(r"\\(mathcal|mathbb|mathbf|mathrm|mathit|mathsf|mathtt|boldsymbol|text|textrm|operatorname)"
                  r"\s*\{([^{}]*)\}", fonts, text)
    return re.sub(r"\\(" + "|".join(_ACCENT_OF) + r")\s*(?:\{([^{}]*)\}|([A-Za-z]))", accents, text)


def unicode_label(label, use_unicode=True):
    """A LaTeX label for a terminal: ``x_{0}`` -> ``x₀``, ``g^T`` -> ``gᵀ``, macros as unicode."""
    label = str(label).replace("^{*}", "^*")  # the optimum's star, not a grouped exponent
    text = plain_math(_font_free(_unfrac(label).replace("\\|", "‖"), use_unicode))
    text = re.sub(r"\\(max|min|log|ln|exp|sin|cos|tan|lim|sup|inf)(?![A-Za-z])", r"\1", text)
    if not use_unicode:
        text = re.sub(r"\\(left|right)|\\[,;!]", "", text.replace("√{", "sqrt{"))
        text = re.sub(r"sqrt\{([^{}]*)\}", r"sqrt(\1)", text)
        return to_ascii(re.sub(r"([_^])\{([\w*]+)\}", r"\1\2", text))

    def subscript(match):
        inner = match.group(1) or match.group(2)
        if all(c in UNICODE_SUBSCRIPT for c in inner):
            return "".join(UNICODE_SUBSCRIPT[c] for c in inner)
        return match.group(0)
    text = re.sub(r"_\{([^{}]*)\}|_([A-Za-z0-9])", subscript, text)
    text = re.sub(r"\^\{?(\d)\}?(?!\d)", lambda m: "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(m.group(1))], text)
    text = re.sub(r"\^\{?T\}?(?![A-Za-z])", "ᵀ", text)
    text = re.sub(r"\^\{\*\}|\^\*", "*", text)
    return re.sub(r"\\(left|right)|\\[,;!]|[{}]", "", text)
