"""The archive built from the seeds, in headless Chromium: search, sorting, phones, screenshots, hostile text.

Chromium and chromedriver must be installed (Debian: chromium, chromium-driver, fonts-noto-cjk); when they
are missing these tests fail, they never skip. Screenshots go to the test's temp folder, or to
$GONGKAI_SCREENSHOTS when set, for a person to look at.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from browser import driver, open_page, require_chromium, search, serve_site, wait_for
from test_build import HOSTILE_NAME, HOSTILE_TEXT, SEEDS, Built, build_archive

__all__ = ["driver"]

CHANGLUO_REPORT = "r/360704203/2023/"
COUNTY = "region/360704/"
PHONE = (390, 844)
DESKTOP = (1280, 900)


def _derived_townships() -> dict[str, bytes]:
    """Seed 003 retold for two other townships of 赣县区 with other 行政许可 figures, so the county page
    compares three reports and its numeric columns have something to sort."""
    text = (SEEDS[3]).read_text(encoding="utf-8")
    out = {}
    for name, licences in (("阳埠乡", 12), ("大埠乡", 3)):
        derived = text.replace("长洛乡", name).replace("行政许可\t0\t\t", f"行政许可\t{licences}\t\t")
        assert f"行政许可\t{licences}" in derived and "长洛乡" not in derived
        out[f"derived-{name}.txt"] = derived.encode("utf-8")
    return out


@functools.cache
def _site(root: Path, kind: str) -> Built:
    if kind == "seeds":
        return build_archive(root, {p.name: p.read_bytes() for p in SEEDS} | _derived_townships())
    return build_archive(root, {HOSTILE_NAME: HOSTILE_TEXT.read_bytes()})


@functools.cache
def _serve(site: Path) -> str:
    """Serve a built site on 127.0.0.1 for the rest of the session; return its base URL."""
    return serve_site(site)[0]


@pytest.fixture(scope="session")
def seeds_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    require_chromium()
    return _serve(_site(tmp_path_factory.getbasetemp() / "browser-seeds", "seeds").site)


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    require_chromium()
    return _serve(_site(tmp_path_factory.getbasetemp() / "browser-hostile", "hostile").site)


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GONGKAI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def window(driver: Any) -> Iterator[Any]:
    """The driver, its window put back to desktop size afterwards."""
    try:
        yield driver
    finally:
        driver.set_window_size(*DESKTOP)


def type_query(driver: Any, base_url: str, query: str) -> Any:
    """Type query into Material's search box on the home page like a user; return the box."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, base_url)
    box = driver.find_element(By.CSS_SELECTOR, "input[data-md-component='search-query']")
    if not box.is_displayed():
        driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']").click()
        wait_for(box.is_displayed, 5, "search field did not open")
    box.click()
    box.send_keys(query)
    box.send_keys(Keys.END)  # typed CJK text sends no key-up; Material runs the query on one
    return box


def search_hits(driver: Any, base_url: str, query: str) -> list[tuple[str, str]]:
    """Search like a user; return (title, path) of each page hit."""
    return [(title, urlsplit(href).path) for title, href in search(driver, base_url, query)]


def assert_no_alert(driver: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    time.sleep(0.3)  # let onerror handlers of broken images run, if there were any
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert


# Search ------------------------------------------------------------------------------------------


def test_chromium_is_installed() -> None:
    require_chromium()


def test_search_finds_the_changluo_report_and_opens_it(driver: Any, seeds_url: str) -> None:
    from selenium.webdriver.common.by import By

    hits = search_hits(driver, seeds_url, "长洛乡")
    paths = [path for _, path in hits]
    assert "/" + CHANGLUO_REPORT in paths
    link = driver.find_element(By.CSS_SELECTOR, f"li.md-search-result__item > a[href*='/{CHANGLUO_REPORT}']")
    link.click()
    wait_for(lambda: urlsplit(driver.current_url).path == "/" + CHANGLUO_REPORT, 10, "the hit did not open")
    assert "长洛乡人民政府" in driver.title
    assert "长洛乡人民政府" in driver.find_element(By.CSS_SELECTOR, "article h1").text


def test_search_lists_the_changluo_township_and_its_report_first(driver: Any, seeds_url: str) -> None:
    hits = search_hits(driver, seeds_url, "长洛乡")
    assert [path for _, path in hits[:2]] == ["/region/360704203/", "/" + CHANGLUO_REPORT]
    assert "长洛乡" in hits[0][0] and "长洛乡人民政府" in hits[1][0]


# County page -------------------------------------------------------------------------------------


def test_county_page_compares_its_townships_and_sorts_numerically(driver: Any, seeds_url: str) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, urljoin(seeds_url, COUNTY))
    heading = driver.find_element(By.XPATH, "//h2[starts-with(normalize-space(.), '2023 年度报告对比')]")
    table = heading.find_element(By.XPATH, "following::table[1]")
    headers = wait_for(lambda: table.find_elements(By.CSS_SELECTOR, "th[role='columnheader']"), 10,
                       "tablesort did not set up the comparison table")
    names = [h.text.strip() for h in headers]
    column = names.index("行政许可") + 1

    def values() -> list[str]:
        return [td.text for td in table.find_elements(By.CSS_SELECTOR, f"tbody td:nth-child({column})")]

    def organs() -> list[str]:
        return [td.text for td in table.find_elements(By.CSS_SELECTOR, "tbody td:nth-child(1)")]

    assert sorted(values(), key=int) == ["0", "3", "12"]
    assert len(organs()) == 3 and all("人民政府" in o for o in organs())
    headers[column - 1].click()
    first = values()
    headers[column - 1].click()
    second = values()
    assert {tuple(first), tuple(second)} == {("0", "3", "12"), ("12", "3", "0")}  # numbers, not "0" < "12" < "3"
    order = dict(zip(values(), organs()))
    assert "阳埠乡" in order["12"] and "大埠乡" in order["3"] and "长洛乡" in order["0"]


def test_the_colour_scheme_a_reader_chooses_holds_on_the_next_page(driver: Any, seeds_url: str) -> None:
    """Material's head scripts come from assets/head.js: its storage is scoped to the site's root, and the
    scheme chosen with the header's toggle is the next page's."""
    from selenium.webdriver.common.by import By

    open_page(driver, urljoin(seeds_url, CHANGLUO_REPORT))
    assert driver.execute_script("return __md_scope.href") == urljoin(seeds_url, "./")
    driver.execute_script("localStorage.clear()")
    open_page(driver, urljoin(seeds_url, CHANGLUO_REPORT))
    for _ in range(2):  # automatic → light → dark
        toggle = next(t for t in driver.find_elements(By.CSS_SELECTOR, "form[data-md-component=palette] label")
                      if t.is_displayed())
        toggle.click()
    wait_for(lambda: driver.execute_script("return document.body.getAttribute('data-md-color-scheme')") == "slate",
             5, "the dark scheme is not applied")
    open_page(driver, urljoin(seeds_url, COUNTY))
    assert driver.execute_script("return typeof gongkaiPalette") == "function"
    assert driver.execute_script("return document.body.getAttribute('data-md-color-scheme')") == "slate"
    driver.execute_script("localStorage.clear()")


def test_figures_and_view_original_unfold_the_original_on_the_page(driver: Any, seeds_url: str) -> None:
    """A figure's line link and 查看原文 open the folded original at the end of the report page."""
    from selenium.webdriver.common.by import By

    open_page(driver, urljoin(seeds_url, CHANGLUO_REPORT))
    original = driver.find_element(By.ID, "source")
    assert original.get_attribute("open") is None
    def click(element: Any) -> None:  # like a reader: scrolled to the middle, clear of the sticky header
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        # The page and a table's own box may still be scrolling: click once nothing covers the element.
        wait_for(lambda: driver.execute_script(_VISIBLE, element), 5, "the element stays covered")
        element.click()

    click(driver.find_element(By.LINK_TEXT, "查看原文"))
    assert original.get_attribute("open") is not None
    driver.execute_script("arguments[0].open = false", original)

    # A figure printed on its row's line is bare: the row's label links to the line, and a click on the
    # figure follows that link.
    row = driver.find_element(By.XPATH, "//tr[th[contains(., '4.保护第三方合法权益')]]")
    line = row.find_element(By.CSS_SELECTOR, "th a").get_attribute("href").rsplit("#", 1)[1]
    cell = row.find_element(By.CSS_SELECTOR, "td")
    assert not cell.find_elements(By.CSS_SELECTOR, "a")
    click(cell)
    assert original.get_attribute("open") is not None
    target = driver.find_element(By.ID, line)
    assert "保护第三方" in target.text
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", target)
    assert 0 <= top < driver.execute_script("return window.innerHeight")
    assert driver.execute_script("return document.querySelector(':target') === arguments[0]", target)
    # Its number, drawn by CSS until the block opens, is then a link to the line (the number once only).
    number = target.find_element(By.CSS_SELECTOR, "a.ln")
    assert number.text == line[1:] and number.get_attribute("href").endswith("#" + line)
    assert target.text.count(line[1:]) >= 1 and target.text.startswith(line[1:])
    assert driver.execute_script("return getComputedStyle(arguments[0], '::before').content", target) == "none"


# Phones and screenshots --------------------------------------------------------------------------


def test_report_page_on_a_phone_scrolls_tables_not_the_page(window: Any, seeds_url: str) -> None:
    from selenium.webdriver.common.by import By

    window.set_window_size(*PHONE)
    open_page(window, urljoin(seeds_url, CHANGLUO_REPORT))
    page_width, viewport = window.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
    assert page_width <= viewport, "the page itself scrolls sideways"
    wrappers = window.find_elements(By.CSS_SELECTOR, "article .table-scroll")
    assert len(wrappers) >= 4
    # Table 3 is wider than a phone: it scrolls inside its wrapper, which stays within the screen.
    table3 = window.find_element(By.XPATH, "//h2[starts-with(., '三、')]/following::div[contains(@class, "
                                           "'table-scroll')][1]")
    scrolls = window.execute_script(
        "var w = arguments[0]; var boxes = [w].concat(Array.prototype.slice.call(w.querySelectorAll('*')));"
        "var s = boxes.filter(function (e) { var o = getComputedStyle(e).overflowX;"
        "  return (o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1; });"
        "var r = w.getBoundingClientRect(); return [s.length, r.left, r.right];", table3)
    assert scrolls[0] >= 1, "table 3 does not scroll inside its wrapper"
    assert scrolls[1] >= 0 and scrolls[2] <= viewport

    # The original's long lines wrap inside its block: unfolded, it does not widen the page.
    window.execute_script("document.getElementById('source').open = true")
    page_width, viewport = window.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
    assert page_width <= viewport, "the original scrolls the page sideways"


def test_on_a_phone_a_report_pages_drawer_holds_the_navigation(window: Any, seeds_url: str) -> None:
    """A report page is not in the navigation: assets/chrome.js puts the site's navigation in its drawer,
    with links that lead where the index pages' own do."""
    from selenium.webdriver.common.by import By

    window.set_window_size(*PHONE)
    open_page(window, urljoin(seeds_url, CHANGLUO_REPORT))
    assert window.execute_script("return document.documentElement.classList.contains('no-js')") is False
    assert not window.find_element(By.CSS_SELECTOR, ".md-tabs").is_displayed()  # Material's phone layout
    window.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__drawer']").click()
    expected = ["首页", "地区", "年度", "数据质量", "下载", "数据字典", "术语", "方法"]

    def drawer_links() -> list[Any]:
        # The drawer slides in: a link can be displayed before its text is laid out.
        links = [a for a in window.find_elements(By.CSS_SELECTOR, ".md-nav--primary .md-nav__list a")
                 if a.is_displayed()]
        return links if [a.text for a in links] == expected else []

    links = wait_for(drawer_links, 5, f"the drawer does not show the navigation {expected}")
    assert [a.get_attribute("href") for a in links][1:3] == [urljoin(seeds_url, "region/"), urljoin(seeds_url, "year/")]
    links[1].click()
    wait_for(lambda: urlsplit(window.current_url).path == "/region/", 5, "the drawer's link led elsewhere")
    assert window.find_element(By.CSS_SELECTOR, "article h1").text.startswith("按地区浏览")


@pytest.mark.parametrize("url", [CHANGLUO_REPORT, COUNTY], ids=["report", "county"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots(window: Any, seeds_url: str, screenshots: Path, url: str, size: tuple[int, int]) -> None:
    """Whole-page screenshots of the report and county pages, for a person to look at."""
    window.set_window_size(*size)
    open_page(window, urljoin(seeds_url, url))
    height = window.execute_script("return document.documentElement.scrollHeight")
    window.set_window_size(size[0], min(height + 140, 8000))
    time.sleep(0.3)
    name = f"{'report' if url == CHANGLUO_REPORT else 'county'}-{size[0]}.png"
    assert window.save_screenshot(str(screenshots / name))
    assert (screenshots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert window.execute_script("return document.documentElement.scrollWidth") <= size[0]


# Hostile text ------------------------------------------------------------------------------------


def _hostile_report(driver: Any, base_url: str) -> str:
    """The path of the hostile report page, found from the year page like a reader would."""
    from selenium.webdriver.common.by import By

    open_page(driver, urljoin(base_url, "year/2023/"))
    link = driver.find_element(By.CSS_SELECTOR, "article table a[href*='r/']")
    return urlsplit(link.get_attribute("href")).path


def _injected(driver: Any) -> list[str]:
    """Script elements or event-handler attributes in the live page that carry the payload."""
    return driver.execute_script(
        "var out = [];"
        "document.querySelectorAll('script').forEach(function (s) {"
        "  if (s.textContent.indexOf('alert') >= 0) out.push('script: ' + s.textContent.slice(0, 60)); });"
        "document.querySelectorAll('*').forEach(function (e) {"
        "  for (var i = 0; i < e.attributes.length; i++) { var a = e.attributes[i];"
        "    if (a.name.indexOf('on') === 0 || /^\\s*javascript:/i.test(a.value))"
        "      out.push(e.tagName + ' ' + a.name + '=' + a.value.slice(0, 60)); } });"
        "return out;")


def test_hostile_report_and_source_pages_show_text_and_run_nothing(driver: Any, hostile_url: str) -> None:
    from selenium.webdriver.common.by import By

    report = _hostile_report(driver, hostile_url)
    for path in (report, report + "#L1"):  # the second opens the original on the page
        open_page(driver, urljoin(hostile_url, path))
        assert_no_alert(driver)
        assert _injected(driver) == [], path
        text = driver.find_element(By.CSS_SELECTOR, "article").text
        assert "<script>alert(1)</script>" in text, path
        assert "<img src=x onerror=alert(1)>" in text and "[x](javascript:alert(1))" in text, path
        assert "{{ config }}" in text and "{% raw %}" in text and '" onmouseover="alert(1)' in text, path
    assert driver.find_elements(By.CSS_SELECTOR, "article img") == []


def test_hostile_search_results_show_text_and_run_nothing(driver: Any, hostile_url: str) -> None:
    from selenium.webdriver.common.by import By

    hits = search_hits(driver, hostile_url, "东沟乡")
    assert_no_alert(driver)
    assert _injected(driver) == []
    assert any("<script>alert(1)</script>" in title for title, _ in hits), hits
    results = driver.find_element(By.CSS_SELECTOR, ".md-search-result").text
    assert "<imgsrc=xonerror=alert(1)>" in results  # the organ, whose spaces the parser drops
    assert driver.find_elements(By.CSS_SELECTOR, ".md-search-result img") == []

    # The organ as printed, payload and all, typed as the query.
    type_query(driver, hostile_url, "东沟乡<script>alert(1)</script><img src=x onerror=alert(1)>")
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, ".md-search-result__meta").text, 10,
             "search did not answer")
    assert_no_alert(driver)
    assert _injected(driver) == []
    assert driver.find_elements(By.CSS_SELECTOR, ".md-search-result img") == []


# Tables for comparing ----------------------------------------------------------------------------

_VISIBLE = """
var e = arguments[0], r = e.getBoundingClientRect();
var x = Math.min(r.left + r.width / 2, window.innerWidth - 2), y = r.top + Math.min(r.height / 2, 8);
var hit = document.elementFromPoint(x, y);
return r.right > 0 && r.left < window.innerWidth && r.bottom > 0 && r.top < window.innerHeight
    && hit !== null && (hit === e || e.contains(hit));
"""
"""Whether an element is on screen and not covered where a reader would look at it."""


def _table_of(driver: Any, heading_start: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.XPATH, f"//h2[starts-with(normalize-space(.), '{heading_start}')]"
                                         "/following::div[contains(@class, 'table-scroll')][1]")


def _header(wrapper: Any, label: str) -> Any:
    from selenium.webdriver.common.by import By

    return next(th for th in wrapper.find_elements(By.CSS_SELECTOR, "thead th") if th.text.strip() == label)


def _bring_to_top(driver: Any, wrapper: Any) -> None:
    """Scroll the page so the table starts just below Material's header, as a reader would."""
    driver.execute_script("window.scrollBy(0, arguments[0].getBoundingClientRect().top - 80)", wrapper)
    time.sleep(0.2)


def test_county_comparison_shows_the_rates_without_scrolling_on_a_desktop(window: Any, seeds_url: str) -> None:
    window.set_window_size(*DESKTOP)
    open_page(window, urljoin(seeds_url, COUNTY))
    wrapper = _table_of(window, "2023 年度报告对比")
    _bring_to_top(window, wrapper)
    assert window.execute_script("return arguments[0].scrollLeft", wrapper) == 0
    for label in ("机关", "公开率", "数据质量", "时效"):
        assert window.execute_script(_VISIBLE, _header(wrapper, label)), label
    # No empty navigation beside the table: it has the page's width.
    width = window.execute_script("return arguments[0].getBoundingClientRect().width", wrapper)
    assert width > 0.85 * DESKTOP[0]


def test_the_header_row_stays_in_view_down_a_long_table(window: Any, seeds_url: str) -> None:
    from selenium.webdriver.common.by import By

    window.set_window_size(*DESKTOP)
    open_page(window, urljoin(seeds_url, CHANGLUO_REPORT))
    wrapper = _table_of(window, "三、")
    _bring_to_top(window, wrapper)
    total = _header(wrapper, "总计")
    last = wrapper.find_elements(By.CSS_SELECTOR, "tbody th[scope='row']")[-1]
    assert not window.execute_script(_VISIBLE, last), "the table is not long enough to test"
    window.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", wrapper)
    time.sleep(0.2)
    assert window.execute_script(_VISIBLE, last)
    assert window.execute_script(_VISIBLE, total), "the header row scrolled away"
    assert window.execute_script(_VISIBLE, _header(wrapper, "自然人"))


def test_on_a_phone_table_3s_total_is_reachable_with_its_labels(window: Any, seeds_url: str) -> None:
    from selenium.webdriver.common.by import By

    window.set_window_size(*PHONE)
    open_page(window, urljoin(seeds_url, CHANGLUO_REPORT))
    wrapper = _table_of(window, "三、")
    _bring_to_top(window, wrapper)
    total = _header(wrapper, "总计")
    assert not window.execute_script(_VISIBLE, total), "table 3 fits a phone: nothing to test"
    assert "scrolls" in wrapper.get_attribute("class").split()  # the table shows that it scrolls
    hint = wrapper.find_element(By.XPATH, "preceding-sibling::*[1]")
    assert "scroll-hint" in hint.get_attribute("class").split() and hint.is_displayed()
    window.execute_script("arguments[0].scrollLeft = arguments[0].scrollWidth", wrapper)
    time.sleep(0.2)
    row = wrapper.find_element(By.XPATH, ".//tr[th[@scope='row'][contains(., '一、本年新收')]]")
    label = row.find_element(By.CSS_SELECTOR, "th[scope='row']")
    cell = row.find_elements(By.CSS_SELECTOR, "td")[-1]
    for element, what in ((total, "总计 header"), (label, "row label"), (cell, "总计 cell")):
        assert window.execute_script(_VISIBLE, element), what
    # Down the table the column label stays beside its figures.
    window.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", wrapper)
    time.sleep(0.2)
    assert window.execute_script(_VISIBLE, total), "the 总计 label scrolled away"
    assert window.execute_script(_VISIBLE, wrapper.find_elements(By.CSS_SELECTOR, "tbody th[scope='row']")[-1])


def test_on_a_phone_the_facts_labels_stay_on_one_line(window: Any, seeds_url: str) -> None:
    from selenium.webdriver.common.by import By

    window.set_window_size(*PHONE)
    open_page(window, urljoin(seeds_url, CHANGLUO_REPORT))
    labels = window.find_elements(By.CSS_SELECTOR, "article .facts th")
    assert [th.text for th in labels][:2] == ["发布机关", "地区"]
    lines = window.execute_script(
        "return arguments[0].map(function (th) { var r = document.createRange(); r.selectNodeContents(th);"
        "  return new Set(Array.from(r.getClientRects()).map(function (b) { return Math.round(b.top); })).size; })",
        labels)
    assert lines == [1] * len(labels)


def test_a_report_page_opens_with_what_is_wrong(driver: Any, seeds_url: str) -> None:
    from selenium.webdriver.common.by import By

    open_page(driver, urljoin(seeds_url, "r/630223208/2023/"))
    first = driver.find_element(By.CSS_SELECTOR, "article h1 ~ p.verdict")
    assert first.text.startswith("检查发现本报告有 2 项问题") and "空白" in first.text
    badge = driver.find_element(By.CSS_SELECTOR, "article .facts .badge-warn")
    assert badge.text == "2 个警告"
    # Twenty-three rows with blank cells are one line, the reading notes apart and folded.
    lines = driver.find_elements(By.CSS_SELECTOR, "article > ul.findings > li")
    assert sum(1 for li in lines if "F-06" in li.text) == 1
    notes = driver.find_element(By.CSS_SELECTOR, "article details.reading-notes")
    assert notes.get_attribute("open") is None and "L-03" in notes.get_attribute("textContent")


# Search and what the browser asks for ------------------------------------------------------------


def test_a_phrase_finds_exactly_the_reports_that_hold_it(driver: Any, seeds_url: str,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    """依申请公开 on the seed site: every report whose text holds it, none other, each with a snippet."""
    from selenium.webdriver.common.by import By

    from build_tools.search_index import normalize

    content = _site(tmp_path_factory.getbasetemp() / "browser-seeds", "seeds").content
    holding = set()
    for original in content.glob("reports/*/*/original.txt"):
        if "依申请公开" in normalize(original.read_text(encoding="utf-8")):
            data = yaml.safe_load((original.parent / "report.yaml").read_text(encoding="utf-8"))
            holding.add(f"/r/{data['region']['code']}/{data['year']}/")
    assert 0 < len(holding) < 7 and "/r/630223208/2023/" not in holding  # 东沟乡's report does not hold it
    type_query(driver, seeds_url, "依申请公开")

    def final() -> list[tuple[str, str]] | None:
        items = driver.find_elements(By.CSS_SELECTOR, "li.md-search-result__item > a.md-search-result__link")
        hits = [(urlsplit(a.get_attribute("href")).path, a.text) for a in items]
        reports = [(path, text) for path, text in hits if path.startswith("/r/")]
        # The last answer shows each report with the phrase where it occurs.
        if reports and all("依申请公开" in text for _, text in reports):
            return reports
        time.sleep(0.2)
        return None

    reports = wait_for(final, 20, "the search did not settle on reports with snippets")
    assert {path for path, _ in reports} == holding and len(reports) == len(holding)
    for path, text in reports:
        assert "依申请公开" in text.split("\n", 1)[1], path  # a snippet below the title


def test_pages_ask_for_no_sitemap_and_nothing_missing(driver: Any, seeds_url: str) -> None:
    from browser import requested_urls

    requested_urls(driver)
    asked: list[str] = []
    for path in ("", COUNTY, CHANGLUO_REPORT):
        open_page(driver, urljoin(seeds_url, path))
        time.sleep(0.5)
        asked += requested_urls(driver)
    assert not [u for u in asked if u.endswith("sitemap.xml")], asked
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
