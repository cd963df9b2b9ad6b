// Data entry on a slow connection: every keystroke is kept in localStorage, restored on reload
// (after a dropped connection), and cleared once the server has the figures.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var key = form.getAttribute("data-draft-key");
  var savedAt = parseInt(form.getAttribute("data-saved-at") || "0", 10);
  var inputs = form.querySelectorAll("input[type=text]:not([readonly])");
  function read() {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write() {
    var values = {};
    inputs.forEach(function (i) { values[i.name] = i.value; });
    try { localStorage.setItem(key, JSON.stringify({ at: Math.floor(Date.now() / 1000), values: values })); } catch (e) {}
  }
  var draft = read();
  var hasErrors = form.querySelector(".has-error") !== null;
  if (draft && draft.values && !hasErrors && (!savedAt || draft.at >= savedAt)) {
    var restored = false;
    inputs.forEach(function (i) {
      if (Object.prototype.hasOwnProperty.call(draft.values, i.name) && draft.values[i.name] !== i.value) {
        i.value = draft.values[i.name];
        restored = true;
      }
    });
    var note = document.getElementById("draft-note");
    if (restored && note) note.hidden = false;
  }
  inputs.forEach(function (i) { i.addEventListener("input", write); });
  // A page served after a successful save carries no error and the draft matches: forget it.
  if (draft && !hasErrors && draft.at && savedAt && draft.at <= savedAt) {
    var same = true;
    inputs.forEach(function (i) { if ((draft.values || {})[i.name] !== i.value) same = false; });
    if (same) { try { localStorage.removeItem(key); } catch (e) {} }
  }
})();
