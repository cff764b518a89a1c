"""``symopt schedule``: decide the Robbins–Monro conditions for a learning-rate schedule, with reasons."""

import sys

from ..serialize import dumps
from .common import Accumulate, add_timeout_option


def add_parser(commands):
    parser = commands.add_parser(
        "schedule", help="Robbins–Monro conditions (Σε_k = ∞, Σε_k² < ∞) for a schedule in k",
        description="Decide Σ_{k≥1} ε_k = ∞ and Σ_{k≥1} ε_k² < ∞ symbolically, with the reasoning. "
                    "Answers true, false or null (undetermined, never a guess).")
    parser.add_argument("expression", metavar="EXPR", help="the schedule, an expression in k, e.g. \"1/(k+1)\"")
    parser.add_argument("--params", default=None, action=Accumulate, help="parameters of a family, e.g. p for \"k**(-p)\": "
                        "the answer then includes the values of p that qualify")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_timeout_option(parser, "schedule")
    parser.add_argument("--ascii", action="store_true", help="print plain ASCII instead of unicode mathematics")
    parser.set_defaults(run=run)


def run(args):
    from ..budget import report_partial
    from ..schedules import from_text, robbins_monro
    report_partial({"schedule": args.expression, "robbins_monro": None, "sum_diverges": None,
                    "sum_of_squares_converges": None, "family": None, "qualifying": None, "reasoning": None},
                   f"Robbins-Monro conditions for {args.expression}")
    params = ()
    if args.params:
        from ..parsing import parse_names
        params = tuple(parse_names(args.params))
    from ..errors import ProblemError
    try:
        schedule = from_text(args.expression, params)
    except ProblemError as exc:
        if "contains" in str(exc) and not params:
            raise ProblemError(f"{exc}; for a family declare its parameters, e.g. --params p") from None
        raise
    result = robbins_monro(schedule)
    if args.json:
        sys.stdout.write(dumps(result))
    else:
        from .common import terminal_text
        print(terminal_text(result.derivation, args))
