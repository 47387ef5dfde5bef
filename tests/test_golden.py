"""Golden files: every cell of the five seed reports, checked by hand against the seeds."""

from __future__ import annotations

import json

import pytest

from build_tools.pipeline import parse_files
from conftest import SEEDS


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_json_matches_golden(path, golden):
    (result,) = parse_files([path])
    assert result.error is None
    data = result.report.to_json_dict()
    data["source"]["name"] = path.name
    golden(f"seeds/{path.stem}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
