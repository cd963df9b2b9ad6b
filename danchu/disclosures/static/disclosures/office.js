// Back office of disclosures: a <select data-autosubmit> sends its form when changed (the button next to
// it does the same without JavaScript). No inline handlers: the Content-Security-Policy forbids them.
"use strict";
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
