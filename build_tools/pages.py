"""From the archive's reports to page models: everything a page shows, already computed.

Page paths are ASCII and derived from statistical codes, so a permalink never changes when a name does:
    r/<code>/<year>/            a report (r/<code>/<year>-<hash8>/ for a department or a second report)
    region/<code>/              a province (2 digits), city (4), county (6) or township (9)
    year/<year>/                all reports of a year
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from build_tools.archive import Archive, StoredReport
from build_tools.checks.timeliness import deadline
from build_tools.findings import Finding, FindingGroup, group_findings
from build_tools.gazetteer import Gazetteer, Place
from build_tools.model import Report

MIN_RATE_CASES = 5
_TOWNSHIP_RE = re.compile(r"(乡|镇|街道|苏木)$")  # a rate over fewer cases is shown as counts


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    get: Callable[[Report], int | float | None]
    help: str = ""


def _t3(row: str, col: str = "total") -> Callable[[Report], int | None]:
    return lambda r: r.table_values("applications").get(row, {}).get(col)


def _t2(row: str, col: str) -> Callable[[Report], int | float | None]:
    return lambda r: r.table_values("active_disclosure").get(row, {}).get(col)


def _t4(group: str) -> Callable[[Report], int | None]:
    return lambda r: r.table_values("review_litigation").get(group, {}).get("total")


def _litigation(r: Report) -> int | None:
    values = [_t4(g)(r) for g in ("litigation_direct", "litigation_after_review")]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


KEY_FIGURES: tuple[Figure, ...] = (
    Figure("new_received", "新收申请", _t3("new_received"), "表三 一、本年新收政府信息公开申请数量（总计）"),
    Figure("carried_over", "上年结转", _t3("carried_over"), "表三 二、上年结转政府信息公开申请数量（总计）"),
    Figure("granted", "予以公开", _t3("granted"), "表三 （一）予以公开（总计）"),
    Figure("partially_granted", "部分公开", _t3("partially_granted"), "表三 （二）部分公开（总计）"),
    Figure("total_processed", "办理总计", _t3("total_processed"), "表三 （七）总计（总计）"),
    Figure("review", "行政复议", _t4("review"), "表四 行政复议 总计"),
    Figure("litigation", "行政诉讼", _litigation, "表四 行政诉讼（未经复议直接起诉 + 复议后起诉）总计"),
    Figure("licensing", "行政许可", _t2("licensing", "decisions"), "表二 行政许可 本年处理决定数量"),
    Figure("punishment", "行政处罚", _t2("punishment", "decisions"), "表二 行政处罚 本年处理决定数量"),
)
SUMMED = ("new_received", "carried_over", "granted", "partially_granted", "total_processed", "review", "litigation",
          "licensing", "punishment")


def format_rate(pair: tuple[int, int] | None) -> str:
    """Format a rate as a percentage, or as counts when it rests on fewer than five cases."""
    if pair is None:
        return "—"
    part, whole = pair
    if whole == 0:
        return "无办理"
    if whole < MIN_RATE_CASES:
        return f"{part}/{whole} 件"
    return f"{100 * part / whole:.1f}%"


UNPLACED = "x"
"""The county key of the reports whose region is not determined (no statistical code is a letter)."""


def county_data_path(county: str) -> str:
    """The data file of a county's reports: a JSON array, one report's object per line, gzipped."""
    return f"data/county/{county}.json.gz"


@dataclass
class ReportEntry:
    """A report of the archive as the site addresses it."""

    stored: StoredReport
    slug: str  # r/<code>/<year>/ without the leading r/ and trailing slash
    place: Place | None

    _figures: tuple[Report, dict[str, int | float | None]] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def report(self) -> Report:
        return self.stored.report

    @property
    def figures(self) -> dict[str, int | float | None]:
        """The report's KEY_FIGURES by key, read once: every region and year above it prints them."""
        report = self.report
        if self._figures is None or self._figures[0] is not report:
            self._figures = (report, {f.key: f.get(report) for f in KEY_FIGURES})
        return self._figures[1]

    @property
    def rate(self) -> tuple[int, int] | None:
        """The report's 公开率 as (公开 + 部分公开, 办理总计), or None when a figure is missing."""
        figures = self.figures
        granted, partial, total = figures["granted"], figures["partially_granted"], figures["total_processed"]
        if granted is None or partial is None or total is None:
            return None
        return granted + partial, total  # type: ignore[operator,return-value]

    @property
    def url(self) -> str:
        return f"r/{self.slug}/"

    @property
    def county(self) -> str:
        """The county a report is filed under (its data file, its data-quality page): its place's county, or
        its place itself for a report of a province or city, or UNPLACED; so no such file or page holds
        more than a county's reports."""
        if self.place is None:
            return UNPLACED
        code = self.place.code
        return code[:6] if len(code) > 6 else code

    @property
    def data_path(self) -> str:
        """Its county's data file, which holds its object of the open-data format (build_tools/downloads.py)."""
        return county_data_path(self.county)

    @property
    def title(self) -> str:
        return f"{self.report.organ or '（机关名称未印出）'} {self.report.year or ''} 年度报告".replace("  ", " ").strip()

    def groups(self) -> list[FindingGroup]:
        """The report's findings as the page lists them: one line per check, severity and table."""
        return group_findings(self.report.findings)

    def counts(self) -> dict[str, int]:
        """Lines of the report's own faults by severity; how the archive read it never counts."""
        out = {"error": 0, "warning": 0, "info": 0}
        for group in self.groups():
            if group.kind == "report":
                out[group.severity.value] += 1
        return out


@dataclass
class RegionPage:
    place: Place
    path: list[Place]
    children: list[Place]
    reports: list[ReportEntry] = field(default_factory=list)  # every report in this region, newest first
    own: list[ReportEntry] = field(default_factory=list)  # reports by this region's own government/departments
    missing: dict[int, list[Place]] = field(default_factory=dict)  # year → townships with no report

    @property
    def url(self) -> str:
        return f"region/{self.place.code}/"


@dataclass
class Site:
    """The whole site's page models."""

    entries: list[ReportEntry]
    regions: dict[str, RegionPage]
    years: dict[int, list[ReportEntry]]
    errors: list[str]
    gazetteer: Gazetteer

    def entry_findings(self) -> list[tuple[ReportEntry, Finding]]:
        return [(e, f) for e in self.entries for f in e.report.findings]

    @functools.cached_property
    def by_organ(self) -> dict[tuple[str, str | None], list[ReportEntry]]:
        """Placed reports by (region code, organ): an organ's years, found without scanning the archive."""
        out: dict[tuple[str, str | None], list[ReportEntry]] = defaultdict(list)
        for entry in self.entries:
            if entry.place:
                out[(entry.place.code, entry.report.organ)].append(entry)
        return out


def _slug(report: Report, used: set[str], gazetteer: Gazetteer) -> str:
    code = report.region.code
    year = str(report.year) if report.year else "unknown"
    if code and gazetteer.get(code):
        own_level = {2: ("province",), 4: ("city",), 6: ("county",), 9: ("township", "street")}[len(code)]
        base = f"{code}/{year}"
        if report.level.value in own_level and base not in used:
            return base
        return f"{code}/{year}-{report.source.sha256[:8]}"
    return f"x{report.source.sha256[:12]}/{year}"


def build_site_model(archive: Archive, gazetteer: Gazetteer, errors: list[str]) -> Site:
    """Compute every page model from the archive."""
    stored = sorted(archive.reports, key=lambda s: (s.report.region.code or "~", -(s.report.year or 0),
                                                    s.report.organ or "", s.report.source.sha256))
    used: set[str] = set()
    entries: list[ReportEntry] = []
    # Governments first, so r/<code>/<year>/ goes to the organ of that level.
    for s in sorted(stored, key=lambda s: (s.report.level.value == "department", s.report.source.sha256)):
        slug = _slug(s.report, used, gazetteer)
        used.add(slug)
        place = gazetteer.get(s.report.region.code) if s.report.region.code else None
        entries.append(ReportEntry(s, slug, place))
    entries.sort(key=lambda e: e.slug)
    regions: dict[str, RegionPage] = {}
    for entry in entries:
        if entry.place is None:
            continue
        chain = gazetteer.path(entry.place.code)
        for depth, place in enumerate(chain):
            page = regions.get(place.code)
            if page is None:
                page = RegionPage(place, chain[: depth + 1], [])
                regions[place.code] = page
            page.reports.append(entry)
            if place.code == entry.place.code:
                page.own.append(entry)
    for code, page in regions.items():
        page.children = sorted({c.code: c for c in _visible_children(gazetteer, code)}.values(), key=lambda p: p.code)
        page.reports.sort(key=lambda e: (-(e.report.year or 0), e.place.code if e.place else "", e.slug))
        page.own.sort(key=lambda e: (-(e.report.year or 0), e.slug))
        if page.place.level == "county":
            years = sorted({e.report.year for e in page.reports if e.report.year})
            covered = {(e.place.code, e.report.year) for e in page.reports if e.place and len(e.place.code) == 9}
            # Townships proper (乡、镇、街道、苏木), not development zones or state farms listed beside them.
            townships = [c for c in page.children if c.level == "township" and _TOWNSHIP_RE.search(c.name)]
            page.missing = {y: [t for t in townships if (t.code, y) not in covered] for y in years}
    years: dict[int, list[ReportEntry]] = defaultdict(list)
    for entry in entries:
        if entry.report.year:
            years[entry.report.year].append(entry)
    for year_entries in years.values():
        year_entries.sort(key=lambda e: (e.place.code if e.place else "~", e.slug))
    return Site(entries, regions, dict(sorted(years.items())), errors, gazetteer)


def _visible_children(gazetteer: Gazetteer, code: str) -> list[Place]:
    """Children of a place, looking through placeholder levels (重庆市 › 县 › 酉阳…)."""
    from build_tools.gazetteer import PLACEHOLDER_NAMES

    out: list[Place] = []
    for child in gazetteer.children(code):
        if child.name in PLACEHOLDER_NAMES or child.name == (gazetteer.get(code) or child).name:
            out.extend(gazetteer.children(child.code))
        else:
            out.append(child)
    return out


def rollup(entries: list[ReportEntry]) -> dict[int, dict[str, tuple[int, int, int]]]:
    """Per year and key figure: (sum of the reports that print it, how many print it, how many reports)."""
    out: dict[int, dict[str, tuple[int, int, int]]] = {}
    for year in sorted({e.report.year for e in entries if e.report.year}, reverse=True):
        group = [e for e in entries if e.report.year == year]
        out[year] = {}
        for figure in KEY_FIGURES:
            values = [e.figures[figure.key] for e in group]
            present = [v for v in values if v is not None]
            out[year][figure.key] = (sum(present), len(present), len(group))  # type: ignore[arg-type]
    return out


def relative(from_url: str, to_url: str) -> str:
    """Return a relative link between two directory URLs of the site ('' is the home page)."""
    start = posixpath.join("/", from_url)
    target = posixpath.join("/", to_url)
    rel = posixpath.relpath(target, start if start.endswith("/") else posixpath.dirname(start))
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def short_label(entry: ReportEntry) -> str:
    """A short name for charts: the township, or the organ without the places it is named after."""
    if entry.place is not None and entry.report.level.value in ("township", "street", "county", "city", "province"):
        return entry.place.name
    organ = entry.report.organ or entry.slug
    for name in sorted(entry.report.regions, key=len, reverse=True):
        if organ.startswith(name) and len(organ) > len(name):
            return organ[len(name):]
    return organ


def timeliness(report: Report) -> str:
    """Say whether the report was published by its deadline (D-01): 按时, 逾期 N 天, or why it is unknown."""
    due = deadline(report)
    if report.published is None:
        return "未印出发布日期"
    if due is None:
        return "年度不详"
    late = (report.published - due).days
    return "按时" if late <= 0 else f"逾期 {late} 天"


def quality(entry: ReportEntry) -> tuple[str, str]:
    """Return (badge class, Chinese label) for a report's findings."""
    counts = entry.counts()
    if counts["error"]:
        return "badge-error", f"{counts['error']} 个错误" + (f"、{counts['warning']} 个警告" if counts["warning"] else "")
    if counts["warning"]:
        return "badge-warn", f"{counts['warning']} 个警告"
    return "badge-ok", "未发现问题"

