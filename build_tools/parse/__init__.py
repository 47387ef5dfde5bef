"""Parse one annual report's text into a validated Report: sections, tables, metadata, every value located."""

from __future__ import annotations

from functools import lru_cache

from build_tools.findings import Finding, Severity, finding, sort_findings
from build_tools.gazetteer import load_gazetteer
from build_tools.labels import SECTIONS, T3_OTHER_SUBROWS
from build_tools.model import Cell, Report
from build_tools.parse import hant
from build_tools.parse.lines import Line, is_chrome, split_lines
from build_tools.parse.level import find_level
from build_tools.parse.meta import find_regions, read_metadata
from build_tools.parse.reline import reline
from build_tools.parse.sections import SectionSpan, find_sections
from build_tools.parse.tables import TableRead, read_t2, read_t3, read_t4
from build_tools.sources import SourceFile

__all__ = ["ParseError", "parse_report", "parse_text"]

_VALUED = ("number", "inferred", "decoded")
_TABLE_SECTION = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}


class ParseError(Exception):
    """The input is not an annual report: no section heading and no table of the national form."""


def _region(lines: list[Line], spans: list[SectionSpan], key: str) -> list[Line]:
    """Return the lines of a table's section, or of the gap where that section should be."""
    index = next(i for i, s in enumerate(SECTIONS) if s.key == key)
    for span in spans:
        if span.key == key:
            return lines[span.line_index + 1: span.end_index]
    before = [s for s in spans if SECTIONS.index(next(x for x in SECTIONS if x.key == s.key)) < index]
    after = [s for s in spans if SECTIONS.index(next(x for x in SECTIONS if x.key == s.key)) > index]
    start = before[-1].line_index + 1 if before else 0
    end = after[0].line_index if after else len(lines)
    return lines[start:end]


def _section_text(lines: list[Line], skip: set[Line]) -> str:
    # Page chrome stays among the lines, where the metadata reader needs it (a title inside a breadcrumb, a
    # site footer that is no signature), but it is no part of a section's text.
    parts = [ln.text.strip() for ln in lines
             if ln not in skip and ln.cells is None and ln.text.strip() and not is_chrome(ln.text)]
    return "\n".join(p for p in parts if p)


def parse_text(source: SourceFile) -> Report:
    """Parse decoded report text into a validated Report; raise ParseError when it is not a report."""
    lines = reline(split_lines(source.text))
    spans = find_sections(lines)
    meta = read_metadata(lines)
    year, title_index = meta.year, meta.title_index
    findings: list[Finding] = []

    t2 = read_t2(_region(lines, spans, "active_disclosure"), year)
    t3 = read_t3(_region(lines, spans, "applications"), year)
    t4 = read_t4(_region(lines, spans, "review_litigation"))
    tables = {"t2": t2, "t3": t3, "t4": t4}
    _missing_other_2019(t2, t3)
    if len(spans) < 3 and not any(t.found for t in tables.values()):
        raise ParseError(
            f"no annual report found: {len(spans)} of the six section headings (一、总体情况 … 六、其他需要报告的事项) "
            "and none of the three tables (主动公开 / 收到和处理申请 / 行政复议、行政诉讼)")

    organ, published = meta.organ, meta.published
    region = locate_region(source.text, organ)
    level, level_reason = find_level(organ, region["code"], meta.context)
    findings.extend(meta.notes)
    if region["code"] is None:
        findings.append(finding(
            "G-01", Severity.warning, f"无法确定所属地区：{region['reason']}；请在数据文件中填写 region.code",
            f"region not determined ({len(region['candidates'])} candidates); set region.code in the data file",
            found=" ".join(region["candidates"][:20]) or None))
    for t in tables.values():
        findings.extend(t.findings)

    if t2.version:
        format_version = t2.version
    elif t3.undivided_other:
        format_version = "2019"
    else:
        format_version = "2021" if year is None or year >= 2021 else "2019"

    sections: dict[str, dict] = {}
    used = set().union(*(t.lines for t in tables.values()))
    for span in spans:
        body = lines[span.line_index + 1: span.end_index]
        sections[span.key] = {
            "heading": span.heading,
            "text": _section_text(body, used),
            "line": lines[span.line_index].no,
        }
    if spans and spans[0].line_index > (title_index if title_index is not None else -1) + 1:
        start = (title_index if title_index is not None else -1) + 1
        text = _section_text(lines[start: spans[0].line_index], used)
        if text:
            sections["preamble"] = {"heading": "", "text": text, "line": lines[start].no}
    findings.extend(_metadata_findings(organ, year, spans, tables, lines))
    findings.extend(_format_findings(year, format_version, t2, t3))

    data = {
        "organ": organ,
        "year": year,
        "level": level,
        "level_reason": level_reason,
        "format_version": format_version,
        "published": published.isoformat() if published else None,
        "regions": region["path"] or find_regions(source.text, organ),
        "region": region,
        "source": {"name": source.name, "sha256": source.sha256, "encoding": source.encoding,
                   "lines": source.text.count("\n") + 1},
        "sections": sections,
        "active_disclosure": _values(t2, format_version),
        "applications": _values(t3, format_version),
        "review_litigation": _values(t4, format_version),
        "cells": {_TABLE_SECTION[k]: _cells(t) for k, t in tables.items() if t.found},
        "layout": {
            "t2_version": t2.version,
            "t2_row_labels": t2.row_labels,
            "t3_other_undivided": t3.undivided_other,
            "t3_subtotal_column": t3.subtotal,
        },
        "findings": sort_findings(findings),  # validated Findings, taken as they are
    }
    return Report.model_validate(data)


def locate_region(text: str, organ: str | None) -> dict:
    """Place the report with the gazetteer: code, path of names, candidates and the reason."""
    gazetteer = load_gazetteer()
    if hant.needs_reading(text):  # a page in traditional characters names its places in them
        text, organ = hant.simplified(text), hant.simplified_name(organ) if organ else organ
    location = gazetteer.locate(text, organ)
    path = [p.name for p in gazetteer.path(location.code)] if location.code else []
    return {"code": location.code, "path": path, "candidates": list(location.candidates),
            "reason": location.reason, "set_by": "text"}


def parse_report(source: SourceFile) -> Report:
    """Parse one report and run the single-report checks, returning it with all its findings."""
    from build_tools.checks import check_report

    report = parse_text(source)
    return check_report(report)


def _values(read: TableRead, version: str) -> dict | None:
    if not read.found:
        return None
    out: dict[str, dict] = {}
    for row, cols in read.cells.items():
        out[row] = {col: cell.value if cell.state in _VALUED else None for col, cell in cols.items()}
    if read.table == "t2" and read.version and read.version != version:
        return None
    return out


def _cells(read: TableRead) -> dict[str, dict[str, Cell]]:
    return {row: {col: _cell(c.state, c.raw, c.line) for col, c in cols.items()} for row, cols in read.cells.items()}


@lru_cache(maxsize=1 << 16)
def _cell(state: str, raw: str, line: int | None) -> Cell:
    """A validated Cell. Cells are immutable and repeat (a "0" on the same line of the same template), so
    one instance serves every report that has it; the Report takes it as it is, without validating it again."""
    return Cell(state=state, raw=raw, line=line)


def _metadata_findings(organ: str | None, year: int | None, spans: list[SectionSpan],
                       tables: dict[str, TableRead], lines: list[Line]) -> list[Finding]:
    out: list[Finding] = []
    if year is None:
        out.append(finding("M-01", Severity.error, "未找到报告年度（标题中应有“XXXX年…政府信息公开工作年度报告”）",
                           "report year not found (expected a title like 'XXXX年…政府信息公开工作年度报告')"))
    if organ is None:
        out.append(finding("M-02", Severity.warning, "未找到发布机关名称", "reporting organ not found"))
    found = {s.key for s in spans}
    for section in SECTIONS:
        if section.key not in found:
            out.append(finding("F-08", Severity.warning, f"缺少第{section.number}部分“{section.label}”",
                               f"section {section.number} ({section.key}) not found",
                               expected=f"{section.number}、{section.label}"))
    names = {"t2": "表二（主动公开政府信息情况）", "t3": "表三（收到和处理政府信息公开申请情况）",
             "t4": "表四（政府信息公开行政复议、行政诉讼情况）"}
    for key, read in tables.items():
        if not read.found:
            # The finding names its table, so that every cell of a table not found is accounted for.
            out.append(finding("F-08", Severity.error, f"未找到此表（{names[key][3:-1]}）", "table not found",
                               table=key, expected=names[key]))
    return out


def _missing_other_2019(t2: TableRead, t3: TableRead) -> None:
    """In a report on the 2019 form, table 3's （六）其他处理 is one row: when none of its rows was found, the
    finding names that row rather than the 2021 form's three."""
    if t2.version != "2019" or not t3.found or t3.undivided_other or any(
            k in t3.cells for k in (*T3_OTHER_SUBROWS, "other_handling")):
        return
    missing = [f for f in t3.findings if f.id == "F-06" and f.row in T3_OTHER_SUBROWS and f.column is None]
    if len(missing) != len(T3_OTHER_SUBROWS):
        return
    t3.findings = [f for f in t3.findings if f not in missing]
    t3.findings.append(finding("F-06", Severity.warning, "表中没有这一行", "row not found in the table",
                               line=missing[0].line, table="t3", row="other_handling"))


def _format_findings(year: int | None, version: str, t2: TableRead, t3: TableRead) -> list[Finding]:
    out: list[Finding] = []
    if year is None:
        return out
    if year >= 2021:
        if version == "2019":
            out.append(finding("F-07", Severity.info, f"{year} 年度报告仍使用 2019 年版表二（应使用 2021 年版格式）",
                               f"{year} report uses the 2019 form of table 2 (the 2021 form applies)", table="t2"))
        label = t2.row_labels.get("normative_documents", "")
        if version == "2021" and label and "行政规范性文件" not in label.replace(" ", ""):
            out.append(finding("F-07", Severity.info, f"表二写作“{label}”，2021 年版格式为“行政规范性文件”",
                               f"table 2 prints {label!r}; the 2021 form says '行政规范性文件'",
                               line=t2.row_line("normative_documents"), table="t2", row="normative_documents"))
        if t3.undivided_other:
            out.append(finding("F-07", Severity.info, "表三“（六）其他处理”未细分为 3 项（2019 年版格式）",
                               "table 3 prints an undivided （六）其他处理 (2019 form)",
                               line=t3.row_line("other_handling"), table="t3", row="other_handling"))
    elif version == "2021" and year <= 2020:
        out.append(finding("F-07", Severity.info, f"{year} 年度报告使用了 2021 年版格式",
                           f"{year} report uses the 2021 form", table="t2"))
    return out
