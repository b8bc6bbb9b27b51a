"""Extracting relations on sentences of real reports."""

from __future__ import annotations

from kg.pipeline import extract
from kg.reading import document_from_text

SIGNATURE = "\n伊犁哈萨克自治州人民政府\n2021年12月24日\n"


def relations(text: str, signature: str = SIGNATURE) -> list[tuple[str, str, str, str]]:
    """Return (type, head text or AUTHOR, tail text, status) of each relation in ``text``."""
    extraction = extract(document_from_text("t", text + signature))
    name = {m.id: m.text for m in extraction.mentions}
    return [(r.type, "AUTHOR" if r.head is None else name[r.head], name[r.tail], r.status) for r in extraction.relations]


def test_one_trigger_with_several_objects_gives_one_relation_each():
    found = relations("州党委理论学习中心组深入学习《中华人民共和国反外国制裁法》《中国共产党统一战线工作条例》等法律法规8次。")
    assert ("studied", "州党委理论学习中心组", "《中华人民共和国反外国制裁法》", "done") in found
    assert ("studied", "州党委理论学习中心组", "《中国共产党统一战线工作条例》", "done") in found


def test_dropped_subject_is_the_author():
    found = relations("制定了《关于学习贯彻习近平法治思想深入推进全面依法治州的实施方案》。")
    assert found == [("issued", "AUTHOR", "《关于学习贯彻习近平法治思想深入推进全面依法治州的实施方案》", "done")]


def test_nested_title_implements_its_inner_title():
    found = relations("深入贯彻落实《自治区贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》。")
    assert ("implements", "《自治区贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》", "<法治社会建设实施纲要(2020-2025)>", "done") in found
    assert ("implements", "AUTHOR", "《自治区贯彻落实<法治社会建设实施纲要(2020-2025)>实施方案》", "done") in found


def test_issuing_body_written_before_a_title():
    found = relations("落实国务院办公厅《关于加强和改进行政应诉工作的意见》。")
    assert ("issued", "国务院办公厅", "《关于加强和改进行政应诉工作的意见》", "done") in found
    assert ("implements", "AUTHOR", "《关于加强和改进行政应诉工作的意见》", "done") in found


def test_reports_to_the_body_after_向():
    found = relations("2020年度法治政府建设年度报告已向自治区人民政府报告。")
    assert ("reportsTo", "AUTHOR", "自治区人民政府", "done") in found


def test_work_plan_relations_are_planned():
    found = relations("二、2022年工作安排\n(一)加强规范性文件监督管理。深入贯彻落实《自治区行政规范性文件管理办法》。")
    assert ("implements", "AUTHOR", "《自治区行政规范性文件管理办法》", "planned") in found


def test_explicit_actor_and_based_on():
    found = relations("严格按照《反恐怖法》《自治区去极端化条例》等条例办法规定,组织公安、法院等各支力量依法打击。")
    assert ("basedOn", "AUTHOR", "《反恐怖法》", "done") in found
    assert ("basedOn", "AUTHOR", "《自治区去极端化条例》", "done") in found


def test_every_relation_points_into_its_sentence(sample_extraction):
    sentences = sample_extraction.sentences
    for relation in sample_extraction.relations:
        sentence = sentences[relation.sentence]
        assert sentence.start <= relation.trigger_start < relation.trigger_end <= sentence.end


# ---------------------------------------------------------------- the hard cases of issue 4, on real sentences

GUANGXI = "\n广西壮族自治区人民政府\n2025年1月20日\n"  # ../shared/corpus/provinces-2025: 2025年广西政府工作报告
XIZANG = "\n西藏自治区人民政府\n2025年1月20日\n"  # ../shared/corpus/provinces-2025: 2025年西藏政府工作报告
HAILAR = "\n呼伦贝尔市海拉尔区人民政府\n2012年1月5日\n"  # ../shared/corpus/hailar/2012.txt
HONGZE = "\n淮安市洪泽区人民政府\n2024年1月20日\n"  # ../shared/corpus/hongze/2023.pdf
SHANGHAI = "\n上海市人民政府\n2025年1月15日\n"  # ../shared/corpus/provinces-2025: 2025年上海市政府工作报告


def test_subject_shared_by_coordinated_clauses():
    # hongze-2023 as its PDF's text layer gives it (line breaks included): the subject of
    # the first clause acts in the second and the fourth.
    found = relations(
        "2023 年，洪泽区人民政府坚持以习近平新时代中国特色社会\n主义思想为指导，全面贯彻落实《条例》相关规范要求，不断完\n"
        "善政府信息公开制度，建立健全政府信息公开保障机制，始终将\n政务公开工作摆在重要位置。",
        HONGZE,
    )
    assert ("implements", "洪泽区人民政府", "《条例》", "done") in found
    assert ("established", "洪泽区人民政府", "政府信息公开保障机制", "done") in found


def test_a_clause_with_its_own_topic_falls_back_to_the_author():
    # ili-2021: the report is the topic of the third clause, so the author reports it.
    found = relations(
        "州县两级人民政府建立法治政府建设情况报告制度,主动报告本级政府上一年度推进依法行政、法治政府建设工作情况,"
        "2020年度法治政府建设年度报告已向自治区人民政府报告,并在州政府门户网站向社会进行了公开发布。"
    )
    assert ("established", "州县两级人民政府", "法治政府建设情况报告制度", "done") in found
    assert ("reportsTo", "AUTHOR", "自治区人民政府", "done") in found


def test_several_actors_each_act():
    found = relations("自治区党委、政府认真贯彻落实习近平总书记重要指示精神，坚持人民至上、生命至上。", XIZANG)
    assert ("implements", "自治区党委", "习近平总书记重要指示精神", "done") in found
    assert ("implements", "政府", "习近平总书记重要指示精神", "done") in found


def test_several_actors_shared_across_clauses_with_guiding_doctrine():
    found = relations(
        "自治区党委、政府团结带领全区各族人民，牢记嘱托、感恩奋进，以习近平新时代中国特色社会主义思想为指导，"
        "全面贯彻落实党的二十大和二十届二中、三中全会精神。",
        GUANGXI,
    )
    assert ("implements", "自治区党委", "习近平新时代中国特色社会主义思想", "done") in found
    assert ("implements", "政府", "习近平新时代中国特色社会主义思想", "done") in found


def test_guided_by_doctrine_with_the_actor_after_a_year():
    found = relations(
        "2023 年，洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》相关规范要求，"
        "不断完善政府信息公开制度，建立健全政府信息公开保障机制。",
        HONGZE,
    )
    assert [r for r in found if r[2] == "习近平新时代中国特色社会主义思想"] == [
        ("implements", "洪泽区人民政府", "习近平新时代中国特色社会主义思想", "done"),
    ]


def test_several_objects_of_a_list_each_get_the_relation():
    found = relations(
        "四是党政主要负责人高度重视法治文化建设和法治宣传教育,把宪法法律和党内法规列入各级党委(党组)理论学习中心组、"
        "干部教育培训体系重点学习内容,州党委理论学习中心组深入学习《中华人民共和国反外国制裁法》《中国共产党统一战线工作条例》等法律法规8次。"
    )
    studied = [r for r in found if r[0] == "studied"]
    assert studied == [
        ("studied", "州党委理论学习中心组", "《中华人民共和国反外国制裁法》", "done"),
        ("studied", "州党委理论学习中心组", "《中国共产党统一战线工作条例》", "done"),
    ]


def test_implicit_actor_of_several_clauses_is_the_author():
    found = relations(
        "成立了行政复议体制改革领导小组,出台了《伊犁哈萨克自治州行政复议体制改革工作方案》,明确自2022年1月1日起,"
        "伊犁州人民政府集中行政复议职责,统一行政复议机构。"
    )
    assert ("established", "AUTHOR", "行政复议体制改革领导小组", "done") in found
    assert ("issued", "AUTHOR", "《伊犁哈萨克自治州行政复议体制改革工作方案》", "done") in found


def test_planned_marker_governs_the_clauses_sharing_its_subject():
    found = relations("要继续强化行政执法责任制，严格执行行政问责制，不断提高政府的公信力。", HAILAR)
    assert ("implements", "AUTHOR", "行政问责制", "planned") in found


def test_what_was_done_and_what_is_planned():
    done = relations(
        "过去一年，我们坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大和二十届二中、三中全会精神。",
        SHANGHAI,
    )
    planned = relations(
        "做好今年工作，要坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大和二十届二中、三中全会以及中央经济工作会议精神。",
        SHANGHAI,
    )
    assert ("implements", "AUTHOR", "习近平新时代中国特色社会主义思想", "done") in done
    assert ("implements", "AUTHOR", "习近平新时代中国特色社会主义思想", "planned") in planned
    assert {r[3] for r in done} == {"done"} and {r[3] for r in planned} == {"planned"}


def test_nested_titles_chain_and_inner_title_is_its_own_mention():
    found = relations(
        "结合实际,制定了《伊犁州贯彻落实<自治区贯彻落实法治社会建设实施纲要(2020-2025)实施方案>的任务分解方案》。"
    )
    outer = "《伊犁州贯彻落实<自治区贯彻落实法治社会建设实施纲要(2020-2025)实施方案>的任务分解方案》"
    assert ("issued", "AUTHOR", outer, "done") in found
    assert ("implements", outer, "<自治区贯彻落实法治社会建设实施纲要(2020-2025)实施方案>", "done") in found


def test_every_sample_relation_has_full_provenance(sample_extraction):
    mentions = sample_extraction.mentions
    assert len(sample_extraction.relations) > 80
    for relation in sample_extraction.relations:
        sentence = sample_extraction.sentences[relation.sentence]
        for mention_id in (relation.head, relation.tail):
            if mention_id is not None:
                assert sentence.start <= mentions[mention_id].start < mentions[mention_id].end <= sentence.end
        assert relation.status in ("done", "planned")
        assert 0 < relation.confidence <= 1 and relation.rule


def test_object_after_a_long_modifier():
    # ili-2021: 成立了以…为组长,…为副组长,…为成员的<小组>.
    found = relations(
        "成立了以政府主要领导为组长,分管领导、秘书长为副组长,州发改委、财政局、人力资源和社会保障局、住建局等部门为成员的"
        "自治州行政调解工作协调指导小组,负责协调和指导行政调解工作。"
    )
    assert ("established", "AUTHOR", "自治州行政调解工作协调指导小组", "done") in found
    assert not any(r[0] == "established" and r[2] != "自治州行政调解工作协调指导小组" for r in found)


def test_programme_whose_implementation_is_inspected_is_supervised():
    # ili-2021: …行政执法“三项制度”落实情况等开展督察.
    found = relations(
        "制定法治督察工作要点,运用书面督察与实地督察相结合的方式,于8月底至9月初对州直11个县市、部分州直单位学习贯彻习近平法治思想情况、"
        "党政主要负责人履行推进法治建设第一责任人职责落实情况、2021年度法治政府建设和示范创建工作开展情况、"
        "行政执法“三项制度”落实情况等开展督察,对存在的共性和个性问题在州直范围内进行通报。"
    )
    assert ("supervises", "AUTHOR", "行政执法“三项制度”", "done") in found


def test_a_fronted_basis_belongs_to_the_subject_after_it():
    # 伊犁州 2021, the opening sentence: 根据… opens it; the subject comes after the comma.
    found = relations("根据《关于报送2021年法治政府建设工作总结的通知》(新政办明电〔2021〕309号)文件要求,伊犁州人民政府高度重视,政府主要领导作出指示批示。")
    assert ("basedOn", "伊犁州人民政府", "《关于报送2021年法治政府建设工作总结的通知》", "done") in found
    assert not [r for r in found if r[0] == "basedOn" and r[1] == "AUTHOR"]


def test_a_basis_with_its_actor_before_it_keeps_that_actor():
    # A constructed sentence in the usual order, actor first.
    found = relations("州司法局根据《中华人民共和国行政复议法》,依法办理行政复议案件。")
    assert ("basedOn", "州司法局", "《中华人民共和国行政复议法》", "done") in found
