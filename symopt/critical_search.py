"""Critical points of non-polynomial objectives: a multistart Newton search in a box, each point certified.

The search cannot prove that it found every critical point, so the set it
returns is marked incomplete. Each point it does report is refined to 60
digits and, where the functions have interval versions (sin, cos, tan, exp,
log, powers), proved by Krawczyk's test to be the only critical point in a
box of radius about 1e-45; coordinates that are rational multiples of π (or
small rationals) are recognised and then checked by exact substitution.
"""

import math
import time

import mpmath
import sympy as sp

from .budget import call_with_budget, clip, time_left
from .certify import box, krawczyk, precision
from .errors import BudgetExceeded, NoClosedFormError, ProblemError
from .numeric import interval_function, mpmath_function, numpy_function
from .spectral import Certificate, CriticalPoint
from .values import to_sympy

#: The search box per variable when no ``box`` is given.
DEFAULT_BOX = (-5, 5)
STARTS = {1: 400, 2: 1600, 3: 1728, 4: 1296}
NEWTON_STEPS = 40
DIGITS = 60
SHOWN_DIGITS = 20


def parse_box(text, variables):
    """``"x=-5..5,y=-pi..pi"`` as ``{x: (-5, 5), y: (-pi, pi)}``; unnamed variables get :data:`DEFAULT_BOX`.

    >>> import sympy as sp
    >>> from symopt.critical_search import parse_box
    >>> x, y = sp.symbols('x y')
    >>> parse_box("x=-1..2", [x, y])
    {x: (-1, 2), y: (-5, 5)}
    """
    bounds = {v: tuple(sp.Integer(b) for b in DEFAULT_BOX) for v in variables}
    if not text:
        return bounds
    if isinstance(text, dict):
        items = [(str(k), v) for k, v in text.items()]
    else:
        items = []
        for part in str(text).split(","):
            name, _, interval = part.partition("=")
            lo, dots, hi = interval.partition("..")
            if not dots:
                raise ProblemError(f"--box: expected name=lo..hi, got {part.strip()!r}")
            items.append((name.strip(), (lo, hi)))
    names = {v.name: v for v in variables}
    for name, (lo, hi) in items:
        if name not in names:
            raise ProblemError(f"--box: unknown variable {name!r}; the variables are {', '.join(names)}")
        if [n for n, _ in items].count(name) > 1:
            raise ProblemError(f"--box: {name} is given more than once")
        lo, hi = to_sympy(lo), to_sympy(hi)
        if not (lo.is_real and hi.is_real and lo.is_number and hi.is_number) or not bool(lo < hi):
            raise ProblemError(f"--box: {name} needs numbers lo < hi, got {sp.sstr(lo)}..{sp.sstr(hi)}")
        bounds[names[name]] = (lo, hi)
    return bounds


def search_box(problem, bounds, reason, seconds):
    """A :class:`~symopt.critical_points.CriticalSet` (incomplete) from a multistart search in ``bounds``."""
    from .critical_kinds import classify_exact_point, rationalise
    from .critical_points import CriticalSet
    variables = list(problem.variables)
    gradient = [rationalise(g) for g in problem.gradient]
    hessian = problem.hessian.applyfunc(rationalise)
    try:
        candidates = _float_newton(variables, gradient, hessian, bounds)
    except (NotImplementedError, TypeError, ValueError, NameError) as exc:
        raise NoClosedFormError(f"could not search for critical points numerically: {exc}") from None
    points = []
    refine_g = mpmath_function(variables, gradient)
    refine_h = mpmath_function(variables, hessian.tolist())
    try:
        gradient_iv = interval_function(variables, gradient)
        hessian_iv = interval_function(variables, hessian.tolist())
    except ProblemError:
        gradient_iv = hessian_iv = None
    periods = _periods(gradient, variables)
    left = time_left()  # inside a budgeted command: half of what is left, the rest is for reporting
    deadline = time.perf_counter() + clip(seconds if left is None else max(seconds, left / 2))
    seen = set()

    def visit(start):
        y = _refine(refine_g, refine_h, start)
        if y is None or not _inside(y, bounds):
            return
        key = tuple(round(float(c), 9) + 0.0 for c in y)
        if key in seen:
            return
        seen.add(key)
        exact = _recognise(problem, y)
        points.append((y, classify_exact_point(problem, exact) if exact is not None
                       else _certify(problem, y, gradient_iv, hessian_iv)))

    checked = 0
    with precision(DIGITS):
        for start in candidates:
            if time.perf_counter() > deadline:  # many points (sin(20*x)*sin(20*y)): report those done
                break
            checked += 1
            visit(start)
        # a translate of a critical point by a period is one too: starts the grid may have missed
        for y, _ in list(points) if periods and checked == len(candidates) else ():
            for start in _translates(y, periods, variables, bounds):
                if time.perf_counter() > deadline:
                    break
                if tuple(round(float(c), 9) + 0.0 for c in start) not in seen:
                    visit(start)
    found = sorted((point for _, point in points), key=lambda c: [float(c.point[v]) for v in variables])
    if checked < len(candidates):
        reason += f"; the search stopped at its time budget after {checked} of {len(candidates)} starting points"
    note = (f"{len(found)} critical point{'s' if len(found) != 1 else ''} found in the box "
            f"{_describe(bounds)}; there may be more ({reason}; a numeric search proves no completeness)")
    if periods:
        note += "; critical points repeat with period " + " and ".join(
            f"{_show(T)} in {v.name}" for v, T in periods.items())
    return CriticalSet(tuple(found), False, note, periods)


def _translates(y, periods, variables, bounds, limit=10000):
    """Float points ``y + k T`` (T the periods, k integers) inside ``bounds``, at most ``limit``."""
    import itertools
    ranges = []
    for c, v in zip(y, variables):
        T = float(periods[v]) if v in periods else None
        lo, hi = (float(b) for b in bounds[v])
        c = float(c)
        steps = () if T is None else range(math.ceil((lo - c) / T), math.floor((hi - c) / T) + 1)
        ranges.append([c + k * T for k in steps] if T else [c])
    return list(itertools.islice(itertools.product(*ranges), limit))


def _float_newton(variables, gradient, hessian, bounds):
    import numpy as np
    n = len(variables)
    per_axis = max(2, round(STARTS.get(n, 3**n) ** (1 / n)))
    axes = [np.linspace(float(lo), float(hi), per_axis) for lo, hi in (bounds[v] for v in variables)]
    grid = np.meshgrid(*axes, indexing="ij")
    x = np.stack([g.ravel() for g in grid], axis=1)
    g_fn = numpy_function(variables, gradient)
    h_fn = numpy_function(variables, hessian.tolist())
    with np.errstate(all="ignore"):
        for _ in range(NEWTON_STEPS):
            g = _stacked(g_fn(*x.T), len(x))
            H = _stacked_matrix(h_fn(*x.T), len(x), n)
            lost = ~(np.isfinite(g).all(axis=1) & np.isfinite(H).all(axis=(1, 2)) & np.isfinite(x).all(axis=1))
            x[lost], g[lost], H[lost] = np.nan, 0.0, np.eye(n)  # starts that overflowed are dropped
            step = np.einsum("kij,kj->ki", np.linalg.pinv(H), g)
            x = x - step
        g = _stacked(g_fn(*x.T), len(x))
        scale = 1 + np.abs(x).max(axis=1)
        # a small gradient alone is not enough: where f is flat (exp(-x**2) far out) Newton does not settle
        settled = np.abs(step).max(axis=1) < 1e-6 * scale
        margin = [1e-9 * (1 + abs(float(lo)) + abs(float(hi))) for lo, hi in (bounds[v] for v in variables)]
        inside = np.all([(x[:, i] >= float(bounds[v][0]) - margin[i]) & (x[:, i] <= float(bounds[v][1]) + margin[i])
                         for i, v in enumerate(variables)], axis=0)  # far outside, scale would excuse any gradient
        keep = np.isfinite(x).all(axis=1) & inside & (np.abs(g).max(axis=1) < 1e-6 * scale) & settled
    unique = {tuple(np.round(row, 7)): row for row in x[keep]}
    return list(unique.values())


def _stacked(values, count):
    import numpy as np
    return np.stack([np.broadcast_to(np.asarray(v, dtype=float), (count,)) for v in values], axis=1)


def _stacked_matrix(rows, count, n):
    import numpy as np
    return np.stack([_stacked(row, count) for row in rows], axis=1).reshape(count, n, n)


def _refine(g_fn, h_fn, start):
    y = mpmath.matrix([mpmath.mpf(float(s)) for s in start])
    step = y
    for _ in range(60):
        try:
            g = mpmath.matrix(g_fn(*y))
            step = mpmath.lu_solve(mpmath.matrix(h_fn(*y)), g)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            return None
        y = y - step
        if mpmath.norm(step) <= mpmath.mpf(10) ** (-DIGITS + 5) * (1 + mpmath.norm(y)):
            return list(y)
    # slow (linear) convergence at a degenerate point: accept a tiny gradient only once the steps are tiny too
    settled = mpmath.norm(step) <= mpmath.mpf(10) ** -15 * (1 + mpmath.norm(y))
    return list(y) if settled and mpmath.norm(mpmath.matrix(g_fn(*y))) < mpmath.mpf(10) ** -20 else None


def _inside(y, bounds):
    return all(float(lo) - 1e-12 <= float(c) <= float(hi) + 1e-12 for c, (lo, hi) in zip(y, bounds.values()))


def _certify(problem, y, gradient_iv, hessian_iv):
    from .critical_kinds import classify_certified_point
    radius = mpmath.mpf(10) ** -45 * max(1, max(abs(c) for c in y))
    X = box(y, [radius] * len(y))
    if gradient_iv is not None and krawczyk(gradient_iv, hessian_iv, X):
        return classify_certified_point(problem, X)
    point = classify_certified_point(problem, X)
    return CriticalPoint(point.point, point.kind, point.eigenvalues, point.value,
                         Certificate("Newton at 60 digits, not certified (no interval proof)", None))


def _recognise(problem, y):
    # rational multiples of pi, or small rationals, confirmed by exact substitution
    at = {}
    for v, c in zip(problem.variables, y):
        exact = None
        for unit in (sp.pi, sp.Integer(1)):
            ratio = c / mpmath.mpf(sp.N(unit, DIGITS))
            guess = sp.Rational(mpmath.nstr(ratio, 30)).limit_denominator(24)
            if abs(ratio - mpmath.mpf(guess.p) / guess.q) < mpmath.mpf(10) ** -40:
                exact = guess * unit
                break
        if exact is None:
            return None
        at[v] = exact
    # values of sin, cos, exp at these points evaluate on substitution; no open-ended simplify
    return at if all(sp.expand(g.xreplace(at)) == 0 for g in problem.gradient) else None


def _periods(gradient, variables):
    periods = {}
    for v in variables:
        try:
            found = [call_with_budget(sp.periodicity, g, v, seconds=3) for g in gradient if g.has(v)]
        except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
            continue
        if not found or any(T is None or T == 0 for T in found):
            continue
        period = found[0]
        for T in found[1:]:
            period = common_period(period, T)
        if period is not None:
            periods[v] = period
    return periods


def common_period(a, b):
    """The least common multiple of two periods, or None when they are incommensurable.

    (``sympy.lcm`` is meant for integers and polynomials: it gives π for 2π/5 and 2π/5.)

    >>> import sympy as sp
    >>> from symopt.critical_search import common_period
    >>> common_period(2*sp.pi/3, 2*sp.pi/5), common_period(2*sp.pi/5, 2*sp.pi/5)
    (2*pi, 2*pi/5)
    >>> common_period(2*sp.pi, sp.sqrt(2)*sp.pi) is None
    True
    """
    if a is None or b is None:
        return None
    ratio = a / b
    if not ratio.is_Rational:  # no m, n with m a = n b (or none sympy sees without simplifying)
        return None
    return a * ratio.q  # a q = b p with p/q in lowest terms, the least such multiple


def _describe(bounds):
    return ", ".join(f"{v.name} ∈ [{_show(lo)}, {_show(hi)}]" for v, (lo, hi) in bounds.items())


def _show(value):
    ratio = value / sp.pi
    if value.has(sp.pi) and ratio.is_Rational:
        return ("" if ratio.q != 1 or ratio.p != 1 else "") + (f"{ratio.p}π" if ratio.p != 1 else "π") + \
            (f"/{ratio.q}" if ratio.q != 1 else "")
    return sp.sstr(value)
