"""Benchmark the archive at scale: import, build, sizes, one more report, and a cold search in Chromium.

    python scripts/benchmark.py --n 1000
    python scripts/benchmark.py --n 5000 --keep /tmp/bench-5000      # keep content/, docs and site
    python scripts/benchmark.py --n 200 --layouts html,pipe --skip-browser

Reports are synthetic (`build_tools.synth`, whose tables always add up) but placed like a real
archive: real townships, streets, counties and departments from the gazetteer, spread over counties
in many provinces, each organ with a run of consecutive years, varied titles and narratives. They are
written in every layout the parser reads, imported with `gongkai import` and built with `gongkai
build`. Import and build run in child processes, so each peak memory figure is that stage's own.

Printed: parse reports/s (CPU time, reading and parsing each file as `gongkai parse` does, without the
checks); import reports/s; build CPU ms/report (wall time beside it: on a shared machine wall time is
mostly other people's work), split into loading and checking the archive, gongkai's own share (page
models, Markdown rendering, search index, writing the docs dir) and MkDocs, with Material's search
plugin's share of it; peak memory; site bytes per report, by folder and for a report page and its
JSON (in its county's data file), and the largest file; search bytes per report (raw and gzipped); a rebuild with nothing
changed and one after one more report, each as a share of the full build's CPU time, with what the
latter rewrote; and, in headless Chromium on a cold cache, the seconds from navigation to a search's
first hit and the bytes transferred (served gzipped, as GitHub Pages serves them).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import hashlib
import http.server
import io
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from build_tools import synth
from build_tools.gazetteer import Gazetteer, Place, load_gazetteer

# Narratives ------------------------------------------------------------------------------------------

_TOWNSHIP_SUFFIXES = ("乡", "镇", "街道", "苏木")
_DEPARTMENTS = ("教育局", "自然资源局", "卫生健康委员会", "人力资源和社会保障局", "市场监督管理局", "财政局",
                "住房和城乡建设局", "生态环境局", "交通运输局", "民政局", "农业农村局", "发展和改革委员会",
                "水利局", "应急管理局", "司法局", "退役军人事务局")
_TOPICS = ("乡村振兴", "义务教育", "医疗保障", "养老服务", "防汛抗旱", "农村人居环境整治", "耕地保护", "安全生产",
           "就业创业", "农村低保", "高标准农田建设", "移民搬迁", "河湖长制", "森林防火", "征地补偿", "危房改造",
           "城乡居民医保", "营商环境", "双减", "文明城市创建", "疫情防控", "秸秆禁烧", "美丽乡村", "供水保障")
_INTROS = (
    ("{year}年，{organ}在{county}委、{county}人民政府的领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，"
     "扎实推进政务公开工作。"),
    "{year}年，{place}坚持以人民为中心的发展思想，围绕{topic}、{topic2}等重点工作，全面推进基层政务公开标准化规范化建设。",
    "根据《中华人民共和国政府信息公开条例》和{county}政务公开工作要点，现将{organ}{year}年度政府信息公开工作情况报告如下。",
    "本年度，{place}以提升政务公开质量为抓手，聚焦{topic}和{topic2}，持续推进决策、执行、管理、服务、结果公开。",
)
_DISCLOSURE = (
    "公开行政许可、行政处罚等“双公示”信息{n}条。",
    "重点公开财政预决算、惠民惠农补贴发放、{topic}等信息，主动接受群众监督。",
    "围绕{topic}等群众关切事项，及时发布政策解读和办事指南{n}篇。",
    "在{place}便民服务中心设置政务公开栏，更新村务、财务公开内容{n}次。",
    "通过政务新媒体发布{topic}相关信息{n}条，阅读量稳步提升。",
    "做好行政许可事项清单公开，编制并公布办事指南{n}项。",
    "公开{other}至{other2}道路改造、{other3}饮水安全工程等重点项目信息{n}条。",
)
_PROBLEMS = (
    "一是{topic}领域信息公开的及时性有待提高；二是政策解读形式较为单一。",
    "下一步，{place}将围绕{topic}、{topic2}等群众关注的领域，进一步拓展公开的广度和深度。",
    "存在的问题主要是基层工作人员业务能力参差不齐，{topic}信息更新不够及时。",
    "改进措施：加强业务培训，健全信息发布审核机制，推动{topic}信息公开规范化。",
    "部分栏目内容更新不及时，行政许可、行政处罚等执法信息公开不够全面，将逐项整改。",
)


@dataclasses.dataclass(frozen=True)
class Organ:
    """Who publishes a run of reports: the organ as written, its level and the place it belongs to."""

    name: str
    level: str
    place: Place
    path: tuple[Place, ...]


@functools.cache
def _township_names() -> tuple[str, ...]:
    return tuple(sorted({p.name for p in load_gazetteer() if p.level == "township"}))


def _fill(template: str, rng: random.Random, organ: Organ, year: int) -> str:
    topic, topic2 = rng.sample(_TOPICS, 2)
    county = next((p.name for p in reversed(organ.path) if p.level == "county"), organ.path[0].name)
    # Projects named after other places: names a report mentions without being theirs.
    other, other2, other3 = (rng.choice(_township_names()) for _ in range(3))
    return template.format(year=year, organ=organ.name, place=organ.place.name, county=county, topic=topic,
                           topic2=topic2, other=other, other2=other2, other3=other3, n=rng.randint(2, 400))


def realistic_report(rng: random.Random, organ: Organ, year: int) -> synth.SynthReport:
    """A synthetic report (consistent figures) with this organ's name, a title and a narrative of its own."""
    version = "2019" if year <= 2020 else "2021"
    level = organ.level if organ.level in synth.LEVELS else "department"
    report = synth.random_report(rng, version=version, level=level, year=year)
    overview = list(report.paragraphs["overview"])
    overview[0] = _fill(rng.choice(_INTROS), rng, organ, year)
    if len(overview) > 2:  # the body under （一）主动公开情况
        overview[2] += "".join(_fill(t, rng, organ, year) for t in rng.sample(_DISCLOSURE, rng.randint(1, 2)))
    problems = tuple(_fill(t, rng, organ, year) for t in rng.sample(_PROBLEMS, rng.randint(1, 3)))
    title = rng.choice(((f"{organ.name}{year}年政府信息公开工作年度报告",),
                        (organ.name, f"{year}年政府信息公开工作年度报告"),
                        (f"{organ.name}{year}年度政府信息公开工作年度报告",),
                        (f"{year}年{organ.name}政府信息公开工作年度报告",)))
    published = report.published
    return dataclasses.replace(
        report, organ=organ.name, title=title,
        signature=(organ.name, f"{published.year}年{published.month}月{published.day}日"),
        paragraphs={**report.paragraphs, "overview": tuple(overview), "problems": problems})


def _organs_of_county(rng: random.Random, gazetteer: Gazetteer, county: Place) -> list[Organ]:
    """The organs of one county that publish reports: most townships, the government, some departments."""
    path = tuple(gazetteer.path(county.code))
    city = next((p.name for p in path if p.level == "city"), "")
    organs = []
    towns = [t for t in gazetteer.children(county.code) if t.name.endswith(_TOWNSHIP_SUFFIXES)]
    for town in rng.sample(towns, max(1, int(len(towns) * rng.uniform(0.5, 1.0)))) if towns else []:
        if town.name.endswith("街道"):
            name = f"{county.name}{town.name}办事处"
        else:
            name = rng.choice((f"{county.name}{town.name}人民政府", f"{county.name}{town.name}人民政府",
                               f"{city}{county.name}{town.name}人民政府"))
        organs.append(Organ(name, "street" if town.name.endswith("街道") else "township", town, path + (town,)))
    organs.append(Organ(rng.choice((f"{county.name}人民政府", f"{city}{county.name}人民政府")), "county", county, path))
    for dept in rng.sample(_DEPARTMENTS, rng.randint(0, 3)):
        organs.append(Organ(f"{county.name}{dept}", "department", county, path))
    return organs


def realistic_organs(rng: random.Random, gazetteer: Gazetteer) -> Iterator[tuple[Organ, list[int]]]:
    """Organs with the years they report, county after county drawn across the provinces."""
    counties = [p for p in gazetteer if p.level == "county" and len(gazetteer.path(p.code)) >= 2
                and any(t.name.endswith(_TOWNSHIP_SUFFIXES) for t in gazetteer.children(p.code))]
    rng.shuffle(counties)
    for county in counties:
        for organ in _organs_of_county(rng, gazetteer, county):
            span = rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 3, 3, 3))[0]
            first = rng.randint(2019, 2026 - span)
            yield organ, list(range(first, first + span))


def realistic_reports(n: int, seed: int = 1, layouts: tuple[str, ...] = synth.LAYOUTS) -> list[tuple[str, str]]:
    """n report files as (file name, text), each layout in turn."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for organ, years in realistic_organs(rng, load_gazetteer()):
        for year in years:
            if len(out) == n:
                return out
            layout = layouts[len(out) % len(layouts)]
            text = synth.write(realistic_report(rng, organ, year), layout)
            out.append((f"{len(out):06d}-{layout}.{'html' if layout == 'html' else 'txt'}", text))
    return out


def synthetic_records(n: int, seed: int = 1) -> tuple[list[Any], list[Any]]:
    """n reports as the search index takes them (no parsing, no site): for index-only runs and tests."""
    from build_tools.labels import SECTIONS
    from build_tools.search_index import SearchReport, places_of

    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    reports: list[SearchReport] = []
    own_level = {"township": 9, "street": 9, "county": 6, "city": 4, "province": 2}
    for organ, years in realistic_organs(rng, gazetteer):
        for year in years:
            if len(reports) == n:
                return places_of((r.place for r in reports if r.place), gazetteer), reports
            synthetic = realistic_report(rng, organ, year)
            parts = [f"{organ.name} {year} 年度政府信息公开工作年度报告"]
            for section in SECTIONS:
                parts += [f"{section.number}、{section.label}", synthetic.headings[section.key],
                          *synthetic.paragraphs[section.key]]
            code = organ.place.code
            slug = f"{code}/{year}" if own_level.get(organ.level) == len(code) else f"{code}/{year}-{len(reports):08x}"
            reports.append(SearchReport(slug, code, organ.name, year, "\n".join(parts)))
    return places_of((r.place for r in reports if r.place), gazetteer), reports


def build_index_site(root: Path, places: list[Any], reports: list[Any]) -> tuple[Path, Any]:
    """A one-page site (Material's search box) with the archive's own index of these reports."""
    from build_tools.search_index import build_index
    from build_tools.site import run_mkdocs, write_config, write_docs

    index = build_index(places, reports)
    files: dict[str, str | bytes] = {"index.md": "# 政府信息公开年度报告档案\n\n用页面上方的搜索框查找报告。\n"}
    files.update(index.files)
    docs, site = root / "docs", root / "site"
    write_docs(docs, files)
    config = write_config(docs, site, [{"首页": "index.md"}], repo_root=REPO_ROOT,
                          settings={"extra": {"gongkai_search": True}})
    run_mkdocs(config, strict=True, build_date="2026-01-01")
    return site, index


# Running a stage in a child process --------------------------------------------------------------------


def in_child(fn: Callable[..., Any], *args: Any) -> tuple[Any, int]:
    """Run fn(*args) in a forked process; return its result and its peak resident memory in bytes."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def run() -> None:
        try:
            result: Any = ("ok", fn(*args))
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            import traceback

            result = ("error", "".join(traceback.format_exception(exc)))
        send.send((result, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))

    process = ctx.Process(target=run)
    process.start()
    (status, value), peak = receive.recv()
    process.join()
    if status != "ok":
        raise RuntimeError(f"child process failed:\n{value}")
    return value, peak


def run_import(inbox: Path, content: Path) -> dict[str, Any]:
    from build_tools.archive import import_files

    start = time.perf_counter()
    outcomes = import_files(sorted(inbox.iterdir()), content)
    return {"seconds": time.perf_counter() - start, "status": Counter(o.status for o in outcomes)}


class Timers:
    """Wall and CPU time spent in chosen functions, patched in place for the duration of a build."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - start
                self.cpu[label] += time.process_time() - cpu

        setattr(owner, name, timed)


def run_build(content: Path, docs: Path, site: Path) -> dict[str, Any]:
    import jinja2
    import markdown
    from material.plugins.search.plugin import SearchPlugin

    from build_tools import pipeline

    timers = Timers()
    models: list[list[tuple[str, int]]] = []
    for name, label in (("_cached_archive", "load"), ("build_site_model", "models"), ("site_files", "render"),
                        ("build_search", "search index"), ("write_docs", "write"), ("run_mkdocs", "mkdocs")):
        timers.wrap(pipeline, name, label)
    for name in [n for n in vars(SearchPlugin) if n.startswith("on_")]:
        timers.wrap(SearchPlugin, name, "material search")
    # Within MkDocs: Python-Markdown's conversion of each page, and the theme's page template.
    timers.wrap(markdown.Markdown, "convert", "mkdocs markdown")
    timers.wrap(jinja2.Template, "render", "mkdocs template")
    keep_model = pipeline.build_site_model

    def build_site_model(*args: Any, **kwargs: Any) -> Any:
        model = keep_model(*args, **kwargs)
        models.append(sorted({(e.place.name, e.report.year) for e in model.entries
                              if e.place and e.place.level == "township" and e.report.year}))
        return model

    pipeline.build_site_model = build_site_model
    start, cpu = time.perf_counter(), time.process_time()
    result = pipeline.build(content, site, docs, repo_root=REPO_ROOT)
    total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": total, "cpu": total_cpu, "parts": dict(timers.seconds), "cpu_parts": dict(timers.cpu),
            "reports": result.reports, "own_search": result.own_search, "incremental": result.incremental,
            "unchanged": result.unchanged, "written": result.written, "errors": result.errors,
            "townships": models[0] if models else []}


def run_parse(inbox: Path) -> dict[str, Any]:
    """Read and parse every file of the inbox as `gongkai parse` reads it (without the checks)."""
    from build_tools.ingest import extract
    from build_tools.parse import parse_text

    paths = sorted(inbox.iterdir())
    parse_text(extract(paths[0]))  # the gazetteer and the parser's tables, outside the clock
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        parse_text(extract(path))
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "reports": len(paths)}


# Sizes ------------------------------------------------------------------------------------------------


def tree_bytes(root: Path, gzipped: bool = False) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), 6)) if gzipped else path.stat().st_size
    return total


def largest_page(site: Path) -> tuple[str, int]:
    """The largest HTML page of a site: its path and size (no page may grow with the archive)."""
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    page = max(sizes, key=sizes.__getitem__)
    return page, sizes[page]


def search_bytes(site: Path) -> tuple[int, int]:
    """Material's search_index.json plus the archive's own index: (raw, gzipped)."""
    files = [site / "search" / "search_index.json"] + [p for p in (site / "search" / "gongkai").rglob("*")
                                                       if p.is_file()]
    data = [p.read_bytes() for p in files if p.is_file()]
    return sum(map(len, data)), sum(len(gzip.compress(d, 6)) for d in data)


# The browser --------------------------------------------------------------------------------------------

_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".csv", ".map")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped for clients that accept it (as GitHub Pages serves them), never cached.

    Every response says `Cache-Control: no-store`, so each page load is a cold one, the search worker's
    fetches included; `sent` records the bytes of every response (headers and body) as it goes out.
    """

    cache: ClassVar[dict[str, bytes]] = {}
    sent: ClassVar[list[tuple[str, int]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        """Keep quiet."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def flush_headers(self) -> None:
        self._count(sum(len(h) for h in getattr(self, "_headers_buffer", [])))
        super().flush_headers()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        self._count(len(data))
        outputfile.write(data)

    def _count(self, size: int) -> None:
        self.sent.append((self.path, size))

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(_COMPRESSIBLE)
                or not os.path.isfile(path)):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            with open(path, "rb") as fd:
                body = self.cache[path] = gzip.compress(fd.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[str, Callable[[], None]]:
    """Serve directory on 127.0.0.1 (gzipped); return the base URL and a function that stops it."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}/", stop


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--disable-quic")
_FIRST_HIT = """
window.__firstHit = null;
new MutationObserver(function () {
  if (window.__firstHit === null && document.querySelector("li.md-search-result__item"))
    window.__firstHit = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


def chromium() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="gongkai-bench-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,900")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _FIRST_HIT})
    driver.profile = profile  # removed by browse() once the browser has quit
    return driver


@dataclasses.dataclass
class Search:
    query: str
    first_hit: float | None  # seconds from navigation start
    results: str
    transferred: int  # bytes sent by the server, headers included, until the network went quiet
    requests: int
    largest: tuple[str, int]


def cold_search(driver: Any, base: str, query: str, timeout: float = 60) -> Search:
    """Open the home page with ?q=; time the first hit; count the bytes sent until the network is quiet."""
    from selenium.webdriver.common.by import By

    sent = GzipHandler.sent
    del sent[:]
    driver.get(f"{base}?q={quote(query)}")
    deadline = time.monotonic() + timeout
    hit = None
    while time.monotonic() < deadline:
        hit = driver.execute_script("return window.__firstHit")
        if hit is not None:
            break
        time.sleep(0.05)
    count, quiet_since = len(sent), time.monotonic()
    while time.monotonic() - quiet_since < 1.0 and time.monotonic() < deadline:
        time.sleep(0.1)
        if len(sent) != count:
            count, quiet_since = len(sent), time.monotonic()
    meta = driver.find_element(By.CSS_SELECTOR, ".md-search-result__meta").text
    sizes: Counter[str] = Counter()
    for path, size in list(sent):
        sizes[path.split("?")[0]] += size
    largest = max(sizes.items(), key=lambda kv: kv[1], default=("", 0))
    return Search(query, None if hit is None else hit / 1000, meta, sum(sizes.values()), len(sizes),
                  (largest[0].lstrip("/"), largest[1]))


# Report -------------------------------------------------------------------------------------------------


def per_report(value: float, n: int) -> str:
    return f"{1000 * value / n:.1f} ms/report"


def human(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def kind_of(path: str) -> str:
    """What a docs-dir file is, for the list of files one more report rewrites."""
    if path.startswith("r/"):
        return "report pages and data"
    if path.startswith("region/") and path != "region/index.md":
        return "region pages"
    if path.startswith("year/") and path != "year/index.md":
        return "year pages"
    if path.startswith("search/"):
        return "search index files"
    if path.startswith("data/"):
        return "archive-wide data files"
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--layouts", default=",".join(synth.LAYOUTS), help="comma-separated layouts (default all)")
    parser.add_argument("--keep", type=Path, help="keep the content, docs and site in this folder")
    parser.add_argument("--skip-browser", action="store_true", help="do not measure search in Chromium")
    parser.add_argument("--queries", type=int, default=3, help="township names searched in the browser (default 3)")
    parser.add_argument("--index-only", action="store_true",
                        help="build only the search index of N reports and a one-page site around it, then search")
    parser.add_argument("--reuse", type=Path, help="the folder of an earlier --keep run with the same --n and --seed: "
                        "use its imported archive (no import), build it again from scratch")
    args = parser.parse_args(argv)
    layouts = tuple(name for name in args.layouts.split(",") if name)
    unknown = [name for name in layouts if name not in synth.LAYOUTS]
    if unknown or not layouts:
        parser.error(f"unknown layout(s) {', '.join(unknown)}; choose from {', '.join(synth.LAYOUTS)}")
    if args.reuse and not (args.reuse / "content").is_dir():
        parser.error(f"{args.reuse} holds no content/ of an earlier --keep run")
    work = args.reuse or args.keep or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"{args.keep} is not empty")
    inbox, content, docs, site = (work / name for name in ("inbox", "content", "docs", "site"))
    try:
        if args.index_only:
            return index_benchmark(args, work)
        return benchmark(args, layouts, inbox, content, docs, site)
    finally:
        if not args.keep and not args.reuse:
            shutil.rmtree(work, ignore_errors=True)


def benchmark(args: argparse.Namespace, layouts: tuple[str, ...], inbox: Path, content: Path, docs: Path,
              site: Path) -> int:
    n = args.n
    print(f"gongkai benchmark: {n} reports, layouts {','.join(layouts)}, seed {args.seed}, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    start = time.perf_counter()
    files_text = realistic_reports(n + 1, args.seed, layouts)
    extra = inbox.parent / "inbox-extra"
    if args.reuse:
        shutil.rmtree(docs, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(extra, ignore_errors=True)
        digest = hashlib.sha256(files_text[n][1].encode("utf-8")).hexdigest()[:12]
        for directory in content.glob(f"reports/*/{digest}"):  # the one more report of the earlier run
            shutil.rmtree(directory)
    else:
        inbox.mkdir(parents=True)
        for name, text in files_text[:n]:
            (inbox / name).write_text(text, encoding="utf-8")
    print(f"generated in {time.perf_counter() - start:.1f} s")

    parsed, _ = in_child(run_parse, inbox)
    print(f"parse           {parsed['reports'] / parsed['cpu']:.0f} reports/s CPU ({parsed['reports'] / parsed['seconds']:.0f} "
          "wall; reading the file and parsing it, without the checks)")
    if not args.reuse:
        imported, import_peak = in_child(run_import, inbox, content)
        print(f"import          {n / imported['seconds']:.1f} reports/s ({imported['seconds']:.1f} s; "
              f"{dict(imported['status'])}); peak memory {human(import_peak)}")

    built, build_peak = in_child(run_build, content, docs, site)
    m = built["reports"]
    cpu = built["cpu_parts"]
    own = sum(cpu.get(k, 0) for k in ("models", "render", "search index", "write"))
    mkdocs = cpu.get("mkdocs", 0)
    material = cpu.get("material search", 0)
    print(f"build           {per_report(built['cpu'], m)} CPU, {per_report(built['seconds'], m)} wall "
          f"({built['cpu']:.1f} s CPU for {m} reports; search: {'own index' if built['own_search'] else 'Material'}); "
          f"peak memory {human(build_peak)}")
    print(f"  load + check  {per_report(cpu.get('load', 0), m)} CPU")
    print(f"  gongkai own   {per_report(own, m)} CPU (page models {per_report(cpu.get('models', 0), m)}, "
          f"Markdown {per_report(cpu.get('render', 0), m)}, search index {per_report(cpu.get('search index', 0), m)}, "
          f"writing {per_report(cpu.get('write', 0), m)})")
    print(f"  MkDocs        {per_report(mkdocs, m)} CPU (Markdown conversion {per_report(cpu.get('mkdocs markdown', 0), m)}, "
          f"page template {per_report(cpu.get('mkdocs template', 0), m)}, Material's search plugin "
          f"{per_report(material, m)})")
    print(f"  without Material's search plugin: {per_report(built['cpu'] - material, m)} CPU")
    site_raw = tree_bytes(site)
    raw, zipped = search_bytes(site)
    files = [p for p in site.rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    print(f"site            {human(site_raw / m)}/report ({human(site_raw)}; {len(files)} files; largest "
          f"{largest.relative_to(site)}, {human(largest.stat().st_size)})")
    for part in ("r", "region", "year", "quality", "data", "search", "assets"):
        if (site / part).exists():
            print(f"  {part + '/':<13} {human(tree_bytes(site / part) / m)}/report")
    pages = [p for p in (site / "r").rglob("index.html")]
    if pages:
        counties = site / "data" / "county"
        print(f"  report page   {human(sum(p.stat().st_size for p in pages) / len(pages))} on average, its JSON "
              f"{human(tree_bytes(counties) / len(pages))} (in data/county/, {sum(1 for _ in counties.iterdir())} files)")
    print(f"search index    {human(raw / m)}/report raw, {human(zipped / m)}/report gzipped "
          f"(Material's search_index.json {human((site / 'search' / 'search_index.json').stat().st_size)})")
    page, size = largest_page(site)
    print(f"largest page    {human(size)} ({page})")

    # Nothing changed: the build should stop at once.
    noop, _ = in_child(run_build, content, docs, site)
    print(f"no-op rebuild   {noop['cpu']:.2f} s CPU, {100 * noop['cpu'] / built['cpu']:.1f}% of the full build "
          f"({noop['seconds']:.2f} s wall; {'nothing to do' if noop['unchanged'] else 'built'}, "
          f"{len(noop['written'])} docs files written)")

    # One more report: the next year of an organ the archive already has (the usual yearly update).
    extra.mkdir()
    name, text = files_text[n]
    (extra / name).write_text(text, encoding="utf-8")
    in_child(run_import, extra, content)
    again, _ = in_child(run_build, content, docs, site)
    pages_md = [p for p in again["written"] if p.endswith(".md")]
    kinds = Counter(kind_of(p) for p in again["written"])
    mkdocs_part = again["cpu_parts"].get("mkdocs", 0.0)
    how = "only the changed pages" if again["incremental"] else "the whole site"
    print(f"one more report {again['cpu']:.1f} s CPU to rebuild, {100 * again['cpu'] / built['cpu']:.1f}% of the full "
          f"build ({again['seconds']:.1f} s wall; MkDocs {mkdocs_part:.1f} s CPU, building {how}; "
          "by stage CPU: " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(again["cpu_parts"].items())) + "); "
          f"{len(again['written'])} docs files rewritten, {len(pages_md)} of them Markdown pages")
    print("  " + "; ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))
    print("  Markdown pages: " + ", ".join(sorted(pages_md)))
    print_targets({"build": 1000 * built["cpu"] / m, "no-op": 100 * noop["cpu"] / built["cpu"],
                   "one more": 100 * again["cpu"] / built["cpu"], "bytes": site_raw / m / 1024,
                   "parse": parsed["reports"] / parsed["cpu"]})

    if not args.skip_browser:
        browse(site, args, built["townships"])
    return 0


TARGETS = (  # figure, what it is, the target, whether lower is better
    ("build", "build CPU per report", "{:.1f} ms", 15.0, True),
    ("no-op", "no-op rebuild", "{:.1f}% of a full build", 5.0, True),
    ("one more", "one more report", "{:.1f}% of a full build", 10.0, True),
    ("bytes", "site per report", "{:.1f} KiB", 40.0, True),
    ("parse", "parse", "{:.0f} reports/s CPU", 300.0, False),
)


def print_targets(figures: dict[str, float]) -> None:
    """Each figure against its target (issue 14's): met or not."""
    for key, label, unit, target, lower in TARGETS:
        value = figures[key]
        met = value <= target if lower else value >= target
        print(f"target          {label}: {unit.format(value)}, target {'≤' if lower else '≥'} "
              f"{unit.format(target)}: {'met' if met else 'NOT met'}")


def _index_site_stats(root: Path, places: list[Any], reports: list[Any]) -> tuple[Path, Any]:
    site, index = build_index_site(root, places, reports)
    return site, dataclasses.replace(index, files={})


def index_benchmark(args: argparse.Namespace, work: Path) -> int:
    """Search at sizes too large to build here: the index of N reports behind a one-page site."""
    n = args.n
    print(f"gongkai search benchmark: the index of {n} reports only, seed {args.seed}, {os.cpu_count()} cores")
    start = time.perf_counter()
    places, reports = synthetic_records(n, args.seed)
    print(f"generated in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    (site, index), peak = in_child(_index_site_stats, work, places, reports)
    seconds = time.perf_counter() - start
    raw, zipped = search_bytes(site)
    print(f"index + site    {seconds:.1f} s ({index.places} places, {index.bigrams} bigrams in {index.buckets} buckets); "
          f"peak memory {human(peak)}")
    print(f"search index    {human(raw / n)}/report raw, {human(zipped / n)}/report gzipped "
          f"(names.json {human((site / 'search' / 'gongkai' / 'names.json').stat().st_size)})")
    if not args.skip_browser:
        name = {p.code: p.name for p in places}
        townships = sorted({(name[r.place], r.year) for r in reports if r.place and len(r.place) == 9 and r.year})
        browse(site, args, townships)
    return 0


def browse(site: Path, args: argparse.Namespace, townships: list[tuple[str, int]]) -> None:
    """Search a few township names, a name with a year and two phrases, each on a cold page load."""
    rng = random.Random(args.seed)
    picked = rng.sample(townships, min(args.queries, len(townships)))
    queries = [name for name, _ in picked]
    if picked:
        queries.append(f"{picked[0][0]} {picked[0][1]}")
    queries += ["依申请公开", "行政许可"]
    base, stop = serve(site)
    driver = chromium()
    try:
        cold_search(driver, base, queries[0])  # the first start of Chromium's renderer is not the site's doing
        for query in queries:
            s = cold_search(driver, base, query)
            hit = f"{s.first_hit:.2f} s" if s.first_hit is not None else "no hit"
            print(f"browser         {query!r}: first hit {hit}; {human(s.transferred)} in {s.requests} requests "
                  f"(largest {s.largest[0]} {human(s.largest[1])}); {s.results}")
    finally:
        driver.quit()
        shutil.rmtree(driver.profile, ignore_errors=True)
        stop()


if __name__ == "__main__":
    sys.exit(main())
