"""Batch normalization forward (Ioffe & Szegedy 2015): the training transform, the unbiased variance, and
inference folded into an affine layer — derived symbolically, never with numpy.

Two sizes of minibatch are handled: a **symbolic** size ``m`` (``sympy.Sum`` over ``IndexedBase``
entries ``x[i]``) and a **concrete** size (explicit symbols ``x1 … xm``). The symbols and input
checks here are shared by :mod:`~symopt.lecture.batchnorm_backward` and the float64 reference.
"""

import sympy as sp

from ..assumptions import Domain
from ..derivation import Derivation, Step, Table
from ..errors import ProblemError
from ..quantities import Call, Difference, Expectation, Hat, Named, Operator, Prime, SumOver, Sub

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
# the names in the steps' labels: x, y, x̂, σ²_B and Var
_X, _Y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
_XHAT = Hat(_X)
_SIGMA2_B = sigma2_B
_VAR = Operator("Var")


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
    Domain("m", lower=2, integer=True).require(
        value, "m (the batch size)", "{name} must be an integer {condition}: the unbiased variance "
        "m/(m-1)*E[sigma_B^2] divides by m - 1; got {value}")
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
    Domain("eps", lower=0).require(
        eps, "eps (epsilon)",
        "{name} must be {condition} (it keeps sqrt(sigma_B^2 + eps) real and nonzero); got {value!r}",
        not_number="{name} must be a number {condition}; got {value!r}")
    return float(eps)


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
    index = _i if m == m_symbol else 1
    steps = [
        Step("Minibatch mean", mean, mu_B, index_note, name="mean", key=True),
        Step("Minibatch variance (biased, 1/m)", variance if m == m_symbol else variance.subs(mean, mu_B),
             _SIGMA2_B, "the mean squared deviation from the minibatch mean", name="variance", key=True),
        Step("Normalize", xhat if m == m_symbol else (xs[0] - mu_B) / sp.sqrt(sigma2_B + epsilon), Sub(_XHAT, index),
             r"$\epsilon > 0$ keeps the denominator away from 0", name="normalized", key=True),
        Step("Scale and shift", y if m == m_symbol else gamma * (xs[0] - mu_B) / sp.sqrt(sigma2_B + epsilon) + beta,
             Sub(_Y, index),
             r"$\gamma, \beta$ are learned; $\gamma = \sqrt{\sigma^2_B+\epsilon}$, $\beta = \mu_B$ undo the transform",
             name="output", key=True, final=True),
        Step("Mean of the normalized values", mean_hat, SumOver(Sub(_XHAT, _i), _i) / m_symbol,
             "substitute the mean; the sum of deviations from the mean is zero", name="mean_of_normalized"),
        Step("Variance of the normalized values", var_hat, SumOver(Sub(_XHAT, _i) ** 2, _i) / m_symbol,
             r"close to 1 when $\sigma^2_B \gg \epsilon$", name="variance_of_normalized"),
    ]
    if m != m_symbol:
        steps[1] = Step("Minibatch variance (biased, 1/m)", variance, _SIGMA2_B,
                        "the mean squared deviation from the minibatch mean", name="variance", key=True)
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
                 SumOver(Difference(_x[_i], mu_B) ** 2, _i), r"$\sum_i x_i = m\mu_B$"),
            Step("Second moments", sum_sq, Expectation(SumOver(_x[_i] ** 2, _i)),
                 r"$\mathbb{E}x_i^2 = \sigma^2+\mu^2$"),
            Step("Second moment of the mean", mean_sq, Expectation(mu_B ** 2),
                 r"$\mathrm{Var}\,\mu_B = \sigma^2/m$ by independence"),
        ]
        expected = sp.factor(sp.expand((sum_sq - m * mean_sq) / m))
    else:
        xs, _ = batch_symbols(m)
        mean = sp.Add(*xs) / m
        biased = sp.Add(*[(x - mean) ** 2 for x in xs]) / m
        steps.append(Step("Biased minibatch variance", biased, _SIGMA2_B))
        expected = sp.factor(_expectation_iid(biased, xs, mu, sigma ** 2))
    steps.append(Step("Expected biased variance", expected, Expectation(_SIGMA2_B),
                      r"it underestimates $\sigma^2$ by the factor $(m-1)/m$", name="expected_biased_variance",
                      key=True))
    correction = sp.cancel(sigma ** 2 / expected)
    steps.append(Step("Unbiased correction", correction, sigma ** 2 / Expectation(_SIGMA2_B),
                      "requires m >= 2", name="correction", key=True))
    steps.append(Step("Population variance estimate", correction * E_B(sigma2_B),
                      Call(_VAR, _X), r"average $\sigma^2_B$ over many minibatches, then correct",
                      name="variance_estimate", final=True))
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
        Step("Population statistics", E_B(mu_B), Expectation(x), "averaged over training minibatches"),
        Step("Population variance", m_symbol / (m_symbol - 1) * E_B(sigma2_B), Call(_VAR, x),
             "unbiased correction (see the unbiased-variance derivation)"),
        Step("Inference transform", normalized_form, _Y, r"normalize with fixed statistics $E = \mathbb{E}[x]$, "
             r"$V = \mathrm{Var}[x]$", name="inference_normalized"),
        Step("As an affine map", affine_form, _Y, "the lecture's form: a scale and a shift",
             name="inference", key=True),
        Step("Check", sp.simplify(normalized_form - affine_form), Named("difference"), "the two forms agree",
             name="inference_difference"),
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
    # the layer by name: W and h do not commute (a matrix times a vector), W' and b' are the folded W and b
    W_name, h_name, b_name = sp.Symbol("W", commutative=False), sp.Symbol("h", commutative=False), sp.Symbol("b")
    steps += [
        Step("Preceding affine layer", sp.Symbol("W") * sp.Symbol("h") + sp.Symbol("b"), x, "batch norm acts on each feature k of x"),
        Step("Folded weights", gi[kk] * Wi[kk, jj] / sp.sqrt(Vi[kk] + epsilon), Sub(Prime(W_name), kk, jj),
             "scale row k by the feature's factor", name="folded_weight", key=True),
        Step("Folded bias", gi[kk] * (bi[kk] - Ei[kk]) / sp.sqrt(Vi[kk] + epsilon) + bti[kk], Sub(Prime(b_name), kk),
             name="folded_bias", key=True, final=True),
        Step(f"Proof on a {features}x{inputs} layer", difference,
             Difference(Call(Operator("BN"), W_name * h_name + b_name), Prime(W_name) * h_name + Prime(b_name)),
             "expand: every entry cancels", name="folding_difference"),
    ]
    return Derivation("Batch normalization at inference and folding into the affine layer", steps,
                      metadata={"W_folded": W_folded, "b_folded": b_folded})
