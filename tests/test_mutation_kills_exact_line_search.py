"""Exact line search, pinned where the mutation run (benchmarks/mutation.py exact_line_search) found
changes no test noticed. Truths are computed here: by hand (R1', Kantorovich) or by plain iteration
in exact rationals."""
import sympy as sp

from symopt import Problem
from symopt.methods.exact_line_search import exact_line_search
from symopt.problem import k
from symopt.render.prose import prose_of

# f = ((x − 1)² + 4(y + 2)²)/2 + 3: minimiser (1, −2), f* = 3; from (2, −1) the error starts at (1, 1)
SHIFTED = "((x - 1)**2 + 4*(y + 2)**2)/2 + 3"


def exact_iterates(steps):
    """x_{n+1} = x_n − (gᵀg / gᵀHg) g in exact rationals, for SHIFTED."""
    H = sp.diag(1, 4)
    x = sp.Matrix([2, -1])
    out = [x]
    for _ in range(steps):
        g = H * (x - sp.Matrix([1, -2]))
        x = x - (g.T * g)[0] / (g.T * H * g)[0] * g
        out.append(x)
    return out


def f_shifted(point):
    return ((point[0] - 1) ** 2 + 4 * (point[1] + 2) ** 2) / 2 + 3


def test_shifted_quadratic_minimiser_steps_rate_and_objective():
    r = exact_line_search(Problem.from_text(SHIFTED, "x,y"), {"x": 2, "y": -1})
    results = r.derivation.results
    assert results["stationary_point"] == sp.Matrix([[1, -2]])
    # R1': x_{k+2} − x* = c (x_k − x*), c = λ1λ2 x0²y0²(λ1−λ2)² / ((λ1x0² + λ2y0²)(λ1³x0² + λ2³y0²))
    c = sp.Rational(1 * 4 * 1 * 1 * 9, (1 + 4) * (1 + 64))
    assert results["two_step_factor"] == c
    assert sp.simplify(results["rate"] - sp.sqrt(c)) == 0
    iterates = exact_iterates(6)
    H = sp.diag(1, 4)
    for n in range(6):
        g = H * (iterates[n] - sp.Matrix([1, -2]))
        step = (g.T * g)[0] / (g.T * H * g)[0]
        assert sp.simplify(results["step_size"].xreplace({k: n}) - step) == 0, n
        point = [r.closed_form[v].xreplace({k: n}) for v in "xy"]
        assert sp.simplify(sp.Matrix(point) - iterates[n]) == sp.zeros(2, 1), n
        gap = results["objective_gap"].xreplace({k: n, sp.Symbol("E_0"): f_shifted(iterates[0]) - 3})
        assert sp.simplify(gap - (f_shifted(iterates[n]) - 3)) == 0, n
    assert sp.simplify(results["kantorovich_bound"] - sp.Rational(9, 25)) == 0   # κ = 4: ((κ−1)/(κ+1))²


def test_exercise_objective_gap_is_the_proved_power_of_e0():
    r = exact_line_search(Problem.from_text("(x**2 + y**2/4)/2 + 1", "x,y"), {"x": sp.Rational(1, 4), "y": 1})
    gap = r.derivation.results["objective_gap"]
    # R1 with γ = 1/4 from (γ, 1), f* = 1: f(x_k) − f* = ((1−γ)/(1+γ))^{2k} E_0 with E_0 = (γ² + γ)/2
    E0 = (sp.Rational(1, 16) + sp.Rational(1, 4)) / 2
    for n in range(4):
        assert gap.xreplace({k: n, sp.Symbol("E_0"): E0}) == sp.Rational(3, 5) ** (2 * n) * E0


def test_key_steps_keep_the_orthogonality_result():
    r = exact_line_search(Problem.from_text("(x**2 + 4*y**2)/2", "x,y"), {"x": 4, "y": 1})
    titles = [s.title for s in r.derivation.key_steps().steps]
    assert "Hence consecutive gradients are orthogonal" in titles and "Exact step: φ'(α) = 0" in titles


def test_one_variable_results_are_scalars_and_verification_can_be_skipped():
    r = exact_line_search(Problem.from_text("x**2/2 + x", "x"), {"x": 3})
    assert r.derivation.results["stationary_point"] == -1
    assert r.closed_form["x"].xreplace({k: 1}) == -1          # one exact step lands on the minimiser
    assert r.verification is not None and r.verification.passed()
    quiet = exact_line_search(Problem.from_text("(x**2 + 4*y**2)/2", "x,y"), {"x": 1, "y": 1}, verify_result=False)
    assert quiet.verification is None and quiet.closed_form["x"] is not None


def test_non_quadratic_step_equation_and_its_single_root():
    r = exact_line_search(Problem.from_text("x**4", "x"), {"x": 1})
    results = r.derivation.results
    x = r.problem.variables[0]
    alpha = next(s for s in results["step_equation"].free_symbols if s.name == "alpha")
    # φ'(α) = −f'(x − α f'(x)) f'(x) with f' = 4x³; the only nonzero root is α = 1/(4x²), which lands on 0
    assert sp.expand(results["step_equation"] + 4 * (x - alpha * 4 * x**3) ** 3 * 4 * x**3) == 0
    assert sp.simplify(results["step_size"] - 1 / (4 * x**2)) == 0


def test_repeated_eigenvalues_count_once_in_the_eigen_subspace():
    # H = diag(1, 1, 4): x_0 − x* = (1, 1, 1) touches two distinct eigenvalues, so the problem is 2-D
    r = exact_line_search(Problem.from_text("(x**2 + y**2 + 4*z**2)/2", "x,y,z"), {"x": 1, "y": 1, "z": 1})
    assert all(r.closed_form[v] is not None for v in "xyz")
    notes = [prose_of(s.justification) for s in r.derivation.steps if s.title == "The start lies in an eigen-subspace"]
    assert len(notes) == 1 and "1, 4 only" in notes[0]
    iterates = [sp.Matrix([1, 1, 1])]
    H = sp.diag(1, 1, 4)
    for _ in range(4):
        g = H * iterates[-1]
        iterates.append(iterates[-1] - (g.T * g)[0] / (g.T * H * g)[0] * g)
    for n, point in enumerate(iterates):
        assert sp.simplify(sp.Matrix([r.closed_form[v].xreplace({k: n}) for v in "xyz"]) - point) == sp.zeros(3, 1)


def test_two_variable_derivation_steps_show_rows_and_the_direct_orthogonality():
    r = exact_line_search(Problem.from_text("(x**2 + 4*y**2)/2", "x,y"), {"x": 1, "y": 1})
    by_title = {s.title: s for s in r.derivation.steps}
    assert by_title["Second iterate"].rhs.shape == (1, 2)
    assert by_title["Directly on the closed form"].rhs == 0
    assert "The start lies in an eigen-subspace" not in by_title     # only said for three or more variables
