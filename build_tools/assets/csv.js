/* A report's data, saved from its page: its JSON, its line of its county's file (data/county/<code>.json.gz,
   a JSON array with one report's object per line, gzipped), saved as report.json; and its CSV, made in
   the browser from that JSON: the same rows, byte for byte, as the report's rows of data/gongkai.csv.gz
   (build_tools/downloads.py, report_csv_rows), with a UTF-8 byte order mark so that Excel reads the
   Chinese text. The links are <a href="…/data/county/<code>.json.gz" data-json="report.json"
   data-report="<id>"> and <a data-csv="…/data/county/<code>.json.gz" data-report="<id>"
   data-labels="…/data/labels.json">; without JavaScript (or DecompressionStream) the first fetches the
   county's file and the second leads to the downloads page. */
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

  // The bytes of a file, gunzipped when they are gzip (a server may also have decoded them on the way).
  function text(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text();
    });
  }

  function json(url) {
    return text(url).then(JSON.parse);
  }
  window.gongkaiJson = json;

  // A report's line of its county's file: its object as the archive stores it, byte for byte.
  function reportText(url, id) {
    var start = '{"id":' + JSON.stringify(id) + ",";
    return text(url).then(function (content) {
      var line = content.split("\n").filter(function (l) { return l.lastIndexOf(start, 0) === 0; })[0];
      if (line === undefined) throw new Error(url + ": no report " + id);
      return line.replace(/,$/, "");
    });
  }
  window.gongkaiReport = function (url, id) { return reportText(url, id).then(JSON.parse); };

  function save(content, type, name) {
    var blob = new Blob([content], {type: type});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-csv], a[data-json]") : null;
    if (!link || !window.fetch || !window.Blob || !window.DecompressionStream) return;
    event.preventDefault();
    var id = link.getAttribute("data-report");
    if (link.hasAttribute("data-json")) {
      reportText(link.getAttribute("href"), id).then(function (content) {
        save(content + "\n", "application/json;charset=utf-8", link.getAttribute("data-json"));
      }, function () { window.location.href = link.href; });
      return;
    }
    Promise.all([window.gongkaiReport(link.getAttribute("data-csv"), id),
                 json(link.getAttribute("data-labels"))]).then(function (data) {
      save(reportCsv(data[0], data[1]), "text/csv;charset=utf-8", link.getAttribute("download") || "report.csv");
    }, function () { window.location.href = link.href; });
  });
})();
