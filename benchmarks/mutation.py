"""Mutation testing for symopt: does a small wrong change to the code make its own tests fail?

A small AST mutator (no dependency beyond the standard library and pytest). Each mutant changes one
spot of one module — a comparison flipped (``<`` → ``<=``, ``==`` → ``!=``), an arithmetic operator
swapped (``+`` ↔ ``-``, ``*`` ↔ ``/``), ``and`` ↔ ``or``, a ``not`` dropped, a number moved by one,
``True`` ↔ ``False``, a returned value replaced by ``None`` — and the module's own test files run
against it. A mutant is *killed* when the tests fail (or time out), *survives* when they pass.
Survivors are printed with their line, so each can be killed by a test or explained (equivalent
mutant, unreachable defensive branch, a difference only in speed).

Not part of CI: it runs the tests once per mutant, minutes per module. Run one target at a time::

    python benchmarks/mutation.py sequences
    python benchmarks/mutation.py exact_line_search momentum check --timeout 60
    python benchmarks/mutation.py --list            # targets, their modules and test files

The working copy is never edited: the package is copied to a temporary directory, the mutated file
is written there, and pytest runs with that copy first on ``PYTHONPATH``.
"""
import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# target -> (module file, functions to mutate (None: all), test files that own it)
TARGETS = {
    "sequences": ("symopt/sequences.py", None, ["tests/test_sequences.py"]),
    "jordan_chains": ("symopt/jordan_chains.py", None, ["tests/test_sequences.py"]),
    "exact_line_search": ("symopt/methods/exact_line_search.py", None,
                          ["tests/test_methods_exact_line_search.py",
                           "tests/test_mutation_kills_exact_line_search.py"]),
    "momentum": ("symopt/methods/momentum.py", None,
                 ["tests/test_methods_momentum.py", "tests/test_mutation_kills_momentum.py"]),
    "momentum_modes": ("symopt/methods/momentum_modes.py", None,
                       ["tests/test_methods_momentum.py", "tests/test_mutation_kills_momentum.py"]),
    "check_symbolic": ("symopt/check/symbolic.py", None,
                       ["tests/test_check.py", "tests/test_mutation_kills_check.py"]),
    "check_zero": ("symopt/zero.py", {"canonical", "_normalise_powers", "_split_integer_power",
                                      "is_zero_where_defined", "_attempts", "_by_parity"},
                   ["tests/test_check.py", "tests/test_mutation_kills_check.py"]),
    # the checker's decision: the orchestration, the sampling, the disagreement test, the confirmation,
    # the trusted values and the symbolic proof, one module each
    "check": ("symopt/check/checker.py", {"check_answer", "decide", "_mode", "_check_pairs"},
              ["tests/test_check.py", "tests/test_mutation_kills_check.py"]),
    "check_agreement": ("symopt/check/agreement.py",
                        {"sample", "_points", "disagreement", "_removable", "_confirm"},
                        ["tests/test_check.py", "tests/test_mutation_kills_check.py"]),
    "check_context": ("symopt/check/context.py", {"values"},
                      ["tests/test_check.py", "tests/test_mutation_kills_check.py"]),
    "check_proof": ("symopt/check/proof.py", {"prove_pairs"},
                    ["tests/test_check.py", "tests/test_mutation_kills_check.py"]),
}

COMPARE_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                 ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn,
                 ast.NotIn: ast.In}
BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
               ast.FloorDiv: ast.Mult, ast.Pow: ast.Mult, ast.Mod: ast.FloorDiv}


@dataclass(frozen=True)
class Mutant:
    index: int
    line: int
    description: str
    statement_line: int = 0   # first line of the innermost statement (what coverage.py records)


class _Mutator(ast.NodeTransformer):
    """Walks a module; counts mutation spots, and applies the one numbered ``target`` (if any)."""

    def __init__(self, functions=None, target=None):
        self.functions = functions
        self.target = target
        self.found = []
        self._scope = []
        self._statements = [0]

    def visit(self, node):
        if isinstance(node, ast.stmt):
            self._statements.append(node.lineno)
            try:
                return super().visit(node)
            finally:
                self._statements.pop()
        return super().visit(node)

    def _active(self):
        return self.functions is None or any(name in self.functions for name in self._scope)

    def _spot(self, node, description):
        """Register a spot; True when it is the one to mutate now."""
        if not self._active():
            return False
        self.found.append(Mutant(len(self.found), getattr(node, "lineno", 0), description, self._statements[-1]))
        return self.found[-1].index == self.target

    def _function(self, node):
        self._scope.append(node.name)
        # the docstring is not code: skip it
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            node.body = [body[0]] + [self.visit(s) for s in body[1:]]
            node.decorator_list = [self.visit(d) for d in node.decorator_list]
            node.args = self.visit(node.args)
        else:
            self.generic_visit(node)
        self._scope.pop()
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_ClassDef(self, node):
        self._scope.append(node.name)
        self.generic_visit(node)
        self._scope.pop()
        return node

    def visit_Compare(self, node):
        self.generic_visit(node)
        for i, op in enumerate(node.ops):
            swap = COMPARE_SWAPS.get(type(op))
            if swap and self._spot(node, f"{type(op).__name__} -> {swap.__name__}"):
                node.ops[i] = swap()
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        swap = BINOP_SWAPS.get(type(node.op))
        if swap and self._spot(node, f"{type(node.op).__name__} -> {swap.__name__}"):
            node.op = swap()
        return node

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        swap = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._spot(node, f"{type(node.op).__name__} -> {swap.__name__}"):
            node.op = swap()
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, (ast.Not, ast.USub)) and self._spot(node, f"drop {type(node.op).__name__}"):
            return node.operand
        return node

    def visit_Constant(self, node):
        value = node.value
        if isinstance(value, bool):
            if self._spot(node, f"{value} -> {not value}"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int) and not isinstance(value, bool):
            if self._spot(node, f"{value} -> {value + 1}"):
                return ast.copy_location(ast.Constant(value + 1), node)
        elif isinstance(value, float):
            if self._spot(node, f"{value} -> {value * 2}"):
                return ast.copy_location(ast.Constant(value * 2), node)
        return node

    def visit_Return(self, node):
        self.generic_visit(node)
        if node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            if self._spot(node, "return None"):
                node.value = ast.Constant(None)
        return node

    def visit_If(self, node):
        self.generic_visit(node)
        if self._spot(node, "if condition negated"):
            node.test = ast.UnaryOp(ast.Not(), node.test)
        return node


def mutants(source, functions=None):
    """Every mutation spot of ``source`` (restricted to ``functions`` if given).

    >>> [m.description for m in mutants("def f(a):\\n    return a + 1 < 2\\n")]
    ['1 -> 2', 'Add -> Sub', '2 -> 3', 'Lt -> LtE', 'return None']
    """
    mutator = _Mutator(functions)
    mutator.visit(ast.parse(source))
    # numbered in visiting order (children before their node): mutate() relies on the same order
    return mutator.found


def mutate(source, index, functions=None):
    """``source`` with mutant number ``index`` applied, as Python text.

    >>> print(mutate("def f(a):\\n    return a + 1\\n", 1))
    def f(a):
        return a - 1
    """
    tree = _Mutator(functions, target=index).visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))


def run_tests(workdir, tests, timeout, coverage_of=None):
    """Exit status of pytest on ``tests`` with the copy in ``workdir`` imported first; None on timeout.

    With ``coverage_of`` (a file in ``workdir``), the run is measured by coverage.py and the data
    file is left in ``workdir``.
    """
    env = dict(os.environ, PYTHONPATH=str(workdir), PYTHONDONTWRITEBYTECODE="1")
    runner = [sys.executable, "-m", "pytest"]
    if coverage_of is not None:
        runner = [sys.executable, "-m", "coverage", "run", f"--include={coverage_of}", "-m", "pytest"]
        # budgeted calls run in a forked worker that coverage does not follow: run them inline here
        env["SYMOPT_NO_FORK"] = "1"
    command = [*runner, "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
               "--no-header", "-o", "addopts=-m 'not slow and not torch'", *[str(ROOT / t) for t in tests]]
    try:
        result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return result.returncode


def _preload():
    """Import the heavy dependencies once, so that each forked test run starts warm."""
    import pytest  # noqa: F401
    import sympy  # noqa: F401
    import numpy  # noqa: F401
    import mpmath  # noqa: F401
    try:
        import hypothesis  # noqa: F401
    except ImportError:
        pass


def run_tests_forked(workdir, tests, timeout):
    """As :func:`run_tests`, in a fork of this process (dependencies already imported; symopt is not)."""
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.chdir(workdir)
            sys.path.insert(0, str(workdir))
            os.environ["PYTHONPATH"] = str(workdir)
            sys.dont_write_bytecode = True
            import pytest
            code = pytest.main(["-x", "-q", "-p", "no:cacheprovider", "--no-header",
                                "-o", "addopts=-m 'not slow and not torch'", *[str(ROOT / t) for t in tests]])
            os._exit(int(code))
        except BaseException:
            os._exit(99)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.05)


def _covered_lines(workdir, tests, target, timeout):
    """Lines of ``target`` that the tests execute (coverage.py), or None when it is not installed."""
    try:
        import coverage
    except ImportError:
        return None
    if run_tests(workdir, tests, timeout, coverage_of=target) != 0:
        return None
    data = coverage.CoverageData(basename=str(workdir / ".coverage"))
    data.read()
    return set(data.lines(str(target)) or ())


def run_target(name, timeout, limit=None, only=None, sample=None, seed=0):
    module, functions, tests = TARGETS[name]
    tests = [t for t in tests if (ROOT / t).exists()]
    source = (ROOT / module).read_text()
    spots = mutants(source, functions)
    if only is not None:
        spots = [m for m in spots if m.index in only]
    elif sample is not None and sample < len(spots):
        # a uniform sample estimates the kill rate when the whole run does not fit (mutant sampling)
        spots = sorted(random.Random(seed).sample(spots, sample), key=lambda m: m.index)
    elif limit is not None:
        spots = spots[:limit]
    with tempfile.TemporaryDirectory(prefix="symopt-mutation-") as tmp:
        workdir = Path(tmp)
        shutil.copytree(ROOT / "symopt", workdir / "symopt",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        target = workdir / module
        _preload()
        started = time.perf_counter()
        if run_tests(workdir, tests, timeout * 4) != 0:
            print(f"{name}: the tests do not pass on the unmutated code; nothing measured", file=sys.stderr)
            return None
        per_run = time.perf_counter() - started
        covered = _covered_lines(workdir, tests, target, timeout * 8)
        survivors, killed = [], 0
        for m in spots:
            if covered is not None and m.statement_line not in covered:
                # no test executes this line, so no test can notice the change: a survivor, not run
                survivors.append(m)
                print(f"  SURVIVED {module}:{m.line} #{m.index} {m.description} (line not run by the tests)",
                      flush=True)
                continue
            target.write_text(mutate(source, m.index, functions))
            status = run_tests_forked(workdir, tests, max(timeout, 5 * per_run))
            if status == 0:
                survivors.append(m)
                print(f"  SURVIVED {module}:{m.line} #{m.index} {m.description}", flush=True)
            else:
                killed += 1
        target.write_text(source)
    total = len(spots)
    rate = killed / total if total else 1.0
    print(f"{name}: {killed}/{total} mutants killed ({rate:.1%}); tests: {', '.join(tests)}", flush=True)
    return killed, total, survivors


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", help=f"any of {', '.join(TARGETS)} (default: all, one at a time)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per mutant's test run (min)")
    parser.add_argument("--limit", type=int, help="only the first N mutants of each target (a quick look)")
    parser.add_argument("--only", help="comma-separated mutant numbers to rerun (one target)")
    parser.add_argument("--sample", type=int, help="a random sample of N mutants per target (estimated rate)")
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    parser.add_argument("--list", action="store_true", help="list targets, mutant counts and test files")
    parser.add_argument("--show", type=int, help="print the mutated source line of mutant N (one target)")
    args = parser.parse_args(argv)
    names = args.targets or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)}")
    if args.list:
        for name in names:
            module, functions, tests = TARGETS[name]
            count = len(mutants((ROOT / module).read_text(), functions))
            print(f"{name}: {module}, {count} mutants, tests {', '.join(tests)}")
        return 0
    if args.show is not None:
        module, functions, _ = TARGETS[names[0]]
        source = (ROOT / module).read_text()
        m = mutants(source, functions)[args.show]
        print(f"{module}:{m.line} {m.description}")
        original = ast.unparse(ast.parse(source)).splitlines()
        changed = mutate(source, args.show, functions).splitlines()
        for before, after in zip(original, changed):
            if before != after:
                print(f"- {before.strip()}\n+ {after.strip()}")
        return 0
    only = {int(i) for i in args.only.split(",")} if args.only else None
    results = [run_target(name, args.timeout, args.limit, only, args.sample, args.seed) for name in names]
    return 0 if all(r is not None for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
