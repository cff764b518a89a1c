"""How symopt's results look in a Jupyter notebook: short, key result first, KaTeX-safe.

The result classes delegate their rich representations here (``_repr_latex_``,
``_repr_html_``, ``_repr_png_``), so that displaying a result in a notebook shows
the closed form, the verdict or the critical points instead of a dataclass
repr; ``str()`` of every class stays plain text.

LaTeX is one ``$\\begin{aligned} ... \\end{aligned}$`` block built from sympy's
printer and :func:`symopt.render.sanitize_math` (an allow-list of macros), with
words inside ``\\text{...}`` escaped by :func:`symopt.render.escape_text`; it
uses only macros that both pdflatex (with amsmath) and KaTeX/MathJax accept.
Trajectories are an HTML table with a small inline plot (when matplotlib is
installed), and ``_repr_png_`` gives the plot alone.

>>> from symopt.check import Verdict
>>> print(verdict_latex(Verdict(False, "sampling", "wrong sign for odd k", {"k": "1"}, "1/3", "-1/3")))
$\\begin{aligned}&\\text{not equivalent} \\quad k = 1:\\ \\text{reference }\\frac{1}{3},\\ \\text{yours }- \\frac{1}{3} \\\\ &\\text{wrong sign for odd k} \\\\ &\\text{decided by sampling}\\end{aligned}$
"""

import base64
import html
import io
import math
import re

import sympy as sp

from .errors import SymoptError
from .render import escape_text, sanitize_math

__all__ = ["analysis_latex", "lecture_markdown", "method_result_latex", "robbins_monro_latex", "schedule_latex",
           "trajectory_html", "trajectory_png", "verdict_latex"]

#: Most lines of one LaTeX block, and most characters of one expression, before they are shortened.
MAX_LINES = 10
MAX_EXPRESSION = 600


# ------------------------------------------------------------------------------------------------
# building blocks
# ------------------------------------------------------------------------------------------------
def _text(words):
    """Words for ``\\text{...}``: LaTeX specials escaped, unicode as math."""
    return r"\text{" + escape_text(str(words)) + "}"


def _math(value):
    """A sympy value (or trusted number) as safe math; very long values are cut with a note."""
    if value is None:
        return _text("unknown")
    latex = sanitize_math(sp.latex(value), allow_alignment=True)
    if len(latex) > MAX_EXPRESSION:
        return _text(f"(an expression of {sp.count_ops(value)} operations; see str())")
    return latex


def _value_of_text(text):
    """A value string from a verdict (``"1/2"``, ``"-1/3"``) as math; anything unreadable as words."""
    from .parsing import parse_expression
    try:
        return _math(parse_expression(str(text), max_length=200))
    except (SymoptError, ValueError, TypeError, RecursionError):
        return _text(text)


def _name(name, indexed=True):
    """``x`` -> ``x_{k}``; ``v_x`` -> ``{v_{x}}_{k}`` (a subscript on a subscripted name needs braces)."""
    base = sanitize_math(sp.latex(sp.Symbol(str(name))))
    if not indexed:
        return base
    return ("{" + base + "}" if "_" in base else base) + "_{k}"


def _block(lines):
    """One aligned block; lines are ``(lhs, rhs)``, ``(lhs, relation, rhs)`` or strings (left-aligned)."""
    rows = []
    for line in lines[:MAX_LINES]:
        if isinstance(line, tuple):
            lhs, relation, rhs = line if len(line) == 3 else (line[0], "=", line[1])
            rows.append(f"{lhs} &{relation} {rhs}")
        else:
            rows.append("&" + line)
    if len(lines) > MAX_LINES:
        rows.append("&" + _text(f"... and {len(lines) - MAX_LINES} more"))
    return r"$\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}$"


def _words(identifier):
    return str(identifier).replace("_", " ").replace("-", " ")


def _number(value):
    return f"{value:.2g}" if isinstance(value, float) else str(value)


# ------------------------------------------------------------------------------------------------
# results
# ------------------------------------------------------------------------------------------------
def method_result_latex(result):
    r"""A :class:`~symopt.methods.base.MethodResult`: closed forms first, then step size, rate, verification.

    >>> from symopt import Problem, gradient_descent
    >>> r = gradient_descent(Problem.from_text("x**2/2", variables="x"), start="x=1", lr="1/2")
    >>> print(method_result_latex(r).split(r" \\ ")[0])
    $\begin{aligned}x_{k} &= \left(\frac{1}{2}\right)^{k}
    """
    lines = []
    for name, expression in result.closed_form.items():
        # the entries of W^k are (W^k)_{11}, not the iterate of a name W_11
        label = r"\left(W^{k}\right)_{" + str(name)[2:] + "}" if result.method == "matrix-power" and \
            str(name)[:2] == "W_" and str(name)[2:].isdigit() else _name(name)
        lines.append((label, _math(expression) if expression is not None else _text("no closed form known")))
    if result.step_size is not None:
        lines.append((_text("step size"), _math(result.step_size)))
    if result.rate is not None:
        lines.append((_text("rate"), _math(result.rate)))
    if result.orthogonal_gradients is True:
        lines.append(_text("consecutive gradients are orthogonal"))
    if result.problem is not None:   # derive_matrix_power has a matrix, not an objective
        lines.append(_text(f"{_words(result.method)} on ") + "f = " + _math(result.problem.expression))
    else:
        lines.append(_text(_words(result.method)))
    verification = result.verification
    if verification is not None and any(e is not None for e in result.closed_form.values()):
        lines.append(_text(_verification_words(verification.to_json())))
    return _block(lines)


def _verification_words(v):
    symbolic = {True: "proved", False: "refuted", None: "not proved"}.get(v.get("symbolic"), "not proved")
    parts = [f"verified: recurrence {symbolic}"]
    if v.get("float64_max_rel_error") is not None:
        parts.append(f"float64 error {v['float64_max_rel_error']:.1e}")
    if v.get("mpmath_max_rel_error") is not None:
        parts.append(f"mpmath error {v['mpmath_max_rel_error']:.1e}")
    if v.get("steps"):
        parts.append(f"over {v['steps']} steps")
    return ", ".join(parts)


def analysis_latex(analysis):
    r"""An :class:`~symopt.analysis.Analysis`: critical points and their kind first, then κ, spectrum, ∇f, ∇²f.

    >>> from symopt import Problem, analyze
    >>> latex = analysis_latex(analyze(Problem.from_text("x**2 - y**2", variables="x,y")))
    >>> print(latex.split(r" \\ ")[0])
    $\begin{aligned}&x = 0,\ y = 0 \quad \text{saddle}
    """
    variables = analysis.problem.variables
    lines = []
    for point in analysis.critical_points:
        family = getattr(point, "family", None)
        if family is not None:
            # a curve of critical points: its equations, not the placeholder point (x = x, y = y)
            where = r",\ ".join(f"{_math(e)} = 0" for e in family.equations)
            lines.append(where + r" \quad " + _text(f"{point.kind} (a family of dimension {family.dimension})"))
            continue
        coordinates = r",\ ".join(f"{_math(v)} = {_math(point.point[v])}" for v in variables)
        lines.append(coordinates + r" \quad " + _text(point.kind))
    if analysis.critical_points and not getattr(analysis, "critical_points_complete", True):
        # said first: a long list is cut at MAX_LINES, and this must not be what is cut
        note = _shorten(analysis.critical_points_note or "search not finished", 100)
        lines.insert(0, _text("not all critical points are certain to be listed: " + note))
    if not analysis.critical_points:
        lines.append(_text(analysis.critical_points_note or "no critical points found"))
    if analysis.condition_number is not None:
        lines.append((r"\kappa", _math(analysis.condition_number)))
    lines.append((r"\lambda(\nabla^2 f)", r",\ ".join(_math(e) for e in analysis.eigenvalues)))
    lines.append((r"\nabla f", _math(analysis.gradient.T)))
    lines.append((r"\nabla^2 f", _math(analysis.hessian)))
    return _block(lines)


def verdict_latex(verdict):
    r"""A :class:`~symopt.check.Verdict`: the decision first, then where the answers differ, then the message.

    >>> from symopt import check_answer
    >>> print(verdict_latex(check_answer("x + 1", "(x**2 - 1)/(x - 1)")).split(r" \\ ")[0])
    $\begin{aligned}&\text{equivalent}
    """
    headline = {True: "equivalent", False: "not equivalent"}.get(verdict.equivalent, "undetermined")
    first = _text(headline)
    if verdict.counterexample:
        point = r",\ ".join(f"{_math(sp.Symbol(str(k)))} = {_value_of_text(v)}"
                            for k, v in verdict.counterexample.items())
        first += r" \quad " + point
        if verdict.reference_value is not None and verdict.answer_value is not None:
            first += (r":\ " + _text("reference ") + _value_of_text(verdict.reference_value) + r",\ "
                      + _text("yours ") + _value_of_text(verdict.answer_value))
    lines = [first, _text(_shorten(verdict.message, 300))]
    lines.append(_text(f"decided by {verdict.method}" if verdict.method not in ("parse", "error")
                       else "the answer could not be read" if verdict.method == "parse" else "internal error"))
    return _block(lines)


def _shorten(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _sum_line(lhs, value, diverges_when):
    if value is None:
        return (lhs, ":", _text("undetermined"))
    return (lhs, "=", r"\infty") if value is diverges_when else (lhs, "<", r"\infty")


def schedule_latex(schedule):
    r"""A :class:`~symopt.schedules.Schedule`: ``ε_k = ...``.

    >>> from symopt.schedules import as_schedule
    >>> schedule_latex(as_schedule("1/(k+1)"))
    '$\\begin{aligned}\\epsilon_{k} &= \\frac{1}{k + 1}\\end{aligned}$'
    """
    return _block([(r"\epsilon_{k}", _math(schedule.expression))])


def robbins_monro_latex(result):
    r"""A :class:`~symopt.schedules.RobbinsMonro` verdict: both conditions and the conclusion first.

    >>> from symopt import robbins_monro
    >>> print(robbins_monro_latex(robbins_monro("1/k")).split(r" \\ ")[0])
    $\begin{aligned}\epsilon_{k} &= \frac{1}{k} \quad \text{satisfies Robbins-Monro}
    """
    def truth(value, yes, no):
        return {True: yes, False: no}.get(value, "undetermined")

    conclusion = truth(result.robbins_monro, "satisfies Robbins-Monro", "fails Robbins-Monro")
    lines = [(r"\epsilon_{k}", _math(result.schedule.expression) + r" \quad " + _text(conclusion)),
             _sum_line(r"\sum_{k} \epsilon_{k}", result.sum_diverges, diverges_when=True),
             _sum_line(r"\sum_{k} \epsilon_{k}^{2}", result.sum_of_squares_converges, diverges_when=False),
             _text(f"family: {result.family}")]
    for parameter, values in result.qualifying.items():
        lines.append(_math(parameter) + r" \in " + _math(values) + r" \quad " + _text("for both conditions"))
    return _block(lines)


# ------------------------------------------------------------------------------------------------
# trajectories
# ------------------------------------------------------------------------------------------------
def trajectory_html(trajectory, plot=True):
    """A :class:`~symopt.numeric.trajectory.Trajectory`: statuses and the final point of each run, then a small plot.

    >>> from symopt import Problem, run
    >>> t = run("sgd", Problem.from_text("x**2/2", variables="x"), [1.0], steps=3, hyperparameters={"epsilon": 0.5})
    >>> trajectory_html(t, plot=False)[:54]
    '<p><b>sgd</b>: 1 run(s), 1 max_steps; up to step 3</p>'
    """
    counts = ", ".join(f"{n} {s}" for s, n in trajectory.summary().items() if n)
    head = (f"<p><b>{html.escape(str(trajectory.optimizer))}</b>: {trajectory.batch} run(s), {html.escape(counts)}; "
            f"up to step {int(trajectory.recorded_steps[-1])}</p>")
    header = ["run", "status", "steps", *[html.escape(str(v)) for v in trajectory.variables], "f", "‖∇f‖"]
    rows = []
    for i in range(min(trajectory.batch, 10)):
        final = [_cell(x) for x in trajectory.final[i]]
        f = _cell(trajectory.final_f[i]) if trajectory.final_f is not None else ""
        g = _cell(trajectory.final_gradient_norm[i]) if trajectory.final_gradient_norm is not None else ""
        rows.append([str(i), html.escape(str(trajectory.status[i])), str(int(trajectory.steps[i])), *final, f, g])
    table = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</tbody></table>")
    if trajectory.batch > 10:
        table += f"<p>... and {trajectory.batch - 10} more runs</p>"
    image = trajectory_png(trajectory) if plot else None
    picture = ("" if image is None else
               f'<img alt="gradient norm per step" src="data:image/png;base64,'
               f'{base64.b64encode(image).decode("ascii")}"/>')
    return head + table + picture


def _cell(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return html.escape(str(value))
    return f"{number:.6g}" if math.isfinite(number) else html.escape(str(number))


def trajectory_png(trajectory, width=4.0, height=2.4):
    """PNG bytes of a small plot (log ‖∇f‖ per step, first five runs), or None without matplotlib.

    >>> from symopt import Problem, run
    >>> t = run("sgd", Problem.from_text("x**2/2", variables="x"), [1.0], steps=3, hyperparameters={"epsilon": 0.5})
    >>> png = trajectory_png(t)
    >>> png is None or png.startswith(b"\\x89PNG")
    True
    """
    try:
        import matplotlib
        from matplotlib.figure import Figure
        from matplotlib.backends.backend_agg import FigureCanvasAgg
    except ImportError:
        return None
    del matplotlib
    figure = Figure(figsize=(width, height), dpi=80)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    for run in range(min(trajectory.batch, 5)):
        steps = trajectory.recorded_steps[trajectory.recorded_steps <= trajectory.steps[run]]
        norms = [float(v) for v in trajectory.norms(run)]
        positive = [(s, v) for s, v in zip(steps, norms) if v > 0 and math.isfinite(v)]
        if positive:
            axes.semilogy(*zip(*positive), label=f"run {run}" if trajectory.batch > 1 else None)
    axes.set_xlabel("step k")
    axes.set_ylabel("gradient norm")
    axes.set_title(str(trajectory.optimizer), fontsize=9)
    if trajectory.batch > 1:
        axes.legend(fontsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------
# lecture results
# ------------------------------------------------------------------------------------------------
def lecture_markdown(result):
    """A lecture result (batch norm, cliffs, saddles, surrogate, symmetry): its numbers as a table.

    The title comes from the result's derivation; the rows are the scalar
    entries of ``to_json()``, results before settings (seed, sizes, step
    counts), at most twelve.

    >>> from symopt.lecture import check_mlp_symmetries
    >>> print(lecture_markdown(check_mlp_symmetries(n=3, m=2)).splitlines()[0])
    **Weight-space symmetry**
    """
    derivation = getattr(result, "derivation", None)
    title = getattr(derivation, "title", type(result).__name__)
    data = result.to_json() if hasattr(result, "to_json") else {}
    rows = [(key, value) for key, value in _flatten(data) if isinstance(value, (int, float, str, bool))
            or value is None]
    # what was measured or derived first; the settings that produced it after
    rows.sort(key=lambda row: row[0].split(".")[0] in _SETTINGS)
    lines = [f"**{_markdown(title)}**", "", "| quantity | value |", "|---|---|"]
    for key, value in rows[:12]:
        lines.append(f"| {_markdown(_words(key))} | {_markdown_value(value)} |")
    if len(rows) > 12:
        lines.append(f"| ... | {len(rows) - 12} more in to_json() |")
    return "\n".join(lines) + "\n"


_SETTINGS = {"seed", "lr", "steps", "n", "m", "a", "samples", "confidence", "eps", "parameters", "sizes", "points",
             "test_points"}


def _flatten(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flatten(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")
    else:
        yield prefix, data


_FORMULA = re.compile(r"[*/^()]")
_PROSE = re.compile(r"[A-Za-z]\s+[A-Za-z]")


def _markdown_value(value):
    r"""A table cell: a formula string (``2*sigma**2/3``) as ``$\frac{2 \sigma^{2}}{3}$``, anything else as text.

    Read by symopt's own parser with every name a plain symbol (``E`` is an expectation
    here, not Euler's number); what it cannot read, or prose, stays text.

    >>> _markdown_value("2*sigma**2/3"), _markdown_value("exact line search"), _markdown_value(0.5)
    ('$\\frac{2 \\sigma^{2}}{3}$', 'exact line search', '0.5')
    >>> _markdown_value("-E*gamma + |x|".replace("|x|", "abs(x)"))
    '$- E \\gamma + \\left\\vert{x}\\right\\vert$'
    """
    if not isinstance(value, str) or not _FORMULA.search(value) or _PROSE.search(value) or len(value) > 300:
        return _markdown(_number(value))
    from .parsing import KNOWN_CONSTANTS, KNOWN_FUNCTIONS, parse_expression
    names = {n: sp.Symbol(n) for n in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", value)
             if n not in KNOWN_FUNCTIONS and (n not in KNOWN_CONSTANTS or n == "E")}
    try:
        expression = parse_expression(value, symbols=names, max_length=300)
    except (SymoptError, ValueError, TypeError, RecursionError):
        return _markdown(value)
    latex = sanitize_math(sp.latex(expression)).replace("|", r"\vert")
    # a Markdown table cell ends at "|"; math ends at "$"
    return "$" + " ".join(latex.split()) + "$"


def _markdown(text):
    text = " ".join(str(text).split())
    for ch in "\\|*_`<>[]#$":
        text = text.replace(ch, "\\" + ch)
    return text
