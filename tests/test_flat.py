"""Reports whose line structure was lost: a page flattened to one line, a narrative line then one cell per line.

Every cell comes out as printed, or unread with a finding that names its row; never a wrong figure.
"""

from __future__ import annotations

import random

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import synth
from build_tools.model import Report
from build_tools.parse import parse_report
from build_tools.parse.reline import cut_line
from build_tools.sources import source_from_text
from build_tools.text import squash

TABLE_FIELD = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}
VALUED = ("number", "inferred")


def parse(text: str) -> Report:
    return parse_report(source_from_text("page.txt", text))


def cell_readings(report: Report) -> dict[tuple[str, str, str], tuple[object, str]]:
    """(table, row, column) → (value, state) for every cell the parser returned."""
    out = {}
    for table, field in TABLE_FIELD.items():
        values = report.table_values(field) or {}
        for row, cols in (getattr(report.cells, field) or {}).items():
            for col, cell in cols.items():
                out[(table, row, col)] = (values.get(row, {}).get(col), cell.state.value)
    return out


def unread_rows(report: Report) -> set[tuple[str, str | None]]:
    """The (table, row) pairs a reading finding names; row None covers the whole table."""
    return {(f.table, f.row) for f in report.findings if f.id in ("L-01", "L-05") and f.table}


def assert_exact_or_unread(report: Report, generated: synth.SynthReport) -> None:
    """Each cell is the printed figure (or its blank or mark), or unread with a finding; never another figure."""
    read = cell_readings(report)
    shown, full = synth.cells(generated), synth.figures(generated)
    named = unread_rows(report)
    for table, rows in shown.items():
        for row, cols in rows.items():
            for col, printed in cols.items():
                value, state = read.get((table, row, col), (None, "missing"))
                if state == "number":
                    assert value == printed, (table, row, col, value, printed)
                elif state in VALUED or state == "decoded":
                    assert value == full[table][row][col], (table, row, col, value, state)
                elif state in ("blank", "not_applicable"):
                    assert printed is None, (table, row, col, state, printed)
                else:
                    assert state == "unread", (table, row, col, state)
                    assert (table, row) in named or (table, None) in named, (table, row, col)


# Real reports, flattened --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_flattened_to_one_line_reads_as_its_lines(seed):
    text = seed.read_text(encoding="utf-8")
    lined = parse(text)
    flat = parse(" ".join(line.strip() for line in text.split("\n") if line.strip()))
    assert (flat.organ, flat.year, flat.format_version) == (lined.organ, lined.year, lined.format_version)
    assert [k for k, v in flat.sections if v] == [k for k, v in lined.sections if v]
    assert squash(lined.sections.other_matters.text) == squash(flat.sections.other_matters.text)
    by_line = cell_readings(lined)
    by_flat = cell_readings(flat)
    named = unread_rows(flat)
    for key, reading in by_line.items():
        got = by_flat.get(key, (None, "missing"))
        if got != reading:
            # Positions of blank cells are lost with the lines; such a row may only be left unread.
            assert got[1] == "unread" and ((key[0], key[1]) in named or (key[0], None) in named), (key, reading, got)
    exact = sum(by_flat.get(k) == v for k, v in by_line.items())
    assert exact >= 0.9 * len(by_line)


def test_headings_and_rows_are_found_inside_a_line():
    line = ("某县人民政府2023年政府信息公开工作年度报告 一、总体情况 本年度…… 二、主动公开政府信息情况 第二十条第（一）项 "
            "信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 2 0 11 三、收到和处理政府信息公开申请情况 "
            "申请人情况 自 然 人 法人或其他组织 总 计 一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3 "
            "（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0 六、其他需要报告的事项 无。"
            " 某县人民政府 2024年1月20日")
    assert cut_line(line) == [
        "某县人民政府2023年政府信息公开工作年度报告", "一、总体情况", "本年度……", "二、主动公开政府信息情况",
        "第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 0 0 0", "行政规范性文件 2 0 11",
        "三、收到和处理政府信息公开申请情况", "申请人情况 自 然 人 法人或其他组织 总 计",
        "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3", "（三）不予公开", "1.属于国家秘密 0 0 0 0 0 0 0",
        "2.其他法律行政法规禁止公开 0 0 0 0 0 0 0", "六、其他需要报告的事项", "无。", "某县人民政府", "2024年1月20日"]


def test_a_line_that_is_no_flattened_report_stays_whole():
    for text in ("一、总体情况", "（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0",
                 "2023年，本机关收到政府信息公开申请3件，办理行政许可12件，行政处罚4件。",
                 "三、四季度共召开会议5次，研究政务公开工作情况。"):
        assert cut_line(text) == [text]


# Generated reports, flattened ----------------------------------------------------------------------------

reports = st.builds(
    lambda seed, version, level: synth.random_report(random.Random(seed), version=version, level=level),
    st.integers(0, 2**32 - 1), st.sampled_from(("2021", "2019")), st.sampled_from(synth.LEVELS))
spaced = st.sampled_from(("oneline", "narrative"))


@settings(max_examples=150, deadline=None)
@given(reports, spaced)
def test_flattened_report_reads_back_exactly(generated, how):
    parsed = parse(synth.flatten(generated, how))
    assert {k: v for k, v in cell_readings(parsed).items()} == {
        (t, row, col): (value, "number") for t, rows in synth.cells(generated).items()
        for row, cols in rows.items() for col, value in cols.items()}
    assert (parsed.year, parsed.format_version) == (generated.year, generated.version)
    assert [k for k, v in parsed.sections if v and k != "preamble"] == list(synth._HEADINGS)


@settings(max_examples=200, deadline=None)
@given(reports, spaced, st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_flattened_report_with_blanks_is_exact_or_unread(generated, how, count, seed):
    marked = synth.with_marks(generated, random.Random(seed), count)
    assert_exact_or_unread(parse(synth.flatten(marked, how)), marked)
