/* Sortable tables without a framework: a table marked data-sortable gets a button in each heading
   marked data-sort="number"; pressing it sorts the rows by their cells' data-value (empty values
   last), again to reverse. Without this script the table reads the same, in its file order. */
(function () {
  "use strict";
  function sortBy(table, th, index) {
    var descending = th.getAttribute("aria-sort") === "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { if (!row.dataset.order) row.dataset.order = String(i); });
    rows.sort(function (a, b) {
      var x = a.cells[index].dataset.value, y = b.cells[index].dataset.value;
      if (!x !== !y) return x ? -1 : 1;             // rows without a value go last, either way
      var d = x ? (Number(x) - Number(y)) * (descending ? -1 : 1) : 0;
      return d || Number(a.dataset.order) - Number(b.dataset.order);  // stable: file order breaks ties
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  function setUp(table) {
    if (table.dataset.sortReady) return;
    table.dataset.sortReady = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (th.dataset.sort !== "number") return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "Sort by " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th, index); });
    });
  }
  function init() { document.querySelectorAll("table[data-sortable]").forEach(setUp); }
  if (typeof document$ !== "undefined") document$.subscribe(init); else document.addEventListener("DOMContentLoaded", init);
})();
