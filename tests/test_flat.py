"""Reports whose line structure was lost: a page flattened to one line, cells glued, one cell per line,
a table laid out by lynx as running text.

Every cell comes out as printed (or decoded from glued digits, the figure printed), or unread with a finding
that names its row; never a wrong figure.
"""

from __future__ import annotations

import random

import pytest
from conftest import SEEDS, draw_changed_cell
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import synth
from build_tools.labels import T3_OTHER_SUBROWS
from build_tools.model import Report
from build_tools.parse import parse_report
from build_tools.parse.decode import RowSum, fewest_parts, split_row, tokens_of
from build_tools.parse.lines import Line
from build_tools.parse.reline import cut_line
from build_tools.parse.runon import join_run_on_rows
from build_tools.sources import source_from_text
from build_tools.text import squash

TABLE_FIELD = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}
VALUED = ("number", "inferred", "decoded")


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


def assert_exact_or_unread(report: Report, generated: synth.SynthReport, tables: tuple[str, ...] = ("t2", "t3", "t4"),
                           ) -> None:
    """Each cell is the printed figure (or its blank or mark), or unread with a finding; never another figure."""
    read = cell_readings(report)
    shown, full = synth.cells(generated), synth.figures(generated)
    named = unread_rows(report)
    for table, rows in shown.items():
        if table not in tables:
            continue
        for row, cols in rows.items():
            for col, printed in cols.items():
                value, state = read.get((table, row, col), (None, "missing"))
                if state == "number":
                    assert value == printed, (table, row, col, value, printed)
                elif state in VALUED:
                    assert value == full[table][row][col], (table, row, col, value, state)
                elif state in ("blank", "not_applicable"):
                    assert printed is None, (table, row, col, state, printed)
                elif state == "missing":  # a row not found, named by a finding
                    rows_named = {(f.table, f.row) for f in report.findings}
                    if row == "other_handling":  # a 2019 table read as 2021: its three sub-rows are named
                        rows_named |= {("t3", "other_handling")} if {("t3", r) for r in T3_OTHER_SUBROWS} <= rows_named \
                            else set()
                    assert (table, row) in rows_named, (table, row, col)
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


@settings(max_examples=150, deadline=None)
@given(reports, st.integers(0, 12), st.integers(0, 2**32 - 1))
def test_report_printed_one_cell_per_line_is_exact_or_unread(generated, count, seed):
    """LibreOffice's text export: one cell per line, an empty cell an empty line."""
    marked = synth.with_marks(generated, random.Random(seed), count)
    parsed = parse(synth.flatten(marked, "stacked"))
    assert_exact_or_unread(parsed, marked)
    if count == 0:
        assert {state for _value, state in cell_readings(parsed).values()} == {"number"}


def test_a_row_printed_one_cell_per_line_whose_first_cell_is_blank_keeps_its_columns():
    # Its label is followed by an empty line (the blank first cell), then its figures.
    generated = synth.random_report(random.Random(93), version="2021", level="township")
    marked = synth.with_marks(generated, random.Random(2351), 5)
    parsed = parse(synth.flatten(marked, "stacked"))
    assert_exact_or_unread(parsed, marked)
    assert ("t3", "unavailable_needs_creation", "natural_person") in {key[:3] for key in cell_readings(parsed)}


@settings(max_examples=200, deadline=None)
@given(reports, st.integers(0, 12), st.integers(0, 2**32 - 1), st.booleans(), st.data())
def test_glued_report_is_exact_or_unread(generated, count, seed, contradict, data):
    """Glued cells, blank and marked cells among them, and a printed figure that breaks the sums."""
    if contradict:
        table, row, column, new = draw_changed_cell(data, generated)
        generated = synth.with_cell(generated, table, row, column, new)
    marked = synth.with_marks(generated, random.Random(seed), count)
    parsed = parse(synth.flatten(marked, "glued"))
    assert_exact_or_unread(parsed, marked)
    assert parsed.year == generated.year


def test_glued_report_without_blanks_is_mostly_decoded():
    read = exact = 0
    for seed in range(40):
        generated = synth.random_report(random.Random(seed))
        parsed = parse(synth.flatten(generated, "glued"))
        assert_exact_or_unread(parsed, generated)
        readings = cell_readings(parsed)
        read += len(readings)
        exact += sum(state in VALUED for _v, state in readings.values())
    assert exact >= 0.85 * read


# Decoding glued digits -----------------------------------------------------------------------------------

T3_ROW = ("count",) * 7
T3_SUM = (RowSum(6, (0, 1, 2, 3, 4, 5)),)


@pytest.mark.parametrize(("run", "kinds", "sums", "readings"), [
    ("3000003", T3_ROW, T3_SUM, [(3, 0, 0, 0, 0, 0, 3)]),
    ("2000000", T3_ROW, T3_SUM, []),  # 2 0 0 0 0 0 0 does not add up: a misprint or a blank, never guessed
    ("0022", ("count",) * 3, (), [(0, 0, 22)]),
    ("4514200", ("count", "money"), (), [(4, 514200), (45, 14200), (451, 4200), (4514, 200), (451420, 0)]),
    ("0/0", ("count",) * 3, (), [(0, "/", 0)]),
    ("12+34", ("count", "signed", "count"), (), [(12, 3, 4)]),
    ("000000000000000", ("count",) * 15, (RowSum(4, (0, 1, 2, 3)),), [(0,) * 15]),
    ("12003", ("count",) * 5, (RowSum(4, (0, 1, 2, 3)),), [(1, 2, 0, 0, 3)]),
])
def test_split_row(run, kinds, sums, readings):
    assert sorted(split_row(tokens_of(run), kinds, sums), key=repr) == sorted(readings, key=repr)


def test_a_glued_run_that_could_hide_a_blank_cell_is_told_apart():
    assert fewest_parts(tokens_of("0022")) == 3  # 0 0 22: no fewer figures, so no blank can hide
    assert fewest_parts(tokens_of("3000003")) == 1  # 3000003 could be fewer figures and blank cells


def test_glued_rows_in_a_one_line_report():
    page = ("某乡人民政府2023年政府信息公开工作年度报告一、总体情况本年度……二、主动公开政府信息情况第二十条第（一）项"
            "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件1236"
            "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量3000003二、上年结转政府信息公开申请数量0000000三、本年度办理结果"
            "（一）予以公开2000002（二）部分公开0000000（三）不予公开1.属于国家秘密00000003.危及“三安全一稳定”0000000"
            "（七）总计2000002四、结转下年度继续办理1000001"
            "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
            "000000000000000五、存在的主要问题及改进情况无。六、其他需要报告的事项无。")
    r = parse(page)
    states = {row: {c.state.value for c in cols.values()} for row, cols in r.cells.applications.items()}
    assert r.table_values("applications")["new_received"] == {
        "natural_person": 3, "commercial": 0, "research": 0, "social": 0, "legal_service": 0, "other_org": 0,
        "total": 3}
    # 3 0 0 0 0 0 3 could be fewer figures and a blank cell; the column sums confirm it.
    assert states["new_received"] == states["granted"] == states["total_processed"] == {"decoded"}
    assert states["withheld_state_secret"] == {"decoded"}  # "00000003.危及…": the 3 is the next row's number
    assert r.active_disclosure.regulations.in_force == 0
    (f,) = [f for f in r.findings if f.id == "L-01" and f.row == "normative_documents"]
    assert "1 2 36" in f.message and "12 3 6" in f.message  # the candidate readings, none chosen
    assert {c.state.value for c in r.cells.review_litigation["review"].values()} == {"decoded"}


def test_a_glued_row_the_sums_cannot_confirm_stays_unread():
    page = ("某乡人民政府2023年政府信息公开工作年度报告一、总体情况本年度……三、收到和处理政府信息公开申请情况"
            "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量3000003二、上年结转政府信息公开申请数量0000000三、本年度办理结果"
            "（一）予以公开2000002（七）总计2000000四、结转下年度继续办理1000001六、其他需要报告的事项无。")
    r = parse(page)
    states = {row: {c.state.value for c in cols.values()} for row, cols in r.cells.applications.items()}
    assert states["total_processed"] == {"unread"}  # 2 0 0 0 0 0 0 does not add up: a misprint or a blank
    assert states["new_received"] == {"unread"}  # its column sums run through the unread row
    assert states["carried_over"] == {"decoded"}  # seven zeros: no fewer figures, no blank can hide
    (f,) = [f for f in r.findings if f.id == "L-01" and f.row == "new_received"]
    assert "3 0 0 0 0 0 3" in f.message


def _as_lynx(text: str, rng: random.Random) -> str:
    """Lay a narrative flattening out as lynx does a wide table: every line at a 3-column margin, a row's
    figures run on over lines of a few figures each, empty lines between some of them."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and line.strip() and line.strip().isdigit() and out[-1].strip() and rng.random() < 0.5:
            out[-1] += " " + line.strip()
            continue
        if rng.random() < 0.3:
            out.append("")
        out.append("   " + line if line.strip() else line)
    return "\n".join(out)


@settings(max_examples=100, deadline=None)
@given(reports, st.integers(0, 12), st.integers(0, 2**32 - 1))
def test_report_laid_out_as_lynx_is_exact_or_unread(generated, count, seed):
    marked = synth.with_marks(generated, random.Random(seed), count)
    parsed = parse(_as_lynx(synth.flatten(marked, "narrative"), random.Random(seed)))
    assert_exact_or_unread(parsed, marked)
    if count == 0:
        assert {state for _value, state in cell_readings(parsed).values()} == {"number"}


def test_lynx_rows_take_the_figures_under_them_and_no_more():
    body = ["   一、本年新收政府信息公开申请数量 1 0", "", "   0", "   0 0 0 1",
            "   二、上年结转政府信息公开申请数量", "   0 0 0", "", "   0 0 0 0"] + ["   正文"] * 40
    lines = join_run_on_rows([Line(n, t) for n, t in enumerate(body, start=1)])
    assert [ln.text for ln in lines[:2]] == ["   一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1",
                                             "   二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0"]
    t4 = ["   总计", "   0 0 0 0 0", "   0 0 0 0 0", "   0 0 0 0 0"] + ["   正文"] * 40
    assert [ln.text for ln in join_run_on_rows([Line(n, t) for n, t in enumerate(t4, start=1)])][:2] == t4[:2]
    pdf = ["1.属于国家秘密", "0 0 0", "0 0 0 0"] + ["正文"] * 40  # no margin: PDF text, left alone
    assert [ln.text for ln in join_run_on_rows([Line(n, t) for n, t in enumerate(pdf, start=1)])][:3] == pdf[:3]


# Plain pdftotext: rows in order, labels moved away from their figures ------------------------------------


def _as_plain_pdftotext(report: synth.SynthReport, rng: random.Random, moved: int) -> str:
    """Print table 3 as plain `pdftotext` does: one figure per line, each row's label cut in pieces that stand
    a line or two before or after where its figures start, and `moved` figures printed away from their place
    (a page break or a tall label cell reorders them)."""
    from build_tools.labels import T3_ROWS

    shown = synth.cells(report)["t3"]
    rows = [row for row in T3_ROWS if row.key in shown]
    figures: list[str] = []
    labels: list[tuple[int, str]] = []
    for row in rows:
        at = len(figures) + rng.randint(-2, 2)
        cut = rng.randrange(3, len(row.label))  # a label wraps after its number and a word or more
        for piece in (row.label[:cut], row.label[cut:]) if rng.random() < 0.5 else (row.label,):
            labels.append((max(at, 0), piece))
            at += 1
        marks = report.marks
        figures += [marks.get(("t3", row.key, col), str(value)) if value is None or ("t3", row.key, col) in marks
                    else str(value) for col, value in shown[row.key].items()]
    for _ in range(moved):
        figure = figures.pop(rng.randrange(len(figures)))
        figures.insert(rng.randrange(len(figures) + 1), figure)
    lines = [f for f in figures]
    for at, piece in sorted(labels, key=lambda x: x[0], reverse=True):
        lines.insert(min(at, len(lines)), piece)
    head = [f"某县人民政府{report.year}年政府信息公开工作年度报告", "一、总体情况", "本年度……",
            "三、收到和处理政府信息公开申请情况", "申请人情况", "（本列数据的勾稽关系为：第一项加第二项",
            "之和，等于第三项加第四项之和）", "法人或其他组织", "自然人", "商业企业", "科研", "机构", "社会", "公益",
            "组织", "法律服务", "机构", "其他", "总计"]
    return "\n".join(head + [ln for ln in lines if ln] + ["四、政府信息公开行政复议、行政诉讼情况", "无。"]) + "\n"


def _read_in_sequence(report: Report) -> bool:
    return any(f.id == "L-03" and f.table == "t3" and "template order" in f.message_en for f in report.findings)


@settings(max_examples=100, deadline=None)
@given(reports, st.integers(0, 3), st.integers(0, 6), st.integers(0, 2**32 - 1))
def test_plain_pdftotext_table_3_is_exact_or_unread(generated, moved, count, seed):
    """Labels a figure or two away from their rows, figures moved out of place, blank (dropped) and marked
    cells: read in printed order or by labels, every cell is the printed one or unread with a finding."""
    marked = synth.with_marks(generated, random.Random(seed), count)
    parsed = parse(_as_plain_pdftotext(marked, random.Random(seed), moved))
    assert_exact_or_unread(parsed, marked, ("t3",))


def test_table_printed_as_plain_pdftotext_reads_in_template_order():
    for seed in range(12):
        generated = synth.random_report(random.Random(seed), noise=synth.Noise())
        parsed = parse(_as_plain_pdftotext(generated, random.Random(seed), 0))
        assert_exact_or_unread(parsed, generated, ("t3",))
        states = {c.state.value for cols in parsed.cells.applications.values() for c in cols.values()}
        assert states == {"number"}, seed
        assert _read_in_sequence(parsed)


def test_a_figure_out_of_place_leaves_the_template_order_unread():
    generated = synth.random_report(random.Random(3), noise=synth.Noise())
    text = _as_plain_pdftotext(generated, random.Random(3), 0)
    lines = text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.isdigit() and ln != "0")
    lines.insert(first + 9, lines.pop(first))  # a figure printed a row later
    assert not _read_in_sequence(parse("\n".join(lines)))


def test_a_glued_row_is_confirmed_by_the_sums_that_pin_its_figures():
    # "/" in new_received leaves the 一+二 = 三（七）+四 sum of its column unknown; （七）总计 is still pinned
    # figure by figure by （七） = its parts, so it is no reading that hides a blank cell.
    page = ("某乡人民政府2023年政府信息公开工作年度报告一、总体情况本年度……三、收到和处理政府信息公开申请情况"
            "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量3/000003二、上年结转政府信息公开申请数量0000000三、本年度办理结果"
            "（一）予以公开2000002（二）部分公开1000001（七）总计3000003四、结转下年度继续办理0000000"
            "六、其他需要报告的事项无。")
    r = parse(page)
    states = {row: {c.state.value for c in cols.values()} for row, cols in r.cells.applications.items()}
    assert states["total_processed"] == states["granted"] == states["partially_granted"] == {"decoded"}
    assert r.table_values("applications")["total_processed"]["natural_person"] == 3


def test_a_glued_row_that_a_reading_with_a_blank_cell_also_fits_stays_unread():
    # 1 0 0 0 0 1 2 fails its total; "1000012" is then 10, a blank, 0 0 0 0, 12 or 1, a blank … and no sum of
    # other rows tells them apart.
    page = ("某乡人民政府2023年政府信息公开工作年度报告一、总体情况本年度……三、收到和处理政府信息公开申请情况"
            "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量1000012六、其他需要报告的事项无。")
    r = parse(page)
    assert {c.state.value for c in r.cells.applications["new_received"].values()} == {"unread"}


def _printed_order(grid: list[list[int]], pulls: set[int], held: int) -> list[int]:
    """The figures of a table in the order plain pdftotext prints them: a row in `pulls` has the next row's first
    figure right after its own first figure (unless its own came early), and the totals of the top `held` rows
    come after those rows."""
    out: list[int] = []
    pulled = False
    for r, row in enumerate(grid):
        cells = row[1:] if pulled else row
        if r < held:
            cells = cells[:-1]
        out.append(cells[0])
        pulled = r in pulls and not pulled and r >= held and r + 1 < len(grid)
        if pulled:
            out.append(grid[r + 1][0])
        out += cells[1:]
        if held and r == held - 1:
            out += [grid[t][-1] for t in range(held)]
    return out


@settings(max_examples=60, deadline=None)
@given(reports, st.sets(st.integers(0, 24), max_size=4), st.integers(0, 4), st.booleans())
def test_printed_order_with_pdftotext_moves_reads_every_settled_figure_as_printed(generated, pulls, held, contradict):
    from build_tools.arithmetic import t3_equations
    from build_tools.labels import T3_COLUMN_KEYS, t3_rows_for
    from build_tools.parse.sequence import read_in_sequence

    keys = [r.key for r in t3_rows_for("2021", "other_handling" in generated.t3)]
    grid = [[generated.t3[key][col] for col in T3_COLUMN_KEYS] for key in keys]
    if contradict:
        grid[0][-1] += 1  # a printed total that contradicts its row
    result = read_in_sequence(_printed_order(grid, pulls, held), keys, T3_COLUMN_KEYS, t3_equations(set(keys)))
    assert result is not None  # the printed reading is among those enumerated, and it fits
    for (key, col), value in result.settled.items():
        assert value == grid[keys.index(key)][T3_COLUMN_KEYS.index(col)], (key, col)
    assert set(result.settled) | set(result.candidates) == {(k, c) for k in keys for c in T3_COLUMN_KEYS}


def test_printed_order_needing_a_dropped_blank_is_not_read():
    from build_tools.arithmetic import t3_equations
    from build_tools.labels import T3_COLUMN_KEYS, t3_rows_for
    from build_tools.parse.sequence import read_in_sequence

    generated = synth.random_report(random.Random(5), version="2021")
    keys = [r.key for r in t3_rows_for("2021", "other_handling" in generated.t3)]
    figures = [generated.t3[key][col] for key in keys for col in T3_COLUMN_KEYS]
    assert read_in_sequence(figures, keys, T3_COLUMN_KEYS, t3_equations(set(keys))) is not None
    assert read_in_sequence(figures[:-1], keys, T3_COLUMN_KEYS, t3_equations(set(keys))) is None


def test_a_row_printed_whole_beside_its_label_must_agree_with_the_printed_order():
    # Two sibling rows printed swapped keep every sum; a row printed whole on its label's line tells.
    from build_tools.labels import T3_COLUMN_KEYS

    x, y = "withheld_state_secret", "withheld_third_party"  # rows 5 and 8 of table 3
    generated = next(g for g in (synth.random_report(random.Random(seed), version="2021", noise=synth.Noise())
                                 for seed in range(200)) if g.t3[x] != g.t3[y] and "other_handling" not in g.t3)

    def printed(first: str, second: str, whole: bool) -> str:
        lines = _as_plain_pdftotext(generated, random.Random(1), 0).split("\n")
        at = [i for i, ln in enumerate(lines) if ln.strip().isdigit()]
        for block, key in ((4, first), (7, second)):
            for j, col in enumerate(T3_COLUMN_KEYS):
                lines[at[block * 7 + j]] = str(generated.t3[key][col])
        if whole:
            lines[at[4 * 7]] = "4.保护第三方合法权益 " + " ".join(lines[at[4 * 7 + j]] for j in range(7))
            for j in range(1, 7):
                lines[at[4 * 7 + j]] = ""
        return "\n".join(lines)

    assert _read_in_sequence(parse(printed(x, y, whole=False)))
    assert not _read_in_sequence(parse(printed(y, x, whole=True)))


def _t4_plain_pdftotext(figures: list[int]) -> str:
    head = ["某县人民政府2023年政府信息公开工作年度报告", "一、总体情况", "本年度……",
            "四、政府信息公开行政复议、行政诉讼情况", "结果 结果 其他 尚未", "总计", "维持 纠正 结果 审结"]
    lines = [str(v) for v in figures[:5]] + [f"行政诉讼（未经复议直接起诉） {figures[5]}"]
    lines += [str(v) for v in figures[6:]] + ["行政复议", "行政诉讼（复议后起诉）", "五、存在的主要问题和改进情况", "无。"]
    return "\n".join(head + lines) + "\n"


def test_table_4_printed_as_plain_pdftotext_reads_in_template_order():
    figures = [0, 1, 23, 0, 24, 0, 3, 0, 0, 3, 2, 0, 0, 1, 3]
    report = parse(_t4_plain_pdftotext(figures))
    read = [report.table_values("review_litigation")[g][c] for g in ("review", "litigation_direct",
            "litigation_after_review") for c in ("upheld", "corrected", "other", "pending", "total")]
    assert read == figures
    assert any(f.id == "L-03" and f.table == "t4" for f in report.findings)


def test_table_4_in_printed_order_needs_every_group_total_and_its_label_in_place():
    broken = [0, 1, 23, 0, 25, 0, 3, 0, 0, 3, 2, 0, 0, 1, 3]  # a total that is not its group's sum
    report = parse(_t4_plain_pdftotext(broken))
    assert not any(f.id == "L-03" and f.table == "t4" for f in report.findings)
    assert {c.state.value for cols in report.cells.review_litigation.values() for c in cols.values()} == {"unread"}
    shifted = _t4_plain_pdftotext([0, 1, 23, 0, 24, 0, 3, 0, 0, 3, 2, 0, 0, 1, 3]).replace(
        "24\n行政诉讼（未经复议直接起诉） 0\n3", "24\n0\n行政诉讼（未经复议直接起诉） 3")  # the label beside a group's second figure
    assert not any(f.id == "L-03" and f.table == "t4" for f in parse(shifted).findings)
