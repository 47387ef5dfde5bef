"""X-01 and X-02: a report against the same organ's report of the year before."""

from __future__ import annotations

from functools import partial

from build_tools.findings import Finding, Severity
from build_tools.findings import finding as _finding
from build_tools.labels import T3_COLUMN_KEYS, column_label
from build_tools.model import Report

finding = partial(_finding, stage="check")


def check_cross_year(reports: list[Report], keys: list[str]) -> dict[int, list[Finding]]:
    """Return findings per report index for each report whose previous year is at hand."""
    by_year: dict[tuple[str, int], int] = {}
    for i, (report, key) in enumerate(zip(reports, keys)):
        if report.year is not None:
            by_year.setdefault((key, report.year), i)
    out: dict[int, list[Finding]] = {}
    for (key, year), i in sorted(by_year.items()):
        j = by_year.get((key, year - 1))
        if j is None:
            continue
        found = _compare(reports[i], reports[j])
        if found:
            out[i] = found
    return out


def _compare(report: Report, previous: Report) -> list[Finding]:
    out: list[Finding] = []
    now = report.table_values("applications").get("carried_over", {})
    before = previous.table_values("applications").get("carried_forward", {})
    cells = report.cells.applications.get("carried_over", {})
    for col in T3_COLUMN_KEYS:
        a, b = now.get(col), before.get(col)
        if a is not None and b is not None and a != b:
            out.append(finding(
                "X-01", Severity.warning,
                f"上年结转为 {a}，但 {previous.year} 年度报告的“结转下年度继续办理”（{column_label('t3', col)}）为 {b}",
                f"carried over is {a}, but the {previous.year} report carried forward {b}",
                line=cells[col].line if col in cells else None, table="t3", row="carried_over", column=col,
                expected=b, found=a))
    if report.format_version == previous.format_version == "2021":
        t2 = report.table_values("active_disclosure")
        p2 = previous.table_values("active_disclosure")
        for row in ("regulations", "normative_documents"):
            cur, old = t2.get(row, {}), p2.get(row, {})
            values = (cur.get("in_force"), old.get("in_force"), cur.get("issued"), cur.get("repealed"))
            if any(v is None for v in values):
                continue
            in_force, old_in_force, issued, repealed = values
            expected = old_in_force + issued - repealed  # type: ignore[operator]
            if in_force != expected:
                cell = report.cells.active_disclosure[row]["in_force"]
                out.append(finding(
                    "X-02", Severity.info,
                    f"现行有效件数为 {in_force}，按上年 {old_in_force} + 本年制发 {issued} − 本年废止 {repealed} 应为 {expected}",
                    f"in force is {in_force}; last year's {old_in_force} + issued {issued} - repealed {repealed} = {expected}",
                    line=cell.line, table="t2", row=row, column="in_force", expected=expected, found=in_force))
    return out
