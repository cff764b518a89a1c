"""The outcome of a check: equivalent True, False or None, with the method that decided and where the answers differ.

A :class:`Verdict` is plain data: what ``symopt check --json`` prints, what a
batch writes per row and what a notebook shows.
"""

from dataclasses import dataclass, field

from ..serialize import JSONResult


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
        from ..notebook import verdict_latex
        return verdict_latex(self)
