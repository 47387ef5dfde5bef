"""Run a reader in a separate process with a time limit and a memory limit.

A damaged PDF can make pdfminer loop or a crafted file can make a reader allocate without end. The reader
runs in a forked child process with the reading libraries already loaded (so each file costs a fork, not
an interpreter start); the child is killed when it runs over `Limits.seconds`.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from build_tools.ingest.limits import IngestError, Limits

_FORKSERVER: Any = None


def _context() -> Any:
    """Fork this process when it runs no other thread (cheap, and the readers are loaded once here);
    otherwise ask a fork server, since forking a threaded process can deadlock the child."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        import build_tools.ingest.readers  # noqa: F401  (loaded before the fork, shared by every child)

        return multiprocessing.get_context("fork")
    global _FORKSERVER
    if _FORKSERVER is None:
        if "forkserver" in methods:
            _FORKSERVER = multiprocessing.get_context("forkserver")
            # Preload the readers, not the caller's __main__ (a CLI entry point or a test runner).
            _FORKSERVER.set_forkserver_preload(["build_tools.ingest.readers"])
        else:
            _FORKSERVER = multiprocessing.get_context("spawn")
    return _FORKSERVER


def run_reader(kind: str, path: Path, limits: Limits) -> str:
    """Read `path` as `kind` in a child process; return its text or raise IngestError."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, kind, str(path), limits), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise IngestError(f"reading took longer than {limits.seconds:g} s and was stopped: "
                              f"the {kind.upper()} file is damaged or far too complex")
        try:
            status, payload = receiver.recv()
        except EOFError:
            process.join(5)
            code = process.exitcode
            raise IngestError(f"the {kind.upper()} reader stopped without an answer (exit code {code}): "
                              "the file is damaged or needs more memory than allowed") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "ok":
        return str(payload)
    raise IngestError(str(payload))


def _child(sender: Connection, kind: str, path: str, limits: Limits) -> None:
    limit = _limit_memory(limits.memory_bytes)
    from build_tools.ingest.readers import read_kind

    out_of_memory = (f"reading the {kind.upper()} file needs more memory than allowed "
                     f"({limits.memory_bytes // (1024 * 1024)} MB)")
    try:
        result: tuple[str, Any] = ("ok", read_kind(kind, Path(path), limits))
    except IngestError as exc:
        result = ("error", exc.reason)
    except MemoryError:
        result = ("error", out_of_memory)
    except RecursionError:
        result = ("error", f"the {kind.upper()} file is nested too deeply to read")
    except Exception as exc:  # a damaged file makes the libraries raise anything; report it, typed
        # C libraries report a failed allocation in their own words (libxml2: "unknown error").
        result = ("error", out_of_memory if _reached(limit) else
                  f"damaged {kind.upper()} file: {type(exc).__name__}: {_short(exc)}")
    sender.send(result)
    sender.close()


def _reached(limit: int | None) -> bool:
    """Tell whether this process's address space came close to its limit (Linux: VmPeak)."""
    if limit is None:
        return False
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= limit - 16 * 1024 * 1024
    except (OSError, ValueError, IndexError):
        pass
    return False


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] + ("…" if len(text) > 200 else "") if text else "no details"


def _limit_memory(allowance: int) -> int | None:
    """Let the reader grow by `allowance` bytes of address space beyond what it starts with; return the limit."""
    try:
        import resource
    except ImportError:  # not on this platform: the time limit still applies
        return None
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        current = 0
    limit = current + allowance
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    return limit
