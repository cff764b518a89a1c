"""Batch normalization in float64: the reference the symbolic derivations are checked against.

The same formulas as :mod:`~symopt.lecture.batchnorm_forward` and
:mod:`~symopt.lecture.batchnorm_gradient` written for arrays (``eval_*``), and the derived gradient,
lambdified, against central finite differences (``verify_*``). numpy is imported inside each
function, so importing this module loads no numpy.
"""

from ..errors import ProblemError
from .batchnorm_gradient import derived_backward
from .batchnorm_forward import batch_symbols, beta, check_batch_size, check_epsilon, epsilon, gamma


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
