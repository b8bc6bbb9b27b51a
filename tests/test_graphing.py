"""Building the graph from hand-built extractions."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.exporting import serialize_turtle
from kg.graphing import build_graph, edges_table, nodes_table
from kg.identifiers import assertion_iri, entity_iri, mention_iri, report_iri, selector_iri, sentence_iri
from kg.namespaces import KG, OA
from kg.reading import read_document
from kg.resources import sample_report
from kg.types import RELATION_TYPES

from .graph_samples import AUTHOR, INNER_TITLE, JURISDICTION, OUTER_TITLE, PUNISHMENT_LAW, report_extraction, second_extraction

AUTHOR_BODY = entity_iri("BODY", AUTHOR)
LAW = entity_iri("STATUTE", PUNISHMENT_LAW)


def test_entities_have_types_and_labels():
    graph = build_graph([report_extraction()])
    expected = {
        AUTHOR_BODY: (KG.Body, AUTHOR),
        entity_iri("PLACE", JURISDICTION): (KG.Place, JURISDICTION),
        LAW: (KG.Statute, PUNISHMENT_LAW),
        entity_iri("BODY", "伊犁哈萨克自治州司法局"): (KG.Body, "伊犁哈萨克自治州司法局"),
        entity_iri("POLICY", OUTER_TITLE): (KG.Policy, OUTER_TITLE),
        entity_iri("POLICY", INNER_TITLE): (KG.Policy, INNER_TITLE),
        entity_iri("PROGRAM", "“放管服”改革"): (KG.Programme, "“放管服”改革"),
    }
    for iri, (cls, label) in expected.items():
        assert (iri, RDF.type, cls) in graph
        assert list(graph.objects(iri, SKOS.prefLabel)) == [Literal(label, lang="zh")]
    assert set(graph.objects(report_iri("ili-2021"), KG.mentions)) == set(expected) - {
        AUTHOR_BODY, entity_iri("PLACE", JURISDICTION),
    }


def test_variant_names_become_alt_labels():
    graph = build_graph([report_extraction()])
    body = entity_iri("BODY", "伊犁哈萨克自治州司法局")
    assert list(graph.objects(body, SKOS.altLabel)) == [Literal("州司法局", lang="zh")]
    assert list(graph.objects(LAW, SKOS.altLabel)) == []  # 《》 stripped, so equal to prefLabel


def test_report_metadata():
    graph = build_graph([report_extraction()])
    report = report_iri("ili-2021")
    assert (report, RDF.type, KG.Report) in graph
    assert graph.value(report, DCTERMS.creator) == AUTHOR_BODY
    assert graph.value(report, KG.jurisdiction) == entity_iri("PLACE", JURISDICTION)
    assert str(graph.value(report, DCTERMS.date)) == "2022-01-20"
    assert str(graph.value(report, KG.documentId)) == "ili-2021"


def test_report_number_and_year_and_the_levels_of_places(sample_extraction):
    graph = build_graph([sample_extraction])
    report = report_iri("ili-2021")
    assert graph.value(report, KG.documentNumber) == Literal("新政办明电〔2021〕309号")
    year = graph.value(report, KG.yearCovered)
    assert (str(year), str(year.datatype)) == ("2021", "http://www.w3.org/2001/XMLSchema#gYear")
    levels = {name: graph.value(entity_iri("PLACE", name), KG.level) for name in ("中华人民共和国", "新疆维吾尔自治区", "伊犁哈萨克自治州", "伊宁市")}
    assert levels == {"中华人民共和国": KG.national, "新疆维吾尔自治区": KG.province, "伊犁哈萨克自治州": KG.prefecture, "伊宁市": KG.county}


def test_bodies_of_the_jurisdiction_are_located_in_it():
    graph = build_graph([report_extraction()])
    place = entity_iri("PLACE", JURISDICTION)
    assert set(graph.subjects(KG.jurisdiction, place)) == {
        report_iri("ili-2021"), AUTHOR_BODY, entity_iri("BODY", "伊犁哈萨克自治州司法局"),
    }


def test_author_relation_is_a_triple_and_an_assertion():
    extraction = report_extraction()
    graph = build_graph([extraction])
    assert (AUTHOR_BODY, KG.implements, LAW) in graph
    node = assertion_iri("ili-2021", 0)
    assert (node, RDF.type, KG.Assertion) in graph
    assert (node, RDF.type, RDF.Statement) in graph
    assert graph.value(node, RDF.subject) == AUTHOR_BODY
    assert graph.value(node, RDF.predicate) == KG.implements
    assert graph.value(node, RDF.object) == LAW
    assert graph.value(node, KG.authorIsActor).toPython() is True
    assert graph.value(node, KG.headMention) is None
    law = extraction.mentions[0]
    assert graph.value(node, KG.tailMention) == mention_iri("ili-2021", law.start, law.end)
    assert graph.value(node, KG.status) == KG.done
    assert graph.value(node, PROV.wasDerivedFrom) == report_iri("ili-2021")
    assert graph.value(node, KG.extractor).startswith("kg ")


def test_evidence_and_trigger_point_into_the_text():
    extraction = report_extraction()
    text = extraction.document.text
    graph = build_graph([extraction])
    for index, relation in enumerate(extraction.relations):
        node = assertion_iri("ili-2021", index)
        evidence = graph.value(node, KG.evidence)
        assert evidence == sentence_iri("ili-2021", relation.sentence)
        selector = graph.value(evidence, OA.hasSelector)
        assert selector == selector_iri(evidence, "position")
        start, end = graph.value(selector, OA.start).toPython(), graph.value(selector, OA.end).toPython()
        assert str(graph.value(evidence, KG.text)) == text[start:end]
        trigger = graph.value(node, KG.trigger)
        assert trigger == selector_iri(node, "trigger")
        assert graph.value(trigger, OA.start).toPython() == relation.trigger_start
        assert graph.value(trigger, OA.end).toPython() == relation.trigger_end
        assert str(graph.value(trigger, OA.exact)) == text[relation.trigger_start : relation.trigger_end]


def test_explicit_head_nested_title_and_plan():
    extraction = report_extraction()
    graph = build_graph([extraction])
    bureau = entity_iri("BODY", "伊犁哈萨克自治州司法局")
    outer, inner = entity_iri("POLICY", OUTER_TITLE), entity_iri("POLICY", INNER_TITLE)
    assert (bureau, KG.issued, outer) in graph
    head = extraction.mentions[1]
    assert graph.value(assertion_iri("ili-2021", 1), KG.headMention) == mention_iri("ili-2021", head.start, head.end)
    assert (outer, KG.implements, inner) in graph
    assert graph.value(assertion_iri("ili-2021", 3), KG.status) == KG.planned
    inner_mention = extraction.mentions[3]
    assert graph.value(mention_iri("ili-2021", inner_mention.start, inner_mention.end), KG.denotes) == inner


def test_sentences_carry_section_and_only_used_ones_are_kept():
    extraction = report_extraction()
    graph = build_graph([extraction])
    assert set(graph.subjects(RDF.type, KG.Sentence)) == {sentence_iri("ili-2021", i) for i in range(3)}
    assert str(graph.value(sentence_iri("ili-2021", 2), KG.section)) == "二、下一步计划"


def test_same_canonical_in_two_reports_is_one_node():
    graph = build_graph([report_extraction(), second_extraction()])
    assert len(list(graph.subjects(SKOS.prefLabel, Literal(PUNISHMENT_LAW, lang="zh")))) == 1
    assert list(graph.objects(LAW, SKOS.altLabel)) == [Literal("行政处罚法", lang="zh")]
    assert set(graph.subjects(KG.mentions, LAW)) == {report_iri("ili-2021"), report_iri("other-2022")}
    [row] = [row for row in nodes_table(graph) if row["iri"] == str(LAW)]
    assert row == {
        "iri": str(LAW), "kind": "Statute", "label": PUNISHMENT_LAW, "variants": "行政处罚法",
        "reports": "ili-2021|other-2022", "degree": 2,
    }


def test_edges_table():
    graph = build_graph([report_extraction(), second_extraction()])
    edges = edges_table(graph)
    assert edges == sorted(edges, key=lambda row: (row["source"], row["relation"], row["target"]))
    [row] = [row for row in edges if row["relation"] == "implements" and row["target"] == str(LAW)]
    assert row == {
        "source": str(AUTHOR_BODY), "target": str(LAW), "relation": "implements",
        "status": "done", "reports": "ili-2021", "evidence": 1,
    }
    assert {row["relation"] for row in edges} == {"implements", "issued", "studied", "jurisdiction", "within"}


def test_no_blank_nodes():
    graph = build_graph([report_extraction(), second_extraction()])
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_turtle_is_byte_identical_across_builds():
    first = serialize_turtle(build_graph([report_extraction(), second_extraction()]))
    second = serialize_turtle(build_graph([report_extraction(), second_extraction()]))
    assert first == second
    reordered = serialize_turtle(build_graph([second_extraction(), report_extraction()]))
    assert reordered == first


# ---------------------------------------------------------------- the whole sample report

RELATION_PREDICATES = (*(KG[name] for name in RELATION_TYPES), KG.subOrganizationOf)


@pytest.fixture(scope="module")
def sample_graph(exports: Path) -> Graph:
    """The sample report's exports/graph.ttl, as ``kg build`` writes it."""
    return Graph().parse(exports / "graph.ttl")


def span_of(graph: Graph, node) -> tuple[int, int]:
    """Return the oa:start and oa:end of a selector or mention."""
    return graph.value(node, OA.start).toPython(), graph.value(node, OA.end).toPython()


def test_every_sample_relation_has_evidence_slicing_the_text(sample_graph):
    text = read_document(sample_report()).text
    assertions = defaultdict(list)
    for node in sample_graph.subjects(RDF.type, KG.Assertion):
        key = tuple(sample_graph.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        assertions[key].append(node)
    edges = [(s, p, o) for p in RELATION_PREDICATES for s, o in sample_graph.subject_objects(p)]
    assert len(edges) > 80 and {p for _, p, _ in edges} >= {KG.implements, KG.studied, KG.issued, KG.subOrganizationOf}
    for edge in edges:
        assert assertions[edge], f"no assertion for {edge}"
        for node in assertions[edge]:
            sentence = sample_graph.value(node, KG.evidence)
            start, end = span_of(sample_graph, sample_graph.value(sentence, OA.hasSelector))
            assert str(sample_graph.value(sentence, KG.text)) == text[start:end]
            trigger = sample_graph.value(node, KG.trigger)
            t_start, t_end = span_of(sample_graph, trigger)
            assert start <= t_start < t_end <= end
            assert str(sample_graph.value(trigger, OA.exact)) == text[t_start:t_end]
            for prop in (KG.headMention, KG.tailMention):
                for mention in sample_graph.objects(node, prop):
                    m_start, m_end = span_of(sample_graph, mention)
                    assert start <= m_start and m_end <= end
                    assert str(sample_graph.value(mention, OA.exact)) == text[m_start:m_end]
            assert sample_graph.value(node, KG.status) in (KG.done, KG.planned)
            assert str(sample_graph.value(node, KG.rule))
            assert 0 < sample_graph.value(node, KG.confidence).toPython() <= 1


def test_sample_author_relations_name_the_author_as_subject(sample_graph):
    author = sample_graph.value(report_iri("ili-2021"), DCTERMS.creator)
    assert author == entity_iri("BODY", "伊犁哈萨克自治州人民政府")
    by_author = list(sample_graph.subjects(KG.authorIsActor, Literal(True)))
    assert len(by_author) > 30
    assert all(sample_graph.value(node, RDF.subject) == author for node in by_author)
    assert all(sample_graph.value(node, KG.headMention) is None for node in by_author)


def test_sample_nested_titles_form_a_chain_of_implements(sample_graph):
    """《伊犁州贯彻落实<自治区贯彻落实…实施方案>的任务分解方案》 -> 自治区…实施方案 -> 纲要, each its own node."""
    plan = entity_iri("POLICY", "伊犁州贯彻落实<自治区贯彻落实法治社会建设实施纲要(2020-2025)实施方案>的任务分解方案")
    regional = entity_iri("POLICY", "自治区贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案")
    outline = entity_iri("POLICY", "法治社会建设实施纲要(2020-2025)")
    assert (plan, KG.implements, regional) in sample_graph
    assert (regional, KG.implements, outline) in sample_graph
    assert str(sample_graph.value(outline, SKOS.prefLabel)) == "<法治社会建设实施纲要(2020-2025)>"
    assert (sample_graph.value(regional, SKOS.prefLabel)).startswith("自治区贯彻落实")
    assert (entity_iri("BODY", "伊犁哈萨克自治州人民政府"), KG.issued, plan) in sample_graph


def test_triples_are_the_graph_sorted():
    from kg.graphing import Triples, build_triples, triple_key

    extractions = [report_extraction(), second_extraction()]
    graph, triples = build_graph(extractions), build_triples(extractions)
    assert list(triples) == sorted(graph, key=triple_key) and len(triples) == len(graph)
    assert list(Triples.of(graph)) == list(triples)
    assert [row for row in edges_table(triples)] == edges_table(graph)
    assert nodes_table(triples) == nodes_table(graph)


def test_reports_added_in_any_order_give_the_same_triples(sample_extraction):
    # A parallel build adds each report as its extraction arrives, in whatever order.
    from kg.graphing import GraphBuilder

    extractions = [report_extraction(), second_extraction(), sample_extraction]
    orders = (extractions, extractions[::-1], extractions[1:] + extractions[:1])
    built = []
    for order in orders:
        builder = GraphBuilder()
        for extraction in order:
            builder.add(extraction)
        built.append(list(builder.triples()))
    assert built[0] == built[1] == built[2]


def test_triples_answer_lookups_as_the_graph():
    from kg.graphing import build_triples

    extractions = [report_extraction(), second_extraction()]
    graph, triples = build_graph(extractions), build_triples(extractions)
    terms = sorted({term for triple in graph for term in triple}, key=str)
    predicates = sorted(set(graph.predicates()), key=str)
    for s, p, o in list(graph)[::7]:
        for pattern in ((s, p, o), (s, p, None), (None, p, o), (None, p, None), (s, None, None), (None, None, o), (s, None, o)):
            assert sorted(triples.triples(pattern)) == sorted(graph.triples(pattern)), pattern
        assert set(triples.objects(s, p)) == set(graph.objects(s, p))
        assert set(triples.subjects(p, o)) == set(graph.subjects(p, o))
        assert triples.value(s, p) in set(graph.objects(s, p))
        assert (s, p, o) in triples
    for p in predicates:
        assert sorted(triples.subject_objects(p)) == sorted(graph.subject_objects(p))
    assert (terms[0], predicates[0], terms[0]) not in triples
    assert triples.value(terms[0], RDF.value) is None


def test_triples_keep_blank_nodes_apart_from_iris():
    from rdflib import URIRef

    from kg.graphing import Triples

    graph = Graph()
    graph.add((BNode("x"), RDF.value, Literal(1)))
    graph.add((URIRef("x"), RDF.value, Literal(1)))
    triples = Triples.of(graph)
    assert len(triples) == 2 and triples.has_blank_nodes()
    assert list(triples.triples((BNode("x"), None, None))) == [(BNode("x"), RDF.value, Literal(1))]


def test_minted_iris_are_the_identifiers():
    from kg import graphing

    assert graphing.report_iri("a b/c") == report_iri("a b/c")
    assert graphing.sentence_iri("a b/c", 3) == sentence_iri("a b/c", 3)
    assert graphing.mention_iri("报告-1", 2, 5) == mention_iri("报告-1", 2, 5)
    assert graphing.assertion_iri("报告 1", 4) == assertion_iri("报告 1", 4)
