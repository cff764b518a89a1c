"""Batch normalization (Ioffe & Szegedy 2015): training transform, unbiased variance, inference,
folding into an affine layer, and the backward pass — derived symbolically.

The symbolic functions (bare nouns) never import numpy. Two sizes of minibatch are handled:

* a **symbolic** size ``m`` (``sympy.Sum`` over ``IndexedBase`` entries ``x[i]``): the
  transform, the unbiased variance and the compact backward formula are stated for every m;
* a **concrete** size (explicit symbols ``x1 … xm``): the backward pass is obtained by
  differentiating the loss through the transform and *proved* equal to the compact form of
  Ioffe & Szegedy 2015 — their difference expands to 0.

The compact symbolic-m form is checked against the concrete derivation for m = 2..5.
The numeric helpers (``eval_*`` and ``verify_*``) import numpy lazily and live at the end of
this module; they implement the same formulas in float64 for finite-difference and torch checks.
"""

from dataclasses import dataclass

import sympy as sp

from ..derivation import Derivation, Step, Table
from ..errors import ProblemError

#: Largest concrete batch size for which the explicit derivation is built (cost grows like m³).
MAX_EXPLICIT_M = 12
#: Concrete sizes at which the symbolic-m compact form is checked against the explicit derivation.
CHECK_SIZES = (2, 3, 4, 5)

gamma = sp.Symbol("gamma", real=True)
beta = sp.Symbol("beta", real=True)
epsilon = sp.Symbol("epsilon", positive=True)
m_symbol = sp.Symbol("m", integer=True, positive=True)
mu_B = sp.Symbol("mu_B", real=True)
sigma2_B = sp.Symbol("sigma_B^2", nonnegative=True)
_i = sp.Symbol("i", integer=True, positive=True)
_j = sp.Symbol("j", integer=True, positive=True)
_x = sp.IndexedBase("x", real=True)
_g = sp.IndexedBase("g", real=True)
#: E_B(...): the average of a minibatch statistic over the training minibatches.
E_B = sp.Function("E_B")


# --- input checks -----------------------------------------------------------------------------

def check_batch_size(m, explicit=False):
    """Return ``m`` as a Python int (or the symbol ``m`` when ``m`` is None/"m"); reject ``m < 2``.

    >>> from symopt.lecture.batchnorm import check_batch_size
    >>> check_batch_size(4), check_batch_size(None)
    (4, m)
    >>> check_batch_size(1)
    Traceback (most recent call last):
    ...
    symopt.errors.ProblemError: m (the batch size) must be an integer >= 2: the unbiased variance m/(m-1)*E[sigma_B^2] divides by m - 1; got 1
    """
    if m is None or (isinstance(m, str) and m.strip() == "m") or m == m_symbol:
        return m_symbol
    try:
        value = int(m)
        if value != m and not (isinstance(m, str) and m.strip().lstrip("+-").isdigit()):
            raise ValueError
    except (TypeError, ValueError):
        raise ProblemError(f"m (the batch size) must be an integer >= 2 or 'm' for a symbolic size; got {m!r}") from None
    if value < 2:
        raise ProblemError("m (the batch size) must be an integer >= 2: the unbiased variance "
                           f"m/(m-1)*E[sigma_B^2] divides by m - 1; got {value}")
    if explicit and value > MAX_EXPLICIT_M:
        raise ProblemError(f"m (the batch size) must be at most {MAX_EXPLICIT_M} for an explicit derivation "
                           f"(x1..xm); got {value}; use a symbolic m instead")
    return value


def check_epsilon(eps):
    """Return ``eps`` as a float; a negative ε is refused (√(σ² + ε) could be imaginary).

    >>> from symopt.lecture.batchnorm import check_epsilon
    >>> check_epsilon(1e-5)
    1e-05
    >>> check_epsilon(-1)
    Traceback (most recent call last):
    ...
    symopt.errors.ProblemError: eps (epsilon) must be >= 0 (it keeps sqrt(sigma_B^2 + eps) real and nonzero); got -1
    """
    try:
        value = float(eps)
    except (TypeError, ValueError):
        raise ProblemError(f"eps (epsilon) must be a number >= 0; got {eps!r}") from None
    if not value >= 0:  # also catches nan
        raise ProblemError(f"eps (epsilon) must be >= 0 (it keeps sqrt(sigma_B^2 + eps) real and nonzero); got {eps!r}")
    return value


def batch_symbols(m):
    """The explicit symbols ``(x1..xm, g1..gm)`` of a concrete batch (g_i = ∂ℓ/∂y_i).

    >>> from symopt.lecture.batchnorm import batch_symbols
    >>> batch_symbols(3)
    ((x1, x2, x3), (g1, g2, g3))
    """
    m = check_batch_size(m, explicit=True)
    if m == m_symbol:
        raise ProblemError("m (the batch size) must be a concrete integer here")
    xs = sp.symbols(f"x1:{m + 1}", real=True)
    gs = sp.symbols(f"g1:{m + 1}", real=True)
    return tuple(xs), tuple(gs)


def _concrete_forward(m):
    """Mean, variance, normalized values and outputs of an explicit batch, as expressions."""
    xs, gs = batch_symbols(m)
    mean = sp.Add(*xs) / m
    variance = sp.Add(*[(x - mean) ** 2 for x in xs]) / m
    base = variance + epsilon
    xhat = tuple((x - mean) / sp.sqrt(base) for x in xs)
    ys = tuple(gamma * h + beta for h in xhat)
    return xs, gs, mean, variance, base, xhat, ys


# --- training transform -----------------------------------------------------------------------

def batchnorm_transform(m=None):
    """The training transform y_i = γ x̂_i + β over a minibatch of size ``m`` (symbolic if None).

    Results: ``mean``, ``variance``, ``normalized``, ``output`` and the checks
    ``mean_of_normalized`` (= 0) and ``variance_of_normalized`` (= σ²/(σ²+ε)).

    Examples
    ========
    >>> from symopt.lecture.batchnorm import batchnorm_transform
    >>> d = batchnorm_transform(2)
    >>> d.results["mean"]
    x1/2 + x2/2
    >>> d.results["mean_of_normalized"]
    0
    >>> batchnorm_transform().results["mean_of_normalized"]
    0
    """
    m = check_batch_size(m)
    if m == m_symbol:
        x_i, x_j = _x[_i], _x[_j]
        mean = sp.Sum(x_j, (_j, 1, m)) / m
        variance = sp.Sum((x_j - mu_B) ** 2, (_j, 1, m)) / m
        xhat = (x_i - mu_B) / sp.sqrt(sigma2_B + epsilon)
        y = gamma * xhat + beta
        # Σ_i (x_i − μ_B) = Σ_i x_i − m μ_B, and m μ_B is the same sum: the mean of x̂ is 0.
        centred_sum = sp.Sum(x_i - mu_B, (_i, 1, m)).expand().doit().subs(mu_B, sp.Sum(x_i, (_i, 1, m)) / m)
        mean_hat = sp.simplify(centred_sum / (m * sp.sqrt(sigma2_B + epsilon)))
        var_hat = sp.Sum((x_i - mu_B) ** 2, (_i, 1, m)) / (m * (sigma2_B + epsilon))
        var_hat = var_hat.subs(sp.Sum((x_i - mu_B) ** 2, (_i, 1, m)), m * sigma2_B)
        index_note = "over a minibatch of symbolic size m (i, j = 1..m)"
        x_label = r"x_i"
    else:
        xs, _, mean, variance, base, xhat_all, ys = _concrete_forward(m)
        xhat, y = xhat_all[0], ys[0]
        mean_hat = sp.expand(sp.Add(*xhat_all)) / m
        var_hat = sp.cancel(sp.Add(*[h ** 2 for h in xhat_all]) / m)
        var_hat = var_hat.xreplace({variance: sigma2_B}) if var_hat.has(variance) else \
            _as_ratio_of_variance(var_hat, variance)
        index_note = f"over the explicit minibatch x1..x{m}"
        x_label = r"x_1"
    steps = [
        Step("Minibatch mean", mean, r"\mu_{\mathcal{B}}", index_note, name="mean", key=True, text_lhs="mu_B"),
        Step("Minibatch variance (biased, 1/m)", variance if m == m_symbol else variance.subs(mean, mu_B),
             r"\sigma^2_{\mathcal{B}}", "the mean squared deviation from the minibatch mean",
             name="variance", key=True, text_lhs="sigma_B^2"),
        Step("Normalize", xhat if m == m_symbol else (xs[0] - mu_B) / sp.sqrt(sigma2_B + epsilon),
             r"\hat{x}_i" if m == m_symbol else r"\hat{x}_1",
             r"$\epsilon > 0$ keeps the denominator away from 0", name="normalized", key=True,
             text_lhs="xhat_i" if m == m_symbol else "xhat_1"),
        Step("Scale and shift", y if m == m_symbol else gamma * (xs[0] - mu_B) / sp.sqrt(sigma2_B + epsilon) + beta,
             r"y_i" if m == m_symbol else r"y_1",
             r"$\gamma, \beta$ are learned; $\gamma = \sqrt{\sigma^2_B+\epsilon}$, $\beta = \mu_B$ undo the transform",
             name="output", key=True, final=True, text_lhs="y_i" if m == m_symbol else "y_1"),
        Step("Mean of the normalized values", mean_hat, r"\frac{1}{m}\sum_i \hat{x}_i",
             "substitute the mean; the sum of deviations from the mean is zero", name="mean_of_normalized",
             text_lhs="(1/m) sum xhat_i"),
        Step("Variance of the normalized values", var_hat, r"\frac{1}{m}\sum_i \hat{x}_i^2",
             r"close to 1 when $\sigma^2_B \gg \epsilon$", name="variance_of_normalized",
             text_lhs="(1/m) sum xhat_i^2"),
    ]
    if m != m_symbol:
        steps[1] = Step("Minibatch variance (biased, 1/m)", variance, r"\sigma^2_{\mathcal{B}}",
                        "the mean squared deviation from the minibatch mean", name="variance", key=True,
                        text_lhs="sigma_B^2")
    return Derivation(f"Batch normalization: training transform ({_size(m)})", steps, metadata={"m": m, "x": x_label})


def _as_ratio_of_variance(expression, variance):
    """Write a rational function of the batch as a function of the symbol σ²_B where it is one."""
    candidate = sigma2_B / (sigma2_B + epsilon)
    if sp.expand(sp.cancel(expression - candidate.subs(sigma2_B, variance))) == 0:
        return candidate
    return expression


def _size(m):
    return "symbolic m" if m == m_symbol else f"m = {m}"


# --- unbiased variance ------------------------------------------------------------------------

def _expectation_iid(polynomial, variables, mean, variance):
    """E[p(x_1..x_m)] for iid x_i with E x = mean, Var x = variance (degree ≤ 2 per variable)."""
    poly = sp.Poly(sp.expand(polynomial), *variables)
    moments = {0: sp.Integer(1), 1: mean, 2: variance + mean ** 2}
    total = sp.Integer(0)
    for powers, coefficient in poly.terms():
        term = coefficient
        for p in powers:
            if p not in moments:
                raise ProblemError("expectation needs moments above the second")  # pragma: no cover
            term *= moments[p]
        total += term
    return sp.expand(total)


def unbiased_variance(m=None):
    """E[σ²_B] = (m−1)/m · σ² for iid samples, hence Var[x] = m/(m−1) · E_B[σ²_B].

    For symbolic ``m`` the expectation is taken term by term (E x_i² = σ² + μ², E x̄² = σ²/m + μ²);
    it is checked by expanding the explicit polynomial for m = 2..5. Raises ProblemError for m < 2.

    Examples
    ========
    >>> from symopt.lecture.batchnorm import unbiased_variance
    >>> unbiased_variance().results["correction"]
    m/(m - 1)
    >>> unbiased_variance(3).results["expected_biased_variance"]
    2*sigma**2/3
    """
    m = check_batch_size(m)
    mu, sigma = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)
    steps = [Step("Samples", kind="note",
                  justification=r"$x_1, \dots, x_m$ independent with $\mathbb{E}x_i = \mu$, "
                                r"$\mathrm{Var}\,x_i = \sigma^2$")]
    if m == m_symbol:
        sum_sq = m * (sigma ** 2 + mu ** 2)
        mean_sq = sigma ** 2 / m + mu ** 2
        steps += [
            Step("Expand the sum of squared deviations", sp.Sum(_x[_i] ** 2, (_i, 1, m)) - m * mu_B ** 2,
                 r"\sum_i (x_i-\mu_B)^2", r"$\sum_i x_i = m\mu_B$", text_lhs="sum (x_i - mu_B)^2"),
            Step("Second moments", sum_sq, r"\mathbb{E}\sum_i x_i^2", r"$\mathbb{E}x_i^2 = \sigma^2+\mu^2$",
                 text_lhs="E sum x_i^2"),
            Step("Second moment of the mean", mean_sq, r"\mathbb{E}\mu_B^2",
                 r"$\mathrm{Var}\,\mu_B = \sigma^2/m$ by independence", text_lhs="E mu_B^2"),
        ]
        expected = sp.factor(sp.expand((sum_sq - m * mean_sq) / m))
    else:
        xs, _ = batch_symbols(m)
        mean = sp.Add(*xs) / m
        biased = sp.Add(*[(x - mean) ** 2 for x in xs]) / m
        steps.append(Step("Biased minibatch variance", biased, r"\sigma^2_B", text_lhs="sigma_B^2"))
        expected = sp.factor(_expectation_iid(biased, xs, mu, sigma ** 2))
    steps.append(Step("Expected biased variance", expected, r"\mathbb{E}\,\sigma^2_B",
                      r"it underestimates $\sigma^2$ by the factor $(m-1)/m$", name="expected_biased_variance",
                      key=True, text_lhs="E sigma_B^2"))
    correction = sp.cancel(sigma ** 2 / expected)
    steps.append(Step("Unbiased correction", correction, r"\frac{\sigma^2}{\mathbb{E}\,\sigma^2_B}",
                      "requires m >= 2", name="correction", key=True, text_lhs="sigma^2 / E sigma_B^2"))
    steps.append(Step("Population variance estimate", correction * E_B(sigma2_B),
                      r"\mathrm{Var}[x]", r"average $\sigma^2_B$ over many minibatches, then correct",
                      name="variance_estimate", final=True, text_lhs="Var[x]"))
    tables = ()
    if m == m_symbol:
        rows = []
        for size in CHECK_SIZES:
            xs, _ = batch_symbols(size)
            mean = sp.Add(*xs) / size
            explicit = _expectation_iid(sp.Add(*[(x - mean) ** 2 for x in xs]) / size, xs, mu, sigma ** 2)
            agree = sp.expand(explicit - expected.subs(m, size)) == 0
            rows.append((str(size), sp.sstr(sp.factor(explicit)), "yes" if agree else "NO"))
        tables = (Table("Check against the explicit expansion", ("m", "E sigma_B^2 (explicit)", "agrees"),
                        tuple(rows)),)
    return Derivation(f"Unbiased variance of batch normalization ({_size(m)})", steps, tables, {"m": m})


# --- inference and folding --------------------------------------------------------------------

def batchnorm_inference(features=2, inputs=3):
    """The inference transform and its folding into a preceding affine layer x = W h + b.

    With population statistics E[x], Var[x] (per feature) the transform is affine,
    y = γ/√(Var+ε)·x + (β − γE/√(Var+ε)), so it folds into the layer before it:
    W'_{kj} = γ_k W_{kj}/√(Var_k+ε), b'_k = γ_k (b_k − E_k)/√(Var_k+ε) + β_k. The folding is
    proved on a ``features`` × ``inputs`` layer with symbolic entries (difference = 0).

    Examples
    ========
    >>> from symopt.lecture.batchnorm import batchnorm_inference
    >>> d = batchnorm_inference()
    >>> d.results["inference_difference"], d.results["folding_difference"]
    (0, Matrix([
    [0],
    [0]]))
    """
    for name, value in (("features", features), ("inputs", inputs)):
        if not isinstance(value, int) or not 1 <= value <= 8:
            raise ProblemError(f"{name} must be an integer between 1 and 8; got {value!r}")
    x = sp.Symbol("x", real=True)
    E, V = sp.Symbol("E", real=True), sp.Symbol("V", nonnegative=True)
    scale = gamma / sp.sqrt(V + epsilon)
    normalized_form = gamma * (x - E) / sp.sqrt(V + epsilon) + beta
    affine_form = scale * x + (beta - gamma * E / sp.sqrt(V + epsilon))
    steps = [
        Step("Population statistics", E_B(mu_B), r"\mathbb{E}[x]", "averaged over training minibatches",
             text_lhs="E[x]"),
        Step("Population variance", m_symbol / (m_symbol - 1) * E_B(sigma2_B), r"\mathrm{Var}[x]",
             "unbiased correction (see the unbiased-variance derivation)", text_lhs="Var[x]"),
        Step("Inference transform", normalized_form, r"y", r"normalize with fixed statistics $E = \mathbb{E}[x]$, "
             r"$V = \mathrm{Var}[x]$", name="inference_normalized", text_lhs="y"),
        Step("As an affine map", affine_form, r"y", "the lecture's form: a scale and a shift",
             name="inference", key=True, text_lhs="y"),
        Step("Check", sp.simplify(normalized_form - affine_form), r"\text{difference}", "the two forms agree",
             name="inference_difference", text_lhs="difference"),
    ]
    # folding: x = W h + b feeds the batch-norm layer
    W = sp.Matrix(features, inputs, lambda r, c: sp.Symbol(f"W{r + 1}{c + 1}", real=True))
    b = sp.Matrix(features, 1, lambda r, c: sp.Symbol(f"b{r + 1}", real=True))
    h = sp.Matrix(inputs, 1, lambda r, c: sp.Symbol(f"h{r + 1}", real=True))
    gammas = [sp.Symbol(f"gamma{r + 1}", real=True) for r in range(features)]
    betas = [sp.Symbol(f"beta{r + 1}", real=True) for r in range(features)]
    Es = [sp.Symbol(f"E{r + 1}", real=True) for r in range(features)]
    Vs = [sp.Symbol(f"V{r + 1}", nonnegative=True) for r in range(features)]
    S = sp.diag(*[g / sp.sqrt(v + epsilon) for g, v in zip(gammas, Vs)])
    W_folded = S * W
    b_folded = S * (b - sp.Matrix(Es)) + sp.Matrix(betas)
    pre = W * h + b
    through_bn = sp.Matrix([gammas[r] * (pre[r] - Es[r]) / sp.sqrt(Vs[r] + epsilon) + betas[r]
                            for r in range(features)])
    difference = (through_bn - (W_folded * h + b_folded)).applyfunc(sp.expand)
    kk, jj = sp.symbols("k j", integer=True, positive=True)
    Wi, bi, gi, bti, Ei, Vi = (sp.IndexedBase(n, real=True) for n in ("W", "b", "gamma", "beta", "E", "V"))
    steps += [
        Step("Preceding affine layer", sp.Symbol("W*h + b"), r"x", "batch norm acts on each feature k of x",
             text_lhs="x"),
        Step("Folded weights", gi[kk] * Wi[kk, jj] / sp.sqrt(Vi[kk] + epsilon), r"W'_{kj}",
             "scale row k by the feature's factor", name="folded_weight", key=True, text_lhs="W'_kj"),
        Step("Folded bias", gi[kk] * (bi[kk] - Ei[kk]) / sp.sqrt(Vi[kk] + epsilon) + bti[kk], r"b'_k",
             name="folded_bias", key=True, final=True, text_lhs="b'_k"),
        Step(f"Proof on a {features}x{inputs} layer", difference, r"\mathrm{BN}(Wh+b) - (W'h+b')",
             "expand: every entry cancels", name="folding_difference", text_lhs="BN(W h + b) - (W' h + b')"),
    ]
    return Derivation("Batch normalization at inference and folding into the affine layer", steps,
                      metadata={"W_folded": W_folded, "b_folded": b_folded})


# --- backward pass ----------------------------------------------------------------------------

def compact_backward(m=None):
    """Ioffe & Szegedy's compact gradient ∂ℓ/∂x_i, ∂ℓ/∂γ, ∂ℓ/∂β (symbolic m: Sum over j; μ_B, σ²_B as symbols).

    Returns a dict of expressions with keys ``"dx"``, ``"dgamma"``, ``"dbeta"``; for symbolic m the
    index i is free in ``dx``. For a concrete m, ``dx`` is a tuple over i = 1..m in the explicit symbols.

    >>> from symopt.lecture.batchnorm import compact_backward
    >>> compact_backward()["dbeta"]
    Sum(g[j], (j, 1, m))
    """
    m = check_batch_size(m)
    if m == m_symbol:
        def xhat(index):
            return (_x[index] - mu_B) / sp.sqrt(sigma2_B + epsilon)
        s1 = sp.Sum(_g[_j], (_j, 1, m))
        s2 = sp.Sum(_g[_j] * xhat(_j), (_j, 1, m))
        dx = gamma / (m * sp.sqrt(sigma2_B + epsilon)) * (m * _g[_i] - s1 - xhat(_i) * s2)
        return {"dx": dx, "dgamma": s2, "dbeta": s1}
    xs, gs, _, _, base, xhat, _ = _concrete_forward(m)
    s1 = sp.Add(*gs)
    s2 = sp.Add(*[g * h for g, h in zip(gs, xhat)])
    dx = tuple(gamma / (m * sp.sqrt(base)) * (m * gs[i] - s1 - xhat[i] * s2) for i in range(m))
    return {"dx": dx, "dgamma": s2, "dbeta": s1}


def derived_backward(m):
    """Differentiate ℓ through the explicit transform: ∂ℓ/∂x_i = Σ_j g_j ∂y_j/∂x_i (concrete m).

    >>> from symopt.lecture.batchnorm import derived_backward
    >>> d = derived_backward(2)
    >>> sorted(d)
    ['dbeta', 'dgamma', 'dx']
    """
    m = check_batch_size(m, explicit=True)
    if m == m_symbol:
        raise ProblemError("m (the batch size) must be a concrete integer to differentiate explicitly")
    xs, gs, _, _, _, _, ys = _concrete_forward(m)
    # ℓ enters only through y, so a loss that is linear in y with weights g_i = ∂ℓ/∂y_i has the
    # same first derivatives as any loss: the chain rule needs nothing else.
    loss = sp.Add(*[g * y for g, y in zip(gs, ys)])
    return {"dx": tuple(sp.diff(loss, x) for x in xs), "dgamma": sp.diff(loss, gamma),
            "dbeta": sp.diff(loss, beta)}


def _difference_is_zero(a, b, base):
    """Prove a − b = 0 where both are rational in √(base): write base = s², s > 0, then expand."""
    s = sp.Symbol("s", positive=True)
    return sp.expand((a - b).xreplace({base: s ** 2})) == 0


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
                  r"g_i", r"the loss $\ell$ depends on $x$ only through $y_1, \dots, y_m$", text_lhs="g_i",
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
            Step("Gradient with respect to x_i (Ioffe & Szegedy 2015)", compact_sym["dx"], r"\frac{\partial \ell}{\partial x_i}",
                 r"chain rule through $\mu_B$, $\sigma^2_B$ and $\hat{x}_i$", name="dx", key=True, final=True,
                 text_lhs="dl/dx_i"),
            Step("Gradient with respect to gamma", compact_sym["dgamma"], r"\frac{\partial \ell}{\partial \gamma}",
                 name="dgamma", key=True, text_lhs="dl/dgamma"),
            Step("Gradient with respect to beta", compact_sym["dbeta"], r"\frac{\partial \ell}{\partial \beta}",
                 name="dbeta", key=True, text_lhs="dl/dbeta"),
            Step("Checked against explicit differentiation", all_ok, r"\text{agrees for } m = 2..5",
                 "substitute m, expand the sums, compare with the derived gradient", name="proof",
                 text_lhs="agrees for m = 2..5"),
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
        Step("Loss as seen by the layer", loss, r"\ell", r"to first order; $g_i = \partial\ell/\partial y_i$",
             relation="~", text_lhs="l"),
        Step("Differentiate through the transform", _readable(derived["dx"][0], xs, mean, base),
             r"\frac{\partial \ell}{\partial x_1}",
             r"$\sum_j g_j\,\partial y_j/\partial x_1$ with $y_j = \gamma\hat{x}_j + \beta$ in x1..x" + str(m),
             name="derived_dx1", text_lhs="dl/dx1"),
        Step("Compact form (Ioffe & Szegedy 2015)", compact_sym["dx"].subs({m_symbol: m, _i: 1}), r"\frac{\partial \ell}{\partial x_1}",
             r"$\frac{\gamma}{m\sqrt{\sigma^2_B+\epsilon}}[m g_i - \sum_j g_j - \hat{x}_i\sum_j g_j\hat{x}_j]$",
             name="dx", key=True, final=True, text_lhs="dl/dx1"),
        Step("Derived minus compact, every i, gamma, beta", sp.Integer(0) if proof else sp.Symbol("nonzero"),
             r"\text{difference}", r"write $\sqrt{\sigma^2_B+\epsilon} = s > 0$ and expand", name="difference",
             key=True, text_lhs="difference"),
        Step("Proved", proof, r"\text{derived} \equiv \text{compact}", name="proof", text_lhs="derived == compact"),
        Step("Gradient with respect to gamma", _readable(derived["dgamma"], xs, mean, base),
             r"\frac{\partial \ell}{\partial \gamma}", r"$\sum_i g_i \hat{x}_i$",
             name="dgamma", text_lhs="dl/dgamma"),
        Step("Gradient with respect to beta", derived["dbeta"], r"\frac{\partial \ell}{\partial \beta}",
             r"$\sum_i g_i$", name="dbeta", text_lhs="dl/dbeta"),
    ]
    return Derivation(f"Batch normalization: backward pass (m = {m})", steps,
                      metadata={"m": m, "derived": derived, "compact": compact})


def _readable(expression, xs, mean, base):
    """Show an explicit-batch expression with μ_B and σ²_B as symbols again (display only)."""
    expression = expression.xreplace({base: sigma2_B + epsilon})
    deviations = {}
    for x in xs:
        deviations[sp.expand(x - mean)] = x - mu_B
        deviations[sp.expand(mean - x)] = mu_B - x
        deviations[sp.expand((mean - x) / len(xs))] = (mu_B - x) / len(xs)
    return expression.xreplace(deviations)


def _check_symbolic_against_concrete(compact_sym, size):
    """Substitute m = size into the Sum form, expand, and compare with the explicit derivative."""
    xs, gs, mean, variance, base, xhat, ys = _concrete_forward(size)
    derived = derived_backward(size)
    to_explicit = {}
    for index in range(size):
        to_explicit[_x[index + 1]] = xs[index]
        to_explicit[_g[index + 1]] = gs[index]
    stats = {mu_B: mean, sigma2_B: variance}

    def explicit(expression, i=None):
        value = expression.subs(m_symbol, size)
        if i is not None:
            value = value.subs(_i, i)
        return value.doit().xreplace(to_explicit).xreplace(stats)

    ok = all(_difference_is_zero(derived["dx"][i - 1], explicit(compact_sym["dx"], i), base)
             for i in range(1, size + 1))
    ok &= _difference_is_zero(derived["dgamma"], explicit(compact_sym["dgamma"]), base)
    ok &= _difference_is_zero(derived["dbeta"], explicit(compact_sym["dbeta"]), base)
    return ok


# --- everything at once -----------------------------------------------------------------------

@dataclass(frozen=True)
class BatchNorm:
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

    def to_json(self):
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


# --- numeric (numpy imported lazily: this part sits outside the symbolic layer) ---------------

def _as_batch(x, name="x"):
    import numpy as np
    array = np.asarray(x, dtype=float)
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2:
        raise ProblemError(f"{name} must have shape (m,) or (m, features); got {array.shape}")
    if array.shape[0] < 2:
        raise ProblemError(f"m (the batch size) must be >= 2; {name} has {array.shape[0]} row(s)")
    return array


def eval_batchnorm_forward(x, gamma_value=1.0, beta_value=0.0, eps=1e-5):
    """Training-mode forward pass in float64 over axis 0: returns ``(y, xhat, mean, biased_var)``.

    >>> import numpy as np
    >>> from symopt.lecture.batchnorm import eval_batchnorm_forward
    >>> y, xhat, mean, var = eval_batchnorm_forward(np.array([1.0, 3.0]), eps=0.0)
    >>> y.ravel().tolist(), mean.tolist(), var.tolist()
    ([-1.0, 1.0], [2.0], [1.0])
    """
    import numpy as np
    eps = check_epsilon(eps)
    x = _as_batch(x)
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    xhat = (x - mean) / np.sqrt(var + eps)
    return gamma_value * xhat + beta_value, xhat, mean, var


def eval_batchnorm_backward(x, g, gamma_value=1.0, eps=1e-5):
    """Ioffe & Szegedy's compact backward in float64: returns ``(dx, dgamma, dbeta)`` for upstream gradient ``g``.

    >>> import numpy as np
    >>> from symopt.lecture.batchnorm import eval_batchnorm_backward
    >>> dx, dgamma, dbeta = eval_batchnorm_backward([1.0, 2.0, 4.0], [1.0, 1.0, 1.0])
    >>> np.allclose(dx, 0), dbeta.tolist()
    (True, [3.0])
    """
    import numpy as np
    x = _as_batch(x)
    g = _as_batch(g, "g")
    if g.shape != x.shape:
        raise ProblemError(f"g must have the shape of x {x.shape}; got {g.shape}")
    _, xhat, _, var = eval_batchnorm_forward(x, 1.0, 0.0, eps)
    m = x.shape[0]
    dx = gamma_value / (m * np.sqrt(var + eps)) * (m * g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0))
    return dx, (g * xhat).sum(axis=0), g.sum(axis=0)


def eval_running_statistics(batches):
    """Population statistics from training minibatches: ``(E[x], Var[x])`` with Var = m/(m−1)·mean σ²_B.

    >>> from symopt.lecture.batchnorm import eval_running_statistics
    >>> E, V = eval_running_statistics([[1.0, 3.0], [0.0, 2.0]])
    >>> E.tolist(), V.tolist()
    ([1.5], [2.0])
    """
    import numpy as np
    means, variances, sizes = [], [], set()
    for batch in batches:
        x = _as_batch(batch)
        sizes.add(x.shape[0])
        means.append(x.mean(axis=0))
        variances.append(((x - x.mean(axis=0)) ** 2).mean(axis=0))
    if not means:
        raise ProblemError("batches must hold at least one minibatch")
    if len(sizes) != 1:
        raise ProblemError(f"batches must all have the same size m; got sizes {sorted(sizes)}")
    m = sizes.pop()
    return np.mean(means, axis=0), m / (m - 1) * np.mean(variances, axis=0)


def eval_batchnorm_inference(x, mean, var, gamma_value=1.0, beta_value=0.0, eps=1e-5):
    """Inference transform y = γ/√(Var+ε)·x + (β − γE/√(Var+ε)) in float64.

    >>> from symopt.lecture.batchnorm import eval_batchnorm_inference
    >>> eval_batchnorm_inference([[3.0]], [1.0], [4.0], 2.0, 1.0, eps=0.0).tolist()
    [[3.0]]
    """
    import numpy as np
    eps = check_epsilon(eps)
    x = np.asarray(x, dtype=float)
    scale = gamma_value / np.sqrt(np.asarray(var, dtype=float) + eps)
    return scale * x + (beta_value - scale * np.asarray(mean, dtype=float))


def eval_fold_batchnorm(W, b, gamma_value, beta_value, mean, var, eps=1e-5):
    """Fold inference batch norm into the affine layer before it: returns ``(W', b')``.

    >>> import numpy as np
    >>> from symopt.lecture.batchnorm import eval_fold_batchnorm
    >>> Wf, bf = eval_fold_batchnorm(np.eye(2), np.zeros(2), np.ones(2), np.zeros(2), np.ones(2), np.full(2, 3.0), 1.0)
    >>> Wf.tolist(), bf.tolist()
    ([[0.5, 0.0], [0.0, 0.5]], [-0.5, -0.5])
    """
    import numpy as np
    eps = check_epsilon(eps)
    scale = np.asarray(gamma_value, dtype=float) / np.sqrt(np.asarray(var, dtype=float) + eps)
    W = np.asarray(W, dtype=float)
    return scale[:, None] * W, scale * (np.asarray(b, dtype=float) - mean) + beta_value


def verify_batchnorm_backward(m=4, eps=1e-5, seed=0, tolerance=1e-6, step=1e-6):
    """The symbolically derived gradient (lambdified) against central differences in float64.

    The loss is ℓ = ½Σ(y_i − t_i)² (so g = y − t); inputs, γ, β and t are drawn from a seeded
    generator. Returns the maximal relative errors and ``passed`` (both below ``tolerance``).

    >>> from symopt.lecture.batchnorm import verify_batchnorm_backward
    >>> verify_batchnorm_backward(3)["passed"]
    True
    """
    import numpy as np

    from ..numeric import numpy_function
    m = check_batch_size(m, explicit=True)
    eps = check_epsilon(eps)
    derived = derived_backward(m)
    xs, gs = batch_symbols(m)
    args = [*xs, *gs, gamma, beta, epsilon]
    gradient = numpy_function(args, [*derived["dx"], derived["dgamma"], derived["dbeta"]])
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 2.0, size=m)
    target = rng.normal(size=m)
    gamma_value, beta_value = rng.uniform(0.5, 2.0), rng.normal()

    def loss(xv, gv, bv):
        y, *_ = eval_batchnorm_forward(xv, gv, bv, eps)
        return 0.5 * np.sum((y.ravel() - target) ** 2)

    y, *_ = eval_batchnorm_forward(x, gamma_value, beta_value, eps)
    g = y.ravel() - target
    symbolic = np.array(gradient(*x, *g, gamma_value, beta_value, eps), dtype=float)
    params = np.concatenate([x, [gamma_value, beta_value]])
    fd = np.empty_like(params)
    for index in range(params.size):
        up, down = params.copy(), params.copy()
        up[index] += step
        down[index] -= step
        fd[index] = (loss(up[:m], up[m], up[m + 1]) - loss(down[:m], down[m], down[m + 1])) / (2 * step)
    dx, dgamma, dbeta = eval_batchnorm_backward(x, g, gamma_value, eps)
    compact = np.concatenate([dx.ravel(), dgamma, dbeta])
    scale = np.maximum(np.abs(symbolic), 1e-3 * np.max(np.abs(symbolic)))
    fd_error = float(np.max(np.abs(symbolic - fd) / scale))
    compact_error = float(np.max(np.abs(symbolic - compact) / scale))
    return {"m": m, "eps": eps, "seed": seed, "tolerance": tolerance, "fd_relative_error": fd_error,
            "compact_relative_error": compact_error,
            "passed": bool(fd_error < tolerance and compact_error < tolerance)}


__all__ = ["BatchNorm", "batch_normalization", "batchnorm_transform", "unbiased_variance", "batchnorm_inference",
           "batchnorm_backward", "compact_backward", "derived_backward", "batch_symbols", "check_batch_size",
           "check_epsilon", "eval_batchnorm_forward", "eval_batchnorm_backward", "eval_running_statistics",
           "eval_batchnorm_inference", "eval_fold_batchnorm", "verify_batchnorm_backward"]
