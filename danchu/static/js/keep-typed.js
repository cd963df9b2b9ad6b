// A refused form keeps what was typed. A form sent to another address than its page (a board's
// "Record a matter", a meeting's "Cancel") is answered, when refused, by its page again with the
// reason on top (danchu.core.middleware.page_again): the server cannot tell which of the page's forms
// to fill again, so a person who typed a long description found the form empty. The browser keeps
// what the form sends in this tab's sessionStorage as it is sent, and when the page comes back with a
// refusal (an error message) puts it back into the same form with the reason above it, opens the
// folds around it and moves the focus there; a page that comes back without a refusal forgets it. Passwords, files, hidden
// fields (the CSRF token, the idempotency key) are never kept. Only values are set: nothing is built
// from the text.
(function () {
  var KEY = "danchu.typed";
  var NEVER = ["password", "file", "hidden", "submit", "button", "reset", "image"];

  function posted(form) {
    return form instanceof HTMLFormElement && (form.getAttribute("method") || "").toLowerCase() === "post";
  }

  // The form's hidden values tell apart the forms of a list that share one address (one per row).
  function hiddenOf(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "hidden" && el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "idempotency_key") {
        out[el.name] = el.value;
      }
    });
    return JSON.stringify(out);
  }

  function keep(event) {
    var form = event.target;
    if (!posted(form)) return;
    var values = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || NEVER.indexOf(el.type) >= 0 || el.disabled) return;
      if (el.type === "checkbox" || el.type === "radio") {
        values.push([el.name, el.value, el.checked]);
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { values.push([el.name, o.value, o.selected]); });
      } else {
        values.push([el.name, el.value]);
      }
    });
    try {
      sessionStorage.setItem(KEY, JSON.stringify({
        action: form.action, hidden: hiddenOf(form), values: values, at: Date.now()
      }));
    } catch (e) { /* storage full or refused: the page works as before */ }
  }

  // A refused form's page answered at the address the form was sent to carries a <base> naming the
  // page's own address (core.middleware.page_again): the address bar says it too, and the <base>
  // goes, so that a reload or an in-page link (#main) stays on the page.
  function pageAddress() {
    var base = document.querySelector("base[data-page-again]");
    if (!base) return;
    try { history.replaceState(history.state, "", base.href); } catch (e) { return; }
    base.parentNode.removeChild(base);
  }

  function restore() {
    var raw = null;
    try { raw = sessionStorage.getItem(KEY); sessionStorage.removeItem(KEY); } catch (e) { return; }
    var refusal = document.querySelector(".messages .error");
    if (!raw || !refusal) return;
    var saved;
    try { saved = JSON.parse(raw); } catch (e) { return; }
    if (!saved || !(Date.now() - saved.at < 120000)) return;  // kept for the answer, not for later visits
    var form = Array.prototype.filter.call(document.forms, function (f) {
      return posted(f) && f.action === saved.action && hiddenOf(f) === saved.hidden;
    })[0];
    if (!form) return;
    var first = null;
    saved.values.forEach(function (v) {
      var els = form.elements.namedItem(v[0]);
      if (!els) return;
      var list = els instanceof RadioNodeList ? Array.prototype.slice.call(els) : [els];
      list.forEach(function (el) {
        if (NEVER.indexOf(el.type) >= 0) return;
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === v[1]) el.checked = v[2];
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (o) { if (o.value === v[1]) o.selected = v[2]; });
        } else {
          el.value = v[1];
          if (!first && el.focus) first = el;
        }
      });
    });
    // The reason beside the form too (the message on top is out of sight on a phone); its text
    // only, as text.
    var beside = document.createElement("p");
    beside.className = "error-message refusal-beside";
    beside.setAttribute("role", "alert");
    beside.textContent = refusal.textContent;
    form.insertBefore(beside, form.firstChild);
    for (var d = form.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
    var invalid = form.querySelector('[aria-invalid="true"]');
    if (invalid || first) (invalid || first).focus();
  }

  document.addEventListener("submit", keep, true);
  pageAddress();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
  else restore();
})();
