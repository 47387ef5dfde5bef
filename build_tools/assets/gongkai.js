/* Sortable tables for the gongkai archive (uses the vendored tablesort).
 *
 * Sorted: tables with class "sortable", and plain tables (no class) whose
 * cells are not merged. Opt out with the attribute data-no-sort.
 * Runs on every page load through Material's document$ observable, so it
 * also works with instant navigation.
 */
(function () {
  "use strict";

  function isSortable(table) {
    if (table.hasAttribute("data-no-sort") || table.hasAttribute("data-gk-sort"))
      return false;
    if (table.classList.contains("sortable"))
      return true;
    if (table.getAttribute("class"))
      return false;
    if (!table.tHead || table.tHead.rows.length !== 1 || !table.tBodies.length)
      return false;
    return !table.querySelector("[rowspan]:not([rowspan='1']), [colspan]:not([colspan='1'])");
  }

  function init() {
    if (typeof Tablesort === "undefined")
      return;
    var tables = document.querySelectorAll("article table");
    for (var i = 0; i < tables.length; i++) {
      if (!isSortable(tables[i]))
        continue;
      tables[i].setAttribute("data-gk-sort", "");
      new Tablesort(tables[i]);
    }
  }

  if (typeof document$ !== "undefined" && document$.subscribe)
    document$.subscribe(init);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", init);
  else
    init();
})();

/* The original at the end of a report page is folded away in a <details>. A link to one of its lines
 * (#L12, from a figure or a finding) or to the block itself (#source) unfolds it first, on a click and
 * when a page opens at such an address. Chromium unfolds on its own; this is for the other browsers.
 */
(function () {
  "use strict";

  function unfold(id) {
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (!details || details.open)
      return false;
    details.open = true;
    return true;
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (unfold(id))
      document.getElementById(id).scrollIntoView();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (link)
      unfold(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  window.addEventListener("hashchange", fromHash);
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", fromHash);
  else
    fromHash();
})();
