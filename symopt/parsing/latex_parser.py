"""The LaTeX grammar: recursive descent over tokens, writing symopt's plain-text grammar.

Sequences, numbers, words, operators, groups, macro arguments, superscripts
and subscripts are read here; backslash commands in :mod:`.latex_commands`.
Juxtaposition is multiplication, ``xy`` is ``x*y`` (unless ``xy`` is declared)
and a subscript is part of a name.
"""

from ..errors import ParseError
from .latex_commands import CommandReader
from .latex_tokens import FUNCTIONS, GREEK, SPACING, Tok
from .names import KNOWN_CONSTANTS, KNOWN_FUNCTIONS, check_name


def _is_number(text):
    return bool(text) and (text[0].isdigit() or text[0] == ".")


class Parser(CommandReader):
    """Recursive descent over LaTeX tokens, writing the plain-text grammar into an
    :class:`~symopt.parsing.latex_tokens.Out`."""

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
        while (self.peek().kind == "cmd" and self.peek().text[1:] in SPACING) or self.is_op("~"):
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
            while inside.kind == "cmd" and inside.text[1:] in SPACING:
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
            self.tokens[self.pos] = Tok(tok.kind, tok.text[1:], tok.col + 1)
            first = Tok("num" if tok.text[0].isdigit() else "word", tok.text[0], tok.col)
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
                self.tokens[self.pos] = Tok(tok.kind, tok.text[1:], tok.col + 1)
            return tok.text[0]
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            return GREEK[tok.text[1:]]
        if tok.kind == "op" and tok.text == "{":
            parts = []
            while not self.is_op("}"):
                part = self.next()
                if part.kind in ("num", "word"):
                    parts.append(part.text)
                elif part.kind == "cmd" and part.text[1:] in GREEK:
                    parts.append(GREEK[part.text[1:]])
                elif part.kind == "cmd" and part.text[1:] in SPACING:
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

    # -- words (commands are in latex_commands) --------------------------------------------------
    def word(self, out, tok, scripts=True):
        text = tok.text
        if text in self.declared or text in GREEK or text == "lamda":
            self.name(out, GREEK.get(text, text), tok.col, scripts)
            return
        if text in FUNCTIONS or text in KNOWN_FUNCTIONS:
            # sin(x) typed without the backslash still means the function
            self.function(out, FUNCTIONS.get(text, text), tok, text)
            return
        if self.assumptions and text in ("in", "oo", "inf", "and"):
            out.emit(text, tok.col, "op" if text in ("in", "and") else "value")
            return
        # LaTeX typesets "xy" as the product x y; a subscript belongs to the last letter
        for i, letter in enumerate(text):
            self.name(out, letter, tok.col + i, scripts and i == len(text) - 1)
