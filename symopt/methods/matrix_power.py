"""W^k as a derivation with three-way verification: the lecture's long-term dependencies (Goodfellow et al. §8.2.5)."""

import sympy as sp

from ..budget import DEFAULT_SECONDS
from ..derivation import Step
from ..errors import ProblemError
from ..problem import k as COUNTER
from ..quantities import MaxOver, Sub
from ..sequences import matrix_power
from ..verify import DEFAULT_STEPS, Recurrence, verify
from .base import MethodResult, closed_form_name, exact_value
from ..values import to_sympy

METHOD = "matrix-power"
W_, LAMBDA, I = sp.symbols("W lambda i")


def entry_name(i, j):
    """The closed-form key of entry (i, j), 1-based: ``W_12``."""
    return f"W_{i + 1}{j + 1}" if max(i, j) < 9 else f"W_{i + 1}_{j + 1}"


def derive_matrix_power(matrix, domains=(), parameter_values=None, steps=DEFAULT_STEPS, verify_result=True,
                        seconds=DEFAULT_SECONDS):
    """W^k = V diag(λ)^k V⁻¹ (Jordan form when defective), modes labelled, verified against W·W^k.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.methods.matrix_power import derive_matrix_power
    >>> r = derive_matrix_power(sp.Matrix([[0, 1], [1, 0]]), verify_result=False)
    >>> r.closed_form["W_11"], [m.label for m in r.extras["modes"]]
    ((-1)**k/2 + 1/2, ['neutral', 'neutral'])
    """
    W = sp.Matrix(matrix).applyfunc(exact_value)  # 0.9 -> 9/10: exact eigenvalues, a true 50-digit check
    if any(entry.is_real is False for entry in W):
        raise ProblemError("matrix-power takes real matrices (its numeric verification runs in real arithmetic); "
                           "this one has a non-real entry")
    domain_map = {d.name: d for d in domains}
    power = matrix_power(W, COUNTER, domain_map, seconds)
    n = W.rows
    names = [entry_name(i, j) for i in range(n) for j in range(n)]
    radius = [m.modulus for m in power.modes]
    rate = radius[0] if len(set(radius)) == 1 else sp.Max(*radius)
    steps_list = list(power.derivation.steps)
    steps_list += [Step(f"Entry ({i + 1}, {j + 1})", power.power[i, j], Sub(W_ ** COUNTER, i + 1, j + 1),
                        name=closed_form_name(entry_name(i, j)))
                   for i in range(n) for j in range(n)]
    steps_list.append(Step("Spectral radius", rate, MaxOver(sp.Abs(Sub(LAMBDA, I)), I), "W^k grows or vanishes like "
                           "this to the k-th power (times a polynomial in k for Jordan blocks)", name="rate", key=True))
    labels = {m.label for m in power.modes}
    if "exploding" in labels or "vanishing" in labels:
        steps_list.append(Step("Long-term dependencies", kind="note", justification=(
            "components along eigenvectors with |λ| < 1 vanish and those with |λ| > 1 explode as k grows "
            "(the lecture: W^t = V diag(λ)^t V⁻¹)")))
    derivation = power.derivation.__class__(power.derivation.title, steps_list)
    verification = None
    if verify_result:
        state = [sp.Symbol(f"m_{i}_{j}", real=True) for i in range(n) for j in range(n)]
        X = sp.Matrix(n, n, state)
        update = list(W * X)
        recurrence = Recurrence(state, update)
        verification = verify(recurrence, list(power.power), list(sp.eye(n)), COUNTER, parameter_values,
                              domain_map, steps, seconds=seconds,
                              complex_values=any(not to_sympy(m.eigenvalue).is_real for m in power.modes))
        derivation = derivation.extend(tables=[verification.table()])
    return MethodResult(METHOD, None, {}, derivation, tuple(names), verification,
                        {"modes": power.modes, "power": power})


__all__ = ["derive_matrix_power", "entry_name"]
