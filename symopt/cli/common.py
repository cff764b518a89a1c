"""Options and output shared by the subcommands."""

import argparse
import json
import sys
from pathlib import Path

from ..errors import SymoptError


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


def write_text(path, text):
    """Write a file, turning OS errors into one-line user errors."""
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


def emit(args, derivation, payload):
    """Print JSON or text, and write the LaTeX/Markdown files that were asked for."""
    title = getattr(args, "title", None)
    if getattr(args, "latex", None):
        from ..latex import document
        write_text(args.latex, document(derivation, title=title, **sheet_options(args)))
    if getattr(args, "markdown", None):
        from ..render import markdown
        write_text(args.markdown, markdown(derivation, title=title, **sheet_options(args)))
    if args.json:
        json.dump(payload, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(derivation.to_text())
