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
   root of a negative number is "undefined here", see :mod:`symopt.check.evaluate`),
   the precision raised until cancellation is overcome and two precisions agree
   (:func:`~symopt.check.evaluate.reliable_value`), at points that respect the
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
   :mod:`symopt.check.exact`); otherwise a symbolic proof under a time budget in a
   killable worker process (:func:`symopt.budget.call_with_budget`, :mod:`symopt.check.symbolic`).
4. ``True`` needs a proof (``method`` ``"symbolic"`` or ``"both"``) or agreement
   at many sample points (``method`` ``"sampling"``: the verdict rests on sampling
   alone, and the message says so); ``False`` needs a counterexample confirmed at
   high precision; anything else — time out, too few admissible points, an
   unreadable answer — is ``None``. A timeout is never "wrong".

Answers are compared "as functions where both are defined": ``(x**2-1)/(x-1)``
is accepted for ``x + 1`` (the verdict notes the removable singularity).

This module only orders the steps; each lives in its own room:
:mod:`~symopt.check.reference` and :mod:`~symopt.check.answer` (reading),
:mod:`~symopt.check.pairing` (components), :mod:`~symopt.check.agreement`,
:mod:`~symopt.check.sets` and :mod:`~symopt.check.equations` (numeric comparison
on the state in :mod:`~symopt.check.context`), :mod:`~symopt.check.proof`
(exact and symbolic proof) and :mod:`~symopt.check.explain` (the wording).
"""

import time
from dataclasses import replace

from ..errors import ParseError
from .agreement import sample
from .answer import parse_answer, unreadable
from .context import Check
from .explain import mode_phrase, points_phrase, sample_summary, tolerance_note, with_foreign_note
from .options import DEFAULT_FLOOR, check_options
from .pairing import component_pairs
from .proof import exact_rational, prove_pairs
from .reference import Reference, prepare_reference
from .sets import check_set
from .verdict import Verdict


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
    from ..budget import check_seconds, run_budgeted, time_left
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
    from .. import parsing
    start = time.perf_counter()
    ref = reference if isinstance(reference, Reference) else prepare_reference(
        reference, variables=variables, integer=integer, assume=assume)
    check = Check(ref, tolerance, floor, mode, start + seconds, seed)
    if isinstance(answer, str):
        try:
            answer = parsing.read_answer(answer, answer_format, symbols=dict(ref.symbols))
        except ParseError as exc:
            if answer_format not in parsing.ANSWER_FORMATS:
                raise
            return replace(unreadable(exc), seconds=time.perf_counter() - start)
    verdict = decide(check, answer)
    return replace(verdict, seconds=time.perf_counter() - start)


def decide(check, answer):
    """The Verdict on one answer: read it, pair its components with the reference's, compare, prove."""
    parsed = parse_answer(answer, check.ref)
    if isinstance(parsed, Verdict):
        return parsed
    check.choose_tolerance(parsed)
    try:
        if check.ref.kind == "set":
            return check_set(check, parsed)
        pairs = component_pairs(check.ref, parsed)
        if isinstance(pairs, Verdict):
            return pairs
        verdict = _check_pairs(check, pairs, _mode(check, pairs))
        return with_foreign_note(verdict, pairs, check.ref)
    except (RecursionError, MemoryError):
        return Verdict(None, "parse", "your answer is too large or too deeply nested to check")


def _mode(check, pairs):
    """A single expression or an equation can only be a constant multiple of the reference."""
    mode = check.mode
    if check.ref.kind == "equation" and pairs[0][0] is None:
        mode = "ratio_constant"
    elif mode == "scalar_multiple" and len(pairs) == 1:
        mode = "ratio_constant"
    return mode


def _check_pairs(check, pairs, mode):
    """Sampling first (it finds differences), then an exact or symbolic proof (it settles agreement)."""
    if mode == "exact" and all(reference == answer for _, reference, answer in pairs):
        # the same sympy tree is the same function on the same domain: nothing to sample or prove
        return Verdict(True, "symbolic", "equivalent: after parsing, your answer is the reference's own expression")
    numeric = sample(check, pairs, mode)
    if isinstance(numeric, Verdict) and numeric.equivalent is None and check.ref.kind == "equation":
        proved, _ = prove_pairs(check, pairs, "cleared_ratio_constant")
        if proved:
            return Verdict(True, "symbolic", "equivalent equations: after clearing denominators one is a "
                           "constant multiple of the other (same solutions where both are defined)")
    if isinstance(numeric, Verdict):
        return numeric
    agreed, notes, needed = numeric
    if mode == "exact" and not check.decimals:
        exact = exact_rational(check, pairs)
        if exact is not None:
            return exact
    proved, proof_note = prove_pairs(check, pairs, mode)
    note = "".join(notes)
    what = mode_phrase(mode)
    if needed == 1 and agreed == 1 and not proved:
        return Verdict(True, "sampling", f"equal{what} numerically ({proof_note}){tolerance_note(check)}"
                       f"{note}")
    if proved and agreed >= needed:
        return Verdict(True, "both", f"equivalent{what}: proved symbolically and agrees at "
                       f"{points_phrase(agreed)}{note}")
    if proved:
        return Verdict(True, "symbolic", f"equivalent{what}: proved symbolically{note}")
    if agreed >= needed:
        return Verdict(True, "sampling", f"equivalent{what} numerically, by sampling alone: agrees with the "
                       f"reference at {agreed} sample points{sample_summary(pairs)} ({proof_note})"
                       f"{tolerance_note(check)}{note}")
    return Verdict(None, "sampling", f"undetermined: only {agreed} admissible sample points and "
                   f"{proof_note}{note}")
