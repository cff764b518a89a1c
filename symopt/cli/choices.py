"""The choices and defaults ``symopt --help`` shows, without importing the library that owns them.

Building the parser must load neither sympy nor numpy (``symopt --help`` is
then a fraction of a sympy import), but several options list values that
the mathematics defines: the optimizers, the check modes, the answer formats.
The check options' choices are imported from the light modules that
define them; the rest are copies because their modules load sympy or numpy,
and ``tests/test_cli_startup.py`` asserts each equals the library's own, so
the help cannot drift from what the command accepts. Caps
live in :mod:`symopt.limits`.
"""

from ..check.gradebook import REPORT_FORMATS  # noqa: F401 (--report-format)
from ..check.options import DEFAULT_FLOOR as CHECK_FLOOR  # noqa: F401 (--floor)
from ..check.options import MODES as CHECK_MODES  # noqa: F401 (--mode)
from ..parsing import ANSWER_FORMATS  # noqa: F401 (--answer-format; the parsing package loads its modules lazily)

#: ``symopt run OPTIMIZER``: the names of :data:`symopt.optimizers.OPTIMIZERS`, in its order.
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-nesterov", "newton", "adam")

#: ``symopt analyze`` without arguments: :data:`symopt.analysis.DEFAULT_EXPRESSION` and its companions.
ANALYZE_EXPRESSION = "(x**2 + b*y**2)/2"
ANALYZE_VARIABLES = "x,y"
ANALYZE_ASSUMPTIONS = "0<b<=1"

#: ``symopt derive --plot``: :data:`symopt.plots.PLOT_DEFAULT`, the value of a parameter without ``--set``.
PLOT_DEFAULT = 0.25
