"""How far a closed form is from its run: normwise relative errors, and how they grow with k.

The error at step k is ‖closed − run‖∞ over the state, relative to the larger of
the two norms with a floor for states that pass through 0 (see
:func:`_scale_floor`). Entries whose iterates fall below :data:`TINY` (their
squares underflow, so even the float64 iteration is wrong there) or are not
finite carry no relative information: they are NaN, excluded and counted by the
caller, never hidden.
"""

import numpy as np

#: float64 iterates below this carry no relative information: squares such as gᵀg underflow
#: (the smallest normal float64 is 2.2e-308), so the iteration itself is wrong there.
TINY = 1e-150


def relative_errors(closed, run):
    """Normwise relative error per (k, column); NaN where no relative information exists."""
    # max-norm over the state: squaring (the 2-norm) would underflow to 0 for |x| < 1e-154
    with np.errstate(invalid="ignore"):
        difference = np.max(np.abs(closed - run), axis=1)
        scale = np.maximum(np.max(np.abs(run), axis=1), np.max(np.abs(closed), axis=1))
        own = scale
        scale = np.maximum(scale, _scale_floor(np.max(np.abs(run), axis=1)))
    with np.errstate(all="ignore"):
        error = difference / scale
    error = np.where(scale == 0, 0.0, error)
    invalid = ~np.isfinite(error) | ((own < TINY) & (own > 0)) | ~np.isfinite(scale)
    return np.where(invalid, np.nan, error)


def _scale_floor(norms):
    """A state that passes through 0 (a start at the origin, x* elsewhere) has no relative scale of its
    own: the closed form x* + Σ c λ^k cancels to rounding there. The floor per column is
    min(‖x_last‖, max(‖x_0‖, ‖x_1‖)): the size of the limit for a convergent run, never more than the
    start's size for a divergent one, about 0 for a run decaying to 0; and at least the running maximum
    max_{j<=k} ‖x_j‖ (returned per k)."""
    norms = np.asarray(norms, dtype=float)
    if norms.shape[0] < 2:
        return np.zeros(norms.shape)
    with np.errstate(invalid="ignore"):
        floor = np.minimum(norms[-1], np.maximum(norms[0], norms[1]))
        floor = np.where(np.isfinite(floor), floor, 0.0)
        # rounding in a contracting iteration is bounded by u·max_{j<=k} ‖x_j‖, not u·‖x_k‖: from an
        # eigenvector start the rounding excites a slower mode the exact run does not have
        running = np.fmax.accumulate(np.where(np.isfinite(norms), norms, 0.0), axis=0)
    return np.maximum(running, floor[None, ...])


def growth(errors, steps):
    checkpoints = sorted(set(max(1, steps * f // 8) for f in (1, 2, 4, 8)))
    growth = []
    for point in checkpoints:
        window = errors[: point + 1]
        if np.isfinite(window).any():
            growth.append((int(point), float(np.nanmax(window))))
    return tuple(growth)


__all__ = ["TINY", "growth", "relative_errors"]
