"""Local quadratic approximation and its eigenbasis form (lecture: "Local quadratic approximation").

Near a point p, f(w) ≈ f(p) + (w − p)ᵀg + ½(w − p)ᵀH(w − p); the error is third
order in ‖w − p‖. At a minimum w* the gradient vanishes and, in the Hessian's
orthonormal eigenbasis uᵢ, the model separates: J(w) = J(w*) + ½ Σ λᵢ αᵢ² with
αᵢ = uᵢᵀ(w − w*). So the curvature along uᵢ is exactly λᵢ.

Objective: f(w₁, w₂) = cosh(w₁) + ½(w₂ − w₁)², minimum at w* = 0 with
H(w*) = [[2, −1], [−1, 1]], eigenvalues (3 ∓ √5)/2.

Run: python worked_examples/03_local_quadratic_approximation.py
"""

import mpmath
import numpy as np
import sympy as sp

from symopt.calculus import quadratic_model, taylor
from symopt.derivation import Derivation, Step, Table
from symopt.numeric import mpmath_function, numpy_function
from symopt.quantities import Call, Hat, Star, Transposed
from symopt.render import text
from symopt.spectral import eigen_decomposition, eigenbasis_form

w1, w2 = sp.symbols("w_1 w_2", real=True)
VARIABLES = [w1, w2]
F = sp.cosh(w1) + (w2 - w1) ** 2 / 2
EXPANSION_POINT = [sp.Rational(1, 2), sp.Integer(1)]
MINIMUM = [sp.Integer(0), sp.Integer(0)]


def derive():
    """The symbolic part: the quadratic model at p, its agreement with Taylor, the eigenbasis form at w*."""
    model = quadratic_model(F, VARIABLES, EXPANSION_POINT)
    taylor2 = taylor(F, VARIABLES, EXPANSION_POINT, 2)
    assert sp.simplify(sp.expand(model["model"] - taylor2)) == 0, "quadratic model != 2nd-order Taylor"
    at_min = quadratic_model(F, VARIABLES, MINIMUM)
    assert at_min["gradient"] == sp.zeros(2, 1), "w* = 0 must be a critical point"
    eigenvalues, alphas, form = eigenbasis_form(at_min["hessian"], MINIMUM, VARIABLES, at_min["value"])
    assert sp.simplify(sp.expand(form - at_min["model"])) == 0, "eigenbasis form != quadratic model at w*"
    decomposition = eigen_decomposition(at_min["hessian"])
    w, f, g, H = sp.symbols("w f g H")
    steps = (
        Step("Objective", F, Call(f, w), "a smooth non-quadratic loss", key=True),
        Step("Gradient at p", model["gradient"].T, Transposed(g), ("p = ", sp.Tuple(*EXPANSION_POINT))),
        Step("Hessian at p", model["hessian"], H, "second derivatives at p"),
        Step("Quadratic model at p", model["model"], Call(Hat(f), w),
             "$f(p) + (w-p)^T g + \\frac{1}{2}(w-p)^T H (w-p)$; equals the 2nd-order Taylor polynomial",
             name="model", key=True),
        Step("Hessian at the minimum", at_min["hessian"], Call(H, Star(w)), "w* = 0 is a critical point (g = 0)",
             name="hessian_at_minimum"),
        Step("Eigenvalues", sp.Matrix([eigenvalues]).T, sp.Symbol("lambda"), "exact, ascending", name="eigenvalues",
             key=True),
        Step("Eigenbasis coordinates", sp.Matrix([alphas]).T, sp.Symbol("alpha"), r"$\alpha_i = u_i^T (w - w^*)$"),
        Step("Eigenbasis form", form, Call(sp.Symbol("J"), w), r"$J(w^*) + \frac{1}{2}\sum_i \lambda_i \alpha_i^2$",
             name="eigenbasis_form", final=True),
    )
    return Derivation("Local quadratic approximation of cosh(w_1) + (w_2 - w_1)^2/2", steps), decomposition, model


def measure(decomposition, model):
    """The numeric part: the model error's order, and the curvature along each eigenvector."""
    f = numpy_function(VARIABLES, F)
    q = numpy_function(VARIABLES, model["model"])
    p = np.array([float(c) for c in EXPANSION_POINT])
    direction = np.array([0.6, -0.8])
    hs = np.logspace(-1, -3, 9)
    errors = np.array([abs(f(*(p + h * direction)) - q(*(p + h * direction))) for h in hs])
    order = np.polyfit(np.log(hs), np.log(errors), 1)[0]

    f_mp = mpmath_function(VARIABLES, F)
    curvature64, curvature50 = [], []
    for u in decomposition.eigenvectors:
        u64 = np.array([float(c) for c in u])
        h = 1e-4
        curvature64.append((f(*(h * u64)) - 2 * f(0.0, 0.0) + f(*(-h * u64))) / h**2)
        with mpmath.workdps(50):
            u_mp = [mpmath.mpf(sp.N(c, 60)) for c in u]
            h_mp = mpmath.mpf("1e-15")
            value = (f_mp(*(h_mp * c for c in u_mp)) - 2 * f_mp(0, 0) + f_mp(*(-h_mp * c for c in u_mp))) / h_mp**2
            curvature50.append(value)
    return {"model_error_order": float(order), "errors": errors, "steps": hs,
            "curvature_float64": [float(c) for c in curvature64],
            "curvature_mpmath50": [mpmath.nstr(c, 20) for c in curvature50]}


def main():
    derivation, decomposition, model = derive()
    numeric = measure(decomposition, model)
    eigenvalues = [float(v) for v in decomposition.eigenvalues]
    table = Table("Verification: curvature along each eigenvector u_i (second difference)",
                  ("i", "lambda_i (exact)", "float64, h=1e-4", "mpmath 50 digits, h=1e-15"),
                  tuple((str(i + 1), sp.sstr(v), f"{c64:.10f}", c50) for i, (v, c64, c50) in
                        enumerate(zip(decomposition.eigenvalues, numeric["curvature_float64"],
                                      numeric["curvature_mpmath50"]))))
    derivation = derivation.extend(tables=(table,))
    print(text(derivation))
    print()
    print(f"model error |f - q| along a ray from p: fitted order {numeric['model_error_order']:.3f} "
          "(theory: 3, the first neglected Taylor term)")
    for i, (lam, c64) in enumerate(zip(eigenvalues, numeric["curvature_float64"]), 1):
        print(f"curvature along u_{i}: measured {c64:.8f}, lambda_{i} = {lam:.8f}")
    return {
        "symbolic": {"quadratic_model": derivation.results["model"],
                     "eigenvalues": decomposition.eigenvalues,
                     "eigenbasis_form": derivation.results["eigenbasis_form"]},
        "numeric": {"model_error_order": numeric["model_error_order"],
                    "curvature_float64": numeric["curvature_float64"],
                    "curvature_mpmath50": numeric["curvature_mpmath50"]},
        "theory": {"model_error_order": 3, "curvature": eigenvalues},
    }


if __name__ == "__main__":
    main()
