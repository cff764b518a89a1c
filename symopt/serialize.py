"""How results become JSON: each result type's ``to_dict()``, and the one place that writes the text.

A result type (a method's closed forms, an analysis, a verdict, a lecture
study) defines ``to_dict()``: plain data — dicts, lists, strings, numbers,
booleans, None — with expressions as sympy-syntax strings. :class:`JSONResult`
gives it ``to_json()``, the same data under the name callers have indexed
since 0.1 (``result.to_json()["rate"]``). :func:`dumps` is the only writer of
JSON text: ``symopt ... --json`` prints exactly ``dumps(result)``.

This module imports nothing heavy; the command line loads it before sympy.
"""

import json
import math


class JSONResult:
    """Mixin of the result types symopt prints as JSON; a subclass defines ``to_dict()``."""

    __slots__ = ()

    def to_dict(self):  # pragma: no cover - every subclass defines its own
        raise NotImplementedError(f"{type(self).__name__} defines no to_dict()")

    def to_json(self):
        """The JSON object of this result as plain data: :meth:`to_dict`."""
        return self.to_dict()


def dumps(data):
    """The JSON text ``--json`` prints for a result (anything with ``to_dict()``) or for plain data.

    >>> print(dumps({"equivalent": True, "counterexample": None}), end="")
    {
      "equivalent": true,
      "counterexample": null
    }
    """
    if hasattr(data, "to_dict"):
        data = data.to_dict()
    return json.dumps(data, indent=2) + "\n"


def trajectory_dict(trajectory, hyperparameters=None):
    """The JSON object of ``symopt run --json``: the first run of a :class:`~symopt.numeric.trajectory.Trajectory`.

    Numbers that are not finite reals are null; with ``precision`` iterates, f and
    gradient norms are decimal strings carrying every digit.

    >>> from symopt.optimizers import run
    >>> t = run("sgd", lambda th: th, ["1/3"], steps=1, hyperparameters={"epsilon": "0.5"}, precision=20)
    >>> trajectory_dict(t)["iterates"]
    [['0.33333333333333333333'], ['0.16666666666666666667']]
    """
    def number(value):
        try:
            as_float = float(value)
        except (TypeError, ValueError):  # complex
            return None
        if not math.isfinite(as_float):
            return None
        return as_float if trajectory.precision is None else trajectory.text(value)

    f = trajectory.values(0)
    return {
        "optimizer": trajectory.optimizer,
        "status": str(trajectory.status[0]),
        "steps": int(trajectory.steps[0]),
        "iterates": [[number(v) for v in point] for point in trajectory.path(0)],
        "f": None if f is None else [number(v) for v in f],
        "variables": list(trajectory.variables),
        "gradient_norm": [number(v) for v in trajectory.norms(0)],
        "diverged_at": None if trajectory.diverged_at[0] < 0 else int(trajectory.diverged_at[0]),
        "failed_at": None if trajectory.failed_at[0] < 0 else int(trajectory.failed_at[0]),
        "reason": trajectory.reason[0],
        "hyperparameters": {k: str(v) for k, v in (hyperparameters or {}).items()},
        "precision": trajectory.precision,
    }


__all__ = ["JSONResult", "dumps", "trajectory_dict"]
