"""The stages in order: read files, parse them, check them (the archive build lives in `build`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from build_tools import render
from build_tools.archive import Archive, StoredReport, load_archive
from build_tools.checks import check_reports
from build_tools.feeds import atom_feed
from build_tools.gazetteer import load_gazetteer
from build_tools.pages import Site, build_site_model
from build_tools.site import SiteError, run_mkdocs, write_config, write_docs
from build_tools.model import Report
from build_tools.parse import ParseError, parse_text
from build_tools.sources import SourceError, load_source


DEFAULT_SITE_URL = "https://gongkai.example.org/"


@dataclass
class ParseResult:
    path: Path
    report: Report | None = None
    error: str | None = None


def identity_key(report: Report) -> str:
    """Return what identifies the same organ across years: its region code and organ name."""
    return f"{report.region.code or ''}|{report.organ or ''}"


def parse_files(paths: list[Path]) -> list[ParseResult]:
    """Parse every file; one that cannot be read is returned with its error and never stops the others."""
    results: list[ParseResult] = []
    for path in paths:
        try:
            source = load_source(path)
            results.append(ParseResult(path, parse_text(source)))
        except (SourceError, ParseError) as exc:
            results.append(ParseResult(path, error=str(exc)))
        except IsADirectoryError:
            results.append(ParseResult(path, error="is a directory, expected a report file"))
        except FileNotFoundError:
            results.append(ParseResult(path, error="no such file"))
        except OSError as exc:
            results.append(ParseResult(path, error=f"cannot read file: {exc.strerror or exc}"))
    parsed = [r for r in results if r.report is not None]
    checked = check_reports([r.report for r in parsed], [identity_key(r.report) for r in parsed])  # type: ignore
    for result, report in zip(parsed, checked):
        result.report = report
    return results


@dataclass
class BuildResult:
    reports: int
    errors: list[str]
    written: list[str]
    docs_dir: Path
    site_dir: Path | None


def check_archive(content: Path) -> tuple[Archive, list[str]]:
    """Load and check every report of the archive, the same organ's years against each other too."""
    archive = load_archive(content)
    reports = [s.report for s in archive.reports]
    checked = check_reports(reports, [identity_key(r) for r in reports])
    for stored, report in zip(archive.reports, checked):
        stored.report = report
    return archive, [str(e) for e in archive.errors]


def site_files(site: Site, site_url: str = DEFAULT_SITE_URL) -> dict[str, str | bytes]:
    """Render every page and data file of the site (paths relative to the docs dir)."""
    files: dict[str, str | bytes] = {
        "feed.xml": atom_feed(site.entries, title="政府信息公开年度报告档案：新收录的报告", site_url=site_url,
                              feed_path="feed.xml", page_path=""),
        "index.md": render.render_home(site),
        "region/index.md": render.render_region_index(site),
        "year/index.md": render.render_year_index(site),
        "quality.md": render.render_quality(site),
        "downloads.md": render.render_downloads(site),
        "glossary.md": render.render_glossary(),
        "method.md": render.render_method(),
        "data/gongkai.csv": render.report_csv(site.entries),
        "data/gongkai.json": json.dumps([json.loads(render.report_json(e)) for e in site.entries],
                                        ensure_ascii=False, indent=1) + "\n",
        "data/report.schema.json": render.schema_json(),
    }
    for entry in site.entries:
        base = entry.url
        files[f"{base}index.md"] = render.render_report(site, entry)
        files[f"{base}source.md"] = render.render_source(entry, original_text(entry.stored))
        files[f"{base}report.json"] = render.report_json(entry)
        files[f"{base}report.csv"] = render.report_csv([entry])
    for page in site.regions.values():
        files[f"{page.url}index.md"] = render.render_region(site, page)
        if page.place.level == "county":
            files[f"{page.url}feed.xml"] = atom_feed(
                page.reports, title=f"{page.place.name}：新收录的政府信息公开年度报告", site_url=site_url,
                feed_path=f"{page.url}feed.xml", page_path=page.url)
    for year in site.years:
        files[f"year/{year}/index.md"] = render.render_year(site, year)
    return files


def original_text(stored: StoredReport) -> str:
    """The kept original decoded as the parser read it (line numbers match the findings)."""
    try:
        return load_source(stored.original).text
    except SourceError as exc:
        return f"（原文无法显示：{exc}）"


def configured_site_url(repo_root: Path) -> str:
    """The site's public address, set in mkdocs.yml (`site_url`) and nowhere else."""
    try:
        text = (repo_root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return DEFAULT_SITE_URL
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", text, re.MULTILINE)
    return match.group(1) if match else DEFAULT_SITE_URL


NAV = [
    {"首页": "index.md"},
    {"地区": "region/index.md"},
    {"年度": "year/index.md"},
    {"数据质量": "quality.md"},
    {"下载": "downloads.md"},
    {"术语": "glossary.md"},
    {"方法": "method.md"},
]


def search_words(site: Site) -> list[str]:
    """Words for jieba's user dictionary: the archive's place names (so 长洛乡 stays whole)."""
    # Place names only: an organ name as one word would make a report's title a single token, and its
    # township's page would outrank it for the township's name.
    words: set[str] = set()
    for entry in site.entries:
        words.update(entry.report.regions)
    for page in site.regions.values():
        words.add(page.place.name)
        words.update(c.name for c in page.children)
    return sorted(w for w in words if len(w) >= 2)


def build_date(site: Site) -> str:
    """A build date taken from the content, so the same content builds the same bytes on any day."""
    dates = [e.report.published for e in site.entries if e.report.published]
    if dates:
        return max(dates).isoformat()
    years = [y for y in site.years]
    return f"{max(years) + 1}-01-01" if years else "2020-01-01"


def build(content: Path, site_dir: Path | None, docs_dir: Path, *, repo_root: Path, strict: bool = False,
          run: bool = True) -> BuildResult:
    """Load and check the archive, write the Markdown into docs_dir, then run MkDocs into site_dir."""
    archive, errors = check_archive(content)
    if strict and errors:
        raise BuildError("invalid data files:\n" + "\n".join(errors))
    site = build_site_model(archive, load_gazetteer(), errors)
    written = write_docs(docs_dir, site_files(site, configured_site_url(repo_root)))
    if not run or site_dir is None:
        return BuildResult(len(site.entries), errors, written, docs_dir, None)
    config = write_config(docs_dir, site_dir, NAV, jieba_words=search_words(site), repo_root=repo_root)
    try:
        run_mkdocs(config, strict=True, build_date=build_date(site))
    except SiteError as exc:
        raise BuildError(str(exc)) from exc
    return BuildResult(len(site.entries), errors, written, docs_dir, site_dir)


class BuildError(Exception):
    """The site could not be built (invalid data under --strict, or MkDocs refused the pages)."""
