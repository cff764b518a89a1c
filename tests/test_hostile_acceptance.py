"""Acceptance of issue 11 on inputs of the corpus's classes that the corpus did not contain.

Every command keeps the promises of ``test_hostile_corpus``: no exit 3, one stderr line on an
error, inside budget + 2 s, nothing executed, peak memory under 1 GB. The whole set is ``slow``;
a handful of cases runs in the default suite.
"""

import signal
import subprocess
import sys
import time

import pytest

from test_hostile_corpus import BUDGET, _check, with_budget

X1 = ["--vars", "x", "--start", "x=1"]
DEEP_PARENS = "(" * 1000 + "x" + ")" * 1000
DEEP_SIN = "sin(" * 500 + "x" + ")" * 500
LONG_SUM = "+".join(f"{i}*x**2" for i in range(20000))
TOWERS = ["2**2**2**2**2", "x**x**x**x", "exp(exp(exp(x)))"]
HUGE = ["factorial(10**6)", "binomial(10**12, 10**6)", "gamma(10**20)", "factorial(2**64)",
        "binomial(x, 10**9)"]
DEEP = [DEEP_PARENS, DEEP_SIN, LONG_SUM]
ODD_TEXT = ["x\u00a0+1", "x\u2212y", "x**\u00b2", "x\x07", "\x00", "x\u0301**2", "\u2028x", "\U0001d465**2"]


def _vars(n):
    return ",".join(f"v{i}" for i in range(n))


def _sum_sq(n):
    return "+".join(f"v{i}**2" for i in range(n))


def _matrix(rows, cols=None, entry="1"):
    cols = rows if cols is None else cols
    return "[[" + "],[".join([",".join([entry] * cols)] * rows) + "]]"


def _formula_cases():
    cases = []
    for text in TOWERS + HUGE + DEEP + ODD_TEXT:
        cases.append(["analyze", text, "--vars", "x"])
        cases.append(["derive", "gradient-descent", text, *X1])
        cases.append(["run", "sgd", text, *X1, "--steps", "50"])
    for method in ("exact-line-search", "momentum", "nesterov", "newton"):
        for text in ("x**x**x**x", "exp(exp(exp(x)))", DEEP_SIN):
            cases.append(["derive", method, text, *X1])
    for optimizer in ("momentum", "nesterov", "adagrad", "rmsprop", "adam", "newton"):
        cases.append(["run", optimizer, "exp(exp(exp(x)))", *X1, "--steps", "50"])
    cases.append(["check", "x**2", DEEP_PARENS])
    cases.append(["check", "x**2", DEEP_SIN])
    cases.append(["check", "x", LONG_SUM])
    cases.append(["schedule", "1/k**(2**2**2**2**2)"])
    cases.append(["schedule", "1/factorial(10**6*k)"])
    cases.append(["schedule", "sin(" * 300 + "1/k" + ")" * 300])
    return cases


def _size_cases():
    cases = []
    for n in (99, 100, 101):
        cases.append(["analyze", _sum_sq(n), "--vars", _vars(n)])
        start = ",".join(f"v{i}=1" for i in range(n))
        cases.append(["run", "sgd", _sum_sq(n), "--vars", _vars(n), "--start", start, "--steps", "5"])
        cases.append(["derive", "gradient-descent", _sum_sq(n), "--vars", _vars(n), "--start", start])
    for n in (39, 40, 41):
        cases.append(["derive", "matrix-power", _matrix(n, entry="0.5")])
        cases.append(["lecture", "saddles", "--matrix", _matrix(n, entry="0")])
    for text in ("[[2]]", "[[]]", "[]", "[[1,2],[3,4,5]]", "[[1],[2,3]]", "[[nan]]", "[[1e999]]",
                 "[[x]]", "[[1,2],[3,4]]" + "]", _matrix(2, 3), "[[[1]]]", "[[\x00]]"):
        cases.append(["derive", "matrix-power", text])
    cases.append(["lecture", "saddles", "--matrix", "[[]]"])
    cases.append(["lecture", "saddles", "--matrix", _matrix(2, 3)])
    return cases


BAD_NUMBERS = ["nan", "inf", "-0", "1e999", "0x10", "1_000", "10**3999", ""]


def _number_cases():
    run = ["run", "sgd", "x**2", *X1]
    cases = []
    for value in BAD_NUMBERS:
        for option in ("--lr", "--steps", "--momentum", "--decay", "--delta", "--clip", "--precision",
                       "--tolerance", "--bound"):
            cases.append(run + [f"{option}={value}"])
        for option in ("--lr", "--momentum", "--steps", "--tol", "--eps", "--seed"):
            cases.append(["derive", "gradient-descent", "x**2", *X1, f"{option}={value}"])
        for option in ("--tolerance", "--floor", "--seed", "--max-score"):
            cases.append(["check", "x**2", "x*x", f"{option}={value}"])
        cases.append(["analyze", "x**2", "--vars", "x", f"--at=x={value}"])
        cases.append(["analyze", "x**2", "--vars", "x", f"--box={value}"])
        for topic, option in (("cliff", "--height"), ("cliff", "--steps"), ("cliff", "--lr"),
                              ("symmetry", "--a"), ("symmetry", "--n"), ("saddles", "--confidence"),
                              ("saddles", "--samples"), ("batchnorm", "--m"), ("surrogate", "--points"),
                              ("surrogate", "--steps")):
            cases.append(["lecture", topic, f"{option}={value}"])
    for value in ("1e-9", "1e9", "nan", "-0", "1e999", "0x10"):
        cases.append(["analyze", "x**2", "--vars", "x", f"--timeout={value}"])
        cases.append(["schedule", "1/k", f"--timeout={value}"])
        cases.append(["lecture", "cliff", f"--timeout={value}"])
    for value in ("0", "1", "10000"):
        cases.append(run + ["--precision", value])
    for value in ("0", "-1", "10**12", "99999999999999999999"):
        cases.append(run + ["--steps", value])
        cases.append(["lecture", "cliff", "--steps", value])
    return cases


def _point_cases():
    run = ["run", "sgd", "x**2+y**2", "--vars", "x,y"]
    cases = [run + ["--start", s] for s in ("x=1", "x=1,y=2,z=3", "x=1,x=2,y=1", "x=1,y=1,y=2", "", "x=1;y=2",
                                            "x=1,y=\x00")]
    cases += [["derive", "gradient-descent", "x**2+y**2", "--vars", "x,y", "--start", s]
              for s in ("x=1", "x=1,x=2,y=1", "x=1,y=2,w=4")]
    cases += [["analyze", "x**2+b*y**2", "--vars", "x,y", "--assume", "b>1", "--assume", "b<0"],
              ["analyze", "x**2+b*y**2", "--vars", "x,y", "--assume", "b>0", "--assume", "b<0", "--at", "x=1,y=1"],
              ["derive", "gradient-descent", "b*x**2", *X1, "--set", "b=1", "--set", "b=2"],
              ["derive", "gradient-descent", "b*x**2", *X1, "--assume", "b>1", "--set", "b=0"],
              ["derive", "gradient-descent", "b*x**2", *X1, "--assume", "b>1", "--assume", "b<0"],
              ["run", "sgd", "b*x**2", *X1, "--set", "b=1", "--set", "b=nan"],
              ["run", "sgd", "b*x**2", *X1, "--assume", "b>1", "--set", "b=0"],
              ["check", "b*x", "x", "--assume", "b>1", "--assume", "b<0"]]
    return cases


def _run_cases():
    cases = []
    for text, start in (("log(x)", "x=-1"), ("log(x)", "x=0"), ("sqrt(x)", "x=0"), ("1/x", "x=0"),
                        ("tan(x)", "x=pi/2"), ("tan(x)", "x=1.5707963267948966"),
                        ("Max(0, x)", "x=0"), ("Max(0,x)**2", "x=1"), ("floor(x)**2", "x=1.5"),
                        ("Piecewise((x, x>0), (0, True))", "x=0"), ("x**(1/3)", "x=0"), ("acos(x)", "x=2"),
                        ("Abs(x)**0.5", "x=0")):
        for optimizer in ("sgd", "adam", "newton"):
            cases.append(["run", optimizer, text, "--vars", "x", "--start", start, "--steps", "100"])
    for text, names, start in (("x**3", "x", "x=0"), ("x**4", "x", "x=0"), ("(x+y)**2", "x,y", "x=1,y=1"),
                               ("x**2*y**2", "x,y", "x=0,y=0"), ("0*x", "x", "x=1")):
        cases.append(["run", "newton", text, "--vars", names, "--start", start])
        cases.append(["derive", "newton", text, "--vars", names, "--start", start])
    for optimizer, extra in (("sgd", ["--lr", "1e5"]), ("momentum", ["--lr", "3", "--momentum", "0.999"]),
                             ("nesterov", ["--lr", "3", "--momentum", "0.999"]), ("adagrad", ["--lr", "1e30"]),
                             ("rmsprop", ["--lr", "1e30"]), ("adam", ["--lr", "1e300"]), ("newton", []),
                             ("sgd", ["--schedule", "2**k"]), ("sgd", ["--schedule", "factorial(k)"])):
        cases.append(["run", optimizer, "exp(x**2) - x**4", *X1, "--steps", "2000", *extra])
        cases.append(["run", optimizer, "x**2", *X1, "--steps", "10000", "--precision", "200", *extra])
    return cases


def _file_cases(tmp):
    batch = tmp / "answers.csv"
    batch.write_text("id,answer\n" + "".join(f"s{i},{t}\n" for i, t in enumerate(
        ["x**x**x**x", "(" * 1000 + "x" + ")" * 1000, "factorial(10**6)", "x\x00", "2**2**2**2**2",
         "exp(exp(exp(x)))", "\u2212x"])))
    nul = tmp / "nul.csv"
    nul.write_bytes(b"id,answer\ns1,x\x00\x00\ns2,\xff\xfe\n")
    huge_line = tmp / "line.csv"
    huge_line.write_text("id,answer\ns1," + "x+" * 200000 + "x\n")
    return [
        ["check", "--reference", "x**2", "--batch", str(batch), "--output", str(tmp / "out.csv")],
        ["check", "--reference", "x**2", "--batch", str(nul), "--output", str(tmp / "out2.csv")],
        ["check", "--reference", "x**2", "--batch", str(nul), "--lenient", "--output", str(tmp / "o3.csv")],
        ["check", "--reference", "x**2", "--batch", str(huge_line), "--output", str(tmp / "o4.csv")],
        ["check", "--reference", "x**2", "--batch", str(tmp), "--output", str(tmp / "o5.csv")],
        ["check", "--reference", "x**2", "--batch", str(batch), "--output", "/nonexistent/dir/x.csv"],
        ["check", "--reference", "x**2", "--batch", str(batch), "--output", "/proc/x.csv"],
        ["check", "--reference", "x**2", "--batch", str(batch), "--report", "/proc/r.md",
         "--output", str(tmp / "o6.csv")],
        ["analyze", "x**2", "--vars", "x", "--latex", "/proc/x.tex"],
        ["analyze", "x**2", "--vars", "x", "--markdown", "/nonexistent/dir/x.md"],
        ["derive", "gradient-descent", "x**2", *X1, "--latex", "/proc/x.tex"],
        ["derive", "gradient-descent", "x**2", *X1, "--plot", "/nonexistent/dir/x.png"],
        ["run", "sgd", "x**2", *X1, "--csv", "/nonexistent/dir/x.csv"],
        ["run", "sgd", "x**2", *X1, "--csv", "/proc/x.csv"],
        ["run", "sgd", "x**2", *X1, "--csv", str(tmp)],
        ["lecture", "cliff", "--latex", "/proc/x.tex"],
        ["lecture", "batchnorm", "--markdown", "/nonexistent/dir/x.md"],
        ["lecture", "saddles", "--plot", "/nonexistent/dir/x.png", "--samples", "100"],
    ]


def test_acceptance_sample(tmp_path):
    commands = [["analyze", "x**x**x**x", "--vars", "x"], ["run", "sgd", DEEP_SIN, *X1],
                ["derive", "matrix-power", "[[]]"], ["run", "newton", "(x+y)**2", "--vars", "x,y", "--start", "x=1,y=1"],
                ["run", "sgd", "x**2", *X1, "--csv", "/nonexistent/dir/x.csv"],
                ["run", "sgd", "x**2", *X1, "--lr=0x10"]]
    # once two stderr lines: the batch's progress line, then the report's error after grading
    commands.append(_file_cases(tmp_path)[7])
    results = _check([with_budget(c, 2.0) for c in commands], tmp_path, 2.0)
    assert [r.status for r in results[-3:]] == [2, 2, 2]


@pytest.mark.slow
def test_acceptance_all(tmp_path):
    commands = (_formula_cases() + _size_cases() + _number_cases() + _point_cases() + _run_cases()
                + _file_cases(tmp_path))
    assert len(commands) >= 100
    _check([with_budget(c, BUDGET) for c in commands], tmp_path, BUDGET)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, pytest.param(signal.SIGINT, marks=pytest.mark.slow)],
                         ids=lambda s: signal.Signals(s).name)
def test_a_signalled_analyze_leaves_no_worker_behind(signum):
    from test_budget import _descendants, _environment, _kill_and_check, _wait_for_descendants
    process = subprocess.Popen([sys.executable, "-m", "symopt", "analyze", "x**x**x**x + exp(exp(exp(y)))",
                                "--vars", "x,y", "--timeout", "120"], env=_environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _wait_for_descendants(process, 1)
    time.sleep(1.0)  # let the worker reach the slow part and start any nested step
    workers |= _descendants(process.pid)
    assert process.poll() is None, "the slow input finished before the signal"
    _kill_and_check(process, workers, signum)
    assert process.returncode in (128 + signum, -signum, 130)
