"""`gongkai import` of a Word original: the text read out of it is kept, and figures link into it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from build_tools.archive import EXTRACTED_TEXT, import_files, load_archive
from build_tools.pipeline import build
from test_ingest import seed_doc, write_docx

ROOT = Path(__file__).resolve().parent.parent
CHANGLUO = ROOT / "tests" / "fixtures" / "seeds" / "003_df809919c7a5e4a0.txt"


def test_a_docx_original_is_imported_with_its_text_and_built(tmp_path: Path) -> None:
    doc, data = seed_doc(CHANGLUO)
    original = write_docx(doc, tmp_path / "长洛乡2023年报.docx")
    content, docs = tmp_path / "content", tmp_path / "docs"
    (outcome,) = import_files([original], content, today=dt.date(2024, 2, 1))
    assert outcome.status in ("imported", "imported_with_findings"), outcome.reason
    assert (outcome.directory / "original.docx").read_bytes() == original.read_bytes()
    text = (outcome.directory / EXTRACTED_TEXT).read_text(encoding="utf-8")

    (stored,) = load_archive(content).reports
    report = stored.report
    assert report.source.encoding == "docx" and report.source.name == original.name
    assert report.table_values("applications") == {k: v for k, v in data["applications"].items()}
    cell = report.cells.applications["new_received"]["total"]
    assert "本年新收" in text.split("\n")[cell.line - 1]  # the line a figure links to is its row

    build(content, None, docs, repo_root=ROOT, run=False)
    source_page = (docs / "r" / "360704203" / "2023" / "index.md").read_text(encoding="utf-8")
    assert f"<li id=L{cell.line}>" in source_page and "本年新收" in source_page
    assert (outcome.directory / "original.docx").exists()

    (again,) = import_files([original], content)
    assert again.status == "duplicate"
