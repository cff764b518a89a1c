"""A closed form evaluated on the whole grid at once: k = 0..steps down, parameter columns across.

The closed form is lambdified once and called with k as a column and the
parameters as rows (numpy broadcasting). Powers B**(a·k + c) of a parameter-
dependent base may be taken by blocks instead of one ``pow`` per entry
(``fast_powers``). Complex characteristic roots are evaluated in complex
arithmetic and the real part kept, with the largest relative imaginary part reported.
"""

import math

import numpy as np
import sympy as sp

from ..problem import k as COUNTER
from ..values import to_sympy
from .accuracy import TINY
from .lambdify import numpy_function


def eval_closed_form(closed_form, parameters, grid, steps, counter=COUNTER, complex_values=False, fast_powers=False):
    """The closed form at k = 0..steps for every parameter column at once: array (steps + 1, state, columns).

    Returns ``(values, largest relative imaginary part)``; complex arithmetic is used
    when ``complex_values`` (complex characteristic roots), and the real part is kept.
    ``fast_powers`` is passed to :func:`eval_closed_form_arrays`.

    >>> import numpy as np, sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.numeric.closed_form_values import eval_closed_form
    >>> b = sp.Symbol('b', positive=True)
    >>> values, _ = eval_closed_form([(1 - b)**k], (b,), {b: np.array([0.5, 1.0])}, 2)
    >>> values[:, 0, :]
    array([[1.  , 1.  ],
           [0.5 , 0.  ],
           [0.25, 0.  ]])
    """
    dtype = complex if complex_values else float
    arrays = eval_closed_form_arrays(closed_form, parameters, grid, steps, counter, dtype, fast_powers)
    stacked = np.stack(arrays, axis=1)
    imaginary = 0.0
    if complex_values:
        magnitude = np.abs(stacked)
        finite = np.isfinite(magnitude) & (magnitude > TINY)
        if finite.any():
            imaginary = float(np.max(np.abs(stacked.imag)[finite] / magnitude[finite]))
        stacked = stacked.real
    return np.asarray(stacked, dtype=float), imaginary


def eval_closed_form_arrays(closed_form, parameters, grid, steps, counter=COUNTER, dtype=float, fast_powers=True):
    """One array (steps + 1, columns) per closed-form entry: k = 0..steps down, parameter columns across.

    With ``fast_powers`` every power B**(a·k + c) of a parameter-dependent base is
    taken on the whole k-grid by blocks: with m ≈ √steps, B^(qm + r) = (B^m)^q · B^r,
    so each entry costs one multiplication instead of a ``pow`` (about 2 ulp of
    error, no accumulation in k), and the lambdified closed form receives the
    result as an argument.

    >>> import numpy as np, sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.numeric.closed_form_values import eval_closed_form_arrays
    >>> b = sp.Symbol('b', positive=True)
    >>> eval_closed_form_arrays([(-1)**k*(1 - b)**k], (b,), {b: np.array([0.5, 1.0])}, 2)[0]
    array([[ 1.  ,  1.  ],
           [-0.5 , -0.  ],
           [ 0.25,  0.  ]])
    """
    expressions = [to_sympy(c) for c in closed_form]
    columns = len(next(iter(grid.values()))) if grid else 1
    kk = np.arange(steps + 1, dtype=dtype)[:, None]
    values = [np.asarray(grid[p], dtype=dtype)[None, :] for p in parameters]
    placeholders, bases = [], []
    if fast_powers:
        expressions, placeholders, bases = _grid_power_placeholders(expressions, counter, parameters)
    function = numpy_function([counter] + list(parameters) + placeholders, expressions)
    powers = []
    for base in bases:
        with np.errstate(all="ignore"):
            sampled = numpy_function(list(parameters), base)(*[v[0] for v in values])
        powers.append(_blocked_powers(np.broadcast_to(np.asarray(sampled, dtype=dtype), (columns,)), steps))
    with np.errstate(all="ignore"):
        outputs = function(kk, *values, *powers)
    return [np.broadcast_to(np.asarray(o, dtype=dtype), (steps + 1, columns)) for o in outputs]


def _grid_power_placeholders(expressions, counter, parameters):
    table = {}

    def rewrite(node):
        if isinstance(node, sp.Pow) and node.exp.has(counter) and not node.base.has(counter) \
                and node.base.free_symbols and node.base.free_symbols <= set(parameters):
            exponent = sp.expand(node.exp)
            a = exponent.coeff(counter)
            c = sp.expand(exponent - a * counter)
            if a.is_Integer and a != 0 and c.is_Integer and not c.has(counter):
                base = node.base ** a
                symbol = table.setdefault(base, sp.Symbol(f"grid_power_{len(table)}"))
                return symbol * node.base ** c if c != 0 else symbol
        return node

    rewritten = [sp.bottom_up(e, rewrite, atoms=True) for e in expressions]
    return rewritten, list(table.values()), list(table.keys())


def _blocked_powers(base, steps):
    """``base ** k`` for k = 0..steps as an array (steps + 1, columns), one product per entry."""
    m = max(1, int(math.isqrt(steps + 1)))
    blocks = (steps + m) // m
    with np.errstate(all="ignore"):
        low = base[None, :] ** np.arange(m, dtype=float)[:, None]
        high = base[None, :] ** (m * np.arange(blocks, dtype=float))[:, None]
        full = (high[:, None, :] * low[None, :, :]).reshape(blocks * m, -1)
    return full[: steps + 1]


__all__ = ["eval_closed_form", "eval_closed_form_arrays"]
