/* Journey Catalogue: a map page's History section. "Show in chart" overlays that revision's emotion
 * curve on the page's chart (the series and its legend item exist already, switched off); the choice
 * survives the chart being redrawn (a palette switch). The buttons, their column and the sentence that
 * names them are made here: without the script they could do nothing, so the page does not carry them
 * (issue 29). Runs on every page Material shows (document$).
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

  /* Text with <em>…</em> (a translated message of ours) as text nodes and em elements, never markup. */
  function emphasised(parent, text) {
    text.split(/<em>(.*?)<\/em>/).forEach(function (part, i) {
      if (part) parent.appendChild(i % 2 ? window.journeyCatalogue.el("em", null, part) : document.createTextNode(part));
    });
  }

  /* A column with a "Show in chart" button on each revision whose curve the chart carries. The chart's
   * `earlier` curves are named "<short commit> (<date>)" (render/history_section.py), which finds their
   * rows; the newest row is today's curve and has none. */
  function addButtons(section, earlier) {
    var shared = window.journeyCatalogue;
    var table = section.querySelector("table.jc-history-table");
    var commits = earlier.map(function (curve) { return String(curve.label).split(" ")[0]; });
    if (!table || !commits.length) return [];
    var head = table.tHead.rows[0].appendChild(document.createElement("th"));
    head.scope = "col";
    head.appendChild(shared.el("span", "jc-visually-hidden", shared.t("emotion_curve", "Emotion curve")));
    var buttons = [];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var cell = row.insertCell(-1);
      var code = row.querySelector("code");
      var index = code ? commits.indexOf(code.textContent) : -1;
      if (index === -1) return;
      var button = cell.appendChild(shared.el("button", "md-button jc-compare", shared.t("show_in_chart", "Show in chart")));
      button.type = "button";
      button.setAttribute("data-jc-compare", String(index));
      button.setAttribute("aria-pressed", "false");
      buttons.push(button);
    });
    var intro = section.querySelector(".jc-history-intro");
    if (intro && buttons.length) {
      intro.appendChild(document.createTextNode(" "));
      emphasised(intro, shared.t("compare_hint", "Compare an earlier revision's emotion curve with today's in the chart above: pick it with <em>Show in chart</em>."));
    }
    return buttons;
  }

  function initHistory() {
    var section = document.querySelector(".jc-history");
    var container = document.querySelector(".jc-chart");
    if (!section || !container || section.getAttribute("data-jc-ready")) return;
    section.setAttribute("data-jc-ready", "true");
    var buttons = addButtons(section, window.journeyCatalogue.chartPayload(container).earlier || []);
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
