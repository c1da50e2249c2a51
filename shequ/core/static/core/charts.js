// Bar charts or lines (data-chart-type, the kind chosen on the server by stats/cards.chart_kind) drawn with the locally served ECharts from data in a <script type="application/json">
// block (no inline script: the Content-Security-Policy forbids it). Each chart also has a table.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) { return; }
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) { return; }
    var rows = JSON.parse(source.textContent);
    var en = document.documentElement.lang === "en";
    // rows are {label, value} (a suppressed value is null: no bar) or needs by category
    var names = rows.map(function (r) {
      return r.label !== undefined ? r.label : (en && r.category__name_en) || r.category__name;
    });
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 8, bottom: 8, top: 24, containLabel: true },
      tooltip: { trigger: "axis" },
      toolbox: { feature: { saveAsImage: { title: en ? "Download" : "下载图片" } } },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: el.getAttribute("data-chart-type") === "line" ? "line" : "bar", barMaxWidth: 36, data: rows.map(function (r) { return r.value !== undefined ? r.value : r.total; }), itemStyle: { color: "#b3261e" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
