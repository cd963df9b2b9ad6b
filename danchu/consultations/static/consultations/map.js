// Draws the opinion map (SVG) from the JSON endpoint. All data goes in through textContent and
// setAttribute, never innerHTML.
(function () {
  "use strict";
  var root = document.getElementById("map");
  if (!root) return;
  var NS = "http://www.w3.org/2000/svg";
  var status = document.getElementById("map-status");
  function el(name, attrs) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function li(text) { var x = document.createElement("li"); x.textContent = text; return x; }
  function draw(data) {
    var box = document.getElementById("map-svg");
    box.textContent = "";
    if (data.computing) status.textContent = root.getAttribute("data-computing");
    else status.textContent = "";
    if (!data.points.length) { if (!data.computing) status.textContent = root.getAttribute("data-empty"); return; }
    var xs = data.points.map(function (p) { return p[1]; }), ys = data.points.map(function (p) { return p[2]; });
    var minx = Math.min.apply(null, xs), maxx = Math.max.apply(null, xs), miny = Math.min.apply(null, ys), maxy = Math.max.apply(null, ys);
    var sx = function (v) { return 10 + 380 * (v - minx) / ((maxx - minx) || 1); };
    var sy = function (v) { return 10 + 280 * (v - miny) / ((maxy - miny) || 1); };
    var svg = el("svg", { viewBox: "0 0 400 300", role: "img", "aria-label": root.querySelector("h2").textContent });
    var mine = null;
    data.points.forEach(function (p) {
      var c = el("circle", { cx: sx(p[1]).toFixed(1), cy: sy(p[2]).toFixed(1), r: p[0] === data.me ? 7 : 3, "class": "g" + p[3] + (p[0] === data.me ? " me" : "") });
      svg.appendChild(c);
      if (p[0] === data.me) mine = p;
    });
    box.appendChild(svg);
    var where = document.getElementById("where");
    where.textContent = mine ? root.getAttribute("data-me") + ": " + root.getAttribute("data-group") + " " + String.fromCharCode(65 + mine[3]) : "";
    var groups = document.getElementById("groups");
    groups.textContent = "";
    data.groups.forEach(function (g) {
      var h = document.createElement("h3");
      h.textContent = root.getAttribute("data-group") + " " + String.fromCharCode(65 + g.id) + " (" + g.size + ")";
      h.className = "group-title";
      groups.appendChild(h);
      var ul = document.createElement("ul");
      g.representative.forEach(function (r) {
        ul.appendChild(li(r.text + " — " + Math.round(100 * r.share) + "% " + root.getAttribute("data-" + r.kind)));
      });
      groups.appendChild(ul);
    });
    var cons = document.getElementById("consensus");
    cons.textContent = "";
    data.consensus.forEach(function (c) { cons.appendChild(li(c.text)); });
  }
  function load() {
    fetch(root.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { draw(data); if (data.computing) setTimeout(load, 3000); });
  }
  load();
})();
