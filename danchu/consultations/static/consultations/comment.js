// Select words in a paragraph of the draft to comment on them (CONSUL's legislation module does the
// same). Without JavaScript, the "Comment on this paragraph" link does the job.
(function () {
  "use strict";
  var draft = document.getElementById("draft");
  var form = document.getElementById("comment-form");
  if (!draft || !form) return;
  var target = document.getElementById("target");
  var para = form.querySelector("input[name=paragraph]");
  var quote = form.querySelector("input[name=quote]");
  document.addEventListener("mouseup", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed) return;
    var node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
    var box = node && node.closest ? node.closest("[data-paragraph]") : null;
    if (!box || !draft.contains(box)) return;
    var text = sel.toString().trim().slice(0, 1000);
    para.value = box.getAttribute("data-paragraph");
    quote.value = text;
    // Name the paragraph by its number on the page; the form sends its id.
    target.textContent = target.getAttribute("data-on") + " #" + box.getAttribute("data-position") + ": “" + text + "”";
    form.querySelector("textarea").focus();
  });
})();
