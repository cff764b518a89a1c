"""``symopt analyze``: gradient, Hessian, eigenvalues, critical points, conditioning."""

from .choices import ANALYZE_ASSUMPTIONS, ANALYZE_EXPRESSION, ANALYZE_VARIABLES
from .common import add_output_options, add_problem_options, add_timeout_option, emit, step_seconds


#: What an analysis answers, for the problem statement of its sheet.
ANALYSIS_ASKED = ("find the gradient and the Hessian of f, the Hessian's eigenvalues and the condition number, "
                  "and the critical points with their kind (Goodfellow et al. §4.3)")


def add_parser(commands):
    parser = commands.add_parser(
        "analyze", help="gradient, Hessian, spectrum, critical points and conditioning of an objective",
        description="Analyse an objective. Without arguments: the lecture's f = (x^2 + b y^2)/2, 0 < b <= 1.")
    add_problem_options(parser, expression_default=ANALYZE_EXPRESSION)
    parser.add_argument("--at", help="a point, e.g. x=1,y=2: spectrum, kappa and best step there")
    add_timeout_option(parser, "analyze")
    parser.add_argument("--box", help="search box for critical points of non-polynomial objectives, "
                        "e.g. \"x=-5..5,y=-pi..pi\" (default -5..5 in every variable)")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(args):
    variables = args.variables
    assume = args.assume
    if args.expression == ANALYZE_EXPRESSION and variables is None:
        variables = ANALYZE_VARIABLES
        assume = assume or ANALYZE_ASSUMPTIONS
    if variables is None:
        from ..errors import ProblemError
        raise ProblemError("name the variables with --vars, e.g. --vars x,y")
    from ..analysis import analyze
    from ..problem import Problem
    problem = Problem.from_text(args.expression, variables, assume)
    result = analyze(problem, at=args.at, seconds=step_seconds(args.timeout), box=args.box)
    emit(args, result.derivation.extend(asked=ANALYSIS_ASKED), result)
