"""How the named quantities of :mod:`symopt.quantities` look: LaTeX, plain text and terminal.

The steps of a derivation hold sympy objects; this is the one place that decides
their spelling. :class:`LatexPrinter` and :class:`TextPrinter` are sympy's
printers with a method for each quantity (sympy dispatches on the class name),
so a quantity inside a larger expression — ``Norm(Difference(Sub(x, k + 1), Star(x)))`` —
prints like any other sympy object, renaming included.

Examples
========
>>> import sympy as sp
>>> from symopt.quantities import Call, Difference, Nabla, Norm, Star, Sub, Transposed
>>> x, k, f = sp.symbols("x k f")
>>> latex(Norm(Difference(Sub(x, k + 1), Star(x)))), text(Norm(Difference(Sub(x, k + 1), Star(x))))
('\\\\|x_{k+1} - x^{*}\\\\|', '||x_{k+1} - x*||')
>>> latex(Transposed(Nabla(f))), text(Call(sp.Symbol("N"), x))
('\\\\nabla f^{T}', 'N(x)')
"""

import re

from sympy.printing.latex import LatexPrinter as _SympyLatexPrinter
from sympy.printing.str import StrPrinter as _SympyStrPrinter

from sympy.printing.precedence import PRECEDENCE

from ..quantities import Prime, Star, Sub, Term, Transposed
from .escape import escape_text

#: Operators LaTeX has a macro for; any other name is set upright with ``\operatorname``.
_LATEX_OPERATORS = {"det", "max", "min", "exp", "log", "ln", "sin", "cos", "tan", "tanh", "lim", "sup", "inf"}
#: Each relation a step or a :class:`~symopt.quantities.Statement` states, as ``(LaTeX, unicode)``; plain text
#: writes the relation's own code (``<=``, ``in``).
RELATIONS = {"=": ("=", "="), "<=": (r"\le", "≤"), ">=": (r"\ge", "≥"), "<": ("<", "<"), ">": (">", ">"),
             "!=": (r"\ne", "≠"), "~": (r"\approx", "≈"), "=>": (r"\Rightarrow", "⇒"), "<=>": (r"\iff", "⇔"),
             "in": (r"\in", "∈"), "is": (r"\text{ is }", "is"), "==": (r"\equiv", "≡")}


def _compact(index):
    """``k + 1`` as ``k+1``: an index is read as one symbol."""
    return re.sub(r" ([+-]) ", r"\1", index)


class _Shared:
    """What both printers spell alike: subscripts, a difference in its order, a relation used as a name."""


    def _indices(self, expr):
        indices = [_compact(self._print(i)) for i in expr.indices]
        return "".join(indices) if all(i.is_Integer for i in expr.indices) else ",".join(indices)

    def _print_Difference(self, expr):
        first, second = expr.args
        # a - (b - c) and a - (-x) keep their brackets
        level = PRECEDENCE["Atom"] + 1 if second.could_extract_minus_sign() else PRECEDENCE["Add"]
        return f"{self._print(first)} - {self.parenthesize(second, level)}"

    def _relation(self, code):
        return code

    def _print_Statement(self, expr):
        lhs, rhs, relation = expr.args
        return f"{self._print(lhs)} {self._relation(relation.name)} {self._print(rhs)}"


class LatexPrinter(_Shared, _SympyLatexPrinter):
    """sympy's LaTeX printer, with the quantities derivations name."""

    def _relation(self, code):
        return RELATIONS[code][0]

    def _script_base(self, base):
        printed = self._print(base)
        if base.is_Pow or base.is_Add or base.is_Mul:  # (W^k)_{12}: the entry of the power, not W^{k_{12}}
            return r"\left(" + printed + r"\right)"
        return "{" + printed + "}" if re.search(r"[_^]|\\hat|\\sum|\\max", printed) and \
            isinstance(base, (Star, Prime, Sub, Transposed)) else printed

    def _print_Pow(self, expr):
        base = expr.base
        if isinstance(base, Term) and expr.exp.is_Integer and expr.exp > 0:
            printed = self.parenthesize(base, PRECEDENCE["Pow"])
            if isinstance(base, (Star, Transposed)):  # already a superscript: x^{*} squared is {x^{*}}^{2}
                printed = "{" + printed + "}"
            return f"{printed}^{{{self._print(expr.exp)}}}"
        return super()._print_Pow(expr)

    def _print_Named(self, expr):
        return r"\text{" + escape_text(expr.words) + "}"

    def _print_Operator(self, expr):
        return "\\" + expr.name if expr.name in _LATEX_OPERATORS else r"\operatorname{" + expr.name + "}"

    def _print_Sub(self, expr):
        return f"{self._script_base(expr.base)}_{{{self._indices(expr)}}}"

    def _print_Star(self, expr):
        return f"{self._script_base(expr.args[0])}^{{*}}"

    def _print_Hat(self, expr):
        return r"\hat{" + self._print(expr.args[0]) + "}"

    def _print_Prime(self, expr):
        return self._script_base(expr.args[0]) + "'" * int(expr.args[1])

    def _print_Call(self, expr):
        arguments = ", ".join(self._print(a) for a in expr.arguments)
        return f"{self._print(expr.function)}({arguments})"

    def _print_Nabla(self, expr):
        f, order, wrt = expr.args
        head = r"\nabla" + ("" if order == 1 else f"^{{{self._print(order)}}}")
        if wrt:
            head += "_{" + ",".join(self._print(w) for w in wrt) + r"}\,"
        return f"{head} {self._print(f)}" if not wrt else head + self._print(f)

    def _print_Transposed(self, expr):
        return f"{self._print(expr.args[0])}^{{T}}"

    def _print_Norm(self, expr):
        return r"\|" + self._print(expr.args[0]) + r"\|"

    def _print_Expectation(self, expr):
        return r"\mathbb{E}[" + self._print(expr.args[0]) + "]"

    def _print_Probability(self, expr):
        return "P(" + self._print(expr.args[0]) + ")"

    def _print_MaxOver(self, expr):
        return r"\max_{" + self._print(expr.args[1]) + "} " + self._print(expr.args[0])

    def _print_SumOver(self, expr):
        return r"\sum_{" + self._print(expr.args[1]) + "} " + self._print(expr.args[0])

    def _print_Partial(self, expr):
        return r"\frac{\partial " + self._print(expr.args[0]) + r"}{\partial " + self._print(expr.args[1]) + "}"

    def _print_Inner(self, expr):
        return f"{self.parenthesize(expr.args[0], PRECEDENCE['Pow'])}^{{T}} {self._print(expr.args[1])}"


class TextPrinter(_Shared, _SympyStrPrinter):
    """sympy's ``sstr``, with the quantities derivations name, spelled for plain text."""

    def _print_Pow(self, expr, rational=False):
        if isinstance(expr.base, (Star, Transposed)) and expr.exp.is_Integer and expr.exp > 0:
            return f"({self._print(expr.base)})**{self._print(expr.exp)}"
        return super()._print_Pow(expr, rational)

    def _print_Named(self, expr):
        return expr.words

    def _print_Operator(self, expr):
        return expr.name

    def _print_Sub(self, expr):
        joined = self._indices(expr)
        base = self._print(expr.base)
        base = f"({base})" if expr.base.is_Pow or expr.base.is_Add or expr.base.is_Mul else base
        return f"{base}_{joined if len(joined) == 1 else '{' + joined + '}'}"

    def _print_Star(self, expr):
        return self._print(expr.args[0]) + "*"

    def _print_Hat(self, expr):
        return self._print(expr.args[0]) + "hat"

    def _print_Prime(self, expr):
        return self._print(expr.args[0]) + "'" * int(expr.args[1])

    def _print_Call(self, expr):
        return f"{self._print(expr.function)}({', '.join(self._print(a) for a in expr.arguments)})"

    def _print_Nabla(self, expr):
        f, order, wrt = expr.args
        head = "grad" + ("" if order == 1 else f"^{self._print(order)}")
        if wrt:
            head += "_(" + ",".join(self._print(w) for w in wrt) + ")"
        return f"{head} {self._print(f)}"

    def _print_Transposed(self, expr):
        return self._print(expr.args[0]) + "^T"

    def _print_Norm(self, expr):
        return "||" + self._print(expr.args[0]) + "||"

    def _print_Expectation(self, expr):
        return "E[" + self._print(expr.args[0]) + "]"

    def _print_Probability(self, expr):
        return "P(" + self._print(expr.args[0]) + ")"

    def _print_MaxOver(self, expr):
        return f"max_{self._print(expr.args[1])} {self._print(expr.args[0])}"

    def _print_SumOver(self, expr):
        return f"sum_{self._print(expr.args[1])} {self._print(expr.args[0])}"

    def _print_Partial(self, expr):
        return f"d{self._print(expr.args[0])}/d{self._print(expr.args[1])}"

    def _print_Inner(self, expr):
        return f"{self.parenthesize(expr.args[0], PRECEDENCE['Pow'])}^T {self._print(expr.args[1])}"

    def _print_Limit(self, expr):
        e, z, z0, _ = expr.args
        return f"lim_({self._print(z)}->{self._print(z0)}) {self._print(e)}"


class LabelTextPrinter(TextPrinter):
    """The text of a step's left side: mathematics for a reader (|r|, and, Σ), not sympy's input syntax.

    A right side stays in ``sstr`` syntax, which a reader can paste back into Python.
    """

    def _print_Abs(self, expr):
        return "|" + self._print(expr.args[0]) + "|"

    def _print_And(self, expr):
        return " and ".join(self._print(a) for a in expr.args)

    def _print_Sum(self, expr):
        term, *limits = expr.args
        bounds = "".join(f"_({self._print(v)}={self._print(a)}..{self._print(b)})" for v, a, b in limits)
        return f"sum{bounds} {self.parenthesize(term, PRECEDENCE['Mul'])}"


def has_quantity(value):
    """True when a value holds one of :mod:`symopt.quantities`' classes (the printers here are needed)."""
    return hasattr(value, "atoms") and bool(value.atoms(Term))


def latex(value, **settings):
    """LaTeX of a value, quantities included (``settings`` as for ``sympy.latex``)."""
    return LatexPrinter(settings).doprint(value)


def text(value, **settings):
    """Plain text of a value, quantities included (``settings`` as for ``sympy.sstr``)."""
    return TextPrinter(settings).doprint(value)
