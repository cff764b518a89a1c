"""Cliffs: the symbolic gradient on the wall, and plain vs clipped gradient descent."""

import numpy as np
import pytest
import sympy as sp

from symopt import ProblemError
from symopt.lecture.cliffs import cliff_derivation, cliff_objective, run_cliff, x, y
from symopt.numeric import numpy_function


def test_wall_gradient_is_c_plus_h_s():
    for h, s, c in ((5, 20, 1), (2, 7, -1), (1, 3, 0)):
        r = cliff_derivation(h, s, c, lr=0.1, clip=1).results
        assert r["wall_gradient"] == c + h * s
        assert r["plain_step_at_wall"] == sp.Rational(1, 10) * (c + h * s)


def test_symbolic_gradient_matches_finite_differences():
    f = cliff_objective()
    grad = numpy_function([x, y], [sp.diff(f, x), sp.diff(f, y)])
    fn = numpy_function([x, y], f)
    for px, py in ((0.3, 1.0), (0.98, -0.5), (1.02, 2.0)):
        h = 1e-6
        fd = ((fn(px + h, py) - fn(px - h, py)) / (2 * h), (fn(px, py + h) - fn(px, py - h)) / (2 * h))
        assert np.allclose(grad(px, py), fd, rtol=1e-6, atol=1e-6)


def test_plain_run_is_thrown_off_and_clipped_run_is_not():
    study = run_cliff()
    plain, clipped = study.plain, study.clipped
    assert plain.thrown_off and not clipped.thrown_off
    assert plain.largest_step > 5 * plain.distances[0] / 2
    assert plain.farthest_distance > plain.distances[0]
    assert clipped.largest_step <= 0.1 + 1e-12
    assert clipped.farthest_distance <= clipped.distances[0] + 1e-12
    # the minimizer is a stationary point near the origin
    assert abs(study.minimizer[0]) < 1e-6 and study.minimizer[1] == 0.0
    data = study.to_json()
    assert data["without_clipping"]["thrown_off"] is True and data["with_clipping"]["thrown_off"] is False


def test_clipping_bounds_every_step_for_any_start():
    rng = np.random.default_rng(0)
    for _ in range(5):
        start = tuple(rng.uniform(-4, 4, 2))
        clipped = run_cliff(start=start, steps=60, clip=0.5).clipped
        assert max(clipped.step_lengths) <= 0.05 + 1e-12


def test_a_gentle_cliff_does_not_throw_the_plain_run():
    study = run_cliff(height=0.5, steepness=2.0)
    assert not study.plain.thrown_off


@pytest.mark.parametrize("kwargs,name", [({"lr": 0}, "lr"), ({"clip": -1}, "clip"), ({"clip": 0}, "clip"),
                                         ({"steps": 0}, "steps"), ({"start": (1,)}, "start"),
                                         ({"height": -1}, "height"), ({"steepness": 0}, "steepness")])
def test_bad_arguments(kwargs, name):
    with pytest.raises(ProblemError, match=f"^{name}"):
        run_cliff(**kwargs)
