"""The stages in order: read files, parse them, check them (the archive build lives in `build`)."""

from __future__ import annotations

import gzip
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools import downloads, render
from build_tools.archive import EXTRACTED_TEXT, Archive, StoredReport, is_archive, load_archive
from build_tools.checks import check_reports
from build_tools.feeds import atom_feed
from build_tools.gazetteer import load_gazetteer
from build_tools.pages import Site, build_site_model
from build_tools.site import (SiteError, built_stamp, record_build, run_mkdocs, site_stamp, write_config,
                              write_docs)
from build_tools.model import Report
from build_tools.ingest import extract
from build_tools.parse import ParseError, parse_text
from build_tools.search_index import (SEARCH_THRESHOLD, build_index, exclude_from_search, page_paths,
                                      site_search_records, uses_own_search)
from build_tools.shards import (MAX_SHARD_REPORTS, SHARD_URL, load_shard, portal_files, read_plan, scan_regions,
                                shard_address, shard_error, shard_name)
from build_tools.sources import SourceError, load_source
from build_tools.staging import reading


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
            source = extract(path)
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
    own_search: bool = False  # report and region pages are searched through the archive's own index
    left_out: int = 0  # reports outside the shard
    incremental: bool = False  # MkDocs built only the pages whose Markdown changed
    warnings: list[str] = field(default_factory=list)  # the portal's: the shard plan's warnings (too big, empty)
    notices: list[str] = field(default_factory=list)  # what a dead import left in the archive, and what became of it


def check_archive(content: Path) -> tuple[Archive, list[str]]:
    """Load and check every report of the archive, the same organ's years against each other too.

    Reads under the archive's lock (no import is half-way); what a dead import left is finished or
    removed first, and said in `archive.notices`.
    """
    with reading(content) as lock:
        archive = load_archive(content)
    archive.notices = lock.notices
    reports = [s.report for s in archive.reports]
    checked = check_reports(reports, [identity_key(r) for r in reports])
    for stored, report in zip(archive.reports, checked):
        stored.report = report
    return archive, [str(e) for e in archive.errors]


def site_files(site: Site, site_url: str = DEFAULT_SITE_URL) -> dict[str, str | bytes]:
    """Render every page and data file of the site (paths relative to the docs dir)."""
    report_jsons = [render.report_json(e) for e in site.entries]
    files: dict[str, str | bytes] = {
        "feed.xml": atom_feed(site.entries, title="政府信息公开年度报告档案：新收录的报告", site_url=site_url,
                              feed_path="feed.xml", page_path=""),
        "index.md": render.render_home(site),
        "region/index.md": render.render_region_index(site),
        "year/index.md": render.render_year_index(site),
        "quality.md": render.render_quality(site),
        "glossary.md": render.render_glossary(),
        "codebook.md": downloads.render_codebook(),
        "method.md": render.render_method(),
        # The archive in two files, gzipped: uncompressed they would outgrow GitHub Pages' 100 MiB per file
        # at a few thousand reports (about 32 and 19 KB per report).
        "data/gongkai.csv.gz": _gzip(downloads.archive_csv([downloads.report_csv_rows(e) for e in site.entries])),
        "data/gongkai.json.gz": _gzip(_json_list(report_jsons)),
        "data/report.schema.json": render.schema_json(),
        downloads.LABELS_PATH: downloads.csv_labels(),
    }
    sizes = {path: len(data if isinstance(data, bytes) else data.encode("utf-8")) for path, data in files.items()
             if path.startswith("data/")}
    sizes["report.json"] = sum(len(j.encode("utf-8")) for j in report_jsons)
    files["downloads.md"] = downloads.render_downloads(site, sizes, build_date(site))
    for entry, report_json in zip(site.entries, report_jsons):
        base = entry.url
        files[f"{base}index.md"] = render.render_report(site, entry, original_text(entry.stored))
        files[f"{base}report.json"] = report_json
    for page in site.regions.values():
        files[f"{page.url}index.md"] = render.render_region(site, page)
        if page.place.level == "county":
            files[f"{page.url}feed.xml"] = atom_feed(
                page.reports, title=f"{page.place.name}：新收录的政府信息公开年度报告", site_url=site_url,
                feed_path=f"{page.url}feed.xml", page_path=page.url)
    for year in site.years:
        files[f"year/{year}/index.md"] = render.render_year(site, year)
    return files


def _json_list(objects: list[str]) -> str:
    """A JSON array of report.json objects (one per line), without encoding them again."""
    if not objects:
        return "[]\n"
    return "[\n" + ",\n".join(o.rstrip("\n") for o in objects) + "\n]\n"


def _gzip(text: str) -> bytes:
    """text as UTF-8, gzipped the same way every time (no file name, no time stamp)."""
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def original_text(stored: StoredReport) -> str:
    """The kept original decoded as the parser read it (line numbers match the findings)."""
    extracted = stored.directory / EXTRACTED_TEXT
    if extracted.exists():
        return extracted.read_text(encoding="utf-8")
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
    {"数据字典": "codebook.md"},
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
          run: bool = True, shard: str | None = None, shard_url: str = SHARD_URL,
          search_threshold: int = SEARCH_THRESHOLD) -> BuildResult:
    """Load and check the archive, write the Markdown into docs_dir, then run MkDocs into site_dir.

    shard: build only the reports of one shard (a region code such as 36 or 4401, a padded code such
    as 440000 for the reports placed at 广东省 itself, or a range such as 4401-4405) as a site of its own.
    """
    gazetteer = load_gazetteer()
    left_out = 0
    site_url = configured_site_url(repo_root)
    settings: dict[str, Any] = {}
    if not is_archive(content):
        raise MissingArchive(content)
    if shard is None:
        archive, errors = check_archive(content)
    else:
        # A region code, its padded code (440000) or a range of sibling regions (4401-4405).
        if (problem := shard_error(gazetteer, shard)) is not None:
            raise BuildError(f"--shard {shard}: {problem}")
        with reading(content) as lock:
            archive, left_out = load_shard(content, shard)
        archive.notices = lock.notices
        reports = [s.report for s in archive.reports]
        for stored, report in zip(archive.reports, check_reports(reports, [identity_key(r) for r in reports])):
            stored.report = report
        errors = [str(e) for e in archive.errors]
        site_url = shard_address(shard_url, shard, site_url)
        settings["site_url"] = site_url
        settings["site_name"] = f"{_base_site_name(repo_root)}（{shard_name(gazetteer, shard)}）"
    notices = archive.notices
    if strict and errors:
        raise BuildError("invalid data files:\n" + "\n".join(errors))
    site = build_site_model(archive, gazetteer, errors)
    files, own_search = build_search(site, site_files(site, site_url), threshold=search_threshold)
    removed: list[str] = []
    written = write_docs(docs_dir, files, removed)
    if removed:  # the site of the last build has pages no build would write now
        record_build(docs_dir, site_dir, None)
    result = BuildResult(len(site.entries), errors, written, docs_dir, None, own_search, left_out,
                         notices=notices)
    if not run or site_dir is None:
        return result
    settings["extra"] = {"gongkai_search": own_search, "gongkai_feed": "feed.xml"}
    config = write_config(docs_dir, site_dir, NAV, jieba_words=search_words(site), repo_root=repo_root,
                          settings=settings)
    date = build_date(site)
    stamp = site_stamp(config)
    # Only the pages whose Markdown changed need MkDocs again, when the rest of the site is still what a
    # full build would write: built with the same stamp (config, nav, theme, versions) and no page gone.
    # Material's own index must hold every page it indexes: with the archive's own search those are the
    # few index pages, which are built every time.
    result.incremental = own_search and built_stamp(docs_dir, site_dir) == stamp
    if result.incremental:
        for path in set(p for p in files if p.endswith(".md")) - set(page_paths(site)):
            os.utime(docs_dir / path)
    del archive, site, files  # MkDocs reads the docs dir: free the pages before it holds them all again
    record_build(docs_dir, site_dir, None)
    try:
        run_mkdocs(config, strict=True, build_date=date, dirty=result.incremental)
    except SiteError as exc:
        raise BuildError(str(exc)) from exc
    record_build(docs_dir, site_dir, stamp)
    result.site_dir = site_dir
    return result


def build_search(site: Site, files: dict[str, str | bytes], *,
                 threshold: int = SEARCH_THRESHOLD) -> tuple[dict[str, str | bytes], bool]:
    """Return the site's files with the search they need, and whether the archive's own index answers.

    Below the threshold Material's index holds every page. From it on, report and region pages leave
    Material's index and the archive's own index (build_tools/search_index.py) is added.
    """
    if not uses_own_search(len(site.entries), threshold):
        return files, False
    out = dict(files)
    for path in page_paths(site):
        out[path] = exclude_from_search(str(files[path]))
    places, reports = site_search_records(site)
    out.update(build_index(places, reports).files)
    return out, True


def build_portal(content: Path, site_dir: Path | None, docs_dir: Path, *, repo_root: Path, run: bool = True,
                 shard_url: str = SHARD_URL, max_reports: int | None = None) -> BuildResult:
    """Build the portal of a sharded archive: its shards listed, every place searchable across them.

    It lists the shards of content/shards.txt when that file exists, otherwise the computed plan
    (`build_tools.shards.read_plan`). A plan with errors is refused (BuildError, with every problem of
    the plan); its warnings are the result's.
    max_reports: the shard plan's maximum of reports per shard, as `gongkai shards` takes it
    (None: build_tools.shards.MAX_SHARD_REPORTS).
    """
    if not is_archive(content):
        raise MissingArchive(content)
    gazetteer = load_gazetteer()
    regions = scan_regions(content)
    plan = read_plan(content, regions, gazetteer, MAX_SHARD_REPORTS if max_reports is None else max_reports)
    if plan.errors:
        raise BuildError("\n".join([f"the portal lists the shards of {plan.path}: correct it first",
                                     *(str(p) for p in plan.problems)]))
    written = write_docs(docs_dir, portal_files(regions, gazetteer, shard_url, plan.codes))
    result = BuildResult(len(regions), [], written, docs_dir, None, True, 0,
                         warnings=[str(p) for p in plan.warnings])
    if not run or site_dir is None:
        return result
    config = write_config(docs_dir, site_dir, [{"首页": "index.md"}], repo_root=repo_root,
                          settings={"extra": {"gongkai_search": True}})
    # Like build_date(): a date from the content, so the same archive builds the same portal any day.
    years = [r.year for r in regions if r.year]
    try:
        run_mkdocs(config, strict=True, build_date=f"{max(years) + 1 if years else 2020}-01-01")
    except SiteError as exc:
        raise BuildError(str(exc)) from exc
    result.site_dir = site_dir
    return result


def _base_site_name(repo_root: Path) -> str:
    """The site_name of the base mkdocs.yml."""
    try:
        text = (repo_root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return ""
    match = re.search(r"^site_name:\s*(.+?)\s*$", text, re.MULTILINE)
    return match.group(1).strip("'\"") if match else ""


class BuildError(Exception):
    """The site could not be built (invalid data under --strict, or MkDocs refused the pages)."""


class MissingArchive(BuildError):
    """The content folder is not an archive: nothing to check or build, and the site is left as it is."""

    def __init__(self, content: Path) -> None:
        what = "no such folder" if not content.exists() else "not an archive (it has no reports/ folder)"
        super().__init__(f"--content {content}: {what}; import reports into it with `gongkai import FILE… "
                         f"--content {content}` first")
        self.content = content
