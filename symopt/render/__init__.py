"""Render derivations for a solution sheet: LaTeX bodies, Markdown and plain text with options.

:class:`~symopt.derivation.Derivation` objects carry their own simple renderers;
this module adds what a solution sheet needs and what untrusted text demands:

* **key steps only** (:meth:`~symopt.derivation.Derivation.key_steps`), with or
  without the **numeric verification** tables;
* **notation**: the step size written ε or η (``step_symbol="epsilon"`` or
  ``"eta"``) and the parameters θ or w (``parameter_symbol="theta"`` or ``"w"``);
* numbered equations, the final closed form boxed, long sums broken over lines;
* **safe LaTeX**: prose is escaped, raw unicode (ε, ∇, ², ≤, −, ½ …) becomes
  LaTeX macros so pdflatex never sees a non-ASCII byte, and ``$…$`` math spans
  keep only an allow-list of math macros (``\\input``, ``\\write18``, ``^^5c`` and
  friends become visible, inert text).

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
import unicodedata

import sympy as sp
from sympy.printing.str import StrPrinter

from ..citations import replace_labels, works_cited
from ..errors import SymoptError

#: Allowed spellings of each notation role (canonical symbol names).
NOTATION_CHOICES = {"step": ("epsilon", "eta"), "parameters": ("theta", "w")}
#: Names assumed for a role when a derivation does not declare ``metadata["notation"]``.
DEFAULT_ROLES = {"step": ("epsilon", "eta"), "parameters": ("theta", "w")}

_ALIASES = {"ε": "epsilon", "ϵ": "epsilon", "varepsilon": "epsilon", r"\epsilon": "epsilon",
            r"\varepsilon": "epsilon", "η": "eta", r"\eta": "eta", "θ": "theta", r"\theta": "theta",
            "vartheta": "theta"}
_UNICODE_OF = {"epsilon": "ε", "eta": "η", "theta": "θ", "w": "w"}
_LATEX_OF = {"epsilon": r"\epsilon", "eta": r"\eta", "theta": r"\theta", "w": "w"}

_RELATIONS = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "=>": r"\Rightarrow",
              "~": r"\approx", "<=>": r"\iff", "!=": r"\ne"}

#: Estimated printed characters per display line before a long sum is broken.
LINE_BUDGET = 70


# --- options --------------------------------------------------------------------------------------

def _choice(role, value):
    if value is None:
        return None
    name = _ALIASES.get(str(value).strip(), str(value).strip())
    if name not in NOTATION_CHOICES[role]:
        raise SymoptError(f"the {'step size' if role == 'step' else 'parameters'} can be written "
                          f"{' or '.join(NOTATION_CHOICES[role])}, not {value!r}")
    return name


class _Notation:
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

    def prose(self, text, aliases=False):
        """Rename the unicode letters and whole words of the roles in prose."""
        if not self.targets:
            return text
        for base, target in self.targets.items():
            spellings = {base} | {c for c, n in _GREEK.items() if n == base}
            if aliases and base == "epsilon":
                spellings.add("eps")
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


_SAFE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


_MATH_TT = {"\\": r"\backslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "^": r"\hat{}", "%": r"\%",
            "#": r"\#", "&": r"\&", "$": r"\$", "~": r"\sim{}", " ": r"\ "}


def _symbol_latex(name):
    if _SAFE_NAME.fullmatch(name):
        return sp.latex(sp.Symbol(name))
    # a name that is not an identifier is spelled out character by character, in math mode
    spelled = "".join(_MATH_TT.get(c, c) if c.isascii() else unicode_to_latex_math(c) for c in name)
    return r"\mathtt{" + spelled + "}"


# --- unicode and escaping -------------------------------------------------------------------------

_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
          "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa", "λ": "lambda",
          "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "varsigma",
          "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
          "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
          "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"}
_MATH_CHARS = {**{c: "\\" + n for c, n in _GREEK.items()}, "φ": r"\varphi",  # U+03C6 is the loopy phi: \varphi
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
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵏ", "0123456789+-=()niTk"))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ᵢⱼₖₙₘₜₓₐₑₒₚₛ", "0123456789+-=()ijknmtxaeops"))
#: Prose characters with a text-mode spelling (no math needed).
_TEXT_CHARS = {"–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "„": ",,", "−": "-",
               "…": r"\ldots{}", "•": r"$\bullet$", "ß": r"{\ss}", "æ": r"{\ae}",
               "ø": r"{\o}", "Ø": r"{\O}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}", "å": r"{\aa}",
               "Å": r"{\AA}", "ł": r"{\l}", "Ł": r"{\L}", "§": r"{\S}", "¶": r"{\P}", "©": r"{\copyright}"}
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0327": "c",
            "\u030c": "v", "\u0304": "="}

_PROSE_SPECIALS = {"&": r"\&", "%": r"\%", "$": r"$\$$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                   "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
                   "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}


def _script_runs_pattern():
    return re.compile("([" + re.escape("".join(_SUPERSCRIPTS)) + "]+)|([" + re.escape("".join(_SUBSCRIPTS))
                      + "]+)|(.)", re.S)


def _unicode_tokens(text):
    """``(is_math, latex)`` for each character (super/subscript runs grouped) of ``text``."""
    for match in _script_runs_pattern().finditer(text):
        sup, sub, char = match.groups()
        if sup:
            yield True, "^{" + "".join(_SUPERSCRIPTS[c] for c in sup) + "}"
        elif sub:
            yield True, "_{" + "".join(_SUBSCRIPTS[c] for c in sub) + "}"
        elif char.isascii():
            yield False, char
        elif char in _TEXT_CHARS:
            yield False, _TEXT_CHARS[char]
        elif char in _MATH_CHARS:
            yield True, _MATH_CHARS[char]
        else:
            yield False, _unknown_char(char)


def _unknown_char(char):
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 2 and decomposed[0].isascii() and decomposed[1] in _ACCENTS:
        return "{\\" + _ACCENTS[decomposed[1]] + "{" + decomposed[0] + "}}"
    ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    if ascii_form and ascii_form.isprintable():
        return "".join(_PROSE_SPECIALS.get(c, c) for c in ascii_form)
    return f"[U+{ord(char):04X}]"


def escape_text(text):
    """Escape prose for LaTeX text mode: specials, unicode (as macros), whitespace on one line.

    Everything comes out as printable ASCII that pdflatex typesets literally,
    whatever the input: a user's ``\\input{/etc/passwd}`` is printed, not executed.

    Examples
    ========
    >>> from symopt.render import escape_text
    >>> print(escape_text("x_1^2 & 50% — ε ≤ ½, ∇²f"))
    x\\_1\\textasciicircum{}2 \\& 50\\% --- $\\epsilon \\le \\tfrac{1}{2}$, $\\nabla^{2}$f
    """
    out, math, spaces = [], [], ""
    text = re.sub(r"\s+", " ", str(text)).replace("<=", "≤").replace(">=", "≥")
    for is_math, piece in _unicode_tokens(text):
        if is_math:
            math.append(spaces + piece if math else piece)
            if not math[:-1]:
                out.append(spaces)
            spaces = ""
        elif piece == " " and math:
            spaces += " "
        else:
            if math:
                out.append("$" + _join_macros(math) + "$")
                math = []
            out.append(spaces + _PROSE_SPECIALS.get(piece, piece) if len(piece) == 1 else spaces + piece)
            spaces = ""
    if math:
        out.append("$" + _join_macros(math) + "$")
    return "".join(out) + spaces


def _join_macros(pieces):
    joined = ""
    for piece in pieces:
        if re.search(r"\\[A-Za-z]+$", joined) and piece[:1].isalpha():
            joined += " "
        joined += piece
    return joined


def unicode_to_latex_math(text):
    """Replace unicode inside LaTeX math by macros (``ε`` -> ``\\epsilon``, ``²`` -> ``^{2}``).

    >>> from symopt.render import unicode_to_latex_math
    >>> print(unicode_to_latex_math("∇²f ≤ ½εx"))
    \\nabla^{2}f \\le \\tfrac{1}{2}\\epsilon x
    """
    if text.isascii():
        return text
    pieces = [piece if is_math or len(piece) == 1 else r"\text{" + piece + "}"
              for is_math, piece in _unicode_tokens(text)]
    return _join_macros(pieces)


# --- math sanitising ------------------------------------------------------------------------------

_MATH_MACROS = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi
    Sigma Upsilon Phi Psi Omega digamma
    frac dfrac tfrac sqrt sum prod int iint iiint iiiint oint lim limits nolimits sup inf max min arg det exp
    log ln lg sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth sech csch gcd Pr deg dim hom ker
    operatorname mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak boldsymbol text textrm textit
    textbf texttt emph bm left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr
    cdot cdots ldots dots ddots vdots times div pm mp ast star circ bullet odot otimes oplus
    le leq ge geq ne neq approx simeq sim equiv propto ll gg lt gt in notin ni subset subseteq supset
    supseteq cup cap setminus emptyset varnothing forall exists neg lnot wedge vee land lor veebar
    to rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow Longrightarrow
    longrightarrow mapsto iff implies impliedby
    infty partial nabla top bot perp mid parallel prime dagger ell hbar Re Im aleph
    langle rangle lceil rceil lfloor rfloor lVert rVert lvert rvert vert Vert backslash
    hat widehat bar overline underline tilde widetilde vec dot ddot dddot ddddot acute grave breve check
    mathring overbrace underbrace overset underset stackrel substack
    binom tbinom dbinom bmod pmod mod quad qquad displaystyle textstyle scriptstyle nonumber notag nobreak
    mathrel mathbin mathop mathord boxed triangle not colon cdotp intercal transpose
    begin end phantom hphantom vphantom""".split())
_ENVIRONMENTS = frozenset("matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases array aligned "
                          "gathered split".split())
_SAFE_CONTROL_SYMBOLS = set(",;:! {}|\\_&%$#'")


def sanitize_math(text, allow_alignment=False):
    r"""Keep LaTeX math harmless: allow-listed macros only, specials escaped, braces balanced.

    Macros outside the allow-list (``\input``, ``\write``, ``\def`` …) are
    printed as ``\backslash\mathrm{name}``; ``^^`` (TeX's character-code escape)
    is broken up; ``#``, ``%`` (and ``&`` unless ``allow_alignment``) are escaped.
    Unbalanced braces make the whole span be typeset as text.

    Examples
    ========
    >>> from symopt.render import sanitize_math
    >>> sanitize_math(r"\frac{1}{2}\epsilon^2 \input{/etc/passwd}")
    '\\frac{1}{2}\\epsilon^2 \\backslash\\mathrm{input}{/etc/passwd}'
    """
    # TeX reads ^^5c as a backslash: never let two carets meet
    text = re.sub(r"\^{2,}", lambda m: r"\hat{}" * len(m.group()), unicode_to_latex_math(str(text)))
    out = []
    i = 0
    depth = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            match = re.match(r"\\([A-Za-z]+)", text[i:])
            if match:
                name = match.group(1)
                allowed = name in _MATH_MACROS
                if name in ("begin", "end"):
                    env = re.match(r"\s*\{([A-Za-z]+\*?)\}", text[i + len(match.group()):])
                    allowed = bool(env) and env.group(1) in _ENVIRONMENTS
                out.append(match.group() if allowed else r"\backslash\mathrm{" + name + "}")
                i += len(match.group())
                continue
            nxt = text[i + 1:i + 2]
            if nxt and nxt in _SAFE_CONTROL_SYMBOLS:
                out.append(c + nxt)
                i += 2
                continue
            out.append(r"\backslash{}")
            i += 1
            continue
        if c in "#%" or (c == "&" and not allow_alignment):
            out.append("\\" + c)
        elif c == "$":
            out.append(r"\$")
        elif c == "{":
            depth += 1
            out.append(c)
        elif c == "}":
            depth -= 1
            if depth < 0:
                break
            out.append(c)
        elif c == "\n":
            out.append(" ")
        else:
            out.append(c)
        i += 1
    if depth != 0:
        return r"\text{" + escape_text(text) + "}"
    return "".join(out)


def _split_math_spans(text):
    """Split prose at unescaped ``$``: even items are prose, odd items math (an unpaired ``$`` is text)."""
    text = str(text).replace(r"\$", "\x00")
    parts = text.split("$")
    if len(parts) % 2 == 0:  # an odd number of dollars: the last one is literal
        parts = parts[:-2] + [parts[-2] + "\x00" + parts[-1]]
    return [p.replace("\x00", "$") for p in parts]


# --- mathematics inside prose ---------------------------------------------------------------------
#
# Titles and justifications are sentences that mix words and mathematics ("Step at x_0",
# "So x_{k+1} − x* = (I − α_0 H)(x_k − x*), a linear recurrence"). The printer finds the mathematics:
# a word of two or more letters is prose unless it is glued to mathematics (g^THg, alpha_k) or is a
# function name before "(" (log(x)); everything between two prose words that holds a letter, a Greek
# letter or a script is mathematics, split at ", " and "; " outside brackets and trimmed of
# punctuation and unbalanced brackets. A lone "a" is the article.

_WORD = re.compile(r"(?:e\.g|i\.e|cf|etc)\.|[A-Za-z]+(?:['’][A-Za-z]+)*")
_GLUE = set("_^*'") | set(_SUPERSCRIPTS) | set(_SUBSCRIPTS) | set(_GREEK) | {"∇", "∂"}
_MATH_FUNCTIONS = {"sin", "cos", "tan", "exp", "log", "ln", "sqrt", "diag", "det", "tr", "max", "min",
                   "argmin", "argmax", "Var", "sign", "sgn", "tanh"}
#: Greek letters spelled out in prose ("eta = 1/10", "with respect to gamma") are mathematics.
_GREEK_WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eps", "eta", "theta", "kappa", "lambda", "mu",
                "rho", "sigma", "tau", "phi"}
_MATH_MARK = re.compile("[A-Za-z" + re.escape("".join(_GREEK) + "".join(_SUPERSCRIPTS) + "".join(_SUBSCRIPTS))
                        + "∇∂]")
_NOT_IN_MATH = set("\\$%#&~`\"‘’“”")


def _is_prose_word(text, match):
    word = match.group()
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if before in _GLUE or after in _GLUE:
        return False
    if re.match(r"\d*\(", text[match.end():]) or word in _GREEK_WORDS:
        return False  # a function applied (relu(z), log2(x)) or a Greek letter spelled out
    if word in _MATH_FUNCTIONS and after in "^'":
        return False
    return len(word) >= 2 or (word in ("a", "A") and not re.match(r"\s*[<>=≤≥]", text[match.end():]))


def _split_top_level(segment):
    """Split at ", " and "; " outside brackets (a vector [b, 1] stays whole)."""
    pieces, depth, start = [], 0, 0
    for i, c in enumerate(segment):
        depth += c in "([{"
        depth -= c in ")]}"
        if depth <= 0 and c in ",;" and segment[i + 1:i + 2] in (" ", ""):
            pieces += [segment[start:i], c]
            start = i + 1
            depth = 0
    return pieces + [segment[start:]]


def _trim(segment, glued_before=False, glued_after=False):
    """``(lead, core, tail)``: spaces, punctuation and unbalanced brackets moved out of the core."""
    lead, core, tail = "", segment, ""
    punctuation = " \t\n:.,;!?"
    while core:
        if core[0] in punctuation or core[0] in ")]}" or (core[0] in "-−" and glued_before and not lead):
            lead, core = lead + core[0], core[1:]
        elif core[-1] in punctuation or core[-1] in "([{" or (core[-1] in "-−" and glued_after):
            core, tail = core[:-1], core[-1] + tail
        elif core.count("|") % 2 and core[0] == "|":
            lead, core = lead + core[0], core[1:]
        elif core.count("|") % 2 and core[-1] == "|":
            core, tail = core[:-1], core[-1] + tail
        elif any(core.count(o) > core.count(c) and core.startswith(o) for o, c in ("()", "[]", "{}")):
            lead, core = lead + core[0], core[1:]
        elif any(core.count(o) < core.count(c) and core.endswith(c) for o, c in ("()", "[]", "{}")):
            core, tail = core[:-1], core[-1] + tail
        else:
            break
    return lead, core, tail


def _is_math(core):
    # a negative number is mathematics too: its sign is a minus, not a hyphen
    if not core or not (_MATH_MARK.search(core) or re.search(r"(?:^|[\s(\[])[-−]\d", core)) \
            or any(c in _NOT_IN_MATH for c in core):
        return False
    if core.count("{") != core.count("}"):
        return False
    return True


def math_segments(text):
    """Split prose into ``(is_math, piece)`` pairs: the mathematics a sentence holds, found by the rules above.

    Examples
    ========
    >>> from symopt.render import math_segments
    >>> [piece for is_math, piece in math_segments("So x_{k+1} − x* = (I − α_0 H)(x_k − x*), a recurrence") if is_math]
    ['x_{k+1} − x* = (I − α_0 H)(x_k − x*)']
    >>> math_segments("Assuming 0 < b <= 1")
    [(False, 'Assuming '), (True, '0 < b <= 1')]
    """
    text = str(text)
    if re.fullmatch(r"\s*[A-Za-z]?\s*", text):  # a one-letter heading is a name, not a variable
        return [(False, text)] if text else []
    pieces, position = [], 0
    for match in _WORD.finditer(text):
        if _is_prose_word(text, match):
            pieces.append((False, text[position:match.start()], match.group()))
            position = match.end()
    pieces.append((False, text[position:], ""))
    out = []
    for index, (_, between, word) in enumerate(pieces):
        parts = _split_top_level(between)
        for number, part in enumerate(parts):
            lead, core, tail = _trim(part, glued_before=number == 0 and index > 0 and pieces[index - 1][2] != ""
                                     and part[:1] in "-−",
                                     glued_after=number == len(parts) - 1 and word != "" and part[-1:] in "-−")
            if _is_math(core):
                out += [(False, lead), (True, core), (False, tail)]
            else:
                out.append((False, part))
        out.append((False, word))
    merged = []
    for is_math, piece in out:
        if not piece:
            continue
        if merged and merged[-1][0] == is_math and not is_math:
            merged[-1] = (False, merged[-1][1] + piece)
        else:
            merged.append((is_math, piece))
    return merged


def _power(match):
    exponent = match.group(1)
    if exponent.startswith("(") and exponent.endswith(")"):
        exponent = exponent[1:-1]
    return "^{" + exponent.replace("*", " ") + "}"


def _function_name(match):
    name, digits = match.groups()
    if name in _GREEK_WORDS:
        return match.group()
    if name in _MATH_MACROS and name in _MATH_FUNCTIONS | {"lim", "sup", "inf"}:
        return "\\" + name + ("_{" + digits + "}" if digits else "")
    return r"\operatorname{" + name + digits + "}"


def prose_math_to_latex(math):
    r"""LaTeX for mathematics written in a sentence: Python's ``**`` and ``*``, ``<=``, ``->``, ``1e-13``, unicode.

    >>> from symopt.render import prose_math_to_latex
    >>> print(prose_math_to_latex("E_0 = f(x_0) − f* = b*(b + 1)/2"))
    E_0 = f(x_0) - f^{*} = b\,(b + 1)/2
    >>> print(prose_math_to_latex("x = -sqrt(3), v_x_k + v_y_{k+1}"))
    x = -\sqrt{3}, v_{x,k} + v_{y,k+1}
    >>> print(prose_math_to_latex("9.3e-14 (k<=25) -> 1e-150"))
    9.3 \cdot 10^{-14} (k\le25) \to 10^{-150}
    """
    math = str(math).replace("<=", "≤").replace(">=", "≥").replace("->", "→").replace("!=", "≠")
    # √det, √2, √(a + b): a root, not the \surd glyph (which the sanitiser would spell out as text)
    math = re.sub(r"√(\([^()]*\)|[\w.]+)", lambda m: "sqrt(" + m.group(1).strip("()") + ")", math)
    # ρe^(±iθ), z^(k−j): a parenthesised exponent is the exponent
    math = re.sub(r"\^\(([^()]*)\)", r"^{\1}", math)
    # unicode first: the macros added below must not meet the unicode converter's spacing rules
    math = unicode_to_latex_math(math)
    math = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)e([-+]?)0*(\d+)(?![\w.])",
                  lambda m: ("" if m.group(1) == "1" else m.group(1) + r" \cdot ") + "10^{" + m.group(2).replace("+", "")
                  + m.group(3) + "}", math)
    math = re.sub(r"\*\*(\([^()]*\)|[\w.]+)", _power, math)
    # a symbol named v_x with index k reads v_x_k: one subscript, not two
    math = re.sub(r"_([A-Za-z0-9]+)_(\{[^{}]*\}|[A-Za-z0-9]+)", lambda m: "_{" + m.group(1) + "," + m.group(2).strip("{}") + "}",
                  math)
    math = re.sub(r"\^(-?\d{2,}|-\w)", r"^{\1}", math)
    math = re.sub(r"(?<![A-Za-z])([A-Za-z])(\d+)\.\.([A-Za-z])(\d+)", r"\1_{\2},\\ldots,\3_{\4}", math)
    math = re.sub(r"(?<![\w.])(\d+)x(\d+)(?![\w.])", r"\1 \\times \2", math)
    math = re.sub(r"(?<=\d)\*(?=\d)", r" \\cdot ", math)
    math = re.sub(r"\*(?=[\w(\[]|\\[A-Za-z])", r"\\,", math)   # 2*x, 2*(x), 2*\epsilon (from 2*ε)
    math = re.sub(r"\*", "^{*}", math)
    math = re.sub(r"(\d)\.\.(\d)", r"\1,\\ldots,\2", math)
    math = re.sub(r"(?<![A-Za-z\\])sqrt\(([^()]*)\)", r"\\sqrt{\1}", math)
    math = re.sub(r"(?<![A-Za-z\\])([A-Za-z]{2,})(\d*)(?=[('^])", _function_name, math)
    math = re.sub(r"(?<![A-Za-z\\])(" + "|".join(sorted(_GREEK_WORDS, key=len, reverse=True)) + r")(?![A-Za-z])",
                  lambda m: "\\epsilon" if m.group(1) == "eps" else "\\" + m.group(1), math)
    return math


def prose_math_to_text(math):
    """Mathematics of a sentence for a terminal: relations and arrows as unicode, ``**`` as ``^``."""
    math = str(math).replace("<=", "≤").replace(">=", "≥").replace("->", "→").replace("!=", "≠")
    math = re.sub(r"(?<![A-Za-z])sqrt\((\w+)\)", r"√\1", math)
    return math.replace("**", "^")


def _auto_math(part, notation, escape_prose, delimiters=("$", "$")):
    out = []
    for is_math, piece in math_segments(part):
        if is_math:
            math = prose_math_to_latex(piece)
            math = notation.latex_math(math) if notation else math
            out.append(delimiters[0] + sanitize_math(math) + delimiters[1])
        else:
            out.append(escape_prose(notation.prose(piece) if notation else piece))
    return "".join(out)


def _prose(text, notation, escape_prose):
    """Math spans sanitised (and renamed by the notation), the prose between them through ``escape_prose``."""
    out = []
    for index, part in enumerate(_split_math_spans(text)):
        if index % 2:
            math = notation.latex_math(part) if notation else part
            out.append("$" + sanitize_math(math) + "$")
        else:
            out.append(_auto_math(replace_labels(part), notation, escape_prose))
    return "".join(out)


def prose_latex(text, notation=None):
    """Prose with ``$…$`` math spans as safe LaTeX (math sanitised, text escaped, unicode converted)."""
    return _prose(text, notation, escape_text)


def _markdown_text(part):
    return re.sub(r"([\\`*_|<>\[\]#$])", r"\\\1", re.sub(r"\s+", " ", part))


def prose_markdown(text, notation=None):
    """Prose for Markdown: ``$…$`` math sanitised, Markdown emphasis characters escaped."""
    return _prose(text, notation, _markdown_text)


# --- equations ------------------------------------------------------------------------------------

def _latex_value(value, notation, allow_alignment=True):
    if value is None:
        return ""
    if isinstance(value, str):  # a trusted LaTeX label such as "x_k" or r"\nabla f"
        return sanitize_math(notation.latex_math(value) if notation else value, allow_alignment=False)
    if isinstance(value, bool):
        return r"\text{" + str(value) + "}"
    names = notation.symbol_names(value) if notation is not None else {}
    return sanitize_math(sp.latex(value, symbol_names=names), allow_alignment=allow_alignment)


def _visual_width(latex):
    """A rough printed width of LaTeX math: fractions as wide as their wider part, scripts half."""
    frac = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
    while frac.search(latex):
        latex = frac.sub(lambda m: "x" * max(_visual_width(m.group(1)), _visual_width(m.group(2))), latex)
    latex = re.sub(r"\\(left|right|begin\{\w+\}|end\{\w+\})", "", latex)
    latex = re.sub(r"\\[A-Za-z]+", "x", latex)
    scripts = sum(len(m) for m in re.findall(r"[_^]\{([^{}]*)\}", latex))
    return len(re.sub(r"[{}_^ ]", "", latex)) - scripts // 2


def _broken_term(term, notation, budget):
    """A term of a long sum; a too-wide ``c*sqrt(long sum)`` gets its radicand broken into lines."""
    latex = _latex_value(term, notation)
    if _visual_width(latex) <= budget or not isinstance(term, sp.Mul):
        return latex
    roots = [f for f in term.args if isinstance(f, sp.Pow) and f.exp == sp.S.Half and isinstance(f.base, sp.Add)]
    if len(roots) != 1:
        return latex
    root = roots[0]
    rest = term / root
    head = "" if rest == 1 else ("-" if rest == -1 else _latex_value(rest, notation) + " ")
    inner = _broken_sum(root.base, notation, max(30, budget - _visual_width(head) - 4))
    return latex if inner is None else head + r"\sqrt{" + inner + "}"


def _broken_sum(value, notation, budget=LINE_BUDGET):
    """A long sum as ``aligned`` lines of terms (None when it is short or not a sum).

    A term that is itself too wide, ``c*sqrt(a + b + ...)`` (the eigenvalues of a
    2x2 Hessian), has its radicand broken in turn.
    """
    if not isinstance(value, sp.Add):
        return None
    if _visual_width(_latex_value(value, notation)) <= budget:
        return None
    lines, current = [], ""
    for term in value.as_ordered_terms():
        piece = _broken_term(term, notation, budget - 4)
        if current:
            piece = " - " + piece[1:].lstrip() if piece.startswith("-") else " + " + piece
        if current and _visual_width(current + piece) > budget:
            lines.append(current)
            current = r"\quad" + piece
        else:
            current += piece
    lines.append(current)
    if len(lines) == 1 and r"\begin{aligned}" not in lines[0]:
        return None
    return r"\begin{aligned}[t] &" + r" \\ &".join(lines) + r" \end{aligned}"


def _broken_entry(value, notation, budget):
    """A matrix cell within ``budget``: a sum broken into lines, or ``c (a + b + ...)`` with its sum broken."""
    broken = _broken_sum(value, notation, budget)
    if broken is not None or not isinstance(value, sp.Mul):
        return broken or _latex_value(value, notation)
    sums = [f for f in value.args if isinstance(f, sp.Add)]
    if len(sums) != 1 or _visual_width(_latex_value(value, notation)) <= budget:
        return _latex_value(value, notation)
    rest = value / sums[0]
    head = _latex_value(rest, notation)
    inner = _broken_sum(sums[0], notation, max(20, budget - _visual_width(head)))
    return _latex_value(value, notation) if inner is None else head + r" \left(" + inner + r"\right)"


def _broken_vector(value, notation):
    """A vector or matrix too wide for one line: a vector one entry per row, a matrix with its sums broken.

    Each entry gets an equal share of the line; a sum wider than its share becomes
    ``aligned`` lines inside its cell (the 2x2 powers ``T^k`` of momentum).
    """
    if not isinstance(value, sp.MatrixBase) or len(value) < 2:
        return None
    if _visual_width(_latex_value(value, notation)) <= LINE_BUDGET:
        return None
    if 1 in value.shape:
        entries = [_broken_sum(e, notation, LINE_BUDGET - 6) or _latex_value(e, notation) for e in value]
        return r"\left[\begin{matrix}" + r" \\[1ex] ".join(entries) + r"\end{matrix}\right]"
    share = max(20, LINE_BUDGET // value.cols - 4)
    rows = [" & ".join(_broken_entry(e, notation, share) for e in value.row(i)) for i in range(value.rows)]
    return r"\left[\begin{matrix}" + r" \\[1ex] ".join(rows) + r"\end{matrix}\right]"


def equation_parts(step, notation=None):
    """``(lhs, relation, rhs)`` of an equation step as safe LaTeX (rhs boxed when final)."""
    rhs = _broken_sum(step.rhs, notation) or _broken_vector(step.rhs, notation) or _latex_value(step.rhs, notation)
    if step.final:
        rhs = r"\boxed{" + rhs + "}"
    lhs = None if step.lhs is None else _latex_value(step.lhs, notation)
    relation = _RELATIONS.get(step.relation, sanitize_math(step.relation))
    return lhs, relation, rhs


class _ProsePrinter(StrPrinter):
    """sympy's ``sstr`` with the notation of a sentence: ``|x|``, ``[1, 0]``, ``max(a, b)``."""

    def _print_Abs(self, expr):
        return "|" + self._print(expr.args[0]) + "|"

    def _print_MatrixBase(self, expr):
        rows = [[self._print(e) for e in expr.row(i)] for i in range(expr.rows)]
        if expr.rows == 1 or expr.cols == 1:
            return "[" + ", ".join(e for row in rows for e in row) + "]"
        return "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Symbol(self, expr):
        # epsilon_0 -> ε_0: one spelling that both the sheet (\epsilon_0) and the terminal read as Greek
        base, _, rest = expr.name.partition("_")
        letter = _GREEK_LETTER.get("lambda" if base == "lamda" else base)
        return expr.name if letter is None else letter + ("_" + rest if rest else "")

    def _print_Max(self, expr):
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Min(self, expr):
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"


_GREEK_LETTER = {}
for _char, _word in _GREEK.items():
    _GREEK_LETTER.setdefault(_word, _char)


def prose_value(value):
    r"""A sympy value spelled for a sentence (a step's justification or title).

    ``sstr`` writes ``Abs(e - 1)`` and ``Matrix([[1, 0, 0]])``, which reach a sheet as
    text; this writes ``|e - 1|`` and ``[1, 0, 0]``, which :func:`prose_latex` typesets
    as mathematics.

    >>> import sympy as sp
    >>> e = sp.Symbol("epsilon")
    >>> prose_value(sp.Abs(e - 1)), prose_value(sp.Matrix([[1, 0, 0]])), prose_value(sp.Max(e, 1 - e))
    ('|ε - 1|', '[1, 0, 0]', 'max(ε, 1 - ε)')
    >>> print(prose_latex("λ = 1: |1 − ηλ| = " + prose_value(sp.Abs(e - 1)) + ", compare with 1"))
    $\lambda = 1: |1 - \eta\lambda| = |\epsilon - 1|$, compare with 1
    """
    return _ProsePrinter({"order": None}).doprint(value)


def text_value(value, notation=None):
    r"""Plain-text spelling of a step value (sympy's ``sstr`` with the notation's renaming).

    Matrices are written on one line (a column vector as ``[a, b]^T``); LaTeX
    labels lose their backslashes (``\lambda`` -> ``λ``).

    >>> import sympy as sp
    >>> from symopt.render import text_value
    >>> text_value(sp.Matrix([1, sp.Symbol('b')])), text_value(r"\nabla^2 f")
    ('[1, b]^T', '∇^2 f')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        value = plain_math(value)
        return notation.prose(value, aliases=True) if notation else value
    printer = _RenamingStrPrinter(notation.text_names(value) if notation else {})
    if isinstance(value, sp.MatrixBase):
        if value.cols == 1 and value.rows > 1:
            return "[" + ", ".join(printer.doprint(e) for e in value) + "]^T"
        return "[" + ", ".join("[" + ", ".join(printer.doprint(e) for e in row) + "]"
                               for row in value.tolist()) + "]"
    return printer.doprint(value)


_UNICODE_OF_MACRO = {macro.lstrip("\\"): char for char, macro in reversed(list(_MATH_CHARS.items()))
                     if re.fullmatch(r"\\[A-Za-z]+", macro)}
_UNICODE_OF_MACRO.update({"epsilon": "ε", "varepsilon": "ε", "phi": "φ", "varphi": "φ", "leq": "≤", "geq": "≥",
                          "neq": "≠", "cdot": "·", "mu": "μ", "lambda": "λ", "nabla": "∇", "approx": "≈",
                          "infty": "∞", "Rightarrow": "⇒", "iff": "⇔", "sum": "∑", "le": "≤", "ge": "≥",
                          "odot": "⊙", "sqrt": "√", "quad": " ", "dots": "…", "ldots": "…"})


_OPERATOR_WORDS = {"det", "cos", "sin", "tan", "log", "ln", "exp", "max", "min", "lim", "sup", "inf", "arg",
                   "cosh", "sinh", "tanh", "arctan", "arcsin", "arccos", "tr", "rank"}


def plain_math(text):
    r"""LaTeX math for a terminal: known macros as unicode, ``$`` dropped, other macros kept.

    >>> from symopt.render import plain_math
    >>> print(plain_math(r"$\frac12\epsilon^2 g^T H g \le \kappa \frac{a+b}{2}$"))
    1/2ε^2 g^T H g ≤ κ (a+b)/2
    >>> print(plain_math(r"$\binom{k}{j} z^{k-j}$, $\rho = \sqrt{\det}$"))
    C(k, j) z^(k-j), ρ = √det
    """
    def replace(match):
        name = match.group(1)
        if name not in _UNICODE_OF_MACRO and name in _OPERATOR_WORDS:
            return name   # \det, \cos: the operator's name
        return _UNICODE_OF_MACRO.get(name, match.group(0))

    def fraction(match):
        parts = [p if len(p) == 1 or re.fullmatch(r"\w+", p) else f"({p})" for p in match.groups()]
        return "/".join(parts)
    text = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", fraction, str(text))
    text = re.sub(r"\\[dt]?frac(\d)(\d)", fraction, text)
    text = re.sub(r"\\binom\{([^{}]*)\}\{([^{}]*)\}", r"C(\1, \2)", text)
    text = re.sub(r"\\sqrt\{(\w+|\\[A-Za-z]+)\}", r"√\1", text)
    # a multi-character exponent keeps its grouping: z^{k-j} -> z^(k-j), e^{\pm i\theta} -> e^(±iθ)
    text = re.sub(r"\^\{([^{}]*[^\w{}][^{}]*)\}", r"^(\1)", text)
    return re.sub(r"\\([A-Za-z]+)", replace, text).replace("$", "")


def _plain_prose(text, notation, scripts=False):
    """Prose for a terminal; ``scripts`` writes simple sub- and superscripts as unicode (x_{k+1} -> xₖ₊₁)."""
    def math(piece):
        return re.sub(r"(?<=[\w)])\*(?=[\w(])", "⋅", _unicode_label(piece)) if scripts else piece
    parts = _split_math_spans(text)
    parts = [math(plain_math(p)) if i % 2 else "".join(math(prose_math_to_text(piece)) if is_math else piece
                                                       for is_math, piece in math_segments(replace_labels(p)))
             for i, p in enumerate(parts)]
    joined = "".join(parts)
    return notation.prose(joined) if notation else joined


class _RenamingStrPrinter(StrPrinter):
    def __init__(self, names):
        super().__init__()
        self._names = names

    def _print_Symbol(self, expr):
        return self._names.get(expr) or super()._print_Symbol(expr)


# --- whole derivations ----------------------------------------------------------------------------

def _select(derivation, key_steps):
    return derivation.key_steps() if key_steps else derivation


def latex_body(derivation, key_steps=False, step_symbol=None, parameter_symbol=None, verification=True,
               label_prefix="d1"):
    r"""One derivation as a LaTeX section body: numbered equations, boxed result, booktabs tables.

    Needs ``amsmath`` and ``booktabs`` (see :func:`symopt.render.document`).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x = sp.Symbol('x')
    >>> body = latex_body(Derivation("D", (Step("Square", x**2, "f", "given ε"),)))
    >>> print(body)
    \paragraph{1.~Square} Given $\epsilon$.
    \begin{align}
    f &= x^{2} \label{eq:d1-1}
    \end{align}
    """
    derivation = _select(derivation, key_steps)
    notation = _Notation(derivation, step_symbol, parameter_symbol)
    lines = []
    for number, step in enumerate(derivation.steps, 1):
        heading = rf"\paragraph{{{number}.~{prose_latex(step.title, notation)}}}"
        if step.kind == "unknown":
            heading += r" \emph{No closed form is known here.}"
        if step.justification:
            heading += " " + _sentence(prose_latex(step.justification, notation))
        lines.append(heading)
        if step.kind == "equation":
            lhs, relation, rhs = equation_parts(step, notation)
            equation = rhs if lhs is None else _aligned(lhs, relation, rhs)
            lines += [r"\begin{align}", equation + rf" \label{{eq:{label_prefix}-{number}}}", r"\end{align}"]
    if verification:
        for number, table in enumerate(derivation.tables, 1):
            lines.append(latex_table(table, notation))
    return "\n".join(lines)


def _statement_steps(derivation):
    objective = next((s for s in derivation.steps if s.kind == "equation" and s.title.startswith("Objective")), None)
    start = next((s for s in derivation.steps if s.kind == "equation" and s.title == "Start"), None)
    return objective, start


def latex_problem(derivation, key_steps=False, step_symbol=None, parameter_symbol=None):
    r"""The problem as stated, in LaTeX: objective, assumptions, start and what is asked ("" if unknown).

    The objective and the start point are read from the steps titled
    ``Objective`` and ``Start``; what is asked is ``metadata["asked"]`` (prose,
    mathematics found as in titles) or, by default, the derivation's title and
    the quantities its final steps box.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x = sp.Symbol('x')
    >>> print(latex_problem(Derivation("Newton's method", (Step("Objective", x**4, "f(x)", "assuming x real"),
    ...     Step("Start", sp.Integer(1), "x_{0}"), Step("Iterate", x, "x_k", final=True)))))
    Consider
    \[ f(x) = x^{4}, \]
    assuming $x$ real, starting from $x_{0} = 1$.
    \par\smallskip\textbf{Asked.} Newton's method; find $x_k$.
    """
    objective, start = _statement_steps(derivation)
    if objective is None:
        return ""
    notation = _Notation(derivation, step_symbol, parameter_symbol)
    lhs, relation, rhs = equation_parts(objective.__class__(**{**objective.__dict__, "final": False}), notation)
    lines = ["Consider", rf"\[ {rhs if lhs is None else f'{lhs} {relation} {rhs}'}, \]"]
    condition = prose_latex(objective.justification, notation).strip().rstrip(".")
    condition = condition[:1].lower() + condition[1:] if re.match(r"[A-Z][a-z]", condition) else condition
    if start is not None:
        s_lhs, s_relation, s_rhs = equation_parts(start.__class__(**{**start.__dict__, "final": False}), notation)
        origin = f"starting from ${s_lhs} {s_relation} {s_rhs}$"
        condition = f"{condition}, {origin}" if condition else origin
    if condition:
        lines.append(condition + ".")
    asked = (derivation.metadata or {}).get("asked")
    if asked:
        lines.append(r"\par\smallskip\textbf{Asked.} " + _sentence(prose_latex(asked, notation)))
    else:
        finals = [equation_parts(s, notation)[0] for s in derivation.steps if s.final and s.lhs is not None]
        found = "; find " + ", ".join(f"${f}$" for f in finals) if finals else ""
        lines.append(r"\par\smallskip\textbf{Asked.} " + _sentence(prose_latex(derivation.title, notation) + found))
    return "\n".join(lines)


def _aligned(lhs, relation, rhs):
    """``lhs &relation rhs``; a label that ends in its own relation (``\\frac{E_1}{E_0} \\le``) aligns at it."""
    if not relation:
        match = re.search(r"(\\le|\\ge|\\leq|\\geq|\\in|\\approx|\\ne|[=<>])\s*$", lhs)
        if match:
            return f"{lhs[:match.start()].rstrip()} &{match.group(1)} {rhs}"
    return f"{lhs} &{relation} {rhs}"


def _sentence(text):
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:] if text[0].isalpha() else text
    return text if text.endswith((".", "?", "!", ":")) else text + "."


#: Rows longer than this many characters make a table wrap its columns to the line width.
WRAP_TABLE_CHARACTERS = 70


def latex_table(table, notation=None):
    r"""A :class:`~symopt.derivation.Table` as a ``booktabs`` table with its title as caption.

    A table whose rows are too long for one line (verification tables with their
    ranges) becomes a ``tabularx`` spanning the line width, its cells wrapped.
    """
    width = max([len(table.header)] + [len(row) for row in table.rows])

    def cells(row):
        row = list(row) + [""] * (width - len(row))
        return " & ".join(_latex_cell(c, notation) for c in row) + r" \\"
    longest = max(sum(len(str(c)) for c in row) for row in (table.header, *table.rows))
    if longest > WRAP_TABLE_CHARACTERS:
        begin = r"\begin{tabularx}{\linewidth}{" + r">{\raggedright\arraybackslash}X" * width + "}"
        end = r"\end{tabularx}"
    else:
        begin, end = rf"\begin{{tabular}}{{{'l' * width}}}", r"\end{tabular}"
    return "\n".join([r"\begin{table}[!htbp]", r"\centering", rf"\caption{{{prose_latex(table.title, notation)}}}",
                      begin, r"\toprule", cells(table.header), r"\midrule",
                      *[cells(row) for row in table.rows], r"\bottomrule", end, r"\end{table}"])


def _latex_cell(cell, notation):
    if isinstance(cell, sp.Basic):
        return "$" + _latex_value(cell, notation, allow_alignment=False) + "$"
    return prose_latex(str(cell), notation)


def markdown(derivations, title=None, key_steps=False, step_symbol=None, parameter_symbol=None,
             verification=True):
    r"""Markdown for GitHub and Jupyter: ``$…$`` inline math, ``$$`` display blocks on their own lines.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x = sp.Symbol('x')
    >>> print(markdown(Derivation("D", (Step("Square", x**2, "f", final=True),)), step_symbol="eta"))
    ## D
    <BLANKLINE>
    **1. Square**
    <BLANKLINE>
    $$
    f = \boxed{x^{2}} \tag{1}
    $$
    <BLANKLINE>
    """
    derivations = _as_list(derivations)
    lines = []
    if title:
        lines += ["# " + prose_markdown(title.replace("$", r"\$")), ""]
    equation_number = 0
    for derivation in derivations:
        derivation = _select(derivation, key_steps)
        notation = _Notation(derivation, step_symbol, parameter_symbol)
        lines += [f"## {prose_markdown(derivation.title, notation)}", ""]
        for number, step in enumerate(derivation.steps, 1):
            text = f"**{number}. {prose_markdown(step.title, notation)}**"
            if step.kind == "unknown":
                text += " *No closed form is known here.*"
            if step.justification:
                text += " " + _sentence(prose_markdown(step.justification, notation))
            lines += [text, ""]
            if step.kind == "equation":
                equation_number += 1
                lhs, relation, rhs = equation_parts(step, notation)
                equation = rhs if lhs is None else f"{lhs} {relation} {rhs}"
                lines += ["$$", equation + rf" \tag{{{equation_number}}}", "$$", ""]
        if verification:
            for table in derivation.tables:
                width = max([len(table.header)] + [len(row) for row in table.rows])
                lines += [f"**{prose_markdown(table.title, notation)}**", "",
                          _markdown_row(table.header, width, notation), "|" + " --- |" * width]
                lines += [_markdown_row(row, width, notation) for row in table.rows]
                lines.append("")
    works = works_cited("\n".join(lines))
    if works:
        lines += ["## References", ""] + [f"{number}. {_markdown_text(work.entry)}" for number, work in
                                           enumerate(works, 1)]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_row(row, width, notation):
    row = list(row) + [""] * (width - len(row))
    cells = []
    for cell in row:
        if isinstance(cell, sp.Basic):
            cells.append("$" + _latex_value(cell, notation, allow_alignment=False).replace("|", r"\vert ") + "$")
        else:
            cells.append(prose_markdown(str(cell), notation))
    return "| " + " | ".join(cells) + " |"


def text(derivations, title=None, key_steps=False, step_symbol=None, parameter_symbol=None,
         verification=True):
    """Plain text, one step a line (the same layout as ``Derivation.to_text()`` with options).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> eps = sp.Symbol('epsilon')
    >>> print(text(Derivation("D", (Step("Step", eps/2, "eps*", "half of ε"),)), step_symbol="eta"))
    D
    1. Step: eta* = eta/2  (half of η)
    """
    blocks = []
    if title:
        blocks.append(" ".join(str(title).split()))
    for derivation in _as_list(derivations):
        derivation = _select(derivation, key_steps)
        notation = _Notation(derivation, step_symbol, parameter_symbol)
        lines = [notation.prose(derivation.title)]
        for number, step in enumerate(derivation.steps, 1):
            equation = ""
            if step.kind == "equation":
                equation = text_value(step.rhs, notation)
                if step.lhs is not None:
                    lhs = step.text_lhs if step.text_lhs is not None else text_value(step.lhs)
                    equation = f"{notation.prose(lhs, aliases=True)} {step.relation} {equation}".replace("  ", " ")
            line = f"{number}. {_plain_prose(step.title, notation)}" + (f": {equation}" if equation else "")
            justification = _plain_prose(step.justification, notation)
            if justification:
                line += f"  ({justification})" if equation else f": {justification}"
            if step.kind == "unknown":
                line += "  [no closed form known]"
            lines.append(line)
        if verification:
            for table in derivation.tables:
                lines.append(notation.prose(table.title))
                rows = [tuple(notation.prose(str(c)) for c in row) for row in (table.header, *table.rows)]
                width = max(len(r) for r in rows)
                rows = [r + ("",) * (width - len(r)) for r in rows]
                widths = [max(len(c) for c in col) for col in zip(*rows)]
                for row in rows:
                    lines.append(("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths))).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# --- terminal: sympy's pretty printing, wrapped -----------------------------------------------------

#: Columns of a terminal whose width is unknown.
TERMINAL_WIDTH = 100

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
        elif char in _GREEK:
            # ηλ is eta*lambda: a word after a letter would read as one name ("etalambda")
            out.append(("*" if out and out[-1][-1:].isalnum() else "") + _GREEK[char])
        elif char in _SUBSCRIPTS:
            out.append("_" + _SUBSCRIPTS[char])
        elif char in _SUPERSCRIPTS:
            out.append("^" + _SUPERSCRIPTS[char])
        else:
            out.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?")
    return "".join(out)


_UNICODE_SUBSCRIPT = dict(zip("0123456789+-=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ"))


def _braced(text, start):
    """``(content, end)`` of the brace group opening at ``text[start]``."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i], i + 1
    return text[start + 1:], len(text)


def _unfrac(text):
    """``\\frac{a}{b}`` (nested braces too) as ``a/b``, parenthesised where needed."""
    while True:
        match = re.search(r"\\[dt]?frac\s*\{", text)
        if match is None:
            return text
        numerator, end = _braced(text, match.end() - 1)
        if end >= len(text) or text[end] != "{":
            return text
        denominator, end = _braced(text, end)
        parts = [p if re.fullmatch(r"[\w^{}]+|[\w]+\([^()]*\)", p) else f"({p})" for p in (numerator, denominator)]
        text = text[:match.start()] + "/".join(parts) + text[end:]


_ACCENT_OF = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303",
              "widetilde": "\u0303", "dot": "\u0307", "vec": "\u20d7"}
_DOUBLE_STRUCK = {"E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "P": "ℙ"}


def _font_free(text, use_unicode=True):
    """Font and accent macros of a LaTeX label for a terminal: ``\\mathbb{E}`` -> 𝔼, ``\\hat{x}`` -> x̂."""
    def fonts(match):
        macro, content = match.groups()
        if macro == "mathbb" and use_unicode:
            return "".join(_DOUBLE_STRUCK.get(c, c) for c in content)
        if macro in ("text", "textrm"):  # TeX's dashes
            return content.replace("---", "—").replace("--", "–") if use_unicode else content
        return content

    def accents(match):
        macro, content = match.group(1), match.group(2) or match.group(3)
        if use_unicode and len(content) == 1:
            return content + _ACCENT_OF[macro]
        return f"{macro}({content})"
    text = re.sub(r"\\(mathcal|mathbb|mathbf|mathrm|mathit|mathsf|mathtt|boldsymbol|text|textrm|operatorname)"
                  r"\s*\{([^{}]*)\}", fonts, text)
    return re.sub(r"\\(" + "|".join(_ACCENT_OF) + r")\s*(?:\{([^{}]*)\}|([A-Za-z]))", accents, text)


def _unicode_label(label, use_unicode=True):
    """A LaTeX label for a terminal: ``x_{0}`` -> ``x₀``, ``g^T`` -> ``gᵀ``, macros as unicode."""
    text = plain_math(_font_free(_unfrac(str(label)).replace("\\|", "‖"), use_unicode))
    text = re.sub(r"\\(max|min|log|ln|exp|sin|cos|tan|lim|sup|inf)(?![A-Za-z])", r"\1", text)
    if not use_unicode:
        text = re.sub(r"\\(left|right)|\\[,;!]", "", text.replace("√{", "sqrt{"))
        text = re.sub(r"sqrt\{([^{}]*)\}", r"sqrt(\1)", text)
        return to_ascii(re.sub(r"([_^])\{([\w*]+)\}", r"\1\2", text))

    def subscript(match):
        inner = match.group(1) or match.group(2)
        if all(c in _UNICODE_SUBSCRIPT for c in inner):
            return "".join(_UNICODE_SUBSCRIPT[c] for c in inner)
        return match.group(0)
    text = re.sub(r"_\{([^{}]*)\}|_([A-Za-z0-9])", subscript, text)
    text = re.sub(r"\^\{?(\d)\}?(?!\d)", lambda m: "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(m.group(1))], text)
    text = re.sub(r"\^\{?T\}?(?![A-Za-z])", "ᵀ", text)
    text = re.sub(r"\^\{\*\}|\^\*", "*", text)
    return re.sub(r"\\(left|right)|\\[,;!]|[{}]", "", text)


def _pretty_form(value, notation, use_unicode):
    from sympy.printing.pretty.pretty import PrettyPrinter
    from sympy.printing.pretty.stringpict import prettyForm
    if isinstance(value, str):
        return prettyForm(_unicode_label(notation.latex_math(value) if notation else value, use_unicode))
    if isinstance(value, sp.Basic) and notation:
        value = value.xreplace({s: sp.Symbol(new) for s, new in notation.text_names(value).items()})
    if isinstance(value, sp.Basic) and value.has(sp.Max, sp.Min):
        # sympy's pretty printer has no Max/Min and falls back to str: Max(Abs(epsilon - 1), ...)
        value = value.replace(lambda e: isinstance(e, (sp.Max, sp.Min)),
                              lambda e: sp.Function("max" if isinstance(e, sp.Max) else "min")(*e.args))
    return PrettyPrinter({"use_unicode": use_unicode, "wrap_line": False})._print(value)


def _pretty_equation(step, notation, use_unicode):
    from sympy.printing.pretty.stringpict import prettyForm, stringPict
    rhs = _pretty_form(step.rhs, notation, use_unicode)
    if step.lhs is None:
        return rhs
    lhs = _pretty_form(step.lhs, notation, use_unicode)
    relation = {"<=": "≤", ">=": "≥", "!=": "≠", "~": "≈", "=>": "⇒", "<=>": "⇔"}.get(step.relation, step.relation)
    relation = relation if use_unicode else to_ascii(relation)
    return prettyForm(*stringPict.next(lhs, f" {relation} " if relation else " ", rhs))


def _wrap_prose(text, width, indent):
    import textwrap
    return textwrap.fill(text, width=max(width, 20), initial_indent=indent, subsequent_indent=indent + "    ",
                         break_long_words=False, break_on_hyphens=False)


def _column_widths(rows, available):
    natural = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    if sum(natural) <= available:
        return natural
    widths, remaining, columns = list(natural), available, list(range(len(natural)))
    while columns:
        share = remaining // len(columns)
        narrow = [i for i in columns if natural[i] <= share]
        if not narrow:
            for i in columns:
                widths[i] = max(share, 8)
            break
        for i in narrow:
            widths[i] = natural[i]
            remaining -= natural[i]
            columns.remove(i)
    return widths


def _text_table(table, notation, width, use_unicode):
    import textwrap
    convert = (lambda c: c) if use_unicode else to_ascii
    rows = [tuple(convert(_plain_prose(str(c), notation)) for c in row) for row in (table.header, *table.rows)]
    columns = max(len(r) for r in rows)
    rows = [r + ("",) * (columns - len(r)) for r in rows]
    widths = _column_widths(rows, width - 2 - 2 * (columns - 1))
    lines = [convert(_plain_prose(table.title, notation))]
    for number, row in enumerate(rows):
        cells = [textwrap.wrap(c, w, break_long_words=True) or [""] for c, w in zip(row, widths)]
        for depth in range(max(len(c) for c in cells)):
            lines.append(("  " + "  ".join((c[depth] if depth < len(c) else "").ljust(w)
                                           for c, w in zip(cells, widths))).rstrip())
        if number == 0:
            lines.append("  " + "  ".join("─" * w if use_unicode else "-" * w for w in widths))
    return lines


def pretty(derivations, title=None, key_steps=False, step_symbol=None, parameter_symbol=None,
           verification=True, width=TERMINAL_WIDTH, use_unicode=True):
    """A derivation for a person at a terminal: sympy's pretty printing, prose and tables wrapped to ``width``.

    ``use_unicode=False`` writes ASCII only (for plain terminals).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.derivation import Derivation, Step
    >>> x, b = sp.symbols('x b')
    >>> print(pretty(Derivation("D", (Step("Objective", b*x**2/2, "f", "assuming 0 < b <= 1"),))))
    D
    <BLANKLINE>
     1. Objective  (assuming 0 < b ≤ 1)
    <BLANKLINE>
               2
            b⋅x
        f = ────
             2
    """
    from sympy.printing.pretty.pretty_symbology import pretty_use_unicode
    # sympy's fraction bars and brackets follow a global switch; set it for this rendering only
    previous = pretty_use_unicode(use_unicode)
    try:
        return _pretty(derivations, title, key_steps, step_symbol, parameter_symbol, verification, width,
                       use_unicode)
    finally:
        pretty_use_unicode(previous)


def _pretty(derivations, title, key_steps, step_symbol, parameter_symbol, verification, width, use_unicode):
    blocks = []
    convert = (lambda c: c) if use_unicode else to_ascii
    if title:
        blocks.append(convert(" ".join(str(title).split())))
    for derivation in _as_list(derivations):
        derivation = _select(derivation, key_steps)
        notation = _Notation(derivation, step_symbol, parameter_symbol)
        lines = [convert(_plain_prose(derivation.title, notation, scripts=use_unicode))]
        for number, step in enumerate(derivation.steps, 1):
            heading = f"{number:2d}. " + _plain_prose(step.title, notation, scripts=use_unicode)
            justification = _plain_prose(step.justification, notation, scripts=use_unicode)
            if justification:
                heading += f"  ({justification})"
            if step.kind == "unknown":
                heading += "  [no closed form known]"
            lines += ["", _wrap_prose(convert(heading), width, "")]
            if step.kind == "equation":
                form = _pretty_equation(step, notation, use_unicode)
                rendered = form.render(wrap_line=True, num_columns=width - 4, use_unicode=use_unicode)
                lines += [""] + ["    " + line if line.strip() else "" for line in rendered.split("\n")]
        if verification:
            for table in derivation.tables:
                lines += [""] + _text_table(table, notation, width, use_unicode)
        blocks.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(blocks)


def _as_list(derivations):
    return list(derivations) if isinstance(derivations, (list, tuple)) else [derivations]


__all__ = ["NOTATION_CHOICES", "DEFAULT_ROLES", "escape_text", "sanitize_math", "unicode_to_latex_math",
           "prose_latex", "prose_markdown", "latex_body", "latex_problem", "math_segments",
           "prose_math_to_latex", "latex_table", "markdown", "text", "equation_parts",
           "text_value", "prose_value", "pretty", "to_ascii", "TERMINAL_WIDTH"]

from .document import PREAMBLE, compile_pdf, document  # noqa: E402
__all__ += ["PREAMBLE", "document", "compile_pdf"]
