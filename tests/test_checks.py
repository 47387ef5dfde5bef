"""One test per check id, on seed reports with one figure changed (tests/fixtures/checks/README.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from functools import cache
from pathlib import Path

import pytest

from build_tools.checks import CATALOGUE, CHECKS, check_report
from build_tools.checks.text import claimed_received, says_no_litigation, says_no_review
from build_tools.findings import Finding, where_zh
from build_tools.model import CellState, Level, Report
from build_tools.parse import parse_text
from build_tools.pipeline import parse_files
from build_tools.sources import load_source
from conftest import FIXTURES, SEEDS

CHECK_FIXTURES = FIXTURES / "checks"
SEED_BY_NUMBER = {p.name[:3]: p for p in SEEDS}

Flat = tuple[str, int | None, str | None, str | None, str | None]


def path_of(name: str) -> Path:
    return SEED_BY_NUMBER[name] if name in SEED_BY_NUMBER else CHECK_FIXTURES / name


@cache
def parsed(*names: str) -> tuple[Report, ...]:
    """Parse seeds ("000") or fixtures ("f01-….txt") together, as `gongkai parse` does."""
    results = parse_files([path_of(n) for n in names])
    assert [r.error for r in results] == [None] * len(results)
    return tuple(r.report for r in results)  # type: ignore[misc]


def report(name: str) -> Report:
    return parsed(name)[0]


def flat(r: Report, *ids: str) -> list[Flat]:
    return [(f.id, f.line, f.table, f.row, f.column) for f in r.findings if not ids or f.id in ids]


def added(name: str) -> list[Flat]:
    """The findings a fixture has and its seed has not: what the changed lines caused."""
    seed = report(fixture_table()[name].seed)
    before = set(flat(seed))
    return [f for f in flat(report(name)) if f not in before]


def one(r: Report, check_id: str) -> Finding:
    (f,) = [f for f in r.findings if f.id == check_id]
    return f


def one_of(r: Report, check_id: str, table: str) -> Finding:
    (f,) = [f for f in r.findings if f.id == check_id and f.table == table]
    return f


def assert_names_its_place(f: Finding) -> None:
    """The Chinese message starts with the table, row and column in the report's own words."""
    where = where_zh(f.table, f.row, f.column)
    assert f.message.startswith(f"{where}：" if where else "")


# The fixtures themselves ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FixtureRow:
    seed: str
    lines: tuple[int, ...]


@cache
def fixture_table() -> dict[str, FixtureRow]:
    rows = {}
    for line in (CHECK_FIXTURES / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([^`]+)` \| (\d{3}) \| ([\d, ]+) \|", line)
        if match:
            rows[match.group(1)] = FixtureRow(match.group(2), tuple(int(n) for n in match.group(3).split(",")))
    return rows


FIXTURE_NAMES = sorted(p.name for p in CHECK_FIXTURES.glob("*.txt"))


def test_every_fixture_is_listed():
    assert sorted(fixture_table()) == FIXTURE_NAMES


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_is_its_seed_with_the_listed_lines_changed(name):
    row = fixture_table()[name]
    seed = SEED_BY_NUMBER[row.seed].read_text(encoding="utf-8").split("\n")
    fixture = (CHECK_FIXTURES / name).read_text(encoding="utf-8").split("\n")
    if len(seed) == len(fixture):
        changed = {i for i, (a, b) in enumerate(zip(seed, fixture), 1) if a != b}
    else:
        changed = set()
        for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, seed, fixture, autojunk=False).get_opcodes():
            if tag != "equal":
                changed.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    assert sorted(changed) == list(row.lines)


# F-01 … F-04: the sums of tables 3 and 4 ---------------------------------------------------------------


def test_f01_column_where_new_plus_carried_over_differs_from_processed_plus_carried_forward():
    assert added("f01-column-mismatch.txt") == [
        ("F-01", 98, "t3", None, "total"),
        ("F-03", 348, "t3", "carried_forward", None),
    ]
    f = one(report("f01-column-mismatch.txt"), "F-01")
    assert (f.severity.value, f.stage, f.expected, f.found) == ("error", "check", "2", "1")
    assert f.message == "表三 / 总计：本年新收 + 上年结转 = 1，办理结果总计 + 结转下年度 = 2，两者应相等"
    assert f.message_en == "t3.total: new + carried over = 1, but processed + carried forward = 2"


def test_f02_result_rows_that_do_not_add_up_to_the_printed_total():
    assert added("f02-result-rows-mismatch.txt") == [
        ("F-03", 108, "t3", "granted", None),
        ("F-02", 339, "t3", "total_processed", "total"),
    ]
    f = one(report("f02-result-rows-mismatch.txt"), "F-02")
    assert (f.expected, f.found) == ("2", "1")
    assert f.message == "表三 / （七）总计 / 总计：（一）至（六）各项之和为 2，（七）总计印为 1"


def test_f03_row_whose_total_is_not_the_sum_of_its_applicants():
    r = report("f03-row-total-mismatch.txt")
    assert flat(r, "F-03") == [("F-03", 89, "t3", "new_received", None)]
    assert added("f03-row-total-mismatch.txt") == [
        ("F-03", 89, "t3", "new_received", None),
        ("F-01", 98, "t3", None, "total"),
    ]
    f = one(r, "F-03")
    assert (f.expected, f.found) == ("1", "2")
    assert f.message == "表三 / 一、本年新收政府信息公开申请数量：各类申请人之和为 1，总计印为 2"


def test_f04_review_group_whose_total_is_not_its_outcomes():
    assert added("f04-review-total-mismatch.txt") == [("F-04", 394, "t4", "review", None)]
    f = one(report("f04-review-total-mismatch.txt"), "F-04")
    assert (f.severity.value, f.expected, f.found) == ("error", "0", "1")
    assert f.message == "表四 / 行政复议：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 0，总计印为 1"


# F-05: figures that cannot be counts, and fees that look like 元 ------------------------------------


def test_f05_unreadable_cell_is_reported_where_it_was_read_and_sums_over_it_are_skipped():
    r = report("f05-unreadable-cell.txt")
    assert added("f05-unreadable-cell.txt") == [("F-05", 85, "t3", "new_received", "research")]
    cell = r.cells.applications["new_received"]["research"]
    assert (cell.state, cell.raw, r.applications.new_received.research) == (CellState.unreadable, "十二", None)
    f = one(r, "F-05")
    assert (f.severity.value, f.stage, f.found) == ("error", "parse", "十二")
    assert_names_its_place(f)
    assert "科研机构" in f.message and "十二" in f.message and "不小于 0 的整数" in f.message


def test_f05_fee_in_yuan_entered_as_ten_thousand_yuan():
    assert added("f05-fee-in-yuan.txt") == [("F-05", 59, "t2", "fees", "amount_10k_yuan")]
    f = one(report("f05-fee-in-yuan.txt"), "F-05")
    assert (f.severity.value, f.stage, f.expected, f.found) == ("warning", "check", "< 100", "380")
    assert f.message == ("表二 / 行政事业性收费 / 本年收费金额（单位：万元）：收费金额印为 380 万元，乡镇应小于 100 万元，"
                         "可能误以元为单位填报")


def test_f05_fee_printed_in_yuan_is_reported_once():
    """The parser says the cell prints 元; the plausibility check does not say it again."""
    r = report("f05-fee-unit-yuan.txt")
    assert added("f05-fee-unit-yuan.txt") == [("F-05", 59, "t2", "fees", "amount_10k_yuan")]
    f = one(r, "F-05")
    assert (f.stage, f.expected, f.found) == ("parse", "万元", "251000元")


# F-06: blanks are not 0, "/" is not applicable ----------------------------------------------------------


def test_f06_blank_and_not_applicable_cells_are_kept_apart_and_never_zero():
    r = report("f06-blank-and-not-applicable.txt")
    assert [(f.id, f.severity.value, f.table, f.row, f.column) for f in r.findings] == [
        ("F-06", "warning", "t3", "new_received", "research"),
        ("F-06", "info", "t3", "carried_over", "research"),
    ]
    blank = r.cells.applications["new_received"]["research"]
    not_applicable = r.cells.applications["carried_over"]["research"]
    assert (blank.state, not_applicable.state, not_applicable.raw) == (
        CellState.blank, CellState.not_applicable, "/")
    assert r.applications.new_received.research is None
    assert r.applications.carried_over.research is None
    blank_finding, na_finding = [f for f in r.findings if f.id == "F-06"]
    assert blank_finding.message.endswith("1 个单元格空白（科研机构）；空白不等于 0")
    assert na_finding.message.endswith("1 个单元格填写“不适用”符号（科研机构）")
    # No sum runs over a blank: F-01 and F-03 stay silent for those columns and rows.
    assert flat(r, "F-01", "F-02", "F-03") == []


def test_f06_finding_points_at_the_cell_line():
    assert flat(report("f06-blank-and-not-applicable.txt"), "F-06") == [
        ("F-06", 85, "t3", "new_received", "research"),
        ("F-06", 94, "t3", "carried_over", "research"),
    ]


def test_f06_blank_columns_of_seed_004_are_not_zero():
    r = report("004")
    assert r.applications.new_received.total == 0
    assert r.applications.new_received.natural_person is None
    assert ("F-06", 40, "t3", "new_received", None) in flat(r, "F-06")


# F-07, F-08: format version and completeness ---------------------------------------------------------


def test_f07_2019_labels_in_a_2023_report():
    assert flat(report("004"), "F-07") == [
        ("F-07", 22, "t2", "normative_documents", None),
        ("F-07", 60, "t3", "other_handling", None),
    ]
    assert [f.message for f in report("004").findings if f.id == "F-07"] == [
        "表二 / 行政规范性文件：表二写作“规范性文件”，2021 年版格式为“行政规范性文件”",
        "表三 / （六）其他处理：表三“（六）其他处理”未细分为 3 项（2019 年版格式）",
    ]


def test_f07_2021_form_in_a_2020_report():
    assert added("f07-2021-form-in-2020.txt") == [("F-07", None, "t2", None, None)]
    assert one(report("f07-2021-form-in-2020.txt"), "F-07").message == "表二：2020 年度报告使用了 2021 年版格式"


def test_f08_missing_section():
    assert added("f08-missing-section.txt") == [("F-08", None, None, None, None)]
    f = one(report("f08-missing-section.txt"), "F-08")
    assert (f.severity.value, f.expected) == ("warning", "五、存在的主要问题及改进情况")
    assert f.message == "缺少第五部分“存在的主要问题及改进情况”"


def test_f08_missing_table():
    r = report("f08-missing-table.txt")
    assert flat(r, "F-08") == [("F-08", None, "t4", None, None)]
    f = one(r, "F-08")
    assert (f.severity.value, r.review_litigation) == ("error", None)
    assert f.message == "表四：未找到此表（政府信息公开行政复议、行政诉讼情况）"


# P-01 ------------------------------------------------------------------------------------------------


def test_p01_township_that_issued_a_regulation():
    assert added("p01-township-regulation.txt") == [("P-01", 25, "t2", "regulations", "issued")]
    f = one(report("p01-township-regulation.txt"), "P-01")
    assert (f.severity.value, f.expected, f.found) == ("warning", "0", "1")
    assert f.message == "表二 / 规章 / 本年制发件数：乡镇、街道无权制定规章，此栏应为 0，印为 1"


# T-01: the text against tables 3 and 4 --------------------------------------------------------------


@pytest.mark.parametrize(("text", "count"), [
    ("收到政府信息公开申请3件", 3),
    ("共收到依申请公开申请 12 件", 12),
    ("本年度未收到政府信息公开申请", 0),
    ("收到和处理0条政府信息公开申请", 0),
    ("保田镇2023年收到和处理0条政府信息公开申请；", 0),
    ("2023年，本机关未收到依申请公开件。", 0),
    ("2023年度钦堂乡未收到依申请公开事项。", 0),
    ("全年共收到政府信息公开申请十二件", 12),
    ("收到政府信息公开申请共计3件", 3),
    ("本年度新收政府信息公开申请3件", 3),
    ("本年度共受理依申请公开事项5件", 5),
    ("收到2023年度政府信息公开申请3件", 3),
    ("共收到2件依申请公开申请", 2),
    ("本年度收到政府信息公开申请3件，其中自然人申请2件", 3),
    ("本年度收到政府信息公开申请3件，上年结转1件", 3),
    # Parts of the total, or other things, are not compared with the total.
    ("2023年，我乡收到法人单位申请1件，已经规范答复，2022年结转政府信息公开申请0条。", None),
    ("本年度收到自然人申请2件、法人申请1件", None),
    ("未收到法人申请", None),
    ("上年结转政府信息公开申请2件", None),
    ("收到行政复议申请1件", None),
    ("未收到行政复议申请", None),
    ("全年未发生因依申请公开引发的行政复议", None),
    ("全年未发生政府信息公开行政复议、行政诉讼案件", None),
])
def test_t01_reads_the_number_of_applications_from_real_phrasings(text, count):
    assert claimed_received(text) == count


@pytest.mark.parametrize(("text", "review", "litigation"), [
    ("全年未发生政府信息公开行政复议、行政诉讼案件", True, True),
    ("未发生因政府信息公开引起的行政复议和行政诉讼", True, True),
    ("没有因政府信息公开工作被申请行政复议、提起行政诉讼的情况", True, True),
    ("政府信息公开行政复议、行政诉讼情况：无", True, True),
    ("行政复议、行政诉讼案件均未发生", True, True),
    ("未收到行政复议申请", True, False),
    ("本年度被申请行政复议1件，未发生行政诉讼", False, True),
    ("未予公开被申请行政复议2件", False, False),
    ("全面无遗漏地公开行政复议决定", False, False),
    ("2023年未发生政府信息公开工作责任追究情况", False, False),
])
def test_t01_reads_no_review_and_no_litigation_from_real_phrasings(text, review, litigation):
    assert (says_no_review(text), says_no_litigation(text)) == (review, litigation)


def test_t01_text_says_more_applications_than_table_3():
    assert added("t01-received-mismatch.txt") == [("T-01", 4, "t3", "new_received", "total")]
    f = one(report("t01-received-mismatch.txt"), "T-01")
    assert (f.severity.value, f.expected, f.found) == ("warning", "1", "3")
    assert f.message == "表三 / 一、本年新收政府信息公开申请数量 / 总计：正文称收到申请 3 件，表三“本年新收”总计为 1"


def test_t01_part_of_the_total_is_not_compared():
    """Seed 000 says "收到法人单位申请1件"; with the table's total changed to 2 it is still no T-01."""
    assert flat(report("f03-row-total-mismatch.txt"), "T-01") == []


def test_t01_text_says_no_review_or_litigation_but_table_4_has_them():
    assert added("t01-review-litigation-mismatch.txt") == [
        ("T-01", 4, "t4", "litigation_after_review", "total"),
        ("T-01", 4, "t4", "review", "total"),
    ]
    r = report("t01-review-litigation-mismatch.txt")
    assert [(f.expected, f.found, f.message) for f in r.findings if f.id == "T-01"] == [
        ("1", "0", "表四 / 行政诉讼 / 复议后起诉 / 总计：正文称未发生行政诉讼（0 件），表四总计为 1"),
        ("1", "0", "表四 / 行政复议 / 总计：正文称未发生行政复议（0 件），表四总计为 1"),
    ]


def test_t01_seeds_agree_with_their_tables():
    assert [flat(r, "T-01") for r in parsed(*SEED_BY_NUMBER)] == [[]] * len(SEED_BY_NUMBER)


# T-02: section 六 and the 信息处理费 ------------------------------------------------------------------


def test_t02_present_in_seeds_that_state_the_fee():
    assert [flat(report(n), "T-02") for n in ("000", "002", "003")] == [[], [], []]


def test_t02_absent_from_seed_001():
    assert flat(report("001"), "T-02") == [("T-02", 410, None, None, None)]
    f = one(report("001"), "T-02")
    assert f.message == "第六部分未说明信息处理费的收取情况（国办函〔2020〕109号），即使未收取也应写明"


def test_t02_administrative_fees_are_not_the_information_processing_fee():
    assert added("t02-administrative-fee-only.txt") == [("T-02", 413, None, None, None)]


def test_t02_does_not_apply_before_2021():
    assert flat(report("f07-2021-form-in-2020.txt"), "T-02") == []


# the same organ's previous year ---------------------------------------------------------


def test_x01_x02_against_the_previous_year_passed_together():
    current, previous = parsed("000", "x01-x02-previous-year.txt")
    assert (current.year, previous.year, current.organ) == (2023, 2022, previous.organ)
    assert flat(current, "X-01", "X-02") == [
        ("X-02", 32, "t2", "normative_documents", "in_force"),
        ("X-01", 92, "t3", "carried_over", "natural_person"),
        ("X-01", 98, "t3", "carried_over", "total"),
    ]
    assert flat(previous) == []
    x01 = next(f for f in current.findings if f.id == "X-01" and f.column == "total")
    assert (x01.severity.value, x01.expected, x01.found) == ("warning", "1", "0")
    assert x01.message == ("表三 / 二、上年结转政府信息公开申请数量 / 总计：上年结转为 0，"
                           "但 2022 年度报告的“结转下年度继续办理”（总计）为 1")
    x02 = one(current, "X-02")
    assert (x02.severity.value, x02.expected, x02.found) == ("info", "5", "0")
    assert x02.message == ("表二 / 行政规范性文件 / 现行有效件数：现行有效件数为 0，"
                           "按上年 5 + 本年制发 0 − 本年废止 0 应为 5")


def test_x01_x02_do_not_depend_on_the_order_of_the_files():
    _previous, current = parsed("x01-x02-previous-year.txt", "000")
    assert flat(current) == flat(parsed("000", "x01-x02-previous-year.txt")[0])


def test_x01_x02_need_the_same_organ_and_the_previous_year_at_hand():
    assert flat(report("000"), "X-01", "X-02") == []
    _, other = parsed("x01-x02-previous-year.txt", "001")
    assert flat(other, "X-01", "X-02") == []


# D-01: published by the deadline ----------------------------------------------------------------------


def test_d01_published_after_31_january():
    r = report("d01-published-late.txt")
    assert r.published == dt.date(2024, 2, 5)
    assert added("d01-published-late.txt") == [("D-01", None, None, None, None)]
    f = one(r, "D-01")
    assert (f.severity.value, f.stage, f.expected, f.found) == ("warning", "check", "≤ 2024-01-31", "2024-02-05")
    assert f.message == "发布日期为 2024年2月5日，公布期限为 2024年1月31日，晚了 5 天（《政府信息公开条例》第四十九条）"


def test_d01_on_time_or_no_date_printed():
    assert report("003").published == dt.date(2024, 1, 25)
    assert report("000").published is None
    assert [flat(report(n), "D-01") for n in ("000", "003")] == [[], []]


def test_d01_runs_in_check_report():
    checked = check_report(parse_text(load_source(path_of("d01-published-late.txt"))))
    assert flat(checked, "D-01") == [("D-01", None, None, None, None)]


@pytest.mark.parametrize(("level", "published", "late"), [
    (Level.township, dt.date(2024, 1, 31), False),
    (Level.township, dt.date(2024, 2, 1), True),
    (Level.department, dt.date(2024, 2, 1), True),
    # 条例 Art. 49: a 县级以上地方人民政府's own report is due by 3月31日.
    (Level.county, dt.date(2024, 3, 31), False),
    (Level.city, dt.date(2024, 4, 1), True),
])
def test_d01_deadline_by_level(level, published, late):
    r = check_report(report("003").model_copy(update={"level": level, "published": published}))
    assert bool(flat(r, "D-01")) is late


# L-01 … L-04: reading the tables ------------------------------------------------------------------------


def test_l01_row_with_more_figures_than_columns_is_left_unread():
    r = report("l01-too-many-figures.txt")
    assert added("l01-too-many-figures.txt") == [("L-01", 55, "t3", "new_received", None)]
    f = one(r, "L-01")
    assert (f.severity.value, f.expected, f.found) == ("error", "7 figures", "0 0 0 0 0 0 0 0")
    assert {c.state for c in r.cells.applications["new_received"].values()} == {CellState.unread}
    assert_names_its_place(f)


def test_l02_rows_that_lost_a_cell_are_inferred_from_the_arithmetic():
    r = report("003")
    assert flat(r, "L-02")[:2] == [
        ("L-02", 63, "t3", "withheld_internal_affairs", None),
        ("L-02", 64, "t3", "withheld_process_info", None),
    ]
    assert len(flat(r, "L-02")) == 12
    assert {c.state for c in r.cells.applications["withheld_internal_affairs"].values()} == {CellState.inferred}


def test_l03_rows_aligned_by_the_column_pattern():
    assert flat(report("004"), "L-03")[0] == ("L-03", 42, "t3", "granted", None)


def test_l04_row_printed_twice_keeps_the_first():
    r = report("l04-row-printed-twice.txt")
    assert added("l04-row-printed-twice.txt") == [("L-04", 75, "t3", "withheld_third_party", None)]
    assert r.applications.withheld_third_party.total == 0
    assert "第 62 行和第 75 行" in one(r, "L-04").message


def test_l05_glued_figures_are_split_into_their_cells():
    r = report("l05-glued-figures.txt")
    assert added("l05-glued-figures.txt") == [("L-05", 36, "t2", "normative_documents", None),
                                               ("L-05", 55, "t3", "new_received", None)]
    assert {c.state for c in r.cells.applications["new_received"].values()} == {CellState.decoded}
    assert r.applications.new_received.total == 0
    assert r.active_disclosure.normative_documents.in_force == 0
    assert one_of(r, "L-05", "t2").severity.value == "info"


# M-01, M-02, G-01: metadata --------------------------------------------------------------------------


def test_m01_no_year():
    r = report("m01-no-year.txt")
    assert (r.year, r.organ) == (None, "酉阳土家族苗族自治县楠木乡人民政府")  # a title without its year still names the organ
    assert added("m01-no-year.txt") == [("M-01", None, None, None, None)]
    assert one(r, "M-01").severity.value == "error"


def test_m02_no_organ():
    r = report("m02-no-organ.txt")
    assert (r.organ, r.year) == (None, 2023)
    assert added("m02-no-organ.txt") == [("M-02", None, None, None, None)]


def test_g01_ambiguous_township_with_no_county_in_the_text():
    r = report("g01-ambiguous-township.txt")
    assert (r.organ, r.level, r.region.code) == ("城关镇人民政府", Level.township, None)
    assert len(r.region.candidates) == 88
    assert added("g01-ambiguous-township.txt") == [("G-01", None, None, None, None)]
    f = one(r, "G-01")
    assert f.severity.value == "warning"
    assert "“城关镇”对应 88 个乡镇" in f.message and "region.code" in f.message


def test_g01_the_county_in_the_text_decides():
    """Seed 001 names 保田镇 in the title and 盘州 only in the text."""
    assert (report("001").region.code, flat(report("001"), "G-01")) == ("520281106", [])


# Across all reports ----------------------------------------------------------------------------------


ALL = tuple(SEED_BY_NUMBER) + tuple(FIXTURE_NAMES)


def test_a_finding_never_stops_a_parse():
    """Every fixture parses to a report, and a file that cannot be read does not stop the others."""
    results = parse_files([path_of(n) for n in ALL[:3]] + [CHECK_FIXTURES / "missing.txt"]
                          + [path_of(n) for n in ALL[3:]])
    assert [r.path.name for r in results if r.report is None] == ["missing.txt"]
    assert len(results) == len(ALL) + 1
    # A report with an unreadable cell still has every other cell and every other check.
    r = report("f05-unreadable-cell.txt")
    assert r.applications.new_received.commercial == 1
    assert r.applications.total_processed.total == 1


def test_every_finding_is_in_the_catalogue_and_says_something():
    for r in parsed(*ALL):
        for f in r.findings:
            assert f.id in CHECKS, f
            assert f.message.strip() and f.message_en.strip(), f
            assert_names_its_place(f)


def test_check_findings_name_their_expected_and_found_values():
    for r in parsed(*ALL):
        for f in r.findings:
            if f.stage != "check":
                continue
            numbers = {int(n) for n in re.findall(r"\d+", f.message)}
            for value in (f.expected, f.found):
                assert {int(n) for n in re.findall(r"\d+", value or "")} <= numbers, f


def test_every_catalogue_id_is_exercised():
    found = {f.id for r in parsed(*ALL) for f in r.findings}
    assert [c.id for c in CATALOGUE if c.id not in found] == []


def test_every_catalogue_id_has_a_test_named_after_it():
    names = [n for n in globals() if n.startswith("test_")]
    untested = [c.id for c in CATALOGUE if not any(f"_{c.id.lower().replace('-', '')}_" in n for n in names)]
    assert untested == []


def test_catalogue_ids_are_unique_and_described():
    assert len(CHECKS) == len(CATALOGUE)
    for c in CATALOGUE:
        assert re.fullmatch(r"[A-Z]-\d\d", c.id)
        assert c.title and c.title_en and c.description
