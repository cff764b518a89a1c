"""LaTeX solution sheets: structure, options, safety, and real pdflatex compiles."""

import re
import subprocess
import sys

import pytest
import sympy as sp

from symopt.analysis import analyze
from symopt.assumptions import Domain
from symopt.derivation import Derivation, Step, Table
from symopt.errors import SymoptError
from symopt.render import document
from symopt.problem import Problem
from symopt.quantities import Call, Nabla, Sub
from symopt.render import latex_body, sanitize_math

F = sp.Symbol("f")

x, y, z = sp.symbols("x y z", real=True)
epsilon = sp.Symbol("epsilon", positive=True)
w1, w2 = sp.symbols("w_1 w_2", real=True)

# Control sequences that read or write files, run programs or redefine things: none may survive.
DANGEROUS = re.compile(r"\\(input|include|write|immediate|openout|openin|read|def|edef|gdef|let|csname|"
                       r"catcode|newcommand|renewcommand|usepackage|special|directlua|jobname)(?![A-Za-z])")


def compile_tex(tex, tmp_path, pdflatex, name="doc"):
    """Compile with real pdflatex; on failure show the log tail."""
    assert tex.isascii(), "pdflatex input must be pure ASCII"
    source = tmp_path / f"{name}.tex"
    source.write_text(tex, encoding="ascii")
    result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                             source.name], cwd=tmp_path, capture_output=True, timeout=120)
    log = tmp_path / f"{name}.log"
    tail = log.read_text(errors="replace")[-2500:] if log.exists() else result.stdout.decode()[-2500:]
    assert result.returncode == 0, f"pdflatex exit {result.returncode}; log tail:\n{tail}"
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), f"no PDF produced; log tail:\n{tail}"
    return log.read_text(errors="replace")


def lecture_problem():
    b = sp.Symbol("b")
    return Problem.from_expression((x**2 + b * y**2) / 2, [x, y], [Domain("b", 0, True, 1, False)])


UNICODE_PROSE = "step ε with ∇²f ≤ ½‖g‖², η − θ ≥ 0, see Nesterov’s “look-ahead” — naïve ∞ → ∑ λᵢ αᵢ²"


def synthetic():
    """Every step kind, matrices, sets, a long sum, a table, and unicode in prose."""
    long_sum = sum(sp.Symbol(f"a_{i}") * x**i / (i + 1) for i in range(1, 40))
    steps = (
        Step("Objective: ε-insensitive ∇ loss", (x**2 + 3 * y**2) / 2, F, UNICODE_PROSE, key=True),
        Step("Hessian", sp.Matrix([[1, 0, 0], [0, 3, sp.sqrt(2)], [0, sp.sqrt(2), 5]]), Nabla(F, 2),
             "3×3, symmetric"),
        Step("A note", kind="note", justification="a remark with $\\frac{1}{2}\\epsilon^2$ math and 50% & #1"),
        Step("Closed form", kind="unknown", justification="could not solve ∇f = 0: sympy says no"),
        Step("Set of steps", sp.Interval.open(0, 2), epsilon, relation="in"),
        Step("Inequality", epsilon**2 / 2 - epsilon, Call(sp.Symbol("h"), epsilon), relation="<=",
             justification="R11"),
        Step("Long polynomial", long_sum, Call(sp.Symbol("p"), x), "forty terms must break over lines"),
        Step("Piecewise", sp.Piecewise((x, x > 0), (-x, True)), sp.Abs(x), "cases"),
        Step("Update", w1 - epsilon * 2 * w1, Sub(sp.Symbol("w"), sp.Symbol("k") + 1), "gradient step on w",
             key=True),
        Step("Final", long_sum + epsilon, sp.Symbol("r"), "boxed even when long", name="r", final=True),
    )
    table = Table("Numeric verification (ε = 0.1)", ("k", "closed form", "float64", "|error| ≤ 1e-12"),
                  (("0", "1", "1.0", "0"), ("1", "0.5", "0.5", "1.1e-16"), ("2", "x_1 & 50%", "$", "#")))
    return Derivation("Synthetic: every kind & 100% coverage", steps, (table,))


# --- structure -----------------------------------------------------------------------------------

def test_document_structure_numbered_boxed_and_booktabs():
    tex = document(synthetic())
    assert tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    assert r"\usepackage{amsmath,amssymb}" in tex and r"\usepackage{booktabs}" in tex
    assert tex.count(r"\begin{align}") == 8 and r"\begin{align*}" not in tex  # numbered
    assert len(set(re.findall(r"\\label\{(eq:[^}]*)\}", tex))) == 8
    assert tex.count(r"\boxed{") == 1
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    assert r"\emph{No closed form is known here.}" in tex
    assert tex.isascii()


def test_long_sum_is_broken_over_lines_inside_the_box():
    tex = latex_body(synthetic())
    long_step = tex[tex.index("Long polynomial"):tex.index("Piecewise")]
    assert r"\begin{aligned}[t]" in long_step and long_step.count(r"\\ &") >= 3
    final = tex[tex.index(r"\boxed{"):]
    assert final.startswith(r"\boxed{\begin{aligned}[t]")


def test_unicode_in_prose_becomes_latex_macros():
    tex = document(synthetic())
    assert tex.isascii()
    for macro in (r"\epsilon", r"\nabla", r"\le", r"\tfrac{1}{2}", r"\ge", r"\infty", r"\to", r"\sum",
                  r"\lambda_{i}", r"^{2}"):
        assert macro in tex, macro
    assert r"Nesterov's ``look-ahead'' ---" in tex


@pytest.mark.parametrize("title", [
    "x_1^2 & 50%", r"\input{/etc/passwd}", r"\immediate\write18{touch /tmp/pwned}", "$\\input{/etc/passwd}$",
    "^^5cinput{/etc/passwd}", "a%\n\n}{\\def\\x{1}", "{unbalanced", "<script> | ~ # $ \\",
])
def test_user_title_is_escaped_and_harmless(title):
    tex = document(synthetic(), title=title)
    head = tex[tex.index(r"\title{"):tex.index(r"\begin{document}")]
    assert not DANGEROUS.search(head) and "^^" not in head and "%" not in head.replace(r"\%", "")
    bare = head.replace(r"\{", "").replace(r"\}", "")
    assert bare.count("{") == bare.count("}")
    assert tex.isascii()


@pytest.mark.parametrize("payload", [
    r"\input{/etc/passwd}", r"\write18{touch /tmp/pwned}", r"\def\a{b}", "^^5cinput{/etc/passwd}",
    r"\begin{filecontents}{x.tex}\end{filecontents}", "50% } {", r"\csname input\endcsname{/etc/passwd}",
])
def test_math_spans_and_symbol_names_are_sanitised(payload):
    evil = sp.Symbol(payload)
    d = Derivation(f"Title with {payload}", (
        Step(f"step {payload}", evil**2 + x, F, f"see ${payload}$ and {payload}"),
        Step("table", kind="note"),
    ), (Table(payload, (payload, "b"), ((payload, sp.Integer(1)),)),))
    tex = document(d)
    assert not DANGEROUS.search(tex.split(r"\begin{document}")[1]), payload
    assert "^^" not in tex and r"\begin{filecontents}" not in tex
    assert tex.isascii()


def test_sanitizer_leaves_sympy_output_untouched():
    a, b = sp.symbols("a b", positive=True)
    n = sp.Symbol("n", integer=True)
    f = sp.Function("f")
    expressions = [sp.sqrt(x) / (1 + sp.exp(-x)), sp.Abs(x) + sp.sign(y) + sp.floor(x) + sp.ceiling(y),
                   sp.Piecewise((x, x > 0), (0, True)), sp.Interval.Lopen(0, 1), sp.Union(sp.Interval(0, 1),
                   sp.Interval(2, sp.oo)), sp.Matrix([[a, b], [b, a]]), sp.Sum(x**n, (n, 0, sp.oo)),
                   sp.Integral(sp.exp(-x**2), (x, -sp.oo, sp.oo)), sp.Derivative(f(x), x), sp.Max(a, b),
                   sp.log(x) * sp.sin(x) * sp.atan(y), sp.binomial(n, 2) * sp.factorial(n), sp.gamma(a),
                   sp.Heaviside(x), sp.I * sp.pi, sp.Rational(-3, 7) * sp.Float(0.125), sp.Symbol("alpha_1"),
                   sp.Symbol("lambda_max"), sp.Eq(x, y), sp.Le(x, 1), sp.Ne(x, y), sp.conjugate(x),
                   sp.Symbol("w_k") ** sp.Symbol("k"), sp.Limit(1 / x, x, sp.oo), sp.Mod(n, 3), sp.tanh(x),
                   sp.ConditionSet(x, x**2 > 1, sp.S.Reals), sp.FiniteSet(1, 2, 3), sp.Product(n, (n, 1, 5)),
                   sp.Matrix([x, y]).T, sp.exp(x) ** sp.Rational(1, 3), sp.Min(x, 0), sp.erf(x), sp.re(x)]
    for e in expressions:
        assert sanitize_math(sp.latex(e), allow_alignment=True) == sp.latex(e), e


# --- options -------------------------------------------------------------------------------------

def test_key_steps_only_and_without_verification():
    d = synthetic()
    full, key = document(d), document(d, key_steps=True, verification=False)
    assert "Long polynomial" in full and "Long polynomial" not in key
    assert {"Objective", "Update", "Final"} <= set(re.findall(r"\\paragraph\{\d+\.~(\w+)", key))
    assert key.count(r"\begin{align}") == 3
    assert r"\begin{table}" in full and r"\begin{table}" not in key


def test_notation_step_size_and_parameters():
    d = synthetic()
    plain = latex_body(d)
    eta = latex_body(d, step_symbol="eta", parameter_symbol="theta")
    equations = "".join(re.findall(r"\\begin\{align\}(.*?)\\end\{align\}", plain, re.S))
    assert r"\epsilon" in equations and r"\eta" not in equations
    assert r"\epsilon" not in eta and r"\eta" in eta  # equations, labels and prose (unicode ε) alike
    assert r"\theta_{1}" in eta and "w_{1}" not in eta  # the symbol w_1 renamed through sp.latex
    assert r"\theta_{k+1} &=" in eta  # the quantity w_{k+1} renamed through its symbol w
    assert "\\eta &\\in" in eta  # a lhs label ending in its relation, aligned at the relation
    with pytest.raises(SymoptError, match="epsilon or eta"):
        latex_body(d, step_symbol="alpha")


def test_notation_declared_in_metadata():
    lr = sp.Symbol("lr", positive=True)
    theta = sp.Symbol("theta", real=True)
    d = Derivation("Declared", (Step("Update", theta - lr * 2 * theta, Sub(theta, sp.Symbol("k") + 1),
                                       "step lr on $\\theta$"),),
                   metadata={"notation": {"step": ("lr",), "parameters": ()}})
    body = latex_body(d, step_symbol="eta", parameter_symbol="w")
    assert r"\eta" in body and r"\operatorname{lr}" not in body
    assert r"\theta" in body  # parameters opted out: theta stays
    assert "step lr" not in body  # the declared word is renamed in prose too


def test_markdown_math_blocks_on_their_own_lines():
    from symopt.render import markdown
    md = markdown(synthetic(), title="Sheet $ & *stars*", step_symbol="eta")
    lines = md.splitlines()
    opens = [i for i, line in enumerate(lines) if line.startswith("$$")]
    assert opens and all(lines[i] == "$$" for i in opens) and len(opens) % 2 == 0
    for i in opens[::2]:
        assert lines[i - 1] == "" and lines[i + 2] == "$$" and r"\tag{" in lines[i + 1]
    assert "| k | closed form | float64 |" in md and "| --- |" in md
    assert lines[0] == r"# Sheet \$ & \*stars\*"
    assert r"\label" not in md and r"\eta" in md


def test_plain_text_with_options():
    from symopt.render import text
    out = text(synthetic(), key_steps=True, step_symbol="eta", verification=False)
    assert "1. Objective" in out and "eta" in out and "epsilon" not in out
    assert "Numeric verification" not in out
    assert "Numeric verification" in text(synthetic())


# --- real compiles -------------------------------------------------------------------------------

@pytest.mark.latex
def test_synthetic_document_compiles(pdflatex, tmp_path):
    log = compile_tex(document(synthetic(), title="Every kind: x_1^2 & 50% \\input{/etc/passwd}"),
                      tmp_path, pdflatex)
    assert "/etc/passwd" not in re.findall(r"\(([^()\s]+)", log)  # the file was never opened


@pytest.mark.latex
@pytest.mark.parametrize("options", [
    {}, {"key_steps": True}, {"step_symbol": "eta", "parameter_symbol": "theta"}, {"verification": False},
    {"step_symbol": "epsilon", "parameter_symbol": "w", "title": "Sheet 3 -- ε & η, 100%"},
])
def test_option_variants_compile(pdflatex, tmp_path, options):
    compile_tex(document(synthetic(), **options), tmp_path, pdflatex)


@pytest.mark.latex
@pytest.mark.parametrize("payload", [r"\write18{touch PWNED}", r"\input{/etc/passwd}", "^^5cinput{/etc/passwd}",
                                     r"\openout1=PWNED.tex"])
def test_injection_compiles_harmlessly(pdflatex, tmp_path, payload):
    d = Derivation(payload, (Step(payload, sp.Symbol(payload) + 1, F, f"${payload}$ {payload}"),))
    log = compile_tex(document(d, title=payload), tmp_path, pdflatex)
    assert not list(tmp_path.glob("PWNED*"))
    assert "/etc/passwd" not in log


@pytest.mark.latex
def test_analysis_documents_compile(pdflatex, tmp_path):
    p3 = Problem.from_expression(x**2 + 2 * y**2 + 3 * z**2 + x * y + y * z, [x, y, z])
    no_closed_form = Problem.from_expression(sp.exp(x) + x**5 - 3 * x + y**2, [x, y])
    analyses = [analyze(lecture_problem()), analyze(lecture_problem(), at={"x": 1, "y": sp.Rational(1, 2)}),
                analyze(p3), analyze(no_closed_form, seconds=2)]
    assert analyses[0].problem.parameters and analyses[0].problem.domains
    assert analyses[2].hessian.shape == (3, 3)
    assert not analyses[3].derivation.complete
    for index, analysis in enumerate(analyses):
        tex = document(analysis.derivation)
        compile_tex(tex, tmp_path, pdflatex, name=f"analysis{index}")
    combined = document([a.derivation for a in analyses], title="All analyses", step_symbol="eta")
    assert combined.count(r"\section{") == 4 and r"\label{eq:d4-1}" in combined
    compile_tex(combined, tmp_path, pdflatex, name="combined")


@pytest.mark.latex
def test_cli_analyze_latex_compiles(pdflatex, tmp_path):
    out = tmp_path / "out.tex"
    result = subprocess.run([sys.executable, "-m", "symopt", "analyze", "--latex", str(out), "--title",
                             "Lecture exercise & 50%"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    tex = out.read_text()
    assert r"\title{Lecture exercise \& 50\%}" in tex
    compile_tex(tex, tmp_path, pdflatex, name="out")
    result = subprocess.run([sys.executable, "-m", "symopt", "analyze", "x**3 - 3*x*y**2", "--vars", "x,y",
                             "--at", "x=1,y=1", "--latex", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    compile_tex(out.read_text(), tmp_path, pdflatex, name="out")


@pytest.mark.latex
def test_wide_verification_tables_wrap_to_the_line_width(pdflatex, tmp_path):
    import sympy as sp
    from symopt.derivation import Derivation, Step, Table
    wide = Table("Verification", ("check", "range", "max relative error / verdict"),
                 (("float64 run vs closed form (lambdified, cse=True)",
                   "k = 0..200, 60 parameter values (b in [0.05, 1]); 1139 entries below 1e-150 excluded", "2.39e-13"),))
    narrow = Table("Short", ("k", "error"), (("1", "1e-16"),))
    tex = document(Derivation("Tables", (Step("x", sp.Symbol("x"), sp.Symbol("y")),), (wide, narrow)))
    assert tex.count(r"\begin{tabularx}{\linewidth}") == 1 and r"\begin{tabular}{ll}" in tex
    compile_tex(tex, tmp_path, pdflatex, name="tables")
