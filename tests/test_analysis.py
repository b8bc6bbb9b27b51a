"""kg.analysis and `kg stats` on the bundled sample (and on the sample with a second, later report)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from typer.testing import CliRunner

from kg import analysis as ka
from kg.cli import app
from kg.namespaces import KG
from kg.pipeline import build
from kg.resources import sample_report


runner = CliRunner()
GOVERNMENT = "伊犁哈萨克自治州人民政府"
DOCTRINE = "习近平法治思想"
ANTI_TERRORISM = "中华人民共和国反恐怖主义法"
PENALTIES = "中华人民共和国行政处罚法"
# A short report of the next year: one statute the sample cites too, one it does not.
REPORT_2022 = (
    "伊犁州2022年度法治政府建设情况报告\n"
    "现将伊犁州2022年度法治政府建设情况报告如下：\n"
    "一、主要做法\n"
    "州司法局深入学习贯彻习近平法治思想，认真贯彻落实《中华人民共和国行政处罚法》和《中华人民共和国反恐怖主义法》。\n"
    "州人民政府制定了《伊犁州法治政府建设实施方案》，深入推进“放管服”改革。\n"
    "州公安局全面落实行政执法“三项制度”。\n"
    "二、下一步工作\n"
    "州人民政府将深入推进法治乡村建设。\n"
    "伊犁哈萨克自治州人民政府\n"
    "2022年12月20日\n"
)


def write_report_2022(folder: Path) -> Path:
    """Write the 2022 report into ``folder`` and return its path."""
    path = folder / "ili-2022.txt"
    path.write_text(REPORT_2022, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def g(exports) -> ka.KnowledgeGraph:
    return ka.load(exports)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> ka.KnowledgeGraph:
    """The sample (2021) and the 2022 report in one graph."""
    folder = tmp_path_factory.mktemp("corpus")
    build([sample_report(), write_report_2022(folder)], folder / "out", html=False)
    return ka.load(folder / "out")


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_load_takes_a_folder_or_a_graph_file_and_remembers_it(exports, g):
    assert g.source == exports / "graph.nq"
    assert len(g) > 4000 and g.graphs() == ["https://w3id.org/cngov-kg/id/report/ili-2021"]
    from_turtle = ka.load(exports / "graph.ttl")
    assert len(from_turtle) == len(g) and from_turtle.graphs() == g.graphs()
    assert "1 report graph" in repr(g)
    with pytest.raises(FileNotFoundError):
        ka.load(exports / "missing")


def test_sparql_returns_a_dataframe_with_project_prefixes(g):
    frame = ka.sparql(g, "SELECT ?label WHERE { ?b a kg:Body ; skos:prefLabel ?label } ORDER BY ?label")
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["label"]
    assert GOVERNMENT in set(frame["label"]) and len(frame) == len(ka.entities(g, "Body"))
    assert ka.sparql(g, "ASK { ?r kg:documentId 'ili-2021' }").loc[0, "ask"]


def test_named_query_most_cited_statutes(g):
    frame = ka.named(g, "most-cited-statutes")
    assert list(frame.columns) == ["statute", "reports", "mentions", "relations"]
    top = frame.iloc[0]
    assert (top["statute"], top["reports"], top["mentions"]) == (ANTI_TERRORISM, 1, 3)


def test_reports_table_of_the_sample(exports, g):
    frame = ka.reports(g)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["report"] == "ili-2021" and row["title"] == "伊犁州2021年度法治政府建设情况报告"
    assert (row["date"], row["year"], row["jurisdiction"], row["author"]) == ("2021-12-24", 2021, "伊犁哈萨克自治州", GOVERNMENT)
    assert Path(row["source"]).name == "ili-2021.txt"
    assert row["done"] + row["planned"] == row["assertions"] == len(ka.assertions(g))
    assert row["done"] > row["planned"] > 0
    turtle = Graph().parse(exports / "graph.ttl")
    assert row["sentences"] == len(set(turtle.subjects(RDF.type, KG.Sentence))) > 60
    assert row["mentions"] == len(set(turtle.subjects(RDF.type, KG.Mention))) > 150


def test_entities_agree_with_the_exported_nodes_table(exports, g):
    frame = ka.entities(g)
    nodes = csv_rows(exports / "nodes.csv")
    assert sorted(frame["iri"]) == sorted(row["iri"] for row in nodes)
    by_iri = {row["iri"]: row for row in nodes}
    for row in frame.itertuples():
        assert row.kind == by_iri[row.iri]["kind"] and row.label == by_iri[row.iri]["label"]
        assert "|".join(row.variants) == by_iri[row.iri]["variants"]
    assert list(dict.fromkeys(frame["kind"])) == [k for k in ka.KINDS if k in set(frame["kind"])]
    statute = frame[frame["label"] == ANTI_TERRORISM].iloc[0]
    assert statute["mentions"] == 3 and "反恐怖法" in statute["variants"] and statute["reports"] == ["ili-2021"]
    body = frame[frame["label"] == GOVERNMENT].iloc[0]
    assert body["kind"] == "Body" and body["jurisdiction"] == "伊犁哈萨克自治州"
    assert set(ka.entities(g, ["statute", "doctrine"])["kind"]) == {"Statute", "Doctrine"}
    with pytest.raises(ValueError, match="unknown kind"):
        ka.entities(g, "court")


def test_assertions_and_edges_agree_with_the_exported_edges_table(exports, g):
    said = ka.assertions(g)
    table = ka.edges(g)
    exported = csv_rows(exports / "edges.csv")
    assert len(table) == len(exported)
    assert sum(int(row["evidence"]) for row in exported) == table["evidence"].sum() == len(said)
    assert set(said["status"]) == {"done", "planned"}
    assert (said["sentence"].str.len() == said["end"] - said["start"]).all()
    edge = table[(table["source_label"] == GOVERNMENT) & (table["relation"] == "studied") & (table["target_label"] == DOCTRINE)].iloc[0]
    assert (edge["evidence"], edge["done"], edge["planned"], edge["reports"]) == (5, 5, 0, ["ili-2021"])
    assert table[table["relation"].isin(["jurisdiction", "within"])]["evidence"].eq(0).all()


def test_evidence_and_trace_back_to_the_report_file(g):
    rows = ka.evidence(g, GOVERNMENT, "studied", DOCTRINE)
    assert len(rows) == 5 and rows.loc[0, "sentence"] == "二是深入学习贯彻习近平法治思想。"
    found = ka.trace(g, rows.loc[0, "assertion"])
    assert found.matches and found.text == found.sentence == sample_report().read_text(encoding="utf-8")[336:352]
    assert (found.report, found.start, found.end, found.trigger) == ("ili-2021", 336, 352, "深入学习贯彻")
    assert found.document[found.trigger_start : found.trigger_end] == "深入学习贯彻"
    assert "二是【深入学习贯彻】习近平法治思想。" in found.context(10)
    with pytest.raises(KeyError):
        ka.trace(g, "https://w3id.org/cngov-kg/id/report/ili-2021/assertion/999999")


def test_network_nodes_edges_and_attributes(g):
    net = ka.network(g)
    assert isinstance(net, nx.MultiDiGraph)
    assert net.number_of_nodes() == len(ka.entities(g)) and net.number_of_edges() == len(ka.edges(g))
    data = net.nodes[f"https://w3id.org/cngov-kg/id/body/{GOVERNMENT}"]
    assert data["label"] == GOVERNMENT and data["kind"] == "Body" and data["reports"] == "ili-2021"
    edge = net.get_edge_data(f"https://w3id.org/cngov-kg/id/body/{GOVERNMENT}", f"https://w3id.org/cngov-kg/id/doctrine/{DOCTRINE}", "studied")
    assert edge["evidence"] == 5 and edge["status"] == "done" and edge["confidence"] > 0
    assert sum(d["evidence"] for _, _, d in net.edges(data=True)) == len(ka.assertions(g))


def test_network_filters(g):
    said = ka.assertions(g)
    planned = ka.network(g, status="planned", isolates=False)
    asserted = [d for _, _, d in planned.edges(data=True) if d["relation"] in (*ka.RELATIONS, "subOrganizationOf")]
    assert sum(d["evidence"] for d in asserted) == (said["status"] == "planned").sum()
    assert all(d["planned"] == d["evidence"] > 0 and d["done"] == 0 for d in asserted)
    assert all(planned.degree(n) > 0 for n in planned)
    only = ka.network(g, kinds=["body", "statute"], relations="implements")
    assert {k for _, k in only.nodes(data="kind")} == {"Body", "Statute"}
    assert {d["relation"] for _, _, d in only.edges(data=True)} == {"implements"}
    assert ka.network(g, reports="ili-2021").number_of_edges() == ka.network(g).number_of_edges()
    assert ka.network(g, years=2020).number_of_nodes() == 0
    with pytest.raises(ValueError):
        ka.network(g, status="maybe")
    with pytest.raises(ValueError):
        ka.network(g, relations="likes")


def test_centrality_puts_the_government_first(exports, g):
    net = ka.network(g, relations=ka.RELATIONS)
    frame = ka.centrality(net, kind="Body")
    assert set(frame["kind"]) == {"Body"} and len(frame) == len(ka.entities(g, "Body"))
    top = frame.iloc[0]
    exported = [r for r in csv_rows(exports / "edges.csv") if r["relation"] in ka.RELATIONS]
    gov = f"https://w3id.org/cngov-kg/id/body/{GOVERNMENT}"
    assert top["label"] == GOVERNMENT
    assert top["out_degree"] == sum(r["source"] == gov for r in exported)
    assert top["in_degree"] == sum(r["target"] == gov for r in exported)
    assert top["evidence"] == sum(int(r["evidence"]) for r in exported if gov in (r["source"], r["target"]))
    assert top["betweenness"] == frame["betweenness"].max() > 0
    assert 0 < top["degree_centrality"] <= 1
    assert len(ka.centrality(net, kind=None, top=3)) == 3


def test_communities_cover_the_connected_nodes_deterministically(g):
    net = ka.network(g, relations=ka.RELATIONS)
    frame = ka.communities(net)
    connected = {n for n in net if net.degree(n) > 0}
    members = [n for nodes in frame["nodes"] for n in nodes]
    assert sorted(members) == sorted(connected)
    assert frame["size"].is_monotonic_decreasing and GOVERNMENT in frame.loc[0, "members"]
    assert 0 < frame.attrs["modularity"] < 1
    assert ka.communities(net)["nodes"].tolist() == frame["nodes"].tolist()


def test_graphml_and_gexf_keep_nodes_edges_and_evidence(g, tmp_path):
    net = ka.network(g, relations=ka.RELATIONS)
    back = nx.read_graphml(ka.write_graphml(net, tmp_path / "out" / "net.graphml"))
    assert back.number_of_nodes() == net.number_of_nodes() and back.number_of_edges() == net.number_of_edges()
    gov = f"https://w3id.org/cngov-kg/id/body/{GOVERNMENT}"
    assert back.nodes[gov]["label"] == GOVERNMENT
    assert sum(d["evidence"] for _, _, d in back.edges(data=True)) == sum(d["evidence"] for _, _, d in net.edges(data=True))
    gexf = nx.read_gexf(ka.write_gexf(net, tmp_path / "net.gexf"))
    assert gexf.number_of_nodes() == net.number_of_nodes() and gexf.number_of_edges() == net.number_of_edges()
    assert GOVERNMENT in (tmp_path / "net.gexf").read_text(encoding="utf-8")


def test_citations_profile_and_changes_across_two_years(corpus):
    docs = ka.reports(corpus)
    assert docs["report"].tolist() == ["ili-2021", "ili-2022"] and docs["year"].tolist() == [2021, 2022]
    statutes = ka.citations(corpus, "Statute")
    assert statutes.loc[("Statute", ANTI_TERRORISM)].to_dict() == {"ili-2021": 3, "ili-2022": 1, "total": 4}
    assert statutes.loc[("Statute", PENALTIES)].to_dict() == {"ili-2021": 0, "ili-2022": 1, "total": 1}
    by_year = ka.citations(corpus, ["statute", "programme"], by="year")
    assert list(by_year.columns) == [2021, 2022, "total"] and by_year.index[0] == ("Programme", "法治政府建设")
    profile = ka.profile(corpus, by="year")
    assert profile.index.tolist() == [2021, 2022] and profile["reports"].tolist() == [1, 1]
    assert profile.loc[2022, "Statute"] == 2 and (profile["done"] + profile["planned"]).sum() == len(ka.assertions(corpus))
    assert ka.profile(corpus, by="jurisdiction").index.tolist() == ["伊犁哈萨克自治州"]
    diff = ka.changes(corpus, 2021, 2022, kinds="Statute")
    change = dict(zip(diff["label"], diff["change"]))
    assert change[PENALTIES] == "new" and change[ANTI_TERRORISM] == "kept" and change["中华人民共和国宪法"] == "dropped"
    assert diff.iloc[0]["change"] == "new"
    assert ka.changes(corpus, "ili-2021", ["ili-2022"], kinds="Statute").equals(diff)
    relations = ka.changes(corpus, 2021, 2022, level="edges")
    new = relations[relations["change"] == "new"]
    assert ("伊犁哈萨克自治州司法局", "implements", PENALTIES) in set(zip(new["source_label"], new["relation"], new["target_label"]))
    with pytest.raises(ValueError, match="no report"):
        ka.changes(corpus, 2019, 2022)


def test_network_of_one_year(corpus):
    later = ka.network(corpus, years=2022, relations=ka.RELATIONS, isolates=False)
    labels = set(dict(later.nodes(data="label")).values())
    assert {"伊犁哈萨克自治州司法局", PENALTIES} <= labels and "中华人民共和国宪法" not in labels
    assert all(d["reports"] == "ili-2022" for _, _, d in later.edges(data=True))


def test_summary_and_kg_stats(exports, g):
    summary = ka.summary(g, top=3)
    assert summary["entities"] == {k: len(ka.entities(g, k)) for k in ka.KINDS}
    assert summary["bodies"][0]["label"] == GOVERNMENT and len(summary["bodies"]) == 3
    assert summary["statutes"][0] == {"label": ANTI_TERRORISM, "mentions": 3, "reports": 1}
    assert summary["relations"]["studied"]["assertions"] == (ka.assertions(g)["relation"] == "studied").sum()
    text = runner.invoke(app, ["stats", "--data", str(exports), "--top", "3"])
    assert text.exit_code == 0, text.output
    for heading in ("reports", "entities by kind", "relations", "most connected bodies", "most cited statutes"):
        assert f"\n{heading}" in text.output
    assert GOVERNMENT in text.output and ANTI_TERRORISM in text.output and "ili-2021" in text.output
    as_json = runner.invoke(app, ["stats", "-d", str(exports / "graph.ttl"), "--format", "json", "-n", "3"])
    assert as_json.exit_code == 0, as_json.output
    parsed = json.loads(as_json.output)
    assert parsed["source"].endswith("graph.ttl") and parsed["bodies"] == summary["bodies"]
    assert parsed["reports"][0]["report"] == "ili-2021"


def test_kg_stats_without_a_graph_fails_cleanly(tmp_path):
    result = runner.invoke(app, ["stats", "--data", str(tmp_path)])
    assert result.exit_code == 1 and "no graph" in result.output


def test_view_renders_the_viewer_inline(g):
    page = ka.view(g, kinds=["body", "statute"])._repr_html_()
    assert page.startswith("<iframe srcdoc=") and "伊犁哈萨克自治州人民政府" in page
