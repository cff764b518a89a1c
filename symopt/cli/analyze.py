"""``symopt analyze``: gradient, Hessian, eigenvalues, critical points, conditioning."""

from ..analysis import DEFAULT_ASSUMPTIONS, DEFAULT_EXPRESSION, DEFAULT_VARIABLES, analyze
from ..problem import Problem
from .common import add_output_options, add_problem_options, emit


def add_parser(commands):
    parser = commands.add_parser(
        "analyze", help="gradient, Hessian, spectrum, critical points and conditioning of an objective",
        description="Analyse an objective. Without arguments: the lecture's f = (x^2 + b y^2)/2, 0 < b <= 1.")
    add_problem_options(parser, expression_default=DEFAULT_EXPRESSION)
    parser.add_argument("--at", help="a point, e.g. x=1,y=2: spectrum, kappa and best step there")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds for each symbolic solve (default 5)")
    parser.add_argument("--box", help="search box for critical points of non-polynomial objectives, "
                        "e.g. \"x=-5..5,y=-pi..pi\" (default -5..5 in every variable)")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args):
    variables = args.variables
    assume = args.assume
    if args.expression == DEFAULT_EXPRESSION and variables is None:
        variables = DEFAULT_VARIABLES
        assume = assume or DEFAULT_ASSUMPTIONS
    if variables is None:
        from ..errors import ProblemError
        raise ProblemError("name the variables with --vars, e.g. --vars x,y")
    problem = Problem.from_text(args.expression, variables, assume)
    result = analyze(problem, at=args.at, seconds=args.timeout, box=args.box)
    emit(args, result.derivation, result.to_json())
