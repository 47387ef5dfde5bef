"""Table 3 cut into two grids, as a PDF page break leaves it: never a figure in a wrong cell.

Above the break the label columns are merged (no row draws the lines between them); below it the rows
draw them apart ("三、本年度办理结果 | （一）予以公开 |  | 258 |"), so the figures stand at other positions in
each part. Merged label cells leave empty positions, blank figures print as empty cells, and a column cut
off at the page's edge is missing altogether. Whatever the parser makes of such text, each cell it fills
must hold the figure printed there.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.labels import T3_COLUMN_KEYS, T3_ROWS, t3_rows_for
from build_tools.parse import parse_report
from build_tools.sources import source_from_text

ROWS = t3_rows_for("2021", undivided_other=False)
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
HEAD = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
OUTER = ("new_received", "carried_over", "carried_forward")


def label_cells(key: str, drawn: bool, first_result: bool, first_of_group: bool) -> list[str]:
    """A row's label cells: three grid positions when the lines between them are drawn, one when not."""
    row = next(r for r in T3_ROWS if r.key == key)
    if not drawn:
        if key in OUTER:
            return [row.label]
        return [("三、本年度办理结果" if first_result else "") + (row.group if row.group and first_of_group else "")
                + row.label]
    if key in OUTER:
        return [row.label, "", ""]
    lead = "三、本年度办理结果" if first_result else ""
    if not row.group:
        return [lead, row.label, ""]
    return [lead, row.group if first_of_group else "", row.label]


def table_text(values: dict[str, list[str]], split: int, drawn_above: bool, columns: int) -> str:
    """Table 3 as pipe rows in two grids: rows before `split` above the page break, the others below."""
    parts: list[list[list[str]]] = [[], []]
    width_above = 3 if drawn_above else 1
    parts[0].append([CORNER] + [""] * (width_above - 1) + ["申请人情况"] + [""] * (columns - 1))
    parts[0].append([""] * width_above + list(HEAD[:columns]))
    seen: set[str] = set()
    first_result = True
    for n, row in enumerate(ROWS):
        above = n < split
        first_of_group = bool(row.group) and row.group not in seen
        seen.add(row.group)
        labels = label_cells(row.key, drawn_above or not above, first_result and row.key not in OUTER,
                             first_of_group or (not above and n == split))
        if row.key not in OUTER:
            first_result = False
        parts[0 if above else 1].append(labels + values[row.key][:columns])
    lines = []
    for part in parts:
        lines += [""] + ["| " + " | ".join(cells) + " |" for cells in part] + [""]
    return "\n".join(lines)


def report_text(table: str) -> str:
    return "\n".join([
        "某某县某某镇人民政府2023年政府信息公开工作年度报告",
        "一、总体情况", "本年度，本镇做好政府信息公开工作。",
        "二、主动公开政府信息情况", "本年主动公开信息。",
        "三、收到和处理政府信息公开申请情况", table,
        "四、政府信息公开行政复议、行政诉讼情况", "无。",
        "五、存在的主要问题及改进情况", "无。",
        "六、其他需要报告的事项", "无。", ""])


cell = st.one_of(st.just(""), st.just(""), st.integers(0, 30).map(str))


@settings(max_examples=150, deadline=None)
@given(values=st.fixed_dictionaries({r.key: st.lists(cell, min_size=7, max_size=7) for r in ROWS}),
       split=st.integers(2, 6), drawn_above=st.booleans(), columns=st.sampled_from((7, 6)))
def test_a_table_cut_into_two_grids_never_reads_a_figure_into_a_wrong_cell(values, split, drawn_above, columns):
    report = parse_report(source_from_text("split.txt", report_text(table_text(values, split, drawn_above,
                                                                              columns))))
    cells = report.cells.applications or {}
    read = report.table_values("applications") if cells else {}
    for key, printed in values.items():
        for col, text in zip(T3_COLUMN_KEYS, printed):
            got = cells.get(key, {}).get(col)
            if got is None or got.state.value in ("unread", "unreadable", "absent"):
                continue
            where = f"{key}.{col} printed {text!r}, read {got.state.value} {got.raw!r}"
            if col == "total" and columns == 6:
                # The cut-off column: nothing printed, so nothing may be read as printed there.
                assert got.state.value in ("inferred", "blank"), where
                continue
            if got.state.value == "inferred":
                assert any(f.row == key for f in report.findings), where
                continue
            if text == "":
                assert got.state.value == "blank", where
            else:
                assert got.state.value == "number" and read[key][col] == int(text), where


def test_the_real_shape_reads_every_figure_when_the_columns_are_whole():
    """The split as LibreOffice draws a page with table 3's label columns merged above the break."""
    values = {r.key: ["1", "", "", "", "", "", "1"] for r in ROWS}
    values["total_processed"] = [str(len(ROWS) - 4), "", "", "", "", "", str(len(ROWS) - 4)]
    values["new_received"] = [str(len(ROWS) - 4 - 1 + 1), "", "", "", "", "", str(len(ROWS) - 4)]
    report = parse_report(source_from_text("split.txt", report_text(table_text(values, 2, False, 7))))
    read = report.table_values("applications")
    for key, printed in values.items():
        for col, text in zip(T3_COLUMN_KEYS, printed):
            assert read[key][col] == (int(text) if text else None), (key, col)
