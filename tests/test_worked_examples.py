"""Every worked example runs, prints, and returns what it derived, measured and predicted;
what it measured agrees with what theory predicts (PEPit's examples are the model).

Scripts are discovered by glob (worked_examples/[0-9][0-9]_*.py). A script
with the line ``# symopt: slow`` in its first 40 lines runs under the ``slow`` marker.
Each script runs once per session (its result is cached); the theory a test
compares with is written out in the test, independently of symopt.
"""

import contextlib
import io
import math
import re
import runpy
from pathlib import Path

import pytest
import sympy as sp

EXAMPLES = Path(__file__).resolve().parent.parent / "worked_examples"
README = EXAMPLES / "README.md"
SCRIPTS = sorted(EXAMPLES.glob("[0-9][0-9]_*.py"))

#: The lecture topics of issue 6, one script each.
TOPICS = (
    "01_empirical_risk_and_surrogate_loss.py", "02_minibatch_standard_error.py",
    "03_local_quadratic_approximation.py", "04_ill_conditioning.py", "05_critical_points_and_saddles.py",
    "06_weight_space_symmetry.py", "07_cliffs_and_gradient_clipping.py", "08_long_term_dependencies.py",
    "09_sgd_and_learning_rate_schedules.py", "10_momentum.py", "11_nesterov.py", "12_adagrad.py",
    "13_rmsprop.py", "14_rmsprop_nesterov.py", "15_newton.py", "16_batch_normalization.py",
    "17_exact_line_search_exercise.py",
)


def _is_slow(path):
    head = path.read_text(encoding="utf-8").splitlines()[:40]
    return any(line.strip() == "# symopt: slow" for line in head)


def _params():
    return [pytest.param(path, id=path.stem, marks=[pytest.mark.slow] if _is_slow(path) else [])
            for path in SCRIPTS]


_RESULTS = {}


def run_example(path, capsys=None):
    """``(result, printed)`` of the script's ``main()``, run once per session."""
    path = Path(path)
    if path not in _RESULTS:
        namespace = runpy.run_path(str(path), run_name="not_main")
        assert callable(namespace.get("main")), f"{path.name} has no main()"
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            result = namespace["main"]()
        _RESULTS[path] = (result, output.getvalue())
    return _RESULTS[path]


@pytest.mark.parametrize("path", _params())
def test_example_runs_and_returns_its_results(path, capsys):
    result, printed = run_example(path)
    assert isinstance(result, dict), f"{path.name}: main() returned {type(result).__name__}, not a dict"
    missing = {"symbolic", "numeric", "theory"} - set(result)
    assert not missing, f"{path.name}: main() result lacks {sorted(missing)}"
    assert printed.strip(), f"{path.name}: main() printed nothing"
    source = path.read_text(encoding="utf-8")
    assert re.search(r'^if __name__ == "__main__":\s*\n\s+main\(\)', source, re.M), \
        f'{path.name}: end with  if __name__ == "__main__": main()'


def _readme_entries():
    return re.findall(r"^- `(\d\d_[A-Za-z0-9_]+\.py)` — \S", README.read_text(encoding="utf-8"), re.M)


def test_readme_lists_every_script_once():
    entries = _readme_entries()
    duplicates = sorted({e for e in entries if entries.count(e) > 1})
    assert not duplicates, f"listed more than once in worked_examples/README.md: {duplicates}"
    unlisted = sorted(p.name for p in SCRIPTS if p.name not in entries)
    assert not unlisted, f"add a line '- `NAME` — topic' to worked_examples/README.md for: {unlisted}"
    assert sorted(entries) == sorted(TOPICS), "README.md must list exactly the 17 lecture topics"


def test_all_17_lecture_topics_have_a_worked_example():
    # Completeness of issue 6: fails, naming the missing scripts, until every topic has landed.
    present = {p.name for p in SCRIPTS}
    missing = [name for name in TOPICS if name not in present]
    assert not missing, f"{len(missing)} of 17 worked examples missing: {', '.join(missing)}"
    extra = sorted(present - set(TOPICS))
    assert not extra, f"scripts that are not a lecture topic of the list (rename or add to TOPICS): {extra}"


# --- measured against theory, one check per example -------------------------------------------------

def test_local_quadratic_example_agrees_with_theory(capsys):
    result, _ = run_example(EXAMPLES / "03_local_quadratic_approximation.py")
    assert abs(result["numeric"]["model_error_order"] - result["theory"]["model_error_order"]) < 0.1
    for measured, mp50, lam in zip(result["numeric"]["curvature_float64"], result["numeric"]["curvature_mpmath50"],
                                   result["theory"]["curvature"]):
        assert abs(measured - lam) < 1e-6
        assert abs(float(mp50) - lam) < 1e-14
    assert result["symbolic"]["eigenvalues"] == (sp.Rational(3, 2) - sp.sqrt(5) / 2, sp.Rational(3, 2) + sp.sqrt(5) / 2)


def test_ill_conditioning_example_agrees_with_theory(capsys):
    result, _ = run_example(EXAMPLES / "04_ill_conditioning.py")
    numeric, theory = result["numeric"], result["theory"]
    assert abs(numeric["first_increasing_step"] - theory["increase_threshold"]) < 1e-9
    assert abs(numeric["rate_best_fixed_measured"] - theory["rate_best_fixed"]) < 1e-9
    assert numeric["iterations_to_1e-6_eps1"] == theory["iterations_to_1e-6_eps1"]
    assert numeric["change_float64_max_error"] < 1e-13 and numeric["change_mpmath50_max_error"] < 1e-45
    assert numeric["diverges_above_2_over_lambda_max"]
    assert abs(numeric["growth_per_step_eps_2.05"] - theory["growth_per_step_eps_2.05"]) < 1e-9
    b = sp.Symbol("b", positive=True)
    assert sp.simplify(result["symbolic"]["rate"].subs({s: b for s in result["symbolic"]["rate"].free_symbols})
                       - (1 - b) / (1 + b)) == 0


def close(measured, predicted, rel=1e-9, abs_=0.0):
    return math.isclose(float(measured), float(predicted), rel_tol=rel, abs_tol=abs_)


def check_01(numeric, theory, symbolic):
    # surrogates bound the 0-1 loss from above (logistic after dividing by ln 2): the minimum gap is >= 0
    assert numeric["min_hinge_minus_zero_one"] >= 0 and numeric["min_logistic_over_ln2_minus_zero_one"] >= 0
    assert numeric["derivative_fd_error"]["logistic"] < 1e-6 and numeric["derivative_fd_error"]["hinge"] < 1e-6
    # once the training 0-1 loss is 0 the NLL keeps falling and the weights keep growing (separable data)
    assert numeric["zero_one_reaches_zero_at_step"] is not None
    assert numeric["nll_final"] < numeric["nll_at_that_step"]
    assert numeric["weight_norm_final"] > numeric["weight_norm_at_that_step"]


def check_02(numeric, theory, symbolic):
    for model, predicted in theory["predicted"].items():
        # sigma/sqrt(n) for batch sizes growing 4x: each prediction is half the previous one
        assert all(close(a / b, 2.0, rel=1e-12) for a, b in zip(predicted, predicted[1:]))
        for measured, expected in zip(numeric["measured"][model], predicted):
            assert close(measured, expected, rel=0.05), (model, measured, expected)


def check_05(numeric, theory, symbolic):
    p2 = (1 - 1 / math.sqrt(2)) / 2  # P(both eigenvalues of a 2x2 GOE matrix > 0)
    assert close(theory["p2"], p2, rel=1e-12) and close(theory["theta"], math.log(3) / 4, rel=1e-12)
    for n, expected in ((1, 0.5), (2, p2)):
        low, high = numeric["goe"][n]["ci"]
        assert low <= expected <= high, (n, low, high, expected)
    sizes = sorted(numeric["goe"])
    probabilities = [numeric["goe"][n]["p_minimum"] for n in sizes]
    # minima get rarer with n (at large n no sample of the run is a minimum: both fractions 0)
    assert all(a > b or a == b == 0 for a, b in zip(probabilities, probabilities[1:]))
    assert numeric["fit_log_p_vs_n2"]["rms_residual"] < numeric["fit_log_p_vs_n"]["rms_residual"]
    assert numeric["kinds_match"]
    resolved = numeric["degenerate_resolved"]
    assert resolved["x**4 + y**4"] == ["minimum"] and resolved["x**3 - 3*x*y**2 (monkey saddle)"] == ["saddle"]


def check_06(numeric, theory, symbolic):
    assert numeric["enumerated_equivalent_n3_m2"] == math.factorial(3) ** 2
    assert theory["count_n4_m2"] == math.factorial(4) ** 2
    for symmetry in ("permutation_relu", "permutation_tanh", "scaling_relu", "sign_flip_tanh",
                     "enumerated_max_difference"):
        assert numeric[symmetry] < 1e-12, symmetry
    assert numeric["scaling_tanh"] > 1e-3 and numeric["sign_flip_relu"] > 1e-3  # not symmetries


def check_07(numeric, theory, symbolic):
    parameters = numeric["from_3_2"]["parameters"]
    lr, clip = parameters["lr"], parameters["clip"]
    # on the cliff face x = c the gradient is c + h s, so a plain step is lr (c + h s)
    wall_step = lr * (parameters["position"] + parameters["height"] * parameters["steepness"])
    assert close(theory["plain_step_at_wall"], wall_step, rel=1e-12)
    assert close(numeric["largest_step_plain"], wall_step, rel=0.02)
    assert numeric["largest_step_clipped"] <= lr * clip * (1 + 1e-9)
    assert numeric["from_3_2"]["without_clipping"]["thrown_off"]
    assert not numeric["from_3_2"]["with_clipping"]["thrown_off"]


def check_08(numeric, theory, symbolic):
    # |lambda|^50 along each eigenvector (the start has unit components)
    assert close(numeric["norm_after_50_steps_by_mode"]["2/5"], 0.4 ** 50, rel=1e-9)
    assert close(numeric["norm_after_50_steps_by_mode"]["7/5"], 1.4 ** 50, rel=1e-9)
    assert close(numeric["float64_norm_after_50_steps_by_mode"]["7/5"], 1.4 ** 50, rel=1e-9)
    assert numeric["symbolic_substitution"] is True
    assert numeric["float64_max_rel_error"] < 1e-12 and numeric["mpmath_max_rel_error"] < 1e-45


def check_09(numeric, theory, symbolic):
    # Robbins & Monro: sum eps = inf and sum eps^2 < inf
    truth = {"1/k": True, "1/(k+1)": True, "k**(-3/4)": True, "k**(-1/2)": False, "1/k**2": False,
             "0.9**k": False, "linear decay": False}
    assert {name: symbolic["verdicts"][name] for name in truth} == truth
    assert theory["robbins_monro"] == truth
    assert symbolic["p_interval"] in ("Interval.Lopen(1/2, 1)", "(1/2, 1]")
    excess = numeric["excess_risk"]
    assert excess["constant 0.1"] > excess["1/(k/50 + 2)"] and excess["constant 0.1"] > excess["linear decay"]


def check_10(numeric, theory, symbolic):
    assert close(numeric["terminal_velocity_eps0.01_alpha0.9_g1"], -0.01 / (1 - 0.9), rel=1e-8)
    # Polyak's parameters for mu = 1/9, L = 1: rate (sqrt(kappa) - 1)/(sqrt(kappa) + 1) = 1/2; the double root
    # makes the measured ratio approach it from above like (1 + 1/k)
    assert close(numeric["measured_rate_at_polyak_parameters"], 0.5, rel=0.01)
    assert numeric["polyak_symbolic"] is True and numeric["terminal_float64_max_rel_error"] < 1e-12


def check_11(numeric, theory, symbolic):
    assert close(numeric["measured_rate_kappa16"], 1 - 1 / math.sqrt(16), rel=0.01)
    assert symbolic["nesterov_rate_proved"]
    assert numeric["float64_max_rel_error"] < 1e-12 and numeric["mpmath_max_rel_error"] < 1e-45


def check_12(numeric, theory, symbolic):
    # constant gradient: r_k = k g^2, so AdaGrad's k-th step is eps/sqrt(k)
    assert theory["r_k_equals_k_g2"] and theory["first_step_moves_by_epsilon"]
    assert numeric["constant_gradient_step_error"] < 1e-12
    assert numeric["float64_error"] < 1e-12 and numeric["mpmath_error"] < 1e-45


def check_13(numeric, theory, symbolic):
    # r_k = (1 - rho^k) g^2: the step tends to eps |g| / sqrt(delta + g^2) = 0.03/sqrt(9 + 1e-6)
    assert close(theory["limit_step"], 0.03 / math.sqrt(9 + 1e-6), rel=1e-12)
    assert theory["unrolled_match"] and symbolic["recurrence_residual"] == "0"
    assert numeric["step_error_float64"] < 1e-12 and numeric["theta_error_mpmath"] < 1e-40
    assert numeric["rmsprop_f_200"] < numeric["sgd_f_200"]  # per-coordinate scaling beats ill conditioning


def check_14(numeric, theory, symbolic):
    assert theory["first_step_matches"] and theory["optax_exact"]
    assert numeric["max_difference_vs_optax_style"] < 1e-12
    assert numeric["zero_gradient_status"] == "diverged"  # 0/√0 in the coordinate whose gradient is 0
    assert numeric["guarded_status"] == "max_steps" and numeric["at_minimum_status"] == "converged"


def check_15(numeric, theory, symbolic):
    # Newton on x^4: x - 4x^3/(12x^2) = (2/3) x
    assert close(numeric["quartic_ratio_min"], 2 / 3, rel=1e-12) and close(numeric["quartic_ratio_max"], 2 / 3, rel=1e-12)
    # f = x^2 - y^2 + xy + x: grad = (2x + y + 1, x - 2y) = 0 at (-2/5, -1/5); one Newton step lands there
    assert all(close(a, b, rel=1e-12) for a, b in zip(numeric["saddle_after_one_step"], (-0.4, -0.2)))
    assert numeric["saddle_warning_raised"]
    assert numeric["quartic_float64_max_rel_error"] < 1e-12 and numeric["quartic_mpmath_max_rel_error"] < 1e-45


def check_16(numeric, theory, symbolic):
    m, sigma = 4, 3.0
    assert close(theory["expected_biased_variance"], (m - 1) / m * sigma ** 2, rel=1e-12)
    assert close(numeric["mean_biased_variance_mc"], (m - 1) / m * sigma ** 2, rel=0.02)
    assert numeric["fd_relative_error"] < 1e-6
    assert numeric["compact_vs_derived_relative_error"] < 1e-12 and numeric["folding_max_error"] < 1e-12
    assert numeric["torch_max_error"] is None or max(numeric["torch_max_error"].values()) < 1e-5
    assert symbolic["symbolic_m_checked"]


def check_17(numeric, theory, symbolic):
    assert numeric["equals_boyd_closed_form"] is True
    assert numeric["symbolic_substitution"] is True
    assert numeric["max_abs_cos_consecutive_gradients"] < 1e-12  # consecutive gradients orthogonal
    assert numeric["float64_max_rel_error"] < 1e-12 and numeric["mpmath_max_rel_error"] < 1e-45
    growth = [error for _, error in numeric["float64_growth"]]
    assert growth == sorted(growth)  # the worst error up to k can only grow with k
    assert symbolic["orthogonal_gradients"]


#: script number -> its check(numeric, theory, symbolic)
CHECKS = {name[len("check_"):]: check for name, check in dict(globals()).items() if re.fullmatch(r"check_\d\d", name)}


@pytest.mark.parametrize("path", [p for p in _params() if p.values[0].name[:2] in CHECKS])
def test_example_measures_what_theory_predicts(path):
    result, _ = run_example(path)
    CHECKS[path.name[:2]](result["numeric"], result["theory"], result["symbolic"])


def test_every_example_asserts_measured_against_theory():
    covered = set(CHECKS) | {"03", "04"}
    assert covered == {p.name[:2] for p in SCRIPTS}, sorted({p.name[:2] for p in SCRIPTS} - covered)
