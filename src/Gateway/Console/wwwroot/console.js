// The gateway console's only script (served from /console/assets, no inline script: the CSP forbids it).
// Two jobs: refresh tables that name a JSON source (the Health and Routing pages: data-rows names the JSON's array of
// rows, data-stamp the element showing the update time), and copy buttons (a new key, shown once).
(function () {
  "use strict";

  function refresh(table) {
    var source = table.getAttribute("data-source");
    var every = parseInt(table.getAttribute("data-refresh-ms") || "5000", 10);
    var body = table.tBodies[0];
    function tick() {
      fetch(source, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) {
          var rows = document.createDocumentFragment();
          (data[table.getAttribute("data-rows") || "providers"] || []).forEach(function (cells) {
            var tr = document.createElement("tr");
            cells.forEach(function (text, i) {
              var cell = document.createElement(i === 0 ? "th" : "td");
              if (i === 0) { cell.setAttribute("scope", "row"); }
              cell.textContent = text;
              tr.appendChild(cell);
            });
            rows.appendChild(tr);
          });
          body.replaceChildren(rows);
          var stamp = document.getElementById(table.getAttribute("data-stamp") || "health-updated");
          if (stamp) { stamp.textContent = data.updated; stamp.setAttribute("data-refreshed", "true"); }
        })
        .catch(function () { /* keep the last table; the next tick tries again */ })
        .finally(function () { window.setTimeout(tick, every); });
    }
    window.setTimeout(tick, every);
  }

  function copy(button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (target && navigator.clipboard) {
        navigator.clipboard.writeText(target.textContent).then(function () { button.textContent = "Copied"; });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-source]").forEach(refresh);
    document.querySelectorAll("button[data-copy]").forEach(copy);
  });
})();
