// A search box above every long list to choose from — a <select> of more than LONG options: the
// communes and villages of a province (a thousand and more once the villages are registered), a
// province's or the country's units on an office form. Typing narrows the list, ignoring case and
// diacritics ("dak lak" finds "Đắk Lắk", "ea kly" finds "Xã Ea Kly"), so a person on a phone need
// not scroll through it. The choice itself is still made in the list: the selection never changes
// by typing, and the option chosen stays in the list. Without JavaScript the list is as it was.
// Options are moved, never rebuilt from text (no innerHTML). Lists that htmx swaps in (the
// communes of the province chosen) get their box too.
//
// Hand-written rather than a select library from npm (tom-select, choices.js: 30–50 KB and a
// widget of their own): this keeps the browser's own list, which phones show natively.
(function () {
  var LONG = 20;
  var script = document.currentScript;
  var placeholder = (script && script.getAttribute("data-placeholder")) || "";
  var countText = (script && script.getAttribute("data-count")) || "{shown} / {total}";

  function fold(s) {
    return s.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  function enhance(select) {
    if (select.multiple || select.getAttribute("data-filter") === "off" || select.hasAttribute("data-filtered")) return;
    if (select.options.length <= LONG) return;
    select.setAttribute("data-filtered", "");
    // The list's children in order: options, and groups with their options.
    var tops = Array.prototype.map.call(select.children, function (node) {
      var options = node.tagName === "OPTGROUP" ? Array.prototype.slice.call(node.children) : [node];
      return { node: node, options: options.map(function (o) { return { o: o, key: fold(o.textContent) }; }) };
    });
    var total = Array.prototype.filter.call(select.options, function (o) { return o.value !== ""; }).length;
    var box = document.createElement("input");
    box.type = "search";
    box.autocomplete = "off";
    box.className = "select-filter";
    box.placeholder = placeholder;
    // Named by its purpose alone: with the list's label in its name too, finding the list by its
    // label (as assistive technology and browser tests do) would find two fields.
    box.setAttribute("aria-label", placeholder);
    if (select.id) {
      box.setAttribute("data-filter-for", select.id);
      box.setAttribute("aria-controls", select.id);
    }
    var count = document.createElement("small");
    count.className = "select-filter-count";
    count.setAttribute("aria-live", "polite");
    // Before the label that wraps the list, if one does: inside it the box would take the label.
    var anchor = select.closest("label") || select;
    anchor.parentNode.insertBefore(box, anchor);
    anchor.parentNode.insertBefore(count, anchor);

    function apply() {
      var q = fold(box.value);
      var shown = 0;
      var chosen = select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null;
      tops.forEach(function (top) {
        var kept = top.options.filter(function (item) {
          var hit = item.o.value !== "" && item.key.indexOf(q) !== -1;
          if (hit) shown++;
          return !q || hit || item.o === chosen || item.o.value === "";
        });
        top.options.forEach(function (item) { if (item.o.parentNode) item.o.parentNode.removeChild(item.o); });
        if (top.node.parentNode) select.removeChild(top.node);
        if (!kept.length) return;
        if (top.node.tagName === "OPTGROUP") kept.forEach(function (item) { top.node.appendChild(item.o); });
        select.appendChild(top.node);
      });
      if (chosen) chosen.selected = true;  // moving the options must not change the choice
      count.textContent = q ? countText.replace("{shown}", shown).replace("{total}", total) : "";
    }
    box.addEventListener("input", apply);
    box.addEventListener("keydown", function (event) {
      // Enter would send the form with the choice not yet made: it opens the choice instead.
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
  }

  function enhanceAll(root) {
    // A list swapped in replaces one that had its box: that box goes with it.
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-for]"), function (box) {
      var select = document.getElementById(box.getAttribute("data-filter-for"));
      if (!select || !select.hasAttribute("data-filtered")) {
        if (box.nextElementSibling && box.nextElementSibling.className === "select-filter-count") box.nextElementSibling.remove();
        box.remove();
      }
    });
    Array.prototype.forEach.call(root.querySelectorAll("select"), enhance);
  }

  enhanceAll(document);
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target.parentNode || document); });
})();
