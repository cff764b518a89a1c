"""``symopt run``: run one of the lecture's optimizers on an objective and report the trajectory."""

import sys

from ..errors import ProblemError
from ..limits import MAX_RECORDED_NUMBERS, MAX_STEPS, MAX_VARIABLES
from ..serialize import dumps, trajectory_dict
from .choices import OPTIMIZER_NAMES
from .common import Accumulate, accept_leading_minus, add_timeout_option

#: option -> hyperparameter name (Adam reads --momentum as β₁ and --decay as β₂)
OPTIONS = (("lr", "epsilon"), ("momentum", "alpha"), ("decay", "rho"), ("delta", "delta"))
ADAM_OPTIONS = {"alpha": "beta1", "rho": "beta2"}


def add_parser(commands):
    parser = commands.add_parser(
        "run", help="run an optimizer (sgd, momentum, nesterov, adagrad, rmsprop, rmsprop-nesterov, newton, adam)",
        description="Run one of the lecture's optimizers from a start point. Steps count from k = 1. "
                    "A run ends with a status: converged (gradient norm <= --tolerance, or exactly 0 without "
                    "one), diverged (an iterate not finite or beyond --bound), invalid (f or its gradient is "
                    "not a real number: outside the domain of f, a pole, an overflow), singular (Newton met a "
                    "singular Hessian) or max_steps. Kinks and jumps use a fixed convention: d|u|/du = sign(u), "
                    "Max/Min (and relu) average the gradients of the arguments that attain the extremum "
                    "(relu'(0) = 1/2), floor/ceiling/sign/Heaviside have derivative 0; Newton refuses them. "
                    f"Caps: --steps <= {MAX_STEPS:,}; at most {MAX_VARIABLES} variables; at most "
                    f"{MAX_RECORDED_NUMBERS:,} recorded numbers (steps x variables; a hundredth with --precision).")
    parser.add_argument("optimizer", metavar="OPTIMIZER", help=f"one of {', '.join(OPTIMIZER_NAMES)}")
    parser.add_argument("expression", metavar="EXPR", help="objective, e.g. \"(x**2 + b*y**2)/2\"")
    parser.add_argument("--vars", dest="variables", required=True, help="variables in gradient order, e.g. x,y")
    parser.add_argument("--assume", default=None, action=Accumulate,
                        help="assumptions on parameters, e.g. \"0<b<=1\" (repeatable)")
    parser.add_argument("--start", required=True, help="start point, e.g. x=1,y=1")
    parser.add_argument("--steps", type=int, default=100, help=f"maximum number of steps (default 100, at most "
                        f"{MAX_STEPS:,})")
    parser.add_argument("--lr", help="learning rate ε in (0, inf)")
    parser.add_argument("--momentum", help="momentum α in [0, 1) (Adam: β₁)")
    parser.add_argument("--decay", help="decay rate ρ in [0, 1) (Adam: β₂)")
    parser.add_argument("--delta", help="small constant δ in [0, inf)")
    parser.add_argument("--schedule", help="learning rate ε_k at step k = 1, 2, ..., e.g. \"1/(k+1)\" "
                        "(multiplied by --lr if given)")
    parser.add_argument("--clip", help="gradient-norm clipping threshold C in (0, inf)")
    parser.add_argument("--set", dest="parameters", action=Accumulate,
                        help="parameter values, e.g. b=0.1 (repeatable)")
    parser.add_argument("--precision", type=int, help="run in mpmath with this many decimal digits")
    parser.add_argument("--tolerance", help="stop when the gradient norm is at most this")
    parser.add_argument("--bound", default="1e100", help="an iterate with norm above this counts as divergence")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON (with --precision, "
                        "numbers are decimal strings with every digit)")
    add_timeout_option(parser, "run")
    parser.add_argument("--csv", metavar="FILE", help="write the trajectory as CSV (with --precision, every digit)")
    parser.add_argument("--plot", metavar="FILE.png", help="write a plot (contour + path for two variables, "
                        "f_k − min f otherwise)")
    parser.set_defaults(run=run)
    accept_leading_minus(parser)


def _number(text, option):
    """A sympy number from option text (exact for decimals: 0.1 is 1/10)."""
    from ..errors import ParseError
    from ..optimizers.inputs import exact_number
    try:
        value = exact_number(text)
    except ParseError as exc:
        raise ProblemError(f"--{option}: expected a number, got {text!r} ({exc})") from None
    if value.free_symbols or not value.is_real:
        raise ProblemError(f"--{option}: expected a real number, got {text!r}")
    return value


def _hyperparameters(args, optimizer):
    values = {}
    names = {hp.name for hp in optimizer.hyperparameters}
    for option, name in OPTIONS:
        text = getattr(args, option)
        if text is None:
            continue
        if optimizer.name == "adam":
            name = ADAM_OPTIONS.get(name, name)
        if name not in names:
            raise ProblemError(f"--{option}: {optimizer.name} has no such hyperparameter (it takes "
                               f"{', '.join(sorted(names)) or 'none'})")
        value = _number(text, option)
        try:
            optimizer.hyperparameter(name).check(value)
        except ProblemError as exc:
            raise ProblemError(f"--{option}: {exc}") from None
        values[name] = value
    return values


def run(args):
    import sympy as sp

    from ..optimizers import get
    from ..optimizers.runs import run as run_optimizer
    from ..problem import Problem, check_values_in_domains

    from ..budget import report_partial
    report_partial({"optimizer": args.optimizer, "status": None, "steps": None, "iterates": None, "f": None,
                    "variables": None, "gradient_norm": None, "diverged_at": None, "failed_at": None, "reason": None,
                    "hyperparameters": None, "precision": args.precision},
                   f"{args.optimizer} on f = {args.expression}")
    optimizer = get(args.optimizer)
    problem = Problem.from_text(args.expression, args.variables, args.assume)
    hyper = _hyperparameters(args, optimizer)
    parameters = {}
    if args.parameters:
        from ..parsing import parse_assignments
        from ..optimizers.inputs import exact_number
        parameters = parse_assignments(args.parameters, symbols=problem.symbol_table())
        # decimals exactly as typed (b=0.1 is 1/10), so a --precision run does not inherit a binary 0.1
        parameters = {name: exact_number(sp.sstr(value, full_prec=False)) if isinstance(value, sp.Float) else value
                      for name, value in parameters.items()}
        check_values_in_domains(parameters, problem.domain_map)
    if not 0 <= args.steps <= MAX_STEPS:
        raise ProblemError(f"--steps must be a whole number in [0, {MAX_STEPS:,}], got {args.steps:,}")
    if len(problem.variables) > MAX_VARIABLES:
        raise ProblemError(f"--vars: a run takes at most {MAX_VARIABLES} variables, got {len(problem.variables)}")
    schedule = None
    if args.schedule is not None:
        from ..schedules import from_text
        schedule = from_text(args.schedule)
    tolerance = None if args.tolerance is None else float(_number(args.tolerance, "tolerance"))
    clip = None if args.clip is None else float(_number(args.clip, "clip"))
    bound = float(_number(args.bound, "bound"))
    trajectory = run_optimizer(optimizer, problem, args.start, steps=args.steps, hyperparameters=hyper,
                               schedule=schedule, tolerance=tolerance, clip=clip, bound=bound,
                               precision=args.precision, record="all", parameters=parameters)
    if args.csv:
        trajectory.to_csv(args.csv)
    if args.plot:
        from ..plots import plot_run  # imported only when a plot is asked for (matplotlib is optional)
        plot_run(trajectory, problem, args.plot, parameters, optimizer)
    if args.json:
        sys.stdout.write(dumps(trajectory_dict(trajectory, hyper)))
    else:
        print(to_text(trajectory, problem, optimizer))


def to_text(trajectory, problem, optimizer):
    """A short table of the run: the first and last iterates, f and ‖∇f‖, and how it ended."""
    path, f, norms = trajectory.path(0), trajectory.values(0), trajectory.norms(0)
    digits = 6 if trajectory.precision is None else min(trajectory.precision, 30)
    names = list(trajectory.variables)
    lines = [f"{optimizer.title} on f = {problem.expression}", f"{'k':>6}  " + "  ".join(
        f"{n:>{digits + 8}}" for n in names + ["f", "|grad f|"])]
    rows = list(range(len(path)))
    shown = rows if len(rows) <= 12 else rows[:6] + [None] + rows[-5:]
    for j in shown:
        if j is None:
            lines.append(f"{'...':>6}")
            continue
        cells = list(path[j]) + [f[j], norms[j]]
        lines.append(f"{int(trajectory.recorded_steps[j]):>6}  " + "  ".join(_fmt(c, digits) for c in cells))
    lines.append(f"status: {trajectory.status[0]} after {int(trajectory.steps[0])} step(s) ({trajectory.reason[0]})")
    return "\n".join(lines)


def _fmt(value, digits):
    import mpmath
    if isinstance(value, mpmath.mpf):
        return f"{mpmath.nstr(value, digits):>{digits + 8}}"
    return f"{float(value):>{digits + 8}.{digits}g}"
