"""Hostile answers are contained: never executed, never "wrong", never past the time budget."""

import time

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symopt.check import check_answer

from check_corpus import R1, Y_K

BUDGET = 2.0


def _hostile(canary):
    path = str(canary).replace("\\", "/")
    return [
        f"__import__('os').system('touch {path}')",
        f"open('{path}', 'w').write('x')",
        "().__class__.__base__.__subclasses__()",
        "x.__class__.__mro__[1].__subclasses__()",
        "lambda: 0",
        "[c for c in ().__class__.__bases__[0].__subclasses__()]",
        "eval('1+1')",
        "exec('import os')",
        "9**9**9",
        "2**2**2**2**2**2",
        "10**-10**10",
        "factorial(10**7)",
        "factorial(factorial(20))",
        "gamma(10**10)",
        "(x+1)**10000",
        "(" * 5000 + "x" + ")" * 5000,
        "-" * 100000 + "x",
        "x" + "+x" * 500000,
        "1" * 1_000_000,
        "ѕin(x)",       # Cyrillic s
        "хk",           # Cyrillic x
        "b\u200b*k",    # zero-width space
        "b\x00k",
        "\ufeff((b-1)/(b+1))^k",
        "{" * 200,
        "[[" * 100 + "]]" * 100,
    ]


def test_hostile_answers_are_contained(tmp_path):
    canary = tmp_path / "canary"
    for text in _hostile(canary):
        start = time.perf_counter()
        verdict = check_answer(Y_K, text, seconds=BUDGET, **R1)
        elapsed = time.perf_counter() - start
        assert verdict.equivalent is not False or verdict.counterexample, (text[:60], verdict)
        assert verdict.equivalent is not True, (text[:60], verdict)
        assert elapsed < BUDGET + 1.0, (text[:60], elapsed)
    assert not canary.exists()


#: Texts in the hostile list that are legal answers whose verdict is known: the checker must reach it.
_LEGAL = {"(x+1)**10000"}


def test_hostile_answers_are_unreadable_or_undetermined(tmp_path):
    for text in _hostile(tmp_path / "canary"):
        if text in _LEGAL:
            continue
        verdict = check_answer("x + 1", text, seconds=BUDGET)
        # a hostile text is never graded "wrong": it is a parse error or undetermined
        assert verdict.equivalent is None, (text[:60], verdict)


def test_legal_answers_among_the_hostile_ones_get_their_known_verdict():
    # the notation is not refused for its size; the work is bounded: sampling decides at once
    wrong = check_answer("x + 1", "(x+1)**10000", seconds=BUDGET)
    assert wrong.equivalent is False and wrong.counterexample
    x = sympy.Rational(wrong.counterexample["x"])
    assert (x + 1) ** 10000 != x + 1
    assert check_answer("(1+x)**10000", "(x+1)**10000", seconds=BUDGET).equivalent is True


def test_a_huge_but_legal_power_is_not_a_hang():
    start = time.perf_counter()
    verdict = check_answer(Y_K, "((1-b)/(1+b))^(k*1000) + (b+1)^1000 - (b+1)^1000", seconds=BUDGET, **R1)
    assert time.perf_counter() - start < BUDGET + 1.0
    assert verdict.equivalent is False  # a legal, wrong answer: rejected with a counterexample
    assert verdict.counterexample


_TOKENS = list("bkx()+-*/^., 0123456789=[]{}_eEsincoqrtlg") + ["**", "sqrt(", "\u2212", "λ", "(-1)^k", "__"]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join) | st.text(max_size=30))
def test_fuzz_random_text(text):
    start = time.perf_counter()
    verdict = check_answer(Y_K, text, seconds=1.0, **R1)
    assert time.perf_counter() - start < 2.0
    assert verdict.equivalent in (True, False, None)
    if verdict.equivalent is False and verdict.method == "sampling":
        assert verdict.counterexample is not None and verdict.message
    if verdict.equivalent is None:
        assert verdict.message


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join) | st.text(max_size=80))
def test_fuzz_random_text_thoroughly(text):
    test_fuzz_random_text.hypothesis.inner_test(text)
