{#- assets/chrome.js, rendered by MkDocs once for the site (theme.static_templates in mkdocs.yml): the
    parts of Material's page template that only its script uses, kept here once instead of on every
    page. They took 4.9 KB of each page: the colour scheme switch, the search dialog and Material's
    settings (#__config), which do nothing without JavaScript, and the navigation of a page that is not
    in it (a report's, a region's), whose links MkDocs writes relative to this file and the page makes
    absolute when it puts them in place. Without JavaScript that navigation is in the tabs, which gongkai.css
    shows on a phone too. A page calls gongkaiChrome()
    where a part belongs (overrides/main.html), so each part is in the page before Material's script
    reads it, exactly as Material renders it (squeezed as the rest of the header). -#}
{%- from "partials/squeeze.html" import squeeze -%}
{%- import "partials/language.html" as lang with context -%}
{%- set features = config.theme.features or [] -%}
{%- set palette %}{% include "partials/palette.html" %}{% endset -%}
{%- set search %}{% include "partials/search.html" %}{% endset -%}
{%- set site_nav %}{% include "partials/nav.html" %}{% endset -%}
/* Generated from overrides/assets/chrome.js: parts of Material's page template, put in place by the page. */
var gongkaiParts={"palette":{{ squeeze(palette) | tojson }},"search":{{ squeeze(search) | tojson }},"nav":{{ squeeze(site_nav) | tojson }}},gongkaiSelf=document.currentScript.src;
function gongkaiChrome(part){var script=document.currentScript;script.insertAdjacentHTML("beforebegin",gongkaiParts[part]);if(part==="nav")script.previousElementSibling.querySelectorAll("a[href]").forEach(function(a){a.href=new URL(a.getAttribute("href"),gongkaiSelf).href})}
{%- if config.extra.gongkai_search %}
{#- Material's settings for its script, as base.html writes them, when the archive answers searches from
    its own index (build_tools/search_index.py): with the search worker that Material's search box asks,
    assets/search/worker.js (it speaks the protocol of Material's own worker). Material reads them from
    the element #__config when its script runs, at the end of the page; this script runs in the head.
    The site's root is the folder above this file. -#}
{%- set keys = ["clipboard.copy", "clipboard.copied", "search.result.placeholder", "search.result.none",
                "search.result.one", "search.result.other", "search.result.more.one", "search.result.more.other",
                "search.result.term.missing", "select.version"] -%}
{%- set translations = {} -%}
{%- for key in keys %}{% set _ = translations.update({key: lang.t(key)}) %}{% endfor %}
(function(){var root=new URL("..",document.currentScript.src),config=document.createElement("script");config.id="__config";config.type="application/json";config.textContent=JSON.stringify({"base":root.href,"features":{{ features | tojson }},"translations":{{ translations | tojson }},"search":new URL("assets/search/worker.js",root).href,"annotate":{{ (config.extra.annotate or none) | tojson }},"tags":{{ (config.extra.tags or none) | tojson }},"version":null});document.head.appendChild(config)})();
{%- endif %}
