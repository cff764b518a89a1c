"""The derivative convention of numeric runs on objectives with kinks and jumps.

sympy leaves ``d|x|/dx`` unevaluated and turns ``d sign(x)/dx`` into a
``DiracDelta``; neither can be evaluated at a point. A run therefore
differentiates with one documented rule per non-smooth function:

* at a kink, the **average of the one-sided derivatives**: ``d|u|/du = sign(u)``
  (0 at u = 0); ``Max``/``Min`` take the average of the gradients of the
  arguments that attain the maximum (minimum), so ``relu'(0) = 1/2``. Where f is
  convex this is a subgradient; in general it lies in Clarke's generalised
  gradient.
* ``floor``, ``ceiling``, ``sign`` and ``Heaviside`` are piecewise constant:
  derivative 0 (their derivative away from the jumps; torch and jax use 0 too).

Second derivatives follow the same rules (the Hessian of ``Max`` is the weighted
Hessian of the active arguments), but Newton's method refuses non-smooth
objectives: its step needs a Hessian that exists.
"""

import sympy as sp

from ..errors import ProblemError

#: The functions whose derivative follows the convention above.
NONSMOOTH = (sp.Abs, sp.Max, sp.Min, sp.floor, sp.ceiling, sp.sign, sp.Heaviside)


class _Kink(sp.Function):
    """|u|, differentiated as sign(u)."""

    def fdiff(self, argindex=1):
        return _Flat(sp.Integer(0), self.args[0])  # sign(u), flat everywhere


class _Flat(sp.Function):
    """A piecewise-constant function (tag, arguments...): derivative 0. The tag says which one."""

    def fdiff(self, argindex=1):
        return sp.Integer(0)


class _Extremum(sp.Function):
    """Max (tag 1) or Min (tag −1) of the remaining arguments, differentiated with tie averaging."""

    def fdiff(self, argindex=1):
        if argindex == 1:
            return sp.Integer(0)
        return _TieWeight(sp.Integer(argindex - 2), *self.args)


class _TieWeight(sp.Function):
    """(index, tag, a_1, ..., a_n): 1/#ties if a_index attains the extremum, else 0; derivative 0."""

    def fdiff(self, argindex=1):
        return sp.Integer(0)


_FLAT_TAGS = {sp.sign: 0, sp.floor: 1, sp.ceiling: 2}
_FLAT_BACK = {0: sp.sign, 1: sp.floor, 2: sp.ceiling}


def is_smooth(expression):
    """True if ``expression`` contains none of the functions in :data:`NONSMOOTH`.

    >>> import sympy as sp
    >>> x = sp.Symbol('x', real=True)
    >>> is_smooth(x**2), is_smooth(sp.Max(0, x))
    (True, False)
    """
    return not expression.has(*NONSMOOTH)


def _to_tagged(expression):
    def convert(node):
        if isinstance(node, sp.Abs):
            return _Kink(node.args[0])
        if isinstance(node, sp.Max):
            return _Extremum(sp.Integer(1), *node.args)
        if isinstance(node, sp.Min):
            return _Extremum(sp.Integer(-1), *node.args)
        if isinstance(node, sp.Heaviside):
            # carries its value at 0 (the optional second argument) so that it maps back exactly
            return _Flat(sp.Integer(3), *node.args)
        for kind, tag in _FLAT_TAGS.items():
            if isinstance(node, kind):
                return _Flat(sp.Integer(tag), node.args[0])
        return node
    return sp.bottom_up(expression, convert, atoms=True)


def _from_tagged(expression):
    def convert(node):
        if isinstance(node, _Kink):
            return sp.Abs(node.args[0])
        if isinstance(node, _Flat):
            tag = int(node.args[0])
            if tag == 3:
                return sp.Heaviside(*node.args[1:])
            return _FLAT_BACK[tag](node.args[1])
        if isinstance(node, _Extremum):
            return (sp.Max if node.args[0] == 1 else sp.Min)(*node.args[1:])
        if isinstance(node, _TieWeight):
            index, tag, values = int(node.args[0]), node.args[1], node.args[2:]
            extremum = (sp.Max if tag == 1 else sp.Min)(*values)
            ties = [sp.Piecewise((1, sp.Eq(v, extremum)), (0, True)) for v in values]
            return ties[index] / sp.Add(*ties)
        return node
    return sp.bottom_up(expression, convert, atoms=True)


def run_derivatives(expression, variables, hessian=False):
    """∇f (and ∇²f if asked) of ``expression`` under the convention of this module, as sympy Matrices.

    Explanation
    ===========
    Smooth parts are differentiated as usual; ``Abs``, ``Max``, ``Min``, ``floor``,
    ``ceiling``, ``sign`` and ``Heaviside`` by the rules in the module docstring.

    Examples
    ========
    >>> import sympy as sp
    >>> x, y = sp.symbols('x y', real=True)
    >>> run_derivatives(sp.Abs(x) + sp.floor(y), [x, y])[0].T
    Matrix([[sign(x), 0]])
    >>> g = run_derivatives(sp.Max(0, x), [x])[0][0]
    >>> [g.subs(x, value) for value in (-1, 0, 2)]
    [0, 1/2, 1]
    """
    tagged = _to_tagged(expression)
    gradient = [sp.diff(tagged, v) for v in variables]
    result = sp.Matrix([_from_tagged(g) for g in gradient])
    if not hessian:
        return result, None
    entries = {}
    for i, gi in enumerate(gradient):
        for j in range(i, len(variables)):
            entries[i, j] = entries[j, i] = _from_tagged(sp.diff(gi, variables[j]))
    n = len(variables)
    return result, sp.Matrix(n, n, lambda i, j: entries[i, j])


def require_smooth_for(optimizer_name, expression):
    """Raise ProblemError if Newton-type ``optimizer_name`` is asked to run on a non-smooth objective.

    >>> import sympy as sp
    >>> require_smooth_for("newton", sp.Symbol('x', real=True) ** 2)
    """
    if is_smooth(expression):
        return
    culprit = next(node for node in sp.preorder_traversal(expression) if isinstance(node, NONSMOOTH))
    raise ProblemError(f"{optimizer_name} needs a twice-differentiable objective, but f contains {culprit}, "
                       "which has no Hessian at its kinks or jumps; use a first-order optimizer (they use "
                       "the subgradient convention of 'symopt run --help')")


__all__ = ["NONSMOOTH", "is_smooth", "require_smooth_for", "run_derivatives"]
