"""The symbolic core never loads numpy: every module of symopt, imported alone in a fresh interpreter.

The modules are found by walking the package (``pkgutil.walk_packages``), so a
module added tomorrow is covered without touching this file. One child
interpreter imports sympy and mpmath (checked to load no numpy themselves) and
then forks once per module, a few at a time: each fork imports its module into
that clean state and reports whether numpy came with it, and if so through which
chain of symopt imports. Numeric modules may load numpy; each one on the
allowlist says why.
"""

import json
import os
import pkgutil
import subprocess
import sys

import pytest

import symopt

#: modules that load numpy on import, each with the reason; everything else must not
NUMERIC_MODULES = {
    "symopt.numeric.accuracy": "relative errors of float64 runs are numpy arrays",
    "symopt.numeric.closed_form_check": "runs a recurrence in float64 and compares it with its closed form",
    "symopt.numeric.closed_form_values": "evaluates a closed form on a numpy grid of k and parameter columns",
    "symopt.numeric.compare_runs": "float64 runs against 50-digit runs when no closed form is known",
    "symopt.numeric.sequence_runs": "runs a recurrence batched in float64",
    "symopt.numeric.trajectory": "a numeric optimizer run holds numpy arrays",
    "symopt.optimizers.runs": "batched numeric optimizer runs",
    "symopt.optimizers.operations": "the vector operations of the runs on numpy (and mpmath object) arrays",
    "symopt.optimizers.inputs": "start points and per-run values as numpy arrays over the batch",
    "symopt.optimizers.driver": "the loop of the batched numeric optimizer runs",
    "symopt.optimizers.objective": "f and its gradient as numpy (or mpmath) callables for the runs",
    "symopt.plots": "matplotlib, which needs numpy",
    "symopt.minibatch": "an empirical risk over numpy data arrays, minibatches drawn by numpy's generator",
}

#: how many forked imports run at once (each holds a copy-on-write image of sympy)
CONCURRENCY = 8

_CHILD = r"""
import json, os, sys, traceback
import mpmath, sympy
assert "numpy" not in sys.modules, "sympy or mpmath itself loaded numpy"


class Witness:
    # records which symopt lines asked for numpy first; finds nothing itself
    chain = None

    def find_spec(self, name, path=None, target=None):
        if name == "numpy" and Witness.chain is None:
            Witness.chain = [f"{os.path.relpath(f.filename, ROOT)}:{f.lineno}"
                             for f in traceback.extract_stack()[:-1] if f.filename.startswith(PACKAGE)]
        return None


def child(module, pipe):
    sys.meta_path.insert(0, Witness())
    outcome = {"module": module, "numpy": False, "chain": None, "error": None}
    try:
        __import__(module)
    except BaseException as exc:  # a module that cannot be imported alone is reported, not skipped
        outcome["error"] = f"{type(exc).__name__}: {exc}"
    outcome["numpy"] = "numpy" in sys.modules
    outcome["chain"] = Witness.chain
    os.write(pipe, json.dumps(outcome).encode())
    os.close(pipe)


ROOT, PACKAGE, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
pending, running = list(sys.argv[4:]), {}
results = []
while pending or running:
    while pending and len(running) < concurrency:
        module = pending.pop(0)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                child(module, write)
            finally:
                os._exit(0)
        os.close(write)
        running[pid] = (module, read)
    pid, _ = os.wait()
    module, read = running.pop(pid)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    results.append(json.loads(b"".join(chunks) or json.dumps({"module": module, "error": "the child died"})))
print(json.dumps(results))
"""


def symopt_modules():
    """Every module and package below symopt, found on disk (packages are imported to find their contents)."""
    names = ["symopt"]
    for info in pkgutil.walk_packages(symopt.__path__, "symopt."):
        if not info.name.endswith(".__main__"):  # importing it runs the command line
            names.append(info.name)
    return sorted(names)


@pytest.fixture(scope="module")
def imports():
    package = os.path.dirname(os.path.abspath(symopt.__file__))
    root = os.path.dirname(package)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    done = subprocess.run([sys.executable, "-c", _CHILD, root, package, str(CONCURRENCY), *symopt_modules()],
                          capture_output=True, text=True, env=env, cwd=root, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return {r["module"]: r for r in json.loads(done.stdout.strip().splitlines()[-1])}


def test_the_walk_finds_the_symbolic_core_and_the_numeric_boundary():
    names = symopt_modules()
    for expected in ("symopt.parsing", "symopt.zero", "symopt.verify", "symopt.numeric", "symopt.methods.common"):
        assert any(n == expected or n.startswith(expected + ".") for n in names), expected


def test_every_module_imports_alone(imports):
    failed = {m: r["error"] for m, r in imports.items() if r.get("error")}
    assert not failed, failed


def test_no_symbolic_module_loads_numpy(imports):
    offenders = {m: r["chain"] for m, r in imports.items() if r.get("numpy") and m not in NUMERIC_MODULES}
    assert not offenders, "numpy loaded on import by (module: symopt lines that asked for it):\n" + "\n".join(
        f"{m}: {' -> '.join(chain or ['?'])}" for m, chain in sorted(offenders.items()))


def test_the_allowlist_names_modules_that_exist():
    names = set(symopt_modules())
    assert set(NUMERIC_MODULES) <= names, sorted(set(NUMERIC_MODULES) - names)
