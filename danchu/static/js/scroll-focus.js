// A table wider than the screen scrolls sideways (danchu.css: every table of a page on a phone, and
// .table-wrap / .table-scroll / .scroll boxes). Someone using a keyboard can scroll it only when it
// can take the focus (WCAG 2.1.1; axe "scrollable-region-focusable" found it on the one-stop figures,
// the escalations, the Front's consultations and a work's contributions). So a box that does scroll
// is made focusable, and a box that no longer scrolls (the screen turned) is left out of the tab order
// again. Only attributes change: nothing is built from the page's text.
(function () {
  var BOXES = "main table, .table-wrap, .table-scroll, .scroll";

  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(BOXES), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }

  var pending = 0;
  function later() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () { pending = 0; mark(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", later);
})();
