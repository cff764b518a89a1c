"""Acceptance pairs for issue 14 not in the public corpus: near-misses, far breakpoints, cancellation,
domains, sequences, equations, sets/vectors, trig, large exponents.

Each case is ``(group, reference, answer, expected, options, witness)``. ``witness`` (test-only, may be
None) is a point where the two differ although tests/test_check_corpus.py's small sample points would
not see it (a breakpoint far out); the test checks the pair separates there, exactly. ``"x<0"`` (and the like) marks a
pair that sympy's evaluation makes equal as complex functions while, over the reals, only one side is
defined for x < 0 (the test reads it unevaluated).
"""

N = "exact near-miss"
B = "far breakpoint"
C = "cancellation"
D = "domain"
S = "sequence"
E = "equation"
V = "set/vector"
T = "trig"
L = "large exponent"

PAIRS = [
    # --- exact near-misses: no decimal literal, numbers are exact ---------------------------------------
    (N, "1/7", "142857142857/1000000000000", False, {}, None),
    (N, "1/7", "14285714285714285714285714286/10**29", False, {}, None),   # differ at the 29th digit
    (N, "2/3", "666666666666666666667/1000000000000000000000", False, {}, None),
    (N, "sqrt(2)", "141421356237/100000000000", False, {}, None),
    (N, "sqrt(2)", "1.41421356237", True, {}, None),            # a decimal: relative error 2.2e-12 < 1e-9
    (N, "1.41421356237", "sqrt(2)", True, {}, None),
    (N, "1.41421356", "sqrt(2)", False, {}, None),              # relative error 1.7e-9 > 1e-9
    (N, "sqrt(2)", "1.414213", False, {}, None),
    (N, "sqrt(2)", "1.414213562373095", True, {}, None),
    (N, "sqrt(2)", "1.4142", False, {}, None),
    (N, "pi", "355/113", False, {}, None),
    (N, "pi", "3.14159265358979", True, {}, None),
    (N, "pi", "3.1416", False, {}, None),
    (N, "exp(1)", "2718281828459045/10**15", False, {}, None),
    (N, "x/3", "x*333333333333333/10**15", False, {}, None),
    (N, "x", "x*(1 + 10**(-25))", False, {}, None),
    (N, "x**2 + 1", "x**2 + 1 + 10**(-28)", False, {}, None),
    (N, "1 - 10**(-28)", "1", False, {}, None),
    (N, "10**20 + 1", "10**20", False, {}, None),
    (N, "sqrt(10**24 + 1)", "10**12", False, {}, None),
    (N, "0.5*x", "x/2", True, {}, None),
    # --- far-out breakpoints -----------------------------------------------------------------------------
    (B, "x", "x + relu(x - 10**9)", False, {}, {"x": "2*10**9"}),
    (B, "x", "x - relu(-x - 10**7)", False, {}, {"x": "-2*10**7"}),
    (B, "x", "x + relu(x - 10**9)", False, {"assume": "x>0"}, {"x": "2*10**9"}),
    (B, "abs(x)", "abs(x) + abs(x - 10**8) - abs(x - 10**8)", True, {}, None),
    (B, "x**2", "x**2 + Heaviside(x - 10**6)", False, {"assume": "x>0"}, {"x": "2*10**6"}),
    (B, "x", "x + max(0, x - 5*10**8)", False, {}, {"x": "10**9"}),
    (B, "x", "min(x, 10**8)", False, {}, {"x": "2*10**8"}),
    (B, "x", "max(x, -10**5)", False, {}, {"x": "-2*10**5"}),
    (B, "1", "1 + sign(x - 10**6) + 1", False, {}, None),
    (B, "x", "x + floor(x/10**9)", False, {"assume": "x>0"}, {"x": "2*10**9"}),
    (B, "abs(x - 10**9)", "x - 10**9", False, {"assume": "x>0"}, None),
    (B, "abs(x - 10**3)", "10**3 - x", False, {}, None),
    (B, "relu(x - 10**4) - relu(10**4 - x)", "x - 10**4", True, {}, None),
    (B, "x", "x + Heaviside(-x - 10**9)", False, {}, {"x": "-2*10**9"}),
    # --- cancellation-heavy equal answers -----------------------------------------------------------------
    (C, "exp(x)*exp(-x)", "1", True, {}, None),
    (C, "(x + 10**30) - 10**30", "x", True, {}, None),
    (C, "(x + 10**30)**2 - 10**60 - 2*10**30*x", "x**2", True, {}, None),
    (C, "cosh(x)**2 - sinh(x)**2", "1", True, {}, None),
    (C, "cosh(3*x)**2 - sinh(3*x)**2", "1", True, {}, None),
    (C, "log(exp(50*x))", "50*x", True, {}, None),
    (C, "log(exp(50*x))", "50*x + 1", False, {}, None),
    (C, "exp(100*x)*exp(-100*x) + x", "x + 1", True, {}, None),
    (C, "(exp(x) + 1)**2 - exp(2*x) - 2*exp(x)", "1", True, {}, None),
    (C, "sqrt(x**2 + 1) - x", "1/(sqrt(x**2 + 1) + x)", True, {}, None),
    (C, "x + 10**40 - 10**40 + 1", "x", False, {}, None),
    (C, "2**(60*x) - 4**(30*x) + x", "x", True, {}, None),
    # --- domains ------------------------------------------------------------------------------------------
    (D, "sqrt(x**2)", "x", False, {}, None),
    (D, "sqrt(x**2)", "x", True, {"assume": "x>0"}, None),
    (D, "sqrt(x**2)", "abs(x)", True, {"assume": "x>0"}, None),
    (D, "sqrt(x**2)", "-x", True, {"assume": "x<0"}, None),
    (D, "log(x*y)", "log(x) + log(y)", True, {"assume": "x>0, y>0"}, None),
    (D, "log(x*y)", "log(x) + log(y)", False, {}, None),
    (D, "log(x/y)", "log(x) - log(y)", True, {"assume": "x>0, y>0"}, None),
    (D, "sqrt(x - 1)*sqrt(x + 1)", "sqrt(x**2 - 1)", False, {}, None),
    (D, "sqrt(x - 1)*sqrt(x + 1)", "sqrt(x**2 - 1)", True, {"assume": "x>1"}, None),
    (D, "sqrt(x*y)", "sqrt(x)*sqrt(y)", False, {}, None),
    (D, "sqrt(x*y)", "sqrt(x)*sqrt(y)", True, {"assume": "x>0, y>0"}, None),
    (D, "exp(log(x))", "x", False, {}, "x<0"),
    (D, "exp(log(x))", "x", True, {"assume": "x>0"}, None),
    (D, "log(x**3)", "3*log(x)", True, {}, None),              # both non-real for x < 0
    (D, "log(x**2)", "2*log(x)", False, {"assume": "x<0"}, None),
    # sympy evaluates these to polynomials at construction, dropping the real domain of the root or log
    (D, "sqrt(x)**2", "x", False, {}, "x<0"),
    (D, "x", "sqrt(x)**2", False, {}, "x<0"),
    (D, "sqrt(x)**2", "x", True, {"assume": "x>0"}, None),
    (D, "exp(2*log(x))", "x**2", False, {}, "x<0"),
    (D, "2*exp(log(x))", "2*x", False, {}, "x<0"),
    (D, "sqrt(x)*sqrt(x)", "x", False, {}, "x<0"),
    (D, "sqrt(x)/sqrt(x)", "1", False, {}, "x<0"),
    (D, "x*sqrt(x)", "x**(3/2)", True, {}, None),
    (D, "sqrt(x)**2", "abs(x)", False, {}, "x<0"),
    (D, "sin(asin(x))", "x", False, {}, "|x|>1"),
    (D, "sin(asin(x))", "x", True, {"assume": "-1<x<1"}, None),
    (D, "x", "cos(acos(x))", False, {}, "|x|>1"),
    (D, "cosh(arccosh(x))", "x", False, {}, "x<1"),
    (D, "cosh(arccosh(x))", "x", True, {"assume": "x>1"}, None),
    (D, "tanh(arctanh(x))", "x", False, {}, "|x|>1"),
    # tanh(100) is 1 to 86 digits: atanh of it is still real (a false "undefined" at 30 or 50 digits)
    (D, "arctanh(tanh(x))", "x", True, {}, None),
    (D, "arctanh(tanh(x))", "x + 1", False, {}, None),
    (D, "x**(1/3)", "x**(1/3)", True, {"assume": "x>0"}, None),
    # --- integer-indexed sequences ------------------------------------------------------------------------
    (S, "(-1)**k*r**k", "(-r)**k", True, {"integer": "k"}, None),
    (S, "(-1)**k*r**k", "r**k", False, {"integer": "k"}, None),
    (S, "cos(pi*k)", "(-1)**k", True, {"integer": "k"}, None),
    (S, "cos(pi*k)", "(-1)**(k + 1)", False, {"integer": "k"}, None),
    (S, "sin(pi*k)", "0", True, {"integer": "k"}, None),
    (S, "r**(k + 1)", "r*r**k", True, {"integer": "k"}, None),
    (S, "r**(k + 1)", "r**k", False, {"integer": "k"}, None),
    (S, "k*(k + 1)/2", "(k + 1)*(k + 2)/2", False, {"integer": "k"}, None),
    (S, "2**k", "2**(k - 1)*2", True, {"integer": "k"}, None),
    (S, "(1 - (-1)**k)/2", "k - 2*floor(k/2)", True, {"integer": "k"}, None),
    (S, "(1/2)**k", "2**(-k)", True, {"integer": "k"}, None),
    (S, "factorial(k)", "gamma(k + 1)", True, {"integer": "k", "assume": "k>=0"}, None),
    # --- equations ----------------------------------------------------------------------------------------
    (E, "x**2 - 4 = 0", "(x - 2)*(x + 2) = 0", True, {}, None),
    (E, "x**2 = 4", "x = -2", False, {}, None),
    (E, "(x - 1)**2 = 0", "x = 1", True, {}, None),
    (E, "2*x + 4 = 0", "x = -2", True, {}, None),
    (E, "x**2 = 9", "abs(x) = 3", True, {}, None),
    (E, "x**3 = x", "x*(x - 1)*(x + 1) = 0", True, {}, None),
    (E, "x**3 = x", "x**2 = 1", False, {}, None),
    (E, "exp(x) = 1", "x = 0", True, {}, None),
    (E, "x + 1 = 3", "x = 3", False, {}, None),
    # --- sets and vectors ---------------------------------------------------------------------------------
    (V, "{1, 2, 3}", "{3, 2, 1}", True, {}, None),
    (V, "{1, 2}", "{1, 2, 3}", False, {}, None),
    (V, "{1/3, 2}", "{333333333333/1000000000000, 2}", False, {}, None),
    (V, "{sqrt(2), -sqrt(2)}", "{-sqrt(2), sqrt(2)}", True, {}, None),
    (V, "[x + 1, x**2]", "[1 + x, x*x]", True, {}, None),
    (V, "[x + 1, x**2]", "[x**2, x + 1]", False, {}, None),
    (V, "[1/3, 1]", "[333333333333/1000000000000, 1]", False, {}, None),
    (V, "[[1, x], [0, 1]]", "[[1, x], [0, 1]]", True, {}, None),
    (V, "[[1, x], [0, 1]]", "[[1, 0], [x, 1]]", False, {}, None),
    # --- trig identities ----------------------------------------------------------------------------------
    (T, "sin(2*x)", "2*sin(x)*cos(x)", True, {}, None),
    (T, "cos(2*x)", "1 - 2*sin(x)**2", True, {}, None),
    (T, "cos(2*x)", "2*cos(x)**2", False, {}, None),
    (T, "sec(x)**2 - tan(x)**2", "1", True, {}, None),
    (T, "csc(x)**2 - cot(x)**2", "1", True, {}, None),
    (T, "tan(2*x)", "2*tan(x)/(1 - tan(x)**2)", True, {}, None),
    (T, "sin(x)*sec(x)", "tan(x)", True, {}, None),
    (T, "cot(x)", "tan(x)", False, {}, None),
    (T, "sin(x + 10**6*pi)", "sin(x)", True, {}, None),
    (T, "sin(x + (10**6 + 1)*pi)", "sin(x)", False, {}, None),
    # --- large exponents ----------------------------------------------------------------------------------
    (L, "(x - a)**6000", "(x - a)**6000*(1 + 0*x)", True, {}, None),
    (L, "(x + 1)**2000", "(1 + x)**2000", True, {}, None),
    (L, "(x + 1)**2000", "(x + 1)**1999*(x + 1)", True, {}, None),
    (L, "(x + 1)**2000", "(x + 1)**1999*(x + 2)", False, {}, None),
    (L, "x**3000 - 1", "(x - 1)*(x**2999 + 1)", False, {}, None),
    (L, "(x**2)**1500", "x**3000", True, {}, None),
    (L, "(1 + 1/x)**5000", "((x + 1)/x)**5000", True, {}, None),
]
