"""T-01: figures in the text agree with the tables; T-02: section 六 states the 信息处理费."""

from __future__ import annotations

import re
from functools import partial

from build_tools.findings import Finding, Severity
from build_tools.findings import finding as _finding
from build_tools.model import Report
from build_tools.text import nfkc

finding = partial(_finding, stage="check")

_NUM = r"(\d+|[零〇一二两三四五六七八九十]+)"
_RECEIVED_RE = re.compile(
    r"(?:共|累计|全年)?(?:收到|受理|接收|接到)(?P<who>[^。；;，,]{0,12}?)(?:政府信息公开|依申请公开|信息公开)?申请"
    r"(?:共|数量为|数量|总数为|总数)?\s*" + _NUM + r"\s*(?:件|条|个|份|宗|次)"
)
_RECEIVED_ALT_RE = re.compile(r"收到和处理\s*" + _NUM + r"\s*(?:件|条|个)\s*(?:政府信息公开|依申请公开)?申请")
_NONE_RE = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|发生)[^。；;，,]{0,12}?(?:依申请公开|信息公开申请|公开申请|申请)")
_REVIEW_NONE_RE = re.compile(r"(?:未|没有|无)(?:发生|收到|出现|涉及)?[^。；;]{0,16}?行政复议")
_LITIGATION_NONE_RE = re.compile(r"(?:未|没有|无)(?:发生|收到|出现|涉及)?[^。；;]{0,16}?行政诉讼")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SUBSET_WORDS = ("法人", "企业", "自然人", "个人", "群众", "组织", "单位")


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if text.startswith("十") and len(text) == 2 and text[1] in _CN_DIGITS:
        return 10 + _CN_DIGITS[text[1]]
    if len(text) in (2, 3) and text[0] in _CN_DIGITS and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS.get(text[2], 0) if len(text) == 3 else 0)
    return None


def _statement_lines(report: Report) -> list[tuple[str, int]]:
    out = []
    for key in ("overview", "applications", "review_litigation"):
        section = getattr(report.sections, key)
        if section is not None:
            out.append((nfkc(section.text), section.line))
    return out


def claimed_received(text: str) -> int | None:
    """Return how many new applications a passage says were received, or None if it does not say."""
    for match in _RECEIVED_RE.finditer(text):
        if any(w in match.group("who") for w in _SUBSET_WORDS) or "结转" in match.group("who"):
            continue
        before = text[max(0, match.start() - 6): match.start()]
        if "结转" in before or "上年" in before:
            continue
        value = _number(match.group(2))
        if value is not None:
            return value
    match = _RECEIVED_ALT_RE.search(text)
    if match:
        return _number(match.group(1))
    if _NONE_RE.search(text):
        return 0
    return None


def check_text(report: Report) -> list[Finding]:
    """Compare what the text says with tables 3 and 4, and look for the 信息处理费 statement."""
    out: list[Finding] = []
    t3 = report.table_values("applications")
    t4 = report.table_values("review_litigation")
    received = t3.get("new_received", {}).get("total")
    for text, line in _statement_lines(report):
        claim = claimed_received(text)
        if claim is not None and received is not None and claim != received:
            out.append(finding(
                "T-01", Severity.warning, f"正文称收到申请 {claim} 件，表三“本年新收”总计为 {received}",
                f"the text says {claim} new applications, table 3 says {received}",
                line=line, table="t3", row="new_received", column="total", expected=received, found=claim))
            break
    for pattern, group, name in ((_REVIEW_NONE_RE, "review", "行政复议"),):
        total = t4.get(group, {}).get("total")
        for text, line in _statement_lines(report):
            if pattern.search(text) and total:
                out.append(finding(
                    "T-01", Severity.warning, f"正文称未发生{name}，表四总计为 {total}",
                    f"the text says no {group}, table 4 says {total}",
                    line=line, table="t4", row=group, column="total", expected=total, found=0))
                break
    litigation = [t4.get(g, {}).get("total") for g in ("litigation_direct", "litigation_after_review")]
    if any(litigation):
        for text, line in _statement_lines(report):
            if _LITIGATION_NONE_RE.search(text):
                out.append(finding(
                    "T-01", Severity.warning, f"正文称未发生行政诉讼，表四行政诉讼总计为 {sum(v or 0 for v in litigation)}",
                    "the text says no litigation, table 4 disagrees", line=line, table="t4",
                    expected=sum(v or 0 for v in litigation), found=0))
                break
    other = report.sections.other_matters
    if other is None or not re.search(r"信息处理费|处理费|收费", other.text):
        out.append(finding(
            "T-02", Severity.warning,
            "第六部分未说明信息处理费的收取情况（国办函〔2020〕109号），即使未收取也应写明",
            "section 六 does not state the information-processing fees (国办函〔2020〕109号), even if none",
            line=other.line if other else None))
    return out
