"""The public graders' corpus: the truth of every pair computed here, independently of symopt; then symopt.

Truth: both texts are read by sympy's own parser (trusted test text) and compared at rational points
inside the assumptions, exactly where the values are rational and to 50 digits otherwise. A point
separates the two when one is real and the other is not, or both are real and differ — and the same
holds a little way off (so a removable singularity such as x = 1 in (x**2-1)/(x-1) does not count).
Equations are compared by their real solution sets (sympy's solveset), sets as sets, matrices entrywise.
"""

import random
import re

import pytest
import sympy as sp
from sympy.parsing.sympy_parser import parse_expr

from symopt.check import check_answer

from check_corpus_public import CASES

_FUNCTIONS = {"sec": sp.sec, "csc": sp.csc, "cot": sp.cot, "arcsec": sp.asec, "arccsc": sp.acsc,
              "arccot": sp.acot, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan, "arcsinh": sp.asinh,
              "arccosh": sp.acosh, "arctanh": sp.atanh, "sech": sp.sech, "csch": sp.csch, "coth": sp.coth,
              "ln": sp.log, "relu": lambda t: sp.Max(0, t), "max": sp.Max, "min": sp.Min, "abs": sp.Abs,
              "ceiling": sp.ceiling, "floor": sp.floor, "sign": sp.sign, "Heaviside": sp.Heaviside,
              "factorial": sp.factorial, "binomial": sp.binomial, "gamma": sp.gamma, "pi": sp.pi, "E": sp.E}
_REALS = [sp.Rational(v) for v in ("-1001", "-51", "-7/2", "-2", "-1", "-1/2", "-1/3", "0", "1/7", "1/3", "1/2",
                                   "1", "3/2", "2", "3", "7/2", "4", "6", "51", "1001", "1000001")]
_INTEGERS = [sp.Integer(v) for v in (0, 1, 2, 3, 4, 5, 6, 7, 12, 13)]
_NUDGE = sp.Rational(1, 997)


def _domains(options):
    """{name: (low, high)} from assumption text of the forms a<x<b, x>a, x>=a, x<a (open/closed ignored)."""
    out = {}
    for part in (options.get("assume") or "").split(","):
        part = part.replace(" ", "")
        m = re.fullmatch(r"(-?[\d/]+)<=?([a-z]\w*)<=?(-?[\d/]+)", part)
        if m:
            out[m[2]] = (sp.Rational(m[1]), sp.Rational(m[3]))
            continue
        m = re.fullmatch(r"([a-z]\w*)(>=?|<=?)(-?[\d/]+)", part)
        if m:
            bound = sp.Rational(m[3])
            out[m[1]] = (bound, None) if m[2].startswith(">") else (None, bound)
    return out


def _parse(text, integers):
    names = set(re.findall(r"[A-Za-z_]\w*", text)) - set(_FUNCTIONS) - {"sqrt", "exp", "log", "sin", "cos", "tan",
                                                                       "asin", "acos", "atan", "sinh", "cosh",
                                                                       "tanh"}
    table = {n: sp.Symbol(n, integer=True) if n in integers else sp.Symbol(n, real=True) for n in names}
    table.update(_FUNCTIONS)
    if "=" in text and not text.startswith(("{", "[")):
        lhs, rhs = text.split("=")
        return sp.Eq(parse_expr(lhs, local_dict=table), parse_expr(rhs, local_dict=table), evaluate=False)
    value = parse_expr(text, local_dict=table)
    if isinstance(value, (set, frozenset)):
        return sp.FiniteSet(*value)
    if isinstance(value, list):
        return sp.Matrix(value)
    return value


def _too_large(expr, point):
    """True where a power with a symbolic exponent would have more than 5000 digits (not evaluated then)."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.exp, sp.sinh, sp.cosh, sp.gamma, sp.factorial)):
            argument = node.args[0].xreplace(point)
            if argument.is_number and abs(sp.N(argument, 15)) > 1000:
                return True
        if node.is_Pow and node.exp.free_symbols:
            exponent = node.exp.xreplace(point)
            base = node.base.xreplace(point)
            if exponent.is_number and base.is_number and base != 0 and \
                    abs(sp.N(exponent * sp.log(abs(base), 10), 15)) > 5000:
                return True
    return False


def _value(expr, point):
    """The real value at a rational point (exact when rational, else 50 digits), or None."""
    value = expr.xreplace(point)
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    if value.is_Rational:
        return value
    number = sp.N(value, 50, maxn=4000)
    if not number.is_number or number.has(sp.nan, sp.zoo):
        return None
    real, imag = number.as_real_imag()
    if abs(imag) > sp.Float(10) ** -40:
        return None
    return real


def _points(symbols, options, count=36, seed=0):
    rng = random.Random(seed)
    domains = _domains(options)
    if not symbols:
        return [{}], domains
    pools = []
    for s in symbols:
        pool = _INTEGERS if s.is_integer else _REALS
        low, high = domains.get(s.name, (None, None))
        pool = [v for v in pool if (low is None or v > low) and (high is None or v < high)]
        if low is not None and high is not None:
            pool += [low + (high - low) * sp.Rational(i, 7) for i in range(1, 7)]
        pools.append(pool)
    points = [{s: pool[i % len(pool)] for s, pool in zip(symbols, pools)} for i in range(max(map(len, pools)))]
    points += [{s: rng.choice(pool) for s, pool in zip(symbols, pools)} for _ in range(count)]
    return points, domains


def _separates(r, a, point, tolerance):
    if _too_large(r, point) or _too_large(a, point):
        return False
    rv, av = _value(r, point), _value(a, point)
    if (rv is None) != (av is None):
        return True
    if rv is None:
        return False
    return abs(rv - av) > tolerance * max(abs(rv), abs(av)) + sp.Float(10) ** -40


def _scalar_truth(r, a, options):
    decimals = r.has(sp.Float) or a.has(sp.Float)
    tolerance = options.get("tolerance", 1e-9) if decimals else sp.Float(10) ** -30
    symbols = sorted(r.free_symbols | a.free_symbols, key=lambda s: s.name)
    points, domains = _points(symbols, options)
    defined = 0
    for point in points:
        if _separates(r, a, point, tolerance):
            nudged = {s: v if s.is_integer else v + _NUDGE for s, v in point.items()}
            low = {s: domains.get(s.name, (None, None))[0] for s in symbols}
            if any(low[s] is not None and nudged[s] <= low[s] for s in symbols):
                nudged = {s: v if s.is_integer else v - _NUDGE for s, v in point.items()}
            if _separates(r, a, nudged, tolerance):
                return False
        elif not _too_large(r, point) and _value(r, point) is not None:
            defined += 1
    assert defined >= min(5, len(points)), "too few points where the pair is defined to decide its truth"
    return True


def _solutions(equation, symbol, point):
    reduced = (equation.lhs - equation.rhs).xreplace(point)
    return sp.solveset(reduced, symbol, sp.S.Reals)


def _truth(reference, answer, options):
    integers = set((options.get("integer") or "").split(",")) - {""}
    r, a = _parse(reference, integers), _parse(answer, integers)
    if isinstance(r, sp.Equality):
        symbols = sorted(r.free_symbols | a.free_symbols, key=lambda s: s.name)
        for s in symbols:
            others = [o for o in symbols if o != s]
            for point in _points(others, options, count=4)[0][:6] if others else [{}]:
                if _solutions(r, s, point) != _solutions(a, s, point):
                    return False
        return True
    if isinstance(r, sp.MatrixBase):
        return r.shape == a.shape and all(_scalar_truth(x, y, options) for x, y in zip(r, a))
    if isinstance(r, sp.FiniteSet):
        symbols = sorted(r.free_symbols | a.free_symbols, key=lambda s: s.name)
        for point in _points(symbols, options)[0]:
            left = {sp.N(e.xreplace(point), 50) for e in r}
            right = {sp.N(e.xreplace(point), 50) for e in a}
            if left != right:
                return False
        return True
    return _scalar_truth(r, a, options)


#: Every issue-14 example and every fourth other pair run by default; the whole corpus with -m slow.
QUICK = [c for i, c in enumerate(CASES) if c[1] == "issue14" or i % 4 == 0]


@pytest.mark.parametrize("name,group,reference,answer,expected,options", QUICK, ids=[c[0] for c in QUICK])
def test_truth_of_the_quick_pairs(name, group, reference, answer, expected, options):
    assert _truth(reference, answer, options) is expected


@pytest.mark.slow
@pytest.mark.parametrize("name,group,reference,answer,expected,options", CASES, ids=[c[0] for c in CASES])
def test_truth_of_every_pair_is_what_the_corpus_says(name, group, reference, answer, expected, options):
    assert _truth(reference, answer, options) is expected


def test_corpus_size_and_sources():
    assert len(CASES) >= 150
    assert {c[1] for c in CASES} >= {"sympy", "mitx", "stack", "webwork", "issue14"}


def _no_false_verdict(cases):
    wrong, undetermined = [], []
    for name, group, reference, answer, expected, options in cases:
        verdict = check_answer(reference, answer, seconds=10.0, **options)
        if verdict.equivalent is None:
            undetermined.append((name, verdict.message))
        elif verdict.equivalent is not expected:
            wrong.append((name, verdict.message))
        elif expected is False and verdict.method == "sampling":
            assert verdict.counterexample is not None, name
    assert not wrong, wrong
    assert len(undetermined) <= 0.05 * len(cases), undetermined


def test_symopt_on_the_quick_pairs():
    _no_false_verdict(QUICK)


@pytest.mark.slow
def test_symopt_gives_no_false_verdict_and_rarely_undetermined():
    _no_false_verdict(CASES)
