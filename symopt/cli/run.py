"""`symopt run` (being written; see the issue tracker)."""

from ..errors import SymoptError


def add_parser(commands):
    parser = commands.add_parser("run", help="(not available yet)")
    parser.set_defaults(run=run)


def run(args):
    raise SymoptError("'symopt run' is not available in this build yet")
