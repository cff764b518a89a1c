"""The builder: a checked syntax tree becomes sympy objects, node by whitelisted node.

Only ``Integer``, ``Float``, ``Symbol``, ``Add``, ``Mul``, ``Pow``, the known
functions, ``Piecewise``, ``Matrix``, ``Eq``, ``FiniteSet`` and ``Tuple`` are
built, each value size-checked as it is made (:mod:`.sizes`).
"""

import ast
import math

import sympy as sp

from ..errors import ParseError
from ..limits import MAX_EXPONENT, MAX_FLOAT_EXP10, MAX_MATRIX_SIZE
from .names import ARITY, KNOWN_FUNCTIONS, unknown_function
from .sizes import check_function_arguments, check_power, check_value, decimal_exponent
from .tree import PRODUCT_OPS, SUM_OPS

FOLD_LIMIT = 64
"""Sums and products of up to this many terms are built pairwise from the left, as Python would."""


def _keeps_domain(value, argument, condition, function=None):
    """True when ``value`` still is undefined where ``condition`` on ``argument`` fails: it has the
    condition itself, or ``function`` of the argument (a log or even root when ``function`` is None)."""
    if value.has(condition):
        return True
    for node in sp.preorder_traversal(value):
        if function is not None:
            if isinstance(node, function) and node.args[0] == argument:
                return True
        elif isinstance(node, sp.log) and node.args[0] == argument:
            return True
        elif node.is_Pow and node.base == argument and node.exp.is_Rational and node.exp.q % 2 == 0:
            return True
    return False


def _fold(operation, items):
    """``((a op b) op c) ...`` like sympy's operators, or one n-ary call for very long chains.

    Pairwise building matters for products: sympy distributes a number over a sum only when
    exactly two factors meet (``2*(x + y)*z`` is ``(2*x + 2*y)*z``).  Pairwise building costs
    quadratic time, so chains longer than :data:`FOLD_LIMIT` are built with one call (the same
    value, possibly without that distribution).
    """
    if len(items) > FOLD_LIMIT:
        return operation(*items)
    result = items[0]
    for item in items[1:]:
        result = operation(result, item)
    return result


class Builder:
    """Walks a checked ast tree and builds sympy objects (see :mod:`symopt.parsing`)."""

    def __init__(self, source, posmap, names, max_exponent=MAX_EXPONENT, real_domains=False):
        self.source = source
        self.posmap = posmap
        self.names = names
        self.max_exponent = max_exponent
        # real_domains: sympy's evaluation drops the real domain of a root or log it cancels (sqrt(x)**2
        # is x, exp(log(x)) is x); each such argument is remembered and, where the built value lost it,
        # the value is restricted to it: Piecewise((x, x >= 0)) -- undefined elsewhere, as the text is
        self.real_domains = real_domains
        self.guards = []   # (argument, condition) of every root/log whose argument may be negative

    def col(self, node):
        return self.posmap[min(getattr(node, "col_offset", 0), len(self.posmap) - 1)]

    # -- entry points --------------------------------------------------------------------------
    def top(self, node):
        """Any accepted object: Expr, Matrix, Eq, FiniteSet or Tuple."""
        if isinstance(node, ast.Compare):
            return self.equation(node)
        if isinstance(node, ast.List):
            return self.matrix(node)
        if isinstance(node, ast.Set):
            return sp.FiniteSet(*[self.element(e) for e in node.elts])
        if isinstance(node, ast.Dict):
            return sp.FiniteSet()
        if isinstance(node, ast.Tuple):
            return self.element(node)
        return self.expr(node)

    def element(self, node):
        """An element of a set or tuple: an expression or a (nested) tuple."""
        if isinstance(node, ast.Tuple):
            return sp.Tuple(*[self.element(e) for e in node.elts])
        return self.expr(node)

    def equation(self, node):
        if len(node.ops) != 1 or not isinstance(node.ops[0], ast.Eq):
            raise ParseError(f"only equations 'a = b' are accepted here, not inequalities or chains "
                             f"(column {self.col(node)})", self.col(node))
        sides = [self.matrix(s) if isinstance(s, ast.List) else self.expr(s)
                 for s in (node.left, node.comparators[0])]
        return sp.Eq(sides[0], sides[1], evaluate=False)

    def matrix(self, node):
        if not node.elts:
            raise ParseError(f"empty matrix at column {self.col(node)}", self.col(node))
        rows = [isinstance(e, ast.List) for e in node.elts]
        if not any(rows):
            return sp.Matrix([self.expr(e) for e in node.elts])
        if not all(rows):
            raise ParseError(f"a matrix needs every row in brackets, as in [[1, 2], [3, 4]] "
                             f"(column {self.col(node)})", self.col(node))
        size = max(len(node.elts), max(len(row.elts) for row in node.elts))
        if size > MAX_MATRIX_SIZE:
            raise ParseError(f"matrix at column {self.col(node)} has more than {MAX_MATRIX_SIZE} rows or columns",
                             self.col(node))
        built = [[self.expr(e) for e in row.elts] for row in node.elts]
        widths = {len(r) for r in built}
        if len(widths) != 1 or 0 in widths:
            raise ParseError(f"matrix rows have different lengths {sorted(len(r) for r in built)} "
                             f"(column {self.col(node)})", self.col(node))
        return sp.Matrix(built)

    # -- expressions ----------------------------------------------------------------------------
    def expr(self, node):
        if not self.real_domains or not isinstance(node, (ast.BinOp, ast.Call)):
            return self._expr(node)
        before = len(self.guards)
        value = self._expr(node)
        lost = [condition for argument, condition, function in self.guards[before:]
                if not _keeps_domain(value, argument, condition, function)]
        if lost and isinstance(value, sp.Expr):
            value = sp.Piecewise((value, sp.And(*lost)))
        return value

    def _guard(self, argument, strict, condition=None, function=None):
        if not (self.real_domains and isinstance(argument, sp.Expr) and not argument.is_number):
            return
        if condition is None:
            condition = argument > 0 if strict else argument >= 0
        if condition not in (sp.true, True):
            self.guards.append((argument, condition, function))

    def _expr(self, node):
        col = self.col(node)
        if isinstance(node, ast.Constant):
            return self.number(node, col)
        if isinstance(node, ast.Name):
            return self.names.resolve(node.id)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, SUM_OPS):
                return self.sum(node, col)
            if isinstance(node.op, PRODUCT_OPS):
                return self.product(node, col)
            return self.power(node, col)
        if isinstance(node, ast.UnaryOp):
            return self.signed(node, col)
        if isinstance(node, ast.Call):
            return self.call(node, col)
        kind = {ast.List: "a list", ast.Tuple: "a tuple", ast.Set: "a set",
                ast.Compare: "an equation or comparison", ast.Dict: "a set"}.get(type(node), "this")
        raise ParseError(f"{kind} cannot be used inside an expression (column {col})", col)

    def number(self, node, col):
        value = node.value
        if value is True:
            raise ParseError(f"True at column {col} is allowed only as the last condition of Piecewise", col)
        if type(value) is int:
            return check_value(sp.Integer(value), col, self.max_exponent)
        if not math.isfinite(value):
            raise ParseError(f"number at column {col} is too large for a floating-point number", col)
        text = self.source[node.col_offset:node.end_col_offset]
        # the range is checked on the text: converting 1e-99999999 first would compute 10**99999999
        magnitude = decimal_exponent(text)
        if magnitude is None:
            return sp.Float(0)
        if abs(magnitude) > MAX_FLOAT_EXP10 + 1:
            raise ParseError(f"floating-point number at column {col} is out of range "
                             f"(beyond 10**±{MAX_FLOAT_EXP10})", col)
        return check_value(sp.Float(text), col, self.max_exponent)

    def sum(self, node, col):
        terms = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, SUM_OPS):
            term = self.expr(node.right)
            terms.append(term if isinstance(node.op, ast.Add) else -term)
            node = node.left
        terms.append(self.expr(node))
        return check_value(_fold(sp.Add, terms[::-1]), col, self.max_exponent)

    def product(self, node, col):
        factors = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, PRODUCT_OPS):
            factor = self.expr(node.right)
            if isinstance(node.op, ast.Div):
                if factor.is_zero and factor.is_Number:
                    raise ParseError(f"division by zero at column {self.col(node.right)}", self.col(node.right))
                factor = sp.Pow(factor, -1)
            factors.append(factor)
            node = node.left
        factors.append(self.expr(node))
        return check_value(_fold(sp.Mul, factors[::-1]), col, self.max_exponent)

    def power(self, node, col):
        base, exponent = self.expr(node.left), self.expr(node.right)
        check_power(base, exponent, col, self.max_exponent)
        if exponent.is_Rational and not exponent.is_integer and exponent.q % 2 == 0:
            self._guard(base, False)
        return check_value(sp.Pow(base, exponent), col, self.max_exponent)

    def signed(self, node, col):
        negative = False
        while isinstance(node, ast.UnaryOp):
            negative ^= isinstance(node.op, ast.USub)
            node = node.operand
        value = self.expr(node)
        return check_value(-value, col, self.max_exponent) if negative else value

    def call(self, node, col):
        name = node.func.id
        if not self.names.is_function(name):   # only reachable when the tokeniser let it through
            raise unknown_function(name, col)
        low, high = ARITY[name]
        if not low <= len(node.args) <= high:
            wanted = str(low) if low == high else f"{low} to {high}"
            raise ParseError(f"{name}() at column {col} takes {wanted} argument{'s' if high > 1 else ''}, "
                             f"got {len(node.args)}", col)
        if name == "Piecewise":
            return self.piecewise(node, col)
        args = [self.expr(a) for a in node.args]
        check_function_arguments(name, args, col)
        function = KNOWN_FUNCTIONS[name]
        if name in ("sqrt", "log", "ln"):
            for argument in args:
                self._guard(argument, name != "sqrt")
        elif function in (sp.asin, sp.acos, sp.acosh, sp.atanh):
            # sin(asin(x)) is x: the argument's real domain, |x| <= 1 (x >= 1, |x| < 1), would be lost
            u = args[0]
            condition = {sp.asin: (u >= -1) & (u <= 1), sp.acos: (u >= -1) & (u <= 1),
                         sp.acosh: u >= 1, sp.atanh: (u > -1) & (u < 1)}[function]
            self._guard(u, False, condition, function)
        if function is sp.Heaviside and not args[0].is_number:
            # Heaviside.eval asks for im(arg), which expands powers: (a+1)**1000 - b took minutes
            return sp.Heaviside(*args, evaluate=False)
        return check_value(function(*args), col, self.max_exponent)

    def piecewise(self, node, col):
        pieces = []
        for i, arg in enumerate(node.args):
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise ParseError(f"Piecewise at column {col} takes pairs (expression, condition), as in "
                                 f"Piecewise((1 - k/10, k <= 10), (0, True))", col)
            value, condition = arg.elts
            last = i == len(node.args) - 1
            pieces.append((self.expr(value), self.condition(condition, last)))
        if all(condition is sp.false for _, condition in pieces):
            raise ParseError(f"no condition of the Piecewise at column {col} can hold", col)
        return check_value(sp.Piecewise(*pieces), col, self.max_exponent)

    def condition(self, node, last):
        """A Piecewise condition: a comparison chain, or True as the last one."""
        col = self.col(node)
        if isinstance(node, ast.Constant) and node.value is True:
            if not last:
                raise ParseError(f"True at column {col} is allowed only as the last condition of Piecewise", col)
            return sp.true
        relations = {ast.Lt: sp.StrictLessThan, ast.LtE: sp.LessThan, ast.Gt: sp.StrictGreaterThan,
                     ast.GtE: sp.GreaterThan}
        if not isinstance(node, ast.Compare) or not all(type(op) in relations for op in node.ops):
            raise ParseError(f"a Piecewise condition is a comparison with <, <=, > or >= (or True for "
                             f"'otherwise'), at column {col}", col)
        sides = [self.expr(node.left)] + [self.expr(c) for c in node.comparators]
        try:
            return sp.And(*[relations[type(op)](a, b) for op, a, b in zip(node.ops, sides, sides[1:])])
        except TypeError:   # sympy refuses to order non-real numbers, e.g. sqrt(-1) < 1
            raise ParseError(f"the Piecewise condition at column {col} compares a non-real value", col) from None
