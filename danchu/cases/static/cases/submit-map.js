// The public case form: "send it as feedback instead", and the map (click to drop a pin; the tile URL
// comes from data-tiles on #map).
(function () {
  var asFeedback = document.getElementById("as-feedback");
  if (asFeedback) asFeedback.addEventListener("click", function () {
    document.getElementById("id_case_type").value = "feedback";
    asFeedback.closest("div").remove();
  });
})();
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var map = L.map(el).setView([12.7, 108.1], 8);
  var tiles = el.dataset.tiles || "";
  if (tiles) L.tileLayer(tiles, {maxZoom: 19}).addTo(map);
  var lat = document.getElementById("id_latitude"), lng = document.getElementById("id_longitude"), marker = null;
  function put(ll) {
    if (marker) marker.setLatLng(ll); else marker = L.marker(ll).addTo(map);
    lat.value = ll.lat.toFixed(6); lng.value = ll.lng.toFixed(6);
    document.getElementById("pin-text").textContent = lat.value + ", " + lng.value;
  }
  if (lat.value && lng.value) put(L.latLng(+lat.value, +lng.value));
  map.on("click", function (e) { put(e.latlng); });
})();
