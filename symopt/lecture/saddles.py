"""Saddle points in high dimension: how often is a random symmetric (GOE) matrix definite?

At a critical point the Hessian decides the kind (Goodfellow et al. §4.3): all eigenvalues > 0 a minimum, all < 0 a
maximum, both signs a saddle. Modelling the Hessian at a "random" critical point of a function
on Rⁿ by a GOE matrix, the chance that it is a minimum is P(λ_min > 0). This module estimates
that probability by seeded Monte Carlo with Wilson confidence intervals and fits how fast it falls.

Normalisation: A has iid N(0, 1) entries and H = (A + Aᵀ)/2, so H_ii ~ N(0, 1) and H_ij ~ N(0, 1/2)
for i ≠ j (density ∝ exp(−tr H²/2)). The sign pattern of the spectrum does not depend on the scale.

Theory (Dean & Majumdar, Phys. Rev. Lett. 97, 160201 (2006); Phys. Rev. E 77, 041108 (2008)):
P(all eigenvalues > 0) ≈ exp(−θ n²) with θ = ln(3)/4 ≈ 0.2747 for large n — it falls faster than
any exponential in n, so the ratio saddles/minima grows (at least) exponentially, as the lecture
says. For n = 2 the exact value is (2 − √2)/4 ≈ 0.1464.

numpy and matplotlib are imported inside the functions that need them.
"""

import math
import statistics
from dataclasses import dataclass

import sympy as sp

from ..derivation import Derivation, Step, Table
from ..errors import ProblemError, SymoptError
from ..quantities import Call, Named, Probability, Sub, Transposed
from ..serialize import JSONResult
from .inputs import integer_between

#: θ in P(λ_min > 0) ≈ exp(−θ n²) for the GOE (Dean & Majumdar 2006), exact.
THETA = sp.log(3) / 4
#: P(2×2 GOE matrix is positive definite), exact.
P2_EXACT = (2 - sp.sqrt(2)) / 4
#: Largest size accepted by the Monte Carlo (memory and time grow like samples·n³).
MAX_N = 60
#: Matrices per eigvalsh call (keeps memory near 100 MB at n = 60).
CHUNK = 50_000
#: Fits use sizes with at least this many positive-definite samples.
MIN_HITS = 10


def wilson_interval(successes, trials, confidence=0.95):
    """Wilson score interval for a binomial proportion (good near 0, unlike the normal one).

    >>> from symopt.lecture.saddles import wilson_interval
    >>> low, high = wilson_interval(0, 100)
    >>> low, round(high, 4)
    (0.0, 0.037)
    """
    if trials <= 0:
        raise ProblemError(f"samples must be a positive integer; got {trials!r}")
    if not 0 < confidence < 1:
        raise ProblemError(f"confidence must lie strictly between 0 and 1; got {confidence!r}")
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact ends: round-off would leave 1e-19
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


def goe_matrices(n, size, rng):
    """A stack of ``size`` GOE matrices (A + Aᵀ)/2, A with iid N(0, 1) entries, shape (size, n, n).

    >>> import numpy as np
    >>> from symopt.lecture.saddles import goe_matrices
    >>> H = goe_matrices(3, 2, np.random.default_rng(0))
    >>> H.shape, bool(np.all(H == H.transpose(0, 2, 1)))
    ((2, 3, 3), True)
    """
    A = rng.standard_normal((size, n, n))
    return (A + A.transpose(0, 2, 1)) / 2


def _check_sizes(sizes):
    sizes = list(sizes)
    if not sizes:
        raise ProblemError("n (matrix sizes) must list at least one size")
    for n in sizes:
        integer_between(n, "n (matrix size)", 1, MAX_N)
    return sizes


@dataclass(frozen=True)
class GOERow:
    """Monte Carlo counts for one size n."""

    n: int
    samples: int
    positive_definite: int
    negative_definite: int
    indefinite: int
    ci_low: float
    ci_high: float

    @property
    def fraction_minimum(self):
        return self.positive_definite / self.samples

    @property
    def fraction_saddle(self):
        return self.indefinite / self.samples

    @property
    def saddles_per_minimum(self):
        """Indefinite over positive definite (None when no minimum was seen)."""
        return self.indefinite / self.positive_definite if self.positive_definite else None

    @property
    def theory(self):
        """The large-n asymptotics 3^(−n²/4) (not exact at small n)."""
        return 3.0 ** (-self.n * self.n / 4)


@dataclass(frozen=True)
class GOEStudy(JSONResult):
    """The Monte Carlo study: rows per size, fits of ln P(minimum) against n and n², a derivation."""

    rows: tuple
    seed: int
    confidence: float
    fit_linear: dict
    fit_quadratic: dict
    derivation: Derivation

    def to_dict(self):
        """JSON-ready rows and fits."""
        return {
            "ensemble": "GOE: H = (A + A^T)/2, A_ij iid N(0,1)",
            "seed": self.seed, "confidence": self.confidence,
            "rows": [{"n": r.n, "samples": r.samples, "positive_definite": r.positive_definite,
                      "negative_definite": r.negative_definite, "indefinite": r.indefinite,
                      "fraction_minimum": r.fraction_minimum, "ci": [r.ci_low, r.ci_high],
                      "fraction_saddle": r.fraction_saddle, "saddles_per_minimum": r.saddles_per_minimum,
                      "theory_large_n": r.theory} for r in self.rows],
            "fit_log_fraction_vs_n": self.fit_linear,
            "fit_log_fraction_vs_n_squared": self.fit_quadratic,
            "theory": {"theta": float(THETA), "statement": "P(minimum) ~ exp(-theta n^2), theta = ln(3)/4",
                       "p2_exact": float(P2_EXACT)},
        }

    def _repr_markdown_(self):
        from ..notebook import lecture_markdown
        return lecture_markdown(self)


def _weighted_fit(xs, ys, weights):
    """Weighted least squares y ≈ a + b x; returns (a, b, weighted RMS residual)."""
    sw = sum(weights)
    mx = sum(w * x for w, x in zip(weights, xs)) / sw
    my = sum(w * y for w, y in zip(weights, ys)) / sw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(weights, xs))
    sxy = sum(w * (x - mx) * (y - my) for w, x, y in zip(weights, xs, ys))
    slope = sxy / sxx
    intercept = my - slope * mx
    rms = math.sqrt(sum(w * (y - intercept - slope * x) ** 2 for w, x, y in zip(weights, xs, ys)) / sw)
    return intercept, slope, rms


def run_goe_study(sizes=range(1, 11), samples=200_000, seed=0, confidence=0.95):
    """Seeded Monte Carlo of P(positive definite), P(negative definite), P(indefinite) for GOE(n).

    Eigenvalues come from vectorised ``np.linalg.eigvalsh`` on stacks of matrices. ln P(minimum)
    is fitted (weighted by the binomial variance) against n and against n², on the sizes with at
    least ``MIN_HITS`` positive-definite samples; sizes without any get only a Wilson upper bound.

    Examples
    ========
    >>> from symopt.lecture.saddles import run_goe_study
    >>> study = run_goe_study(range(1, 4), samples=20000, seed=1)
    >>> [r.n for r in study.rows], study.rows[0].indefinite
    ([1, 2, 3], 0)
    >>> study.rows[1].ci_low < 0.1464 < study.rows[1].ci_high
    True
    """
    import numpy as np
    sizes = _check_sizes(sizes)
    integer_between(samples, "samples", 1, 10_000_000)
    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        positive = negative = 0
        done = 0
        while done < samples:
            size = min(CHUNK, samples - done)
            eigenvalues = np.linalg.eigvalsh(goe_matrices(n, size, rng))  # ascending
            positive += int(np.count_nonzero(eigenvalues[:, 0] > 0))
            negative += int(np.count_nonzero(eigenvalues[:, -1] < 0))
            done += size
        low, high = wilson_interval(positive, samples, confidence)
        rows.append(GOERow(n, samples, positive, negative, samples - positive - negative, low, high))
    fit_rows = [r for r in rows if r.positive_definite >= MIN_HITS]
    fit_linear, fit_quadratic = {}, {}
    if len(fit_rows) >= 3:
        ys = [math.log(r.fraction_minimum) for r in fit_rows]
        # var(ln p̂) ≈ (1 − p)/(N p): weight each size by its inverse
        weights = [r.samples * r.fraction_minimum / max(1e-12, 1 - r.fraction_minimum) for r in fit_rows]
        a, b, rms = _weighted_fit([r.n for r in fit_rows], ys, weights)
        fit_linear = {"sizes": [r.n for r in fit_rows], "intercept": a, "slope": b, "rms_residual": rms}
        a2, b2, rms2 = _weighted_fit([r.n ** 2 for r in fit_rows], ys, weights)
        fit_quadratic = {"sizes": [r.n for r in fit_rows], "intercept": a2, "slope": b2, "rms_residual": rms2,
                         "theta_theory": float(THETA)}
    derivation = _goe_derivation(rows, seed, confidence, fit_linear, fit_quadratic)
    return GOEStudy(tuple(rows), seed, confidence, fit_linear, fit_quadratic, derivation)


def _goe_derivation(rows, seed, confidence, fit_linear, fit_quadratic):
    n = sp.Symbol("n", integer=True, positive=True)
    A = sp.Symbol("A")
    smallest = sp.Gt(Sub(sp.Symbol("lambda"), sp.Symbol("min")), 0)  # the event λ_min > 0: a minimum
    steps = [
        Step("Random Hessian", sp.Mul(A + Transposed(A), sp.Pow(2, -1, evaluate=False), evaluate=False),
             sp.Symbol("H"), r"$A_{ij}$ iid $N(0,1)$: $H_{ii} \sim N(0,1)$, $H_{ij} \sim N(0,\frac12)$ (GOE)"),
        Step("Kind of critical point (Goodfellow et al. §4.3)", kind="note",
             justification="all eigenvalues > 0: minimum; all < 0: maximum; both signs: saddle"),
        Step("Large-n theory (Dean & Majumdar 2006)", sp.exp(-THETA * n ** 2), Probability(smallest),
             r"$\theta = \ln 3/4 \approx 0.2747$: faster than any exponential in n", relation="~",
             name="theory", key=True),
        Step("Exact for n = 2", P2_EXACT, Call(Sub(sp.Symbol("P"), 2), smallest), name="p2_exact"),
        Step("Saddles per minimum", (1 - 2 * sp.Function("P")(n)) / sp.Function("P")(n),
             Probability(Named("saddle")) / Probability(Named("minimum")), "by symmetry P(maximum) = P(minimum)",
             name="ratio"),
    ]
    if fit_linear:
        steps.append(Step("Measured: ln P(minimum) against n", sp.Float(fit_linear["slope"], 4), Named("slope"),
                          f"weighted fit over n = {fit_linear['sizes'][0]}..{fit_linear['sizes'][-1]}, "
                          f"rms residual {fit_linear['rms_residual']:.3f}", name="slope_n", key=True))
        steps.append(Step("Measured: ln P(minimum) against n^2", sp.Float(fit_quadratic["slope"], 4),
                          Named("slope"), f"rms residual {fit_quadratic['rms_residual']:.3f}; "
                          f"theory -{float(THETA):.4f} for large n", name="slope_n2", key=True))
        better = "n^2" if fit_quadratic["rms_residual"] < fit_linear["rms_residual"] else "n"
        verdict = ("faster than exponential in n, as the n^2 law predicts" if better == "n^2" else
                   "consistent with an exponential decline in n at these sizes")
        steps.append(Step("Which model fits better", kind="note",
                          justification=f"ln P(minimum) is fitted better against {better} "
                          f"(rms {min(fit_linear['rms_residual'], fit_quadratic['rms_residual']):.3f} vs "
                          f"{max(fit_linear['rms_residual'], fit_quadratic['rms_residual']):.3f}): the decline is "
                          f"{verdict}; so saddles outnumber minima by a factor that grows at least exponentially"))
        unseen = [r.n for r in rows if not r.positive_definite]
        if unseen:
            steps.append(Step("Beyond reach of plain Monte Carlo", kind="note",
                              justification=f"no positive-definite sample for n = {', '.join(map(str, unseen))}: "
                              "only the Wilson upper bound is reported there"))
    table = Table(f"Monte Carlo (seed {seed}, {int(confidence * 100)}% Wilson intervals)",
                  ("n", "samples", "P(minimum)", "interval", "P(saddle)", "saddles/minimum", "3^(-n^2/4)"),
                  tuple((str(r.n), str(r.samples), f"{r.fraction_minimum:.3g}",
                         f"[{r.ci_low:.3g}, {r.ci_high:.3g}]", f"{r.fraction_saddle:.4f}",
                         "-" if r.saddles_per_minimum is None else f"{r.saddles_per_minimum:.3g}",
                         f"{r.theory:.2g}") for r in rows))
    return Derivation("Saddle points in high dimension (GOE Monte Carlo)", steps, (table,))


def run_goe_loop(n, samples, seed=0):
    """The plain-Python baseline: one ``np.linalg.eigvalsh`` call per matrix; returns the minimum count.

    >>> from symopt.lecture.saddles import run_goe_loop
    >>> run_goe_loop(1, 1000, seed=3) > 400
    True
    """
    import numpy as np
    rng = np.random.default_rng(seed)
    count = 0
    for _ in range(samples):
        A = rng.standard_normal((n, n))
        if np.linalg.eigvalsh((A + A.T) / 2)[0] > 0:
            count += 1
    return count


def classify_symmetric_matrix(H, tolerance=1e-12):
    """Kind of critical point for a numeric symmetric Hessian H: minimum, maximum, saddle or degenerate.

    Raises ProblemError (naming H) for a non-square or non-symmetric matrix.

    >>> from symopt.lecture.saddles import classify_symmetric_matrix
    >>> kind, eigenvalues = classify_symmetric_matrix([[2, 1], [1, -3]])
    >>> kind, [round(v, 6) for v in eigenvalues]
    ('saddle', [-3.192582, 2.192582])
    >>> classify_symmetric_matrix([[1, 2]])
    Traceback (most recent call last):
    ...
    symopt.errors.ProblemError: H must be a square matrix; got shape 1x2
    """
    import numpy as np
    try:
        array = np.array(H.tolist() if hasattr(H, "tolist") and not isinstance(H, np.ndarray) else H, dtype=float)
    except (TypeError, ValueError):
        raise ProblemError("H must be a square matrix of numbers (e.g. [[2, 1], [1, -3]])") from None
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.size == 0:
        shape = "x".join(str(s) for s in array.shape) or "scalar"
        raise ProblemError(f"H must be a square matrix; got shape {shape}")
    if not np.all(np.isfinite(array)):
        raise ProblemError("H must hold finite numbers")
    scale = max(1.0, float(np.max(np.abs(array))))
    asymmetry = float(np.max(np.abs(array - array.T)))
    if asymmetry > 1e-12 * scale:
        raise ProblemError(f"H must be symmetric (a Hessian); H - H^T has an entry of size {asymmetry:g}")
    eigenvalues = np.linalg.eigvalsh(array)
    cut = tolerance * scale
    if eigenvalues[0] > cut:
        kind = "minimum"
    elif eigenvalues[-1] < -cut:
        kind = "maximum"
    elif eigenvalues[0] < -cut and eigenvalues[-1] > cut:
        kind = "saddle"
    else:
        kind = "degenerate"
    return kind, [float(v) for v in eigenvalues]


@dataclass(frozen=True)
class HessianKind(JSONResult):
    """The kind of critical point one numeric symmetric Hessian shows, with the derivation that reads it."""

    matrix: list
    eigenvalues: list
    kind: str
    derivation: Derivation

    def to_dict(self):
        return {"matrix": self.matrix, "eigenvalues": self.eigenvalues, "kind": self.kind}


def hessian_kind(H):
    """:func:`classify_symmetric_matrix` as a derivation: the Hessian, its eigenvalues, the kind.

    >>> from symopt.lecture.saddles import hessian_kind
    >>> hessian_kind([[2, 0], [0, 3]]).to_dict()
    {'matrix': [[2, 0], [0, 3]], 'eigenvalues': [2.0, 3.0], 'kind': 'minimum'}
    """
    kind, eigenvalues = classify_symmetric_matrix(H)
    derivation = Derivation("Kind of critical point from the Hessian", (
        Step("Hessian", sp.Matrix(H), sp.Symbol("H")),
        Step("Eigenvalues (numpy eigvalsh)", sp.Matrix([[sp.Float(v, 8) for v in eigenvalues]]), sp.Symbol("lambda"),
             name="eigenvalues"),
        Step("Kind", Named(kind), Named("kind"),
             "Goodfellow et al. §4.3: all > 0 minimum, all < 0 maximum, both signs saddle",
             name="kind", final=True),
    ))
    return HessianKind(H, eigenvalues, kind, derivation)


def plot_goe_study(study, path):
    """Plot P(minimum) (with intervals), P(saddle) and the large-n theory on a log scale into ``path`` (PNG).

    Needs matplotlib (``pip install 'symopt[plot]'``); raises SymoptError without it.

    >>> import os, tempfile
    >>> from symopt.lecture.saddles import plot_goe_study, run_goe_study
    >>> path = os.path.join(tempfile.mkdtemp(), "goe.png")
    >>> plot_goe_study(run_goe_study(range(1, 4), samples=2000), path) == path
    True
    """
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SymoptError("plotting needs matplotlib: pip install 'symopt[plot]'") from None
    ns = [r.n for r in study.rows]
    seen = [r for r in study.rows if r.positive_definite]
    unseen = [r for r in study.rows if not r.positive_definite]
    figure, axes = plt.subplots(figsize=(6.4, 4.4), dpi=110)
    try:
        if seen:
            axes.errorbar([r.n for r in seen], [r.fraction_minimum for r in seen],
                          yerr=[[r.fraction_minimum - r.ci_low for r in seen],
                                [r.ci_high - r.fraction_minimum for r in seen]],
                          fmt="o-", capsize=3, label="P(minimum), Monte Carlo")
        if unseen:
            axes.plot([r.n for r in unseen], [r.ci_high for r in unseen], "v", color="C0", alpha=0.6,
                      label="no minimum seen: upper bound")
        saddles = [r for r in study.rows if r.indefinite]  # none at n = 1: keep zeros off the log axis
        if saddles:
            axes.plot([r.n for r in saddles], [r.fraction_saddle for r in saddles], "s-", color="C3",
                      label="P(saddle)")
        fine = [1 + i * (max(ns) - 1) / 200 for i in range(201)] if max(ns) > 1 else [1.0]
        axes.plot(fine, [3.0 ** (-x * x / 4) for x in fine], "--", color="gray", label=r"$3^{-n^2/4}$ (large-n theory)")
        axes.set_yscale("log")
        lowest = min([r.ci_low for r in seen if r.ci_low > 0] + [r.ci_high for r in unseen] + [1e-3])
        axes.set_ylim(lowest / 30, 2.0)
        axes.set_xlabel("n (dimension)")
        axes.set_ylabel("probability")
        axes.set_title(f"Random symmetric (GOE) Hessians, {study.rows[0].samples} samples per n")
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=8)
        figure.tight_layout()
        try:
            figure.savefig(path, format="png")
        except OSError as exc:
            raise SymoptError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        plt.close(figure)
    return path


__all__ = ["run_goe_study", "GOEStudy", "GOERow", "goe_matrices", "wilson_interval", "run_goe_loop",
           "classify_symmetric_matrix", "HessianKind", "hessian_kind", "plot_goe_study", "THETA", "P2_EXACT"]
