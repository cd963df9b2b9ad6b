// Rich-text editor for the text of a disclosure (Quill 2, from npm; no inline script or style, so it
// runs under the Content-Security-Policy). Progressive: without JavaScript the <textarea> stays and
// takes Markdown or HTML. A text written in Markdown before the editor existed keeps its textarea,
// so nothing is converted behind the writer's back. The server sanitises whatever arrives (nh3).
"use strict";
(function () {
  if (typeof Quill === "undefined") { return; }
  var HTML_START = /^\s*<(p|h[1-6]|ul|ol|table|blockquote|pre|div|strong|em|br)\b/i;

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  // Quill names its toolbar's buttons in English ("bold") and leaves its paragraph-style list without
  // a name, showing "Normal", "Heading 2"; they get the names the server sends in the user's language.
  // Attributes only: the names are never parsed as HTML.
  function nameTools(bar, names) {
    bar.querySelectorAll("button").forEach(function (b) {
      var name = names[b.className.split(" ")[0].replace(/^ql-/, "") + (b.value ? ":" + b.value : "")];
      if (name) { b.setAttribute("aria-label", name); b.title = name; }
    });
    var picker = bar.querySelector(".ql-picker.ql-header");
    if (!picker) { return; }
    picker.querySelectorAll(".ql-picker-item").forEach(function (item) {
      var name = names["header:" + (item.getAttribute("data-value") || "")];
      if (name) { item.setAttribute("data-label", name); item.setAttribute("aria-label", name); }
    });
    var label = picker.querySelector(".ql-picker-label");
    var chosen = picker.querySelector(".ql-picker-item.ql-selected") || picker.querySelector(".ql-picker-item:not([data-value])");
    label.setAttribute("aria-label", names.header || "");
    if (chosen) { label.setAttribute("data-label", chosen.getAttribute("data-label") || ""); }
  }

  document.querySelectorAll("textarea[data-rich-text]").forEach(function (area) {
    if (area.value.trim() && !HTML_START.test(area.value)) { return; }  // Markdown: keep the textarea
    var box = document.createElement("div");
    box.className = "rich-text";
    var holder = document.createElement("div");
    box.appendChild(holder);
    area.parentNode.insertBefore(box, area.nextSibling);
    var quill = new Quill(holder, {
      theme: "snow",
      modules: {
        table: true,
        toolbar: [[{ header: [2, 3, false] }], ["bold", "italic"], [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "link"], ["clean"]]
      }
    });
    if (area.value.trim()) {
      quill.clipboard.dangerouslyPasteHTML(area.value);  // our own sanitised HTML, from the server
    }
    var table = quill.getModule("table");
    var tools = document.createElement("p");
    tools.className = "rich-text-tables";
    var labels = JSON.parse(area.getAttribute("data-rich-text"));
    nameTools(quill.getModule("toolbar").container, labels.tools || {});
    tools.appendChild(button(labels.table, function () { table.insertTable(3, 3); }));
    tools.appendChild(button(labels.row, function () { table.insertRowBelow(); }));
    tools.appendChild(button(labels.column, function () { table.insertColumnRight(); }));
    tools.appendChild(button(labels.deleteRow, function () { table.deleteRow(); }));
    tools.appendChild(button(labels.deleteColumn, function () { table.deleteColumn(); }));
    box.insertBefore(tools, holder.previousSibling || holder);
    area.hidden = true;
    area.setAttribute("aria-hidden", "true");
    var sync = function () {
      // getSemanticHTML() writes spaces as &nbsp;, which would stop lines wrapping.
      area.value = quill.getLength() > 1 ? quill.getSemanticHTML().replace(/&nbsp;/g, " ") : "";
    };
    quill.on("text-change", sync);
    if (area.form) { area.form.addEventListener("submit", sync); }
  });
})();
