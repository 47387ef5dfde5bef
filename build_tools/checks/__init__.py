"""Consistency checks over validated reports. A finding never stops anything: it is published with the report."""

from __future__ import annotations

from build_tools.checks.arithmetic import check_arithmetic, check_plausibility
from build_tools.checks.cross_year import check_cross_year
from build_tools.checks.registry import CATALOGUE, CHECKS
from build_tools.checks.text import check_text
from build_tools.checks.timeliness import check_timeliness
from build_tools.findings import Finding, sort_findings
from build_tools.model import Report

__all__ = ["CATALOGUE", "CHECKS", "check_report", "check_reports", "with_findings"]


def with_findings(report: Report, findings: list[Finding]) -> Report:
    """Return the report with its checker findings replaced by `findings` (parser findings stay)."""
    kept = [f for f in report.findings if f.stage != "check"]
    return report.model_copy(update={"findings": sort_findings(kept + findings)})


def single_report_findings(report: Report) -> list[Finding]:
    """Run every check that needs only this report."""
    return check_arithmetic(report) + check_plausibility(report) + check_text(report) + check_timeliness(report)


def check_report(report: Report) -> Report:
    """Return the report with the single-report checks' findings added."""
    return with_findings(report, single_report_findings(report))


def check_reports(reports: list[Report], keys: list[str] | None = None) -> list[Report]:
    """Check many reports, including year against year for the same organ (X-01, X-02).

    `keys` identify the same organ across years (e.g. its region code); by default the organ's name.
    """
    keys = keys or [r.organ or f"#{i}" for i, r in enumerate(reports)]
    cross = check_cross_year(reports, keys)
    return [with_findings(r, single_report_findings(r) + cross.get(i, [])) for i, r in enumerate(reports)]
