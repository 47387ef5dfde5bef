"""Synthetic annual reports: consistent figures, varied wording, written out in every layout the parser reads.

`random_report` draws a report whose tables satisfy F-01…F-04; `write` prints it the way a given export tool
would (Word text export, PDF text, fixed-width, pipe and Markdown tables, HTML, a flattened table 3);
`cells` gives the figures the parser should read back, table → row → column → value.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass, field, replace

from build_tools.labels import T3_APPLICANT_KEYS, T3_COLUMN_KEYS, T3_ORG_KEYS, T3_RESULT_ROWS, t3_rows_for
from build_tools.text import display_width

LAYOUTS = ("docx", "tab", "space", "fixed", "pipe", "markdown", "html", "flat")
LEVELS = ("township", "street", "county", "city", "province", "department")

Number = int | float
Figures = dict[str, dict[str, Number]]


@dataclass(frozen=True)
class Noise:
    """Export artefacts and template departures a report may carry."""

    fullwidth_digits: bool = False
    fullwidth_spaces: bool = False
    footers: bool = False
    bookmark: bool = False
    subtotal: str | None = None  # "after" 其他 or "before" 商业企业: a non-official 小计 column
    undivided_other: bool = False  # the 2019 undivided （六）其他处理 in a 2021 report
    old_normative_label: bool = False  # "规范性文件" in a 2021 table 2
    wrap_headers: bool = False  # header cells broken over lines ("商业\n企业")
    page_break: bool = False  # table 3 split over a page, its row heading repeated
    repeat_header: bool = False  # the page break repeats table 3's column header too
    t4_by_group: bool = False  # table 4 printed as one row per group instead of one row of 15
    wrap_labels: bool = False  # long row labels run onto a second line (printed layouts)
    ragged: bool = False  # PDF text that drops the empty cells before a row's label


@dataclass(frozen=True)
class SynthReport:
    """A generated report: metadata, figures, text, and the seed that makes `write` deterministic."""

    version: str
    level: str
    organ: str
    title: tuple[str, ...]
    year: int
    published: dt.date
    t2: Figures
    t3: Figures
    t4: Figures
    headings: dict[str, str]
    paragraphs: dict[str, tuple[str, ...]]
    signature: tuple[str, ...]
    noise: Noise = field(default_factory=Noise)
    seed: int = 0
    marks: dict[tuple[str, str, str], str] = field(default_factory=dict)  # cells printed "", "/" or "—"

    @property
    def undivided_other(self) -> bool:
        return self.version == "2019" or self.noise.undivided_other


# Places and organs ----------------------------------------------------------------------------------

_PLACES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("浙江省", "杭州市", "建德市", ("钦堂乡", "大同镇", "新安江街道")),
    ("江西省", "赣州市", "赣县区", ("长洛乡", "梅林镇", "储潭镇")),
    ("贵州省", "六盘水市", "盘州市", ("保田镇", "红果街道", "淤泥乡")),
    ("青海省", "海东市", "互助土族自治县", ("东沟乡", "威远镇", "丹麻镇")),
    ("河南省", "洛阳市", "嵩县", ("城关镇", "田湖镇", "黄庄乡")),
    ("广东省", "广州市", "天河区", ("五山街道", "石牌街道", "沙河街道")),
    ("四川省", "成都市", "双流区", ("东升街道", "黄水镇", "彭镇")),
    ("湖南省", "常德市", "桃源县", ("漳江街道", "陬市镇", "热市镇")),
    ("山东省", "潍坊市", "寿光市", ("圣城街道", "稻田镇", "羊口镇")),
    ("江苏省", "苏州市", "昆山市", ("玉山镇", "周庄镇", "张浦镇")),
)
_DEPARTMENTS = ("教育局", "自然资源局", "卫生健康委员会", "人力资源和社会保障局", "市场监督管理局", "财政局",
                "住房和城乡建设局", "生态环境局", "交通运输局", "民政局", "农业农村局", "发展和改革委员会")


def _organ(rng: random.Random, level: str) -> tuple[str, str]:
    """Return (organ as written, short name a title may use instead)."""
    province, city, county, towns = rng.choice(_PLACES)
    if level in ("township", "street"):
        wanted = (lambda t: t.endswith("街道")) if level == "street" else (lambda t: not t.endswith("街道"))
        province, city, county, towns = rng.choice([p for p in _PLACES if any(wanted(t) for t in p[3])])
        town = rng.choice([t for t in towns if wanted(t)])
        if level == "street":
            full = f"{county}{town}办事处"
            return full, full
        return f"{rng.choice(['', county])}{town}人民政府", town
    if level == "county":
        full = f"{rng.choice(['', city])}{county}人民政府"
        return full, full
    if level == "city":
        return f"{city}人民政府", f"{city}人民政府"
    if level == "province":
        return f"{province}人民政府", f"{province}人民政府"
    full = f"{rng.choice([city, county])}{rng.choice(_DEPARTMENTS)}"
    return full, full


# Figures ----------------------------------------------------------------------------------------------


def _count(rng: random.Random, scale: float = 1.0) -> int:
    """A count as reports print them: mostly 0 or small, now and then large."""
    roll = rng.random()
    if roll < 0.45:
        return 0
    if roll < 0.85:
        return rng.randint(1, max(1, int(6 * scale)))
    if roll < 0.97:
        return rng.randint(5, max(5, int(60 * scale)))
    return rng.randint(100, max(100, int(3000 * scale)))


_ROW_WEIGHT = {"granted": 1.0, "partially_granted": 0.5, "unavailable_not_held": 0.6, "not_processed_petition": 0.3,
               "other_other": 0.3, "other_handling": 0.4, "not_processed_duplicate": 0.25}


def _t3_figures(rng: random.Random, rows: list[str], subtotal: bool) -> Figures:
    """Table 3 that satisfies F-01, F-02 and F-03 (and the 小计 column when printed)."""
    results = [r for r in rows if r in T3_RESULT_ROWS]
    busy = rng.choice((0.0, 0.3, 1.0, 1.0, 3.0, 20.0))
    t3: Figures = {r: {} for r in rows}
    for col in T3_APPLICANT_KEYS:
        active = busy > 0 and rng.random() < (0.9 if col == "natural_person" else 0.35)
        for r in results:
            weight = _ROW_WEIGHT.get(r, 0.12)
            t3[r][col] = _count(rng, busy) if active and rng.random() < weight else 0
        processed = sum(int(t3[r][col]) for r in results)
        forward = _count(rng, busy / 4) if active and rng.random() < 0.3 else 0
        over = rng.randint(0, processed + forward) if active and rng.random() < 0.4 else 0
        t3["total_processed"][col] = processed
        t3["carried_forward"][col] = forward
        t3["carried_over"][col] = over
        t3["new_received"][col] = processed + forward - over
    for r in rows:
        t3[r]["total"] = sum(int(t3[r][c]) for c in T3_APPLICANT_KEYS)
        if subtotal:
            t3[r]["org_subtotal"] = sum(int(t3[r][c]) for c in T3_ORG_KEYS)
    return t3


def _t4_figures(rng: random.Random) -> Figures:
    t4: Figures = {}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        busy = rng.random() < 0.35
        parts = {c: (_count(rng, 0.5) if busy else 0) for c in ("upheld", "corrected", "other", "pending")}
        t4[group] = {**parts, "total": sum(parts.values())}
    return t4


def _money(rng: random.Random) -> Number:
    roll = rng.random()
    if roll < 0.5:
        return 0
    if roll < 0.75:
        return rng.randint(1, 500)
    value = round(rng.uniform(0.01, 300), rng.choice((1, 2)))
    return value if value != int(value) else int(value)


def _t2_figures(rng: random.Random, version: str, level: str) -> Figures:
    makes_rules = level in ("province", "city")
    big = {"province": 50, "city": 10, "county": 3, "department": 3}.get(level, 0.3)
    t2: Figures = {}
    if version == "2021":
        for row in ("regulations", "normative_documents"):
            allowed = row == "normative_documents" or makes_rules
            issued = _count(rng, big) if allowed else 0
            repealed = _count(rng, big / 2) if allowed else 0
            t2[row] = {"issued": issued, "repealed": repealed,
                       "in_force": issued + (_count(rng, big * 10) if allowed else 0)}
        for row in ("licensing", "punishment", "coercion"):
            t2[row] = {"decisions": _count(rng, big * 20)}
        t2["fees"] = {"amount_10k_yuan": _money(rng) if level != "township" or rng.random() < 0.2 else 0}
        return t2
    for row in ("regulations", "normative_documents"):
        allowed = row == "normative_documents" or makes_rules
        made = _count(rng, big) if allowed else 0
        t2[row] = {"new_made": made, "new_published": made,
                   "total_published": made + (_count(rng, big * 10) if allowed else 0)}
    for row in ("licensing", "other_services", "punishment", "coercion"):
        prev = _count(rng, big * 10)
        t2[row] = {"prev_items": prev, "change": rng.randint(-prev, prev + 20) if rng.random() < 0.5 else 0,
                   "decisions": _count(rng, big * 20)}
    prev = _count(rng, big)
    t2["fees"] = {"prev_items": prev, "change": rng.randint(-prev, 3) if rng.random() < 0.4 else 0}
    items = _count(rng, big)
    t2["procurement"] = {"items": items, "amount": rng.randint(1000, 900000) if items else 0}
    return t2


# Text -------------------------------------------------------------------------------------------------

_HEADINGS: dict[str, tuple[str, ...]] = {
    "overview": ("一、总体情况", "一、 总体情况", "一、总体情况", "第一部分 总体情况"),
    "active_disclosure": ("二、主动公开政府信息情况", "二、主动公开政府信息情况", "（二）主动公开政府信息情况"),
    "applications": ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况",
                     "三、 收到和处理政府信息公开申请情况"),
    "review_litigation": ("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                          "四、政府信息公开行政复议、行政诉讼情况"),
    "problems": ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况", "5、存在的主要问题及改进情况",
                 "五、存在的主要问题和改进情况"),
    "other_matters": ("六、其他需要报告的事项", "六、其他需要报告的事项", "6、其他需要报告的事项"),
}
_OVERVIEW_PARTS = (
    (("（一）主动公开情况", "1. 主动公开情况", "（一）主动公开", "(一)主动公开情况"),
     ("全年通过政府门户网站主动公开各类政府信息{a}条，其中政策文件{b}条，工作动态{c}条。",
      "坚持“以公开为常态、不公开为例外”，在门户网站政府信息公开专栏发布信息{a}条，及时更新机构职能、财政预决算等栏目。")),
    (("（二）依申请公开情况", "2. 依申请公开情况", "（二）依申请公开", "(二)依申请公开情况"),
     ("{applications}",)),
    (("（三）政府信息管理情况", "3. 政府信息管理情况", "（三）政府信息管理", "(三)政府信息管理情况"),
     ("严格落实“三审三校”制度，严把政治关、法律关、政策关、保密关、文字关，确保发布信息准确无误。",
      "动态调整主动公开基本目录，做好规范性文件清理和政策解读工作，共解读政策文件{b}件。")),
    (("（四）政府信息公开平台建设情况", "4. 政府信息公开平台建设情况", "（四）平台建设", "(四)政府信息公开平台建设情况"),
     ("持续加强政府网站和政务新媒体管理，落实值班值守和内容审核制度，保障平台安全平稳运行。",
      "依托政务服务大厅设立政务公开专区，为群众提供查阅、咨询等服务。")),
    (("（五）监督保障情况", "5. 监督保障情况", "（5） 监督保障情况", "(五)监督保障"),
     ("将政府信息公开工作纳入年度考核，开展业务培训{d}次，本年度未发生政府信息公开责任追究情况。",
      "明确专人负责政务公开日常工作，主动接受社会监督，及时回应群众关切。")),
)
_PROBLEMS = (
    "本年度政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容的深度和广度还需拓展；二是政策解读形式较为单一。",
    "下一步，将加强业务培训，提升工作人员能力水平；丰富解读形式，提高政策解读质量。",
    "存在的问题主要是信息发布的及时性有待提高，基层工作人员业务水平参差不齐。",
    "改进措施：进一步健全信息发布审核机制，加强督促检查，推动政府信息公开工作规范化、标准化。",
)
_FEES = ("{year}年，本机关未收取信息处理费。", "本年度未依据《政府信息公开信息处理费管理办法》收取信息处理费。",
         "{year}年度无收取信息处理费情况。")
_OTHER = ("无其他需要报告的事项。", "本年度无其他需要报告的事项。", "按照政务公开工作要点要求，落实年度工作任务。")


def _applications_sentence(rng: random.Random, t3: Figures) -> str:
    received = int(t3["new_received"]["total"])
    if received == 0:
        return rng.choice(("本年度未收到政府信息公开申请。", "全年未收到依申请公开事项。"))
    return rng.choice((f"全年共收到政府信息公开申请{received}件，均在法定期限内答复。",
                       f"本年度共收到政府信息公开申请{received}件，已全部办结或依法结转。"))


def _review_sentence(rng: random.Random, t4: Figures) -> str:
    review, direct, after = (int(t4[g]["total"]) for g in ("review", "litigation_direct", "litigation_after_review"))
    if review == direct == after == 0:
        return rng.choice(("本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。", ""))
    return f"本年度因政府信息公开被申请行政复议{review}件，被提起行政诉讼{direct + after}件。"


def _paragraphs(rng: random.Random, year: int, t3: Figures, t4: Figures) -> dict[str, tuple[str, ...]]:
    fill = {"a": rng.randint(20, 900), "b": rng.randint(0, 30), "c": rng.randint(10, 500), "d": rng.randint(1, 6),
            "applications": _applications_sentence(rng, t3), "year": year}
    style = rng.randrange(4)
    openings = (f"{year}年，在上级部门的正确领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
                "本机关坚持以习近平新时代中国特色社会主义思想为指导，全面推进基层政务公开标准化规范化建设。")
    overview = [rng.choice(openings)]
    for headings, bodies in _OVERVIEW_PARTS:
        overview.append(headings[style])
        overview.append(rng.choice(bodies).format(**fill))
    review = _review_sentence(rng, t4)
    return {
        "overview": tuple(overview),
        "active_disclosure": (),
        "applications": (),
        "review_litigation": (review,) if review else (),
        "problems": tuple(rng.sample(_PROBLEMS, rng.randint(1, 3))),
        "other_matters": (rng.choice(_FEES).format(year=year),) + ((rng.choice(_OTHER),) if rng.random() < 0.5 else ()),
    }


def _title(rng: random.Random, organ: str, short: str, year: int) -> tuple[tuple[str, ...], bool]:
    """Return the title lines and whether the closing signature is needed to name the organ in full."""
    choice = rng.randrange(5)
    if choice == 0:
        return (f"{organ}{year}年政府信息公开工作年度报告",), False
    if choice == 1:
        return (organ, f"{year}年政府信息公开工作年度报告"), False
    if choice == 2:
        return (f"{organ}{year}年度政府信息公开工作年度报告",), False
    if choice == 3:
        return (f"{short} {year} 年政府信息公开工作年度报告",), short != organ
    return (f"{year}年{organ}政府信息公开工作年度报告",), True


def random_report(
    rng: random.Random,
    *,
    version: str | None = None,
    level: str | None = None,
    year: int | None = None,
    noise: Noise | None = None,
    clean: bool = False,
) -> SynthReport:
    """Draw a report with consistent figures (F-01…F-04 hold); noise is random unless given or `clean`."""
    version = version or rng.choice(("2021", "2021", "2019"))
    level = level or rng.choice(LEVELS)
    if year is None:
        year = rng.randint(2019, 2020) if version == "2019" else rng.randint(2021, 2025)
    if noise is None:
        noise = Noise() if clean else _random_noise(rng, version)
    organ, short = _organ(rng, level)
    title, needs_signature = _title(rng, organ, short, year)
    undivided = version == "2019" or noise.undivided_other
    rows = [r.key for r in t3_rows_for(version, undivided)]
    t3 = _t3_figures(rng, rows, noise.subtotal is not None)
    t4 = _t4_figures(rng)
    published = dt.date(year + 1, 1, rng.randint(10, 31))
    signer = organ
    if not needs_signature and level in ("province", "city", "county") and rng.random() < 0.3:
        signer = organ + ("办公厅" if level == "province" else "办公室")  # the office signs for the government
    signature = (signer, f"{published.year}年{published.month}月{published.day}日") if (
        needs_signature or rng.random() < 0.6) else ()
    return SynthReport(
        version=version, level=level, organ=organ, title=title, year=year, published=published,
        t2=_t2_figures(rng, version, level), t3=t3, t4=t4,
        headings={k: rng.choice(v[:2] if k == "active_disclosure" else v) for k, v in _HEADINGS.items()},
        paragraphs=_paragraphs(rng, year, t3, t4), signature=signature, noise=noise,
        seed=rng.randrange(2**32),
    )


def _random_noise(rng: random.Random, version: str) -> Noise:
    def maybe(p: float) -> bool:
        return rng.random() < p

    return Noise(
        fullwidth_digits=maybe(0.2), fullwidth_spaces=maybe(0.2), footers=maybe(0.4), bookmark=maybe(0.3),
        subtotal=rng.choice(("after", "before")) if maybe(0.15) else None,
        undivided_other=version == "2021" and maybe(0.15), old_normative_label=version == "2021" and maybe(0.2),
        wrap_headers=maybe(0.5), page_break=maybe(0.4), repeat_header=maybe(0.3), t4_by_group=maybe(0.15),
        wrap_labels=maybe(0.3), ragged=maybe(0.4),
    )


def cells(report: SynthReport) -> dict[str, Figures]:
    """Return the figures the parser should read: table ("t2", "t3", "t4") → row → column → value.

    A cell printed blank or as a not-applicable mark (see `with_marks`) has no value: None.
    """
    out = figures(report)
    for (table, row, column) in report.marks:
        out[table][row][column] = None  # type: ignore[assignment]
    return out


def figures(report: SynthReport) -> dict[str, Figures]:
    """Return the report's consistent figures, including those of cells printed blank or marked."""
    return {"t2": _copy(report.t2), "t3": _copy(report.t3), "t4": _copy(report.t4)}


def with_marks(report: SynthReport, rng: random.Random, count: int) -> SynthReport:
    """Return a copy where `count` cells of tables 3 and 4 print blank, "/" or "—" instead of their figure."""
    pool = [(t, row, col) for t, rows in (("t3", report.t3), ("t4", report.t4)) for row, cols in rows.items()
            for col in cols]
    chosen = rng.sample(pool, min(count, len(pool)))
    return replace(report, marks={cell: rng.choice(("", "", "/", "—")) for cell in chosen})


def with_cell(report: SynthReport, table: str, row: str, column: str, value: Number) -> SynthReport:
    """Return a copy of the report with one printed figure changed (the sums are left as they were)."""
    changed = figures(report)
    changed[table][row][column] = value
    return replace(report, t2=changed["t2"], t3=changed["t3"], t4=changed["t4"])


def _copy(figures: Figures) -> Figures:
    return {row: dict(cols) for row, cols in figures.items()}


# Tables as grids -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    """One printed cell: its text (lines split by \\n), its spans and its role."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    role: str = "label"  # label | header | value


@dataclass
class Grid:
    """A table as a word processor holds it: rows of cells with spans, the first `header` rows a header."""

    rows: list[list[GridCell]]
    width: int
    header: int
    data_start: int = 0  # first row of the data body, where a page break may fall

    def expand(self) -> list[list[tuple[GridCell, str] | None]]:
        """Place each cell on the full grid: (cell, "origin" | "below" | "right"), None for a hole."""
        out: list[list[tuple[GridCell, str] | None]] = [[None] * self.width for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.width and out[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(self.rows) and c + dc < self.width:
                            kind = "origin" if dr == dc == 0 else ("below" if dc == 0 else "right")
                            out[r + dr][c + dc] = (cell, kind)
                c += cell.colspan
        return out


def _label(text: str, rowspan: int = 1, colspan: int = 1) -> GridCell:
    return GridCell(text, rowspan, colspan, "label")


def _head(text: str, rowspan: int = 1, colspan: int = 1) -> GridCell:
    return GridCell(text, rowspan, colspan, "header")


def _value(value: Number, rng: random.Random, noise: Noise, signed: bool = False, colspan: int = 1,
           mark: str | None = None) -> GridCell:
    text = mark if mark is not None else _format_number(value, rng, noise, signed)
    return GridCell(text, 1, colspan, "value")


def _format_number(value: Number, rng: random.Random, noise: Noise, signed: bool = False) -> str:
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    elif value >= 10000 and rng.random() < 0.3:
        text = f"{value:,}"
    else:
        text = str(value)
    if signed and value > 0 and rng.random() < 0.6:
        text = "+" + text
    if noise.fullwidth_digits and rng.random() < 0.6:
        text = "".join(chr(ord(ch) + 0xFEE0) if "0" <= ch <= "9" or ch in "+-,." else ch for ch in text)
    return text


def _t2_grid(report: SynthReport, rng: random.Random) -> Grid:
    noise, t2 = report.noise, report.t2
    rows: list[list[GridCell]] = []
    blocks: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...]
    if report.version == "2021":
        normative = "规范性文件" if noise.old_normative_label else "行政规范性文件"
        blocks = (
            ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
             (("规章", "regulations"), (normative, "normative_documents"))),
            ("第二十条第（五）项", ("本年处理决定数量",), (("行政许可", "licensing"),)),
            ("第二十条第（六）项", ("本年处理决定数量",), (("行政处罚", "punishment"), ("行政强制", "coercion"))),
            ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", "fees"),)),
        )
    else:
        blocks = (
            ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
             (("规章", "regulations"), ("规范性文件", "normative_documents"))),
            ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
             (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"))),
            ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
             (("行政处罚", "punishment"), ("行政强制", "coercion"))),
            ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("行政事业性收费", "fees"),)),
            ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", "procurement"),)),
        )
    for group, headers, members in blocks:
        rows.append([_label(group, colspan=4)])
        last = len(headers) - 1
        rows.append([_head("信息内容")] + [_head(h, colspan=1 + (3 - len(headers) if i == last else 0))
                                           for i, h in enumerate(headers)])
        for label, key in members:
            cols = list(t2[key])
            cells_ = [_value(t2[key][c], rng, noise, signed=c == "change",
                             colspan=1 + (3 - len(cols) if i == len(cols) - 1 else 0)) for i, c in enumerate(cols)]
            rows.append([_label(label)] + cells_)
    return Grid(rows, 4, 0)


def _t3_columns(report: SynthReport) -> list[str]:
    cols = list(T3_COLUMN_KEYS)
    if report.noise.subtotal == "after":
        cols.insert(6, "org_subtotal")
    elif report.noise.subtotal == "before":
        cols.insert(1, "org_subtotal")
    return cols


_T3_HEADER_TEXT = {"natural_person": "自然人", "commercial": "商业\n企业", "research": "科研\n机构",
                   "social": "社会\n公益\n组织", "legal_service": "法律\n服务\n机构", "other_org": "其他",
                   "total": "总计", "org_subtotal": "小计"}


def _t3_labels(rng: random.Random) -> dict[str, str]:
    """Row labels of table 3 as this report prints them (numbering and spacing vary)."""
    ascii_parens = rng.random() < 0.3
    dot = rng.choice((".", ". ", "、", "．"))
    labels: dict[str, str] = {}
    for row in t3_rows_for("2021", False) + tuple(r for r in t3_rows_for("2021", True) if r.key == "other_handling"):
        text = row.label
        if row.key == "partially_granted" and rng.random() < 0.2:
            text = "（二）部分公开"
        if ascii_parens:
            text = text.replace("（", "(", 1).replace("）", ")", 1) if text.startswith("（") else text
        if text[:1].isdigit() and text[1] == ".":
            text = text[0] + dot + text[2:]
        labels[row.key] = text
    return labels


_T3_GROUPS = {
    "（三）不予公开": ("withheld_",),
    "（四）无法提供": ("unavailable_",),
    "（五）不予处理": ("not_processed_",),
    "（六）其他处理": ("other_overdue_correction", "other_overdue_fee", "other_other"),
}


def _group_of(row: str) -> str | None:
    for name, prefixes in _T3_GROUPS.items():
        if any(row.startswith(p) for p in prefixes):
            return name
    return None


def _t3_grid(report: SynthReport, rng: random.Random, ascii_parens: bool) -> Grid:
    noise = report.noise
    cols = _t3_columns(report)
    rows_keys = list(report.t3)
    labels = _t3_labels(rng)
    wrap = noise.wrap_headers

    def head(key: str) -> str:
        text = _T3_HEADER_TEXT[key]
        return text if wrap else text.replace("\n", "")

    orgs = [c for c in cols if c in T3_ORG_KEYS or c == "org_subtotal"]
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows: list[list[GridCell]] = [
        [_head(corner, rowspan=3, colspan=3), _head("申请人情况", colspan=len(cols))],
        [_head(head("natural_person"), rowspan=2), _head("法人或其他组织", colspan=len(orgs)),
         _head(head("total"), rowspan=2)],
        [_head(head(c)) for c in orgs],
    ]
    results = [r for r in rows_keys if r in T3_RESULT_ROWS or r == "total_processed"]
    group_len = {g: sum(1 for r in results if _group_of(r) == g) for g in _T3_GROUPS}
    seen_groups: set[str] = set()
    results_label = "三、本年度办理结果"
    for key in rows_keys:
        values = [_value(report.t3[key][c], rng, noise, mark=report.marks.get(("t3", key, c))) for c in cols]
        label = labels[key]
        if ascii_parens:
            label = label.replace("（", "(").replace("）", ")") if label.startswith("（") else label
        if key in ("new_received", "carried_over", "carried_forward"):
            rows.append([_label(label, colspan=3)] + values)
            continue
        lead = [_label(results_label, rowspan=len(results))] if key == results[0] else []
        group = _group_of(key)
        if group is None:
            rows.append(lead + [_label(label, colspan=2)] + values)
        else:
            head_cell = [] if group in seen_groups else [_label(group, rowspan=group_len[group])]
            seen_groups.add(group)
            rows.append(lead + head_cell + [_label(label)] + values)
    return Grid(rows, 3 + len(cols), 3, data_start=3)


def _t4_grid(report: SynthReport, rng: random.Random) -> Grid:
    noise, t4 = report.noise, report.t4
    wrap = noise.wrap_headers
    names = [("结果\n维持" if wrap else "结果维持"), ("结果\n纠正" if wrap else "结果纠正"),
             ("其他\n结果" if wrap else "其他结果"), ("尚未\n审结" if wrap else "尚未审结"), "总计"]
    groups = ("review", "litigation_direct", "litigation_after_review")
    cols = ("upheld", "corrected", "other", "pending", "total")
    if noise.t4_by_group:
        rows = [[_head("")] + [_head(n) for n in names]]
        for group, label in zip(groups, ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")):
            rows.append([_label(label)] + [_value(t4[group][c], rng, noise, mark=report.marks.get(("t4", group, c)))
                                           for c in cols])
        return Grid(rows, 6, 1)
    rows = [
        [_head("行政复议", colspan=5), _head("行政诉讼", colspan=10)],
        [_head(n, rowspan=2) for n in names] + [_head("未经复议直接起诉", colspan=5), _head("复议后起诉", colspan=5)],
        [_head(n) for n in names] * 2,
        [_value(t4[g][c], rng, noise, mark=report.marks.get(("t4", g, c))) for g in groups for c in cols],
    ]
    return Grid(rows, 15, 3)


# Writing ---------------------------------------------------------------------------------------------


@dataclass
class _Doc:
    """The report as blocks: ("title"|"heading"|"sub"|"para"|"footer"|"signature", text) or ("table", name, Grid)."""

    blocks: list[tuple] = field(default_factory=list)


_SUBHEADING_STARTS = ("（", "(", "1.", "2.", "3.", "4.", "5.")


def _document(report: SynthReport, rng: random.Random, footers: bool) -> _Doc:
    doc = _Doc()
    for line in report.title:
        doc.blocks.append(("title", line))
    if rng.random() < 0.5:
        period = f"{report.year}年1月1日起至{report.year}年12月31日止"
        doc.blocks.append(("para", f"根据《中华人民共和国政府信息公开条例》规定，编制本报告。本报告中所列数据的统计期限自{period}。"))
    ascii_parens = rng.random() < 0.25
    page = 1
    bookmark_at = rng.randrange(3) if report.noise.bookmark else -1
    for key in ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"):
        doc.blocks.append(("heading", report.headings[key]))
        for n, para in enumerate(report.paragraphs[key]):
            kind = "sub" if para.startswith(_SUBHEADING_STARTS) and len(para) < 20 else "para"
            if n == bookmark_at and key == "overview":
                para = "[bookmark: _GoBack]" + para
            doc.blocks.append((kind, para))
        if key == "active_disclosure":
            doc.blocks.append(("table", "t2", _t2_grid(report, rng)))
        elif key == "applications":
            doc.blocks.append(("table", "t3", _t3_grid(report, rng, ascii_parens)))
        elif key == "review_litigation":
            doc.blocks.append(("table", "t4", _t4_grid(report, rng)))
        if footers and rng.random() < 0.5:
            page += 1
            doc.blocks.append(("footer", _footer(rng, page)))
    for line in report.signature:
        doc.blocks.append(("signature", line))
    return doc


def _footer(rng: random.Random, page: int) -> str:
    return rng.choice((f"- {page} -", f"— {page} —", f"第 {page} 页 共 {page + 3} 页", f"第{page}页"))


def write(report: SynthReport, layout: str) -> str:
    """Print the report as the named export tool would; the same report and layout give the same text."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    rng = random.Random(f"{report.seed}:{layout}")
    doc = _document(report, rng, report.noise.footers and layout != "html")
    writer = {"docx": _DocxWriter, "tab": _TabWriter, "space": _SpaceWriter, "fixed": _FixedWriter,
              "pipe": _PipeWriter, "markdown": _MarkdownWriter, "html": _HtmlWriter, "flat": _FlatWriter}[layout]
    return writer(report, rng).render(doc)


Slot = tuple[str, str, int]  # (text, role, colspan); covered positions are ("", role, 0)


class _Writer:
    """Shared by the plain-text layouts: text blocks one per line, tables by `table_lines`."""

    blank_between = False

    def __init__(self, report: SynthReport, rng: random.Random) -> None:
        self.report = report
        self.rng = rng
        self.noise = report.noise

    def render(self, doc: _Doc) -> str:
        out: list[str] = []
        for block in doc.blocks:
            if block[0] == "table":
                out.extend(self.table_lines(block[1], block[2]))
            else:
                out.extend(self.text_lines(block[0], block[1]))
            if self.blank_between:
                out.append("")
        return "\n".join(out) + "\n"

    def text_lines(self, kind: str, text: str) -> list[str]:
        return [text]

    def table_lines(self, name: str, grid: Grid) -> list[str]:
        raise NotImplementedError

    def space(self) -> str:
        if self.noise.fullwidth_spaces and self.rng.random() < 0.5:
            return "\u3000"
        return " " * self.rng.choice((1, 1, 2, 3))

    def footer(self) -> list[str]:
        return [_footer(self.rng, self.rng.randint(2, 9))] if self.noise.footers else []


class _PrintedWriter(_Writer):
    """Layouts that come from a printed page (PDF text): page breaks and labels wrapped over two lines."""

    def table_lines(self, name: str, grid: Grid) -> list[str]:
        expanded = grid.expand()
        brk = None
        if name == "t3" and self.noise.page_break:
            brk = self.rng.randrange(grid.data_start + 3, len(grid.rows) - 1)
        self.prepare(grid, expanded)
        out: list[str] = []
        for r in range(len(grid.rows)):
            repeat = r == brk
            if repeat:
                out.extend(self.footer())
                if self.noise.repeat_header:
                    for h in range(grid.header):
                        out.extend(self.row_lines(_row_slots(expanded, h, False), False))
            for slots in self.wrapped(_row_slots(expanded, r, repeat)):
                out.extend(self.row_lines(slots, repeat))
        return out

    def prepare(self, grid: Grid, expanded: list) -> None:
        """Work out what the whole table needs before its rows are printed (column widths)."""

    def row_lines(self, slots: list[Slot], repeat: bool) -> list[str]:
        raise NotImplementedError

    def wrapped(self, slots: list[Slot]) -> list[list[Slot]]:
        """Return the lines a data row prints as: one, or two when its long label wraps."""
        labels = [k for k, (text, role, _span) in enumerate(slots) if role == "label" and text]
        if not self.noise.wrap_labels or not labels or all(role != "value" for _t, role, _s in slots):
            return [slots]
        i = labels[-1]
        text, role, span = slots[i]
        if len(text) < 12 or self.rng.random() < 0.5:
            return [slots]
        cut = self.rng.randint(4, len(text) - 2)
        head, tail = (text[:cut], role, span), (text[cut:], role, span)
        before, after = slots[:i], slots[i + 1:]
        empty = [("", r, s) for _t, r, s in before]
        if self.rng.random() < 0.5:  # the figures stand on the label's first line
            return [before + [head] + after, empty + [tail] + [("", r, s) for _t, r, s in after]]
        return [before + [head] + [("", r, s) for _t, r, s in after], empty + [tail] + after]


def _row_slots(expanded: list, r: int, repeat_below: bool) -> list[Slot]:
    """Return row r's grid positions; a label spanning rows is printed again when the page breaks."""
    out: list[Slot] = []
    for slot in expanded[r]:
        if slot is None:
            out.append(("", "label", 1))
            continue
        cell, kind = slot
        if kind == "origin" or (repeat_below and kind == "below" and cell.role == "label"):
            out.append((cell.text, cell.role, cell.colspan))
        else:
            out.append(("", cell.role, 0))
    return out


def _spaced(text: str, rng: random.Random) -> str:
    """Spread a heading like a PDF export does: "三、本 年度 办理 结果"."""
    if text == "三、本年度办理结果" and rng.random() < 0.7:
        return "三、本 年度 办理 结果"
    return text


class _DocxWriter(_Writer):
    """Word's text export: every cell on its own tab-led line, a blank line after each row."""

    def table_lines(self, name: str, grid: Grid) -> list[str]:
        expanded = grid.expand()
        out: list[str] = []
        for r in range(len(grid.rows)):
            for slot in expanded[r]:
                if slot is None:
                    out.append("\t")
                    continue
                cell, kind = slot
                if kind == "right":
                    continue
                text = cell.text if kind == "origin" else ""
                parts = text.split("\n")
                if cell.role == "value" and kind == "origin" and text:
                    pads = ("", "", "", " ", "\u3000", "\xa0", "\n") if self.noise.fullwidth_spaces else ("",) * 4 + ("\n",)
                    pad = self.rng.choice(pads)
                    parts = ["", text] if pad == "\n" else [pad + text]
                out.append("\t" + parts[0])
                out.extend(parts[1:])
            out.append("")
        return out


class _TabWriter(_PrintedWriter):
    """A PDF's text export: one row per line, cells separated by tabs, header words broken over lines."""

    blank_between = True

    def row_lines(self, slots: list[Slot], repeat: bool) -> list[str]:
        first: list[str] = []
        overflow: list[str] = []
        for text, role, _span in slots:
            parts = text.split("\n")
            if role == "header" and len(parts) > 1:
                first.append(" ".join(parts[:2]))
                overflow.append(" ".join(parts[2:]))
            else:
                first.append(_spaced(text, self.rng) if repeat else text.replace("\n", ""))
                overflow.append("")
        if self.noise.ragged and self.rng.random() < 0.4 and any(r == "value" for _t, r, _s in slots):
            # PDF text tools drop the empty cells in front of a row's first label.
            while len(first) > 1 and not first[0] and any(first):
                first.pop(0)
                overflow.pop(0)
        lines = ["\t".join(first) + ("\t" if self.rng.random() < 0.3 else "")]
        if any(overflow):
            lines.append("\t".join(overflow))
        return lines


class _SpaceWriter(_PrintedWriter):
    """Text where a table row is its printed cells separated by spaces, empty cells dropped."""

    def row_lines(self, slots: list[Slot], repeat: bool) -> list[str]:
        texts = [text.replace("\n", "") for text, _role, _span in slots if text]
        return [self.space().join(texts)] if texts else []


class _FixedWriter(_PrintedWriter):
    """Fixed-width columns, as `pdftotext -layout` prints them (CJK characters are two columns wide)."""

    blank_between = True

    def prepare(self, grid: Grid, expanded: list) -> None:
        widths = [2] * grid.width
        origins = [(c, slot[0]) for row in expanded for c, slot in enumerate(row) if slot and slot[1] == "origin"]
        for c, cell in origins:
            if cell.colspan == 1:
                widths[c] = max(widths[c], max(display_width(p) for p in cell.text.split("\n")) + 2)
        for c, cell in origins:
            need = max(display_width(p) for p in cell.text.split("\n")) + 2
            have = sum(widths[c:c + cell.colspan])
            if cell.colspan > 1 and have < need:
                widths[c + cell.colspan - 1] += need - have
        self.widths = widths

    def row_lines(self, slots: list[Slot], repeat: bool) -> list[str]:
        placed: list[tuple[int, int, list[str], str]] = []  # (start, width, lines, role)
        x = 0
        for c, (text, role, span) in enumerate(slots):
            if text:
                placed.append((x, sum(self.widths[c:c + max(span, 1)]), text.split("\n"), role))
            x += self.widths[c]
        height = max((len(lines) for _s, _w, lines, _r in placed), default=0)
        out = []
        for k in range(height):
            line = ""
            for start, span, lines, role in placed:
                text = lines[k] if k < len(lines) else ""
                if not text:
                    continue
                width = display_width(text)
                if role == "value":
                    at = start + span - width - 1
                elif role == "header":
                    at = start + max(0, (span - width) // 2)
                else:
                    at = start
                line += " " * max(1 if line else 0, at - display_width(line)) + text
            out.append(line.rstrip())
        return out


class _PipeWriter(_Writer):
    """Plain text whose tables are pipe-separated rows with a |---| rule under each table's first row."""

    blank_between = True
    outer = False

    def table_lines(self, name: str, grid: Grid) -> list[str]:
        expanded = grid.expand()
        out = []
        for r in range(len(grid.rows)):
            texts = [t.replace("\n", "") for t, _role, _span in _row_slots(expanded, r, False)]
            out.append(self._join(texts))
            if r == 0:
                out.append(self._join(["---"] * grid.width))
        return out

    def _join(self, texts: list[str]) -> str:
        inner = " | ".join(texts) if self.outer else "|".join(texts)
        return f"| {inner} |" if self.outer else f"|{inner}|"


class _MarkdownWriter(_PipeWriter):
    """A Markdown document: # headings, paragraphs between blank lines, pipe tables."""

    outer = True

    def text_lines(self, kind: str, text: str) -> list[str]:
        if kind == "title":
            return [f"# {text}"]
        if kind == "heading":
            return [f"## {text}"]
        if kind == "sub":
            return [f"**{text}**" if self.rng.random() < 0.5 else f"### {text}"]
        return [text]


class _FlatWriter(_SpaceWriter):
    """Table 3 lost its row labels: one long run of figures in template order (other tables space-separated)."""

    def table_lines(self, name: str, grid: Grid) -> list[str]:
        if name != "t3":
            return super().table_lines(name, grid)
        expanded = grid.expand()
        out = []
        for r in range(grid.header):
            texts = [t.replace("\n", "") for t, _role, _span in _row_slots(expanded, r, False) if t]
            out.append(" ".join(texts))
        figures = [cell.text for row in grid.rows[grid.header:] for cell in row if cell.role == "value"]
        per_line = self.rng.choice((1, 7, 10, 20, len(figures)))
        for start in range(0, len(figures), per_line):
            out.append(self.space().join(figures[start:start + per_line]))
        return out


class _HtmlWriter(_Writer):
    """A full HTML page, tables with rowspan/colspan for merged label cells and the two-level header."""

    def render(self, doc: _Doc) -> str:
        title = html.escape("".join(self.report.title))
        out = ["<!DOCTYPE html>", "<html lang=\"zh-CN\">", "<head>", "<meta charset=\"utf-8\">",
               f"<title>{title}</title>", "<style>td{border:1px solid #000}</style>", "</head>", "<body>",
               "<div class=\"article\">"]
        for block in doc.blocks:
            if block[0] == "table":
                out.extend(self._table(block[2]))
                continue
            kind, text = block
            text = html.escape(text)
            if kind == "title":
                out.append(f"<h1 class=\"title\">{text}</h1>")
            elif kind == "heading":
                out.append(self.rng.choice((f"<h2>{text}</h2>", f"<p><strong>{text}</strong></p>",
                                            f"<p style=\"text-indent:2em\"><b>{text}</b></p>")))
            elif kind == "signature":
                out.append(f"<p style=\"text-align:right\">{text}</p>")
            else:
                out.append(f"<p style=\"text-indent:2em\">{text}</p>")
        out += ["</div>", "</body>", "</html>"]
        return "\n".join(out) + "\n"

    def _table(self, grid: Grid) -> list[str]:
        out = ["<table border=\"1\" cellspacing=\"0\">", "<tbody>"]
        for row in grid.rows:
            tds = []
            for cell in row:
                attrs = (f" rowspan=\"{cell.rowspan}\"" if cell.rowspan > 1 else "") + (
                    f" colspan=\"{cell.colspan}\"" if cell.colspan > 1 else "")
                text = "<br>".join(html.escape(p) for p in cell.text.split("\n"))
                if cell.role == "value" and self.noise.fullwidth_spaces and self.rng.random() < 0.3:
                    text = "&nbsp;" + text
                if self.rng.random() < 0.3:
                    text = f"<p><span>{text}</span></p>"
                tds.append(f"<td{attrs}>{text}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out += ["</tbody>", "</table>"]
        return out


# Flattened pages (crawlers' text) --------------------------------------------------------------------
# A crawler that keeps a page's `innerText` or `textContent` with white space collapsed loses its line
# structure: the whole report on one line, table cells after one another, separated by one space or by
# nothing at all. These renderings are kept apart from `LAYOUTS`: a glued table may be ambiguous, so a
# reader owes each cell its exact figure or an explicit "unread", not always the figure.

FLATTENINGS = ("oneline", "glued", "narrative", "stacked")


def flatten(report: SynthReport, how: str) -> str:
    """Print the report as a crawler flattens its page; the same report and `how` give the same text.

    `oneline`: everything on one line, cells separated by single spaces; `glued`: on one line, cells with
    nothing between them; `narrative`: the text of the report on one line, the tables one cell per line;
    `stacked`: as LibreOffice's text export prints it, one paragraph and one cell per line, an empty cell
    an empty line.
    """
    if how not in FLATTENINGS:
        raise ValueError(f"unknown flattening {how!r}; expected one of {', '.join(FLATTENINGS)}")
    rng = random.Random(f"{report.seed}:{how}")
    plain = replace(report, noise=replace(report.noise, fullwidth_spaces=False, footers=False, bookmark=False))
    doc = _document(plain, rng, False)
    glued = how == "glued"
    spaced_labels = rng.random() < 0.4
    pieces: list[str] = []
    out: list[str] = []
    for block in doc.blocks:
        if block[0] != "table":
            pieces.append(block[1])
            continue
        cells = _flat_cells(plain, block[2], rng, glued, spaced_labels)
        if how == "narrative":
            out.append(" ".join(pieces))
            out.extend(c for c in cells if c)
            pieces = []
        elif how == "stacked":
            out.extend(pieces)
            out.extend(cells)
            pieces = []
        else:
            pieces.append(("" if glued else " ").join(c for c in cells if c))
    if how == "narrative":
        out.append(" ".join(pieces))
        return "\n".join(out) + "\n"
    if how == "stacked":
        return "\n".join(out + pieces) + "\n"
    return rng.choice(("", " ")).join(pieces) if glued else " ".join(pieces) + "\n"


def _flat_cells(report: SynthReport, grid: Grid, rng: random.Random, glued: bool, spaced: bool) -> list[str]:
    """A table's cells in document order, as `textContent` gives them; empty cells give nothing."""
    out = []
    for row in grid.rows:
        for cell in row:
            text = cell.text.replace("\n", "" if glued or rng.random() < 0.5 else " ")
            if cell.role == "value" and glued and text and text[0] in "０１２３４５６７８９":
                text = text.translate(str.maketrans("０１２３４５６７８９＋－，．", "0123456789+-,."))
            if cell.role == "value" and glued:
                text = text.replace(",", "")
            if spaced and cell.role != "value" and 2 <= len(text) <= 8 and rng.random() < 0.3:
                at = rng.randrange(1, len(text))
                text = text[:at] + " " + text[at:] if text[at - 1] not in "（(" and text[at] not in "）)" else text
            out.append(text)
    return out
