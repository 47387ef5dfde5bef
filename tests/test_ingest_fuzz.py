"""Fuzzing `extract`: whatever the bytes, it returns text or refuses with a reason, and it never hangs."""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.ingest import Limits, extract
from build_tools.ingest.office import find_soffice
from build_tools.sources import SourceError

from test_ingest import convert, minimal_pdf

LIMITS = Limits(seconds=10)
# INGEST_FUZZ_EXAMPLES=2000 runs a deeper search than the default run of the test suite.
FUZZ = settings(max_examples=int(os.environ.get("INGEST_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# Content sniffing sends these prefixes to the PDF, DOCX, HTML and text readers. OLE and RTF files go to
# LibreOffice, whose own robustness is not what is tested here (and each conversion costs a second).
PREFIXES = (b"", b"%PDF-1.7\n", b"PK\x03\x04", b"PK\x05\x06", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe",
            b"MIME-Version: 1.0\nContent-Type: multipart/related\n\n", b"\x89PNG\r\n\x1a\n")
TAGS = ("<table>", "</table>", "<tr>", "<td>", "</td>", "<td rowspan='4'>", "<td colspan='0'>", "<th colspan=99>",
        "<td rowspan='-1'>", "<br>", "<p>", "</p>", "<div style='display:none'>", "</div>", "<script>", "</script>",
        "<!--", "-->", "<meta charset='gb2312'>", "<meta charset='x-unknown'>", "&nbsp;", "&#0;", "|", "0", "17",
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "申请人情况", "本年新收", "结果维持",
        "<?xml version='1.0' encoding='utf-8'?>", "<h1>", "年度报告")


def check(path: Path) -> None:
    """Run extract: a SourceFile of the original's bytes, or a SourceError (IngestError is one), in time."""
    started = time.monotonic()
    try:
        source = extract(path, limits=LIMITS)
    except SourceError as exc:
        assert str(exc), "a refusal must say why"
    else:
        assert isinstance(source.text, str)
        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert time.monotonic() - started < LIMITS.seconds + 5


def mutate(data: bytes, edits: list[tuple[int, int, bytes]], cut: int | None) -> bytes:
    """Apply (position, deleted length, inserted bytes) edits, then cut the end off at `cut` if given."""
    out = bytearray(data)
    for position, delete, insert in edits:
        at = position % (len(out) + 1)
        out[at:at + delete] = insert
    if cut is not None:
        out = out[: cut % (len(out) + 1)]
    return bytes(out)


edits = st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 8), st.binary(max_size=8)), max_size=6)
cuts = st.none() | st.integers(0, 2**20)


def small_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "合并"
    table.cell(2, 2).text = "7"
    inner = table.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 1).text = "5"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = small_docx()
with zipfile.ZipFile(io.BytesIO(DOCX)) as _package:
    DOCX_PARTS = {info.filename: _package.read(info) for info in _package.infolist()}
PLAIN_PDF = minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Hello) Tj 0 -14 Td [(a) 120 (b)] TJ ET\n"
                        b"0 0 m 100 100 l S 10 10 50 50 re f", compress=False)


@pytest.fixture(scope="module")
def office_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small PDF made by LibreOffice (fonts, compressed streams, a table), or the hand-written one."""
    if find_soffice() is None:
        return PLAIN_PDF
    root = tmp_path_factory.mktemp("fuzz")
    (root / "small.docx").write_bytes(DOCX)
    (pdf,) = convert([root / "small.docx"], "pdf", root)
    return pdf.read_bytes()


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2048))
def test_random_bytes(tmp_path: Path, prefix: bytes, body: bytes) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(prefix + body)
    check(path)


@FUZZ
@given(edits=edits, cut=cuts)
def test_mutated_docx_bytes(tmp_path: Path, edits: list, cut: int | None) -> None:
    path = tmp_path / "input.docx"
    path.write_bytes(mutate(DOCX, edits, cut))
    check(path)


@FUZZ
@given(part=st.sampled_from(["word/document.xml", "word/styles.xml", "word/numbering.xml", "[Content_Types].xml",
                             "word/_rels/document.xml.rels"]), edits=edits, cut=cuts)
def test_mutated_docx_parts(tmp_path: Path, part: str, edits: list, cut: int | None) -> None:
    """Edits inside one part of a well-formed ZIP, so that they reach the XML readers, not the CRC check."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in DOCX_PARTS.items():
            package.writestr(name, mutate(content, edits, cut) if name == part else content)
    path = tmp_path / "input.docx"
    path.write_bytes(buffer.getvalue())
    check(path)


@FUZZ
@given(which=st.booleans(), edits=edits, cut=cuts)
def test_mutated_pdf_bytes(tmp_path: Path, office_pdf: bytes, which: bool, edits: list, cut: int | None) -> None:
    path = tmp_path / "input.pdf"
    path.write_bytes(mutate(office_pdf if which else PLAIN_PDF, edits, cut))
    check(path)


@FUZZ
@given(pieces=st.lists(st.sampled_from(TAGS) | st.text(max_size=12), max_size=40),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_html_soup(tmp_path: Path, pieces: list[str], encoding: str) -> None:
    path = tmp_path / "input.html"
    path.write_bytes(("<html><body>" + "".join(pieces)).encode(encoding, errors="replace"))
    check(path)
