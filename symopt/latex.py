"""Complete LaTeX documents from derivations (article class, amsmath)."""

from .derivation import _escape

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.5cm]{geometry}
\allowdisplaybreaks
"""


def document(derivations, title=None):
    """A compilable LaTeX document holding one or more derivations.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> text = document(Derivation("Demo", (Step("Square", sp.Symbol('x')**2, "f"),)))
    >>> text.startswith(r"\\documentclass") and text.rstrip().endswith(r"\\end{document}")
    True
    """
    if not isinstance(derivations, (list, tuple)):
        derivations = [derivations]
    title = title or derivations[0].title
    body = []
    for derivation in derivations:
        body += [rf"\section*{{{_escape(derivation.title)}}}", derivation.to_latex(), ""]
    return "\n".join([PREAMBLE, rf"\title{{{_escape(title)}}}", r"\date{}", r"\begin{document}",
                      r"\maketitle", *body, r"\end{document}", ""])
