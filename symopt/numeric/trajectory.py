"""What a numeric optimizer run returns: iterates, f values, gradient norms, step sizes and a status per run.

A :class:`Trajectory` holds a *batch* of runs (one per start point /
hyperparameter combination). Arrays are indexed ``[record, run, coordinate]``;
``recorded_steps[j]`` is the step index of record ``j`` (``0..steps`` when every
iterate is kept). A run that stopped early (converged or diverged) is frozen:
its later records repeat its last valid iterate, and ``steps[i]`` says how many
steps it really took, so :meth:`Trajectory.path` returns exactly its iterates.
"""

import csv
from dataclasses import dataclass, field

import numpy as np

from ..errors import SymoptError

#: The statuses a run can end with (:mod:`symopt.optimizers.driver` states the rules).
STATUSES = ("converged", "diverged", "invalid", "singular", "max_steps")


@dataclass
class Trajectory:
    """A batch of optimizer runs.

    Attributes
    ==========
    optimizer : the optimizer's name.
    variables : coordinate names, in order.
    iterates : array ``(records, batch, n)`` (float64, or object array of mpmath numbers).
    recorded_steps : int array ``(records,)``, the step index of each record.
    f : array ``(records, batch)`` of objective values, or None (a gradient callable without f).
    gradient_norm : array ``(records, batch)``, ‖∇f(θ_k)‖ at each recorded iterate.
    step_size : array ``(records, batch)``, ‖θ_k − θ_{k−1}‖ (0 at the start); only when every step is recorded.
    status : array of str ``(batch,)``: ``converged`` | ``diverged`` | ``invalid`` | ``singular`` | ``max_steps``.
    steps : int array ``(batch,)``: steps taken (the index of the last recorded iterate of the run).
    diverged_at : int array ``(batch,)``: the step whose iterate was non-finite or beyond the bound;
        -1 if the run did not diverge.
    failed_at : int array ``(batch,)``: the step at which the run diverged, met f or ∇f that is
        not a real number (``invalid``) or a singular Hessian (``singular``); -1 otherwise.
    reason : list of str ``(batch,)``: why each run stopped, in words.
    final : array ``(batch, n)``: the last valid iterate of each run.
    precision : None (float64) or the number of mpmath digits; mpmath values are written to CSV
        (and by ``symopt run --json``) as decimal strings with that many digits.

    Examples
    ========
    >>> import numpy as np
    >>> from symopt.optimizers import run
    >>> t = run("sgd", lambda th: th, [1.0], steps=3, hyperparameters={"epsilon": 0.5})
    >>> t.path().ravel().tolist(), t.status[0]
    ([1.0, 0.5, 0.25, 0.125], 'max_steps')
    """

    optimizer: str
    variables: tuple
    iterates: np.ndarray
    recorded_steps: np.ndarray
    f: object
    gradient_norm: object
    step_size: object
    status: np.ndarray
    steps: np.ndarray
    diverged_at: np.ndarray
    reason: list
    final: np.ndarray
    final_f: object = None
    final_gradient_norm: object = None
    precision: object = None
    hyperparameters: dict = field(default_factory=dict)
    failed_at: object = None

    def __post_init__(self):
        if self.failed_at is None:
            self.failed_at = np.array(self.diverged_at, copy=True)

    @property
    def batch(self):
        """Number of runs."""
        return len(self.status)

    def path(self, run=0):
        """Iterates of one run, start first, through its last valid step: ``(steps + 1, n)`` when all are recorded."""
        keep = self.recorded_steps <= self.steps[run]
        return self.iterates[keep, run, :]

    def values(self, run=0):
        """f at the recorded iterates of one run (through its last valid step), or None."""
        if self.f is None:
            return None
        return self.f[self.recorded_steps <= self.steps[run], run]

    def norms(self, run=0):
        """‖∇f‖ at the recorded iterates of one run (through its last valid step)."""
        return self.gradient_norm[self.recorded_steps <= self.steps[run], run]

    def summary(self):
        """Counts of each status, e.g. ``{'converged': 3, 'diverged': 1, 'invalid': 0, 'singular': 0, 'max_steps': 0}``."""
        return {s: int(np.sum(self.status == s)) for s in STATUSES}

    def to_csv(self, path):
        """Write one row per run and recorded step: run, step, coordinates, f, grad_norm, step_size, status."""
        header = ["run", "step", *self.variables, "f", "grad_norm", "step_size", "status"]
        try:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                for i in range(self.batch):
                    keep = np.nonzero(self.recorded_steps <= self.steps[i])[0]
                    for j in keep:
                        text = self.text
                        row = [i, int(self.recorded_steps[j]), *(text(v) for v in self.iterates[j, i, :])]
                        row.append("" if self.f is None else text(self.f[j, i]))
                        row.append(text(self.gradient_norm[j, i]))
                        row.append("" if self.step_size is None else text(self.step_size[j, i]))
                        row.append(self.status[i])
                        writer.writerow(row)
        except OSError as exc:
            raise SymoptError(f"cannot write {path}: {exc.strerror}") from None

    def text(self, value):
        """One value as a decimal string with every digit the run computed (float64: shortest round trip).

        >>> from symopt.optimizers import run
        >>> t = run("sgd", lambda th: th, ["1/3"], steps=1, hyperparameters={"epsilon": "0.5"}, precision=30)
        >>> t.text(t.final[0, 0])
        '0.166666666666666666666666666667'
        """
        return _text(value, self.precision)

    def __repr__(self):
        counts = ", ".join(f"{n} {s}" for s, n in self.summary().items() if n)
        return (f"<Trajectory {self.optimizer}: {self.batch} run(s), {counts}; "
                f"{len(self.recorded_steps)} record(s) up to step {int(self.recorded_steps[-1])}>")

    def _repr_html_(self):
        from ..notebook import trajectory_html
        return trajectory_html(self)

    def _repr_png_(self):
        from ..notebook import trajectory_png
        return trajectory_png(self)


def _text(value, precision=None):
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if precision is not None:
        import mpmath
        if isinstance(value, mpmath.mpf):
            with mpmath.workdps(precision):
                return str(value)  # mpmath prints exactly `precision` significant digits
    return str(value)


__all__ = ["STATUSES", "Trajectory"]
