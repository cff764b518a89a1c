"""Every cap symopt puts on user input, in one place that imports nothing.

The command line prints these in ``symopt --help`` before it has loaded sympy or
numpy, so this module must stay free of imports.
"""

# Parsing: untrusted text.
MAX_LENGTH = 10_000
"""Longest accepted text, in characters."""
MAX_DEPTH = 60
"""Deepest bracket nesting, and deepest expression tree (long sums and products count once)."""
MAX_NODES = 2_000
"""Most syntax-tree nodes (numbers, names, operations, calls)."""
MAX_DIGITS = 4_000
"""Most decimal digits of an exact number (numerator or denominator)."""
MAX_FLOAT_EXP10 = 400
"""Floats must lie between ``10**-MAX_FLOAT_EXP10`` and ``10**MAX_FLOAT_EXP10`` in magnitude (or be 0)."""
MAX_ROOT_DIGITS = 300
"""Most digits of an exact number raised to a fractional power."""
MAX_EXPONENT = 1_000
"""Largest magnitude of a numeric exponent on a non-numeric base (e.g. ``(x+1)**1000``)."""
MAX_FACTORIAL = 1_000
"""Largest exact argument of ``factorial``, ``gamma`` and ``binomial``."""
MAX_ARGS = 10
"""Most arguments of ``Max``/``Min`` (sympy compares them pairwise)."""
MAX_NAMES = 100
"""Most names in a list such as ``--vars`` (a Hessian has the square of this many entries)."""
MAX_MATRIX_SIZE = 40
"""Most rows or columns of a matrix."""
MAX_NUMBER_LITERAL = 1_000
"""Most characters of one number literal."""

# Budget: one worker per command.
#: Budget of one open-ended symbolic step when none is given.
DEFAULT_SECONDS = 5.0
#: Longest budget accepted (seconds): a day.
MAX_SECONDS = 86_400.0
#: Address-space ceiling of a worker (bytes): 1 GiB.
MEMORY_LIMIT_BYTES = 1 << 30
#: Characters a command may print on stdout before it is stopped with a one-line error.
MAX_OUTPUT_CHARS = 20_000_000

# Optimizer runs.
#: ``record="auto"`` keeps every iterate up to this many stored numbers.
AUTO_RECORD_LIMIT = 10_000_000
#: The most steps one run may take.
MAX_STEPS = 1_000_000
#: The most variables of a Problem a run differentiates and lambdifies.
MAX_VARIABLES = 100
#: The most numbers in a batch of iterates (runs × variables), float64; a hundredth of it in mpmath.
MAX_BATCH_NUMBERS = 10_000_000
#: The most recorded numbers (records × runs × variables), float64; a hundredth of it in mpmath.
MAX_RECORDED_NUMBERS = 20_000_000
