"""notebooks/explore.ipynb runs from top to bottom without an error (executed with nbclient)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

nbclient = pytest.importorskip("nbclient")

pytestmark = pytest.mark.slow
NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def test_explore_notebook_runs_every_cell(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # The "python3" kernel is ipykernel's own spec, run with this interpreter (the venv's).
    client = nbclient.NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    outputs = ["".join(o.get("text", "") for o in cell.get("outputs", [])) for cell in notebook.cells]
    printed = "\n".join(outputs)
    assert "ingested 2 articles, 0 failed" in printed
    assert "Russia" in printed and "Yuri Ushakov ->" in printed and "@prefix cg:" in printed
    shown = [
        o for cell in notebook.cells for o in cell.get("outputs", []) if "text/html" in o.get("data", {})
    ]
    assert any("<iframe srcdoc=" in o["data"]["text/html"] for o in shown)
    tables = [o["data"]["text/html"] for o in shown if 'class="dataframe' in o["data"]["text/html"]]
    assert len(tables) == 2 and "Yuri Ushakov" in tables[1]  # who agreed to what, who said what
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    plots = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(plots) == 3  # claims over time, the agreement network, most-cited speakers
