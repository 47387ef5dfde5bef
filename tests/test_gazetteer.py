"""Tests for build_tools.gazetteer against the shipped data and the seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.gazetteer import Location, Place, load_gazetteer, normalize_code, short_forms

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# (seed file prefix, organ, expected township code)
SEED_CASES = [
    ("000", "酉阳土家族苗族自治县楠木乡人民政府", "500242224"),
    ("001", "保田镇", "520281106"),
    ("002", "建德市钦堂乡人民政府", "330182202"),
    ("003", "长洛乡", "360704203"),
    ("003", "赣州市赣县区长洛乡人民政府", "360704203"),
    ("004", "东沟乡", "630223208"),
]


@pytest.mark.parametrize(("prefix", "organ", "code"), SEED_CASES)
def test_seed_reports_are_placed(gazetteer, prefix, organ, code):
    location = gazetteer.locate(seed_text(prefix), organ)
    assert location.code == code
    assert location.candidates == (code,)
    assert location.reason


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_reports_are_placed_from_text_alone(gazetteer, prefix):
    expected = {case[0]: case[2] for case in SEED_CASES}[prefix]
    assert gazetteer.locate(seed_text(prefix)).code == expected


def test_seed_texts_mention_what_the_brief_says():
    assert "盘州市人民政府网" in seed_text("001") and "盘州保田" in seed_text("001")
    assert "互助土族自治县东沟乡塘拉村二社" in seed_text("004")


def test_ambiguous_names_are_settled_by_the_county(gazetteer):
    # 楠木乡 and 东沟乡 each exist twice; the county in the organ or text decides.
    assert len(gazetteer.townships_named("楠木乡")) == 2
    assert len(gazetteer.townships_named("东沟乡")) == 2
    location = gazetteer.locate(seed_text("004"), "东沟乡")
    assert location.reason == "依据“互助土族自治县”确定"
    location = gazetteer.locate("", "酉阳土家族苗族自治县楠木乡人民政府")
    assert location.code == "500242224"
    assert "酉阳土家族苗族自治县" in location.reason


def test_short_county_name_decides(gazetteer):
    assert gazetteer.locate("地址：互助县东沟乡", "东沟乡").code == "630223208"
    assert gazetteer.locate("酉阳县楠木乡", "楠木乡").code == "500242224"
    # 民主镇 exists five times; "盘州" (盘州市) picks the one in Guizhou.
    location = gazetteer.locate("微信公众号：盘州民主", "民主镇")
    assert location == Location("520281104", ("520281104",), "依据“盘州”确定")
    assert gazetteer.locate("盘州市人民政府网", "民主镇").reason == "依据“盘州市”确定"


def test_chengguan_without_county_is_unresolved(gazetteer):
    location = gazetteer.locate("城关镇2023年政府信息公开工作年度报告\n一、总体情况", "城关镇")
    assert location.code is None
    assert len(location.candidates) == 88
    assert list(location.candidates) == sorted(location.candidates)
    assert all(len(c) == 9 for c in location.candidates)
    assert location.reason == "正文未提及所属县（区、市），“城关镇”对应 88 个乡镇"


def test_chengguan_found_in_text_without_organ(gazetteer):
    location = gazetteer.locate("城关镇2023年政府信息公开工作年度报告")
    assert location.code is None and len(location.candidates) == 88


def test_township_from_text_prefers_the_title(gazetteer):
    text = "建德市人民政府\n2023年政府信息公开工作年度报告\n指导新安江街道、钦堂乡、钦堂乡开展工作。"
    assert gazetteer.locate(text).code == "330182202"  # the most frequent township
    assert gazetteer.locate("钦堂乡年度报告\n新安江街道、新安江街道").code == "330182202"


def test_chengguan_with_county_in_text(gazetteer):
    location = gazetteer.locate("本镇隶属和政县，地址：和政县城关镇", "城关镇人民政府")
    assert location == Location("622925100", ("622925100",), "依据“和政县”确定")
    assert gazetteer.locate("大通县城关镇2023年政府信息公开工作年度报告").code == "630121101"


def test_chengguan_narrowed_by_province_only(gazetteer):
    location = gazetteer.locate("河南省城关镇", "城关镇")
    assert location.code is None
    assert 1 < len(location.candidates) < 88
    assert all(c.startswith("41") for c in location.candidates)
    assert "河南省" in location.reason


def test_generic_words_are_not_taken_for_places(gazetteer):
    # 共和 (共和县) in 中华人民共和国, 开平 (开平区/市) in 公开平台, 和政 (和政县) in 公开和政务.
    text = "根据《中华人民共和国政府信息公开条例》，通过公开平台推进政务公开和政务服务。城关镇"
    location = gazetteer.locate(text, "城关镇")
    assert location.code is None and len(location.candidates) == 88


def test_county_government_organ_gives_county_code(gazetteer):
    location = gazetteer.locate("", "建德市人民政府")
    assert location.code == "330182"
    assert location.candidates == ("330182",)
    assert "建德市" in location.reason
    assert gazetteer.locate("", "建德市教育局").code == "330182"
    assert gazetteer.locate("", "互助县人民政府").code == "630223"


def test_city_and_province_organs(gazetteer):
    assert gazetteer.locate("", "赣州市人民政府").code == "3607"
    assert gazetteer.locate("", "重庆市人民政府").code == "50"
    # 东莞 has no counties; NBS gives it a county-level entry of the same name.
    assert gazetteer.locate("", "东莞市人民政府").code == "4419"


def test_ambiguous_county_organ(gazetteer):
    location = gazetteer.locate("", "鼓楼区人民政府")
    assert location.code is None
    assert len(location.candidates) == 4 and all(len(c) == 6 for c in location.candidates)
    assert gazetteer.locate("本区位于福州市中心", "鼓楼区人民政府").code == "350102"


def test_unknown_township_in_organ(gazetteer):
    location = gazetteer.locate("", "盘州市新设镇人民政府")
    assert location.code is None and location.candidates == ()
    assert "新设镇" in location.reason


def test_path_of_nanmu(gazetteer):
    path = gazetteer.path("500242224")
    assert [p.name for p in path] == ["重庆市", "酉阳土家族苗族自治县", "楠木乡"]
    assert [p.level for p in path] == ["province", "county", "township"]
    assert path[-1] == Place("500242224", "楠木乡", "township", "500242")


def test_path_keeps_real_levels(gazetteer):
    assert [p.code for p in gazetteer.path("520281106")] == ["52", "5202", "520281", "520281106"]
    assert [p.name for p in gazetteer.path("360704203")] == ["江西省", "赣州市", "赣县区", "长洛乡"]
    assert [p.name for p in gazetteer.path("630223208")] == ["青海省", "海东市", "互助土族自治县", "东沟乡"]
    # 东莞市 appears once although NBS lists it as both city and county.
    assert [p.name for p in gazetteer.path("4419")] == ["广东省", "东莞市"]
    assert gazetteer.path("nonsense") == []


def test_get_and_placeholders(gazetteer):
    assert gazetteer.get("5002") == Place("5002", "县", "city", "50")
    assert gazetteer.get("500242") == Place("500242", "酉阳土家族苗族自治县", "county", "5002")
    assert gazetteer.get("50") == Place("50", "重庆市", "province", None)
    assert gazetteer.get("500242224000").code == "500242224"
    assert gazetteer.get("330182000000").code == "330182"
    assert gazetteer.get("330100").code == "3301"
    assert gazetteer.get("999999") is None


def test_normalize_code():
    assert normalize_code("500242224000") == "500242224"
    assert normalize_code("330100000000") == "3301"
    assert normalize_code("110000000000") == "11"
    assert normalize_code("330182") == "330182"


def test_children_sorted(gazetteer):
    children = gazetteer.children("500242")
    assert children and all(p.parent == "500242" for p in children)
    assert [p.code for p in children] == sorted(p.code for p in children)
    assert "500242224" in {p.code for p in children}
    assert [p.name for p in gazetteer.children("50")] == ["市辖区", "县"]
    assert gazetteer.children("500242224") == []


def test_townships_named(gazetteer):
    assert [p.code for p in gazetteer.townships_named("钦堂乡")] == ["330182202"]
    assert [p.code for p in gazetteer.townships_named("新安江街道办事处")] == ["330182001"]
    assert gazetteer.townships_named("赣县区") == []


def test_names(gazetteer):
    names = gazetteer.names()
    assert names == sorted(set(names))
    assert {"长洛乡", "赣县区", "盘州市", "互助土族自治县"} <= set(names)
    assert "市辖区" not in names
    short = gazetteer.short_names()
    assert {"盘州", "互助县", "赣县", "酉阳县"} <= set(short)
    assert not set(short) & set(names)


def test_short_forms():
    def forms(name: str, level: str) -> set[str]:
        return short_forms(Place("0", name, level, None))

    assert forms("互助土族自治县", "county") == {"互助", "互助县"}
    assert forms("酉阳土家族苗族自治县", "county") == {"酉阳", "酉阳县"}
    assert forms("盘州市", "county") == {"盘州"}
    assert forms("赣县区", "county") == {"赣县"}
    assert forms("黔西南布依族苗族自治州", "city") == {"黔西南", "黔西南州"}
    assert forms("新疆维吾尔自治区", "province") == {"新疆"}
    assert forms("城区", "county") == set()


def test_data_counts_and_codes(gazetteer):
    assert gazetteer.version == "2.7.0"
    levels = {"province": 0, "city": 0, "county": 0, "township": 0}
    lengths = {"province": 2, "city": 4, "county": 6, "township": 9}
    for place in gazetteer:
        levels[place.level] += 1
        assert len(place.code) == lengths[place.level]
        assert place.parent is None or place.code.startswith(place.parent)
    assert levels["province"] == 31
    assert levels["township"] > 40000
    assert len(gazetteer) == sum(levels.values())


def test_load_is_cached():
    """Loaded once per process; how long it takes is measured by scripts/bench_parse.py, not asserted here."""
    load_gazetteer.cache_clear()
    first = load_gazetteer()
    assert load_gazetteer() is first