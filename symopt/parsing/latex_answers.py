"""LaTeX answers: what a student's whole answer is, and how answer text is read.

Delimiters (``$...$``, ``\\[...\\]``) and the last ``\\boxed{}`` are unwrapped,
a trailing condition (``\\text{for } k \\ge 0``) is dropped, a leading label
(``x_k =``, ``f(x_k) =``) is dropped or kept as a named component, and
``x_k = A, \\quad y_k = B`` is a list of named values. The formula itself is
read by :mod:`.latex_reader`.
"""

import re

import sympy as sp

from ..errors import ParseError
from . import ANSWER_FORMATS
from .expressions import expect_expr
from .latex_reader import Reader
from .latex_tokens import BOLD, GREEK, GREEK_CAPITALS, NAME_FONTS, RELATIONS, SPACING, strip_delimiters, top_level

_LATEX_HINT = re.compile(r"\\|\$|[\^_]\{")


def looks_like_latex(text):
    """True when ``text`` contains LaTeX markers: a backslash, ``$``, ``^{`` or ``_{``.

    Plain-text answers never contain these (the text grammar refuses them), so
    ``auto`` detection cannot change how a valid plain-text answer is read.

    >>> looks_like_latex(r"\\frac{1}{2}"), looks_like_latex("x^{2}"), looks_like_latex("x**2 + {1}")
    (True, True, False)
    """
    return isinstance(text, str) and _LATEX_HINT.search(text) is not None


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
    reader = Reader(text, symbols, **limits)
    tokens = _answer_tokens(reader.tokens)
    thousands = _thousands(tokens)
    if thousands is not None:
        return thousands
    ranges = _split_items(tokens)
    while len(ranges) > 1 and _is_condition(tokens[slice(*ranges[-1])]):
        tokens = tokens[:ranges[-1][0]] + tokens[-1:]
        ranges = ranges[:-1]
        # the separator before the condition goes too
        while len(tokens) > 1 and ((tokens[-2].kind, tokens[-2].text) in (("op", ","), ("op", ";")) or (
                tokens[-2].kind == "cmd" and tokens[-2].text[1:] in SPACING)):
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


def _answer_tokens(tokens):
    """The answer inside its delimiters and its last box, without a trailing condition."""
    tokens = strip_delimiters(tokens)
    tokens = _last_box(tokens)
    tokens = strip_delimiters(tokens)
    return _drop_condition(tokens)


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


def _drop_condition(tokens):
    """Drop a trailing ``\\text{for } k \\ge 0`` (or ``\\quad (k \\ge 0)`` after a comma)."""
    top = top_level(tokens)
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
                                   or (tokens[end - 1].kind == "cmd" and tokens[end - 1].text[1:] in SPACING)):
                    end -= 1
                return tokens[:end] + tokens[-1:]
    return tokens


def _condition_text(text):
    words = text.strip().lower().split()
    return bool(words) and words[0] in ("for", "where", "if", "when", "with")


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
    return sp.Integer("".join(t.text for t in body[::2]))


def _split_items(tokens):
    """Split at top-level ``,`` ``;`` ``\\quad`` ``\\\\``: ``[(start, stop)]`` index ranges of the items."""
    ranges, start = [], 0
    body = len(tokens) - 1 if tokens and tokens[-1].kind == "end" else len(tokens)
    top = top_level(tokens[:body])
    skip_to = -1
    for i in top:
        if i < skip_to:
            continue
        t = tokens[i]
        conjunction = _conjunction_end(tokens, i)
        if conjunction or (t.kind == "op" and t.text in (",", ";")) or (
                t.kind == "cmd" and t.text in ("\\quad", "\\qquad", "\\\\")):
            if any(not (u.kind == "cmd" and u.text[1:] in SPACING) for u in tokens[start:i]):
                ranges.append((start, i))
            start = skip_to = conjunction or i + 1
    if body > start:
        ranges.append((start, body))
    trimmed = []
    for a, b in ranges:   # spacing around an item (",\ y_k = 2") is not part of its label
        while a < b and tokens[a].kind == "cmd" and tokens[a].text[1:] in SPACING:
            a += 1
        while b > a and tokens[b - 1].kind == "cmd" and tokens[b - 1].text[1:] in SPACING:
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
    for i in top_level(item):
        t = item[i]
        if (t.kind == "op" and t.text in ("<", ">", "<=", ">=", "!=")) or (
                t.kind == "cmd" and (t.text[1:] in RELATIONS or t.text == "\\in")):
            return True
    return False


def _split_label(tokens):
    """``(label_tokens, value_tokens)`` at the first top-level ``=``, else None."""
    top = top_level(tokens)
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
    if not ((head[0] == "word" and len(head[1]) == 1) or (head[0] == "cmd" and head[1][1:] in GREEK)):
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


_LABEL_COMMANDS = set(GREEK) | GREEK_CAPITALS | BOLD | NAME_FONTS | SPACING | {"left", "right"}


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
    return not any(label[i].kind == "op" and label[i].text in "+-" for i in top_level(label))


def _has_chain(tokens):
    return any(tokens[i].kind == "op" and tokens[i].text == "=" for i in top_level(tokens))


def _middle_sides(tokens):
    """The sides of ``a = b = c`` before the last one (``[a, b]``); ``[]`` without a chain."""
    equals = [i for i in top_level(tokens) if tokens[i].kind == "op" and tokens[i].text == "="]
    bounds = [-1] + equals
    return [tokens[a + 1:b] for a, b in zip(bounds, equals) if b > a + 1]


def _last_side(tokens):
    """``a = b = c`` (a worked chain of equalities): the last side is the answer."""
    equals = [i for i in top_level(tokens) if tokens[i].kind == "op" and tokens[i].text == "="]
    return tokens[equals[-1] + 1:] if equals else tokens


def _label_name(label):
    head = label[0].text
    name = GREEK.get(head[1:], head) if label[0].kind == "cmd" else head
    subscript = [t.text for t in label[1:] if t.kind in ("word", "num")]
    return f"{name}_{subscript[0]}" if subscript else name
