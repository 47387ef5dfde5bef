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
    absent = "absent"  # the report's table has no such row
    corrected = "corrected"  # set by a maintainer in the data file (value or null), see `corrections`


VALUED_STATES = (CellState.number, CellState.inferred)


class Cell(Strict):
    """Where a value came from: its state, the text as printed and the source line."""

    state: CellState
    raw: str = ""
    line: int | None = None


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
    heading: str
    text: str
    line: int


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

    path: str  # e.g. "applications.new_received.total" or "region.code"
    value: Any = None
    parsed: Any = None
    reason: str = ""
    date: dt.date | None = None


class Layout(Strict):
    """What the report's tables actually look like, where it departs from its format version."""

    t2_version: Literal["2021", "2019"] | None = None
    t2_row_labels: dict[str, str] = {}
    t3_other_undivided: bool = False
    t3_subtotal_column: bool = False


class Region(Strict):
    """Where the report belongs: an NBS statistical code (2/4/6/9 digits) and how it was decided."""

    code: str | None = None
    path: list[str] = []  # names from the province down, e.g. ["江西省", "赣州市", "赣县区", "长洛乡"]
    candidates: list[str] = []
    reason: str = ""
    set_by: Literal["text", "maintainer"] = "text"


class Source(Strict):
    name: str
    sha256: str
    encoding: str
    lines: int


class Cells(Strict):
    active_disclosure: dict[str, dict[str, Cell]] = {}
    applications: dict[str, dict[str, Cell]] = {}
    review_litigation: dict[str, dict[str, Cell]] = {}


class Report(Strict):
    """One annual report: metadata, the six sections and the three tables, every cell with its source."""

    schema_version: Literal["1"] = "1"
    organ: str | None
    year: Year | None
    level: Level
    format_version: Literal["2021", "2019"]
    published: dt.date | None = None
    regions: list[str] = []
    region: Region = Region()
    source: Source
    sections: Sections
    active_disclosure: ActiveDisclosure | None
    applications: Applications | None
    review_litigation: ReviewLitigation | None
    cells: Cells
    layout: Layout = Layout()
    corrections: list[Correction] = []
    findings: list[Finding] = []

    @model_validator(mode="after")
    def _cells_match_values(self) -> Report:
        if self.active_disclosure is not None and _t2_form(self.active_disclosure) != self.format_version:
            raise PydanticCustomError(
                "form-mismatch", "active_disclosure has the {form} form but format_version is {version}",
                {"form": _t2_form(self.active_disclosure), "version": self.format_version})
        for table in ("active_disclosure", "applications", "review_litigation"):
            values = getattr(self, table)
            cells: dict[str, dict[str, Cell]] = getattr(self.cells, table)
            rows = values.model_dump(exclude_unset=True) if values is not None else {}
            for row, cols in rows.items():
                if cols is None:
                    continue
                for col, value in cols.items():
                    cell = cells.get(row, {}).get(col)
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


def _dump_table(values: BaseModel | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return values.model_dump(mode="json", exclude_unset=True)


def report_json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the public data format."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "gongkai annual report"
    return schema
