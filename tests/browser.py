"""Shared test helpers: the small fixture site, a local HTTP server and headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from build_tools.site import run_mkdocs, write_config, write_docs

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_HINT = "apt-get install chromium chromium-driver fonts-noto-cjk"

BUILD_DATE = "2024-01-01"
REPORT_PATH = "r/360704203/2023.md"
REPORT_URL = "r/360704203/2023/"
REPORT_TITLE = "赣州市赣县区长洛乡人民政府2023年政府信息公开工作年度报告"
PLACE_WORDS = ("赣州市", "赣县区", "长洛乡")
TABLE_NUMBERS = ("987654", "13579", "24680", "86420")

_WIDE_HEAD = "".join(f"<th>第{i}项</th>" for i in range(1, 13))
_WIDE_ROW = "".join(f'<td class="num">{86420 + i}</td>' for i in range(12))

FIXTURE_FILES: dict[str, str] = {
    "index.md": """# 政府信息公开年度报告档案

本站收录各级行政机关发布的政府信息公开工作年度报告。

- [江西省](region/36.md)
""",
    "region/36.md": """# 江西省

- [赣州市赣县区长洛乡人民政府 2023 年度报告](../r/360704203/2023.md)

<div class="table-scroll" data-search-exclude>
<table>
<thead><tr><th>机关</th><th>年度</th><th>主动公开</th></tr></thead>
<tbody>
<tr><td><a href="../../r/360704203/2023/">长洛乡人民政府</a></td><td>2023</td><td>24680</td></tr>
<tr><td>示例镇人民政府</td><td>2022</td><td>86420</td></tr>
<tr><td>示例街道办事处</td><td>2021</td><td>13579</td></tr>
</tbody>
</table>
</div>
""",
    REPORT_PATH: f"""---
search:
  boost: 5
---
# {REPORT_TITLE}

赣州市赣县区长洛乡人民政府依照《中华人民共和国政府信息公开条例》编制本报告。

<div class="table-scroll" data-search-exclude>
<table>
<thead>
<tr><th>项目</th><th>本年新制作数量</th><th>本年新公开数量</th><th>对外公开总数量</th></tr>
</thead>
<tbody>
<tr><td>规章</td><td class="num">987654</td><td class="num cell-inferred">13579</td>
<td class="num cell-blank"></td></tr>
<tr><td>行政规范性文件</td><td class="num cell-na">—</td><td class="num cell-unread">?</td>
<td class="num cell-unreadable">24680</td></tr>
</tbody>
</table>
</div>

<div class="table-scroll" data-search-exclude>
<table data-no-sort>
<thead><tr>{_WIDE_HEAD}</tr></thead>
<tbody><tr>{_WIDE_ROW}</tr></tbody>
</table>
</div>

质量：<span class="badge-ok">已核对</span>

[返回江西省](../../region/36.md)
""",
}

FIXTURE_NAV: list[Any] = [
    {"首页": "index.md"},
    {"地区": [{"江西省": "region/36.md"}]},
]


@dataclass(frozen=True)
class BuiltSite:
    """Paths of one build of the fixture site."""

    docs_dir: Path
    site_dir: Path
    config_path: Path


def build_fixture_site(root: Path, *, jieba_words: tuple[str, ...] = PLACE_WORDS) -> BuiltSite:
    """Write the fixture docs under root and build them strictly with a fixed date."""
    docs_dir, site_dir = root / "docs", root / "site"
    write_docs(docs_dir, FIXTURE_FILES)
    config_path = write_config(docs_dir, site_dir, FIXTURE_NAV, jieba_words=jieba_words, repo_root=REPO_ROOT)
    run_mkdocs(config_path, strict=True, build_date=BUILD_DATE)
    return BuiltSite(docs_dir, site_dir, config_path)


@functools.cache
def _cached_build(root: Path) -> BuiltSite:
    """Build the fixture site once per root (i.e. once per test session)."""
    return build_fixture_site(root)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture site, built once per session."""
    return _cached_build(tmp_path_factory.getbasetemp() / "fixture-site")


# ---------------------------------------------------------------------------
# HTTP server
# ---------------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that does not log every request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Drop the access log line."""


def serve_site(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
               ) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve a built site on 127.0.0.1 (free port) from a daemon thread; return its base URL and server."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def site_url(fixture_site: BuiltSite) -> Iterator[str]:
    """Serve the fixture site on 127.0.0.1 (free port); yield its base URL ending in '/'."""
    url, server = serve_site(fixture_site.site_dir)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def require_chromium() -> None:
    """Fail (never skip) when Chromium or its driver is missing: CI installs them."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"Chromium is not installed ({', '.join(missing)} missing): {INSTALL_HINT}")


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    """Headless Chromium through Debian's chromedriver, with a fresh profile and network log."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="gongkai-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,900")
    options.add_argument("--lang=zh-CN")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    chrome = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(predicate: Any, timeout: float, message: str) -> Any:
    """Poll predicate until it returns something truthy; fail the test after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception:  # element not there yet, stale, ...
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.1)


def open_page(driver: Any, url: str) -> None:
    """Load url and wait until the page and Material's content area are ready."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait_for(
        lambda: driver.execute_script("return document.readyState") == "complete"
        and driver.find_elements(By.CSS_SELECTOR, "article.md-content__inner"),
        15,
        f"page {url} did not finish loading",
    )


def search(driver: Any, base_url: str, query: str) -> list[tuple[str, str]]:
    """Search from the home page like a user; return (title, absolute href) of each result."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, base_url)
    box = driver.find_element(By.CSS_SELECTOR, "input[data-md-component='search-query']")
    if not box.is_displayed():  # narrow layout: the field hides behind the header button
        driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']").click()
        wait_for(box.is_displayed, 5, "search field did not open")
    box.click()
    box.send_keys(query)
    box.send_keys(Keys.END)  # typed CJK text sends no key-up; Material runs the query on one
    links_css = "li.md-search-result__item > a.md-search-result__link"

    def results() -> list[Any]:
        links = driver.find_elements(By.CSS_SELECTOR, links_css)
        if not links:  # the index may not have been ready yet: ask again
            box.send_keys(Keys.END)
            time.sleep(0.2)
            links = driver.find_elements(By.CSS_SELECTOR, links_css)
        return links

    links = wait_for(results, 15, f"no search results for {query!r}")
    hits = []
    for link in links:
        title = link.find_element(By.CSS_SELECTOR, "h1, h2").text
        hits.append((title.replace("\u200b", "").strip(), link.get_attribute("href")))
    return hits


def requested_urls(driver: Any) -> list[str]:
    """URLs the browser requested: performance log since the last call plus this page's resources."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    urls += driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    return urls


_LOCAL_SCHEMES = ("data", "blob", "about", "javascript", "chrome", "chrome-untrusted", "chrome-extension", "devtools")
"""Schemes served by the browser itself (e.g. its new-tab page), never by the network."""


def foreign_urls(urls: list[str]) -> list[str]:
    """The URLs among urls that go to a host other than 127.0.0.1."""
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in _LOCAL_SCHEMES:
            continue
        if parts.hostname != "127.0.0.1":
            foreign.append(url)
    return foreign
