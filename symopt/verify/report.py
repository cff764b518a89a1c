"""The verdicts of a verification, as a result: :class:`Verification`, its table and its JSON.

Three verdicts on one closed form (see :mod:`symopt.verify`): the symbolic one
(True proved, False refuted, None neither) and the largest relative errors of
the float64 and the mpmath runs, with where and how the float64 error grew.
``passed`` applies tolerances; ``table`` and ``to_json`` present the same data.
"""

import math
import sys
from dataclasses import dataclass, field

from ..derivation import Table
from .recurrence import DEFAULT_DPS


@dataclass(frozen=True, kw_only=True)
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
        per_step = last / (max(last_k, 1) * sys.float_info.epsilon)
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


__all__ = ["Verification"]
