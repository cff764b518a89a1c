"""`symopt lecture` (being written; see the issue tracker)."""

from ..errors import SymoptError


def add_parser(commands):
    parser = commands.add_parser("lecture", help="(not available yet)")
    parser.set_defaults(run=run)


def run(args):
    raise SymoptError("'symopt lecture' is not available in this build yet")
