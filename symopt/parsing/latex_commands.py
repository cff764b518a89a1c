"""LaTeX commands: what ``\\frac``, ``\\sqrt``, ``\\left``, ``\\sin``, ``\\begin{pmatrix}`` ... mean.

The methods of the reader for backslash commands; the token helpers and
sequences they call are those of :class:`~symopt.parsing.latex_parser.Parser`,
which inherits them. TeX programming and unknown commands are refused by name.
"""

from ..errors import ParseError
from .latex_tokens import (BINARY, BOLD, FRACTIONS, FUNCTIONS, GREEK, GREEK_CAPITALS, LEFT, MATRICES, NAME_FONTS,
                           OPERATOR_NAMES, RELATIONS, RIGHT, SPACING, TEX_PROGRAMMING, Out)
from .names import keyword_alias


class CommandReader:
    """Backslash commands, for :class:`~symopt.parsing.latex_parser.Parser`."""

    def command(self, out, scripts=True):
        tok = self.next()
        name = tok.text[1:]
        if name in SPACING:
            return
        if name in GREEK:
            self.name(out, GREEK[name], tok.col, scripts)
        elif name in GREEK_CAPITALS:
            self.name(out, name, tok.col, scripts)
        elif name in FRACTIONS:
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
        elif name in BINARY:
            out.emit(BINARY[name], tok.col)
            return
        elif name in RELATIONS:
            out.emit(RELATIONS[name], tok.col)
            return
        elif name in FUNCTIONS:
            self.function(out, FUNCTIONS[name], tok, name)
            return
        elif name in NAME_FONTS:
            self.font_name(out, tok, scripts)
            return
        elif name in BOLD:
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
            self.command_group(out, tok, ("abs(", "func"), ")", ("\\rvert", "\\vert"), f"\\{name}")
        elif name in ("{", "lbrace"):
            self.command_group(out, tok, ("{", "open"), "}", ("\\}", "\\rbrace"), "'\\{'")
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
        elif name in TEX_PROGRAMMING:
            raise ParseError(f"\\{name} at column {tok.col} is TeX programming and is refused in an answer",
                             tok.col)
        else:
            raise ParseError(f"unknown LaTeX command \\{name} at column {tok.col}", tok.col)
        if scripts:
            self.scripts(out, tok)

    def command_group(self, out, tok, opener, close_text, closers, shown):
        """A group opened by the command ``tok`` and closed by one of the commands ``closers``."""
        text, kind = opener
        self.enter(tok.col)
        out.emit(text, tok.col, kind)
        self.sequence(out, lambda t: t.kind == "cmd" and t.text in closers)
        end = self.next()
        if end.kind == "end":
            raise ParseError(f"{shown} at column {tok.col} is never closed", tok.col)
        out.emit(close_text, end.col, "close")
        self.leave()

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
        if text in OPERATOR_NAMES and text not in self.declared and text not in GREEK:
            self.function(out, keyword_alias(OPERATOR_NAMES[text]), tok, text)
            return
        self.name(out, GREEK.get(text, text), brace.col + 1, scripts)

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
            index = Out()
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
        opener = LEFT.get(key) if delimiter.kind in ("op", "cmd") else None
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
        closer = RIGHT.get(closing.text) if closing.kind in ("op", "cmd") else None
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
                power = Out()
                self.argument(power, "exponent of \\" + shown)
                if [piece[0] for piece in power.pieces] == ["(", "-", "1", ")"]:
                    raise ParseError(f"\\{shown}^{{-1}} at column {caret.col} is ambiguous; write \\arc{shown} "
                                     f"or 1/\\{shown}", caret.col)
            elif self.is_op("_") and base is None and target == "log":
                self.next()
                base = Out()
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
            if tok.kind == "cmd" and (tok.text[1:] in RELATIONS or tok.text[1:] in BINARY or tok.text in
                                      ("\\right", "\\end", "\\\\", "\\rvert", "\\}", "\\quad", "\\qquad")):
                return
            if tok.kind == "cmd" and not first and (tok.text[1:] in FUNCTIONS or tok.text == "\\operatorname"):
                return
            self.item(out)
            first = False

    def environment(self, out, tok):
        name = self.environment_name(tok)
        if name not in MATRICES:
            raise ParseError(f"environment {{{name}}} at column {tok.col} is not supported (use pmatrix or "
                             f"bmatrix for vectors and matrices)", tok.col)
        self.enter(tok.col)
        rows, row, cell = [], [], Out()

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
            cell = Out()
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
        if MATRICES[name] == "det":
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
