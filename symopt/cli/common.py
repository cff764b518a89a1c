"""Options and output shared by the subcommands."""

import argparse
import sys
from pathlib import Path

from ..errors import SymoptError
from ..serialize import dumps

#: Default time budget (seconds) of a whole command, by subcommand.
DEFAULT_TIMEOUT = {"check": 5.0, "analyze": 30.0, "derive": 30.0, "run": 30.0, "schedule": 30.0, "lecture": 120.0}


def add_timeout_option(parser, command, what="the whole command"):
    """``--timeout SECONDS``: the time budget of the whole command (see ``symopt --help``)."""
    default = DEFAULT_TIMEOUT[command]
    parser.add_argument("--timeout", type=float, default=default, metavar="SECONDS",
                        help=f"time budget of {what} in seconds, a positive finite number (default {default:g}); "
                             "each open-ended symbolic step gets at most max(5, SECONDS/6) of it. Past it the "
                             "command prints what it finished and exits with 4")


def step_seconds(total):
    """Budget of one open-ended symbolic step inside a command whose budget is ``total`` seconds."""
    from ..budget import DEFAULT_SECONDS
    return min(total, max(DEFAULT_SECONDS, total / 6))


class Accumulate(argparse.Action):
    """A repeatable option whose values are joined: ``--assume "k>0" --assume "m>0"`` means ``"k>0, m>0"``.

    >>> parser = argparse.ArgumentParser()
    >>> _ = parser.add_argument("--assume", action=Accumulate)
    >>> parser.parse_args(["--assume", "k>0", "--assume", "m>0"]).assume
    'k>0, m>0'
    """

    def __call__(self, parser, namespace, values, option_string=None):
        previous = getattr(namespace, self.dest, None)
        joined = values if not previous else f"{previous}, {values}"
        setattr(namespace, self.dest, joined)


def accept_leading_minus(parser):
    """Let arguments that start with "-" be values (``-sin(x)``, ``--assume "-1<x<1"``), not options.

    Only strings that are exactly an option of ``parser`` (or ``--name=value`` / an unambiguous
    ``--prefix``) are options; every other string starting with a single "-" is a value, so
    students' answers need no ``--``.

    >>> parser = argparse.ArgumentParser()
    >>> _ = parser.add_argument("answer")
    >>> _ = parser.add_argument("--assume")
    >>> accept_leading_minus(parser)
    >>> vars(parser.parse_args(["-sin(x)", "--assume", "-1<x<1"]))
    {'answer': '-sin(x)', 'assume': '-1<x<1'}
    """
    parser.__class__ = type("ExpressionArgumentParser", (_LeadingMinus, type(parser)), {})


class _LeadingMinus(argparse.ArgumentParser):
    def _parse_optional(self, arg_string):
        if not arg_string.startswith("-") or arg_string == "--" or arg_string in self._option_string_actions:
            return super()._parse_optional(arg_string)
        if arg_string.startswith("--"):
            name = arg_string.split("=", 1)[0]
            if name in self._option_string_actions or self._get_option_tuples(arg_string):
                return super()._parse_optional(arg_string)
        return None   # no option of ours: an expression such as -x or --x


def add_output_options(parser, latex=True, markdown=True):
    """``--json``, ``--latex FILE``, ``--markdown FILE`` and ``--title``."""
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON instead of text")
    parser.add_argument("--ascii", action="store_true",
                        help="print plain ASCII instead of unicode mathematics (for terminals without unicode)")
    if latex:
        parser.add_argument("--latex", metavar="FILE", help="also write a complete LaTeX document to FILE")
    if markdown:
        parser.add_argument("--markdown", metavar="FILE", help="also write the derivation as Markdown to FILE")
    if latex or markdown:
        parser.add_argument("--title", help="title of the written document")
        parser.add_argument("--key-steps", action="store_true", help="write only the key steps")
        parser.add_argument("--step-symbol", choices=("epsilon", "eta"),
                            help="notation for the step size in written documents")
        parser.add_argument("--parameter-symbol", choices=("theta", "w"),
                            help="notation for the parameters in written documents")
        parser.add_argument("--no-verification", action="store_true",
                            help="leave the numeric verification out of written documents")


def add_problem_options(parser, expression_default=None, variables_default=None):
    """``EXPR``, ``--vars`` and ``--assume``."""
    parser.add_argument("expression", metavar="EXPR", nargs="?" if expression_default else None,
                        default=expression_default,
                        help="objective, e.g. \"(x**2 + b*y**2)/2\" (^ and implicit products like 3xy accepted)")
    parser.add_argument("--vars", dest="variables", default=variables_default,
                        help="variables in gradient order, e.g. x,y (other names are parameters)")
    parser.add_argument("--assume", default=None, action=Accumulate,
                        help="assumptions, e.g. \"0<b<=1, k integer nonnegative\" (repeatable)")
    accept_leading_minus(parser)


#: Options that name a file the command writes.
OUTPUT_OPTIONS = ("latex", "markdown", "plot", "csv", "output", "report")


def check_output_paths(args):
    """Refuse an output file that cannot be written before any work starts (one line, not after a run)."""
    for name in OUTPUT_OPTIONS:
        path = getattr(args, name, None)
        if not isinstance(path, str) or not path:
            continue
        target = Path(path)
        if target.is_dir():
            raise SymoptError(f"cannot write {path}: it is a directory")
        if not target.parent.is_dir():
            raise SymoptError(f"cannot write {path}: no directory {target.parent}")
        existed = target.exists()
        try:
            with open(target, "a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise SymoptError(f"cannot write {path}: {exc.strerror or exc}") from None
        if not existed:
            target.unlink(missing_ok=True)


def write_text(path, text):
    """Write a file, turning OS errors into one-line user errors (and refusing absurdly large output)."""
    from ..budget import MAX_OUTPUT_CHARS
    if len(text) > MAX_OUTPUT_CHARS:
        raise SymoptError(f"{path} would be longer than {MAX_OUTPUT_CHARS:,} characters; ask for less")
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SymoptError(f"cannot write {path}: {exc.strerror}") from None


def sheet_options(args):
    """The solution-sheet options given on the command line, as keyword arguments of the renderers."""
    return {"key_steps": getattr(args, "key_steps", False),
            "step_symbol": getattr(args, "step_symbol", None),
            "parameter_symbol": getattr(args, "parameter_symbol", None),
            "verification": not getattr(args, "no_verification", False)}


def emit(args, derivation, payload, plot=None, plot_caption=None):
    """Print JSON or text, and write the LaTeX/Markdown files that were asked for.

    ``payload`` is what ``--json`` prints: a result (its ``to_dict()``) or plain data.

    ``plot``, the path of a PNG already written, is included in the LaTeX sheet
    (by its path relative to the sheet's directory).
    """
    title = getattr(args, "title", None)
    if getattr(args, "latex", None):
        import os
        from ..render import document
        figure = None
        if plot is not None:
            figure = os.path.relpath(os.path.abspath(plot), os.path.dirname(os.path.abspath(args.latex)))
            figure = figure.replace(os.sep, "/")
        caption = {"plot_caption": plot_caption} if plot_caption else {}
        write_text(args.latex, document(derivation, title=title, plot=figure, **caption, **sheet_options(args)))
    if getattr(args, "markdown", None):
        from ..render import markdown
        write_text(args.markdown, markdown(derivation, title=title, **sheet_options(args)))
    if args.json:
        sys.stdout.write(dumps(payload))
    else:
        print(terminal_text(derivation, args))


def terminal_text(derivation, args):
    """The derivation as a person reads it at a terminal: sympy's unicode pretty printing (``--ascii``: ASCII),
    prose and tables wrapped to the terminal's width (``COLUMNS``; 100 when unknown)."""
    import shutil
    from ..render import TERMINAL_WIDTH, pretty
    width = shutil.get_terminal_size((TERMINAL_WIDTH, 24)).columns
    use_unicode = not getattr(args, "ascii", False)
    if use_unicode:
        try:
            "─α≤".encode(sys.stdout.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            use_unicode = False  # the terminal cannot show it
    return pretty(derivation, width=max(width, 40), use_unicode=use_unicode)
