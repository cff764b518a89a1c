"""The ``symopt`` command: one module per subcommand, each with ``add_parser`` and ``run``.

User errors (bad text, bad options, impossible problems) print one line on
stderr and exit with status 2; nothing a user types produces a traceback.
Set ``SYMOPT_DEBUG=1`` to see tracebacks of internal errors.

After the arguments are parsed (cheap), the whole subcommand runs in one
worker process under one budget (:func:`symopt.budget.run_budgeted`): a
deadline (``--timeout``) and a memory ceiling. At the deadline the worker is
killed and the command still answers with what it finished (exit status 4).
"""

import argparse
import importlib
import os
import signal
import sys

from .. import limits
from ..errors import BudgetExceeded, SymoptError
from ..serialize import dumps
from .common import check_output_paths

#: Subcommand modules under symopt.cli, in the order ``symopt --help`` lists them.
SUBCOMMANDS = ("analyze", "derive", "run", "schedule", "check", "lecture")
#: Budget of a subcommand that has no --timeout option of its own.
DEFAULT_SECONDS = 30.0
#: Exit statuses of every subcommand (``symopt check`` also uses 1 for "not equivalent").
EXIT_OK, EXIT_ERROR, EXIT_INTERNAL, EXIT_UNDETERMINED = 0, 2, 3, 4
#: Digits Python may print of one integer inside a command (its default, 4300, is below exact results).
MAX_PRINTED_DIGITS = 100_000

_EPILOG = f"""\
budget: each command runs in a worker process with one time budget (--timeout SECONDS, a positive
finite number; default 5 s for check, 30 s for analyze/derive/run/schedule, 120 s for lecture) and a
memory ceiling of {limits.MEMORY_LIMIT_BYTES >> 20} MB. Past either, the command prints what it finished
and "could not finish ... within N s" for the rest (JSON keys present, null) and exits with 4.
caps (each a one-line error above it): {limits.MAX_LENGTH:,} characters and {limits.MAX_NODES:,} parts per
formula, {limits.MAX_NAMES} names in --vars, {limits.MAX_MATRIX_SIZE} rows or columns per matrix, exponents up to
{limits.MAX_EXPONENT:,} on symbols, exact numbers up to {limits.MAX_DIGITS:,} digits, --timeout up to a day,
{limits.MAX_OUTPUT_CHARS:,} characters of output. Warnings (numpy, mpmath) are never printed.

exit status: 0 done (check: equivalent), 1 check: not equivalent, 2 error in the input or options
(one line on stderr), 3 internal error (a bug: please report it), 4 undetermined (budget ran out,
or check could not decide), 5 derive: a derived closed form failed its own verification,
128+N killed by signal N.
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (its default prints the whole usage first)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser():
    """The argument parser of the ``symopt`` command with every subcommand registered."""
    from .. import __version__
    parser = _Parser(prog="symopt", description="Derive, verify, check and typeset the mathematics of "
                     "optimization in deep learning.", epilog=_EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"symopt {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        module = importlib.import_module(f".{name}", __name__)
        module.add_parser(commands)
    return parser


def main(argv=None):
    """Entry point of the console script; returns the exit status.

    Without ``argv`` (the console script, ``python -m symopt``) the process exits
    as soon as the answer is written: tearing down sympy's modules takes a
    noticeable part of a second, which belongs to no one's budget.
    """
    status = _main(argv)
    if argv is None and not os.environ.get("SYMOPT_DEBUG"):
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        sys.stderr.flush()
        os._exit(status)
    return status


def _main(argv):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    from .. import budget  # after argparse: --help and --version never need it
    try:
        args.timeout = budget.check_seconds(getattr(args, "timeout", DEFAULT_SECONDS), "--timeout")
        total = command_seconds(args)
        check_output_paths(args)
    except SymoptError as exc:
        return _error(args, exc)
    seconds = total
    if argv is None:  # the console script: imports and argument parsing are part of the budget
        seconds = max(total - budget.process_age(), total / 4)
    previous = {signum: signal.getsignal(signum) for signum in _FORWARDED_SIGNALS}
    try:
        for signum in _FORWARDED_SIGNALS:
            signal.signal(signum, _exit_on_signal)
    except ValueError:  # not the main thread: the worker still dies with this process
        previous = {}
    try:
        outcome = budget.run_budgeted(execute, args, seconds=seconds, stderr=_write_stderr)
    except SymoptError as exc:
        return _error(args, exc)
    except KeyboardInterrupt:
        print("symopt: interrupted", file=sys.stderr)
        return 130
    except _Signalled as exc:
        return 128 + exc.signum
    except Exception as exc:  # an internal error: still no traceback unless asked for
        return _internal_error(args, exc)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if outcome.status != "ok":
        message = outcome.message.replace(f"within {seconds:g} s", f"within {total:g} s")
        return _incomplete(args, outcome.partial, message)
    status, output, error = outcome.value
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    if error:
        print(error, file=sys.stderr)
    return status


#: Signals after which the command stops its worker and exits with 128 + the signal number.
_FORWARDED_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _Signalled(BaseException):
    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def _exit_on_signal(signum, frame):
    raise _Signalled(signum)


def command_seconds(args):
    """The time budget of the whole command: ``--timeout``, times the answers for ``check --batch``."""
    from .. import budget
    seconds = args.timeout
    if getattr(args, "total_timeout", None):  # a batch's own total budget, where the command has one
        return min(budget.check_seconds(args.total_timeout, "--total-timeout") + 2, budget.MAX_SECONDS)
    if getattr(args, "batch", None):
        # each answer of a batch gets --timeout; the file is capped in size, so this stays finite
        from ..check.answers import MAX_FILE_BYTES
        try:
            with open(args.batch, "rb") as handle:
                rows = handle.read(MAX_FILE_BYTES + 1).count(b"\n") + 1
        except OSError:
            rows = 1  # the worker reports the unreadable file
        seconds = min(seconds * rows + 10, budget.MAX_SECONDS)
    return seconds


def execute(args):
    """Run a parsed subcommand (in the worker): ``(exit status, stdout text, stderr line or None)``."""
    status, error = EXIT_OK, None
    # exact results may hold numbers longer than Python prints by default (x**2 at x = 10**3999)
    digits = getattr(sys, "get_int_max_str_digits", lambda: None)()
    if digits is not None:
        sys.set_int_max_str_digits(MAX_PRINTED_DIGITS)
    try:
        status = args.run(args) or EXIT_OK
    except BudgetExceeded as exc:
        status, error = EXIT_UNDETERMINED, f"symopt {args.command}: undetermined: {_one_line(exc)}"
    except SymoptError as exc:
        status, error = EXIT_ERROR, _error_line(args, exc)
    except RecursionError:
        status, error = EXIT_ERROR, (f"symopt {args.command}: error: the input is too large or too deeply "
                                     "nested to process")
    except MemoryError:
        raise
    except SystemError as exc:  # a C extension that failed to allocate under the memory ceiling
        raise MemoryError(str(exc)) from exc
    except OverflowError as exc:  # a magnitude the user typed (1e308, 10**3999) met float64 arithmetic
        status, error = EXIT_ERROR, (f"symopt {args.command}: error: a number is too large for floating-point "
                                     f"arithmetic ({_one_line(exc)}); use smaller values")
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            status, error = _internal(args, exc)
        else:
            status, error = EXIT_ERROR, (f"symopt {args.command}: error: the result holds a number with more "
                                         f"than {MAX_PRINTED_DIGITS:,} digits; use smaller inputs")
    except Exception as exc:
        status, error = _internal(args, exc)
    finally:
        if digits is not None:
            sys.set_int_max_str_digits(digits)
    output = sys.stdout.getvalue() if hasattr(sys.stdout, "getvalue") else ""
    return status, output, error


def _internal(args, exc):
    if os.environ.get("SYMOPT_DEBUG"):
        import traceback
        traceback.print_exception(exc)
    return EXIT_INTERNAL, _internal_line(args, exc)


def _incomplete(args, partial, message):
    """The answer after the budget ran out: what finished, then what did not."""
    payload, text = partial or (None, None)
    try:
        if getattr(args, "json", False) and payload is not None:
            payload = dict(payload, incomplete=message)
            if payload.get("equivalent", 0) is None and "message" in payload:  # a check's verdict
                payload["message"] = message
            sys.stdout.write(dumps(payload))
        elif not getattr(args, "json", False) and text:
            print(text)
            print(message)
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    print(f"symopt {args.command}: undetermined: {message}", file=sys.stderr)
    return EXIT_UNDETERMINED


def _write_stderr(text):
    sys.stderr.write(text)
    sys.stderr.flush()


def _error_line(args, exc):
    return f"symopt {args.command}: error: {_one_line(exc)}"


def _error(args, exc):
    print(_error_line(args, exc), file=sys.stderr)
    return EXIT_ERROR


def _internal_line(args, exc):
    return (f"symopt {args.command}: internal error: {type(exc).__name__}: {_one_line(exc)} "
            "(set SYMOPT_DEBUG=1 for a traceback)")


def _internal_error(args, exc):
    if os.environ.get("SYMOPT_DEBUG"):
        raise exc
    print(_internal_line(args, exc), file=sys.stderr)
    return EXIT_INTERNAL


def _one_line(exc):
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
