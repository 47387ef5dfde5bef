"""Synthetic reports as people find them: a government web page with its chrome, and what tools make of it.

`render_page` puts a report from `synth` on a county-site page (top bar, breadcrumb, information table,
share buttons, "全真版 文字版 文件下载", Word style-sheet text left in the body, a footer); `render_word_html`
writes it as Word's "save as web page"; `render_ocr_markdown` as OCR Markdown with one small table per row;
`flatten` as a crawler's innerText on one line. `convert` runs the real tools over pages written to disk
(w3m, lynx, pdftotext, pandoc, html2text, LibreOffice, pdfplumber, pypdfium2): one text per layout; for
`docx-file` and `pdf-file`, the page saved as Word and as PDF by LibreOffice, the text the import path
reads out of the file.
"""

from __future__ import annotations

import html
import random
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from build_tools import synth
from build_tools.model import Report
from build_tools.synth import Grid, GridCell, SynthReport

# Layouts made by a tool from the page (or its PDF), and those rendered here directly.
TOOL_LAYOUTS = ("w3m", "w3m-ascii", "lynx", "pdftotext", "pdftotext-layout", "pdfplumber", "pypdfium2",
                "pandoc-markdown", "pandoc-gfm", "html2text", "libreoffice-txt", "libreoffice-html",
                "docx-file", "pdf-file")
DIRECT_LAYOUTS = ("page-html", "word-html", "ocr-markdown", "flat-line", "flat-glued")
PAGE_LAYOUTS = DIRECT_LAYOUTS + TOOL_LAYOUTS

# Word's style sheet as it shows when a site's editor drops the comment marks around it.
WORD_STYLE_TEXT = (
    "Normal 0 7.8 磅 0 2 false false false EN-US ZH-CN X-NONE "
    "/* Style Definitions */ table.MsoNormalTable {mso-style-name:普通表格; mso-tstyle-rowband-size:0; "
    "mso-tstyle-colband-size:0; mso-style-noshow:yes; mso-style-priority:99; mso-style-parent:\"\"; "
    "mso-padding-alt:0cm 5.4pt 0cm 5.4pt; mso-para-margin:0cm; font-size:10.5pt; "
    "font-family:\"Times New Roman\",serif;}"
)


def with_fee_table(report: SynthReport) -> bool:
    """Whether this report prints an extra 信息处理费 table in section 六 (about one in two)."""
    return report.seed % 2 == 0


def _fee_grid() -> Grid:
    rows = [[GridCell("项目", role="header"), GridCell("收费件数", role="header"),
             GridCell("收费金额（元）", role="header")],
            [GridCell("信息处理费"), GridCell("0", role="value"), GridCell("0", role="value")]]
    return Grid(rows, 3, 1)


def _blocks(report: SynthReport, rng: random.Random) -> list[tuple]:
    """The report's blocks, with the 信息处理费 table before the signature when the report prints one."""
    blocks = list(synth._document(report, rng, False).blocks)
    if with_fee_table(report):
        at = next((i for i, b in enumerate(blocks) if b[0] == "signature"), len(blocks))
        blocks[at:at] = [("para", "本年度收取信息处理费情况如下："), ("table", "fees", _fee_grid())]
    return blocks


def _info_table(report: SynthReport) -> list[str]:
    title = html.escape("".join(report.title))
    organ = html.escape(report.organ)
    written = report.published.isoformat()
    return [
        "<table class=\"xxgk\" width=\"100%\">",
        f"<tr><th>索引号</th><td>{report.seed % 10**8:08d}/{report.year + 1}-00{report.seed % 97:03d}</td>"
        f"<th>发布机构</th><td>{organ}</td></tr>",
        f"<tr><th>名称</th><td colspan=\"3\">{title}</td></tr>",
        f"<tr><th>成文日期</th><td>{written}</td><th>发布日期</th><td>{written}</td></tr>",
        "<tr><th>主题分类</th><td colspan=\"3\">综合政务/政务公开</td></tr>",
        "</table>",
    ]


def render_page(report: SynthReport) -> str:
    """Write the report as a government site's article page, chrome and all."""
    rng = random.Random(f"{report.seed}:page")
    writer = synth._HtmlWriter(report, rng)
    title = html.escape("".join(report.title))
    out = ["<!DOCTYPE html>", "<html lang=\"zh-CN\">", "<head>", "<meta charset=\"utf-8\">",
           f"<title>{title}_政府信息公开年报</title>",
           "<style>td,th{border:1px solid #000}.nav a{margin:0 8px}</style>",
           "<script>var _hmt = _hmt || [];</script>", "</head>", "<body>",
           "<div class=\"nav\"><a href=\"/\">首页</a><a href=\"#\">政务公开</a><a href=\"#\">政务服务</a>"
           "<a href=\"#\">互动交流</a></div>",
           "<div class=\"location\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"#\">政务公开</a> &gt; "
           "<a href=\"#\">政府信息公开年报</a></div>"]
    out += _info_table(report)
    out += [f"<h1 class=\"title\">{title}</h1>",
            "<div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a></div>",
            "<div class=\"versions\"><a href=\"#\">全真版</a> <a href=\"#\">文字版</a> <a href=\"#\">文件下载</a></div>",
            f"<div class=\"article\"><p>{html.escape(WORD_STYLE_TEXT)}</p>"]
    for block in _blocks(report, rng):
        if block[0] == "table":
            out.extend(writer._table(block[2]))
            continue
        kind, text = block
        text = html.escape(text)
        if kind == "title":
            continue  # the page's own <h1> above
        if kind == "heading":
            out.append(rng.choice((f"<p><strong>{text}</strong></p>", f"<h3>{text}</h3>")))
        elif kind == "signature":
            out.append(f"<p style=\"text-align:right\">{text}</p>")
        else:
            out.append(f"<p style=\"text-indent:2em\">{text}</p>")
    out += [f"<p>{html.escape(WORD_STYLE_TEXT)}</p></div>",
            "<div class=\"tools\">【<a href=\"#\">打印本页</a>】【<a href=\"#\">关闭窗口</a>】</div>",
            "<div class=\"footer\">主办单位：人民政府办公室 网站标识码：3301820001 ICP备05012345号 "
            "公安机关备案号 33018202000123</div>",
            "</body>", "</html>"]
    return "\n".join(out) + "\n"


def render_word_html(report: SynthReport) -> str:
    """Write the report as Word's "save as web page": MsoNormal paragraphs, spans, <o:p>, the style sheet."""
    rng = random.Random(f"{report.seed}:word")
    out = ["<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
           "xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">",
           "<head><meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">",
           "<meta name=Generator content=\"Microsoft Word 15 (filtered)\">",
           "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom>"
           "<w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing></w:WordDocument></xml><![endif]-->",
           "<style><!-- /* Style Definitions */ p.MsoNormal {margin:0cm;text-align:justify;font-size:10.5pt;}"
           " table.MsoNormalTable {mso-style-name:普通表格;} --></style>",
           "</head>", "<body lang=ZH-CN style='text-justify-trim:punctuation'>", "<div class=WordSection1>"]
    for block in _blocks(report, rng):
        if block[0] == "table":
            out.extend(_word_table(block[2]))
            continue
        kind, text = block
        text = html.escape(text)
        if kind == "title":
            out.append("<p class=MsoNormal align=center style='text-align:center'><b><span "
                       f"style='font-size:22.0pt;font-family:方正小标宋简体'>{text}<span lang=EN-US><o:p></o:p>"
                       "</span></span></b></p>")
        elif kind == "heading":
            out.append("<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:黑体'>"
                       f"{text}</span><span lang=EN-US><o:p></o:p></span></p>")
        else:
            align = " align=right style='text-align:right'" if kind == "signature" else ""
            out.append(f"<p class=MsoNormal{align}><span style='font-size:16.0pt;font-family:仿宋_GB2312'>"
                       f"{text}</span><span lang=EN-US><o:p></o:p></span></p>")
    out += ["<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>", "</div>", "</body>", "</html>"]
    return "\r\n".join(out) + "\r\n"


def _word_table(grid: Grid) -> list[str]:
    out = ["<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>"]
    for row in grid.rows:
        tds = []
        for cell in row:
            attrs = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (
                f" colspan={cell.colspan}" if cell.colspan > 1 else "")
            parts = [html.escape(part) for part in cell.text.split("\n")] if cell.text else ["<o:p>&nbsp;</o:p>"]
            paras = "".join(f"<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                            f"style='font-size:10.5pt'>{part}</span></p>" for part in parts)
            tds.append(f"<td width=60 valign=top{attrs} style='border:solid windowtext 1.0pt'>{paras}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return out


def render_ocr_markdown(report: SynthReport) -> str:
    """Write the report as OCR tools give a scanned page in Markdown: every table row a small table of its own."""
    rng = random.Random(f"{report.seed}:ocr")
    out: list[str] = []
    for block in _blocks(report, rng):
        if block[0] == "table":
            expanded = block[2].expand()
            for r in range(len(block[2].rows)):
                texts = [slot[0].text.replace("\n", "") if slot and slot[1] == "origin" else "" for slot in expanded[r]]
                out += ["| " + " | ".join(texts) + " |", "|" + "---|" * len(texts), ""]
            continue
        kind, text = block
        out += [f"# {text}" if kind == "title" else f"## {text}" if kind == "heading" else text, ""]
    return "\n".join(out)


def flatten(page_text: str, glue: bool) -> str:
    """A crawler's innerText of the page on one line: blocks and cells joined by a space, or glued when `glue`."""
    lines = [ln.strip() for ln in page_text.split("\n") if ln.strip()]
    if not glue:
        return " ".join(lines) + "\n"
    return "".join(lines) + "\n"


def page_text(page: str) -> str:
    """The visible text of a page, one block or table cell per line (as innerText would give it)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S | re.I)
    page = re.sub(r"</?(?:p|div|h[1-6]|tr|td|th|table|br)\b[^>]*>", "\n", page, flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# Tools ----------------------------------------------------------------------------------------------


def missing_tools() -> list[str]:
    """Name the programs `convert` needs that are not installed."""
    return [tool for tool in ("w3m", "lynx", "pandoc", "pdftotext", "soffice") if shutil.which(tool) is None]


def _run(args: list[str], cwd: Path | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, check=True, timeout=300)
    return done.stdout.decode("utf-8")


def _soffice(paths: list[Path], target: str, outdir: Path) -> None:
    """Convert every page in one LibreOffice run (its start-up is most of the cost)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir.parent / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), *map(str, paths)], capture_output=True, check=True, timeout=600)


def _pdfplumber(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def _pypdfium2(pdf: Path) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _html2text(page: Path) -> str:
    import html2text

    return html2text.html2text(page.read_text(encoding="utf-8"))


def convert(pages: list[Path], layouts: tuple[str, ...], workdir: Path) -> dict[tuple[Path, str], str]:
    """Run the tools over pages on disk: (page, layout) → the text that layout gives."""
    out: dict[tuple[Path, str], str] = {}
    simple: dict[str, Callable[[Path], str]] = {
        "w3m": lambda p: _run(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", str(p)]),
        "w3m-ascii": lambda p: _run(["w3m", "-dump", "-no-graph", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8",
                                     str(p)]),
        "lynx": lambda p: _run(["lynx", "-dump", "-nolist", "-assume_charset=utf-8", "-display_charset=utf-8",
                                str(p)]),
        "pandoc-markdown": lambda p: _run(["pandoc", "-f", "html", "-t", "markdown", str(p)]),
        "pandoc-gfm": lambda p: _run(["pandoc", "-f", "html", "-t", "gfm", str(p)]),
        "html2text": _html2text,
    }
    for layout in layouts:
        if layout in simple:
            for page in pages:
                out[page, layout] = simple[layout](page)
    if {"pdftotext", "pdftotext-layout", "pdfplumber", "pypdfium2", "pdf-file"} & set(layouts):
        _soffice(pages, "pdf:writer_web_pdf_Export", workdir / "pdf")
        for page in pages:
            pdf = workdir / "pdf" / f"{page.stem}.pdf"
            readers: dict[str, Callable[[Path], str]] = {
                "pdftotext": lambda p: _run(["pdftotext", "-enc", "UTF-8", str(p), "-"]),
                "pdftotext-layout": lambda p: _run(["pdftotext", "-layout", "-enc", "UTF-8", str(p), "-"]),
                "pdfplumber": _pdfplumber, "pypdfium2": _pypdfium2}
            for layout, read in readers.items():
                if layout in layouts:
                    out[page, layout] = read(pdf)
    # The files maintainers drop in: the page saved as Word and as PDF, read through the import path.
    if "docx-file" in layouts:
        _soffice(pages, "docx:MS Word 2007 XML", workdir / "docx")
    for layout, folder in (("docx-file", "docx"), ("pdf-file", "pdf")):
        if layout in layouts:
            from build_tools.ingest import extract

            for page in pages:
                out[page, layout] = extract(workdir / folder / f"{page.stem}.{folder}").text
    if "libreoffice-txt" in layouts:
        _soffice(pages, "txt:Text (encoded):UTF8", workdir / "txt")
        for page in pages:
            out[page, "libreoffice-txt"] = (workdir / "txt" / f"{page.stem}.txt").read_text(encoding="utf-8-sig")
    if "libreoffice-html" in layouts:
        _soffice(pages, "html:HTML (StarWriter)", workdir / "html")
        for page in pages:
            out[page, "libreoffice-html"] = (workdir / "html" / f"{page.stem}.html").read_text(encoding="utf-8")
    return out


def convert_pages(pages: Mapping[str, str], layouts: tuple[str, ...], workdir: Path) -> dict[tuple[str, str], str]:
    """Write each page (name → HTML) into workdir as <name>.html and run the tools over them all at once:
    (name, layout) → the text that layout gives."""
    workdir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, page in pages.items():
        paths[name] = workdir / f"{name}.html"
        paths[name].write_text(page, encoding="utf-8")
    converted = convert(list(paths.values()), layouts, workdir)
    return {(name, layout): converted[path, layout] for name, path in paths.items() for layout in layouts}


def direct(report: SynthReport, layout: str) -> str:
    """Render a layout that needs no tool."""
    if layout == "page-html":
        return render_page(report)
    if layout == "word-html":
        return render_word_html(report)
    if layout == "ocr-markdown":
        return render_ocr_markdown(report)
    if layout in ("flat-line", "flat-glued"):
        return flatten(page_text(render_page(report)), glue=layout == "flat-glued")
    raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(DIRECT_LAYOUTS)}")


def matrix_reports() -> list[SynthReport]:
    """The matrix's reports: zeros and small numbers, blank and marked cells, a printed total that contradicts
    its row, the 2019 tables in a 2021 report, wrapped headers, the extra 信息处理费 table."""
    rng = random.Random(20261203)
    plain = synth.Noise()
    out = [
        synth.with_marks(synth.random_report(rng, version="2021", level="township", year=2022, noise=plain), rng, 6),
        synth.random_report(rng, version="2019", level="county", year=2021,
                            noise=replace(plain, wrap_headers=True)),
        synth.random_report(rng, version="2021", level="department", year=2023,
                            noise=replace(plain, wrap_headers=True, t4_by_group=True)),
        synth.random_report(rng, version="2021", level="street", year=2024, noise=plain),
        synth.random_report(rng, version="2019", level="city", year=2020, noise=plain),
    ]
    # A printed total that contradicts its row: the parser must read it as printed and flag the sum.
    total = out[3].t3["new_received"]["total"]
    out[3] = synth.with_cell(out[3], "t3", "new_received", "total", int(total) + 1)
    return out


# Scoring ----------------------------------------------------------------------------------------------

_TABLE_FIELD = {"t2": "active_disclosure", "t3": "applications", "t4": "review_litigation"}
_VALUED = ("number", "inferred", "decoded")
_FLAGGED = ("unread", "unreadable")


@dataclass
class Score:
    """How a parsed report's cells compare with the figures printed: exact, flagged (left unread with a
    finding), lost (a row or table missing without a finding that names it) and wrong (a value that differs
    from the printed one)."""

    exact: int = 0
    flagged: int = 0
    lost: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.exact + self.flagged + len(self.lost) + len(self.wrong)

    def add(self, other: Score) -> None:
        self.exact += other.exact
        self.flagged += other.flagged
        self.lost += other.lost
        self.wrong += other.wrong


def score(report: Report, expected: SynthReport) -> Score:
    """Compare every printed cell of the synthetic report with what the parser read."""
    out = Score()
    flagged_tables = {f.table for f in report.findings if f.id == "F-08" and f.table}
    flagged_rows = {(f.table, f.row) for f in report.findings if f.row}
    true = synth.figures(expected)
    for table, rows in synth.cells(expected).items():
        name = _TABLE_FIELD[table]
        values = report.table_values(name) if getattr(report.cells, name) is not None else {}
        cells = getattr(report.cells, name) or {}
        for row, cols in rows.items():
            for col, want in cols.items():
                where = f"{table}.{row}.{col}"
                cell = cells.get(row, {}).get(col)
                if cell is None:
                    if table in flagged_tables or (table, row) in flagged_rows:
                        out.flagged += 1
                    else:
                        out.lost.append(f"{where}: not read and not flagged, printed {want!r}")
                    continue
                state = cell.state.value
                got = values[row][col]
                if state in _VALUED and want is not None and float(got) == float(want):
                    out.exact += 1
                elif want is None and state in ("blank", "not_applicable"):
                    out.exact += 1
                elif state in _FLAGGED:
                    out.flagged += 1
                elif state == "inferred" and (table, row) in flagged_rows and float(got) == float(true[table][row][col]):
                    out.flagged += 1  # printed blank, filled from the table's arithmetic with a finding
                else:
                    out.wrong.append(f"{where}: read {got!r} ({state}, raw {cell.raw!r}), expected {want!r}")
    return out


# The matrix -------------------------------------------------------------------------------------------

_HTML_LAYOUTS = ("page-html", "word-html", "libreoffice-html")


@dataclass
class Case:
    """One report in one layout, as the parser read it."""

    layout: str
    index: int
    expected: SynthReport
    text: str
    report: Report | None = None
    refused: str | None = None
    score: Score = field(default_factory=Score)

    @property
    def organ_ok(self) -> bool:
        return self.report is not None and self.report.organ == self.expected.organ

    @property
    def year_ok(self) -> bool:
        return self.report is not None and self.report.year == self.expected.year


def matrix_texts(reports: list[SynthReport], layouts: tuple[str, ...], workdir: Path) -> dict[tuple[str, int], str]:
    """Render every report as a page, run the tools once, and return (layout, report index) → text."""
    pages = {f"report-{i}": render_page(report) for i, report in enumerate(reports)}
    converted = convert_pages(pages, tuple(x for x in layouts if x in TOOL_LAYOUTS), workdir)
    out: dict[tuple[str, int], str] = {}
    for layout in layouts:
        for i, report in enumerate(reports):
            out[layout, i] = converted[f"report-{i}", layout] if layout in TOOL_LAYOUTS else direct(report, layout)
    return out


def read_case(layout: str, index: int, text: str, expected: SynthReport) -> Case:
    """Parse one case as `gongkai parse` would and score its cells."""
    from build_tools.parse import ParseError, parse_report
    from build_tools.sources import source_from_text

    name = f"report-{index}.{'html' if layout in _HTML_LAYOUTS else 'txt'}"
    case = Case(layout, index, expected, text)
    try:
        case.report = parse_report(source_from_text(name, text))
    except ParseError as error:
        case.refused = str(error)
        return case
    case.score = score(case.report, expected)
    return case
