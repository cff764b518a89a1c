"""Momentum and Nesterov, pinned where the mutation run (benchmarks/mutation.py momentum) found changes
no test noticed. Truths are computed here from the formulas of Polyak (1964) and Nesterov (2004), or by
plain iteration."""
import numpy as np
import sympy as sp

from symopt import Problem
from symopt.methods.momentum import momentum, terminal_velocity
from symopt.problem import k
from symopt.render.prose import prose_of

QUADRATIC = "(x**2 + 4*y**2)/2"    # μ = 1, L = 4, κ = 4


def heavy_ball(h, start, lr, beta, steps, nesterov=False):
    """θ_k of the lecture's v ← αv − ε∇f(θ (+ αv)), θ ← θ + v on ½ Σ h_i θ_i², in float64."""
    theta, v = np.array(start, float), np.zeros(len(start))
    out = [theta.copy()]
    for _ in range(steps):
        g = h * (theta + beta * v if nesterov else theta)
        v = beta * v - lr * g
        theta = theta + v
        out.append(theta.copy())
    return out


def test_nesterov_choice_for_this_problem_is_1_over_L_and_the_sqrt_kappa_rate():
    r = momentum(Problem.from_text(QUADRATIC, "x,y"), {"x": 1, "y": 1}, lr=sp.Rational(1, 4),
                 momentum=sp.Rational(1, 3), nesterov=True)
    # ε = 1/L = 1/4, α = (√κ − 1)/(√κ + 1) = 1/3, ρ = 1 − 1/√κ = 1/2
    assert tuple(r.derivation.results["nesterov_choice"]) == (sp.Rational(1, 4), sp.Rational(1, 3), sp.Rational(1, 2))
    assert r.extras["optimal"] == {"epsilon": sp.Rational(1, 4), "alpha": sp.Rational(1, 3)}


def test_polyak_choice_for_this_problem():
    r = momentum(Problem.from_text(QUADRATIC, "x,y"), {"x": 1, "y": 1}, lr=sp.Rational(1, 10),
                 momentum=sp.Rational(1, 2))
    # ε* = 4/(√L + √μ)² = 4/9, α* = ((√L − √μ)/(√L + √μ))² = 1/9, ρ* = 1/3
    assert tuple(r.derivation.results["polyak_choice"]) == (sp.Rational(4, 9), sp.Rational(1, 9), sp.Rational(1, 3))


def test_divergent_momentum_says_so_and_its_rate_is_the_largest_root():
    r = momentum(Problem.from_text(QUADRATIC, "x,y"), {"x": 1, "y": 1}, lr=sp.Rational(3, 4),
                 momentum=sp.Rational(1, 10))
    # λ = 4: z² − (1 + α − ελ)z + α = z² + 1.9z + 0.1, largest |root| = (1.9 + √(3.61 − 0.4))/2
    largest = (1.9 + np.sqrt(1.9**2 - 0.4)) / 2
    assert abs(float(r.derivation.results["rate"]) - largest) < 1e-12
    assert any("does not converge" in n for n in r.notes)
    run = heavy_ball(np.array([1.0, 4.0]), [1, 1], 0.75, 0.1, 12)
    for n in (0, 1, 5, 12):
        got = [complex(r.closed_form[v].xreplace({k: n}).evalf(30)).real for v in "xy"]
        assert np.allclose(got, run[n], rtol=1e-9), n


def test_underdamped_rate_is_sqrt_alpha():
    r = momentum(Problem.from_text(QUADRATIC, "x,y"), {"x": 1, "y": 1}, lr=sp.Rational(1, 10),
                 momentum=sp.Rational(81, 100))
    # both modes have complex roots (discriminant (1 + α − ελ)² − 4α < 0), so |z| = √det = √α = 9/10
    assert r.derivation.results["rate"] == sp.Rational(9, 10)


def test_terminal_velocity_with_numbers():
    r = terminal_velocity(lr=sp.Rational(1, 10), momentum=sp.Rational(9, 10), gradient=2, verify_result=False)
    # v_k = −εg(1 − α^k)/(1 − α) → −εg/(1 − α) = −2
    for n in range(5):
        assert r.closed_form["v"].xreplace({k: n}) == -sp.Rational(1, 5) * (1 - sp.Rational(9, 10) ** n) * 10
    assert r.extras["terminal"] == -2
    assert r.derivation.results["step_size"] == 2


def test_nesterov_rate_proof_states_the_choice_and_keeps_the_rate_as_a_key_step():
    from symopt.methods.momentum import nesterov_rate_proof
    steps, proved = nesterov_rate_proof()
    q, L = sp.Symbol("q"), sp.Symbol("L")
    assert proved is True
    assert steps[0].rhs == sp.Tuple(1 / L, (q - 1) / (q + 1))
    assert steps[-1].key and steps[-1].rhs == 1 - 1 / sp.sqrt(sp.Symbol("kappa"))
    r = momentum(Problem.from_text(QUADRATIC, "x,y"), {"x": 1, "y": 1}, lr=sp.Rational(1, 4),
                 momentum=sp.Rational(1, 3), nesterov=True, verify_result=False)
    titles = [s.title for s in r.derivation.key_steps().steps]
    assert any(title.startswith("Spectral radius (Nesterov") for title in titles), titles


def test_polyak_rate_is_a_key_step_and_terminal_velocity_is_shown_in_the_lecture_form():
    r = momentum(Problem.from_text(QUADRATIC, "x,y"), {"x": 1, "y": 1}, lr=sp.Rational(1, 10),
                 momentum=sp.Rational(1, 2), verify_result=False)
    assert "Its rate" in [s.title for s in r.derivation.key_steps().steps]
    numeric = terminal_velocity(lr=sp.Rational(1, 10), momentum=sp.Rational(9, 10), gradient=2, verify_result=False)
    # the closed form is printed as −εg(1 − α^k)/(1 − α) once it is proved equal to the matrix-power result
    assert numeric.closed_form["v"] == -2 * (1 - sp.Rational(9, 10) ** k)


def test_each_mode_states_its_root_regime():
    def justifications(lr, beta):
        r = momentum(Problem.from_text(QUADRATIC, "x,y"), {"x": 1, "y": 1}, lr=lr, momentum=beta, verify_result=False)
        # titles and justifications hold sympy values (("Mode λ = ", 1, ": ...")): compare them as sentences
        return {prose_of(s.title): prose_of(s.justification) for s in r.derivation.steps}, r
    # (1 + α − ελ)² − 4α at α = 1/100, ε = 1/10: λ = 1 gives 0.8281 > 0.04, λ = 4 gives 0.3721 > 0.04: real roots
    real, _ = justifications(sp.Rational(1, 10), sp.Rational(1, 100))
    assert real["Mode λ = 1: characteristic roots"].startswith("distinct real roots")
    assert real["Mode λ = 4: characteristic roots"].startswith("distinct real roots")
    complex_, _ = justifications(sp.Rational(1, 10), sp.Rational(81, 100))   # 4α = 3.24 exceeds both
    assert complex_["Mode λ = 1: characteristic roots"].startswith("complex pair")
    regime = complex_["Mode λ = 1: characteristic roots"]
    assert "9/10" in regime or r"\frac{9}{10}" in regime, regime   # ρ = √det = √α
    assert not any(title.endswith("at a double root") for title in complex_)
    # symbolic hyperparameters: the sign of the discriminant is open, so the double-root form is given too
    symbolic, _ = justifications(None, None)
    assert any(title.endswith("T^k at a double root") for title in symbolic)
