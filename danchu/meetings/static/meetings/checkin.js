// Check-in at the door: a QR card scanned with the camera (BarcodeDetector where the browser has it)
// or a typed household code. Every check-in goes first into a queue in localStorage with a UUID made
// here, then is sent; what fails for want of a network stays queued and is sent when the phone is
// back online. The server treats a repeat as a no-op, so nothing is lost or doubled.
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) return;
  var url = root.dataset.url;
  var csrf = root.dataset.csrf;
  var key = "danchu.checkin." + root.dataset.meeting;
  var log = document.getElementById("log");
  var pendingCount = document.getElementById("pending-count");
  var sending = false;
  var warned = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    localStorage.setItem(key, JSON.stringify(queue));
    pendingCount.textContent = String(queue.length);
  }
  function say(text, cls) {
    var li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    log.insertBefore(li, log.firstChild);
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }
  function enqueue(code, via) {
    code = (code || "").trim();
    if (!code) return;
    var queue = load();
    queue.push({ uuid: uuid(), code: code, via: via });
    save(queue);
    if (!navigator.onLine) say(root.dataset.msgQueued + " " + code, "queued");
    flush();
  }
  function flush() {
    if (sending) return;
    var queue = load();
    if (!queue.length) return;
    sending = true;
    var entry = queue[0];
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ code: entry.code, uuid: entry.uuid, via: entry.via }),
    }).then(function (resp) {
      return resp.json().then(function (body) { return { status: resp.status, body: body }; });
    }).then(function (r) {
      sending = false;
      if (r.status >= 500) return; // keep it; try again later
      if (r.status === 401 || r.status === 403 || r.status === 429) {
        // The session ended (staff sign-in expires when idle) or the server asks to wait: the
        // check-in is not at fault, so it stays on the phone until the person signs in again.
        if (!warned) say(root.dataset.msgSignin, "error");
        warned = true;
        return;
      }
      warned = false;
      var rest = load().filter(function (e) { return e.uuid !== entry.uuid; });
      save(rest);
      if (r.status === 200) {
        say((r.body.created ? root.dataset.msgOk : root.dataset.msgRepeat) + " " + r.body.household + " — " + r.body.quorum, "ok");
        var q = document.getElementById("quorum");
        if (q) q.textContent = r.body.quorum;
      } else {
        say(entry.code + ": " + (r.body.message || r.status), "error");
      }
      flush();
    }).catch(function () {
      sending = false; // offline: the entry stays in the queue
      save(load());
    });
  }

  document.getElementById("manual").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = document.getElementById("code");
    enqueue(input.value, "manual");
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 5000);
  save(load());
  flush();

  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    var button = document.getElementById("scan");
    var video = document.getElementById("camera");
    button.hidden = false;
    button.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var last = "";
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var tick = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length && codes[0].rawValue !== last) {
              last = codes[0].rawValue;
              enqueue(last, "qr");
            }
            setTimeout(tick, 300);
          }).catch(function () { setTimeout(tick, 1000); });
        };
        tick();
      }).catch(function () { button.hidden = true; });
    });
  }
})();
