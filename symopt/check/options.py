"""The settings of a check: comparison modes, tolerances, how many sample points and digits.

Import-free (beyond symopt's errors), so that the command line can list the
modes and defaults before it loads sympy.
"""

from ..errors import SymoptError

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


def check_options(tolerance, floor, mode="exact"):
    """Raise SymoptError for a mode or tolerance no answer can be checked with (once, before any answer)."""
    if mode not in MODES:
        raise SymoptError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    if not (0 <= tolerance < float("inf") and 0 <= floor < float("inf")):
        raise SymoptError("tolerances must be finite non-negative numbers")
