"""Render derivations for a solution sheet: LaTeX bodies, Markdown and plain text with options.

:class:`~symopt.derivation.Derivation` objects carry their own simple renderers;
this package is the one printer of their steps, with what a solution sheet needs
and what untrusted text demands:

* **key steps only** (:meth:`~symopt.derivation.Derivation.key_steps`), with or
  without the **numeric verification** tables;
* **notation**: the step size written ε or η (``step_symbol="epsilon"`` or
  ``"eta"``) and the parameters θ or w (``parameter_symbol="theta"`` or ``"w"``);
  how a derivation declares it is told in :mod:`symopt.render.notation`;
* numbered equations, the final closed form boxed, long sums broken over lines;
* **safe LaTeX**: prose is escaped, raw unicode becomes LaTeX macros, and
  ``$…$`` math spans keep only an allow-list of math macros.

One idea a module, from the characters up to the whole sheet:

* ``characters`` — unicode of mathematics and its LaTeX, ASCII and plain spellings;
* ``escape`` — safe LaTeX: prose escaped, math sanitised to an allow-list;
* ``notation`` — the renaming ε/η, θ/w and the steps a printer shows;
* ``prose`` — finding mathematics in sentences and typesetting it;
* ``quantities`` — how the named quantities of steps (x_{k+1}, x*, ∇f, ‖x‖) are spelled in each medium;
* ``plain`` — values and LaTeX labels as plain text;
* ``equations`` — the LaTeX of an equation step, long sums broken;
* ``latex_printer``, ``markdown_printer``, ``text_printer``, ``pretty_printer`` — one medium each;
* ``sheet`` — the complete LaTeX document and ``compile_pdf``.
"""

from .characters import to_ascii
from .equations import LINE_BUDGET, equation_parts
from .escape import escape_text, sanitize_math, unicode_to_latex_math
from .latex_printer import WRAP_TABLE_CHARACTERS, latex_body, latex_problem, latex_table
from .markdown_printer import markdown
from .notation import DEFAULT_ROLES, NOTATION_CHOICES
from .plain import plain_math, text_value
from .pretty_printer import TERMINAL_WIDTH, pretty
from .prose import (math_segments, prose_latex, prose_markdown, prose_math_to_latex, prose_math_to_text,
                    prose_of, prose_value)
from .sheet import PREAMBLE, compile_pdf, document
from .text_printer import text

__all__ = ["NOTATION_CHOICES", "DEFAULT_ROLES", "escape_text", "sanitize_math", "unicode_to_latex_math",
           "prose_latex", "prose_markdown", "latex_body", "latex_problem", "math_segments",
           "prose_math_to_latex", "latex_table", "markdown", "text", "equation_parts",
           "text_value", "prose_of", "prose_value", "pretty", "to_ascii", "TERMINAL_WIDTH",
           "PREAMBLE", "document", "compile_pdf",
           "LINE_BUDGET", "WRAP_TABLE_CHARACTERS", "plain_math", "prose_math_to_text"]
