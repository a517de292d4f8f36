// Sortable tables, notice filtering from any linked number, and a ready marker for tests.
(function () {
  "use strict";
  function cellValue(row, col) {
    var cell = row.cells[col];
    if (!cell) return "";
    return cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
  }
  function sortTable(table, col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) { var v = cellValue(r, col); return v === "" || !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = cellValue(a, col), y = cellValue(b, col), c;
      if (numeric) {
        x = x === "" ? -Infinity : Number(x); y = y === "" ? -Infinity : Number(y); c = x - y;
      } else { c = x.localeCompare(y, "zh"); }
      return dir === "descending" ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === col) th.setAttribute("aria-sort", dir); else th.removeAttribute("aria-sort");
    });
    table.setAttribute("data-sorted", col + "," + dir);
  }
  function initSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
        sortTable(table, i, dir);
      });
    });
    table.setAttribute("data-sortable", "ready");
  }
  function showNotices(ids, what) {
    var table = document.getElementById("notices-table");
    var banner = document.getElementById("filter-banner");
    if (!table || !banner) return;
    var wanted = {};
    ids.forEach(function (id) { wanted["n" + id] = true; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      row.classList.toggle("hidden", !wanted[row.id]);
    });
    banner.querySelector(".what").textContent = what;
    banner.querySelector(".count").textContent = String(ids.length);
    banner.classList.add("on");
    document.getElementById("notices").scrollIntoView();
  }
  function showAll() {
    var table = document.getElementById("notices-table");
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) { row.classList.remove("hidden"); });
    document.getElementById("filter-banner").classList.remove("on");
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-n]") : null;
    if (!link) return;
    event.preventDefault();
    showNotices(link.getAttribute("data-n").split(" "), link.getAttribute("data-what") || "");
  });
  var reset = document.getElementById("show-all");
  if (reset) reset.addEventListener("click", showAll);
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), initSortable);
  // #sort=TABLE_ID,COLUMN,descending|ascending sorts a table on opening (used by the tests)
  var match = /^#sort=([\w-]+),(\d+),(ascending|descending)$/.exec(window.location.hash);
  if (match) {
    var table = document.getElementById(match[1]);
    if (table) sortTable(table, Number(match[2]), match[3]);
  }
  var heatmap = document.getElementById("heatmap");
  if (heatmap) heatmap.setAttribute("data-cells", String(heatmap.querySelectorAll("rect.cell").length));
  document.documentElement.setAttribute("data-report-ready", "1");
})();
