"""Helpers for tests that need external programs (pdflatex, pdftoppm) and look at the pages they make."""

import re
import subprocess
from pathlib import Path


#: Overfull boxes up to this width (pt) are tolerated; TeX reports fractions of a point routinely.
OVERFULL_TOLERANCE_PT = 5.0


def compile_sheet(tex_path, pdflatex, runs=2):
    """Compile ``tex_path`` in its directory; returns ``(pdf_path, log_text)``."""
    tex_path = Path(tex_path)
    for _ in range(runs):
        result = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                                 tex_path.name], cwd=tex_path.parent, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, f"pdflatex failed on {tex_path.name}:\n{result.stdout[-2500:]}"
    log = tex_path.with_suffix(".log").read_text(errors="replace")
    return tex_path.with_suffix(".pdf"), log


def overfull_boxes(log):
    """Widths (pt) of the overfull boxes pdflatex reported."""
    return [float(w) for w in re.findall(r"Overfull \\[hv]box \(([0-9.]+)pt too", log)]


def page_images(pdf_path, pdftoppm, resolution=40):
    """Render every page to PNG (kept for a human to look at) and to 8-bit grey PGM; returns the grey pages.

    Each page is ``(width, height, bytes)``.
    """
    pdf_path = Path(pdf_path)
    prefix = pdf_path.with_suffix("")
    for extra in (["-png"], ["-gray"]):
        subprocess.run([pdftoppm, *extra, "-r", str(resolution), pdf_path.name, prefix.name], cwd=pdf_path.parent,
                       check=True, capture_output=True, timeout=120)
    pages = []
    for path in sorted(pdf_path.parent.glob(prefix.name + "-*.pgm")):
        data = path.read_bytes()
        match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        assert match, f"{path.name} is not a binary PGM"
        width, height, _ = (int(g) for g in match.groups())
        pages.append((width, height, data[match.end():match.end() + width * height]))
    return pages


def ink_fraction(page):
    """Share of dark pixels on a grey page (0 for a blank page)."""
    width, height, pixels = page
    return sum(1 for p in pixels if p < 128) / (width * height)


def prose_of(tex):
    """The text of a sheet's body outside mathematics: displays, ``$…$`` spans and tables' math removed."""
    body = tex[tex.index(r"\begin{document}"):]
    body = re.sub(r"\\begin\{align\*?\}.*?\\end\{align\*?\}", "", body, flags=re.S)
    body = re.sub(r"\\\[.*?\\\]", "", body, flags=re.S)
    return re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", body, flags=re.S)
