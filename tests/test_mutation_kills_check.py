"""The checker's decision code, pinned where the mutation run (benchmarks/mutation.py check_symbolic,
check) found changes that no test noticed. Truths are facts about the expressions, stated here."""
import pytest
import sympy as sp

from symopt.check.symbolic import canonical, is_constant, is_zero, prove

k = sp.Symbol("k", integer=True, nonnegative=True)
b = sp.Symbol("b", positive=True)
x, y, p = sp.symbols("x y p", real=True)


def test_powers_with_non_integer_exponents_are_not_split():
    # (xy)^p = x^p y^p fails for x = y = -1, p = 1/2: a "proof" here would be unsound
    assert is_zero((x * y) ** p - x**p * y**p) is False
    assert is_zero(sp.sqrt(x * y) - sp.sqrt(x) * sp.sqrt(y)) is False


def test_integer_power_of_a_quotient_splits_into_numerator_over_denominator():
    assert is_zero(((b - 1) / (b + 1)) ** k - (b - 1) ** k / (b + 1) ** k, [k]) is True
    assert canonical(((b - 1) / (b + 1)) ** k) == canonical((b - 1) ** k * (b + 1) ** (-k))


@pytest.mark.parametrize("difference", [
    (2 * b) ** k - b**k,                      # the content 2^k must not be dropped
    (3 * b + 3) ** k - (b + 1) ** k,
    ((b + 1) ** 2) ** k - (b + 1) ** k,       # multiplicities multiply the exponent
    (-2 * b) ** k - (2 * b) ** k,             # differ at odd k
])
def test_differences_that_are_not_zero_are_never_proved_zero(difference):
    assert is_zero(difference, [k]) is False


@pytest.mark.parametrize("difference", [
    (2 * b) ** k - 2**k * b**k,
    ((b + 1) ** 2) ** k - (b + 1) ** (2 * k),
    (-2 * b) ** k - (-1) ** k * 2**k * b**k,
    ((1 - b) / (1 + b)) ** k - (-1) ** k * ((b - 1) / (b + 1)) ** k,
])
def test_integer_power_identities_are_proved(difference):
    assert is_zero(difference, [k]) is True


def test_an_identity_that_needs_the_parity_split_is_proved():
    # 2⌊k/2⌋ = k for even k and k − 1 for odd k: only the split k = 2j, 2j + 1 proves it
    floor_identity = 2 * sp.floor(k / 2) + (1 - (-1) ** k) / 2 - k
    assert is_zero(floor_identity, [k]) is True
    assert is_zero(floor_identity + 1, [k]) is False
    assert is_zero(2 * sp.floor(k / 2) - k, [k]) is False       # false at odd k
    assert is_zero(2 * sp.floor(k / 2) - k + 1, [k]) is False   # false at even k
    # without saying k is an integer symbol there is no split, and no proof
    assert is_zero(floor_identity) is False


def test_is_constant_uses_the_forward_difference_for_integer_symbols():
    floor_identity = 2 * sp.floor(k / 2) + (1 - (-1) ** k) / 2 - k     # 0 at every integer k
    assert is_constant(floor_identity + 5, [k], [k]) is True
    assert is_constant((-1) ** k, [k], [k]) is False                  # period 2: not constant
    assert is_constant(k, [k], [k]) is False
    assert is_constant(sp.Integer(5), [k], [k]) is True
    assert is_constant(sp.sin(x) ** 2 + sp.cos(x) ** 2 + b, [x]) is True
    assert is_constant(x * b, [x]) is False


@pytest.mark.parametrize("pairs, mode, proved", [
    ([(x**2, x**2 + 3)], "additive_constant", True),
    ([(x**2, -(x**2))], "additive_constant", False),             # the sum is constant, the difference is not
    ([(x + 1, 3 * x + 3)], "ratio_constant", True),
    ([(x + 1, x**2 + x + 1)], "ratio_constant", False),
    ([(y - 1 / x, x * y - 1)], "cleared_ratio_constant", True),  # y = 1/x and xy = 1
    ([(y - 1 / x, y - x)], "cleared_ratio_constant", False),
    ([(sp.Integer(1), b), (b, b**2)], "scalar_multiple", True),  # (1, b) and b·(1, b)
    ([(sp.Integer(1), b), (b, b)], "scalar_multiple", False),
    ([(sp.Integer(2), 2 * b), (b, b**2)], "scalar_multiple", True),   # b·(2, b), the factor need not be 1 first
    ([(((1 - b) / (1 + b)) ** k, (-1) ** k * ((b - 1) / (b + 1)) ** k)], "exact", True),
    ([(((1 - b) / (1 + b)) ** k, ((b - 1) / (b + 1)) ** k)], "exact", False),
])
def test_prove_in_each_mode(pairs, mode, proved):
    assert prove(pairs, mode, [k]) is proved


def test_prove_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="unknown mode"):
        prove([(x, x)], "roughly")
