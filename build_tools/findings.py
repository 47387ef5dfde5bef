"""Findings: what the parser and the checks say about a report, as data with stable ids."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from build_tools.labels import TABLE_SHORT, column_label, row_label


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


SEVERITY_ZH = {Severity.error: "错误", Severity.warning: "警告", Severity.info: "提示"}

FindingKind = Literal["report", "reading"]
"""What a finding is about: the report's own fault (arithmetic, a missing part, text against table, lateness,
the fee statement), or how the archive read it (a cell inferred, decoded or left unread, a layout, metadata
not found), which never counts against the government."""

READING_FAMILIES = ("L-", "M-", "G-")
"""Check families that say how the archive read a report: reading its tables (L), its metadata (M), placing
it (G). Every other family checks the report itself."""

KIND_ZH = {"report": "报告本身的问题", "reading": "读取说明"}


class Finding(BaseModel):
    """One thing a check found, located in the report's own terms and by source line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="检查项目编号，如 F-01（见检查方法页）")
    severity: Severity = Field(description="级别：error 错误、warning 警告、info 提示")
    message: str = Field(description="说明（中文）")
    message_en: str = Field(description="说明（英文）")
    line: int | None = Field(None, description="所指原文的行号")
    table: str | None = Field(None, description="所指的表：t2、t3 或 t4")
    row: str | None = Field(None, description="所指的行键名")
    column: str | None = Field(None, description="所指的列键名")
    expected: str | None = Field(None, description="按勾稽关系应有的值")
    found: str | None = Field(None, description="原文印出的值")
    stage: Literal["parse", "check"] = Field(  # who found it: reading the file, or checking the figures
        "parse", description="parse：读取原文时发现；check：检查数字时发现")

    @property
    def kind(self) -> FindingKind:
        """Whether the finding is the report's own fault or a note on how the archive read it."""
        return finding_kind(self.id)

    def sort_key(self) -> tuple:
        return (self.line if self.line is not None else 10**9, self.id, self.table or "", self.row or "",
                self.column or "", self.message_en)


def finding_kind(check_id: str) -> FindingKind:
    """The kind of a check's findings, from its family (the letter of its id)."""
    return "reading" if check_id.startswith(READING_FAMILIES) else "report"


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one check, of one severity, on one table (or on none): shown as one line."""

    id: str
    severity: Severity
    table: str | None
    findings: tuple[Finding, ...]

    @property
    def kind(self) -> FindingKind:
        return finding_kind(self.id)


def group_findings(findings: list[Finding]) -> list[FindingGroup]:
    """Group findings by check, severity and table, in the order of each group's first finding.

    Twenty blank rows of table 3 are one F-06 line naming the rows, not twenty lines.
    """
    groups: dict[tuple[str, Severity, str | None], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.id, f.severity, f.table), []).append(f)
    return [FindingGroup(check_id, severity, table, tuple(members))
            for (check_id, severity, table), members in groups.items()]


def where_zh(table: str | None, row: str | None = None, column: str | None = None) -> str:
    """Name a table, row and column the way the printed form does, e.g. 表三 / 本年新收… / 自然人."""
    if table is None:
        return ""
    parts = [TABLE_SHORT.get(table, table)]
    if row:
        parts.append(row_label(table, row))
    if column:
        parts.append(column_label(table, column))
    return " / ".join(parts)


def where_en(table: str | None, row: str | None = None, column: str | None = None) -> str:
    """Name a table, row and column by key, e.g. t3.new_received.natural_person."""
    if table is None:
        return ""
    return ".".join(p for p in (table, row, column) if p)


def finding(
    check_id: str,
    severity: Severity,
    zh: str,
    en: str,
    *,
    line: int | None = None,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
    expected: object = None,
    found: object = None,
    stage: Literal["parse", "check"] = "parse",
) -> Finding:
    """Build a Finding whose messages start with where it is, e.g. '表三 / 总计 / 自然人：…'."""
    loc_zh = where_zh(table, row, column)
    loc_en = where_en(table, row, column)
    return Finding(
        id=check_id,
        severity=severity,
        message=f"{loc_zh}：{zh}" if loc_zh else zh,
        message_en=f"{loc_en}: {en}" if loc_en else en,
        line=line,
        table=table,
        row=row,
        column=column,
        expected=None if expected is None else str(expected),
        found=None if found is None else str(found),
        stage=stage,
    )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings by line, then id, so output is deterministic."""
    unique = {f.model_dump_json(): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)


def format_finding(path: str, f: Finding) -> str:
    """Render one finding for a terminal: location first so editors can jump to it."""
    loc = f"{path}:{f.line}" if f.line else path
    return f"{loc}: {f.severity.value}[{f.id}] {f.message_en}"
