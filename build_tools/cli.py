"""The `gongkai` command: arguments, printing and exit codes only; the work is done elsewhere.

Exit codes: 0 success (findings or not), 1 some input could not be used, 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from build_tools import __version__
from build_tools.findings import SEVERITY_ZH, format_finding
from build_tools.labels import SECTIONS, TABLE_NAMES, column_label, row_label
from build_tools.model import Report, report_json_schema


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongkai")
def main() -> None:
    """Parse, check and publish government information-disclosure annual reports (政府信息公开工作年度报告)."""


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the open-data JSON: one object per file, a list when several.")
def parse_command(files: tuple[Path, ...], as_json: bool) -> None:
    """Parse report files (text or HTML in UTF-8, GB18030 or UTF-16) and print what they say."""
    from build_tools.pipeline import parse_files

    results = parse_files(list(files))
    failed = [r for r in results if r.error]
    reports = [r for r in results if r.report is not None]
    if as_json:
        objects = [r.report.to_json_dict() for r in reports if r.report is not None]
        payload: object = objects[0] if len(files) == 1 and objects else objects
        if objects:
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False))
    else:
        for n, r in enumerate(reports):
            if n:
                click.echo()
            click.echo(render_text(r.report, str(r.path)))  # type: ignore[arg-type]
    for r in failed:
        click.echo(f"{r.path}: error: {r.error}", err=True)
    sys.exit(1 if failed else 0)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the open-data format (`gongkai parse --json`)."""
    click.echo(json.dumps(report_json_schema(), ensure_ascii=False, indent=2))


def _fmt(value: object) -> str:
    if value is None:
        return "·"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_STATE_MARK = {"blank": "空", "not_applicable": "/", "unreadable": "?", "unread": "未读", "inferred": "*",
               "absent": "-"}


def render_text(report: Report, path: str) -> str:
    """Render a report for a terminal: metadata, sections, the tables as grids, then findings."""
    out: list[str] = []
    out.append(f"{path}")
    out.append(f"  机关 organ:        {report.organ or '（未找到）'}")
    out.append(f"  年度 year:         {report.year or '（未找到）'}")
    out.append(f"  层级 level:        {report.level.value}")
    out.append(f"  格式 format:       {report.format_version}")
    out.append(f"  发布 published:    {report.published.isoformat() if report.published else '（未印出）'}")
    region = report.region
    out.append(f"  地区 region:       {' › '.join(report.regions) or '（未确定）'}"
               + (f" [{region.code}]" if region.code else ""))
    out.append("  章节 sections:")
    for section in SECTIONS:
        found = getattr(report.sections, section.key)
        mark = f"line {found.line}: {found.heading}" if found else "（缺）missing"
        out.append(f"    {section.number}、{section.label}: {mark}")
    for table, field in (("t2", "active_disclosure"), ("t3", "applications"), ("t4", "review_litigation")):
        out.append(f"  {TABLE_NAMES[table]}:")
        values = report.table_values(field)
        cells = getattr(report.cells, field)
        if not values:
            out.append("    （未找到）not found")
            continue
        for row, cols in values.items():
            shown = []
            for col, value in cols.items():
                state = cells[row][col].state.value
                mark = _STATE_MARK.get(state, "")
                shown.append(f"{column_label(table, col)}={_fmt(value) if value is not None else ''}{mark}")
            out.append(f"    {row_label(table, row)}: " + "  ".join(shown))
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    summary = ", ".join(f"{n} {sev}" for sev, n in sorted(counts.items())) or "none"
    out.append(f"  findings: {summary}")
    for f in report.findings:
        out.append("    " + format_finding(path, f) + f"  ({SEVERITY_ZH[f.severity]}：{f.message})")
    return "\n".join(out)
