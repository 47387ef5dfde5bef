"""Reading a table cell as printed: numbers, blanks, not-applicable marks and words are kept apart."""

from __future__ import annotations

import pytest

from build_tools.text import display_width, is_value_like, read_value, squash, strip_numbering


@pytest.mark.parametrize("raw, state, value, unit", [
    ("0", "number", 0, ""),
    ("\u30000", "number", 0, ""),
    ("\xa012\u2002", "number", 12, ""),
    ("１２３", "number", 123, ""),
    ("35,012", "number", 35012, ""),
    ("1520.5", "number", 1520.5, ""),
    ("3.00", "number", 3, ""),
    ("+1036", "number", 1036, ""),
    ("－2", "number", -2, ""),
    ("251000元", "number", 251000, "元"),
    ("12.5万元", "number", 12.5, "万元"),
    ("3件", "number", 3, "件"),
    ("", "blank", None, ""),
    ("  \u3000", "blank", None, ""),
    ("/", "not_applicable", None, ""),
    ("—", "not_applicable", None, ""),
    ("——", "not_applicable", None, ""),
    ("-", "not_applicable", None, ""),
    ("无", "unreadable", None, ""),
    ("十二", "unreadable", None, ""),
    ("1.2.3", "unreadable", None, ""),
])
def test_read_value(raw, state, value, unit):
    read = read_value(raw)
    assert (read.state, read.value, read.unit) == (state, value, unit)


def test_a_sign_is_kept_apart_from_the_number():
    assert read_value("+1036").signed and not read_value("1036").signed


@pytest.mark.parametrize("raw", ["0", "/", "", "无", "十二", "0件", "１"])
def test_value_like(raw):
    assert is_value_like(raw)


@pytest.mark.parametrize("raw", ["规章", "（七）总计", "1.属于国家秘密", "商业\n企业"])
def test_labels_are_not_value_like(raw):
    assert not is_value_like(raw)


def test_squash_folds_width_and_drops_all_space():
    assert squash("结 果\u3000维\xa0持") == "结果维持"
    assert squash("（本列数据）") == "(本列数据)"


@pytest.mark.parametrize("raw, body", [
    ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
    ("(三)不予公开", "不予公开"),
    ("（5）监督保障情况", "监督保障情况"),
    ("1.属于国家秘密", "属于国家秘密"),
    ("第一部分总体情况", "总体情况"),
    ("2023年", "2023年"),
])
def test_strip_numbering(raw, body):
    assert strip_numbering(raw) == body


def test_display_width_counts_cjk_twice():
    assert display_width("规章 0") == 6
    assert display_width("１２") == 4


def test_squash_is_idempotent_when_folding_leaves_a_combining_mark_behind_a_space() -> None:
    # NFKC turns ¯ into a space and a combining macron; the macron composes only once the space is gone.
    once = squash("A¯")
    assert squash(once) == once == "Ā"
