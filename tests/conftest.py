import pytest

from needs import need_tool

# Marker -> command-line tools the marked tests run. Checked at set-up, so a missing tool fails the
# test under CI=true (the run exits non-zero naming the tool) and skips it with the reason locally.
TOOLS_BY_MARKER = {"latex": ("pdflatex",)}


def pytest_runtest_setup(item):
    for marker, tools in TOOLS_BY_MARKER.items():
        if item.get_closest_marker(marker) is not None:
            for tool in tools:
                need_tool(tool)


@pytest.fixture
def pdflatex():
    """Path of pdflatex; skips outside CI when it is not installed, fails inside CI."""
    return need_tool("pdflatex")
