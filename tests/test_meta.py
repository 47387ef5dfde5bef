"""Organ, year, publication date and level read from the page around the report, and wrong candidates refused."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from build_tools.parse import hant, locate_region
from build_tools.parse.abbreviations import expand_abbreviation
from build_tools.parse.level import find_level, level_context
from build_tools.parse.lines import Line, split_lines
from build_tools.parse.meta import Metadata, find_title, organ_name, read_metadata
from build_tools.pipeline import parse_files
from build_tools.sources import load_source

META = FIXTURES / "meta"


def lines_of(*texts: str) -> list[Line]:
    return split_lines("\n".join(texts))


def metadata(path: Path) -> tuple[Metadata, str, str, str | None]:
    """Read a fixture's metadata as `parse_text` does: (metadata, level, level reason, region code)."""
    source = load_source(path)
    meta = read_metadata(split_lines(source.text))
    region = locate_region(source.text, meta.organ)
    level, reason = find_level(meta.organ, region["code"], meta.context)
    return meta, level, reason, region["code"]


def notes(meta: Metadata) -> list[tuple[str, str, int | None]]:
    return [(f.id, f.severity.value, f.line) for f in meta.notes]


# name → organ, year, year source, published, level, region code, notes (id, severity, line)
FIXTURE_CASES = {
    # Breadcrumb, share bar, HTML information table, "2023年梅林镇…" title; the site's footer is not a signature.
    "township-2023-county-site.html": ("赣州市赣县区梅林镇人民政府", 2023, "title", "2024-01-23", "township",
                                       "360704100", []),
    # A letter: organ above "关于2022年度…的报告", addressee "区政府办公室：", the 印发 line after the signature.
    "department-2022-letter.txt": ("赣州市赣县区发展和改革委员会", 2022, "title", "2023-01-09", "department", "360704",
                                   []),
    # "区发改委" written out as the text writes it, with the district and city its opening sentence names.
    "department-2023-abbreviation.txt": ("赣州市赣县区发展和改革委员会", 2023, "title", None, "department", "360704",
                                         [("M-02", "info", None)]),
    # The whole page on one line: 发布机构 is the government's office, the title names the government.
    "county-2024-one-line.txt": ("嵩县人民政府", 2024, "title", "2025-01-21", "county", "410325", []),
    # Label and value on consecutive lines; the title names no organ.
    "street-2023-info-lines.txt": ("广州市天河区五山街道办事处", 2023, "title", "2024-01-19", "street", "440106001",
                                   [("M-02", "info", None)]),
    # Pipe table, title over two Markdown headings.
    "township-2022-pipe.md": ("嵩县黄庄乡人民政府", 2022, "title", "2023-01-16", "township", "410325209", []),
    # Box-drawn information table; a zone that administers a former township.
    "zone-2023-w3m.txt": ("赣州经济技术开发区管理委员会", 2023, "title", "2024-01-25", "township", "360702400", []),
    # 《…》 title without the year: the statistics period gives it.
    "township-2024-period.txt": ("桃源县陬市镇人民政府", 2024, "period", "2025-01-17", "township", "430725101",
                                 [("M-01", "info", 3)]),
    # No year anywhere but the publication date.
    "township-2023-published.txt": ("桃源县热市镇人民政府", 2023, "published", "2024-01-15", "township", "430725103",
                                    [("M-01", "info", 1)]),
    # Other documents' titles and a sentence citing the circular come before the title.
    "county-2023-sentences.txt": ("桃源县人民政府", 2023, "title", "2024-03-20", "county", "430725", []),
    # "关于报送2023年度…的函" to "市政府办公室：": the signature names the organ.
    "department-2023-addressee.txt": ("常德市卫生健康委员会", 2023, "title", "2024-01-26", "department", "4307",
                                      [("M-02", "info", None)]),
}


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in META.iterdir() if p.name != "README.md") == sorted(FIXTURE_CASES)


@pytest.mark.parametrize("name", sorted(FIXTURE_CASES))
def test_fixture_metadata(name):
    organ, year, year_source, published, level, code, expected_notes = FIXTURE_CASES[name]
    meta, got_level, reason, got_code = metadata(META / name)
    assert (meta.organ, meta.year, meta.year_source) == (organ, year, year_source)
    assert (meta.published.isoformat() if meta.published else None) == published
    assert (got_level, got_code) == (level, code)
    assert reason
    assert notes(meta) == expected_notes


@pytest.mark.parametrize("name", sorted(FIXTURE_CASES))
def test_fixture_parses_with_the_same_metadata(name):
    """The whole parse carries the metadata, the level reason and the notes into the report."""
    organ, year, _source, published, level, code, expected_notes = FIXTURE_CASES[name]
    (result,) = parse_files([META / name])
    assert result.error is None, result.error
    report = result.report
    assert (report.organ, report.year, report.level.value, report.region.code) == (organ, year, level, code)
    assert (report.published.isoformat() if report.published else None) == published
    assert report.level_reason == metadata(META / name)[2]
    found = [(f.id, f.severity.value, f.line) for f in report.findings if f.id in ("M-01", "M-02")]
    assert found == expected_notes
    assert report.sections.overview is not None and report.sections.other_matters is not None


def test_level_reasons_say_why():
    assert metadata(META / "zone-2023-w3m.txt")[2] == "报告写明“代管湖边镇”，行使乡镇职能，与乡镇同级比较"
    assert "街道办事处" in metadata(META / "street-2023-info-lines.txt")[2]
    assert metadata(META / "county-2023-sentences.txt")[2] == "人民政府，区划代码为县级"
    assert metadata(META / "department-2023-addressee.txt")[2] == "名称以“委员会”结尾，为政府工作部门或直属机构"


def test_notes_explain_where_the_year_and_organ_came_from():
    meta = metadata(META / "township-2023-published.txt")[0]
    (note,) = meta.notes
    assert note.message == "标题和正文中没有年度，按发布日期 2024-01-15 推定为 2023 年度报告"
    assert note.found == "2023"
    meta = metadata(META / "department-2023-addressee.txt")[0]
    assert [n.message for n in meta.notes] == ["标题中没有发布机关，机关名称“常德市卫生健康委员会”取自落款"]


# The seeds: real reports whose organ and year must stay as they are. --------------------------------------------

SEED_METADATA = {
    "000": ("酉阳土家族苗族自治县楠木乡人民政府", 2023, None),
    "001": ("保田镇人民政府", 2023, None),
    "002": ("建德市钦堂乡人民政府", 2023, None),
    "003": ("赣州市赣县区长洛乡人民政府", 2023, dt.date(2024, 1, 25)),
    "004": ("东沟乡人民政府", 2023, None),
}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_metadata(path):
    meta = read_metadata(split_lines(path.read_text(encoding="utf-8")))
    assert (meta.organ, meta.year, meta.published) == SEED_METADATA[path.name[:3]]
    assert (meta.organ_source, meta.year_source, meta.notes) == ("title", "title", ())


# Titles ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lines, organ, year", [
    (["陬市镇人民政府2023年政府信息公开工作年度报告"], "陬市镇人民政府", 2023),
    (["2023年五山街道办事处政府信息公开工作年度报告"], "五山街道办事处", 2023),
    (["桃源县发展和改革局2023年度政府信息公开工作年度报告"], "桃源县发展和改革局", 2023),
    (["常德市桃源县陬市镇2023年政府信息公开工作年度报告"], "常德市桃源县陬市镇", 2023),
    (["《陬市镇2024年政府信息公开工作年度报告》"], "陬市镇", 2024),
    (["桃源县人民政府2023年", "政府信息公开工作年度报告"], "桃源县人民政府", 2023),
    (["桃源县人民政府", "2022年度政府信息公开工作报告"], "桃源县人民政府", 2022),
    (["桃源县财政局关于2022年度政府信息公开工作年度报告的报告"], "桃源县财政局", 2022),
    (["关于报送2022年度政府信息公开工作年度报告的函"], None, 2022),
    (["名称", "陬市镇2023年政府信息公开工作年度报告"], "陬市镇", 2023),  # the information table's label above
    (["当前位置：首页 > 政务公开 > 年度报告 > 陬市镇2023年政府信息公开工作年度报告"], "陬市镇", 2023),
    (["陬市镇2023年政府信息公开工作年度报告_桃源县人民政府"], "陬市镇", 2023),
    (["根据《桃源县人民政府办公室关于做好2023年政府信息公开工作年度报告编制发布工作的通知》要求，编制本报告。",
      "陬市镇2023年政府信息公开工作年度报告"], "陬市镇", 2023),
    (["2023年政务公开工作年度报告"], None, 2023),
    (["陬市镇人民政府政府信息公开工作年度报告（2023年度）"], "陬市镇人民政府", 2023),
    (["桃源县人民政府二〇二三年政府信息公开工作年度报告"], "桃源县人民政府", 2023),
    (["关于桃源县财政局2022年度政府信息公开工作年度报告的报告"], "桃源县财政局", 2022),
    (["桃源县人民政府信息公开工作2023年度报告"], "桃源县人民政府", 2023),
    (["2023年桃源县人民政府信息公开工作年度报告"], "桃源县人民政府", 2023),
    (["桃源县人民政府2023年政府信息公开工作年度报告 2024-01-20"], "桃源县人民政府", 2023),
])
def test_title_forms(lines, organ, year):
    assert find_title(lines_of(*lines))[:2] == (organ, year)


@pytest.mark.parametrize("text", [
    "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "发布机构：XX镇人民政府",
    "区政府办公室：",
    "桃源县人民政府办公室关于印发桃源县2023年政务公开工作要点的通知",
    "本报告电子版可在桃源县人民政府门户网站查阅",
    "我镇认真贯彻落实条例",
    "此函",
    "2024年1月20日",
    "主办：桃源县人民政府办公室",
    "政府信息公开工作年度报告",
])
def test_what_is_not_an_organ(text):
    assert organ_name(text) is None


@pytest.mark.parametrize("text, name", [
    ("桃源县人民政府", "桃源县人民政府"), ("广州市天河区五山街道办事处", "广州市天河区五山街道办事处"),
    ("常德市卫生健康委员会", "常德市卫生健康委员会"), ("陬市镇", "陬市镇"),
    ("赣州经济技术开发区管理委员会（代管湖边镇）", "赣州经济技术开发区管理委员会"), ("区发改委", "区发改委"),
])
def test_what_is_an_organ(text, name):
    assert organ_name(text) == name


# The information table in its text shapes ---------------------------------------------------------------------------

REPORT = ["政府信息公开工作年度报告", "一、总体情况", "本年度报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"]


@pytest.mark.parametrize("head", [
    ["发布机构：桃源县陬市镇人民政府"],
    ["索引号：11430725/2024-00001　发布机构：桃源县陬市镇人民政府　成文日期：2024-01-20"],
    ["发布机构：", "桃源县陬市镇人民政府"],
    ["发布机构", "桃源县陬市镇人民政府"],
    ["索引号\t11430725/2024-00001\t发布机构\t桃源县陬市镇人民政府"],
    ["| 索引号 | 11430725/2024-00001 | 发布机构 | 桃源县陬市镇人民政府 |"],
    ["┃索引号┃11430725/2024-00001┃发布机构┃桃源县陬市镇人民政府┃"],
    ["首页 > 政务公开 索引号：11430725/2024-00001发布机构：桃源县陬市镇人民政府名称：政府信息公开工作年度报告"],
])
def test_information_table_shapes(head):
    meta = read_metadata(lines_of(*head, *REPORT))
    assert (meta.organ, meta.organ_source, meta.year, meta.year_source) == ("桃源县陬市镇人民政府", "info", 2023,
                                                                           "period")


def test_the_title_is_trusted_over_the_information_table_and_the_table_over_the_signature():
    meta = read_metadata(lines_of("发布机构：桃源县人民政府办公室", "桃源县人民政府2023年政府信息公开工作年度报告",
                                  *REPORT[1:], "桃源县人民政府办公室", "2024年1月20日"))
    assert (meta.organ, meta.organ_source) == ("桃源县人民政府", "title")
    meta = read_metadata(lines_of("发布机构：桃源县陬市镇人民政府", *REPORT, "桃源县人民政府办公室", "2024年1月20日"))
    assert (meta.organ, meta.organ_source) == ("桃源县陬市镇人民政府", "info")
    assert [(n.id, n.found) for n in meta.notes] == [("M-01", "2023"), ("M-02", "桃源县陬市镇人民政府"),
                                                  ("M-02", "桃源县人民政府办公室")]


def test_the_pages_source_field_is_the_last_resort():
    meta = read_metadata(lines_of("发布时间：2024-01-20 来源：桃源县陬市镇人民政府 浏览次数：12", *REPORT))
    assert (meta.organ, meta.organ_source, meta.published) == ("桃源县陬市镇人民政府", "source", dt.date(2024, 1, 20))
    assert meta.notes[-1].message == "标题中没有发布机关，机关名称“桃源县陬市镇人民政府”取自页面的“来源”"
    meta = read_metadata(lines_of("来源：桃源县人民政府办公室", *REPORT, "桃源县陬市镇人民政府", "2024年1月20日"))
    assert (meta.organ, meta.organ_source) == ("桃源县陬市镇人民政府", "signature")


@pytest.mark.parametrize("opening, organ", [
    ("根据《中华人民共和国政府信息公开条例》要求，现公布禄丰市卫生健康局2025年政府信息公开工作年度报告。", "禄丰市卫生健康局"),
    ("根据《条例》有关要求，现将富县人民政府2024年政府信息公开工作年度报告予以公开。", "富县人民政府"),
    ("按照上级要求，编制了清江浦区人民政府2021年度政府信息公开工作年度报告。", "清江浦区人民政府"),
    ("根据《条例》规定，现将我局2021年政府信息公开年度报告编制和公布工作有关情况报告如下：", None),
    ("根据《条例》规定，现编制并公布本单位2021年度政府信息公开工作年度报告。", None),
])
def test_the_opening_sentence_names_the_organ_when_nothing_else_does(opening, organ):
    meta = read_metadata(lines_of(opening, *REPORT))
    assert meta.organ == organ
    if organ:
        assert meta.organ_source == "preamble"
        assert meta.notes[-1].message == f"标题中没有发布机关，机关名称“{organ}”取自报告开头的说明"


def test_the_opening_sentence_yields_to_the_signature():
    meta = read_metadata(lines_of("现公布区统计局2023年政府信息公开工作年度报告。", *REPORT, "西湖区统计局", "2024年1月20日"))
    assert (meta.organ, meta.organ_source) == ("西湖区统计局", "signature")


def test_a_fuller_name_from_a_later_source_completes_the_title():
    meta = read_metadata(lines_of("长洛乡 2023 年政府信息公开工作年度报告", "一、总体情况", "赣州市赣县区长洛乡人民政府",
                                  "2024年1月25日"))
    assert (meta.organ, meta.organ_source) == ("赣州市赣县区长洛乡人民政府", "title")


# Signatures and dates -------------------------------------------------------------------------------------------------


def test_a_letters_print_line_is_not_the_signature():
    meta = read_metadata(lines_of(*REPORT, "此函。", "桃源县财政局", "2024年1月9日", "抄送：县政府办公室。",
                                  "桃源县财政局办公室 2024年1月10日印发"))
    assert (meta.organ, meta.published) == ("桃源县财政局", dt.date(2024, 1, 9))


def test_a_signature_on_the_last_line_of_a_flattened_page():
    meta = read_metadata(lines_of(" ".join([*REPORT, "桃源县陬市镇人民政府 2024年1月20日 【打印】 【关闭】",
                                            "主办：桃源县人民政府办公室"])))
    assert (meta.organ, meta.organ_source, meta.published) == ("桃源县陬市镇人民政府", "signature",
                                                                dt.date(2024, 1, 20))


def test_the_signature_above_a_long_footer_and_a_link_list():
    lynx = ["桃源县陬市镇人民政府", "2024年1月20日", "   【打印本页】 【关闭窗口】",
            "主办：桃源县人民政府办公室 承办：桃源县大数据中心 网站标识码：4307250001 湘ICP备05012345号 技术支持：某某公司",
            "References", *[f"   {n}. http://www.taoyuan.gov.cn/{n}.html" for n in range(1, 30)]]
    meta = read_metadata(lines_of(*REPORT, *lynx))
    assert (meta.organ, meta.organ_source, meta.published) == ("桃源县陬市镇人民政府", "signature",
                                                                dt.date(2024, 1, 20))


def test_a_letter_run_into_one_line_is_signed_before_its_print_line():
    text = " ".join([*REPORT, "此函。 桃源县财政局 2024年1月9日 （此件公开发布）", "抄送：县政府办公室。",
                     "桃源县财政局办公室 2024年1月10日印发", "【打印】【关闭】"])
    meta = read_metadata(lines_of(text))
    assert (meta.organ, meta.published) == ("桃源县财政局", dt.date(2024, 1, 9))


def test_a_site_footer_is_not_a_signature():
    meta = read_metadata(lines_of(*REPORT, "主办单位：", "桃源县人民政府办公室", "网站标识码：4307250001"))
    assert meta.organ is None


@pytest.mark.parametrize("sentence, year", [
    ("本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", 2022),
    ("本报告所列数据统计期限为 2024 年 1 月 1 日至 12 月 31 日。", 2024),
    ("本报告中所列数据的统计时限为2023年度。", 2023),
    ("数据统计时间为2021年1月至12月。", 2021),
])
def test_statistics_period_sentences(sentence, year):
    meta = read_metadata(lines_of("陬市镇人民政府政府信息公开工作年度报告", "一、总体情况", sentence))
    assert (meta.year, meta.year_source) == (year, "period")


def test_a_publication_in_the_second_half_of_the_year_gives_no_year():
    meta = read_metadata(lines_of("发布日期：2024-08-15", "陬市镇人民政府政府信息公开工作年度报告", "一、总体情况"))
    assert (meta.year, meta.published) == (None, dt.date(2024, 8, 15))


def test_the_title_year_wins_over_the_period_and_the_date():
    meta = read_metadata(lines_of("发布日期：2024-01-15", "陬市镇2023年政府信息公开工作年度报告",
                                  "本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"))
    assert (meta.year, meta.year_source) == (2023, "title")
    assert [n.id for n in meta.notes] == ["M-02"]  # 陬市镇 → 陬市镇人民政府, not about the year


# Abbreviations -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("organ, text, expanded", [
    ("市发改委", "洛阳市发展和改革委员会负责编制本报告", "市发展和改革委员会"),
    ("市发改委", "市发改委负责编制本报告", None),  # the text never gives the full name: nothing invented
    ("县人社局", "县人力资源和社会保障局", "县人力资源和社会保障局"),
    ("县政府办", "县人民政府办公室", "县人民政府办公室"),
    ("桃源县政府", "桃源县人民政府", "桃源县人民政府"),
    ("桃源县人民政府", "桃源县人民政府", None),
])
def test_abbreviations(organ, text, expanded):
    assert expand_abbreviation(organ, text) == expanded


def test_an_abbreviated_title_is_written_out_only_from_the_text():
    meta = read_metadata(lines_of("市卫健委2023年政府信息公开工作年度报告", "一、总体情况", "常德市卫生健康委员会负责…"))
    assert meta.organ == "常德市卫生健康委员会"
    # "市卫健委" names no city: no organ, and a note quoting what the page wrote.
    meta = read_metadata(lines_of("市卫健委2023年政府信息公开工作年度报告", "一、总体情况", "市卫健委负责…"))
    assert meta.organ is None
    assert [(n.id, n.found) for n in meta.notes] == [("M-02", "市卫健委")]


# Level ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("organ, code, text, level", [
    ("五山街道办事处", None, "", "street"),
    ("赣州经济技术开发区管理委员会", "360702400", "本委代管湖边镇", "township"),
    ("蓉江新区管理委员会", None, "我委承担原潭口镇、潭东镇乡镇职能", "township"),
    ("白河林业管理局", None, "本局承担原白河乡人民政府职能", "township"),
    # The county a zone lies in, or a township-level statistical code, does not give the zone a level.
    ("赣州经济技术开发区管理委员会", "360702", "", "other"),
    ("赣州经济技术开发区管理委员会", "360702400", "", "other"),
    ("白河高新技术产业开发区管理委员会", None, "", "other"),
    ("五大连池风景区管理委员会", "231182", "", "other"),
    ("宁夏农垦贺兰山农场管理区", "640122", "", "other"),
    ("桃源县市场监督管理局", "430725", "", "department"),
    ("桃源县人民政府办公室", "430725", "", "department"),
    ("桃源县人民政府", "430725", "", "county"),
    ("常德市人民政府", "4307", "", "city"),
    ("湖南省人民政府", None, "", "province"),
    ("陬市镇人民政府", None, "", "township"),
])
def test_levels(organ, code, text, level):
    got, reason = find_level(organ, code, level_context(text, organ))
    assert got == level and reason


def test_a_department_mentioning_a_township_stays_a_department():
    assert level_context("本局代管XX镇市场监管所", "桃源县教育局") == ""


# Properties ----------------------------------------------------------------------------------------------------------

_PLACES = ("桃源县", "常德市桃源县", "赣州市赣县区", "嵩县", "")
_BODIES = ("陬市镇人民政府", "热市镇", "五山街道办事处", "发展和改革局", "人民政府", "卫生健康委员会", "财政局")
_CHROME = ("当前位置：首页 > 政务公开 > 年度报告", "【字体：大 中 小】 打印 关闭", "分享到：微信 微博 QQ空间",
           "索引号：K1234/2024-00001", "主办：桃源县人民政府办公室", "全真版 文字版 文件下载",
           "桃源县人民政府办公室关于印发桃源县2023年政务公开工作要点的通知")
_TITLES = ("{organ}{year}年政府信息公开工作年度报告", "{organ}{year}年度政府信息公开工作年度报告",
           "{year}年{organ}政府信息公开工作年度报告", "《{organ}{year}年政府信息公开工作年度报告》",
           "{organ}\n{year}年政府信息公开工作年度报告", "{organ}关于{year}年度政府信息公开工作年度报告的报告")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_PLACES), st.sampled_from(_BODIES), st.integers(2019, 2025), st.sampled_from(_TITLES),
       st.lists(st.sampled_from(_CHROME), max_size=4), st.lists(st.sampled_from(_CHROME), max_size=3))
def test_title_read_back_through_page_chrome(place, body, year, template, before, after):
    organ = place + body
    if organ_name(organ) is None:
        return
    text = "\n".join([*before, template.format(organ=organ, year=year), "一、总体情况", "正文。", *after])
    meta = read_metadata(split_lines(text))
    # A title naming only a place ("桃源县热市镇") names the body governing it.
    expected = organ + "人民政府" if organ.endswith(("镇", "县")) else organ
    assert (meta.organ, meta.year, meta.organ_source) == (expected, year, "title")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("发布机构索引号名称：:年月日镇县人民政府报告2013 \n|┃\t>首页此函印发")),
               max_size=300))
def test_read_metadata_never_fails_and_names_only_organs(text):
    meta = read_metadata(split_lines(text))
    assert meta.organ is None or organ_name(meta.organ) == meta.organ
    assert meta.year is None or 2008 <= meta.year <= 2100


def test_synthetic_reports_keep_organ_and_year():
    from build_tools import synth
    from build_tools.parse import parse_text
    from build_tools.sources import source_from_text

    rng = random.Random(10)
    for n in range(40):
        generated = synth.random_report(rng)
        layout = synth.LAYOUTS[n % len(synth.LAYOUTS)]
        report = parse_text(source_from_text(f"r.{layout}", synth.write(generated, layout)))
        assert (report.organ, report.year, report.level.value) == (generated.organ, generated.year, generated.level)


# Naming conventions: a place names its government, places written before a name are kept -----------------------

OVERVIEW = ["一、总体情况", "本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"]


@pytest.mark.parametrize("title, text, organ", [
    ("保康县2022年度政府信息公开工作年度报告", "", "保康县人民政府"),
    ("螺洋街道2022年度政府信息公开工作年度报告", "", "螺洋街道办事处"),
    ("2022年度螅镇政府信息公开工作年度报告", "", "螅镇人民政府"),  # the 政府 the title shares with the kind
    ("五常市背荫河镇2022年政府信息公开工作年度报告", "背荫河镇政府高度重视", "五常市背荫河镇人民政府"),
    ("太仓高新区2022年政府信息公开工作年度报告", "高新区管委会办公室负责", "太仓高新区管委会"),
    ("长春高新开发区2022年政府信息公开工作年度报告", "", None),  # a zone whose committee the text never names
])
def test_a_title_naming_a_place_names_the_body_governing_it(title, text, organ):
    meta = read_metadata(lines_of(title, *OVERVIEW, text))
    assert (meta.organ, meta.year) == (organ, 2022)
    (note,) = [n for n in meta.notes if n.id == "M-02"]
    assert note.found == re.sub(r"^2022年度|2022年.*$|政府信息.*$", "", title)
    assert (note.expected == organ) if organ else "不作为机关名称" in note.message


@pytest.mark.parametrize("head, text, organ", [
    (["道里区通江街道办事处", "2022年政府信息公开工作年度报告"], "如有疑问请与哈尔滨市道里区通江街道办事处联系。",
     "哈尔滨市道里区通江街道办事处"),
    (["硚口区汉水桥街道2022年政府信息公开工作年度报告"], "联系单位：硚口区人民政府汉水桥街道办事处，",
     "硚口区人民政府汉水桥街道办事处"),
    (["中扬镇2022年度政府信息公开工作年度报告"], "电子版可在宿城区人民政府网站中扬镇人民政府板块查阅，或与宿城区中扬镇人民政府联系。",
     "宿城区中扬镇人民政府"),
    # Words before the name that are no places are not taken, nor is another county's body of the same name.
    (["中扬镇2022年度政府信息公开工作年度报告"], "根据中扬镇人民政府的部署，", "中扬镇人民政府"),
    (["宿城区中扬镇2022年度政府信息公开工作年度报告"], "泗阳县中扬镇人民政府", "宿城区中扬镇人民政府"),
    (["富县2022年度政府信息公开工作年度报告"], "办理富县人民政府交办事项", "富县人民政府"),
])
def test_the_places_the_text_writes_before_the_name_are_kept(head, text, organ):
    assert read_metadata(lines_of(*head, *OVERVIEW, text)).organ == organ


@pytest.mark.parametrize("opening, text, organ", [
    ("现公布区统计局2022年政府信息公开工作年度报告。", "我局主动公开信息50条。", None),
    ("现公布区统计局2022年政府信息公开工作年度报告。", "以西湖区门户网站为平台。", "西湖区统计局"),
    ("现公布区统计局2022年政府信息公开工作年度报告。", "以西湖区、上城区门户网站为平台。", None),
    ("现公布县人民政府办公室2022年政府信息公开工作年度报告。", "府谷县人民政府门户网站", "府谷县人民政府办公室"),
    ("现公布县机关事务管理局2022年政府信息公开工作年度报告。", "在韶关市统一部署下，办理县机关事务", None),
])
def test_a_name_without_its_place_takes_the_one_place_the_text_names(opening, text, organ):
    meta = read_metadata(lines_of(opening, *OVERVIEW, text))
    assert meta.organ == organ
    written = re.search(r"现公布(.+?)2022年", opening).group(1)
    assert written in [n.found for n in meta.notes if n.id == "M-02"]


# The report's own words about itself -------------------------------------------------------------------------------


@pytest.mark.parametrize("lines, organ, source", [
    (["一、总体情况", "2022年，冲口街道认真贯彻落实《条例》，高标准做好政府信息公开工作。"], "冲口街道办事处", "subject"),
    (["一、总体情况", "2022年，番禺经济技术开发区管委会坚持公开为常态。"], "番禺经济技术开发区管委会", "subject"),
    (["一、总体情况", "2022年以来，丰收乡在县委县政府的正确领导下推进政务公开。"], "丰收乡人民政府", "subject"),
    (["一、总体情况", "2022年，泸州市人民政府信息公开工作以条例为遵循。"], "泸州市人民政府", "subject"),
    (["一、总体情况", "2022年，在县委、县政府的正确领导下，我局认真贯彻条例。"], None, None),
    (["一、总体情况", "2022年，通过大英县人民政府门户网站公开信息。"], None, None),
    (["根据《条例》要求，由闽清县发展和改革局编制本报告。", "一、总体情况"], "闽清县发展和改革局", "preamble"),
    (["本报告由两城镇人民政府党政办公室编制。", "一、总体情况"], "两城镇人民政府", "preamble"),
    (["本报告由永安市卫生健康局结合有关统计数据编制。", "一、总体情况"], "永安市卫生健康局", "preamble"),
    (["特向社会公布2022年度马冈镇政府信息公开年度报告。", "一、总体情况"], "马冈镇人民政府", "preamble"),
    (["现向社会公布2022年度沌口街政府信息公开工作年度报告。", "一、总体情况",
      "2022年，沌口街道坚持以人民为中心。"], "沌口街道办事处", "subject"),
    (["一、总体情况", "我局成立了姚安县农业农村局政府信息公开工作领导小组。我局主动公开信息。"], "姚安县农业农村局",
     "self"),
    (["一、总体情况", "我局主动公开信息。如有疑问请与来凤县政务服务和大数据管理局联系。"], "来凤县政务服务和大数据管理局",
     "self"),
    # Two bureaus and "我局": which one is the report's is not said.
    (["一、总体情况", "我局落实四川省乡村振兴局和青川县乡村振兴局的部署。我局主动公开信息。"], None, None),
    # The office that answers questions is no body of its own: "我乡" is its 乡人民政府.
    (["一、总体情况", "我乡主动公开信息。如有疑问请与溪下乡人民政府党政综合办公室联系。"], "溪下乡人民政府", "self"),
    # A zone the text also names with its province's short name before it, as provincial zones are named.
    (["一、总体情况", "2022年，福山经济开发区坚持公开为常态。如有疑问请与江西福山经济开发区综合办公室联系。"
      "地址：开发区管委会三楼。"], "江西福山经济开发区管委会", "subject"),
    (["一、总体情况", "2022年，福山经济开发区坚持公开为常态。地址：开发区管委会三楼。"], "福山经济开发区管委会",
     "subject"),
])
def test_the_report_names_its_organ_in_its_own_words(lines, organ, source):
    meta = read_metadata(lines_of(*lines, "本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"))
    assert (meta.organ, meta.organ_source) == (organ, source)
    if organ:
        assert any(n.id == "M-02" and organ in n.message for n in meta.notes)


@pytest.mark.parametrize("title, organ", [
    ("云南某某新区临空发展局(临空制造业区管委会)2022年政府信息公开工作年度报告", "云南某某新区临空发展局(临空制造业区管委会)"),
    ("赣州经济技术开发区管理委员会(代管湖边镇)2022年政府信息公开工作年度报告", "赣州经济技术开发区管理委员会"),
])
def test_a_second_name_in_brackets_is_kept_when_it_names_the_same_body(title, organ):
    assert read_metadata(lines_of(title, *OVERVIEW)).organ == organ


def test_a_governments_organs_report_as_the_government():
    meta = read_metadata(lines_of("城口县人民政府机关", "2022年政府信息公开工作年度报告", *OVERVIEW))
    assert (meta.organ, meta.organ_source) == ("城口县人民政府", "title")


def test_a_word_above_the_title_is_not_joined_to_it():
    meta = read_metadata(lines_of("图片", "鸭南乡2022年政府信息公开工作年度报告", "一、总体情况",
                                  "2022年以来，鸭南乡乡人民政府在市委的领导下推进公开。"))
    assert meta.organ == "鸭南乡人民政府"


# Years when the title has none --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lines, year, source", [
    (["报告中所列数据统计期为2019年1月1日至2019年12月31日。"], 2019, "period"),
    (["本报告中所列数据的统计期限自202211日起至20221231日止。"], 2022, "period"),  # characters lost in extraction
    (["数据统计期限自20231月1日起至202312月31日止。"], 2023, "period"),
    (["现结合我镇实际，汇报我镇2023年政府信息公开工作。"], 2023, "text"),
    (["所列数据截止日期为20251231日。"], 2025, "text"),
    (["截止2023年12月31日我局通过网站发布信息34条。"], 2023, "text"),
    (["现公布翠山湖管委会2018年政府信息公开工作年度报告。"], 2018, "text"),
    (["一、总体情况", "2019年，我乡明确专人负责政务公开工作。"], 2019, "overview"),
    (["一、总体情况", "1.主动公开。通过网站公开信息。2021年度我乡主动公开政府信息213条。"], 2021, "overview"),
    (["一、总体情况 根据条例要求，做好公开工作。 截止2020年12月31日，马冈镇公开信息203条。"], 2020, "text"),
    # A plan for next year in another document's title is not the report's year.
    (["根据《关于做好2023年政府信息公开工作年度报告编制工作的通知》，编制本报告。"], None, None),
    (["根据《本市2023年政务公开工作要点》，推进公开工作。"], None, None),
])
def test_the_year_from_the_reports_own_words(lines, year, source):
    meta = read_metadata(lines_of("政府信息公开工作年度报告", *lines))
    assert (meta.year, meta.year_source) == (year, source)
    if year:
        (note,) = [n for n in meta.notes if n.id == "M-01"]
        assert note.found == str(year)


def test_the_publication_date_comes_before_the_overviews_first_year():
    meta = read_metadata(lines_of("发布日期：2024-01-20", "政府信息公开工作年度报告", "一、总体情况",
                                  "2019年以来，我镇持续推进政务公开。"))
    assert (meta.year, meta.year_source) == (2023, "published")


# Pages in traditional characters, pages with pinyin spliced in --------------------------------------------------

TRADITIONAL = ["一、總體情況", "2022年，我局認真貫徹落實《中華人民共和國政府信息公開條例》，主動公開政府信息，"
               "切實滿足人民群眾獲取政府信息的需求，積極推進政府信息公開工作，不斷豐富公開內容、拓寬公開形式。",
               "本年度報告中所列數據的統計期限自2022年1月1日起至2022年12月31日止。"]


def test_a_traditional_page_is_read_and_its_organ_kept_as_written():
    meta = read_metadata(lines_of("撫遠市發展和改革局2022年政府信息公開工作年度報告", *TRADITIONAL))
    assert (meta.organ, meta.organ_source, meta.year, meta.year_source) == ("撫遠市發展和改革局", "title", 2022, "title")
    assert find_level(meta.organ, None, meta.context)[0] == "department"
    meta = read_metadata(lines_of("某某鄉2022年政府信息公開工作年度報告", *TRADITIONAL))
    assert meta.organ == "某某鄉人民政府"
    assert find_level(meta.organ)[0] == "township"


def test_pinyin_spliced_after_characters_is_not_read():
    opening = ("根據(jù)《中華人民共和國政府信息公開條例》等相關規(guī)定，編制大竹縣安吉鄉(xiāng)人民政府2023年政府信息"
               "公開工作年度報(bào)告，所列數(shù)據(jù)統(tǒng)計(jì)期限為2023年1月1日至12月31日。")
    meta = read_metadata(lines_of(opening, "一、總體情況", "(一)主動(dòng)公開。我鄉(xiāng)堅(jiān)持公開為常態(tài)。"))
    assert (meta.organ, meta.organ_source, meta.year) == ("大竹縣安吉鄉人民政府", "preamble", 2023)
    assert meta.notes[-1].found == "大竹縣安吉鄉人民政府"


def test_a_simplified_page_is_read_as_it_is():
    assert hant.reading(lines_of("乾县人民政府2022年政府信息公开工作年度报告", *OVERVIEW)) is None
    assert read_metadata(lines_of("乾县人民政府2022年政府信息公开工作年度报告", *OVERVIEW)).organ == "乾县人民政府"


# Level without an organ -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, level", [("我镇主动公开信息。我镇未收到申请。", "township"),
                                         ("我局主动公开信息。", "department"), ("我县主动公开信息。", "county"),
                                         ("主动公开信息。", "other"),
                                         # A township's report that speaks of "乡政府" without a place name.
                                         ("2022年，乡政府按照县政府的统一部署开展工作。年底，乡政府信息公开工作运行正常。",
                                          "township"),
                                         ("按照县政府要求，各乡政府、各镇政府主动公开信息。全县乡镇政府运行正常。",
                                          "other")])
def test_a_report_without_its_organ_is_placed_by_how_it_speaks_of_itself(text, level):
    meta = read_metadata(lines_of("2022年政府信息公开工作年度报告", "一、总体情况", text))
    assert meta.organ is None
    assert find_level(meta.organ, None, meta.context)[0] == level


def test_a_township_speaking_of_its_government_without_a_place_is_named_by_its_own_group():
    text = ("2022年，乡政府按照县政府的统一部署开展工作。乡政府成立了由乡长任组长的长洛乡人民政府政务信息公开工作领导小组。"
            "截至年底，乡政府信息公开工作运行正常。")
    meta = read_metadata(lines_of("2022年政府信息公开工作年度报告", "一、总体情况", text))
    assert meta.organ == "长洛乡人民政府"
    assert find_level(meta.organ, None, meta.context)[0] == "township"


def test_a_zone_lying_in_a_county_is_not_county_level():
    assert find_level("开平市翠山湖管委会", "440783")[0] == "other"


def test_a_superior_body_the_report_obeys_is_not_its_organ():
    meta = read_metadata(lines_of("一、总体情况", "按照杭州市生态环境局要求，我局主动公开信息。我局未收到申请。",
                                  "本年度报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"))
    assert meta.organ is None


_COUNTIES = ("桃源县", "嵩县", "建德市", "赣县区", "酉阳土家族苗族自治县", "富县")
_DEPARTMENTS = ("发展和改革局", "卫生健康局", "农业农村局", "审计局", "统计局", "人民政府办公室", "政务服务和大数据管理局")
_VERBS = ("认真贯彻落实《条例》", "坚持以公开为常态", "严格按照要求", "深入推进政务公开", "高度重视政府信息公开工作")
_OPENINGS = ("现公布{organ}{year}年政府信息公开工作年度报告。", "本报告由{organ}编制。", "本报告由{organ}办公室编制。",
             "现向社会公布{year}年度{organ}政府信息公开工作年度报告。", "{year}年，{organ}{verb}。")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_COUNTIES), st.sampled_from(_DEPARTMENTS), st.integers(2019, 2025), st.sampled_from(_OPENINGS),
       st.sampled_from(_VERBS), st.lists(st.sampled_from(_CHROME[:3]), max_size=2))
def test_a_department_named_in_the_reports_own_words(county, department, year, opening, verb, before):
    organ = county + department
    assume(not (organ.endswith("办公室") and "办公室编制" in opening))  # an office has no office of its own here
    sentence = opening.format(organ=organ, year=year, verb=verb)
    meta = read_metadata(lines_of(*before, sentence, "一、总体情况", f"{year}年，我局主动公开政府信息。"))
    assert meta.organ == organ
    assert meta.organ_source in ("preamble", "subject")
    assert meta.year == year
    assert [n.found for n in meta.notes if n.id == "M-02"] == [organ]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_COUNTIES), st.sampled_from(("陬市镇", "黄庄乡", "五山街道", "")), st.integers(2019, 2025),
       st.sampled_from(_TITLES), st.lists(st.sampled_from(_CHROME), max_size=3))
def test_a_place_in_the_title_names_its_government(county, township, year, template, before):
    place = county + township
    organ = place + ("办事处" if place.endswith("街道") else "人民政府")
    text = "\n".join([*before, template.format(organ=place, year=year), "一、总体情况", "正文。"])
    meta = read_metadata(split_lines(text))
    assert (meta.organ, meta.year, meta.organ_source) == (organ, year, "title")
    inferred = [(n.found, n.expected) for n in meta.notes if n.id == "M-02"]
    assert inferred == ([] if organ in text else [(place, organ)])  # inferred only where the page never writes it
