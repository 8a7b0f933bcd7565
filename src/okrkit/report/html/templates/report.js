// okrkit report: sorting and filtering of the long tables. The page reads fully without it.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("okrkit-data").textContent);

  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    var text = cell ? cell.textContent.trim() : "";
    if (!numeric) { return text.toLowerCase(); }
    var value = parseFloat(text.replace(/[^0-9.eE+-]/g, ""));
    return isNaN(value) ? Infinity : value;
  }

  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      var numeric = th.getAttribute("data-type") === "num";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (r) { fragment.appendChild(r); });
        body.appendChild(fragment);
      });
    });
  }

  function makeFilter(box) {
    var target = document.getElementById(box.getAttribute("data-for"));
    if (!target) { return; }
    var rows = target.querySelectorAll("tbody tr, li[data-code]");
    var label = document.createElement("label");
    label.textContent = "Filter ";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "id, title, team, code…";
    label.appendChild(input);
    box.appendChild(label);
    var select = null;
    if (target.tagName === "TABLE") {
      var teamLabel = document.createElement("label");
      teamLabel.textContent = " Team ";
      select = document.createElement("select");
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "all teams";
      select.appendChild(all);
      data.teams.forEach(function (team) {
        var option = document.createElement("option");
        option.value = team;
        option.textContent = team;
        select.appendChild(option);
      });
      teamLabel.appendChild(select);
      box.appendChild(teamLabel);
    }
    var count = document.createElement("span");
    count.className = "muted";
    count.setAttribute("aria-live", "polite");
    box.appendChild(count);
    function apply() {
      var needle = input.value.trim().toLowerCase();
      var team = select ? select.value : "";
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var ok = (!needle || row.textContent.toLowerCase().indexOf(needle) >= 0) &&
          (!team || row.getAttribute("data-team") === team);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = " " + shown + " of " + rows.length + " shown";
    }
    input.addEventListener("input", apply);
    if (select) { select.addEventListener("change", apply); }
    box.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll(".filters[data-for]"), makeFilter);
}());
