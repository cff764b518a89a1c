r"""A solution sheet: a complete LaTeX document of derivations, and its compilation by pdflatex.

The document uses only ``article``, ``amsmath``/``amssymb``, ``booktabs`` and
``geometry`` (TeX Live's ``texlive-latex-base`` and ``texlive-latex-recommended``)
and is pure ASCII: prose is escaped and unicode becomes LaTeX macros, so a
title such as ``x_1^2 & 50%`` or ``\input{/etc/passwd}`` is printed, never
executed. See :mod:`symopt.render.notation` for the rendering options and how a
derivation declares its notation.
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..citations import works_cited
from ..errors import SymoptError
from .escape import escape_text
from .latex_printer import latex_body, latex_problem
from .prose import prose_latex

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage{booktabs}
\usepackage{tabularx}
\usepackage[margin=2.5cm]{geometry}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\emergencystretch}{3em}
\makeatletter\setlength{\@fptop}{0pt}\makeatother
"""


def document(derivations, title=None, *, key_steps=False, step_symbol=None, parameter_symbol=None,
             verification=True, author=None, plot=None, plot_caption="The iterates on the contour lines of f."):
    r"""A compilable LaTeX solution sheet holding one or more derivations.

    The sheet has a title; for one derivation, the problem as stated (objective,
    assumptions, start, what is asked: see :func:`symopt.render.latex_problem`)
    and its solution; for several, one section each. Each step is a numbered
    paragraph with its one-line justification and a numbered equation (``align``
    with ``\label{eq:dN-M}``: derivation N, step M); the final closed form is
    boxed; each verification table is a ``booktabs`` table; the works cited are
    listed in a bibliography at the end.

    Parameters
    ==========
    derivations : a Derivation or a list of them (one section each)
    title : the document title, user text (escaped completely; default: the first derivation's title)
    key_steps : keep only the key and final steps (``Derivation.key_steps()``)
    step_symbol : ``"epsilon"`` or ``"eta"`` for the step size (default: as derived)
    parameter_symbol : ``"theta"`` or ``"w"`` for the parameters (default: as derived)
    verification : include the numeric verification tables
    author : optional author line (user text, escaped)
    plot : optional path of a PNG to include as a figure, relative to where the sheet is compiled
        (letters, digits, ``_ . / -`` only, so that pdflatex reads it as a file name)
    plot_caption : the figure's caption (prose; its mathematics is typeset as in the steps)

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> text = document(Derivation("Demo", (Step("Square", sp.Symbol('x')**2, sp.Symbol("f")),)), title="50% & more")
    >>> text.startswith(r"\documentclass") and text.rstrip().endswith(r"\end{document}")
    True
    >>> r"\title{50\% \& more}" in text and r"\label{eq:d1-1}" in text
    True
    >>> r"\section*{Solution}" in text and r"\section{Demo}" not in text
    True
    """
    if not isinstance(derivations, (list, tuple)):
        derivations = [derivations]
    if not derivations:
        raise SymoptError("a document needs at least one derivation")
    if plot is not None and not re.fullmatch(r"[A-Za-z0-9_./-]+\.(png|pdf|jpg)", str(plot)):
        raise SymoptError(f"cannot include the plot {plot!r} in a LaTeX sheet: use a .png name made of letters, "
                          "digits, _ . / - only")
    options = dict(key_steps=key_steps, step_symbol=step_symbol, parameter_symbol=parameter_symbol)
    heading = escape_text(title).strip() if title else prose_latex(derivations[0].title).strip()
    body = []
    if len(derivations) == 1:
        problem = latex_problem(derivations[0], **options)
        if problem:
            body += [r"\section*{Problem}", problem, ""]
        # the title is the sheet's title; the section is the solution, not the title again
        subtitle = prose_latex(derivations[0].title).strip()
        body.append(r"\section*{Solution}" + ("" if subtitle == heading else rf" \emph{{{subtitle}}}"))
        body += [latex_body(derivations[0], verification=verification, label_prefix="d1", **options), ""]
    else:
        for index, derivation in enumerate(derivations, 1):
            body += [rf"\section{{{prose_latex(derivation.title).strip()}}}",
                     latex_body(derivation, verification=verification, label_prefix=f"d{index}", **options), ""]
    if plot is not None:
        body += [r"\begin{figure}[!htbp]", r"\centering", rf"\includegraphics[width=0.75\linewidth]{{{plot}}}",
                 rf"\caption{{{prose_latex(plot_caption).strip()}}}", r"\end{figure}", ""]
    works = works_cited("\n".join(body))
    if works:
        body += [r"\begin{thebibliography}{99}",
                 *[rf"\bibitem{{w{index}}} {escape_text(work.entry).strip()}" for index, work in enumerate(works, 1)],
                 r"\end{thebibliography}", ""]
    preamble = PREAMBLE + (r"\usepackage{graphicx}" + "\n" if plot is not None else "")
    return "\n".join([preamble, rf"\title{{{heading}}}",
                      rf"\author{{{escape_text(author).strip()}}}" if author else r"\author{}",
                      r"\date{}", r"\begin{document}", r"\maketitle", "", *body, r"\end{document}", ""])


def compile_pdf(tex, directory=None, pdflatex=None, runs=2, timeout=120):
    """Compile LaTeX source with ``pdflatex -interaction=nonstopmode -halt-on-error``; returns the PDF path.

    Runs twice by default so that equation references settle. Raises
    :class:`~symopt.errors.SymoptError` with the tail of the log when pdflatex
    is missing or fails. ``-no-shell-escape`` is passed explicitly.

    Examples
    ========
    >>> from symopt.derivation import Derivation, Step
    >>> import shutil, tempfile, sympy as sp
    >>> if shutil.which("pdflatex"):
    ...     with tempfile.TemporaryDirectory() as d:
    ...         pdf = compile_pdf(document(Derivation("D", (Step("S", sp.Integer(1), sp.Symbol("a")),))), d, runs=1)
    ...         ok = pdf.read_bytes().startswith(b"%PDF")
    ... else:
    ...     ok = True
    >>> ok
    True
    """
    pdflatex = pdflatex or shutil.which("pdflatex")
    if pdflatex is None:
        raise SymoptError("pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended)")
    own = directory is None
    directory = Path(tempfile.mkdtemp(prefix="symopt-latex-") if own else directory)
    source = directory / "document.tex"
    source.write_text(tex, encoding="ascii", errors="strict")
    for _ in range(runs):
        try:
            result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                                     source.name], cwd=directory, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise SymoptError(f"pdflatex did not finish within {timeout} s") from None
        if result.returncode != 0:
            log = directory / "document.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else result.stdout.decode()[-3000:]
            raise SymoptError(f"pdflatex failed (exit {result.returncode}); log tail:\n{tail}")
    pdf = directory / "document.pdf"
    if not pdf.exists():
        raise SymoptError("pdflatex produced no PDF")
    return pdf


__all__ = ["PREAMBLE", "document", "compile_pdf"]
