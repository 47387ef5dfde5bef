"""The build cache: what a build keeps of each report, so that the next build redoes only what changed.

It lives in the docs dir's reserved directory (`.gongkai/cache/`, never published, deleted with the docs
dir) and holds, for each report directory of the archive:

- its fingerprint: a digest of every file in it (the data file, what the parser read, the original);
  a file's digest is taken again only when its size, time stamp or inode changed, as git does;
- its summary: the checked report without its cells and sections, which is all the archive-wide pages
  (home, regions, years, quality, feeds) read, so they are computed again without loading every report;
- its render key and its share of the archive-wide files: its rows of data/gongkai.csv.gz and its object
  (for its county's data file) as gzip members, and the text the search index holds for it with its bigrams.

It keeps the key each region page (with its county's feed) and each year page was rendered from, too:
the reports it shows with their render keys.

Everything is keyed by code_digest() as well, a digest of the package's own code, data and assets: a new
parser, check catalogue or renderer makes every cached entry stale.

The key of the last finished build (every fingerprint, the build's settings and site_stamp()) lets a
build with nothing changed stop before writing anything.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from build_tools.archive import DATA_FILE, REPORTS, StoredReport
from build_tools.model import Cells, Sections

CACHE_DIR = ".gongkai/cache"
INDEX_NAME = "index.json"
PACK_NAME = "reports.pickle"
FORMAT = 2
"""The cache's own layout: a cache of another format is not read."""

_PACKAGE = Path(__file__).resolve().parent
_PACKAGES = ("pydantic", "pydantic-core", "PyYAML")


@cache
def code_digest() -> str:
    """A digest of the package's code, data and assets: what parses, checks and renders a report."""
    digest = hashlib.sha256(f"cache format {FORMAT}\0".encode())
    for package in _PACKAGES:  # what validates, pickles and writes the cached reports
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package}=-\0".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        rel = path.relative_to(_PACKAGE)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix not in (".pyc", ".pyo"):
            digest.update(f"{rel.as_posix()}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def digest_of(*parts: object) -> str:
    """A digest of plain values (strings, numbers, tuples, lists), in order."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


@dataclass
class CachedReport:
    """What the cache keeps of one report directory."""

    fingerprint: str
    stored: StoredReport | None = None  # the summary: the checked report without cells and sections
    error: str | None = None  # the data file's error, when it cannot be loaded
    render_key: str = ""  # what its page and report.json were rendered from
    csv_gz: bytes = b""  # its rows of the archive's CSV, as one gzip member
    json_gz: bytes = b""  # its object of the open-data format (its line of its county's file), as one gzip member
    search_text: str = ""  # the text the search index holds for it
    json_size: int = 0  # bytes of its report.json
    search_bigrams: str = ""  # the bigrams of its search text, sorted and joined (search_index.joined_bigrams)


def summary(stored: StoredReport) -> StoredReport:
    """The stored report without its cells and sections: what the pages about many reports read."""
    slim = stored.report.model_copy(update={"cells": Cells(), "sections": Sections()})
    return StoredReport(stored.directory, slim, stored.original, stored.imported, list(stored.revisions),
                        stored.provenance)


@dataclass
class BuildCache:
    """The cache of one docs dir: the last build's fingerprints and per-report entries."""

    root: Path
    stats: dict[str, list[list[Any]]] = field(default_factory=dict)  # report dir → [[name, size, mtime, ino]]
    fingerprints: dict[str, str] = field(default_factory=dict)  # report dir → fingerprint
    build_key: str | None = None
    last: dict[str, Any] | None = None  # the last finished build's result: reports, errors, own_search
    _reports: dict[str, CachedReport] | None = None
    _pages: dict[str, str] | None = None
    # Each entry as the pack holds it, pickled on its own, with the keys it was pickled with: a build
    # pickles again only the entries that changed.
    _pickled: dict[str, tuple[tuple[str, str], bytes]] = field(default_factory=dict)

    @classmethod
    def open(cls, docs_dir: Path) -> BuildCache:
        """The cache of docs_dir (empty when there is none, or it was made by other code)."""
        root = Path(docs_dir) / CACHE_DIR
        try:
            index = json.loads((root / INDEX_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(root)
        if not isinstance(index, dict) or index.get("code") != code_digest():
            return cls(root)
        return cls(root, index.get("stats", {}), index.get("fingerprints", {}), index.get("build_key"),
                   index.get("last"))

    @property
    def reports(self) -> dict[str, CachedReport]:
        """The per-report entries, read on first use (a build with nothing changed never reads them)."""
        if self._reports is None:
            self._read_pack()
        return self._reports  # type: ignore[return-value]

    @property
    def pages(self) -> dict[str, str]:
        """The key each region and year page was rendered from, by its URL."""
        if self._pages is None:
            self._read_pack()
        return self._pages  # type: ignore[return-value]

    def _read_pack(self) -> None:
        self._reports, self._pages, self._pickled = {}, {}, {}
        try:
            with open(self.root / PACK_NAME, "rb") as fd:
                data = pickle.load(fd)  # noqa: S301 - written by this module into the reserved dir
            if not isinstance(data, dict) or not self.fingerprints:
                return
            reports = {key: pickle.loads(blob) for key, blob in data["reports"].items()}  # noqa: S301
            pages = data["pages"]
        except Exception:  # noqa: BLE001 - a cache that cannot be read is no cache: everything is built
            return
        self._reports, self._pages = reports, pages
        self._pickled = {key: (_keys(reports[key]), blob) for key, blob in data["reports"].items()}

    def scan(self, content: Path) -> dict[str, str]:
        """Fingerprint every report directory of the archive (those with a data file), by its path."""
        stats: dict[str, list[list[Any]]] = {}
        fingerprints: dict[str, str] = {}
        for data_path in sorted((Path(content) / REPORTS).glob(f"*/*/{DATA_FILE}")):
            directory = data_path.parent
            key = f"{directory.parent.name}/{directory.name}"
            found = _stat_files(directory)
            if self.stats.get(key) == found and key in self.fingerprints:
                fingerprints[key] = self.fingerprints[key]
            else:
                fingerprints[key] = _fingerprint(directory, [name for name, *_ in found])
            stats[key] = found
        self.stats = stats
        self.fingerprints = fingerprints
        return fingerprints

    def save(self, reports: dict[str, CachedReport], pages: dict[str, str]) -> None:
        """Write the entries and page keys (only when they changed) and the index, as of a build under way.

        An entry read from the pack is the same object in reports when the build reused it; with the
        same fingerprint and render key it is the same entry, and its pickle is reused.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        old = self._reports or {}
        pickled: dict[str, tuple[tuple[str, str], bytes]] = {}
        for key, entry in reports.items():
            kept = self._pickled.get(key)
            if kept is not None and old.get(key) is entry and kept[0] == _keys(entry):
                pickled[key] = kept
            else:
                pickled[key] = (_keys(entry), pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
        changed = pickled.keys() != self._pickled.keys() or any(
            blob is not self._pickled[key][1] for key, (_, blob) in pickled.items())
        if changed or pages != self._pages or not (self.root / PACK_NAME).exists():
            data = {"reports": {key: blob for key, (_, blob) in pickled.items()}, "pages": pages}
            _replace(self.root / PACK_NAME, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        self._reports, self._pages, self._pickled = reports, pages, pickled
        self.record(None)

    def record(self, build_key: str | None, last: dict[str, Any] | None = None) -> None:
        """Write the index with the key of the last finished build and its result (None: a build is under way)."""
        self.build_key, self.last = build_key, last
        index = {"code": code_digest(), "build_key": build_key, "fingerprints": self.fingerprints,
                 "stats": self.stats, "last": last}
        data = json.dumps(index, sort_keys=True, separators=(",", ":")).encode("utf-8")
        path = self.root / INDEX_NAME
        try:
            if path.read_bytes() == data:
                return
        except OSError:
            pass
        self.root.mkdir(parents=True, exist_ok=True)
        _replace(path, data)


def _keys(entry: CachedReport) -> tuple[str, str]:
    return entry.fingerprint, entry.render_key


def _stat_files(directory: Path) -> list[list[Any]]:
    """Each file of a report directory with what tells a changed file: [name, size, mtime_ns, inode]."""
    out = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                st = entry.stat(follow_symlinks=False)
                out.append([entry.name, st.st_size, st.st_mtime_ns, st.st_ino])
    out.sort()
    return out


def _fingerprint(directory: Path, names: Iterable[str]) -> str:
    digest = hashlib.sha256(f"{directory.parent.name}/{directory.name}\0".encode())
    for name in names:
        digest.update(f"{name}\0".encode() + (directory / name).read_bytes() + b"\0")
    return digest.hexdigest()


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


__all__ = ["BuildCache", "CachedReport", "code_digest", "digest_of", "summary"]
