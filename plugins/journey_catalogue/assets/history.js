/* Journey Catalogue: a map page's History section. "Show in chart" overlays that revision's emotion
 * curve on the page's chart (the series and its legend item exist already, switched off); the choice
 * survives the chart being redrawn (a palette switch). Runs on every page Material shows (document$).
 */
(function () {
  "use strict";

  function chartOf(container) {
    return window.echarts && container && container.getAttribute("data-jc-drawn") === "true"
      ? window.echarts.getInstanceByDom(container) : null;
  }

  /* Put revision `index`'s values into the earlier-curve series, rename them and switch them on. */
  function overlay(container, index) {
    var chart = chartOf(container);
    var payload = window.journeyCatalogue.chartPayload(container);
    var earlier = payload.earlier && payload.earlier[index];
    if (!chart || !earlier) return false;
    var legends = chart.getOption().legend;
    var legend = legends[legends.length - 1];
    var oldNames = chart.getOption().series.filter(function (s) {
      return String(s.id).indexOf("jc-earlier-") === 0;
    }).map(function (s) { return s.name; });
    var names = legend.data.map(function (item) { return typeof item === "string" ? item : item.name; })
      .filter(function (name) { return oldNames.indexOf(name) === -1; }).concat(earlier.names);
    var selected = {};
    earlier.names.forEach(function (name) { selected[name] = true; });
    var legendUpdate = legends.map(function () { return {}; });
    legendUpdate[legends.length - 1] = { data: names, selected: selected };
    chart.setOption({
      legend: legendUpdate,
      series: earlier.data.map(function (values, n) {
        return {
          id: "jc-earlier-" + n,
          name: earlier.names[n],
          data: values.map(function (value, i) { return [i, value]; }),
        };
      }),
    });
    container.setAttribute("data-jc-earlier", String(index));
    return true;
  }

  function mark(buttons, index) {
    buttons.forEach(function (button) {
      var on = button.getAttribute("data-jc-compare") === String(index);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      var shared = window.journeyCatalogue;
      button.textContent = on ? shared.t("shown_in_chart", "Shown in chart") : shared.t("show_in_chart", "Show in chart");
    });
  }

  function initHistory() {
    var section = document.querySelector("[data-jc-history]");
    var container = document.querySelector(".jc-chart");
    if (!section || !container || section.getAttribute("data-jc-ready")) return;
    section.setAttribute("data-jc-ready", "true");
    /* Without the page script the buttons could do nothing: they are shown only now. */
    section.querySelectorAll("[data-jc-needs-script]").forEach(function (node) { node.hidden = false; });
    var buttons = Array.prototype.slice.call(section.querySelectorAll("[data-jc-compare]"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var index = button.getAttribute("data-jc-compare");
        if (!overlay(container, Number(index))) return;
        mark(buttons, index);
        container.scrollIntoView({ behavior: "smooth", block: "center" });
      });
    });
    /* A redraw starts from the page's options again: put the chosen revision back. */
    new MutationObserver(function () {
      var chosen = container.getAttribute("data-jc-earlier");
      if (chosen !== null && chartOf(container)) overlay(container, Number(chosen));
    }).observe(container, { attributes: true, attributeFilter: ["data-jc-drawn"] });
  }

  window.journeyCatalogue.onEachPage(initHistory);  /* journeys.js loads first */
})();
