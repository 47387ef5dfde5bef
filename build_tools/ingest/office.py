"""Convert the formats read through LibreOffice (DOC, WPS, RTF, ODT, Word 2003 XML) to DOCX."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from build_tools.ingest.limits import IngestError, Limits

NAMES = {"doc": "Word 97–2003 document (.doc)", "wps": "WPS document (.wps)", "rtf": "RTF document",
         "odt": "OpenDocument text (.odt)", "wordml": "Word 2003 XML document"}
INSTALL_HINT = "install LibreOffice (apt-get install libreoffice-writer) or save the file as DOCX"


def find_soffice() -> str | None:
    """Return the LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, kind: str, workdir: Path, limits: Limits) -> Path:
    """Convert a document to DOCX in `workdir` with headless LibreOffice, within the time limit."""
    soffice = find_soffice()
    if soffice is None:
        raise IngestError(f"a {NAMES[kind]} can only be read through LibreOffice, which is not installed: "
                          f"{INSTALL_HINT}")
    source = workdir / f"input.{kind if kind != 'wordml' else 'xml'}"
    shutil.copyfile(path, source)
    out = workdir / "out"
    command = [soffice, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(out), str(source)]
    env = dict(os.environ, HOME=str(workdir), SAL_USE_VCLPLUGIN="svp")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True, cwd=workdir)
    try:
        _stdout, stderr = process.communicate(timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise IngestError(f"LibreOffice took longer than {limits.seconds:g} s to convert the {NAMES[kind]} and "
                          "was stopped") from None
    finally:
        _kill_group(process)
    converted = out / "input.docx"
    if not converted.exists() or converted.stat().st_size == 0:
        detail = " ".join(stderr.decode("utf-8", "replace").split())[-200:]
        raise IngestError(f"LibreOffice could not convert the {NAMES[kind]} (damaged or not a document)"
                          + (f": {detail}" if detail else ""))
    return converted


def _kill_group(process: subprocess.Popen) -> None:
    """Stop LibreOffice and any helper it left behind: the process group it was started in, by its id."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
