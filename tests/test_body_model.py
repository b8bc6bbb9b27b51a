"""The statistical body recogniser: candidates, the shipped weights, its place beside the rules."""

from __future__ import annotations

import numpy as np
import pytest

from kg.body_model import Candidates, best_non_overlapping, body_model, candidates, code_points
from kg.lexicon import lexicon
from kg.recognizing import MODEL_RULE, pipeline


def test_candidates_end_on_a_head_and_never_cross_punctuation():
    model = body_model()
    text = "经国务院批准，美国海军与日军、伊犁州司法局在会上发言。"
    found = candidates(code_points(text), model.settings)
    spans = [text[s:e] for s, e in zip(found.starts, found.ends, strict=True)]
    assert "美国海军" in spans and "伊犁州司法局" in spans
    assert all(span[-1] in model.settings.heads for span in spans)
    assert not any(set(span) & set(model.settings.breaks) for span in spans)


def test_shipped_weights_match_the_hash_table_and_load_once():
    model = body_model()
    assert model.weights.shape == (1 << model.settings.hash_bits,)
    assert np.count_nonzero(model.weights) > 10_000
    assert body_model() is model


def test_model_finds_bodies_the_rules_do_not_know():
    # CLUENER dev sentence: military and central-bank short forms are outside the rule tables.
    text = "据报道，美国海军计划在南海举行演习，日军也派出舰艇。"
    rules_only = {e.text for e in pipeline(statistical=False)(text).ents}
    found = {e.text: e.id_ for e in pipeline()(text).ents}
    assert "美国海军" not in rules_only
    assert found.get("美国海军") == MODEL_RULE


def test_model_bodies_never_overlap_rule_mentions_of_a_report(sample_extraction):
    text = sample_extraction.document.text
    rule_spans = [(e.start_char, e.end_char) for e in pipeline(statistical=False)(text).ents]
    for entity in pipeline()(text).ents:
        if entity.id_ == MODEL_RULE:
            assert not any(s < entity.end_char and entity.start_char < e for s, e in rule_spans), entity.text


def test_scores_are_probabilities_and_deterministic():
    text = "泗水县文化市场综合执法局开展检查，国家邮政局发布通知。"
    first, second = body_model().spans(text, 0.0), body_model().spans(text, 0.0)
    assert first == second
    assert all(0.0 <= p <= 1.0 for _, _, p in first)


def test_model_drops_rule_bodies_that_name_a_team_not_a_body():
    # CLUENER dev sentence: 队 heads bodies in reports (综合执法大队) but here a football club.
    text = "温格的球队2比1战胜了布莱克本队"
    assert "布莱克本队" in {e.text for e in pipeline(statistical=False)(text).ents}
    assert not [e for e in pipeline()(text).ents if e.label_ == "BODY"]


def test_model_keeps_units_named_after_their_parent_body():
    text = "州党委理论学习中心组深入学习习近平法治思想"
    assert "州党委理论学习中心组" in {e.text for e in pipeline()(text).ents}


def test_body_names_stop_at_words_never_inside_a_name():
    # CLUENER dev sentences: 来自 and 最早 are no part of the names after them.
    bodies = {e.text for e in pipeline()("卫队员，分别来自海上自卫队和陆上自卫队").ents}
    assert "海上自卫队" in bodies and not any("来自" in b for b in bodies)
    assert not any(e.text.startswith("最早") for e in pipeline()("最早华贸中心开始建设的时候").ents)
    stops = lexicon().body_stops
    assert {"来自", "最早", "还有"} <= stops and not {"执法", "管理", "保障", "侦查"} & stops


@pytest.mark.parametrize(
    "text",
    [
        # 2025 provincial work reports: qualities of a government, compounds, a team of people.
        "深化数字政府建设，加快国家部署的“高效办成一件事”落实落地。",
        "必须进一步加强法治政府、创新政府、廉洁政府、服务型政府建设，大力提升行政效能。",
        "有效缓释地方政府债务风险；“保交楼”任务和“保交房”年度任务全面完成。",
        "高素质人才队伍加快建设。",
        "实现政府部门对口联系民主党派、工商联全覆盖。",
    ],
)
def test_model_adds_no_body_the_rules_tests_rule_out(text):
    added = [e.text for e in pipeline()(text).ents if e.id_ == MODEL_RULE]
    assert added == []


def test_a_country_before_a_government_head_names_a_government():
    # CLUENER dev sentence.
    text = "Q：简单介绍下现在日本受灾的情况吧，日本政府是如何处理这次事件的，"
    assert "日本政府" in {e.text for e in pipeline()(text).ents if e.label_ == "BODY"}


def test_of_two_nested_names_about_as_probable_the_whole_one_wins():
    # CLUENER dev sentence: the headquarters, not the army whose name opens it.
    text = "在八路军晋察冀军区司令部，晋察冀军区司令员和政委向你交待任务。"
    assert "八路军晋察冀军区司令部" in {e.text for e in pipeline()(text).ents if e.label_ == "BODY"}
    spans = Candidates(np.array([0, 0]), np.array([3, 11]))
    assert best_non_overlapping(spans, np.array([0.6, 0.5]), 0.2, length_bonus=0.05) == [(0, 11, 0.5)]
    assert best_non_overlapping(spans, np.array([0.9, 0.3]), 0.2, length_bonus=0.05) == [(0, 3, 0.9)]
    assert body_model().settings.length_bonus > 0


def test_a_span_the_rules_rule_out_does_not_block_the_name_inside_it():
    # CLUENER train sentence: the model's longer span runs over the verb 根据; the
    # bureau before it is still found.
    text = "所以杭州市房管局根据市建设行政主管部门提供的房源以不同家庭保障面积标准为依据，对4人（含）"
    assert "杭州市房管局" in {e.text for e in pipeline()(text).ents}
    spans = Candidates(np.array([0, 0]), np.array([6, 12]))
    assert best_non_overlapping(spans, np.array([0.6, 0.9]), 0.2, fit=lambda s, e: e - s < 10) == [(0, 6, 0.6)]
