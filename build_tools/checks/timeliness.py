"""D-01: the report was published by its deadline (条例 Art. 49)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from build_tools.findings import Finding, Severity
from build_tools.findings import finding as _finding
from build_tools.model import Report

finding = partial(_finding, stage="check")

# 条例 Art. 49: departments publish by 1月31日; a 县级以上地方人民政府's own report (本级政府) is due by
# 3月31日. Most provinces set 1月31日 for townships and streets as well.
_MARCH_LEVELS = ("county", "city", "province")


def deadline(report: Report) -> dt.date | None:
    """Return the date by which the report should have been published, or None when the year is unknown."""
    if report.year is None:
        return None
    if report.level.value in _MARCH_LEVELS:
        return dt.date(report.year + 1, 3, 31)
    return dt.date(report.year + 1, 1, 31)


def _zh(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def check_timeliness(report: Report) -> list[Finding]:
    """Warn when the printed publication date is after the deadline; say nothing when no date is printed."""
    due = deadline(report)
    if report.published is None or due is None or report.published <= due:
        return []
    days = (report.published - due).days
    return [finding(
        "D-01", Severity.warning,
        f"发布日期为 {_zh(report.published)}，公布期限为 {_zh(due)}，晚了 {days} 天（《政府信息公开条例》第四十九条）",
        f"published on {report.published.isoformat()}, {days} day(s) after the deadline of {due.isoformat()}",
        expected=f"≤ {due.isoformat()}", found=report.published.isoformat())]
