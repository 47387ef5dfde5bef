"""The archive's own search index, which answers for report and region pages at every size.

Material's search downloads one index of every page on every page load (beyond a few hundred reports
that is megabytes and seconds), and it splits Chinese into jieba's words, so a phrase such as 依申请公开
finds reports that hold only some of its words. Report and region pages therefore leave Material's
index (front matter `search: exclude: true`) and these files answer for them, at 5 reports as at 5,000:

    search/gongkai/names.json      every region page and report by name: places (name, parent, code)
                                   and reports (place, organ, years); loaded once, searched by substring
    search/gongkai/t/<n>.json      full text as character bigrams → the reports holding them, in
                                   buckets by a hash of the bigram; fetched only for a query's bigrams
    search/gongkai/s/<slug>.txt.gz a report's searchable text, gzipped (GitHub Pages counts a site's
                                   bytes as stored), fetched for the first hits of a query: the worker
                                   checks the phrase itself and shows where it occurs

The worker `assets/search/worker.js` speaks Material's worker protocol, so Material's search box stays
the interface: `overrides/main.html` points `__config.search` at it when `extra.gongkai_search` is set.

Matching is exact by construction: a query term matches a report when the term is a substring of its
organ or place names, or when every bigram of the term occurs in its text (which holds whenever the
text contains the term). Terms are split, and text is normalised (NFKC, lower case), alike on both
sides: `terms()` here and `terms()` in the worker.
"""

from __future__ import annotations

import base64
import gzip
import operator
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from build_tools.gazetteer import Gazetteer
from build_tools.labels import SECTIONS
from build_tools.pages import ReportEntry, Site
from build_tools.render import quality_paths

SEARCH_THRESHOLD = 0
"""From this many reports on, report and region pages are searched through the archive's own index: at
every size. A higher threshold leaves a smaller archive to Material's search alone (for comparisons)."""

INDEX_DIR = "search/gongkai"
FORMAT = 1
BUCKET_BYTES = 16 * 1024  # aim for buckets of about this size: a query fetches one per distinct bigram

_SPLIT = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class SearchPlace:
    """A region page: its name, its parent's position in the place list (-1 for none) and its code."""

    code: str
    name: str
    parent: int


@dataclass(frozen=True)
class SearchReport:
    """A report as the index knows it: where it is, who wrote it, the year, and the text to search."""

    slug: str
    place: str | None  # code of its region page
    organ: str
    year: int | None
    text: str = ""
    bigrams: str = ""  # text_bigrams(text) as joined_bigrams() gives them, when known already (build cache)


@dataclass
class SearchIndex:
    """The index files, relative to the docs dir, and what they hold."""

    files: dict[str, bytes] = field(default_factory=dict)
    reports: int = 0
    places: int = 0
    bigrams: int = 0
    buckets: int = 0


def normalize(text: str) -> str:
    """Fold text the way the worker does: NFKC (full-width digits, Kangxi radicals) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> list[str]:
    """Split normalised text into runs of letters and digits (the worker splits queries alike)."""
    return [t for t in _SPLIT.split(normalize(text)) if t]


def bigrams(term: str) -> set[str]:
    """Every pair of neighbouring characters of a term."""
    return {term[i : i + 2] for i in range(len(term) - 1)}


def text_bigrams(text: str) -> set[str]:
    """The bigrams of every term of a text: the union of bigrams(t) for t in terms(text), computed at once."""
    # Each run of separators becomes one character no term holds; the pairs that hold it are not bigrams.
    joined = _SPLIT.sub(_GAP, normalize(text))
    return {pair for pair in set(map(operator.add, joined, joined[1:])) if _GAP not in pair}


def joined_bigrams(text: str) -> str:
    """text_bigrams(text) sorted and joined into one string (a bigram is two code points): compact to keep."""
    return "".join(sorted(text_bigrams(text)))


_GAP = "\0"  # never in a term: NFKC keeps it, and _SPLIT takes it for a separator


def bucket_of(bigram: str, buckets: int) -> int:
    """The bucket file of a bigram: 32-bit FNV-1a over its code points (the worker computes the same)."""
    h = 0x811C9DC5
    for ch in bigram:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def report_text(entry: ReportEntry) -> str:
    """The text of a report page that search should find: title, section headings and paragraphs."""
    r = entry.report
    parts = [f"{r.organ or ''} {r.year or ''} 年度政府信息公开工作年度报告"]
    if r.sections.preamble is not None:
        parts.append(r.sections.preamble.text or "")
    for section in SECTIONS:
        parts.append(f"{section.number}、{section.label}")
        found = getattr(r.sections, section.key)
        if found is not None:
            parts.append(found.heading or "")
            parts.append(found.text or "")
    return "\n".join(p for p in parts if p)


def places_of(codes: Iterable[str], gazetteer: Gazetteer) -> list[SearchPlace]:
    """The places on the paths of these codes (each has a region page), parents before children."""
    wanted: set[str] = set()
    for code in codes:
        wanted.update(p.code for p in gazetteer.path(code))
    ordered = sorted(wanted)  # a parent's code is a prefix of its child's, so parents come first
    position = {code: n for n, code in enumerate(ordered)}
    places = []
    for code in ordered:
        path = gazetteer.path(code)
        parent = next((position[p.code] for p in reversed(path[:-1]) if p.code in position), -1)
        places.append(SearchPlace(code, path[-1].name, parent))
    return places


def site_search_records(site: Site, texts: Mapping[str, str] | None = None,
                        grams: Mapping[str, str] | None = None) -> tuple[list[SearchPlace], list[SearchReport]]:
    """The places (every region page) and reports of a site, as the index lists them.

    texts: reports' text by slug, as report_text() gave it when they were last rendered (build cache).
    grams: reports' bigrams by slug, as joined_bigrams() gave them then.
    """
    places = places_of(site.regions, site.gazetteer)
    known = {p.code for p in places}
    texts, grams = texts or {}, grams or {}
    reports = [SearchReport(e.slug, e.place.code if e.place and e.place.code in known else None,
                            e.report.organ or "", e.report.year, texts[e.slug] if e.slug in texts else report_text(e),
                            grams.get(e.slug, ""))
               for e in site.entries]
    return places, reports


def build_index(places: Sequence[SearchPlace], reports: Sequence[SearchReport], *,
                sites: Mapping[str, str] | None = None) -> SearchIndex:
    """Compute the name index and the full-text buckets (the portal passes `sites` and no reports)."""
    position = {p.code: n for n, p in enumerate(places)}
    groups: dict[tuple[int, str], list[SearchReport]] = {}
    for report in sorted(reports, key=lambda r: (r.place or "~", r.organ, -(r.year or 0), r.slug)):
        key = (position.get(report.place, -1) if report.place else -1, report.organ)
        groups.setdefault(key, []).append(report)
    # Reports are numbered in the order names.json lists them, which is how the worker numbers them.
    ordered = [r for members in groups.values() for r in members]
    postings: dict[str, list[int]] = defaultdict(list)
    for n, report in enumerate(ordered):
        joined = report.bigrams or joined_bigrams(report.text)
        for at in range(0, len(joined), 2):
            postings[joined[at : at + 2]].append(n)
    encoded = {b: _encode(ids, len(ordered)) for b, ids in postings.items()}
    size = sum(len(b) + len(json.dumps(e)) + 4 for b, e in encoded.items())
    buckets = 0 if not encoded else 1
    while buckets and buckets * BUCKET_BYTES < size:
        buckets *= 2
    names: dict[str, Any] = {
        "format": FORMAT,
        "kind": "portal" if sites is not None else "archive",
        "reports": len(ordered),
        "buckets": buckets,
        "places": [[p.name, p.parent, p.code] for p in places],
        "organs": [[place, organ, [_item(r, places[place].code if place >= 0 else None) for r in members]]
                   for (place, organ), members in groups.items()],
    }
    if sites is not None:
        names["sites"] = dict(sorted(sites.items()))
    index = SearchIndex(reports=len(ordered), places=len(places), bigrams=len(encoded), buckets=buckets)
    index.files[f"{INDEX_DIR}/names.json"] = _json(names)
    for report in ordered:
        index.files[report_text_path(report.slug)] = gzip.compress(report.text.encode("utf-8"), 9, mtime=0)
    split: list[dict[str, Any]] = [{} for _ in range(buckets)]
    for bigram in sorted(encoded):
        split[bucket_of(bigram, buckets)][bigram] = encoded[bigram]
    for n, content in enumerate(split):
        index.files[f"{INDEX_DIR}/t/{n}.json"] = _json(content)
    return index


def report_text_path(slug: str) -> str:
    """The file of a report's searchable text, gzipped, relative to the docs dir."""
    return f"{INDEX_DIR}/s/{slug}.txt.gz"


def _item(report: SearchReport, code: str | None) -> int | list[Any]:
    """A report within its organ's list: its year when its address is r/<code>/<year>/, else [year, slug]."""
    if code is not None and report.year is not None and report.slug == f"{code}/{report.year}":
        return report.year
    return [report.year or 0, report.slug]


def _encode(ids: list[int], total: int) -> str | list[int]:
    """Postings as gaps between report numbers, or as a bitmap (base64) when that is shorter."""
    gaps = [ids[0], *map(operator.sub, ids[1:], ids)]
    gap_size = len(",".join(map(str, gaps))) + 1  # each gap and its comma
    if gap_size * 6 <= total:  # a bitmap costs total/6 characters
        return gaps
    # Bit n&7 of byte n>>3 is bit n of a little-endian integer.
    bits = sum(map((1).__lshift__, ids))
    return base64.b64encode(bits.to_bytes((total + 7) // 8, "little")).decode("ascii")


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def exclude_from_search(markdown: str) -> str:
    """Return a page with `search: {exclude: true}` in its front matter (Material then skips it)."""
    if not markdown.startswith("---\n"):
        return "---\nsearch:\n  exclude: true\n---\n\n" + markdown
    end = markdown.index("\n---\n", 3)
    fast = _with_search_excluded(markdown[4 : end + 1])
    if fast is not None:
        return "---\n" + fast + markdown[end + 1 :]
    meta = yaml.load(markdown[4 : end + 1], Loader=_LOADER) or {}
    meta["search"] = {"exclude": True}
    head = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000)
    return "---\n" + head + markdown[end + 1 :]


_TOP_KEY = re.compile(r"([a-z_]+):(?: |\n)")
_EXCLUDED = "search:\n  exclude: true\n"


def _with_search_excluded(head: str) -> str | None:
    """The front matter head as exclude_from_search() dumps it again, made by inserting the key in its
    sorted place: for the front matter the pages are written with (build_tools.render.front_matter, keys
    sorted, plain names, no `search` yet). None for any other, which is loaded and dumped again."""
    lines = head.splitlines(keepends=True)
    at = len(lines)
    for i, line in enumerate(lines):
        if line[:1] in (" ", "-"):  # a nested value, or an item of a top-level list
            continue
        match = _TOP_KEY.match(line)
        if match is None or match.group(1) == "search":
            return None
        if match.group(1) > "search" and at == len(lines):
            at = i
    if not lines or not head.endswith("\n"):
        return None
    return "".join(lines[:at]) + _EXCLUDED + "".join(lines[at:])


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def uses_own_search(reports: int, threshold: int = SEARCH_THRESHOLD) -> bool:
    """Whether an archive of this many reports is searched through its own index."""
    return reports >= threshold


def page_paths(site: Site) -> Iterable[str]:
    """The Markdown pages that are not in Material's index when the archive's own index answers: report and
    region pages, and the data-quality pages below quality/ (excluded by their own front matter)."""
    for entry in site.entries:
        yield f"{entry.url}index.md"
    for page in site.regions.values():
        yield f"{page.url}index.md"
    yield from sorted(quality_paths(site))


__all__ = ["SEARCH_THRESHOLD", "SearchIndex", "SearchPlace", "SearchReport", "bigrams", "bucket_of", "build_index",
           "exclude_from_search", "joined_bigrams", "text_bigrams", "normalize", "page_paths", "places_of", "report_text_path", "site_search_records",
           "terms", "uses_own_search"]
