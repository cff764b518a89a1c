"""symopt's runs against the torch.optim configurations that peer_config maps them to (REFERENCES §3)."""

import numpy as np
import pytest
import sympy as sp

from needs import need_module

from symopt import Problem
from symopt.optimizers import peer_config, peer_table, run
from symopt.schedules import as_schedule, linear_decay

pytestmark = pytest.mark.torch


def _quadratics():
    yield "2-D", np.diag([1.0, 0.1]), np.array([1.0, 1.0])
    rng = np.random.default_rng(0)
    q, _ = np.linalg.qr(rng.normal(size=(10, 10)))
    h = q @ np.diag(np.logspace(0, -3, 10)) @ q.T
    yield "10-D", (h + h.T) / 2, rng.normal(size=10)


def _problem(h):
    n = len(h)
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    x = sp.Matrix(xs)
    hm = sp.Matrix(h.tolist())
    return Problem.from_expression((x.T * hm * x)[0] / 2, list(xs))


def _torch_run(config, h, start, steps, schedule=None):
    torch = need_module("torch")
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    H = torch.tensor(h, dtype=torch.float64)
    cls = getattr(torch.optim, config.name.split(".")[-1])
    opt = cls([p], **config.kwargs)
    scheduler = None
    if config.scheduler is not None:
        name, kwargs = config.scheduler
        if name.endswith("LinearLR"):
            scheduler = torch.optim.lr_scheduler.LinearLR(opt, **kwargs)
        else:
            values = as_schedule(schedule)
            scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: float(values.value(t + 1)))
    thetas = [np.array(start)]
    for _ in range(steps):
        opt.zero_grad()
        loss = 0.5 * p @ H @ p
        loss.backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()
        point = p.detach().numpy().copy()
        if config.optimizer == "nesterov":
            buf = opt.state[p]["momentum_buffer"].numpy()
            point = point + config.kwargs["lr"] * config.kwargs["momentum"] * buf
        thetas.append(point)
    return np.array(thetas)


CASES = [
    ("sgd", {"epsilon": 0.5}, None),
    ("sgd", {"epsilon": 1.0}, linear_decay(sp.Rational(1, 2), sp.Rational(1, 200), 20)),
    ("sgd", {"epsilon": 0.9}, "1/(k+1)"),
    ("momentum", {"epsilon": 0.2, "alpha": 0.9}, None),
    ("nesterov", {"epsilon": 0.2, "alpha": 0.9}, None),
    ("adagrad", {"epsilon": 0.3, "delta": 1e-7}, None),
    ("rmsprop", {"epsilon": 0.01, "rho": 0.9, "delta": 0}, None),
    ("adam", {"epsilon": 0.05, "beta1": 0.9, "beta2": 0.999, "delta": 1e-8}, None),
]


@pytest.mark.parametrize("name, hyper, schedule", CASES)
@pytest.mark.parametrize("label, h, start", list(_quadratics()), ids=["2-D", "10-D"])
def test_torch_agrees_to_1e_12(name, hyper, schedule, label, h, start):
    need_module("torch")
    config = peer_config(name, hyper, "torch", schedule=schedule)
    assert config.exact, config.reason
    steps = 50
    ours = run(name, _problem(h), start, steps=steps, hyperparameters=hyper, schedule=schedule).path()
    theirs = _torch_run(config, h, start, steps, schedule)
    assert np.max(np.abs(ours - theirs)) < 1e-12


def test_wrong_index_convention_is_visible():
    """LinearLR started at ε₀ (k counted from 0) differs from the lecture's k = 1 convention."""
    torch = need_module("torch")
    s = linear_decay(sp.Rational(1, 2), sp.Rational(1, 200), 20)
    h, start = np.diag([1.0, 0.1]), np.array([1.0, 1.0])
    ours = run("sgd", _problem(h), start, steps=30, schedule=s).path()
    p = torch.tensor(start, requires_grad=True, dtype=torch.float64)
    opt = torch.optim.SGD([p], lr=0.5)
    sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=0.01, total_iters=20)
    for _ in range(30):
        opt.zero_grad()
        (0.5 * p @ torch.tensor(h) @ p).backward()
        opt.step()
        sched.step()
    assert np.max(np.abs(ours[-1] - p.detach().numpy())) > 1e-6


def test_unmapped_optimizers_say_why():
    table = peer_table()
    for name in ("rmsprop-nesterov", "newton"):
        assert not table[name]["torch"].exact and table[name]["torch"].reason
    assert not peer_config("momentum", {"epsilon": 0.1}, schedule="1/k").exact
    assert "inside" in peer_config("rmsprop", {"delta": 1e-6}).reason
