"""The choices and defaults ``symopt --help`` shows, without importing the library that owns them.

Building the parser must load neither sympy nor numpy (``symopt --help`` is
then a fraction of a sympy import), but several options list values that
the mathematics defines: the optimizers, the check modes, the answer formats.
Each constant here equals the library's own (``tests/test_cli_startup.py``
asserts it), so the help cannot drift from what the command accepts. Caps
live in :mod:`symopt.limits`.
"""

#: ``symopt run OPTIMIZER``: the names of :data:`symopt.optimizers.OPTIMIZERS`, in its order.
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop-nesterov", "newton", "adam")

#: ``symopt check --mode``: :data:`symopt.check.MODES`.
CHECK_MODES = ("exact", "additive_constant", "scalar_multiple")
#: ``symopt check --floor``: :data:`symopt.check.DEFAULT_FLOOR`.
CHECK_FLOOR = 1e-12
#: ``symopt check --answer-format``: :data:`symopt.parsing.ANSWER_FORMATS`.
ANSWER_FORMATS = ("auto", "text", "latex")
#: ``symopt check --report-format``: :data:`symopt.check.gradebook.REPORT_FORMATS`.
REPORT_FORMATS = ("csv", "gradescope")

#: ``symopt analyze`` without arguments: :data:`symopt.analysis.DEFAULT_EXPRESSION` and its companions.
ANALYZE_EXPRESSION = "(x**2 + b*y**2)/2"
ANALYZE_VARIABLES = "x,y"
ANALYZE_ASSUMPTIONS = "0<b<=1"

#: ``symopt derive --plot``: :data:`symopt.plots.PLOT_DEFAULT`, the value of a parameter without ``--set``.
PLOT_DEFAULT = 0.25
