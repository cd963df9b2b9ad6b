// Places map (Leaflet, from npm): draws a GeoJSON of places without any tile server.
// Reusable: <div data-places-map data-url="/places/66/map.geojson" data-tiles="" data-label="…"></div>
// is mounted on load; other scripts call window.danchuPlacesMap.mount(element, options) with
//   options.url      GeoJSON URL (/places/map/provinces.geojson, /places/<code>/map.geojson)
//   options.tiles    tile URL template, or "" for none (settings.MAP_TILE_URL)
//   options.values   optional {code: {value: number|null, text: string, url?: string}} to colour the
//                    places; a value's url is where a click on its place goes (else the place's page)
//   options.onReady  optional callback(map, layer)
// Names and texts go into tooltips as text nodes (textContent), never as HTML. Shapes get the class
// "places-area", points "places-point"; a point of a province (an island special zone on the
// national map, property `province`) takes its province's colour and value.
(function () {
  "use strict";
  function textNode(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  function colour(share) {
    return "hsl(" + Math.round(45 - share * 45) + ", 85%, " + Math.round(70 - share * 35) + "%)";
  }
  function mount(box, options) {
    var L = window.L;
    if (!L || !box || !options || !options.url) return;
    var values = options.values || null;
    var max = 1;
    if (values) {
      Object.keys(values).forEach(function (k) {
        var v = values[k] && values[k].value;
        if (typeof v === "number" && v > max) max = v;
      });
    }
    function keyOf(p) { return p.province || p.code; }
    function styleFor(code) {
      var entry = values ? values[code] : null;
      if (!values) return { color: "#a4161a", fillColor: "#f4d8cd", weight: 1, fillOpacity: 0.6 };
      if (!entry || entry.value === null || entry.value === undefined) return { color: "#555", fillColor: "#bbb", weight: 1, fillOpacity: 0.7 };
      return { color: "#333", fillColor: colour(entry.value / max), weight: 1, fillOpacity: 0.85 };
    }
    function label(p) {
      var entry = values ? values[keyOf(p)] : null;
      var text = p.province_name ? p.name + " (" + p.province_name + ")" : p.name;
      return entry && entry.text ? text + ": " + entry.text : text;
    }
    fetch(options.url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        if (!data.features || !data.features.length) { box.hidden = true; return; }
        var map = L.map(box, { attributionControl: !!options.tiles, scrollWheelZoom: false, zoomSnap: 0.25 });
        if (options.tiles) L.tileLayer(options.tiles, { maxZoom: 18 }).addTo(map);
        var layer = L.geoJSON(data, {
          style: function (f) {
            // Leaflet styles the points with this too: each keeps its own class.
            var s = styleFor(keyOf(f.properties));
            s.className = f.geometry.type === "Point" ? "places-point" : "places-area";
            return s;
          },
          pointToLayer: function (f, latlng) {
            var s = styleFor(keyOf(f.properties));
            return L.circleMarker(latlng, { radius: 6, color: s.color, weight: 1, fillColor: s.fillColor, fillOpacity: 0.9, className: "places-point" });
          },
          onEachFeature: function (f, l) {
            var p = f.properties;
            l.bindTooltip(textNode(label(p)));
            // A caller's value may carry its own link (the dashboard drills down to the place's).
            var entry = values ? values[keyOf(p)] : null;
            var url = (entry && entry.url) || p.url;
            if (url) l.on("click", function () { window.location.assign(url); });
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [10, 10], maxZoom: 12 });
        if (options.onReady) options.onReady(map, layer);
      })
      .catch(function () { box.hidden = true; });
  }
  window.danchuPlacesMap = { mount: mount };
  document.querySelectorAll("[data-places-map]").forEach(function (box) {
    mount(box, { url: box.dataset.url, tiles: box.dataset.tiles || "" });
  });
})();
