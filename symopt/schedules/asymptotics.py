"""How a schedule behaves as k → ∞: its eventual piece, a geometric ratio, or ε_k ~ c·k^(−p)·(log k)^(−q).

Finitely many terms never change whether a series converges, so only the tail
matters; what is not recognised is ``None`` (not this family), never a guess.
"""

import sympy as sp

from .families import K


def eventual_tail(e):
    """The expression ε_k equals for all large k (finitely many terms never change convergence)."""
    if not isinstance(e, sp.Piecewise):
        return e, ""
    for piece, condition in e.args:
        eventually = _eventually(condition)
        if eventually is True:
            return piece, "for all large k the schedule is this piece; finitely many (finite) earlier terms " \
                          "do not change whether a series converges"
        if eventually is None:
            return None, f"cannot decide whether the condition {condition} holds for large k"
    return None, "no piece applies for large k"


def _eventually(condition):
    if condition is sp.true or condition is True:
        return True
    if condition is sp.false or condition is False:
        return False
    if isinstance(condition, sp.And):
        values = [_eventually(c) for c in condition.args]
        return False if False in values else (None if None in values else True)
    if isinstance(condition, sp.Or):
        values = [_eventually(c) for c in condition.args]
        return True if True in values else (None if None in values else False)
    if isinstance(condition, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)):
        difference = condition.lhs - condition.rhs
        try:
            limit = sp.limit(difference, K, sp.oo)
        except (NotImplementedError, ValueError):
            return None
        grows = {sp.oo: True, -sp.oo: False}.get(limit)
        if grows is None:
            return None
        greater = isinstance(condition, (sp.StrictGreaterThan, sp.GreaterThan))
        return grows if greater else not grows
    return None


def geometric_ratio(e):
    ratio = sp.powsimp(sp.simplify(e.xreplace({K: K + 1}) / e), force=True)
    ratio = sp.simplify(ratio)
    if K in ratio.free_symbols or ratio.has(sp.nan, sp.zoo):
        return None
    return ratio


def asymptotic_form(e):
    """``(c, p, q)`` with ε_k ~ c·k^(−p)·(log k)^(−q) as k → ∞ (c ≠ 0 free of k), or None.

    Built from the expression tree: k is k^1; a product multiplies the three parts; a power with a
    k-free exponent a raises c to a and multiplies p and q by a; a sum keeps its dominant terms (the
    smallest p, then the smallest q; exponents must be numbers to be compared, and dominant terms
    that cancel give None); log(u) with u ~ c·k^(−p), p ≠ 0, is ~ −p·log k, and log(u) → log c when u
    tends to a constant c ≠ 1. Anything else (exp, sin, log log, ...) is None: not this family.

    >>> asymptotic_form(1 / (K * sp.log(K + 1)))
    (1, 1, 1)
    >>> asymptotic_form(sp.log(K**2 + 1) / sp.sqrt(3*K + 2))
    (2*sqrt(3)/3, 1/2, -1)
    """
    if K not in e.free_symbols:
        return (e, sp.Integer(0), sp.Integer(0)) if e != 0 else None
    if e == K:
        return sp.Integer(1), sp.Integer(-1), sp.Integer(0)
    if e.is_Mul:
        c, p, q = sp.Integer(1), sp.Integer(0), sp.Integer(0)
        for factor in e.args:
            part = asymptotic_form(factor)
            if part is None:
                return None
            c, p, q = c * part[0], p + part[1], q + part[2]
        return c, p, q
    if e.is_Pow:
        base, exponent = e.args
        if K in exponent.free_symbols:
            return None
        part = asymptotic_form(base)
        if part is None:
            return None
        c, p, q = part
        # c**a is the limit of base**a / (k^(−p) log^(−q))**a only where c**a is the real power
        if not exponent.is_integer and c.is_positive is not True and c.free_symbols == set():
            return None
        return c ** exponent, p * exponent, q * exponent
    if e.is_Add:
        terms = [asymptotic_form(t) for t in e.args]
        if any(t is None for t in terms):
            return None
        if any(not (t[1].is_number and t[2].is_number) for t in terms):
            return None
        p = min(t[1] for t in terms)
        q = min(t[2] for t in terms if t[1] == p)
        c = sp.Add(*[t[0] for t in terms if t[1] == p and t[2] == q])
        c = sp.simplify(c) if c.free_symbols else c
        if c == 0:
            return None
        return c, p, q
    if isinstance(e, sp.log) and len(e.args) == 1:
        part = asymptotic_form(e.args[0])
        if part is None:
            return None
        c, p, q = part
        if c.is_positive is not True:   # the argument must be positive for large k to have a real log
            return None
        if p != 0:
            if not p.is_number:
                return None
            return -p, sp.Integer(0), sp.Integer(-1)
        if q == 0 and c.is_number and c.is_positive and c != 1:
            return sp.log(c), sp.Integer(0), sp.Integer(0)
        if (p, q, c) == (0, 0, 1):   # log(1 + w) ~ w when w → 0
            rest = asymptotic_form(sp.expand(e.args[0] - 1))
            if rest is not None and rest[1].is_number and rest[2].is_number and (
                    rest[1] > 0 or (rest[1] == 0 and rest[2] > 0)):
                return rest
        return None
    return None


def _polynomials(e):
    """Polynomials in k inside e whose zeros (or, under a log, zeros and ones) may make ε_k undefined."""
    out = []
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.log) and K in node.args[0].free_symbols:
            out += [node.args[0], node.args[0] - 1]
        elif node.is_Pow and K in node.base.free_symbols and not (node.exp.is_integer and node.exp >= 0):
            out.append(node.base)
    return out


def first_undefined_step(e, checked=20):
    """The first k ≥ 1 where ε_k is not a real number (division by zero, log of 0 or of a negative), or None.

    Checks k = 1..``checked`` and every positive integer zero of the polynomials in k that are divided
    by, raised to a fractional power, or taken the log of (and their neighbours, where signs change).
    Only for schedules without parameters.
    """
    if e.free_symbols - {K}:
        return None
    candidates = set(range(1, checked + 1))
    for poly_expr in _polynomials(e):
        try:
            poly = sp.Poly(poly_expr, K)
        except sp.PolynomialError:
            continue
        if poly.degree() < 1 or poly.free_symbols - {K}:
            continue
        for root in sp.real_roots(poly):
            floor = int(sp.floor(root))
            candidates.update(n for n in (floor, floor + 1) if 1 <= n <= 10**6)
    for n in sorted(candidates):
        value = e.xreplace({K: sp.Integer(n)})
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.is_real is False:
            return n
    return None
