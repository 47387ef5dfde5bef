/* Run fn on every page load: through Material's document$ observable, so also after instant
 * navigation, or once the document is ready where Material's bundle is not there. */
function gongkaiOnPage(fn) {
  "use strict";
  if (typeof document$ !== "undefined" && document$.subscribe)
    document$.subscribe(fn);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", fn);
  else
    fn();
}

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

  gongkaiOnPage(init);
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
    var open = document.querySelectorAll("details.source[open]");
    for (var i = 0; i < open.length; i++)
      number(open[i]);
  }

  /* A line of the original is <li id="L12"> with its number drawn by CSS: once the block is open,
   * each number becomes a link to its line, as it is on a code host. */
  function number(details) {
    if (!details.open || !details.classList.contains("source") || details.hasAttribute("data-gk-lines"))
      return;
    details.setAttribute("data-gk-lines", "");
    var lines = details.querySelectorAll("ol.source > li[id^='L']");
    for (var i = 0; i < lines.length; i++) {
      var link = document.createElement("a");
      link.className = "ln";
      link.href = "#" + lines[i].id;
      link.textContent = lines[i].id.slice(1);
      lines[i].insertBefore(link, lines[i].firstChild);
    }
  }

  document.addEventListener("toggle", function (event) {
    if (event.target.tagName === "DETAILS")
      number(event.target);
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (link)
      unfold(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  /* A figure printed on its row's line is a bare number, and its row's label links to that line
   * (build_tools/render.py, _cell_html): a click on the figure follows the label's link. A figure from
   * another line has its own link; one without a line (data-nl) goes nowhere. */
  document.addEventListener("click", function (event) {
    var cell = event.target.closest && event.target.closest(".cells td");
    if (!cell || cell.hasAttribute("data-nl") || cell.querySelector("a"))
      return;
    var label = cell.parentNode.querySelector("th a[href^='#L']");
    if (label)
      label.click();
  });
  window.addEventListener("hashchange", fromHash);
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", fromHash);
  else
    fromHash();
})();

/* Wide tables scroll inside their wrapper (.table-scroll), which keeps the header row in view.
 * - A header of several rows (table 3) is stacked: each row sticks below the ones above it.
 * - A table wider than its wrapper gets .scrolls (its right edge fades, see gongkai.css) and a note
 *   above it; .at-end once it is scrolled to the right end.
 */
(function () {
  "use strict";

  function stack(wrapper) {
    var head = wrapper.querySelector("thead");
    if (!head || head.rows.length < 2)
      return;
    for (var r = 0; r < head.rows.length; r++) {
      var top = head.rows[r].offsetTop - head.rows[0].offsetTop;
      for (var c = 0; c < head.rows[r].cells.length; c++)
        head.rows[r].cells[c].style.top = top + "px";
    }
  }

  function mark(wrapper) {
    var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    wrapper.classList.toggle("scrolls", scrolls);
    wrapper.classList.toggle("at-end", wrapper.scrollLeft + wrapper.clientWidth >= wrapper.scrollWidth - 1);
    var hint = wrapper.previousElementSibling;
    var has = hint && hint.classList.contains("scroll-hint");
    if (scrolls && !has) {
      hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.textContent = "表格较宽，可左右滑动查看其余各列 →";
      wrapper.parentNode.insertBefore(hint, wrapper);
    } else if (!scrolls && has) {
      hint.remove();
    }
  }

  function init() {
    var wrappers = document.querySelectorAll("article .table-scroll");
    for (var i = 0; i < wrappers.length; i++) {
      var wrapper = wrappers[i];
      stack(wrapper);
      mark(wrapper);
      if (!wrapper.hasAttribute("data-gk-scroll")) {
        wrapper.setAttribute("data-gk-scroll", "");
        wrapper.addEventListener("scroll", mark.bind(null, wrapper), { passive: true });
      }
    }
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(init, 100);
  });
  gongkaiOnPage(init);
})();
