"""The LaTeX of one equation step: its values sanitised and renamed, long sums and wide matrices broken.

A display line holds about :data:`LINE_BUDGET` printed characters; a longer sum
becomes ``aligned`` lines, a wide vector one entry a row, a wide matrix its
entries' sums broken inside their cells.
"""

import re

import sympy as sp

from .escape import sanitize_math
from .quantities import RELATIONS, LatexPrinter


#: Estimated printed characters per display line before a long sum is broken.
LINE_BUDGET = 70


def latex_value(value, notation, allow_alignment=True):
    """Safe LaTeX of one step value: a sympy object printed with the notation's names."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return r"\text{" + str(value) + "}"
    names = notation.symbol_names(value) if notation is not None else {}
    return sanitize_math(LatexPrinter({"symbol_names": names}).doprint(value), allow_alignment=allow_alignment)


def math_span(notation):
    """``value -> "$latex$"``: how a sentence's value is typeset when prose cannot spell it (see ``prose_of``)."""
    return lambda value: "$" + latex_value(value, notation, allow_alignment=False) + "$"


def _visual_width(latex):
    """A rough printed width of LaTeX math: fractions as wide as their wider part, scripts half."""
    frac = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
    while frac.search(latex):
        latex = frac.sub(lambda m: "x" * max(_visual_width(m.group(1)), _visual_width(m.group(2))), latex)
    latex = re.sub(r"\\(left|right|begin\{\w+\}|end\{\w+\})", "", latex)
    latex = re.sub(r"\\[A-Za-z]+", "x", latex)
    scripts = sum(len(m) for m in re.findall(r"[_^]\{([^{}]*)\}", latex))
    return len(re.sub(r"[{}_^ ]", "", latex)) - scripts // 2


def _broken_term(term, notation, budget):
    """A term of a long sum; a too-wide ``c*sqrt(long sum)`` gets its radicand broken into lines."""
    latex = latex_value(term, notation)
    if _visual_width(latex) <= budget or not isinstance(term, sp.Mul):
        return latex
    roots = [f for f in term.args if isinstance(f, sp.Pow) and f.exp == sp.S.Half and isinstance(f.base, sp.Add)]
    if len(roots) != 1:
        return latex
    root = roots[0]
    rest = term / root
    head = "" if rest == 1 else ("-" if rest == -1 else latex_value(rest, notation) + " ")
    inner = _broken_sum(root.base, notation, max(30, budget - _visual_width(head) - 4))
    return latex if inner is None else head + r"\sqrt{" + inner + "}"


def _broken_sum(value, notation, budget=LINE_BUDGET):
    """A long sum as ``aligned`` lines of terms (None when it is short or not a sum).

    A term that is itself too wide, ``c*sqrt(a + b + ...)`` (the eigenvalues of a
    2x2 Hessian), has its radicand broken in turn.
    """
    if not isinstance(value, sp.Add):
        return None
    if _visual_width(latex_value(value, notation)) <= budget:
        return None
    lines, current = [], ""
    for term in value.as_ordered_terms():
        piece = _broken_term(term, notation, budget - 4)
        if current:
            piece = " - " + piece[1:].lstrip() if piece.startswith("-") else " + " + piece
        if current and _visual_width(current + piece) > budget:
            lines.append(current)
            current = r"\quad" + piece
        else:
            current += piece
    lines.append(current)
    if len(lines) == 1 and r"\begin{aligned}" not in lines[0]:
        return None
    return r"\begin{aligned}[t] &" + r" \\ &".join(lines) + r" \end{aligned}"


def _broken_entry(value, notation, budget):
    """A matrix cell within ``budget``: a sum broken into lines, or ``c (a + b + ...)`` with its sum broken."""
    broken = _broken_sum(value, notation, budget)
    if broken is not None or not isinstance(value, sp.Mul):
        return broken or latex_value(value, notation)
    sums = [f for f in value.args if isinstance(f, sp.Add)]
    if len(sums) != 1 or _visual_width(latex_value(value, notation)) <= budget:
        return latex_value(value, notation)
    rest = value / sums[0]
    head = latex_value(rest, notation)
    inner = _broken_sum(sums[0], notation, max(20, budget - _visual_width(head)))
    return latex_value(value, notation) if inner is None else head + r" \left(" + inner + r"\right)"


def _broken_vector(value, notation):
    """A vector or matrix too wide for one line: a vector one entry per row, a matrix with its sums broken.

    Each entry gets an equal share of the line; a sum wider than its share becomes
    ``aligned`` lines inside its cell (the 2x2 powers ``T^k`` of momentum).
    """
    if not isinstance(value, sp.MatrixBase) or len(value) < 2:
        return None
    if _visual_width(latex_value(value, notation)) <= LINE_BUDGET:
        return None
    if 1 in value.shape:
        entries = [_broken_sum(e, notation, LINE_BUDGET - 6) or latex_value(e, notation) for e in value]
        return r"\left[\begin{matrix}" + r" \\[1ex] ".join(entries) + r"\end{matrix}\right]"
    share = max(20, LINE_BUDGET // value.cols - 4)
    rows = [" & ".join(_broken_entry(e, notation, share) for e in value.row(i)) for i in range(value.rows)]
    return r"\left[\begin{matrix}" + r" \\[1ex] ".join(rows) + r"\end{matrix}\right]"


def equation_parts(step, notation=None):
    """``(lhs, relation, rhs)`` of an equation step as safe LaTeX (rhs boxed when final)."""
    rhs = _broken_sum(step.rhs, notation) or _broken_vector(step.rhs, notation) or latex_value(step.rhs, notation)
    if step.final:
        rhs = r"\boxed{" + rhs + "}"
    lhs = None if step.lhs is None else latex_value(step.lhs, notation)
    relation = RELATIONS[step.relation][0]
    return lhs, relation, rhs
