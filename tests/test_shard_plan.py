"""The shard plan (issue 6): a national archive split by size and packed into sites that fit GitHub Pages.

The archives here are copies of one stored report of content/ with its region code (and year) set the
way a maintainer corrects them in report.yaml, so every report is real and loads and validates. With a
maximum of 3 reports per shard, 江西省 (6 reports) is packed into two ranges of its cities, the first with
the report placed at 江西省 itself (3600-3601); 广东省 (14) splits into cities, 广州市 (8) into counties
packed into ranges (440100-440103 with 广州市's own report, 440104-440106) and one county (440111), the
report placed at 广东省 itself stays alone (440000) because 广州市 is split, and the other cities form a
range (4403-4405) and a city (4406); 建德市 stays one county shard above the maximum.

A pinned plan (content/shards.txt) is written, read, grown and checked on copies of that archive.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import click.testing
import pytest
from click.testing import CliRunner

from build_tools.cli import main
from build_tools.gazetteer import load_gazetteer
from build_tools.pipeline import build, build_portal
from build_tools.shards import (PLAN_HEADER, SHARD_PLAN_FILE, StoredRegion, check_plan, in_shard, load_shard, placed,
                                planned_shards, read_plan, scan_regions, shard_error, shard_finder, shard_name,
                                shard_plan)

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "content" / "reports" / "2023" / "5495bf3cfbe2"  # 钦堂乡 2023, region code 330182202
WORKER = ROOT / "build_tools" / "assets" / "search" / "worker.js"
MAX = 3

# region code (None: unplaced) → years of its reports
PLACEMENTS: dict[str | None, tuple[int, ...]] = {
    "36": (2023,),  # 江西省人民政府: placed at the province itself
    "3601": (2023,),  # 南昌市人民政府
    "360102": (2022,),  # 东湖区人民政府
    "360202": (2023,),  # 景德镇市 昌江区
    "360704203": (2022, 2023),  # 赣州市 长洛乡
    "44": (2023,),  # 广东省人民政府
    "4401": (2023,),  # 广州市人民政府
    "440103001": (2023,),  # 荔湾区 沙面街道
    "440103002": (2022,),  # 荔湾区 岭南街道
    "440104": (2023,),  # 越秀区人民政府
    "440106": (2023,),  # 天河区人民政府
    "440106001": (2023,),  # 天河区 五山街道
    "440111": (2022, 2023),  # 白云区人民政府
    "4403": (2022,),  # 深圳市人民政府
    "440304001": (2023,),  # 福田区 南园街道
    "4405": (2023,),  # 汕头市人民政府
    "440604": (2022, 2023),  # 佛山市 禅城区
    "330182202": (2022, 2023),  # 建德市: 4 reports, more than MAX, but a county is not split
    "330182001": (2022, 2023),
    None: (2023,),
}
PLAN = ["330182", "3600-3601", "3602-3607", "440000", "440100-440103", "440104-440106", "440111", "4403-4405",
        "4406"]
COUNTS = {"330182": 4, "3600-3601": 3, "3602-3607": 3, "440000": 1, "440100-440103": 3, "440104-440106": 3,
          "440111": 2, "4403-4405": 3, "4406": 2}


def make_archive(content: Path, placements: dict[str | None, tuple[int, ...]] = PLACEMENTS,
                 first: int = 0) -> dict[Path, str | None]:
    """Copy the template report once per (code, year), set as a maintainer would; return directory → code.

    first: the number of the first copy's folder (to add reports to an archive made before)."""
    data = (TEMPLATE / "report.yaml").read_text(encoding="utf-8")
    assert "\nyear: 2023\n" in data and "\n  code: '330182202'\n" in data
    made: dict[Path, str | None] = {}
    for n, (code, years) in enumerate(placements.items(), first):
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


def test_a_big_region_is_split_and_its_parts_packed(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, _ = archive
    gazetteer = load_gazetteer()
    regions = scan_regions(content)
    assert shard_plan(regions, gazetteer, MAX) == PLAN
    assert shard_plan(regions, gazetteer) == ["33", "36", "44"]  # MAX_SHARD_REPORTS: one shard per province
    assert shard_plan(regions, gazetteer, 100) == ["33", "36", "44"]
    # 广东省 has 14: its own report joins its cities in a range, 佛山市 alone keeps its code
    assert shard_plan(regions, gazetteer, 13) == ["33", "36", "4400-4405", "4406"]
    assert shard_plan(regions, gazetteer, 9) == ["33", "36", "4400-4401", "4403-4406"]
    # at 5: 江西省 (6) as its own report, 南昌市 (2) and 景德镇市 (1), then 赣州市 (2); 广州市 (8) is split
    # and 广东省's own report stays alone; 深圳市 to 佛山市 (5) fill one shard
    assert shard_plan(regions, gazetteer, 5) == ["33", "3600-3602", "3607", "440000", "440100-440104",
                                                 "440106-440111", "4403-4406"]
    # one report per shard: nothing packed, every part of two split (赣州市 into 赣县区, 深圳市 into its own
    # report and 福田区), counties not
    assert shard_plan(regions, gazetteer, 1) == [
        "330182", "360000", "360100", "360102", "3602", "360704", "440000", "440100", "440103", "440104", "440106",
        "440111", "440300", "440304", "4405", "440604"]
    assert shard_plan(reversed(regions), gazetteer, MAX) == PLAN  # the order of the scan does not matter
    with pytest.raises(ValueError, match="at least 1"):
        shard_plan(regions, gazetteer, 0)


def test_a_prefecture_whose_county_has_its_padded_code_is_not_split() -> None:
    gazetteer = load_gazetteer()
    # 东莞市 (4419) has one county, 东莞市 (441900): 441900 would name both it and 东莞市 alone
    regions = [StoredRegion(Path("."), code, 2023) for code in ("4419", "441900003", "441900004", "4420")]
    assert shard_plan(regions, gazetteer, 2) == ["4419", "4420"]  # 4419 above the maximum, not split further
    assert in_shard("4419", "441900003") and in_shard("4419", "4419")


def test_a_padded_code_in_the_data_file_is_placed_as_the_gazetteer_writes_it(tmp_path: Path) -> None:
    # the data file takes 广东省 as '440000' and 广州市 as '440100000000' (44 and 4401 once loaded); 441900 is
    # a county of its own (东莞市's), not 4419 padded
    content = tmp_path / "content"
    make_archive(content, {"440000": (2023,), "440100000000": (2021, 2022, 2023), "4403": (2021, 2022, 2023),
                           "441900": (2023,)})
    gazetteer = load_gazetteer()
    regions = scan_regions(content)
    assert sorted(r.code for r in regions) == ["44", "4401", "4401", "4401", "4403", "4403", "4403", "441900"]
    plan = ["440000", "4401", "4403", "4419"]
    assert shard_plan(regions, gazetteer, 3) == plan
    for shard, count in (("440000", 1), ("4401", 3), ("4419", 1), ("44", 8)):
        loaded, left_out = load_shard(content, shard)
        assert loaded.errors == [] and (len(loaded.reports), left_out) == (count, 8 - count), shard
    (content / SHARD_PLAN_FILE).write_text("".join(f"{code}\n" for code in plan), encoding="utf-8")
    pinned = read_plan(content, regions, gazetteer, 3)
    assert pinned.problems == [] and pinned.codes == plan


def test_every_placed_report_is_in_exactly_one_shard(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, made = archive
    gazetteer = load_gazetteer()
    placed_dirs = {d for d, code in made.items() if code}
    held: list[Path] = []
    for shard in PLAN:
        loaded, left_out = load_shard(content, shard)
        assert loaded.errors == []
        directories = [s.directory for s in loaded.reports]
        assert all(shard_finder(PLAN)(made[d]) == shard for d in directories)
        assert left_out == len(made) - len(directories)
        assert len(directories) == COUNTS[shard], shard
        held.extend(directories)
    assert sorted(held) == sorted(placed_dirs)  # none lost, none twice; the unplaced report in none
    counts = {s.code: s.reports for s in planned_shards(scan_regions(content), gazetteer, max_reports=MAX)}
    assert counts == COUNTS
    ranged, _ = load_shard(content, "440100-440103")  # 广州市 itself, and 荔湾区 with its streets
    assert sorted(s.report.region.code for s in ranged.reports) == ["4401", "440103001", "440103002"]
    alone, _ = load_shard(content, "440000")  # 广东省 alone: only the report placed at 44 itself
    assert [s.report.region.code for s in alone.reports] == ["44"]
    whole, _ = load_shard(content, "44")  # a plain code still means the region and everything below it
    assert len(whole.reports) == 14


def test_every_plan_holds_every_placed_report_once(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, _ = archive
    gazetteer = load_gazetteer()
    regions = scan_regions(content)
    codes = [r.code for r in regions if placed(r.code, gazetteer)]
    for limit in range(1, 16):
        plan = shard_plan(regions, gazetteer, limit)
        assert len(set(plan)) == len(plan) and all(shard_error(gazetteer, s) is None for s in plan), plan
        assert plan == sorted(plan)  # code order is the codes' order, as a pinned plan sorts them
        holders = [[s for s in plan if in_shard(s, code)] for code in codes]
        assert all(len(h) == 1 for h in holders), (limit, plan)
        sizes = Counter(h[0] for h in holders)
        assert sorted(sizes) == sorted(plan)  # no shard without reports
        # only a county, or a region alone, is above the maximum: the plan splits no further
        assert all(n <= limit or "-" not in s and (len(s) == 6) for s, n in sizes.items()), (limit, sizes)
        find = shard_finder(plan)
        assert all(find(code) == h[0] for code, h in zip(codes, holders))


def test_a_national_archive_fits_a_matrix() -> None:
    gazetteer = load_gazetteer()
    # five reports for each region of the gazetteer (about 223,000): at most 256 jobs per matrix
    regions = [StoredRegion(Path("."), place.code, None) for place in gazetteer for _ in range(5)]
    plan = shard_plan(regions, gazetteer)
    assert len(plan) < 100, len(plan)
    # at MAX_SHARD_REPORTS a province of such an archive (at most some 17,000) is one site
    assert plan == sorted({place.code[:2] for place in gazetteer}), plan
    packed = shard_plan(regions, gazetteer, max_reports=7000)  # smaller sites: packing forms most shards
    assert len(plan) < len(packed) < 100, len(packed)
    assert sum(1 for s in packed if "-" in s) > len(packed) // 2


def test_shards_are_named_by_their_regions_path() -> None:
    gazetteer = load_gazetteer()
    assert shard_name(gazetteer, "36") == "江西省"
    assert shard_name(gazetteer, "4403") == "广东省 · 深圳市"
    assert shard_name(gazetteer, "440106") == "广东省 · 广州市 · 天河区"
    assert shard_name(gazetteer, "440000") == "广东省 · 本级"
    assert shard_name(gazetteer, "440100") == "广东省 · 广州市 · 本级"
    assert shard_name(gazetteer, "4401-4402") == "广东省 · 广州市至韶关市"
    assert shard_name(gazetteer, "4400-4405") == "广东省 · 本级至汕头市"
    assert shard_name(gazetteer, "440103-440112") == "广东省 · 广州市 · 荔湾区至黄埔区"
    assert shard_name(gazetteer, "440100-440103") == "广东省 · 广州市 · 本级至荔湾区"
    assert shard_name(gazetteer, "110101-110105") == "北京市 · 东城区至朝阳区"  # 市辖区 is left out


@pytest.mark.parametrize(("shard", "message"), [
    ("4405-4401", "4405 comes after 4401: write 4401-4405"),
    ("4401-440106", "4401 and 440106 have different lengths"),
    ("4401-4501", "4401 and 4501 lie in different regions (广东省, 广西壮族自治区)"),
    ("440103-440203", "lie in different regions (广州市, 韶关市)"),
    ("4401-4499", "4499: not a statistical code in the gazetteer"),
    ("9901-9902", "99, the region of 9901 and 9902, is not a statistical code"),
    ("4401-4401", "a range of one region is written as its code: 4401"),
    ("4400-4400", "a range of one region is written as its code: 440000"),
    ("36-37", "a range is of prefecture-level regions (4 digits"),
    ("4401-4403-4405", "a range is two codes joined by a hyphen"),
    ("99", "not a statistical code in the gazetteer"),
    ("4400000", "a shard code is a region code of 2, 4, 6 or 9 digits"),
    ("440000000000", "a shard code is a region code of 2, 4, 6 or 9 digits"),
    (" 4401 ", "a shard code is a region code of 2, 4, 6 or 9 digits"),
    ("330182000", "for 建德市 write 330182 (建德市 and everything below it)"),
    ("440100000", "for 广州市 write 4401 (广州市 and everything below it) or 440100 (广州市 alone)"),
])
def test_a_bad_shard_code_is_refused_with_the_reason(archive: tuple[Path, dict[Path, str | None]], tmp_path: Path,
                                                     shard: str, message: str) -> None:
    content, _ = archive
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--docs-dir", str(tmp_path / "docs"),
                                       "--markdown-only", "--shard", shard])
    assert result.exit_code == 1 and f"error: --shard {shard}: " in result.output, result.output
    assert message in result.output, result.output
    assert not (tmp_path / "docs").exists()


def test_a_shard_code_is_written_as_the_plan_writes_it() -> None:
    gazetteer = load_gazetteer()
    # a region's code, or padded to six digits for the region alone; 441900 is 东莞市's county, 4419 the city
    assert all(shard_error(gazetteer, code) is None
               for code in ("44", "440000", "4401", "440100", "440103", "440103001", "4419", "441900", "4401-4405"))


def test_gongkai_shards_prints_the_plan(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, _ = archive
    runner = CliRunner()
    result = runner.invoke(main, ["shards", "--content", str(content), "--max-reports", str(MAX), "--json"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1 and json.loads(result.output) == PLAN
    result = runner.invoke(main, ["shards", "--content", str(content), "--max-reports", str(MAX)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("plan computed from the report counts, not pinned: no ")
    assert "shards.txt" in lines[0] and "`gongkai shards --write` pins it" in lines[0]
    assert lines[1].split() == ["shard", "reports", "years", "name"]
    assert [line.split()[0] for line in lines[2:-1]] == PLAN
    assert re.search(r"^440000 +1 +2023 +广东省 · 本级$", result.output, re.MULTILINE), result.output
    assert re.search(r"^440100-440103 +3 +2022–2023 +广东省 · 广州市 · 本级至荔湾区$", result.output, re.MULTILINE)
    assert re.search(r"^3602-3607 +3 +2022–2023 +江西省 · 景德镇市至赣州市$", result.output, re.MULTILINE)
    assert re.search(r"^4406 +2 +2022–2023 +广东省 · 佛山市$", result.output, re.MULTILINE)
    assert re.search(r"^330182 +4 .*建德市 +\(more than 3: not split further\)$", result.output, re.MULTILINE)
    assert lines[-1] == ("9 shards for 24 reports (at most 3 per shard); "
                         "1 reports without a known region code belong to no shard")
    default = runner.invoke(main, ["shards", "--content", str(content), "--json"])
    assert json.loads(default.output) == ["33", "36", "44"]
    bad = runner.invoke(main, ["shards", "--content", str(content), "--max-reports", "0"])
    assert bad.exit_code == 2
    missing = runner.invoke(main, ["shards", "--content", str(content / "nowhere")])
    assert missing.exit_code == 2 and "no such folder" in missing.output


def built_reports(docs: Path) -> list[str]:
    """The report pages of a built site, as r/<code>/<year>."""
    return sorted(re.sub(r"-\w+$", "", p.parent.relative_to(docs).as_posix()) for p in docs.glob("r/*/*/index.md"))


@pytest.mark.parametrize(("shard", "reports"), [
    ("3600-3601", ["r/36/2023", "r/3601/2023", "r/360102/2022"]),
    ("3602-3607", ["r/360202/2023", "r/360704203/2022", "r/360704203/2023"]),
    ("440104-440106", ["r/440104/2023", "r/440106/2023", "r/440106001/2023"]),
    ("4403-4405", ["r/4403/2022", "r/440304001/2023", "r/4405/2023"]),
    ("4400-4403", ["r/44/2023", "r/4401/2023", "r/440103001/2023", "r/440103002/2022", "r/440104/2023",
                   "r/440106/2023", "r/440106001/2023", "r/440111/2022", "r/440111/2023", "r/4403/2022",
                   "r/440304001/2023"]),
])
def test_a_range_builds_exactly_its_reports(archive: tuple[Path, dict[Path, str | None]], tmp_path: Path,
                                            shard: str, reports: list[str]) -> None:
    content, _ = archive
    docs = tmp_path / "docs"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--docs-dir", str(docs),
                                       "--markdown-only", "--shard", shard])
    assert result.exit_code == 0, result.output
    assert f"built {len(reports)} reports" in result.output, result.output
    assert f"{25 - len(reports)} reports outside {shard}" in result.output, result.output
    assert built_reports(docs) == reports


def test_a_shard_of_a_region_alone_builds_only_its_own_reports(archive: tuple[Path, dict[Path, str | None]],
                                                               tmp_path: Path) -> None:
    content, _ = archive
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--content", str(content), "--docs-dir", str(tmp_path / "alone"),
                                  "--markdown-only", "--shard", "440000"])
    assert result.exit_code == 0, result.output
    assert "built 1 reports" in result.output and "24 reports outside 440000" in result.output
    pages = [p.parent.relative_to(tmp_path / "alone").as_posix() for p in (tmp_path / "alone").glob("r/*/*/index.md")]
    assert len(pages) == 1 and pages[0].startswith("r/44/2023"), pages
    city = runner.invoke(main, ["build", "--content", str(content), "--docs-dir", str(tmp_path / "city"),
                                "--markdown-only", "--shard", "4406"])
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
    assert links == [("../gongkai-330182/", "浙江省 · 杭州市 · 建德市"),
                     ("../gongkai-3600-3601/", "江西省 · 本级至南昌市"),
                     ("../gongkai-3602-3607/", "江西省 · 景德镇市至赣州市"),
                     ("../gongkai-440000/", "广东省 · 本级"),
                     ("../gongkai-440100-440103/", "广东省 · 广州市 · 本级至荔湾区"),
                     ("../gongkai-440104-440106/", "广东省 · 广州市 · 越秀区至天河区"),
                     ("../gongkai-440111/", "广东省 · 广州市 · 白云区"),
                     ("../gongkai-4403-4405/", "广东省 · 深圳市至汕头市"), ("../gongkai-4406/", "广东省 · 佛山市")]
    assert "<td>2022、2023</td>" in home and "广州市至韶关市" in home
    assert "**24** 份报告，分布在 **3** 个省级地区的 **9** 个分站；另有 1 份报告地区未确定" in home
    guangzhou = (portal / "docs" / "region" / "4401" / "index.md").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', guangzhou) == ["../../../gongkai-440100-440103/",
                                                           "../../../gongkai-440104-440106/",
                                                           "../../../gongkai-440111/"]
    assert "共有 **8** 份报告" in guangzhou
    site_page = (portal / "site" / "region" / "44" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../gongkai-4403-4405/"' in site_page and "广东省 · 深圳市至汕头市" in site_page
    jiangxi = (portal / "docs" / "region" / "36" / "index.md").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', jiangxi) == [
        ("../../../gongkai-3600-3601/", "江西省 · 本级至南昌市"), ("../../../gongkai-3602-3607/", "江西省 · 景德镇市至赣州市")]
    assert sorted(p.parent.name for p in (portal / "docs" / "region").glob("*/index.md")) == ["36", "44", "4401"]


def test_the_portals_index_sends_every_place_to_a_page_that_exists(archive: tuple[Path, dict[Path, str | None]],
                                                                   portal: Path, tmp_path: Path) -> None:
    content, _ = archive
    names = json.loads((portal / "site" / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))
    sites = names["sites"]
    # a range is listed under each of its regions that has reports; the places below them follow
    assert sites == {"33": "../gongkai-330182/", "3301": "../gongkai-330182/", "330182": "../gongkai-330182/",
                     "36": "", "3601": "../gongkai-3600-3601/", "3602": "../gongkai-3602-3607/",
                     "3607": "../gongkai-3602-3607/", "44": "", "4401": "", "440103": "../gongkai-440100-440103/",
                     "440104": "../gongkai-440104-440106/", "440106": "../gongkai-440104-440106/",
                     "440111": "../gongkai-440111/", "4403": "../gongkai-4403-4405/", "4405": "../gongkai-4403-4405/",
                     "4406": "../gongkai-4406/"}
    urls = {code: resolve(sites, code) for _, _, code in names["places"]}
    assert urls["440103001"] == "../gongkai-440100-440103/region/440103001/"  # 沙面街道: in the range with 荔湾区
    assert urls["440304001"] == "../gongkai-4403-4405/region/440304001/"  # 南园街道: in the range with 深圳市
    assert urls["360102"] == "../gongkai-3600-3601/region/360102/"  # 东湖区: below 南昌市, in its range
    assert urls["360704203"] == "../gongkai-3602-3607/region/360704203/"  # 长洛乡: a township of 赣州市
    assert urls["440604"] == "../gongkai-4406/region/440604/"
    assert urls["44"] == "region/44/" and urls["4401"] == "region/4401/"  # split: the portal's own page
    assert urls["36"] == "region/36/"
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


def test_a_plan_of_townships_sends_every_place_to_a_page_that_exists(tmp_path: Path) -> None:
    # 荔湾区 (440103) split into its two streets: its page is the portal's, as 广州市's and 广东省's are
    content = tmp_path / "content"
    make_archive(content, {"440103001": (2023,), "440103002": (2023,), "4402": (2023,)})
    plan = ["440103001", "440103002", "4402"]
    (content / SHARD_PLAN_FILE).write_text("".join(f"{code}\n" for code in plan), encoding="utf-8")
    docs = tmp_path / "portal"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--docs-dir", str(docs), "--markdown-only",
                                       "--portal", "--shard-url", "../gongkai-{code}/"])
    assert result.exit_code == 0, result.output
    names = json.loads((docs / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))
    built = {shard: tmp_path / shard for shard in plan}
    for shard in plan:
        build(content, None, built[shard], repo_root=ROOT, run=False, shard=shard)
    urls = {code: resolve(names["sites"], code) for _, _, code in names["places"]}
    assert urls["440103"] == "region/440103/" and urls["440103001"] == "../gongkai-440103001/region/440103001/"
    for code, url in urls.items():
        assert url is not None, code
        shard = next((s for s in plan if url.startswith(f"../gongkai-{s}/")), None)
        page = docs / url if shard is None else built[shard] / url.split("/", 2)[2]
        assert (page / "index.md").is_file(), (code, url)


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
    assert urls["440103001"] == "../gongkai-440100-440103/region/440103001/" and urls["44"] == "region/44/"


# The pinned plan ----------------------------------------------------------------------------------

GROWTH: dict[str | None, tuple[int, ...]] = {
    "3602": (2023,),  # 景德镇市人民政府: into 3602-3607, which then holds 4, more than MAX
    "440113": (2023,),  # 广州市 番禺区: in no pinned shard (广州市 is split into counties)
    "4407": (2022, 2023),  # 江门市: in no pinned shard
    "450102": (2023,),  # 南宁市 兴宁区: a province the plan has not seen
}


@pytest.fixture()
def copied(archive: tuple[Path, dict[Path, str | None]], tmp_path: Path) -> Path:
    """A copy of the archive that a test may change."""
    content, _ = archive
    shutil.copytree(content, tmp_path / "content")
    return tmp_path / "content"


def shards(content: Path, *args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["shards", "--content", str(content), *args])


def test_write_pins_the_plan_and_a_growing_archive_keeps_its_addresses(copied: Path) -> None:
    plan_file = copied / SHARD_PLAN_FILE
    written = shards(copied, "--max-reports", str(MAX), "--write")
    assert written.exit_code == 0, written.output
    assert plan_file.read_text(encoding="utf-8") == PLAN_HEADER + "\n" + "".join(f"{code}\n" for code in PLAN)
    assert f"{plan_file}:14: added 4403-4405 (广东省 · 深圳市至汕头市, 3 reports)" in written.stdout
    pinned = shards(copied, "--max-reports", str(MAX))
    assert pinned.exit_code == 0 and pinned.stdout.startswith(f"plan pinned in {plan_file} "), pinned.output
    assert re.search(r"^3602-3607 +3 +2022–2023 +江西省 · 景德镇市至赣州市$", pinned.stdout, re.MULTILINE)
    before = plan_file.read_text(encoding="utf-8")

    make_archive(copied, GROWTH, first=len(PLACEMENTS))
    gazetteer = load_gazetteer()
    computed = shard_plan(scan_regions(copied), gazetteer, MAX)
    assert "3602-3607" not in computed  # recomputed, the range's address would move
    # until the plan holds the new reports, it is refused, saying which shard to add
    refused = shards(copied, "--max-reports", str(MAX), "--json")
    assert refused.exit_code == 1 and refused.stdout == "", refused.output
    assert (f"{plan_file}: error: 2 reports of 广东省 · 江门市 (such as {copied / 'reports'}/" in refused.stderr
            and "are in no shard, so no site publishes them: add a line 4407, or run `gongkai shards --write`"
            in refused.stderr), refused.stderr
    assert "1 reports of 广西壮族自治区 (such as " in refused.stderr and "add a line 45, or run" in refused.stderr
    assert "add a line 440113, or run" in refused.stderr
    assert plan_file.read_text(encoding="utf-8") == before

    grown = shards(copied, "--max-reports", str(MAX), "--write")
    assert grown.exit_code == 0, grown.output
    assert grown.stdout.splitlines()[:3] == [f"{plan_file}:14: added 440113 (广东省 · 广州市 · 番禺区, 1 reports)",
                                            f"{plan_file}:17: added 4407 (广东省 · 江门市, 2 reports)",
                                            f"{plan_file}:18: added 45 (广西壮族自治区, 1 reports)"]
    after = plan_file.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in ("440113", "4407", "45")] == before.splitlines()
    assert after[-5:] == ["440113", "4403-4405", "4406", "4407", "45"]  # in code order among the pinned lines
    assert f"{plan_file}:9: warning: 3602-3607 holds 4 reports, more than 3: it still builds" in grown.stderr
    new_plan = sorted(PLAN + ["440113", "4407", "45"])
    assert json.loads(shards(copied, "--max-reports", str(MAX), "--json").stdout) == new_plan
    # every placed report, old and new, is in exactly one shard of the pinned plan
    codes = [r.code for r in scan_regions(copied) if placed(r.code, gazetteer)]
    assert all(sum(in_shard(s, code) for s in new_plan) == 1 for code in codes)
    again = shards(copied, "--max-reports", str(MAX), "--write")
    assert again.exit_code == 0 and "nothing added" in again.stdout
    assert plan_file.read_text(encoding="utf-8").splitlines() == after


def test_the_pinned_plan_is_what_shards_and_the_portal_use(copied: Path, tmp_path: Path) -> None:
    # not what the plan would compute (33, 36, 44 at 5,000 per shard): the file decides
    (copied / SHARD_PLAN_FILE).write_text("# our shards\n33\n36\n\n4403-4406  # 深圳市 to 佛山市\n440000\n4401\n",
                                          encoding="utf-8")
    expected = ["33", "36", "440000", "4401", "4403-4406"]
    result = shards(copied, "--json")
    assert result.exit_code == 0 and result.output.strip() == json.dumps(expected), result.output
    table = shards(copied)
    assert table.exit_code == 0 and "plan pinned in" in table.stdout, table.output
    assert re.search(r"^4401 +8 +2022–2023 +广东省 · 广州市$", table.stdout, re.MULTILINE), table.stdout
    docs = tmp_path / "docs"
    portal = CliRunner().invoke(main, ["build", "--content", str(copied), "--docs-dir", str(docs), "--markdown-only",
                                       "--portal", "--shard-url", "../gongkai-{code}/"])
    assert portal.exit_code == 0, portal.output
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert re.findall(r'<a href="\.\./gongkai-([^/"]+)/">', home) == expected
    sites = json.loads((docs / "search" / "gongkai" / "names.json").read_text(encoding="utf-8"))["sites"]
    assert sites["4401"] == "../gongkai-4401/" and sites["4406"] == "../gongkai-4403-4406/" and sites["44"] == ""
    # the library call reads the same file
    again = build_portal(copied, None, tmp_path / "again", repo_root=ROOT, run=False, shard_url="{code}/")
    assert again.written and (tmp_path / "again" / "index.md").read_text(encoding="utf-8").count("<a href=") == 5


@pytest.mark.parametrize(("text", "message"), [
    ("33\n36\n44\n4401-4405\n", ":4: error: 4401-4405 overlaps 44 on line 3: both hold 广州市 (4401)"),
    ("33\n36\n440000\n4400-4406\n", ":4: error: 4400-4406 overlaps 440000 on line 3: both hold 广东省 (44)"),
    ("33\n36\n4401\n4403-4406\n440000\n440100-440106\n440111\n",
     ":6: error: 440100-440106 overlaps 4401 on line 3: both hold 广州市 (4401)"),
    ("33\n36\n44\n# once more\n44\n", ":5: error: 44 is already on line 3: list each shard once"),
    ("33\n36\n4405-4401\n44\n", ":3: error: 4405-4401 is not a shard code: 4405 comes after 4401: write 4401-4405"),
    ("33\n36\n44\n99\n", ":4: error: 99 is not a shard code: not a statistical code in the gazetteer"),
    ("33\n36 44\n", ":2: error: `36 44` is not one shard code: write one code per line"),
    ("33\n36\n440000000000\n4401\n4403-4406\n",
     ":3: error: 440000000000 is not a shard code: a shard code is a region code of 2, 4, 6 or 9 digits"),
])
def test_a_bad_pinned_plan_is_refused_with_file_line_and_remedy(copied: Path, tmp_path: Path, text: str,
                                                                message: str) -> None:
    plan_file = copied / SHARD_PLAN_FILE
    plan_file.write_text(text, encoding="utf-8")
    for args in ([], ["--json"], ["--write"]):
        result = shards(copied, *args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{plan_file}{message}" in result.stderr, (args, result.stderr)
    assert "left as it was: correct the errors above first" in result.stderr
    assert plan_file.read_text(encoding="utf-8") == text  # --write adds nothing to a plan with errors
    portal = CliRunner().invoke(main, ["build", "--content", str(copied), "--docs-dir", str(tmp_path / "docs"),
                                       "--markdown-only", "--portal"])
    assert portal.exit_code == 1 and f"{plan_file}{message}" in portal.stderr, portal.output
    assert "error: the portal lists the shards of" in portal.stderr and not (tmp_path / "docs").exists()


def test_reports_in_no_shard_are_an_error_until_write_adds_shards_around_the_pinned(copied: Path,
                                                                                    tmp_path: Path) -> None:
    plan_file = copied / SHARD_PLAN_FILE
    plan_file.write_text("33\n36\n4401\n", encoding="utf-8")
    # 广东省's own report and 深圳市 to 佛山市 are in no shard; 44 would hold them, but overlaps 4401
    for args in ([], ["--json"]):
        result = shards(copied, *args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{plan_file}: error: 1 reports of 广东省 · 本级 (such as {copied / 'reports'}/" in result.stderr
        assert ("are in no shard, so no site publishes them: add a line 440000, or run `gongkai shards --write`"
                in result.stderr)
        assert (f"{plan_file}: error: 5 reports of 广东省 · 深圳市至佛山市 (such as " in result.stderr
                and "add a line 4403-4406, or run `gongkai shards --write`" in result.stderr), result.stderr
    portal = CliRunner().invoke(main, ["build", "--content", str(copied), "--docs-dir", str(tmp_path / "docs"),
                                       "--markdown-only", "--portal"])
    assert portal.exit_code == 1 and "add a line 440000" in portal.stderr, portal.output
    result = shards(copied, "--write")
    assert result.exit_code == 0, result.output
    assert plan_file.read_text(encoding="utf-8") == "33\n36\n440000\n4401\n4403-4406\n"
    assert result.stdout.splitlines()[:2] == [f"{plan_file}:3: added 440000 (广东省 · 本级, 1 reports)",
                                              f"{plan_file}:5: added 4403-4406 (广东省 · 深圳市至佛山市, 5 reports)"]
    assert result.stderr == ""


def test_write_keeps_the_line_endings_of_the_plan_file(copied: Path) -> None:
    plan_file = copied / SHARD_PLAN_FILE
    plan_file.write_bytes(b"# ours\r\n33\r\n36\r\n4401\r\n")
    result = shards(copied, "--write")
    assert result.exit_code == 0, result.output
    assert plan_file.read_bytes() == b"# ours\r\n33\r\n36\r\n440000\r\n4401\r\n4403-4406\r\n"


def test_a_plan_file_that_cannot_be_read_says_what_to_do(copied: Path) -> None:
    (copied / SHARD_PLAN_FILE).write_bytes(b"33\n\xff36\n")
    result = shards(copied, "--json")
    assert result.exit_code == 1 and "error: cannot read it (" in result.stderr, result.output
    assert "it must be a readable UTF-8 text file of one shard code per line; restore it" in result.stderr


def test_reports_no_shard_can_take_without_overlap_are_left_to_the_maintainer(copied: Path) -> None:
    plan_file = copied / SHARD_PLAN_FILE
    # 440103001 (沙面街道) is pinned alone; 荔湾区's other township, 440103002, fits no shard code
    text = "33\n36\n440000\n440100\n440103001\n440104-440111\n4403-4406\n"
    plan_file.write_text(text, encoding="utf-8")
    result = shards(copied, "--write")
    assert result.exit_code == 1 and plan_file.read_text(encoding="utf-8") == text, result.output
    assert (f"{plan_file}:5: error: 1 reports of 广东省 · 广州市 · 荔湾区 (such as " in result.stderr
            and "and no shard code holds them without overlapping 440103001 on this line: add shards for them by "
                "hand" in result.stderr), result.stderr


def test_a_shard_above_the_maximum_or_without_reports_is_a_warning(copied: Path, tmp_path: Path) -> None:
    plan_file = copied / SHARD_PLAN_FILE
    plan_file.write_text("33\n36\n44\n45\n", encoding="utf-8")
    result = shards(copied, "--max-reports", str(MAX), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == ["33", "36", "44", "45"], result.output
    assert (f"{plan_file}:3: warning: 44 holds 14 reports, more than 3: it still builds, but its site may not fit "
            f"GitHub Pages (1 GB); replacing it with shards of its parts would move the address") in result.stderr
    assert f"{plan_file}:1: warning: 33 holds 4 reports" in result.stderr
    assert f"{plan_file}:4: warning: 45 holds no report: it builds an empty site at its address" in result.stderr
    table = shards(copied, "--max-reports", str(MAX))
    assert table.exit_code == 0 and re.search(r"^44 +14 .*广东省  \(more than 3\)$", table.stdout, re.MULTILINE)
    portal = CliRunner().invoke(main, ["build", "--content", str(copied), "--docs-dir", str(tmp_path / "docs"),
                                       "--markdown-only", "--portal", "--max-reports", str(MAX)])
    assert portal.exit_code == 0 and "warning: 44 holds 14 reports" in portal.stderr, portal.output
    assert "<td>14</td>" in (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
    assert shards(copied).stderr.count("warning") == 1  # at 5,000 per shard only 45 is worth a word


def test_overlap_is_found_by_regions_as_by_every_place_of_the_gazetteer() -> None:
    gazetteer = load_gazetteer()
    codes = ["44", "440000", "4400-4405", "4401", "4401-4402", "440100", "440100-440103", "440103-440112", "440104",
             "4403-4406", "4406", "440604", "440103001", "4419", "4402-4419", "4420"]
    places = [p.code for p in gazetteer if p.code.startswith("44")]
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            plan = check_plan(Path("shards.txt"), f"{a}\n{b}\n", [], gazetteer)
            found = any(p.kind == "overlap" for p in plan.problems)
            assert found == any(in_shard(a, c) and in_shard(b, c) for c in places), (a, b, plan.problems)


def test_a_missing_plan_file_means_the_computed_plan(archive: tuple[Path, dict[Path, str | None]]) -> None:
    content, _ = archive
    regions = scan_regions(content)
    plan = read_plan(content, regions, load_gazetteer(), MAX)
    assert not plan.pinned and plan.codes == PLAN and plan.problems == []


def test_the_national_workflow_plans_once_and_skips_an_empty_plan() -> None:
    import yaml

    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "national.yml").read_text(encoding="utf-8"))["jobs"]
    plan_step = next(step["run"] for step in jobs["plan"]["steps"] if step.get("id") == "plan")
    assert plan_step.count("gongkai shards") == 1 and "--json" in plan_step
    # GitHub refuses a matrix of no jobs: an archive without placed reports has no shard to build or deploy
    for job in ("shard", "deploy-shards"):
        assert "needs.plan.outputs.shards != '[]'" in jobs[job]["if"], job
