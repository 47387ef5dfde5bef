"""Box-drawn tables (w3m, lynx, pandoc grid tables): every row comes out as the cells an HTML table gives."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.parse.boxes import box_lines
from build_tools.parse.lines import Line, continue_line, split_lines
from build_tools.parse.stacked import stacked_rows

# w3m -dump -cols 40 of a cut-down table 3, and the same with -no-graph (ASCII borders).
W3M = """\
┌───────────────────────────────┬──┬──┐
│                               │自│总│
│                               │然│计│
│                               │人│  │
├───────┬───────────────────────┼──┼──┤
│       │(一)予以公开           │12│12│
│       ├───────────────────────┼──┼──┤
│三、本 │2. 申请人逾期未按收费通│  │  │
│年度办 │知要求缴纳费用、行政机 │0 │0 │
│理结果 │关不再处理其政府信息公 │  │  │
│       │开申请                 │  │  │
│       ├───────────────────────┼──┼──┤
│       │(七)总计               │12│12│
├───────┴───────────────────────┼──┼──┤
│四、结转下年度继续办理         │1 │1 │
└───────────────────────────────┴──┴──┘
"""

W3M_ASCII = """\
+-------------------------------------+
|                               |自|总|
|                               |然|计|
|                               |人|  |
|-------------------------------+--+--|
|       |(一)予以公开           |12|12|
|       |-----------------------+--+--|
|三、本 |2. 申请人逾期未按收费通|  |  |
|年度办 |知要求缴纳费用、行政机 |0 |0 |
|理结果 |关不再处理其政府信息公 |  |  |
|       |开申请                 |  |  |
|       |-----------------------+--+--|
|       |(七)总计               |12|12|
|-------------------------------+--+--|
|四、结转下年度继续办理         |1 |1 |
+-------------------------------------+
"""

# A pandoc grid table; the row label wraps, the figure is signed.
GRID = """\
+--------------+--------------+
| 信息内容     | 本年制发件数 |
+==============+==============+
| 行政规范性文 | +3           |
| 件           |              |
+--------------+--------------+
| 规章         | 0            |
+--------------+--------------+
"""


def _cells(text: str) -> list[tuple[str, ...]]:
    return [ln.cells for ln in split_lines(text) if ln.cells]


ROWS = [
    ("", "", "自然人", "总计"),
    ("三、本年度办理结果", "(一)予以公开", "12", "12"),
    ("三、本年度办理结果", "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0", "0"),
    ("三、本年度办理结果", "(七)总计", "12", "12"),
    ("四、结转下年度继续办理", "", "1", "1"),
]


def test_w3m_table_joins_wrapped_cells_and_carries_row_labels():
    assert _cells(W3M) == ROWS


def test_w3m_ascii_borders_read_the_same():
    assert _cells(W3M_ASCII) == ROWS


def test_rows_keep_their_first_source_line():
    assert [ln.no for ln in split_lines(W3M) if ln.cells] == [2, 6, 8, 13, 15]


def test_ascii_grid_table_keeps_signed_figures():
    assert _cells(GRID) == [("信息内容", "本年制发件数"), ("行政规范性文件", "+3"), ("规章", "0")]


def test_text_around_a_table_is_kept():
    lines = split_lines("二、主动公开政府信息情况\n" + GRID + "本年度无其他事项。\n")
    assert lines[0].text == "二、主动公开政府信息情况"
    assert lines[-2].text == "本年度无其他事项。"


box_text = st.lists(st.text(alphabet=st.sampled_from(list("│─┼├┤┌┐└┘+-|= 0123456789自然人总计（）")), max_size=40),
                    max_size=12)


@settings(max_examples=300, deadline=None)
@given(box_text)
@example(["│0│", "|00│", "│0|─│"])  # a figure only on a line that also holds a rule
def test_no_figure_is_dropped(rows):
    lines = [Line(n, text) for n, text in enumerate(rows, start=1)]
    out = box_lines(lines)
    before = sorted(re.findall(r"\d+", "".join(rows)))
    after = sorted(re.findall(r"\d+", "".join("".join(ln.cells) if ln.cells else ln.text for ln in out)))
    # Digits may join across a wrapped cell ("1" / "2" → "12"), never vanish.
    assert sorted("".join(before)) == sorted("".join(after))


# pandoc -t markdown of a page: Markdown text with a raw HTML table, and a simple table laid out by its rule.
PANDOC = """\
::: article
### 二、主动公开政府信息情况 {#二主动公开政府信息情况}

  ---------------- -------------- --------------
  信息内容         本年制发件数   本年废止件数
  规章             0              ---
  行政规范性文件   3              
  ---------------- -------------- --------------

### 三、收到和处理政府信息公开申请情况

<table><tr><td>一、本年新收政府信息公开申请数量</td><td>4</td><td></td></tr>
<tr><td>2. 重复申请</td><td>0</td><td>1</td></tr></table>
:::
"""


def test_markdown_with_html_tables_keeps_its_lines():
    lines = split_lines(PANDOC)
    assert [ln.cells or ln.text for ln in lines] == [
        "二、主动公开政府信息情况",
        ("信息内容", "本年制发件数", "本年废止件数"),
        ("规章", "0", "—"),
        ("行政规范性文件", "3", ""),
        "三、收到和处理政府信息公开申请情况",
        ("一、本年新收政府信息公开申请数量", "4", ""),
        ("2. 重复申请", "0", "1"),
    ]
    assert [ln.no for ln in lines][:3] == [2, 5, 6]


def test_a_rule_that_does_not_lay_out_the_lines_is_no_table():
    text = "说明\n----- -----\n本年度共收到申请 12 件，办结 12 件。\n"
    assert [ln.cells for ln in split_lines(text) if ln.text] == [None, None, None]


# LibreOffice's text export: each cell on its own line, an empty cell an empty line.
STACKED = "\n".join(
    ["二、收到和处理政府信息公开申请情况", "自然人", "总计"]
    + ["一、本年新收政府信息公开申请数量", "3", "", "3"]
    + ["二、上年结转政府信息公开申请数量", "0", "1", "1"] * 6
    + ["四、政府信息公开行政复议、行政诉讼情况", "总计"] + [str(n) for n in range(15)]
) + "\n"


def test_one_cell_per_line_is_read_as_rows():
    rows = [ln.cells for ln in stacked_rows(split_lines(STACKED)) if ln.cells]
    assert rows[0] == ("一、本年新收政府信息公开申请数量", "3", "", "3")
    assert rows[1] == ("二、上年结转政府信息公开申请数量", "0", "1", "1")
    assert rows[-1] == tuple(str(n) for n in range(15))


def test_figures_apart_are_not_cells_in_a_row():
    # pdftotext prints figures with an empty line after each, columns out of order: no rows are made.
    text = "\n".join(["一、本年新收政府信息公开申请数量", "", "3", "", "5", "", "8", ""] * 10) + "\n"
    assert all(ln.cells is None for ln in split_lines(text))


def test_a_hard_line_break_in_a_column_laid_cell_keeps_the_figure_in_its_column():
    # pandoc writes a <br> in a table cell as a backslash at the end of the line; the cell goes on below.
    assert continue_line("规章   1   2   ", "               3") == "规章   1   2   3"
    assert continue_line("第一行文字", "第二行") == "第一行文字 第二行"
    text = "## 二、主动公开\n\n------ ---- ----\n规章   1    \\\n            2\n------ ---- ----\n"
    lines = split_lines(text)
    assert [ln.cells for ln in lines if ln.cells] == [("规章", "1", "2")]
