"""Hand-written reports in the layouts export tools produce: exact values and states, and `gongkai parse` output."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import html2text
import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from build_tools import synth
from build_tools.cli import main
from build_tools.model import Report
from build_tools.parse import parse_report
from build_tools.parse.anchors import label_parts
from build_tools.parse.lines import Line, split_lines
from build_tools.parse.meta import find_organ, find_title
from build_tools.parse.sections import find_sections
from build_tools.pipeline import parse_files
from build_tools.sources import source_from_text

LAYOUTS = FIXTURES / "layouts"
T3_ORDER = ("natural_person", "commercial", "research", "social", "legal_service", "other_org", "total")
ZERO = [0] * 7


def parse(path: Path) -> Report:
    (result,) = parse_files([path])
    assert result.error is None, result.error
    assert result.report is not None
    return result.report


def t3_rows(report: Report, columns: tuple[str, ...] = T3_ORDER) -> dict[str, list[object]]:
    """Table 3 as row → figures in printed column order."""
    return {row: [cols.get(c) for c in columns] for row, cols in report.table_values("applications").items()}


def t3_states(report: Report, row: str) -> dict[str, tuple[str, str]]:
    return {col: (cell.state.value, cell.raw) for col, cell in report.cells.applications[row].items()}


def finding_ids(report: Report) -> list[tuple[str, int | None, str | None, str | None]]:
    return [(f.id, f.line, f.row, f.column) for f in report.findings]


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["parse", *args])
    return result.exit_code, result.output


def zero_rows(*rows: str) -> dict[str, list[int]]:
    return {row: ZERO for row in rows}


WITHHELD = ("withheld_state_secret", "withheld_prohibited_by_law", "withheld_three_safeties", "withheld_third_party",
            "withheld_internal_affairs", "withheld_process_info", "withheld_enforcement_files",
            "withheld_query_matters")
NOT_PROCESSED = ("not_processed_petition", "not_processed_duplicate", "not_processed_publication",
                 "not_processed_mass_repeat", "not_processed_confirmation")


# A county government, 2021, a PDF turned into space-separated text --------------------------------------------


def test_county_2021_space_separated():
    report = parse(LAYOUTS / "county-2021-space.txt")
    assert (report.organ, report.year, report.level.value, report.format_version) == (
        "桃源县人民政府", 2021, "county", "2021")
    assert report.published.isoformat() == "2022-01-20"
    assert report.region.code == "430725"
    assert report.sections.problems.heading == "5、存在的主要问题及改进情况"
    assert "（5）监督保障情况" in report.sections.overview.text  # a sub-heading of 一, not section 五
    assert report.table_values("active_disclosure") == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 12, "repealed": 3, "in_force": 45},
        "licensing": {"decisions": 1520}, "punishment": {"decisions": 236}, "coercion": {"decisions": 8},
        "fees": {"amount_10k_yuan": 35.6},
    }
    assert t3_rows(report) == {
        "new_received": [18, 2, 0, 0, 1, 0, 21],
        "carried_over": [2, 0, 0, 0, 0, 0, 2],
        "granted": [9, 1, 0, 0, 0, 0, 10],
        "partially_granted": [3, 0, 0, 0, 1, 0, 4],
        **zero_rows(*WITHHELD),
        "withheld_third_party": [1, 0, 0, 0, 0, 0, 1],
        "withheld_process_info": [1, 0, 0, 0, 0, 0, 1],
        "unavailable_not_held": [2, 1, 0, 0, 0, 0, 3],
        "unavailable_needs_creation": ZERO,
        "unavailable_unclear": [1, 0, 0, 0, 0, 0, 1],
        **zero_rows(*NOT_PROCESSED),
        "not_processed_petition": [1, 0, 0, 0, 0, 0, 1],
        **zero_rows("other_overdue_correction", "other_overdue_fee", "other_other"),
        "total_processed": [18, 2, 0, 0, 1, 0, 21],
        "carried_forward": [2, 0, 0, 0, 0, 0, 2],
    }
    assert list(t3_rows(report)) == [
        "new_received", "carried_over", "granted", "partially_granted", *WITHHELD, "unavailable_not_held",
        "unavailable_needs_creation", "unavailable_unclear", *NOT_PROCESSED, "other_overdue_correction",
        "other_overdue_fee", "other_other", "total_processed", "carried_forward"]
    assert report.table_values("review_litigation") == {
        "review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
        "litigation_direct": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
        "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
    }
    assert report.findings == []


# A city government, 2022, an HTML page with merged cells and a 小计 column ----------------------------------


def test_city_2022_html_with_subtotal_column():
    report = parse(LAYOUTS / "city-2022-html.html")
    assert (report.organ, report.year, report.level.value, report.region.code) == ("洛阳市人民政府", 2022, "city", "4103")
    assert report.published.isoformat() == "2023-01-18"  # 发布日期：2023-01-18
    assert report.layout.t3_subtotal_column
    columns = T3_ORDER[:6] + ("org_subtotal", "total")
    rows = t3_rows(report, columns)
    assert rows["new_received"] == [125, 15, 2, 1, 3, 3, 24, 149]
    assert rows["granted"] == [60, 8, 1, 0, 2, 1, 12, 72]
    assert rows["withheld_query_matters"] == [2, 0, 0, 0, 0, 1, 1, 3]
    assert rows["other_other"] == [2, 1, 0, 0, 0, 0, 1, 3]
    assert rows["total_processed"] == [126, 14, 2, 1, 3, 3, 23, 149]
    assert rows["carried_forward"] == [5, 2, 0, 0, 0, 0, 2, 7]
    assert len(rows) == 25
    t2 = report.table_values("active_disclosure")
    assert t2["licensing"] == {"decisions": 35012}  # printed "35,012" under a three-column merge
    assert t2["fees"] == {"amount_10k_yuan": 1520.5}
    assert report.table_values("review_litigation")["review"] == {
        "upheld": 3, "corrected": 1, "other": 0, "pending": 1, "total": 5}
    assert report.findings == []
    assert "首页" not in (report.sections.preamble.text if report.sections.preamble else "")


# A department, 2019 form, Markdown --------------------------------------------------------------------------


def test_department_2019_markdown_pipe_tables():
    report = parse(LAYOUTS / "department-2019-pipe.md")
    assert (report.organ, report.year, report.level.value, report.format_version) == (
        "常德市教育局", 2019, "department", "2019")
    assert report.sections.overview.heading == "一、总体情况"  # "## " is Markdown, not the report's
    t2 = report.table_values("active_disclosure")
    assert t2 == {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": 5, "new_published": 5, "total_published": 32},
        "licensing": {"prev_items": 45, "change": 1036, "decisions": 2150},
        "other_services": {"prev_items": 12, "change": -2, "decisions": 340},
        "punishment": {"prev_items": 8, "change": 0, "decisions": 56},
        "coercion": {"prev_items": 2, "change": 0, "decisions": 3},
        "fees": {"prev_items": 3, "change": -1},
        "procurement": {"items": 26, "amount": 251000},
    }
    assert sum(len(cols) for cols in t2.values()) == 22
    cells = report.cells.active_disclosure
    assert (cells["licensing"]["change"].raw, cells["procurement"]["amount"].raw) == ("+1036", "251000元")
    assert report.layout.t3_other_undivided
    rows = t3_rows(report)
    assert len(rows) == 23 and rows["other_handling"] == ZERO
    assert rows["granted"] == [4, 1, 0, 0, 0, 0, 5]
    assert rows["total_processed"] == [7, 1, 0, 0, 0, 0, 8]
    # 采购总金额 has no unit in the 2019 form: 251000元 is no 万元 error.
    assert report.findings == []


# A township, 2020, PDF text: a page break repeats the header, two rows lost a cell -----------------------------


def test_township_2020_tab_page_break_and_cells_left_unread():
    report = parse(LAYOUTS / "township-2020-tab.txt")
    assert (report.organ, report.year, report.level.value, report.format_version) == (
        "桃源县陬市镇人民政府", 2020, "township", "2019")
    assert report.region.code == "430725101"
    assert report.sections.applications.heading == "三、收到和处理政府信息公开申请情况"
    rows = t3_rows(report)
    # 予以公开 printed "2 0 0 0 0 3" and 部分公开 "0 0 0 0 0 1": each lost one cell, and the sums allow
    # more than one placement, so nothing is shifted and nothing is guessed.
    for row, line in (("granted", 45), ("partially_granted", 46)):
        assert rows[row] == [None] * 7
        assert {state for state, _raw in t3_states(report, row).values()} == {"unread"}
        (lost,) = [f for f in report.findings if f.row == row]
        assert (lost.id, lost.line, lost.severity.value) == ("L-01", line, "warning")
        assert lost.found == ("2 0 0 0 0 3" if row == "granted" else "0 0 0 0 0 1")
    # The rows after the page break, under the repeated header and "三、本 年度 办理 结果", read normally.
    assert rows["withheld_internal_affairs"] == ZERO
    assert report.cells.applications["withheld_internal_affairs"]["total"].line == 58
    assert rows["unavailable_not_held"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["total_processed"] == [3, 2, 0, 0, 0, 0, 5]
    assert rows["other_handling"] == ZERO
    assert len(rows) == 23
    assert [f.id for f in report.findings] == ["L-01", "L-01"]
    assert "- 2 -" not in report.sections.applications.text


# A street office, 2024, Word text export: blank, "/", "—", "无" and "十二" --------------------------------------


def test_street_2024_docx_cell_states():
    report = parse(LAYOUTS / "street-2024-docx.txt")
    assert (report.organ, report.year, report.level.value) == ("广州市天河区五山街道办事处", 2024, "street")
    assert t3_states(report, "new_received") == {
        "natural_person": ("unreadable", "十二"),
        "commercial": ("number", "0"),
        "research": ("blank", ""),
        "social": ("not_applicable", "/"),
        "legal_service": ("not_applicable", "—"),
        "other_org": ("unreadable", "无"),
        "total": ("number", "12"),
    }
    assert t3_rows(report)["new_received"] == [None, 0, None, None, None, None, 12]
    assert t3_rows(report)["partially_granted"] == [2, 0, 0, 0, 0, 0, 2]  # its 总计 printed on a line of its own
    assert report.table_values("active_disclosure")["punishment"] == {"decisions": 15}  # "\u300015"
    assert sorted(finding_ids(report)) == [
        ("F-05", 83, "new_received", "natural_person"),
        ("F-05", 88, "new_received", "other_org"),
        ("F-06", 85, "new_received", "research"),
        ("F-06", 86, "new_received", None),
    ]
    assert "[bookmark" not in report.sections.overview.text


# A county government, 2025, fixed-width columns: wrapped labels and a blank told by its position -----------------


def test_county_2025_fixed_width_wrapped_labels():
    report = parse(LAYOUTS / "county-2025-fixed.txt")
    assert (report.organ, report.year, report.level.value) == ("嵩县人民政府", 2025, "county")
    assert report.sections.review_litigation.heading == "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    rows = t3_rows(report)
    assert len(rows) == 25
    # The third row: "三、本年度办理" / "结果" wraps, and so does the 部分公开 label after it.
    assert rows["granted"] == [3, 0, 0, 0, 0, 0, 3]
    assert rows["partially_granted"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["not_processed_confirmation"] == ZERO
    assert rows["other_overdue_correction"] == ZERO and rows["other_overdue_fee"] == ZERO
    assert rows["withheld_third_party"] == [0, 0, None, 0, 0, 0, 0]
    assert t3_states(report, "withheld_third_party")["research"] == ("blank", "")
    assert sorted(finding_ids(report)) == [("F-06", 41, "withheld_third_party", "research"),
                                           ("L-03", 41, "withheld_third_party", None)]
    assert report.table_values("review_litigation")["review"]["total"] == 1


# Encodings ---------------------------------------------------------------------------------------------------


def test_utf16_province_report_signed_by_its_office():
    report = parse(LAYOUTS / "utf16.txt")
    assert report.source.encoding == "utf-16"
    # The 办公厅 signs for the government: the organ is the one the title names.
    assert (report.organ, report.year, report.level.value) == ("湖南省人民政府", 2023, "province")
    rows = t3_rows(report)
    assert rows["new_received"] == [1274, 57, 3, 2, 9, 11, 1356]  # "1,274" … "1,356"
    assert rows["total_processed"] == [1254, 56, 3, 2, 8, 11, 1334]
    assert report.table_values("active_disclosure")["fees"] == {"amount_10k_yuan": 20560.75}
    assert report.table_values("review_litigation") == {
        "review": {"upheld": 12, "corrected": 3, "other": 1, "pending": 2, "total": 18},
        "litigation_direct": {"upheld": 5, "corrected": 1, "other": 0, "pending": 3, "total": 9},
        "litigation_after_review": {"upheld": 2, "corrected": 0, "other": 0, "pending": 1, "total": 3},
    }
    assert report.findings == []


def test_gb18030_reads_like_utf8(tmp_path):
    original = LAYOUTS / "county-2021-space.txt"
    copy = tmp_path / "gb18030.txt"
    copy.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    report = parse(copy)
    assert report.source.encoding == "gb18030"
    expected = parse(original)
    assert report.table_values("applications") == expected.table_values("applications")
    assert (report.organ, report.year) == (expected.organ, expected.year)


# The command, as a new user runs it -----------------------------------------------------------------------------

CLI_CASES = {
    "county-2021-space.txt": ["  机关 organ:        桃源县人民政府", "  年度 year:         2021",
                              "    五、存在的主要问题及改进情况: line 70: 5、存在的主要问题及改进情况",
                              "    （七）总计: 自然人=18  商业企业=2  科研机构=0  社会公益组织=0  法律服务机构=1  其他=0  总计=21",
                              "  findings: none"],
    "city-2022-html.html": ["  层级 level:        city", "  发布 published:    2023-01-18",
                            "    行政许可: 本年处理决定数量=35012",
                            ("    （七）总计: 自然人=126  商业企业=14  科研机构=2  社会公益组织=1  法律服务机构=3  其他=3  "
                             "总计=149  法人或其他组织小计=23")],
    "department-2019-pipe.md": ["  格式 format:       2019", "    政府集中采购: 采购项目数量=26  采购总金额=251000",
                                "    （六）其他处理: 自然人=0  商业企业=0  科研机构=0  社会公益组织=0  法律服务机构=0  其他=0  总计=0"],
    "township-2020-tab.txt": [("    （一）予以公开: 自然人=未读  商业企业=未读  科研机构=未读  社会公益组织=未读  法律服务机构=未读  "
                               "其他=未读  总计=未读"), "  findings: 2 warning"],
    "street-2024-docx.txt": [("    一、本年新收政府信息公开申请数量: 自然人=?  商业企业=0  科研机构=空  社会公益组织=/  法律服务机构=/  "
                              "其他=?  总计=12")],
    "county-2025-fixed.txt": ["    4.保护第三方合法权益: 自然人=0  商业企业=0  科研机构=空  社会公益组织=0  法律服务机构=0  其他=0  总计=0"],
    "utf16.txt": ["  机关 organ:        湖南省人民政府", "  层级 level:        province"],
}


@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_gongkai_parse_prints_the_report(name):
    code, output = cli(str(LAYOUTS / name))
    assert code == 0
    lines = output.splitlines()
    assert lines[0] == str(LAYOUTS / name)
    for expected in CLI_CASES[name]:
        assert expected in lines, f"{expected!r} not in the output"


@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_gongkai_parse_json_is_the_report(name):
    code, output = cli("--json", str(LAYOUTS / name))
    assert code == 0
    data = json.loads(output)
    report = parse(LAYOUTS / name)
    assert data == json.loads(json.dumps(report.to_json_dict(), ensure_ascii=False))
    assert data["applications"] == report.table_values("applications")
    for table in ("active_disclosure", "applications", "review_litigation"):
        for row, cols in data[table].items():
            for col, value in cols.items():
                state = data["cells"][table][row][col]["state"]
                assert (value is None) == (state not in ("number", "inferred", "decoded")), (table, row, col)
                assert data["cells"][table][row][col]["line"] is not None


# Pieces ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("heading, key", [
    ("5、存在的主要问题及改进情况", "problems"),
    ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "review_litigation"),
    ("## 三、收到和处理政府信息公开申请情况", "applications"),
    ("**六、其他需要报告的事项**", "other_matters"),
    ("第一部分 总体情况", "overview"),
])
def test_heading_variants(heading, key):
    lines = split_lines(f"某某县人民政府2023年政府信息公开工作年度报告\n{heading}\n正文。\n")
    assert [s.key for s in find_sections(lines)] == [key]


@pytest.mark.parametrize("text", ["（5）监督保障情况", "三、本 年度 办理 结果", "（二）依申请公开情况",
                                  "四、结转下年度继续办理"])
def test_lines_that_are_not_section_headings(text):
    lines = split_lines(f"一、总体情况\n{text}\n")
    assert [s.key for s in find_sections(lines)] == ["overview"]


def test_label_parts_put_the_most_specific_label_first():
    assert label_parts("三、本年度办理结果（三）不予公开1.属于国家秘密") == [
        "1.属于国家秘密", "（三）不予公开", "三、本年度办理结果", "三、本年度办理结果（三）不予公开1.属于国家秘密"]
    assert label_parts("3.危及“三安全一稳定”") == ["3.危及“三安全一稳定”"]
    assert label_parts("（六）其他处理3.其他")[0] == "3.其他"


@pytest.mark.parametrize("title, organ, year", [
    ("2023年杭州市教育局政府信息公开工作年度报告", "杭州市教育局", 2023),
    ("2022年度洛阳市人民政府政府信息公开工作年度报告", "洛阳市人民政府", 2022),
    ("长洛乡 2023 年政府信息公开工作年度报告", "长洛乡", 2023),
    ("2021年政府信息公开工作年度报告", None, 2021),
])
def test_title_forms(title, organ, year):
    assert find_title([Line(1, title)])[:2] == (organ, year)


def test_a_signing_office_is_not_the_organ():
    lines = [Line(1, "杭州市教育局2023年政府信息公开工作年度报告"), Line(2, "正文"), Line(3, "杭州市教育局办公室")]
    assert find_organ(lines, "杭州市教育局", 0) == "杭州市教育局"
    lines = [Line(1, "长洛乡 2023 年政府信息公开工作年度报告"), Line(2, "赣州市赣县区长洛乡人民政府")]
    assert find_organ(lines, "长洛乡", 0) == "赣州市赣县区长洛乡人民政府"


@pytest.mark.parametrize("layout", ["pipe", "markdown", "html", "docx"])
def test_grid_with_only_the_total_column_printed(layout):
    """Like seed 004 exported to a grid: the applicant columns blank, their places told by the header."""
    generated = synth.random_report(random.Random(4), version="2021", level="township", clean=True)
    marks = {("t3", row, col): "" for row, cols in generated.t3.items() for col in cols if col != "total"}
    generated = dataclasses.replace(generated, marks=marks)
    report = parse_report(source_from_text(f"only-totals.{layout}", synth.write(generated, layout)))
    for row, cols in report.cells.applications.items():
        assert {col: cell.state.value for col, cell in cols.items()} == {
            **{col: "blank" for col in T3_ORDER[:6]}, "total": "number"}, row
        assert report.table_values("applications")[row]["total"] == generated.t3[row]["total"]


def test_a_stray_tag_does_not_make_text_html():
    text = (LAYOUTS / "county-2021-space.txt").read_text(encoding="utf-8")
    text = text.replace("加强政府网站和政务新媒体管理", "加强政府网站<div>和政务新媒体管理")
    report = parse_report(source_from_text("county-2021-space.txt", text))
    assert t3_rows(report) == t3_rows(parse(LAYOUTS / "county-2021-space.txt"))
    assert report.findings == []


def test_report_inside_a_layout_table_reads_like_the_page():
    """Many government sites wrap the article in a layout table; the report tables inside stay tables."""
    page = (LAYOUTS / "city-2022-html.html").read_text(encoding="utf-8")
    wrapped = page.replace('<div class="article">', '<table width="100%"><tr><td class="content">').replace(
        '</div>\n<div class="footer">', '</td></tr></table>\n<div class="footer">')
    assert wrapped != page
    report = parse_report(source_from_text("wrapped.html", wrapped))
    expected = parse(LAYOUTS / "city-2022-html.html")
    for table in ("active_disclosure", "applications", "review_litigation"):
        assert report.table_values(table) == expected.table_values(table)
    assert report.organ == expected.organ and report.findings == []


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("layout", ["pipe", "markdown", "html", "html2text"])
def test_grid_row_printed_all_blank_is_a_row_of_blank_cells(layout, version):
    """A grid row whose cells are all left empty is a row of blank cells, not a row missing from the table."""
    generated = synth.random_report(random.Random(7), version=version, level="city", clean=True)
    empty = [row for row in generated.t3 if row in (
        "withheld_prohibited_by_law", "withheld_three_safeties", "not_processed_publication", "other_handling",
        "other_overdue_fee", "carried_forward")]
    marks = {("t3", row, col): "" for row in empty for col in generated.t3[row]}
    generated = dataclasses.replace(generated, marks=marks)
    if layout == "html2text":  # merged label cells not padded: rows of different widths
        text = html2text.html2text(synth.write(generated, "html"))
    else:
        text = synth.write(generated, layout)
    report = parse_report(source_from_text(f"blank-rows.{layout}", text))
    for row in empty:
        assert {cell.state.value for cell in report.cells.applications[row].values()} == {"blank"}, row
    values = report.table_values("applications")
    for row, cols in generated.t3.items():
        if row not in empty:
            assert values[row] == cols, row
    assert not [f for f in report.findings if f.message_en.endswith("row not found in the table")]


def test_grid_label_over_two_rows_keeps_its_figures():
    """A label on one grid row and its figures on the next (a cell wrapped, or a label cell spanning two
    rows with the figures in the lower one): the figures stay with the label, the label is no blank row."""
    generated = synth.random_report(random.Random(7), version="2021", level="city", clean=True)
    generated = synth.with_cell(generated, "t3", "not_processed_confirmation", "natural_person", 3)
    text = synth.write(generated, "pipe")
    row = next(line for line in text.splitlines() if "确认或重新" in line)
    cells = row.strip().strip("|").split("|")
    for head, tail in (
        ([c if "重新" in c else "" for c in cells], ["" if "重新" in c else c for c in cells]),
        ([c[: c.index("重新") + 2] if "重新" in c else "" for c in cells],
         [c[c.index("重新") + 2:] if "重新" in c else c for c in cells]),
    ):
        wrapped = "|" + "|".join(head) + "|\n|" + "|".join(tail) + "|"
        report = parse_report(source_from_text("wrapped.pipe", text.replace(row, wrapped)))
        assert report.table_values("applications")["not_processed_confirmation"] == \
            generated.t3["not_processed_confirmation"]


def test_grid_row_cut_short_is_not_read_as_blank():
    """A grid row that ends after its label (a line cut off) may have lost its figures: never blank cells."""
    generated = synth.random_report(random.Random(7), version="2021", level="city", clean=True)
    text = synth.write(generated, "pipe")
    row = next(line for line in text.splitlines() if "结转下年度" in line)
    cut = row[: row.index("结转下年度继续办理") + len("结转下年度继续办理")] + "| |"
    report = parse_report(source_from_text("cut.pipe", text.replace(row, cut)))
    states = {cell.state.value for cell in (report.cells.applications.get("carried_forward") or {}).values()}
    assert "blank" not in states and "number" not in states
    assert any(f.row == "carried_forward" for f in report.findings)


@pytest.mark.parametrize("layout", ["space", "tab"])
def test_a_2019_report_missing_its_other_row_is_told_that_row(layout):
    """The 2019 form's undivided （六）其他处理, printed without figures, drops out of a text layout: the finding
    names that row, not the 2021 form's three."""
    generated = synth.random_report(random.Random(3), version="2019", level="county", year=2019, clean=True)
    marks = {("t3", "other_handling", col): "" for col in generated.t3["other_handling"]}
    text = synth.write(dataclasses.replace(generated, marks=marks), layout)
    report = parse_report(source_from_text(f"other.{layout}", text))
    missing = {f.row for f in report.findings if f.id == "F-06" and f.message_en.endswith("row not found in the table")}
    assert report.format_version == "2019"
    assert "other_handling" in missing
    assert not missing & {"other_overdue_correction", "other_overdue_fee", "other_other"}
