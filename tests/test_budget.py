import time

import pytest
import sympy as sp

from symopt.budget import call_with_budget
from symopt.errors import BudgetExceeded


def test_result_is_returned():
    x = sp.Symbol("x")
    assert call_with_budget(sp.factor, x**2 - 1) == (x - 1) * (x + 1)


def test_hanging_work_is_killed_on_time():
    started = time.perf_counter()
    with pytest.raises(BudgetExceeded):
        call_with_budget(time.sleep, 30, seconds=0.5)
    assert time.perf_counter() - started < 3


def test_exceptions_of_the_work_are_re_raised():
    with pytest.raises(ZeroDivisionError):
        call_with_budget(divmod, 1, 0)
