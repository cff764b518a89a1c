"""Mathematics inside prose: finding it in a sentence and typesetting it for LaTeX, Markdown and text.

Titles and justifications are sentences that mix words and mathematics ("Step at x_0",
"So x_{k+1} − x* = (I − α_0 H)(x_k − x*), a linear recurrence"). The printer finds the mathematics:
a word of two or more letters is prose unless it is glued to mathematics (g^THg, alpha_k) or is a
function name before "(" (log(x)); everything between two prose words that holds a letter, a Greek
letter or a script is mathematics, split at ", " and "; " outside brackets and trimmed of
punctuation and unbalanced brackets. A lone "a" is the article. Spans written ``$…$`` are
mathematics already. Going the other way, :func:`prose_value` spells a sympy value for a sentence.
"""

import re

import sympy as sp

from ..citations import replace_labels
from .characters import GREEK, GREEK_LETTER, SUBSCRIPTS, SUPERSCRIPTS
from .escape import MATH_MACROS, escape_text, sanitize_math, unicode_to_latex_math
from .quantities import LabelTextPrinter


def split_math_spans(text):
    """Split prose at unescaped ``$``: even items are prose, odd items math (an unpaired ``$`` is text)."""
    text = str(text).replace(r"\$", "\x00")
    parts = text.split("$")
    if len(parts) % 2 == 0:  # an odd number of dollars: the last one is literal
        parts = parts[:-2] + [parts[-2] + "\x00" + parts[-1]]
    return [p.replace("\x00", "$") for p in parts]


_WORD = re.compile(r"(?:e\.g|i\.e|cf|etc)\.|[A-Za-z]+(?:['’][A-Za-z]+)*")
_GLUE = set("_^*'") | set(SUPERSCRIPTS) | set(SUBSCRIPTS) | set(GREEK) | {"∇", "∂"}
_MATH_FUNCTIONS = {"sin", "cos", "tan", "exp", "log", "ln", "sqrt", "diag", "det", "tr", "max", "min",
                   "argmin", "argmax", "Var", "sign", "sgn", "tanh"}
#: Greek letters spelled out in prose ("eta = 1/10", "with respect to gamma") are mathematics.
_GREEK_WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eps", "eta", "theta", "kappa", "lambda", "mu",
                "rho", "sigma", "tau", "phi"}
_MATH_MARK = re.compile("[A-Za-z" + re.escape("".join(GREEK) + "".join(SUPERSCRIPTS) + "".join(SUBSCRIPTS))
                        + "∇∂]")
_NOT_IN_MATH = set("\\$%#&~`\"‘’“”")


def _is_prose_word(text, match):
    word = match.group()
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if before in _GLUE or after in _GLUE:
        return False
    if re.match(r"\d*\(", text[match.end():]) or word in _GREEK_WORDS:
        return False  # a function applied (relu(z), log2(x)) or a Greek letter spelled out
    if word in _MATH_FUNCTIONS and after in "^'":
        return False
    return len(word) >= 2 or (word in ("a", "A") and not re.match(r"\s*[<>=≤≥]", text[match.end():]))


def _split_top_level(segment):
    """Split at ", " and "; " outside brackets (a vector [b, 1] stays whole)."""
    pieces, depth, start = [], 0, 0
    for i, c in enumerate(segment):
        depth += c in "([{"
        depth -= c in ")]}"
        if depth <= 0 and c in ",;" and segment[i + 1:i + 2] in (" ", ""):
            pieces += [segment[start:i], c]
            start = i + 1
            depth = 0
    return pieces + [segment[start:]]


def _trim(segment, glued_before=False, glued_after=False):
    """``(lead, core, tail)``: spaces, punctuation and unbalanced brackets moved out of the core."""
    lead, core, tail = "", segment, ""
    punctuation = " \t\n:.,;!?"
    while core:
        if core[0] in punctuation or core[0] in ")]}" or (core[0] in "-−" and glued_before and not lead):
            lead, core = lead + core[0], core[1:]
        elif core[-1] in punctuation or core[-1] in "([{" or (core[-1] in "-−" and glued_after):
            core, tail = core[:-1], core[-1] + tail
        elif core.count("|") % 2 and core[0] == "|":
            lead, core = lead + core[0], core[1:]
        elif core.count("|") % 2 and core[-1] == "|":
            core, tail = core[:-1], core[-1] + tail
        elif any(core.count(o) > core.count(c) and core.startswith(o) for o, c in ("()", "[]", "{}")):
            lead, core = lead + core[0], core[1:]
        elif any(core.count(o) < core.count(c) and core.endswith(c) for o, c in ("()", "[]", "{}")):
            core, tail = core[:-1], core[-1] + tail
        else:
            break
    return lead, core, tail


def _is_math(core):
    # a negative number is mathematics too: its sign is a minus, not a hyphen
    if not core or not (_MATH_MARK.search(core) or re.search(r"(?:^|[\s(\[])[-−]\d", core)) \
            or any(c in _NOT_IN_MATH for c in core):
        return False
    if core.count("{") != core.count("}"):
        return False
    return True


def math_segments(text):
    """Split prose into ``(is_math, piece)`` pairs: the mathematics a sentence holds, found by the rules above.

    Examples
    ========
    >>> from symopt.render import math_segments
    >>> [piece for is_math, piece in math_segments("So x_{k+1} − x* = (I − α_0 H)(x_k − x*), a recurrence") if is_math]
    ['x_{k+1} − x* = (I − α_0 H)(x_k − x*)']
    >>> math_segments("Assuming 0 < b <= 1")
    [(False, 'Assuming '), (True, '0 < b <= 1')]
    """
    text = str(text)
    if re.fullmatch(r"\s*[A-Za-z]?\s*", text):  # a one-letter heading is a name, not a variable
        return [(False, text)] if text else []
    pieces, position = [], 0
    for match in _WORD.finditer(text):
        if _is_prose_word(text, match):
            pieces.append((False, text[position:match.start()], match.group()))
            position = match.end()
    pieces.append((False, text[position:], ""))
    out = []
    for index, (_, between, word) in enumerate(pieces):
        parts = _split_top_level(between)
        for number, part in enumerate(parts):
            lead, core, tail = _trim(part, glued_before=number == 0 and index > 0 and pieces[index - 1][2] != ""
                                     and part[:1] in "-−",
                                     glued_after=number == len(parts) - 1 and word != "" and part[-1:] in "-−")
            if _is_math(core):
                out += [(False, lead), (True, core), (False, tail)]
            else:
                out.append((False, part))
        out.append((False, word))
    merged = []
    for is_math, piece in out:
        if not piece:
            continue
        if merged and merged[-1][0] == is_math and not is_math:
            merged[-1] = (False, merged[-1][1] + piece)
        else:
            merged.append((is_math, piece))
    return merged


def _power(match):
    exponent = match.group(1)
    if exponent.startswith("(") and exponent.endswith(")"):
        exponent = exponent[1:-1]
    return "^{" + exponent.replace("*", " ") + "}"


def _function_name(match):
    name, digits = match.groups()
    if name in _GREEK_WORDS:
        return match.group()
    if name in MATH_MACROS and name in _MATH_FUNCTIONS | {"lim", "sup", "inf"}:
        return "\\" + name + ("_{" + digits + "}" if digits else "")
    return r"\operatorname{" + name + digits + "}"


def prose_math_to_latex(math):
    r"""LaTeX for mathematics written in a sentence: Python's ``**`` and ``*``, ``<=``, ``->``, ``1e-13``, unicode.

    >>> from symopt.render import prose_math_to_latex
    >>> print(prose_math_to_latex("E_0 = f(x_0) − f* = b*(b + 1)/2"))
    E_0 = f(x_0) - f^{*} = b\,(b + 1)/2
    >>> print(prose_math_to_latex("x = -sqrt(3), v_x_k + v_y_{k+1}"))
    x = -\sqrt{3}, v_{x,k} + v_{y,k+1}
    >>> print(prose_math_to_latex("9.3e-14 (k<=25) -> 1e-150"))
    9.3 \cdot 10^{-14} (k\le25) \to 10^{-150}
    """
    math = str(math).replace("<=", "≤").replace(">=", "≥").replace("->", "→").replace("!=", "≠")
    # √det, √2, √(a + b): a root, not the \surd glyph (which the sanitiser would spell out as text)
    math = re.sub(r"√(\([^()]*\)|[\w.]+)", lambda m: "sqrt(" + m.group(1).strip("()") + ")", math)
    # ρe^(±iθ), z^(k−j): a parenthesised exponent is the exponent
    math = re.sub(r"\^\(([^()]*)\)", r"^{\1}", math)
    # unicode first: the macros added below must not meet the unicode converter's spacing rules
    math = unicode_to_latex_math(math)
    math = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)e([-+]?)0*(\d+)(?![\w.])",
                  lambda m: ("" if m.group(1) == "1" else m.group(1) + r" \cdot ") + "10^{" + m.group(2).replace("+", "")
                  + m.group(3) + "}", math)
    math = re.sub(r"\*\*(\([^()]*\)|[\w.]+)", _power, math)
    # a symbol named v_x with index k reads v_x_k: one subscript, not two
    math = re.sub(r"_([A-Za-z0-9]+)_(\{[^{}]*\}|[A-Za-z0-9]+)", lambda m: "_{" + m.group(1) + "," + m.group(2).strip("{}") + "}",
                  math)
    math = re.sub(r"\^(-?\d{2,}|-\w)", r"^{\1}", math)
    math = re.sub(r"(?<![A-Za-z])([A-Za-z])(\d+)\.\.([A-Za-z])(\d+)", r"\1_{\2},\\ldots,\3_{\4}", math)
    math = re.sub(r"(?<![\w.])(\d+)x(\d+)(?![\w.])", r"\1 \\times \2", math)
    math = re.sub(r"(?<=\d)\*(?=\d)", r" \\cdot ", math)
    math = re.sub(r"\*(?=[\w(\[]|\\[A-Za-z])", r"\\,", math)   # 2*x, 2*(x), 2*\epsilon (from 2*ε)
    math = re.sub(r"\*", "^{*}", math)
    math = re.sub(r"(\d)\.\.(\d)", r"\1,\\ldots,\2", math)
    math = re.sub(r"(?<![A-Za-z\\])sqrt\(([^()]*)\)", r"\\sqrt{\1}", math)
    math = re.sub(r"(?<![A-Za-z\\])([A-Za-z]{2,})(\d*)(?=[('^])", _function_name, math)
    math = re.sub(r"(?<![A-Za-z\\])(" + "|".join(sorted(_GREEK_WORDS, key=len, reverse=True)) + r")(?![A-Za-z])",
                  lambda m: "\\epsilon" if m.group(1) == "eps" else "\\" + m.group(1), math)
    return math


def prose_math_to_text(math):
    """Mathematics of a sentence for a terminal: relations and arrows as unicode, ``**`` as ``^``."""
    math = str(math).replace("<=", "≤").replace(">=", "≥").replace("->", "→").replace("!=", "≠")
    math = re.sub(r"(?<![A-Za-z])sqrt\((\w+)\)", r"√\1", math)
    return math.replace("**", "^")


def _auto_math(part, notation, escape_prose, delimiters=("$", "$")):
    out = []
    for is_math, piece in math_segments(part):
        if is_math:
            math = prose_math_to_latex(piece)
            math = notation.latex_math(math) if notation else math
            out.append(delimiters[0] + sanitize_math(math) + delimiters[1])
        else:
            out.append(escape_prose(notation.prose(piece) if notation else piece))
    return "".join(out)


def _prose(text, notation, escape_prose):
    """Math spans sanitised (and renamed by the notation), the prose between them through ``escape_prose``."""
    out = []
    for index, part in enumerate(split_math_spans(text)):
        if index % 2:
            math = notation.latex_math(part) if notation else part
            out.append("$" + sanitize_math(math) + "$")
        else:
            out.append(_auto_math(replace_labels(part), notation, escape_prose))
    return "".join(out)


def prose_latex(text, notation=None):
    """Prose with ``$…$`` math spans as safe LaTeX (math sanitised, text escaped, unicode converted)."""
    return _prose(text, notation, escape_text)


def markdown_text(part):
    """Words for Markdown: on one line, Markdown's own characters escaped."""
    return re.sub(r"([\\`*_|<>\[\]#$])", r"\\\1", re.sub(r"\s+", " ", part))


def prose_markdown(text, notation=None):
    """Prose for Markdown: ``$…$`` math sanitised, Markdown emphasis characters escaped."""
    return _prose(text, notation, markdown_text)


def sentence(text):
    """Typeset prose as a sentence: a capital first letter and a closing full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:] if text[0].isalpha() else text
    return text if text.endswith((".", "?", "!", ":")) else text + "."


class _ProsePrinter(LabelTextPrinter):
    """sympy's ``sstr`` with the notation of a sentence: ``|x|``, ``[1, 0]``, ``max(a, b)``."""

    def _print_Abs(self, expr):
        return "|" + self._print(expr.args[0]) + "|"

    def _print_MatrixBase(self, expr):
        rows = [[self._print(e) for e in expr.row(i)] for i in range(expr.rows)]
        if expr.rows == 1 or expr.cols == 1:
            return "[" + ", ".join(e for row in rows for e in row) + "]"
        return "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Symbol(self, expr):
        # epsilon_0 -> ε_0: one spelling that both the sheet (\epsilon_0) and the terminal read as Greek
        base, _, rest = expr.name.partition("_")
        letter = GREEK_LETTER.get("lambda" if base == "lamda" else base)
        return expr.name if letter is None else letter + ("_" + rest if rest else "")

    def _print_Max(self, expr):
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Min(self, expr):
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"


def prose_of(pieces, typeset=None):
    """A title or justification as one sentence: its sympy values spelled by :func:`prose_value`.

    A value that prose cannot spell so that the mathematics is found again — a
    relation, or a quantity such as √det or x_{k+1} — is passed to ``typeset``
    when given (the LaTeX printers give a ``$…$`` span).

    >>> import sympy as sp
    >>> prose_of(("κ = L/μ = ", sp.Rational(9, 2), ", so the rate is ", sp.Rational(7, 11)))
    'κ = L/μ = 9/2, so the rate is 7/11'
    """
    if isinstance(pieces, str) or pieces is None:
        return pieces or ""
    return "".join(p if isinstance(p, str) else typeset(p) if typeset and _needs_typesetting(p) else prose_value(p)
                   for p in pieces)


def _needs_typesetting(value):
    from sympy.core.relational import Relational
    from .quantities import has_quantity
    return has_quantity(value) or isinstance(value, Relational) or \
        any(isinstance(p, sp.Pow) and p.exp == sp.S.Half and not p.base.is_number for p in value.atoms(sp.Pow))


def prose_value(value):
    r"""A sympy value spelled for a sentence (a step's justification or title).

    ``sstr`` writes ``Abs(e - 1)`` and ``Matrix([[1, 0, 0]])``, which reach a sheet as
    text; this writes ``|e - 1|`` and ``[1, 0, 0]``, which :func:`prose_latex` typesets
    as mathematics.

    >>> import sympy as sp
    >>> e = sp.Symbol("epsilon")
    >>> prose_value(sp.Abs(e - 1)), prose_value(sp.Matrix([[1, 0, 0]])), prose_value(sp.Max(e, 1 - e))
    ('|ε - 1|', '[1, 0, 0]', 'max(ε, 1 - ε)')
    >>> print(prose_latex("λ = 1: |1 − ηλ| = " + prose_value(sp.Abs(e - 1)) + ", compare with 1"))
    $\lambda = 1: |1 - \eta\lambda| = |\epsilon - 1|$, compare with 1
    """
    return _ProsePrinter({"order": None}).doprint(value)
