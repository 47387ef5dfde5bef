"""Atom feeds of newly added reports: one for the whole archive, one per county."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from build_tools.pages import ReportEntry

FEED_SIZE = 50


def _added(entry: ReportEntry) -> dt.date:
    return entry.stored.imported or entry.report.published or dt.date(entry.report.year or 1970, 12, 31)


def _updated(entry: ReportEntry) -> dt.date:
    dates = [_added(entry)] + [r.date for r in entry.stored.revisions if r.date]
    dates += [c.date for c in entry.report.corrections if c.date]
    return max(dates)


def atom_feed(entries: list[ReportEntry], *, title: str, site_url: str, feed_path: str, page_path: str) -> str:
    """Write an Atom feed of the newest additions among `entries` (paths are relative to the site root)."""
    base = site_url.rstrip("/") + "/"
    newest = sorted(entries, key=lambda e: (_added(e), e.slug), reverse=True)[:FEED_SIZE]
    updated = max((_updated(e) for e in newest), default=dt.date(1970, 1, 1))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{escape(title)}</title>",
        f'  <link rel="self" href="{escape(base + feed_path)}"/>',
        f'  <link rel="alternate" type="text/html" href="{escape(base + page_path)}"/>',
        f"  <id>{escape(base + feed_path)}</id>",
        f"  <updated>{updated.isoformat()}T00:00:00Z</updated>",
        "  <author><name>政府信息公开年度报告档案</name></author>",
    ]
    for entry in newest:
        r = entry.report
        region = " › ".join(r.regions) if r.regions else "地区未确定"
        summary = (f"{region}。{r.year or ''}年度报告，收录于 {_added(entry).isoformat()}"
                   + (f"，发布于 {r.published.isoformat()}" if r.published else "") + "。")
        out += [
            "  <entry>",
            f"    <title>{escape(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href="{escape(base + entry.url)}"/>',
            f"    <id>{escape(base + entry.url)}</id>",
            f"    <published>{_added(entry).isoformat()}T00:00:00Z</published>",
            f"    <updated>{_updated(entry).isoformat()}T00:00:00Z</updated>",
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
