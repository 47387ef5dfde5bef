"""Writing the archive safely: one writer at a time, new reports written aside and moved in whole.

    content/.lock          the archive's lock (fcntl.flock): a writer holds it alone, readers share it
    content/.staging/<id>/ one import's new report folders (0, 1, …), complete before anything in
                           reports/ changes; no reader of the archive looks here
        plan.json          written once every folder is complete: which folder goes where. From then on
                           the import is finished by whoever comes next if it dies; a staging folder
                           without a plan is a dead import's leftover and is removed.

Each report goes into reports/ with one rename of its complete folder, so a reader sees a report whole
or not at all, and an import killed at any point leaves the archive as it was or, once planned, is
finished by the next command that opens the archive. An import asked to stop (SIGTERM, SIGHUP, Ctrl-C)
cleans up after itself: before its plan it removes its staging, and from the plan on it holds the
signal back until every report is moved in (`uninterrupted`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

LOCK_FILE = ".lock"
STAGING = ".staging"
PLAN_FILE = "plan.json"
LOCK_WAIT = 10.0  # seconds a command waits for another writer before it gives up (GONGKAI_LOCK_WAIT)
FAULT_POINT = "GONGKAI_FAULT"  # fault injection for the tests: "<point>:<n>" (the n-th time the import reaches it)
FAULT_FILE = "GONGKAI_FAULT_FILE"  # … the import creates this file there and waits until it is removed


STOPPING = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold back the signals that ask a command to stop while the block runs; they arrive after it.

    Only the main thread receives them (Python runs signal handlers there), so elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class ArchiveBusy(Exception):
    """Another command is writing the archive and did not finish while this one waited."""


def fault_point(name: str, _counts: dict[str, int] = {}) -> None:  # noqa: B006 (a counter for the process)
    """Stop here when the tests ask for it, so that they can kill, starve or race the import at this point."""
    wanted = os.environ.get(FAULT_POINT)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] != int(nth or 1):
        return
    marker = Path(os.environ[FAULT_FILE])
    marker.write_text(str(os.getpid()), encoding="ascii")
    while marker.exists():
        time.sleep(0.02)


@dataclass
class ArchiveLock:
    """A held lock on an archive; `notices` say what the command found left by a dead import."""

    content: Path
    fd: int | None
    notices: list[str]


def _flock(fd: int, mode: int, wait: float | None, content: Path) -> None:
    if wait is None:
        wait = float(os.environ.get("GONGKAI_LOCK_WAIT") or LOCK_WAIT)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
        if time.monotonic() >= deadline:
            raise ArchiveBusy(f"{content} is being written by another gongkai command; waited "
                              f"{wait:g} s: try again when it has finished")
        time.sleep(0.05)


@contextlib.contextmanager
def writing(content: Path, *, wait: float | None = None) -> Iterator[ArchiveLock]:
    """Hold the archive's lock alone while writing it; first finish or remove what a dead import left."""
    content.mkdir(parents=True, exist_ok=True)
    fd = os.open(content / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _flock(fd, fcntl.LOCK_EX, wait, content)
        yield ArchiveLock(content, fd, recover(content))
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def reading(content: Path, *, wait: float | None = None) -> Iterator[ArchiveLock]:
    """Hold the archive's lock with other readers while reading it, so that no import is half-way.

    A dead import's leftovers are finished or removed first when the archive can be written; when it
    cannot (a read-only checkout), they are only reported: readers never look into the staging folder.
    """
    try:
        fd = os.open(content / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        writable = True
    except OSError:
        try:
            fd = os.open(content / LOCK_FILE, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:  # a read-only archive never written by an import: no writer to wait for
            yield ArchiveLock(content, None, _leftovers(content))
            return
        writable = False
    try:
        notices: list[str] = []
        if writable and _leftovers(content):
            _flock(fd, fcntl.LOCK_EX, wait, content)
            try:
                notices = recover(content)
            except OSError:
                notices = _leftovers(content)
            fcntl.flock(fd, fcntl.LOCK_UN)
        _flock(fd, fcntl.LOCK_SH, wait, content)
        yield ArchiveLock(content, fd, notices or _leftovers(content))
    finally:
        os.close(fd)


def _leftovers(content: Path) -> list[str]:
    staging = content / STAGING
    found = sorted(p for p in staging.iterdir()) if staging.is_dir() else []
    return [f"{p}: left by an import that did not finish "
            + ("its final move; a command that may write the archive finishes it"
               if (p / PLAN_FILE).exists() else "its staging; a command that may write the archive removes it")
            for p in found]


def recover(content: Path) -> list[str]:
    """Finish the final move of a dead import that had planned it; remove the staging of any other.

    Call only while holding the lock alone. Returns what was done, one line per dead import.
    """
    notices: list[str] = []
    reports = content / "reports"
    # Older versions staged inside reports/ (.import-*): nothing there was ever moved into place.
    stale = sorted(reports.glob(".import-*")) if reports.is_dir() else []
    staging = content / STAGING
    stale += sorted(staging.iterdir()) if staging.is_dir() else []
    for root in stale:
        plan = _read_plan(root)
        try:
            for staged, directory, previous in plan or []:
                move_in(content / staged, content / directory, content / previous if previous else None)
            shutil.rmtree(root)
        except OSError as exc:
            notices.append(f"{root}: left by an import that did not finish; cannot finish or remove it ({exc}): "
                           "correct the cause and run gongkai check again")
            continue
        notices.append(f"finished the import that {root} held: {len(plan)} reports moved into place" if plan else
                       f"removed {root}: the staging of an import that did not finish (the archive was left as "
                       "it was)")
    return notices


def _read_plan(root: Path) -> list[tuple[str, str, str | None]] | None:
    try:
        data = json.loads((root / PLAN_FILE).read_text(encoding="utf-8"))
        return [(e["staged"], e["directory"], e.get("previous")) for e in data]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def move_in(staged: Path, directory: Path, previous: Path | None) -> None:
    """Move one complete report folder into place; the folder it replaces goes into its `previous/`.

    Safe to repeat after a crash at any point: a step already done is skipped.
    """
    if not staged.is_dir():
        return  # moved already
    directory.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and previous.is_dir():
        keep = staged / "previous"
        keep.mkdir(exist_ok=True)
        for older in sorted(previous.glob("previous/*")):
            os.replace(older, keep / older.name)
        os.replace(previous, keep / previous.name)
        fault_point("previous")
    os.replace(staged, directory)


def move_back(staged: Path, previous: Path | None) -> None:
    """Undo the first half of `move_in` after the final rename failed: the replaced folder goes back."""
    if previous is None:
        return
    kept = staged / "previous" / previous.name
    if kept.is_dir() and not previous.exists():
        os.replace(kept, previous)
        (previous / "previous").mkdir(exist_ok=True)
        for older in sorted((staged / "previous").iterdir()):
            os.replace(older, previous / "previous" / older.name)
        with contextlib.suppress(OSError):
            (previous / "previous").rmdir()  # nothing was there before


class Staging:
    """An import's new report folders, written in content/.staging/ and moved into reports/ at the end."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self.root: Path | None = None
        self.count = 0
        self.planned = False
        self.keep = False  # a move failed and could not be undone: the next command finishes it

    def stage(self, files: dict[str, bytes]) -> Path:
        """Write one report folder aside; return it."""
        if self.root is None:
            (self.content / STAGING).mkdir(parents=True, exist_ok=True)
            self.root = Path(tempfile.mkdtemp(prefix="import-", dir=self.content / STAGING))
        staged = self.root / str(self.count)
        self.count += 1
        staged.mkdir()
        for name, data in files.items():
            (staged / name).write_bytes(data)
        fault_point("staged")
        return staged

    def plan(self, moves: list[tuple[Path, Path, Path | None]]) -> None:
        """Record what goes where, durably: from here on the import is finished even if this process dies."""
        assert self.root is not None
        entries = [{"staged": self._relative(s), "directory": self._relative(d),
                    "previous": self._relative(p) if p else None} for s, d, p in moves]
        temporary = self.root / (PLAN_FILE + ".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(entries, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.root / PLAN_FILE)
        self.planned = True
        fault_point("planned")

    def abandon(self, staged: Path) -> None:
        """Take a staged folder out of the plan (its move failed and was undone)."""
        os.replace(staged, staged.with_name(staged.name + ".abandoned"))

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.content).as_posix()

    def finish(self) -> None:
        """Remove the staging folder once every planned folder is in place (or abandoned)."""
        if self.keep:
            return
        if self.root is not None and self.root.exists():
            shutil.rmtree(self.root)
        with contextlib.suppress(OSError):
            (self.content / STAGING).rmdir()

    def discard(self) -> None:
        """Remove the staging of an import stopped before its plan; a planned one is left to be finished."""
        if self.root is not None and not self.planned and self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)
            with contextlib.suppress(OSError):
                (self.content / STAGING).rmdir()
