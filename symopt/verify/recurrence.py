"""A recurrence x_{k+1} = F(x_k) as data, and the parameters its closed form is checked over.

A :class:`Recurrence` is what a method derives a closed form for and what
:func:`symopt.verify.verify` substitutes it into and runs; it holds sympy
expressions only. Everything besides the state, the counter k and the step
index is a parameter (:func:`free_parameters`), sampled inside its domain when
the recurrence is run.
"""

from dataclasses import dataclass

from ..errors import ProblemError
from ..problem import k as COUNTER
from ..values import to_sympy

#: how many steps a closed form is checked over, and at how many digits the precise run is made
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


__all__ = ["DEFAULT_DPS", "DEFAULT_STEPS", "Recurrence", "free_parameters"]
