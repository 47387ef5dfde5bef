"""F-01…F-04: the sums of tables 3 and 4; F-05 and P-01: figures that cannot be right for this organ."""

from __future__ import annotations

from functools import partial
from typing import Any

from build_tools.arithmetic import Equation, t3_equations, t4_equations
from build_tools.findings import Finding, Severity
from build_tools.findings import finding as _finding
from build_tools.labels import column_label
from build_tools.model import Report

finding = partial(_finding, stage="check")

_TABLE_FIELD = {"t3": "applications", "t4": "review_litigation"}
_NO_ROW: dict[str, Any] = {}


def _evaluate(report: Report, eq: Equation, values: dict[str, dict[str, Any]]) -> Finding | None:
    figures = [values.get(row, _NO_ROW).get(col) for row, col in eq.total + eq.parts]
    if None in figures:
        return None  # blank or unread cells are reported where they were read
    total = sum(figures[:len(eq.total)])
    parts = sum(figures[len(eq.total):])
    if total == parts:
        return None
    cells = getattr(report.cells, _TABLE_FIELD[eq.table])
    anchor = eq.total[-1]
    line = cells.get(anchor[0], {}).get(anchor[1])
    if eq.check == "F-01":
        zh = (f"本年新收 + 上年结转 = {total}，办理结果总计 + 结转下年度 = {parts}，两者应相等")
        en = f"new + carried over = {total}, but processed + carried forward = {parts}"
    elif eq.check == "F-02":
        zh = f"（一）至（六）各项之和为 {parts}，（七）总计印为 {total}"
        en = f"result rows add up to {parts}, printed total is {total}"
    elif eq.check == "F-03":
        what = "五类组织" if eq.column == "org_subtotal" else "各类申请人"
        zh = f"{what}之和为 {parts}，{column_label('t3', anchor[1])}印为 {total}"
        en = f"applicant columns add up to {parts}, printed {anchor[1]} is {total}"
    else:
        zh = f"结果维持 + 结果纠正 + 其他结果 + 尚未审结 = {parts}，总计印为 {total}"
        en = f"upheld + corrected + other + pending = {parts}, printed total is {total}"
    return finding(eq.check, Severity.error, zh, en, line=line.line if line else None, table=eq.table,
                   row=eq.row or (anchor[0] if eq.check != "F-01" else None), column=eq.column,
                   expected=parts, found=total)


def check_arithmetic(report: Report) -> list[Finding]:
    """Check every sum of tables 3 and 4 whose cells were all read."""
    out: list[Finding] = []
    t3 = report.table_values("applications")
    if t3:
        for eq in t3_equations(set(t3), report.layout.t3_subtotal_column):
            f = _evaluate(report, eq, t3)
            if f:
                out.append(f)
    t4 = report.table_values("review_litigation")
    if t4:
        for eq in t4_equations(set(t4)):
            f = _evaluate(report, eq, t4)
            if f:
                out.append(f)
    return out


_FEE_LIMIT = {"township": 100, "street": 100, "county": 10000, "department": 10000}


def check_plausibility(report: Report) -> list[Finding]:
    """P-01: townships make no 规章; F-05: a fee total far too large for the organ (probably 元, not 万元)."""
    out: list[Finding] = []
    t2 = report.table_values("active_disclosure")
    cells = report.cells.active_disclosure
    if report.level.value in ("township", "street") and "regulations" in t2:
        for col, value in t2["regulations"].items():
            if value:
                cell = cells["regulations"][col]
                out.append(finding(
                    "P-01", Severity.warning,
                    f"乡镇、街道无权制定规章，此栏应为 0，印为 {value}",
                    f"townships and streets make no regulations; expected 0, found {value}",
                    line=cell.line, table="t2", row="regulations", column=col, expected=0, found=value))
    fee = t2.get("fees", {}).get("amount_10k_yuan")
    limit = _FEE_LIMIT.get(report.level.value)
    if fee is not None and limit is not None and fee >= limit and not _unit_reported(report):
        cell = cells["fees"]["amount_10k_yuan"]
        out.append(finding(
            "F-05", Severity.warning,
            f"收费金额印为 {_amount(fee)} 万元，{_LEVEL_ZH[report.level.value]}应小于 {limit} 万元，"
            "可能误以元为单位填报",
            f"fees of {_amount(fee)} (10k yuan) are implausibly large for a {report.level.value}, "
            f"expected < {limit}; perhaps yuan were entered",
            line=cell.line, table="t2", row="fees", column="amount_10k_yuan", expected=f"< {limit}",
            found=_amount(fee)))
    return out


def _unit_reported(report: Report) -> bool:
    """Whether the parser already said the fee cell prints 元 (one finding per cell, not two)."""
    return any(f.id == "F-05" and f.stage == "parse" and f.table == "t2" and f.row == "fees"
               for f in report.findings)


def _amount(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_LEVEL_ZH = {"township": "乡镇", "street": "街道", "county": "县级政府", "department": "部门"}
