"""One zero-test policy: when symopt calls an expression zero, and how sure it is.

Every "is this 0?" of the symbolic core (a closed form's residual in its
recurrence, the inner product of consecutive gradients, a step-size formula
against the solve it came from) climbs one ladder, cheapest rung first, and
stops at the first rung that proves it:

1. **Structure**: sympy's automatic evaluation has already made it 0.
2. **Exact algebra**: ``cancel(together(expand(e)))`` decides rational functions.
   A sequence in the integer counter k is first split by parity (k = 2j, 2j + 1)
   and each power ``B**(c·j + d)`` becomes ``B**d · P_B**c`` with ``P_B`` a fresh
   symbol, so what is left is a rational function (``radsimp`` then clears
   radicals); an expression in an algebraic number (``CRootOf``) is instead
   reduced modulo the number's minimal polynomial, which always terminates.
3. **simplify**, in a worker process killed when the time budget runs out; a
   budget that runs out proves nothing.
4. **Numbers are evidence, never a proof**: a 30-digit evaluation at sample
   points and at small and large k that is clearly nonzero refutes (it is a
   counterexample); one that is zero leaves the question open.

The answers keep each caller's soundness. :func:`zero_test` climbs all four
rungs and answers ``True`` (proved), ``False`` (refuted, with the
counterexample) or ``None`` (neither). :func:`is_zero` climbs rungs 1–3 and
:func:`is_zero_quick` rungs 1–2 without a budget; both answer ``True`` or
``False`` for "not shown". The one place where a number decides is
:func:`is_zero_quick` on a constant: it picks which formula to use (the double-
or the distinct-root form of a 2×2 matrix power), and that formula is verified
on its own afterwards, so no result is claimed from a number.

The answer checker asks the same question of a student's answer minus the
reference, where removable singularities do not count ("equal where both are
defined"). :func:`is_zero_where_defined` climbs rungs 1–3 for it with one more
exact normal form at rung 2, :func:`canonical`: every integer power of a
rational function is written as ``(-1)**(s*k) * c**k * prod(p_i**(m_i*k))`` with
irreducible factors ``p_i`` of positive leading coefficient, so
``((1-b)/(1+b))**k`` and ``(-1)**k*((b-1)/(b+1))**k`` become the same
expression; the integer symbols are split by parity when that is not enough.
It has no worker of its own: the checker runs inside its command's budget.
Exponent-splitting rules such as ``(a*b)**k -> a**k * b**k`` are applied only
for integer exponents, where they hold.
"""

import time

import mpmath
import sympy as sp

from .budget import call_with_budget, remaining
from .errors import BudgetExceeded
from .numeric import mpmath_function
from .numeric.lambdify import as_list
from .problem import k as COUNTER
from .values import to_sympy

#: residuals larger than this (sympy's count_ops) are cancelled in a worker under the time budget
QUICK_OPS = 400


def is_zero(expression, seconds=5.0):
    """True when ``expression`` is shown to be 0 by cancel/together, or by simplify within ``seconds``.

    >>> import sympy as sp
    >>> from symopt.zero import is_zero
    >>> x = sp.Symbol('x')
    >>> is_zero((x**2 - 1)/(x - 1) - x - 1), is_zero(sp.sin(x)**2 + sp.cos(x)**2 - 1), is_zero(x)
    (True, True, False)
    """
    expression = to_sympy(expression)
    if expression == 0:
        return True
    if _cancels(expression):
        return True
    try:
        return call_with_budget(_simplifies, expression, seconds=seconds)
    except (BudgetExceeded, RecursionError):
        return False


def _cancels(expression):
    return sp.cancel(sp.together(sp.expand(expression))) == 0


def _simplifies(expression):
    return sp.simplify(expression) == 0


def is_zero_quick(expression):
    """True when sympy knows ``expression`` is 0, a constant's 50-digit value is 0, or it expands to 0.

    >>> import sympy as sp
    >>> from symopt.zero import is_zero_quick
    >>> x = sp.Symbol('x')
    >>> is_zero_quick((x + 1)**2 - x**2 - 2*x - 1), is_zero_quick(sp.sqrt(2)**2 - 2), is_zero_quick(x)
    (True, True, False)
    """
    expression = to_sympy(expression)
    if expression.is_zero:
        return True
    if expression.is_number:
        return bool(sp.N(expression, 50) == 0)
    return sp.expand(expression) == 0


def zero_test(residuals, counter=COUNTER, samples=None, scales=None, seconds=5.0):
    """Decide whether expressions in ``counter`` vanish for every integer k >= 0 and all parameters.

    Returns ``(verdict, note, counterexample)``: ``True`` (proved), ``False`` (a
    30-digit evaluation at ``samples`` — ``{symbol: [floats]}`` — and small and large
    k of both parities found a residual that is not zero relative to ``scales``),
    or ``None`` (not proved, not refuted).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.zero import zero_test
    >>> b = sp.Symbol('b', positive=True)
    >>> r = (1 - b)/(1 + b)
    >>> zero_test([(-1)**(k + 1)*r**(k + 1) + (-1)**k*r**k*r])[0]
    True
    >>> zero_test([r**(k + 1) - r**k*(b - 1)/(b + 1)], samples={b: [0.5]})[0]
    False
    """
    residuals = [to_sympy(r) for r in residuals]
    deadline = time.perf_counter() + seconds
    # residuals in CRootOf are decided by polynomial remainders, which always terminate: never cut short
    small = [r for r in residuals if r != 0 and (sp.count_ops(r) <= QUICK_OPS or is_algebraic(r))]
    large = [r for r in residuals if r != 0 and r not in small]
    pending = [r for r in small if seconds <= 0 or not _quick_zero(r, counter)] + large
    if not pending:
        return True, "", None
    # refuting is cheap (a 30-digit evaluation); proving may not be: refute first
    counterexample = numeric_residual(pending, counter, samples or {}, scales)
    if counterexample is not None:
        return False, counterexample["text"], counterexample
    if seconds > 0:
        try:
            still = []
            for r in pending:  # large residuals: the same cancellation, in a worker killed on time
                if r in large and call_with_budget(_quick_zero, r, counter, seconds=remaining(deadline)):
                    continue
                still.append(r)
            if all(call_with_budget(_simplify_zero, r, counter, seconds=remaining(deadline)) for r in still):
                return True, "proved by simplify" if still else "", None
        except (BudgetExceeded, RecursionError, NotImplementedError):
            pass
    return None, "sympy could not simplify the residual to 0; it vanishes numerically at 30 digits", None


# --- rung 2 for sequences in k: parity, powers as symbols, algebraic numbers --------------------

def _quick_zero(expression, counter):
    """True when every parity of the residual cancels to 0; else False (meaning: not shown)."""
    j = sp.Dummy("j", integer=True, nonnegative=True)
    for parity in (0, 1):
        e = to_sympy(expression).xreplace({counter: 2 * j + parity})
        e = _powers_to_symbols(e, j)
        if is_algebraic(e):  # cancel cannot use the minimal polynomials: reduce modulo them
            if reduce_algebraic(e) != 0:
                return False
            continue
        e = sp.cancel(sp.together(sp.expand(e)))
        if e != 0:
            e = sp.cancel(sp.radsimp(e)) if e.has(sp.Pow) else e
            if e != 0:
                return False
    return True


def _powers_to_symbols(expression, j):
    """Replace each B**(c·j + d) by B**d · P_B**c (P_B a fresh symbol standing for B**j)."""
    table = {}

    def rewrite(node):
        if isinstance(node, sp.Pow) and node.exp.has(j):
            exponent = sp.expand(node.exp)
            c = exponent.coeff(j)
            d = sp.expand(exponent - c * j)
            if d.has(j) or not c.is_Integer:
                return node
            base = node.base
            if base == -1:
                return sp.Integer(-1) ** d * (table.setdefault(base, sp.Dummy("S")) ** (int(c) % 2))
            if base.is_Rational and base < 0:
                minus = sp.Integer(-1) ** d * (table.setdefault(sp.Integer(-1), sp.Dummy("S")) ** (int(c) % 2))
                return minus * rewrite(sp.Pow(-base, node.exp, evaluate=False))
            if base.is_Rational and 0 < base < 1:
                base, c, d = 1 / base, -c, -d  # 2**(-j) and (1/2)**j must be the same symbol
            if base.is_Integer and base > 1:
                power = sp.perfect_power(int(base))
                if power:  # 4**(c·j + d) is 2**(2c·j + 2d)
                    base, c, d = sp.Integer(power[0]), c * power[1], d * power[1]
            if base.is_rational_function() and not base.is_number:
                # B, −B, 1/B and −1/B are powers of one canonical base times (−1)**(c·j + d)
                choices = []
                for sign in (1, -1):
                    for inverse in (1, -1):
                        candidate = sp.cancel((sign * base) ** inverse)
                        choices.append((sp.default_sort_key(candidate), candidate, sign, inverse))
                _, canonical, sign, inverse = min(choices, key=lambda item: item[0])
                factor = sp.Integer(1)
                if sign == -1:
                    factor = sp.Integer(-1) ** d * table.setdefault(sp.Integer(-1), sp.Dummy("S")) ** (int(c) % 2)
                return factor * canonical ** (inverse * d) * table.setdefault(canonical, sp.Dummy("P")) ** (inverse * c)
            return base**d * table.setdefault(base, sp.Dummy("P")) ** c
        if isinstance(node, (sp.cos, sp.sin)) and node.args[0].has(j):
            # real forms ρ^k (A cos kθ + B sin kθ): cos(cj + d) by the addition theorem, with
            # cos(cj) and sin(cj) fresh symbols (the residual is linear in them)
            argument = sp.expand(node.args[0])
            c = argument.coeff(j)
            d = sp.expand(argument - c * j)
            if d.has(j) or c.has(j) or c == 0:
                return node
            sign = -1 if c.could_extract_minus_sign() else 1
            C = table.setdefault(("cos", sign * c), sp.Dummy("C"))
            S = sign * table.setdefault(("sin", sign * c), sp.Dummy("S"))
            cos_d, sin_d = sp.expand_trig(sp.cos(d)), sp.expand_trig(sp.sin(d))
            return C * cos_d - S * sin_d if isinstance(node, sp.cos) else S * cos_d + C * sin_d
        return node

    return sp.bottom_up(expression, rewrite, atoms=True)


class _RootSymbol(sp.Dummy):
    """A symbol standing for a ``CRootOf`` during symbolic checks (sympy evaluates CRootOf sums numerically,
    seconds each, to order and compare them); ``root`` is the number it stands for."""

    def __new__(cls, root):
        symbol = super().__new__(cls, "r")
        symbol.root = root
        return symbol


def root_symbols(expressions):
    """``CRootOf`` → :class:`_RootSymbol` for every root in ``expressions``."""
    roots = set()
    for e in expressions:
        roots |= to_sympy(e).atoms(sp.CRootOf)
    return {root: _RootSymbol(root) for root in sorted(roots, key=sp.default_sort_key)}


def _restore_roots(expression):
    expression = to_sympy(expression)
    symbols = {s: s.root for s in expression.atoms(_RootSymbol)}
    return expression.xreplace(symbols) if symbols else expression


def is_algebraic(expression):
    """True when ``expression`` holds an algebraic number (a ``CRootOf`` or the symbol standing for one)."""
    return bool(expression.atoms(_RootSymbol)) or expression.has(sp.CRootOf)


def reduce_algebraic(expression):
    """The numerator reduced modulo each root's minimal polynomial (CRootOf or its :class:`_RootSymbol`).

    Exact arithmetic in Q(r): a polynomial in r vanishes at r iff its remainder does.
    """
    expression = expression.xreplace(root_symbols([expression]))
    numerator = sp.numer(sp.together(sp.expand(expression)))
    for symbol in sorted(numerator.atoms(_RootSymbol), key=sp.default_sort_key):
        try:
            numerator = sp.rem(sp.expand(numerator), symbol.root.poly.as_expr(symbol), symbol)
        except sp.PolynomialError:  # the root inside a radical: not a polynomial in it, not decided here
            return numerator
    return sp.expand(numerator)


# --- rung 3 for sequences in k ---------------------------------------------------------------------

def _simplify_zero(expression, counter):
    """True when ``simplify`` brings both parities of the residual to 0 (powers expanded and merged first)."""
    j = sp.Dummy("j", integer=True, nonnegative=True)
    for parity in (0, 1):
        e = to_sympy(expression).xreplace({counter: 2 * j + parity})
        if sp.simplify(sp.powsimp(sp.expand(e, power_exp=True), force=True)) != 0:
            return False
    return True


# --- rung 4: numbers ------------------------------------------------------------------------------

def numeric_residual(residuals, counter, samples, scales):
    """A counterexample ``{"k", "parameters", "residual", "text"}``, or None: the residuals at 30 digits.

    Parameters take the values in ``samples`` (``{symbol: [floats]}``; three
    samples inside the symbol's assumptions otherwise), k a few small and large
    values of both parities; a residual above 1e-18 relative to ``scales`` refutes.
    """
    from .numeric.samples import sample_values  # numbers are only drawn (with numpy) when asked for
    residuals = [_restore_roots(r) for r in residuals]
    scales = [_restore_roots(s) for s in scales] if scales else scales
    symbols = set()
    for r in residuals:
        symbols |= r.free_symbols
    symbols.discard(counter)
    symbols = sorted(symbols, key=lambda s: s.name)
    missing = [s for s in symbols if s not in samples]
    columns = {s: list(samples[s]) for s in symbols if s in samples}
    for s in missing:
        columns[s] = sample_values(s, None, 3)
    count = max([len(v) for v in columns.values()] or [1])
    picks = sorted(set([0, count // 2, count - 1]))
    function = mpmath_function([counter] + symbols, residuals)
    scale_function = mpmath_function([counter] + symbols, scales) if scales else None
    with mpmath.workdps(30):
        for index in picks:
            point = [mpmath.mpf(columns[s][min(index, len(columns[s]) - 1)]) for s in symbols]
            for kv in (0, 1, 2, 3, 4, 5, 10, 11, 40, 41):
                try:
                    values = [abs(mpmath.mpmathify(v)) for v in as_list(function(mpmath.mpf(kv), *point))]
                    scale = max([abs(mpmath.mpmathify(v)) for v in as_list(scale_function(mpmath.mpf(kv), *point))]
                                if scale_function else [1]) or 1
                except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                    continue
                if scale == 0:
                    scale = 1
                if any(not mpmath.isfinite(v) for v in values):
                    continue
                worst = max(values) / scale
                if worst > mpmath.mpf(10) ** -18:
                    where = ", ".join(f"{s.name} = {float(p):.6g}" for s, p in zip(symbols, point))
                    return {"k": kv, "parameters": {s.name: float(p) for s, p in zip(symbols, point)},
                            "residual": float(worst),
                            "text": f"counterexample: k = {kv}" + (f", {where}" if where else "")
                            + f", relative residual {float(worst):.2e}"}
    return None


__all__ = ["QUICK_OPS", "is_algebraic", "is_zero", "is_zero_quick", "numeric_residual", "reduce_algebraic",
           "root_symbols", "zero_test"]


# --- the answer checker's rungs: sign-normalised powers, no worker of their own -------------------

def canonical(expr):
    """Rewrite integer powers with explicit signs and factored bases, then ``cancel``.

    Examples
    ========
    >>> import sympy as sp
    >>> k = sp.Symbol('k', integer=True, nonnegative=True); b = sp.Symbol('b', positive=True)
    >>> canonical(((1 - b)/(1 + b))**k) == canonical((-1)**k*((b - 1)/(b + 1))**k)
    True
    """
    expr = _normalise_powers(to_sympy(expr))
    return sp.cancel(sp.together(expr))


def _normalise_powers(expr):
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    args = [_normalise_powers(a) for a in expr.args]
    if expr.is_Pow:
        base, exp = args
        if exp.free_symbols and exp.is_integer:
            return _split_integer_power(base, exp)
        return sp.Pow(base, exp)
    return expr.func(*args)


def _split_integer_power(base, exp):
    """``base**exp`` with integer ``exp``: sign, content and irreducible factors separated."""
    base = sp.cancel(sp.together(base))
    numerator, denominator = sp.fraction(base)
    result = sp.Integer(1)
    for part, power in ((numerator, exp), (denominator, -exp)):
        if part == 1:
            continue
        try:
            coefficient, factors = sp.factor_list(part)
        except (sp.PolynomialError, NotImplementedError, ValueError):
            result *= sp.Pow(part, power)
            continue
        if coefficient.is_number and coefficient.is_real and coefficient.is_negative:
            result *= sp.Pow(-1, power)
            coefficient = -coefficient
        if coefficient != 1:
            result *= sp.Pow(coefficient, power)
        for factor, multiplicity in factors:
            result *= sp.Pow(factor, multiplicity * power)
    return sp.expand_power_exp(result)


def is_zero_where_defined(expr, integer_symbols=()):
    """True when ``expr`` is proved to be 0 (where defined); False means "not proved", not "nonzero".

    Tries, in order: ``cancel`` after sign normalisation; log and power expansion
    (honouring assumptions); a split of each integer symbol by parity; finally
    ``simplify``.

    Examples
    ========
    >>> import sympy as sp
    >>> k = sp.Symbol('k', integer=True, nonnegative=True); b = sp.Symbol('b', positive=True)
    >>> is_zero_where_defined((1 - b)**(2*k + 1) + (b - 1)**(2*k + 1), [k])
    True
    >>> x = sp.Symbol('x', real=True)
    >>> is_zero_where_defined(sp.sqrt(x**2) - x)
    False
    """
    for attempt in _attempts(expr, integer_symbols):
        if attempt == 0:
            return True
    return False


def _attempts(expr, integer_symbols):
    first = canonical(expr)
    yield first
    if first.has(sp.Float):
        return
    expanded = canonical(sp.expand_log(sp.expand_power_base(sp.powsimp(expr))))
    yield expanded
    parity = [s for s in integer_symbols if s in first.free_symbols]
    if parity:
        yield _by_parity(first, parity)
    yield sp.cancel(sp.factor_terms(sp.expand(first)))
    yield sp.simplify(first)


def _by_parity(expr, symbols):
    """0 if ``expr`` vanishes for every parity of every integer symbol, else ``expr``."""
    cases = [expr]
    for symbol in symbols:
        assumptions = {"integer": True}
        if symbol.is_nonnegative:
            assumptions["nonnegative"] = True
        j = sp.Symbol(f"{symbol.name}_half", **assumptions)
        cases = [canonical(case.xreplace({symbol: 2 * j + r})) for case in cases for r in (0, 1)]
    for case in cases:
        if case != 0 and sp.simplify(case) != 0:
            return expr
    return sp.Integer(0)
