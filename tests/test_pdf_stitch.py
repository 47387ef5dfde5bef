"""A table that runs over a PDF page break on a finer grid below the break is stitched into one table.

LibreOffice draws table 3 with its three label columns merged in every row above the break when those
rows are 一 and 二 (labels over three positions), and apart below it; pdfplumber then finds 8 columns on
one page and 10 on the next. The parts are placed by the left edges of their columns.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.ingest.layout import CellBudget, Table
from build_tools.ingest.pdf import _Item, _PdfReader

LABEL, SUB, ITEM = 57.0, 127.0, 182.0
FIGURES = [319.0, 360.0, 413.0, 452.0, 500.0, 540.0, 563.0]
RIGHT = 594.0


def reader(pages: list[list[_Item]]) -> _PdfReader:
    out = _PdfReader(Path("report.pdf"), CellBudget(10_000))
    out.pages = pages
    out.heights = [842.0] * len(pages)
    out.characters = 1000
    return out


def above() -> _Item:
    rows = [["（本列数据的勾稽关系为：…）", "申请人情况", "", "", "", "", "", ""],
            ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
            ["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"]]
    return _Item(0, 600.0, 800.0, LABEL, RIGHT, rows=rows, edges=[LABEL, *FIGURES])


def below(rows: list[list[str]], edges: list[float] | None = None) -> _Item:
    return _Item(1, 30.0, 300.0, LABEL, RIGHT, rows=rows, edges=edges or [LABEL, SUB, ITEM, *FIGURES])


def tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def test_labels_drawn_apart_below_the_break_join_the_label_column():
    rows = [["三、本年度办理结果", "（一）予以公开", "", "258", "12", "", "", "1", "1", ""],
            ["", "（三）不予公开", "1.属于国家秘密", "14", "", "", "", "", "", "14"]]
    (table,) = tables(reader([[above()], [below(rows)]]).blocks())
    assert table.rows[-2:] == (("三、本年度办理结果（一）予以公开", "258", "12", "", "", "1", "1", ""),
                               ("（三）不予公开1.属于国家秘密", "14", "", "", "", "", "", "14"))


def test_a_column_split_below_the_break_joins_the_column_it_splits():
    """Table 2's 2019 rows draw a line inside a column above: a figure on either side is that column's."""
    first = _Item(0, 700.0, 800.0, LABEL, 420.0, rows=[["信息内容", "本年新", "本年新", "对外公开总数量"]],
                  edges=[LABEL, 183.0, 272.0, 328.0])
    rest = _Item(1, 30.0, 300.0, LABEL, 420.0, rows=[["", "制作数量", "公开数量", "", ""],
                                                   ["规章", "13", "13", "", "524"],
                                                   ["行政许可", "0", "", "0", "0"]],
                 edges=[LABEL, 183.0, 272.0, 277.0, 328.0])
    (table,) = tables(reader([[first], [rest]]).blocks())
    assert table.rows == (("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
                          ("规章", "13", "13", "524"), ("行政许可", "0", "0", "0"))


def test_two_figures_that_would_share_a_column_keep_the_tables_apart():
    edges = [LABEL, 100.0, 150.0, *FIGURES]  # 100 and 150 fall inside the label column, and hold figures
    got = tables(reader([[above()], [below([["x", "5", "6", "", "", "", "", "", "", "11"]], edges)]]).blocks())
    assert len(got) == 2
    edges = [LABEL, 330.0, 340.0, *FIGURES[1:], RIGHT - 10]  # 自然人 split in three, two of them printed
    got = tables(reader([[above()], [below([["x", "4", "", "5", "", "", "", "", "", "11"]], edges)]]).blocks())
    assert len(got) == 2


def test_a_part_of_another_width_is_another_table():
    rows = [["三、本年度办理结果", "（一）予以公开", "", "258", "12", "", "", "1", "1", ""]]
    part = _Item(1, 30.0, 300.0, LABEL, RIGHT - 40, rows=rows, edges=[LABEL, SUB, ITEM, *FIGURES])
    assert len(tables(reader([[above()], [part]]).blocks())) == 2


def test_text_beside_the_table_does_not_keep_its_parts_apart():
    """A column cut off at the page's edge leaves its header as text right of the table."""
    beside = _Item(0, 610.0, 620.0, RIGHT + 1, RIGHT + 20, text="总计")
    rows = [["三、本年度办理结果", "（一）予以公开", "", "258", "12", "", "", "1", "1", ""]]
    (table,) = tables(reader([[above(), beside], [below(rows)]]).blocks())
    assert table.rows[-1][0] == "三、本年度办理结果（一）予以公开"


def test_a_label_piece_under_a_row_drawn_without_lines_is_not_joined_to_its_figures():
    """Table 3 without ruling lines: "三、本年度办理结果" wraps in its cell, the piece under the row's figures
    starts at the margin below a full-width line, as a paragraph's next line would."""
    lines = [_Item(0, 100.0, 112.0, 58.0, 560.0, text="三、本年 （一）予以公开 5345 129 0 41 19 14 5548"),
             _Item(0, 118.0, 130.0, 58.0, 106.0, text="度办理结"),
             _Item(0, 136.0, 148.0, 58.0, 560.0, text="本年度，本镇做好政府信息公开工作，主动公开信息共计"),
             _Item(0, 154.0, 166.0, 58.0, 300.0, text="1287条。")]
    blocks = reader([lines]).blocks()
    assert [b.text for b in blocks] == ["三、本年 （一）予以公开 5345 129 0 41 19 14 5548", "度办理结",
                                        "本年度，本镇做好政府信息公开工作，主动公开信息共计1287条。"]
