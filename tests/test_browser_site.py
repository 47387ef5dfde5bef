"""The built fixture site in headless Chromium: Chinese search, navigation, tables, no remote requests."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from browser import (
        REPORT_URL,
        driver,
        fixture_site,
        foreign_urls,
        open_page,
        requested_urls,
        require_chromium,
        search,
        site_url,
        wait_for,
    )

__all__ = ["driver", "fixture_site", "site_url"]


def test_chromium_is_installed() -> None:
    """The browser tests need Debian's chromium and chromium-driver."""
    require_chromium()


def test_search_finds_report_first_and_opens_it(driver: Any, site_url: str) -> None:
    """Searching 长洛乡 lists the report page first; following the hit opens it."""
    from selenium.webdriver.common.by import By

    requested_urls(driver)  # drop log entries of earlier pages
    hits = search(driver, site_url, "长洛乡")
    title, href = hits[0]
    assert "长洛乡" in title
    assert urlsplit(href).path == "/" + REPORT_URL
    assert urlsplit(href).netloc == urlsplit(site_url).netloc

    driver.find_element(By.CSS_SELECTOR, "li.md-search-result__item > a.md-search-result__link").click()
    wait_for(lambda: urlsplit(driver.current_url).path == "/" + REPORT_URL, 10, "result link did not open the report")
    heading = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "article h1").text, 10, "report has no heading")
    assert "赣州市赣县区长洛乡人民政府" in heading
    assert "987654" in driver.find_element(By.CSS_SELECTOR, "article table").text
    assert "长洛乡" in unquote(urlsplit(driver.current_url).query)  # search.highlight passes the query on

    urls = requested_urls(driver)
    assert any(u.endswith("/assets/gongkai.css") for u in urls)
    assert foreign_urls(urls) == []


def test_pages_request_nothing_from_other_hosts(driver: Any, site_url: str) -> None:
    """Home, index and report pages only ever request 127.0.0.1."""
    requested_urls(driver)
    seen: list[str] = []
    for path in ("", "region/36/", REPORT_URL, "404.html"):
        open_page(driver, urljoin(site_url, path))
        seen += requested_urls(driver)
    assert len(seen) > 10
    assert foreign_urls(seen) == []


def test_tables_sort_and_scroll_on_a_phone(driver: Any, site_url: str) -> None:
    """The vendored tablesort is wired up, and a wide table scrolls inside its wrapper on a phone."""
    from selenium.webdriver.common.by import By

    open_page(driver, urljoin(site_url, "region/36/"))
    headers = wait_for(
        lambda: driver.find_elements(By.CSS_SELECTOR, "article table th[role='columnheader']"),
        10,
        "tablesort did not initialise the index table",
    )
    headers[2].click()
    column = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "article table tbody td:nth-child(3)")]
    assert column == sorted(column, key=int) or column == sorted(column, key=int, reverse=True)

    size = driver.get_window_size()
    driver.set_window_size(390, 844)
    try:
        open_page(driver, urljoin(site_url, REPORT_URL))
        page_width, viewport, scrollers = driver.execute_script(
            "var w = document.querySelectorAll('article .table-scroll')[1];"
            "var boxes = [w].concat(Array.prototype.slice.call(w.querySelectorAll('*')));"
            "var scrollers = boxes.filter(function (e) {"
            "  var o = getComputedStyle(e).overflowX;"
            "  return (o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1; });"
            "return [document.documentElement.scrollWidth, window.innerWidth, scrollers.length];"
        )
        assert page_width <= viewport, "the page itself scrolls sideways"
        assert scrollers > 0, "the wide table does not scroll inside its wrapper"
        wide = driver.find_elements(By.CSS_SELECTOR, "article table[data-no-sort] th[role='columnheader']")
        assert wide == []
    finally:
        driver.set_window_size(size["width"], size["height"])
