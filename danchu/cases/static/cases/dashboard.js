// A unit's on-time share per month (data from json_script #months-data).
(function () {
  var data = document.getElementById("months-data"), canvas = document.getElementById("rate-chart");
  if (!window.Chart || !data || !canvas) return;
  var rows = JSON.parse(data.textContent);
  new Chart(canvas, {type: "bar", data: {labels: rows.map(function (r) { return r.month.slice(0, 7); }),
    datasets: [{label: "%", data: rows.map(function (r) { return r.rate; })}]}, options: {scales: {y: {min: 0, max: 100}}}});
})();
