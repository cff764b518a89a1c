"""``symopt derive``: closed-form iterates, proofs and three-way verification.

Without arguments it runs the lecture's closing exercise (exact line search on
f = ½(x² + by²), 0 < b ≤ 1, from (b, 1)). ``symopt derive METHOD EXPR --vars ...
--start ...`` runs a method on any objective; ``symopt derive matrix-power
"[[...]]"`` takes a matrix power.

Exit status: 0 with a verified (or unverifiable) result, 2 for a user error, 3 for
an internal error, 4 when the budget ran out, 5 when a derived closed form failed its own verification
(symbolic substitution refuted, or the float64 / 50-digit run too far from it):
the text then starts with "NOT VERIFIED", nothing is boxed, and the JSON has
``"verified": false`` with ``verification_failures``.

METHOD is looked up in :data:`HANDLERS` (``handler(args)`` prints the result);
:data:`ARGUMENT_HOOKS` add options to the parser. A method defined elsewhere is
added with two lines at the end of this module, e.g. for batch normalization::

    from .lecture import add_batchnorm_arguments, run_batchnorm
    HANDLERS["batchnorm"], ARGUMENT_HOOKS = run_batchnorm, ARGUMENT_HOOKS + (
        lambda parser: add_batchnorm_arguments(parser, output_options=False),)

(the hooks run before this module sets ``run``, so dispatch stays here).
"""


from ..errors import ParseError, ProblemError
from .choices import PLOT_DEFAULT
from .common import Accumulate, accept_leading_minus, add_output_options, add_timeout_option, emit, step_seconds
from .lecture import add_batchnorm_arguments, run_batchnorm

#: The exercise ``symopt derive`` runs without arguments.
EXERCISE = {"expression": "(x**2 + b*y**2)/2", "variables": "x,y", "assume": "0<b<=1", "start": "x=b,y=1"}
MAX_STEPS = 100_000


def add_parser(commands):
    parser = commands.add_parser(
        "derive", help="closed-form iterates x_k of exact line search, GD, momentum, Nesterov, Newton; W^k",
        description="Derive the iterates of an optimization method in closed form (symbolic k), prove what can "
                    "be proved, and verify three ways (symbolic substitution, float64 run, 50-digit run). "
                    "Without arguments: the lecture's exercise, exact line search on (x^2 + b y^2)/2, "
                    "0 < b <= 1, from (b, 1). Exit status 5: the derived closed form failed its own verification "
                    "(the output then starts with NOT VERIFIED and JSON has \"verified\": false).")
    parser.add_argument("method", metavar="METHOD", nargs="?", default=None,
                        help="exact-line-search (default), gradient-descent, momentum, nesterov, newton, "
                             "matrix-power, or batchnorm (with --m)")
    parser.add_argument("expression", metavar="EXPR", nargs="?", default=None,
                        help="objective, e.g. \"(x**2 + b*y**2)/2\" (default: the exercise's); for matrix-power "
                             "a matrix \"[[0.5, 1], [0, 2]]\"")
    parser.add_argument("--vars", dest="variables", default=None, help="variables in gradient order, e.g. x,y")
    parser.add_argument("--start", default=None, help="start point, e.g. x=b,y=1 (default with the exercise)")
    parser.add_argument("--lr", default=None, help="learning rate / fixed step ε (symbolic when omitted)")
    parser.add_argument("--momentum", default=None, help="momentum α in [0, 1) (symbolic when omitted)")
    parser.add_argument("--assume", default=None, action=Accumulate,
                        help="assumptions, e.g. \"0<b<=1\" (repeatable)")
    parser.add_argument("--set", dest="values", action="append", default=None, metavar="NAME=VALUE",
                        help="numeric parameter values for the verification and the plot, e.g. b=0.1 or "
                             "b=[0.05,0.1,0.5] (repeatable); checked against --assume")
    parser.add_argument("--steps", type=int, default=200, help="iterations verified numerically (default 200)")
    parser.add_argument("--tol", type=float, default=1e-6,
                        help="tolerance for the reported number of steps (gradient descent; default 1e-6)")
    add_timeout_option(parser, "derive")
    parser.add_argument("--plot", metavar="FILE.png",
                        help=f"contour plot of the run (2 variables); parameters without --set get {PLOT_DEFAULT} "
                             "if their domain allows, hyperparameters their optimal values")
    add_output_options(parser)
    for hook in ARGUMENT_HOOKS:
        hook(parser)
    parser.set_defaults(run=run)
    accept_leading_minus(parser)


def run(args):
    method = (args.method or "exact-line-search").strip().lower().replace("_", "-")
    handler = HANDLERS.get(method)
    if handler is None:
        raise ProblemError(f"unknown method '{args.method}'; choose one of {', '.join(HANDLERS)} "
                           "(the objective comes after the method)")
    from ..budget import report_partial
    report_partial(dict(PENDING, method=method), f"{method} on f = {args.expression or EXERCISE['expression']}")
    return handler(args)


#: The JSON answer of ``symopt derive`` before anything is derived (what a timeout leaves).
PENDING = {"method": None, "counter": "k", "closed_form": None, "step_size": None, "orthogonal_gradients": None,
           "rate": None, "verification": None, "notes": []}


# --- problems, start points, values -----------------------------------------------------------

def _problem(args):
    from ..problem import Problem
    expression, variables, assume, start = args.expression, args.variables, args.assume, args.start
    if expression is None:
        if variables is not None and variables.replace(" ", "") != EXERCISE["variables"]:
            raise ProblemError("--vars without an objective: give EXPR too")
        expression, variables = EXERCISE["expression"], EXERCISE["variables"]
        assume = assume or EXERCISE["assume"]
        start = start or EXERCISE["start"]
    if variables is None:
        raise ProblemError("name the variables with --vars, e.g. --vars x,y")
    problem = Problem.from_text(expression, variables, assume)
    if start is None:
        raise ProblemError("give a start point with --start, e.g. --start " +
                           ",".join(f"{v.name}=1" for v in problem.variables))
    return problem, start


def _values(args, table=None):
    """``--set`` values: ``{name: float or [floats]}``, read by the one assignment grammar."""
    from ..parsing import parse_assignments
    values = {}
    for text in args.values or ():
        for name, value in parse_assignments(text, symbols=table, lists=True).items():
            if name in values:
                raise ParseError(f"--set gives '{name}' twice")
            values[name] = _numbers(value, name)
    return values


def _numbers(value, name):
    """A float, or a list of floats for a sweep ``NAME=[v1, v2, ...]``."""
    items = value if isinstance(value, tuple) else (value,)
    numbers = []
    for item in items:
        if item.free_symbols or not item.is_real:
            raise ProblemError(f"--set {name}= needs numbers, got {item}")
        numbers.append(float(item))
    if not numbers:
        raise ProblemError(f"--set {name}= has no values")
    return numbers if isinstance(value, tuple) else numbers[0]


def _check_names(problem, values):
    known = {p.name for p in problem.parameters}
    for name in values:
        if name not in known:
            raise ProblemError(f"--set {name}=...: '{name}' is not a parameter of f "
                               f"(parameters: {', '.join(sorted(known)) or 'none'})")


def _hyper(text, problem, option):
    if text is None:
        return None
    from ..parsing import parse_expression
    value = parse_expression(text, symbols=problem.symbol_table())
    unknown = value.free_symbols - set(problem.parameters)
    if unknown:
        raise ProblemError(f"{option} uses {', '.join(sorted(s.name for s in unknown))}, which f does not know")
    if value.is_number and not value.is_real:
        raise ProblemError(f"{option} must be a real number, got {text}")
    return value


def _steps(args):
    if not 1 <= args.steps <= MAX_STEPS:
        raise ProblemError(f"--steps must be between 1 and {MAX_STEPS}, got {args.steps}")
    if not args.timeout > 0:
        raise ProblemError(f"--timeout must be positive, got {args.timeout}")
    return args.steps


# --- handlers ---------------------------------------------------------------------------------

def _unused(args, method, *options):
    for option in options:
        if getattr(args, option.lstrip("-").replace("-", "_"), None) is not None:
            raise ProblemError(f"{method} does not take {option} (it chooses its own step)"
                               if option == "--lr" else f"{method} does not take {option}")


def run_exact_line_search(args):
    from ..methods.exact_line_search import exact_line_search
    _unused(args, "exact-line-search", "--lr", "--momentum")
    problem, start = _problem(args)
    values = _values(args, problem.symbol_table())
    _check_names(problem, values)
    result = exact_line_search(problem, start, values, steps=_steps(args), seconds=step_seconds(args.timeout))
    return _finish(args, result, values)


def run_gradient_descent(args):
    from ..methods.gradient_descent import gradient_descent
    from ..optimizers import get
    _unused(args, "gradient-descent", "--momentum")
    problem, start = _problem(args)
    values = _values(args, problem.symbol_table())
    _check_names(problem, values)
    lr = _hyper(args.lr, problem, "--lr")
    if lr is not None and lr.is_number:
        get("sgd").hyperparameter("epsilon").check(lr)
    if not 0 < args.tol < float("inf"):
        raise ProblemError(f"--tol must be a positive finite number, got {args.tol}")
    result = gradient_descent(problem, start, lr, values, steps=_steps(args), tolerance=args.tol,
                              seconds=step_seconds(args.timeout))
    return _finish(args, result, values)


def _run_momentum(args, nesterov):
    from ..methods.momentum import momentum
    problem, start = _problem(args)
    values = _values(args, problem.symbol_table())
    _check_names(problem, values)
    lr = _hyper(args.lr, problem, "--lr")
    alpha = _hyper(args.momentum, problem, "--momentum")
    result = momentum(problem, start, lr, alpha, nesterov=nesterov, parameter_values=values, steps=_steps(args),
                      seconds=step_seconds(args.timeout))
    return _finish(args, result, values)


def run_momentum(args):
    return _run_momentum(args, nesterov=False)


def run_nesterov(args):
    return _run_momentum(args, nesterov=True)


def run_newton(args):
    import warnings
    from ..methods.newton import newton
    _unused(args, "newton", "--lr", "--momentum")
    problem, start = _problem(args)
    values = _values(args, problem.symbol_table())
    _check_names(problem, values)
    with warnings.catch_warnings():
        # the warning is a note of the derivation (printed with it); no second copy on stderr
        warnings.simplefilter("ignore")
        result = newton(problem, start, values, steps=_steps(args), seconds=step_seconds(args.timeout))
    return _finish(args, result, values)


def run_matrix_power(args):
    from ..methods.matrix_power import derive_matrix_power
    from ..parsing import parse_assumptions, parse_matrix
    from ..problem import make_symbols
    _unused(args, "matrix-power", "--lr", "--momentum", "--start", "--variables", "--plot")
    if args.expression is None:
        raise ProblemError('matrix-power needs a matrix, e.g. symopt derive matrix-power "[[0.5, 1], [0, 2]]"')
    domains = parse_assumptions(args.assume) if args.assume else []
    matrix = parse_matrix(args.expression, symbols=make_symbols([], domains))
    if not matrix.is_square:
        raise ProblemError(f"a matrix power needs a square matrix, got {matrix.rows}×{matrix.cols}")
    table = make_symbols(sorted(s.name for s in matrix.free_symbols), domains)
    matrix = matrix.xreplace({s: table[s.name] for s in matrix.free_symbols})
    values = _values(args, table)
    unknown = set(values) - {s.name for s in matrix.free_symbols}
    if unknown:
        raise ProblemError(f"--set {sorted(unknown)[0]}=...: the matrix has no such parameter")
    from ..problem import check_values_in_domains
    for name, value in values.items():
        for item in (value if isinstance(value, list) else [value]):
            check_values_in_domains({name: item}, {d.name: d for d in domains})
    result = derive_matrix_power(matrix, domains, values, steps=_steps(args), seconds=step_seconds(args.timeout))
    emit(args, result.derivation, result)
    return _status(result)


#: METHOD -> handler(args); the handler prints (text or JSON) and writes the requested files.
HANDLERS = {
    "exact-line-search": run_exact_line_search,
    "gradient-descent": run_gradient_descent,
    "momentum": run_momentum,
    "nesterov": run_nesterov,
    "newton": run_newton,
    "matrix-power": run_matrix_power,
}
#: Functions ``hook(parser)`` that add options of methods defined elsewhere.
ARGUMENT_HOOKS = ()

# Batch normalization is derived in symopt.lecture; its command-line part lives with the other topics.
HANDLERS["batchnorm"], ARGUMENT_HOOKS = run_batchnorm, ARGUMENT_HOOKS + (
    lambda parser: add_batchnorm_arguments(parser, output_options=False),)


# --- output -----------------------------------------------------------------------------------

#: What the lecture's closing exercise asks, for the problem statement of its sheet.
EXERCISE_ASKED = ("apply steepest descent with exact line search (Boyd & Vandenberghe §9.3.2); find the iterates "
                  "x_k, y_k in closed form, show that consecutive gradients are orthogonal, and give the rate at "
                  "which f(x_k) − f* decreases")


def _finish(args, result, values):
    derivation = result.derivation
    if args.expression is None and result.method == "exact-line-search":
        derivation = derivation.extend(asked=EXERCISE_ASKED)
    path = None
    if args.plot:
        from ..plots import plot_method_result
        path = plot_method_result(result, args.plot, values, steps=min(args.steps, 60))
    emit(args, derivation, result, plot=path)
    if path is not None and not args.json:
        print(f"plot written to {path}")
    return _status(result)


def _status(result):
    """0, or :data:`~symopt.methods.base.VERIFICATION_FAILED_EXIT` when the closed form failed its verification."""
    from ..methods.base import VERIFICATION_FAILED_EXIT
    if result.verified is False:
        import sys
        reasons = "; ".join(result.verification_failures)
        print(f"symopt derive: the derived closed form FAILED its verification ({reasons}) and is not a result",
              file=sys.stderr)
        return VERIFICATION_FAILED_EXIT
    return 0
