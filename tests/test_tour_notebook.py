"""The tutorial notebook worked_examples/tour.ipynb executes without error and displays rich results.

Executing it starts a Jupyter kernel (about 10 s), so those tests run with ``-m slow`` (as in CI).
"""

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parent.parent
TOUR = REPO / "worked_examples" / "tour.ipynb"


def test_tour_is_a_valid_notebook_stored_without_outputs():
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before committing"
    source = "\n".join(c.source for c in code)
    for call in ("exact_line_search(", "analyze(", "check_answer(", "run(", "gradescope_submission("):
        assert call in source


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    notebook = nbformat.read(TOUR, as_version=4)
    env_path = os.environ.get("PYTHONPATH", "")
    # the kernel is a subprocess: it must import this checkout's symopt, like the tests do
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env_path) if p)
    try:
        client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                         resources={"metadata": {"path": str(tmp_path_factory.mktemp("tour"))}})
        client.execute()   # raises CellExecutionError on any error, failed assert included
    finally:
        os.environ["PYTHONPATH"] = env_path
        if not env_path:
            del os.environ["PYTHONPATH"]
    return notebook


@pytest.mark.slow
def test_tour_executes_without_errors(executed):
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert all(o.output_type != "error" for o in cell.outputs)


@pytest.mark.slow
def test_tour_displays_latex_html_and_a_plot(executed):
    mimes = [set(o.get("data", {})) for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    latex = [m for m in mimes if "text/latex" in m]
    assert len(latex) >= 6   # exercise, analysis, two verdicts, two schedules
    assert any({"text/html", "image/png"} <= m for m in mimes)
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "")
            assert "Verdict(equivalent=" not in text or "text/latex" in output.get("data", {})
