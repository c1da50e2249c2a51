// The capacity trend: a line per dimension and one for the total, drawn with the locally served
// ECharts from data in a <script type="application/json"> block (no inline script: the
// Content-Security-Policy forbids it). The table below the chart holds the same figures.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) { return; }
  document.querySelectorAll("[data-trend]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-trend"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var en = document.documentElement.lang === "en";
    var series = data.series.map(function (s) {
      return { name: s.name, type: "line", data: s.data, connectNulls: true };
    });
    series.push({
      name: en ? "Total" : "总分", type: "line", yAxisIndex: 1, data: data.total.data,
      lineStyle: { width: 3 }, itemStyle: { color: "#b3261e" }
    });
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 8, right: 8, bottom: 8, top: 48, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      xAxis: { type: "category", data: data.dates },
      yAxis: [{ type: "value", min: 0 }, { type: "value", min: 0, splitLine: { show: false } }],
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
