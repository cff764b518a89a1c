"""Answer pairs from public graders' own test suites, plus every example of issue 14.

Each case is ``(group, reference, answer, expected, options)``; ``expected`` is
True (equivalent where both are defined, inside the assumptions) or False.
Texts are written in plain Python/sympy syntax (``**``, explicit ``*``) so that
tests/test_check_corpus.py can compute the truth of every pair independently of
symopt — with sympy's own parser and exact or 50-digit evaluation — before it
asks symopt. The pairs were transcribed from the named suites (the cases those
graders test themselves: identities, domain traps, tolerance, functions they
support) and written in this corpus's syntax; where a suite's case used a
feature symopt does not have (complex answers, units, user functions) it was
left out.
"""

# --- sympy: sympy/core/tests/test_expr.py (test_equals, test_issue_*), sympy/simplify tests -----------
SYMPY = [
    ("(x**2 - 1)/(x - 1)", "x + 1", True, {}),                       # removable singularity at 1
    ("sqrt(2)*sqrt(3)", "sqrt(6)", True, {}),
    ("(1 + sqrt(2))**2", "3 + 2*sqrt(2)", True, {}),
    ("sqrt(5 + 2*sqrt(6))", "sqrt(2) + sqrt(3)", True, {}),
    ("-3 - sqrt(5) + (-sqrt(10)/2 - sqrt(2)/2)**2", "0", True, {}),   # test_equals
    ("sqrt(8 + 2*sqrt(15))", "sqrt(3) + sqrt(5)", True, {}),
    ("exp(x)*exp(-x)", "1", True, {}),
    ("cos(x)**2 - sin(x)**2", "cos(2*x)", True, {}),
    ("sin(x)**2 + cos(x)**2", "1", True, {}),
    ("x*(x + 1)", "x**2 + x", True, {}),
    ("(x + 1)**3", "x**3 + 3*x**2 + 3*x + 1", True, {}),
    ("(x + 1)**3", "x**3 + 3*x**2 + 3*x", False, {}),
    ("log(x**2)", "2*log(x)", False, {}),                            # x < 0: only the reference is real
    ("log(x**2)", "2*log(abs(x))", True, {}),
    ("log(x**2)", "2*log(x)", True, {"assume": "x>0"}),
    ("sqrt(x**2)", "abs(x)", True, {}),
    ("exp(log(x)/2)", "sqrt(x)", True, {}),
    ("sqrt(x**3)/sqrt(x)", "x", True, {"assume": "x>0"}),
    ("sqrt(x**3)/sqrt(x)", "x", False, {}),                          # x < 0: only the answer is real
    ("tan(x)", "sin(x)/cos(x)", True, {}),
    ("1/tan(x)", "cos(x)/sin(x)", True, {}),
    ("sinh(x)", "(exp(x) - exp(-x))/2", True, {}),
    ("cosh(x)**2 - sinh(x)**2", "1", True, {}),
    ("atan(x) + atan(1/x)", "pi/2", True, {"assume": "x>0"}),
    ("atan(x) + atan(1/x)", "pi/2", False, {}),                      # -pi/2 for x < 0
    ("asin(x) + acos(x)", "pi/2", True, {"assume": "-1<x<1"}),
    ("2**(x + 1)", "2*2**x", True, {}),
    ("(x**3 - 1)/(x - 1)", "x**2 + x + 1", True, {}),
    ("x**y*x**z", "x**(y + z)", True, {"assume": "x>0"}),
    ("(x*y)**z", "x**z*y**z", True, {"assume": "x>0, y>0"}),
    ("(x*y)**z", "x**z*y**z", False, {}),                            # x = y = -1, z = 1/2
    ("exp(x + y)", "exp(x)*exp(y)", True, {}),
    ("exp(2*x)", "exp(x)**2", True, {}),
    ("log(exp(x))", "x", True, {}),
    ("factorial(n + 1)/factorial(n)", "n + 1", True, {"integer": "n"}),
    ("binomial(n, 2)", "n*(n - 1)/2", True, {"integer": "n"}),
    ("gamma(x + 1)", "x*gamma(x)", True, {"assume": "x>0"}),
    ("cos(x)", "sin(x + pi/2)", True, {}),
    ("cos(x)", "sin(x + pi/3)", False, {}),
    ("sin(x)**3", "(3*sin(x) - sin(3*x))/4", True, {}),
    ("cos(x)**4", "(3 + 4*cos(2*x) + cos(4*x))/8", True, {}),
    ("tanh(x)", "(exp(2*x) - 1)/(exp(2*x) + 1)", True, {}),
    ("(x - 1)**2", "(1 - x)**2", True, {}),
    ("(x - 1)**3", "(1 - x)**3", False, {}),
    ("1/(1/x + 1/y)", "x*y/(x + y)", True, {}),
]

# --- MITx grading library (mitx-grading-library: tests/test_formulagrader.py, helpers/test_calc.py,
#     helpers/mathfunc.py functions) and edX common/lib/calc tests: function names, tolerance -----------
MITX = [
    ("sec(x)", "1/cos(x)", True, {}),
    ("csc(x)", "1/sin(x)", True, {}),
    ("cot(x)", "cos(x)/sin(x)", True, {}),
    ("arcsec(x)", "acos(1/x)", True, {}),
    ("arccsc(x)", "asin(1/x)", True, {}),
    ("arccot(x)", "atan(1/x)", True, {"assume": "x>0"}),
    ("sech(x)", "1/cosh(x)", True, {}),
    ("csch(x)", "1/sinh(x)", True, {}),
    ("coth(x)", "cosh(x)/sinh(x)", True, {}),
    ("arcsinh(x)", "log(x + sqrt(x**2 + 1))", True, {}),
    ("arccosh(x)", "log(x + sqrt(x**2 - 1))", True, {}),
    ("arctanh(x)", "log((1 + x)/(1 - x))/2", True, {}),
    ("arcsin(x)", "asin(x)", True, {}),
    ("arccos(x)", "pi/2 - arcsin(x)", True, {}),
    ("arctan(x)", "atan(x)", True, {}),
    ("tan(x)**2 + 1", "sec(x)**2", True, {}),
    ("cot(x)**2 + 1", "csc(x)**2", True, {}),
    ("sec(x)", "1/sin(x)", False, {}),
    ("m*c**2", "c**2*m", True, {}),
    ("m*c**2", "m*c**3", False, {}),
    ("x**2 + 2*x + 1", "(x + 1)**2", True, {}),
    ("x**2 + 2*x + 1", "(x - 1)**2", False, {}),
    ("2*x*y", "x*y*2", True, {}),
    ("x**(1/2)", "sqrt(x)", True, {}),
    ("abs(x)", "x", False, {}),
    ("factorial(5)", "120", True, {}),
    ("pi", "3.14159265", True, {"tolerance": 1e-6}),
    ("pi", "3.14", False, {}),
    ("1/3", "0.3333", True, {"tolerance": 1e-3}),
    ("1/3", "0.3333", False, {"tolerance": 1e-6}),
    ("sqrt(x**2 + y**2)", "sqrt(y**2 + x**2)", True, {}),
    ("sin(x)/x", "sin(x)/x + 1/10**12", False, {}),                 # exact numbers: no tolerance
    ("exp(-x**2/2)", "exp(-x**2)**(1/2)", True, {}),
    ("exp(-x**2/2)", "exp(-x**2/2) + x/10**20", False, {}),
    ("V/R", "V*R**(-1)", True, {}),
    ("(y - b)/a", "y/a - b/a", True, {}),
    ("cosh(x) + sinh(x)", "exp(x)", True, {}),
    ("log(x)/log(10)", "log(x, 10)", True, {}),
    ("log(x, 2)", "log(x)/log(2)", True, {}),
    ("max(x, y)", "(x + y + abs(x - y))/2", True, {}),
    ("min(x, y)", "(x + y - abs(x - y))/2", True, {}),
    ("max(x, y)", "(x + y - abs(x - y))/2", False, {}),
]

# --- STACK (moodle-qtype_stack, tests/fixtures/answertestfixtures.class.php: AlgEquiv cases) ------------
STACK = [
    ("x**2 - 1", "(x - 1)*(x + 1)", True, {}),
    ("1/(x + 1) + 1/(x - 1)", "2*x/(x**2 - 1)", True, {}),
    ("(x + 1)**2", "x**2 + 1", False, {}),
    ("sqrt(12)", "2*sqrt(3)", True, {}),
    ("sqrt(x**2)", "x", False, {}),
    ("abs(x)", "sqrt(x**2)", True, {}),
    ("exp(2*x)", "(exp(x))**2", True, {}),
    ("a**(b + c)", "a**b*a**c", True, {"assume": "a>0"}),
    ("2**(1/2)", "sqrt(2)", True, {}),
    ("1/sqrt(2)", "sqrt(2)/2", True, {}),
    ("(a - b)**2", "(b - a)**2", True, {}),
    ("(a - b)**3", "(b - a)**3", False, {}),
    ("log(a*b)", "log(a) + log(b)", True, {"assume": "a>0, b>0"}),
    ("log(a*b)", "log(a) + log(b)", False, {}),
    ("log(a**n)", "n*log(a)", True, {"assume": "a>0"}),
    ("1/(1/a + 1/b)", "a*b/(a + b)", True, {"assume": "a>0, b>0"}),
    ("cos(x)**2", "(1 + cos(2*x))/2", True, {}),
    ("sin(2*x)", "2*sin(x)*cos(x)", True, {}),
    ("sin(x + y)", "sin(x)*cos(y) + cos(x)*sin(y)", True, {}),
    ("sin(x + y)", "sin(x) + sin(y)", False, {}),
    ("cos(x + y)", "cos(x)*cos(y) - sin(x)*sin(y)", True, {}),
    ("tan(2*x)", "2*tan(x)/(1 - tan(x)**2)", True, {}),
    ("x**2 = 4", "(x - 2)*(x + 2) = 0", True, {}),
    ("x**2 = 4", "x = 2", False, {}),
    ("y = 2*x + 1", "2*x - y + 1 = 0", True, {}),
    ("x**2 + y**2 = 1", "x**2 + y**2 = 2", False, {}),
    ("{1, 2}", "{2, 1}", True, {}),
    ("{1, 2}", "{1, 2, 3}", False, {}),
    ("{-1, 1}", "{1}", False, {}),
    ("{a, b}", "{b, a}", True, {}),
    ("[[1, x], [x, 1]]", "[[1, x], [x, 1]]", True, {}),
    ("[[1, x], [x, 1]]", "[[1, x], [1, x]]", False, {}),
    ("[x + 1, x - 1]", "[1 + x, -1 + x]", True, {}),
    ("x**3 - 8", "(x - 2)*(x**2 + 2*x + 4)", True, {}),
    ("x**3 + 8", "(x + 2)*(x**2 - 2*x + 4)", True, {}),
    ("x**3 + 8", "(x + 2)*(x**2 + 2*x + 4)", False, {}),
    ("(x**2 + 2*x)/x", "x + 2", True, {}),
    ("1/(x*(x + 1))", "1/x - 1/(x + 1)", True, {}),
    ("1/(x*(x + 1))", "1/x + 1/(x + 1)", False, {}),
    ("x/(x**2 - 1)", "1/(2*(x - 1)) + 1/(2*(x + 1))", True, {}),
]

# --- WeBWorK / PG (openwebwork/pg: t/ and MathObjects Formula / fun_cmp comparisons, limits, tolerance) ---
WEBWORK = [
    ("log(x)", "ln(x)", True, {"assume": "x>0"}),
    ("exp(x*log(2))", "2**x", True, {}),
    ("x**2", "x*x", True, {}),
    ("1/x", "x**(-1)", True, {}),
    ("2**x", "2**(x + 1)/2", True, {}),
    ("x**2 + 1", "x**2 + 1.00001", True, {"tolerance": 1e-4}),    # decimals: the tolerance applies
    ("x**2 + 1", "x**2 + 1.00001", False, {}),
    ("sqrt(x**2 + 2*x + 1)", "abs(x + 1)", True, {}),
    ("sqrt(x**2 + 2*x + 1)", "x + 1", False, {}),
    ("sqrt(x**2 + 2*x + 1)", "x + 1", True, {"assume": "x>-1"}),
    ("ceiling(x)", "-floor(-x)", True, {}),
    ("floor(x)", "x", False, {}),
    ("max(x, 0)", "(x + abs(x))/2", True, {}),
    ("relu(x)", "max(0, x)", True, {}),
    ("relu(x) - relu(-x)", "x", True, {}),
    ("Heaviside(x)*x", "relu(x)", True, {}),
    ("sign(x)*abs(x)", "x", True, {}),
    ("sign(x)", "x/abs(x)", True, {}),                               # equal wherever both are defined
    ("abs(x - 2) + abs(x + 2)", "2*max(abs(x), 2)", True, {}),
    ("abs(x - 2) + abs(x + 2)", "4", False, {}),
    ("floor(x/2)", "floor(x)/2", False, {}),
    ("x**(2/3)", "(x**2)**(1/3)", True, {"assume": "x>0"}),
    ("sin(x)**2", "1 - cos(x)**2", True, {}),
    ("sin(x)**2", "1 + cos(x)**2", False, {}),
    ("(x**2 - 4)/(x - 2)", "x + 2", True, {}),
    ("(x**2 - 4)/(x - 2)", "x - 2", False, {}),
    ("exp(x)", "1 + x + x**2/2 + x**3/6", False, {}),
    ("cos(pi*k)", "(-1)**k", True, {"integer": "k"}),
    ("cos(pi*k/2)**2", "(1 + (-1)**k)/2", True, {"integer": "k"}),
    ("sin(pi*k)", "0", True, {"integer": "k"}),
    ("sin(pi*k)", "0", False, {"assume": "k real"}),
    ("(-1)**(2*k)", "1", True, {"integer": "k"}),
    ("(-1)**(k + 1)", "(-1)**(k - 1)", True, {"integer": "k"}),
    ("(-1)**k", "1", False, {"integer": "k"}),
    ("x*y/(x*y)", "1", True, {}),
]

# --- issue 14: every example ----------------------------------------------------------------------------
ISSUE = [
    ("1/3", "333333333333/1000000000000", False, {}),
    ("x", "x + 10**(-15)", False, {}),
    ("x", "x + relu(x - 50)", False, {}),
    ("x**2", "x**2 + relu(x - 1000)", False, {}),
    ("x**2", "x**2 + 10**(100*x) - 100**(50*x)", True, {}),
    ("sqrt(k/m)*sqrt(m/k)", "1", True, {"assume": "k>0, m>0"}),
    ("sin(x + pi)", "-sin(x)", True, {}),
    ("(x - a)**6000", "(x - a)**5999", False, {}),
    ("sqrt((x - 3)*(x - 5))", "sqrt(x - 3)*sqrt(x - 5)", False, {}),
    ("sqrt(x - 3)*sqrt(x - 5)", "sqrt((x - 3)*(x - 5))", False, {}),
    ("x**2 = 1", "x = 1", False, {}),
    ("tan(x)**2 + 1", "sec(x)**2", True, {}),
    ("sqrt(1 - x**2)", "sqrt(1 - x)*sqrt(1 + x)", True, {"assume": "-1<x<1"}),
    ("x + relu(x - 10**6)", "x", False, {}),
    ("(x - a)**6000", "(a - x)**6000", True, {}),
]


def _generated():
    """Binomial expansions and their one-coefficient slips (the STACK/WeBWorK expand-and-factor exercises)."""
    from math import comb
    cases = []
    for n in range(2, 12):
        expanded = " + ".join(f"{comb(n, i)}*x**{n - i}*y**{i}" for i in range(n + 1))
        cases.append((f"(x + y)**{n}", expanded, True, {}))
        slipped = expanded.replace(f"{comb(n, 1)}*x**{n - 1}", f"{comb(n, 1) + 1}*x**{n - 1}", 1)
        cases.append((f"(x + y)**{n}", slipped, False, {}))
    return cases


GROUPS = {"sympy": SYMPY, "mitx": MITX, "stack": STACK, "webwork": WEBWORK, "issue14": ISSUE,
          "binomial": _generated()}
CASES = [(f"{group} {i}: {ref} vs {ans}"[:90], group, ref, ans, expected, options)
         for group, items in GROUPS.items() for i, (ref, ans, expected, options) in enumerate(items)]
