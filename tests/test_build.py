"""The real build of the archive: strict MkDocs, same bytes every time, every page and link, a lean search
index, no remote assets, and hostile report text shown as text.

Each site is built once per test session (the builds are cached by their folder under pytest's basetemp).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from build_tools.archive import import_files
from build_tools.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTENT = REPO_ROOT / "content"
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))

# Each seed: (report page, township page, county, city, province, organ as printed).
SEED_PAGES = {
    "000_7a49fdbfa9f4603b": ("r/500242224/2023/", "500242224", "500242", None, "50",
                             "酉阳土家族苗族自治县楠木乡人民政府"),
    "001_254fef836bd803ec": ("r/520281106/2023/", "520281106", "520281", "5202", "52", "保田镇人民政府"),
    "002_bdd9a7f7e7a1e73b": ("r/330182202/2023/", "330182202", "330182", "3301", "33", "建德市钦堂乡人民政府"),
    "003_df809919c7a5e4a0": ("r/360704203/2023/", "360704203", "360704", "3607", "36",
                             "赣州市赣县区长洛乡人民政府"),
    "004_614567a681452a82": ("r/630223208/2023/", "630223208", "630223", "6302", "63", "东沟乡人民政府"),
}
INDEX_PAGES = (".", "region/", "year/", "quality/", "downloads/", "codebook/", "glossary/", "method/")

# The hostile fixture is stored under a plain name (a name with < > " | cannot be checked out everywhere);
# the tests import it under this name, so the file name is hostile too.
HOSTILE_TEXT = FIXTURES / "hostile" / "hostile-markup.txt"
HOSTILE_NAME = ('hostile <script>alert(1)<img src=x onerror=alert(1)>[x](javascript:alert(1))'
                '{{ config }}{% raw %}" onmouseover="alert(1)|.txt')
# The parser names an organ only by a body's name, so the payloads reach the organ through the data file, as
# a maintainer's correction would bring them (spaces dropped, as a title's organ was once read).
HOSTILE_ORGAN = ('东沟乡<script>alert(1)</script><imgsrc=xonerror=alert(1)>[x](javascript:alert(1))'
                 '{{config}}{%raw%}"onmouseover="alert(1)|')
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
            "{{ config }}", "{% raw %}", '" onmouseover="alert(1)', "|")


@dataclass(frozen=True)
class Built:
    """One build of an archive: its content folder, generated Markdown and site."""

    content: Path
    docs: Path
    site: Path
    output: str

    def page(self, url: str) -> str:
        """The built HTML of a directory URL ('' is the home page)."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def build_archive(root: Path, originals: dict[str, bytes] | None = None, *, copy_content: bool = False) -> Built:
    """Make an archive under root (a copy of content/, or the given originals imported), then `gongkai build` it."""
    content, docs, site = root / "content", root / "docs", root / "site"
    if copy_content:
        shutil.copytree(CONTENT, content)
    if originals:
        incoming = root / "incoming"
        incoming.mkdir(parents=True)
        for name, data in originals.items():
            (incoming / name).write_bytes(data)
        outcomes = import_files([incoming], content)
        assert [o.status for o in outcomes if o.status == "rejected"] == [], [o.reason for o in outcomes]
        if HOSTILE_NAME in originals:
            (data_file,) = content.glob("reports/*/*/report.yaml")
            text = re.sub(r"(?m)^organ: .*$", lambda _: "organ: " + json.dumps(HOSTILE_ORGAN, ensure_ascii=False),
                          data_file.read_text(encoding="utf-8"))
            data_file.write_text(text.replace("notes: {}", "notes:\n  organ: 注入测试"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--site-dir", str(site),
                                       "--docs-dir", str(docs)])
    assert result.exit_code == 0, result.output
    return Built(content, docs, site, result.output)


@functools.cache
def _cached(root: Path, kind: str) -> Built:
    if kind == "archive":
        return build_archive(root, copy_content=True)
    if kind == "hostile":
        return build_archive(root, {HOSTILE_NAME: HOSTILE_TEXT.read_bytes()})
    raise ValueError(kind)


@pytest.fixture(scope="session")
def archive_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A temp copy of the archive (content/), built once per session with `gongkai build`."""
    return _cached(tmp_path_factory.getbasetemp() / "archive-site", "archive")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """An archive of the one hostile report, imported under its hostile file name and built."""
    return _cached(tmp_path_factory.getbasetemp() / "hostile-site", "hostile")


def all_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class PageParser(HTMLParser):
    """Collect what the link checks need from one HTML page: ids, links and asset URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[tuple[str, str]] = []
        self.nav: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.attrs.extend((tag, k, v) for k, v in a.items())
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if {"md-nav__link", "md-tabs__link"} & set(a.get("class", "").split()):
                self.nav.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and "src" in a:
            self.assets.append((tag, a["src"]))
        if tag == "link" and not {"canonical", "alternate"} & set(a.get("rel", "").split()):
            self.assets.append((tag, a.get("href", "")))


@functools.cache
def archive_json(site: Path) -> dict[str, bytes]:
    """Every report's line of its county's data file by its id, as data/counties.json lists the files."""
    lines: dict[str, bytes] = {}
    for county in json.loads((site / "data/counties.json").read_text(encoding="utf-8")):
        data = gzip.decompress((site / "data" / county["file"]).read_bytes())
        assert county["bytes"] == (site / "data" / county["file"]).stat().st_size
        assert data.startswith(b"[\n") and data.endswith(b"\n]\n")
        for line in data[2:-3].split(b",\n"):
            report = json.loads(line)
            assert report["id"] not in lines
            lines[report["id"]] = line
        assert len(json.loads(data)) == county["reports"]
    return lines


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# The real build ----------------------------------------------------------------------------------


def test_build_passes_strict_and_builds_every_report(archive_site: Built) -> None:
    """`gongkai build` (MkDocs in strict mode) builds all five reports and leaves nothing out."""
    assert archive_site.output.startswith("built 5 reports into ")
    assert "0 invalid data files left out" in archive_site.output
    assert not (archive_site.site / ".gongkai").exists()


def test_second_build_is_byte_identical(archive_site: Built, tmp_path: Path) -> None:
    """Another build, in a fresh process with another hash seed and other folders, writes the same bytes."""
    site, docs = tmp_path / "site", tmp_path / "docs"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "build_tools", "build", "--content", str(archive_site.content),
                    "--site-dir", str(site), "--docs-dir", str(docs)], cwd=REPO_ROOT, env=env, check=True,
                   capture_output=True)
    first, second = all_files(archive_site.site), all_files(site)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []

    # The generated config, the record of the last build and the build cache name their folders (and the
    # cache the files' time stamps), and jieba's cache of its dictionary is jieba's own format; all else
    # must match.
    named = {".gongkai/mkdocs.yml", ".gongkai/site.json", ".gongkai/cache/index.json", ".gongkai/cache/reports.pickle",
             ".gongkai/jieba_dict.cache"}
    first_md, second_md = all_files(archive_site.docs), all_files(docs)
    assert sorted(first_md) == sorted(second_md)
    assert [n for n in first_md if n not in named and first_md[n] != second_md[n]] == []
    assert sum(n.endswith(".md") for n in first_md) >= 30


@pytest.mark.parametrize("stem", sorted(SEED_PAGES))
def test_every_seed_has_its_pages(archive_site: Built, stem: str) -> None:
    """Each seed's report, source, data files and region pages exist, and its report page names it."""
    report, township, county, city, province, organ = SEED_PAGES[stem]
    site = archive_site.site
    assert (site / report / "index.html").is_file(), report
    for code in (township, county, city, province):
        if code:
            assert (site / "region" / code / "index.html").is_file(), code
    assert organ in archive_site.page(report)
    data = json.loads(archive_json(site)[report[2:-1]])
    assert data["organ"] == organ and data["source"]["name"] == f"{stem}.txt"
    assert [p.name for p in (site / report).iterdir()] == ["index.html"]  # the data is in its county's file


def test_index_pages_exist(archive_site: Built) -> None:
    for url in ("", "region/", "year/", "year/2023/", "quality/", "downloads/", "codebook/", "glossary/", "method/"):
        assert (archive_site.site / url / "index.html").is_file(), url
    data = archive_site.site / "data"
    assert (data / "report.schema.json").is_file()
    reports = [json.loads(line) for line in archive_json(archive_site.site).values()]
    assert sorted(r["id"] for r in reports) == sorted(v[0][2:-1] for v in SEED_PAGES.values())
    assert not (data / "gongkai.json.gz").exists()  # each report's object is stored once, in its county's file
    rows = gzip.decompress((data / "gongkai.csv.gz").read_bytes()).decode("utf-8").splitlines()
    assert rows[0] == ("\ufeffreport,organ,year,level,format_version,published,region_code,table,row,column,value,"
                       "state,line,row_label,column_label")
    assert {row.split(",")[0] for row in rows[1:]} == {r["id"] for r in reports}


def test_nav_lists_only_index_pages_and_home_stays_small(archive_site: Built) -> None:
    """The home page's tabs and navigation link the index pages only: no report or region page."""
    home = archive_site.site / "index.html"
    nav = {urlsplit(href).path or "." for href in parse_page(home).nav if not href.startswith("#")}
    assert nav == set(INDEX_PAGES)
    assert home.stat().st_size < 40_000


def _chrome(page: str) -> str:
    """A page without its article: Material's page template around it."""
    return page[:page.index("<article")] + page[page.index("</article>"):]


def test_the_page_template_is_compact_and_keeps_every_part(archive_site: Built) -> None:
    """overrides/main.html renders Material's partials without their indentation (issue 14: bytes per
    report): every part is there, as Material makes it, in some 9 KB instead of 19. The parts that only
    Material's script uses are in assets/chrome.js, once for the site, put in place by the page."""
    report, region = archive_site.page("r/360704203/2023/"), archive_site.page("region/360704203/")
    chrome_js = (archive_site.site / "assets" / "chrome.js").read_text(encoding="utf-8")
    parts = json.loads(re.search(r"^var gongkaiParts=(\{.*\}),gongkaiSelf=", chrome_js, re.MULTILINE).group(1))
    assert 'data-md-component="palette"' in parts["palette"] and 'id="__palette_2"' in parts["palette"]
    assert 'data-md-component="search-query"' in parts["search"] and 'placeholder="搜索"' in parts["search"]
    assert "\n" not in parts["palette"] + parts["search"]
    # The navigation of a page that is not in it, with links relative to assets/chrome.js.
    assert re.findall(r'class="md-nav__link" ?>?[^<]*<span class="md-ellipsis"> ([^<]+) </span>', parts["nav"]) == [
        "首页", "地区", "年度", "数据质量", "下载", "数据字典", "术语", "方法"]
    assert 'href="../region/"' in parts["nav"] and "md-nav__link--active" not in parts["nav"]
    for page in (report, region):
        chrome = _chrome(page)
        for part in ('class="md-header"', 'class="md-tabs"', 'class="md-sidebar md-sidebar--primary"',
                     'data-md-component="top"', 'class="md-footer"', "bundle.", 'assets/chrome.js"></script>',
                     '<script>gongkaiChrome("palette")</script><script>gongkaiPalette()</script>',
                     '<script>gongkaiChrome("search")</script>', '<script>gongkaiChrome("nav")</script>'):
            assert part in chrome, part
        # Each part is found in the header and left to chrome.js: the page holds none of it.
        for part in ('data-md-component="palette"', 'data-md-component="search"', 'md-search__input', "md-nav--primary"):
            assert part not in chrome, part
        assert "\n " not in chrome[chrome.index("<header"):chrome.index("</header>")]  # no indentation left
        assert len(chrome.encode()) < 8_500, len(chrome.encode())
    # The contents sidebar of a report page; a page that hides it (region/…) leaves it out.
    assert 'data-md-type="toc"' in report and 'href="#一总体情况"' in _chrome(report)
    assert 'data-md-type="toc"' not in region
    # Icons are a few bytes each, drawn by gongkai.css: each one the page names has its rule there.
    css = (archive_site.site / "assets" / "gongkai.css").read_text(encoding="utf-8")
    icons = set(re.findall(r'<svg class="gk-icon (gk-icon-[a-z0-9-]+)"', report + parts["palette"] + parts["search"]))
    assert {"gk-icon-library", "gk-icon-menu", "gk-icon-magnify", "gk-icon-close"} <= icons, icons
    assert all(f".{icon} {{" in css for icon in icons)
    assert "<path" not in _chrome(report)


def test_the_site_leaves_out_the_theme_files_no_browser_loads(archive_site: Built) -> None:
    """Material's source maps and the search languages other than Chinese are not published (1 GB per
    site: issue 14); what Material's search worker loads for Chinese is (its test: test_search_scale)."""
    assets = archive_site.site / "assets"
    assert list(assets.rglob("*.map")) == []
    lunr = sorted(p.relative_to(assets).as_posix() for p in (assets / "javascripts" / "lunr").rglob("*") if p.is_file())
    assert lunr == ["javascripts/lunr/min/lunr.stemmer.support.min.js", "javascripts/lunr/min/lunr.zh.min.js"]
    assert list(assets.glob("javascripts/bundle.*.min.js")) and list(assets.glob("javascripts/workers/search.*.min.js"))


def _resolve(page: Path, href: str, site: Path) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at, or None for a link to another host."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):  # 404.html links from the site root
        target = site / path.lstrip("/")
    else:
        target = Path(posixpath.normpath(str(page.parent / path))) if path else page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_every_internal_link_resolves(archive_site: Built) -> None:
    """Every link and asset of every page leads to an existing file, and to an existing anchor in it."""
    site = archive_site.site
    broken, anchors = [], []
    for page in html_pages(site):
        parsed = parse_page(page)
        for href in parsed.links + [url for _, url in parsed.assets]:
            resolved = _resolve(page, href, site)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif fragment and target.suffix == ".html":
                anchors.append(href)
                if fragment not in parse_page(target).ids:
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert broken == []
    # The checks reached the anchors that matter: source lines and the check ids of the method page.
    assert any(re.fullmatch(r"#L\d+", a) for a in anchors)  # a figure's line in the original on its page
    assert any(re.search(r"method/#f-\d\d$", a) for a in anchors)
    assert any(re.search(r"method/#l-\d\d$", a) for a in anchors)


def _index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _tokens(index: dict, text: str) -> set[str]:
    separator = re.compile(index["config"]["separator"])
    return {t for t in separator.split(re.sub(r"<[^>]+>", " ", text)) if t}


def test_search_index_holds_names_not_figures(archive_site: Built) -> None:
    """Report and region pages are searched through the archive's own index, at any size: names and the
    reports' text, never tables (figures, badges, 公开率) nor the original. Material's index keeps the rest."""
    index = _index(archive_site.site)
    locations = [d["location"] for d in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("r/") or re.match(r"region/\d+/", loc)], locations
    assert "glossary/" in locations and "method/" in locations
    own = archive_site.site / "search" / "gongkai"
    names = (own / "names.json").read_text(encoding="utf-8")
    for url, *_, organ in SEED_PAGES.values():
        assert organ in names, organ
        text = gzip.decompress((own / "s" / f"{url[2:-1]}.txt.gz").read_bytes()).decode("utf-8")  # stored gzipped
        assert text.startswith(organ), url
        assert "总体情况" in text
        # Tables, badges and the original stay out: 本机关不掌握相关政府信息 is a row of table 3.
        for absent in ("本机关不掌握相关政府信息", "未发现问题", "个警告", "公开率", "SHA-256"):
            assert absent not in text, (url, absent)
    for doc in index["docs"]:
        text = doc["title"] + doc["text"]
        assert not re.search(r"<(table|tr|td|th)\b", text), doc["location"]
        assert "未发现问题" not in text and "个警告" not in text and "0/0 件" not in text, doc["location"]


def test_feed_readers_find_the_archive_feed_and_a_countys_own(archive_site: Built) -> None:
    """Every page names the archive's Atom feed in its head; a county page also names its own."""
    site = archive_site.site

    def feeds(url: str) -> list[tuple[str, Path]]:
        page = site / url / "index.html"
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate feed" type="application/atom\+xml" title="([^"]+)"\s+href="([^"]+)">',
                           head)
        return [(title, Path(posixpath.normpath(str(page.parent / href)))) for title, href in links]

    for url in ("", "r/360704203/2023/", "region/36/"):
        assert [path for _, path in feeds(url)] == [site / "feed.xml"], url
    county = feeds("region/360704/")
    assert [path for _, path in county] == [site / "feed.xml", site / "region" / "360704" / "feed.xml"]
    assert "赣县区" in county[1][0]
    assert all(path.is_file() for _, path in county)


def test_no_page_loads_anything_from_another_host(archive_site: Built) -> None:
    """Scripts, stylesheets and images are all served by the site itself."""
    remote = []
    for page in html_pages(archive_site.site):
        for tag, url in parse_page(page).assets:
            parts = urlsplit(url)
            if (parts.scheme or url.startswith("//")) and parts.hostname != "127.0.0.1":
                remote.append(f"{page.relative_to(archive_site.site)}: <{tag}> {url}")
    assert remote == []


# Hostile input -----------------------------------------------------------------------------------


def test_hostile_report_is_imported_with_every_payload(hostile_site: Built) -> None:
    """The fixture really carries each payload into the organ, the sections and the file name."""
    (parsed,) = hostile_site.content.glob("reports/2023/*/parsed.json")
    data = json.loads(parsed.read_text(encoding="utf-8"))
    assert data["source"]["name"] == HOSTILE_NAME
    assert data["organ"] == "东沟乡人民政府"  # a title full of markup names no organ; the signature does
    assert f"organ: {json.dumps(HOSTILE_ORGAN, ensure_ascii=False)}\n" in (parsed.parent / "report.yaml").read_text(
        encoding="utf-8")
    text = data["sections"]["overview"]["text"] + data["sections"]["problems"]["text"]
    for payload in PAYLOADS:
        assert payload in text, payload
    original = next(parsed.parent.glob("original.*")).read_text(encoding="utf-8")
    assert "规章\t<img src=x onerror=alert(1)>\t0\t0" in original  # a table cell


def test_hostile_text_never_becomes_markup(hostile_site: Built) -> None:
    """No built page gains a script, an event handler or a javascript: link from the report."""
    pages = html_pages(hostile_site.site)
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert not re.search(r"<[^>]*\son(error|mouseover)\s*=", html, re.IGNORECASE), page
        parsed = parse_page(page)
        assert [(t, k) for t, k, _ in parsed.attrs if k.startswith("on")] == [], page
        assert [v for t, k, v in parsed.attrs if k in ("href", "src") and v.strip().lower().startswith(
            "javascript:")] == [], page
    for md in hostile_site.docs.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        assert "<script>alert" not in text, md
        assert "<img src=x" not in text, md


def test_hostile_text_is_shown_escaped(hostile_site: Built) -> None:
    """The report page, the original on it and the index pages show the payloads as text."""
    (report,) = (p.parent for p in (hostile_site.site / "r").glob("*/*/index.html"))
    page = (report / "index.html").read_text(encoding="utf-8")
    source = page[page.index('<details class="source"'):]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "[x](javascript:alert(1))" in page and "{{ config }}" in page and "{% raw %}" in page
    assert "&quot; onmouseover=&quot;alert(1)" in page and "a | b" in page
    assert "hostile &lt;script&gt;alert(1)&lt;img src=x onerror=alert(1)&gt;" in page  # the file name
    assert re.search(r"规章\s+&lt;img src=x onerror=alert\(1\)&gt;\s+0\s+0<li id=L", source)  # the table cell
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "<" not in title and "＜script＞alert(1)＜/script＞" in title
    for url in ("", "region/630223208/", "region/630223/", "year/2023/", "quality/630223/"):
        html = hostile_site.page(url)
        assert "东沟乡&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    index = (hostile_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>" not in index
    # The archive's own index holds the organ as data; the worker escapes it (test_browser_archive).
    names = json.loads((hostile_site.site / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))
    assert any("东沟乡<script>alert(1)</script>" in organ for _, organ, _ in names["organs"])


class _ReaderText(HTMLParser):
    """The text a reader sees on a page, and the titles and labels it shows, without code, scripts, styles,
    icons, and the report's own words: its original (the folded <details class="source">) and its sections
    as printed (<div class="report-text">, which may quote English)."""

    SKIP = {"script", "style", "code", "pre", "svg", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.skipping = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if not self.skipping:
            self.text += [a[k] for k in ("title", "aria-label", "placeholder", "alt") if a.get(k)]
        if tag in self.VOID:
            return
        classes = a.get("class", "").split()
        skip = tag in self.SKIP or (tag == "details" and "source" in classes) or "report-text" in classes
        self.stack.append(skip)
        self.skipping += skip

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.skipping -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)


# Names of data formats, which the download links and the feed are called by.
FORMAT_NAMES = {"JSON", "CSV", "Atom", "gzip", "Excel", "Schema", "SHA"}
# The pages that document the data downloads name their English keys, files and tools.
DATA_PAGES = {"downloads/index.html", "codebook/index.html"}


def test_no_page_shows_english(archive_site: Built) -> None:
    """Every page reads in Chinese: no English outside code, the data downloads and the original."""
    pages = html_pages(archive_site.site)
    assert "404.html" in {p.name for p in pages}
    english: dict[str, set[str]] = {}
    for page in pages:
        if page.relative_to(archive_site.site).as_posix() in DATA_PAGES:
            continue
        reader = _ReaderText()
        reader.feed(page.read_text(encoding="utf-8"))
        words = set(re.findall(r"[A-Za-z]{2,}", " ".join(reader.text))) - FORMAT_NAMES
        if words:
            english[page.relative_to(archive_site.site).as_posix()] = words
    assert english == {}


def test_a_missing_page_is_answered_with_the_sites_own_404(archive_site: Built) -> None:
    """`gongkai serve` answers an address without a page as GitHub Pages does: status 404, the site's page."""
    import functools
    import http.server
    import threading
    import urllib.error
    import urllib.request

    from build_tools.site import SiteRequestHandler

    class Quiet(SiteRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Drop the access log line."""

    handler = functools.partial(Quiet, directory=str(archive_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/r/000000000/1999/")
        assert missing.value.code == 404
        body = missing.value.read().decode("utf-8")
        assert "找不到这个页面" in body and "Not found" not in body
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/method/") as ok:
            assert ok.status == 200 and "检查方法" in ok.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()
