// Filters the list of places as a person types (diacritic-insensitive), on the place page.
(function () {
  document.querySelectorAll("form[data-no-submit]").forEach(function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  });
  var input = document.getElementById("place-filter");
  if (!input) return;
  function fold(s) { return s.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim(); }
  function apply() {
    var q = fold(input.value);
    document.querySelectorAll(".place-group").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("li[data-n]").forEach(function (li) {
        var hit = !q || li.getAttribute("data-n").indexOf(q) !== -1;
        li.hidden = !hit; if (hit) shown++;
      });
      group.hidden = shown === 0;
    });
  }
  input.addEventListener("input", apply);
  // What was typed before this deferred script ran (a slow phone), or what the browser put back on
  // returning to the page, filters the list too.
  if (input.value) apply();
})();
