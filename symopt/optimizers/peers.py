"""Which torch.optim / optax configuration reproduces each lecture optimizer exactly — or why none does.

symopt follows the lecture: steps k = 1, 2, ...; v ← αv − εg; Nesterov takes the
gradient at θ + αv and reports θ; AdaGrad has δ outside the root, RMSProp inside.
The peers differ in exactly these places (pytorch#1099, pytorch#23796, optax#532,
optax#900). Measured in float64 on ½(x² + 0.1y²) (REFERENCES §3; the torch rows
are re-checked by ``tests/test_peers_torch.py`` to 1e-12):

================  =====================================================  ===============================================
lecture rule      torch.optim                                            optax
================  =====================================================  ===============================================
sgd               ``SGD(lr=ε)``; a schedule via ``LambdaLR`` (ε_k at     ``sgd(ε)``; a schedule as a callable of the
                  torch's step t = k − 1), linear decay via ``LinearLR``  update count t = k − 1 (``linear_schedule(ε_1,
                  (start_factor=ε_1/ε₀, end_factor=ε_τ/ε₀, τ − 1 iters)   ε_τ, τ − 1)`` for linear decay)
momentum          ``SGD(lr=ε, momentum=α)``, v = −ε·buf;                 ``sgd(ε, momentum=α)``, v = −ε·trace;
                  none with a schedule (torch rescales the whole buffer)  none with a schedule
nesterov          ``SGD(lr=ε, momentum=α, nesterov=True)``: torch's       ``sgd(ε, momentum=α, nesterov=True)``, same
                  parameter is the look-ahead p = θ + αv; θ = p + εα·buf   change of variables
adagrad           ``Adagrad(lr=ε, eps=δ, initial_accumulator_value=0)``  none for δ > 0 (eps inside the root);
                                                                         ``adagrad(ε, initial_accumulator_value=0,
                                                                         eps=0)`` when δ = 0
rmsprop           none for δ > 0 (eps added after the root);             ``rmsprop(ε, decay=ρ, eps=δ, eps_in_sqrt=True)``
                  ``RMSprop(lr=ε, alpha=ρ, eps=0)`` when δ = 0
rmsprop-nesterov  none (torch's RMSprop momentum is heavy-ball)          ``rmsprop(ε, decay=ρ, eps=δ, eps_in_sqrt=True,
                                                                         momentum=α, nesterov=True)``; θ = p − α·trace
newton            none (LBFGS is quasi-Newton)                           none
adam              ``Adam(lr=ε, betas=(β₁, β₂), eps=δ)``                  ``adam(ε, b1=β₁, b2=β₂, eps=δ, eps_root=0)``
================  =====================================================  ===============================================

Use float64 on both sides (``torch.float64``; in optax cast the step count) to
compare to 1e-12.
"""

from dataclasses import dataclass, field

from ..errors import ProblemError
from .symbolic import get

FRAMEWORKS = ("torch", "optax")


@dataclass(frozen=True)
class PeerConfig:
    """The peer configuration of a lecture optimizer, or the reason there is none.

    ``exact`` says whether the peer reproduces symopt's iterates (up to rounding);
    ``name``/``kwargs`` construct it, ``scheduler`` (torch) or ``learning_rate``
    (optax) carries a schedule, ``state_map`` says how to read the lecture's
    θ and state from the peer's, and ``reason`` explains a missing mapping.
    """

    optimizer: str
    framework: str
    exact: bool
    name: str = None
    kwargs: dict = field(default_factory=dict)
    scheduler: tuple = None
    state_map: str = "θ is the peer's parameter"
    reason: str = ""

    @property
    def call(self):
        """The constructor call as text, e.g. ``torch.optim.SGD(params, lr=0.1)``."""
        if not self.exact:
            return None
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{self.name}(params, {args})" if self.framework == "torch" else f"{self.name}({args})"

    def __str__(self):
        if not self.exact:
            return f"{self.optimizer} in {self.framework}: none exact, because {self.reason}"
        text = f"{self.optimizer} in {self.framework}: {self.call}"
        if self.scheduler:
            text += f"; schedule: {self.scheduler[0]}({', '.join(f'{k}={v!r}' for k, v in self.scheduler[1].items())})"
        return text + f"; {self.state_map}"


def _schedule_info(schedule):
    if schedule is None:
        return None
    from ..schedules import as_schedule
    return as_schedule(schedule)


def peer_config(optimizer, hyperparameters=None, framework="torch", schedule=None):
    """The torch.optim or optax configuration that reproduces ``optimizer`` with these hyperparameters.

    Examples
    ========
    >>> from symopt.optimizers import peer_config
    >>> print(peer_config("nesterov", {"epsilon": 0.1, "alpha": 0.9}))
    nesterov in torch: torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True); θ = p + ε·α·buf, p the torch parameter (the look-ahead point θ + αv), buf its momentum_buffer
    >>> peer_config("rmsprop", {"delta": 1e-6}).reason
    'torch.optim.RMSprop adds eps after the square root (ε/(√r + eps)); the lecture puts δ inside (ε/√(δ + r)); exact only for δ = 0'
    """
    opt = get(optimizer)
    if framework not in FRAMEWORKS:
        raise ProblemError(f"framework must be one of {', '.join(FRAMEWORKS)}, got {framework!r}")
    h = opt.resolve(hyperparameters)
    h = {name: float(value) for name, value in h.items()}
    sched = _schedule_info(schedule)
    if sched is not None and "epsilon" not in (hyperparameters or {}):
        h["epsilon"] = 1.0  # as in run(): without a learning rate the schedule is ε_k itself
    build = _torch if framework == "torch" else _optax
    return build(opt.name, h, sched)


def _none(name, framework, reason):
    return PeerConfig(name, framework, False, reason=reason)


def _linear_decay_parts(sched):
    """(ε₀, ε_1, ε_τ, τ) of a linear-decay schedule."""
    (first, condition), (e_tau, _) = sched.expression.args
    return first.xreplace({condition.lhs: 0}), sched.value(1), e_tau, condition.rhs


def _torch(name, h, sched):
    fw = "torch"
    if name in ("momentum", "nesterov") and sched is not None:
        return _none(name, fw, "torch.optim.SGD multiplies the whole momentum buffer by the current lr, "
                               "while the lecture's v ← αv − ε_k g scales only the new gradient")
    lr, scheduler = h.get("epsilon"), None
    if sched is not None:
        from ..schedules import Schedule
        if isinstance(sched, Schedule) and sched.name == "linear_decay":
            e0, e1, e_tau, tau = _linear_decay_parts(sched)
            lr = float(e0) * h["epsilon"]
            scheduler = ("torch.optim.lr_scheduler.LinearLR",
                         {"start_factor": float(e1 / e0), "end_factor": float(e_tau / e0),
                          "total_iters": int(tau) - 1})
        else:
            scheduler = ("torch.optim.lr_scheduler.LambdaLR", {"lr_lambda": "lambda t: ε_(t+1)  # t = k − 1"})
    if name == "sgd":
        return PeerConfig(name, fw, True, "torch.optim.SGD", {"lr": lr}, scheduler)
    if name == "momentum":
        return PeerConfig(name, fw, True, "torch.optim.SGD", {"lr": lr, "momentum": h["alpha"]}, None,
                          "v = −ε·buf (buf is torch's momentum_buffer)")
    if name == "nesterov":
        return PeerConfig(name, fw, True, "torch.optim.SGD", {"lr": lr, "momentum": h["alpha"], "nesterov": True},
                          None, "θ = p + ε·α·buf, p the torch parameter (the look-ahead point θ + αv), "
                          "buf its momentum_buffer")
    if name == "adagrad":
        return PeerConfig(name, fw, True, "torch.optim.Adagrad",
                          {"lr": lr, "eps": h["delta"], "initial_accumulator_value": 0.0, "lr_decay": 0.0},
                          scheduler, "r is torch's state 'sum'")
    if name == "rmsprop":
        if h["delta"] == 0:
            return PeerConfig(name, fw, True, "torch.optim.RMSprop", {"lr": lr, "alpha": h["rho"], "eps": 0.0},
                              scheduler, "r is torch's state 'square_avg'")
        return _none(name, fw, "torch.optim.RMSprop adds eps after the square root (ε/(√r + eps)); the lecture "
                               "puts δ inside (ε/√(δ + r)); exact only for δ = 0")
    if name == "rmsprop-nesterov":
        return _none(name, fw, "torch.optim.RMSprop's momentum is heavy-ball (gradient at θ), not the lecture's "
                               "look-ahead gradient at θ + αv")
    if name == "newton":
        return _none(name, fw, "torch.optim has no Newton method (LBFGS is quasi-Newton: it never forms H⁻¹g "
                               "from the true Hessian)")
    if name == "adam":
        return PeerConfig(name, fw, True, "torch.optim.Adam",
                          {"lr": lr, "betas": (h["beta1"], h["beta2"]), "eps": h["delta"]}, scheduler,
                          "m, s are torch's exp_avg, exp_avg_sq (equal up to rounding: torch divides √s by "
                          "√(1 − β₂ᵏ) instead of s)")
    return _none(name, fw, "no mapping is recorded for this optimizer")


def _optax(name, h, sched):
    fw = "optax"
    if name in ("momentum", "nesterov") and sched is not None:
        return _none(name, fw, "optax.sgd scales the whole momentum trace by the current learning rate, "
                               "while the lecture's v ← αv − ε_k g scales only the new gradient")
    lr = h.get("epsilon")
    if sched is not None:
        from ..schedules import Schedule
        if isinstance(sched, Schedule) and sched.name == "linear_decay":
            _, e1, e_tau, tau = _linear_decay_parts(sched)
            lr = (f"optax.linear_schedule(init_value={float(e1) * h['epsilon']!r}, end_value="
                  f"{float(e_tau) * h['epsilon']!r}, transition_steps={int(tau) - 1})")
        else:
            lr = "lambda t: ε_(t+1)  # optax counts updates from 0"
    if name == "sgd":
        return PeerConfig(name, fw, True, "optax.sgd", {"learning_rate": lr})
    if name == "momentum":
        return PeerConfig(name, fw, True, "optax.sgd", {"learning_rate": lr, "momentum": h["alpha"]}, None,
                          "v = −ε·trace (optax's TraceState)")
    if name == "nesterov":
        return PeerConfig(name, fw, True, "optax.sgd", {"learning_rate": lr, "momentum": h["alpha"],
                                                        "nesterov": True}, None,
                          "θ = p + ε·α·trace, p the optax parameter (the look-ahead point θ + αv)")
    if name == "adagrad":
        if h["delta"] == 0:
            return PeerConfig(name, fw, True, "optax.adagrad",
                              {"learning_rate": lr, "initial_accumulator_value": 0.0, "eps": 0.0})
        return _none(name, fw, "optax.adagrad puts eps inside the root (g/√(r + eps)) and starts the accumulator "
                               "at 0.1; the lecture has ε/(δ + √r) from r = 0; exact only for δ = 0")
    if name == "rmsprop":
        return PeerConfig(name, fw, True, "optax.rmsprop", {"learning_rate": lr, "decay": h["rho"],
                                                            "eps": h["delta"], "eps_in_sqrt": True})
    if name == "rmsprop-nesterov":
        return PeerConfig(name, fw, True, "optax.rmsprop",
                          {"learning_rate": lr, "decay": h["rho"], "eps": h["delta"], "eps_in_sqrt": True,
                           "momentum": h["alpha"], "nesterov": True}, None,
                          "θ = p − α·trace, p the optax parameter (the look-ahead point), trace = v")
    if name == "newton":
        return _none(name, fw, "optax has no Newton method")
    if name == "adam":
        return PeerConfig(name, fw, True, "optax.adam", {"learning_rate": lr, "b1": h["beta1"], "b2": h["beta2"],
                                                         "eps": h["delta"], "eps_root": 0.0})
    return _none(name, fw, "no mapping is recorded for this optimizer")


def peer_table(hyperparameters=None):
    """``{optimizer: {framework: PeerConfig}}`` for every registered optimizer.

    >>> sorted(n for n, row in peer_table().items() if not row["torch"].exact)
    ['newton', 'rmsprop', 'rmsprop-nesterov']
    """
    from .definitions import OPTIMIZERS
    return {name: {fw: peer_config(name, None, fw) for fw in FRAMEWORKS} for name in OPTIMIZERS}


__all__ = ["FRAMEWORKS", "PeerConfig", "peer_config", "peer_table"]
