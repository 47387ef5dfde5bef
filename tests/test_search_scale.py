"""Search at scale (issue 6): the archive's own index behind Material's search box, with exact recall.

The recall test runs the real worker (build_tools/assets/search/worker.js) in headless Chromium against
the real index files of 5,000 synthetic reports (scripts/benchmark.py draws them: real place names, varied
narratives). Building 5,000 MkDocs pages would take minutes, so only the index is built, behind a
one-page site. The other tests build the seed archive for real: the archive's own index answers at
every size, hostile names included, and Material's own search only when a threshold above the archive
is asked for; and a province shard and the portal are built from it.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.pipeline import build
from build_tools.search_index import SEARCH_THRESHOLD, SearchPlace, SearchReport, normalize

from browser import driver, open_page, require_chromium, search, serve_site, wait_for
from test_build import HOSTILE_NAME, HOSTILE_TEXT, SEEDS, build_archive

__all__ = ["driver"]

REPO_ROOT = Path(__file__).resolve().parents[1]
N = 5000
PHRASES = ("依申请公开", "政府信息公开", "行政许可")
WORKER = "assets/search/worker.js"


@functools.cache
def _benchmark() -> Any:
    spec = importlib.util.spec_from_file_location("gongkai_benchmark", REPO_ROOT / "scripts" / "benchmark.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class _RecordingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; remembers every path asked for."""

    asked: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: Any) -> None:
        """Drop the access log line."""

    def do_GET(self) -> None:
        self.asked.append(urlsplit(self.path).path)
        super().do_GET()


@functools.cache
def _serve(site: Path) -> str:
    """Serve a built site on 127.0.0.1 for the rest of the session; return its base URL."""
    return serve_site(site, _RecordingHandler)[0]


_HITS = """
return Array.from(document.querySelectorAll("li.md-search-result__item > a.md-search-result__link"))
  .map(function (a) {
    var h = a.querySelector("h1, h2");
    return [h ? h.textContent.replace(/\u200b/g, "").trim() : "", a.getAttribute("href")];
  });
"""


def search_settled(driver: Any, base_url: str, query: str) -> list[tuple[str, str]]:
    """Search like a user and return (title, href) once the list stops changing.

    The archive's worker answers twice (names at once, then the full text), and Material redraws the
    list each time, so the hits are read in one script call after two equal readings.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(driver, base_url)
    box = driver.find_element(By.CSS_SELECTOR, "input[data-md-component='search-query']")
    box.click()
    box.send_keys(query)
    box.send_keys(Keys.END)  # typed CJK text sends no key-up; Material runs the query on one
    last: list[Any] = []

    def settled() -> list[tuple[str, str]] | None:
        nonlocal last
        hits = driver.execute_script(_HITS)
        if hits and hits == last:
            return [(title, href) for title, href in hits]
        last = hits
        time.sleep(0.3)
        return None

    return wait_for(settled, 20, f"no search results for {query!r}")


# The index of 5,000 reports ----------------------------------------------------------------------------


@dataclass
class Scale:
    url: str
    site: Path
    places: list[SearchPlace]
    reports: list[SearchReport]

    @functools.cached_property
    def paths(self) -> dict[str, str]:
        """Place code → its names from the province down, run together (as the index matches them)."""
        by_code = {p.code: p for p in self.places}
        out: dict[str, str] = {}
        for place in self.places:
            names, p = [], place
            while True:
                names.append(p.name)
                if p.parent < 0:
                    break
                p = self.places[p.parent]
            out[place.code] = normalize("".join(reversed(names)))
        assert set(out) == set(by_code)
        return out

    @functools.cached_property
    def texts(self) -> list[tuple[str, int | None, str, str]]:
        """Each report's page, year, names (organ, then its place's path) and text, normalised."""
        return [(f"r/{r.slug}/", r.year, normalize(r.organ) + "\x01" + (self.paths[r.place] if r.place else ""),
                 normalize(r.text)) for r in self.reports]

    def expected(self, word: str, year: int | None = None) -> tuple[set[str], set[str]]:
        """(pages a search must find by name, pages it must find at all) for one word and a year."""
        word = normalize(word)
        named, found = set(), set()
        for url, report_year, name, text in self.texts:
            if year is not None and report_year != year:
                continue
            if word in name:
                named.add(url)
            if word in name or word in text:
                found.add(url)
        if year is None:
            named |= {f"region/{code}/" for code, path in self.paths.items() if word in path}
        return named, found | named


@pytest.fixture(scope="module")
def scale(tmp_path_factory: pytest.TempPathFactory) -> Scale:
    require_chromium()
    bench = _benchmark()
    places, reports = bench.synthetic_records(N, seed=6)
    assert len(reports) == N
    site, _ = bench.build_index_site(tmp_path_factory.mktemp("scale"), places, reports)
    return Scale(_serve(site), site, places, reports)


_RUN_QUERIES = """
var queries = arguments[0], done = arguments[arguments.length - 1];
var worker = new Worker(arguments[1]), out = {}, i = -1;
function next() {
  i += 1;
  if (i === queries.length) { worker.terminate(); done(out); return; }
  worker.postMessage({type: 2, data: queries[i]});
}
worker.onmessage = function (ev) {
  var m = ev.data;
  if (m.type === 1) next();
  else if (m.type === 3 && m.data.complete) {
    out[queries[i]] = m.data.items.map(function (group) { return [group[0].location, group[0].score]; });
    next();
  }
};
worker.onerror = function (ev) { done({error: String(ev.message)}); };
worker.postMessage({type: 0, data: {config: {lang: ["zh"], separator: "[\\\\s]+", pipeline: [], fields: {}},
                                    docs: [], options: {suggest: false}}});
"""


def _queries(scale: Scale) -> tuple[list[str], list[tuple[str, int]]]:
    """Every township name with reports, and each with one year it reported."""
    name = {p.code: p.name for p in scale.places}
    years: dict[str, int] = {}
    for r in sorted(scale.reports, key=lambda r: r.slug):
        if r.place and len(r.place) == 9 and r.year:
            years.setdefault(name[r.place], r.year)
    return sorted(years), sorted(years.items())


@pytest.fixture(scope="module")
def answers(scale: Scale, driver: Any) -> dict[str, list[tuple[str, float]]]:
    """The worker's complete answer to every query of the fixed set, run in the page."""
    townships, with_years = _queries(scale)
    queries = townships + [f"{t} {y}" for t, y in with_years] + list(PHRASES)
    open_page(driver, scale.url)
    driver.set_script_timeout(300)
    out = driver.execute_async_script(_RUN_QUERIES, queries, scale.url + WORKER)
    assert "error" not in out, out
    assert set(out) == set(queries)
    return {q: [(loc, score) for loc, score in hits] for q, hits in out.items()}


def _check(answer: list[tuple[str, float]], named: set[str], found: set[str], query: str) -> None:
    got = {loc for loc, _ in answer}
    missing = found - got
    assert not missing, f"{query!r}: {len(missing)} pages not found, e.g. {sorted(missing)[:3]}"
    by_name = {loc for loc, score in answer if score >= 3}
    assert by_name == named, f"{query!r}: name hits differ: {sorted(by_name ^ named)[:5]}"
    assert len(got) == len(answer), f"{query!r}: a page is listed twice"


def test_every_township_name_finds_every_report_that_names_it(scale: Scale, answers: dict) -> None:
    townships, _ = _queries(scale)
    assert len(townships) > 500
    extra = 0
    for township in townships:
        named, found = scale.expected(township)
        _check(answers[township], named, found, township)
        extra += len({loc for loc, _ in answers[township]} - found)
    # Bigrams of a name can meet in a text without the name: rare, and listed after the exact hits.
    assert extra <= len(townships) // 20, extra


def test_a_township_name_and_a_year_find_that_years_reports(scale: Scale, answers: dict) -> None:
    _, with_years = _queries(scale)
    for township, year in with_years:
        named, found = scale.expected(township, year)
        assert named, (township, year)
        query = f"{township} {year}"
        _check(answers[query], named, found, query)
        assert all(loc.startswith("r/") for loc, _ in answers[query])


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrases_find_every_report_that_holds_them(scale: Scale, answers: dict, phrase: str) -> None:
    named, found = scale.expected(phrase)
    assert found, phrase
    _check(answers[phrase], named, found, phrase)
    if phrase == "政府信息公开":  # every report's title
        assert len(answers[phrase]) == N


def test_the_search_box_answers_from_the_archives_index(scale: Scale, driver: Any) -> None:
    townships, _ = _queries(scale)
    township = next(t for t in townships[len(townships) // 2:] if 2 <= len(scale.expected(t)[0]) <= 6)
    del _RecordingHandler.asked[:]
    hits = search_settled(driver, scale.url, township)
    worker = driver.execute_script("return JSON.parse(document.getElementById('__config').textContent).search")
    assert worker.endswith(WORKER)
    named, _ = scale.expected(township)
    titles = [title for title, _ in hits]
    assert any(township in title for title in titles), titles
    assert {urlsplit(href).path.lstrip("/") for _, href in hits[:len(named)]} == named
    # A township query fetches the name index and the buckets of its bigrams: far below 1 MB.
    index = [p for p in _RecordingHandler.asked if p.startswith("/search/")]
    assert "/search/gongkai/names.json" in index and "/search/search_index.json" in index
    fetched = sum((scale.site / p.lstrip("/")).stat().st_size for p in set(index))
    assert fetched < 1_000_000, (fetched, index)


# The seed archive, built for real --------------------------------------------------------------------


MATERIAL_ONLY = 10**6
"""A search threshold above the seed archive: Material's own search alone."""


@functools.cache
def _seeds(root: Path, threshold: int) -> Path:
    """The seed archive built with `gongkai build`'s pipeline at a search threshold; return the site."""
    if threshold == SEARCH_THRESHOLD:
        return build_archive(root, {p.name: p.read_bytes() for p in SEEDS}).site
    content = _seeds(root.parent / "seeds-own", SEARCH_THRESHOLD).parent / "content"
    build(content, root / "site", root / "docs", repo_root=REPO_ROOT, search_threshold=threshold)
    return root / "site"


@pytest.fixture(scope="module")
def material_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _seeds(tmp_path_factory.getbasetemp() / "seeds-material", MATERIAL_ONLY)


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _seeds(tmp_path_factory.getbasetemp() / "seeds-own", SEARCH_THRESHOLD)


def _material_index(site: Path) -> list[str]:
    return [d["location"] for d in json.loads((site / "search" / "search_index.json").read_text())["docs"]]


def test_above_the_archive_a_threshold_leaves_it_to_materials_search(material_site: Path, driver: Any) -> None:
    require_chromium()
    assert "r/360704203/2023/" in _material_index(material_site)
    assert not (material_site / "search" / "gongkai").exists()
    assert "assets/search/worker.js" not in (material_site / "index.html").read_text(encoding="utf-8")
    url = _serve(material_site)
    hits = search(driver, url, "长洛乡")
    worker = driver.execute_script("return JSON.parse(document.getElementById('__config').textContent).search")
    assert "javascripts/workers/search." in worker
    assert any(urlsplit(href).path == "/r/360704203/2023/" for _, href in hits), hits


def test_at_every_size_reports_leave_materials_index_for_the_archives(own_site: Path, driver: Any) -> None:
    require_chromium()
    locations = _material_index(own_site)
    assert not [loc for loc in locations if loc.startswith("r/") or re.match(r"region/\d+/", loc)], locations
    assert "glossary/" in locations
    names = json.loads((own_site / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))
    assert names["reports"] == len(SEEDS)
    url = _serve(own_site)
    hits = search_settled(driver, url, "长洛乡")
    paths = [urlsplit(href).path for _, href in hits]
    assert paths[:2] == ["/region/360704203/", "/r/360704203/2023/"], hits
    assert "/glossary/" in [urlsplit(href).path for _, href in search_settled(driver, url, "政务公开办公室")]
    hits = search_settled(driver, url, "长洛乡 2023")
    assert [urlsplit(href).path for _, href in hits] == ["/r/360704203/2023/"]


def test_the_archives_index_shows_hostile_names_as_text(tmp_path_factory: pytest.TempPathFactory,
                                                        driver: Any) -> None:
    from selenium.webdriver.common.by import By

    require_chromium()
    root = tmp_path_factory.mktemp("hostile-own")
    built = build_archive(root / "material", {HOSTILE_NAME: HOSTILE_TEXT.read_bytes()})
    build(built.content, root / "site", root / "docs", repo_root=REPO_ROOT, search_threshold=1)
    url = _serve(root / "site")
    hits = search_settled(driver, url, "东沟乡")
    assert any("<script>alert(1)</script>" in title for title, _ in hits), hits
    injected = driver.execute_script(
        "return Array.from(document.querySelectorAll('.md-search-result *')).filter(function (e) {"
        "  return e.tagName === 'SCRIPT' || e.tagName === 'IMG' ||"
        "    Array.from(e.attributes).some(function (a) { return a.name.indexOf('on') === 0; }); }).length")
    assert injected == 0
    assert driver.find_elements(By.CSS_SELECTOR, ".md-search-result img") == []


# Shards and the portal -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_content(own_site: Path) -> Path:
    return own_site.parent / "content"


def test_a_shard_builds_one_provinces_reports(seeds_content: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    result = CliRunner().invoke(main, ["build", "--content", str(seeds_content), "--docs-dir", str(docs),
                                       "--markdown-only", "--shard", "36"])
    assert result.exit_code == 0, result.output
    assert "built 1 reports" in result.output and f"{len(SEEDS) - 1} reports outside 36" in result.output
    reports = sorted(p.parent.relative_to(docs).as_posix() for p in docs.glob("r/*/*/index.md"))
    assert reports == ["r/360704203/2023"]
    assert sorted(p.name for p in (docs / "region").iterdir() if p.is_dir()) == ["36", "3607", "360704",
                                                                                   "360704203"]
    bad = CliRunner().invoke(main, ["build", "--content", str(seeds_content), "--docs-dir", str(docs),
                                    "--markdown-only", "--shard", "99"])
    assert bad.exit_code == 1 and "not a statistical code" in bad.output


def test_the_portal_links_the_shards_and_finds_townships_across_them(seeds_content: Path, tmp_path: Path,
                                                                     driver: Any) -> None:
    require_chromium()
    site = tmp_path / "portal"
    result = CliRunner().invoke(main, ["build", "--content", str(seeds_content), "--docs-dir", str(tmp_path / "docs"),
                                       "--site-dir", str(site), "--portal"])
    assert result.exit_code == 0, result.output
    names = json.loads((site / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))
    assert names["kind"] == "portal" and names["reports"] == 0
    assert names["sites"] == {"33": "33/", "36": "36/", "50": "50/", "52": "52/", "63": "63/"}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="36/"' in home and "江西省" in home
    url = _serve(site)
    hits = search_settled(driver, url, "长洛乡")
    assert [urlsplit(href).path for _, href in hits] == ["/36/region/360704203/"], hits
    hits = search_settled(driver, url, "互助")
    assert "/63/region/630223/" in [urlsplit(href).path for _, href in hits], hits


def test_one_more_report_rewrites_only_the_pages_that_show_it(seeds_content: Path, tmp_path: Path) -> None:
    from build_tools.archive import import_files

    content, docs = tmp_path / "content", tmp_path / "docs"
    shutil.copytree(seeds_content, content)
    first = build(content, None, docs, repo_root=REPO_ROOT, run=False, search_threshold=1)
    assert first.own_search
    again = build(content, None, docs, repo_root=REPO_ROOT, run=False, search_threshold=1)
    assert again.written == []  # nothing churns
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    text = next(p for p in SEEDS if p.stem.startswith("003")).read_text(encoding="utf-8")
    (incoming / "阳埠乡.txt").write_text(text.replace("长洛乡", "阳埠乡"), encoding="utf-8")
    assert [o.status for o in import_files([incoming], content)] != ["rejected"]
    result = build(content, None, docs, repo_root=REPO_ROOT, run=False, search_threshold=1)
    pages = sorted(p for p in result.written if p.endswith(".md"))
    new = [p for p in pages if p.startswith("r/")]
    assert len(new) == 1 and new[0].startswith("r/360704"), pages  # the report page, its original on it
    regions = sorted(p for p in pages if p.startswith("region/"))
    assert regions == ["region/36/index.md", "region/3607/index.md", "region/360704/index.md",
                       next(p for p in regions if re.fullmatch(r"region/360704\d{3}/index.md", p)),
                       "region/index.md"], regions
    assert set(pages) - set(new) - set(regions) <= {"index.md", "year/2023/index.md", "year/index.md",
                                                     "quality.md", "quality/2023/index.md",
                                                     "quality/36/index.md", "quality/360704/index.md",
                                                     "downloads.md"}, pages
    assert "search/gongkai/names.json" in result.written


def test_the_national_workflow_is_valid_and_builds_shards_in_a_matrix() -> None:
    import subprocess

    import yaml

    workflow_path = REPO_ROOT / ".github" / "workflows" / "national.yml"
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(workflow_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = yaml.safe_load(workflow_path.read_text(encoding="utf-8"))["jobs"]
    runs = " ".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
    assert "gongkai build --shard" in runs and "gongkai build --portal" in runs
    assert jobs["shard"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
