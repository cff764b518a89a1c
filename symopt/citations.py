"""The works symopt's derivations cite, in words a reader can look up, and the sheet's bibliography.

Derivation steps cite a result in words (``"Kantorovich bound (Luenberger & Ye)"``,
``"(Boyd & Vandenberghe §9.3.2)"``). :data:`WORKS` lists each work once: the
short form used in the text and the full entry printed in a sheet's bibliography.
:func:`cite` builds the short form from a key, :func:`works_cited` finds the
works a rendered text mentions, and :func:`replace_labels` turns a leftover
label of the project's private reference list (``"(R2)"``) into the citation
it stands for, so that such a label never reaches a reader.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Work:
    """A cited work: ``short`` appears in the text, ``entry`` in the bibliography."""

    short: str
    entry: str


#: key -> Work, in the order a bibliography lists them.
WORKS = {
    "boyd": Work("Boyd & Vandenberghe",
                 "S. Boyd and L. Vandenberghe, Convex Optimization, Cambridge University Press, 2004."),
    "luenberger": Work("Luenberger & Ye",
                       "D. G. Luenberger and Y. Ye, Linear and Nonlinear Programming, 4th ed., Springer, 2016."),
    "nocedal": Work("Nocedal & Wright",
                    "J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed., Springer, 2006."),
    "nesterov": Work("Nesterov, Introductory Lectures",
                     "Y. Nesterov, Introductory Lectures on Convex Optimization, Kluwer, 2004."),
    "polyak": Work("Polyak 1964",
                   "B. T. Polyak, Some methods of speeding up the convergence of iteration methods, "
                   "USSR Computational Mathematics and Mathematical Physics 4(5), 1964."),
    "goh": Work("Goh, Distill 2017", "G. Goh, Why Momentum Really Works, Distill, 2017."),
    "sutskever": Work("Sutskever et al. 2013",
                      "I. Sutskever, J. Martens, G. Dahl and G. Hinton, On the importance of initialization and "
                      "momentum in deep learning, ICML 2013."),
    "goodfellow": Work("Goodfellow et al.",
                       "I. Goodfellow, Y. Bengio and A. Courville, Deep Learning, MIT Press, 2016."),
    "ioffe": Work("Ioffe & Szegedy 2015",
                  "S. Ioffe and C. Szegedy, Batch Normalization: Accelerating Deep Network Training by Reducing "
                  "Internal Covariate Shift, ICML 2015."),
    "robbins": Work("Robbins & Monro 1951",
                    "H. Robbins and S. Monro, A Stochastic Approximation Method, Annals of Mathematical "
                    "Statistics 22(3), 1951."),
    "akaike": Work("Akaike 1959",
                   "H. Akaike, On a successive transformation of probability distribution and its application "
                   "to the analysis of the optimum gradient method, Ann. Inst. Statist. Math. 11, 1959."),
    "lecture": Work("CS551 lecture",
                    "A. Mondal, CS551: Introduction to Deep Learning, lecture \"Optimization\", IIT Patna."),
}

#: What each label of the project's private reference list cites, in words.
LABELS = {
    "R1": "Boyd & Vandenberghe §9.3.2",
    "R1'": "Boyd & Vandenberghe §9.3.2",
    "R2": "Luenberger & Ye; Nocedal & Wright Thm 3.3",
    "R3": "Nesterov, Introductory Lectures Thm 2.1.15",
    "R4": "Polyak 1964; Goh, Distill 2017",
    "R5": "Nesterov, Introductory Lectures §2.2; Sutskever et al. 2013",
    "R6": "Goodfellow et al. §8.6.1",
    "R7": "CS551 lecture, Momentum",
    "R8": "Robbins & Monro 1951",
    "R9": "Ioffe & Szegedy 2015",
    "R10": "CS551 lecture, AdaGrad and RMSProp",
    "R11": "Goodfellow et al. §4.3.1, §8.2.1",
    "R12": "Goodfellow et al. §4.3",
    "R13": "Goodfellow et al. §8.2.5",
    "R14": "Goodfellow et al. §8.2.2",
    "R15": "Goodfellow et al. §8.1.3",
}

_LABEL = re.compile(r"\bR(1[0-5]|[1-9])('?)(?![\w'])")


def cite(key, where=""):
    """The short citation of the work ``key``, optionally with a section or theorem.

    Examples
    ========
    >>> from symopt.citations import cite
    >>> cite("boyd", "§9.3.2")
    'Boyd & Vandenberghe §9.3.2'
    """
    short = WORKS[key].short
    return f"{short} {where}".strip()


def replace_labels(text):
    """Replace labels of the private reference list (``R2``, ``R1'``) by the citations they stand for.

    Examples
    ========
    >>> from symopt.citations import replace_labels
    >>> replace_labels("Kantorovich bound (R2)")
    'Kantorovich bound (Luenberger & Ye; Nocedal & Wright Thm 3.3)'
    >>> replace_labels("R12: all > 0 minimum")
    'Goodfellow et al. §4.3: all > 0 minimum'
    """
    return _LABEL.sub(lambda m: LABELS["R" + m.group(1) + m.group(2)], str(text))


def works_cited(text):
    """The :class:`Work` objects whose short form occurs in ``text``, in bibliography order.

    >>> from symopt.citations import works_cited
    >>> [w.short for w in works_cited("see Polyak 1964 and Boyd & Vandenberghe §9.3")]
    ['Boyd & Vandenberghe', 'Polyak 1964']
    """
    text = str(text)
    # a rendered LaTeX text spells & as \& and may break a name at a space
    flat = re.sub(r"\s+", " ", text.replace(r"\&", "&").replace("~", " "))
    return [work for work in WORKS.values() if work.short in flat]


__all__ = ["Work", "WORKS", "LABELS", "cite", "replace_labels", "works_cited"]
