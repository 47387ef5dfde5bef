"""Rows whose label a PDF text tool wrapped over several lines around the line of its figures."""

from __future__ import annotations

from build_tools.parse.lines import Line
from build_tools.parse.wrapped import join_wrapped_labels


def joined(*texts: str) -> list[str]:
    return [ln.text for ln in join_wrapped_labels([Line(n, t) for n, t in enumerate(texts, start=1)])]


def test_a_label_wrapped_around_its_figures_is_joined():
    assert joined("          2.其他法律行政法规禁止",
                  "                          0    0   0   0   0 0 0",
                  "          公开") == ["          2.其他法律行政法规禁止公开  0    0   0   0   0 0 0"]


def test_a_group_label_beside_the_figures_stands_on_its_own_line():
    assert joined("          1.本机关不掌握相关政",
                  "（四）无法提供               0    0   0   0   0 0 0",
                  "          府信息") == ["（四）无法提供", "          1.本机关不掌握相关政府信息  0    0   0   0   0 0 0"]


def test_a_figure_a_line_low_inside_the_row_joins_its_row_in_its_column():
    lines = joined("                        1.申请人无正当理由逾",
                   "                        期不补正、行政机关不",
                   "                （六）其他处理             0        0       0       0       0 0",
                   "                        再处理其政府信息公开                                     0",
                   "                        申请")
    assert lines[0] == "（六）其他处理".rjust(len("                （六）其他处理"))
    assert lines[1].split()[-7:] == ["0"] * 7
    assert lines[1].split()[0] == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"


def test_a_row_of_its_own_below_is_no_piece_of_the_label():
    text = ["          1.属于国家秘密", "                          0    0   0   0   0 0 0", "          2.其他 0 0 0 0 0 0 0"]
    assert joined(*text) == ["          1.属于国家秘密  0    0   0   0   0 0 0", text[2]]


def test_a_group_label_after_a_row_of_its_own_takes_nothing_from_it():
    text = ["5. 要求行政", "机关确认或重新出具已获取信息\u30000\u30000\u30000\u30000\u30000\u30000\u30000",
            "(六)其他处理   27   0   0   0   0   0   27"]
    assert joined(*text) == text
