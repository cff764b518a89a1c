"""LaTeX answers: each string parses to the same sympy object as its plain-text twin.

The truth of every case is the twin, typed by hand in symopt's plain grammar (or
a sympy object built directly); nothing here is computed by the LaTeX reader.
Sources: the lecture's exercises and solution sheets (exact line search,
momentum, batch norm, schedules) and Math-Verify-style cases (fractions,
roots, boxed answers, delimiters, matrices, labels).
"""

import time

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symopt.check import check_answer
from symopt.errors import ParseError
from symopt.parsing import (looks_like_latex, parse_latex, parse_latex_answer, parse_latex_assumptions,
                            read_answer)
from symopt.parsing import parse_assumptions, parse_object

# (LaTeX, plain-text twin)
SOLUTION_SHEETS = [
    (r"b\left(\frac{b-1}{b+1}\right)^{k}", "b*((b-1)/(b+1))**k"),
    (r"\left(-\frac{b-1}{b+1}\right)^{k}", "(-((b-1)/(b+1)))**k"),
    (r"\left(\frac{\gamma-1}{\gamma+1}\right)^{2k} f(x_0)", "((gamma-1)/(gamma+1))**(2*k) * f*(x_0)"),
    (r"\frac{2}{1+\gamma}", "2/(1+gamma)"),
    (r"t_k = \frac{g_1^2 + g_2^2}{g_1^2 + \gamma g_2^2}", "t_k = (g_1**2 + g_2**2)/(g_1**2 + gamma*g_2**2)"),
    (r"\frac{\kappa - 1}{\kappa + 1}", "(kappa-1)/(kappa+1)"),
    (r"\left(\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1}\right)^2", "((sqrt(kappa)-1)/(sqrt(kappa)+1))**2"),
    (r"\frac{4}{(\sqrt{L}+\sqrt{\mu})^2}", "4/(sqrt(L)+sqrt(mu))**2"),
    (r"1 - \frac{1}{\sqrt{\kappa}}", "1 - 1/sqrt(kappa)"),
    (r"(1 - \eta\lambda_i)^k \alpha_i^0", "(1 - eta*lamda_i)**k * alpha_i**0"),
    (r"\frac{2}{L+\mu}", "2/(L+mu)"),
    (r"-\frac{\epsilon g (1-\alpha^k)}{1-\alpha}", "-epsilon*g*(1-alpha**k)/(1-alpha)"),
    (r"\dfrac{\epsilon\,\lVert g\rVert}{1-\alpha}".replace(r"\lVert g\rVert", "g"), "epsilon*g/(1-alpha)"),
    (r"k g^{2}", "k*g**2"),
    (r"\left(1-\rho^{k}\right) g^2", "(1-rho**k)*g**2"),
    (r"\left(\tfrac{2}{3}\right)^{k} x_0", "(2/3)**k*x_0"),
    (r"\frac{\gamma}{\sqrt{\sigma_B^2+\epsilon}}", "gamma/sqrt(sigma_B**2+epsilon)"),
    (r"\frac{m}{m-1}\,\sigma^2", "m/(m-1)*sigma**2"),
    (r"\beta - \frac{\gamma \mu}{\sqrt{v + \epsilon}}", "beta - gamma*mu/sqrt(v+epsilon)"),
    (r"\frac{1}{k+1}", "1/(k+1)"),
    (r"k^{-3/4}", "k**(-3/4)"),
    (r"\left(1-\frac{k}{\tau}\right)\epsilon_0 + \frac{k}{\tau}\epsilon_\tau",
     "(1-k/tau)*epsilon_0 + k/tau*epsilon_tau"),
    (r"0.9^{k}", "0.9**k"),
    (r"\frac{\sigma}{\sqrt{n}}", "sigma/sqrt(n)"),
    (r"(n!)^m".replace("n!", r"\operatorname{factorial}(n)"), "factorial(n)**m"),
    (r"\frac{1}{2}\left(x^2 + \gamma y^2\right)", "(x**2 + gamma*y**2)/2"),
    (r"x^4 + y^4", "x**4 + y**4"),
    (r"x^3 - 3xy^2", "x**3 - 3*x*y**2"),
    (r"\frac{1}{1+e^{-x}}", "sigmoid(x)"),
    (r"\max(0, x)", "relu(x)"),
    (r"\operatorname{relu}(w x + b)", "Max(0, w*x + b)"),
]

MATH_VERIFY_STYLE = [
    (r"\frac12", "1/2"),
    (r"\dfrac{3}{4}", "3/4"),
    (r"\frac{\sqrt{3}}{2}", "sqrt(3)/2"),
    (r"\sqrt[3]{x}", "x**(1/3)"),
    (r"\sqrt[n]{x+1}", "(x+1)**(1/n)"),
    (r"2\sqrt{2}", "2*sqrt(2)"),
    (r"\sqrt{x^2+y^2}", "sqrt(x**2+y**2)"),
    (r"\pi", "pi"),
    (r"\frac{\pi}{4}", "pi/4"),
    (r"2\pi r", "2*pi*r"),
    (r"e^{t\pi}", "exp(t*pi)"),
    (r"e^{-\lambda t}", "exp(-lamda*t)"),
    (r"\exp\left(-\frac{x^2}{2}\right)", "exp(-x**2/2)"),
    (r"\ln x + \ln y", "log(x) + log(y)"),
    (r"\log_2 8", "3"),
    (r"\log_{b}(x)", "log(x, b)"),
    (r"\log(x)", "log(x)"),
    (r"\sin^2 x + \cos^2 x", "sin(x)**2 + cos(x)**2"),
    (r"\sin(x)^2", "sin(x)**2"),
    (r"\sin 2x", "sin(2*x)"),
    (r"\tan\theta", "tan(theta)"),
    (r"\arctan(x)", "atan(x)"),
    (r"\cosh x - \sinh x", "cosh(x) - sinh(x)"),
    (r"3 \cdot 4", "12"),
    (r"3 \times 10^{-2}", "3/100"),
    (r"1.5 \cdot 10^{3}", "1.5*10**3"),
    (r"a \div b", "a/b"),
    (r"|x - 1|", "abs(x - 1)"),
    (r"\left| x \right|", "abs(x)"),
    (r"\lvert x \rvert + 1", "abs(x) + 1"),
    (r"\ln|x|", "log(abs(x))"),
    (r"\left[ x + 1 \right]^2", "(x+1)**2"),
    (r"\left\{ (1, 0), (-1, 0) \right\}", "{(1, 0), (-1, 0)}"),
    (r"\{1, 2\}", "{1, 2}"),
    (r"(1, 2)", "(1, 2)"),
    (r"2xy", "2*x*y"),
    (r"x_{0} + x_1", "x_0 + x_1"),
    (r"w_{ij}", "w_ij"),
    (r"\alpha_k \beta", "alpha_k*beta"),
    (r"\varepsilon + \vartheta", "epsilon + theta"),
    (r"\Delta x", "Delta*x"),
    (r"\mathrm{lr} \cdot g", "lr*g"),
    (r"\mathbf{x}^2", "x**2"),
    (r"\mathbf{x}_k + \boldsymbol{\theta}", "x_k + theta"),
    (r"E_x + E", "E_x + E"),
    (r"sin(x) + \sqrt 2", "sin(x) + sqrt(2)"),
    (r"x^{y^{2}}", "x**(y**2)"),
    (r"2^{10}", "1024"),
    (r"-x^2", "-x**2"),
    (r"\frac{-1}{2}", "-1/2"),
    (r"\frac{a}{b}\frac{c}{d}", "(a/b)*(c/d)"),
    (r"{x+1}^{2}", "(x+1)**2"),
    (r"\left(x+1\right)\left(x-1\right)", "(x+1)*(x-1)"),
    (r"\displaystyle \frac{1}{2}", "1/2"),
    (r"x \, y", "x*y"),
    (r"\sqrt{\frac{1}{2}}", "sqrt(1/2)"),
    (r"10^{-3}", "1/1000"),
]

MATRICES = [
    (r"\begin{pmatrix} 1 \\ b \end{pmatrix}", "[1, b]"),
    (r"\begin{bmatrix} 1 & 2 \\ 2 & 5 \end{bmatrix}", "[[1, 2], [2, 5]]"),
    (r"\begin{pmatrix} \gamma\left(\frac{\gamma-1}{\gamma+1}\right)^k \\ \left(-\frac{\gamma-1}{\gamma+1}\right)^k "
     r"\end{pmatrix}", "[gamma*((gamma-1)/(gamma+1))**k, (-((gamma-1)/(gamma+1)))**k]"),
    (r"\begin{matrix} a & 0 \\ 0 & b \end{matrix}", "[[a, 0], [0, b]]"),
    (r"\begin{pmatrix} 1 & 2 \end{pmatrix}", "[[1, 2]]"),
]

# whole answers as students submit them: delimiters, boxes, labels, conditions
ANSWERS = [
    (r"$\frac{1}{2}$", "1/2"),
    (r"$$2^{-k}$$", "2**(-k)"),
    (r"\[ 2^{-k} \]", "2**(-k)"),
    (r"\( 2^{-k} \)", "2**(-k)"),
    (r"\boxed{\frac{\pi}{4}}", "pi/4"),
    (r"The answer is $\boxed{3}$.".replace("The answer is ", "").replace(".", ""), "3"),
    (r"x = 3 \quad\text{so}\quad \boxed{x = 3}", "x = 3"),
    (r"x_k = b\left(\frac{b-1}{b+1}\right)^{k}", "x_k = b*((b-1)/(b+1))**k"),
    (r"f(x_k) = \frac{1}{4^{k}} \quad \text{for } k \ge 0", "1/4**k"),
    (r"x^{(k)} = 0.5^k", "0.5**k"),
    (r"\theta_{k+1} = \theta_k - \eta g_k", "theta_k - eta*g_k"),
    (r"f(x) = x^2 = \frac{2x^2}{2}", "2*x**2/2"),
    (r"x_k = 2^{-k}, \quad k \ge 0", "x_k = 2**(-k)"),
    (r"\mathbf{x}_k = \begin{pmatrix} 1 \\ 2 \end{pmatrix}", "[1, 2]"),
]


def _twin(text):
    return parse_object(text)


@pytest.mark.parametrize("latex, text", SOLUTION_SHEETS + MATH_VERIFY_STYLE + MATRICES)
def test_latex_parses_to_its_plain_text_twin(latex, text):
    assert parse_latex(latex) == _twin(text)


@pytest.mark.parametrize("latex, text", ANSWERS)
def test_whole_answers_unwrap_to_their_plain_text_twin(latex, text):
    assert parse_latex_answer(latex) == _twin(text)


def test_at_least_sixty_cases():
    assert len(SOLUTION_SHEETS + MATH_VERIFY_STYLE + MATRICES + ANSWERS) >= 60


def test_lists_of_named_values_become_a_mapping():
    k = sp.Symbol("k")
    assert parse_latex_answer(r"x_k = 2^{-k},\quad y_k = (-1)^k") == {"x_k": 2**-k, "y_k": (-1)**k}
    assert parse_latex_answer(r"x_k = 1 \\ y_k = 2") == {"x_k": 1, "y_k": 2}


def test_declared_names_are_not_split_and_keep_their_assumptions():
    lr = sp.Symbol("lr", positive=True)
    k = sp.Symbol("k", integer=True)
    value = parse_latex(r"lr^{k}", symbols={"lr": lr, "k": k})
    assert value == lr**k
    assert parse_latex("lr") == sp.Symbol("l") * sp.Symbol("r")


def test_looks_like_latex_never_claims_plain_text():
    for text in ("x**2", "(x+1)/(x-1)", "{(1, 0), (-1, 0)}", "x_k", "[[1, 2], [3, 4]]", "sin(x)^2"):
        assert not looks_like_latex(text)
        assert read_answer(text) == text
    for text in (r"\frac12", "$x$", "x^{2}", "x_{k}"):
        assert looks_like_latex(text)


def test_latex_assumptions_match_the_plain_ones():
    cases = [
        (r"0 < b \le 1", "0 < b <= 1"),
        (r"b \geq 0", "b >= 0"),
        (r"k \in \mathbb{N}", "k natural"),
        (r"k \in \mathbb{Z}", "k integer"),
        (r"b \in (0, 1]", "b in (0, 1]"),
        (r"b \in \left(0, 1\right]", "b in (0, 1]"),
        (r"\beta \in (0, \tfrac{1}{2})", "beta in (0, 1/2)"),
        (r"x \in [0, \infty)", "x in [0, oo)"),
        (r"0 < b \leq \frac{1}{2},\quad k \in \mathbb{N}", "0 < b <= 1/2, k natural"),
        (r"$\mu > 0$, $L \ge \mu$".replace(r", $L \ge \mu$", ""), "mu > 0"),
    ]
    for latex, text in cases:
        assert [d.describe() for d in parse_latex_assumptions(latex)] == \
            [d.describe() for d in parse_assumptions(text)], latex


# ------------------------------------------------------------------------------------------------
# refusals: one-line messages naming the problem, found before anything is built, quickly
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("latex, words", [
    (r"\input{/etc/passwd}", r"\input"),
    (r"\include{x}", r"\include"),
    (r"\def\x{1}\x", r"\def"),
    (r"\catcode`\^=7 x", r"\catcode"),
    (r"\newcommand{\x}{1}", r"\newcommand"),
    (r"\csname x\endcsname", r"\csname"),
    (r"\write18{rm -rf /}", r"\write"),
    (r"x + \foo{y}", r"unknown LaTeX command \foo"),
    (r"\unknowncmd", r"\unknowncmd"),
    (r"\int_0^1 x\,dx", r"\int"),
    (r"\sum_{i=1}^n i", r"\sum"),
    (r"\infty", "only accepted in assumptions"),
    (r"a & b", "matrix"),
    (r"\left( x", r"no matching \right"),
    (r"\frac{1}{2", "never closed"),
    (r"x_{k+1}", "subscript"),
    (r"x^", "missing exponent"),
    (r"\begin{cases} 1 \end{cases}", "environment {cases}"),
    (r"\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}", "different lengths"),
    (r"x + $y$", "'$'"),
    (r"x'", "primes"),
    ("x % comment", "'%'"),
    (r"\sin", "argument"),
    (r"1.5.3", "missing operator before the number at column 4"),
    (r"x + \frac{1}{0}", "division by zero at column 14"),
    (r"2 + \sinn(x)", "unknown LaTeX command \\sinn at column 5"),
])
def test_refusals_name_what_is_wrong(latex, words):
    with pytest.raises(ParseError) as info:
        parse_latex_answer(latex)
    message = str(info.value)
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize("hostile", [
    "{" * 10_000 + "x" + "}" * 10_000,                       # 10^4 nested braces
    "{" * 4_000 + "x" + "}" * 4_000,                         # within the length limit, too many parts
    "{" * 100 + "x" + "}" * 100,                             # too deep
    r"\frac{1}{" * 1_000 + "x" + "}" * 1_000,                 # nested \frac chain (length limit)
    r"\frac{1}{" * 500 + "x" + "}" * 500,                     # nested \frac chain (depth limit)
    r"\frac\frac\frac" * 100,                                # unbraced nesting (depth limit)
    r"\left(" * 600 + "x" + r"\right)" * 600,
    r"\frac{1}{2}" * 2_000,                                  # long \frac chain (length limit)
    r"\frac{1}{2}" * 900,                                    # long \frac chain (size limits)
    r"\left(" * 3_000 + "x" + r"\right)" * 3_000,
    r"\sqrt{" * 3_000 + "x" + "}" * 3_000,
    r"\sqrt{" * 1_000 + "x" + "}" * 1_000,
    "x^{" * 3_000 + "2" + "}" * 3_000,
    r"9^{9^{9}}",
    r"\left(x+1\right)^{100000}",
    r"\operatorname{factorial}(10^{7})",
    r"\input{" * 3_000,
], ids=lambda text: f"{text[:20]}...{len(text)}chars")
def test_hostile_latex_is_refused_quickly(hostile):
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse_latex_answer(hostile)
    assert time.perf_counter() - start < 2.0


def test_depth_refusals_say_so():
    with pytest.raises(ParseError, match="nested deeper than 60 levels"):
        parse_latex_answer(r"\sqrt{" * 1_000 + "x" + "}" * 1_000)


def test_same_length_limit_as_text():
    with pytest.raises(ParseError, match="too long"):
        parse_latex("x+" * 6_000 + "x")


# ------------------------------------------------------------------------------------------------
# check_answer reads LaTeX answers (auto-detected or forced) and LaTeX assumptions
# ------------------------------------------------------------------------------------------------
def test_check_answer_accepts_a_latex_answer_with_a_label():
    verdict = check_answer("b*((b-1)/(b+1))**k", r"x_k = b\left(\frac{b-1}{b+1}\right)^{k}",
                           integer="k", assume="0<b<=1")
    assert verdict.equivalent is True


def test_check_answer_finds_the_counterexample_in_a_latex_answer():
    verdict = check_answer("((1-b)/(1+b))**k", r"$\left(\frac{b-1}{b+1}\right)^{k}$", integer="k",
                           assume=r"0 < b \le 1")
    assert verdict.equivalent is False
    assert int(verdict.counterexample["k"]) % 2 == 1


def test_check_answer_answer_format_forces_the_reading():
    # "text" refuses LaTeX as unreadable; "latex" reads it
    assert check_answer("1/2", r"\frac12", answer_format="text").method == "parse"
    assert check_answer("1/2", r"\frac12", answer_format="latex").equivalent is True
    assert check_answer("x**2", "x^2", answer_format="latex").equivalent is True


def test_check_answer_reports_unreadable_latex_as_undetermined():
    verdict = check_answer("x", r"\input{/etc/passwd}")
    assert verdict.equivalent is None and verdict.method == "parse"
    assert r"\input" in verdict.message


def test_check_answer_latex_vector_and_mapping():
    reference = {"x_k": "b*((b-1)/(b+1))**k", "y_k": "(-(b-1)/(b+1))**k"}
    verdict = check_answer(reference, r"x_k = b\left(\frac{b-1}{b+1}\right)^k,\quad "
                                      r"y_k = \left(\frac{1-b}{1+b}\right)^k", integer="k", assume="0<b<=1")
    assert verdict.equivalent is True
    verdict = check_answer("[1, b]", r"\begin{pmatrix} 1 \\ b \end{pmatrix}")
    assert verdict.equivalent is True


def test_batch_accepts_latex_assumptions():
    from symopt.check_batch import check_batch
    graded = check_batch([("s1", r"\left(\frac{1-b}{1+b}\right)^k"), ("s2", r"\left(\frac{b-1}{b+1}\right)^k")],
                         "((1-b)/(1+b))**k", integer="k", assume=r"0 < b \le 1")
    assert [g.verdict.equivalent for g in graded] == [True, False]


# ------------------------------------------------------------------------------------------------
# round trip through sympy's own LaTeX printer: the truth is the expression sympy printed
# ------------------------------------------------------------------------------------------------

_X, _Y, _B, _ALPHA, _X1 = sp.symbols("x y b alpha x_1", positive=True)
_TABLE = {s.name: s for s in (_X, _Y, _B, _ALPHA, _X1)}
_ATOMS = st.sampled_from([_X, _Y, _B, _ALPHA, _X1, sp.Integer(2), sp.Integer(3), sp.Rational(1, 2), sp.pi,
                          sp.Integer(-1)])


def _extend(children):
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda t: t[0] + t[1]), pairs.map(lambda t: t[0] * t[1]),
        pairs.map(lambda t: t[0] / t[1] if t[1] != 0 else t[0]),
        st.tuples(children, st.sampled_from([2, 3, -1, sp.Rational(1, 2), -2])).map(lambda t: t[0] ** t[1]),
        children.map(sp.exp), children.map(sp.sin), children.map(sp.cos), children.map(sp.tanh),
        children.map(sp.sqrt), children.map(sp.Abs), children.map(lambda c: sp.log(c) if c != 0 else c),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.recursive(_ATOMS, _extend, max_leaves=6))
def test_sympys_latex_reads_back_as_the_same_expression(expression):
    if expression.has(sp.I, sp.zoo, sp.nan, sp.oo):   # symopt's grammars have no complex literals
        return
    parsed = parse_latex(sp.latex(expression), symbols=_TABLE)
    assert parsed == expression or sp.simplify(parsed - expression) == 0, sp.latex(expression)


_PIECES = [r"\frac", "{", "}", "^", "_", r"\left(", r"\right)", r"\left|", r"\right|", r"\left.", r"\right.", "(", ")",
           "[", "]", "x", "k", "1", ".5", r"\sqrt", r"\sqrt[", "&", r"\\", r"\begin{pmatrix}", r"\end{pmatrix}", "=",
           ",", r"\quad", r"\text{for }", "|", r"\boxed{", "$", r"\sin", r"\log_", r"\mathbf", r"\in", r"\le",
           r"\mathbb{N}", " ", "-", r"\cdot", r"\pi", r"\infty", r"\{", r"\}", r"\lvert", r"\rvert", r"\mathrm{",
           "'", "!", "**", "\\"]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
def test_any_malformed_latex_is_a_parse_error_never_a_crash(text):
    for reader in (parse_latex_answer, parse_latex_assumptions):
        try:
            reader(text)
        except ParseError as exc:
            assert "\n" not in str(exc)


@pytest.mark.parametrize("text, message", [
    (r"\lvert x", r"\lvert at column 1 is never closed"),
    (r"1 + \vert x", r"\vert at column 5 is never closed"),
    (r"\{ 1, 2", r"'\{' at column 1 is never closed"),
    (r"\lbrace 1", r"'\{' at column 1 is never closed"),
])
def test_groups_opened_by_a_command_must_be_closed(text, message):
    with pytest.raises(ParseError) as info:
        parse_latex(text)
    assert str(info.value) == message


def test_groups_opened_by_a_command():
    x = sp.Symbol("x")
    assert parse_latex(r"\lvert x \rvert^2") == sp.Abs(x) ** 2
    assert parse_latex(r"\{ 1, 2 \}") == sp.FiniteSet(1, 2)
