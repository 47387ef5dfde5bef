"""assets/chrome.js: the parts of Material's page template that only its script uses, rendered once for a site.

The colour scheme switch, the search dialog, Material's settings (#__config) and the navigation of a page
that is not in it took 4.9 KB of every page; each page puts them in place from this one file
(overrides/main.html, overrides/partials/chrome.js.html). The file is rendered here with the theme's own
templates and the generated config, as MkDocs renders a theme template, and written into the docs dir
(site.write_config), so that a generator copies it as it copies any other file. MkDocs could render it
itself (theme.static_templates), but Zensical renders no theme template besides its 404.html and
sitemap.xml: it published the template as it is, and every page's script stopped at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["CHROME_PATH", "CHROME_TEMPLATE", "render_chrome"]

CHROME_PATH = "assets/chrome.js"
"""Where the file is, in the docs dir and in the site."""

CHROME_TEMPLATE = "partials/chrome.js.html"
"""Its template, in the theme's custom_dir (a .html name, which neither generator copies into a site)."""


def render_chrome(config_path: Path) -> bytes:
    """Render assets/chrome.js for the site of a generated MkDocs config.

    Byte for byte what MkDocs makes of the template as a theme template: the same context, with links
    relative to the file, and the navigation of the config's nav, its pages' front matter read.
    """
    import jinja2
    from mkdocs.commands.build import get_context
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.utils import get_relative_url

    config = load_config(config_file=str(config_path))
    docs_dir = Path(config.docs_dir)
    # Only the nav's pages: the others are not in the navigation, and there are thousands of them.
    files = Files([File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
                   for path in sorted(set(_nav_paths(config.nav))) if (docs_dir / path).is_file()])
    nav = get_navigation(files, config)
    for page in nav.pages:
        page.read_source(config)
    try:
        template = config.theme.get_env().get_template(CHROME_TEMPLATE)
    except jinja2.TemplateNotFound as exc:
        raise FileNotFoundError(f"{CHROME_TEMPLATE} is in none of the theme's folders {config.theme.dirs}") from exc
    context = get_context(nav, files, config, base_url=get_relative_url(".", CHROME_PATH))
    return template.render(context).encode("utf-8")


def _nav_paths(nav: Any) -> Iterator[str]:
    """The paths and links of a nav in MkDocs' config form (lists of one-key mappings)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)
