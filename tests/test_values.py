import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from symopt import ParseError, Problem
from symopt.values import to_sympy

PACKAGE = Path(__file__).resolve().parent.parent / "symopt"


def test_values_are_converted_without_eval(tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(ParseError):
        to_sympy(f"__import__('os').system('touch {marker}')")
    assert not marker.exists()
    assert to_sympy(np.float64(0.25)) == sp.Float(0.25)
    assert to_sympy(np.array([1, 2])) == [1, 2]
    assert to_sympy("b/2") == sp.Symbol("b") / 2
    with pytest.raises(ParseError):
        to_sympy(object())


def test_library_entry_points_parse_text_safely(tmp_path):
    marker = tmp_path / "pwned"
    hostile = f"__import__('os').system('touch {marker}')"
    with pytest.raises(ParseError):
        Problem.from_expression(hostile, ["x"])
    p = Problem.from_text("x**2 + y**2", "x,y")
    with pytest.raises(ParseError):
        p.point([hostile, 1])
    assert not marker.exists()


def test_no_module_calls_sympify_on_possible_text():
    """``sympify`` evaluates strings; only the strict (string-refusing) call in values.py may remain."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if re.search(r"\b(eval|exec|parse_expr)\s*\(", code) and "literal_eval" not in code:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
            if re.search(r"(?<!_symengine\.)\bsympify\s*\(", code) and "strict=True" not in code:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
