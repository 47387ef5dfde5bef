"""Collect reports from government websites: `gongkai collect URL…`.

    fetch.py        one polite HTTP client: robots.txt, a delay per host, timeouts, retries, size limits,
                    public addresses only, redirects within limits
    discover.py     what a fetched page is: a report in its body, attachments, a list of report links and
                    its pagination, the page's own 发布日期
    provenance.py   where each original came from, kept beside it in the archive (provenance.json)
    state.py        what earlier runs fetched (content/collect-state.json): conditional requests, resuming
    run.py          the collection itself: list pages → report pages → attachments → `import_files`

This package's __init__ imports nothing, so the archive can read provenance without loading the HTTP client.
"""
