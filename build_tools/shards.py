"""A national archive as one site per province (a shard) and a small portal that links them (issue 6).

GitHub Pages holds 1 GB per site and deploys within 10 minutes, so a national archive cannot be one
site. `gongkai build --shard 36` builds 江西省's reports, region pages and home page; `gongkai build
--portal` builds a portal whose home page lists the shards and whose search finds every place with
reports across all of them. Shard REGION is published at the address `shard_url` gives (by default
`<site_url>REGION/`, i.e. beside the portal).

Both read only what they need: the region code of every report is read from the first lines of its
data file (`region:` / `code:`), so a shard loads and validates only its own reports and the portal
validates none. A data file whose region cannot be read that way is loaded in full.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from build_tools.archive import DATA_FILE, REPORTS, Archive, DataError, load_stored
from build_tools.gazetteer import Gazetteer
from build_tools.render import esc, front_matter, table_html
from build_tools.search_index import SearchPlace, build_index, places_of

SHARD_URL = "{code}/"
"""Where shard REGION is published, relative to the portal's site_url (or absolute)."""

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
    """One shard site as the portal lists it."""

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


def load_shard(content: Path, region: str) -> tuple[Archive, int]:
    """Load the reports placed in a region (a province code: 36), and count the reports left out."""
    archive = Archive()
    left_out = 0
    for stored in scan_regions(content):
        if not (stored.code or "").startswith(region):
            left_out += 1
            continue
        try:
            report = load_stored(stored.directory)
        except DataError as exc:
            archive.errors.append(exc)
            continue
        if (report.report.region.code or "").startswith(region):
            archive.reports.append(report)
        else:
            left_out += 1
    return archive, left_out


def portal_shards(regions: list[StoredRegion], gazetteer: Gazetteer, template: str) -> list[Shard]:
    """The province shards of the archive, with their report counts and years."""
    shards: dict[str, Shard] = {}
    for stored in regions:
        if not stored.code or gazetteer.get(stored.code[:2]) is None:
            continue
        code = stored.code[:2]
        place = gazetteer.get(code)
        shard = shards.setdefault(code, Shard(code, place.name if place else code, template.format(code=code)))
        shard.reports += 1
        if stored.year:
            shard.years.add(stored.year)
    return [shards[c] for c in sorted(shards)]


def portal_places(regions: list[StoredRegion], gazetteer: Gazetteer) -> list[SearchPlace]:
    """Every place that has a region page on some shard: the places on the paths of placed reports."""
    return places_of((s.code for s in regions if s.code and gazetteer.get(s.code)), gazetteer)


def portal_files(regions: list[StoredRegion], gazetteer: Gazetteer, template: str) -> dict[str, str | bytes]:
    """The portal's pages and its place index (names.json of kind "portal", no full text)."""
    shards = portal_shards(regions, gazetteer, template)
    counts = Counter(s.code is None for s in regions)
    rows = ([f'<a href="{esc(s.url)}">{esc(s.name)}</a>', esc(s.reports),
             esc("、".join(str(y) for y in sorted(s.years)) or "—")] for s in shards)
    home = "\n".join([
        front_matter("首页", search={"exclude": True}),
        "# 政府信息公开年度报告档案\n",
        ("各级人民政府及其部门的《政府信息公开工作年度报告》按省级地区分站发布。"
         "用页面上方的搜索框输入乡镇、街道、县市名称，即可找到它在各分站的页面。\n"),
        (f"目前收录 **{counts[False] + counts[True]}** 份报告，分布在 **{len(shards)}** 个省级地区"
         + (f"；另有 {counts[True]} 份报告地区未确定，暂未发布。\n" if counts[True] else "。\n")),
        "## 分站\n",
        table_html(["省级地区", "报告数", "年度"], rows),
    ])
    sites = {s.code: s.url for s in shards}
    index = build_index(portal_places(regions, gazetteer), [], sites=sites)
    files: dict[str, str | bytes] = {"index.md": home}
    files.update(index.files)
    return files


def shard_name(gazetteer: Gazetteer, region: str) -> str:
    """The name a shard site carries: its region's name (江西省)."""
    place = gazetteer.get(region)
    return place.name if place else region


__all__ = ["SHARD_URL", "Shard", "StoredRegion", "load_shard", "portal_files", "portal_places", "portal_shards",
           "scan_regions", "shard_address", "shard_name"]
