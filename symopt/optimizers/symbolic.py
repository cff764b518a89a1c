"""Optimizers run symbolically: one step as expressions, or the first steps unrolled."""

from dataclasses import dataclass

import sympy as sp

from ..errors import ProblemError
from .base import WHOLE, SympyOps
from .definitions import OPTIMIZERS


def get(name):
    """The optimizer called ``name`` (``sgd``, ``momentum``, ``nesterov``, ``adagrad``, ``rmsprop``,
    ``rmsprop-nesterov``, ``newton``, ``adam``).

    >>> from symopt.optimizers import get
    >>> get("rmsprop").hyperparameter("rho").describe_range()
    '[0, 1)'
    """
    if not isinstance(name, str):
        return name
    key = name.strip().lower().replace("_", "-")
    if key not in OPTIMIZERS:
        raise ProblemError(f"unknown optimizer '{name}'; choose one of {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[key]


@dataclass(frozen=True)
class StepExpressions:
    """One step of an optimizer on a problem, as sympy expressions.

    ``theta`` and ``state`` hold the symbols of the current iterate (state symbols
    are named ``v_x``, ``r_y``, ...), ``new_theta``/``new_state`` the expressions of the
    next one, ``k`` the step index symbol, ``hyperparameters`` the values used.
    """

    optimizer: object
    theta: sp.Matrix
    state: dict
    new_theta: sp.Matrix
    new_state: dict
    k: sp.Symbol
    hyperparameters: dict

    def arguments(self):
        """Flat argument order for lambdify: θ, then each state vector, then k."""
        return list(self.theta) + [s for name in self.optimizer.state for s in self.state[name]] + [self.k]

    def outputs(self):
        """Flat outputs in the same order as :meth:`arguments` (without k)."""
        return list(self.new_theta) + [e for name in self.optimizer.state for e in self.new_state[name]]


def state_symbols(optimizer, problem):
    """``{state name: Matrix of symbols v_x, v_y, ...}``, real symbols."""
    return {name: sp.Matrix([sp.Symbol(f"{name}_{v.name}", real=True) for v in problem.variables])
            for name in optimizer.state}


def symbolic_step(optimizer, problem, hyperparameters=None, symbolic=True):
    """The next iterate and state of ``optimizer`` on ``problem`` as expressions of the current ones.

    Missing hyperparameters become symbols (``epsilon``, ``alpha``, ...) when
    ``symbolic`` is true, their defaults otherwise.

    Examples
    ========
    >>> from symopt import Problem
    >>> from symopt.optimizers import symbolic_step
    >>> step = symbolic_step("momentum", Problem.from_text("x**2/2", "x"))
    >>> step.new_theta[0], step.new_state["v"][0]
    (alpha*v_x - epsilon*x + x, alpha*v_x - epsilon*x)
    """
    optimizer = get(optimizer)
    h = optimizer.resolve(hyperparameters, symbolic=symbolic)
    theta = sp.Matrix(problem.variables)
    state = state_symbols(optimizer, problem)
    k = sp.Symbol("k", integer=True, positive=True)
    new_theta, new_state = _apply(optimizer, problem, theta, state, h, k)
    return StepExpressions(optimizer, theta, state, new_theta, new_state, k, h)


def _apply(optimizer, problem, theta, state, h, k):
    ops = SympyOps()
    probe = optimizer.probe(theta, state, h, ops)
    at = dict(zip(problem.variables, probe))
    g = problem.gradient.xreplace(at)
    hessian = None
    if optimizer.needs_hessian:
        hessian = problem.hessian.xreplace(at)
        if hessian.det() == 0:
            raise ProblemError("Newton's method needs an invertible Hessian; this one is singular everywhere")
    return optimizer.update(theta, state, g, h, k, ops, hessian=hessian)


def unroll(optimizer, problem, start, steps, hyperparameters=None, simplify=True):
    """The first ``steps`` iterates in closed form: a list of ``(theta, state)`` pairs, start first.

    Examples
    ========
    >>> from symopt import Problem
    >>> from symopt.optimizers import unroll
    >>> p = Problem.from_text("x**4", "x")
    >>> [t[0] for t, _ in unroll("newton", p, {"x": 3}, 2)]
    [3, 2, 4/3]
    """
    optimizer = get(optimizer)
    WHOLE.require(steps, "steps", not_number="{name} must be a whole number {condition}, got {value}")
    h = optimizer.resolve(hyperparameters, symbolic=True)
    theta = problem.point(start)
    state = optimizer.initial_state(theta, SympyOps())
    history = [(theta, state)]
    for index in range(1, int(steps) + 1):
        theta, state = _apply(optimizer, problem, theta, state, h, sp.Integer(index))
        if simplify:
            theta = theta.applyfunc(_tidy)
            state = {name: value.applyfunc(_tidy) for name, value in state.items()}
        history.append((theta, state))
    return history


def _tidy(expression):
    return sp.factor(sp.cancel(expression)) if expression.is_rational_function() else sp.powsimp(expression)
