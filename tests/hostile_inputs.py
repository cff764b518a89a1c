"""Hostile texts that symopt.parsing must refuse quickly with ParseError, executing nothing.

``CANARY_TEMPLATE`` strings would create a marker file if anything evaluated them; format
them with a path (``CANARY_TEMPLATE[i].format(path=...)``).
"""

CANARY_TEMPLATE = [
    "__import__('os').system('touch {path}')",
    "(lambda: __import__('os').system('touch {path}'))()",
    "open('{path}', 'w').write('pwned')",
    "().__class__.__base__.__subclasses__()[0]('touch {path}')",
    "exec(\"open('{path}','w')\")",
    "eval(\"open('{path}','w')\")",
    "x + __import__('subprocess').call(['touch', '{path}'])",
    "[open('{path}', 'w') for _ in (1,)]",
    "Symbol('x').__class__.__init__.__globals__['os'].system('touch {path}')",
]

HOSTILE = [
    # code execution attempts
    "__import__('os').system('echo pwned')",
    "().__class__.__base__.__subclasses__()",
    "[c for c in ().__class__.__bases__]",
    "lambda: 1",
    "(lambda: __import__('os'))()",
    "x.__class__",
    "getattr(x, 'y')",
    "eval('1')",
    "exec('1')",
    "eval(x)",
    "open('/etc/passwd').read()",
    "globals()",
    "locals()",
    "__builtins__",
    "f'{1}'",
    "import os",
    "x if y else z",
    "x and y",
    "not x",
    "x[0]",
    "x[1:2]",
    "{x: 1}",
    "*x",
    "x := 1",
    "(x := 1)",
    "print(1)",
    "Symbol('x')",
    "S.true",
    "...",
    "x @ y",
    "x // 2",
    "x % 2",
    "x << 2",
    "~x",
    "x; y",
    "# comment",
    "x = y = z",
    "x == y == z",
    "sin(x=1)",
    "sin(*[x])",
    # resource exhaustion
    "9**9**9",
    "factorial(10**7)",
    "factorial(factorial(20))",
    "gamma(10**9)",
    "binomial(10**9, 10**8)",
    "(((9**64)**64)**64)**64",
    "2**2**2**2**2**2",
    "2**10**10",
    "10**-10**10",
    "(1/3)**10**9",
    "2**(10**9/3)",
    "sqrt(10**2000 + 1)",
    "1.0000001**1e300",
    "exp(1e300)",
    "1e300**1e300",
    "(x+1)**10000",
    "((x+1)**1000)**1000",
    "(10**100*x)**1000",
    "max(" + ",".join("a%d" % i for i in range(50)) + ")",
    "(" * 10000 + "x" + ")" * 10000,
    "(" * 100 + "x" + ")" * 100,
    "sin(" * 100 + "x" + ")" * 100,
    "-" * 100000 + "x",
    "-" * 5000 + "x",
    "x**" * 2000 + "x",
    "x+" * 1_000_000 + "x",
    "x+" * 3000 + "x",
    "a" * 2_000_000,
    "1" * 5000,
    "9" * 1001,
    # unicode tricks
    "\u0455in(x)",          # Cyrillic s
    "\u0445**2",            # Cyrillic x
    "\u0430 + 1",           # Cyrillic a
    "\u03bf + 1",           # Greek omicron
    "x\u200b+1",            # zero-width space
    "x\u202e+1",            # right-to-left override
    "x\x00",
    "x\x1b[31m",
    "\ufeffx",
    # numbers
    "1e999",
    "-1e999",
    "1/0",
    "x/(x-x)",
    "0**-1",
    "log(0)",
    "1/0.0",
]

#: More hostile formulas: each once ran past its budget, ended in an internal error, or probes a
#: class of those (towers, huge powers, symbolic blow-up, piecewise functions, edge-of-range numbers).
MORE_HOSTILE = [
    # towers and blow-up in sampling or simplification
    "exp(exp(exp(exp(x))))",
    "exp(exp(exp(exp(exp(x)))))",
    "exp(exp(exp(x**2)))",
    "log(log(log(log(x))))",
    "sin(exp(exp(exp(x))))",
    "exp(x)**exp(x)**exp(x)",
    "x**x**x**x",
    "x**(x**(x**(x**x)))",
    "gamma(gamma(gamma(x)))",
    "factorial(factorial(x))",
    "exp(10**100*x)",
    "exp(1e300*x)",
    "10**(100*x) - 100**(50*x)",
    "x**2 + 10**(100*x) - 100**(50*x)",
    "tanh(exp(exp(x)))",
    "sqrt(exp(exp(exp(x))))",
    # huge powers and products that expand to many terms
    "(x+y+z+w)**1000",
    "(x+y+z)**200",
    "(a+1)**1000 - b",
    "Heaviside((a+1)**1000 - b)",
    "Heaviside(x - 1)",
    "Heaviside(x)*x**2",
    "sin(x)**1000 + cos(x)**1000",
    "sin(x)**999*cos(x)**999",
    "(sin(x)+cos(x))**1000",
    "(x**2+1)**1000/(x**2+1)**999",
    "((x+1)**100 - 1)/x",
    "(1+1/x)**(10**3)",
    "prod",
    "(x+1)**1000*(x-1)**1000",
    "(x+y)**1000 - (y+x)**1000",
    "expand((x+1)**1000)",
    "(a+b+c+d+e+f+g)**50",
    "(x*y*z + 1)**300",
    "(1/(x+1) + 1/(x+2) + 1/(x+3))**100",
    # numbers at the edge of the range
    "1e-99999999",
    "1e99999999",
    "-1e-99999999",
    "0.0000000000000000000000000000000000000001e-99999",
    "1e-399",
    "1e-401",
    "1e399*x",
    "123456789e-405",
    "x**1e308",
    "x**-1e308",
    "x**1000.5",
    "(x+1)**1e3",
    "10**3999",
    "10**4001",
    "10**-3999",
    "2**13000",
    "factorial(1000)",
    "factorial(1001)",
    "binomial(1000, 500)",
    "gamma(1000.5)",
    "sqrt(2)**1000",
    "(1+sqrt(2))**1000",
    "exp(1000)",
    "exp(-1000)*x",
    "log(1e-300)",
    # piecewise and non-smooth functions
    "Abs(x)**1000",
    "Max(x, y)**1000",
    "Min(" + ",".join("x**%d" % i for i in range(1, 11)) + ")",
    "floor(x)**1000",
    "sign(x)*x**1000",
    "ceiling(exp(exp(x)))",
    "Heaviside(sin(1/x))",
    "sin(1/x)",
    "sin(1/(x*y*z))",
    "x/(x-x)",
    "0**x",
    "x**0**x",
    "zoo*x",
    "oo - oo",
    "nan*x",
    "I*x",
    "sqrt(-1)*x",
    # structure: equations, vectors, matrices, sets
    "x = 1",
    "(x+y+z+w)**1000 = 0",
    "[x]*1000",
    "[" + ",".join(["x"] * 200) + "]",
    "[[" + "],[".join([",".join(["1"] * 40)] * 40) + "]]",
    "[[" + "],[".join([",".join(["x"] * 41)] * 41) + "]]",
    "{" + ",".join("x%d" % i for i in range(200)) + "}",
    "+".join("x%d**2" % i for i in range(1000)),
    "+".join("x%d" % i for i in range(400)),
    "*".join("x%d" % i for i in range(400)),
]

#: Programs whose formulas are corpus entries: ``{path}`` is a marker file that must never appear.
def canaries(path):
    """The canary programs with ``{path}`` filled in (a file that appears only if something ran them)."""
    return [template.format(path=path) for template in CANARY_TEMPLATE]


#: Options abused: (argv without the program name). Every one must end in an answer or one line of
#: error (never an internal error), inside its budget.
def _numeric_abuse():
    bad = ["nan", "inf", "-inf", "0", "-5", "1e308", "-1e308", "10**3999", "1e-99999999", "abc", "", "1e999",
           "__import__('os')"]
    cases = []
    base = {
        "derive": ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1"],
        "analyze": ["analyze", "x**2+y**2", "--vars", "x,y"],
        "run": ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1"],
        "check": ["check", "x**2", "x*x"],
        "schedule": ["schedule", "1/k"],
    }
    options = {
        "derive": ["--lr", "--steps", "--tol", "--timeout"],
        "analyze": ["--timeout"],
        "run": ["--lr", "--steps", "--tolerance", "--bound", "--clip", "--precision", "--timeout"],
        "check": ["--tolerance", "--floor", "--seed", "--timeout"],
        "schedule": ["--timeout"],
    }
    for command, names in options.items():
        for name in names:
            for value in bad:
                cases.append(base[command] + [f"{name}={value}"])
    return cases


OPTION_ABUSE = _numeric_abuse() + [
    # unknown names
    ["derive", "gradient-descnet", "x**2", "--vars", "x", "--start", "x=1"],
    ["derive", "__import__", "x**2", "--vars", "x", "--start", "x=1"],
    ["run", "sgdd", "x**2", "--vars", "x", "--start", "x=1"],
    ["run", "adam", "x**2", "--vars", "x", "--start", "x=1", "--decay", "1.5"],
    ["run", "newton", "x**2", "--vars", "x", "--start", "x=1", "--lr", "0.1"],
    ["analyze", "x**2", "--vars", "y"],
    ["analyze", "x**2", "--vars", "x", "--at", "y=1"],
    ["lecture", "nothing"],
    ["check", "x", "x", "--mode", "nonsense"],
    # malformed --vars / --start / --set / --assume / --at
    ["analyze", "x**2", "--vars", "x,,y"],
    ["analyze", "x**2", "--vars", "1x"],
    ["analyze", "x**2", "--vars", "x x"],
    ["analyze", "x**2", "--vars", "__class__"],
    ["analyze", "x**2", "--vars", "sin"],
    ["analyze", "x**2", "--vars", ""],
    ["analyze", "x**2", "--vars", "x" * 20000],
    ["analyze", "x**2", "--vars", ",".join("v%d" % i for i in range(1000))],
    ["analyze", "x**2", "--vars", "x", "--at", "x="],
    ["analyze", "x**2", "--vars", "x", "--at", "x=1e-99999999"],
    ["analyze", "x**2", "--vars", "x", "--at", "x=nan"],
    ["analyze", "x**2", "--vars", "x", "--at", "x=10**3999"],
    ["analyze", "x**2+b*y**2", "--vars", "x,y", "--assume", "0<b<"],
    ["analyze", "x**2+b*y**2", "--vars", "x,y", "--assume", "b>1, b<0"],
    ["analyze", "x**2+b*y**2", "--vars", "x,y", "--assume", "b>1e-99999999"],
    ["analyze", "x**2+b*y**2", "--vars", "x,y", "--assume", "__import__('os')"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x="],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "y=1"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1,y=2"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1e999"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1e-99999999"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=10**3999"],
    ["derive", "gradient-descent", "b*x**2", "--vars", "x", "--start", "x=1", "--set", "b="],
    ["derive", "gradient-descent", "b*x**2", "--vars", "x", "--start", "x=1", "--set", "b=["],
    ["derive", "gradient-descent", "b*x**2", "--vars", "x", "--start", "x=1", "--set", "zz=1"],
    ["derive", "gradient-descent", "b*x**2", "--vars", "x", "--start", "x=1", "--set", "b=1e-99999999"],
    ["derive", "gradient-descent", "b*x**2", "--vars", "x", "--start", "x=1", "--set", "b=[" + ",".join(["1"] * 5000) + "]"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1", "--lr", "1e308"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1", "--lr", "10**3999"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1", "--steps", "100000000000"],
    ["derive", "momentum", "x**2", "--vars", "x", "--start", "x=1", "--momentum", "1"],
    ["derive", "momentum", "x**2", "--vars", "x", "--start", "x=1", "--momentum", "nan"],
    ["derive", "matrix-power", "[[1, 2], [3]]"],
    ["derive", "matrix-power", "[[" + "],[".join([",".join(["0"] * 41)] * 41) + "]]"],
    ["derive", "matrix-power", "[[1e-99999999]]"],
    ["derive", "matrix-power", "[[10**3999]]"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1", "--set", "b=1"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "1/(k-1)"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "exp(exp(exp(k)))"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "__import__('os')"],
    ["schedule", "k**(-p)", "--params", "p,p"],
    ["schedule", "exp(exp(exp(k)))"],
    ["schedule", "1/k", "--params", "__class__"],
    # conflicting options
    ["check", "x", "x", "--reference", "x"],
    ["check", "--batch", "/nonexistent/answers.csv"],
    ["check", "x", "x", "--output", "out.csv"],
    ["check", "--reference", "x", "--batch", "/dev/null", "--progress-every=-1"],
    ["derive", "newton", "x**2", "--vars", "x", "--start", "x=1", "--lr", "0.1"],
    ["derive", "matrix-power", "[[1]]", "--start", "x=1"],
    ["derive", "--vars", "x"],
    ["lecture", "cliff", "--start", "1,2,3"],
    ["lecture", "cliff", "--start", "nan,nan"],
    ["lecture", "symmetry", "--n", "-1"],
    ["lecture", "symmetry", "--n", "1000000", "--layers", "1000000"],
    ["lecture", "saddles", "--max-n", "1000000"],
    ["lecture", "saddles", "--samples", "100000000000"],
    ["lecture", "saddles", "--matrix", "[[1, 2], [3]]"],
    ["lecture", "saddles", "--matrix", "[[1e999]]"],
    ["lecture", "batchnorm", "--m", "1000000"],
    ["lecture", "batchnorm", "--m", "1"],
    ["lecture", "batchnorm", "--eps", "nan"],
    ["lecture", "surrogate", "--points", "100000000"],
    ["lecture", "surrogate", "--lr", "nan"],
    # found in acceptance (issue 11): once silently misread, nonsense output, or two stderr lines
    ["analyze", "x**2", "--vars", "x", "--at", "x=0x10"],
    ["analyze", "x**2+y**2", "--vars", "x,y", "--at", "x=nan,y=1"],
    ["analyze", "x**2+y**2", "--vars", "x,y", "--at", "x=q,y=1"],
    ["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1", "--tol=inf"],
    ["check", "x", "x", "--tolerance=inf"],
    ["check", "--reference", "x", "--batch", "/dev/null", "--tolerance=inf"],
    ["check", "--reference", "x", "--batch", "/dev/null", "--report", "/proc/r.md"],
    ["analyze", "x**2", "--vars", "x", "--latex", "/proc/x.tex"],
    ["run", "sgd", "x**2", "--vars", "x", "--start", "x=1", "--csv", "/nonexistent/dir/x.csv"],
]


#: Runs that diverge, leave the domain or overflow: each must end with a status, inside its budget.
def _diverging_runs():
    objectives = ["x**2", "x**4", "-x**2", "x**3", "exp(x)", "exp(-x)", "1/x", "log(x)", "sqrt(x)",
                  "x**2 + y**2", "x**2 - y**2", "exp(x*y)", "(x*y - 1)**2", "cosh(x)", "x**6 - x**2"]
    variables = {"x**2 + y**2": "x,y", "x**2 - y**2": "x,y", "exp(x*y)": "x,y", "(x*y - 1)**2": "x,y"}
    cases = []
    for i, f in enumerate(objectives):
        names = variables.get(f, "x")
        start = ",".join(f"{v}=3" for v in names.split(","))
        for optimizer, extra in (("sgd", ["--lr", "10"]), ("momentum", ["--lr", "5", "--momentum", "0.99"]),
                                 ("newton", []), ("adam", ["--lr", "1e10"])):
            cases.append(["run", optimizer, f, "--vars", names, "--start", start, "--steps", "500", *extra])
    return cases


DIVERGING_RUNS = _diverging_runs()
