"""What earlier collections fetched, kept in content/collect-state.json.

For each URL: its validators (ETag, Last-Modified) and the SHA-256 of its body, so the next run asks only
for a changed body and recognises an unchanged one; what the URL was (a list, a report page, a document)
with the links found on it, so a list answered with 304 Not Modified is still followed; and how it ended.
An unfinished run is recorded too (`run`: its URLs and those already done), so a run interrupted half-way
picks up where it stopped without asking again for what it had finished. The file is rewritten whole,
atomically, after every URL. One collection at a time writes it: a run holds content/.collect.lock
(`running`), and a second run on the same archive stops at once instead of overwriting the first's state.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

STATE_FILE = "collect-state.json"
RUN_LOCK = ".collect.lock"
VERSION = 1


@dataclass
class UrlState:
    """What the archive knows of one URL."""

    kind: str = ""  # list | report | document | other
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    fetched_at: str | None = None
    outcome: str = ""  # collected | unchanged | not_report | failed
    reason: str = ""
    title: str = ""
    published: str | None = None
    links: list[list[str]] = field(default_factory=list)  # a list's report links: [url, title]
    pages: list[str] = field(default_factory=list)  # a list's other pages
    attachments: list[list[str]] = field(default_factory=list)  # a report page's attachments: [url, title]
    directory: str | None = None  # the report folder its original went to, relative to content/

    @property
    def settled(self) -> bool:
        """Whether a body seen again unchanged needs no new look: collected, or a list already read."""
        return self.outcome in ("collected", "unchanged") or self.kind == "list"


@dataclass
class State:
    path: Path
    urls: dict[str, UrlState] = field(default_factory=dict)
    run: dict[str, Any] | None = None  # {"seeds": [...], "done": [...]} of an unfinished run

    def url(self, url: str) -> UrlState | None:
        return self.urls.get(url)

    def save(self) -> None:
        """Write the state atomically (a crash leaves the old file or the new one, never half of one)."""
        data = {"version": VERSION, "run": self.run,
                "urls": {u: _compact(asdict(s)) for u, s in sorted(self.urls.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".collect-state-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
                out.write("\n")
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


class StateError(Exception):
    """A state file that cannot be used."""


@contextlib.contextmanager
def running(content: Path) -> Iterator[None]:
    """Hold the archive's collection lock for a whole run; refuse at once when another run holds it.

    Collections take minutes and a second one on the same archive would rewrite the state file under
    the first, so it is not made to wait: it stops and says why. The lock is the kernel's (flock), so a
    run that dies for any reason releases it. Imports keep taking the archive's own write lock.
    """
    content.mkdir(parents=True, exist_ok=True)
    fd = os.open(content / RUN_LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            raise StateError(f"{content}: another `gongkai collect` is running on this archive; "
                             "run this one again when it has finished") from None
        yield
    finally:
        os.close(fd)


def load_state(content: Path) -> State:
    """Read content/collect-state.json (an empty state when there is none)."""
    path = content / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return State(path)
    except (OSError, ValueError) as exc:
        raise StateError(f"{path}: cannot read the collection state ({exc}); move it aside to start afresh") from exc
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("urls"), dict):
        raise StateError(f"{path}: expected a collection state of version {VERSION}; move it aside to start afresh")
    known = set(UrlState.__dataclass_fields__)
    urls = {}
    for url, entry in data["urls"].items():
        if not isinstance(entry, dict) or set(entry) - known:
            raise StateError(f"{path}: the entry of {url} is not a URL state (unknown keys "
                             f"{sorted(set(entry) - known) if isinstance(entry, dict) else entry!r})")
        urls[url] = UrlState(**entry)
    run = data.get("run")
    return State(path, urls, run if isinstance(run, dict) else None)
