"""Corpus of (reference, answer, expected verdict, options) across the lecture's topics.

``expected`` is True (equivalent), False (not equivalent) or None (the checker
may only say "undetermined"). Every case was decided by hand; the comment
says why when it is not obvious. Used by tests/test_check.py and
benchmarks/bench_check.py.
"""

R1 = {"assume": "0<b<=1", "integer": "k"}
X_K = "b*((b-1)/(b+1))^k"
Y_K = "((1-b)/(1+b))^k"
GD = {"assume": "eta>0, lam>0", "integer": "k"}
MOM = {"assume": "0<alpha<1, eps>0", "integer": "k"}
BN = {"assume": "s2>0, eps>0"}

CASES = [
    # --- exact line search on (x^2 + b y^2)/2 from (b, 1): R1 ---------------------------------
    ("R1 x_k as given", X_K, "b*((b-1)/(b+1))^k", True, R1),
    ("R1 x_k split power", X_K, "b*(b-1)^k/(b+1)^k", True, R1),
    ("R1 x_k explicit sign", X_K, "(-1)^k*b*((1-b)/(1+b))^k", True, R1),
    ("R1 x_k wrong sign at odd k", X_K, "b*((1-b)/(1+b))^k", False, R1),
    ("R1 x_k missing factor b", X_K, "((b-1)/(b+1))^k", False, R1),
    ("R1 y_k sign form sympy cannot decide", Y_K, "(-1)^k*((b-1)/(b+1))^k", True, R1),
    ("R1 y_k negated base", Y_K, "(-(b-1)/(b+1))^k", True, R1),
    ("R1 y_k wrong sign at odd k", Y_K, "((b-1)/(b+1))^k", False, R1),
    ("R1 y_k quotient of powers", Y_K, "(1-b)^k/(1+b)^k", True, R1),
    ("R1 y_k negative exponent", Y_K, "(-1)^k*(b-1)^k*(b+1)^(-k)", True, R1),
    ("R1 y_k shifted index", Y_K, "((1-b)/(1+b))^(k+1)", False, R1),
    ("R1 y_k squared base", "((b-1)/(b+1))^(2k)", "((1-b)^2/(1+b)^2)^k", True, R1),
    ("R1 f(x_k)", "((b-1)/(b+1))^(2k)*b*(b+1)/2", "((1-b)/(1+b))^(2k)*(b^2+b)/2", True, R1),
    ("R1 step size", "2/(1+b)", "2/(b+1)", True, R1),
    ("R1 step size wrong", "2/(1+b)", "2/(1-b)", False, R1),
    ("R1 iterate vector", f"[{X_K}, {Y_K}]", "[b*((b-1)/(b+1))^k, (-1)^k*((b-1)/(b+1))^k]", True, R1),
    ("R1 iterate vector swapped", f"[{X_K}, {Y_K}]", f"[{Y_K}, {X_K}]", False, R1),
    ("R1 named components", {"x_k": X_K, "y_k": Y_K},
     "x_k = b*((b-1)/(b+1))^k, y_k = (-1)^k*((b-1)/(b+1))^k", True, R1),
    ("R1 named components wrong y_k", {"x_k": X_K, "y_k": Y_K},
     "x_k = b*((b-1)/(b+1))^k, y_k = ((b-1)/(b+1))^k", False, R1),
    # --- gradient descent on a quadratic: R3 --------------------------------------------------
    ("GD mode", "(1 - eta*lam)^k*a0", "a0*(1-eta*lam)^k", True, GD),
    ("GD mode explicit sign", "(1 - eta*lam)^k*a0", "(-1)^k*(eta*lam-1)^k*a0", True, GD),
    ("GD mode off by one", "(1 - eta*lam)^k*a0", "(1 - eta*lam)^(k+1)*a0", False, GD),
    ("GD mode wrong factor", "(1 - eta*lam)^k*a0", "(1 - eta)^k*lam*a0", False, GD),
    # --- momentum: R7 -------------------------------------------------------------------------
    ("momentum terminal velocity", "-eps*g/(1-alpha)", "eps*g/(alpha-1)", True, MOM),
    ("momentum terminal velocity wrong", "-eps*g/(1-alpha)", "-eps*g/(1+alpha)", False, MOM),
    ("momentum v_k", "-eps*g*(1-alpha^k)/(1-alpha)", "eps*g*(alpha^k-1)/(1-alpha)", True, MOM),
    ("momentum v_k shifted", "-eps*g*(1-alpha^k)/(1-alpha)", "-eps*g*(1-alpha^(k+1))/(1-alpha)", False, MOM),
    ("momentum v_k truncated sum", "-eps*g*(1-alpha^k)/(1-alpha)", "-eps*g*(1+alpha+alpha^2)", False, MOM),
    # --- Newton: R6 ---------------------------------------------------------------------------
    ("Newton step on x^4", "2*x/3", "x - 4x^3/(12x^2)", True, {}),  # removable singularity at 0
    ("Newton step on x^4 wrong", "2*x/3", "x/3", False, {}),
    ("Newton iterates on x^4", "(2/3)^k*x0", "x0*2^k/3^k", True, {"integer": "k"}),
    ("Newton on quadratic lands on 0", "[0, 0]", "[x - x, y*0]", True, {}),
    # --- batch normalisation: R9 --------------------------------------------------------------
    ("BN normalise epsilon dropped", "(x-mu)/sqrt(s2+eps)", "(x-mu)/sqrt(s2)", False, BN),
    ("BN normalise power form", "(x-mu)/sqrt(s2+eps)", "(x-mu)*(s2+eps)^(-1/2)", True, BN),
    ("BN tolerance trap eps=1e-5", "(x-mu)/sqrt(s2 + 1/100000)", "(x-mu)/sqrt(s2)", False, {"assume": "s2>0"}),
    ("BN inference affine form", "gamma/sqrt(V+eps)*x + (beta - gamma*m/sqrt(V+eps))",
     "gamma*(x-m)/sqrt(V+eps) + beta", True, {"assume": "V>0, eps>0"}),
    ("BN unbiased variance", "n/(n-1)*s", "n*s/(n-1)", True, {}),
    # --- Hessians -----------------------------------------------------------------------------
    ("Hessian of the lecture's f", "[[1, 0], [0, b]]", "[[1, 0], [0, b]]", True, R1),
    ("Hessian inverted entry", "[[1, 0], [0, b]]", "[[1, 0], [0, 1/b]]", False, R1),
    ("Hessian of Rosenbrock", "[[1200x^2 - 400y + 2, -400x], [-400x, 200]]",
     "[[2 - 400(y - x^2) + 800x^2, -400x], [-400x, 200]]", True, {}),
    ("Hessian of Rosenbrock sign slip", "[[1200x^2 - 400y + 2, -400x], [-400x, 200]]",
     "[[1200x^2 + 400y + 2, -400x], [-400x, 200]]", False, {}),
    # --- eigenvalues and eigenvectors ---------------------------------------------------------
    ("eigenvalues any order", "{1, b}", "{b, 1}", True, R1),
    ("eigenvalues wrong", "{1, b}", "{1, 1/b}", False, R1),
    ("eigenvalues numbers", "{1, 3}", "{3, 1}", True, {}),
    ("eigenvector up to scale", "[1, 1]", "[-2, -2]", True, {"mode": "scalar_multiple"}),
    ("eigenvector wrong direction", "[1, 1]", "[1, -1]", False, {"mode": "scalar_multiple"}),
    ("eigenvector parameter scale", "[1, b]", "[1/b, 1]", True, {"mode": "scalar_multiple", **R1}),
    ("critical points any order", "{(0, 0), (1, 1), (-1, -1)}", "{(1, 1), (0, 0), (-1, -1)}", True, {}),
    ("critical points one missing", "{(0, 0), (1, 1), (-1, -1)}", "{(1, 1), (0, 0)}", False, {}),
    # --- Taylor expansions and the quadratic model: R11 ---------------------------------------
    ("Taylor second order", "1 + x + x^2/2", "1 + x + x**2/2", True, {}),
    ("Taylor wrong coefficient", "1 + x + x^2/2", "1 + x + x^2", False, {}),
    ("Taylor is not the function", "exp(x)", "1 + x + x^2/2", False, {}),
    ("quadratic model along -g", "f - eps*g^2 + eps^2*g^2*h/2", "f - eps g^2 + (1/2) eps^2 h g^2", True, {}),
    ("best step", "g^2/(g^2*h)", "1/h", True, {"assume": "h>0, g>0"}),
    # --- REFERENCES section 4 traps -----------------------------------------------------------
    ("removable singularity", "x + 1", "(x^2-1)/(x-1)", True, {}),  # equal where both are defined
    ("sqrt(x^2) is not x", "sqrt(x^2)", "x", False, {}),
    ("sqrt(x^2) is x for x >= 0", "sqrt(x^2)", "x", True, {"assume": "x>=0"}),
    ("log of a product, reals", "log(x*y)", "log(x) + log(y)", False, {}),  # x, y < 0
    ("log of a product, positives", "log(x*y)", "log(x) + log(y)", True, {"assume": "x>0, y>0"}),
    ("cos(pi k) at integers", "cos(pi*k)*r^k", "(-1)^k*r^k", True, {"integer": "k", "assume": "0<r<1"}),
    ("cos(pi k) for real k", "cos(pi*k)*r^k", "(-1)^k*r^k", False, {"assume": "k real, 0<r<1"}),
    ("odd power sign", "(1-b)^(2k+1)", "-(b-1)^(2k+1)", True, {"integer": "k"}),
    ("even power sign", "(1-b)^(2k)", "-(b-1)^(2k)", False, {"integer": "k", "assume": "b>1"}),
    # --- domains beyond sympy's assumptions: b <= 1 is only known to the sampler ---------------
    ("abs under 0<b<=1", "abs(1-b)", "1-b", True, R1),  # decided by sampling: sympy cannot use b <= 1
    ("abs without the bound", "abs(1-b)", "1-b", False, {"assume": "b>0"}),
    # --- options ------------------------------------------------------------------------------
    ("antiderivative up to a constant", "x^3/3", "x^3/3 + 7", True, {"mode": "additive_constant"}),
    ("antiderivative exact", "x^3/3", "x^3/3 + 7", False, {}),
    ("antiderivative wrong", "x^3/3", "x^3 + 7", False, {"mode": "additive_constant"}),
    ("decimal within tolerance", "1/3", "0.333333", True, {"tolerance": 1e-6}),
    ("decimal outside tolerance", "1/3", "0.333333", False, {}),
    ("equation rearranged", "x + y = 1", "2y = 2 - 2x", True, {}),
    ("equation cleared denominators", "y = 1/x", "x*y = 1", True, {}),
    ("equation different line", "x + y = 1", "x - y = 1", False, {}),  # (1/2, 1/2) solves only the first
    # (sqrt(3)/2, 1/2) is on the circle; there x^4 + y^4 = 5/8
    ("equation circle vs quartic", "x^2 + y^2 = 1", "x^4 + y^4 = 1", False, {}),
    ("equation for y_k", f"y_k = {Y_K}", "y_k = (-1)^k*((b-1)/(b+1))^k", True, R1),
    ("equation for y_k wrong sign", f"y_k = {Y_K}", "y_k = ((b-1)/(b+1))^k", False, R1),
]
