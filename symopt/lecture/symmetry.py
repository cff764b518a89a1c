"""Weight-space symmetry: (n!)^m equivalent parameterizations, ReLU scaling, tanh sign flips.

The count and the activation identities are symbolic (no numpy); :func:`check_mlp_symmetries`
and :func:`enumerate_permutations` check them numerically on a small seeded multilayer
perceptron and import numpy lazily.

A network with m hidden layers of n units computes the same function after any reordering of
the units within each layer (rows of W_l and b_l, columns of W_{l+1}), so every setting of the
weights has (n!)^m equivalent copies. A ReLU unit also satisfies relu(a z) = a relu(z) for a > 0
(scale the incoming weights by a, the outgoing by 1/a), and a tanh unit satisfies
−tanh(−z) = tanh(z) (negate incoming and outgoing weights); the sign flip is *not* a symmetry of
ReLU, where −relu(−z) = min(z, 0) differs from relu(z) by |z|.
"""

import itertools
import math
from dataclasses import dataclass

import sympy as sp

from ..assumptions import Domain
from ..derivation import Derivation, Step, Table
from ..errors import ProblemError
from ..quantities import Call, Difference, Named, Operator
from ..serialize import JSONResult
from .inputs import positive_number

#: Largest (n!)^m that :func:`enumerate_permutations` will enumerate one by one.
MAX_ENUMERATED = 20000


#: The range of a count of units or layers.
COUNT = Domain("n", lower=1, integer=True)


def _positive_int(value, name):
    refusal = "{name} must be a positive integer; got {value!r}"
    if not isinstance(value, (int, sp.Integer)):  # a float or a numpy int is refused, even 3.0
        raise ProblemError(refusal.format(name=name, value=value))
    return int(COUNT.require(value, name, refusal, not_number=refusal))


def check_scale(a):
    """Return ``a`` as a float; the scaling symmetry needs a > 0.

    >>> from symopt.lecture.symmetry import check_scale
    >>> check_scale(2)
    2.0
    >>> check_scale(0)
    Traceback (most recent call last):
    ...
    symopt.errors.ProblemError: a (the scaling factor) must be > 0: relu(a*z) = a*relu(z) only holds for a > 0; got 0
    """
    return positive_number(a, "a (the scaling factor)", ": relu(a*z) = a*relu(z) only holds for a > 0")


def permutation_count(n=None, m=None):
    """(n!)^m: equivalent orderings of m hidden layers of n units (exact; symbolic if n or m is None).

    Examples
    ========
    >>> from symopt.lecture.symmetry import permutation_count
    >>> permutation_count(3, 2)
    36
    >>> permutation_count()
    factorial(n)**m
    >>> permutation_count(10, 3)
    47784725839872000000
    """
    n_value = sp.Symbol("n", integer=True, positive=True) if n is None else _positive_int(n, "n (units per layer)")
    m_value = sp.Symbol("m", integer=True, positive=True) if m is None else _positive_int(m, "m (hidden layers)")
    return sp.factorial(n_value) ** m_value


def weight_space_symmetry(n=None, m=None):
    """The derivation of (n!)^m and the activation symmetries (ReLU scaling, tanh sign flip).

    The activation identities are proved by cases on the sign of z (z = p, z = −p, z = 0 with p > 0)
    because sympy does not decide ``Max(0, a*z)`` for a positive a directly.

    Examples
    ========
    >>> from symopt.lecture.symmetry import weight_space_symmetry
    >>> d = weight_space_symmetry(4, 2)
    >>> d.results["count"], d.results["relu_scaling"], d.results["relu_sign_flip"]
    (576, 0, Abs(z))
    """
    n_sym, m_sym = sp.symbols("n m", integer=True, positive=True)
    general = permutation_count()
    z = sp.Symbol("z", real=True)
    a = sp.Symbol("a", positive=True)
    p = sp.Symbol("p", positive=True)

    def relu(t):
        return sp.Max(0, t)

    def by_cases(expression):
        """Evaluate an identity in z on z > 0, z < 0 and z = 0; return the list of the three values."""
        return [sp.simplify(expression.subs(z, value)) for value in (p, -p, sp.Integer(0))]

    scaling_cases = by_cases(relu(a * z) / a - relu(z))
    tanh_flip = sp.simplify(-sp.tanh(-z) - sp.tanh(z))
    relu_flip_cases = by_cases(relu(z) - (-relu(-z)))
    relu_flip = sp.Abs(z) if relu_flip_cases == [p, p, 0] else sp.Piecewise(
        (relu_flip_cases[0], z > 0), (relu_flip_cases[1], z < 0), (0, True))
    relu_of, tanh_of = Operator("relu"), Operator("tanh")
    # W_2 relu(W_1 x + b_1) with matrices: non-commutative names keep W_2 before relu(...) and W_1 before x
    W1, W2, x, b1 = sp.symbols("W_1 W_2 x b_1", commutative=False)
    layer = sp.Function("relu", commutative=False)
    steps = [
        Step("One hidden layer of n units", sp.factorial(n_sym), Named("# orderings"),
             r"permute rows of $W_l$, $b_l$ and columns of $W_{l+1}$ together"),
        Step("m layers, permuted independently", general, Named("# equivalent"),
             "product rule", name="general_count", key=True),
    ]
    if n is not None or m is not None:
        count = permutation_count(n, m)
        steps.append(Step(("For n = ", n_sym if n is None else n, ", m = ", m_sym if m is None else m), count,
                          sp.factorial(n_sym) ** m_sym, name="count", key=True, final=True))
    steps += [
        Step("ReLU is positively homogeneous", sp.Matrix([scaling_cases]),
             Difference(Call(relu_of, a * z) / a, Call(relu_of, z)), "values for z > 0, z < 0, z = 0 (a > 0)"),
        Step("ReLU scaling symmetry", sp.Integer(0) if all(c == 0 for c in scaling_cases) else sp.Symbol("nonzero"),
             Difference(W2 * layer(a * W1 * x + a * b1) / a, W2 * layer(W1 * x + b1)),
             "uncountably many equivalent settings: one for every a > 0 and unit", name="relu_scaling", key=True),
        Step("tanh is odd", tanh_flip, Difference(-Call(tanh_of, -z), Call(tanh_of, z)),
             "negate a unit's incoming and outgoing weights", name="tanh_sign_flip", key=True),
        Step("Sign flips per tanh layer", 2 ** n_sym, Named("# sign patterns"),
             r"so tanh networks have $(2^n n!)^m$ discrete symmetries", name="tanh_sign_patterns"),
        Step("The sign flip is not a ReLU symmetry", relu_flip, Call(relu_of, z) + Call(relu_of, -z),
             "cases: relu(z) - (-relu(-z)) = |z|, nonzero for z != 0", name="relu_sign_flip", key=True),
    ]
    return Derivation("Weight-space symmetry", steps, metadata={"n": n, "m": m})


# --- numeric checks (numpy imported lazily) -----------------------------------------------------

def _activation(name):
    import numpy as np
    if name == "relu":
        return lambda t: np.maximum(t, 0.0)
    if name == "tanh":
        return np.tanh
    raise ProblemError(f"activation must be 'relu' or 'tanh'; got {name!r}")


def mlp_parameters(n_in=3, n_hidden=4, layers=2, n_out=2, seed=0):
    """Seeded Gaussian weights of an MLP: a list of (W, b) pairs, hidden layers first.

    >>> from symopt.lecture.symmetry import mlp_parameters
    >>> [W.shape for W, b in mlp_parameters(3, 4, 2, 1)]
    [(4, 3), (4, 4), (1, 4)]
    """
    import numpy as np
    n_in = _positive_int(n_in, "n_in (inputs)")
    n_hidden = _positive_int(n_hidden, "n (units per layer)")
    layers = _positive_int(layers, "m (hidden layers)")
    n_out = _positive_int(n_out, "n_out (outputs)")
    rng = np.random.default_rng(seed)
    sizes = [n_in] + [n_hidden] * layers + [n_out]
    return [(rng.normal(size=(sizes[i + 1], sizes[i])) / np.sqrt(sizes[i]), rng.normal(size=sizes[i + 1]))
            for i in range(len(sizes) - 1)]


def eval_mlp(params, x, activation="relu"):
    """Outputs of the MLP for inputs ``x`` of shape (samples, n_in); the last layer is linear.

    >>> import numpy as np
    >>> from symopt.lecture.symmetry import eval_mlp
    >>> eval_mlp([(np.eye(2), np.zeros(2)), (np.ones((1, 2)), np.zeros(1))], np.array([[1.0, -2.0]])).tolist()
    [[1.0]]
    """
    phi = _activation(activation)
    h = x
    for W, b in params[:-1]:
        h = phi(h @ W.T + b)
    W, b = params[-1]
    return h @ W.T + b


def permute_units(params, permutations):
    """Reorder the units of every hidden layer l by ``permutations[l]`` (rows in, columns out)."""
    out = [(W.copy(), b.copy()) for W, b in params]
    for layer, perm in enumerate(permutations):
        perm = list(perm)
        W, b = out[layer]
        out[layer] = (W[perm], b[perm])
        W_next, b_next = out[layer + 1]
        out[layer + 1] = (W_next[:, perm], b_next)
    return out


def scale_units(params, a):
    """ReLU rescaling: every hidden layer's incoming weights and bias × a, outgoing weights / a."""
    a = check_scale(a)
    out = [(W.copy(), b.copy()) for W, b in params]
    for layer in range(len(params) - 1):
        W, b = out[layer]
        out[layer] = (a * W, a * b)
        W_next, b_next = out[layer + 1]
        out[layer + 1] = (W_next / a, b_next)
    return out


def flip_units(params, masks):
    """Sign flip: negate row, bias and outgoing column of the units where ``masks[l]`` is True."""
    import numpy as np
    out = [(W.copy(), b.copy()) for W, b in params]
    for layer, mask in enumerate(masks):
        sign = np.where(mask, -1.0, 1.0)
        W, b = out[layer]
        out[layer] = (sign[:, None] * W, sign * b)
        W_next, b_next = out[layer + 1]
        out[layer + 1] = (W_next * sign[None, :], b_next)
    return out


@dataclass(frozen=True)
class SymmetryCheck(JSONResult):
    """Max |f(x; θ) − f(x; θ′)| over the sample inputs for each transformation and activation."""

    n: int
    m: int
    a: float
    seed: int
    permutations: tuple
    flip_masks: tuple
    permutation_relu: float
    permutation_tanh: float
    scaling_relu: float
    scaling_tanh: float
    sign_flip_tanh: float
    sign_flip_relu: float
    output_scale: float
    count: int
    derivation: Derivation

    #: differences below this (relative to the output scale) count as "unchanged".
    tolerance = 1e-12

    def invariant(self, difference):
        """True when ``difference`` is round-off relative to the size of the outputs."""
        return difference <= self.tolerance * max(1.0, self.output_scale)

    def to_dict(self):
        """JSON-ready: the count (as an exact decimal string) and every max abs difference."""
        diffs = {key: getattr(self, key) for key in ("permutation_relu", "permutation_tanh", "scaling_relu",
                                                     "scaling_tanh", "sign_flip_tanh", "sign_flip_relu")}
        return {
            "n": self.n, "m": self.m, "a": self.a, "seed": self.seed,
            "count": str(self.count), "count_formula": "factorial(n)**m",
            "max_abs_difference": diffs,
            "unchanged": {key: self.invariant(value) for key, value in diffs.items()},
            "output_scale": self.output_scale,
            "permutations": [list(map(int, p)) for p in self.permutations],
            "flipped_units": [[int(i) for i, f in enumerate(mask) if f] for mask in self.flip_masks],
        }

    def _repr_markdown_(self):
        from ..notebook import lecture_markdown
        return lecture_markdown(self)


def check_mlp_symmetries(n=4, m=2, a=2.5, seed=0, n_in=3, n_out=2, samples=64):
    """Apply a random unit permutation, ReLU scaling by ``a`` and tanh sign flips to a seeded MLP.

    Permutations leave both the ReLU and the tanh network unchanged (differences ~1e-15);
    scaling leaves the ReLU network unchanged but not the tanh one; sign flips leave the tanh
    network unchanged but not the ReLU one (a large difference).

    Examples
    ========
    >>> from symopt.lecture.symmetry import check_mlp_symmetries
    >>> c = check_mlp_symmetries(n=3, m=2, seed=1)
    >>> c.invariant(c.permutation_relu), c.invariant(c.scaling_relu), c.invariant(c.sign_flip_tanh)
    (True, True, True)
    >>> c.invariant(c.sign_flip_relu), c.invariant(c.scaling_tanh)
    (False, False)
    """
    import numpy as np
    a = check_scale(a)
    n = _positive_int(n, "n (units per layer)")
    m = _positive_int(m, "m (hidden layers)")
    params = mlp_parameters(n_in, n, m, n_out, seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(size=(samples, n_in))
    permutations = tuple(_nontrivial_permutation(rng, n) for _ in range(m))
    masks = tuple(_nonempty_mask(rng, n) for _ in range(m))

    def difference(transformed, activation):
        return float(np.max(np.abs(eval_mlp(params, x, activation) - eval_mlp(transformed, x, activation))))

    permuted = permute_units(params, permutations)
    scaled = scale_units(params, a)
    flipped = flip_units(params, masks)
    values = dict(
        permutation_relu=difference(permuted, "relu"), permutation_tanh=difference(permuted, "tanh"),
        scaling_relu=difference(scaled, "relu"), scaling_tanh=difference(scaled, "tanh"),
        sign_flip_tanh=difference(flipped, "tanh"), sign_flip_relu=difference(flipped, "relu"))
    scale = float(max(np.max(np.abs(eval_mlp(params, x, act))) for act in ("relu", "tanh")))
    count = int(permutation_count(n, m))
    table = Table(f"Seeded MLP ({n_in} inputs, {m} hidden layers of {n} units, {n_out} outputs, seed {seed}, "
                  f"{samples} inputs): max |f - f'|",
                  ("transformation", "relu", "tanh"),
                  (("permute units", f"{values['permutation_relu']:.1e}", f"{values['permutation_tanh']:.1e}"),
                   (f"scale by a = {a:g}", f"{values['scaling_relu']:.1e}", f"{values['scaling_tanh']:.1e}"),
                   ("flip signs", f"{values['sign_flip_relu']:.1e}", f"{values['sign_flip_tanh']:.1e}")))
    derivation = weight_space_symmetry(n, m).extend(tables=(table,))
    return SymmetryCheck(n, m, a, seed, permutations, masks, output_scale=scale, count=count,
                         derivation=derivation, **values)


def _nontrivial_permutation(rng, n):
    if n == 1:
        return (0,)
    while True:
        perm = tuple(int(i) for i in rng.permutation(n))
        if perm != tuple(range(n)):
            return perm


def _nonempty_mask(rng, n):
    mask = rng.random(n) < 0.5
    if not mask.any():
        mask[int(rng.integers(n))] = True
    return tuple(bool(v) for v in mask)


def enumerate_permutations(n=3, m=2, seed=0, activation="tanh", samples=32):
    """Enumerate all (n!)^m unit orderings of a seeded MLP: count the distinct parameter vectors
    that compute the same function (it equals (n!)^m) and return ``(count, max_abs_difference)``.

    >>> from symopt.lecture.symmetry import enumerate_permutations
    >>> count, diff = enumerate_permutations(3, 2)
    >>> count, diff < 1e-12
    (36, True)
    """
    import numpy as np
    n = _positive_int(n, "n (units per layer)")
    m = _positive_int(m, "m (hidden layers)")
    total = math.factorial(n) ** m
    if total > MAX_ENUMERATED:
        raise ProblemError(f"n, m give (n!)^m = {total} orderings; at most {MAX_ENUMERATED} are enumerated")
    params = mlp_parameters(3, n, m, 2, seed)
    x = np.random.default_rng(seed + 1).normal(size=(samples, 3))
    reference = eval_mlp(params, x, activation)
    seen = set()
    worst = 0.0
    for combination in itertools.product(itertools.permutations(range(n)), repeat=m):
        transformed = permute_units(params, [list(p) for p in combination])
        worst = max(worst, float(np.max(np.abs(eval_mlp(transformed, x, activation) - reference))))
        seen.add(np.concatenate([np.concatenate([W.ravel(), b]) for W, b in transformed]).tobytes())
    return len(seen), worst


__all__ = ["permutation_count", "weight_space_symmetry", "check_scale", "check_mlp_symmetries", "SymmetryCheck",
           "enumerate_permutations", "mlp_parameters", "eval_mlp", "permute_units", "scale_units", "flip_units"]
