/* notesmith serve: j/k move between proposals, a accepts, r rejects, e edits, / searches.
   The keys submit the row's own forms, so they work the same with htmx (the row is swapped in place) and
   without it (the form posts and the page comes back, the next row selected). */
(function () {
  "use strict";
  var NEXT = "notesmith-next-row";

  function pending() { return Array.prototype.slice.call(document.querySelectorAll(".task[data-pending]")); }
  function selected() { return document.querySelector(".task.selected"); }

  function select(row) {
    var old = selected();
    if (old) { old.classList.remove("selected"); }
    if (!row) { return; }
    row.classList.add("selected");
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var rows = pending();
    if (!rows.length) { return; }
    var at = rows.indexOf(selected());
    select(rows[at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + step))]);
  }

  function decide(status) {
    var row = selected();
    if (!row || !row.hasAttribute("data-pending")) { return; }
    var rows = pending(), at = rows.indexOf(row);
    var next = rows[at + 1] || rows[at - 1];
    var button = row.querySelector('form.decide button[value="' + status + '"]');
    if (!window.htmx && next) {
      try { sessionStorage.setItem(NEXT, next.id); } catch (e) { /* private mode: the first row then */ }
    }
    button.click();  // a click, not requestSubmit(): htmx sends the value of the button clicked
    if (next) { select(next); }
  }

  function edit() {
    var row = selected();
    var details = row && row.querySelector("details.edit");
    if (!details) { return; }
    details.open = true;
    var field = details.querySelector('input[name="text"]');
    field.focus();
    field.select();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") {
        var details = target.closest("details.edit");
        if (details) { details.open = false; }
        target.blur();
      }
      return;
    }
    var actions = { j: function () { move(1); }, k: function () { move(-1); }, a: function () { decide("open"); },
      r: function () { decide("rejected"); }, e: edit,
      "/": function () { var q = document.querySelector('header.top input[name="q"]'); if (q) { q.focus(); } } };
    var act = actions[event.key];
    if (!act) { return; }
    event.preventDefault();
    act();
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest(".task[data-pending]");
    if (row) { select(row); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var id = null;
    try { id = sessionStorage.getItem(NEXT); sessionStorage.removeItem(NEXT); } catch (e) { /* no storage */ }
    var row = id && document.getElementById(id);
    if (row && row.hasAttribute("data-pending")) { select(row); }
  });
})();
