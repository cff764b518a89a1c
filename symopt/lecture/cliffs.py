"""Cliffs and exploding gradients: gradient descent with and without gradient-norm clipping.

The objective (a choice, documented here) is a bowl with a smooth step down in x:

    f(x, y) = ½(x² + y²) + h·tanh(s·(x − c))

For x well above c the tanh term is ≈ +h, below c it is ≈ −h: crossing x = c the function drops
by 2h over a width of about 1/s, a cliff. Its gradient there is ∂f/∂x = c + h·s (100.1 for the
defaults h = 5, s = 20, c = 1), so one plain gradient step of size η catapults the iterate a
distance η(c + hs) — far past the minimizer near the origin. Clipping the gradient norm to v,
g ← g·v/‖g‖ when ‖g‖ > v, bounds every step by η·v and walks down the cliff instead.

Whether a plain run lands on the steep face depends on where the iterates happen to fall (the
face is only ~1/s wide); with the default start (3, 2) it does. A run is called **thrown off**
when at some step it is farther from the minimizer than it was at the start, or when a single
step is longer than ``jump_threshold`` (default: the start's distance to the minimizer).

The descent loop is a few lines of numpy (imported lazily); the gradient is the lambdified
symbolic gradient.
"""

import math
from dataclasses import dataclass

import sympy as sp

from ..derivation import Derivation, Step, Table
from ..errors import ProblemError
from ..quantities import Call, Difference, Nabla, Norm, Operator, Partial, Star, Sub, Transposed
from ..serialize import JSONResult
from .inputs import integer_between, positive_number

x, y = sp.symbols("x y", real=True)
DEFAULTS = {"height": 5.0, "steepness": 20.0, "position": 1.0, "lr": 0.1, "clip": 1.0, "steps": 100,
            "start": (3.0, 2.0)}


def cliff_objective(height=5, steepness=20, position=1):
    """f(x, y) = ½(x² + y²) + h·tanh(s(x − c)) with exact (rational) parameters.

    >>> from symopt.lecture.cliffs import cliff_objective
    >>> cliff_objective()
    x**2/2 + y**2/2 + 5*tanh(20*x - 20)
    """
    h = sp.nsimplify(positive_number(height, "height (h)"))
    s = sp.nsimplify(positive_number(steepness, "steepness (s)"))
    c = sp.nsimplify(float(position))
    return (x ** 2 + y ** 2) / 2 + h * sp.tanh(s * (x - c))


def cliff_derivation(height=5, steepness=20, position=1, lr=0.1, clip=1.0):
    """Gradient of the cliff objective, its size on the cliff face and the step with and without clipping.

    Examples
    ========
    >>> from symopt.lecture.cliffs import cliff_derivation
    >>> r = cliff_derivation().results
    >>> r["wall_gradient"], r["plain_step_at_wall"], r["clipped_step_bound"]
    (101, 101/10, 1/10)
    """
    lr_value = sp.nsimplify(positive_number(lr, "lr (learning rate)"))
    clip_value = sp.nsimplify(positive_number(clip, "clip (gradient-norm threshold)"))
    f = cliff_objective(height, steepness, position)
    h, s, c = (sp.nsimplify(float(v)) for v in (height, steepness, position))
    gradient = sp.Matrix([sp.diff(f, x), sp.diff(f, y)])
    wall = sp.simplify(gradient[0].subs({x: c}))
    eta, v = sp.Symbol("eta", positive=True), sp.Symbol("v", positive=True)
    g, f_name, theta, k = sp.Symbol("g"), sp.Symbol("f"), sp.Symbol("theta"), sp.Symbol("k")
    steps = [
        Step("Objective with a cliff", f, Call(f_name, x, y), ("a bowl plus a smooth drop of 2h = ", 2 * h, " at x = ",
             c, ", width about 1/s = ", 1 / s), name="objective", key=True),
        Step("Gradient", gradient.T, Transposed(Nabla(f_name)), "tanh' = 1 - tanh^2", name="gradient"),
        Step("On the cliff face (x = c)", wall, Partial(f_name, x), "c + h s: the exploding gradient",
             name="wall_gradient", key=True),
        Step("A plain gradient step there", lr_value * wall, eta * Norm(Nabla(f_name)),
             ("eta = ", lr_value, ": far longer than the distance to the minimizer"), name="plain_step_at_wall",
             key=True),
        Step("Gradient-norm clipping", sp.Piecewise((g, sp.Abs(g) <= v), (v * g / sp.Abs(g), True)),
             Call(Operator("clip"), g), (r"keep the direction, cap the length at the threshold $v$ (here ",
                                         clip_value, ")")),
        Step("Every clipped step", lr_value * clip_value, Norm(Difference(Sub(theta, k + 1), Sub(theta, k))),
             r"at most $\eta v$, however steep the cliff", relation="<=", name="clipped_step_bound", key=True),
    ]
    return Derivation("Cliffs and gradient clipping", steps,
                      metadata={"eta": eta, "lr": lr_value, "clip": clip_value})


@dataclass(frozen=True)
class CliffRun(JSONResult):
    """One gradient-descent run: iterates, largest step, distances to the minimizer, verdict."""

    clipped: bool
    iterates: tuple
    step_lengths: tuple
    distances: tuple
    jump_threshold: float

    @property
    def largest_step(self):
        return max(self.step_lengths)

    @property
    def largest_step_at(self):
        """Index k of the largest step (from iterate k to k + 1)."""
        return self.step_lengths.index(self.largest_step)

    @property
    def farthest_distance(self):
        return max(self.distances)

    @property
    def thrown_off(self):
        """Farther from the minimizer than at the start at some step, or one step longer than the threshold."""
        return self.farthest_distance > self.distances[0] * (1 + 1e-12) or self.largest_step > self.jump_threshold

    def to_dict(self):
        return {"clipped": self.clipped, "largest_step": self.largest_step, "largest_step_at": self.largest_step_at,
                "start_distance": self.distances[0], "farthest_distance": self.farthest_distance,
                "final_distance": self.distances[-1], "final_point": list(self.iterates[-1]),
                "thrown_off": self.thrown_off}


@dataclass(frozen=True)
class CliffStudy(JSONResult):
    """Plain and clipped runs from the same start, the minimizer and the derivation."""

    plain: CliffRun
    clipped: CliffRun
    minimizer: tuple
    parameters: dict
    derivation: Derivation

    def to_dict(self):
        return {"objective": "(x**2 + y**2)/2 + h*tanh(s*(x - c))", "parameters": self.parameters,
                "minimizer": list(self.minimizer), "jump_threshold": self.plain.jump_threshold,
                "without_clipping": self.plain.to_dict(), "with_clipping": self.clipped.to_dict()}

    def _repr_markdown_(self):
        from ..notebook import lecture_markdown
        return lecture_markdown(self)


def run_cliff(height=5.0, steepness=20.0, position=1.0, lr=0.1, clip=1.0, steps=100, start=(3.0, 2.0),
              jump_threshold=None):
    """Gradient descent from ``start`` with and without gradient-norm clipping at ``clip``.

    Examples
    ========
    >>> from symopt.lecture.cliffs import run_cliff
    >>> study = run_cliff()
    >>> study.plain.thrown_off, study.clipped.thrown_off
    (True, False)
    >>> round(study.plain.largest_step, 2), round(study.clipped.largest_step, 2)
    (9.18, 0.1)
    """
    import numpy as np

    from ..numeric import numpy_function
    lr = positive_number(lr, "lr (learning rate)")
    clip = positive_number(clip, "clip (gradient-norm threshold)", " (clipping to a norm of 0 would stop the run)")
    integer_between(steps, "steps", 1, 100_000)
    try:
        start = tuple(float(v) for v in start)
    except (TypeError, ValueError):
        raise ProblemError(f"start must be two numbers x,y; got {start!r}") from None
    if len(start) != 2 or not all(math.isfinite(v) for v in start):
        raise ProblemError(f"start must be two finite numbers x,y; got {start!r}")
    f = cliff_objective(height, steepness, position)
    gradient = numpy_function([x, y], [sp.diff(f, x), sp.diff(f, y)])
    minimizer = _minimizer(f, position)
    if jump_threshold is None:
        jump_threshold = float(np.hypot(start[0] - minimizer[0], start[1] - minimizer[1]))
    jump_threshold = positive_number(jump_threshold, "jump_threshold")

    def descend(clipped):
        point = np.array(start)
        iterates = [point.copy()]
        for _ in range(steps):
            g = np.array(gradient(*point), dtype=float)
            norm = np.linalg.norm(g)
            if clipped and norm > clip:
                g *= clip / norm
            point = point - lr * g
            iterates.append(point.copy())
        path = np.array(iterates)
        lengths = np.linalg.norm(np.diff(path, axis=0), axis=1)
        distances = np.linalg.norm(path - np.array(minimizer), axis=1)
        return CliffRun(clipped, tuple(map(tuple, path.tolist())), tuple(lengths.tolist()),
                        tuple(distances.tolist()), jump_threshold)

    plain, clipped_run = descend(False), descend(True)
    derivation = cliff_derivation(height, steepness, position, lr, clip)
    table = Table(f"Gradient descent from ({start[0]:g}, {start[1]:g}), {steps} steps, lr {lr:g}",
                  ("run", "largest step", "at step", "farthest from x*", "final distance", "thrown off"),
                  tuple((name, f"{r.largest_step:.3g}", str(r.largest_step_at), f"{r.farthest_distance:.3g}",
                         f"{r.distances[-1]:.2e}", "yes" if r.thrown_off else "no")
                        for name, r in (("plain", plain), (f"clipped at {clip:g}", clipped_run))))
    derivation = derivation.extend(
        steps=(Step("Minimizer (numeric)", sp.Matrix([[sp.Float(minimizer[0], 6), sp.Float(minimizer[1], 6)]]),
                    Star(x), "root of the gradient near the origin (sympy nsolve)"),
               Step("Thrown off", kind="note",
                    justification=f"a run is thrown off when it gets farther from x* than its start, or makes one "
                    f"step longer than {jump_threshold:.3g}")),
        tables=(table,))
    parameters = {"height": float(height), "steepness": float(steepness), "position": float(position), "lr": lr,
                  "clip": clip, "steps": steps, "start": list(start)}
    return CliffStudy(plain, clipped_run, minimizer, parameters, derivation)


def _minimizer(f, position):
    """The minimizer near the origin: y = 0 and a root of ∂f/∂x left of the cliff."""
    dfdx = sp.diff(f, x).subs(y, 0)
    guess = min(0.0, float(position) - 3.0) if float(position) < 0 else 0.0
    try:
        root = float(sp.nsolve(dfdx, x, guess))
    except (ValueError, ZeroDivisionError):  # pragma: no cover - nsolve failed to converge
        raise ProblemError("could not locate the minimizer of this cliff objective; try other parameters") from None
    return (root, 0.0)


__all__ = ["cliff_objective", "cliff_derivation", "run_cliff", "CliffRun", "CliffStudy", "DEFAULTS"]
