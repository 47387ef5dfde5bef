"""The generated docs build with Zensical too (the successor of Material for MkDocs, by its authors).

Material 9.x reaches its end of life on 2027-05-05; this keeps the way to Zensical open. Zensical reads
mkdocs.yml but not INHERIT, and wants docs_dir and site_dir inside the folder of its config, so the test
writes the base config with the generated nav into a project folder that holds the docs.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml

from browser import driver, open_page, serve_site, wait_for
from test_build import REPO_ROOT, SEED_PAGES, Built, archive_site

__all__ = ["archive_site", "driver"]

pytestmark = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                reason="zensical is not installed (pip install -e '.[test]' installs it)")

REPORT = SEED_PAGES["003_df809919c7a5e4a0"][0]
NAV = ["首页", "地区", "年度", "数据质量", "下载", "数据字典", "术语", "方法"]


def _html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def zensical_site(archive_site: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' generated docs, built with `zensical build`; the site's folder."""
    project = tmp_path_factory.mktemp("zensical") / "project"
    shutil.copytree(archive_site.docs, project / "docs", ignore=shutil.ignore_patterns(".gongkai"))
    shutil.copytree(REPO_ROOT / "overrides", project / "overrides")
    generated = yaml.safe_load((archive_site.docs / ".gongkai" / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = {"docs_dir": "docs", "site_dir": "site", "nav": generated["nav"], "extra": generated["extra"]}
    (project / "mkdocs.yml").write_text((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "\n"
                                        + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"], cwd=project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_the_seeds_docs_build_with_zensical_with_every_page(archive_site: Built, zensical_site: Path) -> None:
    site = zensical_site
    assert _html_pages(site) == _html_pages(archive_site.site)  # every page MkDocs builds, and no other
    for report, *_, organ in SEED_PAGES.values():
        page = (site / report / "index.html").read_text(encoding="utf-8")
        mkdocs_page = archive_site.page(report)
        assert organ in page, report
        # The generated HTML blocks (tables, the original with its line anchors) arrive as they are.
        for pattern in (r'<th scope=row>[^<]*<a href=#L\d+>[^<]+</a>(?:<td[^>]*>[^\n]*)', r'<li id=L\d+>'):
            found = re.findall(pattern, mkdocs_page)
            assert found and re.findall(pattern, page) == found, (report, pattern)
    for name in ("data/gongkai.csv.gz", "data/counties.json", "data/county/360704.json.gz", "data/labels.json",
                 "assets/csv.js"):
        assert (site / name).read_bytes() == (archive_site.site / name).read_bytes(), name


def test_zensical_publishes_the_page_templates_script_parts(archive_site: Built, zensical_site: Path) -> None:
    """assets/chrome.js (build_tools/chrome.py) is in the docs, rendered: Zensical renders no theme template
    of ours, and published the template itself when MkDocs rendered it (theme.static_templates)."""
    chrome = (zensical_site / "assets" / "chrome.js").read_bytes()
    assert chrome == (archive_site.site / "assets" / "chrome.js").read_bytes()
    assert chrome.startswith(b"/* Generated from") and b"{%" not in chrome and b"{{" not in chrome
    assert b"gongkaiChrome(" in (zensical_site / REPORT / "index.html").read_bytes()


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    url, server = serve_site(zensical_site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def test_a_report_page_built_by_zensical_has_its_palette_search_and_drawer(driver: Any, zensical_url: str) -> None:
    """Zensical's script takes the parts that assets/chrome.js puts in place: the colour scheme switch
    works, the search dialog is there, and the drawer of a page outside the navigation holds it."""
    from selenium.webdriver.common.by import By

    driver.set_window_size(390, 844)  # a phone, whose drawer shows the navigation
    try:
        open_page(driver, urljoin(zensical_url, REPORT))
        assert driver.execute_script("return document.documentElement.classList.contains('no-js')") is False
        assert driver.find_elements(By.CSS_SELECTOR, "script#__config")
        assert driver.find_elements(By.CSS_SELECTOR, ".md-search input[data-md-component='search-query']")

        def scheme() -> str:
            return driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")

        def switch() -> None:  # the toggle shown is the one that leads to the next scheme
            [toggle] = [label for label in driver.find_elements(By.CSS_SELECTOR, "[data-md-component=palette] label")
                        if label.is_displayed()]
            toggle.click()

        switch()  # following the system → light
        wait_for(lambda: scheme() == "default", 5, "the colour scheme switch does not switch to light")
        switch()  # light → dark
        wait_for(lambda: scheme() == "slate", 5, "the colour scheme switch does not switch to dark")

        driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__drawer']").click()

        def drawer_links() -> list[Any]:
            links = [a for a in driver.find_elements(By.CSS_SELECTOR, ".md-nav--primary .md-nav__list a")
                     if a.is_displayed()]
            return links if [a.text for a in links] == NAV else []

        links = wait_for(drawer_links, 5, f"the drawer does not show the navigation {NAV}")
        assert links[1].get_attribute("href") == urljoin(zensical_url, "region/")
    finally:
        driver.execute_script("localStorage.clear()")
        driver.set_window_size(1280, 900)
