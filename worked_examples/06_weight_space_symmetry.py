"""Weight-space symmetry (lecture: "Local minima (contd.)" — model identifiability).

A network with m hidden layers of n units computes the same function after reordering the units of
any layer, so every weight setting has (n!)^m equivalent copies. ReLU units add a continuous
symmetry: relu(a z) = a relu(z) for a > 0, so scaling a unit's incoming weights and bias by a and
its outgoing weights by 1/a changes nothing. tanh units add sign flips, −tanh(−z) = tanh(z); for
ReLU the flip is *not* a symmetry (relu(z) − (−relu(−z)) = |z|).

We derive these identities symbolically, then check them on a seeded MLP (3 inputs, 2 hidden
layers of 4 units, 2 outputs) and enumerate all (3!)² = 36 orderings of a smaller one.

Run: python worked_examples/06_weight_space_symmetry.py
"""

import math

from symopt.lecture.symmetry import check_mlp_symmetries, enumerate_permutations, permutation_count


def main():
    check = check_mlp_symmetries(n=4, m=2, a=2.5, seed=0)
    print(check.derivation.to_text())
    count, worst = enumerate_permutations(3, 2, seed=0, activation="tanh")
    count_relu, worst_relu = enumerate_permutations(3, 2, seed=0, activation="relu")
    print()
    print(f"enumerated orderings of a 2x3-unit MLP: {count} distinct weight vectors, all computing the same "
          f"function (max |f - f'| tanh {worst:.1e}, relu {worst_relu:.1e})")
    r = check.derivation.results
    return {
        "symbolic": {"count_formula": permutation_count(), "count_n4_m2": r["count"],
                     "relu_scaling_difference": r["relu_scaling"], "tanh_sign_flip_difference": r["tanh_sign_flip"],
                     "relu_sign_flip_difference": r["relu_sign_flip"]},
        "numeric": {**check.to_json()["max_abs_difference"], "enumerated_equivalent_n3_m2": count,
                    "enumerated_max_difference": max(worst, worst_relu), "output_scale": check.output_scale},
        "theory": {"count_n4_m2": math.factorial(4) ** 2, "count_n3_m2": math.factorial(3) ** 2,
                   "symmetries_leave_f_unchanged": 0.0, "relu_sign_flip_changes_f": True,
                   "tanh_scaling_changes_f": True},
    }


if __name__ == "__main__":
    main()
