/* A map's chart as a standalone image (PNG or SVG), composed the same way on the page and in the CLI.
 *
 * compose() turns the chart options that charts.py builds into an image's options: step numbers on the
 * x-axis, stage names fitted to their bands, the scheme's background, and below the chart a key of the
 * steps' names (on the page the tooltips give them, an image has none). Three uses of this one file:
 *   - on a map page: the "Download PNG" and "Download SVG" buttons, made here (after Material's instant
 *     navigation too);
 *   - in Node.js: `node chart_image.js` reads {echarts, width, ...parts} as JSON on stdin and writes the SVG
 *     (ECharts' server-side rendering: no browser, no DOM), which `journeys export --format svg|png` runs;
 *   - as a CommonJS module, for the same compose().
 * Map text only ever reaches an image as ECharts text, which its SVG renderer escapes.
 */
(function (root) {
  "use strict";

  var KEY_LINE = 18;
  var KEY_TOP_GAP = 16;
  var CHAR_WIDTH = 6.6; // a 12px sans-serif's average, for wrapping the key

  function copy(value) {
    if (Array.isArray(value)) return value.map(copy);
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) { out[key] = copy(value[key]); });
      return out;
    }
    return value;
  }

  function clean(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  /* Lines of at most `chars` characters, broken between words; continuation lines indented. */
  function wrap(text, chars) {
    var lines = [];
    var line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > chars) {
        lines.push(line);
        line = "      " + word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines;
  }

  /* parts: {options, height, steps, names, title, dark, background, foreground, fontFamily}; width in px. */
  function compose(parts, width) {
    var options = copy(parts.options);
    var steps = parts.steps;
    options.animation = false;
    options.backgroundColor = parts.background;
    options.textStyle = { fontFamily: parts.fontFamily || "sans-serif" };
    delete options.tooltip;
    delete options.axisPointer;
    /* the legend sits at the chart's foot, above the key of steps, not at the image's */
    (Array.isArray(options.legend) ? options.legend : [options.legend]).forEach(function (legend) {
      if (!legend) return;
      delete legend.bottom;
      legend.top = parts.height - 28;
    });
    options.xAxis.forEach(function (axis) {
      axis.axisLabel = axis.axisLabel || {};
      axis.axisLabel.formatter = function (value) { return steps[value] || ""; };
    });
    /* Stage names longer than their band are cut with an ellipsis, as on the page. */
    var grid = options.grid[0];
    var stepWidth = (width - grid.left - grid.right) / Math.max(steps.length, 1);
    options.series.forEach(function (series) {
      if (!series.markArea || !series.markArea.data) return;
      series.markArea.data.forEach(function (band) {
        var count = band[1].xAxis - band[0].xAxis;
        band[0].label = { width: Math.max(count * stepWidth - 6, 12), overflow: "truncate" };
      });
    });
    /* The key: "1.1  Action", wrapped (never cut), in two columns when every name fits in one. */
    var area = width - grid.left - grid.right;
    var fits = function (columns) { return Math.floor(area / columns / CHAR_WIDTH) - 6; };
    var longest = parts.names.reduce(function (n, name) { return Math.max(n, clean(name).length); }, 0);
    var columns = steps.length > 6 && longest <= fits(2) ? 2 : 1;
    var chars = Math.max(fits(columns), 20);
    var entries = steps.map(function (number, i) { return wrap(number + "  " + clean(parts.names[i]), chars); });
    var perColumn = Math.ceil(entries.length / columns);
    var keyLines = 0;
    var graphic = [{
      type: "text", left: grid.left, top: parts.height + KEY_TOP_GAP,
      style: { text: clean(parts.title), fill: parts.foreground, font: "bold 14px " + options.textStyle.fontFamily },
    }];
    for (var c = 0; c < columns; c++) {
      var lines = [].concat.apply([], entries.slice(c * perColumn, (c + 1) * perColumn));
      keyLines = Math.max(keyLines, lines.length);
      graphic.push({
        type: "text", left: grid.left + c * (area / columns), top: parts.height + KEY_TOP_GAP + 24,
        style: { text: lines.join("\n"), fill: parts.foreground, lineHeight: KEY_LINE, font: "12px " + options.textStyle.fontFamily },
      });
    }
    options.graphic = graphic;
    return { options: options, height: parts.height + KEY_TOP_GAP + 24 + keyLines * KEY_LINE + 16 };
  }

  /* An image is never narrower than the map's steps need (min_width, from charts/geometry.py). */
  function imageWidth(parts, width) {
    return Math.max(width, parts.min_width || 0);
  }

  function renderSvg(echarts, parts, width) {
    width = imageWidth(parts, width);
    var image = compose(parts, width);
    var chart = echarts.init(null, parts.dark ? "dark" : null, {
      renderer: "svg", ssr: true, width: width, height: image.height,
    });
    chart.setOption(image.options);
    var svg = chart.renderToSVGString();
    chart.dispose();
    return svg;
  }

  var api = { compose: compose, renderSvg: renderSvg };

  /* -- Node.js: stdin JSON -> stdout SVG --------------------------------------------------------- */
  if (typeof module === "object" && module.exports) {
    module.exports = api;
    if (require.main === module) {
      var input = "";
      process.stdin.setEncoding("utf8");
      process.stdin.on("data", function (chunk) { input += chunk; });
      process.stdin.on("end", function () {
        var request = JSON.parse(input);
        process.stdout.write(renderSvg(require(request.echarts), request, request.width), function () {
          process.exit(0); // ECharts' renderer keeps a timer alive; the image is written
        });
      });
    }
    return;
  }

  /* -- a map page: the download buttons ------------------------------------------------------------ */
  root.JourneyChartImage = api;

  function pageParts(container) {
    var payload = window.journeyCatalogue.chartPayload(container);
    var body = getComputedStyle(document.body);
    var names = payload.steps.map(function (number) {
      var cell = document.getElementById("step-" + number.replace(".", "-"));
      if (!cell) return "";
      var clone = cell.cloneNode(true);
      Array.prototype.forEach.call(clone.querySelectorAll(":scope > b:first-child"), function (n) { n.remove(); });
      return clone.textContent;
    });
    var title = document.querySelector(".jc-title");
    return {
      options: payload.options, height: payload.height, min_width: payload.min_width, steps: payload.steps, names: names,
      title: title ? title.textContent : document.title,
      dark: document.body.getAttribute("data-md-color-scheme") === "slate",
      background: body.backgroundColor, foreground: body.color, fontFamily: body.fontFamily,
    };
  }

  function save(href, filename) {
    var link = document.createElement("a");
    link.href = href;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function download(button) {
    var box = button.closest("[data-jc-downloads]");
    var container = document.querySelector(".jc-chart[data-jc-drawn]");
    if (!box || !container || !root.echarts) return;
    var parts = pageParts(container);
    var width = imageWidth(parts, Math.max(container.clientWidth, 640));
    var name = box.getAttribute("data-jc-downloads");
    if (button.getAttribute("data-jc-download") === "svg") {
      var svg = renderSvg(root.echarts, parts, width);
      var url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      save(url, name + ".svg");
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      return;
    }
    var image = compose(parts, width);
    var offscreen = document.createElement("div");
    var chart = root.echarts.init(offscreen, parts.dark ? "dark" : null, {
      renderer: "canvas", width: width, height: image.height,
    });
    chart.setOption(image.options);
    var png = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: parts.background });
    chart.dispose();
    save(png, name + ".png");
  }

  /* The buttons are made here rather than carried by every page (issue 29): without JavaScript there
   * is nothing to download. After the chart's live region, as the page had them; named after the map
   * (its table's id is jc-table-<map id>). */
  function makeButtons(chart) {
    var shared = root.journeyCatalogue;
    var table = document.querySelector("table.jc-journey[id^='jc-table-']");
    if (document.querySelector("[data-jc-downloads]") || !table) return;
    var box = document.createElement("p");
    box.className = "jc-chart-downloads";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", shared.t("download_chart", "Download the chart"));
    box.setAttribute("data-jc-downloads", table.id.slice("jc-table-".length) + "-chart");
    box.hidden = true;
    [["png", "download_png", "Download PNG"], ["svg", "download_svg", "Download SVG"]].forEach(function (kind) {
      var button = box.appendChild(document.createElement("button"));
      button.type = "button";
      button.className = "md-button";
      button.setAttribute("data-jc-download", kind[0]);
      button.textContent = shared.t(kind[1], kind[2]);
    });
    var scroll = chart.closest(".jc-chart-scroll") || chart;
    var announce = scroll.nextElementSibling;
    (announce && announce.hasAttribute("data-jc-chart-announce") ? announce : scroll).after(box);
  }

  function initButtons() {
    document.querySelectorAll("[data-jc-downloads]").forEach(function (box) {
      if (box.dataset.jcReady) return;
      box.dataset.jcReady = "true";
      box.addEventListener("click", function (event) {
        var button = event.target.closest("[data-jc-download]");
        if (button) download(button);
      });
    });
    /* shown once the chart is drawn: without JavaScript or ECharts there is nothing to download */
    var drawn = document.querySelector(".jc-chart[data-jc-drawn]");
    document.querySelectorAll("[data-jc-downloads]").forEach(function (box) { box.hidden = !drawn; });
  }

  function watch() {
    var chart = document.querySelector(".jc-chart");
    if (chart) makeButtons(chart);
    initButtons();
    if (!chart) return;
    new MutationObserver(initButtons).observe(chart, { attributes: true, attributeFilter: ["data-jc-drawn"] });
  }

  root.journeyCatalogue.onEachPage(watch);  /* journeys.js loads first */
})(typeof window !== "undefined" ? window : globalThis);
