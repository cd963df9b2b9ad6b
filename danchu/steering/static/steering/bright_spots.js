// Map of recognised bright spots (Leaflet, from npm; the list stays readable without it or without tiles).
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("spot-map");
    if (!box || !window.L) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.spot")).filter(function (r) {
      return r.dataset.lat && r.dataset.lng;
    });
    if (!rows.length) { box.hidden = true; return; }
    var map = window.L.map(box, { attributionControl: !!box.dataset.tiles });
    if (box.dataset.tiles) window.L.tileLayer(box.dataset.tiles, { maxZoom: 18 }).addTo(map);
    var bounds = [];
    rows.forEach(function (r) {
      var at = [parseFloat(r.dataset.lat), parseFloat(r.dataset.lng)];
      var label = document.createElement("span");
      label.textContent = r.dataset.name;
      window.L.circleMarker(at, { radius: 7 }).bindPopup(label).addTo(map);
      bounds.push(at);
    });
    map.fitBounds(bounds, { maxZoom: 13, padding: [20, 20] });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
