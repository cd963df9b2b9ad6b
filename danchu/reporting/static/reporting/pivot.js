// The pivot table's chart: data from a json_script element, drawn by Chart.js (no markup from data).
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("pivot-data");
  var canvas = document.getElementById("pivot-chart");
  if (!node || !canvas || !window.Chart) return;
  var data = JSON.parse(node.textContent);
  var colours = ["#a4161a", "#1d3557", "#2a9d8f", "#e9c46a", "#6d597a", "#f4a261", "#264653", "#777"];
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (d, n) {
        return { label: d.label, data: d.data, backgroundColor: colours[n % colours.length] };
      })
    },
    options: { animation: false, scales: { y: { beginAtZero: true } } }
  });
});
