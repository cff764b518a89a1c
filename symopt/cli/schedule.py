"""``symopt schedule``: decide the Robbins–Monro conditions for a learning-rate schedule, with reasons."""

import json
import sys

from .common import Accumulate


def add_parser(commands):
    parser = commands.add_parser(
        "schedule", help="Robbins–Monro conditions (Σε_k = ∞, Σε_k² < ∞) for a schedule in k",
        description="Decide Σ_{k≥1} ε_k = ∞ and Σ_{k≥1} ε_k² < ∞ symbolically, with the reasoning. "
                    "Answers true, false or null (undetermined, never a guess).")
    parser.add_argument("expression", metavar="EXPR", help="the schedule, an expression in k, e.g. \"1/(k+1)\"")
    parser.add_argument("--params", default=None, action=Accumulate, help="parameters of a family, e.g. p for \"k**(-p)\": "
                        "the answer then includes the values of p that qualify")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.set_defaults(run=run)


def run(args):
    from ..schedules import from_text, robbins_monro
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
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(result.derivation.to_text())
