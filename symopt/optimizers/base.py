"""The shape every optimizer shares: hyperparameters, state, and one update rule.

An optimizer is written once, as the lecture writes it, against a small
vector interface ``ops``. The same code then runs

* symbolically (:class:`SympyOps`: vectors are sympy column matrices), which
  unrolls the first steps of a derivation or builds a step expression that is
  lambdified once into numpy or mpmath, and
* numerically on a batch (:mod:`symopt.optimizers.operations` supplies numpy and
  mpmath ops: vectors are arrays of shape ``(batch, n)``).

Each step is split in two: :meth:`Optimizer.probe` says where the gradient is
taken (θ itself, or Nesterov's look-ahead θ + αv) and :meth:`Optimizer.update`
turns that gradient into the new θ and state. The iteration counter ``k``
passed to ``update`` is the index of the step being taken, starting at 1 (the
lecture's algorithms count steps from 1; Adam's bias correction needs it).
"""

from dataclasses import dataclass

import sympy as sp

from ..assumptions import Domain
from ..errors import ProblemError


@dataclass(frozen=True)
class Hyperparameter:
    """A named hyperparameter with its symbol, default value and admissible range (a :class:`Domain`).

    The learning rate's range is (0, ∞), a decay rate's [0, 1).
    """

    name: str
    description: str
    default: object
    domain: Domain
    latex: str = None

    @property
    def symbol(self):
        """The positive real symbol used in derivations (nonnegative when 0 is admissible)."""
        if self.domain.lower == 0 and not self.domain.lower_open:
            return sp.Symbol(self.name, nonnegative=True)
        return sp.Symbol(self.name, positive=True)

    def describe_range(self):
        """The admissible range as text, e.g. ``(0, inf)`` or ``[0, 1)``."""
        return self.domain.interval()

    def check(self, value):
        """Raise ProblemError naming this hyperparameter if a numeric ``value`` is out of range.

        Symbolic values pass: they are checked where they are substituted.
        """
        self.domain.require(value, f"{self.name} ({self.description})", symbolic=True,
                            nan=f"{self.name} must be a number in {{interval}}, got nan")


def positive(name):
    """The domain (0, ∞) of a learning rate or a threshold."""
    return Domain(name, lower=0, lower_open=True)


def unit_interval(name):
    """The domain [0, 1) of a decay rate or a momentum."""
    return Domain(name, lower=0, upper=1, upper_open=True)


#: A whole number >= 0: the steps of a run or of an unrolled derivation, a number of digits.
WHOLE = Domain("n", lower=0, integer=True)


class Optimizer:
    """Base class: subclasses set ``name``, ``title``, ``state``, ``hyperparameters`` and ``update``.

    ``state`` names the per-coordinate state vectors besides θ (``("v",)`` for
    momentum); they start at zero unless given. ``needs_hessian`` marks Newton.
    """

    name = ""
    title = ""
    state = ()
    hyperparameters = ()
    needs_hessian = False
    #: one line each: the conventions a user must know to reproduce the runs elsewhere
    conventions = ()

    def probe(self, theta, state, h, ops):
        """The point where the gradient of this step is evaluated (θ unless overridden)."""
        return theta

    def update(self, theta, state, g, h, k, ops, hessian=None):
        """Return ``(new_theta, new_state)`` from the gradient ``g`` at :meth:`probe`."""
        raise NotImplementedError

    # hyperparameters -----------------------------------------------------------------------
    def hyperparameter(self, name):
        """The :class:`Hyperparameter` called ``name``."""
        for hp in self.hyperparameters:
            if hp.name == name:
                return hp
        known = ", ".join(hp.name for hp in self.hyperparameters) or "none"
        raise ProblemError(f"{self.name} has no hyperparameter '{name}' (it has: {known})")

    def resolve(self, values=None, symbolic=False):
        """Complete hyperparameter values with defaults (or symbols) and check their ranges.

        ``symbolic=True`` fills missing values with the hyperparameters' symbols
        instead of their defaults.
        """
        values = dict(values or {})
        unknown = [n for n in values if n not in {hp.name for hp in self.hyperparameters}]
        if unknown:
            self.hyperparameter(unknown[0])
        resolved = {}
        for hp in self.hyperparameters:
            if hp.name in values and values[hp.name] is not None:
                _check_all(hp, values[hp.name])
                resolved[hp.name] = values[hp.name]
            else:
                resolved[hp.name] = hp.symbol if symbolic else hp.default
        return resolved

    def initial_state(self, theta, ops, given=None):
        """Zero state vectors shaped like ``theta`` (``given`` overrides some)."""
        state = {name: ops.zeros_like(theta) for name in self.state}
        state.update(given or {})
        return state

    def __repr__(self):
        return f"<optimizer {self.name}>"


#: The hyperparameters several optimizers share (one object each, so ranges are stated once).
LEARNING_RATE = Hyperparameter("epsilon", "learning rate", 0.01, positive("epsilon"), latex=r"\epsilon")
MOMENTUM = Hyperparameter("alpha", "momentum", 0.9, unit_interval("alpha"), latex=r"\alpha")
DECAY = Hyperparameter("rho", "decay rate", 0.9, unit_interval("rho"), latex=r"\rho")


def delta(default):
    """The small constant δ of the adaptive methods, with the optimizer's own default."""
    return Hyperparameter("delta", "small constant for numerical stability", default, Domain("delta", lower=0),
                          latex=r"\delta")


def _check_all(hp, value):
    try:
        import numbers
        if isinstance(value, (numbers.Number, sp.Basic, str)):
            hp.check(value)
            return
        for item in value:  # an array of hyperparameter values (a batch)
            hp.check(item)
    except TypeError:
        hp.check(value)


class SympyOps:
    """Vector operations on sympy column matrices (symbolic steps)."""

    @staticmethod
    def mul(a, b):
        return a.multiply_elementwise(b)

    @staticmethod
    def div(a, b):
        return sp.Matrix([x / y for x, y in zip(a, b)])

    @staticmethod
    def sqrt(a):
        return a.applyfunc(sp.sqrt)

    @staticmethod
    def scalar_div(c, a):
        """c / a elementwise, for a scalar (or scalar expression) c."""
        return a.applyfunc(lambda x: c / x)

    @staticmethod
    def add_scalar(c, a):
        """c + a elementwise, for a scalar c."""
        return a.applyfunc(lambda x: c + x)

    @staticmethod
    def solve(H, g):
        return H.LUsolve(g)

    @staticmethod
    def zeros_like(a):
        return sp.zeros(*a.shape)

    @staticmethod
    def power(c, k):
        return c ** k
