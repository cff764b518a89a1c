"""Cliffs and gradient clipping (lecture: "Other issues — cliffs").

Objective (a choice): f(x, y) = ½(x² + y²) + h·tanh(s(x − c)) with h = 5, s = 20, c = 1 — a bowl with
a drop of 2h = 10 over a width of about 1/s at x = 1. On the cliff face ∂f/∂x = c + hs = 101, so a
plain gradient step of η = 0.1 has length about 10: the iterate is thrown far past the minimizer
near the origin. Clipping the gradient norm to v = 1 caps every step at ηv = 0.1.

A plain run is thrown off only if an iterate lands on the narrow face; we run one start in detail
and then 41 starts x₀ ∈ [1.5, 5.5], y₀ = 1, counting how many plain and clipped runs are thrown off.
"Thrown off": farther from the minimizer than at the start at some step, or one step longer than
the start's distance to the minimizer.

Run: python worked_examples/07_cliffs_and_gradient_clipping.py
"""

import numpy as np

from symopt.lecture.cliffs import run_cliff


def main():
    study = run_cliff()  # h = 5, s = 20, c = 1, lr 0.1, clip 1, 100 steps from (3, 2)
    print(study.derivation.to_text())
    starts = [(float(x0), 1.0) for x0 in np.linspace(1.5, 5.5, 41)]
    thrown_plain = thrown_clipped = 0
    largest_plain = largest_clipped = 0.0
    for start in starts:
        s = run_cliff(start=start, steps=100)
        thrown_plain += s.plain.thrown_off
        thrown_clipped += s.clipped.thrown_off
        largest_plain = max(largest_plain, s.plain.largest_step)
        largest_clipped = max(largest_clipped, s.clipped.largest_step)
    print()
    print(f"41 starts x0 in [1.5, 5.5], y0 = 1: thrown off without clipping {thrown_plain}, with clipping "
          f"{thrown_clipped}; largest step {largest_plain:.2f} vs {largest_clipped:.2f}")
    r = study.derivation.results
    return {
        "symbolic": {"objective": r["objective"], "gradient": r["gradient"], "wall_gradient": r["wall_gradient"],
                     "plain_step_at_wall": r["plain_step_at_wall"], "clipped_step_bound": r["clipped_step_bound"]},
        "numeric": {"from_3_2": study.to_json(), "starts": len(starts), "thrown_off_plain": thrown_plain,
                    "thrown_off_clipped": thrown_clipped, "largest_step_plain": largest_plain,
                    "largest_step_clipped": largest_clipped},
        # a plain step from the steepest point of the face has length about eta (c + h s)
        "theory": {"plain_step_at_wall": float(r["plain_step_at_wall"]),
                   "clipped_step_at_most": float(r["clipped_step_bound"]), "thrown_off_clipped": 0},
    }


if __name__ == "__main__":
    main()
