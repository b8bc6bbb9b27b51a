"""The notebooks in notebooks/: stored without outputs, and executed (nbclient + ipykernel) with their real outputs checked.

01-explore runs on the bundled sample built into a temporary folder (KG_EXPORTS); 02-compare-reports
on the sample and a 2022 report (KG_CORPUS), so both years and every comparison have data.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

from kg.pipeline import build
from kg.resources import sample_report

from .conftest import SHARED
from .test_analysis import PENALTIES, write_report_2022

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ("01-explore.ipynb", "02-compare-reports.ipynb")
GOVERNMENT = "伊犁哈萨克自治州人民政府"


def execute(name: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, list[dict]]:
    """Run a notebook in a fresh kernel (in notebooks/, with ``env`` set); return each tagged cell's outputs."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    outputs = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
            for tag in cell.metadata.get("tags", []):
                outputs[tag] = cell.outputs
    return outputs


def text(outputs: list[dict]) -> str:
    """Return the printed text and the plain-text results of one cell."""
    parts = []
    for output in outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts.append(output.data.get("text/plain", ""))
    return "\n".join(parts)


def has_image(outputs: list[dict]) -> bool:
    """Return whether a cell drew a figure."""
    return any("image/png" in output.get("data", {}) for output in outputs)


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_stored_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert notebook.cells[0].cell_type == "markdown"


def test_explore_notebook_runs_on_the_sample(tmp_path_factory, monkeypatch):
    exports = tmp_path_factory.mktemp("explore")
    build([sample_report()], exports, html=False)
    out = execute("01-explore.ipynb", {"KG_EXPORTS": str(exports)}, monkeypatch)
    assert "1 report graph" in text(out["load"]) and "graph.nq" in text(out["load"])
    assert "伊犁州2021年度法治政府建设情况报告" in text(out["reports"])
    assert "中华人民共和国反恐怖主义法" in text(out["statutes"])
    assert text(out["named"]).splitlines()[1].split()[1:3] == ["中华人民共和国反恐怖主义法", "1"]
    assert "implements" in text(out["relations"]) and "planned" in text(out["relations"])
    ranking = text(out["centrality"]).splitlines()
    assert "MultiDiGraph" in ranking[0] and GOVERNMENT in ranking[3]  # the first row of the table
    assert "modularity" in text(out["communities"])
    assert has_image(out["plot"])
    assert any("<iframe srcdoc=" in o.get("data", {}).get("text/html", "") for o in out["view"])
    assert "二是深入学习贯彻习近平法治思想。" in text(out["evidence"])
    trace = text(out["trace"])
    assert "identical: True" in trace and "二是【深入学习贯彻】习近平法治思想。" in trace
    network = nx.read_gexf(exports / "network.gexf")
    assert GOVERNMENT in {data["label"] for _, data in network.nodes(data=True)}
    assert (exports / "network.graphml").stat().st_size > 0


def test_compare_notebook_runs_on_two_years(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("compare")
    corpus = os.pathsep.join([str(sample_report()), str(write_report_2022(folder))])
    out = execute("02-compare-reports.ipynb", {"KG_CORPUS": corpus, "KG_CORPUS_EXPORTS": str(folder / "out")}, monkeypatch)
    assert "2 reports built" in text(out["build"]) and "0 skipped" in text(out["build"])
    assert "ili-2022" in text(out["build"])
    years = text(out["profile-year"])
    assert "2021" in years and "2022" in years
    assert "伊犁哈萨克自治州" in text(out["profile-jurisdiction"])
    assert PENALTIES in text(out["citations-statutes"])
    assert "法治政府建设" in text(out["citations-programmes"])
    changes = text(out["changes"])
    assert "伊犁哈萨克自治州, 2021 → 2022" in changes and PENALTIES in changes
    assert "伊犁哈萨克自治州司法局" in text(out["changes-edges"])
    assert GOVERNMENT in text(out["centrality-years"])
    assert all(has_image(out[tag]) for tag in ("plot-year", "plot-citations", "plot-centrality"))
    assert "corpus.gexf" in text(out["export"]) and (folder / "out" / "programmes-by-year.csv").is_file()


@pytest.mark.skipif(not (SHARED / "corpus" / "hailar").is_dir(), reason="../shared/corpus is absent")
def test_compare_notebook_default_corpus_adds_the_hailar_reports(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_CORPUS", raising=False)
    out = execute("02-compare-reports.ipynb", {"KG_CORPUS_EXPORTS": str(tmp_path)}, monkeypatch)
    assert "8 reports built" in text(out["build"]) and "0 skipped" in text(out["build"])
    profile = text(out["profile-jurisdiction"])
    assert "呼伦贝尔市海拉尔区" in profile and "伊犁哈萨克自治州" in profile
    assert "呼伦贝尔市海拉尔区, 2017 → 2018" in text(out["changes"])
    assert "呼伦贝尔市海拉尔区人民政府" in text(out["centrality-years"]).splitlines()[2]
