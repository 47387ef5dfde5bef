"""Read a Word document (DOCX): paragraphs and tables in document order, merged cells by their structure.

python-docx opens the package; the body is then walked as XML, because python-docx repeats a merged
cell's text at every grid position it covers, while the grid wants it once. A cell spanning columns
(w:gridSpan) is written at its first position; a cell continuing a vertical merge (w:vMerge without
"restart") is empty. Automatic numbering ("一、", "（一）", "1.") is not in the text runs: it is rendered
from numbering.xml, since section headings and table 3's row labels often carry it. Text embedded as an
HTML or web-archive chunk (w:altChunk), as web editors write a page "as Word", is read where it stands.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from build_tools.ingest.layout import Block, CellBudget, Paragraph, Table
from build_tools.ingest.limits import IngestError, Limits, megabytes
from build_tools.ingest.numbering import Numbering, xml_int, xml_val
from build_tools.ingest.webpage import decode_page, html_blocks, mht_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins", W + "moveTo"}
# Parts of a paragraph whose text is not the paragraph's: properties, deleted text, the fallback copy of a
# drawing, text boxes (read as paragraphs of their own), field instructions, footnote marks.
_SKIP = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", MC + "Fallback", W + "txbxContent", W + "instrText",
         W + "delInstrText", W + "footnoteReference", W + "endnoteReference", W + "commentReference"}
MAX_SPAN = 64  # Word tables have at most 63 columns


def check_zip(path: Path, limits: Limits, what: str = "DOCX") -> None:
    """Refuse a ZIP package that is damaged or would expand beyond the limits (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except zipfile.BadZipFile as exc:
        raise IngestError(f"damaged or truncated {what}: not a complete ZIP archive ({exc})") from None
    except (ValueError, OSError, EOFError) as exc:
        raise IngestError(f"damaged {what}: its ZIP directory cannot be read ({exc})") from None
    if len(infos) > limits.max_zip_members:
        raise IngestError(f"refused: the {what} holds {len(infos):,} parts (limit {limits.max_zip_members:,})")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise IngestError(f"refused as a zip bomb: the {what}'s parts would expand to {megabytes(total)} "
                          f"(limit {megabytes(limits.max_unzipped_bytes)})")
    for info in infos:
        if info.flag_bits & 0x1:
            raise IngestError(f"the {what} is encrypted ({info.filename}): save it without a password")
        if info.file_size > 1024 * 1024:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise IngestError(f"refused as a zip bomb: {info.filename} would expand {ratio:,.0f} times "
                                  f"to {megabytes(info.file_size)} (limit {limits.max_zip_ratio}×)")


def read_docx(path: Path, limits: Limits) -> list[Block]:
    """Read a DOCX file into blocks."""
    check_zip(path, limits)
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as exc:
        raise IngestError(f"damaged DOCX: not a Word package ({exc})") from None
    except KeyError as exc:
        raise IngestError(f"damaged DOCX: the part {exc} is missing") from None
    except ValueError as exc:
        raise IngestError(f"not a Word document: {exc}") from None
    parts = {rel.reltype: rel.target_part for rel in document.part.rels.values() if not rel.is_external}
    numbering = _element(parts.get(RT.NUMBERING))
    styles = _element(parts.get(RT.STYLES))
    reader = _BodyReader(Numbering(numbering, styles), CellBudget(limits.max_cells), document.part)
    return reader.blocks(document.element.body)


def _element(part: Any) -> Any:
    return getattr(part, "element", None) if part is not None else None


_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_WEB_ARCHIVE_TYPES = {"message/rfc822", "multipart/related"}


class _BodyReader:
    def __init__(self, numbering: Numbering, budget: CellBudget, part: Any = None) -> None:
        self.numbering = numbering
        self.budget = budget
        self.part = part  # the document part, whose relationships lead to embedded chunks

    def blocks(self, container: Any) -> list[Block]:
        out: list[Block] = []
        for child in container:
            tag = child.tag
            if tag == W + "p":
                out.extend(self.paragraph(child))
            elif tag == W + "tbl":
                out.extend(self.table(child))
            elif tag in _WRAPPERS:
                out.extend(self.blocks(child))
            elif tag == W + "altChunk":
                out.extend(self.alt_chunk(child))
        return out

    def alt_chunk(self, element: Any) -> list[Block]:
        """Text the document embeds in another format (w:altChunk), where Word shows it.

        Web editors that offer a page "as Word" often write the whole report as one HTML or web-archive
        (MHT) chunk inside an otherwise empty DOCX.
        """
        rel = self.part.rels.get(element.get(R + "id")) if self.part is not None else None
        if rel is None or rel.is_external:
            raise IngestError("damaged DOCX: an embedded chunk (w:altChunk) points to a part that is missing")
        part = rel.target_part
        kind = part.content_type.split(";")[0].strip().lower()
        if kind in _HTML_TYPES:
            return html_blocks(decode_page(part.blob)[0], self.budget)
        if kind in _WEB_ARCHIVE_TYPES:
            return html_blocks(mht_text(part.blob), self.budget)
        raise IngestError(f"the DOCX holds part of its text as an embedded {kind or 'unknown'} document "
                          f"(w:altChunk, {part.partname}), which cannot be read here: open the file in Word or "
                          "WPS and save it again as DOCX")

    def paragraph(self, p: Any) -> list[Block]:
        parts: list[str] = []
        boxes: list[Any] = []
        _text(p, parts, boxes)
        out: list[Block] = []
        for box in boxes:
            out.extend(self.blocks(box))
        text = "".join(parts)
        label = self.numbering.label(p)
        if label and text.strip():
            text = label + ("" if not label[-1].isascii() or not label[-1].isalnum() else " ") + text.lstrip()
        out.append(Paragraph(text))
        return out

    def table(self, tbl: Any) -> list[Block]:
        rows = [tr for tr in _children(tbl, W + "tr")]
        if any(tc.find(f".//{W}tbl") is not None for tr in rows for tc in _children(tr, W + "tc")):
            return self.layout_table(rows)
        grid: list[list[str]] = []
        for tr in rows:
            row: list[str] = [""] * _grid_value(tr, "gridBefore")
            for tc in _children(tr, W + "tc"):
                span = max(1, min(_cell_value(tc, "gridSpan", 1), MAX_SPAN))
                continued = _merge_state(tc, "vMerge") == "continue" or _merge_state(tc, "hMerge") == "continue"
                text = "" if continued else self.cell_text(tc)
                row.extend([text] + [""] * (span - 1))
            row.extend([""] * _grid_value(tr, "gridAfter"))
            self.budget.spend(len(row))
            grid.append(row)
        width = max((len(r) for r in grid), default=0)
        if width <= 1:
            return self.layout_table(rows)  # a one-column table is a frame around text
        return [Table(tuple(tuple(r) + ("",) * (width - len(r)) for r in grid))]

    def layout_table(self, rows: list[Any]) -> list[Block]:
        """A table that holds tables, or a single column, lays out the page: read its cells as blocks."""
        out: list[Block] = []
        for tr in rows:
            for tc in _children(tr, W + "tc"):
                if _merge_state(tc, "vMerge") != "continue":
                    out.extend(self.blocks(tc))
        return out

    def cell_text(self, tc: Any) -> str:
        return "\n".join(b.text for b in self.blocks(tc) if isinstance(b, Paragraph) and b.text.strip())


def _children(element: Any, tag: str) -> list[Any]:
    """Children with `tag`, looking through content controls and custom-XML wrappers."""
    out = []
    for child in element:
        if child.tag == tag:
            out.append(child)
        elif child.tag in _WRAPPERS:
            out.extend(_children(child, tag))
    return out


def _text(element: Any, parts: list[str], boxes: list[Any]) -> None:
    for child in element:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag in _SKIP or not isinstance(tag, str):
            continue
        else:
            _text(child, parts, boxes)


def _grid_value(tr: Any, name: str) -> int:
    return max(0, min(xml_int(xml_val(tr.find(f"{W}trPr/{W}{name}")), 0), MAX_SPAN))


def _cell_value(tc: Any, name: str, default: int) -> int:
    return xml_int(xml_val(tc.find(f"{W}tcPr/{W}{name}")), default)


def _merge_state(tc: Any, name: str) -> str | None:
    """None when the cell is not merged that way, "restart" when it starts a merge, "continue" otherwise."""
    element = tc.find(f"{W}tcPr/{W}{name}")
    if element is None:
        return None
    return "restart" if xml_val(element) == "restart" else "continue"
