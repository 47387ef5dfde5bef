"""Where an original came from: the URL, when it was fetched and what the server said about it.

Kept as `provenance.json` beside the original in the report's folder (never in report.yaml, which a
maintainer edits), written once with the import and moved along with the original when a later file
replaces it, so the report page can link the original's address (原文链接) and say when it was collected.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

PROVENANCE_FILE = "provenance.json"
CHINA = dt.timezone(dt.timedelta(hours=8))


def _web_url(value: str) -> str:
    if not value.lower().startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// address")
    return value


WebUrl = Annotated[str, AfterValidator(_web_url)]


class Provenance(BaseModel):
    """One original's provenance, as fetched."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: WebUrl  # the address the report was collected from (a list page's or report page's link)
    final_url: WebUrl | None = None  # where redirects ended, when elsewhere
    fetched_at: dt.datetime  # when the response arrived (UTC)
    status: int
    content_type: str | None = None
    last_modified: str | None = None
    etag: str | None = None
    published: dt.date | None = None  # the 发布日期 the report page prints
    page: WebUrl | None = None  # the report page that links this attachment
    title: str | None = None  # the title the link or page gives

    @property
    def collected(self) -> dt.date:
        """The day of collection, in China's time zone (the sites' own)."""
        fetched = self.fetched_at if self.fetched_at.tzinfo else self.fetched_at.replace(tzinfo=dt.timezone.utc)
        return fetched.astimezone(CHINA).date()


def provenance_text(provenance: Provenance) -> str:
    """Write provenance.json (deterministic: the same provenance, the same bytes)."""
    data = provenance.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_provenance(directory: Path) -> Provenance | None:
    """Read a report folder's provenance.json, or None when the report was not collected from the web.

    Raises ValueError naming what is wrong when the file exists but cannot be used.
    """
    path = directory / PROVENANCE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the provenance: {exc}") from exc
    try:
        data: Any = json.loads(text)
        return Provenance.model_validate(data)
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            error = exc.errors(include_url=False)[0]
            where = ".".join(map(str, error["loc"])) or "the file"
            raise ValueError(f"{where}: {error['msg']}") from exc
        raise ValueError(f"not valid JSON: {exc}") from exc
