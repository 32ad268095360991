// The member board's two charts (portal/templates/portal/board.html): the data come from the
// page's json_script elements, the series names from the canvases' data-label. A file of its own
// so the content security policy needs no inline script.
(function () {
  "use strict";
  var red = "#a61b1b";
  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }
  var monthsCanvas = document.getElementById("months-chart");
  if (monthsCanvas) {
    new Chart(monthsCanvas, {
      type: "bar",
      data: {labels: data("month-labels"),
             datasets: [{label: monthsCanvas.dataset.label, data: data("months-data"), backgroundColor: red}]},
      options: {maintainAspectRatio: false, plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
    });
  }
  var scoresCanvas = document.getElementById("scores-chart");
  var scores = data("scores-data");
  if (scoresCanvas && scores) {
    // 26 pixels a member; the style sheet keeps at least 160.
    scoresCanvas.parentElement.style.height = (26 * scores.length) + "px";
    new Chart(scoresCanvas, {
      type: "bar",
      data: {labels: scores.map(function (s) { return s.name; }),
             datasets: [{label: scoresCanvas.dataset.label, data: scores.map(function (s) { return s.score; }), backgroundColor: "#d98b2b"}]},
      options: {indexAxis: "y", maintainAspectRatio: false, plugins: {legend: {display: false}}, scales: {x: {beginAtZero: true}}}
    });
  }
})();
