"""Empirical risk and surrogate losses: 0-1 loss against logistic NLL and hinge, as functions of
the margin z = y·f(x) (labels y ∈ {−1, +1}).

Conventions (documented because sympy needs them spelled out):

* 0-1 loss: ``Heaviside(-z, 1)`` — a point on the boundary (z = 0) counts as an error. Its
  derivative is ``-DiracDelta(z)``: zero for every z ≠ 0, so a gradient carries no information.
* logistic NLL: log(1 + e^(−z)); derivative −1/(1 + e^z) = −σ(−z), never zero, so gradient
  descent keeps pushing the margin up after every point is classified correctly.
* hinge: max(0, 1 − z), written as ``Piecewise((1 - z, z < 1), (0, True))``; its derivative is
  ``Piecewise((-1, z < 1), (0, True))``. At the kink z = 1 the subdifferential is [−1, 0] and
  this form picks 0.

Both surrogates bound the 0-1 loss from above (logistic after dividing by ln 2). The numeric
demonstration :func:`run_surrogate_demo` imports numpy lazily.
"""

from dataclasses import dataclass

import sympy as sp

from ..derivation import Derivation, Step, Table
from ..errors import ProblemError
from ..quantities import Call, Hat, Nabla, Operator, Prime, Sub
from ..serialize import JSONResult
from .inputs import integer_between

z = sp.Symbol("z", real=True)


def zero_one_loss():
    """The 0-1 loss of the margin z: 1 when z <= 0 (misclassified), else 0.

    >>> from symopt.lecture.surrogate import zero_one_loss, z
    >>> [zero_one_loss().subs(z, v) for v in (-1, 0, 2)]
    [1, 1, 0]
    """
    return sp.Heaviside(-z, 1)


def logistic_loss():
    """Negative log-likelihood of the correct class under a logistic model: log(1 + exp(−z)).

    >>> from symopt.lecture.surrogate import logistic_loss, z
    >>> logistic_loss().subs(z, 0)
    log(2)
    """
    return sp.log(1 + sp.exp(-z))


def hinge_loss():
    """The hinge loss max(0, 1 − z) as a Piecewise.

    >>> from symopt.lecture.surrogate import hinge_loss, z
    >>> [hinge_loss().subs(z, v) for v in (-1, 1, 3)]
    [2, 0, 0]
    """
    return sp.Piecewise((1 - z, z < 1), (0, True))


def surrogate_losses():
    """The derivation: empirical risk, the three losses, their derivatives and the upper bounds.

    Results: ``zero_one``, ``logistic``, ``hinge`` and ``d_zero_one``, ``d_logistic``, ``d_hinge``
    (derivatives in z), ``d2_logistic`` (positive: convex), ``logistic_gradient_w`` (for f = wᵀx + b).

    Examples
    ========
    >>> from symopt.lecture.surrogate import surrogate_losses
    >>> r = surrogate_losses().results
    >>> r["d_logistic"], r["d_hinge"]
    (-1/(exp(z) + 1), Piecewise((-1, z < 1), (0, True)))
    >>> r["d_zero_one"]
    -DiracDelta(z)
    """
    zero_one, logistic, hinge = zero_one_loss(), logistic_loss(), hinge_loss()
    d_zero_one = sp.diff(zero_one, z).subs(sp.DiracDelta(-z), sp.DiracDelta(z))
    d_logistic = sp.simplify(sp.diff(logistic, z))
    d2_logistic = sp.simplify(sp.diff(logistic, z, 2))
    d_hinge = sp.piecewise_fold(sp.diff(hinge, z))
    m, i = sp.Symbol("m", integer=True, positive=True), sp.Symbol("i", integer=True, positive=True)
    L, f = sp.Function("L"), sp.Function("f")
    x, y = sp.IndexedBase("x"), sp.IndexedBase("y")
    theta = sp.Symbol("theta")
    risk = sp.Sum(L(f(x[i], theta), y[i]), (i, 1, m)) / m
    # a linear model f = w1 x1 + w2 x2 + b with label yl: the NLL gradient by the chain rule
    w1, w2, bb, x1, x2 = sp.symbols("w1 w2 b x1 x2", real=True)
    yl = sp.Symbol("y", real=True)
    margin = yl * (w1 * x1 + w2 * x2 + bb)
    grad_w = sp.Matrix([sp.simplify(sp.diff(logistic.subs(z, margin), v)) for v in (w1, w2, bb)])
    chain = sp.Matrix([d_logistic.subs(z, margin) * sp.diff(margin, v) for v in (w1, w2, bb)])
    chain_ok = (grad_w - chain).applyfunc(lambda e: sp.simplify(e)) == sp.zeros(3, 1)
    at_zero = sp.simplify(logistic.subs(z, 0) / sp.log(2))
    decreasing = d_logistic.is_negative
    # the names of the losses of the margin z: L_{01}, L_{log}, L_h
    loss = sp.Symbol("L")
    L01, Llog, Lh = Sub(loss, 0, 1), Sub(loss, Operator("log")), Sub(loss, sp.Symbol("h"))
    steps = [
        Step("Empirical risk", risk, Call(Hat(sp.Symbol("R")), theta), "average loss over the m training examples"),
        Step("Margin", sp.Symbol("y") * Call(sp.Symbol("f"), sp.Symbol("x")), z,
             r"labels $y = \pm 1$; z > 0 means correctly classified"),
        Step("0-1 loss", zero_one, Call(L01, z), "Heaviside(-z, 1): the boundary z = 0 counts as an error",
             name="zero_one", key=True),
        Step("Its derivative", d_zero_one, Call(Prime(L01), z),
             "zero for every z != 0: no descent direction, and minimizing it exactly is intractable",
             name="d_zero_one", key=True),
        Step("Logistic NLL (surrogate)", logistic, Call(Llog, z), "negative log-likelihood of the correct class",
             name="logistic", key=True),
        Step("Its derivative", d_logistic, Call(Prime(Llog), z), r"$-\sigma(-z)$: never 0, so training continues "
             r"after the 0-1 loss reaches 0", name="d_logistic", key=True),
        Step("Second derivative", d2_logistic, Call(Prime(Llog, 2), z), "positive: the surrogate is convex in z",
             name="d2_logistic"),
        Step("Hinge loss (surrogate)", hinge, Call(Lh, z), "max(0, 1 - z)", name="hinge", key=True),
        Step("Its derivative", d_hinge, Call(Prime(Lh), z), "at the kink z = 1 the subdifferential is [-1, 0]; "
             "this form picks 0", name="d_hinge", key=True),
        Step("Upper bound, logistic", at_zero, Call(Llog, 0) / sp.log(2),
             "and " + ("the derivative is negative, so " if decreasing else "")
             + "log2(1 + e^-z) >= 1 = L01 for z <= 0", name="logistic_bound_at_zero"),
        Step("Upper bound, hinge", hinge.subs(z, 0), Call(Lh, 0), "and Lh decreases, so Lh >= 1 = L01 for z <= 0",
             name="hinge_bound_at_zero"),
        Step("NLL gradient of a linear model", grad_w.T, Nabla(Llog, 1, (w1, w2, bb)),
             "chain rule: L'(z) y (x1, x2, 1)" + ("" if chain_ok else " [chain-rule check FAILED]"),
             name="logistic_gradient_w"),
    ]
    return Derivation("Empirical risk and surrogate losses", steps, metadata={"chain_rule_checked": chain_ok})


# --- numeric demonstration (numpy imported lazily) ------------------------------------------------

#: Centre of the data cloud: away from the origin, so that the bias has to be learned too and the
#: first gradient step from w = 0 does not separate the classes at once.
CENTRE = (3.0, 2.0)


def separable_dataset(points=40, seed=0, margin=0.2):
    """A seeded linearly separable 2-D dataset: uniform points in the square of side 4 around
    ``CENTRE``, labelled by a random line through the square, with the points closer than ``margin``
    to the line dropped. Returns (X, y, w_true, b_true).

    >>> from symopt.lecture.surrogate import separable_dataset
    >>> X, y, w, b = separable_dataset(20, seed=1)
    >>> X.shape, bool(((X @ w + b) * y > 0).all())
    ((20, 2), True)
    """
    import numpy as np
    integer_between(points, "points", 4, 100_000)
    if not margin >= 0:
        raise ProblemError(f"margin must be >= 0; got {margin!r}")
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi)
    w_true = np.array([np.cos(angle), np.sin(angle)])
    centre = np.array(CENTRE)
    b_true = -w_true @ centre + rng.uniform(-0.5, 0.5)
    X = np.empty((0, 2))
    while len(X) < points:
        candidates = centre + rng.uniform(-2, 2, size=(4 * points, 2))
        keep = np.abs(candidates @ w_true + b_true) >= margin
        X = np.vstack([X, candidates[keep]])
    X = X[:points]
    y = np.sign(X @ w_true + b_true)
    if len(set(y.tolist())) < 2:  # both classes are needed for a meaningful classifier
        y[0] = -y[0]
        X[0] = X[0] - 2 * (X[0] @ w_true + b_true) * w_true
    return X, y, w_true, b_true


@dataclass(frozen=True)
class SurrogateDemo(JSONResult):
    """A logistic-regression run: per-step training 0-1 loss and NLL, and what happened after 0-1 hit 0."""

    seed: int
    lr: float
    steps: int
    zero_one: tuple
    nll: tuple
    test_zero_one: tuple
    weight_norm: tuple
    zero_step: object
    derivation: Derivation

    @property
    def nll_decreasing_after_zero(self):
        """True when the NLL fell at every step after the training 0-1 loss first reached 0."""
        if self.zero_step is None:
            return None
        tail = self.nll[self.zero_step:]
        return all(b < a for a, b in zip(tail, tail[1:]))

    def to_dict(self):
        """JSON-ready summary of the run (the full curves are included)."""
        k = self.zero_step
        return {
            "seed": self.seed, "lr": self.lr, "steps": self.steps,
            "zero_one_reaches_zero_at_step": k,
            "nll_at_that_step": None if k is None else self.nll[k],
            "nll_final": self.nll[-1],
            "nll_decreasing_after": self.nll_decreasing_after_zero,
            "weight_norm_at_that_step": None if k is None else self.weight_norm[k],
            "weight_norm_final": self.weight_norm[-1],
            "test_zero_one_at_that_step": None if k is None else self.test_zero_one[k],
            "test_zero_one_final": self.test_zero_one[-1],
            "train_zero_one": list(self.zero_one), "train_nll": list(self.nll),
        }

    def _repr_markdown_(self):
        from ..notebook import lecture_markdown
        return lecture_markdown(self)


def run_surrogate_demo(seed=0, points=40, steps=1500, lr=0.5, test_points=2000):
    """Logistic regression f = wᵀx + b by full-batch gradient descent on the mean NLL, from w = 0.

    The gradient is the lambdified symbolic derivative of the logistic loss. Records the training
    0-1 loss and NLL at every step (index 0 is the start), and a test 0-1 loss on fresh points from
    the same distribution (without the margin).

    Examples
    ========
    >>> from symopt.lecture.surrogate import run_surrogate_demo
    >>> demo = run_surrogate_demo()
    >>> demo.zero_step is not None and demo.nll_decreasing_after_zero
    True
    >>> demo.test_zero_one[-1] < demo.test_zero_one[demo.zero_step]
    True
    >>> demo.nll[-1] < demo.nll[demo.zero_step]
    True
    """
    import numpy as np

    from ..numeric import numpy_function
    if not lr > 0:
        raise ProblemError(f"lr (learning rate) must be > 0; got {lr!r}")
    integer_between(steps, "steps", 1, 1_000_000)
    X, y, w_true, b_true = separable_dataset(points, seed)
    rng = np.random.default_rng(seed + 7)
    X_test = np.array(CENTRE) + rng.uniform(-2, 2, size=(test_points, 2))
    y_test = np.where(X_test @ w_true + b_true > 0, 1.0, -1.0)
    d_loss = numpy_function([z], sp.diff(logistic_loss(), z))
    loss = numpy_function([z], logistic_loss())
    A = np.hstack([X, np.ones((len(X), 1))])
    A_test = np.hstack([X_test, np.ones((len(X_test), 1))])
    theta = np.zeros(3)
    zero_one, nll, test_zero_one, norms = [], [], [], []

    def record():
        margins = y * (A @ theta)
        zero_one.append(float(np.mean(margins <= 0)))
        # log(1 + e^-z) overflows for very negative z in the lambdified form; logaddexp is the same function
        nll.append(float(np.mean(np.logaddexp(0.0, -margins))) if np.any(margins < -30) else
                   float(np.mean(loss(margins))))
        test_zero_one.append(float(np.mean(y_test * (A_test @ theta) <= 0)))
        norms.append(float(np.linalg.norm(theta[:2])))

    record()
    for _ in range(steps):
        margins = y * (A @ theta)
        theta = theta - lr * (A.T @ (d_loss(margins) * y)) / len(y)
        record()
    zero_step = next((k for k, value in enumerate(zero_one) if value == 0 and all(v == 0 for v in zero_one[k:])),
                     None)
    sample_steps = sorted({0, 1, steps} | ({zero_step, min(steps, zero_step + (steps - zero_step) // 2)}
                                           if zero_step is not None else set()))
    table = Table(f"Gradient descent on the logistic NLL (seed {seed}, {points} separable points, lr {lr:g})",
                  ("step", "train 0-1", "train NLL", "|w|", "test 0-1"),
                  tuple((str(k), f"{zero_one[k]:.3f}", f"{nll[k]:.5f}", f"{norms[k]:.3f}", f"{test_zero_one[k]:.4f}")
                        for k in sample_steps))
    note = (f"training 0-1 loss is 0 from step {zero_step} on; the NLL still falls from {nll[zero_step]:.4f} "
            f"to {nll[-1]:.4f} (the weights grow: the margin keeps increasing)" if zero_step is not None
            else "training 0-1 loss did not reach 0 within the steps run")
    derivation = surrogate_losses().extend(
        steps=(Step("Demonstration", kind="note", justification=note),), tables=(table,))
    return SurrogateDemo(seed, float(lr), steps, tuple(zero_one), tuple(nll), tuple(test_zero_one), tuple(norms),
                         zero_step, derivation)


__all__ = ["z", "zero_one_loss", "logistic_loss", "hinge_loss", "surrogate_losses", "separable_dataset",
           "run_surrogate_demo", "SurrogateDemo"]
