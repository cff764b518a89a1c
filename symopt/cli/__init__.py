"""The ``symopt`` command: one module per subcommand, each with ``add_parser`` and ``run``.

User errors (bad text, bad options, impossible problems) print one line on
stderr and exit with status 2; nothing a user types produces a traceback.
Set ``SYMOPT_DEBUG=1`` to see tracebacks of internal errors.
"""

import argparse
import importlib
import os
import sys

from ..errors import SymoptError

#: Subcommand modules under symopt.cli, in the order ``symopt --help`` lists them.
SUBCOMMANDS = ("analyze", "derive", "run", "schedule", "check", "lecture")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (its default prints the whole usage first)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser():
    """The argument parser of the ``symopt`` command with every subcommand registered."""
    from .. import __version__
    parser = _Parser(prog="symopt", description="Derive, verify, check and typeset the mathematics of "
                     "optimization in deep learning.")
    parser.add_argument("--version", action="version", version=f"symopt {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        module = importlib.import_module(f".{name}", __name__)
        module.add_parser(commands)
    return parser


def main(argv=None):
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.run(args) or 0
    except SymoptError as exc:
        print(f"symopt {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symopt: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an internal error: still no traceback unless asked for
        if os.environ.get("SYMOPT_DEBUG"):
            raise
        print(f"symopt {args.command}: internal error: {type(exc).__name__}: {_one_line(exc)} "
              "(set SYMOPT_DEBUG=1 for a traceback)", file=sys.stderr)
        return 3


def _one_line(exc):
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
