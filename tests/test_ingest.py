"""Importing what governments publish: DOCX, PDF, DOC and saved web pages read back to the same figures.

The test files are made here, not committed: DOCX with python-docx (the official tables with their merged
cells), PDF and DOC with LibreOffice from those DOCX files, web pages around the same report. Each is read
with `extract` and parsed, and every figure must equal what the text version gives.
"""

from __future__ import annotations

import dataclasses
import html
import io
import random
import re
import subprocess
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from PIL import Image

from build_tools import synth
from build_tools.ingest import IngestError, Limits, extract
from build_tools.ingest.layout import Paragraph, Table, render
from build_tools.ingest.office import find_soffice
from build_tools.labels import SECTIONS, T2_ROWS, T3_COLUMN_KEYS, T4_COLUMN_KEYS, t3_rows_for
from build_tools.parse import ParseError, parse_text
from build_tools.sources import load_source

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
SECTION_KEYS = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters")
COMPARED = ("organ", "year", "level", "format_version", "published", "active_disclosure", "applications",
            "review_litigation")
TABLE_KEYS = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}
SYNTHETIC = [("2021", "township"), ("2021", "county"), ("2021", "department"), ("2019", "city"),
             ("2019", "township"), ("2019", "province")]

requires_soffice = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice makes the PDF and DOC test files: apt-get install libreoffice-writer")


# Test documents ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class TableSpec:
    """A table as a word processor holds it: rows of cells with spans; `header` rows repeat on each page."""

    name: str
    rows: list[list[Cell]]
    width: int
    header: int = 0


@dataclass
class ReportDoc:
    """A report as blocks: ("title" | "heading" | "para", text) or ("table", TableSpec)."""

    blocks: list[tuple] = field(default_factory=list)


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def t2_table(version: str, t2: dict, labels: dict[str, str] | None = None) -> TableSpec:
    """Table 2 in the official form: a group row over all columns, then its header row and its rows."""
    heads = {
        "2021": {"第二十条第（一）项": ("本年制发件数", "本年废止件数", "现行有效件数"),
                 "第二十条第（五）项": ("本年处理决定数量",), "第二十条第（六）项": ("本年处理决定数量",),
                 "第二十条第（八）项": ("本年收费金额（单位：万元）",)},
        "2019": {"第二十条第（一）项": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
                 "第二十条第（五）项": ("上一年项目数量", "本年增/减", "处理决定数量"),
                 "第二十条第（六）项": ("上一年项目数量", "本年增/减", "处理决定数量"),
                 "第二十条第（八）项": ("上一年项目数量", "本年增/减"),
                 "第二十条第（九）项": ("采购项目数量", "采购总金额")},
    }[version]
    labels = labels or {}
    rows: list[list[Cell]] = []
    for group, headers in heads.items():
        rows.append([Cell(group, colspan=4)])
        rows.append([Cell("信息内容")] + [Cell(h, colspan=4 - len(headers) if i == len(headers) - 1 else 1)
                                          for i, h in enumerate(headers)])
        for row in (r for r in T2_ROWS[version] if r.group == group):
            values = t2.get(row.key) or {}
            last = len(row.columns) - 1
            rows.append([Cell(labels.get(row.key, row.label))] + [
                Cell(fmt(values.get(c)), colspan=4 - len(row.columns) if i == last else 1)
                for i, c in enumerate(row.columns)])
    return TableSpec("t2", rows, 4)


_T3_GROUPS = {"withheld_": "（三）不予公开", "unavailable_": "（四）无法提供", "not_processed_": "（五）不予处理",
              "other_overdue": "（六）其他处理", "other_other": "（六）其他处理"}
_T3_OUTSIDE = ("new_received", "carried_over", "carried_forward")


def _t3_group(key: str) -> str | None:
    return next((g for prefix, g in _T3_GROUPS.items() if key.startswith(prefix)), None)


def t3_table(version: str, undivided: bool, t3: dict) -> TableSpec:
    """Table 3 in the official form: the three-row header and the row labels merged as printed."""
    template = t3_rows_for(version, undivided)
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows: list[list[Cell]] = [
        [Cell(corner, rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(h) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    results = [r.key for r in template if r.key not in _T3_OUTSIDE]
    seen: set[str] = set()
    for row in template:
        values = [Cell(fmt((t3.get(row.key) or {}).get(c))) for c in T3_COLUMN_KEYS]
        if row.key in _T3_OUTSIDE:
            rows.append([Cell(row.label, colspan=3)] + values)
            continue
        lead = [Cell("三、本年度办理结果", rowspan=len(results))] if row.key == results[0] else []
        group = _t3_group(row.key)
        if group is None:
            rows.append(lead + [Cell(row.label, colspan=2)] + values)
        else:
            head = [] if group in seen else [Cell(group, rowspan=sum(1 for k in results if _t3_group(k) == group))]
            seen.add(group)
            rows.append(lead + head + [Cell(row.label)] + values)
    return TableSpec("t3", rows, 10, header=3)


def t4_table(t4: dict) -> TableSpec:
    """Table 4 in the official form: 行政复议 over five columns, 行政诉讼 over ten, one row of 15 figures."""
    names = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    groups = ("review", "litigation_direct", "litigation_after_review")
    rows = [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [Cell(n, rowspan=2) for n in names] + [Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(n) for n in names] * 2,
        [Cell(fmt((t4.get(g) or {}).get(c))) for g in groups for c in T4_COLUMN_KEYS],
    ]
    return TableSpec("t4", rows, 15, header=3)


def expand(spec: TableSpec) -> list[list[tuple[Cell, bool] | None]]:
    """Place cells on the grid: (cell, is_first_position) at every position a cell covers."""
    grid: list[list[tuple[Cell, bool] | None]] = [[None] * spec.width for _ in spec.rows]
    for r, row in enumerate(spec.rows):
        c = 0
        for cell in row:
            while grid[r][c] is not None:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
            c += cell.colspan
    return grid


def synthetic_doc(report: synth.SynthReport) -> ReportDoc:
    """A synthetic report (consistent figures, varied wording) as a document with the official tables."""
    doc = ReportDoc([("title", line) for line in report.title])
    tables = {"active_disclosure": t2_table(report.version, report.t2),
              "applications": t3_table(report.version, report.undivided_other, report.t3),
              "review_litigation": t4_table(report.t4)}
    for key in SECTION_KEYS:
        doc.blocks.append(("heading", report.headings[key]))
        doc.blocks.extend(("para", p) for p in report.paragraphs[key])
        if key in tables:
            doc.blocks.append(("table", tables[key]))
    doc.blocks.extend(("para", line) for line in report.signature)
    return doc


def seed_doc(path: Path) -> tuple[ReportDoc, dict]:
    """A seed report as a document: its title lines, sections and the tables with the figures it gives."""
    source = load_source(path)
    data = parse_text(source).to_json_dict()
    sections = data["sections"]
    first = min(s["line"] for key, s in sections.items() if s and key != "preamble")
    doc = ReportDoc()
    for line in source.text.split("\n")[:first - 1]:
        line = re.sub(r"\[bookmark:[^\]]*\]", "", line).strip()
        if line:
            doc.blocks.append(("title", line))
    layout, version = data["layout"], data["format_version"]
    tables = {"active_disclosure": t2_table(version, data["active_disclosure"], layout["t2_row_labels"]),
              "applications": t3_table(version, layout["t3_other_undivided"], data["applications"]),
              "review_litigation": t4_table(data["review_litigation"])}
    for key in SECTION_KEYS:
        doc.blocks.append(("heading", sections[key]["heading"]))
        doc.blocks.extend(("para", p) for p in sections[key]["text"].split("\n") if p.strip())
        if key in tables:
            doc.blocks.append(("table", tables[key]))
    return doc, data


_COLUMN_CM = {"t3": (1.6, 2.6, 3.6) + (1.1,) * 7}


def write_docx(doc: ReportDoc, path: Path, *, numbered_headings: bool = False, push_down: int = 0,
               page_footer: bool = False, repeat_header: bool = True) -> Path:
    """Write a DOCX with real tables merged the way Word merges them (gridSpan, vMerge).

    `numbered_headings` prints 一、…六、 through Word's list numbering instead of in the text; `push_down`
    starts section 三 on a new page and puts that many empty lines before table 3, so that the table starts
    halfway down the page and runs over the page break (LibreOffice ignores page breaks inside a table).
    """
    document = docx.Document()
    num_id = _chinese_numbering(document) if numbered_headings else None
    if page_footer:
        _page_number_footer(document)
    for block in doc.blocks:
        if block[0] == "table":
            if block[1].name == "t3":
                for _ in range(push_down):
                    document.add_paragraph()
            _docx_table(document, block[1], repeat_header)
            continue
        kind, text = block
        paragraph = document.add_paragraph()
        if push_down and kind == "heading" and "收到和处理" in text:
            paragraph.paragraph_format.page_break_before = True
        if kind == "heading" and num_id and re.match(r"^[一二三四五六]、", text):
            _number(paragraph, num_id)
            text = text[2:]
        paragraph.add_run(text)
    document.save(path)
    return path


def _element(tag: str, **attrs: str) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _chinese_numbering(document: docx.document.Document) -> str:
    """Add a list numbered 一、二、三、 (w:numFmt chineseCounting) and return its numId."""
    numbering = document.part.numbering_part.element
    abstract = _element("w:abstractNum", abstractNumId="90")
    level = _element("w:lvl", ilvl="0")
    level.append(_element("w:start", val="1"))
    level.append(_element("w:numFmt", val="chineseCounting"))
    level.append(_element("w:lvlText", val="%1、"))
    abstract.append(level)
    numbering.insert(0, abstract)
    num = _element("w:num", numId="90")
    num.append(_element("w:abstractNumId", val="90"))
    numbering.append(num)
    return "90"


def _number(paragraph, num_id: str) -> None:
    numbering = _element("w:numPr")
    numbering.append(_element("w:ilvl", val="0"))
    numbering.append(_element("w:numId", val=num_id))
    paragraph._p.get_or_add_pPr().append(numbering)


def _page_number_footer(document: docx.document.Document) -> None:
    """A footer 第 N 页 with Word's PAGE field, and a running header, on every page."""
    section = document.sections[0]
    section.header.paragraphs[0].text = "政务公开专栏"
    paragraph = section.footer.paragraphs[0]
    paragraph.add_run("第 ")
    field_ = _element("w:fldSimple", instr="PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    paragraph._p.append(field_)
    paragraph.add_run(" 页")


def _docx_table(document: docx.document.Document, spec: TableSpec, repeat_header: bool) -> None:
    """Write the table's XML as Word does: a merged cell is one w:tc with w:gridSpan, and the rows it
    covers below hold w:tc elements marked w:vMerge (python-docx's merge() is quadratic in the table size)."""
    table = document.add_table(rows=0, cols=spec.width)
    table.style = "Table Grid"
    widths = _COLUMN_CM.get(spec.name) or (16.0 / spec.width,) * spec.width
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    grid = expand(spec)
    for r in range(len(grid)):
        tr = table._tbl.add_tr()
        if repeat_header and r < spec.header:
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        c = 0
        while c < spec.width:
            slot = grid[r][c]
            assert slot is not None, f"{spec.name}: hole at row {r}, column {c}"
            cell, first = slot
            tc = OxmlElement("w:tc")
            props = OxmlElement("w:tcPr")
            props.append(_element("w:tcW", w=str(int(sum(widths[c:c + cell.colspan]) * 567)), type="dxa"))
            if cell.colspan > 1:
                props.append(_element("w:gridSpan", val=str(cell.colspan)))
            if cell.rowspan > 1:
                props.append(_element("w:vMerge", val="restart") if first else OxmlElement("w:vMerge"))
            tc.append(props)
            for line in (cell.text if first else "").split("\n"):
                paragraph = OxmlElement("w:p")
                if line:
                    run = OxmlElement("w:r")
                    text = OxmlElement("w:t")
                    text.text = line
                    run.append(text)
                    paragraph.append(run)
                tc.append(paragraph)
            tr.append(tc)
            c += cell.colspan


def html_body(blocks: list[tuple]) -> str:
    """The report's blocks as a web editor writes them: paragraphs and bordered tables."""
    body: list[str] = []
    for block in blocks:
        if block[0] == "table":
            body.append(_html_table(block[1]))
        elif block[0] == "title":
            body.append(f"<h1 class=\"title\">{html.escape(block[1])}</h1>")
        elif block[0] == "heading":
            body.append(f"<p style=\"text-indent:2em\"><strong>{html.escape(block[1])}</strong></p>")
        else:
            body.append(f"<p style=\"text-indent:2em\">{html.escape(block[1])}</p>")
    return "\n".join(body)


def write_html(doc: ReportDoc, *, encoding: str = "utf-8") -> bytes:
    """A government-style web page around the report: navigation, scripts, comments, related links, footer."""
    charset = {"gb18030": "gb2312"}.get(encoding, encoding)
    report = html_body(doc.blocks)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>政府信息公开年度报告_政务公开_人民政府门户网站</title>
<style>.nav li{{display:inline}} td{{border:1px solid #000}}</style>
<script>var _hmt = _hmt || []; document.write("<table><tr><td>统计</td></tr></table>");</script>
</head><body>
<!-- 顶部导航 -->
<div class="header"><div class="logo">人民政府门户网站</div>
<ul class="nav"><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li><li>走进本地</li></ul></div>
<div class="location">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="main"><div class="side"><ul><li>政府信息公开指南</li><li>政府信息公开制度</li>
<li>法定主动公开内容</li><li>政府信息公开年报</li><li>行政复议指南</li></ul></div>
<div class="content">
<div class="info">发布时间：2024-01-20 来源：本站 【字体：大 中 小】 打印</div>
<div class="article">
{report}
</div>
<div class="share" style="display:none">分享到：微信 微博</div>
</div></div>
<div class="related"><h3>相关链接</h3><ul><li>2022年政府信息公开工作年度报告</li>
<li>2021年政府信息公开工作年度报告</li></ul></div>
<div class="footer">主办单位：人民政府办公室 网站标识码：5000000000 ICP备案号：渝ICP备00000000号<br>
<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script></div>
</body></html>
""".encode(encoding)


def write_alt_chunk_docx(doc: ReportDoc, path: Path, kind: str) -> Path:
    """A DOCX as web editors write a page "as Word": the title a paragraph, the rest one embedded chunk
    (w:altChunk) of HTML ("html"), a web archive ("mht") or RTF ("rtf", which cannot be read)."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    title = [b for b in doc.blocks if b[0] == "title"]
    page = (f"<html><head><meta charset=\"utf-8\"></head><body>\n"
            f"{html_body([b for b in doc.blocks if b[0] != 'title'])}\n</body></html>")
    if kind == "mht":
        archive = MIMEMultipart("related")
        archive.attach(MIMEText(page, "html", "utf-8"))
        data, content_type = archive.as_bytes(), "message/rfc822"
    elif kind == "rtf":
        data, content_type = b"{\\rtf1\\ansi report}", "application/rtf"
    else:
        data, content_type = page.encode("utf-8"), "text/html"
    document = docx.Document()
    for block in title:
        document.add_paragraph(block[1])
    part = Part(PackURI(f"/word/afchunk.{kind}"), content_type, data, document.part.package)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), document.part.relate_to(part, RT.A_F_CHUNK))
    body = document.element.body
    body.insert(len(body) - 1, chunk)  # before the section properties
    document.save(str(path))
    return path


def _html_table(spec: TableSpec) -> str:
    out = ["<table border=\"1\" cellspacing=\"0\"><tbody>"]
    for row in spec.rows:
        cells = []
        for cell in row:
            spans = (f" rowspan=\"{cell.rowspan}\"" if cell.rowspan > 1 else "") + (
                f" colspan=\"{cell.colspan}\"" if cell.colspan > 1 else "")
            cells.append(f"<td{spans}><p><span>{html.escape(cell.text)}</span></p></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def convert(paths: list[Path], to: str, outdir: Path) -> list[Path]:
    """Convert files with one LibreOffice run (one start-up for the whole batch)."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([find_soffice() or "soffice", f"-env:UserInstallation={(outdir / '.profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", to, "--outdir", str(outdir), *map(str, paths)],
                   check=True, capture_output=True, timeout=300)
    out = [outdir / f"{p.stem}.{to.split(':')[0]}" for p in paths]
    missing = [p.name for p in out if not p.exists()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return out


def minimal_pdf(content: bytes, *, compress: bool = True, pages: int = 1) -> bytes:
    """A PDF written by hand: one Helvetica font and the same content stream on every page."""
    stream = zlib.compress(content) if compress else content
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d%s >>\nstream\n%s\nendstream" % (
                   len(stream), b" /Filter /FlateDecode" if compress else b"", stream)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents 4 0 R >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def busy_report(seed: int, version: str = "2021") -> synth.SynthReport:
    """A synthetic report whose table 3 has figures in several columns (not a page of zeros)."""
    rng = random.Random(seed)
    while True:
        report = synth.random_report(rng, clean=True, version=version, level="county")
        if sum(1 for c in T3_COLUMN_KEYS if report.t3["new_received"][c]) >= 2:
            return report


def figures(data: dict) -> dict:
    return {key: data[key] for key in COMPARED}


def synth_expected(report: synth.SynthReport) -> dict:
    cells = synth.cells(report)
    return {TABLE_KEYS[t]: cells[t] for t in TABLE_KEYS} | {"organ": report.organ, "year": report.year}


# The documents, made once per test run -----------------------------------------------------------------


@dataclass
class Documents:
    """The test files by what they hold; each entry maps a kind ("docx", "pdf", "html") to its file."""

    seeds: dict[str, tuple[dict, dict[str, Path]]] = field(default_factory=dict)  # stem → (text version, files)
    synthetic: list[tuple[synth.SynthReport, dict[str, Path]]] = field(default_factory=list)
    split: dict[str, tuple[synth.SynthReport, dict[str, Path]]] = field(default_factory=dict)
    numbered: list[tuple[synth.SynthReport, dict[str, Path]]] = field(default_factory=list)


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Documents:
    """Write every test document once; convert all the DOCX files to PDF in one LibreOffice run."""
    root = tmp_path_factory.mktemp("ingest")
    docs = Documents()
    for path in SEEDS:
        doc, data = seed_doc(path)
        html_path = root / f"{path.stem}.html"
        html_path.write_bytes(write_html(doc, encoding="gb18030"))
        docs.seeds[path.stem] = (data, {"docx": write_docx(doc, root / f"{path.stem}.docx"), "html": html_path})
    rng = random.Random(20240131)
    for n, (version, level) in enumerate(SYNTHETIC):
        report = synth.random_report(rng, clean=True, version=version, level=level)
        doc = synthetic_doc(report)
        html_path = root / f"synthetic-{n}.html"
        html_path.write_bytes(write_html(doc))
        docs.synthetic.append((report, {"docx": write_docx(doc, root / f"synthetic-{n}.docx"), "html": html_path}))
    for name, repeat in (("repeated-header", True), ("plain", False)):
        report = busy_report(7 if repeat else 8)
        docs.split[name] = (report, {"docx": write_docx(synthetic_doc(report), root / f"split-{name}.docx",
                                                        push_down=15, page_footer=True, repeat_header=repeat)})
    numbered = dataclasses.replace(busy_report(9), headings={s.key: f"{s.number}、{s.label}" for s in SECTIONS})
    docs.numbered.append((numbered, {"docx": write_docx(synthetic_doc(numbered), root / "numbered.docx",
                                                        numbered_headings=True)}))
    if find_soffice() is not None:
        entries = [files for _data, files in docs.seeds.values()] + [files for _report, files in docs.synthetic] + [
            files for _report, files in docs.split.values()] + [files for _report, files in docs.numbered]
        for files, pdf in zip(entries, convert([f["docx"] for f in entries], "pdf", root / "pdf"), strict=True):
            files["pdf"] = pdf
    return docs


def read(path: Path) -> dict:
    return parse_text(extract(path)).to_json_dict()


# Reading back the figures --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", pytest.param("pdf", marks=requires_soffice), "html"])
@pytest.mark.parametrize("stem", [p.stem for p in SEEDS])
def test_seed_reads_as_its_text_version(documents: Documents, stem: str, kind: str) -> None:
    """Seed 004 prints only the 总计 column: its blanks, after labels merged over three grid positions, stay
    blank and its totals stay in their column."""
    data, files = documents.seeds[stem]
    got = read(files[kind])
    assert figures(got) == figures(data)
    assert got["region"]["code"] == data["region"]["code"]
    assert got["source"]["encoding"] == kind


@pytest.mark.parametrize("kind", ["html", "mht"])
@pytest.mark.parametrize("stem", [p.stem for p in SEEDS])
def test_report_in_an_embedded_chunk_reads_as_its_text_version(tmp_path: Path, stem: str, kind: str) -> None:
    """A DOCX whose report is an embedded HTML or web-archive chunk reads like the text version, the title
    paragraph before the chunk staying first."""
    doc, data = seed_doc(next(p for p in SEEDS if p.stem == stem))
    got = read(write_alt_chunk_docx(doc, tmp_path / f"{stem}.docx", kind))
    assert figures(got) == figures(data)
    assert got["organ"] == data["organ"] and got["year"] == data["year"]


def test_chunk_of_another_format_is_refused_with_what_to_do(tmp_path: Path) -> None:
    doc, _data = seed_doc(SEEDS[0])
    with pytest.raises(IngestError, match=r"application/rtf.*w:altChunk.*save it again as DOCX"):
        extract(write_alt_chunk_docx(doc, tmp_path / "rtf.docx", "rtf"))


@pytest.mark.parametrize("kind", ["docx", pytest.param("pdf", marks=requires_soffice), "html"])
@pytest.mark.parametrize("n", range(len(SYNTHETIC)), ids=[f"{v}-{lv}" for v, lv in SYNTHETIC])
def test_synthetic_report_reads_back_every_figure(documents: Documents, n: int, kind: str) -> None:
    report, files = documents.synthetic[n]
    got = read(files[kind])
    assert {k: got[k] for k in synth_expected(report)} == synth_expected(report)
    assert [f["id"] for f in got["findings"] if f["severity"] == "error"] == []


@requires_soffice
def test_pdf_text_is_the_docx_text(documents: Documents) -> None:
    """Paragraphs come out one per line (wrapped lines joined) and tables as the same grid rows."""
    for _data, files in documents.seeds.values():
        assert extract(files["pdf"]).text == extract(files["docx"]).text
    for _report, files in documents.synthetic:
        assert extract(files["pdf"]).text == extract(files["docx"]).text


@pytest.mark.parametrize("name", ["repeated-header", "plain"])
@requires_soffice
def test_table_split_over_two_pdf_pages_imports_whole(documents: Documents, name: str) -> None:
    report, files = documents.split[name]
    pdf = files["pdf"]
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    first = next(i for i, t in enumerate(pages) if "本年新收" in t)
    last = next(i for i, t in enumerate(pages) if "结转下年度" in t)
    assert last == first + 1, "table 3 should run over a page break"
    assert any(re.search(r"第 \d 页", t) for t in pages)
    source = extract(pdf)
    assert source.text.count("申请人情况") == 1  # the header repeated on the new page is dropped
    assert not re.search(r"(?m)^第 \d 页$|^政务公开专栏$", source.text)  # page footer and running header
    got = parse_text(source).to_json_dict()
    assert got["applications"] == synth.cells(report)["t3"]
    assert {k: got[k] for k in synth_expected(report)} == synth_expected(report)


@pytest.mark.parametrize("kind", ["docx", pytest.param("pdf", marks=requires_soffice)])
def test_automatic_numbering_is_printed(documents: Documents, kind: str) -> None:
    ((report, files),) = documents.numbered
    text = extract(files[kind]).text
    assert re.search(r"(?m)^一、 ?总体情况$", text) and re.search(r"(?m)^六、 ?其他需要报告的事项$", text)
    got = parse_text(extract(files[kind])).to_json_dict()
    assert all(got["sections"][key] for key in SECTION_KEYS)
    assert got["applications"] == synth.cells(report)["t3"]


@requires_soffice
def test_doc_wps_rtf_odt_are_converted_with_libreoffice(documents: Documents, tmp_path: Path) -> None:
    data, files = documents.seeds[SEEDS[0].stem]
    (doc,) = convert([files["docx"]], "doc", tmp_path)
    (odt,) = convert([files["docx"]], "odt", tmp_path)
    (rtf,) = convert([odt], "rtf", tmp_path)
    wps = tmp_path / "report.wps"
    wps.write_bytes(doc.read_bytes())
    for path, encoding in ((doc, "doc"), (wps, "wps"), (odt, "odt"), (rtf, "rtf")):
        source = extract(path)
        assert source.encoding == encoding
        assert figures(parse_text(source).to_json_dict()) == figures(data), encoding


def test_doc_without_libreoffice_says_how_to_read_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "report.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(IngestError, match=r"apt-get install libreoffice-writer\) or save the file as DOCX"):
        extract(doc)


# A batch of good and broken files ---------------------------------------------------------------------------


def zip_bomb(docx_path: Path, out: Path) -> Path:
    """A real DOCX with one more part: 64 MB of zeros that compress a thousandfold."""
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        with bomb.open("word/media/image1.bin", "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(64):
                part.write(block)
    return out


def scanned_pdf(path: Path) -> Path:
    """An image-only PDF, as a scanner writes it."""
    image = Image.new("RGB", (620, 877), "white")
    for y in range(100, 800, 40):
        image.paste((0, 0, 0), (80, y, 540, y + 12))
    image.save(path, "PDF", resolution=75)
    return path


_PASSWORD_PDF = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                 '"DocumentOpenPassword":{"type":"string","value":"secret"}}')


def read_batch(paths: list[Path]) -> dict[str, object]:
    """Read every file: its figures, or the reason it was refused. One bad file never stops the others."""
    out: dict[str, object] = {}
    for path in paths:
        try:
            out[path.name] = parse_text(extract(path)).to_json_dict()
        except IngestError as exc:
            out[path.name] = f"IngestError: {exc}"
        except ParseError as exc:
            out[path.name] = f"ParseError: {exc}"
    return out


@requires_soffice
def test_batch_of_good_and_broken_files(documents: Documents, tmp_path: Path) -> None:
    stem = SEEDS[0].stem
    data, files = documents.seeds[stem]
    pdf_bytes, docx_bytes = files["pdf"].read_bytes(), files["docx"].read_bytes()
    good = {"report.txt": SEEDS[0].read_bytes(), "report.docx": docx_bytes, "report.pdf": pdf_bytes,
            "report.html": files["html"].read_bytes(),
            "renamed-docx.pdf": docx_bytes, "renamed-html.doc": files["html"].read_bytes()}
    bad = {
        "empty.pdf": (b"", r"^IngestError: empty file$"),
        "garbage.docx": (bytes(random.Random(1).randrange(256) for _ in range(4096)) + b"\0",
                         r"^IngestError: unknown file type"),
        "truncated.pdf": (pdf_bytes[: len(pdf_bytes) // 2], r"^IngestError: truncated or damaged PDF"),
        "truncated.docx": (docx_bytes[: len(docx_bytes) // 2],
                           r"^IngestError: damaged or truncated Word document \(DOCX\)"),
        "scan.pdf": (scanned_pdf(tmp_path / "scan-source.pdf").read_bytes(),
                     r"^IngestError: scanned PDF without a text layer: OCR is not supported$"),
        "no-report.html": ("<html><head><meta charset='utf-8'><title>首页</title></head><body><div class='nav'>"
                           "首页 政务公开 政府信息公开年报</div><ul><li>2023年政府信息公开工作年度报告</li></ul>"
                           "<p>行政复议指南</p></body></html>".encode(),
                           r"^IngestError: no annual report in this web page"),
        "bomb.docx": (zip_bomb(files["docx"], tmp_path / "bomb-source.docx").read_bytes(),
                      r"^IngestError: refused as a zip bomb: word/media/image1.bin would expand"),
        "photo.png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, r"^IngestError: an image \(PNG\)"),
        "pages.xlsx": (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
                       r"^IngestError: a spreadsheet"),
        "unmapped-fonts.pdf": (pdf_bytes.replace(b"/ToUnicode", b"/ToUnicodX"),
                               r"^IngestError: the PDF's fonts do not say which characters they draw"),
        "password.pdf": (convert([files["docx"]], _PASSWORD_PDF, tmp_path / "password")[0].read_bytes(),
                         r"^IngestError: the PDF is password-protected"),
    }
    batch = tmp_path / "batch"
    batch.mkdir()
    for name, content in good.items():
        (batch / name).write_bytes(content)
    for name, (content, _reason) in bad.items():
        (batch / name).write_bytes(content)
    started = time.monotonic()
    results = read_batch(sorted(batch.iterdir()))
    assert time.monotonic() - started < 30
    for name in good:
        assert isinstance(results[name], dict), f"{name}: {results[name]}"
        assert figures(results[name]) == figures(data), name  # type: ignore[arg-type]
    for name, (_content, reason) in bad.items():
        assert isinstance(results[name], str) and re.search(reason, results[name]), f"{name}: {results[name]}"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


# Limits ------------------------------------------------------------------------------------------------


def test_limit_file_size(documents: Documents) -> None:
    path = documents.seeds[SEEDS[0].stem][1]["docx"]
    with pytest.raises(IngestError, match=r"^file is larger than 10 KB \(\d+\.\d KB\)$"):
        extract(path, limits=Limits(max_bytes=10 * 1024))


def test_limit_pdf_pages(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(minimal_pdf(b"BT /F1 12 Tf 72 720 Td (page) Tj ET", pages=5))
    assert extract(path).text == "page\n" * 5
    with pytest.raises(IngestError, match=r"^the PDF has 5 pages \(limit 4\)"):
        extract(path, limits=Limits(max_pages=4))


def test_limit_time_stops_a_pdf_that_would_take_minutes(tmp_path: Path) -> None:
    """A 10 KB PDF whose page draws a million characters: pdfminer would work for half a minute."""
    path = tmp_path / "slow.pdf"
    path.write_bytes(minimal_pdf(b"BT /F1 1 Tf " + b"(x) Tj " * 1_000_000 + b"ET"))
    assert path.stat().st_size < 20_000
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"^reading took longer than 2 s and was stopped"):
        extract(path, limits=Limits(seconds=2))
    assert time.monotonic() - started < 6


def test_limit_table_cells(documents: Documents) -> None:
    path = documents.seeds[SEEDS[0].stem][1]["docx"]
    with pytest.raises(IngestError, match=r"^too many table cells \(more than 100\)"):
        extract(path, limits=Limits(max_cells=100))
    page = "<table>" + "<tr><td>1</td><td colspan='1000' rowspan='60000'>2</td></tr>" * 3 + "</table>"
    html_path = path.with_name("spans.html")
    html_path.write_text(f"<html><body><p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况"
                         f"</p>{page}</body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match=r"^too many table cells"):
        extract(html_path, limits=Limits(max_cells=200))


def test_limit_memory(tmp_path: Path) -> None:
    """A 10 MB page of 200,000 paragraphs: its element tree needs far more than 32 MB."""
    path = tmp_path / "huge.html"
    path.write_text("<html><body>" + "<p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p>" * 100_000
                    + "</body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match=r"more memory than allowed"):
        extract(path, limits=Limits(memory_bytes=32 * 1024 * 1024))


def test_limit_unzipped_size(documents: Documents) -> None:
    path = documents.seeds[SEEDS[0].stem][1]["docx"]
    with pytest.raises(IngestError, match=r"^refused as a zip bomb: the DOCX's parts would expand to"):
        extract(path, limits=Limits(max_unzipped_bytes=20_000))


# How cells and pages come out -----------------------------------------------------------------------------


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("表 | 说明")
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "合并"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "12"
    table.cell(1, 2).text = "3"
    table.cell(1, 3).text = "a|b"
    table.cell(2, 0).text = "甲\n乙"
    table.cell(2, 3).text = "7"
    document.save(tmp_path / "merged.docx")
    assert extract(tmp_path / "merged.docx").text == (
        "表 ｜ 说明\n\n| 合并 |  | 12 |  |\n|  |  | 3 | a｜b |\n| 甲 乙 |  |  | 7 |\n")


def test_docx_nested_table_is_read_as_its_content(tmp_path: Path) -> None:
    document = docx.Document()
    frame = document.add_table(rows=1, cols=2)
    frame.cell(0, 0).paragraphs[0].text = "一、总体情况"
    inner = frame.cell(0, 1).add_table(rows=2, cols=2)
    for r, row in enumerate((("行政许可", "5"), ("行政处罚", "0"))):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    document.save(tmp_path / "nested.docx")
    assert extract(tmp_path / "nested.docx").text == "一、总体情况\n\n| 行政许可 | 5 |\n| 行政处罚 | 0 |\n"


def test_html_spans_are_expanded_into_the_grid(tmp_path: Path) -> None:
    page = ("<html><head><meta charset='gbk'></head><body><div id='nav'>首页 | 政务公开</div><div class='article'>"
            "<h2>一、总体情况</h2><p>正文<br>第二行</p><h2>二、主动公开政府信息情况</h2>"
            "<table><tr><td rowspan='2'>三、收到和处理政府信息公开申请情况</td><td colspan='2'>申请人情况</td></tr>"
            "<tr><td>1</td><td>2</td></tr><tr><td></td><td colspan='2'>9</td></tr></table>"
            "<h2>四、政府信息公开行政复议、行政诉讼情况</h2></div><div id='footer'>版权所有</div></body></html>")
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    source = extract(path)
    assert source.encoding == "html"
    assert source.text == ("一、总体情况\n正文\n第二行\n二、主动公开政府信息情况\n\n"
                           "| 三、收到和处理政府信息公开申请情况 | 申请人情况 |  |\n|  | 1 | 2 |\n|  | 9 |  |\n\n"
                           "四、政府信息公开行政复议、行政诉讼情况\n")


def test_html_charset_is_detected_when_the_page_declares_another(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes("<html><head><meta charset='gb2312'></head><body><p>一、总体情况</p>"
                     "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p></body></html>".encode())
    assert "二、主动公开政府信息情况" in extract(path).text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_text_files_are_decoded_by_detection(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "report.txt"
    text = SEEDS[1].read_text(encoding="utf-8")
    path.write_bytes(text.encode(encoding))
    source = extract(path)
    assert source.text == text and source.encoding.startswith(encoding.split("-")[0].replace("gb18030", "gb"))


def test_source_keeps_the_original_name_and_hash(documents: Documents) -> None:
    import hashlib

    path = documents.seeds[SEEDS[2].stem][1]["docx"]
    source = extract(path)
    assert source.name == path.name
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.encoding == "docx"


def test_docx_reads_content_controls_tracked_changes_and_links(tmp_path: Path) -> None:
    document = docx.Document()
    w = nsdecls("w")
    document.element.body.sectPr.addprevious(parse_xml(
        f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    document.element.body.sectPr.addprevious(parse_xml(
        f"<w:p {w} xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
        "<w:r><w:t>全年收到申请</w:t></w:r><w:ins w:id='1' w:author='a'><w:r><w:t>3</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='a'><w:r><w:delText>2</w:delText></w:r></w:del><w:r><w:t>件</w:t></w:r>"
        "<w:hyperlink r:id='rId99'><w:r><w:t>（详见网站）</w:t></w:r></w:hyperlink>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r><w:r><w:br/><w:t>第二行</w:t></w:r></w:p>"))
    document.save(tmp_path / "controls.docx")
    assert extract(tmp_path / "controls.docx").text == "一、总体情况\n全年收到申请3件（详见网站）\n第二行\n"


def test_report_title_outside_the_report_element(tmp_path: Path) -> None:
    """Many sites print the title in a banner above the article, among hundreds of links."""
    doc, data = seed_doc(SEEDS[0])
    article = write_html(ReportDoc([b for b in doc.blocks if b[0] != "title"])).decode("utf-8")
    article = article[article.index("<div class=\"article\">"):article.index("<div class=\"share\"")]
    links = "".join(f"<li><a href='/{n}'>政务动态第{n}期</a></li>" for n in range(3000))
    title = " ".join(b[1] for b in doc.blocks if b[0] == "title")
    page = (f"<html><head><meta charset='utf-8'><title>{title}_门户网站</title></head><body><ul>{links}</ul>"
            f"<div class='banner'><h1>{title}</h1><div>发布日期：2024-01-26</div></div>{article}"
            f"<div class='footer'>{links}</div></body></html>")
    path = tmp_path / "banner.html"
    path.write_text(page, encoding="utf-8")
    started = time.monotonic()
    source = extract(path)
    assert time.monotonic() - started < 5
    assert "政务动态" not in source.text
    assert figures(parse_text(source).to_json_dict()) == figures(data)


def test_mht_web_archive(tmp_path: Path) -> None:
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    doc, data = seed_doc(SEEDS[2])
    archive = MIMEMultipart("related")
    archive.attach(MIMEText(write_html(doc, encoding="gb18030").decode("gb18030"), "html", "gb18030"))
    path = tmp_path / "report.mht"
    path.write_bytes(archive.as_bytes())
    source = extract(path)
    assert source.encoding == "mht"
    assert figures(parse_text(source).to_json_dict()) == figures(data)


def test_extract_from_a_process_running_threads(documents: Documents) -> None:
    """Forking a process that runs threads can deadlock the child: readers then start from a fork server."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        data, files = documents.seeds[SEEDS[1].stem]
        assert figures(read(files["docx"])) == figures(data)
    finally:
        stop.set()
        thread.join()


def test_kangxi_radicals_read_as_ideographs_and_punctuation_is_kept() -> None:
    """PDF fonts often map 一 and 生 to the radicals ⼀ and ⽣; （一） must stay as printed, not (一)."""
    blocks = [Paragraph("⼀、总体情况（⼀）学⽣"), Table((("⼈数", "１２"), ("", "a|b")))]
    assert render(blocks) == "一、总体情况（一）学生\n\n| 人数 | １２ |\n|  | a｜b |\n"
