"""Notation: the step size written ε or η, the parameters θ or w, in every medium.

How a derivation opts in to notation
====================================
``Derivation.metadata["notation"]`` maps a role to the symbol names that play it::

    Derivation(..., metadata={"notation": {"step": ("eta",), "parameters": ("w",)}})

A role left out takes the lecture's conventional names: the step is a symbol
named ``epsilon`` or ``eta`` and the parameters are symbols named ``theta`` or
``w`` (also with an index, ``w_1``, ``theta_k``). Declare an empty tuple to opt
out (``{"parameters": ()}`` when ``w`` means something else). The renaming is
applied to sympy objects through ``sympy.latex(symbol_names=...)`` (and the same
mapping for plain text), and textually only where it is safe: the macros
``\\epsilon``/``\\varepsilon``/``\\eta``/``\\theta`` and a lone letter ``w`` inside
``$…$`` math spans and LaTeX labels, the unicode letters ε, η, θ and whole words
(``epsilon``, ``eta``, ``eps``, ``theta``, a lone ``w``) in prose.
"""

import re

import sympy as sp

from ..errors import SymoptError
from .characters import GREEK
from .escape import unicode_to_latex_math


#: Allowed spellings of each notation role (canonical symbol names).
NOTATION_CHOICES = {"step": ("epsilon", "eta"), "parameters": ("theta", "w")}
#: Names assumed for a role when a derivation does not declare ``metadata["notation"]``.
DEFAULT_ROLES = {"step": ("epsilon", "eta"), "parameters": ("theta", "w")}
_ALIASES = {"ε": "epsilon", "ϵ": "epsilon", "varepsilon": "epsilon", r"\epsilon": "epsilon",
            r"\varepsilon": "epsilon", "η": "eta", r"\eta": "eta", "θ": "theta", r"\theta": "theta",
            "vartheta": "theta"}
_UNICODE_OF = {"epsilon": "ε", "eta": "η", "theta": "θ", "w": "w"}
_LATEX_OF = {"epsilon": r"\epsilon", "eta": r"\eta", "theta": r"\theta", "w": "w"}


def _choice(role, value):
    if value is None:
        return None
    name = _ALIASES.get(str(value).strip(), str(value).strip())
    if name not in NOTATION_CHOICES[role]:
        raise SymoptError(f"the {'step size' if role == 'step' else 'parameters'} can be written "
                          f"{' or '.join(NOTATION_CHOICES[role])}, not {value!r}")
    return name


class Notation:
    """The renaming of one derivation's symbols, built from its declared roles and the chosen names."""

    def __init__(self, derivation, step_symbol=None, parameter_symbol=None):
        declared = (derivation.metadata or {}).get("notation", {}) if derivation is not None else {}
        self.targets = {}
        for role, choice in (("step", _choice("step", step_symbol)),
                             ("parameters", _choice("parameters", parameter_symbol))):
            if choice is None:
                continue
            names = declared.get(role, DEFAULT_ROLES[role])
            names = tuple(n.name if isinstance(n, sp.Symbol) else str(n) for n in
                          ((names,) if isinstance(names, (str, sp.Symbol)) else names))
            for name in names:
                if name != choice:
                    self.targets[name] = choice

    def __bool__(self):
        return bool(self.targets)

    def rename(self, name):
        """The new name of a symbol called ``name`` (``w_1`` -> ``theta_1``), or None."""
        for base, target in self.targets.items():
            if name == base:
                return target
            if name.startswith(base) and re.fullmatch(r"_?[A-Za-z0-9_{}^*]+", name[len(base):]) \
                    and not name[len(base)].isalpha():
                return target + name[len(base):]
        return None

    def symbol_names(self, expression):
        """``{Symbol: latex}`` for ``sp.latex(symbol_names=...)``: renamed and unsafe symbols."""
        names = {}
        for s in _free_symbols(expression):
            new = self.rename(s.name)
            if new is not None:
                names[s] = _symbol_latex(new)
            elif not _SAFE_NAME.fullmatch(s.name):
                names[s] = _symbol_latex(s.name)
        return names

    def text_names(self, expression):
        return {s: self.rename(s.name) for s in _free_symbols(expression) if self.rename(s.name)}

    # textual replacement -----------------------------------------------------------------
    def latex_math(self, text):
        """Rename inside trusted LaTeX math (labels, ``$…$`` spans), outside ``\\text{}`` groups."""
        if not self.targets:
            return text
        parts = re.split(r"(\\(?:text|mathrm|operatorname|mathtt|textrm)\s*\{[^{}]*\})", text)
        for i in range(0, len(parts), 2):
            for base, target in self.targets.items():
                # every pattern ends before a non-letter, so the new macro cannot run into a letter
                parts[i] = re.sub(_latex_pattern(base), lambda m, new=_LATEX_OF[target]: new, parts[i])
        return "".join(parts)

    def prose(self, text):
        """Rename the unicode letters and whole words of the roles in prose."""
        if not self.targets:
            return text
        for base, target in self.targets.items():
            spellings = {base} | {c for c, n in GREEK.items() if n == base}
            for spelling in sorted(spellings, key=len, reverse=True):
                replacement = _UNICODE_OF[target] if len(spelling) == 1 else target
                text = re.sub(rf"(?<![A-Za-z]){re.escape(spelling)}(?![A-Za-z])", lambda m: replacement, text)
        return text


def _latex_pattern(base):
    """A regex for ``base`` in LaTeX math: its macro (``\\epsilon``, ``\\varepsilon``) or the bare name."""
    macro = sp.latex(sp.Symbol(base)) if _SAFE_NAME.fullmatch(base) else ""
    if re.fullmatch(r"\\[A-Za-z]+", macro):
        return rf"\\(?:var)?{macro[1:]}(?![A-Za-z])"
    return rf"(?<![\\A-Za-z]){re.escape(base)}(?![A-Za-z])"


def _free_symbols(expression):
    # atoms, not free_symbols: a bound variable (ConditionSet, Sum, Lambda) is renamed too
    if isinstance(expression, sp.Basic):
        return expression.atoms(sp.Symbol)
    if isinstance(expression, (list, tuple)):
        return set().union(*[_free_symbols(e) for e in expression]) if expression else set()
    return set()


#: A symbol name sympy spells safely: an identifier, with at most a plain superscript (``sigma_B^2``, ``x^*``).
_SAFE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\^[A-Za-z0-9*]+)?")
_MATH_TT = {"\\": r"\backslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "^": r"\hat{}", "%": r"\%",
            "#": r"\#", "&": r"\&", "$": r"\$", "~": r"\sim{}", " ": r"\ "}


def _symbol_latex(name):
    if _SAFE_NAME.fullmatch(name):
        return sp.latex(sp.Symbol(name))
    # a name that is not an identifier is spelled out character by character, in math mode
    spelled = "".join(_MATH_TT.get(c, c) if c.isascii() else unicode_to_latex_math(c) for c in name)
    return r"\mathtt{" + spelled + "}"
