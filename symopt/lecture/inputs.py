"""The check the lecture demos apply to a number a student gives them: a finite positive float.

A demo that refuses a value says which one and why, so the student can correct the call.
"""

import math

from ..errors import ProblemError


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
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ProblemError(f"{name} must be a number > 0; got {value!r}") from None
    if not number > 0 or math.isinf(number):
        raise ProblemError(f"{name} must be > 0{hint}; got {value!r}")
    return number
