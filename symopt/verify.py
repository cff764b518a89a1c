"""Three-way verification of a closed form against the iteration it claims to solve.

1. **Symbolic**: the closed form is substituted into its recurrence with the
   counter ``k`` symbolic (k → k+1 on the left, the update applied on the
   right) and the residual is shown to vanish. Sign factors ``(-1)**k`` are
   handled by splitting k into its parities (k = 2j, k = 2j + 1); each power
   ``B**(c·j + d)`` becomes ``B**d · P_B**c`` with ``P_B`` a fresh symbol, so the
   residual is a rational function that ``cancel`` decides. What that cannot
   prove goes to ``simplify`` under a time budget; what still stands is evaluated
   at 30 digits: a clearly nonzero residual is a counterexample (``False``), an
   unproved but numerically zero one is ``None``.
2. **float64**: the update and the closed form are lambdified once (``cse=True``)
   and run batched over many parameter values at once; the largest normwise
   relative error ‖closed − run‖∞ / ‖run‖∞ over k = 0..steps is reported with its
   growth in k (rounding accumulates roughly linearly in k).
3. **mpmath**: the same iteration at 50 digits for a few parameter values.

Entries whose iterates fall below 1e-150 (their squares underflow, so even the
float64 iteration is wrong there) or are not finite carry no relative
information; they are excluded and counted, never hidden.
"""

import math
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

from .derivation import Table
from .errors import ProblemError
from .numeric import mpmath_function, numpy_function
from .numeric.lambdify import as_list as _as_list
from .numeric.samples import parameter_grid, sample_values
from .problem import k as COUNTER
from .values import to_sympy
from .zero import is_algebraic as _is_algebraic
from .zero import numeric_residual as _numeric_residual
from .zero import reduce_algebraic as _reduce_algebraic
from .zero import root_symbols as _root_symbols
from .zero import zero_test

#: float64 iterates below this carry no relative information: squares such as gᵀg underflow
#: (the smallest normal float64 is 2.2e-308), so the iteration itself is wrong there.
TINY = 1e-150
DEFAULT_STEPS = 200
DEFAULT_DPS = 50


@dataclass(frozen=True)
class Recurrence:
    """x_{k+1} = F(x_k): ``state`` symbols, ``update`` expressions (same order), optional step index.

    ``step_index`` is a symbol inside ``update`` that takes the number of the step
    being taken (1, 2, ...; the optimizers' convention). ``guard`` is an expression
    of the state: where it is exactly 0 the iterate is a fixed point and stays
    (exact line search at the minimiser computes 0/0 otherwise).
    """

    state: tuple
    update: tuple
    step_index: object = None
    guard: object = None

    def __post_init__(self):
        object.__setattr__(self, "state", tuple(self.state))
        object.__setattr__(self, "update", tuple(to_sympy(u) for u in self.update))
        if len(self.state) != len(self.update):
            raise ProblemError(f"a recurrence needs one update per state variable "
                               f"({len(self.state)} state, {len(self.update)} updates)")

    @classmethod
    def from_step(cls, step):
        """The recurrence of an optimizer step (:class:`symopt.optimizers.StepExpressions`)."""
        arguments = step.arguments()
        return cls(tuple(arguments[:-1]), tuple(step.outputs()), step_index=arguments[-1])

    def apply(self, values, index):
        """The update evaluated at ``values`` (expressions), simultaneously, for step number ``index``."""
        mapping = dict(zip(self.state, values))
        if self.step_index is not None:
            mapping[self.step_index] = index
        return [u.xreplace(mapping) for u in self.update]


@dataclass(frozen=True)
class Verification:
    """The three verdicts on one closed form (see the module docstring)."""

    symbolic: object
    symbolic_note: str
    float64_max_rel_error: object
    mpmath_max_rel_error: object
    steps: int
    float64_growth: tuple = ()
    float64_excluded: int = 0
    float64_columns: int = 0
    mpmath_columns: int = 0
    dps: int = DEFAULT_DPS
    parameter_values: dict = field(default_factory=dict)
    counterexample: dict = None
    imaginary_part: float = 0.0
    float64_worst: dict = None

    def passed(self, float64_tolerance=1e-12, mpmath_tolerance=1e-45):
        """True when no check failed: symbolic not False and both errors below the tolerances."""
        if self.symbolic is False:
            return False
        for value, tolerance in ((self.float64_max_rel_error, float64_tolerance),
                                 (self.mpmath_max_rel_error, mpmath_tolerance)):
            if value is not None and not value <= tolerance:
                return False
        return True

    def growth_text(self):
        """How the float64 error grows with k, e.g. ``2.2e-16 (k<=25) ... 3.1e-15 (k<=200), ~0.07 k·u``."""
        if not self.float64_growth:
            return "n/a"
        parts = [f"{e:.1e} (k<={k})" for k, e in self.float64_growth]
        last_k, last = self.float64_growth[-1]
        per_step = last / (max(last_k, 1) * np.finfo(float).eps)
        return " -> ".join(parts) + f"; about {per_step:.2g}·k·u at k = {last_k}"

    def table(self):
        """The verification as a :class:`~symopt.derivation.Table` for the derivation."""
        symbolic = {True: "proved (residual simplifies to 0)", False: "FAILS", None: "not proved"}[self.symbolic]
        if self.symbolic_note:
            symbolic += f"; {self.symbolic_note}"
        names = ", ".join(f"{n} in [{min(v):.3g}, {max(v):.3g}]" if len(v) > 1 else f"{n} = {v[0]:.6g}"
                          for n, v in self.parameter_values.items()) or "no parameters"
        rows = [("symbolic substitution into the recurrence (k symbolic)", "", symbolic)]
        if self.float64_max_rel_error is not None:
            excluded = f"; {self.float64_excluded} entries below 1e-150 (squares underflow) or not finite excluded" \
                if self.float64_excluded else ""
            rows.append(("float64 run vs closed form (lambdified, cse=True)",
                         f"k = 0..{self.steps}, {self.float64_columns} parameter values ({names}){excluded}",
                         f"{self.float64_max_rel_error:.2e}"))
            rows.append(("float64 error growth with k", "", self.growth_text()))
            if self.float64_worst:
                where = ", ".join(f"{n} = {v:.4g}" for n, v in self.float64_worst.items())
                rows.append(("largest float64 error at", where, ""))
        if self.mpmath_max_rel_error is not None:
            rows.append((f"{self.dps}-digit mpmath run vs closed form",
                         f"k = 0..{self.steps}, {self.mpmath_columns} parameter values",
                         _mp_text(self.mpmath_max_rel_error)))
        return Table("Verification", ("check", "range", "max relative error / verdict"), tuple(rows))

    def to_json(self):
        """The ``"verification"`` object of the JSON contracts."""
        return {"symbolic": self.symbolic, "float64_max_rel_error": _json_number(self.float64_max_rel_error),
                "mpmath_max_rel_error": _json_number(self.mpmath_max_rel_error), "steps": int(self.steps)}


def _json_number(value):
    if value is None:
        return None
    return float(value) if math.isfinite(value) else None


def _mp_text(value):
    return "0" if value == 0 else f"{value:.2e}"


# --- parameters -----------------------------------------------------------------------------------

def free_parameters(recurrence, closed_form, start, counter=COUNTER):
    """Symbols other than state, counter and step index, sorted by name."""
    symbols = set()
    for e in list(recurrence.update) + list(closed_form) + list(start):
        symbols |= to_sympy(e).free_symbols
    if recurrence.guard is not None:
        symbols |= to_sympy(recurrence.guard).free_symbols
    symbols -= set(recurrence.state) | {counter}
    if recurrence.step_index is not None:
        symbols.discard(recurrence.step_index)
    return tuple(sorted(symbols, key=lambda s: s.name))


# --- symbolic -------------------------------------------------------------------------------------


def symbolic_check(recurrence, closed_form, start, counter=COUNTER, samples=None, seconds=5.0):
    """Substitute the closed form into the recurrence (k symbolic) and into the start (k = 0)."""
    closed = [to_sympy(c) for c in closed_form]
    roots = _root_symbols(closed)
    closed = [c.xreplace(roots) for c in closed] if roots else closed
    shifted = [c.xreplace({counter: counter + 1}) for c in closed]
    applied = recurrence.apply(closed, counter + 1)
    residuals = [a - b for a, b in zip(shifted, applied)]
    initial = [_simplified_difference(c.xreplace({counter: 0}), to_sympy(s)) for c, s in zip(closed, start)]
    if any(i != 0 for i in initial):
        text = ", ".join(f"{sp.sstr(v)}_0 is off by {sp.sstr(i)}" for v, i in zip(recurrence.state, initial) if i != 0)
        numeric = _numeric_residual([i for i in initial if i != 0], counter, samples or {}, None)
        if numeric is not None:
            return False, f"the closed form does not start at the start point ({text})", numeric
    horizon = _delta_horizon(closed, counter)
    if horizon:
        # KroneckerDelta(k, j) terms (zero eigenvalues) end at k = horizon − 1: the first values are
        # compared with the exact iteration, the recurrence is proved from k = horizon on
        state = [to_sympy(x) for x in start]
        for index in range(1, horizon + 1):
            state = recurrence.apply(state, index)
            gaps = [_simplified_difference(c.xreplace({counter: index}), x) for c, x in zip(closed, state)]
            if any(gap != 0 for gap in gaps):
                numeric = _numeric_residual([g for g in gaps if g != 0], counter, samples or {}, None)
                if numeric is not None:
                    return False, f"the closed form differs from the iteration at k = {index}", numeric
                return None, f"the value at k = {index} could not be shown equal to the iteration's", None
        residuals = [r.xreplace({counter: counter + horizon}) for r in residuals]
        shifted = [c.xreplace({counter: counter + horizon}) for c in shifted]
    scales = [sp.Abs(s, evaluate=False) for s in shifted]
    return zero_test(residuals, counter, samples, scales, seconds)


def _simplified_difference(a, b):
    difference = a - b
    if difference == 0:
        return sp.Integer(0)
    if _is_algebraic(difference):  # simplify asks CRootOf sums for their sign, which can take minutes
        return sp.Integer(0) if _reduce_algebraic(difference) == 0 else difference
    return sp.simplify(difference)


def _delta_horizon(expressions, counter):
    """1 + the largest j of the ``KroneckerDelta(k, j)`` terms, or 0 when there are none."""
    horizon = 0
    for expression in expressions:
        for delta in expression.atoms(sp.KroneckerDelta):
            offset = sp.expand(delta.args[0] - delta.args[1])
            value = sp.expand(counter - offset) if offset.coeff(counter) == 1 else sp.expand(counter + offset)
            if value.is_Integer:
                horizon = max(horizon, int(value) + 1)
    return horizon


# --- numeric --------------------------------------------------------------------------------------

def run_float64(recurrence, start, parameters, grid, steps):
    """The iteration in float64, batched over parameter columns: array (steps + 1, state, columns)."""
    columns = len(next(iter(grid.values()))) if grid else 1
    args = list(recurrence.state) + list(parameters) + ([recurrence.step_index] if recurrence.step_index else [])
    update = numpy_function(args, list(recurrence.update))
    start_function = numpy_function(list(parameters), [to_sympy(s) for s in start])
    guard = numpy_function(list(recurrence.state) + list(parameters), recurrence.guard) \
        if recurrence.guard is not None else None
    values = [grid[p] for p in parameters]
    state = [np.broadcast_to(np.asarray(v, dtype=float), (columns,)).copy() for v in start_function(*values)]
    trajectory = np.empty((steps + 1, len(state), columns))
    trajectory[0] = state
    with np.errstate(all="ignore"):
        for index in range(1, steps + 1):
            extra = [float(index)] if recurrence.step_index else []
            new = [np.broadcast_to(np.asarray(v, dtype=float), (columns,)) for v in update(*state, *values, *extra)]
            if guard is not None:
                fixed = np.broadcast_to(np.asarray(guard(*state, *values), dtype=float), (columns,)) == 0
                new = [np.where(fixed, old, n) for old, n in zip(state, new)]
            state = new
            trajectory[index] = state
    return trajectory


def eval_closed_form(closed_form, parameters, grid, steps, counter=COUNTER, complex_values=False, fast_powers=False):
    """The closed form at k = 0..steps for every parameter column at once: array (steps + 1, state, columns).

    Returns ``(values, largest relative imaginary part)``; complex arithmetic is used
    when ``complex_values`` (complex characteristic roots), and the real part is kept.
    ``fast_powers`` is passed to :func:`eval_closed_form_arrays`.

    >>> import numpy as np, sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.verify import eval_closed_form
    >>> b = sp.Symbol('b', positive=True)
    >>> values, _ = eval_closed_form([(1 - b)**k], (b,), {b: np.array([0.5, 1.0])}, 2)
    >>> values[:, 0, :]
    array([[1.  , 1.  ],
           [0.5 , 0.  ],
           [0.25, 0.  ]])
    """
    dtype = complex if complex_values else float
    arrays = eval_closed_form_arrays(closed_form, parameters, grid, steps, counter, dtype, fast_powers)
    stacked = np.stack(arrays, axis=1)
    imaginary = 0.0
    if complex_values:
        magnitude = np.abs(stacked)
        finite = np.isfinite(magnitude) & (magnitude > TINY)
        if finite.any():
            imaginary = float(np.max(np.abs(stacked.imag)[finite] / magnitude[finite]))
        stacked = stacked.real
    return np.asarray(stacked, dtype=float), imaginary


def eval_closed_form_arrays(closed_form, parameters, grid, steps, counter=COUNTER, dtype=float, fast_powers=True):
    """One array (steps + 1, columns) per closed-form entry: k = 0..steps down, parameter columns across.

    With ``fast_powers`` every power B**(a·k + c) of a parameter-dependent base is
    taken on the whole k-grid by blocks: with m ≈ √steps, B^(qm + r) = (B^m)^q · B^r,
    so each entry costs one multiplication instead of a ``pow`` (about 2 ulp of
    error, no accumulation in k), and the lambdified closed form receives the
    result as an argument.

    >>> import numpy as np, sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.verify import eval_closed_form_arrays
    >>> b = sp.Symbol('b', positive=True)
    >>> eval_closed_form_arrays([(-1)**k*(1 - b)**k], (b,), {b: np.array([0.5, 1.0])}, 2)[0]
    array([[ 1.  ,  1.  ],
           [-0.5 , -0.  ],
           [ 0.25,  0.  ]])
    """
    expressions = [to_sympy(c) for c in closed_form]
    columns = len(next(iter(grid.values()))) if grid else 1
    kk = np.arange(steps + 1, dtype=dtype)[:, None]
    values = [np.asarray(grid[p], dtype=dtype)[None, :] for p in parameters]
    placeholders, bases = [], []
    if fast_powers:
        expressions, placeholders, bases = _grid_power_placeholders(expressions, counter, parameters)
    function = numpy_function([counter] + list(parameters) + placeholders, expressions)
    powers = []
    for base in bases:
        with np.errstate(all="ignore"):
            sampled = numpy_function(list(parameters), base)(*[v[0] for v in values])
        powers.append(_blocked_powers(np.broadcast_to(np.asarray(sampled, dtype=dtype), (columns,)), steps))
    with np.errstate(all="ignore"):
        outputs = function(kk, *values, *powers)
    return [np.broadcast_to(np.asarray(o, dtype=dtype), (steps + 1, columns)) for o in outputs]


def _grid_power_placeholders(expressions, counter, parameters):
    table = {}

    def rewrite(node):
        if isinstance(node, sp.Pow) and node.exp.has(counter) and not node.base.has(counter) \
                and node.base.free_symbols and node.base.free_symbols <= set(parameters):
            exponent = sp.expand(node.exp)
            a = exponent.coeff(counter)
            c = sp.expand(exponent - a * counter)
            if a.is_Integer and a != 0 and c.is_Integer and not c.has(counter):
                base = node.base ** a
                symbol = table.setdefault(base, sp.Symbol(f"grid_power_{len(table)}"))
                return symbol * node.base ** c if c != 0 else symbol
        return node

    rewritten = [sp.bottom_up(e, rewrite, atoms=True) for e in expressions]
    return rewritten, list(table.values()), list(table.keys())


def _blocked_powers(base, steps):
    """``base ** k`` for k = 0..steps as an array (steps + 1, columns), one product per entry."""
    m = max(1, int(math.isqrt(steps + 1)))
    blocks = (steps + m) // m
    with np.errstate(all="ignore"):
        low = base[None, :] ** np.arange(m, dtype=float)[:, None]
        high = base[None, :] ** (m * np.arange(blocks, dtype=float))[:, None]
        full = (high[:, None, :] * low[None, :, :]).reshape(blocks * m, -1)
    return full[: steps + 1]


def relative_errors(closed, run):
    """Normwise relative error per (k, column); NaN where no relative information exists."""
    # max-norm over the state: squaring (the 2-norm) would underflow to 0 for |x| < 1e-154
    with np.errstate(invalid="ignore"):
        difference = np.max(np.abs(closed - run), axis=1)
        scale = np.maximum(np.max(np.abs(run), axis=1), np.max(np.abs(closed), axis=1))
        own = scale
        scale = np.maximum(scale, _scale_floor(np.max(np.abs(run), axis=1)))
    with np.errstate(all="ignore"):
        error = difference / scale
    error = np.where(scale == 0, 0.0, error)
    invalid = ~np.isfinite(error) | ((own < TINY) & (own > 0)) | ~np.isfinite(scale)
    return np.where(invalid, np.nan, error)


def _scale_floor(norms):
    """A state that passes through 0 (a start at the origin, x* elsewhere) has no relative scale of its
    own: the closed form x* + Σ c λ^k cancels to rounding there. The floor per column is
    min(‖x_last‖, max(‖x_0‖, ‖x_1‖)): the size of the limit for a convergent run, never more than the
    start's size for a divergent one, about 0 for a run decaying to 0; and at least the running maximum
    max_{j<=k} ‖x_j‖ (returned per k)."""
    norms = np.asarray(norms, dtype=float)
    if norms.shape[0] < 2:
        return np.zeros(norms.shape)
    with np.errstate(invalid="ignore"):
        floor = np.minimum(norms[-1], np.maximum(norms[0], norms[1]))
        floor = np.where(np.isfinite(floor), floor, 0.0)
        # rounding in a contracting iteration is bounded by u·max_{j<=k} ‖x_j‖, not u·‖x_k‖: from an
        # eigenvector start the rounding excites a slower mode the exact run does not have
        running = np.fmax.accumulate(np.where(np.isfinite(norms), norms, 0.0), axis=0)
    return np.maximum(running, floor[None, ...])


def _growth(errors, steps):
    checkpoints = sorted(set(max(1, steps * f // 8) for f in (1, 2, 4, 8)))
    growth = []
    for point in checkpoints:
        window = errors[: point + 1]
        if np.isfinite(window).any():
            growth.append((int(point), float(np.nanmax(window))))
    return tuple(growth)


def run_mpmath(recurrence, start, parameters, column_values, steps, dps=DEFAULT_DPS):
    """One iteration at ``dps`` digits for one parameter column; returns the list of states (mpf)."""
    args = list(recurrence.state) + list(parameters) + ([recurrence.step_index] if recurrence.step_index else [])
    update = mpmath_function(args, list(recurrence.update))
    start_function = mpmath_function(list(parameters), [to_sympy(s) for s in start])
    guard = mpmath_function(list(recurrence.state) + list(parameters), recurrence.guard) \
        if recurrence.guard is not None else None
    with mpmath.workdps(dps):
        values = [mpmath.mpf(v) for v in column_values]
        state = [mpmath.mpmathify(v) for v in _as_list(start_function(*values))]
        history = [state]
        for index in range(1, steps + 1):
            if guard is not None and guard(*state, *values) == 0:
                history.append(state)
                continue
            extra = [index] if recurrence.step_index else []
            state = [mpmath.mpmathify(v) for v in _as_list(update(*state, *values, *extra))]
            history.append(state)
    return history


def mpmath_errors(recurrence, closed_form, start, parameters, grid, steps, counter=COUNTER, dps=DEFAULT_DPS,
                  columns=4):
    """Largest normwise relative error of the closed form against ``run_mpmath`` on a few columns."""
    total = len(next(iter(grid.values()))) if grid else 1
    picks = sorted(set(int(round(i)) for i in np.linspace(0, total - 1, min(columns, total))))
    closed_function = mpmath_function([counter] + list(parameters), [to_sympy(c) for c in closed_form])
    worst = mpmath.mpf(0)
    for column in picks:
        column_values = [float(grid[p][column]) for p in parameters]
        history = run_mpmath(recurrence, start, parameters, column_values, steps, dps)
        with mpmath.workdps(dps):
            values = [mpmath.mpf(v) for v in column_values]
            norms = [mpmath.sqrt(sum(abs(s) ** 2 for s in state)) for state in history]
            floor = min(norms[-1], max(norms[0], norms[1])) if len(norms) > 1 else mpmath.mpf(0)
            floor = floor if mpmath.isfinite(floor) else mpmath.mpf(0)
            running = mpmath.mpf(0)
            for index, state in enumerate(history):
                if mpmath.isfinite(norms[index]):
                    running = max(running, norms[index])
                try:
                    # k as an mpf: a Python int power such as 3**(-k) would be a float
                    closed = [mpmath.mpmathify(v) for v in _as_list(closed_function(mpmath.mpf(index), *values))]
                except (ZeroDivisionError, ValueError, OverflowError):
                    continue  # a removable singularity of the closed form at these values (0/0)
                closed = [c.real if isinstance(c, mpmath.mpc) else c for c in closed]
                difference = mpmath.sqrt(sum(abs(c - s) ** 2 for c, s in zip(closed, state)))
                scale = max(mpmath.sqrt(sum(abs(s) ** 2 for s in state)),
                            mpmath.sqrt(sum(abs(c) ** 2 for c in closed)), floor, running)
                if scale == 0:
                    continue
                if not mpmath.isfinite(scale):
                    continue
                worst = max(worst, difference / scale)
    return float(worst), len(picks)


def verify(recurrence, closed_form, start, counter=COUNTER, parameter_values=None, domain_map=None,
           steps=DEFAULT_STEPS, dps=DEFAULT_DPS, mpmath_columns=4, symbolic=True, seconds=5.0,
           complex_values=False, columns=60, zipped=False):
    """Verify a closed form three ways (symbolic, float64, mpmath); returns a :class:`Verification`.

    ``parameter_values`` gives values (scalars or arrays) for some parameters; the
    others are sampled inside their domains (``domain_map``) on a grid of about
    ``columns`` combinations (``zipped``: the given arrays are the columns themselves).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.verify import Recurrence, verify
    >>> x, r = sp.Symbol('x'), sp.Symbol('r', positive=True)
    >>> v = verify(Recurrence([x], [-r*x]), [(-1)**k * r**k], [1], parameter_values={'r': [0.5, 0.9]})
    >>> v.symbolic, v.float64_max_rel_error < 1e-14, v.mpmath_max_rel_error < 1e-45
    (True, True, True)
    >>> verify(Recurrence([x], [-r*x]), [r**k], [1], parameter_values={'r': 0.5}).symbolic
    False
    """
    closed_form = [to_sympy(c) for c in closed_form]
    start = [to_sympy(s) for s in start]
    if len(closed_form) != len(recurrence.state) or len(start) != len(recurrence.state):
        raise ProblemError(f"the closed form and the start need {len(recurrence.state)} entries each")
    parameters = free_parameters(recurrence, closed_form, start, counter)
    grid, total = parameter_grid(parameters, parameter_values, domain_map, columns, zipped)
    verdict, note, counterexample = (None, "not attempted", None)
    if symbolic:
        samples = {p: list(grid[p]) for p in parameters}
        verdict, note, counterexample = symbolic_check(recurrence, closed_form, start, counter, samples, seconds)
    try:
        run = run_float64(recurrence, start, parameters, grid, steps)
        closed, imaginary = eval_closed_form(closed_form, parameters, grid, steps, counter, complex_values)
    except (OverflowError, TypeError):
        # a number of the problem (--lr 1e308 made exact: 10**308, or 10**3999) has no float64 value; numpy
        # keeps an integer beyond float64 as a Python object, and sqrt/exp of it are a TypeError
        if symbolic and note == "":
            note = "no float64 run: a number of the problem is beyond float64's range (about 1.8e308)"
        elif symbolic:
            note += "; no float64 run: a number is beyond float64's range"
        run = closed = np.full((steps + 1, len(closed_form), max(total, 1)), np.nan)
        imaginary = 0.0
    errors = relative_errors(closed, run)
    excluded = int(np.isnan(errors).sum())
    float_error = float(np.nanmax(errors)) if np.isfinite(errors).any() else None
    worst = None
    if float_error is not None:
        at_k, column = np.unravel_index(np.nanargmax(errors), errors.shape)
        worst = {"k": int(at_k), **{p.name: float(grid[p][column]) for p in parameters}}
    growth = _growth(np.nanmax(np.where(np.isnan(errors), -np.inf, errors), axis=1), steps) \
        if float_error is not None else ()
    mp_error, mp_columns = mpmath_errors(recurrence, closed_form, start, parameters, grid, steps, counter, dps,
                                         mpmath_columns)
    values = {p.name: [float(v) for v in np.unique(grid[p])] for p in parameters}
    return Verification(verdict, note, float_error, mp_error, steps, growth, excluded, total, mp_columns, dps,
                        values, counterexample, imaginary, worst)


__all__ = ["DEFAULT_DPS", "DEFAULT_STEPS", "Recurrence", "Verification", "eval_closed_form", "eval_closed_form_arrays", "free_parameters",
           "mpmath_errors", "parameter_grid", "relative_errors", "run_float64", "run_mpmath", "sample_values",
           "symbolic_check", "verify", "zero_test"]
