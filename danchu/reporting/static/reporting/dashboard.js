// Dashboard: trend chart (Chart.js) and the map of the places below (Leaflet; works without tiles).
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var trend = data("trend-data");
  var canvas = document.getElementById("trend");
  if (trend && canvas && window.Chart) {
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: [
          { label: trend.label_current, data: trend.current, borderColor: "#a4161a", backgroundColor: "#a4161a", spanGaps: true },
          { label: trend.label_previous, data: trend.previous, borderColor: "#777", backgroundColor: "#777", borderDash: [4, 4], spanGaps: true }
        ]
      },
      options: { animation: false, scales: { y: { beginAtZero: true } } }
    });
  }
  // Leaflet reads a string tooltip as HTML: give it a text node, so a place's name is never markup.
  function textNode(text) { var span = document.createElement("span"); span.textContent = text; return span; }
  var map = data("map-data");
  var box = document.getElementById("map");
  if (map && box && window.L) {
    if (map.shapes && window.danchuPlacesMap) {
      // The country: the provinces' shapes (points when the boundaries are not built), coloured by value.
      window.danchuPlacesMap.mount(box, { url: map.shapes, tiles: map.tiles, values: map.values });
    } else if (map.points.length) {
      // Places at their real coordinates only; those without are in the table, not on the map.
      var m = window.L.map(box, { attributionControl: !!map.tiles });
      if (map.tiles) window.L.tileLayer(map.tiles, { maxZoom: 18 }).addTo(m);
      var max = 1;
      Object.keys(map.values).forEach(function (k) { var v = map.values[k].value; if (typeof v === "number" && v > max) max = v; });
      var bounds = [];
      map.points.forEach(function (p) {
        var entry = map.values[p.code] || { value: null, text: "" };
        var share = (entry.value || 0) / max;
        var color = entry.value === null ? "#bbbbbb" : "hsl(" + Math.round(45 - share * 45) + ", 85%, " + Math.round(70 - share * 35) + "%)";
        var marker = window.L.circleMarker([p.lat, p.lng], { radius: 9, color: "#333", weight: 1, fillColor: color, fillOpacity: 0.9 })
          .bindTooltip(textNode(p.name + ": " + entry.text)).addTo(m);
        // A click drills down as the place's row of the table does.
        if (entry.url) marker.on("click", function () { window.location.assign(entry.url); });
        bounds.push([p.lat, p.lng]);
      });
      m.fitBounds(bounds, { padding: [20, 20], maxZoom: 12 });
    } else {
      box.hidden = true;
    }
  }
})();
