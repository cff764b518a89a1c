"""The unicode of mathematics and its other spellings: LaTeX macros, ASCII, and back.

One table a direction: a Greek letter or symbol to its LaTeX macro (the sheet),
super- and subscript digits to plain ones (both ways, for the terminal), a macro
back to its unicode character (plain text of a LaTeX label), and unicode to ASCII
for terminals that show none (``--ascii``).
"""

import re
import unicodedata


GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
         "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa", "λ": "lambda",
         "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "varsigma",
         "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
         "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
         "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"}
MATH_CHARS = {**{c: "\\" + n for c, n in GREEK.items()}, "φ": r"\varphi",  # U+03C6 is the loopy phi: \varphi
              "∇": r"\nabla", "∂": r"\partial", "≤": r"\le", "⩽": r"\le", "≥": r"\ge", "⩾": r"\ge",
              "≠": r"\ne", "≈": r"\approx", "≃": r"\simeq", "∼": r"\sim", "≡": r"\equiv", "∝": r"\propto",
              "∈": r"\in", "∉": r"\notin", "⊂": r"\subset", "⊆": r"\subseteq", "∪": r"\cup", "∩": r"\cap",
              "∅": r"\emptyset", "∀": r"\forall", "∃": r"\exists", "¬": r"\neg", "∧": r"\wedge",
              "∨": r"\vee", "→": r"\to", "←": r"\leftarrow", "↦": r"\mapsto", "⇒": r"\Rightarrow",
              "⇐": r"\Leftarrow", "⇔": r"\iff", "↔": r"\leftrightarrow", "∞": r"\infty", "×": r"\times",
              "·": r"\cdot", "⋅": r"\cdot", "∘": r"\circ", "⊙": r"\odot", "⊗": r"\otimes",
              "⊕": r"\oplus", "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "√": r"\surd", "±": r"\pm",
              "∓": r"\mp", "‖": r"\|", "∥": r"\|", "⊤": r"\top", "⊥": r"\perp", "⟨": r"\langle",
              "⟩": r"\rangle", "≪": r"\ll", "≫": r"\gg", "°": r"^{\circ}", "′": r"^{\prime}",
              "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "ℓ": r"\ell", "∗": "*",
              "−": "-", "÷": r"\div", "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil",
              "½": r"\tfrac{1}{2}", "⅓": r"\tfrac{1}{3}", "¼": r"\tfrac{1}{4}", "¾": r"\tfrac{3}{4}",
              "⅔": r"\tfrac{2}{3}", "…": r"\ldots", "⋯": r"\cdots"}
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵏ", "0123456789+-=()niTk"))
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ᵢⱼₖₙₘₜₓₐₑₒₚₛ", "0123456789+-=()ijknmtxaeops"))
GREEK_LETTER = {}
for _char, _word in GREEK.items():
    GREEK_LETTER.setdefault(_word, _char)
UNICODE_SUBSCRIPT = dict(zip("0123456789+-=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ"))
UNICODE_OF_MACRO = {macro.lstrip("\\"): char for char, macro in reversed(list(MATH_CHARS.items()))
                    if re.fullmatch(r"\\[A-Za-z]+", macro)}
UNICODE_OF_MACRO.update({"epsilon": "ε", "varepsilon": "ε", "phi": "φ", "varphi": "φ", "leq": "≤", "geq": "≥",
                         "neq": "≠", "cdot": "·", "mu": "μ", "lambda": "λ", "nabla": "∇", "approx": "≈",
                         "infty": "∞", "Rightarrow": "⇒", "iff": "⇔", "sum": "∑", "le": "≤", "ge": "≥",
                         "odot": "⊙", "sqrt": "√", "quad": " ", "dots": "…", "ldots": "…"})
_ASCII_OF = {"≤": "<=", "≥": ">=", "→": "->", "←": "<-", "⇒": "=>", "⇔": "<=>", "−": "-", "·": "*", "⋅": "*",
             "×": "x", "≠": "!=", "≈": "~", "∇": "grad ", "∂": "d", "ᵀ": "^T", "½": "1/2", "…": "...", "‖": "||",
             "√": "sqrt", "∑": "sum", "∞": "oo", "∈": " in ", "–": "-", "—": "--", "’": "'", "“": '"', "”": '"',
             "∗": "*", "⊙": "*", "§": "section ", "²": "^2", "³": "^3", "⁻¹": "^-1"}


def to_ascii(text):
    """Unicode mathematics spelled in ASCII for plain terminals (``ε ≤ ½`` -> ``epsilon <= 1/2``).

    >>> from symopt.render import to_ascii
    >>> to_ascii("α_k ≤ ½‖g‖², x₀ → x*")
    'alpha_k <= 1/2||g||^2, x_0 -> x*'
    >>> to_ascii("|1 - ηλ|, 2α")
    '|1 - eta*lambda|, 2*alpha'
    """
    out = []
    for char in str(text):
        if char.isascii():
            out.append(char)
        elif char in _ASCII_OF:
            out.append(_ASCII_OF[char])
        elif char in GREEK:
            # ηλ is eta*lambda: a word after a letter would read as one name ("etalambda")
            out.append(("*" if out and out[-1][-1:].isalnum() else "") + GREEK[char])
        elif char in SUBSCRIPTS:
            out.append("_" + SUBSCRIPTS[char])
        elif char in SUPERSCRIPTS:
            out.append("^" + SUPERSCRIPTS[char])
        else:
            out.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?")
    return "".join(out)
