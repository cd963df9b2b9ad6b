// The map of works: points and lines from GeoJSON, a popup with the title, stage and progress
// (built with textContent, never innerHTML). Works without tiles: the shapes still draw.
(function () {
  "use strict";
  var node = document.getElementById("works-map-data");
  var box = document.getElementById("works-map");
  if (!node || !box || !window.L) return;
  var data = JSON.parse(node.textContent);
  if (!data.works.length) { box.hidden = true; return; }
  var map = window.L.map(box, { attributionControl: !!data.tiles });
  if (data.tiles) window.L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map);
  var bounds = [];
  data.works.forEach(function (w) {
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = w.url;
    link.textContent = w.title;
    var line = document.createElement("div");
    line.textContent = w.stage + " · " + w.progress + "%";
    popup.appendChild(link);
    popup.appendChild(line);
    var layer = window.L.geoJSON(w.geometry, {
      pointToLayer: function (_f, latlng) {
        return window.L.circleMarker(latlng, { radius: 9, color: "#333", weight: 1, fillColor: "#0b4f8a", fillOpacity: 0.85 });
      },
      style: function () { return { color: "#0b4f8a", weight: 5 }; }
    }).bindPopup(popup).addTo(map);
    layer.getLayers().forEach(function (l) {
      if (l.getLatLng) bounds.push(l.getLatLng());
      if (l.getLatLngs) l.getLatLngs().forEach(function (p) { bounds.push(p); });
    });
  });
  if (bounds.length === 1) map.setView(bounds[0], 15);
  else map.fitBounds(window.L.latLngBounds(bounds), { padding: [20, 20] });
  box.setAttribute("data-ready", String(data.works.length));
})();
