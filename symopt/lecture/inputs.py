"""The check the lecture demos apply to a number a student gives them: a finite positive float.

A demo that refuses a value says which one and why, so the student can correct the call.
"""

from ..assumptions import Domain
from ..errors import ProblemError

#: The range of a number the demos take: a learning rate, a clipping threshold, a scale.
POSITIVE = Domain("value", lower=0, lower_open=True)


def positive_number(value, name, hint=""):
    """``value`` as a float if it is a finite number > 0; else a :class:`~symopt.errors.ProblemError`.

    ``hint`` follows "must be > 0" in the message, to say why the value must be positive.

    >>> from symopt.lecture.inputs import positive_number
    >>> positive_number("0.5", "lr (learning rate)")
    0.5
    >>> positive_number(0, "clip", " (clipping to a norm of 0 would stop the run)")
    Traceback (most recent call last):
    ...
    symopt.errors.ProblemError: clip must be > 0 (clipping to a norm of 0 would stop the run); got 0
    """
    hint = hint.replace("{", "{{").replace("}", "}}")  # the hint is text, not a template
    POSITIVE.require(value, name, "{name} must be {condition}" + hint + "; got {value!r}",
                     not_number="{name} must be a number {condition}; got {value!r}", finite=True)
    return float(value)


def integer_between(value, name, lower, upper):
    """``value`` if it is an int (not a bool, a float or a numpy int) in [lower, upper]; else a
    :class:`~symopt.errors.ProblemError`.

    >>> from symopt.lecture.inputs import integer_between
    >>> integer_between(0, "steps", 1, 100)
    Traceback (most recent call last):
    ...
    symopt.errors.ProblemError: steps must be an integer between 1 and 100; got 0
    """
    message = "{name} must be an integer between " + f"{lower} and {upper}" + "; got {value!r}"
    if not isinstance(value, int):
        raise ProblemError(message.format(name=name, value=value))
    return Domain(name, lower=lower, upper=upper, integer=True).require(value, name, message, not_number=message)
