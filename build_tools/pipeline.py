"""The stages in order: read files, parse them, check them (the archive build lives in `build`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_tools.checks import check_reports
from build_tools.model import Report
from build_tools.parse import ParseError, parse_text
from build_tools.sources import SourceError, load_source


@dataclass
class ParseResult:
    path: Path
    report: Report | None = None
    error: str | None = None


def identity_key(report: Report) -> str:
    """Return what identifies the same organ across years: its region code and organ name."""
    return f"{report.region.code or ''}|{report.organ or ''}"


def parse_files(paths: list[Path]) -> list[ParseResult]:
    """Parse every file; one that cannot be read is returned with its error and never stops the others."""
    results: list[ParseResult] = []
    for path in paths:
        try:
            source = load_source(path)
            results.append(ParseResult(path, parse_text(source)))
        except (SourceError, ParseError) as exc:
            results.append(ParseResult(path, error=str(exc)))
        except IsADirectoryError:
            results.append(ParseResult(path, error="is a directory, expected a report file"))
        except FileNotFoundError:
            results.append(ParseResult(path, error="no such file"))
        except OSError as exc:
            results.append(ParseResult(path, error=f"cannot read file: {exc.strerror or exc}"))
    parsed = [r for r in results if r.report is not None]
    checked = check_reports([r.report for r in parsed], [identity_key(r.report) for r in parsed])  # type: ignore
    for result, report in zip(parsed, checked):
        result.report = report
    return results
