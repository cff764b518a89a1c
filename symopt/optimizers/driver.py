"""The loop of a numeric run: the steps, the stopping rules, and what each run's record says.

Every run of a batch ends with one status (:data:`symopt.numeric.trajectory.STATUSES`):

* ``converged``: ‖∇f(θ_k)‖ ≤ tolerance, or, without a tolerance, ∇f(θ_k) = 0 exactly
  (the gradient at Nesterov's look-ahead point counts when it is θ itself, v = 0);
* ``diverged``: θ_k is not finite or its norm exceeds the bound;
* ``invalid``: f(θ_k) or ∇f(θ_k) is not a real number (NaN, ±inf, complex: a point
  outside the domain of f, a pole, or a float64 overflow);
* ``singular``: Newton's system at θ_k has a singular Hessian;
* ``max_steps``: none of these within the steps allowed.

``failed_at`` is the step at which a run diverged, became invalid or met a singular
Hessian. A diverged or singular run is frozen at its last valid iterate; an invalid
run keeps the iterate where f or ∇f stopped being real as its last record (its f or
‖∇f‖ is null), so that the user sees where it left the domain.

Speed: a float64 run without a tolerance checks divergence and exact zeros every
:data:`CHECK_EVERY` steps; when a check finds runs that diverged or reached ∇f = 0,
the driver replays just those runs from the snapshot of the last check, step by
step with every check, so the step reported is exact and the arithmetic identical.
(Non-finite iterates stay non-finite and a zero gradient of a memoryless method
stays zero, so a check at the end of a window sees them; a momentum method passing
through ∇f = 0 between two checks, or an iterate that leaves the bound and returns
within one window, is not stopped.) The gradient of each step is
written into one preallocated buffer.
"""

import math

import numpy as np

from .base import Optimizer

#: A float64 run without tolerance checks divergence and exact zeros every this many steps.
CHECK_EVERY = 32


class Outcome:
    """Per-run results of the driver: final iterate, steps taken, status, reason, failed_at."""

    def __init__(self, batch, n, steps, dtype):
        self.final = np.empty((batch, n), dtype=dtype)
        self.taken = np.full(batch, steps, dtype=np.int64)
        self.failed_at = np.full(batch, -1, dtype=np.int64)
        self.status = np.full(batch, "max_steps", dtype=object)
        self.reason = [f"reached the maximum of {steps} steps"] * batch


class _Replay(Exception):
    """Raised inside a fast window when a check found something: replay the window step by step."""


def drive(optimizer, obj, theta, h, steps, *, ops, epsilons=None, tolerance=None, clip=None, bound=1e100, every=1,
          precision=None):
    """Run the batch; return ``(iterates, recorded_steps, outcome, objective of the whole batch)``.

    ``epsilons`` are the scheduled learning rates of steps 1, 2, ... (or None), ``every`` the
    recording interval (None: only start and end), ``precision`` None for float64.
    """
    return _Driver(optimizer, obj, theta, h, steps, ops=ops, epsilons=epsilons, tolerance=tolerance, clip=clip,
                   bound=bound, every=every, precision=precision).run()


class _Driver:
    def __init__(self, optimizer, obj, theta, h, steps, *, ops, epsilons, tolerance, clip, bound, every, precision):
        self.optimizer, self.ops, self.steps, self.epsilons = optimizer, ops, steps, epsilons
        self.tolerance, self.clip, self.bound = tolerance, clip, bound
        self.mp = precision is not None
        batch, n = theta.shape
        dtype = object if self.mp else float
        recorded = list(range(0, steps + 1, every)) if every else [0]
        if recorded[-1] != steps:
            recorded.append(steps)
        self.recorded = recorded
        self.slot = {s: j for j, s in enumerate(recorded)}
        self.iterates = np.empty((len(recorded), batch, n), dtype=dtype)
        self.iterates[0] = theta
        self.outcome = Outcome(batch, n, steps, dtype)
        self.batch = batch
        self.everything = obj
        self.active = np.arange(batch)
        self.ghost = np.zeros(batch, dtype=bool)  # runs that ended but are still carried (see _settle_window)
        self.theta = theta
        self.state = optimizer.initial_state(theta, ops)
        if epsilons is not None:
            h["_epsilon_base"] = h["epsilon"]
        self.h = h
        self.obj = obj
        self.looks_ahead = type(optimizer).probe is not Optimizer.probe
        self.bound_sq = bound * bound
        self.coordinate_bound = bound / math.sqrt(n)
        self.tol_sq = None if tolerance is None else tolerance * tolerance
        self.buffer = None
        self._last_theta = self._last_p = self._last_g = None
        self.last = 0
        self.fast = not self.mp and tolerance is None

    # ---------------------------------------------------------------------------------------------
    def run(self):
        with np.errstate(all="ignore"):
            self._check_start()
            s = 0
            careful_until = 0
            while s < self.steps and len(self.active):
                if not self.fast or s < careful_until:
                    self._drop_ghosts()
                    self._step(s + 1, careful=True)
                    s += 1
                    continue
                snapshot = self._snapshot(s)
                end = min(s + CHECK_EVERY, self.steps)
                try:
                    while s < end:
                        self._step(s + 1, careful=False)
                        s += 1
                except _Replay:  # f stopped being real somewhere in the batch: replay the window step by step
                    careful_until = s + 1
                    s = self._restore(snapshot)
                    continue
                self._settle_window(snapshot, end)
            self._drop_ghosts()
            self._check_end()
        o = self.outcome
        if len(self.active):
            o.final[self.active] = self.theta
            o.taken[self.active] = self.last
        return self._frozen_records()

    def _settle_window(self, snapshot, end):
        """At the end of a fast window: replay, step by step, only the runs that diverged or reached ∇f = 0.

        Runs that ended stay in the batch as ghosts (their results are already written; their later records
        are replaced by their final iterate) until they are an eighth of it: copying the whole batch for every
        few runs that stop would cost more than carrying them.
        """
        flagged = self._bad_iterates(self.theta)
        zero = self._zero_gradient(self._last_p, self._last_g, self._last_theta)
        if zero is not None:
            flagged = zero if flagged is None else flagged | zero
        if flagged is None:
            return
        flagged &= ~self.ghost
        if not flagged.any():
            return
        whole = self.theta, self.state, self.h, self.obj, self.active, self.ghost
        start, theta, state, h, obj, active, ghost, _ = snapshot
        # per run, the arithmetic does not depend on the other runs of the batch, so a replay of a few runs
        # retraces exactly what the window computed for them
        replayed = active[flagged]
        self.theta, self.active, self.obj = theta[flagged], replayed, obj.take(flagged)
        self.ghost = np.zeros(len(replayed), dtype=bool)
        self.state = {name: value[flagged] for name, value in state.items()}
        self.h = {name: (value[flagged] if isinstance(value, np.ndarray) else value) for name, value in h.items()}
        for s in range(start + 1, end + 1):
            if not len(self.active):
                break
            self._step(s, careful=True)
        ended = flagged.copy()
        ended[flagged] = ~np.isin(replayed, self.active)
        self.theta, self.state, self.h, self.obj, self.active, self.ghost = whole
        self.last = end
        self.ghost = self.ghost | ended
        if 8 * np.count_nonzero(self.ghost) > len(self.ghost):
            self._drop_ghosts()

    def _drop_ghosts(self):
        if self.ghost.any():
            self._compact(~self.ghost)

    def _compact(self, keep):
        self.active = self.active[keep]
        self.ghost = self.ghost[keep]
        self.theta = self.theta[keep]
        self.state = {name: value[keep] for name, value in self.state.items()}
        self.h = {name: (value[keep] if isinstance(value, np.ndarray) else value) for name, value in self.h.items()}
        self.obj = self.obj.take(keep)

    def _snapshot(self, s):
        # updates build new arrays (only the gradient buffer is rewritten), so references are a snapshot
        return s, self.theta, dict(self.state), dict(self.h), self.obj, self.active, self.ghost, self.last

    def _restore(self, snapshot):
        s, self.theta, state, h, self.obj, self.active, self.ghost, self.last = snapshot
        self.state, self.h = dict(state), dict(h)
        return s

    def _finish(self, mask, taken, kind, why, stop_theta, failed=None):
        """End the runs selected by ``mask`` (over the active runs).

        ``taken``, ``kind``, ``why`` and ``failed`` are one value for all of them or one per selected run.
        """
        o = self.outcome
        rows = self.active[mask]
        o.final[rows] = np.asarray(stop_theta)[mask]
        o.taken[rows] = taken
        o.status[rows] = kind if isinstance(kind, str) else np.array(kind, dtype=object)
        for r, text in zip(rows, why if isinstance(why, list) else [why] * len(rows)):
            o.reason[r] = text
        if failed is not None:
            o.failed_at[rows] = failed
        keep = ~mask
        self._compact(keep)
        return keep

    # ---------------------------------------------------------------------------------------------
    def _step(self, s, careful):
        ops, obj, h = self.ops, self.obj, self.h
        if self.epsilons is not None:
            h["epsilon"] = h["_epsilon_base"] * self.epsilons[s - 1]
        theta, state = self.theta, self.state
        p = self.optimizer.probe(theta, state, h, ops)
        g = obj.gradient(p, obj.parameters, out=self.buffer)
        if not self.mp and self.buffer is not g and type(g) is np.ndarray and g.shape == theta.shape:
            self.buffer = g
        if self.tol_sq is not None:
            at_theta = obj.gradient(theta, obj.parameters) if self.looks_ahead else g
            done = _flag(ops.norm_sq(at_theta) <= self.tol_sq)
            if done.any():
                keep = self._finish(done, s - 1, "converged", f"‖∇f‖ ≤ {self.tolerance:g} at step {s - 1}", theta)
                if not len(self.active):
                    return
                theta, state, h, obj = self.theta, self.state, self.h, self.obj
                p, g = p[keep], g[keep]
        elif careful:
            done = self._zero_gradient(p, g, theta)
            if done is not None:
                keep = self._finish(done, s - 1, "converged", f"∇f = 0 exactly at step {s - 1}", theta)
                if not len(self.active):
                    return
                theta, state, h, obj = self.theta, self.state, self.h, self.obj
                p, g = p[keep], g[keep]
        if self.clip is not None:
            g = _clip(g, self.clip, ops, self.mp)
        H = obj.hessian(p, obj.parameters) if self.optimizer.needs_hessian else None
        ops.singular = None
        new_theta, new_state = self.optimizer.update(theta, state, g, h, s, ops, hessian=H)
        if self.buffer is not None and any(value is g or value is self.buffer or getattr(value, "base", None) is
                                           self.buffer for value in new_state.values()):
            self.buffer = None  # the rule keeps g itself: it must not be overwritten next step
        if careful:
            bad = self._bad_iterates(new_theta)
            if bad is not None:
                keep = self._classify(bad, s, p, g, theta, new_theta)
                new_theta = new_theta[keep]
                new_state = {name: value[keep] for name, value in new_state.items()}
                theta, obj = self.theta, self.obj
        if obj.check_f and len(new_theta):
            f = obj.function(new_theta, obj.parameters)
            not_real = ~_real_and_finite(f, self.mp)
            if not_real.any():
                if not careful:
                    raise _Replay
                self.theta = new_theta
                keep = self._finish(not_real, s, "invalid", [_not_real("f", v, s) for v in f[not_real]],
                                    new_theta, s)
                new_theta = self.theta
                new_state = {name: value[keep] for name, value in new_state.items()}
        self._last_theta, self._last_p, self._last_g = theta, p, g
        self.theta, self.state = new_theta, new_state
        self.last = s
        j = self.slot.get(s)
        if j is not None:
            if len(self.active) == self.batch:
                self.iterates[j] = new_theta
            else:
                self.iterates[j, self.active] = new_theta

    def _zero_gradient(self, p, g, theta):
        """Runs whose gradient at θ is exactly 0 (a boolean mask), or None."""
        if self.mp:
            zero = np.array([all(v == 0 for v in row) for row in g], dtype=bool)
        else:
            if g.all():  # no coordinate is 0 (a cheap screen: one pass, no allocation)
                return None
            # only the runs with some zero coordinate can have a zero gradient (a row-wise any() over a
            # (batch, 2) array is slow)
            candidates = np.zeros(len(g), dtype=bool)
            candidates[np.flatnonzero(np.asarray(g) == 0) // g.shape[1]] = True
            zero = np.zeros(len(g), dtype=bool)
            zero[candidates] = ~np.asarray(g[candidates], dtype=bool).any(axis=1)
        if self.looks_ahead and zero.any():
            zero &= np.asarray(p == theta, dtype=bool).all(axis=1)
        return zero if zero.any() else None

    def _bad_iterates(self, new_theta):
        """A mask of runs whose new iterate is not finite or beyond the bound, or None."""
        if not self.mp:
            # cheap test first: every |coordinate| <= bound/√n implies every norm <= bound; NaN fails it.
            # (min/max, not a BLAS dot product: interleaving BLAS calls costs thread hand-offs, 10x measured)
            if not new_theta.size or (-self.coordinate_bound <= new_theta.min()
                                      and new_theta.max() <= self.coordinate_bound):
                return None
            size_sq = self.ops.norm_sq(new_theta)
            bad = ~_flag(size_sq <= self.bound_sq)
        else:
            bad = np.array([not _mp_row_ok(row, self.bound_sq) for row in new_theta], dtype=bool)
        return bad if bad.any() else None

    def _classify(self, bad, s, p, g, theta, new_theta):
        """Say why each bad run stopped (singular Hessian, ∇f not real, divergence) and end it."""
        singular = self.ops.singular
        kinds, reasons, failed = [], [], []
        g_ok = _real_and_finite(g, self.mp)
        for i in np.flatnonzero(bad):
            kind, fail = "diverged", s
            if singular is not None and singular[i]:
                kind, why = "singular", f"the Hessian is singular at step {s - 1}: Newton's step is undefined"
            elif not g_ok[i].all():
                kind = "invalid"
                value = g[i][~g_ok[i]][0]
                if self.looks_ahead:
                    why = _not_real("∇f", value, s, look_ahead=True)
                else:
                    why, fail = _not_real("∇f", value, s - 1), s - 1
            elif not all(_finite(v, self.mp) for v in new_theta[i]):
                why = f"non-finite iterate at step {s}"
            else:
                why = f"‖θ‖ exceeded the bound {self.bound:g} at step {s}"
            kinds.append(kind)
            reasons.append(why)
            failed.append(fail)
        return self._finish(bad, s - 1, kinds, reasons, theta, np.array(failed))

    def _check_start(self):
        """f and ∇f at the start point: a start outside the domain is an invalid run at step 0."""
        obj = self.obj
        if obj.check_f:
            f = obj.function(self.theta, obj.parameters)
            not_real = ~_real_and_finite(f, self.mp)
            if not_real.any():
                self._finish(not_real, 0, "invalid", [_not_real("f", v, 0) for v in f[not_real]], self.theta, 0)

    def _check_end(self):
        """∇f at the last iterate: not real (invalid), exactly zero or within the tolerance (converged)."""
        if not len(self.active):
            return
        obj = self.obj
        g = obj.gradient(self.theta, obj.parameters)
        at = self.last
        not_real = ~_real_and_finite(g, self.mp).all(axis=1)
        if not_real.any():
            ok = _real_and_finite(g, self.mp)
            reasons = [_not_real("∇f", row[~row_ok][0], at) for row, row_ok in zip(g[not_real], ok[not_real])]
            keep = self._finish(not_real, at, "invalid", reasons, self.theta, at)
            g = g[keep]
        if not len(self.active):
            return
        if self.tol_sq is not None:
            done = _flag(self.ops.norm_sq(g) <= self.tol_sq)
            why = f"‖∇f‖ ≤ {self.tolerance:g} at step {at}"
        else:
            done = ~np.asarray([any(v != 0 for v in row) for row in g] if self.mp else g.any(axis=1), dtype=bool)
            why = f"∇f = 0 exactly at step {at}"
        if done.any():
            self._finish(done, at, "converged", why, self.theta)

    def _frozen_records(self):
        """Drop records past the last step any run took, then freeze stopped runs at their last iterate."""
        o = self.outcome
        recorded, iterates = self.recorded, self.iterates
        end = int(o.taken.max()) if self.batch else 0
        keep_records = [j for j, s in enumerate(recorded) if s <= end]
        if recorded[keep_records[-1]] != end:
            # a run stopped between two records: add its step as a record of the final iterates
            recorded = [recorded[j] for j in keep_records] + [end]
            iterates = np.concatenate([iterates[keep_records], o.final[None]], axis=0)
        else:
            recorded = [recorded[j] for j in keep_records]
            iterates = iterates[keep_records]
        recorded = np.array(recorded, dtype=np.int64)
        stale = recorded[:, None] > o.taken[None, :]
        if stale.any():
            iterates = np.where(stale[..., None], o.final[None], iterates)
        # the record at a stopped run's last step must be its final iterate (an invalid run's last point)
        last = np.searchsorted(recorded, o.taken)
        at_last = (last < len(recorded)) & (recorded[np.minimum(last, len(recorded) - 1)] == o.taken)
        runs = np.nonzero(at_last & (o.status != "max_steps"))[0]
        if len(runs):
            iterates[last[runs], runs] = o.final[runs]
        return iterates, recorded, o, self.everything


# -------------------------------------------------------------------------------------------------
# small helpers


def _flag(values):
    return np.asarray(values, dtype=bool)


def _clip(g, clip, ops, mp):
    """g·C/‖g‖ for the runs whose gradient norm exceeds C."""
    if not mp:
        norms = np.sqrt(ops.norm_sq(g))
        return g * np.minimum(1.0, clip / norms)[:, None]
    import mpmath
    scale = []
    for value in ops.norm_sq(g):
        norm = mpmath.sqrt(value) if isinstance(value, mpmath.mpf) else mpmath.mpf("nan")
        scale.append([clip / norm if norm > clip else mpmath.mpf(1)])
    return g * np.array(scale, dtype=object)


def _finite(value, mp):
    if mp:
        import mpmath
        return isinstance(value, mpmath.mpf) and mpmath.isfinite(value)
    return math.isfinite(value)


def _real_and_finite(values, mp):
    """Elementwise: a real, finite number (mpmath: an ``mpf``, not an ``mpc``)."""
    if not mp:
        return np.isfinite(np.asarray(values, dtype=float))
    import mpmath
    check = np.frompyfunc(lambda v: isinstance(v, mpmath.mpf) and bool(mpmath.isfinite(v)), 1, 1)
    return np.asarray(check(values), dtype=bool)


def _mp_row_ok(row, bound_sq):
    import mpmath
    if not all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in row):
        return False
    return sum(v * v for v in row) <= bound_sq


def _not_real(what, value, step, look_ahead=False):
    """Why a run is invalid, in words, e.g. "f is not a real number at step 3 (f = nan)"."""
    place = f"the look-ahead point of step {step}" if look_ahead else f"step {step}"
    if _is_infinite(value):
        return f"{what} = {value} at {place} (a pole, or an overflow)"
    return f"{what} is not a real number at {place} ({what} = {value})"


def _is_infinite(value):
    import mpmath
    if isinstance(value, mpmath.mpc):
        return False
    if isinstance(value, mpmath.mpf):
        return bool(mpmath.isinf(value))
    try:
        return math.isinf(value)
    except TypeError:
        return False


__all__ = ["CHECK_EVERY", "Outcome", "drive"]
