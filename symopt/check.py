"""Checking answers: is a student's answer equivalent to a reference, and if not, where do they differ?

:func:`check_answer` returns a :class:`Verdict` — ``equivalent`` is True, False
or None (undetermined) — with the method that decided, a counterexample (the
parameter and index values where the two differ, and both values there) and a
message a student can act on.

Decision procedure
==================
1. The answer (untrusted text) is parsed by :mod:`symopt.parsing` only, with the
   reference's symbol table, so ``b`` in both means the same positive symbol.
   Exponents are notation: ``(x-a)^6000`` is read; only work is bounded.
2. Numeric rejection: both are evaluated in mpmath with real semantics (a square
   root of a negative number is "undefined here", see :mod:`symopt.check_sampling`),
   the precision raised until cancellation is overcome and two precisions agree
   (:func:`~symopt.check_sampling.reliable_value`), at points that respect the
   domains: simple ones, random ones, tiny and huge values of both signs, points
   around every breakpoint of relu/abs/Max/Min/Heaviside/sign/floor, integers of
   both parities, small and large. Without a decimal literal the comparison is
   exact (equal only within the evaluation error bounds); a decimal literal
   brings in the relative ``tolerance`` and absolute ``floor``, and the verdict
   says which applied. A difference is re-checked at higher precision before it
   counts, and the values it quotes are exact where the answer is a rational function.
   Where the answer is undefined and the reference is not, that is a difference
   unless the singularity is removable; where the answer is real and the
   reference is not, on a whole region inside the assumptions, that is a
   difference too. Equations are compared by their real solution sets.
3. Exact proof where cheap: rational functions are decided exactly (their
   cross-multiplied difference evaluated at degree + 1 points per variable,
   :mod:`symopt.check_exact`); otherwise a symbolic proof under a time budget in a
   killable worker process (:func:`symopt.budget.call_with_budget`, :mod:`symopt.check_symbolic`).
4. ``True`` needs a proof (``method`` ``"symbolic"`` or ``"both"``) or agreement
   at many sample points (``method`` ``"sampling"``: the verdict rests on sampling
   alone, and the message says so); ``False`` needs a counterexample confirmed at
   high precision; anything else — time out, too few admissible points, an
   unreadable answer — is ``None``. A timeout is never "wrong".

Answers are compared "as functions where both are defined": ``(x**2-1)/(x-1)``
is accepted for ``x + 1`` (the verdict notes the removable singularity).
"""

import functools
import time
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from .assumptions import Domain, merge_domains
from .check_sampling import (MAX_WORK_DIGITS, Undefined, Unsupported, close, reliable_value, sample_points,
                             show_number)
from .errors import BudgetExceeded, ParseError, SymoptError
from .problem import domain_of_symbol, make_symbols
from .serialize import JSONResult
from .values import to_sympy

MODES = ("exact", "additive_constant", "scalar_multiple")
#: Admissible sample points needed before agreement alone counts as equivalence.
MIN_AGREEMENT = 12
#: Sample points tried at most (simple ones first).
SAMPLE_POINTS = 60
#: ... of which the simplest come first (small rationals, k = 1, 2, 3, 0, ...).
SIMPLE_POINTS = 36
#: Working precision of the sampling, and of the confirmation of a counterexample.
SAMPLE_DIGITS = 30
CONFIRM_DIGITS = 50
#: Absolute floor of the tolerance near zero: |a - b| <= tolerance * max(|a|, |b|) + floor.
DEFAULT_FLOOR = 1e-12
#: Without a decimal literal, values are equal only within their evaluation error bounds; quantities
#: derived across points (ratios, offsets in the other modes) are compared to this relative tolerance.
EXACT_TOLERANCE = 1e-20


@dataclass(frozen=True)
class Verdict(JSONResult):
    """The outcome of a check.

    ``equivalent``: True, False, or None (undetermined). ``method``: ``"symbolic"``,
    ``"sampling"`` (the verdict rests on sampling alone: no proof), ``"both"``,
    ``"parse"`` (the answer could not be read), ``"structure"`` (a vector where a
    number was expected, and the like), ``"budget"`` (the time or memory budget ran
    out before a decision), and in batches ``"timeout"`` / ``"error"``.
    ``counterexample``: ``{name: value string}`` where the answers differ, or
    None. ``reference_value`` / ``answer_value``: both values there (strings).

    Examples
    ========
    >>> v = Verdict(False, "sampling", "at k = 1 your answer gives -1, the reference 1", {"k": "1"}, "1", "-1")
    >>> v.to_json()["counterexample"]
    {'k': '1'}
    """

    equivalent: object
    method: str
    message: str
    counterexample: dict = field(default=None, hash=False)
    reference_value: str = None
    answer_value: str = None
    seconds: float = 0.0
    component: str = None

    def to_dict(self):
        """The JSON contract of ``symopt check --json``."""
        return {"equivalent": self.equivalent, "method": self.method,
                "counterexample": dict(self.counterexample) if self.counterexample is not None else None,
                "message": self.message, "reference_value": self.reference_value,
                "answer_value": self.answer_value, "component": self.component,
                "seconds": round(self.seconds, 4)}

    @property
    def label(self):
        """``"true"``, ``"false"`` or ``"undetermined"``."""
        return {True: "true", False: "false"}.get(self.equivalent, "undetermined")

    def __str__(self):
        return f"{self.label} ({self.method}): {self.message}"

    def _repr_latex_(self):
        from .notebook import verdict_latex
        return verdict_latex(self)


# ------------------------------------------------------------------------------------------------
# the reference: parsed once, reused for every answer
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reference:
    """A reference answer prepared for checking: its kind, value and symbol table.

    ``kind`` is ``"scalar"``, ``"vector"``, ``"matrix"``, ``"set"``, ``"equation"``
    or ``"mapping"`` (named components such as ``x_k``, ``y_k``). Build it with
    :func:`prepare_reference`; :func:`check_answer` accepts it in place of the
    raw reference, which saves the parsing when a whole class is graded.
    """

    kind: str
    value: object
    symbols: dict = field(hash=False)
    domains: dict = field(hash=False)
    integers: frozenset = frozenset()
    shape: tuple = ()
    names: tuple = ()

    def describe(self):
        """A short description such as ``a 2-component vector``."""
        if self.kind == "scalar":
            return "a single expression"
        if self.kind == "vector":
            return f"a vector of {len(self.value)} components"
        if self.kind == "matrix":
            return f"a {self.shape[0]}x{self.shape[1]} matrix"
        if self.kind == "set":
            return f"a set of {len(self.value)} elements"
        if self.kind == "equation":
            return "an equation"
        return "named values " + ", ".join(self.names)


def prepare_reference(reference, variables=None, integer=(), assume=None):
    """Parse or unpack a reference once, with the symbol table answers will be parsed with.

    ``reference``: text (parsed by :mod:`symopt.parsing`), a sympy object
    (expression, Matrix, Tuple, FiniteSet, Eq), a list/tuple, a mapping
    ``{name or symbol: expression}``, a :class:`~symopt.derivation.Derivation`
    (its ``result``) or any object with a ``closed_form`` mapping. ``integer``:
    names of integer symbols (non-negative unless ``assume`` bounds them);
    a symbol named ``k`` is the iteration counter (integer, ``k >= 0``) unless
    ``assume`` says otherwise. ``assume``: text such as ``"0<b<=1"`` or a list of
    :class:`~symopt.assumptions.Domain`.

    Examples
    ========
    >>> import sympy as sp
    >>> k, b = sp.symbols('k b')
    >>> ref = prepare_reference(b*((b - 1)/(b + 1))**k, assume=[Domain('b', 0, True, 1, False)])
    >>> ref.kind, ref.symbols['k'].is_integer, ref.symbols['b'].is_positive
    ('scalar', True, True)
    """
    domains = _domains(assume)
    integer_names = _names(integer)
    variable_names = _names(variables)
    raw = _unwrap_reference(reference)
    if isinstance(raw, dict) and any(isinstance(v, str) for v in raw.values()):
        from .parsing import parse_expression
        table, _ = _table(variable_names, integer_names, domains)
        try:
            raw = {key: parse_expression(v, symbols=table, max_exponent=None, real_domains=True)
                   if isinstance(v, str) else v for key, v in raw.items()}
        except ParseError as exc:
            raise ParseError(f"cannot read the reference: {exc}", exc.column) from None
    if isinstance(raw, str):
        from .parsing import parse_object
        table, _ = _table(variable_names, integer_names, domains)
        try:
            raw = parse_object(raw, symbols=table, max_exponent=None, real_domains=True)
        except ParseError as exc:
            raise ParseError(f"cannot read the reference: {exc}", exc.column) from None
    found = {}
    for symbol in _free_symbols(raw):
        found.setdefault(symbol.name, symbol)
    for name, symbol in found.items():
        if name not in domains and name not in integer_names:
            inferred = domain_of_symbol(symbol)
            if inferred is not None:
                domains[name] = inferred
            elif name == "k" and name not in variable_names:
                integer_names.append("k")
    table, domains = _table(variable_names + sorted(found), integer_names, domains)
    value = _rebind(raw, table)
    # the full intervals (b <= 1 is not a sympy assumption) come from the domains, not the symbols
    domains = {name: domains.get(name) or domain_of_symbol(symbol) or Domain(name)
               for name, symbol in table.items()}
    kind, value, shape, names = _classify(value)
    integers = frozenset(s for s in table.values() if s.is_integer)
    return Reference(kind, value, table, domains, integers, shape, names)


def _domains(assume):
    if assume is None or assume == "":
        return {}
    if isinstance(assume, str):
        from .parsing import looks_like_latex, parse_latex_assumptions
        from .parsing import parse_assumptions
        assume = parse_latex_assumptions(assume) if looks_like_latex(assume) else parse_assumptions(assume)
    if isinstance(assume, Domain):
        assume = [assume]
    return dict(merge_domains(list(assume)))


def _names(names):
    if names is None:
        return []
    if isinstance(names, str):
        return [n.strip() for n in names.replace(";", ",").replace(" ", ",").split(",") if n.strip()]
    return [n if isinstance(n, str) else n.name for n in names]


def _table(names, integer_names, domains):
    domains = dict(domains)
    for name in integer_names:
        domain = domains.get(name)
        if domain is None:
            domains[name] = Domain(name, lower=0, integer=True)
        elif not domain.integer:
            lower = domain.lower if domain.lower is not None else 0
            domains[name] = Domain(name, lower, domain.lower_open if domain.lower is not None else False,
                                   domain.upper, domain.upper_open, True)
    return make_symbols(names, domains.values()), domains


def _unwrap_reference(reference):
    from .derivation import Derivation
    if isinstance(reference, Reference):
        return reference
    if isinstance(reference, Derivation):
        if reference.result is None:
            raise SymoptError(f"the derivation '{reference.title}' has no result to check against")
        return reference.result
    closed_form = getattr(reference, "closed_form", None)
    if closed_form is not None and hasattr(closed_form, "items"):
        return dict(closed_form)
    return reference


def _free_symbols(value):
    if isinstance(value, dict):
        out = set()
        for v in value.values():
            out |= _free_symbols(v)
        return out
    if isinstance(value, (list, tuple)):
        out = set()
        for v in value:
            out |= _free_symbols(v)
        return out
    if isinstance(value, (sp.Basic, sp.MatrixBase)):
        return {s for s in value.free_symbols if isinstance(s, sp.Symbol)}
    if isinstance(value, (int, float)):
        return set()
    raise SymoptError(f"cannot check against a {type(value).__name__}; give text or a sympy object")


def _rebind(value, table):
    """Replace every symbol by the table's symbol of the same name (new names become real symbols)."""
    if isinstance(value, dict):
        return {key: _rebind(v, table) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_rebind(v, table) for v in value)
    if isinstance(value, (int, float)):
        return to_sympy(value)
    if isinstance(value, sp.MatrixBase):
        value = sp.ImmutableMatrix(value)
    if not isinstance(value, sp.Basic):
        return value
    mapping = {}
    for symbol in value.free_symbols:
        if isinstance(symbol, sp.Symbol):
            if symbol.name not in table:
                table[symbol.name] = sp.Symbol(symbol.name, real=True)
            if table[symbol.name] != symbol:
                mapping[symbol] = table[symbol.name]
    return value.xreplace(mapping) if mapping else value


def _classify(value):
    """``(kind, value, shape, names)`` of a reference or an answer."""
    if isinstance(value, dict):
        names = tuple(key if isinstance(key, str) else str(key) for key in value)
        return "mapping", tuple(_scalar(v) for v in value.values()), (len(value),), names
    if isinstance(value, sp.MatrixBase):
        rows, cols = value.shape
        if rows == 1 or cols == 1:
            return "vector", tuple(value), (len(value),), ()
        return "matrix", tuple(value), (rows, cols), ()
    if isinstance(value, sp.FiniteSet) or isinstance(value, (set, frozenset)):
        return "set", tuple(_element(e) for e in value), (len(value),), ()
    if isinstance(value, sp.Equality):
        return "equation", (value.lhs, value.rhs), (), ()
    if isinstance(value, (sp.Tuple, list, tuple)):
        items = list(value)
        if items and all(isinstance(i, sp.Equality) for i in items):
            names = tuple(str(i.lhs) for i in items)
            return "mapping", tuple(i.rhs for i in items), (len(items),), names
        return "vector", tuple(_scalar(i) for i in items), (len(items),), ()
    if isinstance(value, sp.Expr):
        return "scalar", value, (), ()
    if isinstance(value, sp.Set):
        raise SymoptError(f"sets other than finite sets are not supported (got {value})")
    raise SymoptError(f"cannot compare a {type(value).__name__}")


def _scalar(value):
    value = to_sympy(value) if isinstance(value, (int, float)) else value
    if not isinstance(value, sp.Expr):
        raise SymoptError(f"expected an expression, got {value}")
    return value


def _element(value):
    if isinstance(value, (sp.Tuple, tuple, list)):
        return tuple(_scalar(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        return tuple(value)
    return _scalar(value)


# ------------------------------------------------------------------------------------------------
# the answer
# ------------------------------------------------------------------------------------------------

def _parse_answer(answer, ref):
    """The answer as (kind, value, shape, names), or a Verdict when it cannot be read."""
    table = dict(ref.symbols)
    if isinstance(answer, str):
        from . import parsing
        try:
            value = parsing.parse_object(answer, symbols=table, max_exponent=None, real_domains=True)
        except ParseError as exc:
            # "x_k = ..., y_k = ..." is not one object but a list of assignments
            if "=" not in answer or ref.kind in ("scalar", "equation", "set"):
                return _unreadable(exc)
            try:
                value = parsing.parse_assignments(answer, symbols=table, max_exponent=None, real_domains=True)
            except (SymoptError, RecursionError, MemoryError, ValueError, TypeError):
                return _unreadable(exc)
        except SymoptError as exc:
            return _unreadable(exc)
        except (RecursionError, MemoryError, OverflowError, ValueError, TypeError) as exc:
            return _unreadable(f"{type(exc).__name__}")
    else:
        value = answer
    try:
        value = _rebind(value, table)
        return _classify(value)
    except SymoptError as exc:
        return _unreadable(exc)


def _unreadable(reason):
    text = " ".join(str(reason).split()) or "unreadable"
    return Verdict(None, "parse", f"could not read your answer: {text}")


def _component_pairs(ref, answer):
    """``[(label, reference_expr, answer_expr)]`` and the comparison mode, or a structural Verdict."""
    kind, value, shape, names = answer
    if ref.kind != "equation" and kind == "equation":
        lhs, rhs = value
        if isinstance(lhs, sp.Symbol) and lhs not in _free_symbols(ref.value):
            if ref.kind == "mapping":
                kind, value, shape, names = "mapping", (rhs,), (1,), (lhs.name,)
            else:
                kind, value, shape = "scalar", rhs, ()
    if ref.kind == "scalar":
        if kind in ("vector", "matrix") and len(value) == 1:
            kind, value = "scalar", value[0]
        if kind == "mapping" and len(value) == 1:
            kind, value = "scalar", value[0]
        if kind != "scalar":
            return _mismatch(ref, kind, value, shape)
        return [(None, ref.value, value)]
    if ref.kind in ("vector", "matrix"):
        if kind == "mapping":
            kind = "vector"
        if kind not in ("vector", "matrix") or len(value) != len(ref.value) or (
                ref.kind == "matrix" and tuple(shape) != tuple(ref.shape)):
            return _mismatch(ref, kind, value, shape)
        labels = [_entry_label(ref, i) for i in range(len(ref.value))]
        return list(zip(labels, ref.value, value))
    if ref.kind == "mapping":
        if kind == "mapping":
            wanted = {_bare(n): i for i, n in enumerate(ref.names)}
            pairs = []
            for name, expr in zip(names, value):
                if _bare(name) not in wanted:
                    return Verdict(False, "structure", f"the reference has no component called {name} "
                                   f"(it has {', '.join(ref.names)})")
                i = wanted[_bare(name)]
                pairs.append((_display_name(ref.names[i]), ref.value[i], expr))
            return pairs
        if kind == "scalar" and len(ref.value) == 1:
            return [(_display_name(ref.names[0]), ref.value[0], value)]
        if kind in ("vector", "matrix") and len(value) == len(ref.value):
            return [(_display_name(n), r, a) for n, r, a in zip(ref.names, ref.value, value)]
        return _mismatch(ref, kind, value, shape)
    if ref.kind == "equation":
        if kind == "equation":
            (rl, rr), (al, ar) = ref.value, value
            if isinstance(rl, sp.Symbol) and rl == al and rl not in rr.free_symbols | ar.free_symbols:
                return [(rl.name, rr, ar)]
            return [(None, rl - rr, al - ar)]
        if kind == "scalar":
            (rl, rr) = ref.value
            if isinstance(rl, sp.Symbol) and rl not in rr.free_symbols:
                return [(rl.name, rr, value)]
            return [(None, rl - rr, value)]
        return _mismatch(ref, kind, value, shape)
    raise SymoptError(f"unknown reference kind {ref.kind}")


def _bare(name):
    name = str(name)
    for suffix in ("_{k}", "_k", "(k)"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _display_name(name):
    return str(name)


def _entry_label(ref, i):
    if ref.kind == "matrix":
        return f"entry ({i // ref.shape[1] + 1}, {i % ref.shape[1] + 1})"
    return f"component {i + 1}"


def _mismatch(ref, kind, value, shape):
    what = {"scalar": "a single expression", "equation": "an equation",
            "set": f"a set of {len(value) if isinstance(value, tuple) else '?'} elements",
            "mapping": f"{len(value)} named values" if isinstance(value, tuple) else "named values",
            "vector": f"a vector of {len(value)} components" if isinstance(value, tuple) else "a vector",
            "matrix": f"a {shape[0]}x{shape[1]} matrix" if len(shape) == 2 else "a matrix"}.get(kind, kind)
    return Verdict(False, "structure", f"the reference is {ref.describe()}, your answer is {what}")


# ------------------------------------------------------------------------------------------------
# the check
# ------------------------------------------------------------------------------------------------

def check_options(tolerance, floor, mode="exact"):
    """Raise SymoptError for a mode or tolerance no answer can be checked with (once, before any answer)."""
    if mode not in MODES:
        raise SymoptError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    if not (0 <= tolerance < float("inf") and 0 <= floor < float("inf")):
        raise SymoptError("tolerances must be finite non-negative numbers")


def check_answer(reference, answer, variables=None, integer=(), assume=None, tolerance=1e-9,
                 mode="exact", seconds=5.0, seed=0, floor=DEFAULT_FLOOR, answer_format="auto"):
    """Decide whether ``answer`` is equivalent to ``reference``; say where they differ if not.

    Explanation
    ===========
    Numeric rejection first (mpmath, domains respected, integer symbols at both
    parities, small and large), then a symbolic proof under the time budget in a
    killable worker; see the module docstring. Answers are untrusted text parsed
    only by :mod:`symopt.parsing`; an unreadable answer gives ``equivalent=None``
    with ``method="parse"``. Errors in the reference or the options raise
    :class:`~symopt.errors.SymoptError`.

    Examples
    ========
    >>> v = check_answer("((1-b)/(1+b))**k", "(-1)**k*((b-1)/(b+1))**k", integer="k", assume="0<b<=1")
    >>> v.equivalent, v.method
    (True, 'both')
    >>> v = check_answer("((1-b)/(1+b))**k", "((b-1)/(b+1))**k", integer="k", assume="0<b<=1")
    >>> v.equivalent, v.counterexample
    (False, {'k': '1', 'b': '1/2'})
    >>> print(v.message)
    your answer has the wrong sign for odd k: at k = 1, b = 1/2 your answer gives -1/3, the reference 1/3

    Parameters
    ==========
    reference : text, sympy object, mapping, Derivation, object with ``closed_form``, or :class:`Reference`
    answer : str (untrusted) or a sympy object (trusted)
    variables, integer : names (``"x,y"`` or a list); integer symbols are sampled at integers
    assume : ``"0<b<=1"`` or a list of :class:`~symopt.assumptions.Domain`
    tolerance : relative tolerance of numeric comparisons; ``floor`` is the absolute floor near zero
    mode : ``"exact"``, ``"additive_constant"`` or ``"scalar_multiple"`` (a nonzero factor;
        for vectors it may depend on the parameters, for a single expression it must be a constant)
    seconds : wall-clock budget of the whole check (symbolic work is killed when it runs out)
    seed : seed of the random sample points (results are deterministic for a given seed)
    answer_format : ``"auto"`` (default: LaTeX when the answer has backslashes, ``$``, ``^{`` or
        ``_{``), ``"text"`` or ``"latex"`` (:mod:`symopt.parsing.latex_reader`, e.g. ``x_k = \\frac{1}{2^k}``);
        LaTeX assumptions such as ``0 < b \\le 1`` are recognised the same way

    Returns
    =======
    Verdict
    """
    from .budget import check_seconds, run_budgeted, time_left
    check_options(tolerance, floor, mode)
    seconds = check_seconds(seconds)
    left = time_left()
    if left is not None:  # inside a budgeted command: end softly before it is killed
        seconds = max(min(seconds, left - 0.2), 0.05)
    # parsing, sampling and proof all run in one killable worker with a memory ceiling
    outcome = run_budgeted(_check_answer, reference, answer, variables, integer, assume, tolerance, mode,
                           seconds, seed, floor, answer_format, seconds=seconds)
    if outcome.status == "ok":
        return outcome.value
    return Verdict(None, "budget", f"undetermined: {outcome.message}", seconds=outcome.seconds)


def _check_answer(reference, answer, variables, integer, assume, tolerance, mode, seconds, seed, floor,
                  answer_format):
    from . import parsing
    start = time.perf_counter()
    ref = reference if isinstance(reference, Reference) else prepare_reference(
        reference, variables=variables, integer=integer, assume=assume)
    checker = _Checker(ref, tolerance, floor, mode, start + seconds, seed)
    if isinstance(answer, str):
        try:
            answer = parsing.read_answer(answer, answer_format, symbols=dict(ref.symbols))
        except ParseError as exc:
            if answer_format not in parsing.ANSWER_FORMATS:
                raise
            return _timed(_unreadable(exc), start)
    verdict = checker.run(answer)
    return _timed(verdict, start)


def _timed(verdict, start):
    return Verdict(verdict.equivalent, verdict.method, verdict.message, verdict.counterexample,
                   verdict.reference_value, verdict.answer_value, time.perf_counter() - start,
                   verdict.component)


class _Checker:
    """One check: holds the options and the deadline; no state survives the check."""

    def __init__(self, ref, tolerance, floor, mode, deadline, seed):
        self.ref = ref
        self.tolerance = self.user_tolerance = tolerance
        self.floor = self.user_floor = floor
        self.decimals = True
        self._differences = {}
        self.mode = mode
        self.deadline = deadline
        self.seed = seed
        self.removable = False
        self.skipped_unsupported = 0

    # -- orchestration -------------------------------------------------------------------------
    def run(self, answer):
        parsed = _parse_answer(answer, self.ref)
        if isinstance(parsed, Verdict):
            return parsed
        self._choose_tolerance(parsed)
        try:
            if self.ref.kind == "set":
                return self._check_set(parsed)
            pairs = _component_pairs(self.ref, parsed)
            if isinstance(pairs, Verdict):
                return pairs
            verdict = self._check_pairs(pairs, self._mode(pairs))
            return _with_foreign_note(verdict, pairs, self.ref)
        except (RecursionError, MemoryError):
            return Verdict(None, "parse", "your answer is too large or too deeply nested to check")

    def _choose_tolerance(self, parsed):
        """Exact numbers are compared exactly; the tolerance applies only when a decimal literal is present."""
        self.decimals = _has_decimal(self.ref.value) or _has_decimal(parsed[1])
        if self.decimals:
            self.tolerance, self.floor = self.user_tolerance, self.user_floor
        else:
            self.tolerance, self.floor = EXACT_TOLERANCE, 0.0

    def _tolerance_note(self):
        if self.decimals:
            return (f"; decimals present, so values within a relative tolerance of {self.tolerance:g} "
                    f"(absolute {self.floor:g} near zero) count as equal")
        return ("; no decimals, so compared exactly: the values agree to within their evaluation error "
                "(at least 25 correct digits each)")

    def _difference_is_nonzero(self, r, a, point, complex_ok, digits=SAMPLE_DIGITS):
        """True when ``r - a`` (built by sympy, so identical terms cancel) is reliably nonzero at the point.

        Two values of size 10**217 that differ by 1 agree within their own error bounds; their
        difference, formed before evaluation, does not: ``exp(x/2) + relu(x - c)`` minus
        ``exp(x/2)`` is ``relu(x - c)``, whatever the size of ``exp(x/2)``.
        """
        difference = self._difference(r, a)
        if difference is None:
            return False
        value = self._values(difference, point, complex_ok, digits)
        if value in (Undefined, Unsupported):
            return False
        return abs(value) > 2 * value.error

    def _difference(self, r, a):
        key = (r, a)
        if key not in self._differences:
            try:
                self._differences[key] = sp.Add(r, -a)
            except (TypeError, ValueError, RecursionError):
                self._differences[key] = None
        return self._differences[key]

    def _close(self, a, b):
        """Equal within the tolerance in force, allowing for the evaluation error of each value."""
        slack = getattr(a, "error", 0) + getattr(b, "error", 0)
        if not self.decimals:   # exact inputs: equal only within the bounds on the evaluation errors
            return abs(a - b) <= 2 * slack
        return abs(a - b) <= self.tolerance * max(abs(a), abs(b)) + self.floor + 2 * slack

    def _mode(self, pairs):
        mode = self.mode
        if self.ref.kind == "equation" and pairs[0][0] is None:
            mode = "ratio_constant"
        elif mode == "scalar_multiple" and len(pairs) == 1:
            mode = "ratio_constant"
        return mode

    # -- sets: equal as sets at every sample point, elements in any order ---------------------
    def _check_set(self, parsed):
        kind, value, shape, names = parsed
        if kind == "scalar":
            value = (value,)
        elif kind == "vector" and value and not any(isinstance(v, tuple) for v in self.ref.value):
            value = tuple(value)
        elif kind == "vector":
            value = (tuple(value),)
        elif kind == "matrix":
            return _mismatch(self.ref, kind, value, shape)
        elif kind != "set":
            return _mismatch(self.ref, kind, value, shape)
        answer = tuple(e if isinstance(e, tuple) else (e,) for e in value)
        reference = tuple(e if isinstance(e, tuple) else (e,) for e in self.ref.value)
        arity = {len(e) for e in reference}
        if any(len(e) not in arity for e in answer):
            return Verdict(False, "structure", f"the elements of the reference have {min(arity)} "
                           f"coordinates, some of yours have {max(len(e) for e in answer)}")
        exprs = [c for e in reference + answer for c in e]
        complex_ok = any(e.has(sp.I) for e in exprs)
        symbols = {s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
        points = sample_points(symbols, self.ref.domains, count=SAMPLE_POINTS, seed=self.seed,
                               simple=SIMPLE_POINTS, exprs=exprs)
        agreed, pairing = 0, None
        for point in points:
            if time.perf_counter() > self.deadline:
                break
            outcome = self._set_at(reference, answer, point, complex_ok, SAMPLE_DIGITS)
            if outcome is None:
                continue
            matched, ref_values, ans_values = outcome
            if matched is None:
                confirmed = self._set_at(reference, answer, point, complex_ok, CONFIRM_DIGITS)
                if confirmed is None or confirmed[0] is not None:
                    continue
                with mpmath.workdps(SAMPLE_DIGITS):
                    shown_r = _show_set(ref_values)
                    shown_a = _show_set(ans_values)
                return Verdict(False, "sampling", f"the sets differ:{_at(point)} the reference is "
                               f"{shown_r}, yours is {shown_a}", _counter(point), shown_r, shown_a)
            agreed += 1
            if pairing is None and len(matched) == len(reference) == len(answer):
                pairing = matched
        if pairing is None:
            if agreed >= MIN_AGREEMENT:
                return Verdict(True, "sampling", f"equal as sets at {agreed} sample points (elements in any "
                               "order); no one-to-one pairing of the elements to prove symbolically")
            return Verdict(None, "sampling", f"undetermined: only {agreed} admissible sample points")
        pairs = [(f"element {i + 1}", rc, ac) for i, j in pairing for rc, ac in zip(reference[i], answer[j])]
        proved, proof_note = self._prove(pairs, "exact")
        if proved:
            return Verdict(True, "both" if agreed >= MIN_AGREEMENT else "symbolic",
                           "equal as sets (elements in any order): proved symbolically"
                           + (f" and agrees at {agreed} sample points" if agreed >= MIN_AGREEMENT else ""))
        if agreed >= MIN_AGREEMENT:
            return Verdict(True, "sampling", f"equal as sets numerically (elements in any order): agrees at "
                           f"{agreed} sample points ({proof_note})")
        return Verdict(None, "sampling", f"undetermined: only {agreed} admissible sample points and {proof_note}")

    def _set_at(self, reference, answer, point, complex_ok, digits):
        """``(pairing or None, reference values, answer values)`` at a point; None if not admissible."""
        ref_values, ans_values = [], []
        for element in reference:
            values = [self._values(c, point, complex_ok, digits) for c in element]
            if any(v in (Undefined, Unsupported) for v in values):
                return None
            ref_values.append(values)
        for element in answer:
            values = [self._values(c, point, complex_ok, digits) for c in element]
            if any(v is Unsupported for v in values):
                return None
            ans_values.append(None if any(v is Undefined for v in values) else values)
        same = lambda u, v: u is not None and v is not None and all(  # noqa: E731
            self._close(x, y) for x, y in zip(u, v))
        ref_unique = _dedupe(list(enumerate(ref_values)), same)
        ans_unique = _dedupe(list(enumerate(ans_values)), same)
        if len(ref_unique) != len(ans_unique):
            return None, ref_values, ans_values
        pairing, used = [], set()
        for i, u in ref_unique:
            match = next((j for j, v in ans_unique if j not in used and same(u, v)), None)
            if match is None:
                return None, ref_values, ans_values
            used.add(match)
            pairing.append((i, match))
        return pairing, ref_values, ans_values

    def _check_pairs(self, pairs, mode):
        numeric = self._sample(pairs, mode)
        if isinstance(numeric, Verdict) and numeric.equivalent is None and self.ref.kind == "equation":
            proved, _ = self._prove(pairs, "cleared_ratio_constant")
            if proved:
                return Verdict(True, "symbolic", "equivalent equations: after clearing denominators one is a "
                               "constant multiple of the other (same solutions where both are defined)")
        if isinstance(numeric, Verdict):
            return numeric
        agreed, notes, needed = numeric
        if mode == "exact" and not self.decimals:
            exact = self._exact_rational(pairs)
            if exact is not None:
                return exact
        proved, proof_note = self._prove(pairs, mode)
        note = "".join(notes)
        what = _mode_phrase(mode)
        if needed == 1 and agreed == 1 and not proved:
            return Verdict(True, "sampling", f"equal{what} numerically ({proof_note}){self._tolerance_note()}"
                           f"{note}")
        if proved and agreed >= needed:
            return Verdict(True, "both", f"equivalent{what}: proved symbolically and agrees at "
                           f"{_points_phrase(agreed)}{note}")
        if proved:
            return Verdict(True, "symbolic", f"equivalent{what}: proved symbolically{note}")
        if agreed >= needed:
            return Verdict(True, "sampling", f"equivalent{what} numerically, by sampling alone: agrees with the "
                           f"reference at {agreed} sample points{self._sample_summary(pairs)} ({proof_note})"
                           f"{self._tolerance_note()}{note}")
        return Verdict(None, "sampling", f"undetermined: only {agreed} admissible sample points and "
                       f"{proof_note}{note}")

    def _exact_rational(self, pairs):
        """Rational functions decided exactly (no tolerance): a Verdict, or None when not applicable."""
        from .check_exact import exact_value, rational_identity
        if not all(r.is_Atom or r.is_Add or r.is_Mul or r.is_Pow for _, r, _a in pairs):
            return None
        outcomes = []
        for label, r, a in pairs:
            if time.perf_counter() > self.deadline:
                return None
            try:
                outcomes.append(rational_identity(r, a))
            except (RecursionError, MemoryError, ValueError, TypeError):
                return None
        if all(o is True for o in outcomes):
            return Verdict(True, "symbolic", "equivalent: proved exactly (both are rational functions; their "
                           "cross-multiplied difference vanishes at degree + 1 points in every variable, so it "
                           "is the zero polynomial)" + ("; the answers differ only at removable singularities"
                                                         if self.removable else ""))
        for index, outcome in enumerate(outcomes):
            if outcome is not False:
                continue
            label, r, a = pairs[index]
            symbols = {s for s in r.free_symbols | a.free_symbols if isinstance(s, sp.Symbol)}
            for point in sample_points(symbols, self.ref.domains, count=4 * SAMPLE_POINTS, seed=self.seed,
                                       simple=SIMPLE_POINTS):
                if time.perf_counter() > self.deadline:
                    return None
                rv, av = exact_value(r, point), exact_value(a, point)
                if rv is not None and av is not None and rv != av:
                    at = f"at {_where(point)} " if point else ""
                    return Verdict(False, "symbolic", f"{at}{_your_short(label)} gives {av}, the reference {rv} "
                                   f"(exact values: they differ by {av - rv}, and without decimals no tolerance "
                                   f"applies)", _counter(point), str(rv), str(av), component=label)
        return None

    def _sample_summary(self, pairs):
        integers = sorted({s.name for _, r, a in pairs for s in (r.free_symbols | a.free_symbols)
                           if s.is_integer}, key=str)
        if not integers:
            return ""
        return f", {', '.join(integers)} of both parities, small and large"

    def _prove(self, pairs, mode):
        from .budget import call_with_budget
        from .check_symbolic import prove
        exprs = [(r, a) for _, r, a in pairs]
        if any(e.has(sp.Float) for pair in exprs for e in pair):
            return False, "decimals in the answer: compared numerically only"
        _warm_symbolic()
        left = self.deadline - time.perf_counter()
        if left < 0.05:
            return False, "no time left for a symbolic proof"
        try:
            proved = call_with_budget(prove, exprs, mode, tuple(self.ref.integers), seconds=left)
        except BudgetExceeded:
            return False, "no symbolic proof within the time budget"
        except Exception as exc:  # a sympy failure on odd input proves nothing either way
            return False, f"symbolic proof failed ({type(exc).__name__})"
        return bool(proved), ("proved symbolically" if proved else "no symbolic proof found")

    # -- numeric sampling -----------------------------------------------------------------------
    def _points(self, pairs):
        symbols = set()
        for _, r, a in pairs:
            symbols |= r.free_symbols | a.free_symbols
        symbols = {s for s in symbols if isinstance(s, sp.Symbol)}
        exprs = [e for _, r, a in pairs for e in (r, a)]
        return sample_points(symbols, self.ref.domains, count=SAMPLE_POINTS, seed=self.seed, simple=SIMPLE_POINTS,
                             exprs=exprs)

    def _values(self, expr, point, complex_ok, digits=SAMPLE_DIGITS):
        """Value at a point (carrying its ``error``), or the class Undefined/Unsupported when there is none.

        The precision starts at ``digits`` and is raised until the value can be trusted, so cancellation
        is never mistaken for a difference; a point needing more than the working limit is Unsupported.
        """
        try:
            value, error = reliable_value(expr, point, complex_ok, self.deadline, digits=max(digits, 50))
        except Undefined:
            return Undefined
        except Unsupported:
            return Unsupported
        return _with_error(value, error)

    def _sample(self, pairs, mode):
        """Count agreeing points, or return a False/None Verdict."""
        complex_ok = any(e.has(sp.I) for _, r, a in pairs for e in (r, a))
        points = self._points(pairs)
        agreed = 0
        constants = {}
        notes = []
        admissible = []
        extended = False
        position = 0
        while True:
            if position == len(points):
                if extended or agreed >= MIN_AGREEMENT or not admissible:
                    break
                # the reference is defined on a small region only (arccosh: x >= 1): sample more of it
                extended = True
                points.extend(_jittered(admissible, self.ref.domains))
                if position == len(points):
                    break
            point = points[position]
            position += 1
            if time.perf_counter() > self.deadline:
                break
            values = []
            usable = True
            for index, (label, r, a) in enumerate(pairs):
                rv = self._values(r, point, complex_ok)
                if rv is Undefined and mode == "exact" and self.ref.kind != "equation":
                    verdict = self._defined_only_in_answer(label, r, a, point, complex_ok)
                    if verdict is not None:
                        return verdict
                if rv is Undefined or rv is Unsupported:
                    usable = False
                    break
                av = self._values(a, point, complex_ok)
                if av is Unsupported:
                    usable = False
                    break
                if av is Undefined:
                    if self._removable(r, a, point, complex_ok):
                        usable = False
                        break
                    return self._undefined_answer(pairs, index, point, complex_ok)
                values.append((rv, av))
            if not usable:
                continue
            bad = self._disagreement(mode, values, constants)
            if bad is None and mode == "exact" and not self.decimals:
                # only values too large to be known to 1e-20 absolutely need their difference formed first
                bad = next((i for i, ((label, r, a), (rv, av)) in enumerate(zip(pairs, values))
                            if max(rv.error, av.error) > 1e-20 and
                            self._difference_is_nonzero(r, a, point, complex_ok)), None)
            if bad is not None:
                verdict = self._confirm(pairs, mode, point, bad, constants, complex_ok)
                if verdict is not None:
                    return verdict
                continue
            agreed += 1
            admissible.append(point)
        if self.removable:
            notes.append("; the answers differ only at removable singularities (compared where both are defined)")
        return agreed, notes, min(MIN_AGREEMENT, len(points))

    def _disagreement(self, mode, values, constants):
        """Index of the first disagreeing component at this point (or -1 for the whole vector), else None."""
        with mpmath.workdps(CONFIRM_DIGITS):   # ratios and differences at the precision the values carry
            return self._disagreement_at_precision(mode, values, constants)

    def _disagreement_at_precision(self, mode, values, constants):
        tol, floor = self.tolerance, self.floor
        if mode == "exact":
            for i, (rv, av) in enumerate(values):
                if not self._close(rv, av):
                    return i
            return None
        if mode == "additive_constant":
            for i, (rv, av) in enumerate(values):
                diff = rv - av
                if i not in constants:
                    constants[i] = (diff, max(abs(rv), abs(av)))
                    continue
                first, scale = constants[i]
                if abs(diff - first) > tol * max(scale, abs(rv), abs(av)) + floor:
                    return i
            return None
        if mode == "ratio_constant":
            for i, (rv, av) in enumerate(values):
                if abs(rv) <= floor:
                    if abs(av) > floor:
                        return i
                    continue
                ratio = av / rv
                if abs(ratio) <= tol:
                    return i
                if i not in constants:
                    constants[i] = ratio
                elif not close(ratio, constants[i], tol, floor):
                    return i
            return None
        if mode == "scalar_multiple":
            refs = [rv for rv, _ in values]
            ans = [av for _, av in values]
            pivot = max(range(len(refs)), key=lambda i: abs(refs[i]))
            scale_r = max(abs(v) for v in refs)
            scale_a = max(abs(v) for v in ans)
            if scale_r <= floor:
                return -1 if scale_a > floor else None
            if scale_a <= floor:
                return -1
            factor = ans[pivot] / refs[pivot]
            for i, (rv, av) in enumerate(values):
                if abs(av - factor * rv) > tol * scale_a + floor:
                    return i
            return None
        raise ValueError(mode)

    def _defined_only_in_answer(self, label, r, a, point, complex_ok):
        """A Verdict(False) when the answer is real where the reference is not, on a set of positive measure.

        A single point could be a removable singularity of the reference (``(x**2-1)/(x-1)`` at 1);
        the same split at nearby points in every direction (inside the assumptions) shows a whole region.
        """
        av = self._values(a, point, complex_ok, CONFIRM_DIGITS)
        if av in (Undefined, Unsupported):
            return None
        if not self._region_around(point, lambda p: self._values(r, p, complex_ok) is Undefined and
                                   self._values(a, p, complex_ok) not in (Undefined, Unsupported)):
            return None
        with mpmath.workdps(CONFIRM_DIGITS):
            shown = self._show(a, point, complex_ok)[0]
        return Verdict(False, "sampling", f"{_your(label)} is defined{_at(point)} (it gives {shown}) where the "
                       f"reference is not a real number, and so on a whole region around that point: the two "
                       f"are not the same function", _counter(point), "undefined", shown, component=label)

    def _region_around(self, point, holds):
        """True if ``holds`` at the point and at nearby points in several directions inside the domains."""
        from .check_sampling import _inside, symbol_bounds
        reals = sorted((s for s in point if not s.is_integer), key=lambda s: s.name)
        if not reals:
            return True   # integer symbols: one point is a set of positive (counting) measure
        inside = 0
        for step in (sp.Rational(1, 997), -sp.Rational(1, 997), sp.Rational(1, 10 ** 5), -sp.Rational(1, 10 ** 5)):
            nearby = dict(point)
            for i, s in enumerate(reals):
                nearby[s] = point[s] + step * (1 if i % 2 == 0 else -1) * (1 + abs(point[s]))
            if not all(_inside(nearby[s], *symbol_bounds(s, self.ref.domains.get(s.name))[:4]) for s in reals):
                continue
            if not holds(nearby):
                return False
            inside += 1
        return inside >= 2

    def _removable(self, r, a, point, complex_ok):
        """True if the answer is undefined at ``point`` but tends to the reference nearby."""
        reals = [s for s in point if not s.is_integer]
        if not reals:
            return False
        for shift in (sp.Rational(1, 10 ** 15), -sp.Rational(1, 10 ** 15)):
            nearby = {s: (v + shift if s in reals else v) for s, v in point.items()}
            rv = self._values(r, nearby, complex_ok, CONFIRM_DIGITS)
            av = self._values(a, nearby, complex_ok, CONFIRM_DIGITS)
            if rv in (Undefined, Unsupported) or av in (Undefined, Unsupported):
                return False
            if not close(rv, av, max(self.tolerance, 1e-9), max(self.floor, 1e-9)):
                return False
        self.removable = True
        return True

    # -- counterexamples ------------------------------------------------------------------------
    def _confirm(self, pairs, mode, point, bad, constants, complex_ok):
        """Re-check a disagreement at higher precision; a Verdict(False) if it stands, else None."""
        if mode == "exact":
            label, r, a = pairs[bad]
            rv = self._values(r, point, complex_ok, CONFIRM_DIGITS)
            av = self._values(a, point, complex_ok, CONFIRM_DIGITS)
            if rv in (Undefined, Unsupported) or av is Unsupported:
                return None
            if av is not Undefined and self._close(rv, av) and (
                    self.decimals or not self._difference_is_nonzero(r, a, point, complex_ok, CONFIRM_DIGITS)):
                return None
            return self._explain(pairs, bad, point, complex_ok)
        # the other modes compare across points: confirm by recomputing the quantities at 50 digits
        values = []
        for label, r, a in pairs:
            rv = self._values(r, point, complex_ok, CONFIRM_DIGITS)
            av = self._values(a, point, complex_ok, CONFIRM_DIGITS)
            if rv in (Undefined, Unsupported) or av in (Undefined, Unsupported):
                return None
            values.append((rv, av))
        if self._disagreement(mode, values, dict(constants)) is None:
            return None
        return self._explain_mode(pairs, mode, bad, point, values, constants)

    def _explain_mode(self, pairs, mode, bad, point, values, constants):
        with mpmath.workdps(CONFIRM_DIGITS):
            return self._explain_mode_at_precision(pairs, mode, bad, point, values, constants)

    def _explain_mode_at_precision(self, pairs, mode, bad, point, values, constants):
        at = _at(point)
        component = pairs[bad][0] if bad >= 0 else None
        rv, av = values[bad if bad >= 0 else 0]
        if mode == "additive_constant":
            first = constants.get(bad, (None,))[0]
            message = (f"{_your(component)} does not differ from the reference by a constant: the difference "
                       f"is {show_number(rv - av)}{at}, but {show_number(first)} at another sample point")
        elif mode == "ratio_constant":
            what = "equation" if self.ref.kind == "equation" else "answer"
            if abs(rv) <= self.floor:
                message = (f"{_your(component)} is not a multiple of the reference:{at} the reference is 0, "
                           f"yours {show_number(av)}")
            elif abs(av / rv) <= self.tolerance:
                message = f"{_your(component)} is zero{at}, where the reference is {show_number(rv)}"
            else:
                message = (f"your {what} is not a constant multiple of the reference: the ratio is "
                           f"{show_number(av / rv)}{at}, but {show_number(constants.get(bad))} at another sample point")
            if self.ref.kind == "equation":
                counter = self._equation_counterexample(pairs[0][1], pairs[0][2])
                if counter is not None:
                    return counter
                by_solutions = self._compare_solution_sets(pairs[0][1], pairs[0][2])
                if by_solutions is not None:
                    return by_solutions
                return Verdict(None, "sampling", message + "; equations that are not constant multiples "
                               "of each other can still have the same solutions, so this is undetermined",
                               _counter(point), show_number(rv), show_number(av), component=component)
        else:
            message = (f"your vector is not a nonzero multiple of the reference{at}: the reference is "
                       f"({', '.join(show_number(v[0]) for v in values)}), yours "
                       f"({', '.join(show_number(v[1]) for v in values)})")
            return Verdict(False, "sampling", message, _counter(point), None, None, component=None)
        return Verdict(False, "sampling", message, _counter(point), show_number(rv), show_number(av),
                       component=component)

    def _equation_counterexample(self, reference, answer):
        """A point where the reference equation ``reference = 0`` holds exactly but the answer's does not.

        Points on the reference's solution set are found by solving for a symbol the
        (trusted) reference is linear in, at simple values of the other symbols.
        """
        numerator, denominator = sp.fraction(sp.cancel(sp.together(reference)))
        symbols = sorted((s for s in numerator.free_symbols if not s.is_integer), key=lambda s: s.name)
        for v in symbols:
            try:
                poly = sp.Poly(numerator, v)
            except sp.PolynomialError:
                continue
            if poly.degree() != 1:
                continue
            c1, c0 = poly.all_coeffs()
            others = (c1.free_symbols | c0.free_symbols | answer.free_symbols) - {v}
            for point in sample_points(others, self.ref.domains, count=12, seed=self.seed, simple=12):
                if time.perf_counter() > self.deadline:
                    return None
                slope = c1.xreplace(point)
                if slope == 0 or not slope.is_Rational:
                    continue
                value = -c0.xreplace(point) / slope
                domain = self.ref.domains.get(v.name)
                if not value.is_Rational or (domain is not None and domain.contains(value) is False):
                    continue
                full = dict(point)
                full[v] = value
                if denominator.xreplace(full) == 0 or reference.xreplace(full) != 0:
                    continue
                terms = sp.Add.make_args(sp.expand(answer)) if len(answer.args) < 50 else (answer,)
                values = [self._values(t, full, False, CONFIRM_DIGITS) for t in terms]
                total = self._values(answer, full, False, CONFIRM_DIGITS)
                if total in (Undefined, Unsupported) or any(t in (Undefined, Unsupported) for t in values):
                    continue
                scale = max(abs(t) for t in values)
                if abs(total) > self.tolerance * scale + self.floor:
                    with mpmath.workdps(SAMPLE_DIGITS):
                        shown = show_number(total)
                    return Verdict(False, "sampling", f"at {_where(full)} the reference equation holds but yours "
                                   f"does not (its two sides differ by {shown})", _counter(full), "0", shown)
        return None

    def _compare_solution_sets(self, reference, answer):
        """Equations ``reference = 0`` and ``answer = 0`` compared by their real solutions.

        For each symbol, at simple values of the others, the real roots of each side's numerator
        are found exactly (any degree); a root of one that does not solve the other is a
        counterexample. With one unknown and polynomial numerators, equal root sets are a proof.
        """
        from .check_exact import is_rational_function
        found = {"reference": [], "answer": []}
        for first, second, whose in ((reference, answer, "reference"), (answer, reference, "answer")):
            numerator = sp.fraction(sp.together(first))[0]
            unknowns = sorted((s for s in numerator.free_symbols if not s.is_integer), key=lambda s: s.name)
            for v in unknowns:
                others = (reference.free_symbols | answer.free_symbols) - {v}
                for base in sample_points(others, self.ref.domains, count=6, seed=self.seed, simple=6):
                    if time.perf_counter() > self.deadline:
                        return None
                    for root in self._real_roots(numerator.xreplace(base), v):
                        point = dict(base)
                        point[v] = _rational_near(root)
                        if root.is_Rational:
                            separates = self._solves(first, point) and not self._solves(second, point)
                        else:   # a 60-digit approximation of an irrational root: a clear gap is needed
                            separates = self._near_zero(first, point, 1e-40) and not self._near_zero(
                                second, point, 1e-10)
                        if not separates:
                            continue
                        counter = _counter(point)
                        counter[v.name] = str(root) if root.is_Rational else sp.sstr(sp.N(root, 15))
                        shown = ", ".join(f"{name} = {value}" for name, value in counter.items())
                        other = "yours" if whose == "reference" else "the reference's"
                        return Verdict(False, "sampling", f"the solution sets differ: {shown} solves the "
                                       f"{'reference equation' if whose == 'reference' else 'your equation'} "
                                       f"but not {other}", counter)
                    if len(unknowns) == 1 and not others:
                        found[whose] = self._real_roots(numerator, v)
        polynomial = all(sp.fraction(sp.together(e))[1].is_number for e in (reference, answer))
        if (len(reference.free_symbols | answer.free_symbols) == 1 and is_rational_function(reference)
                and is_rational_function(answer) and polynomial and found["reference"] == found["answer"]):
            roots = ", ".join(str(r) for r in found["reference"])
            return Verdict(True, "symbolic", f"equivalent equations: the same real solutions {{{roots}}} "
                           "(exact roots of both)")
        return None

    def _near_zero(self, side, point, threshold):
        value = self._values(side, point, False, CONFIRM_DIGITS)
        return value not in (Undefined, Unsupported) and abs(value) <= threshold

    def _real_roots(self, expr, symbol):
        """All real roots (exact: rationals, radicals or CRootOf) of a polynomial in ``symbol``, in its domain."""
        from .check_sampling import _inside, symbol_bounds
        try:
            poly = sp.Poly(expr, symbol)
        except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, TypeError):
            return []
        if poly.degree() < 1 or poly.degree() > 60 or not all(c.is_Rational for c in poly.all_coeffs()):
            return []
        bounds = symbol_bounds(symbol, self.ref.domains.get(symbol.name))[:4]
        try:
            roots = set(poly.real_roots())
        except (NotImplementedError, sp.PolynomialError):
            return []
        return sorted((r for r in roots if _inside(_rational_near(r), *bounds)), key=_rational_near)

    def _solves(self, side, point):
        """True when ``side = 0`` holds at the (rational) point: exactly, or to the exact comparison's digits."""
        from .check_exact import exact_value, is_rational_function
        if is_rational_function(side):
            value = exact_value(side, point)
            return value is not None and value == 0
        value = self._values(side, point, False, CONFIRM_DIGITS)
        if value in (Undefined, Unsupported):
            return False
        return abs(value) <= 2 * value.error + EXACT_TOLERANCE

    def _undefined_answer(self, pairs, index, point, complex_ok):
        label, r, a = pairs[index]
        rv = self._values(r, point, complex_ok, CONFIRM_DIGITS)
        av = self._values(a, point, complex_ok, CONFIRM_DIGITS)
        if rv in (Undefined, Unsupported) or av is not Undefined:
            return Verdict(None, "sampling", "undetermined: the answer could not be evaluated reliably")
        shown = self._show(r, point, complex_ok)[0]
        return Verdict(False, "sampling",
                       f"{_your(label)} is undefined (not a real number){_at(point)}, where the "
                       f"reference is {shown}", _counter(point), shown, "undefined", component=label)

    def _explain(self, pairs, index, point, complex_ok):
        """The message for an exact-mode difference, recognising common slips."""
        # differences of values trusted to 30+ digits are taken at that precision, not mpmath's default 15
        with mpmath.workdps(CONFIRM_DIGITS):
            return self._explain_at_precision(pairs, index, point, complex_ok)

    def _explain_at_precision(self, pairs, index, point, complex_ok):
        label, r, a = pairs[index]
        probe = self._probe_points(r, a, point)
        values = []
        for p in probe:
            rv = self._values(r, p, complex_ok)
            av = self._values(a, p, complex_ok)
            if rv in (Undefined, Unsupported) or av in (Undefined, Unsupported):
                continue
            values.append((p, rv, av))
        integers = sorted({s for s in point if s.is_integer}, key=lambda s: s.name)
        pattern = self._pattern(values, integers, r, complex_ok)
        if pattern is not None:
            message, shown_point = f"{_your(label)} {pattern[0]}", pattern[1]
        else:
            message, shown_point = None, point
        rs, rv = self._show(r, shown_point, complex_ok)
        as_, av = self._show(a, shown_point, complex_ok)
        digits = 10
        while rs == as_ and rv is not None and av is not None and rv != av and digits < 40:
            digits += 5   # show enough digits that the two quoted values visibly differ
            with mpmath.workdps(SAMPLE_DIGITS + digits):
                rs, as_ = show_number(rv, digits), show_number(av, digits)
        at = f"{_your_short(label)} gives {as_}, the reference {rs}"
        if rs == as_ and not self.decimals:
            difference = self._difference(r, a)
            gap = self._values(difference, shown_point, complex_ok) if difference is not None else Undefined
            if gap not in (Undefined, Unsupported):
                at += f" (they differ by {show_number(-gap)}, beyond the digits shown)"
                rv = av = None   # the relative difference of the rounded values would read 0
        if shown_point:
            at = f"at {_where(shown_point)} {at}"
        if rv is not None and av is not None and abs(rv - av) < mpmath.mpf("1e-3") * max(abs(rv), abs(av)):
            relative = abs(rv - av) / max(abs(rv), abs(av))
            if self.decimals:
                at += (f" (a relative difference of {mpmath.nstr(relative, 2)}, more than the tolerance "
                       f"{self.tolerance:g})")
            else:
                at += (f" (a relative difference of {mpmath.nstr(relative, 2)}; without decimals no tolerance "
                       f"applies)")
        text = f"{message}: {at}" if message else at
        if message is None and len(pairs) > 1:
            text = f"{_your(label)} differs: {at}"
        return Verdict(False, "sampling", text, _counter(shown_point), rs, as_, component=label)

    def _show(self, expr, point, complex_ok):
        """``(text, value)`` for display; a value that vanishes as the precision grows is shown as 0."""
        from .check_exact import exact_value, is_rational_function
        if not self.decimals and is_rational_function(expr) and all(v.is_Rational for v in point.values()):
            exact = exact_value(expr, point)
            if exact is not None and max(int(exact.p).bit_length(), int(exact.q).bit_length()) < 200:
                # quote rational values exactly (1/3, not 0.3333333333) while they stay short
                with mpmath.workdps(CONFIRM_DIGITS):
                    return str(exact), mpmath.mpf(int(exact.p)) / int(exact.q)
        low = self._values(expr, point, complex_ok, SAMPLE_DIGITS)
        if low in (Undefined, Unsupported):
            return "undefined", None
        high = self._values(expr, point, complex_ok, CONFIRM_DIGITS)
        if high not in (Undefined, Unsupported) and low != 0 and abs(high) < abs(low) * mpmath.mpf("1e-12"):
            return "0", mpmath.mpf(0)
        with mpmath.workdps(SAMPLE_DIGITS):
            return show_number(low), low

    def _probe_points(self, r, a, point):
        """The failing point, the simple points around it, and integer symbols swept over 0..7."""
        probe = [point]
        integers = [s for s in point if s.is_integer]
        symbols = {s for s in (r.free_symbols | a.free_symbols) if isinstance(s, sp.Symbol)}
        simple = sample_points(symbols, self.ref.domains, count=28, seed=self.seed, simple=16)
        base = simple[0] if simple else point
        for s in integers:
            for n in range(0, 8):
                candidate = dict(base)
                candidate[s] = sp.Integer(n)
                if self.ref.domains.get(s.name) is None or self.ref.domains[s.name].contains(n) is not False:
                    probe.append(candidate)
        probe.extend(simple)
        return probe

    def _pattern(self, values, integers, r, complex_ok):
        """Recognise a sign flip at odd k, a wrong sign, a constant factor or offset, a shift in k."""
        if len(values) < 4:
            return None
        tol, floor = max(self.tolerance, 1e-12), self.floor
        nonzero = [(p, rv, av) for p, rv, av in values if abs(rv) > floor]
        if len(integers) == 1:
            k = integers[0]
            odd = [(p, rv, av) for p, rv, av in nonzero if int(p[k]) % 2 == 1]
            even = [(p, rv, av) for p, rv, av in nonzero if int(p[k]) % 2 == 0]
            if odd and even and all(close(av, -rv, tol, floor) for _, rv, av in odd) and all(
                    close(av, rv, tol, floor) for _, rv, av in even):
                first = min(odd, key=lambda v: (int(v[0][k]), _complexity(v[0])))[0]
                return f"has the wrong sign for odd {k.name}", first
            if odd and even and all(close(av, -rv, tol, floor) for _, rv, av in even) and all(
                    close(av, rv, tol, floor) for _, rv, av in odd):
                first = min((v for v in even), key=lambda v: (int(v[0][k]), _complexity(v[0])))[0]
                return f"has the wrong sign for even {k.name}", first
        if nonzero and all(close(av, -rv, tol, floor) for _, rv, av in nonzero):
            return "has the wrong sign", _simplest(nonzero)
        if len(integers) == 1:
            k = integers[0]
            for shift, words in ((1, "k + 1"), (-1, "k - 1")):
                matched = 0
                for p, rv, av in values:
                    shifted = dict(p)
                    shifted[k] = p[k] + shift
                    domain = self.ref.domains.get(k.name)
                    if domain is not None and domain.contains(shifted[k]) is False:
                        continue
                    other = self._values(r, shifted, complex_ok)
                    if other in (Undefined, Unsupported) or not close(av, other, tol, floor):
                        matched = -1
                        break
                    matched += 1
                if matched >= 4:
                    return (f"is shifted by one step in {k.name}: it equals the reference at "
                            f"{words.replace('k', k.name)}"), _simplest(values)
        if len(nonzero) >= 4:
            ratios = [av / rv for _, rv, av in nonzero]
            if all(close(q, ratios[0], tol, floor) for q in ratios) and not close(ratios[0], 1, tol, floor):
                return f"is off by a constant factor {show_number(ratios[0])}", _simplest(nonzero)
        diffs = [av - rv for _, rv, av in values]
        largest = max(max(abs(rv), abs(av)) for _, rv, av in values)
        if abs(diffs[0]) > 1e-12 * max(1, largest) and all(
                close(d, diffs[0], tol, floor + tol * abs(rv)) for d, (_, rv, _a) in zip(diffs, values)):
            hint = " (use mode additive_constant if a constant is allowed)" if self.mode == "exact" else ""
            return (f"differs from the reference by the constant {show_number(diffs[0])}{hint}",
                    _simplest(values))
        return None


class _RealWithError(mpmath.mpf):
    """A real value that remembers the bound on its evaluation error (arithmetic drops it)."""


class _ComplexWithError(mpmath.mpc):
    """A complex value that remembers the bound on its evaluation error."""


def _with_error(value, error):
    with mpmath.workdps(MAX_WORK_DIGITS + 10):   # the constructor rounds to the context's precision
        tagged = _ComplexWithError(value) if isinstance(value, mpmath.mpc) else _RealWithError(value)
    tagged.error = error
    return tagged


def _jittered(points, domains, per_point=6):
    """Points near the given ones (real symbols moved by small rational steps), inside the domains."""
    from .check_sampling import _inside, symbol_bounds
    out = []
    for point in points:
        for i in range(1, per_point + 1):
            step = sp.Rational(i, 7 * per_point)
            moved = {s: v if s.is_integer else v + step * (1 + abs(v)) for s, v in point.items()}
            if all(_inside(v, *symbol_bounds(s, domains.get(s.name))[:4]) for s, v in moved.items()):
                out.append(moved)
    return out


@functools.lru_cache(maxsize=None)
def _warm_symbolic():
    """Run sympy's simplification once in this process, so that every forked proof worker starts warm.

    A worker's caches die with it; without this each proof pays sympy's first-call cost (about 1 s).
    """
    x = sp.Symbol("x", real=True)
    sp.simplify(sp.sin(x) ** 2 + sp.cos(x) ** 2 + sp.exp(x) * sp.exp(-x) + sp.tan(x) - sp.log(x) / (x + 1))
    return True


def _rational_near(number):
    """A real algebraic number itself if rational, else a rational within 10**-60 of it."""
    if number.is_Rational:
        return number
    return sp.Rational(str(sp.N(number, 70)))


def _has_decimal(value):
    if isinstance(value, (tuple, list)):
        return any(_has_decimal(v) for v in value)
    if isinstance(value, dict):
        return any(_has_decimal(v) for v in value.values())
    if isinstance(value, (sp.Basic, sp.MatrixBase)):
        return value.has(sp.Float)
    return isinstance(value, float)


def _mode_phrase(mode):
    return {"exact": "", "additive_constant": " up to an additive constant",
            "scalar_multiple": " up to a nonzero factor", "ratio_constant": " up to a constant factor"}[mode]


def _complexity(point):
    return sum(abs(int(v.p)) + int(v.q) for v in point.values())


def _simplest(values):
    return min(values, key=lambda v: _complexity(v[0]))[0]


def _counter(point):
    return {s.name: str(v) for s, v in sorted(point.items(), key=lambda item: (not item[0].is_integer,
                                                                            item[0].name))}


def _where(point):
    if not point:
        return "every point"
    return ", ".join(f"{name} = {value}" for name, value in _counter(point).items())


def _your(label):
    return f"your {label}" if label else "your answer"


def _your_short(label):
    return f"your {label}" if label else "your answer"


def _dedupe(items, same):
    unique = []
    for index, value in items:
        if not any(same(value, other) for _, other in unique):
            unique.append((index, value))
    return unique


def _show_set(values):
    shown = []
    for value in values:
        if value is None:
            shown.append("undefined")
        elif len(value) == 1:
            shown.append(show_number(value[0]))
        else:
            shown.append("(" + ", ".join(show_number(v) for v in value) + ")")
    return "{" + ", ".join(shown) + "}"


def _with_foreign_note(verdict, pairs, ref):
    """Tell the student about names in their answer that the reference does not know."""
    known = set(ref.symbols.values())
    known |= {s for _, r, _a in pairs for s in r.free_symbols}
    foreign = sorted({s.name for _, _r, a in pairs for s in a.free_symbols} - {s.name for s in known})
    if not foreign or verdict.equivalent is True:
        return verdict
    note = (f"your answer uses {', '.join(foreign)}, which the reference does not "
            f"({'is it' if len(foreign) == 1 else 'are they'} a typo?); ")
    return Verdict(verdict.equivalent, verdict.method, note + verdict.message, verdict.counterexample,
                   verdict.reference_value, verdict.answer_value, verdict.seconds, verdict.component)


def _at(point):
    return f" at {_where(point)}" if point else ""


def _points_phrase(count):
    return "1 sample point" if count == 1 else f"{count} sample points"
