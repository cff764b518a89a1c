"""Characters: pasted Unicode becomes ASCII text, with the original column of every character.

Minus signs, dots and crosses, superscripts, ``≤ ≥ ≠ ∈ ∞`` and lower-case Greek
letters have ASCII spellings; compatibility forms (full-width, mathematical
italic) are NFKC-folded. Anything else non-ASCII -- Cyrillic look-alikes,
omicron, Greek capitals, control characters -- is refused with its column, so
that no name can look like another.
"""

import unicodedata

from ..errors import ParseError
from ..limits import MAX_LENGTH
from .names import GREEK_NAMES

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


def normalise(text, first_col=1):
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


def check_length(text, max_length=MAX_LENGTH):
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if len(text) > max_length:
        raise ParseError(f"text is too long ({len(text)} characters; the limit is {max_length})")
