"""Newton's method, as the lecture's algorithm box writes it (no step size, no damping)."""

from .base import Optimizer


class Newton(Optimizer):
    """θ ← θ − H⁻¹g (H, the Hessian at θ, must be invertible)."""

    name = "newton"
    title = "Newton's method"
    needs_hessian = True
    conventions = ("a singular Hessian at an iterate stops that run with status 'singular'; objectives "
                   "with kinks or jumps (abs, Max/Min, relu, floor, sign) are refused",)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        return theta - ops.solve(hessian, g), state


OPTIMIZER = Newton()
