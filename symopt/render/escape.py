"""Safe LaTeX from untrusted text: prose escaped, unicode as macros, math kept to an allow-list.

Whatever the input, what comes out is printable ASCII that pdflatex typesets
literally: raw unicode (ε, ∇, ², ≤, −, ½ …) becomes LaTeX macros so pdflatex
never sees a non-ASCII byte, and math keeps only an allow-list of macros
(``\\input``, ``\\write18``, ``^^5c`` and friends become visible, inert text).
"""

import re
import unicodedata

from .characters import MATH_CHARS, SUBSCRIPTS, SUPERSCRIPTS


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
    return re.compile("([" + re.escape("".join(SUPERSCRIPTS)) + "]+)|([" + re.escape("".join(SUBSCRIPTS))
                      + "]+)|(.)", re.S)


def _unicode_tokens(text):
    """``(is_math, latex)`` for each character (super/subscript runs grouped) of ``text``."""
    for match in _script_runs_pattern().finditer(text):
        sup, sub, char = match.groups()
        if sup:
            yield True, "^{" + "".join(SUPERSCRIPTS[c] for c in sup) + "}"
        elif sub:
            yield True, "_{" + "".join(SUBSCRIPTS[c] for c in sub) + "}"
        elif char.isascii():
            yield False, char
        elif char in _TEXT_CHARS:
            yield False, _TEXT_CHARS[char]
        elif char in MATH_CHARS:
            yield True, MATH_CHARS[char]
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


#: The macros that math may use: the allow-list of :func:`sanitize_math`.
MATH_MACROS = frozenset(
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
                allowed = name in MATH_MACROS
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
