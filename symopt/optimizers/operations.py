"""Vector operations of numeric runs: float64 batches in numpy, arbitrary precision in mpmath.

An optimizer's update rule is written once against a small vector interface
(:class:`~symopt.optimizers.base.SympyOps` is its symbolic twin). Here vectors are
arrays of shape ``(batch, n)``, one run per row, and hyperparameter values are
scalars or arrays of shape ``(batch, 1)``: :class:`NumpyOps` in float64,
:class:`MpmathOps` on object arrays of mpmath numbers.
"""

import sys

import numpy as np

#: Arrays of at least this many numbers are overwritten in place when no one else refers to them.
IN_PLACE_SIZE = 1 << 15
# reference counts tell a temporary from a named array only where call arguments are counted references
# (CPython before 3.14 borrows stack references)
_COUNTED_REFERENCES = sys.implementation.name == "cpython" and sys.version_info < (3, 14)


def _scratch(a, references):
    """``a`` itself if it is a large float64 temporary (``references`` counts the caller's own), else None.

    numpy reuses the memory of temporaries in ``a + b`` expressions, but not of arrays that pass through
    a function call; the ops below do it themselves, so that an update rule written once allocates no
    more than the same rule written inline. The arithmetic is unchanged: only where the result goes.
    """
    if _COUNTED_REFERENCES and type(a) is np.ndarray and a.dtype == np.float64 and a.size >= IN_PLACE_SIZE \
            and sys.getrefcount(a) <= references + 2:  # + this function's parameter and getrefcount's argument
        return a
    return None


class NumpyOps:
    """Vector operations on float64 arrays of shape ``(batch, n)``.

    A large temporary argument (one that nothing else refers to) receives the result in place.

    >>> import numpy as np
    >>> NumpyOps().scalar_div(1.0, np.array([[2.0, 4.0]]))
    array([[0.5 , 0.25]])
    """

    def __init__(self):
        self.singular = None

    # each op's temporaries hold two references: the caller's expression and the parameter
    @staticmethod
    def mul(a, b):
        return np.multiply(a, b, out=_scratch(a, 2) if _scratch(b, 2) is None else b)

    @staticmethod
    def div(a, b):
        return np.divide(a, b, out=_scratch(a, 2) if _scratch(b, 2) is None else b)

    @staticmethod
    def sqrt(a):
        return np.sqrt(a, out=_scratch(a, 2))

    @staticmethod
    def scalar_div(c, a):
        return np.divide(c, a, out=_scratch(a, 2))

    @staticmethod
    def add_scalar(c, a):
        return np.add(c, a, out=_scratch(a, 2))

    @staticmethod
    def zeros_like(a):
        return np.zeros_like(a)

    @staticmethod
    def power(c, k):
        return c ** k

    def solve(self, H, g):
        """Solve H x = g per run (H of shape (batch, n, n), or one (n, n) matrix shared by every run).

        Runs with a singular H get NaN and are flagged in ``self.singular``.
        """
        self.singular = None
        if H.ndim == 2:  # a constant Hessian: one inverse for the whole batch and every step
            key = H.tobytes()
            if getattr(self, "_inverse", (None,))[0] != key:
                try:
                    self._inverse = (key, np.linalg.inv(H).T)
                except np.linalg.LinAlgError:
                    self._inverse = (key, None)
            if self._inverse[1] is None:
                self.singular = np.ones(len(g), dtype=bool)
                return np.full_like(g, np.nan)
            return g @ self._inverse[1]
        try:
            return np.linalg.solve(H, g[..., None])[..., 0]
        except np.linalg.LinAlgError:
            singular = ~np.isfinite(np.linalg.cond(H)) | (np.linalg.det(H) == 0)
            safe = np.where(singular[:, None, None], np.eye(H.shape[-1]), H)
            try:
                x = np.linalg.solve(safe, g[..., None])[..., 0]
            except np.linalg.LinAlgError:  # non-finite entries: give up on every run of this step
                singular = np.ones(len(H), dtype=bool)
                x = np.zeros_like(g)
            x[singular] = np.nan
            self.singular = singular
            return x

    @staticmethod
    def norm_sq(a):
        return np.einsum("ij,ij->i", a, a)


class MpmathOps(NumpyOps):
    """Vector operations on object arrays of mpmath numbers (call inside ``mpmath.workdps``)."""

    def __init__(self):
        import mpmath
        super().__init__()
        self.mpmath = mpmath
        self._sqrt = np.frompyfunc(mpmath.sqrt, 1, 1)

    def sqrt(self, a):
        return self._sqrt(a)

    def zeros_like(self, a):
        return np.full(a.shape, self.mpmath.mpf(0), dtype=object)

    def solve(self, H, g):
        mp = self.mpmath
        out = np.empty(g.shape, dtype=object)
        singular = np.zeros(len(g), dtype=bool)
        for i in range(len(g)):
            try:
                out[i] = list(mp.lu_solve(mp.matrix(H[i].tolist()), mp.matrix(g[i].tolist())))
            except ZeroDivisionError:
                singular[i] = True
                out[i] = [mp.nan] * g.shape[1]
        self.singular = singular if singular.any() else None
        return out

    @staticmethod
    def norm_sq(a):
        return np.sum(a * a, axis=1)


__all__ = ["IN_PLACE_SIZE", "MpmathOps", "NumpyOps"]
