"""A national archive as sites sized to fit GitHub Pages (shards) and a small portal that links them (issue 6).

GitHub Pages holds 1 GB per site and deploys within 10 minutes, so a national archive cannot be one
site. `gongkai build --shard 36` builds 江西省's reports, region pages and home page; `gongkai build
--portal` builds a portal whose home page lists the shards and whose search finds every place with
reports across all of them. Shard CODE is published at the address `shard_url` gives (by default
`<site_url>CODE/`, i.e. beside the portal).

The shard plan (`shard_plan`, `gongkai shards`) follows size, because a site holds some 20,000 reports
(about 40 KiB each, with margin for real reports, which are longer than the benchmark's) and a big
province has up to 25,000. A province with at most `MAX_SHARD_REPORTS` reports is one shard (`36`). A
bigger one is split into its prefecture-level regions that have reports, and these are packed, in code
order, into consecutive groups of at most `MAX_SHARD_REPORTS` reports each: a group of several is a
range shard (`4401-4405`: 广州市 to 汕头市), a group of one is the prefecture's code (`4401`). A
prefecture that alone has more than the maximum is split the same way into its counties (`440103-440112`,
`440106`); a county is not split further. Packing keeps a national archive of about 223,000 reports
(five per region of the gazetteer) at 31 shards (one per province at 20,000), well within a GitHub Actions matrix (256 jobs), where
one shard per prefecture or county made 345, most of them under 1,000 reports.

The reports placed at a split region itself (广东省人民政府's own, code `44`) come first in that order,
as the region's code padded to the length of its parts (`4400`, and `440100` for 广州市 itself), and are
packed like a part: with the next parts into a range (`4400-4405`: 广东省 本级 and 广州市 to 汕头市), or,
when they stand alone (the next part is split itself, or there is none), as the region's code padded to six
digits, as GB/T 2260 writes the region itself (`440000`: 广东省 本级, the reports placed at 广东省 and
none below it). A prefecture whose only county has its padded code (东莞市 4419, county 441900) is not
split, since its padded code would name both.

So a shard code means: a plain code (`44`, `4401`), the region and everything below it; a padded code
(`440000`, `440100`), the region alone; a range `A-B` of two codes of the same length and the same parent,
every report whose code cut (or padded) to that length lies between A and B, both included, i.e. the
regions A to B with everything below them, and the parent itself when A is its padded code. The plan
lists only shards that have reports, in code order, and every placed report (its code known to the
gazetteer) falls in exactly one of them. A range's bounds follow the reports, so a range shard's code
(and the address and repository named after it) can change when the archive grows: a published archive
pins its plan in content/shards.txt (`read_plan`, `write_plan`, "The pinned plan" below).

The portal lists the planned shards by name (广东省 · 广州市; a range by its first and last region:
广东省 · 广州市至韶关市), and its search index maps every place to the shard that holds its page: the
worker takes the longest site code that starts the place's code, so a range shard is listed under the
code of each region in it that has reports, and their townships follow. A split region has a page in
several shards (广东省's page is in each of its shards, listing only that shard's part), so it maps to a
page of the portal itself, `region/<code>/`, that lists the region's shards (or, when one shard holds
all of the region, to that shard).

Both read only what they need: the region code of every report is read from the first lines of its
data file (`region:` / `code:`), as the gazetteer writes it (a padded `'440000'` or `'440100000000'` is
广东省's `44` and 广州市's `4401`, as the data file loads), so a shard loads and validates only its own
reports and the portal validates none. A data file whose region cannot be read that way is loaded in full.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from build_tools.archive import DATA_FILE, REPORTS, Archive, DataError, load_stored
from build_tools.gazetteer import Gazetteer, load_gazetteer, normalize_code
from build_tools.render import esc, front_matter, table_html
from build_tools.search_index import SearchPlace, build_index, places_of

SHARD_URL = "{code}/"
"""Where shard CODE is published, relative to the portal's site_url (or absolute)."""

MAX_SHARD_REPORTS = 20000
"""A region with more reports than this is split into shards by the level below (about 800 MB of site at
the benchmark's 40 KiB per report; real reports, with longer originals, take more)."""

_SPLIT_LENGTH = {2: 4, 4: 6}  # a province splits into prefectures, a prefecture into counties
_PARENT_LENGTH = {part: whole for whole, part in _SPLIT_LENGTH.items()}  # ranges: of prefectures or counties
_NEXT_LENGTH = {2: 4, 4: 6, 6: 9, 9: 12}  # codes of the level below: 2/4/6/9 digits
_OWN_LENGTH = 6  # a region alone is written as its code padded with zeros to six digits

_RANGE = re.compile(r"^([0-9]+)-([0-9]+)$")
_CODE = re.compile(r"^(?:[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9})$")  # a region code, as a shard code writes it
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
    """Every report of the archive with its region code (None when unplaced) and year, read quickly.

    The code is the gazetteer's (440000 and 440100000000, which the data file accepts, are 44 and 4401),
    as the report loads; a code the gazetteer does not know is kept as written (unplaced).
    """
    gazetteer = load_gazetteer()
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
        place = gazetteer.get(code) if code else None
        out.append(StoredRegion(data_path.parent, place.code if place else code, year))
    return out


# What a shard holds ---------------------------------------------------------------------------------


def own_shard(region: str) -> str:
    """The shard code of the reports placed at a region itself, none below it: 44 → 440000."""
    return region.ljust(_OWN_LENGTH, "0")


def shard_range(shard: str) -> tuple[str, str, str] | None:
    """A range shard's parent region and first and last codes (4401-4405 → 44, 4401, 4405); None otherwise.

    This reads the code only; `shard_error` says whether it is a range the gazetteer knows.
    """
    match = _RANGE.match(shard)
    if match is None:
        return None
    first, last = match.groups()
    return first[:_PARENT_LENGTH.get(len(first), len(first))], first, last


def _part_key(code: str, length: int) -> str:
    """A report's code among the parts of a split region: cut to the parts' length, or padded (44 → 4400)."""
    return code[:length] if len(code) >= length else code.ljust(length, "0")


def shard_scope(shard: str) -> tuple[str, bool]:
    """The region a shard code lies in and whether it holds only part of it.

    44 → (44, False); 440000 → (44, True), 广东省 alone; 4401-4405 → (44, True), some of 广东省's parts.
    """
    span = shard_range(shard)
    if span is not None:
        return span[0], True
    region = normalize_code(shard)
    return region, region != shard


def in_shard(shard: str, code: str | None) -> bool:
    """Whether shard holds a report with this region code (see the module docstring)."""
    if not code:
        return False
    span = shard_range(shard)
    if span is not None:
        parent, first, last = span
        return code.startswith(parent) and first <= _part_key(code, len(first)) <= last
    region, alone = shard_scope(shard)
    if not code.startswith(region):
        return False
    return not alone or len(code) < _NEXT_LENGTH.get(len(region), len(code) + 1)


def shard_error(gazetteer: Gazetteer, shard: str) -> str | None:
    """Why a shard code names no shard (None when it does): not a region code of 2, 4, 6 or 9 digits, one
    the gazetteer does not know or writes otherwise (other than a region's code padded to six digits,
    440000 for 广东省 alone), or a malformed range."""
    span = shard_range(shard)
    if span is None:
        if "-" in shard:
            return "a range is two codes joined by a hyphen, such as 4401-4405 (广州市 to 汕头市)"
        if not _CODE.match(shard):
            return ("a shard code is a region code of 2, 4, 6 or 9 digits (36, 4401, 440106, 440103001), a region's "
                    "code padded to six digits for the region alone (440000), or a range such as 4401-4405")
        place = gazetteer.get(shard)
        if place is None:
            return "not a statistical code in the gazetteer (e.g. 36 for 江西省)"
        if shard not in (place.code, own_shard(place.code)):
            alone = f" or {own_shard(place.code)} ({place.name} alone)" if len(place.code) < _OWN_LENGTH else ""
            return f"for {place.name} write {place.code} ({place.name} and everything below it){alone}"
        return None
    parent, first, last = span
    if len(first) != len(last):
        return (f"{first} and {last} have different lengths: a range joins two codes of one level, "
                f"such as 4401-4405 or 440103-440112")
    if len(first) not in _PARENT_LENGTH:
        return ("a range is of prefecture-level regions (4 digits, such as 4401-4405) "
                "or of county-level ones (6 digits, such as 440103-440112)")
    if not last.startswith(parent):
        names = [(p.name if (p := gazetteer.get(c[:len(parent)])) else c[:len(parent)]) for c in (first, last)]
        return (f"{first} and {last} lie in different regions ({names[0]}, {names[1]}): "
                f"a range joins regions of one parent")
    if first == last:
        single = own_shard(parent) if first == _part_key(parent, len(first)) else first
        return f"a range of one region is written as its code: {single}"
    if first > last:
        return f"{first} comes after {last}: write {last}-{first}"
    if gazetteer.get(parent) is None:
        return f"{parent}, the region of {first} and {last}, is not a statistical code in the gazetteer"
    unknown = [c for c in (first, last) if c != _part_key(parent, len(c)) and gazetteer.get(c) is None]
    if unknown:
        return f"{' and '.join(unknown)}: not a statistical code in the gazetteer"
    return None


def load_shard(content: Path, region: str) -> tuple[Archive, int]:
    """Load the reports a shard holds (36: 江西省 and below; 440000: 广东省 alone; 4401-4405: 广州市 to 汕头市),
    and count the others."""
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


def shard_name(gazetteer: Gazetteer, shard: str) -> str:
    """The name a shard carries: its region's path (江西省, 广东省 · 广州市), 本级 for a region alone, and
    for a range its first and last regions (广东省 · 广州市至韶关市, 广东省 · 本级至汕头市)."""
    span = shard_range(shard)
    if span is not None:
        parent, first, last = span
        above = [p.name for p in gazetteer.path(last)[:-1]] or [parent]

        def name(code: str) -> str:
            if code == _part_key(parent, len(code)):
                return "本级"
            place = gazetteer.get(code)
            return place.name if place else code

        return " · ".join([*above, f"{name(first)}至{name(last)}"])
    code, alone = shard_scope(shard)
    names = [p.name for p in gazetteer.path(code)] or [shard]
    return " · ".join(names + (["本级"] if alone else []))


# The plan -----------------------------------------------------------------------------------------


def placed(code: str | None, gazetteer: Gazetteer) -> bool:
    """Whether a report with this region code belongs to a shard: the gazetteer knows the code."""
    return bool(code) and gazetteer.get(code) is not None  # type: ignore[arg-type]


def shard_plan(regions: Iterable[StoredRegion], gazetteer: Gazetteer,
               max_reports: int = MAX_SHARD_REPORTS) -> list[str]:
    """The shard codes of the archive, in code order: provinces, split and packed by size (module docstring)."""
    return _pack((s.code for s in regions if placed(s.code, gazetteer)), max_reports)


def _pack(codes: Iterable[str | None], max_reports: int, clash: Callable[[str], bool] = lambda _: False) -> list[str]:
    """The shards of reports with these (placed) region codes, in code order; none of them clashes.

    clash: whether a shard code would hold a report of a shard that is already pinned; such a region is
    split further, and a range stops before it, so the new shards never overlap the pinned ones.
    """
    if max_reports < 1:
        raise ValueError(f"max_reports must be at least 1, not {max_reports}")
    by_province: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        if code:
            by_province[code[:2]].append(code)
    plan: list[str] = []
    for province in sorted(by_province):
        plan.extend(_plan_region(province, by_province[province], max_reports, clash))
    return plan


def _plan_region(region: str, codes: list[str], max_reports: int, clash: Callable[[str], bool]) -> list[str]:
    """The shards of one region, given the codes of its reports: itself, or its parts packed when too big.

    The parts are the regions one level below that have reports and, first, the region itself (its
    code padded to their length) when reports are placed at it. In code order, each part joins the
    current group while the group stays within max_reports; a part above max_reports alone is split
    in turn (the region itself cannot be, and stays its own padded shard). A region, a part or a group
    that clashes with a pinned shard is treated as too big.
    """
    sub = _SPLIT_LENGTH.get(len(region))
    if (len(codes) <= max_reports and not clash(region)) or sub is None:
        return [region]
    itself = _part_key(region, sub)
    if any(len(code) >= sub and code[:sub] == itself for code in codes):
        return [region]  # 4419 (东莞市) and its only county 441900: one padded code would name both
    parts: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        parts[_part_key(code, sub)].append(code)
    plan: list[str] = []
    group: list[str] = []
    size = 0
    for part in sorted(parts):
        count = len(parts[part])
        alone = count > max_reports or (part != itself and clash(part))
        if group and (alone or size + count > max_reports or clash(_group_code(region, [*group, part]))):
            plan.append(_group_code(region, group))
            group, size = [], 0
        if alone:
            plan.extend([own_shard(region)] if part == itself else _plan_region(part, parts[part], max_reports, clash))
            continue
        group.append(part)
        size += count
    if group:
        plan.append(_group_code(region, group))
    return plan


def _group_code(region: str, group: list[str]) -> str:
    """The shard code of consecutive parts of a region: one part's code, or the range of several."""
    if len(group) > 1:
        return f"{group[0]}-{group[-1]}"
    return own_shard(region) if group[0] == _part_key(region, len(group[0])) else group[0]


def shard_finder(plan: Iterable[str]) -> Callable[[str | None], str | None]:
    """A function that gives the shard of the plan holding a report with a region code (None: none does).

    The plan's shards do not overlap, so at most one holds a code; of several codes that would, the
    longest region wins, as for the worker.
    """
    whole: set[str] = set()
    ranges: dict[str, list[str]] = defaultdict(list)  # a parent region → its range shards
    for shard in plan:
        span = shard_range(shard)
        if span is None:
            whole.add(shard)
        else:
            ranges[span[0]].append(shard)
    lengths = sorted(_NEXT_LENGTH, reverse=True)

    def find(code: str | None) -> str | None:
        if not code:
            return None
        for prefix in (code[:n] for n in lengths if n <= len(code)):
            for candidate in ranges.get(prefix, ()):  # a range of the parts of prefix
                if in_shard(candidate, code):
                    return candidate
            for candidate in (own_shard(prefix), prefix):
                if candidate in whole and in_shard(candidate, code):
                    return candidate
        return None

    return find


def split_regions(plan: Iterable[str]) -> list[str]:
    """The regions the plan splits into several shards (44 when its cities are shards, 440103 when its
    townships are), in code order."""
    split: set[str] = set()
    for shard in plan:
        region, alone = shard_scope(shard)
        split.update(region[:n] for n in (2, 4, 6) if n < len(region))
        if alone:
            split.add(region)
    return sorted(split)


def planned_shards(regions: list[StoredRegion], gazetteer: Gazetteer, template: str = SHARD_URL,
                   max_reports: int = MAX_SHARD_REPORTS, plan: Iterable[str] | None = None) -> list[Shard]:
    """The shards with their names, addresses, report counts and years, in the plan's order.

    plan: the shard codes (a pinned plan, `plan_in_use`); None: computed by `shard_plan`.
    """
    plan = shard_plan(regions, gazetteer, max_reports) if plan is None else list(plan)
    shards = {code: Shard(code, shard_name(gazetteer, code), template.format(code=code)) for code in plan}
    find = shard_finder(plan)
    for stored in regions:
        code = find(stored.code) if placed(stored.code, gazetteer) else None
        if code is None:
            continue
        shards[code].reports += 1
        if stored.year:
            shards[code].years.add(stored.year)
    return [shards[code] for code in plan]


# The pinned plan ----------------------------------------------------------------------------------
#
# A shard's code is its address and the name of its repository, so a plan recomputed from the report
# counts would move addresses as the archive grows (4401-4405 becoming 4401-4404 and 4405-4409) and break
# every link to the reports in them. An archive that publishes shards pins its plan in content/shards.txt:
# one shard code per line, `#` comments, blank lines ignored. When the file exists, it is the plan
# (`gongkai shards`, `gongkai build --portal`, the national workflow), checked against the archive and the
# gazetteer. Errors, which stop `gongkai shards` and `gongkai build --portal` (exit 1): a line that is not
# one valid shard code, two lines whose shards overlap (a region or a report in both), and placed reports
# that no line holds (nothing would publish them). Warnings, which build anyway: a shard above the maximum
# of reports (its site may not fit GitHub Pages: splitting it would move its address, so that is a
# maintainer's decision), and a shard without reports (an empty site, still at its address).
# `gongkai shards --write` pins the computed plan, or adds to the file the shards that hold the reports no
# line holds, packed as the plan packs but never overlapping a pinned shard; it never changes a line.

SHARD_PLAN_FILE = "shards.txt"
"""The pinned shard plan, in the content folder (content/shards.txt)."""

PLAN_HEADER = """\
# The shard plan of this archive: one shard code per line (`gongkai shards` explains the codes).
# Shard CODE is a site of its own, published at the address --shard-url names after its code (by default
# ../gongkai-CODE/, from the repository gongkai-CODE); the links to its reports start there.
# Changing or deleting a code moves that shard's address and breaks every link to its reports: do it
# only on purpose. `gongkai shards --write` adds shards for reports no line holds; it changes no line.
"""


@dataclass(frozen=True)
class PlanProblem:
    """What is wrong with a pinned plan, where (a line of the file, or None for the file as a whole)."""

    path: Path
    line: int | None
    kind: str  # errors: "syntax", "code", "overlap", "uncovered"; warnings: "size", "empty"
    message: str

    @property
    def warning(self) -> bool:
        return self.kind in ("size", "empty")

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path}"
        return f"{where}: {'warning' if self.warning else 'error'}: {self.message}"


@dataclass
class ShardPlan:
    """The plan in use: pinned in content/shards.txt, or computed from the report counts."""

    codes: list[str]  # in code order
    pinned: bool
    path: Path
    lines: dict[str, int] = field(default_factory=dict)  # a pinned code → its line
    problems: list[PlanProblem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # the shards `--write` would add (reports no line holds)

    @property
    def errors(self) -> list[PlanProblem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[PlanProblem]:
        return [p for p in self.problems if p.warning]


def parse_plan(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The codes of a plan file as (line number, code), and its lines that are not one code (line, text)."""
    codes: list[tuple[int, str]] = []
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if len(words) == 1:
            codes.append((number, words[0]))
        elif words:
            bad.append((number, line.split("#", 1)[0].strip()))
    return codes, bad


def _anchors(shard: str) -> list[str]:
    """Region codes a shard holds such that two shards overlap only if one holds an anchor of the other:
    its region, or for a range its first region (the parent, when the range starts with it) and its last."""
    span = shard_range(shard)
    if span is None:
        return [shard_scope(shard)[0]]
    parent, first, last = span
    return [parent if first == _part_key(parent, len(first)) else first, last]


def _overlap(a: str, b: str) -> str | None:
    """A region code both shards hold (None when they do not overlap)."""
    for one, other in ((a, b), (b, a)):
        for anchor in _anchors(other):
            if in_shard(one, anchor):
                return anchor
    return None


def _holders(plan: Iterable[str]) -> Callable[[str], list[str]]:
    """A function that gives every shard of the plan that holds a report with a region code."""
    by_scope: dict[str, list[str]] = defaultdict(list)
    for shard in plan:
        by_scope[shard_scope(shard)[0]].append(shard)
    lengths = sorted({len(scope) for scope in by_scope})
    cache: dict[str, list[str]] = {}

    def holders(code: str) -> list[str]:
        if code not in cache:
            cache[code] = [s for n in lengths if n <= len(code) for s in by_scope.get(code[:n], ())
                           if in_shard(s, code)]
        return cache[code]

    return holders


def _label(gazetteer: Gazetteer, code: str) -> str:
    place = gazetteer.get(code)
    return f"{place.name} ({code})" if place else code


def check_plan(path: Path, text: str, regions: list[StoredRegion], gazetteer: Gazetteer,
               max_reports: int = MAX_SHARD_REPORTS) -> ShardPlan:
    """The pinned plan of a plan file's text, checked against the archive's reports and the gazetteer."""
    entries, bad = parse_plan(text)
    problems = [PlanProblem(path, n, "syntax", f"`{words}` is not one shard code: write one code per line "
                                               f"(such as 36, 440000 or 4401-4405), or start a comment with #")
                for n, words in bad]
    lines: dict[str, int] = {}
    for number, code in entries:
        if code in lines:
            problems.append(PlanProblem(path, number, "overlap", f"{code} is already on line {lines[code]}: "
                                                                 f"list each shard once, delete this line"))
        elif (problem := shard_error(gazetteer, code)) is not None:
            problems.append(PlanProblem(path, number, "code", f"{code} is not a shard code: {problem}; correct "
                                                              f"it, or delete the line if it was never published"))
        else:
            lines[code] = number
    codes = sorted(lines)
    # By regions: two shards of one province overlap when one holds a region the other holds.
    by_province: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        by_province[code[:2]].append(code)
    clashing: set[frozenset[str]] = set()
    for group in by_province.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (shared := _overlap(a, b)) is None:
                    continue
                first, second = sorted((a, b), key=lines.__getitem__)
                clashing.add(frozenset((a, b)))
                problems.append(PlanProblem(
                    path, lines[second], "overlap",
                    f"{second} overlaps {first} on line {lines[first]}: both hold {_label(gazetteer, shared)}, "
                    f"and a report must be in exactly one shard; delete one of the lines or narrow one of the "
                    f"shards (which moves the address of the reports it no longer holds)"))
    # By reports: every placed report in exactly one shard.
    holders = _holders(codes)
    counts: dict[str, int] = dict.fromkeys(codes, 0)
    uncovered: list[StoredRegion] = []
    for stored in regions:
        if not placed(stored.code, gazetteer):
            continue
        held = holders(stored.code)  # type: ignore[arg-type]
        if not held:
            uncovered.append(stored)
            continue
        for code in held:
            counts[code] += 1
        if len(held) > 1 and frozenset(held[:2]) not in clashing:
            clashing.add(frozenset(held[:2]))
            first, second = sorted(held[:2], key=lines.__getitem__)
            problems.append(PlanProblem(
                path, lines[second], "overlap",
                f"{second} and {first} on line {lines[first]} both hold the report "
                f"{stored.directory / DATA_FILE} ({_label(gazetteer, stored.code or '')}); a report must be in "
                f"exactly one shard: delete one of the lines or narrow one of the shards"))
    for code in codes:
        if counts[code] > max_reports:
            region, alone = shard_scope(code)
            remedy = ("a county, or a region alone, is not split further" if alone or len(region) >= _OWN_LENGTH
                      else "replacing it with shards of its parts would move the address of its reports")
            problems.append(PlanProblem(
                path, lines[code], "size",
                f"{code} holds {counts[code]} reports, more than {max_reports}: it still builds, but its site may "
                f"not fit GitHub Pages (1 GB); {remedy}"))
        elif counts[code] == 0:
            problems.append(PlanProblem(
                path, lines[code], "empty",
                f"{code} holds no report: it builds an empty site at its address; keep the line if reports "
                f"will be placed there"))
    plan = ShardPlan(codes, True, path, lines, problems)
    if uncovered:
        plan.missing = _uncovered_problems(plan, uncovered, gazetteer, max_reports)
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return plan


def _uncovered_problems(plan: ShardPlan, uncovered: list[StoredRegion], gazetteer: Gazetteer,
                        max_reports: int) -> list[str]:
    """Report the placed reports no pinned shard holds, by the shard that would hold them; return those
    shards (what `gongkai shards --write` adds) when none of them overlaps a pinned one."""
    by_province: dict[str, list[str]] = defaultdict(list)
    for code in plan.codes:
        by_province[code[:2]].append(code)

    def clash(candidate: str) -> bool:
        return any(_overlap(candidate, pinned) is not None for pinned in by_province.get(candidate[:2], ()))

    additions = _pack((s.code for s in uncovered), max_reports, clash)
    find = shard_finder(additions)
    held: dict[str, list[StoredRegion]] = defaultdict(list)
    for stored in uncovered:
        held[find(stored.code) or ""].append(stored)
    fits = True
    for code in additions:
        reports = held[code]
        what = (f"{len(reports)} reports of {shard_name(gazetteer, code)} (such as "
                f"{reports[0].directory / DATA_FILE}) are in no shard, so no site publishes them")
        pinned = next((p for p in by_province.get(code[:2], ()) if _overlap(code, p) is not None), None)
        if pinned is None:
            plan.problems.append(PlanProblem(plan.path, None, "uncovered",
                                             f"{what}: add a line {code}, or run `gongkai shards --write`"))
            continue
        fits = False
        plan.problems.append(PlanProblem(
            plan.path, plan.lines[pinned], "uncovered",
            f"{what}, and no shard code holds them without overlapping {pinned} on this line: "
            f"add shards for them by hand (such as their regions' codes)"))
    return additions if fits else []


def read_plan(content: Path, regions: list[StoredRegion], gazetteer: Gazetteer,
              max_reports: int = MAX_SHARD_REPORTS) -> ShardPlan:
    """The plan in use: content/shards.txt, checked, when it exists; otherwise the computed plan."""
    path = content / SHARD_PLAN_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ShardPlan(shard_plan(regions, gazetteer, max_reports), False, path)
    except (OSError, UnicodeDecodeError) as exc:
        return ShardPlan([], True, path, problems=[PlanProblem(
            path, None, "syntax", f"cannot read it ({exc}): it must be a readable UTF-8 text file of one shard code "
                                  f"per line; restore it from version control or correct it (deleting it means "
                                  f"the computed plan, which may move the shards' addresses)")])
    return check_plan(path, text, regions, gazetteer, max_reports)


def write_plan(content: Path, regions: list[StoredRegion], gazetteer: Gazetteer,
               max_reports: int = MAX_SHARD_REPORTS) -> tuple[ShardPlan, list[str]]:
    """Pin the plan in content/shards.txt; return the plan now in use and the codes added.

    Without the file: the computed plan, under a header that says what the file is. With it: every line
    kept, and the shards that hold the reports no line holds inserted in code order. Nothing is written
    when the pinned plan has other errors (a line that is not a shard code, overlapping shards) or when
    the reports no line holds cannot be given shards that do not overlap the pinned ones: the plan
    returned says why.
    """
    path = content / SHARD_PLAN_FILE
    plan = read_plan(content, regions, gazetteer, max_reports)
    if not plan.pinned:
        path.write_text(PLAN_HEADER + "\n" + "".join(f"{code}\n" for code in plan.codes), encoding="utf-8")
        return read_plan(content, regions, gazetteer, max_reports), list(plan.codes)
    if not plan.missing or any(p.kind != "uncovered" for p in plan.errors):
        return plan, []
    with open(path, encoding="utf-8", newline="") as fd:  # as it is, line endings too
        text = fd.read()
    lines = text.splitlines()
    entries, _ = parse_plan(text)
    points = sorted((_insertion_point(lines, entries, code), code) for code in plan.missing)
    for index, code in reversed(points):  # from the end, so the earlier points stay where they are
        lines.insert(index, code)
    end = "\r\n" if "\r\n" in text else "\n"  # keep the file's line endings
    path.write_text(end.join(lines) + end, encoding="utf-8", newline="")
    return read_plan(content, regions, gazetteer, max_reports), list(plan.missing)


def _insertion_point(lines: list[str], entries: list[tuple[int, str]], code: str) -> int:
    """Where a new code goes among the lines of a plan file: before the first code after it, above the
    comment lines just above that code, or at the end."""
    after = [number for number, pinned in entries if pinned > code]
    if not after:
        return len(lines)
    index = min(after) - 1
    start = index
    while start > 0 and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    return start if start > 0 else index


# The portal ---------------------------------------------------------------------------------------


def portal_places(regions: list[StoredRegion], gazetteer: Gazetteer) -> list[SearchPlace]:
    """Every place that has a region page on some shard: the places on the paths of placed reports."""
    return places_of((s.code for s in regions if placed(s.code, gazetteer)), gazetteer)


def shards_under(region: str, shards: list[Shard]) -> list[Shard]:
    """The shards that hold the reports of a split region and below it (a range under it included)."""
    return [s for s in shards if shard_scope(s.code)[0].startswith(region)]


def portal_sites(shards: list[Shard], places: Iterable[str] = ()) -> dict[str, str]:
    """Where the portal's search sends a place, by the longest code that starts the place's code.

    A shard of a region and everything below it takes that region's places. A range shard takes the
    places of its regions: each of `places` (the codes of the places with pages) that is a region of
    the range is listed with the range's address, and the places below it follow. A split region (44
    when its cities are shards) has a page in each of its shards, each showing only that shard's part,
    so it goes to the portal's own page of that region ("" + region/44/), which lists its shards; when a
    single shard holds all of it (a province split only because one county is too big), to that shard.
    """
    sites = {s.code: s.url for s in shards if not shard_scope(s.code)[1]}
    ranges: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # a parent region → its ranges
    for s in shards:
        if (span := shard_range(s.code)) is not None:
            ranges[span[0]].append((span[1], span[2], s.url))
    for code in places if ranges else ():
        for first, last, url in ranges.get(code[:_PARENT_LENGTH.get(len(code), 0)], ()):
            if len(code) == len(first) and first <= code <= last:
                sites[code] = url
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
         "报告较多的省级地区按地级（必要时按县级）地区分为几个分站，相邻的几个地区可合为一个分站"
         "（如“广东省 · 广州市至韶关市”），“本级”指该地区本级机关的报告。"
         "用页面上方的搜索框输入乡镇、街道、县市名称，即可找到它在各分站的页面。\n"),
        (f"目前收录 **{len(regions) - unplaced}** 份报告，分布在 **{provinces}** 个省级地区的 **{len(shards)}** 个分站"
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
                 plan: Iterable[str]) -> dict[str, str | bytes]:
    """The portal's pages and its place index (names.json of kind "portal", no full text).

    plan: the shard codes the portal lists (`read_plan`: pinned or computed).
    """
    shards = planned_shards(regions, gazetteer, template, plan=plan)
    files: dict[str, str | bytes] = {"index.md": _home(regions, shards, gazetteer)}
    places = portal_places(regions, gazetteer)
    sites = portal_sites(shards, (p.code for p in places))
    for region in (code for code, url in sites.items() if url == ""):
        files[f"region/{region}/index.md"] = _split_page(region, shards, gazetteer)
    index = build_index(places, [], sites=sites)
    files.update(index.files)
    return files


__all__ = ["MAX_SHARD_REPORTS", "PLAN_HEADER", "SHARD_PLAN_FILE", "SHARD_URL", "PlanProblem", "Shard", "ShardPlan",
           "StoredRegion", "check_plan", "in_shard", "load_shard", "own_shard", "parse_plan", "placed",
           "planned_shards", "portal_files", "portal_places", "portal_sites", "read_plan",
           "scan_regions", "shard_address", "shard_error", "shard_finder", "shard_name", "shard_plan",
           "shard_range", "shard_scope", "shards_under", "split_regions", "write_plan"]
