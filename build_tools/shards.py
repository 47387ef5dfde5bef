"""A national archive as sites sized to fit GitHub Pages (shards) and a small portal that links them (issue 6).

GitHub Pages holds 1 GB per site and deploys within 10 minutes, so a national archive cannot be one
site. `gongkai build --shard 36` builds 江西省's reports, region pages and home page; `gongkai build
--portal` builds a portal whose home page lists the shards and whose search finds every place with
reports across all of them. Shard CODE is published at the address `shard_url` gives (by default
`<site_url>CODE/`, i.e. beside the portal).

The shard plan (`shard_plan`, `gongkai shards`) follows size, because a site holds some 4,000–5,000
reports and a big province has up to 25,000. A province with at most `MAX_SHARD_REPORTS` reports is one
shard (`36`); a bigger one is split into one shard per prefecture-level region that has reports
(`4401`), and a prefecture still above the maximum into one shard per county (`440106`). A county is
not split further. The reports placed at a split region itself (广东省人民政府's own, code `44`) go to
the shard named by the region's code padded to six digits, as GB/T 2260 writes the region itself:
`440000` holds the reports placed at 广东省 and none below it, `440100` those placed at 广州市 itself.
So a shard code means: a plain code, the region and everything below it; a padded code, the region
alone. The plan lists only shards that have reports, in code order, and every placed report (its code
known to the gazetteer) falls in exactly one of them.

The portal lists the planned shards by name (广东省 · 广州市), and its search index maps every place to
the shard that holds its page: the worker takes the longest site code that starts the place's code.
A split region has a page in several shards (广东省's page is in each of its city shards, listing only
that city), so it maps to a page of the portal itself, `region/<code>/`, that lists the region's shards (or, when
one shard holds all of the region, to that shard).

Both read only what they need: the region code of every report is read from the first lines of its
data file (`region:` / `code:`), so a shard loads and validates only its own reports and the portal
validates none. A data file whose region cannot be read that way is loaded in full.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from build_tools.archive import DATA_FILE, REPORTS, Archive, DataError, load_stored
from build_tools.gazetteer import Gazetteer, normalize_code
from build_tools.render import esc, front_matter, table_html
from build_tools.search_index import SearchPlace, build_index, places_of

SHARD_URL = "{code}/"
"""Where shard CODE is published, relative to the portal's site_url (or absolute)."""

MAX_SHARD_REPORTS = 4000
"""A region with more reports than this is split into shards by the level below (about 1 GB of site)."""

_SPLIT_LENGTH = {2: 4, 4: 6}  # a province splits into prefectures, a prefecture into counties
_NEXT_LENGTH = {2: 4, 4: 6, 6: 9, 9: 12}  # codes of the level below: 2/4/6/9 digits
_OWN_LENGTH = 6  # a region alone is written as its code padded with zeros to six digits

_REGION_CODE = re.compile(r"^region:\n  code: (?:'(\d*)'|(\d+)|null|'')\n", re.MULTILINE)
_HEAD_BYTES = 4096  # the region block comes near the top of report.yaml


@dataclass(frozen=True)
class StoredRegion:
    """A report of the archive by where it lives, its region code and year, read without validating it."""

    directory: Path
    code: str | None
    year: int | None


@dataclass
class Shard:
    """One shard site as the plan and the portal list it."""

    code: str
    name: str
    url: str
    reports: int = 0
    years: set[int] = field(default_factory=set)


def shard_address(template: str, code: str, site_url: str = "") -> str:
    """The address of a shard: the template with {code}, resolved against the portal's site_url."""
    return urljoin(site_url, template.format(code=code)) if site_url else template.format(code=code)


def scan_regions(content: Path) -> list[StoredRegion]:
    """Every report of the archive with its region code (None when unplaced) and year, read quickly."""
    out = []
    for data_path in sorted((content / REPORTS).glob(f"*/*/{DATA_FILE}")):
        year_dir = data_path.parent.parent.name
        year = int(year_dir) if year_dir.isdigit() else None
        try:
            with open(data_path, encoding="utf-8") as fd:
                head = fd.read(_HEAD_BYTES)
        except (OSError, UnicodeDecodeError):
            head = ""
        match = _REGION_CODE.search(head)
        if match is None:
            try:
                stored = load_stored(data_path.parent)
            except DataError:
                continue  # the full build lists it; a shard or the portal cannot place it
            out.append(StoredRegion(data_path.parent, stored.report.region.code, stored.report.year))
            continue
        code = match.group(1) or match.group(2) or None
        out.append(StoredRegion(data_path.parent, code, year))
    return out


# What a shard holds ---------------------------------------------------------------------------------


def own_shard(region: str) -> str:
    """The shard code of the reports placed at a region itself, none below it: 44 → 440000."""
    return region.ljust(_OWN_LENGTH, "0")


def shard_scope(shard: str) -> tuple[str, bool]:
    """The region a shard code covers and whether it covers that region alone: 44 → (44, False), 440000 → (44, True)."""
    region = normalize_code(shard)
    return region, region != shard


def in_shard(shard: str, code: str | None) -> bool:
    """Whether shard holds a report with this region code (see the module docstring)."""
    if not code:
        return False
    region, alone = shard_scope(shard)
    if not code.startswith(region):
        return False
    return not alone or len(code) < _NEXT_LENGTH.get(len(region), len(code) + 1)


def load_shard(content: Path, region: str) -> tuple[Archive, int]:
    """Load the reports a shard holds (36: 江西省 and below; 440000: 广东省 alone), and count the others."""
    archive = Archive()
    left_out = 0
    for stored in scan_regions(content):
        if not in_shard(region, stored.code):
            left_out += 1
            continue
        try:
            report = load_stored(stored.directory)
        except DataError as exc:
            archive.errors.append(exc)
            continue
        if in_shard(region, report.report.region.code):
            archive.reports.append(report)
        else:
            left_out += 1
    return archive, left_out


def shard_name(gazetteer: Gazetteer, region: str) -> str:
    """The name a shard carries: its region's path (江西省, 广东省 · 广州市), 本级 for a region alone."""
    code, alone = shard_scope(region)
    names = [p.name for p in gazetteer.path(code)] or [region]
    return " · ".join(names + (["本级"] if alone else []))


# The plan -----------------------------------------------------------------------------------------


def placed(code: str | None, gazetteer: Gazetteer) -> bool:
    """Whether a report with this region code belongs to a shard: the gazetteer knows the code."""
    return code is not None and code != "" and gazetteer.get(code) is not None


def shard_plan(regions: Iterable[StoredRegion], gazetteer: Gazetteer,
               max_reports: int = MAX_SHARD_REPORTS) -> list[str]:
    """The shard codes of the archive, in code order: provinces, split by size (see the module docstring)."""
    if max_reports < 1:
        raise ValueError(f"max_reports must be at least 1, not {max_reports}")
    by_province: dict[str, list[str]] = defaultdict(list)
    for stored in regions:
        code = stored.code
        if code and placed(code, gazetteer):
            by_province[code[:2]].append(code)
    plan: list[str] = []
    for province in sorted(by_province):
        plan.extend(_plan_region(province, by_province[province], max_reports))
    return sorted(plan)


def _plan_region(region: str, codes: list[str], max_reports: int) -> list[str]:
    """The shards of one region, given the codes of its reports: itself, or its parts when too big."""
    sub = _SPLIT_LENGTH.get(len(region))
    if len(codes) <= max_reports or sub is None:
        return [region]
    parts: dict[str, list[str]] = defaultdict(list)
    alone = False
    for code in codes:
        if len(code) >= sub:
            parts[code[:sub]].append(code)
        else:
            alone = True
    plan = [own_shard(region)] if alone else []
    for part in sorted(parts):
        plan.extend(_plan_region(part, parts[part], max_reports))
    return plan


def shard_of(code: str | None, plan: Collection[str]) -> str | None:
    """The planned shard that holds a report with this code: of those that do, the longest code."""
    if not code:
        return None
    prefixes = [code[:n] for n in sorted(_NEXT_LENGTH, reverse=True) if n <= len(code)]
    for candidate in (c for prefix in prefixes for c in (own_shard(prefix), prefix)):
        if candidate in plan and in_shard(candidate, code):
            return candidate
    return None


def split_regions(plan: Iterable[str]) -> list[str]:
    """The regions the plan splits into several shards (44 when its cities are shards), in code order."""
    split: set[str] = set()
    for shard in plan:
        region, alone = shard_scope(shard)
        split.update(region[:n] for n in _SPLIT_LENGTH if n < len(region))
        if alone:
            split.add(region)
    return sorted(split)


def planned_shards(regions: list[StoredRegion], gazetteer: Gazetteer, template: str = SHARD_URL,
                   max_reports: int = MAX_SHARD_REPORTS) -> list[Shard]:
    """The planned shards with their names, addresses, report counts and years, in code order."""
    plan = shard_plan(regions, gazetteer, max_reports)
    shards = {code: Shard(code, shard_name(gazetteer, code), template.format(code=code)) for code in plan}
    planned = set(plan)
    for stored in regions:
        code = shard_of(stored.code, planned) if placed(stored.code, gazetteer) else None
        if code is None:
            continue
        shards[code].reports += 1
        if stored.year:
            shards[code].years.add(stored.year)
    return [shards[code] for code in plan]


# The portal ---------------------------------------------------------------------------------------


def portal_shards(regions: list[StoredRegion], gazetteer: Gazetteer, template: str,
                  max_reports: int = MAX_SHARD_REPORTS) -> list[Shard]:
    """The shards the portal lists: the plan's, with their report counts and years."""
    return planned_shards(regions, gazetteer, template, max_reports)


def portal_places(regions: list[StoredRegion], gazetteer: Gazetteer) -> list[SearchPlace]:
    """Every place that has a region page on some shard: the places on the paths of placed reports."""
    return places_of((s.code for s in regions if placed(s.code, gazetteer)), gazetteer)


def shards_under(region: str, shards: list[Shard]) -> list[Shard]:
    """The shards that hold the reports of a region and below it."""
    return [s for s in shards if shard_scope(s.code)[0].startswith(region)]


def portal_sites(shards: list[Shard]) -> dict[str, str]:
    """Where the portal's search sends a place, by the longest code that starts the place's code.

    A shard of a region and everything below it takes that region's places. A split region (44 when
    its cities are shards) has a page in each of its shards, each showing only that shard's part, so
    it goes to the portal's own page of that region ("" + region/44/), which lists its shards; when a
    single shard holds all of it (a province split only because one county is too big), to that shard.
    """
    sites = {s.code: s.url for s in shards if not shard_scope(s.code)[1]}
    for region in split_regions(s.code for s in shards):
        under = shards_under(region, shards)
        sites[region] = under[0].url if len(under) == 1 else ""
    return sites


def _href(url: str, depth: int) -> str:
    """A shard address as a link from a portal page `depth` folders below the portal's root."""
    if urlsplit(url).scheme or url.startswith("/"):
        return url
    return "../" * depth + url


def _shard_table(shards: list[Shard], depth: int) -> str:
    rows = ([f'<a href="{esc(_href(s.url, depth))}">{esc(s.name)}</a>', esc(s.reports),
             esc("、".join(str(y) for y in sorted(s.years)) or "—")] for s in shards)
    return table_html(["分站", "报告数", "年度"], rows)


def _home(regions: list[StoredRegion], shards: list[Shard], gazetteer: Gazetteer) -> str:
    unplaced = sum(1 for s in regions if not placed(s.code, gazetteer))
    provinces = len({shard_scope(s.code)[0][:2] for s in shards})
    return "\n".join([
        front_matter("首页", search={"exclude": True}),
        "# 政府信息公开年度报告档案\n",
        ("各级人民政府及其部门的《政府信息公开工作年度报告》按省级地区分站发布；"
         "报告较多的省级地区按地级（必要时按县级）地区再分为几个分站，“本级”分站收录该地区本级机关的报告。"
         "用页面上方的搜索框输入乡镇、街道、县市名称，即可找到它在各分站的页面。\n"),
        (f"目前收录 **{len(regions)}** 份报告，分布在 **{provinces}** 个省级地区的 **{len(shards)}** 个分站"
         + (f"；另有 {unplaced} 份报告地区未确定，暂未发布。\n" if unplaced else "。\n")),
        "## 分站\n",
        _shard_table(shards, 0),
    ])


def _split_page(region: str, shards: list[Shard], gazetteer: Gazetteer) -> str:
    """The portal's page of a split region: the shards that hold its parts."""
    name = shard_name(gazetteer, region)
    own = shards_under(region, shards)
    total = sum(s.reports for s in own)
    return "\n".join([
        front_matter(name, search={"exclude": True}),
        f"# {esc(name)}\n",
        f"{esc(name)}共有 **{total}** 份报告，分在以下 **{len(own)}** 个分站。\n",
        _shard_table(own, 2),
        "[全部分站](../../index.md)\n",
    ])


def portal_files(regions: list[StoredRegion], gazetteer: Gazetteer, template: str,
                 max_reports: int | None = None) -> dict[str, str | bytes]:
    """The portal's pages and its place index (names.json of kind "portal", no full text).

    max_reports: the plan's maximum of reports per shard (None: MAX_SHARD_REPORTS).
    """
    limit = MAX_SHARD_REPORTS if max_reports is None else max_reports
    shards = portal_shards(regions, gazetteer, template, limit)
    files: dict[str, str | bytes] = {"index.md": _home(regions, shards, gazetteer)}
    sites = portal_sites(shards)
    for region in (code for code, url in sites.items() if url == ""):
        files[f"region/{region}/index.md"] = _split_page(region, shards, gazetteer)
    index = build_index(portal_places(regions, gazetteer), [], sites=sites)
    files.update(index.files)
    return files


__all__ = ["MAX_SHARD_REPORTS", "SHARD_URL", "Shard", "StoredRegion", "in_shard", "load_shard", "own_shard",
           "placed", "planned_shards", "portal_files", "portal_places", "portal_shards", "portal_sites",
           "scan_regions", "shard_address", "shard_name", "shard_of", "shard_plan", "shard_scope",
           "shards_under", "split_regions"]
