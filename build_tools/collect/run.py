"""Collect reports from the URLs a maintainer gives: list pages, report pages, report files.

A list page's report links (and those of every page of its pagination) are collected one by one; a report
page is imported as a web page when its body is the report, and its attachments are fetched and imported
with it, in one batch, so the archive keeps the best reading of the report as `gongkai import` does. Each
original is stored with its provenance. Every URL ends collected, unchanged, not a report, failed (with
the reason), or, for a list page, read; with --since, older reports are skipped.
"""

from __future__ import annotations

import datetime as dt
import contextlib
import hashlib
import re
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from build_tools.archive import PARSED_FILE, ImportOutcome, import_files
from build_tools.collect.discover import (DOCUMENT_SUFFIXES, MAX_PAGES, Link, Page, page_kind, read_page,
                                          report_year)
from build_tools.collect.fetch import Fetcher, FetchError, Policy, Response
from build_tools.collect.provenance import CHINA, PROVENANCE_FILE, Provenance, provenance_text
from build_tools.collect.state import State, UrlState, load_state, running
from build_tools.ingest import EXTRACTED
from build_tools.ingest.detect import detect_kind
from build_tools.ingest.limits import IngestError
from build_tools.staging import writing

STATUSES = ("collected", "unchanged", "not_report", "failed", "list", "skipped", "would_collect")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class UrlOutcome:
    """What became of one URL."""

    url: str
    status: str  # one of STATUSES
    reason: str = ""
    title: str = ""
    directory: Path | None = None


@dataclass
class CollectResult:
    outcomes: list[UrlOutcome] = field(default_factory=list)
    requests: int = 0
    resumed: bool = False  # an interrupted run was picked up

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


@dataclass
class _File:
    """A fetched original waiting to be imported."""

    url: str
    response: Response
    title: str
    page: str | None
    published: dt.date | None


def collect(urls: list[str], content: Path, *, policy: Policy | None = None, dry_run: bool = False,
            since: int | None = None, clock: Callable[[], dt.datetime] | None = None,
            report: Callable[[UrlOutcome], None] | None = None,
            log: Callable[[str, str], None] | None = None) -> CollectResult:
    """Collect the reports the URLs lead to into the archive at `content`.

    clock: when a response arrives (UTC); injectable so tests and reproducible runs control the time
    recorded in the provenance. report: called with each URL's outcome as it is settled. log: called
    with (url, HTTP status or error) for every request made.
    """
    clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
    fetcher = Fetcher(policy or Policy(), clock=lambda: clock().astimezone(dt.timezone.utc).replace(microsecond=0),
                      log=log or (lambda url, what: None))
    with contextlib.ExitStack() as stack:
        if not dry_run:
            stack.enter_context(running(content))
        stack.enter_context(fetcher)
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="gongkai-collect-"))
        collector = _Collector(fetcher, load_state(content), content, Path(workdir), dry_run, since, clock,
                               report or (lambda outcome: None))
        collector.run(list(dict.fromkeys(urls)))
        return CollectResult(list(collector.outcomes.values()), fetcher.requests, collector.resuming)


class _Collector:
    def __init__(self, fetcher: Fetcher, state: State, content: Path, workdir: Path, dry_run: bool,
                 since: int | None, clock: Callable[[], dt.datetime], report: Callable[[UrlOutcome], None]) -> None:
        self.fetcher = fetcher
        self.state = state
        self.content = content
        self.workdir = workdir
        self.dry_run = dry_run
        self.since = since
        self.clock = clock
        self.report = report
        self.outcomes: dict[str, UrlOutcome] = {}
        self.done: set[str] = set()
        self.resuming = False
        self.files = 0

    def run(self, seeds: list[str]) -> None:
        previous = self.state.run
        if previous and previous.get("seeds") == seeds and not self.dry_run:
            self.done = set(previous.get("done") or [])
            self.resuming = True
        self.state.run = {"seeds": seeds, "done": sorted(self.done)}
        for url in seeds:
            self.visit(url, from_list=False)
        if not self.dry_run:
            self.state.run = None
            self.state.save()

    # Bookkeeping ---------------------------------------------------------------------------------------

    def finish(self, url: str, status: str, reason: str = "", *, title: str = "",
               directory: Path | None = None, entry: UrlState | None = None) -> None:
        """Settle a URL: its outcome for the summary and, outside a dry run, its state."""
        outcome = UrlOutcome(url, status, reason, title, directory)
        self.outcomes[url] = outcome
        if entry is not None and not self.dry_run:
            entry.outcome, entry.reason = status, reason
            if title:
                entry.title = title
            if directory is not None:
                entry.directory = directory.relative_to(self.content).as_posix() if directory.is_relative_to(
                    self.content) else str(directory)
            self.state.urls[url] = entry
            self.done.add(url)
            assert self.state.run is not None
            self.state.run["done"] = sorted(self.done)
            self.state.save()
        self.report(outcome)

    def resumed(self, url: str) -> UrlState | None:
        """The state of a URL the interrupted run had finished, which is not asked for again."""
        if url not in self.done or url not in self.state.urls:
            return None
        entry = self.state.urls[url]
        directory = self.content / entry.directory if entry.directory else None
        self.outcomes[url] = outcome = UrlOutcome(url, entry.outcome, _joined(entry.reason, "before the interruption"),
                                                  entry.title, directory)
        self.report(outcome)
        return entry

    def fetch(self, url: str, known: UrlState | None) -> Response | None:
        """Fetch a URL, conditionally when its last body was settled; a failure is settled here."""
        settled = known is not None and known.settled
        try:
            response = self.fetcher.get(url, etag=known.etag if settled else None,  # type: ignore[union-attr]
                                        last_modified=known.last_modified if settled else None)  # type: ignore[union-attr]
        except FetchError as exc:
            self.finish(url, "failed", exc.reason, entry=known or UrlState())
            return None
        if response.status >= 400 or (response.status != 200 and not response.not_modified):
            self.finish(url, "failed", f"HTTP {response.status}", entry=known or UrlState())
            return None
        return response

    # Pages ------------------------------------------------------------------------------------------------

    def visit(self, url: str, *, from_list: bool, title: str = "") -> None:
        """Collect what one URL holds: a list, a report page, or a report file."""
        if url in self.outcomes:
            return
        entry = self.resumed(url)
        if entry is not None:
            if entry.kind == "list":
                self.follow_list(url, entry.pages, [Link(u, t) for u, t in entry.links])
            elif entry.kind == "report":
                for link_url, _title in entry.attachments:
                    if link_url not in self.outcomes:
                        self.resumed(link_url)
            return
        known = self.state.url(url)
        response = self.fetch(url, known)
        if response is None:
            return
        if response.not_modified:
            assert known is not None
            self.unchanged(url, known, "not modified")
            return
        if not _is_html(response):
            if known is not None and known.settled and known.sha256 == _sha256(response):
                self.unchanged(url, known, "same content")
                return
            self.collect_files(url, [_File(url, response, title, None, None)], known)
            return
        page = read_page(response.content, response.final_url, response.charset)
        kind = page_kind(page, from_list=from_list)
        if kind == "list":
            entry = self.entry(known, response, "list", page)
            self.finish(url, "list", _list_reason(page), title=page.title, entry=entry)
            self.follow_list(url, page.pages, page.report_links)
        elif kind == "report":
            if known is not None and known.settled and known.kind == "report" and known.sha256 == _sha256(response):
                self.unchanged(url, known, "same content")
                return
            self.collect_report(url, response, page, title or page.title, known)
        else:
            self.finish(url, "not_report", "the page holds no report, no attachment and no report link",
                        title=title or page.title, entry=self.entry(known, response, "other", page))

    def unchanged(self, url: str, known: UrlState, why: str) -> None:
        """A URL whose body is what an earlier run settled: follow what it linked then, import nothing."""
        if known.kind == "list":
            self.finish(url, "list", _joined(f"{len(known.links)} report links, {len(known.pages)} more pages", why),
                        title=known.title, entry=known)
            self.follow_list(url, known.pages, [Link(u, t) for u, t in known.links])
            return
        directory = self.content / known.directory if known.directory else None
        self.finish(url, "unchanged", why, title=known.title, directory=directory, entry=known)
        if known.kind == "report" and known.attachments:
            self.collect_attachments(url, [Link(u, t) for u, t in known.attachments],
                                     dt.date.fromisoformat(known.published) if known.published else None)

    def entry(self, known: UrlState | None, response: Response, kind: str, page: Page | None = None) -> UrlState:
        """The state a fetched URL leaves: its validators and body hash, and what it linked."""
        entry = UrlState(kind=kind, etag=response.headers.get("etag"),
                         last_modified=response.headers.get("last-modified"), sha256=_sha256(response),
                         fetched_at=response.fetched_at.isoformat().replace("+00:00", "Z"))
        if known is not None:
            entry.directory = known.directory
        if page is not None:
            entry.title = page.title
            entry.published = page.published.isoformat() if page.published else None
            if kind == "list":
                entry.links = [[link.url, link.title] for link in page.report_links]
                entry.pages = list(page.pages)
            elif kind == "report":
                entry.attachments = [[link.url, link.title] for link in page.attachments]
        return entry

    def follow_list(self, url: str, pages: list[str], links: list[Link]) -> None:
        """Read every page of a list, then collect each report link (newer than --since)."""
        queue, seen = list(pages), {url, *pages}
        found: dict[str, Link] = {link.url: link for link in links}
        while queue:
            page_url = queue.pop(0)
            more = self.list_page(page_url)
            if more is None:
                continue
            next_pages, page_links = more
            for other in next_pages:
                if other not in seen and len(seen) < MAX_PAGES:
                    seen.add(other)
                    queue.append(other)
            for link in page_links:
                found.setdefault(link.url, link)
        for link in found.values():
            year = report_year(link.title)
            if self.since is not None and year is not None and year < self.since:
                if link.url not in self.outcomes:
                    self.finish(link.url, "skipped", f"a {year} report (--since {self.since})", title=link.title)
            elif self.dry_run:
                if link.url not in self.outcomes:
                    self.finish(link.url, "would_collect", "", title=link.title)
            else:
                self.visit(link.url, from_list=True, title=link.title)

    def list_page(self, url: str) -> tuple[list[str], list[Link]] | None:
        """One more page of a list: its pages and report links (from an earlier run when unchanged)."""
        if url in self.outcomes:
            return None
        entry = self.resumed(url)
        if entry is not None:
            return entry.pages, [Link(u, t) for u, t in entry.links]
        known = self.state.url(url)
        response = self.fetch(url, known)
        if response is None:
            return None
        if response.not_modified and known is not None:
            self.finish(url, "list", _joined(f"{len(known.links)} report links", "not modified"), title=known.title,
                        entry=known)
            return known.pages, [Link(u, t) for u, t in known.links]
        if not _is_html(response):
            self.finish(url, "failed", f"a page of the list is not a web page ({response.content_type})",
                        entry=known or UrlState())
            return None
        page = read_page(response.content, response.final_url, response.charset)
        self.finish(url, "list", _list_reason(page), title=page.title, entry=self.entry(known, response, "list", page))
        return page.pages, page.report_links

    # Reports ----------------------------------------------------------------------------------------------

    def collect_report(self, url: str, response: Response, page: Page, title: str, known: UrlState | None) -> None:
        """A report page: the page itself when its body is the report, and its attachments, in one import."""
        entry = self.entry(known, response, "report", page)
        if self.dry_run:
            self.finish(url, "would_collect", _joined("the report in the page" if page.report_body else "",
                                                      f"{len(page.attachments)} attachments" if page.attachments
                                                      else ""), title=title)
            for link in page.attachments:
                if link.url not in self.outcomes:
                    self.finish(link.url, "would_collect", f"attachment of {url}", title=link.title)
            return
        files = [_File(url, response, title, None, page.published)] if page.report_body else []
        if not page.report_body:
            entry.title = title
            self.state.urls[url] = entry
        files += self.collect_attachments(url, page.attachments, page.published, batch=True)
        outcomes = self.collect_files(url, files, known, page_entry=entry)
        if not page.report_body:
            statuses = [self.outcomes[link.url].status for link in page.attachments if link.url in self.outcomes]
            statuses += [o.status for o in outcomes]
            if "collected" in statuses:
                status, reason = "collected", "the report is in its attachment"
            elif "failed" in statuses:
                status, reason = "failed", "its attachment could not be collected"
            elif "unchanged" in statuses:
                status, reason = "unchanged", "its attachments are unchanged"
            else:
                status, reason = "not_report", ("no attachment is a report" if page.attachments
                                                else "the page holds no report and no attachment")
            directory = next((o.directory for o in outcomes if o.status == "collected"), None)
            self.finish(url, status, reason, title=title, directory=directory, entry=entry)

    def collect_attachments(self, page_url: str, links: list[Link], published: dt.date | None,
                            batch: bool = False) -> list[_File]:
        """Fetch a report page's attachments; with batch, return the changed ones for the page's import."""
        files: list[_File] = []
        for link in links:
            if link.url in self.outcomes or self.resumed(link.url) is not None:
                continue
            known = self.state.url(link.url)
            response = self.fetch(link.url, known)
            if response is None:
                continue
            if response.not_modified or (known is not None and known.settled and known.sha256 == _sha256(response)):
                assert known is not None
                self.finish(link.url, "unchanged", "not modified" if response.not_modified else "same content",
                            title=link.title, directory=self.content / known.directory if known.directory else None,
                            entry=known)
                continue
            files.append(_File(link.url, response, link.title, page_url, published))
        if not batch and files:
            self.collect_files(page_url, files, None)
            return []
        return files

    def collect_files(self, url: str, files: list[_File], known: UrlState | None,
                      page_entry: UrlState | None = None) -> list[UrlOutcome]:
        """Import fetched originals in one batch, each with its provenance; settle each file's URL."""
        if self.dry_run:
            for file in files:
                self.finish(file.url, "would_collect", "", title=file.title)
            return []
        paths, sidecars = [], {}
        for file in files:
            self.files += 1
            folder = self.workdir / str(self.files)
            folder.mkdir()
            path = folder / _file_name(file.response)
            path.write_bytes(file.response.content)
            provenance = _provenance(file)
            paths.append(path)
            sidecars[path] = {PROVENANCE_FILE: provenance_text(provenance).encode("utf-8")}
        today = self.clock().astimezone(CHINA).date()
        imported = import_files(paths, self.content, today=today, sidecars=sidecars) if paths else []
        settled: list[UrlOutcome] = []
        for file, path, outcome in zip(files, paths, imported, strict=True):
            own = file.url == url and page_entry is not None
            entry = page_entry if own else self.entry(self.state.url(file.url), file.response,
                                                      "report" if _is_html(file.response) else "document")
            assert entry is not None
            if outcome.status in ("imported", "imported_with_findings", "replaced"):
                status, reason = "collected", _joined(outcome.status.replace("_", " "), outcome.reason)
            elif outcome.status == "duplicate" and _read_better(outcome, imported):
                # The page and its attachment are one report: the archive keeps the better reading of the two.
                status, reason = "collected", outcome.reason
            elif outcome.status == "duplicate":
                status, reason = "unchanged", outcome.reason
                if outcome.directory is not None:
                    _keep_provenance(self.content, outcome.directory, sidecars[path][PROVENANCE_FILE])
            elif "no annual report" in outcome.reason:
                status, reason = "not_report", outcome.reason
            else:
                status, reason = "failed", outcome.reason
            self.finish(file.url, status, reason, title=file.title, directory=outcome.directory, entry=entry)
            settled.append(self.outcomes[file.url])
            shutil.rmtree(path.parent, ignore_errors=True)
        return settled


def _read_better(outcome: ImportOutcome, batch: list[ImportOutcome]) -> bool:
    """A file the import set aside because another file of the same batch reads the same report better."""
    return any(o is not outcome and o.directory == outcome.directory and o.status != "duplicate" for o in batch)


def _keep_provenance(content: Path, directory: Path, text: bytes) -> None:
    """An original the archive had without provenance (imported by hand) gets the one just fetched."""
    with writing(content):
        target = directory / PROVENANCE_FILE
        if target.exists() or not (directory / PARSED_FILE).exists():
            return
        temporary = directory / f".{PROVENANCE_FILE}.tmp"
        temporary.write_bytes(text)
        temporary.replace(target)


def _provenance(file: _File) -> Provenance:
    response = file.response
    return Provenance(url=file.url, final_url=response.final_url if response.final_url != file.url else None,
                      fetched_at=response.fetched_at, status=response.status, content_type=response.content_type,
                      last_modified=response.headers.get("last-modified"), etag=response.headers.get("etag"),
                      published=file.published, page=file.page, title=file.title or None)


def _is_html(response: Response) -> bool:
    content_type = (response.content_type or "").split(";")[0].strip().lower()
    if content_type in _HTML_TYPES:
        return True
    if content_type and content_type not in ("application/octet-stream", "text/plain"):
        return False
    return response.content[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def _sha256(response: Response) -> str:
    return hashlib.sha256(response.content).hexdigest()


def _file_name(response: Response) -> str:
    """A safe file name for an original, with the suffix its content calls for."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(response.final_url).path)
    stem, dot, suffix = path.rstrip("/").rsplit("/", 1)[-1].rpartition(".")
    stem, suffix = (stem, suffix.lower()) if dot else (suffix, "")
    stem = _SAFE_NAME_RE.sub("-", stem).strip("-.")[:80] or "page"
    if _is_html(response):
        return f"{stem}.{suffix if suffix in ('htm', 'html', 'shtml') else 'html'}"
    if f".{suffix}" in DOCUMENT_SUFFIXES:
        return f"{stem}.{suffix}"
    try:
        kind = detect_kind(response.content, "")
    except IngestError:
        return f"{stem}.{suffix or 'bin'}"
    return stem + EXTRACTED.get(kind, ".txt")


def _list_reason(page: Page) -> str:
    return f"{len(page.report_links)} report links, {len(page.pages)} more pages"


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)
