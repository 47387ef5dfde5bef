"""The validated report: pydantic models of the national annual-report format (2019 and 2021 versions).

The models hold shape and type only: a value that cannot exist (a negative count, an unknown row) is a
validation error. Whether the figures add up is for `checks/`, which reports findings.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from build_tools.findings import Finding

SCHEMA_VERSION = "1"

Count = Annotated[int, Field(ge=0)]
Signed = int
Money = Annotated[float, Field(ge=0)] | Annotated[int, Field(ge=0)]
Year = Annotated[int, Field(ge=2008, le=2100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Level(str, Enum):
    township = "township"
    street = "street"
    county = "county"
    city = "city"
    province = "province"
    department = "department"
    other = "other"


class CellState(str, Enum):
    number = "number"  # a figure as printed
    blank = "blank"  # nothing printed: not zero
    not_applicable = "not_applicable"  # "/", "—" and the like
    unreadable = "unreadable"  # text that is not a valid figure for this cell ("十二", "-3", "1.5 件")
    unread = "unread"  # the layout lost the cell's position: left unread, see findings
    inferred = "inferred"  # not printed where it belongs, but the table's arithmetic allows one value only
    decoded = "decoded"  # printed glued to other figures ("3000003"); the form's constraints allow one split only
    absent = "absent"  # the report's table has no such row
    corrected = "corrected"  # set by a maintainer in the data file (value or null), see `corrections`


VALUED_STATES = (CellState.number, CellState.inferred, CellState.decoded)


class Cell(Strict):
    """Where a value came from: its state, the text as printed and the source line."""

    state: CellState = Field(description="单元格状态：原文数字、空白、不适用符号、无效数字、未读取、推算、缺行或维护者更正")
    raw: str = Field("", description="原文此单元格印出的文字，未经改动")
    line: int | None = Field(None, description="此单元格在原文中的行号（原件为 PDF、Word 或网页时指 source.txt 的行号）")


# Table 2, 2021 form.
class Documents2021(Strict):
    issued: Count | None = None
    repealed: Count | None = None
    in_force: Count | None = None


class Decisions(Strict):
    decisions: Count | None = None


class Fees2021(Strict):
    amount_10k_yuan: Money | None = None


class ActiveDisclosure2021(Strict):
    regulations: Documents2021 | None = None
    normative_documents: Documents2021 | None = None
    licensing: Decisions | None = None
    punishment: Decisions | None = None
    coercion: Decisions | None = None
    fees: Fees2021 | None = None


# Table 2, 2019 form.
class Documents2019(Strict):
    new_made: Count | None = None
    new_published: Count | None = None
    total_published: Count | None = None


class Items2019(Strict):
    prev_items: Count | None = None
    change: Signed | None = None
    decisions: Count | None = None


class Fees2019(Strict):
    prev_items: Count | None = None
    change: Signed | None = None


class Procurement2019(Strict):
    items: Count | None = None
    amount: Money | None = None


class ActiveDisclosure2019(Strict):
    regulations: Documents2019 | None = None
    normative_documents: Documents2019 | None = None
    licensing: Items2019 | None = None
    other_services: Items2019 | None = None
    punishment: Items2019 | None = None
    coercion: Items2019 | None = None
    fees: Fees2019 | None = None
    procurement: Procurement2019 | None = None


_T2_2019_KEYS = {"new_made", "new_published", "total_published", "prev_items", "change", "items", "amount",
                 "other_services", "procurement"}


def _t2_form(value: Any) -> str:
    """Tell the 2019 form of table 2 from the 2021 form by its keys."""
    if isinstance(value, ActiveDisclosure2019):
        return "2019"
    if isinstance(value, dict):
        keys = set(value) | {c for row in value.values() if isinstance(row, dict) for c in row}
        return "2019" if keys & _T2_2019_KEYS else "2021"
    return "2021"


ActiveDisclosure = Annotated[
    Annotated[ActiveDisclosure2021, Tag("2021")] | Annotated[ActiveDisclosure2019, Tag("2019")],
    Discriminator(_t2_form),
]


# Table 3.
class ApplicationsRow(Strict):
    natural_person: Count | None = None
    commercial: Count | None = None
    research: Count | None = None
    social: Count | None = None
    legal_service: Count | None = None
    other_org: Count | None = None
    total: Count | None = None
    org_subtotal: Count | None = None  # only when the report prints a non-official 小计 column


class Applications(Strict):
    new_received: ApplicationsRow | None = None
    carried_over: ApplicationsRow | None = None
    granted: ApplicationsRow | None = None
    partially_granted: ApplicationsRow | None = None
    withheld_state_secret: ApplicationsRow | None = None
    withheld_prohibited_by_law: ApplicationsRow | None = None
    withheld_three_safeties: ApplicationsRow | None = None
    withheld_third_party: ApplicationsRow | None = None
    withheld_internal_affairs: ApplicationsRow | None = None
    withheld_process_info: ApplicationsRow | None = None
    withheld_enforcement_files: ApplicationsRow | None = None
    withheld_query_matters: ApplicationsRow | None = None
    unavailable_not_held: ApplicationsRow | None = None
    unavailable_needs_creation: ApplicationsRow | None = None
    unavailable_unclear: ApplicationsRow | None = None
    not_processed_petition: ApplicationsRow | None = None
    not_processed_duplicate: ApplicationsRow | None = None
    not_processed_publication: ApplicationsRow | None = None
    not_processed_mass_repeat: ApplicationsRow | None = None
    not_processed_confirmation: ApplicationsRow | None = None
    other_overdue_correction: ApplicationsRow | None = None
    other_overdue_fee: ApplicationsRow | None = None
    other_other: ApplicationsRow | None = None
    other_handling: ApplicationsRow | None = None  # the undivided （六）其他处理 of the 2019 form
    total_processed: ApplicationsRow | None = None
    carried_forward: ApplicationsRow | None = None


# Table 4.
class ReviewGroup(Strict):
    upheld: Count | None = None
    corrected: Count | None = None
    other: Count | None = None
    pending: Count | None = None
    total: Count | None = None


class ReviewLitigation(Strict):
    review: ReviewGroup | None = None
    litigation_direct: ReviewGroup | None = None
    litigation_after_review: ReviewGroup | None = None


class SectionText(Strict):
    heading: str = Field(description="原文印出的标题")
    text: str = Field(description="这一部分的正文")
    line: int = Field(description="标题在原文中的行号")


class Sections(Strict):
    preamble: SectionText | None = None  # what stands between the title and 一、总体情况
    overview: SectionText | None = None
    active_disclosure: SectionText | None = None
    applications: SectionText | None = None
    review_litigation: SectionText | None = None
    problems: SectionText | None = None
    other_matters: SectionText | None = None


class Correction(Strict):
    """A maintainer's change to what the parser read, and why."""

    path: str = Field(description="被更正的值的路径，如 applications.new_received.total 或 region.code")
    value: Any = Field(None, description="更正后的值")
    parsed: Any = Field(None, description="解析器读出的值")
    reason: str = Field("", description="维护者写明的更正理由")
    date: dt.date | None = Field(None, description="更正日期")


class Layout(Strict):
    """What the report's tables actually look like, where it departs from its format version."""

    t2_version: Literal["2021", "2019"] | None = Field(None, description="表二实际所用格式的年版")
    t2_row_labels: dict[str, str] = Field({}, description="表二中与所用格式不同的行名：行键名 → 原文行名")
    t3_other_undivided: bool = Field(False, description="表三的（六）其他处理未分为三行（2019 年版写法）")
    t3_subtotal_column: bool = Field(False, description="表三印有格式之外的“小计”列（org_subtotal）")


class Region(Strict):
    """Where the report belongs: an NBS statistical code (2/4/6/9 digits) and how it was decided."""

    code: str | None = Field(None, description="国家统计局统计用区划代码（2、4、6 或 9 位数字），是字符串而非数字，未确定时为 null")
    path: list[str] = Field([], description="从省级到本级的地名，如 江西省、赣州市、赣县区、长洛乡")  # names from the province down
    candidates: list[str] = Field([], description="无法唯一确定地区时的候选代码")
    reason: str = Field("", description="地区如何确定或为何未能确定")
    set_by: Literal["text", "maintainer"] = Field("text", description="text：从报告文字判断；maintainer：维护者在数据文件中设定")


class Source(Strict):
    name: str = Field(description="原件的文件名")
    sha256: str = Field(description="原件的 SHA-256")
    encoding: str = Field(description="原件文字的编码（PDF、Word、网页为读出文字的方式）")
    lines: int = Field(description="原文（或读出的文字）的行数")


class Cells(Strict):
    active_disclosure: dict[str, dict[str, Cell]] = Field({}, description="表二各单元格：行键名 → 列键名 → 单元格")
    applications: dict[str, dict[str, Cell]] = Field({}, description="表三各单元格：行键名 → 列键名 → 单元格")
    review_litigation: dict[str, dict[str, Cell]] = Field({}, description="表四各单元格：行键名 → 列键名 → 单元格")


class Report(Strict):
    """One annual report: metadata, the six sections and the three tables, every cell with its source."""

    schema_version: Literal["1"] = Field("1", description="数据格式的版本")
    organ: str | None = Field(description="发布机关，照原文所印；原文未印出时为 null")
    year: Year | None = Field(description="报告年度（不是发布年份）；无法确定时为 null")
    level: Level = Field(description="发布机关的层级")
    level_reason: str | None = Field(None, description="层级的依据，如“街道办事处行使乡镇一级职能，与乡镇同级比较”")
    format_version: Literal["2021", "2019"] = Field(description="报告所用国家格式的年版，由表二的列判断")
    published: dt.date | None = Field(None, description="发布日期（ISO 日期）；原文未印出时为 null")
    regions: list[str] = Field([], description="报告中出现的地名，省级在前")
    region: Region = Field(Region(), description="报告所属地区")
    source: Source = Field(description="原件")
    sections: Sections = Field(description="报告的六个部分（及前言）；缺少的部分为 null")
    active_disclosure: ActiveDisclosure | None = Field(description="表二 主动公开政府信息情况：行 → 列 → 数值")
    applications: Applications | None = Field(description="表三 收到和处理政府信息公开申请情况：行 → 列 → 数值")
    review_litigation: ReviewLitigation | None = Field(description="表四 行政复议、行政诉讼情况：类别 → 列 → 数值")
    cells: Cells = Field(description="与三张表同样结构，给出每个单元格的状态、原文文字和行号")
    layout: Layout = Field(Layout(), description="报告表格偏离其格式之处")
    corrections: list[Correction] = Field([], description="维护者对解析结果的更正")
    findings: list[Finding] = Field([], description="解析和检查发现的问题")

    @model_validator(mode="after")
    def _cells_match_values(self) -> Report:
        if self.active_disclosure is not None and _t2_form(self.active_disclosure) != self.format_version:
            raise PydanticCustomError(
                "form-mismatch", "active_disclosure has the {form} form but format_version is {version}",
                {"form": _t2_form(self.active_disclosure), "version": self.format_version})
        for table in ("active_disclosure", "applications", "review_litigation"):
            values = getattr(self, table)
            cells: dict[str, dict[str, Cell]] = getattr(self.cells, table)
            for row, cols in _set_fields(values):
                if cols is None:
                    continue
                row_cells = cells.get(row, _NO_CELLS)
                given = cols.model_fields_set
                for col, value in cols.__dict__.items():  # _set_fields(cols), inlined: a report has ~200 cells
                    if col not in given:
                        continue
                    cell = row_cells.get(col)
                    if cell is None:
                        raise PydanticCustomError(
                            "cell-without-source",
                            "{table}.{row}.{col} has a value but no entry in cells",
                            {"table": table, "row": row, "col": col},
                        )
                    if cell.state != CellState.corrected and (value is None) == (cell.state in VALUED_STATES):
                        raise PydanticCustomError(
                            "cell-state-mismatch",
                            "{table}.{row}.{col}: state {state} does not fit value {value}",
                            {"table": table, "row": row, "col": col, "state": cell.state.value, "value": value},
                        )
        return self

    def table_values(self, table: str) -> dict[str, dict[str, Any]]:
        """Return a table's values as row → column → value, only the rows the report has."""
        values = getattr(self, table)
        if values is None:
            return {}
        return {k: v for k, v in values.model_dump(exclude_unset=True).items() if v is not None}

    def to_json_dict(self) -> dict[str, Any]:
        """Return the public open-data form of the report (the `gongkai parse --json` object)."""
        return self.model_dump(mode="json", exclude_unset=False, exclude={"active_disclosure", "applications",
                                                                           "review_litigation"}) | {
            "active_disclosure": _dump_table(self.active_disclosure),
            "applications": _dump_table(self.applications),
            "review_litigation": _dump_table(self.review_litigation),
        }


_NO_CELLS: dict[str, Cell] = {}


def _set_fields(model: BaseModel | None) -> list[tuple[str, Any]]:
    """A model's fields that were set, in their order, as (name, value): model_dump(exclude_unset=True)
    without copying the values."""
    if model is None:
        return []
    given = model.model_fields_set
    return [(name, value) for name, value in model.__dict__.items() if name in given]  # fields, in their order


def _dump_table(values: BaseModel | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return values.model_dump(mode="json", exclude_unset=True)


def report_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the public data format."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "gongkai annual report"
    _describe_tables(schema["$defs"])
    return schema


def _describe_tables(defs: dict[str, Any]) -> None:
    """Describe the sections' and tables' keys by the labels the national format prints for them."""
    from build_tools.labels import SECTIONS, T2_COLUMNS, T2_ROWS, T3_COLUMNS, T3_ROWS, T3_SUBTOTAL, T4_COLUMNS, T4_GROUPS

    t2_rows = {r.key: f"{r.group} {r.label}".strip() for rows in T2_ROWS.values() for r in rows}
    labels = {
        "Sections": {s.key: f"{s.number}、{s.label}" for s in SECTIONS} | {"preamble": "标题与“一、总体情况”之间的文字"},
        "ActiveDisclosure2021": t2_rows, "ActiveDisclosure2019": t2_rows,
        "Applications": {r.key: f"{r.group} {r.label}".strip() for r in T3_ROWS},
        "ApplicationsRow": {c.key: c.label for c in (*T3_COLUMNS, T3_SUBTOTAL)},
        "ReviewLitigation": {g.key: g.label for g in T4_GROUPS},
        "ReviewGroup": {c.key: c.label for c in T4_COLUMNS},
    }
    t2_columns = {k: c.label for k, c in T2_COLUMNS.items()}
    for name, definition in defs.items():
        names = labels.get(name, t2_columns if name in _T2_ROW_MODELS else {})
        for key, prop in definition.get("properties", {}).items():
            if key in names and "description" not in prop:
                prop["description"] = names[key]


_T2_ROW_MODELS = ("Documents2021", "Decisions", "Fees2021", "Documents2019", "Items2019", "Fees2019", "Procurement2019")
