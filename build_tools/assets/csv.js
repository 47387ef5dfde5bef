/* A report's data as CSV, made in the browser from its report.json: the same rows, byte for byte, as the
   report's rows of data/gongkai.csv.gz (build_tools/downloads.py, report_csv_rows), with a UTF-8 byte
   order mark so that Excel reads the Chinese text. The links are <a data-csv="report.json"
   data-labels="…/data/labels.json">; without JavaScript they lead to the downloads page. */
(function () {
  "use strict";
  var TABLES = [["t2", "active_disclosure"], ["t3", "applications"], ["t4", "review_litigation"]];

  function field(value) {
    var text = value === null || value === undefined ? "" : String(value);
    // A text starting like a formula would run in a spreadsheet: a leading ' keeps it text (OWASP).
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function reportCsv(report, labels) {
    var meta = [report.id, report.organ || "", report.year || "", report.level, report.format_version,
                report.published || "", (report.region && report.region.code) || ""];
    var lines = [labels.header.map(field).join(",")];
    TABLES.forEach(function (pair) {
      var table = pair[0], values = report[pair[1]] || {}, cells = (report.cells || {})[pair[1]] || {};
      var names = labels.tables[table];
      Object.keys(values).forEach(function (row) {
        if (values[row] === null) return;
        Object.keys(values[row]).forEach(function (column) {
          var value = values[row][column], cell = (cells[row] || {})[column];
          lines.push(meta.concat([table, row, column, value === null ? "" : value, cell ? cell.state : "",
                                  cell && cell.line ? cell.line : "", names.rows[row] || row,
                                  names.columns[column] || column]).map(field).join(","));
        });
      });
    });
    return "\ufeff" + lines.join("\n") + "\n";
  }
  window.gongkaiReportCsv = reportCsv;

  function json(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-csv]") : null;
    if (!link || !window.fetch || !window.Blob) return;
    event.preventDefault();
    Promise.all([json(link.getAttribute("data-csv")), json(link.getAttribute("data-labels"))]).then(function (data) {
      var blob = new Blob([reportCsv(data[0], data[1])], {type: "text/csv;charset=utf-8"});
      var save = document.createElement("a");
      save.href = URL.createObjectURL(blob);
      save.download = link.getAttribute("download") || "report.csv";
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(save.href); }, 60000);
    }, function () { window.location.href = link.href; });
  });
})();
