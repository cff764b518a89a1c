"""``symopt lecture TOPIC``: batch normalization, weight-space symmetry, saddles, surrogate losses, cliffs.

``add_batchnorm_arguments`` / ``run_batchnorm`` are also meant for ``symopt derive batchnorm``.
"""

import json

from ..errors import ProblemError
from .common import add_output_options, add_timeout_option, emit

TOPICS = ("batchnorm", "symmetry", "saddles", "surrogate", "cliff")


def add_parser(commands):
    parser = commands.add_parser(
        "lecture", help="batch norm, weight-space symmetry, saddles, surrogate losses, cliffs",
        description="The rest of the lecture: each topic derives its formulas symbolically and verifies "
                    "them numerically (seeded).")
    topics = parser.add_subparsers(dest="topic", metavar="TOPIC", parser_class=type(parser))
    topics.required = True
    for name in TOPICS:
        summary, description, action, options = TOPIC_OPTIONS[name]
        topic = topics.add_parser(name, help=summary, description=description)
        if options is None:
            add_batchnorm_arguments(topic)
        else:
            for flag, keywords in options:
                topic.add_argument(flag, **keywords)
            add_output_options(topic)
            topic.set_defaults(run=action)
        add_timeout_option(topic, "lecture")
    parser.set_defaults(run=run)


def run(args):  # pragma: no cover - argparse requires a topic, each topic sets its own run
    raise ProblemError(f"name a topic: {', '.join(TOPICS)}")


# --- batchnorm (shared with ``symopt derive batchnorm``) -----------------------------------------

def add_batchnorm_arguments(parser, output_options=True):
    """Add ``--m``, ``--eps``, ``--seed``, ``--no-verify`` (and, unless told not to, the output options)
    and make ``run_batchnorm`` the parser's action."""
    parser.add_argument("--m", default="4",
                        help="minibatch size: an integer >= 2 (explicit x1..xm), or 'm' for a symbolic size "
                             "(default 4)")
    parser.add_argument("--eps", default="1e-5", help="epsilon of the numeric check, >= 0 (default 1e-5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the numeric check (default 0)")
    parser.add_argument("--no-verify", action="store_true", help="skip the finite-difference check")
    if output_options:
        add_output_options(parser)
    parser.set_defaults(run=run_batchnorm)


def run_batchnorm(args):
    """Derive batch normalization for ``args.m`` and print/write it (text, JSON, LaTeX, Markdown)."""
    from ..lecture.batchnorm import batch_normalization
    result = batch_normalization(args.m, eps=args.eps, seed=args.seed, verify=not getattr(args, "no_verify", False))
    emit(args, result.derivation, result)


# --- the other topics -----------------------------------------------------------------------

def run_symmetry(args):
    from ..lecture.symmetry import check_mlp_symmetries
    result = check_mlp_symmetries(n=_int_at_least(args.n, 1, "n"), m=_int_at_least(args.layers, 1, "layers"),
                                  a=args.a, seed=args.seed)
    emit(args, result.derivation, result)


def run_saddles(args):
    if args.matrix is not None:
        return _classify_matrix(args)
    from ..lecture.saddles import MAX_N, plot_goe_study, run_goe_study
    max_n = _int_at_least(args.max_n, 1, "max-n")
    if max_n > MAX_N:
        raise ProblemError(f"--max-n must be at most {MAX_N}; got {max_n}")
    study = run_goe_study(range(1, max_n + 1), samples=_int_at_least(args.samples, 1, "samples"), seed=args.seed,
                          confidence=args.confidence)
    payload = study.to_dict()
    if args.plot:
        payload["plot"] = plot_goe_study(study, args.plot)
    emit(args, study.derivation, payload, plot=args.plot,
         plot_caption="Fraction of random (GOE) Hessians that are minima, against the dimension n.")
    if args.plot and not args.json:
        print(f"plot written to {args.plot}")


def _classify_matrix(args):
    from ..lecture.saddles import hessian_kind
    try:
        matrix = json.loads(args.matrix)
    except ValueError:
        raise ProblemError("H (--matrix) must be JSON numbers like [[2, 1], [1, -3]]") from None
    if not isinstance(matrix, list) or not all(isinstance(row, list) for row in matrix) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for row in matrix for v in row):
        raise ProblemError("H (--matrix) must be a list of rows of numbers, like [[2, 1], [1, -3]]")
    if len({len(row) for row in matrix}) > 1:
        raise ProblemError("H (--matrix) must have rows of equal length")
    result = hessian_kind(matrix)
    emit(args, result.derivation, result)


def run_surrogate(args):
    from ..lecture.surrogate import run_surrogate_demo
    demo = run_surrogate_demo(seed=args.seed, points=args.points, steps=args.steps, lr=args.lr)
    emit(args, demo.derivation, demo)


def run_cliff(args):
    from ..lecture.cliffs import run_cliff as run_cliff_study
    parts = [p.strip() for p in str(args.start).split(",")]
    try:
        start = tuple(float(p) for p in parts)
    except ValueError:
        raise ProblemError(f"start must be two numbers x,y like 3,2; got {args.start!r}") from None
    if len(start) != 2:
        raise ProblemError(f"start must be two numbers x,y like 3,2; got {args.start!r}")
    study = run_cliff_study(args.height, args.steepness, args.position, args.lr, args.clip, args.steps, start)
    emit(args, study.derivation, study)


def _int_at_least(value, low, name):
    if value < low:
        raise ProblemError(f"--{name} must be at least {low}; got {value}")
    return value


# --- the topics' options ---------------------------------------------------------------------

#: TOPIC -> (help, description, run, options as (flag, add_argument keywords)); batchnorm's options are
#: added by :func:`add_batchnorm_arguments` (``symopt derive batchnorm`` shares them).
TOPIC_OPTIONS = {
    "batchnorm": ("batch normalization: transform, variance, inference, backward",
                  "Batch normalization derived symbolically (Ioffe & Szegedy 2015) and checked against "
                  "finite differences.", run_batchnorm, None),
    "symmetry": ("weight-space symmetry: (n!)^m, ReLU scaling, tanh sign flips",
                 "Count the equivalent orderings and check the symmetries on a seeded MLP.", run_symmetry, (
                     ("--n", dict(type=int, default=4, help="units per hidden layer (default 4)")),
                     ("--layers", dict(type=int, default=2, help="hidden layers m (default 2)")),
                     ("--a", dict(default="2.5", help="ReLU scaling factor a > 0 (default 2.5)")),
                     ("--seed", dict(type=int, default=0, help="seed of the MLP weights (default 0)")))),
    "saddles": ("how often a random (GOE) Hessian is a minimum vs a saddle",
                "Seeded Monte Carlo of GOE matrices: fractions positive definite, negative definite and "
                "indefinite, with Wilson intervals.", run_saddles, (
                    ("--max-n", dict(type=int, default=10, help="largest dimension n (default 10)")),
                    ("--samples", dict(type=int, default=200_000, help="matrices per n (default 200000)")),
                    ("--seed", dict(type=int, default=0, help="seed (default 0)")),
                    ("--confidence", dict(type=float, default=0.95, help="interval level (default 0.95)")),
                    ("--plot", dict(metavar="FILE", help="also write a PNG plot (needs symopt[plot])")),
                    ("--matrix", dict(metavar="JSON",
                                      help="instead classify one symmetric Hessian, e.g. '[[2, 1], [1, -3]]'")))),
    "surrogate": ("0-1 loss vs logistic and hinge surrogates",
                  "Surrogate losses and their derivatives; logistic regression on a separable dataset shows the "
                  "NLL falling after the 0-1 loss is 0.", run_surrogate, (
                      ("--seed", dict(type=int, default=0, help="dataset seed (default 0)")),
                      ("--points", dict(type=int, default=40, help="training points (default 40)")),
                      ("--steps", dict(type=int, default=1500, help="gradient-descent steps (default 1500)")),
                      ("--lr", dict(type=float, default=0.5, help="learning rate (default 0.5)")))),
    "cliff": ("a cliff: gradient descent with and without gradient clipping",
              "f = (x^2 + y^2)/2 + h tanh(s (x - c)): plain vs clipped gradient descent.", run_cliff, (
                  ("--height", dict(type=float, default=5.0, help="h (default 5)")),
                  ("--steepness", dict(type=float, default=20.0, help="s (default 20)")),
                  ("--position", dict(type=float, default=1.0, help="c (default 1)")),
                  ("--lr", dict(type=float, default=0.1, help="learning rate (default 0.1)")),
                  ("--clip", dict(type=float, default=1.0, help="gradient-norm threshold (default 1)")),
                  ("--steps", dict(type=int, default=100, help="steps (default 100)")),
                  ("--start", dict(default="3,2", help="start point x,y (default 3,2)")))),
}

__all__ = ["add_parser", "run", "add_batchnorm_arguments", "run_batchnorm", "TOPICS"]
