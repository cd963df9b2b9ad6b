// The front door remembers the commune a visitor chose in localStorage (never a cookie: a cookie would
// make the cached public pages vary per visitor) and shows that commune's latest notices.
(function () {
  "use strict";
  var KEY = "danchu.commune";
  var near = document.getElementById("near");
  if (!near) return;

  function remembered() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || "null");
      return v && typeof v.code === "string" && /^[A-Za-z0-9_-]{1,32}$/.test(v.code) ? v : null;
    } catch (e) {
      return null;
    }
  }

  function show() {
    var chosen = remembered();
    var list = document.getElementById("near-list");
    if (!chosen) {
      near.hidden = true;
      return;
    }
    // The feedback form opens on the remembered commune.
    var send = document.getElementById("send-feedback");
    if (send) {
      var target = new URL(send.href, window.location.href);
      target.searchParams.set("place", chosen.code);
      send.href = target.pathname + target.search;
    }
    document.getElementById("near-name").textContent = chosen.name || chosen.code;
    near.hidden = false;
    var url = near.getAttribute("data-near-url") + "?place=" + encodeURIComponent(chosen.code);
    fetch(url, { credentials: "omit", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        // Parsed into an inert document and moved node by node: the fragment comes from our own
        // server and is escaped by Django's templates.
        var doc = new DOMParser().parseFromString(html, "text/html");
        list.replaceChildren.apply(list, Array.prototype.slice.call(doc.body.childNodes));
      })
      .catch(function () { near.hidden = true; });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#search-results a[href]");
    if (!link) return;
    var m = /\/places\/([A-Za-z0-9_-]{1,32})\/$/.exec(new URL(link.href, window.location.href).pathname);
    if (!m) return;
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ code: m[1], name: link.textContent.trim() }));
    } catch (e) { /* storage may be disabled: the link still works */ }
  });

  document.getElementById("near-forget").addEventListener("click", function () {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing to forget */ }
    near.hidden = true;
    var q = document.getElementById("q");
    if (q) q.focus();
  });

  show();
})();
