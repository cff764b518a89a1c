"""The rest of the lecture as library functions.

* :mod:`~symopt.lecture.batchnorm` — batch normalization: training transform (symbolic and concrete m),
  unbiased variance, inference and folding, backward pass proved equal to its compact form;
* :mod:`~symopt.lecture.symmetry` — weight-space symmetry: (n!)^m, ReLU scaling, tanh sign flips;
* :mod:`~symopt.lecture.saddles` — saddle points in high dimension: GOE Monte Carlo;
* :mod:`~symopt.lecture.surrogate` — empirical risk, 0-1 loss against logistic and hinge surrogates;
* :mod:`~symopt.lecture.cliffs` — cliffs and gradient-norm clipping.

Bare nouns are symbolic derivations; ``run_*``/``eval_*``/``check_*`` functions are numeric and import
numpy (and matplotlib for plots) only when called.
"""

from .batchnorm import (BatchNorm, batch_normalization, batchnorm_backward, batchnorm_inference, batchnorm_transform,
                        eval_batchnorm_backward, eval_batchnorm_forward, eval_batchnorm_inference,
                        eval_fold_batchnorm, eval_running_statistics, unbiased_variance, verify_batchnorm_backward)
from .cliffs import CliffStudy, cliff_derivation, cliff_objective, run_cliff
from .saddles import GOEStudy, classify_symmetric_matrix, plot_goe_study, run_goe_study, wilson_interval
from .surrogate import SurrogateDemo, run_surrogate_demo, surrogate_losses
from .symmetry import (SymmetryCheck, check_mlp_symmetries, enumerate_permutations, permutation_count,
                       weight_space_symmetry)

__all__ = [
    "BatchNorm", "batch_normalization", "batchnorm_backward", "batchnorm_inference", "batchnorm_transform",
    "eval_batchnorm_backward", "eval_batchnorm_forward", "eval_batchnorm_inference", "eval_fold_batchnorm",
    "eval_running_statistics", "unbiased_variance", "verify_batchnorm_backward",
    "CliffStudy", "cliff_derivation", "cliff_objective", "run_cliff",
    "GOEStudy", "classify_symmetric_matrix", "plot_goe_study", "run_goe_study", "wilson_interval",
    "SurrogateDemo", "run_surrogate_demo", "surrogate_losses",
    "SymmetryCheck", "check_mlp_symmetries", "enumerate_permutations", "permutation_count",
    "weight_space_symmetry",
]
