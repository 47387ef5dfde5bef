"""The model: impossible values are validation errors; reports round-trip; the committed schema is current."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from build_tools.cli import main
from build_tools.model import Report, report_json_schema
from build_tools.pipeline import parse_files
from conftest import FIXTURES, SEEDS

SCHEMA_FILE = Path(__file__).parent.parent / "schema" / "report.schema.json"
CHECK_FIXTURES = sorted((FIXTURES / "checks").glob("*.txt"))
# The model's own error types (PydanticCustomError), shared with the findings' vocabulary of ids.
MODEL_IDS = {"cell-without-source", "cell-state-mismatch"}


def report_of(path: Path) -> Report:
    (result,) = parse_files([path])
    assert result.report is not None, result.error
    return result.report


@pytest.fixture(scope="module")
def seed_json() -> dict[str, Any]:
    return report_of(SEEDS[0]).to_json_dict()


def errors(data: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> list[tuple[str, tuple]]:
    """Validate a changed copy of `data`; return each error's (type, loc)."""
    changed = copy.deepcopy(data)
    change(changed)
    with pytest.raises(ValidationError) as info:
        Report.model_validate(changed)
    return [(e["type"], e["loc"]) for e in info.value.errors(include_url=False)]


def row(data: dict[str, Any], table: str, key: str) -> dict[str, Any]:
    return data[table][key]


def cell(data: dict[str, Any], table: str, key: str, column: str) -> dict[str, Any]:
    return data["cells"][table][key][column]


# Impossible values --------------------------------------------------------------------------------------


def test_seed_json_is_valid(seed_json):
    assert Report.model_validate(seed_json).organ == "酉阳土家族苗族自治县楠木乡人民政府"


def test_negative_count_is_rejected(seed_json):
    assert errors(seed_json, lambda d: row(d, "applications", "new_received").update(total=-1)) == [
        ("greater_than_equal", ("applications", "new_received", "total")),
    ]


def test_fractional_count_is_rejected(seed_json):
    assert errors(seed_json, lambda d: row(d, "review_litigation", "review").update(total=1.5)) == [
        ("int_from_float", ("review_litigation", "review", "total")),
    ]


def test_unknown_row_is_rejected(seed_json):
    assert errors(seed_json, lambda d: d["applications"].update(made_up={"total": 1})) == [
        ("extra_forbidden", ("applications", "made_up")),
    ]


def test_unknown_column_is_rejected(seed_json):
    assert errors(seed_json, lambda d: row(d, "applications", "granted").update(made_up=1)) == [
        ("extra_forbidden", ("applications", "granted", "made_up")),
    ]


def test_unknown_top_level_key_is_rejected(seed_json):
    assert errors(seed_json, lambda d: d.update(comment="x")) == [("extra_forbidden", ("comment",))]


def test_value_without_a_cell_entry_is_rejected(seed_json):
    found = errors(seed_json, lambda d: row(d, "applications", "new_received").update(org_subtotal=1))
    assert found == [("cell-without-source", ())]
    assert {t for t, _ in found} <= MODEL_IDS


@pytest.mark.parametrize(("value", "state"), [(1, "blank"), (1, "not_applicable"), (1, "unread"), (None, "number"),
                                              (None, "inferred")])
def test_state_that_does_not_fit_the_value_is_rejected(seed_json, value, state):
    def change(d: dict[str, Any]) -> None:
        row(d, "applications", "new_received")["total"] = value
        cell(d, "applications", "new_received", "total")["state"] = state

    assert errors(seed_json, change) == [("cell-state-mismatch", ())]


def test_state_mismatch_message_names_the_cell(seed_json):
    changed = copy.deepcopy(seed_json)
    cell(changed, "applications", "new_received", "total")["state"] = "blank"
    with pytest.raises(ValidationError) as info:
        Report.model_validate(changed)
    (error,) = info.value.errors(include_url=False)
    assert error["msg"] == "applications.new_received.total: state blank does not fit value 1"
    assert error["ctx"] == {"table": "applications", "row": "new_received", "col": "total", "state": "blank",
                            "value": 1}


def test_unknown_cell_state_is_rejected(seed_json):
    assert errors(seed_json, lambda d: cell(d, "applications", "granted", "total").update(state="guessed")) == [
        ("enum", ("cells", "applications", "granted", "total", "state")),
    ]


def test_unknown_format_version_is_rejected(seed_json):
    assert errors(seed_json, lambda d: d.update(format_version="2020")) == [("literal_error", ("format_version",))]


def test_negative_fee_is_rejected(seed_json):
    found = errors(seed_json, lambda d: row(d, "active_disclosure", "fees").update(amount_10k_yuan=-0.5))
    assert found and {t for t, _ in found} <= {"greater_than_equal", "int_from_float"}


def test_table_2_errors_are_located_in_table_2(seed_json):
    # The form's tag ("2021" or "2019") stands after the table's key.
    found = errors(seed_json, lambda d: row(d, "active_disclosure", "licensing").update(decisions=-1))
    assert found == [("greater_than_equal", ("active_disclosure", "2021", "licensing", "decisions"))]


# Round trip ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS + CHECK_FIXTURES, ids=lambda p: p.stem)
def test_report_round_trips_through_its_json(path):
    report = report_of(path)
    data = report.to_json_dict()
    again = Report.model_validate(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == report
    assert again.to_json_dict() == data


# The committed JSON Schema ---------------------------------------------------------------------------------


def test_committed_schema_is_the_schema_command_output():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.output == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "schema/report.schema.json is stale: run `gongkai schema > schema/report.schema.json`")


def test_schema_command_prints_the_model_schema():
    assert json.loads(CliRunner().invoke(main, ["schema"]).output) == report_json_schema()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_json_validates_against_the_committed_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = report_of(path).to_json_dict()
    assert [e.message for e in validator.iter_errors(data)] == []


def test_committed_schema_rejects_a_negative_count(seed_json):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(seed_json)
    row(changed, "applications", "new_received")["total"] = -1
    assert not jsonschema.Draft202012Validator(schema).is_valid(changed)
