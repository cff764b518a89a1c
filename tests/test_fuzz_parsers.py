"""Fuzzing every parser entry point and ``check_answer``: only symopt's own errors, nothing past budget.

Strings come from a small grammar of formulas (numbers at the edge of the range, towers, unknown
functions, look-alike letters, equations, lists, assumptions) and from mutations of the hostile
corpus. Each chunk of strings runs in one budgeted worker, so a hang is caught, not waited for.
"""

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_inputs import HOSTILE, MORE_HOSTILE

from symopt import parsing
from symopt.budget import run_budgeted
from symopt.check import Verdict, check_answer, prepare_reference
from symopt.errors import SymoptError
from symopt.problem import Problem
from symopt.schedules import from_text as schedule_from_text
from symopt.values import to_sympy

#: Seconds one parser call may take (they are all meant to be milliseconds).
PARSE_SECONDS = 2.0
#: Budget of one check_answer call, and the slack it may overrun by.
CHECK_SECONDS, SLACK = 1.0, 2.0

_NAMES = ["x", "y", "k", "b", "a", "t", "lambda", "alpha", "e", "E", "pi", "I", "oo", "zoo", "nan", "__class__",
          "\u0455in", "\u0445", "x\u200b", "xy", "x_1", "theta0", "Symbol", "os", "eval"]
_FUNCTIONS = ["sin", "cos", "exp", "log", "sqrt", "tanh", "Abs", "abs", "Max", "min", "floor", "sign",
              "factorial", "gamma", "binomial", "Heaviside", "relu", "sigmoid", "atan2", "unknown", "__import__",
              "lambda", "exec", "getattr"]
_BINARY = ["+", "-", "*", "/", "**", "^", " ", "//", "%", "@", "==", "=", "<", "<=", ",", ";"]


def _number(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return str(rng.randrange(10))
    if kind == 1:
        return str(rng.randrange(10 ** rng.randrange(1, 1200)))
    if kind == 2:
        return f"{rng.random():.{rng.randrange(1, 20)}f}"
    if kind == 3:
        return f"{rng.randrange(1, 10)}e{rng.choice('-+')}{rng.randrange(10 ** rng.randrange(1, 10))}"
    if kind == 4:
        return f"{rng.randrange(2, 11)}**{rng.randrange(2, 11)}**{rng.randrange(2, 11)}"
    if kind == 5:
        return rng.choice(["1e999", "1e-400", "0.0", "-0", "1_000", "0x10", "1j", "1.e5", ".5", "5."])
    if kind == 6:
        return f"10**{rng.randrange(3990, 4010)}"
    return f"{rng.randrange(100)}/{rng.randrange(100)}"


def _formula(rng, depth=0):
    if depth > rng.randrange(2, 7):
        return rng.choice([_number(rng), rng.choice(_NAMES)])
    kind = rng.randrange(8)
    if kind == 0:
        return f"{_formula(rng, depth + 1)}{rng.choice(_BINARY)}{_formula(rng, depth + 1)}"
    if kind == 1:
        arguments = ", ".join(_formula(rng, depth + 1) for _ in range(rng.randrange(0, 4)))
        return f"{rng.choice(_FUNCTIONS)}({arguments})"
    if kind == 2:
        return f"({_formula(rng, depth + 1)})**{rng.choice([_number(rng), _formula(rng, depth + 1)])}"
    if kind == 3:
        return f"[{', '.join(_formula(rng, depth + 1) for _ in range(rng.randrange(1, 4)))}]"
    if kind == 4:
        return "-" * rng.randrange(1, 5) + _formula(rng, depth + 1)
    if kind == 5:
        return f"{rng.choice(_NAMES)}{rng.choice(['=', '<', '>', '<=', ' in '])}{_formula(rng, depth + 1)}"
    if kind == 6:  # LaTeX, for the LaTeX readers
        return rng.choice([f"\\frac{{{_formula(rng, depth + 1)}}}{{{_formula(rng, depth + 1)}}}",
                           f"{{{_formula(rng, depth + 1)}}}^{{{_formula(rng, depth + 1)}}}",
                           f"\\sqrt{{{_formula(rng, depth + 1)}}}", f"x_{{{_formula(rng, depth + 1)}}}",
                           f"\\left({_formula(rng, depth + 1)}\\right)", f"${_formula(rng, depth + 1)}$"])
    return rng.choice([_number(rng), rng.choice(_NAMES)])


_ALPHABET = (list("xyzkb0123456789()[]{}+-*/^=<>,.;:_ eE!'\"\\#@$&|~`?")
             + ["\u2212", "\u00b2", "λ", "\u0455", "\x00", "\u202e", "\ufeff", "**"]
             + ["\\frac{", "\\sqrt{", "\\left(", "\\right)", "^{", "_{", "\\le", "\\cdot", "$", "\\mathbf{"])


def _mutate(rng, text):
    for _ in range(rng.randrange(1, 4)):
        if not text:
            text = rng.choice(_ALPHABET)
        i = rng.randrange(len(text) + 1)
        kind = rng.randrange(5)
        if kind == 0:
            text = text[:i] + rng.choice(_ALPHABET) + text[i:]
        elif kind == 1:
            text = text[:i] + text[i + 1:]
        elif kind == 2:
            j = rng.randrange(i, len(text) + 1)
            text = text[:j] + text[i:j] * rng.randrange(2, 5) + text[j:]
        elif kind == 3:
            text = text[:i] + _number(rng) + text[i:]
        else:
            text = text[:i] + _formula(rng, 4) + text[i:]
    return text


def fuzz_strings(count, seed=0):
    """``count`` strings: half from the grammar, half mutations of the hostile corpus and the grammar."""
    rng = random.Random(seed)
    seeds = [t for t in HOSTILE + MORE_HOSTILE if len(t) < 5000]
    strings = []
    while len(strings) < count:
        if len(strings) % 2:
            strings.append(_mutate(rng, rng.choice(seeds) if rng.random() < 0.5 else _formula(rng)))
        else:
            strings.append(_formula(rng))
    return strings


_REFERENCE = None


def _entry_points():
    return [
        ("parse_expression", parsing.parse_expression),
        ("parse_object", parsing.parse_object),
        ("parse_matrix", parsing.parse_matrix),
        ("parse_names", parsing.parse_names),
        ("parse_assignments", parsing.parse_assignments),
        ("parse_assumptions", parsing.parse_assumptions),
        ("parse_domains", parsing.parse_domains),
        ("to_sympy", to_sympy),
        ("Problem.from_text", lambda text: Problem.from_text(text, "x,y")),
        ("schedule from_text", schedule_from_text),
        ("latex_to_text", parsing.latex_to_text),
        ("parse_latex", parsing.parse_latex),
        ("parse_latex_answer", parsing.parse_latex_answer),
        ("parse_latex_assumptions", parsing.parse_latex_assumptions),
        ("read_answer", parsing.read_answer),
    ]


def _fuzz_chunk(strings, with_check):
    """Every string through every entry point; the broken promises, as text."""
    reference = prepare_reference("((1-b)/(1+b))**k", integer="k", assume="0<b<=1")
    broken = []
    for text in strings:
        for name, parse in _entry_points():
            started = time.perf_counter()
            try:
                parse(text)
            except SymoptError:
                pass
            except Exception as exc:  # noqa: BLE001 - the point of the test
                broken.append(f"{name}({text[:80]!r}) raised {type(exc).__name__}: {str(exc)[:100]}")
            elapsed = time.perf_counter() - started
            if elapsed > PARSE_SECONDS:
                broken.append(f"{name}({text[:80]!r}) took {elapsed:.1f} s")
        if with_check:
            started = time.perf_counter()
            try:
                verdict = check_answer(reference, text, seconds=CHECK_SECONDS)
                if not isinstance(verdict, Verdict) or verdict.equivalent not in (True, False, None):
                    broken.append(f"check_answer({text[:80]!r}) gave {verdict!r}")
            except Exception as exc:  # noqa: BLE001
                broken.append(f"check_answer({text[:80]!r}) raised {type(exc).__name__}: {str(exc)[:100]}")
            elapsed = time.perf_counter() - started
            if elapsed > CHECK_SECONDS + SLACK:
                broken.append(f"check_answer({text[:80]!r}) took {elapsed:.1f} s")
    return broken


def _fuzz(strings, chunk=250, with_check=True):
    broken = []
    for start in range(0, len(strings), chunk):
        part = strings[start:start + chunk]
        seconds = len(part) * (PARSE_SECONDS + (CHECK_SECONDS + SLACK if with_check else 0))
        outcome = run_budgeted(_fuzz_chunk, part, with_check, seconds=seconds)
        if outcome.status != "ok":
            broken.append(f"chunk at {start}: {outcome.status} ({outcome.message})")
        else:
            broken.extend(outcome.value)
    return broken


def test_the_generators_make_hostile_strings():
    strings = fuzz_strings(200)
    assert len(set(strings)) > 150
    assert any("e-" in s for s in strings) and any("**" in s for s in strings)


def test_fuzz_sample():
    broken = _fuzz(fuzz_strings(25, seed=1), with_check=True)
    assert not broken, "\n".join(broken[:30])


@pytest.mark.slow
def test_fuzz_ten_thousand_strings_through_every_parser():
    broken = _fuzz(fuzz_strings(10_000, seed=2), chunk=1000, with_check=False)
    assert not broken, f"{len(broken)} broken:\n" + "\n".join(broken[:30])


@pytest.mark.slow
def test_fuzz_ten_thousand_strings_through_check_answer():
    broken = _fuzz(fuzz_strings(10_000, seed=2), chunk=500, with_check=True)
    assert not broken, f"{len(broken)} broken:\n" + "\n".join(broken[:30])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40) | st.lists(st.sampled_from(_ALPHABET + _NAMES + _FUNCTIONS + _BINARY),
                                       max_size=25).map("".join))
def test_fuzz_hypothesis_text_through_every_parser(text):
    assert not _fuzz_chunk([text], with_check=False)
