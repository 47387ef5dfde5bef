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
