"""Parameter values for numeric runs: samples inside a parameter's domain, and grids of them.

A symbolic parameter (b with 0 < b ≤ 1, a step size ε > 0) is run numerically at
a few float values chosen inside its domain, open ends avoided. Several
parameters are combined into a grid of columns, one run per column. numpy is
imported inside the functions: symbolic modules (the zero test, the methods)
import this module, and only those that actually sample pay for numpy.
"""

import itertools

import sympy as sp


def sample_values(symbol, domain=None, count=6):
    """``count`` float values of a parameter inside its domain (both ends avoided when open).

    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> from symopt.numeric.samples import sample_values
    >>> sample_values(sp.Symbol('b', positive=True), Domain('b', 0, True, 1, False), 4)
    [0.05, 0.36666666666666664, 0.6833333333333333, 1.0]
    """
    import numpy as np
    lower = upper = None
    lower_open = upper_open = True
    if domain is not None:
        if domain.lower is not None:
            lower, lower_open = float(domain.lower), domain.lower_open
        if domain.upper is not None:
            upper, upper_open = float(domain.upper), domain.upper_open
    if lower is None and (symbol.is_positive or symbol.is_nonnegative):
        lower, lower_open = 0.0, True
    if lower is not None and upper is not None:
        width = upper - lower
        a = lower + (0.05 * width if lower_open else 0.0)
        b = upper - (0.05 * width if upper_open else 0.0)
        values = np.linspace(a, b, count)
    elif lower is not None:
        values = lower + np.geomspace(0.1, 10.0, count)
    elif upper is not None:
        values = upper - np.geomspace(0.1, 10.0, count)
    else:
        values = np.linspace(-2.0, 2.0, count + (count % 2 == 1))[: count]
        values = values[values != 0] if len(values) > 1 else values
    if domain is not None and domain.integer:
        values = np.unique(np.round(values))
    return [float(v) for v in values]


def parameter_grid(parameters, values=None, domain_map=None, columns=60, zipped=False):
    """``({symbol: float array}, number of columns)``: given values (scalars or arrays) and samples, as a grid.

    At most about ``columns`` combinations are formed (fewer samples per parameter
    when there are many parameters). With ``zipped`` the given arrays are already
    columns (equal lengths, one entry per combination) and are used as they are.

    >>> import sympy as sp
    >>> from symopt.numeric.samples import parameter_grid
    >>> a, b = sp.symbols('a b')
    >>> grid, total = parameter_grid((a, b), {'a': [1, 2], 'b': 3})
    >>> total, grid[a].tolist(), grid[b].tolist()
    (2, [1.0, 2.0], [3.0, 3.0])
    """
    import numpy as np
    values = {(key if isinstance(key, str) else key.name): v for key, v in (values or {}).items()}
    if zipped and all(p.name in values for p in parameters) and parameters:
        arrays = {p: np.atleast_1d(np.asarray(_to_float(values[p.name]), dtype=float)) for p in parameters}
        size = max(len(a) for a in arrays.values())
        return {p: np.broadcast_to(a, (size,)).copy() for p, a in arrays.items()}, size
    domain_map = domain_map or {}
    lists = []
    free = [p for p in parameters if p.name not in values]
    per = max(2, int(round(columns ** (1.0 / max(len(free), 1))))) if free else 1
    for p in parameters:
        if p.name in values:
            given = np.atleast_1d(np.asarray(_to_float(values[p.name]), dtype=float))
            lists.append([float(v) for v in given])
        else:
            lists.append(sample_values(p, domain_map.get(p.name), per))
    combos = list(itertools.product(*lists)) if lists else [()]
    return {p: np.array([c[i] for c in combos], dtype=float) for i, p in enumerate(parameters)}, len(combos)


def grid_values(grid, parameters):
    """``{name: sorted distinct values}`` of each parameter on a grid (what a verification reports it ran over)."""
    import numpy as np
    return {p.name: [float(v) for v in np.unique(grid[p])] for p in parameters}


def _to_float(value):
    if isinstance(value, sp.Basic):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_to_float(v) for v in value]
    return value


__all__ = ["grid_values", "parameter_grid", "sample_values"]
