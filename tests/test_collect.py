"""`gongkai collect` against a government-style site served on 127.0.0.1.

The site is built from the seeds the way county sites publish them: a 政府信息公开年报 column whose list
is paginated (the createPageHTML script on the first page, 下一页 links after it), report pages with the
report in the body (one in GBK), with a PDF or DOCX attachment, with both, with a .htm 正文 page; and the
ways a collection goes wrong: a page that is not a report, a 404, a slow answer, a redirect loop, a huge
attachment, a path robots.txt forbids. The server logs every request with the time it arrived.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from build_tools.archive import import_files, load_archive
from build_tools.cli import main
from build_tools.collect.discover import is_report_title, read_page, report_year
from build_tools.collect.fetch import Fetcher, FetchError, Policy
from build_tools.collect.provenance import PROVENANCE_FILE, Provenance, load_provenance
from build_tools.collect.run import collect
from build_tools.collect.state import STATE_FILE
from build_tools.ingest.office import find_soffice
from build_tools.pipeline import build
from test_ingest import convert, html_body, seed_doc, write_docx

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "collect"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
LIST = "/zwgk/ndbg/index.html"
DELAY = 0.3  # seconds between requests in most tests: the default of 1 s is tested once
TOLERANCE = 0.01  # the clock's resolution: the client counts the delay from the end of the previous request


@dataclasses.dataclass
class Resource:
    body: bytes
    content_type: str = "text/html"
    etag: bool = True  # answer If-None-Match; otherwise only If-Modified-Since
    status: int = 200
    location: str | None = None
    delay: float = 0.0
    stream: int = 0  # send this many bytes without a Content-Length instead of the body


@dataclasses.dataclass
class Request:
    at: float
    path: str
    status: int
    headers: dict[str, str]


class Site:
    """A government site on 127.0.0.1: resources by path and a log of every request."""

    LAST_MODIFIED = "Mon, 15 Jan 2024 01:30:00 GMT"

    def __init__(self, resources: dict[str, Resource]) -> None:
        self.resources = resources
        self.log: list[Request] = []
        self.lock = threading.Lock()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                arrived = time.monotonic()
                path = urllib.parse.urlsplit(self.path).path
                resource = site.resources.get(path)
                status = 404 if resource is None else resource.status
                etag = f'"{hashlib.sha1(resource.body).hexdigest()[:16]}"' if resource and resource.etag else None
                if resource is not None and status == 200 and (
                        (etag and self.headers.get("If-None-Match") == etag)
                        or (not etag and self.headers.get("If-Modified-Since") == site.LAST_MODIFIED)):
                    status = 304
                with site.lock:
                    site.log.append(Request(arrived, path, status, dict(self.headers.items())))
                if resource is not None and resource.delay:
                    time.sleep(resource.delay)
                try:
                    self.answer(resource, status, etag)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def answer(self, resource: Resource | None, status: int, etag: str | None) -> None:
                self.send_response(status)
                if resource is None:
                    body = "<html><body><h1>404 页面不存在</h1></body></html>".encode()
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if resource.location:
                    self.send_header("Location", resource.location)
                self.send_header("Content-Type", resource.content_type)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Last-Modified", site.LAST_MODIFIED)
                if status == 304 or resource.location:
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if resource.stream:
                    self.end_headers()  # no Content-Length: the body ends when the connection closes
                    chunk = b"%PDF-1.7\n" + b"0" * (64 * 1024 - 9)
                    for _ in range(resource.stream // len(chunk)):
                        self.wfile.write(chunk)
                    return
                self.send_header("Content-Length", str(len(resource.body)))
                self.end_headers()
                self.wfile.write(resource.body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def requests_since(self, start: int) -> list[Request]:
        with self.lock:
            return list(self.log[start:])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# The fixture site ------------------------------------------------------------------------------------


def page(title: str, organ: str, published: str, body: str, *, attachments: list[tuple[str, str]] = (),
         charset: str = "utf-8", index_no: str = "11500242MB1234567X/2024-00001") -> bytes:
    """A report page as county sites print it: breadcrumbs, information table, body, 附件 block."""
    block = ""
    if attachments:
        items = "\n".join(f'      <li><a href="{html.escape(href)}" target="_blank" title="{html.escape(text)}">'
                          f"{html.escape(text)}</a></li>" for href, text in attachments)
        block = f'  <div class="article-attachments">\n    <p>附件：</p>\n    <ul>\n{items}\n    </ul>\n  </div>'
    text = (FIXTURES / "article.html").read_text(encoding="utf-8")
    for key, value in (("charset", {"gb18030": "gb2312"}.get(charset, charset)), ("title", html.escape(title)),
                       ("organ", html.escape(organ)), ("published", published), ("written", published),
                       ("index_no", index_no), ("attachments", block), ("body", body)):
        text = text.replace("{{" + key + "}}", value)
    return text.encode(charset)


def list_page(items: list[tuple[str, str, str]], pager: str) -> bytes:
    lines = "\n".join(
        f'      <li><a href="{href}" target="_blank" title="{html.escape(title)}">'
        f"{html.escape(title if len(title) <= 24 else title[:23] + '…')}</a><span class=\"date\">{date}</span></li>"
        for href, title, date in items)
    text = (FIXTURES / "list.html").read_text(encoding="utf-8")
    return text.replace("{{items}}", lines).replace("{{pager}}", pager).encode("utf-8")


@dataclasses.dataclass
class Expected:
    """What the fixture site's list leads to."""

    reports: dict[str, str]  # URL path of what should be collected → organ
    not_report: list[str]
    failed: dict[str, str]  # URL path → a word the reason must contain
    never: list[str]  # paths that must not be requested at all


@dataclasses.dataclass
class FixtureSite:
    site: Site
    expected: Expected

    def url(self, path: str) -> str:
        return self.site.url(path)


def build_resources(workdir: Path) -> tuple[dict[str, Resource], Expected]:
    seeds = sorted(SEEDS.glob("*.txt"))
    docs = {p.stem[:3]: seed_doc(p)[0] for p in seeds}
    bodies = {key: html_body(doc.blocks) for key, doc in docs.items()}
    docx = write_docx(docs["002"], workdir / "qintang.docx")
    bao_docx = write_docx(docs["001"], workdir / "baotian.docx")
    (pdf,) = convert([bao_docx], "pdf", workdir / "pdf")
    d = "/zwgk/ndbg/"
    resources: dict[str, Resource] = {
        "/robots.txt": Resource((FIXTURES / "robots.txt").read_bytes(), "text/plain"),
        # 楠木乡: the report is the page's body.
        f"{d}202401/t20240115_1001.html": Resource(page(
            "酉阳土家族苗族自治县楠木乡人民政府2023年政府信息公开工作年度报告", "楠木乡人民政府", "2024-01-15",
            bodies["000"])),
        # 保田镇: a short body, the report in a PDF attachment.
        f"{d}202401/t20240118_1002.html": Resource(page(
            "保田镇2023年度政府信息公开工作年度报告", "保田镇人民政府", "2024-01-18",
            '<p style="text-indent:2em">现将保田镇2023年度政府信息公开工作年度报告予以公布，详见附件。</p>',
            attachments=[("./P020240118385412345678.pdf", "保田镇2023年度政府信息公开工作年度报告.pdf")])),
        f"{d}202401/P020240118385412345678.pdf": Resource(pdf.read_bytes(), "application/pdf", etag=False),
        # 钦堂乡: the report in the body and as a DOCX attachment.
        f"{d}202401/t20240122_1003.html": Resource(page(
            "建德市钦堂乡人民政府2023年度政府信息公开工作年度报告", "钦堂乡人民政府", "2024-01-22", bodies["002"],
            attachments=[("./W020240122551234567890.docx", "钦堂乡2023年度政府信息公开工作年度报告.docx")])),
        f"{d}202401/W020240122551234567890.docx": Resource(
            docx.read_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        # 长洛乡: a GBK page that says so only in its meta tag.
        f"{d}202401/t20240126_1004.html": Resource(page(
            "长洛乡2023年政府信息公开工作年度报告", "长洛乡人民政府", "2024-01-26", bodies["003"],
            charset="gb18030"), "text/html"),
        # 东沟乡: the report on a separate .htm 正文 page.
        f"{d}202401/t20240129_1005.html": Resource(page(
            "东沟乡2023年度政府信息公开工作报告", "东沟乡人民政府", "2024-01-29",
            '<p style="text-indent:2em">东沟乡2023年度政府信息公开工作报告全文见正文。</p>',
            attachments=[("./t20240129_1005_zw.htm", "正文")])),
        f"{d}202401/t20240129_1005_zw.htm": Resource(page(
            "东沟乡2023年度政府信息公开工作报告", "东沟乡人民政府", "2024-01-29", bodies["004"])),
        # What goes wrong.
        f"{d}202301/t20230110_900.html": Resource((FIXTURES / "moved.html").read_bytes()),
        f"{d}slow/t20240130_1200.html": Resource(b"<html></html>", delay=3.0),
        f"{d}202401/moved.html": Resource(b"", status=302, location=f"{d}202401/moved-again.html"),
        f"{d}202401/moved-again.html": Resource(b"", status=302, location=f"{d}202401/moved.html"),
        f"{d}202401/t20240131_1300.html": Resource(page(
            "某某街道2023年政府信息公开工作年度报告", "某某街道办事处", "2024-01-31",
            '<p style="text-indent:2em">详见附件。</p>',
            attachments=[("./P020240131000000000001.pdf", "某某街道2023年政府信息公开工作年度报告.pdf")])),
        f"{d}202401/P020240131000000000001.pdf": Resource(b"", "application/pdf", stream=3 * 1024 * 1024),
        "/private/2023nb.html": Resource(page("内部2023年政府信息公开工作年度报告", "内部", "2024-01-20",
                                             bodies["000"])),
    }
    first = [
        ("./202401/t20240115_1001.html", "酉阳土家族苗族自治县楠木乡人民政府2023年政府信息公开工作年度报告",
         "2024-01-15"),
        ("./202401/t20240118_1002.html", "保田镇2023年度政府信息公开工作年度报告", "2024-01-18"),
        ("../../zwgk/tzgg/202312/t20231201_800.html", "关于做好2023年政府信息公开工作年度报告编制工作的通知",
         "2023-12-01"),
        ("./202401/t20240122_1003.html", "建德市钦堂乡人民政府2023年度政府信息公开工作年度报告", "2024-01-22"),
    ]
    second = [
        ("./202401/t20240126_1004.html", "长洛乡2023年政府信息公开工作年度报告", "2024-01-26"),
        ("./202401/t20240129_1005.html", "东沟乡2023年度政府信息公开工作报告", "2024-01-29"),
        ("./202301/t20230110_900.html", "2022年政府信息公开工作年度报告", "2023-01-10"),
        ("./202401/t20240120_404.html", "某某镇2023年政府信息公开工作年度报告", "2024-01-20"),
    ]
    third = [
        ("./slow/t20240130_1200.html", "某某乡2023年政府信息公开工作年度报告", "2024-01-30"),
        ("./202401/moved.html", "某某村2023年政府信息公开工作年度报告", "2024-01-30"),
        ("./202401/t20240131_1300.html", "某某街道2023年政府信息公开工作年度报告", "2024-01-31"),
        ("/private/2023nb.html", "内部2023年政府信息公开工作年度报告", "2024-01-20"),
    ]
    script = ('<script type="text/javascript">\nvar currentPage = 0;\nvar countPage = 3;\n'
              'createPageHTML(countPage, currentPage, "index", "html");\n</script>')
    links = ('<a href="index.html">首页</a> <a href="index.html">上一页</a> <span class="current">2</span> '
             '<a href="{next}">下一页</a> <a href="index_2.html">尾页</a>')
    resources[LIST] = Resource(list_page(first, script))
    resources[f"{d}index_1.html"] = Resource(list_page(second, links.format(next="index_2.html")))
    resources[f"{d}index_2.html"] = Resource(list_page(third, '<a href="index.html">首页</a> '
                                                                 '<a href="index_1.html">上一页</a>'))
    expected = Expected(
        reports={f"{d}202401/t20240115_1001.html": "楠木乡", f"{d}202401/P020240118385412345678.pdf": "保田镇",
                 f"{d}202401/t20240122_1003.html": "钦堂乡", f"{d}202401/W020240122551234567890.docx": "钦堂乡",
                 f"{d}202401/t20240126_1004.html": "长洛乡",
                 f"{d}202401/t20240129_1005_zw.htm": "东沟乡"},
        not_report=[f"{d}202301/t20230110_900.html"],
        failed={f"{d}202401/t20240120_404.html": "HTTP 404", f"{d}slow/t20240130_1200.html": "no answer",
                f"{d}202401/moved.html": "redirect", f"{d}202401/P020240131000000000001.pdf": "larger than 1 MB",
                "/private/2023nb.html": "robots.txt"},
        never=["/private/2023nb.html", "/zwgk/tzgg/202312/t20231201_800.html", "/hdjl/ysqgk/sqb.doc"])
    return resources, expected


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureSite]:
    if find_soffice() is None:
        pytest.skip("LibreOffice makes the PDF attachment: apt-get install libreoffice-writer")
    resources, expected = build_resources(tmp_path_factory.mktemp("collect-site"))
    site = Site(resources)
    yield FixtureSite(site, expected)
    site.close()


def run_cli(*args: str) -> tuple[int, str, str]:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click 8.1
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(main, ["collect", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


FAST = ("--allow-private", "--delay", str(DELAY), "--timeout", "0.5", "--retries", "1", "--max-size", "1")


def statuses(stdout: str) -> dict[str, tuple[str, str]]:
    """URL path → (status, the rest of its summary line)."""
    out = {}
    for line in stdout.splitlines():
        match = re.match(r"^(\w+)\s+\S+\s+(http://127\.0\.0\.1:\d+)(\S*)(.*)$", line)
        if match:
            out[match.group(3)] = (match.group(1), match.group(4))
    return out


def assert_spaced(requests: list[Request], delay: float) -> None:
    """Requests to one host started at least `delay` apart (as the server saw them arrive)."""
    times = [r.at for r in requests]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert gaps and min(gaps) >= delay - TOLERANCE, (min(gaps), [(r.path, round(r.at - times[0], 3))
                                                                for r in requests])


# The whole column ---------------------------------------------------------------------------------------


def test_one_collect_of_the_list_imports_every_report_and_names_every_failure(
        fixture_site: FixtureSite, tmp_path: Path) -> None:
    site, expected = fixture_site.site, fixture_site.expected
    content = tmp_path / "content"
    start = len(site.log)
    code, stdout, _stderr = run_cli(fixture_site.url(LIST), "--content", str(content), *FAST)
    first = site.requests_since(start)
    assert code == 1, stdout  # some URLs failed
    seen = statuses(stdout)
    for path in expected.reports:
        assert seen.get(path, ("missing",))[0] == "collected", (path, stdout)
    for path in expected.not_report:
        assert seen[path][0] == "not_report", (path, stdout)
    for path, word in expected.failed.items():
        assert seen[path][0] == "failed" and word in seen[path][1], (path, stdout)
    assert {p for p, (s, _) in seen.items() if s == "list"} == {LIST, "/zwgk/ndbg/index_1.html",
                                                                 "/zwgk/ndbg/index_2.html"}
    assert re.search(r"failed\s+失败\s+\S+/slow/\S+.*\(after 2 tries\)", stdout)

    # Every report is in the archive, with its provenance beside the original.
    archive = load_archive(content)
    assert not archive.errors
    organs = {s.report.organ for s in archive.reports}
    for organ in expected.reports.values():
        assert any(organ in (o or "") for o in organs), (organ, organs)
    assert len(archive.reports) == len(set(expected.reports.values()))
    for stored in archive.reports:
        provenance = stored.provenance
        assert provenance is not None and provenance.status == 200
        assert urllib.parse.urlsplit(provenance.url).path in expected.reports
        assert provenance.published is not None and provenance.published.year == 2024
        assert provenance.fetched_at.tzinfo is not None
    pdf = next(s for s in archive.reports if s.original.suffix == ".pdf")
    assert pdf.provenance is not None and pdf.provenance.content_type == "application/pdf"
    assert pdf.provenance.page == fixture_site.url("/zwgk/ndbg/202401/t20240118_1002.html")
    assert pdf.provenance.published == dt.date(2024, 1, 18) and pdf.provenance.etag is None
    assert pdf.provenance.last_modified == Site.LAST_MODIFIED
    # 钦堂乡: the page and its DOCX are one report; the archive keeps the better reading, the summary says so.
    qintang = [s for s in archive.reports if "钦堂" in (s.report.organ or "")]
    assert len(qintang) == 1
    page_line, docx_line = (seen[f"/zwgk/ndbg/202401/{name}"][1] for name in (
        "t20240122_1003.html", "W020240122551234567890.docx"))
    assert re.search(r"reads it better and was kept|same text as .* \(in another encoding or format\)",
                     page_line + docx_line), (page_line, docx_line)

    # Polite: robots.txt read first and obeyed, the ignored links never asked for, one request per DELAY.
    assert first[0].path == "/robots.txt"
    assert sum(1 for r in first if r.path == "/robots.txt") == 1
    asked = {r.path for r in first}
    for path in expected.never:
        assert path not in asked, path
    assert all(r.headers.get("User-Agent", "").startswith("gongkai/") for r in first)
    assert_spaced(first, DELAY)

    # A second run fetches nothing new: every page and file it had is answered 304 Not Modified, and only
    # what failed is asked for again.
    start = len(site.log)
    code, stdout, _stderr = run_cli(fixture_site.url(LIST), "--content", str(content), *FAST)
    second = site.requests_since(start)
    assert code == 1
    again = statuses(stdout)
    for path in expected.reports:
        assert again.get(path, ("missing",))[0] == "unchanged", (path, stdout)
    settled = {path for path, (status, _) in seen.items() if status in ("collected", "list")}
    for request in second:
        if request.path in settled:
            assert request.status == 304, (request.path, request.status)
        else:  # robots.txt, and what failed or was no report the first time
            assert request.path == "/robots.txt" or seen.get(request.path, ("failed",))[0] in (
                "failed", "not_report"), request.path
    assert {r.path for r in second} >= settled
    assert stdout.splitlines()[-1].startswith("0 collected, 8 unchanged, 1 not report, 6 failed, 3 list"), stdout
    assert len(load_archive(content).reports) == len(set(expected.reports.values()))


def test_a_report_page_on_the_built_site_links_the_original_and_its_collection_date(
        fixture_site: FixtureSite, tmp_path: Path) -> None:
    content, docs = tmp_path / "content", tmp_path / "docs"
    when = dt.datetime(2024, 2, 1, 17, 30, tzinfo=dt.timezone.utc)  # 2 February in China
    url = fixture_site.url("/zwgk/ndbg/202401/t20240115_1001.html")
    result = collect([url], content, policy=Policy(delay=DELAY, allow_private=True), clock=lambda: when)
    assert [o.status for o in result.outcomes] == ["collected"], result.outcomes
    (stored,) = load_archive(content).reports
    assert stored.provenance == Provenance(
        url=url, fetched_at=when, status=200, content_type="text/html",
        last_modified=Site.LAST_MODIFIED, etag=stored.provenance.etag if stored.provenance else None,
        published=dt.date(2024, 1, 15), title=stored.provenance.title if stored.provenance else None)
    assert json.loads((stored.directory / PROVENANCE_FILE).read_text(encoding="utf-8"))["fetched_at"] == \
        "2024-02-01T17:30:00Z"
    build(content, tmp_path / "site", docs, repo_root=ROOT)
    html_page = next((tmp_path / "site" / "r").rglob("index.html")).read_text(encoding="utf-8")
    assert f'<a href="{url}"' in html_page and "原文链接" in html_page
    assert "采集于 2024-02-02" in html_page
    # Deterministic: the same content builds the same page.
    markdown = next((docs / "r").rglob("index.md")).read_bytes()
    build(content, None, docs, repo_root=ROOT, run=False)
    assert next((docs / "r").rglob("index.md")).read_bytes() == markdown


def test_provenance_survives_reimports_and_replacements(fixture_site: FixtureSite, tmp_path: Path) -> None:
    content = tmp_path / "content"
    path = "/zwgk/ndbg/202401/t20240115_1001.html"
    body = fixture_site.site.resources[path].body
    # Imported by hand first: collecting the same page later adds where it came from.
    saved = tmp_path / "saved" / "楠木乡2023年报.html"
    saved.parent.mkdir()
    saved.write_bytes(body)
    (by_hand,) = import_files([saved], content)
    assert by_hand.directory is not None and load_provenance(by_hand.directory) is None
    policy = Policy(delay=DELAY, allow_private=True)
    result = collect([fixture_site.url(path)], content, policy=policy)
    assert [(o.status, o.directory) for o in result.outcomes] == [("unchanged", by_hand.directory)]
    provenance = load_provenance(by_hand.directory)
    assert provenance is not None and provenance.url == fixture_site.url(path)
    # Importing the same file again changes nothing.
    (again,) = import_files([saved], content)
    assert again.status == "duplicate" and load_provenance(by_hand.directory) == provenance
    # The government's corrected file replaces it: the old original keeps its provenance under previous/.
    corrected = tmp_path / "saved" / "楠木乡2023年报-更正.html"
    text = body.decode("utf-8")
    heading = text.index("一、总体情况")
    corrected.write_bytes((text[:heading] + "（2024年2月更正）" + text[heading:]).encode("utf-8"))
    (replaced,) = import_files([corrected], content)
    assert replaced.status == "replaced" and replaced.directory is not None
    assert load_provenance(replaced.directory) is None  # not fetched from the web
    kept = replaced.directory / "previous" / by_hand.directory.name
    assert load_provenance(kept) == provenance


def test_a_report_file_given_directly_is_collected(fixture_site: FixtureSite, tmp_path: Path) -> None:
    url = fixture_site.url("/zwgk/ndbg/202401/W020240122551234567890.docx")
    result = collect([url], tmp_path / "content", policy=Policy(delay=DELAY, allow_private=True))
    assert [o.status for o in result.outcomes] == ["collected"], result.outcomes
    (stored,) = load_archive(tmp_path / "content").reports
    assert stored.original.name == "original.docx" and stored.report.source.name == "W020240122551234567890.docx"
    assert stored.provenance is not None and stored.provenance.page is None and stored.provenance.url == url


def test_the_default_is_one_request_per_second_per_host(fixture_site: FixtureSite, tmp_path: Path) -> None:
    site = fixture_site.site
    start = len(site.log)
    code, stdout, _ = run_cli(fixture_site.url("/zwgk/ndbg/202401/t20240122_1003.html"),
                              "--content", str(tmp_path / "content"), "--allow-private")
    requests = site.requests_since(start)
    assert code == 0, stdout
    assert [r.path for r in requests] == ["/robots.txt", "/zwgk/ndbg/202401/t20240122_1003.html",
                                          "/zwgk/ndbg/202401/W020240122551234567890.docx"]
    assert_spaced(requests, 1.0)


def test_dry_run_reads_the_lists_only_and_writes_nothing(fixture_site: FixtureSite, tmp_path: Path) -> None:
    site = fixture_site.site
    content = tmp_path / "content"
    start = len(site.log)
    code, stdout, _ = run_cli(fixture_site.url(LIST), "--content", str(content), "--dry-run", "--since", "2023",
                              *FAST)
    asked = [r.path for r in site.requests_since(start)]
    assert code == 0, stdout
    assert asked == ["/robots.txt", LIST, "/zwgk/ndbg/index_1.html", "/zwgk/ndbg/index_2.html"]
    seen = statuses(stdout)
    assert seen["/zwgk/ndbg/202401/t20240115_1001.html"][0] == "would_collect"
    assert seen["/zwgk/ndbg/202301/t20230110_900.html"][0] == "skipped"  # a 2022 report, before --since 2023
    assert "/private/2023nb.html" in seen and "dry run: nothing written" in stdout
    assert not content.exists()


def test_an_interrupted_run_picks_up_where_it_stopped(fixture_site: FixtureSite, tmp_path: Path) -> None:
    site = fixture_site.site
    content = tmp_path / "content"
    start = len(site.log)
    command = [sys.executable, "-m", "build_tools", "collect", fixture_site.url(LIST), "--content", str(content),
               *FAST]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        # Killed outright (a closed terminal, a crash) while it waits for the 404, past three reports and
        # before the rest. (SIGINT is no test: a shell running the tests in the background ignores it.)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(
                r.path == "/zwgk/ndbg/202401/t20240120_404.html" for r in site.requests_since(start)):
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    interrupted = site.requests_since(start)
    state = json.loads((content / STATE_FILE).read_text(encoding="utf-8"))
    assert state["run"] is not None and state["run"]["done"]
    done = set(state["run"]["done"])
    start = len(site.log)
    code, stdout, _ = run_cli(fixture_site.url(LIST), "--content", str(content), *FAST)
    resumed = site.requests_since(start)
    assert "picked up the interrupted run" in stdout
    asked_again = {site.base + r.path for r in resumed}
    assert not done & asked_again, done & asked_again  # nothing finished before is asked for again
    assert {r.path for r in interrupted} | {r.path for r in resumed} >= set(fixture_site.expected.reports)
    seen = statuses(stdout)
    for path in fixture_site.expected.reports:
        assert seen.get(path, ("missing",))[0] == "collected", (path, stdout)
    assert len(load_archive(content).reports) == len(set(fixture_site.expected.reports.values()))
    assert json.loads((content / STATE_FILE).read_text(encoding="utf-8"))["run"] is None


def test_a_second_collect_on_the_same_archive_stops_at_once(fixture_site: FixtureSite, tmp_path: Path) -> None:
    site = fixture_site.site
    content = tmp_path / "content"
    start = len(site.log)
    command = [sys.executable, "-m", "build_tools", "collect", fixture_site.url(LIST), "--content", str(content),
               "--allow-private", "--delay", "30", "--timeout", "0.5", "--retries", "0"]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        # The first run has fetched the list and now waits out its long delay, holding the archive.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not site.requests_since(start):
            time.sleep(0.02)
        assert site.requests_since(start), "the first collect never asked the site for anything"
        state_before = (content / STATE_FILE).read_bytes() if (content / STATE_FILE).exists() else None
        asked = len(site.log)
        code, stdout, stderr = run_cli(fixture_site.url(LIST), "--content", str(content), *FAST)
        assert code == 1
        assert "another `gongkai collect` is running on this archive" in stderr, stderr
        assert len(site.log) == asked  # the second run asked the site for nothing
        after = (content / STATE_FILE).read_bytes() if (content / STATE_FILE).exists() else None
        assert after == state_before
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
    # A run that died releases the archive: the next one goes ahead and finishes the collection.
    code, stdout, _ = run_cli(fixture_site.url(LIST), "--content", str(content), *FAST)
    assert "another `gongkai collect`" not in stdout
    seen = statuses(stdout)
    for path in fixture_site.expected.reports:
        assert seen.get(path, ("missing",))[0] == "collected", (path, stdout)


# Safety -------------------------------------------------------------------------------------------------


def test_loopback_and_other_schemes_are_refused_without_a_request(fixture_site: FixtureSite, tmp_path: Path) -> None:
    site = fixture_site.site
    start = len(site.log)
    code, stdout, _ = run_cli(fixture_site.url(LIST), "file:///etc/passwd", "ftp://127.0.0.1/x.pdf",
                              "--content", str(tmp_path / "content"), "--delay", "0")
    assert code == 1
    assert site.requests_since(start) == []
    assert "127.0.0.1 is a loopback address (use --allow-private" in stdout
    assert stdout.count("not an http:// or https:// address") == 2


def test_a_declared_huge_body_is_refused_before_it_is_read(fixture_site: FixtureSite) -> None:
    site = fixture_site.site
    site.resources["/big.pdf"] = Resource(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024), "application/pdf")
    with Fetcher(Policy(delay=0, allow_private=True, max_bytes=1024 * 1024)) as fetcher:
        with pytest.raises(FetchError, match=r"larger than 1 MB \(Content-Length 2 MB\): not downloaded"):
            fetcher.get(site.url("/big.pdf"))


def test_crawl_delay_of_robots_txt_is_obeyed(tmp_path: Path) -> None:
    site = Site({"/robots.txt": Resource(b"User-agent: gongkai\nCrawl-delay: 1\nDisallow: /x/\n", "text/plain"),
                 "/a.html": Resource(b"<html><body>a</body></html>"),
                 "/b.html": Resource(b"<html><body>b</body></html>")})
    try:
        with Fetcher(Policy(delay=0.05, allow_private=True)) as fetcher:
            fetcher.get(site.url("/a.html"))
            fetcher.get(site.url("/b.html"))
            with pytest.raises(FetchError, match="robots.txt of 127.0.0.1:\\d+ does not allow fetching /x/y.html"):
                fetcher.get(site.url("/x/y.html"))
        assert [r.path for r in site.log] == ["/robots.txt", "/a.html", "/b.html"]
        assert_spaced(site.log[1:], 1.0)
    finally:
        site.close()


# Reading pages -------------------------------------------------------------------------------------------


def test_list_pages_find_report_links_and_pages_of_both_pager_styles(fixture_site: FixtureSite) -> None:
    resources = fixture_site.site.resources
    first = read_page(resources[LIST].body, "http://gov.example/zwgk/ndbg/index.html")
    assert first.pages == ["http://gov.example/zwgk/ndbg/index_1.html", "http://gov.example/zwgk/ndbg/index_2.html"]
    assert [link.url.rsplit("/", 1)[1] for link in first.report_links] == [
        "t20240115_1001.html", "t20240118_1002.html", "t20240122_1003.html"]  # not the notice about writing one
    assert first.report_links[0].title.endswith("2023年政府信息公开工作年度报告")  # the full title=, not the cut text
    second = read_page(resources["/zwgk/ndbg/index_1.html"].body, "http://gov.example/zwgk/ndbg/index_1.html")
    assert second.pages == ["http://gov.example/zwgk/ndbg/index_2.html"]
    query = read_page('<a href="list.jsp?page=2">下一页</a><a href="t1.html">2021年政务公开工作年度报告</a>'.encode(),
                      "http://gov.example/zwgk/list.jsp?page=1")
    assert query.pages == ["http://gov.example/zwgk/list.jsp?page=2"]
    assert [link.year for link in query.report_links] == [2021]


def test_report_pages_give_their_attachments_and_publication_date(fixture_site: FixtureSite) -> None:
    resources = fixture_site.site.resources
    url = "http://gov.example/zwgk/ndbg/202401/t20240118_1002.html"
    found = read_page(resources["/zwgk/ndbg/202401/t20240118_1002.html"].body, url)
    assert not found.report_body and found.published == dt.date(2024, 1, 18)
    assert [a.url for a in found.attachments] == ["http://gov.example/zwgk/ndbg/202401/P020240118385412345678.pdf"]
    gbk = read_page(resources["/zwgk/ndbg/202401/t20240126_1004.html"].body, url)
    assert gbk.report_body and gbk.title.startswith("长洛乡2023年政府信息公开工作年度报告")
    zw = read_page(resources["/zwgk/ndbg/202401/t20240129_1005.html"].body, url)
    assert [a.title for a in zw.attachments] == ["正文"]


@pytest.mark.parametrize("title, expected", [
    ("酉阳土家族苗族自治县楠木乡人民政府2023年政府信息公开工作年度报告", 2023),
    ("关于2022年度政府信息公开工作年度报告", 2022),
    ("县发展和改革委员会2021年政务公开工作年度报告", 2021),
    ("政府信息公开年报（2020年）", 2020),
    ("2019年度信息公开工作年度报告", 2019),
])
def test_report_titles_and_their_years(title: str, expected: int) -> None:
    assert is_report_title(title) and report_year(title) == expected


@pytest.mark.parametrize("title", ["关于做好2023年政府信息公开工作年度报告编制工作的通知",
                                   "图解：2023年政府信息公开工作年度报告", "政府信息公开指南", "2023年政务公开工作要点",
                                   "政府信息公开年报"])
def test_titles_that_are_not_reports(title: str) -> None:
    assert not is_report_title(title)


def test_a_broken_provenance_file_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / PROVENANCE_FILE).write_text('{"url": "javascript:alert(1)", "fetched_at": "2024-02-01T00:00:00Z", '
                                            '"status": 200}', encoding="utf-8")
    with pytest.raises(ValueError, match="url: Value error, expected an http:// or https:// address"):
        load_provenance(tmp_path)

