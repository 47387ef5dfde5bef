"""The stages in order: read files, parse them, check them (the archive build lives in `build`)."""

from __future__ import annotations

import contextlib
import gc
import gzip
import os
import re
from collections import defaultdict
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools import downloads, render
from build_tools.archive import (DATA_FILE, EXTRACTED_TEXT, PARSED_FILE, REPORTS, Archive, DataError, StoredReport,
                                 is_archive, load_archive, load_stored)
from build_tools.cache import BuildCache, CachedReport, code_digest, digest_of, summary
from build_tools.checks import check_reports
from build_tools.feeds import atom_feed
from build_tools.gazetteer import load_gazetteer
from build_tools.pages import RegionPage, ReportEntry, Site, build_site_model
from build_tools.site import (CONFIG_NAME, GENERATED_DIR, SiteError, built_stamp, record_build, run_mkdocs, site_stamp,
                              write_config, write_docs)
from build_tools.model import Report
from build_tools.ingest import extract
from build_tools.parse import ParseError, parse_text
from build_tools.search_index import (SEARCH_THRESHOLD, build_index, exclude_from_search, joined_bigrams, page_paths,
                                      report_text, report_text_path, site_search_records, uses_own_search)
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
    unchanged: bool = False  # nothing changed since the last build into site_dir: nothing was written


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


def report_record(site: Site, entry: ReportEntry, fingerprint: str = "",
                  render_key: str = "") -> tuple[CachedReport, str]:
    """Render a report's page and its cache entry (with its share of the archive-wide files and its JSON)."""
    report_json = render.report_json(entry)
    text = report_text(entry)
    record = CachedReport(fingerprint, summary(entry.stored), None, render_key,
                          _gzip(downloads.report_csv_rows(entry)), _gzip(report_json.rstrip("\n")),
                          text, json_size=len(report_json.encode("utf-8")), search_bigrams=joined_bigrams(text))
    return record, render.render_report(site, entry, original_text(entry.stored))


def site_files(site: Site, site_url: str = DEFAULT_SITE_URL, records: dict[str, CachedReport] | None = None,
               kept: Set[str] = frozenset(), docs_dir: Path | None = None) -> dict[str, str | bytes]:
    """Render every page and data file of the site (paths relative to the docs dir).

    records: the cached share of each report (by slug) whose page and report.json stay as they are in
    the docs dir; every other report is rendered, and its record added to records.
    kept: the region and year pages (by URL) that stay as they are in the docs dir, with their feeds.
    docs_dir: the docs dir of the last build, whose county data files are kept where they hold the same.
    """
    records = {} if records is None else records
    files: dict[str, str | bytes] = {}
    for entry in site.entries:
        if entry.slug not in records:
            records[entry.slug], files[f"{entry.url}index.md"] = report_record(site, entry)
    shares = [records[e.slug] for e in site.entries]
    files.update({
        "feed.xml": atom_feed(site.entries, title="政府信息公开年度报告档案：新收录的报告", site_url=site_url,
                              feed_path="feed.xml", page_path=""),
        "index.md": render.render_home(site),
        "region/index.md": render.render_region_index(site),
        "year/index.md": render.render_year_index(site),
        **render.quality_pages(site),  # quality.md and the pages under quality/
        "glossary.md": render.render_glossary(),
        "codebook.md": downloads.render_codebook(),
        "method.md": render.render_method(),
        # The archive's CSV in one file, gzipped: uncompressed it would outgrow GitHub Pages' 100 MiB per file
        # at a few thousand reports (about 25 KB per report). Each report's share is a gzip member of its
        # own, which gunzip and every gzip library read as one stream, so that a build reuses the shares of
        # the reports that did not change. The JSON is one file per county (below).
        "data/gongkai.csv.gz": _gzip(downloads.BOM + downloads.CSV_HEADER) + b"".join(r.csv_gz for r in shares),
        "data/report.schema.json": render.schema_json(),
        downloads.LABELS_PATH: downloads.csv_labels(),
    })
    files.update(downloads.county_files(site, records, docs_dir))
    sizes = {path: len(data if isinstance(data, bytes) else data.encode("utf-8")) for path, data in files.items()
             if path.startswith("data/")}
    sizes["report.json"] = sum(r.json_size for r in shares)
    files["downloads.md"] = downloads.render_downloads(site, sizes, build_date(site))
    for page in site.regions.values():
        if page.url in kept:
            continue
        files[f"{page.url}index.md"] = render.render_region(site, page)
        if page.place.level == "county":
            files[f"{page.url}feed.xml"] = atom_feed(
                page.reports, title=f"{page.place.name}：新收录的政府信息公开年度报告", site_url=site_url,
                feed_path=f"{page.url}feed.xml", page_path=page.url)
    for year in site.years:
        if f"year/{year}/" not in kept:
            files[f"year/{year}/index.md"] = render.render_year(site, year)
    return files


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


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """Python's cycle collector starts after 50,000 new objects instead of 700, for the time of a build.

    A build holds the archive's reports, their pages and MkDocs' pages: hundreds of thousands of objects
    that live to its end, which every collection of the older generations walks again. Cycles are
    still collected, only in fewer, larger rounds: a tenth of a full build's CPU time.
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@_collecting_less()
def build(content: Path, site_dir: Path | None, docs_dir: Path, *, repo_root: Path, strict: bool = False,
          run: bool = True, shard: str | None = None, shard_url: str = SHARD_URL,
          search_threshold: int = SEARCH_THRESHOLD) -> BuildResult:
    """Load and check the archive, write the Markdown into docs_dir, then run MkDocs into site_dir.

    A build of the whole archive keeps what it computed of each report in docs_dir (build_tools/cache.py)
    and next time loads, checks and renders only the reports that changed and the other years of their
    organs; with nothing changed since the last finished build into site_dir, it stops at once and
    writes nothing.

    shard: build only the reports of one shard (a region code such as 36 or 4401, a padded code such
    as 440000 for the reports placed at 广东省 itself, or a range such as 4401-4405) as a site of its own.
    """
    left_out = 0
    site_url = configured_site_url(repo_root)
    settings: dict[str, Any] = {}
    if not is_archive(content):
        raise MissingArchive(content)
    cache: BuildCache | None = None
    records: dict[str, CachedReport] = {}  # by slug: the reports whose files stay as they are
    page_keys: dict[str, str] = {}  # by URL: what each region and year page is rendered from
    kept: set[str] = set()  # the region and year pages (by URL) whose files stay as they are
    with contextlib.ExitStack() as held:  # the archive's read lock, while reports are read from it
        if shard is None:
            lock = held.enter_context(reading(content))
            cache = BuildCache.open(docs_dir)
            fingerprints = cache.scan(content)
            key = _build_key(cache, docs_dir, site_dir, site_url, strict, search_threshold) if run else None
            if key is not None and key == cache.build_key and cache.last is not None:
                return BuildResult(cache.last["reports"], cache.last["errors"], [], docs_dir, site_dir,
                                   cache.last["own_search"], notices=lock.notices, unchanged=True)
            archive, loaded = _cached_archive(content, cache, fingerprints)
            archive.notices = lock.notices
            errors = [str(e) for e in archive.errors]
            gazetteer = load_gazetteer()
        else:
            gazetteer = load_gazetteer()
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
        own_search = uses_own_search(len(site.entries), search_threshold)
        if cache is not None:
            render_keys = _render_keys(site, fingerprints, site_url, own_search)
            records = _reusable(site, cache, render_keys, docs_dir)
            _load_for_rendering(content, site, records, loaded, cache)
            page_keys = _page_keys(site, render_keys, site_url, own_search)
            kept = {url for url, key in page_keys.items() if cache.pages.get(url) == key and all(
                (docs_dir / f"{url}{name}").is_file() for name in _page_files(site.regions, url))}
    reused = set(records)
    keep = {f"{e.url}index.md" for e in site.entries if e.slug in reused}
    keep |= {f"{url}{name}" for url in kept for name in _page_files(site.regions, url)}
    files = site_files(site, site_url, records, kept, docs_dir)
    files, own_search = build_search(site, files, threshold=search_threshold,
                                     texts={slug: r.search_text for slug, r in records.items()},
                                     grams={slug: r.search_bigrams for slug, r in records.items()})
    for slug in reused if own_search else ():  # a report's search text is part of its render key
        path = report_text_path(slug)
        if path in files and (docs_dir / path).is_file():
            del files[path]
            keep.add(path)
    removed: list[str] = []
    # A build that reuses an earlier one's files trusts the docs dir to hold what that build left.
    written = write_docs(docs_dir, files, removed, keep=keep, walk=not reused)
    if removed:  # the site of the last build has pages no build would write now
        record_build(docs_dir, site_dir, None)
    result = BuildResult(len(site.entries), errors, written, docs_dir, None, own_search, left_out,
                         notices=notices)
    if cache is not None:
        for entry in site.entries:
            records[entry.slug].fingerprint, records[entry.slug].render_key = render_keys[entry.slug]
        cache.save(_by_directory(archive, site, records, fingerprints), page_keys)
    if not run or site_dir is None:
        return result
    settings["extra"] = {"gongkai_search": own_search, "gongkai_feed": "feed.xml"}
    config = write_config(docs_dir, site_dir, NAV, jieba_words=search_words(site), jieba_words_only=own_search,
                          repo_root=repo_root, settings=settings)
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
    del archive, site, files, records  # MkDocs reads the docs dir: free the pages before it holds them all again
    record_build(docs_dir, site_dir, None)
    try:
        run_mkdocs(config, strict=True, build_date=date, dirty=result.incremental)
    except SiteError as exc:
        raise BuildError(str(exc)) from exc
    record_build(docs_dir, site_dir, stamp)
    result.site_dir = site_dir
    if cache is not None:
        cache.record(_build_key(cache, docs_dir, site_dir, site_url, strict, search_threshold),
                     {"reports": result.reports, "errors": errors, "own_search": own_search})
    return result


def _build_key(cache: BuildCache, docs_dir: Path, site_dir: Path | None, site_url: str, strict: bool,
               search_threshold: int) -> str | None:
    """What a finished build of the archive into site_dir was made from, or None when there is none to compare.

    Every report directory's fingerprint, the code, the settings, and site_stamp() of the generated config,
    which covers mkdocs.yml, the theme overrides, the nav and the versions of MkDocs and its theme.
    """
    if site_dir is None:
        return None
    config = docs_dir / GENERATED_DIR / CONFIG_NAME
    try:
        stamp = site_stamp(config)
    except SiteError:
        return None
    if built_stamp(docs_dir, site_dir) != stamp:
        return None
    return digest_of(code_digest(), sorted(cache.fingerprints.items()), site_url, strict, search_threshold, stamp,
                     str(Path(site_dir).resolve()))


def _page_keys(site: Site, render_keys: dict[str, tuple[str, str]], site_url: str, own_search: bool) -> dict[str, str]:
    """What each region and year page is rendered from, by URL: the render keys of the reports it shows."""
    pages = [(page.url, page.reports) for page in site.regions.values()]
    pages += [(f"year/{year}/", entries) for year, entries in site.years.items()]
    return {url: digest_of(code_digest(), site_url, own_search, url, [render_keys[e.slug][1] for e in entries])
            for url, entries in pages}


def _page_files(regions: dict[str, RegionPage], url: str) -> tuple[str, ...]:
    """The files of a region or year page in the docs dir (a county's page has its feed)."""
    kind, code = url.split("/")[:2]
    return ("index.md", "feed.xml") if kind == "region" and regions[code].place.level == "county" else ("index.md",)


def _directory_key(directory: Path) -> str:
    """A report directory as the cache names it: <year>/<hash>."""
    return f"{directory.parent.name}/{directory.name}"


def _load_checked(content: Path, cache: BuildCache, directories: set[str], groups: set[str],
                  loaded: dict[str, StoredReport | DataError]) -> None:
    """Load the given report directories and every other of the organs `groups`, and check them together.

    The same organ's years are checked against each other (X-01, X-02), so an organ is checked whole.
    Adds to loaded (by directory); the directories already in it stay as they are.
    """
    members = {d for d, r in cache.reports.items() if r.stored is not None and d in cache.fingerprints
               and identity_key(r.stored.report) in groups}
    fresh: dict[str, StoredReport | DataError] = {}
    for directory in sorted((directories | members) - set(loaded)):
        try:
            fresh[directory] = load_stored(content / REPORTS / directory)
        except DataError as exc:
            fresh[directory] = exc
    stored = [s for s in fresh.values() if isinstance(s, StoredReport)]
    reports = [s.report for s in stored]
    for item, report in zip(stored, check_reports(reports, [identity_key(r) for r in reports])):
        item.report = report
    loaded.update(fresh)


def _cached_archive(content: Path, cache: BuildCache,
                    fingerprints: dict[str, str]) -> tuple[Archive, dict[str, StoredReport | DataError]]:
    """The archive: the reports that changed and their organs' other years loaded and checked, the others
    as their summaries from the cache. Returns it and the loaded reports (by directory)."""
    old = cache.reports
    changed = {d for d, fp in fingerprints.items() if d not in old or old[d].fingerprint != fp}
    loaded: dict[str, StoredReport | DataError] = {}
    _load_checked(content, cache, changed, set(), loaded)
    groups = {identity_key(s.report) for s in loaded.values() if isinstance(s, StoredReport)}
    groups |= {identity_key(r.stored.report) for d, r in old.items()
               if r.stored is not None and (d in changed or d not in fingerprints)}
    _load_checked(content, cache, set(), groups, loaded)
    archive = Archive()
    for directory in sorted(fingerprints):
        item = loaded.get(directory)
        if item is None:
            cached = old[directory]
            item = cached.stored if cached.stored is not None else _CachedError(directory, cached.error or "")
        if isinstance(item, DataError):
            archive.errors.append(item)
        else:
            archive.reports.append(item)
    return archive, loaded


class _CachedError(DataError):
    """A data file's error as the last build found it (the report's directory has not changed since)."""

    def __init__(self, directory: str, text: str) -> None:
        Exception.__init__(self, text)
        self.directory = directory
        self.text = text

    def __str__(self) -> str:
        return self.text


def _render_keys(site: Site, fingerprints: dict[str, str], site_url: str, own_search: bool) -> dict[str, tuple[str, str]]:
    """Each report's fingerprint and render key: all its page, report.json and share of the archive-wide
    files depend on (the report, its address, its organ's other years, the code, the site's search)."""
    fingerprint = {e.slug: fingerprints[_directory_key(e.stored.directory)] for e in site.entries}
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entry in site.entries:
        groups[identity_key(entry.report)].append((fingerprint[entry.slug], entry.slug))
    return {e.slug: (fingerprint[e.slug], digest_of(code_digest(), site_url, own_search, e.slug, fingerprint[e.slug],
                                                    sorted(groups[identity_key(e.report)])))
            for e in site.entries}


def _reusable(site: Site, cache: BuildCache, render_keys: dict[str, tuple[str, str]],
              docs_dir: Path) -> dict[str, CachedReport]:
    """The cached records of the reports whose page and report.json in docs_dir are still what they would be."""
    out: dict[str, CachedReport] = {}
    for entry in site.entries:
        cached = cache.reports.get(_directory_key(entry.stored.directory))
        if cached is None or cached.render_key != render_keys[entry.slug][1]:
            continue
        if (docs_dir / f"{entry.url}index.md").is_file():
            out[entry.slug] = cached
    return out


def _load_for_rendering(content: Path, site: Site, records: dict[str, CachedReport],
                        loaded: dict[str, StoredReport | DataError], cache: BuildCache) -> None:
    """Load in full the reports to render that the archive holds only as summaries (a report whose address
    moved, say), with their organs' other years; the site's entries then hold the full reports."""
    wanted = {_directory_key(e.stored.directory): e for e in site.entries
              if e.slug not in records and _directory_key(e.stored.directory) not in loaded}
    if not wanted:
        return
    _load_checked(content, cache, set(wanted), {identity_key(e.report) for e in wanted.values()}, loaded)
    for entry in site.entries:
        item = loaded.get(_directory_key(entry.stored.directory))
        if isinstance(item, StoredReport):
            entry.stored = item


def _by_directory(archive: Archive, site: Site, records: dict[str, CachedReport],
                  fingerprints: dict[str, str]) -> dict[str, CachedReport]:
    """The cache's records by report directory, the data files that cannot be loaded with their errors."""
    out = {_directory_key(e.stored.directory): records[e.slug] for e in site.entries}
    for error in archive.errors:
        if isinstance(error, _CachedError):
            key = error.directory
        else:
            key = _directory_key(error.path if error.path.name not in (DATA_FILE, PARSED_FILE) else error.path.parent)
        if key in fingerprints:
            out[key] = CachedReport(fingerprints[key], error=str(error))
    return out


def build_search(site: Site, files: dict[str, str | bytes], *, threshold: int = SEARCH_THRESHOLD,
                 texts: dict[str, str] | None = None,
                 grams: dict[str, str] | None = None) -> tuple[dict[str, str | bytes], bool]:
    """Return the site's files with the search they need, and whether the archive's own index answers.

    Below the threshold Material's index holds every page. From it on, report and region pages leave
    Material's index and the archive's own index (build_tools/search_index.py) is added.
    texts: the search text of the reports (by slug) that are not in files, kept from an earlier build.
    grams: the bigrams of those texts (search_index.joined_bigrams), kept alike.
    """
    if not uses_own_search(len(site.entries), threshold):
        return files, False
    out = dict(files)
    for path in page_paths(site):
        if path in files:  # the pages kept from an earlier build left Material's index then
            out[path] = exclude_from_search(str(files[path]))
    places, reports = site_search_records(site, texts, grams)
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
