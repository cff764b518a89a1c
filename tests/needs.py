"""What a test needs from the machine: present, skipped locally with the reason, or a failure in CI.

In CI (``CI=true``) every tool and optional module a test uses is installed on purpose (``.ci/run``,
the ``test`` extra, the torch step), so a missing one means the run did not test what it claims to:
the test fails and says what is missing. On a developer's machine the test is skipped with the same
message, so ``pytest -rs`` lists what to install.
"""
import importlib
import os
import shutil

import pytest

INSTALL_HINTS = {
    "pdflatex": "apt-get install texlive-latex-base texlive-latex-recommended",
    "pdftoppm": "apt-get install poppler-utils",
    "matplotlib": "pip install -e '.[test]' (or matplotlib>=3.7)",
    "symengine": "pip install -e '.[test]' (or symengine>=0.11)",
    "torch": "pip install torch==2.13.0",
}


def in_ci():
    """True when the CI environment variable says this is a CI run (``true`` or ``1``)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(what):
    """Fail in CI, skip elsewhere; both with a message naming what is missing and how to install it."""
    hint = INSTALL_HINTS.get(what, "")
    message = f"{what} is missing" + (f" (install: {hint})" if hint else "")
    if in_ci():
        pytest.fail(f"CI=true and {message}; a test needs it", pytrace=False)
    pytest.skip(message, allow_module_level=True)


def need_tool(name):
    """Absolute path of the command-line tool ``name``, or fail (CI) / skip (locally)."""
    path = shutil.which(name)
    if path is None:
        missing(name)
    return path


def need_module(name):
    """The imported module ``name``, or fail (CI) / skip (locally) when it cannot be imported."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(name)
