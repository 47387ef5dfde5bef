"""T-01: figures in the text agree with the tables; T-02: section 六 states the 信息处理费."""

from __future__ import annotations

import re
from functools import partial

from build_tools.findings import Finding, Severity
from build_tools.findings import finding as _finding
from build_tools.model import Report
from build_tools.text import nfkc

finding = partial(_finding, stage="check")

_NUM = r"(?P<n>\d+|[零〇一二两三四五六七八九十]+)"
_UNIT = r"\s*(?:件|条|个|份|宗|次)"
# What an application is called: "政府信息公开申请", "依申请公开申请", "依申请公开事项", "依申请公开件".
_APPLICATION = r"(?:(?:政府信息公开|依申请公开|信息公开)?申请(?:事项|件)?|依申请公开(?:事项|件)?)"
_RECEIVE = r"(?:收到和处理|收到并处理|收到|受理|接收|接到|新收)"
# "共收到依申请公开申请 12 件", "收到政府信息公开申请共计3件", "新收政府信息公开申请3件".
_RECEIVED_RE = re.compile(
    _RECEIVE + r"(?P<who>(?:\d{4}年度?|[^。；;，,:：\d]){0,12}?)" + _APPLICATION
    + r"(?:共计|合计|总计|共|累计|数量为|数量|总数为|总数|为)?\s*" + _NUM + _UNIT
)
# "收到和处理0条政府信息公开申请", "共收到2件依申请公开申请": the count before the noun.
_RECEIVED_BEFORE_RE = re.compile(
    _RECEIVE + r"(?:各类|各种)?\s*" + _NUM + _UNIT + r"\s*(?:政府信息公开|依申请公开|信息公开)?申请"
)
# "本年度未收到政府信息公开申请", "未收到依申请公开件", "无依申请公开事项".
_NONE_RE = re.compile(
    r"(?:未|没有|无)(?:收到|受理|接到|接收)(?P<who>[^。；;，,:：\d]{0,12}?)"
    r"(?:依申请公开|信息公开申请|公开申请|申请)"
    r"|无(?:依申请公开|政府信息公开申请)"
)
# Words that make a count a part of the total: "收到法人单位申请1件", "自然人申请2件".
_SUBSET_WORDS = ("法人", "企业", "自然人", "个人", "群众", "组织", "单位", "公民", "律师", "机构")
# An application count that is about something else: "上年结转", "行政复议申请".
_OTHER_WORDS = ("结转", "行政复议", "行政诉讼", "复议", "诉讼", "咨询", "投诉", "信访")

# Saying there was no 行政复议 / 行政诉讼. The negation must be a verb phrase ("未发生", "没有因…"), never a
# bare 未/无 inside another word ("无遗漏地公开行政复议决定", "未予公开被申请行政复议2件").
_NEG = r"(?:未(?:发生|收到|出现|涉及|有|被|因|产生|接到)|没有|无(?=因|涉及|发生|被|政府信息|行政复议|行政诉讼|相关|此类))"
_CLAUSE = r"[^。；;，,\d]"
_NONE_AFTER = r"(?:均未发生|未发生|均为零|为零|均为0|为0|均无|无(?=[。；;，,]|$))(?!\d)"


def _none_re(subject: str) -> re.Pattern[str]:
    return re.compile(_NEG + _CLAUSE + r"{0,30}?" + subject + r"|" + subject + _CLAUSE + r"{0,24}?" + _NONE_AFTER)


_REVIEW_NONE_RE = _none_re("行政复议")
_LITIGATION_NONE_RE = _none_re("行政诉讼")
# The 信息处理费 (国办函〔2020〕109号), not 表二（八）行政事业性收费.
_FEE_STATEMENT_RE = re.compile(
    r"处理费|收费通知|(?:信息公开|依申请)[^。；;]{0,20}?(?:收费|费用)|(?:收费|费用)[^。；;]{0,20}?(?:信息公开|依申请)"
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FEES_FROM = 2021  # 国办函〔2020〕109号 applies from 2021-01-01


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
        if len(text) == 3 and text[2] not in _CN_DIGITS:
            return None
        return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS[text[2]] if len(text) == 3 else 0)
    return None


def _statement_lines(report: Report) -> list[tuple[str, int]]:
    out = []
    for key in ("overview", "applications", "review_litigation"):
        section = getattr(report.sections, key)
        if section is not None:
            out.append((nfkc(section.text), section.line))
    return out


def _about_other_things(text: str, match: re.Match[str], who: str) -> bool:
    """Whether a matched count is a part of the total or about something else (上年结转, 行政复议申请)."""
    if any(w in who for w in _SUBSET_WORDS + _OTHER_WORDS):
        return True
    before = text[max(0, match.start() - 6): match.start()]
    after = text[match.end(): match.end() + 4]
    return "结转" in before or "上年" in before or after.startswith(("行政复议", "复议"))


def claimed_received(text: str) -> int | None:
    """Return how many new applications a passage says were received, or None if it does not say."""
    for pattern in (_RECEIVED_RE, _RECEIVED_BEFORE_RE):
        for match in pattern.finditer(text):
            if _about_other_things(text, match, match.groupdict().get("who") or ""):
                continue
            value = _number(match.group("n"))
            if value is not None:
                return value
    for match in _NONE_RE.finditer(text):
        who = match.group("who") or ""
        if not _about_other_things(text, match, who):
            return 0
    return None


def says_no_review(text: str) -> bool:
    """Whether a passage says there was no 行政复议 about information disclosure."""
    return _REVIEW_NONE_RE.search(text) is not None


def says_no_litigation(text: str) -> bool:
    """Whether a passage says there was no 行政诉讼 about information disclosure."""
    return _LITIGATION_NONE_RE.search(text) is not None


def check_text(report: Report) -> list[Finding]:
    """Compare what the text says with tables 3 and 4, and look for the 信息处理费 statement."""
    return _check_received(report) + _check_review_litigation(report) + _check_fee_statement(report)


def _check_received(report: Report) -> list[Finding]:
    received = report.table_values("applications").get("new_received", {}).get("total")
    if received is None:
        return []
    for text, line in _statement_lines(report):
        claim = claimed_received(text)
        if claim is not None and claim != received:
            return [finding(
                "T-01", Severity.warning, f"正文称收到申请 {claim} 件，表三“本年新收”总计为 {received}",
                f"the text says {claim} new applications, table 3 says {received}",
                line=line, table="t3", row="new_received", column="total", expected=received, found=claim)]
    return []


def _check_review_litigation(report: Report) -> list[Finding]:
    t4 = report.table_values("review_litigation")
    out: list[Finding] = []
    groups = (("review", "行政复议", says_no_review),
              ("litigation_direct", "行政诉讼", says_no_litigation),
              ("litigation_after_review", "行政诉讼", says_no_litigation))
    for group, name, says_none in groups:
        total = t4.get(group, {}).get("total")
        if not total:
            continue
        for text, line in _statement_lines(report):
            if says_none(text):
                out.append(finding(
                    "T-01", Severity.warning, f"正文称未发生{name}（0 件），表四总计为 {total}",
                    f"the text says there was no {group.replace('_', ' ')}, table 4 says {total}",
                    line=line, table="t4", row=group, column="total", expected=total, found=0))
                break
    return out


def _check_fee_statement(report: Report) -> list[Finding]:
    if report.year is not None and report.year < _FEES_FROM:
        return []
    other = report.sections.other_matters
    if other is not None and _FEE_STATEMENT_RE.search(nfkc(other.text)):
        return []
    return [finding(
        "T-02", Severity.warning,
        "第六部分未说明信息处理费的收取情况（国办函〔2020〕109号），即使未收取也应写明",
        "section 六 does not state the information-processing fees (国办函〔2020〕109号), even if none",
        line=other.line if other else None)]
