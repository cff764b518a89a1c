"""The quantities a derivation names that sympy has no class for: x_{k+1}, x*, ∇f, ‖x‖, 𝔼[x], ∂ℓ/∂γ.

A step states mathematics with sympy objects only: ``Step("Update rule", rhs,
Sub(x, k + 1))`` says *x_{k+1} = rhs*. Most left-hand sides are ordinary sympy
expressions (``Symbol("eta")``, ``T**k``, ``(kappa - 1)/(kappa + 1)``); the
classes here fill the gaps: an iterate's subscript, the optimum's star, the
gradient, a norm, an expectation. They are unevaluated, hold sympy arguments
and compare structurally, so a renaming (ε → η) reaches the symbols inside
them. How each looks in LaTeX, Markdown, text and at a terminal is decided by
the one printer, :mod:`symopt.render.quantities`, never here.

Examples
========
>>> import sympy as sp
>>> from symopt.quantities import Star, Sub, Nabla, Transposed
>>> x, k = sp.symbols("x k")
>>> Sub(x, k + 1).args
(x, k + 1)
>>> Transposed(Nabla(sp.Symbol("f"))).free_symbols
{f}
>>> Star(x).subs(x, sp.Symbol("theta"))
Star(theta)
"""

import sympy as sp
from sympy.core.symbol import Str
from sympy.printing.precedence import PRECEDENCE

from .values import to_sympy


def _argument(value):
    if isinstance(value, str):
        return Str(value)
    if isinstance(value, (tuple, list)):
        return sp.Tuple(*(_argument(v) for v in value))
    return to_sympy(value)


class Term(sp.Expr):
    """An unevaluated named quantity; its arguments are sympy objects (words as ``Str``)."""

    is_commutative = True
    #: how tightly it binds when printed inside a larger expression: a name binds like a symbol
    precedence = PRECEDENCE["Atom"]

    def __new__(cls, *args):
        return super().__new__(cls, *(_argument(a) for a in args))

    def _eval_derivative(self, symbol):  # a name, not a formula: it has no derivative to take
        raise TypeError(f"{type(self).__name__} is a name in a derivation, not a function of {symbol}")


class Named(Term):
    """A quantity named in words: ``Named("difference")`` is *difference*, ``Named("# orderings")``."""

    @property
    def words(self):
        return self.args[0].name


class Operator(Term):
    """An operator by name, alone or applied with :class:`Call`: det, tr, relu, clip, BN, Var."""

    @property
    def name(self):
        return self.args[0].name


class Sub(Term):
    """``base`` with subscripts: ``Sub(x, k + 1)`` is x_{k+1}, ``Sub(W, i, j)`` is W_{ij}."""

    @property
    def base(self):
        return self.args[0]

    @property
    def indices(self):
        return self.args[1:]


class Star(Term):
    """The optimal or limiting value of ``base``: x*, η*, θ*."""


class Hat(Term):
    """``base`` with a hat: the normalised x̂, the empirical R̂."""


class Prime(Term):
    """The ``order``-th derivative of a one-variable function, by name: L', L''."""

    def __new__(cls, function, order=1):
        return super().__new__(cls, function, order)


class Call(Term):
    """A function applied by name: ``Call(f, x, y)`` is f(x, y), ``Call(Operator("det"), A)`` is det(A)."""

    @property
    def function(self):
        return self.args[0]

    @property
    def arguments(self):
        return self.args[1:]


class Nabla(Term):
    """The gradient (``order=1``) or Hessian (``order=2``) of ``f``, optionally with respect to ``wrt``."""

    def __new__(cls, f, order=1, wrt=()):
        return super().__new__(cls, f, order, tuple(wrt))


class Transposed(Term):
    """``x`` transposed: g^T, ∇f^T."""


class Norm(Term):
    """The Euclidean norm ‖x‖."""


class Expectation(Term):
    """The expectation 𝔼[x]."""


class Probability(Term):
    """The probability P(event) of a relation such as λ_min > 0, or of a :class:`Named` event."""


class MaxOver(Term):
    """``max`` of ``expression`` over ``index``: max_i |1 − ηλ_i|."""

    precedence = PRECEDENCE["Mul"]


class SumOver(Term):
    """The sum of ``expression`` over ``index``: Σ_i x_i."""

    precedence = PRECEDENCE["Mul"]


class Partial(Term):
    """The partial derivative ∂f/∂x of a named ``f`` with respect to a named ``x``."""


class Difference(Term):
    """``a − b`` kept in this order (sympy would sort the terms of ``a - b``): x_{k+1} − x*."""

    precedence = PRECEDENCE["Add"]


class Inner(Term):
    """The inner product ``aᵀb`` of two vectors, in this order: g(x_{k+1})ᵀ g(x_k), g_0ᵀ H g_0 as Inner(g_0, H g_0)."""

    precedence = PRECEDENCE["Mul"]


class Statement(Term):
    """A relation used as a name: ``Statement(Call(N, x), Star(x))`` reads N(x) = x*."""

    precedence = PRECEDENCE["Relational"]

    def __new__(cls, lhs, rhs, relation="="):
        return super().__new__(cls, lhs, rhs, relation)


__all__ = ["Term", "Named", "Operator", "Sub", "Star", "Hat", "Prime", "Call", "Nabla", "Transposed",
           "Norm", "Expectation", "Probability", "MaxOver", "SumOver", "Partial", "Difference", "Inner",
           "Statement"]
