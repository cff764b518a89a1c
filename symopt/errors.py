"""Exception classes of symopt.

Every error that a user can cause derives from :class:`SymoptError`, so the
command line can turn it into a one-line message instead of a traceback.
"""


class SymoptError(Exception):
    """Base class of the errors a user can cause; the message is meant for them."""


class ParseError(SymoptError, ValueError):
    """User text that symopt refuses to turn into a sympy object.

    ``column`` is the 1-based column of the offending part when it is known.
    """

    def __init__(self, message, column=None):
        super().__init__(message)
        self.column = column


class AssumptionError(SymoptError, ValueError):
    """Assumptions that are malformed or that contradict each other or a value."""


class ProblemError(SymoptError, ValueError):
    """A problem that is ill-posed: unknown variables, wrong dimension, bad values."""


class NoClosedFormError(SymoptError):
    """A derivation has no known closed form; the message says why."""


class BudgetExceeded(SymoptError, TimeoutError):
    """A symbolic computation ran out of its time budget."""
