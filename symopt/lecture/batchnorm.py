"""Batch normalization (Ioffe & Szegedy 2015) as the lecture derives it: the backward pass proved
equal to its compact form, and every derivation in one bundle (:class:`BatchNorm`).

The symbolic functions (bare nouns) never import numpy. Two sizes of minibatch are handled: a
**symbolic** size ``m`` (``sympy.Sum`` over ``IndexedBase`` entries ``x[i]``) and a **concrete**
size (explicit symbols ``x1 … xm``), for which the backward pass is obtained by differentiating
the loss through the transform and *proved* equal to the compact form — their difference
expands to 0. The compact symbolic-m form is checked against the concrete derivation for m = 2..5.

This is the one place to import batch normalization from: the forward transforms live in
:mod:`~symopt.lecture.batchnorm_forward`, the two gradients in :mod:`~symopt.lecture.batchnorm_gradient`,
and the float64 reference (``eval_*``, ``verify_*``, numpy imported lazily) in
:mod:`~symopt.lecture.batchnorm_reference`.
"""

from dataclasses import dataclass

import sympy as sp

from ..derivation import Derivation, Step, Table
from ..quantities import Named, Partial, Statement, Sub
from ..serialize import JSONResult
# the constants and symbols too: callers read them as batchnorm.gamma, batchnorm.m_symbol, ...
from .batchnorm_forward import (CHECK_SIZES, E_B, MAX_EXPLICIT_M, _concrete_forward, _i, _size, _x, batch_symbols,
                                batchnorm_inference, batchnorm_transform, beta, check_batch_size, check_epsilon,
                                epsilon, gamma, m_symbol, mu_B, sigma2_B, unbiased_variance)
from .batchnorm_gradient import (_check_symbolic_against_concrete, _difference_is_zero, _readable,
                                 compact_backward, derived_backward)
from .batchnorm_reference import (eval_batchnorm_backward, eval_batchnorm_forward, eval_batchnorm_inference,
                                  eval_fold_batchnorm, eval_running_statistics, verify_batchnorm_backward)

#: The loss ℓ, by name (the labels ∂ℓ/∂x_i of the backward pass).
_ELL = sp.Symbol("ell")


# --- backward pass ----------------------------------------------------------------------------

def batchnorm_backward(m=4):
    """The backward pass: derived by differentiation for concrete ``m``, proved equal to Ioffe & Szegedy's form.

    For concrete m the difference between the derived and the compact gradient is expanded
    (with √(σ²_B+ε) written as a positive symbol s) and is exactly 0. For symbolic m (``m=None``)
    the compact form is stated and checked against the explicit derivation for m = 2..5.

    Examples
    ========
    >>> from symopt.lecture.batchnorm import batchnorm_backward
    >>> d = batchnorm_backward(3)
    >>> d.results["proof"]
    True
    """
    m = check_batch_size(m, explicit=True)
    steps = [Step("Upstream gradient", sp.Derivative(sp.Function("ell")(sp.Symbol("y_i")), sp.Symbol("y_i")),
                  Sub(sp.Symbol("g"), _i), r"the loss $\ell$ depends on $x$ only through $y_1, \dots, y_m$",
                  relation="=")]
    compact_sym = compact_backward(None)
    if m == m_symbol:
        rows = []
        all_ok = True
        for size in CHECK_SIZES:
            ok = _check_symbolic_against_concrete(compact_sym, size)
            all_ok &= ok
            rows.append((str(size), "0" if ok else "nonzero"))
        steps += [
            Step("Gradient with respect to x_i (Ioffe & Szegedy 2015)", compact_sym["dx"], Partial(_ELL, _x[_i]),
                 r"chain rule through $\mu_B$, $\sigma^2_B$ and $\hat{x}_i$", name="dx", key=True, final=True),
            Step("Gradient with respect to gamma", compact_sym["dgamma"], Partial(_ELL, gamma),
                 name="dgamma", key=True),
            Step("Gradient with respect to beta", compact_sym["dbeta"], Partial(_ELL, beta),
                 name="dbeta", key=True),
            Step("Checked against explicit differentiation", all_ok, Named("agrees for m = 2..5"),
                 "substitute m, expand the sums, compare with the derived gradient", name="proof"),
        ]
        table = Table("Symbolic-m compact form minus explicit derivative", ("m", "difference"), tuple(rows))
        return Derivation("Batch normalization: backward pass (symbolic m)", steps, (table,), {"m": m})
    xs, gs, mean, variance, base, xhat, ys = _concrete_forward(m)
    derived = derived_backward(m)
    compact = compact_backward(m)
    differences = [_difference_is_zero(d, c, base) for d, c in zip(derived["dx"], compact["dx"])]
    differences.append(_difference_is_zero(derived["dgamma"], compact["dgamma"], base))
    differences.append(_difference_is_zero(derived["dbeta"], compact["dbeta"], base))
    proof = all(differences)
    loss = sp.Add(*[g * sp.Symbol(f"y{i + 1}") for i, g in enumerate(gs)])
    steps += [
        Step("Loss as seen by the layer", loss, _ELL, r"to first order; $g_i = \partial\ell/\partial y_i$",
             relation="~"),
        Step("Differentiate through the transform", _readable(derived["dx"][0], xs, mean, base), Partial(_ELL, xs[0]),
             r"$\sum_j g_j\,\partial y_j/\partial x_1$ with $y_j = \gamma\hat{x}_j + \beta$ in x1..x" + str(m),
             name="derived_dx1"),
        Step("Compact form (Ioffe & Szegedy 2015)", compact_sym["dx"].subs({m_symbol: m, _i: 1}), Partial(_ELL, xs[0]),
             r"$\frac{\gamma}{m\sqrt{\sigma^2_B+\epsilon}}[m g_i - \sum_j g_j - \hat{x}_i\sum_j g_j\hat{x}_j]$",
             name="dx", key=True, final=True),
        Step("Derived minus compact, every i, gamma, beta", sp.Integer(0) if proof else sp.Symbol("nonzero"),
             Named("difference"), r"write $\sqrt{\sigma^2_B+\epsilon} = s > 0$ and expand", name="difference",
             key=True),
        Step("Proved", proof, Statement(Named("derived"), Named("compact"), "=="), name="proof"),
        Step("Gradient with respect to gamma", _readable(derived["dgamma"], xs, mean, base), Partial(_ELL, gamma),
             r"$\sum_i g_i \hat{x}_i$", name="dgamma"),
        Step("Gradient with respect to beta", derived["dbeta"], Partial(_ELL, beta), r"$\sum_i g_i$", name="dbeta"),
    ]
    return Derivation(f"Batch normalization: backward pass (m = {m})", steps,
                      metadata={"m": m, "derived": derived, "compact": compact})


# --- everything at once -----------------------------------------------------------------------

@dataclass(frozen=True)
class BatchNorm(JSONResult):
    """The batch-normalization derivations for one minibatch size; ``derivation`` holds them all."""

    m: object
    transform: Derivation
    variance: Derivation
    inference: Derivation
    backward: Derivation
    verification: dict

    @property
    def derivation(self):
        """One derivation holding every step and table (for text/LaTeX/Markdown output)."""
        parts = (self.transform, self.variance, self.inference, self.backward)
        steps = []
        tables = []
        for part in parts:
            steps.append(Step(part.title, kind="note", justification=""))
            steps.extend(part.steps)
            tables.extend(part.tables)
        if self.verification:
            v = self.verification
            tables.append(Table(f"Numeric check (float64, m = {v['m']}, eps = {v['eps']:g}, seed {v['seed']})",
                                ("quantity", "max relative error", "tolerance"),
                                (("derived gradient vs central differences", f"{v['fd_relative_error']:.2e}",
                                  f"{v['tolerance']:.0e}"),
                                 ("compact numpy gradient vs derived", f"{v['compact_relative_error']:.2e}",
                                  f"{v['tolerance']:.0e}"))))
        return Derivation(f"Batch normalization ({_size(self.m)})", steps, tables, {"m": self.m})

    def to_dict(self):
        """JSON-ready summary: expressions as sympy strings, proofs as booleans, numeric errors as floats."""
        r = {**self.transform.results, **self.variance.results}
        back = self.backward.results
        inf = self.inference.results
        return {
            "m": sp.sstr(self.m) if self.m == m_symbol else self.m,
            "transform": {key: sp.sstr(r[key]) for key in ("mean", "variance", "normalized", "output")},
            "expected_biased_variance": sp.sstr(r["expected_biased_variance"]),
            "unbiased_correction": sp.sstr(r["correction"]),
            "inference": sp.sstr(inf["inference"]),
            "folding": {"W'": sp.sstr(inf["folded_weight"]), "b'": sp.sstr(inf["folded_bias"]),
                        "proved": all(e == 0 for e in inf["folding_difference"])},
            "backward": {"dx": sp.sstr(compact_backward(None)["dx"]), "dgamma": sp.sstr(back["dgamma"]),
                         "dbeta": sp.sstr(back["dbeta"]), "proved_equal_to_compact": bool(back["proof"])},
            "numeric_check": self.verification or None,
        }

    def _repr_markdown_(self):
        from ..notebook import lecture_markdown
        return lecture_markdown(self)


def batch_normalization(m=4, eps=1e-5, seed=0, verify=True):
    """All batch-normalization derivations for minibatch size ``m`` (``None`` or ``"m"``: symbolic).

    With ``verify`` the derived gradient (m concrete, or m = 4 when symbolic) is compared with
    central finite differences in float64 at ε = ``eps`` (see :func:`verify_batchnorm_backward`).

    Examples
    ========
    >>> from symopt.lecture.batchnorm import batch_normalization
    >>> bn = batch_normalization(3)
    >>> bn.to_json()["backward"]["proved_equal_to_compact"]
    True
    >>> bn.verification["passed"]
    True
    """
    m = check_batch_size(m, explicit=True)
    eps = check_epsilon(eps)
    verification = verify_batchnorm_backward(4 if m == m_symbol else m, eps=eps, seed=seed) if verify else {}
    return BatchNorm(m, batchnorm_transform(m), unbiased_variance(m), batchnorm_inference(),
                     batchnorm_backward(m), verification)


__all__ = ["BatchNorm", "batch_normalization", "batchnorm_transform", "unbiased_variance", "batchnorm_inference",
           "batchnorm_backward", "compact_backward", "derived_backward", "batch_symbols", "check_batch_size",
           "check_epsilon", "eval_batchnorm_forward", "eval_batchnorm_backward", "eval_running_statistics",
           "eval_batchnorm_inference", "eval_fold_batchnorm", "verify_batchnorm_backward"]
