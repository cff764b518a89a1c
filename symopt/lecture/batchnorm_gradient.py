"""The gradient of batch normalization two ways, and the exact test that they agree.

Ioffe & Szegedy's compact formula (for a symbolic m as a ``Sum``), the derivative of the loss
through the explicit transform of a concrete minibatch, and the proof that their difference is 0:
with √(σ²_B+ε) written as a positive symbol s, both are rational and the difference expands to 0.
"""

import sympy as sp

from ..errors import ProblemError
from .batchnorm_forward import (_concrete_forward, _g, _i, _j, _x, beta, check_batch_size, epsilon, gamma, m_symbol,
                                mu_B, sigma2_B)


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
