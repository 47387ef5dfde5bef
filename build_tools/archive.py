"""The archive in content/: each report's original file, what the parser read, and the editable data file.

    content/reports/<year>/<sha256[:12]>/
        original.<ext>   the file exactly as received
        parsed.json      what the parser read at import (cells, findings, layout): the baseline
        report.yaml      the data file: the report's values, which a maintainer may correct

A value in report.yaml that differs from parsed.json is a maintainer's correction: its cell is marked
`corrected` and listed in the report's `corrections`, with the reason the maintainer wrote, if any.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, get_args

import yaml
from pydantic import BaseModel, ValidationError

from build_tools.checks import check_report
from build_tools.collect.provenance import PROVENANCE_FILE, Provenance, load_provenance
from build_tools.findings import Severity
from build_tools.gazetteer import load_gazetteer
from build_tools.ingest import EXTRACTED, extract_bytes, read_file
from build_tools.model import Report
from build_tools.parse import ParseError, parse_text
from build_tools.sources import SourceError, SourceFile, shown_path
from build_tools.staging import Staging, fault_point, move_back, move_in, uninterrupted, writing

REPORTS = "reports"
DATA_FILE = "report.yaml"
PARSED_FILE = "parsed.json"
EXTRACTED_TEXT = "source.txt"  # the text read out of a PDF, Word file or web page: what line numbers refer to

# Keys of report.yaml, in the order they are written. The rest of the report lives in parsed.json.
DATA_KEYS = ("organ", "year", "level", "format_version", "published", "region", "sections",
             "active_disclosure", "applications", "review_litigation")
TABLE_KEYS = ("active_disclosure", "applications", "review_litigation")
_HEADER = (
    "# gongkai data file: what this report says, as read from the original beside it.\n"
    "# Correct a value here when the parser got it wrong; say why under `notes` (path: reason).\n"
    "# A blank cell is null, never 0. `gongkai check` validates this file.\n"
)


class DataError(Exception):
    """A data file that cannot be used, with the file, line and what was expected."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Revision:
    """A change to a report after it entered the archive: the government replaced its file."""

    date: dt.date | None
    what: str
    why: str = ""


@dataclass
class StoredReport:
    """A report of the archive: where it lives, the validated report, and when it came and changed."""

    directory: Path
    report: Report
    original: Path
    imported: dt.date | None = None
    revisions: list[Revision] = field(default_factory=list)
    provenance: Provenance | None = None  # where the original was collected from, when from the web

    @property
    def data_path(self) -> Path:
        return self.directory / DATA_FILE

    @property
    def text_path(self) -> Path:
        """The file that findings' line numbers refer to: the text read out of the original."""
        extracted = self.directory / EXTRACTED_TEXT
        return extracted if extracted.exists() else self.original


@dataclass
class ImportOutcome:
    path: Path
    status: str  # imported | imported_with_findings | duplicate | rejected
    reason: str = ""
    directory: Path | None = None
    report: Report | None = None
    kept: list[str] = field(default_factory=list)  # a replacement's corrections kept (path = value)
    review: list[str] = field(default_factory=list)  # … and those to check again: the new file reads otherwise


@dataclass
class Archive:
    reports: list[StoredReport] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what a dead import left, and what became of it


# Writing -------------------------------------------------------------------------------------------


class _Flow(dict):
    """A mapping written on one line ({natural_person: 0, …}): one table row per line."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        """Write every value out: a data file holds no anchors or aliases (the loader refuses them)."""
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", dict(v), flow_style=True))


ARCHIVE_KEYS = ("imported", "revisions")  # written by `gongkai import`, not parsed from the report


def data_file_text(report: Report, notes: dict[str, Any] | None = None, *, imported: dt.date | None = None,
                   revisions: list[Revision] = (),  # type: ignore[assignment]
                   overrides: dict[str, Any] | None = None) -> str:
    """Write the editable data file of a report (deterministic: same report, same bytes).

    overrides: values a maintainer corrected, by path (applications.new_received.total, region.code,
    sections.overview, organ), written instead of what the parser read.
    """
    data = report.to_json_dict()
    out: dict[str, Any] = {}
    for key in DATA_KEYS:
        value = data.get(key)
        if key in TABLE_KEYS and isinstance(value, dict):
            value = {row: _Flow(cols) for row, cols in value.items()}
        if key == "region":
            value = {k: value[k] for k in ("code", "set_by", "reason", "candidates")}
            value["candidates"] = value["candidates"][:30]
        if key == "sections":
            value = {k: v["text"] for k, v in value.items() if v is not None}
        out[key] = value
    for path, value in (overrides or {}).items():
        _set_path(out, path, value)
    out["imported"] = imported
    out["revisions"] = [{"date": r.date, "what": r.what, "why": r.why} for r in revisions]
    out["notes"] = dict(sorted((notes or {}).items()))
    body = yaml.dump(out, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=400, default_flow_style=False)
    return _HEADER + body


def _set_path(out: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = out
    for n, part in enumerate(parts[:-1]):
        child = node.get(part)
        if not isinstance(child, dict):
            child = _Flow() if parts[0] in TABLE_KEYS and n == 1 else {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def parsed_file_text(report: Report) -> str:
    """Write the parser's full reading of a report (the baseline corrections are measured against)."""
    return json.dumps(report.to_json_dict(), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def report_directory(content: Path, report: Report) -> Path:
    """Return where a report lives: by year and the first 12 hex digits of its original's SHA-256."""
    return content / REPORTS / (str(report.year) if report.year else "unknown-year") / report.source.sha256[:12]


def _stored_dirs(content: Path, name: str) -> list[Path]:
    """The report folders' files called `name`; anything hidden (a dot name) is not part of the archive."""
    return [p for p in sorted((content / REPORTS).glob(f"*/*/{name}"))
            if not p.parent.name.startswith(".") and not p.parent.parent.name.startswith(".")]


def is_archive(content: Path) -> bool:
    """Tell whether a folder holds an archive (its reports/ folder), not merely exists."""
    return (content / REPORTS).is_dir()


@dataclass
class _Known:
    """What the archive holds, by original hash, by report identity and by organ and year."""

    hashes: dict[str, Path] = field(default_factory=dict)
    identities: dict[tuple[str, int, str], Path] = field(default_factory=dict)
    organ_years: dict[tuple[str, int], list[Path]] = field(default_factory=dict)


def _known(content: Path) -> _Known:
    known = _Known()
    for parsed in _stored_dirs(content, PARSED_FILE):
        try:
            data = json.loads(parsed.read_text(encoding="utf-8"))
            sha = data["source"]["sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        known.hashes[sha] = parsed.parent
        identity = _identity(data)
        if identity is None and not (data.get("region") or {}).get("code"):
            # The maintainer may have placed a report the parser could not: its data file says where.
            placed = _read_data(parsed.parent)
            identity = _identity({**data, "region": placed.get("region") or {}})
        if identity:
            known.identities[identity] = parsed.parent
        if data.get("organ") and data.get("year"):
            known.organ_years.setdefault((data["organ"], int(data["year"])), []).append(parsed.parent)
    return known


def expand_paths(paths: list[Path]) -> list[Path]:
    """The paths to import: every file found in the folders given (hidden ones too), in order.

    Nothing found is left out: a hidden file, a link to a folder or a special file (FIFO, device) is
    listed like any other path and the import says why it refuses it.
    """
    out: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                base = Path(folder)
                out.extend(base / name for name in sorted(names))
                # os.walk lists a link to a folder among the folders and does not follow it: list it too.
                out.extend(base / d for d in dirs if (base / d).is_symlink())
        else:
            out.append(path)
    return out


def read_original(path: Path) -> tuple[SourceFile, bytes]:
    """Read an original report file once: the text the parser reads, and the very bytes it was read from."""
    data = read_file(path)
    return extract_bytes(data, path.name), data


def _text_key(text: str) -> str:
    """The text of a report as a hash, whatever its encoding, line ends or trailing blanks were."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).lstrip("\ufeff").split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


def _stored_text(directory: Path) -> str | None:
    extracted = directory / EXTRACTED_TEXT
    try:
        if extracted.exists():
            return extracted.read_text(encoding="utf-8")
        original = next(iter(sorted(directory.glob("original.*"))), None)
        return extract_bytes(read_file(original), original.name).text if original else None
    except (OSError, SourceError, UnicodeDecodeError):
        return None


def _identity(data: dict[str, Any]) -> tuple[str, int, str] | None:
    """What makes two files the same report: region code, year and organ."""
    code = (data.get("region") or {}).get("code")
    if not code or not data.get("year"):
        return None
    try:
        return str(code), int(data["year"]), data.get("organ") or ""
    except (TypeError, ValueError):
        return None


def _changed_values(old: dict[str, Any], new: Report, limit: int = 12) -> list[str]:
    """Name the values that differ between an old data file and a new reading, e.g. 表三 new_received.total 3 → 4."""
    changes: list[str] = []
    fresh = new.to_json_dict()
    for table in TABLE_KEYS:
        before, after = old.get(table) or {}, fresh.get(table) or {}
        if not isinstance(before, dict):
            before = {}
        for row in sorted(set(before) | set(after)):
            for col in sorted(set(before.get(row) or {}) | set(after.get(row) or {})):
                a, b = (before.get(row) or {}).get(col), (after.get(row) or {}).get(col)
                if a != b:
                    changes.append(f"{table}.{row}.{col}: {_shown(a)} → {_shown(b)}")
    if len(changes) > limit:
        return changes[:limit] + [f"… 共 {len(changes)} 处"]
    return changes


def _shown(value: Any) -> str:
    """A value as a message shows it: 空 (blank) for null, never Python's None."""
    if value is None:
        return "空"
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


@dataclass
class _Reading:
    """One file of the batch, read, parsed and staged (all but its data file), waiting for the final move."""

    outcome: ImportOutcome
    report: Report
    staged: Path
    text_key: str
    order: int

    @property
    def identity(self) -> tuple[str, int, str] | None:
        return _identity(self.report.to_json_dict())

    def cells_read(self) -> tuple[int, int, int]:
        """Cells of the three tables read as printed, inferred or decoded by the archive, and left unread."""
        counts = {"printed": 0, "inferred": 0, "unread": 0}
        for table in TABLE_KEYS:
            for cols in (getattr(self.report.cells, table) or {}).values():
                for cell in cols.values():
                    state = cell.state.value
                    kind = {"unread": "unread", "unreadable": "unread", "inferred": "inferred",
                            "decoded": "inferred", "absent": ""}.get(state, "printed")
                    if kind:
                        counts[kind] += 1
        return counts["printed"], counts["inferred"], counts["unread"]

    def rank(self) -> tuple[int, ...]:
        """Better readings first: more cells with a value, fewer unread, more as printed, fewer findings."""
        printed, inferred, unread = self.cells_read()
        serious = sum(f.severity != Severity.info for f in self.report.findings)
        return -(printed + inferred), unread, -printed, serious, self.order

    def describe(self) -> str:
        printed, inferred, unread = self.cells_read()
        return f"{printed} cells read as printed, {inferred} inferred, {unread} unread"


def import_files(paths: list[Path], content: Path, *, today: dt.date | None = None,
                 progress: Callable[[Path], None] | None = None,
                 notify: Callable[[str], None] | None = None,
                 sidecars: Mapping[Path, Mapping[str, bytes]] | None = None) -> list[ImportOutcome]:
    """Add report files to the archive; every input ends imported, duplicate, replaced or rejected with the reason.

    A file for a report the archive already holds (same region, year and organ, other text) replaces it:
    the old files are kept under `previous/`, each maintainer's correction whose cell the new file reads
    as the old one did is kept, and the others are listed for review. Of several files of one report in
    the batch, the best reading goes in (most cells read). The import holds the archive's lock and moves
    each report in with one rename (build_tools/staging.py); `notify` hears what it found left by a dead
    import. `sidecars` gives files to store beside an original (name → bytes), such as where it was
    collected from (provenance.json).
    """
    today = today or dt.date.today()
    with writing(content) as lock:
        for notice in lock.notices:
            if notify is not None:
                notify(notice)
        known = _known(content)
        outcomes: list[ImportOutcome] = []
        readings: list[_Reading] = []
        texts: dict[str, Path] = {}
        staging = Staging(content)
        try:
            for order, path in enumerate(expand_paths(paths)):
                if progress is not None:
                    progress(path)
                outcome, reading = _read_one(path, order, content, known, texts, staging,
                                             (sidecars or {}).get(path, {}))
                outcomes.append(outcome)
                if reading is not None:
                    readings.append(reading)
            moves = [m for m in (_prepare(r, content, today, known) for r in _best_readings(readings)) if m]
            with uninterrupted():  # asked to stop from here on, the import first moves every report in
                if moves:
                    try:
                        staging.plan([(m[0], m[1], m[2]) for m in moves])
                    except OSError as exc:
                        for *_, reading in moves:
                            reading.outcome.status, reading.outcome.directory = "rejected", None
                            reading.outcome.reason = f"cannot write the import's plan: {exc}"
                            reading.outcome.kept, reading.outcome.review = [], []
                        moves = []
                    _commit(moves, staging)
                staging.finish()
        finally:
            staging.discard()
    return outcomes


def _read_one(path: Path, order: int, content: Path, known: _Known, texts: dict[str, Path],
              staging: Staging, sidecars: Mapping[str, bytes]) -> tuple[ImportOutcome, _Reading | None]:
    """Read, parse and stage one file, or say why not (rejected, or a duplicate of what is known)."""
    try:
        source, data = read_original(path)
    except FileNotFoundError:
        return ImportOutcome(path, "rejected", "no such file"), None
    except (SourceError, OSError) as exc:
        return ImportOutcome(path, "rejected", str(exc)), None
    fault_point("read")
    if source.sha256 in known.hashes:
        where = known.hashes[source.sha256]
        return ImportOutcome(path, "duplicate", f"same content as {where}", where), None
    key = _text_key(source.text)
    if key in texts:
        return ImportOutcome(path, "duplicate", f"same text as {texts[key]} (in another encoding or format)",
                             texts[key]), None
    try:
        report = check_report(parse_text(source))
    except ParseError as exc:
        return ImportOutcome(path, "rejected", str(exc)), None
    directory = report_directory(content, report)
    for stored in known.organ_years.get((report.organ or "", report.year or 0), []):
        if _stored_text(stored) is not None and _text_key(_stored_text(stored) or "") == key:
            return ImportOutcome(path, "duplicate", f"same text as {stored} (in another encoding or format)",
                                 stored), None
    files = {
        f"original{_stored_suffix(source.encoding, path)}": data,
        PARSED_FILE: parsed_file_text(report).encode("utf-8"),
    }
    if source.encoding in EXTRACTED:
        # Line numbers point into the text read out of a PDF or Word file: keep it beside the original.
        files[EXTRACTED_TEXT] = source.text.encode("utf-8")
    files.update({name: data for name, data in sidecars.items() if name not in files})
    try:
        staged = staging.stage(files)
    except OSError as exc:
        return ImportOutcome(path, "rejected", f"cannot write the import's staging folder: {exc}"), None
    known.hashes[source.sha256] = directory
    texts[key] = directory
    serious = [f for f in report.findings if f.severity != Severity.info]
    outcome = ImportOutcome(path, "imported_with_findings" if serious else "imported",
                            f"{len(serious)} findings" if serious else "", directory, report)
    return outcome, _Reading(outcome, report, staged, key, order)


_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


def _stored_suffix(kind: str, path: Path) -> str:
    """The original's suffix in the archive: its kind's, or the file's own when plain letters and digits."""
    if kind in EXTRACTED:
        return EXTRACTED[kind]
    suffix = path.suffix.lower()
    return suffix if _SAFE_SUFFIX.fullmatch(suffix) else ".txt"


def _best_readings(readings: list[_Reading]) -> list[_Reading]:
    """Of several files of one report in the batch, keep the one that read the most cells, and say why."""
    groups: dict[tuple[str, int, str], list[_Reading]] = {}
    kept: list[_Reading] = []
    for reading in readings:
        if reading.identity is None:
            kept.append(reading)
        else:
            groups.setdefault(reading.identity, []).append(reading)
    for group in groups.values():
        ranked = sorted(group, key=_Reading.rank)
        best = ranked[0]
        kept.append(best)
        for other in ranked[1:]:
            other.outcome.status = "duplicate"
            other.outcome.reason = (f"another file of the same report: {shown_path(best.outcome.path)} reads it "
                                    f"better and was kept ({best.describe()}; this file: {other.describe()})")
            other.outcome.directory = best.outcome.directory
        if len(group) > 1:
            best.outcome.reason = "; ".join(x for x in (
                f"the best of {len(group)} files of this report: {best.describe()}", best.outcome.reason) if x)
    return sorted(kept, key=lambda r: r.order)


def _prepare(reading: _Reading, content: Path, today: dt.date,
             known: _Known) -> tuple[Path, Path, Path | None, _Reading] | None:
    """Write the data file of a staged report, carrying over what it replaces; None when it must not go in."""
    outcome, report = reading.outcome, reading.report
    directory = report_directory(content, report)
    identity = reading.identity
    previous = known.identities.get(identity) if identity else None
    if directory.exists() and directory != previous:
        outcome.status, outcome.directory = "rejected", None
        outcome.reason = (f"{directory} already exists but its {PARSED_FILE} cannot be read; "
                          "repair or remove it, then import again")
        return None
    imported, revisions, notes, overrides = today, [], {}, {}
    if previous is not None:
        try:
            carried = _carry_over(previous, report)
        except DataError as exc:
            outcome.status, outcome.directory = "rejected", None
            outcome.reason = (f"it would replace {previous}, whose data file is invalid ({exc.message}): "
                              f"correct {exc.path.name} first so that no correction is lost")
            return None
        old = carried.data
        imported = _date(old.get("imported")) or today
        revisions = _revisions(old)
        changes = _changed_values(old, report)
        what = (f"原件更换（SHA-256 {previous.name} → {report.source.sha256[:12]}）："
                + ("；".join(changes) if changes else "数字无变化"))
        why = "；".join(x for x in (
            f"沿用 {len(carried.kept)} 条更正" if carried.kept else "",
            f"{len(carried.review)} 条更正需复核：{'、'.join(carried.review)}" if carried.review else "") if x)
        revisions.append(Revision(today, what, why))
        notes, overrides = carried.notes, carried.values
        outcome.status = "replaced"
        outcome.kept, outcome.review = carried.kept, carried.review
        outcome.reason = "; ".join(x for x in (f"replaces {previous}", outcome.reason) if x)
    text = data_file_text(report, notes, imported=imported, revisions=revisions, overrides=overrides)
    try:
        (reading.staged / DATA_FILE).write_bytes(text.encode("utf-8"))
    except OSError as exc:
        outcome.status, outcome.directory, outcome.kept, outcome.review = "rejected", None, [], []
        outcome.reason = f"cannot write the import's staging folder: {exc}"
        return None
    if identity:
        known.identities[identity] = directory
    return reading.staged, directory, previous, reading


def _commit(moves: list[tuple[Path, Path, Path | None, _Reading]], staging: Staging) -> None:
    """Move every planned folder into place; one that cannot be moved is put back and rejected."""
    for staged, directory, previous, reading in moves:
        try:
            move_in(staged, directory, previous)
            fault_point("moved")
        except OSError as exc:
            outcome = reading.outcome
            outcome.status, outcome.directory = "rejected", None
            outcome.reason = f"cannot write {directory}: {exc}"
            outcome.kept, outcome.review = [], []
            try:
                move_back(staged, previous)
                staging.abandon(staged)
            except OSError as again:
                outcome.reason += (f"; and cannot undo it ({again}): the next gongkai command with write access "
                                   f"finishes this import")
                staging.keep = True


@dataclass
class _CarriedOver:
    """What a replacement keeps of the report it replaces."""

    data: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)  # data-file path → corrected value, kept
    notes: dict[str, Any] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def _carry_over(previous: Path, report: Report) -> _CarriedOver:
    """Keep each correction whose cell (or field) the new file reads as the old one did; list the others."""
    stored = load_stored(previous)
    old = _read_data(previous)
    carried = _CarriedOver(old)
    try:
        old_parsed = json.loads((previous / PARSED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(previous / PARSED_FILE, None, f"cannot read what the parser read: {exc}") from exc
    new_parsed = report.to_json_dict()
    old_notes = old.get("notes") or {}
    for correction in stored.report.corrections:
        path = correction.path
        before, now = _reading_at(old_parsed, path), _reading_at(new_parsed, path)
        value = _value_at(old, path)
        if before == now:
            carried.values[path] = value
            if path in old_notes:
                carried.notes[path] = old_notes[path]
            carried.kept.append(f"{path} = {_shown(value)}")
        else:
            carried.review.append(f"{path} = {_shown(value)}（原读作 {_shown(before[0])}，新原件读作 "
                                  f"{_shown(now[0])}）")
    return carried


def _reading_at(parsed: dict[str, Any], path: str) -> tuple[Any, Any]:
    """What the parser read at a data-file path: the value and, for a table cell, its state."""
    parts = path.split(".")
    if parts[0] in TABLE_KEYS and len(parts) == 3:
        table, row, col = parts
        cell = ((parsed.get("cells") or {}).get(table) or {}).get(row, {}).get(col) or {}
        return ((parsed.get(table) or {}).get(row) or {}).get(col), cell.get("state")
    if parts[0] == "sections" and len(parts) == 2:
        return ((parsed.get("sections") or {}).get(parts[1]) or {}).get("text"), None
    if path == "region.code":
        return (parsed.get("region") or {}).get("code"), None
    return parsed.get(path), None


def _value_at(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return _plain(node)


def _read_data(directory: Path) -> dict[str, Any]:
    try:
        data = _load_yaml((directory / DATA_FILE).read_text(encoding="utf-8"))[1]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, DataError):
        return {}
    return data if isinstance(data, dict) else {}


# Reading -------------------------------------------------------------------------------------------


def _node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Find the line of the YAML node at a pydantic error location (keys that are not in the file are skipped)."""
    node = root
    line = root.start_mark.line + 1 if root is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node = value
                    line = key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with libyaml when PyYAML has it (3× faster), resolving each short scalar once.

    Tag resolution runs regular expressions over every plain scalar of a data file, a third of loading
    it; the answer depends only on the scalar and the resolver's fixed tables, and most scalars are
    the same few keys and small numbers.
    """

    _resolved: dict[tuple[str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a node, as the safe resolver gives it."""
        if kind is not yaml.ScalarNode or len(value) > 24:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)  # libyaml's parser passes (plain, quoted) as a tuple
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
            if len(self._resolved) > 100_000:
                self._resolved.clear()
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to do: the safe loader has no path resolvers (PyYAML's own method checks that per node)."""

    def ascend_resolver(self) -> None:
        """Nothing to do, as descend_resolver."""


class _BadValue(yaml.YAMLError):
    """A scalar YAML reads but the data file cannot hold (a date that does not exist)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise _BadValue(node.start_mark.line + 1,
                        f"{node.value!r} is not a date ({exc}): expected a real date such as 2024-02-29") from None


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's own safe loader, with the data file's date rule (for its better-worded syntax errors)."""


for _loader in (_FastLoader, _StrictLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)

_YAML_LOADER = _FastLoader
MAX_DATA_FILE = 5 * 1024 * 1024  # bytes: a data file holds a report's values and section texts, some 50 KB
MAX_NESTING = 16  # the data file nests four levels deep (notes → path → reason)
_MAYBE_DEEP = re.compile(r"^[ \t?:-]{40,}", re.MULTILINE)


def _load_yaml(text: str, loader_class: type = _YAML_LOADER) -> tuple[yaml.Node | None, Any]:
    """Parse a data file once: the node tree (for line numbers) and the data built from it."""
    if text.count("[") + text.count("{") > 400 or _MAYBE_DEEP.search(text):
        _check_nesting(text)
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        try:
            return root, _plain_data(root, loader)
        except _Unusual:
            loader.constructed_objects, loader.recursive_objects = {}, {}
        _check_nodes(root)
        return root, loader.construct_document(root)
    except _BadValue:
        raise
    except yaml.YAMLError:
        if loader_class is _StrictLoader:
            raise
        # PyYAML's own parser words its errors better ("expected <block end>…"); errors are rare.
        return _load_yaml(text, _StrictLoader)
    finally:
        loader.dispose()


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _NULL, _MAP, _SEQ = (_TAG + name for name in ("str", "int", "null", "map", "seq"))
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class _Unusual(Exception):
    """A node tree _plain_data() leaves to _check_nodes() and PyYAML's constructor."""


def _plain_data(root: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """The data of a node tree of plain mappings, lists and scalars, built in one walk (twice as fast as
    PyYAML's constructor, which is most of loading a data file).

    Strings, decimal whole numbers and nulls are built here, every other scalar (dates, booleans) by the
    loader's own constructors. Anything else raises _Unusual and is left to _check_nodes() and the loader,
    so that what a data file loads as, and every error it gets, stays theirs: a node seen twice (an alias),
    a key given twice, a key that is not a plain string or number, a tag of a collection other than map
    and seq, a scalar the loader's constructor refuses.
    """
    seen: set[int] = set()

    def build(node: yaml.Node) -> Any:
        if type(node) is yaml.ScalarNode:
            tag, value = node.tag, node.value
            if tag == _STR:
                return value
            if tag == _NULL:
                return None
            if tag == _INT and _DECIMAL.fullmatch(value):
                return int(value)
            try:
                return loader.construct_object(node)
            except Exception as exc:  # noqa: BLE001 - the loader raises it again, in its own order
                raise _Unusual from exc
        if id(node) in seen:
            raise _Unusual
        seen.add(id(node))
        if type(node) is yaml.SequenceNode and node.tag == _SEQ:
            return [build(item) for item in node.value]
        if type(node) is not yaml.MappingNode or node.tag != _MAP:
            raise _Unusual
        out: dict[Any, Any] = {}
        keys: set[tuple[str, str]] = set()
        for key, value in node.value:
            if type(key) is not yaml.ScalarNode or key.tag not in (_STR, _INT) or (key.tag, key.value) in keys:
                raise _Unusual
            keys.add((key.tag, key.value))
            out[build(key)] = build(value)
        return out

    return build(root)


def _check_nesting(text: str) -> None:
    """Refuse nesting no data file has before building it (the composer would recurse that deep)."""
    depth = 0
    too_deep = (f"nested more than {MAX_NESTING} levels deep: a data file has report fields, table rows and "
                "notes, four levels at most")
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    raise _BadValue(event.start_mark.line + 1, too_deep)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if "nesting" not in str(exc.problem) or exc.problem_mark is None:
            raise  # a syntax error: the loader words it
        raise _BadValue(exc.problem_mark.line + 1, too_deep) from None


def _check_nodes(root: yaml.Node) -> None:
    """Refuse aliases of lists and mappings (a few lines of them can stand for billions of values) and keys
    given twice. An alias of a single value (a date written twice by older versions) is harmless."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen and not isinstance(node, yaml.ScalarNode):
            raise _BadValue(node.start_mark.line + 1, "anchors and aliases (&name, *name) are not allowed in a "
                            "data file: write each value out")
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode):
                    # By tag too: the string '0' and the number 0 are two keys.
                    name = (key.tag, key.value)
                    if name in keys:
                        raise _BadValue(line, f"{key.value!r} is given twice in one mapping (first on line "
                                              f"{keys[name]}): the second would silently win; keep one")
                    keys[name] = line
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load_stored(directory: Path) -> StoredReport:
    """Load one report of the archive, validating its data file against what the parser read."""
    data_path = directory / DATA_FILE
    try:
        if data_path.stat().st_size > MAX_DATA_FILE:
            raise DataError(data_path, None, f"the data file is larger than {MAX_DATA_FILE // (1024 * 1024)} MB: "
                                             "expected one report's values and texts")
        text = data_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(data_path, None, f"cannot read the data file: {exc}") from exc
    try:
        root, data = _load_yaml(text)
    except _BadValue as exc:
        raise DataError(data_path, exc.line, exc.message) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(data_path, mark.line + 1 if mark else None, _yaml_problem(exc)) from exc
    if not isinstance(data, dict):
        raise DataError(data_path, 1, "expected a mapping of report fields (organ, year, …)")
    unknown = sorted(set(data) - set(DATA_KEYS) - set(ARCHIVE_KEYS) - {"notes"})
    if unknown:
        raise DataError(data_path, _node_line(root, (unknown[0],)),
                        f"unknown key {unknown[0]!r}; expected one of {', '.join(DATA_KEYS + ARCHIVE_KEYS)}, notes")
    try:
        parsed = json.loads((directory / PARSED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(directory / PARSED_FILE, None, f"cannot read what the parser read: {exc}") from exc
    _check_shape(data, parsed, root, data_path)
    originals = sorted(directory.glob("original.*"))
    if not originals:
        raise DataError(directory, None, "the original file is missing (expected original.<ext>)")
    merged = _merge(parsed, data, data_path, root)
    try:
        report = Report.model_validate(merged)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        loc = tuple(p for p in errors[0]["loc"] if p not in ("2021", "2019"))
        more = f" (and {len(errors) - 1} more problems in this file)" if len(errors) > 1 else ""
        raise DataError(data_path, _node_line(root, loc),
                        _validation_problem(errors[0], loc, str(merged.get("format_version"))) + more) from exc
    try:
        provenance = load_provenance(directory)
    except ValueError as exc:
        raise DataError(directory / PROVENANCE_FILE, None, str(exc)) from exc
    return StoredReport(directory, report, originals[0], _date(data.get("imported")), _revisions(data), provenance)


_SHAPES: dict[str, tuple[str, ...]] = {
    "region": ("code", "set_by", "reason", "candidates"),
    "sections": ("preamble", "overview", "active_disclosure", "applications", "review_litigation", "problems",
                 "other_matters"),
}
_NOTE_KEYS = ("reason", "date")
_REVISION_KEYS = ("date", "what", "why")


def _check_shape(data: dict[str, Any], parsed: dict[str, Any], root: yaml.Node, data_path: Path) -> None:
    """Refuse what the data file cannot mean, so that no correction is silently dropped: unknown keys
    (a typo such as `cod:` or `overveiw:`), a list or text where a mapping belongs, a bad date."""

    def fail(loc: tuple[Any, ...], message: str) -> None:
        raise DataError(data_path, _node_line(root, loc), message)

    for key, allowed in _SHAPES.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            fail((key,), f"{key}: expected a mapping with the keys {', '.join(allowed)}, found {_kind(value)}")
        for sub in value:
            if sub not in allowed:
                fail((key, sub), f"{key}: unknown key {sub!r}; expected one of {', '.join(allowed)}")
    region = data.get("region") or {}
    if not isinstance(region.get("candidates", []) or [], list):
        fail(("region", "candidates"), f"region.candidates: expected a list, found {_kind(region['candidates'])}")
    for key, text in (data.get("sections") or {}).items():
        if text is not None and not isinstance(text, str):
            fail(("sections", key), f"sections.{key}: expected the section's text, found {_kind(text)}")
        if text is not None and not (parsed.get("sections") or {}).get(key):
            fail(("sections", key), f"sections.{key}: the original has no such section, so there is no text to "
                                    "correct; remove this key")
    for table in TABLE_KEYS:
        rows = data.get(table)
        if rows is None:
            continue
        if not isinstance(rows, dict):
            fail((table,), f"{table}: expected a mapping of row: {{column: value, …}}, found {_kind(rows)}")
        for row, cols in rows.items():
            if not isinstance(cols, dict):
                fail((table, row), f"{table}.{row}: expected a mapping of column: value, found {_kind(cols)}")
    if data.get("imported") is not None and not isinstance(data["imported"], dt.date):
        fail(("imported",), f"imported: expected a date such as 2024-02-01, found {data['imported']!r}")
    revisions = data.get("revisions")
    if revisions is not None and not isinstance(revisions, list):
        fail(("revisions",), f"revisions: expected a list of {{date, what, why}}, found {_kind(revisions)}")
    for n, revision in enumerate(revisions or []):
        if not isinstance(revision, dict) or set(revision) - set(_REVISION_KEYS):
            fail(("revisions", n), f"revisions: entry {n + 1}: expected a mapping with the keys "
                                   f"{', '.join(_REVISION_KEYS)}, found {_kind(revision)}")
        if revision.get("date") is not None and not isinstance(revision["date"], dt.date):
            fail(("revisions", n), f"revisions: entry {n + 1}: expected a date such as 2024-03-15, "
                                   f"found {revision['date']!r}")
    notes = data.get("notes")
    if notes is not None and not isinstance(notes, dict):
        fail(("notes",), f"notes: expected a mapping of path: reason, found {_kind(notes)}")
    for path, note in (notes or {}).items():
        if not _names_a_field(data, str(path)):
            fail(("notes", path), f"notes: {path!r} names no field of this data file (expected a path such as "
                                  "applications.new_received.total, region.code or organ)")
        if isinstance(note, dict):
            if set(note) - set(_NOTE_KEYS):
                fail(("notes", path), f"notes.{path}: expected a reason, or a mapping with the keys reason, date")
            if note.get("date") is not None and not isinstance(note["date"], dt.date):
                fail(("notes", path), f"notes.{path}: expected a date such as 2024-03-15, found {note['date']!r}")
        elif note is not None and not isinstance(note, (str, int, float)):
            fail(("notes", path), f"notes.{path}: expected a reason, found {_kind(note)}")


def _names_a_field(data: dict[str, Any], path: str) -> bool:
    parts = path.split(".")
    if parts[0] in TABLE_KEYS:
        return len(parts) == 3 and isinstance(((data.get(parts[0]) or {}).get(parts[1])), dict) and \
            parts[2] in data[parts[0]][parts[1]]
    if parts[0] in _SHAPES:
        return len(parts) == 2 and parts[1] in _SHAPES[parts[0]]
    return len(parts) == 1 and parts[0] in DATA_KEYS


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """Say what YAML expected where, without PyYAML's excerpt of the file."""
    problem = getattr(exc, "problem", None)
    if not problem:
        return f"not valid YAML: {exc}"
    mark, context, context_mark = (getattr(exc, k, None) for k in ("problem_mark", "context", "context_mark"))
    text = f"not valid YAML: {problem}" + (f" at column {mark.column + 1}" if mark else "")
    if context and context_mark:
        text += f" ({context} that starts at line {context_mark.line + 1})"
    return text + "; check that keys of one level are indented alike and that text holding ': ' or ' #' is quoted"


def _fields_at(loc: tuple[Any, ...], form: str) -> list[str]:
    """The keys the data file may hold at a location (the model fields there), or [] when unknown."""
    model: Any = Report
    for part in loc:
        info = model.model_fields.get(str(part)) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if info is None:
            return []
        models = [t for t in _types_in(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not models:
            return []
        model = next((m for m in models if m.__name__.endswith(form)), models[0])
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _types_in(annotation: Any) -> list[Any]:
    args = get_args(annotation)
    if not args:
        return [annotation]
    return [t for arg in args for t in _types_in(arg)]


def _validation_problem(error: dict[str, Any], loc: tuple[Any, ...], form: str) -> str:
    """Turn a pydantic error into "path: expected …, found …" in the data file's own terms."""
    kind, ctx, found = error["type"], error.get("ctx") or {}, error.get("input")
    path = ".".join(map(str, loc))
    if kind == "extra_forbidden":
        allowed = [k for k in _fields_at(loc[:-1], form) if k not in ("cells", "layout", "corrections", "findings",
                                                                       "source", "schema_version")]
        return f"{path}: unknown key {loc[-1]!r}" + (f"; expected one of {', '.join(allowed)}" if allowed else "")
    expected = {
        "greater_than_equal": f"expected a number ≥ {ctx.get('ge')}",
        "less_than_equal": f"expected a number ≤ {ctx.get('le')}",
        "int_parsing": "expected a whole number", "int_type": "expected a whole number",
        "int_from_float": "expected a whole number",
        "float_parsing": "expected a number", "float_type": "expected a number",
        "enum": f"expected one of {ctx.get('expected')}", "literal_error": f"expected one of {ctx.get('expected')}",
        "date_parsing": "expected a date like 2024-01-31", "date_type": "expected a date like 2024-01-31",
        "date_from_datetime_parsing": "expected a date like 2024-01-31",
        "string_type": "expected text", "missing": "expected a value",
        "model_type": "expected a mapping of key: value", "dict_type": "expected a mapping of key: value",
    }.get(kind, error["msg"])
    shown = "" if isinstance(found, (dict, list)) or kind == "missing" else f", found {found!r}"
    return f"{path}: {expected}{shown}"


def _merge(parsed: dict[str, Any], data: dict[str, Any], data_path: Path, root: yaml.Node) -> dict[str, Any]:
    """Combine the parser's reading with the data file: values from the data file, corrections marked."""
    merged = dict(parsed)
    notes = data.get("notes") or {}
    if not isinstance(notes, dict):
        raise DataError(data_path, _node_line(root, ("notes",)), "notes: expected a mapping of path: reason")
    corrections: list[dict[str, Any]] = []
    for key in ("organ", "year", "level", "format_version", "published"):
        if key in data and _plain(data[key]) != parsed.get(key):
            merged[key] = _plain(data[key])
            corrections.append({"path": key, "value": merged[key], "parsed": parsed.get(key),
                                **_reason(notes, key)})
            if key == "level":
                merged["level_reason"] = _note(notes, key)[0] or "由维护者指定"
    region = data.get("region")
    if isinstance(region, dict) and region.get("code") != parsed.get("region", {}).get("code"):
        code = None if region.get("code") in (None, "") else str(region["code"])
        gazetteer = load_gazetteer()
        if code is not None and gazetteer.get(code) is None:
            raise DataError(data_path, _node_line(root, ("region", "code")),
                            f"region.code: {code!r} is not a statistical code in the gazetteer "
                            "(expected 2, 4, 6 or 9 digits, e.g. 360704203)")
        place = gazetteer.get(code) if code else None
        merged["region"] = {"code": place.code if place else None,
                            "path": [p.name for p in gazetteer.path(place.code)] if place else [],
                            "candidates": [], "reason": _note(notes, "region.code")[0] or "由维护者指定",
                            "set_by": "maintainer"}
        merged["regions"] = merged["region"]["path"]
        corrections.append({"path": "region.code", "value": code, "parsed": parsed.get("region", {}).get("code"),
                            **_reason(notes, "region.code")})
    sections = data.get("sections")
    if isinstance(sections, dict):
        new_sections = dict(parsed.get("sections") or {})
        for key, text in sections.items():
            old = new_sections.get(key)
            if old is not None and isinstance(text, str) and text != old["text"]:
                new_sections[key] = {**old, "text": text}
                corrections.append({"path": f"sections.{key}", "value": None, "parsed": None,
                                     **_reason(notes, f"sections.{key}")})
        merged["sections"] = new_sections
    cells = {t: {r: dict(c) for r, c in (parsed.get("cells", {}).get(t) or {}).items()} for t in TABLE_KEYS}
    corrected_cells: set[tuple[str, str, str]] = set()
    for table in TABLE_KEYS:
        if table not in data:
            continue
        values = data[table]
        old_values = parsed.get(table) or {}
        if values is None or not isinstance(values, dict):
            merged[table] = values
            continue
        for row, cols in values.items():
            if not isinstance(cols, dict):
                continue
            for col, value in cols.items():
                before = (old_values.get(row) or {}).get(col, "absent")
                if before == "absent" or value != before or (value is None) != (before is None):
                    path = f"{table}.{row}.{col}"
                    cell = cells.setdefault(table, {}).setdefault(row, {})
                    cell[col] = {**cell.get(col, {"raw": "", "line": None}), "state": "corrected"}
                    corrected_cells.add((table, row, col))
                    corrections.append({"path": path, "value": value,
                                        "parsed": None if before == "absent" else before,
                                        **_reason(notes, path)})
        merged[table] = values
    merged["cells"] = cells
    merged["corrections"] = corrections
    merged["findings"] = [f for f in parsed.get("findings", [])
                          if f.get("stage") != "check" and not _resolved(f, corrected_cells, cells)]
    return merged


_TABLE_OF = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}


def _resolved(f: dict[str, Any], corrected: set[tuple[str, str, str]], cells: dict[str, Any]) -> bool:
    """A reading finding is settled once a maintainer corrected every doubtful cell it points at."""
    table = _TABLE_OF.get(f.get("table") or "")
    if not table or not f.get("row") or not corrected:
        return False
    if f.get("column"):
        return (table, f["row"], f["column"]) in corrected
    row_cells = cells.get(table, {}).get(f["row"], {})
    doubtful = [c for c, cell in row_cells.items() if cell.get("state") not in ("number",)]
    return bool(doubtful) and all((table, f["row"], c) in corrected for c in doubtful)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _revisions(data: dict[str, Any]) -> list[Revision]:
    return [Revision(_date(r.get("date")), str(r.get("what", "")), str(r.get("why", "")))
            for r in data.get("revisions") or [] if isinstance(r, dict)]


def _note(notes: dict[str, Any], path: str) -> tuple[str, str | None]:
    """A note is a reason, or a mapping {reason: …, date: YYYY-MM-DD}."""
    note = notes.get(path, "")
    if isinstance(note, dict):
        date = _date(note.get("date"))
        return str(note.get("reason", "")), date.isoformat() if date else None
    return str(note or ""), None


def _reason(notes: dict[str, Any], path: str) -> dict[str, Any]:
    reason, date = _note(notes, path)
    return {"reason": reason, "date": date}


def _plain(value: Any) -> Any:
    """YAML reads dates as dates; the report's JSON form has ISO strings."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def load_archive(content: Path) -> Archive:
    """Load every report of the archive; a report whose data file is invalid is listed, not loaded."""
    archive = Archive()
    for data_path in _stored_dirs(content, DATA_FILE):
        try:
            archive.reports.append(load_stored(data_path.parent))
        except DataError as exc:
            archive.errors.append(exc)
    return archive


__all__ = ["Archive", "DataError", "ImportOutcome", "StoredReport", "data_file_text", "import_files",
           "load_archive", "load_stored"]
