"""The shard plan (issue 6): a national archive split by size into sites that fit GitHub Pages.

The archives here are copies of one stored report of content/ with its region code (and year) set the
way a maintainer corrects them in report.yaml, so every report is real and loads and validates; with a
maximum of 3 reports per shard, 广东省 splits into cities, 广州市 into counties, and 建德市 stays one
county shard above the maximum.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.gazetteer import load_gazetteer
from build_tools.pipeline import build, build_portal
from build_tools.shards import (MAX_SHARD_REPORTS, load_shard, planned_shards, portal_sites, scan_regions,
                                shard_name, shard_of, shard_plan)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "content" / "reports" / "2023" / "5495bf3cfbe2"  # 钦堂乡 2023, region code 330182202
WORKER = ROOT / "build_tools" / "assets" / "search" / "worker.js"
MAX = 3

# region code (None: unplaced) → years of its reports
PLACEMENTS: dict[str | None, tuple[int, ...]] = {
    "360704203": (2022, 2023),  # 江西省: 2 reports, one shard
    "44": (2023,),  # 广东省人民政府: placed at the province itself
    "4401": (2023,),  # 广州市人民政府
    "440103001": (2023,),  # 荔湾区 沙面街道
    "440103002": (2022,),  # 荔湾区 岭南街道
    "440106": (2023,),  # 天河区人民政府
    "440106001": (2023,),  # 天河区 五山街道
    "4403": (2022,),  # 深圳市人民政府
    "440304001": (2023,),  # 福田区 南园街道
    "330182202": (2022, 2023),  # 建德市: 4 reports, more than MAX, but a county is not split
    "330182001": (2022, 2023),
    None: (2023,),
}
PLAN = ["330182", "36", "440000", "440100", "440103", "440106", "4403"]


def make_archive(content: Path, placements: dict[str | None, tuple[int, ...]] = PLACEMENTS) -> dict[Path, str | None]:
    """Copy the template report once per (code, year), set as a maintainer would; return directory → code."""
    data = (TEMPLATE / "report.yaml").read_text(encoding="utf-8")
    assert "\nyear: 2023\n" in data and "\n  code: '330182202'\n" in data
    made: dict[Path, str | None] = {}
    for n, (code, years) in enumerate(placements.items()):
        for year in years:
            directory = content / "reports" / str(year) / f"{n:04d}{year}abcdef"[:12]
            shutil.copytree(TEMPLATE, directory)
            text = data.replace("\nyear: 2023\n", f"\nyear: {year}\n")
            text = text.replace("\n  code: '330182202'\n", f"\n  code: '{code}'\n" if code else "\n  code: null\n")
            (directory / "report.yaml").write_text(text, encoding="utf-8")
            made[directory] = code
    return made


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, str | None]]:
    content = tmp_path_factory.mktemp("shards") / "content"
    return content, make_archive(content)


def test_a_big_region_is_split_into_cities_then_counties(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, _ = archive
    gazetteer = load_gazetteer()
    regions = scan_regions(content)
    assert shard_plan(regions, gazetteer, MAX) == PLAN
    assert shard_plan(regions, gazetteer) == ["33", "36", "44"]  # MAX_SHARD_REPORTS: one shard per province
    assert MAX_SHARD_REPORTS == 4000
    assert shard_plan(regions, gazetteer, 100) == ["33", "36", "44"]
    assert shard_plan(regions, gazetteer, 7) == ["33", "36", "440000", "4401", "4403"]  # 广东省 has 8
    assert shard_plan(reversed(regions), gazetteer, MAX) == PLAN  # the order of the scan does not matter
    with pytest.raises(ValueError, match="at least 1"):
        shard_plan(regions, gazetteer, 0)


def test_every_placed_report_is_in_exactly_one_shard(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, made = archive
    gazetteer = load_gazetteer()
    placed = {d for d, code in made.items() if code}
    held: list[Path] = []
    for shard in PLAN:
        loaded, left_out = load_shard(content, shard)
        assert loaded.errors == []
        directories = [s.directory for s in loaded.reports]
        assert all(shard_of(made[d], PLAN) == shard for d in directories)
        assert left_out == len(made) - len(directories)
        held.extend(directories)
    assert sorted(held) == sorted(placed)  # none lost, none twice; the unplaced report in none
    counts = {s.code: s.reports for s in planned_shards(scan_regions(content), gazetteer, max_reports=MAX)}
    assert counts == {"330182": 4, "36": 2, "440000": 1, "440100": 1, "440103": 2, "440106": 2, "4403": 2}
    alone, _ = load_shard(content, "440000")  # 广东省 alone: only the report placed at 44 itself
    assert [s.report.region.code for s in alone.reports] == ["44"]
    whole, _ = load_shard(content, "44")  # a plain code still means the region and everything below it
    assert len(whole.reports) == 8


def test_shards_are_named_by_their_regions_path() -> None:
    gazetteer = load_gazetteer()
    assert shard_name(gazetteer, "36") == "江西省"
    assert shard_name(gazetteer, "4403") == "广东省 · 深圳市"
    assert shard_name(gazetteer, "440106") == "广东省 · 广州市 · 天河区"
    assert shard_name(gazetteer, "440000") == "广东省 · 本级"
    assert shard_name(gazetteer, "440100") == "广东省 · 广州市 · 本级"


def test_gongkai_shards_prints_the_plan(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, _ = archive
    runner = CliRunner()
    result = runner.invoke(main, ["shards", "--content", str(content), "--max-reports", str(MAX), "--json"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1 and json.loads(result.output) == PLAN
    result = runner.invoke(main, ["shards", "--content", str(content), "--max-reports", str(MAX)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["shard", "reports", "years", "name"]
    assert [line.split()[0] for line in lines[1:-1]] == PLAN
    assert re.search(r"^440000 +1 +2023 +广东省 · 本级$", result.output, re.MULTILINE), result.output
    assert re.search(r"^440103 +2 +2022–2023 +广东省 · 广州市 · 荔湾区$", result.output, re.MULTILINE)
    assert re.search(r"^330182 +4 .*建德市 +\(more than 3: not split further\)$", result.output, re.MULTILINE)
    assert lines[-1] == ("7 shards for 14 reports (at most 3 per shard); "
                         "1 reports without a known region code belong to no shard")
    default = runner.invoke(main, ["shards", "--content", str(content), "--json"])
    assert json.loads(default.output) == ["33", "36", "44"]
    bad = runner.invoke(main, ["shards", "--content", str(content), "--max-reports", "0"])
    assert bad.exit_code == 2
    missing = runner.invoke(main, ["shards", "--content", str(content / "nowhere")])
    assert missing.exit_code == 2 and "no such folder" in missing.output


def test_a_shard_of_a_region_alone_builds_only_its_own_reports(archive: tuple[Path, dict[Path, str | None]],
                                                               tmp_path: Path) -> None:
    content, _ = archive
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--content", str(content), "--docs-dir", str(tmp_path / "alone"),
                                  "--markdown-only", "--shard", "440000"])
    assert result.exit_code == 0, result.output
    assert "built 1 reports" in result.output and "14 reports outside 440000" in result.output
    pages = [p.parent.relative_to(tmp_path / "alone").as_posix() for p in (tmp_path / "alone").glob("r/*/*/index.md")]
    assert len(pages) == 1 and pages[0].startswith("r/44/2023"), pages
    city = runner.invoke(main, ["build", "--content", str(content), "--docs-dir", str(tmp_path / "city"),
                                "--markdown-only", "--shard", "4403"])
    assert city.exit_code == 0 and "built 2 reports" in city.output, city.output
    usage = runner.invoke(main, ["build", "--content", str(content), "--markdown-only", "--shard", "36",
                                 "--max-reports", "3"])
    assert usage.exit_code == 2 and "--max-reports" in usage.output


# The portal ---------------------------------------------------------------------------------------


def resolve(sites: dict[str, str], code: str) -> str | None:
    """Where the portal's worker sends a place: the longest site code that starts its code (siteOf)."""
    keys = [k for k in sites if code.startswith(k)]
    return sites[max(keys, key=len)] + f"region/{code}/" if keys else None


@pytest.fixture(scope="module")
def portal(archive: tuple[Path, dict[Path, str | None]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    content, _ = archive
    root = tmp_path_factory.mktemp("portal")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--docs-dir", str(root / "docs"),
                                       "--site-dir", str(root / "site"), "--portal", "--max-reports", str(MAX),
                                       "--shard-url", "../gongkai-{code}/"])
    assert result.exit_code == 0, result.output
    return root


def test_the_portal_lists_the_planned_shards_by_name(portal: Path) -> None:
    home = (portal / "docs" / "index.md").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', home)
    assert links == [("../gongkai-330182/", "浙江省 · 杭州市 · 建德市"), ("../gongkai-36/", "江西省"),
                     ("../gongkai-440000/", "广东省 · 本级"), ("../gongkai-440100/", "广东省 · 广州市 · 本级"),
                     ("../gongkai-440103/", "广东省 · 广州市 · 荔湾区"),
                     ("../gongkai-440106/", "广东省 · 广州市 · 天河区"), ("../gongkai-4403/", "广东省 · 深圳市")]
    assert "<td>2022、2023</td>" in home
    assert "**15** 份报告，分布在 **3** 个省级地区的 **7** 个分站；另有 1 份报告地区未确定" in home
    guangzhou = (portal / "docs" / "region" / "4401" / "index.md").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', guangzhou) == ["../../../gongkai-440100/", "../../../gongkai-440103/",
                                                           "../../../gongkai-440106/"]
    assert "共有 **5** 份报告" in guangzhou
    site_page = (portal / "site" / "region" / "44" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../gongkai-4403/"' in site_page and "广东省 · 深圳市" in site_page
    assert sorted(p.parent.name for p in (portal / "docs" / "region").glob("*/index.md")) == ["44", "4401"]


def test_the_portals_index_sends_every_place_to_a_page_that_exists(archive: tuple[Path, dict[Path, str | None]],
                                                                   portal: Path, tmp_path: Path) -> None:
    content, _ = archive
    names = json.loads((portal / "site" / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))
    sites = names["sites"]
    assert sites == {"33": "../gongkai-330182/", "3301": "../gongkai-330182/", "330182": "../gongkai-330182/", "36": "../gongkai-36/", "44": "",
                     "4401": "", "440103": "../gongkai-440103/", "440106": "../gongkai-440106/",
                     "4403": "../gongkai-4403/"}
    urls = {code: resolve(sites, code) for _, _, code in names["places"]}
    assert urls["440103001"] == "../gongkai-440103/region/440103001/"  # 沙面街道: in the 荔湾区 shard
    assert urls["440304001"] == "../gongkai-4403/region/440304001/"  # 南园街道: in the 深圳市 shard
    assert urls["44"] == "region/44/" and urls["4401"] == "region/4401/"  # split: the portal's own page
    assert urls["33"] == "../gongkai-330182/region/33/"  # split, but one shard holds all of 浙江省
    built: dict[str, Path] = {}
    for shard in PLAN:
        built[shard] = tmp_path / shard
        build(content, None, built[shard], repo_root=ROOT, run=False, shard=shard)
    for code, url in urls.items():
        assert url is not None, code
        shard = next((s for s in PLAN if url.startswith(f"../gongkai-{s}/")), None)
        page = (portal / "site" / url if shard is None else built[shard] / url.split("/", 2)[2]) / (
            "index.html" if shard is None else "index.md")
        assert page.is_file(), (code, url)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the search worker")
def test_the_worker_resolves_places_as_the_plan_says(portal: Path) -> None:
    script = f"""
    const vm = require("vm"), fs = require("fs");
    const sandbox = {{ self: {{ location: {{ href: "https://example.org/portal/assets/search/worker.js" }} }},
                      addEventListener() {{}}, postMessage() {{}}, URL, console }};
    vm.createContext(sandbox);
    vm.runInContext(fs.readFileSync({json.dumps(str(WORKER))}, "utf8"), sandbox);
    const path = {json.dumps(str(portal / "site" / "search" / "gongkai" / "names.json"))};
    sandbox.names = JSON.parse(fs.readFileSync(path, "utf8"));
    const index = vm.runInContext("decode(names)", sandbox);
    const out = {{}};
    sandbox.names.places.forEach((place, i) => {{ out[place[2]] = index.urls[i]; }});
    console.log(JSON.stringify(out));
    """
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    urls = json.loads(result.stdout)
    names = json.loads((portal / "site" / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))
    assert urls == {code: resolve(names["sites"], code) for _, _, code in names["places"]}
    assert urls["440103001"] == "../gongkai-440103/region/440103001/" and urls["44"] == "region/44/"
