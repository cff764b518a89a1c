"""``symopt check``: is an answer equivalent to a reference? If not, where do they differ?

Exit status of a single check: 0 equivalent, 1 not equivalent, 4 undetermined
(including an answer that cannot be read), 2 an error in the reference or the
options (as for every subcommand). With ``--batch`` the status is 0 when the
batch ran, whatever the verdicts.
"""

import sys
import time

from ..errors import SymoptError
from ..serialize import dumps
from .choices import ANSWER_FORMATS, CHECK_FLOOR, CHECK_MODES, REPORT_FORMATS
from .common import Accumulate, accept_leading_minus, add_timeout_option, write_text

EXIT_EQUIVALENT, EXIT_DIFFERENT, EXIT_UNDETERMINED = 0, 1, 4

_EPILOG = """\
examples:
  symopt check "((1-b)/(1+b))^k" "(-1)^k ((b-1)/(b+1))^k" --integer k --assume "0<b<=1"
  symopt check "[1, b]" "[2, 2b]" --mode scalar_multiple --json
  symopt check --batch answers.csv --reference "((1-b)/(1+b))^k" --integer k --assume "0<b<=1" \\
      --output results.csv --report report.md --lenient --total-timeout 600
  symopt check "sin(x+pi)" "-sin(x)"                      (a leading minus needs no --)
  symopt check "sqrt(k/m)*sqrt(m/k)" 1 --assume "k>0" --assume "m>0"   (repeated options accumulate)
  symopt check "2/(1+gamma)" '\\frac{2}{\\gamma+1}' --answer-format latex
  symopt check --batch answers.csv --reference "2/(1+gamma)" --report-format gradescope \\
      --output /autograder/results/results.json

exit status: 0 equivalent, 1 not equivalent, 4 undetermined (or unreadable answer),
2 error in the reference or options (or a malformed CSV line without --lenient); with --batch, 0 when
the batch ran. Without a decimal literal numbers are exact and no tolerance applies; --tolerance and
--floor apply only to what decimals touch. The results CSV is written row by row as answers finish.
A symbol named k is the iteration counter (integer, k >= 0) unless --assume says otherwise.
"""


def add_parser(commands):
    parser = commands.add_parser(
        "check", help="check an answer (or a class of answers) against a reference, with counterexamples",
        description="Decide whether ANSWER is equivalent to REFERENCE: numeric rejection in mpmath at points "
                    "that respect the assumptions, then a symbolic proof under a time budget. When they differ, "
                    "say where (parameter and index values, both values there).",
        epilog=_EPILOG, formatter_class=_raw_epilog())
    parser.add_argument("reference", metavar="REFERENCE", nargs="?",
                        help="the reference answer (expression, [vector], [[matrix]], {set}, or equation)")
    parser.add_argument("answer", metavar="ANSWER", nargs="?", help="the answer to check (untrusted text)")
    parser.add_argument("--reference", dest="reference_option", metavar="REFERENCE",
                        help="the reference (alternative to the positional argument; used with --batch)")
    parser.add_argument("--batch", metavar="CSV", help="grade a class: rows of (student id, answer)")
    parser.add_argument("--output", metavar="CSV", help="with --batch: write the results CSV here (default stdout)")
    parser.add_argument("--report", metavar="MD", help="with --batch: write a Markdown report here")
    parser.add_argument("--lenient", action="store_true",
                        help="with --batch: grade malformed CSV lines 'unreadable' instead of stopping")
    parser.add_argument("--total-timeout", type=float, default=None, metavar="SECONDS",
                        help="with --batch: budget of the whole run; rows left when it is spent are "
                             "graded undetermined (each row still has --timeout at most)")
    parser.add_argument("--progress-every", type=int, default=25, metavar="N",
                        help="with --batch: a progress line on stderr every N answers (0: none; default 25)")
    parser.add_argument("--vars", dest="variables", help="variable names, e.g. x,y (optional)")
    parser.add_argument("--integer", default="", action=Accumulate,
                        help="integer symbols, e.g. k (sampled at integers of both parities; repeatable)")
    parser.add_argument("--assume", action=Accumulate,
                        help="assumptions, e.g. \"0<b<=1\" or \"x>0, y>0\" (repeatable: all of them hold)")
    parser.add_argument("--tolerance", type=float, default=1e-9,
                        help="relative tolerance of numeric comparisons (default 1e-9)")
    parser.add_argument("--floor", type=float, default=CHECK_FLOOR,
                        help=f"absolute tolerance near zero (default {CHECK_FLOOR:g})")
    parser.add_argument("--mode", choices=CHECK_MODES, default="exact",
                        help="exact (default), additive_constant, or scalar_multiple (eigenvectors)")
    add_timeout_option(parser, "check", "each answer")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random sample points (default 0)")
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--answer-format", choices=ANSWER_FORMATS, default="auto",
                        help="how answers are read: text (symopt's grammar), latex (\\frac{1}{2}, x_k = ...), or "
                             "auto (default: LaTeX when the answer has a backslash, $, ^{ or _{)")
    parser.add_argument("--report-format", choices=REPORT_FORMATS, default="csv",
                        help="with --batch: format of the results (--output or stdout): csv (default) or "
                             "gradescope (an autograder results.json, one test per row)")
    parser.add_argument("--max-score", type=float, default=1.0,
                        help="with --report-format gradescope: points of an equivalent answer (default 1)")
    parser.set_defaults(run=run)
    accept_leading_minus(parser)


def _raw_epilog():
    import argparse
    return argparse.RawDescriptionHelpFormatter


def _options(args):
    return dict(variables=args.variables, integer=args.integer, assume=args.assume,
                tolerance=args.tolerance, mode=args.mode, seconds=args.timeout, seed=args.seed,
                floor=args.floor, answer_format=args.answer_format)


def run(args):
    if args.batch:
        return _run_batch(args)
    reference = args.reference if args.reference_option is None else args.reference_option
    answer = args.answer if args.reference_option is None else (args.answer or args.reference)
    if args.reference_option is not None and args.answer is not None:
        raise SymoptError("give the reference either as an argument or with --reference, not both")
    if reference is None or answer is None:
        raise SymoptError("give a REFERENCE and an ANSWER, e.g. symopt check \"x+1\" \"1+x\" "
                          "(or --batch FILE --reference REF)")
    if args.output or args.report or args.report_format != "csv":
        raise SymoptError("--output, --report and --report-format go with --batch")
    from ..budget import report_partial
    from ..check import Verdict, check_answer
    pending = Verdict(None, "budget", f"could not decide within {args.timeout:g} s")
    report_partial(pending.to_dict(), f"{_headline(pending)} (budget, {args.timeout:g} s)")
    verdict = check_answer(reference, answer, **_options(args))
    if args.json:
        sys.stdout.write(dumps(verdict))
    else:
        print(f"{_headline(verdict)} ({verdict.method}, {verdict.seconds:.2f} s)")
        print(verdict.message)
        if verdict.counterexample:
            print("counterexample: " + ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items()))
    return {True: EXIT_EQUIVALENT, False: EXIT_DIFFERENT}.get(verdict.equivalent, EXIT_UNDETERMINED)


def _open_output(path):
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise SymoptError(f"cannot write {path}: {exc.strerror}") from None


def _headline(verdict):
    return {True: "equivalent", False: "NOT equivalent"}.get(verdict.equivalent, "undetermined")


def _results_text(graded, args):
    from ..check.gradebook import write_report
    if args.report_format == "gradescope":
        return write_report(graded, "gradescope", max_score=args.max_score)
    return write_report(graded, "csv")


def _run_batch(args):
    from ..check import csv_header, csv_row, iter_check_batch, read_answers, report_markdown, summary
    reference = args.reference_option or args.reference
    if reference is None:
        raise SymoptError("--batch needs the reference: --reference \"...\"")
    if args.answer is not None or (args.reference_option and args.reference):
        raise SymoptError("with --batch the answers come from the file; give only --reference")
    if args.total_timeout is not None and not args.total_timeout > 0:
        raise SymoptError("--total-timeout must be a positive number of seconds")
    if not args.max_score > 0:
        raise SymoptError("--max-score must be a positive number of points")
    from ..check import check_options
    check_options(args.tolerance, args.floor, args.mode)
    rows = read_answers(args.batch, lenient=args.lenient)
    every = max(args.progress_every, 0)
    options = _options(args)
    graded = []
    counts = {"true": 0, "false": 0, "undetermined": 0}
    start = time.perf_counter()
    # CSV rows are written as they finish (a killed run keeps every finished row); other formats at the end
    streaming = args.report_format == "csv"
    stream = None
    if streaming:
        stream = _open_output(args.output) if args.output else (None if args.json else sys.stdout)
    try:
        if stream is not None:
            stream.write(csv_header())
            stream.flush()
        for item in iter_check_batch(rows, reference, total_seconds=args.total_timeout, **options):
            graded.append(item)
            if stream is not None:
                stream.write(csv_row(item))
                stream.flush()
            counts[item.verdict.label] += 1
            done = len(graded)
            if every and (done % every == 0 or done == len(rows)):
                print(f"checked {done}/{len(rows)} ({counts['true']} equivalent, {counts['false']} not, "
                      f"{counts['undetermined']} undetermined) in {time.perf_counter() - start:.1f} s",
                      file=sys.stderr, flush=True)
    finally:
        if stream is not None and stream is not sys.stdout:
            stream.close()
    if not streaming:
        if args.output:
            write_text(args.output, _results_text(graded, args))
        elif not args.json:
            sys.stdout.write(_results_text(graded, args))
    if args.report:
        options = {"variables": args.variables, "integer": args.integer, "assume": args.assume,
                   "tolerance": f"{args.tolerance:g}", "mode": args.mode, "timeout": f"{args.timeout:g} s"}
        write_text(args.report, report_markdown(graded, reference, options=options))
    if args.json:
        payload = {"summary": summary(graded),
                   "rows": [{"id": g.id, **g.verdict.to_dict()} for g in graded]}
        sys.stdout.write(dumps(payload))
    elif args.output:
        s = summary(graded)
        print(f"{s['total']} answers: {s['true']} equivalent, {s['false']} not equivalent, "
              f"{s['undetermined']} undetermined ({s['unreadable']} unreadable); {s['seconds_total']:.1f} s")
    return 0
