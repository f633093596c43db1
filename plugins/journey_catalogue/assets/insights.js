/* Journey Catalogue insights page: the phase x channel heatmap and the opportunity backlog's filters.
 *
 * Runs after journeys.js (whose loadEcharts and filter helpers it shares) on every page Material's instant navigation
 * shows (document$). Text reaches the DOM only through textContent or by cloning the page's own nodes.
 */
(function () {
  "use strict";

  var shared = window.journeyCatalogue;
  var drawn = null; /* {chart, container, payload} */

  function cellNode(anchor) {
    var node = document.getElementById(anchor);
    return node && node.matches("details.jc-cell") ? node : null;
  }

  /* Squares fill their cell of the grid, whatever the container's width. */
  /* Never narrower than its channels need (payload.min_width): in a narrower column the heatmap keeps
   * that width and scrolls sideways in its own box. */
  function fitWidth(container, payload) {
    var box = container.parentNode;
    var room = box.classList.contains("jc-chart-scroll") ? box.clientWidth : container.clientWidth;
    container.style.width = payload.min_width > room ? payload.min_width + "px" : "";
    return Math.max(room, payload.min_width || 0);
  }

  function sizeSymbols(options, payload, width) {
    var grid = options.grid[0];
    var cellWidth = (width - grid.left - grid.right) / Math.max(payload.columns, 1);
    var cellHeight = (payload.height - grid.top - grid.bottom) / Math.max(payload.rows, 1);
    options.series[0].symbolSize = [Math.max(cellWidth - 4, 8), Math.max(cellHeight - 4, 8)];
  }

  /* The panel under the chart lists the chosen cell's steps: a copy of the cell's list in the page. */
  function showCell(anchor) {
    var cell = cellNode(anchor);
    var panel = document.querySelector("[data-jc-cell-panel]");
    if (!cell || !panel) return;
    panel.textContent = "";
    var heading = shared.el("h3", "jc-cell-panel-title");
    heading.appendChild(cell.querySelector("summary .jc-cell-name").cloneNode(true));
    heading.appendChild(cell.querySelector("summary .jc-cell-facts").cloneNode(true));
    panel.appendChild(heading);
    cell.querySelectorAll(".jc-cell-steps, .jc-more").forEach(function (node) {
      panel.appendChild(node.cloneNode(true));
    });
    var close = shared.el("button", "md-button jc-cell-panel-close", shared.t("close", "Close"));
    close.type = "button";
    close.addEventListener("click", function () { panel.hidden = true; panel.removeAttribute("data-jc-cell"); });
    panel.appendChild(close);
    panel.setAttribute("data-jc-cell", anchor);
    panel.hidden = false;
    var link = panel.querySelector("a");
    if (link) link.focus({ preventScroll: true });
    panel.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function tooltipFor(anchor) {
    var cell = cellNode(anchor);
    if (!cell) return "";
    var box = shared.el("div", "jc-tooltip");
    box.appendChild(shared.el("div", "jc-tooltip-action", cell.querySelector("summary .jc-cell-name").textContent));
    box.appendChild(shared.el("div", null, cell.querySelector("summary .jc-cell-facts").textContent.replace(/^:\s*/, "")));
    box.appendChild(shared.el("div", "jc-tooltip-stage", shared.t("choose_cell", "Choose to list its steps")));
    return box;
  }

  function draw(container, echarts) {
    var payload = JSON.parse(container.getAttribute("data-jc-heatmap"));
    var options = payload.options;
    var dark = shared.isDark();
    options.backgroundColor = "transparent";
    options.textStyle = { fontFamily: getComputedStyle(document.body).fontFamily };
    options.tooltip.className = "jc-echarts-tooltip";
    options.tooltip.formatter = function (params) {
      return params && params.dataIndex !== undefined ? tooltipFor(payload.cells[params.dataIndex]) : "";
    };
    sizeSymbols(options, payload, fitWidth(container, payload));
    var fallback = container.querySelector(".jc-chart-fallback");
    if (fallback) fallback.remove();
    var chart = echarts.init(container, dark ? "dark" : null, { renderer: "canvas" });
    chart.setOption(options);
    chart.on("click", function (params) {
      if (params.dataIndex !== undefined) showCell(payload.cells[params.dataIndex]);
    });
    container.setAttribute("data-jc-drawn", "true");
    drawn = { chart: chart, container: container, payload: payload };
  }

  function initHeatmap() {
    if (drawn && !document.body.contains(drawn.container)) {
      drawn.chart.dispose();
      drawn = null;
    }
    var container = document.querySelector(".jc-heatmap:not([data-jc-drawn])");
    if (!container || !shared) return;
    shared.loadEcharts(container.getAttribute("data-jc-echarts")).then(function (echarts) {
      if (document.body.contains(container) && !container.hasAttribute("data-jc-drawn")) draw(container, echarts);
    }, function () {
      var fallback = container.querySelector(".jc-chart-fallback");
      if (fallback) fallback.textContent = shared.t("heatmap_failed", "The heatmap could not be loaded. The same figures are in the table below.");
      container.style.height = "auto";
      container.setAttribute("data-jc-failed", "true");
    });
  }

  function redraw() {
    if (!drawn) return;
    drawn.chart.dispose();
    drawn.container.removeAttribute("data-jc-drawn");
    drawn = null;
    initHeatmap();
  }

  /* -- the backlog's filters ----------------------------------------------------------------------- */

  function initBacklog() {
    var form = document.querySelector("[data-jc-backlog-filters]");
    if (!form || form.dataset.jcReady) return;
    form.dataset.jcReady = "true";
    form.hidden = false; /* without JavaScript the whole backlog shows, with no controls that do nothing */
    var rows = Array.prototype.slice.call(document.querySelectorAll("[data-jc-opportunity]"));
    var selects = form.querySelectorAll("[data-jc-backlog-filter]");
    var count = form.querySelector("[data-jc-backlog-count]");
    var empty = document.querySelector("[data-jc-backlog-empty]");
    shared.restoreFilters(selects);

    function matches(row, key, value) {
      if (!value) return true;
      if (key === "persona") return JSON.parse(row.getAttribute("data-persona")).indexOf(value) !== -1;
      return row.getAttribute("data-" + key) === value;
    }

    function apply() {
      var shown = shared.showMatching(rows, selects, matches);
      var params = new URLSearchParams(location.search);
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); else params.delete(s.name); });
      count.textContent = shared.tn("opportunities_shown", rows.length, ["%(shown)s of %(num)s opportunity", "%(shown)s of %(num)s opportunities"], { shown: shown });
      empty.hidden = shown !== 0;
      shared.replaceQuery(params);
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  /* Without JavaScript every cell's steps are open to read; with it they fold, the heatmap and the
   * table's links show one cell's steps at a time in the panel. */
  function initCells() {
    var cells = document.querySelectorAll("details.jc-cell:not([data-jc-ready])");
    cells.forEach(function (cell) {
      cell.setAttribute("data-jc-ready", "true");
      cell.open = false;
    });
    /* Material makes every link absolute, so the cell is named in its own attribute. */
    document.querySelectorAll("a[data-jc-cell-link]:not([data-jc-ready])").forEach(function (link) {
      link.setAttribute("data-jc-ready", "true");
      link.addEventListener("click", function (event) {
        /* Instant navigation would otherwise fetch this very page again and replace it. */
        event.preventDefault();
        event.stopPropagation();
        showCell(link.getAttribute("data-jc-cell-link"));
      });
    });
  }

  shared.onSchemeChange(redraw);
  shared.onResize(function () {
    if (!drawn) return;
    var options = { grid: drawn.payload.options.grid, series: [{}] };
    sizeSymbols(options, drawn.payload, fitWidth(drawn.container, drawn.payload));
    drawn.chart.setOption({ series: options.series });
    drawn.chart.resize();
  });
  shared.onEachPage(function () {
    initCells();
    initHeatmap();
    initBacklog();
  });
})();
