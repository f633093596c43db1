/* Journey Catalogue page script: charts, catalogue filters, template copy buttons.
 *
 * Runs on every page Material's instant navigation shows (document$), and on plain page loads when
 * instant navigation is off. Map text only ever reaches the DOM through textContent.
 */
(function () {
  "use strict";

  var charts = [];
  var echartsLoads = {};

  function loadEcharts(src) {
    if (window.echarts) return Promise.resolve(window.echarts);
    var url = new URL(src, document.baseURI).href;
    if (!echartsLoads[url]) {
      echartsLoads[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.async = true;
        var integrity = document.querySelector("[data-jc-integrity]");
        if (integrity) {
          script.integrity = integrity.getAttribute("data-jc-integrity");
          script.crossOrigin = "anonymous";
        }
        script.onload = function () { window.echarts ? resolve(window.echarts) : reject(new Error("no echarts")); };
        script.onerror = function () { delete echartsLoads[url]; reject(new Error("cannot load " + url)); };
        document.head.appendChild(script);
      });
    }
    return echartsLoads[url];
  }

  /* -- a chart's payload: the common part (chart-common.js, cached) joined with the page's part ---- */
  /* The same join as charts/split.py's (see there): templates with placeholders, merged with patches. */

  function bands(stages, colours, named) {
    var first = -0.5;
    return stages.map(function (stage, s) {
      var start = { itemStyle: { color: colours[s % colours.length] }, xAxis: first };
      if (named && stage[1]) start.name = stage[1];
      first += stage[0];
      return [start, { xAxis: first }];
    });
  }

  function range(n, shift) {
    var out = [];
    for (var i = 0; i < n; i++) out.push(i + shift);
    return out;
  }

  function chartContext(common, steps, height, stages) {
    var laneHeight = typeof height === "number" ? height - common.height_extra : null;
    return {
      "@positions": range(steps, 0), "@edges": range(steps + 1, -0.5), "@last": steps - 0.5,
      "@lane_h": laneHeight, "@emotion_top": laneHeight === null ? null : laneHeight + common.emotion_offset,
      "@bands": bands(stages, common.band_colours, true), "@bands_plain": bands(stages, common.band_colours, false),
    };
  }

  function resolve(template, context) {
    if (typeof template === "string" && Object.prototype.hasOwnProperty.call(context, template)) {
      return JSON.parse(JSON.stringify(context[template]));
    }
    if (Array.isArray(template)) return template.map(function (item) { return resolve(item, context); });
    if (template && typeof template === "object") {
      var out = {};
      Object.keys(template).forEach(function (key) { out[key] = resolve(template[key], context); });
      return out;
    }
    return template;
  }

  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

  function merge(template, patch) {
    var out = {};
    Object.keys(template).forEach(function (key) { out[key] = template[key]; });
    Object.keys(patch).forEach(function (key) {
      var value = patch[key];
      if (value === null) delete out[key];
      else if (isObject(value) && value["@each"] && Array.isArray(out[key])) {
        out[key] = out[key].map(function (item, i) { return merge(item, value["@each"][i]); });
      } else if (isObject(value) && isObject(out[key])) out[key] = merge(out[key], value);
      else out[key] = value;
    });
    return out;
  }

  function decodeData(series) {
    if ("v" in series) series.data = series.v.map(function (v, i) { return [i, v]; });
    else if ("x" in series) series.data = series.x.map(function (x) { return [x, series.name]; });
    delete series.v;
    delete series.x;
    return series;
  }

  function names(series, type) {
    return series.filter(function (s) { return s.type === type && "name" in s; }).map(function (s) { return s.name; });
  }

  var LINE_KINDS = ["first-line", "line"];

  /* Each series' "@colour": the k-th series of its kind (emotion lines count together) gets the k-th. */
  function seriesColours(common, templates) {
    var colours = common.line_colours || [null];
    var counts = {};
    return templates.map(function (name) {
      var kind = LINE_KINDS.indexOf(name) !== -1 ? "line" : name;
      counts[kind] = kind in counts ? counts[kind] + 1 : 0;
      return colours[counts[kind] % colours.length];
    });
  }

  /* A pains series sent as "@low": at each step "1" puts the marker on the emotion lines' lowest value
   * (0 where they have none), "0" leaves the step without one. */
  function decodeLow(series, templates, steps) {
    var lines = series.filter(function (s, k) { return LINE_KINDS.indexOf(templates[k]) !== -1; }).map(function (s) { return s.data; });
    var lowest = [];
    for (var i = 0; i < steps; i++) {
      var values = [];
      lines.forEach(function (d) {
        if (Array.isArray(d) && i < d.length && Array.isArray(d[i]) && d[i].length === 2 && d[i][1] !== null) values.push(d[i][1]);
      });
      lowest.push(values.length ? Math.min.apply(null, values) : 0);
    }
    series.forEach(function (item) {
      if (!("@low" in item)) return;
      var flags = item["@low"] === 1 ? new Array(steps + 1).join("1") : item["@low"];  /* 1: every step */
      item.data = flags.split("").map(function (flag, x) { return [x, flag === "1" ? lowest[x] : null]; });
      delete item["@low"];
    });
  }

  /* The first line's arcs sent as "@arcs" ([x1, y1, x2, y2, name] each), after its neutral line. */
  function decodeArcs(series, common) {
    var mark = series.markLine;
    if (!mark || typeof mark !== "object" || !("@arcs" in mark)) return series;
    mark.data = (mark.data || []).concat(mark["@arcs"].map(function (v) {
      return resolve(common.arc, { "@x1": v[0], "@y1": v[1], "@x2": v[2], "@y2": v[3], "@name": v[4] });
    }));
    delete mark["@arcs"];
    return series;
  }

  /* The first earlier revision's curve n, sent as {"@earlier": n}: the payload's `earlier` has it. */
  function decodeEarlier(payload, series) {
    if (!("@earlier" in series)) return series;
    var n = series["@earlier"], first = payload.earlier[0];
    delete series["@earlier"];
    series.id = "jc-earlier-" + n;
    series.name = first.names[n];
    series.data = first.data[n].map(function (v, i) { return [i, v]; });
    return series;
  }

  /* The legend's choice that hides those curves, sent as "@earlier". */
  function decodeHidden(payload, options) {
    var legends = options.legend;
    var last = Array.isArray(legends) && legends[legends.length - 1];
    if (!last || last.selected !== "@earlier") return;
    last.selected = {};
    payload.earlier[0].names.forEach(function (name) { last.selected[name] = false; });
  }

  function joinChart(common, part) {
    var payload = {};
    Object.keys(part).forEach(function (key) { if (["o", "s", "stages"].indexOf(key) === -1) payload[key] = part[key]; });
    var stages = part.stages || [];
    if (!payload.steps) {
      payload.steps = [];
      stages.forEach(function (stage, s) {
        for (var t = 0; t < stage[0]; t++) payload.steps.push((s + 1) + "." + (t + 1));
      });
    }
    /* a lane's usual entry is [name, x positions]; any other [template name, differences] */
    var entries = part.s.map(function (item) {
      return Array.isArray(item[1]) ? ["lane", { name: item[0], x: item[1] }] : item;
    });
    var templates = entries.map(function (item) { return item[0]; });
    /* the chart's height and narrowest width, when the part leaves them to the common part's geometry */
    var lanes = templates.filter(function (name) { return name === "lane" || name === "stages"; }).length;
    if (!("height" in payload)) payload.height = Math.max(common.lane_min_height, common.lane_row * lanes) + common.height_extra;
    if (!("min_width" in payload)) payload.min_width = common.width_extra + common.step_min_width * Math.max(payload.steps.length, 1);
    var context = chartContext(common, payload.steps.length, payload.height, stages);
    var colours = seriesColours(common, templates);
    var series = entries.map(function (item, k) {
      context["@colour"] = colours[k];
      return decodeData(merge(resolve(common.series[item[0]], context), item[1]));
    });
    delete context["@colour"];
    decodeLow(series, templates, payload.steps.length);
    series.forEach(function (item) { decodeEarlier(payload, decodeArcs(item, common)); });
    context["@lanes"] = names(series, "scatter");
    context["@lines"] = names(series, "line");
    var options = merge(resolve(common.options, context), part.o);
    decodeHidden(payload, options);
    options.series = series;
    payload.options = options;
    return payload;
  }

  /* The container's chart payload as charts/map_chart.py built it; a fresh copy each time (drawing changes it). */
  function chartPayload(container) {
    var part = JSON.parse(container.getAttribute("data-jc-chart"));
    return joinChart(window.journeyChartCommon, part);
  }

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function list(title, items, className) {
    var box = el("div", className);
    box.appendChild(el("strong", null, title));
    var ul = el("ul");
    items.forEach(function (item) { ul.appendChild(el("li", null, item)); });
    box.appendChild(ul);
    return box;
  }

  /* A copy's text without the elements matching `drop` (step numbers, citation links), spaces folded. */
  function textOf(node, drop) {
    var copy = node.cloneNode(true);
    if (drop) Array.prototype.forEach.call(copy.querySelectorAll(drop), function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function texts(nodes, drop) {
    return Array.prototype.map.call(nodes, function (node) { return textOf(node, drop); });
  }

  /* "high: text" from a table item "<span class=jc-severity--high>high</span> text <a href=#source-s1>[s1]</a>".
   * Citations are found by their href's "#source-" part: instant navigation makes hrefs absolute. */
  function labelled(items, label) {
    return Array.prototype.map.call(items, function (item) {
      var tag = item.querySelector(label);
      var text = textOf(item, label + ', a[href*="#source-"]');
      return tag ? textOf(tag) + ": " + text : text;
    });
  }

  /* The page's interface strings in the site's language (render/vocabulary.py SCRIPT_MESSAGES), handed
   * to the page as JSON in a data-jc-strings attribute, or (map pages) by the strings.js part of the
   * site's cached page script bundle as window.journeyStrings; plural forms keyed by CLDR category, chosen with
   * Intl.PluralRules. A page without either (or an older cached one) gets the English fallback. */
  function pageStrings() {
    var holder = document.querySelector("[data-jc-strings]");
    var raw = holder ? holder.getAttribute("data-jc-strings") : "";
    if (raw !== pageStrings.raw || !pageStrings.value) {
      var fallback = window.journeyStrings || { lang: "en", strings: {} };
      pageStrings.raw = raw;
      try { pageStrings.value = raw ? JSON.parse(raw) : fallback; }
      catch (error) { pageStrings.value = fallback; }
    }
    return pageStrings.value;
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (all, key) { return key in values ? String(values[key]) : all; })
      .replace(/%%/g, "%");
  }

  function t(key, fallback, values) {
    var text = pageStrings().strings[key];
    return fill(typeof text === "string" ? text : fallback, values || {});
  }

  function tn(key, n, fallbacks, values) {
    var page = pageStrings();
    var forms = page.strings[key];
    var merged = Object.assign({ num: n }, values || {});
    if (!forms || typeof forms !== "object") return fill(n === 1 ? fallbacks[0] : fallbacks[1], merged);
    var category = "other";
    try { category = new Intl.PluralRules(page.lang.replace("_", "-")).select(n); } catch (error) { /* keep other */ }
    return fill(forms[category] || forms.other || fallbacks[1], merged);
  }

  /* The table's emotion row gives this scale once, in its heading; its cells hold the number alone. */
  function valenceWord(value) {
    var keys = { "-2": "very_negative", "-1": "negative", "+0": "neutral", "+1": "positive", "+2": "very_positive" };
    var english = { "-2": "very negative", "-1": "negative", "+0": "neutral", "+1": "positive", "+2": "very positive" };
    return keys[value] ? t(keys[value], english[value]) : "";
  }

  /* The step's cells in the page's table: its column is the column of its action cell (#step-2-1). */
  function stepCells(number) {
    var action = document.getElementById("step-" + number.replace(".", "-"));
    var table = action && action.closest("table.jc-journey");
    if (!table) return null;
    var column = action.cellIndex;
    var stage = "";
    for (var k = 1, end = 1, heads = table.tHead.rows[0].cells; k < heads.length; k++) {
      end += heads[k].colSpan;
      if (column < end) { stage = textOf(heads[k], ".jc-next"); break; }
    }
    return {
      action: action,
      stage: stage,
      cell: function (row) {
        var tr = table.querySelector("tr.jc-row-" + row);
        return (tr && tr.cells[column]) || document.createElement("td");
      },
    };
  }

  /* The tooltip is built as DOM nodes from the table's text: ECharts inserts a string formatter's
   * result as HTML, and the table already carries every text of the step. */
  function tooltipFor(number) {
    var step = stepCells(number);
    if (!step) return "";
    var box = el("div", "jc-tooltip");
    box.appendChild(el("div", "jc-tooltip-stage", number + " · " + step.stage));
    box.appendChild(el("div", "jc-tooltip-action", textOf(step.action, ":scope > b:first-child, .jc-detail-link")));
    var detail = step.action.querySelector("[data-jc-detail]");
    if (detail) box.appendChild(el("div", "jc-tooltip-detail", textOf(detail) + " " + t("click_marker", "(click the step's marker to open it)")));
    var feeling = step.cell("feeling").querySelector("p");
    var thought = step.cell("feeling").querySelector("q");
    if (feeling) box.appendChild(el("div", "jc-tooltip-feeling", t("feeling", "Feeling: %(text)s", { text: textOf(feeling) })));
    if (thought) box.appendChild(el("q", "jc-tooltip-thought", textOf(thought)));
    var cell = step.cell("emotion"); /* one valence: its class is on the cell; per persona: a list */
    var emotions = texts(cell.querySelectorAll("li"));
    var valence = cell.className.indexOf("jc-valence--") === 0 ? cell : null;
    if (emotions.length) box.appendChild(list(t("emotion", "Emotion"), emotions, "jc-tooltip-list"));
    else if (valence) {
      var word = valenceWord(textOf(valence).replace("\u2212", "-"));
      box.appendChild(el("div", "jc-tooltip-emotion", t("emotion", "Emotion") + ": " + textOf(valence) + (word ? " (" + word + ")" : "")));
    }
    var measured = texts(step.cell("measured").querySelectorAll("p")); /* a map with metrics only */
    if (measured.length) box.appendChild(list(t("measured", "Measured"), measured, "jc-tooltip-list"));
    var pains = labelled(step.cell("pains").querySelectorAll("li"), '[class^="jc-severity"]');
    if (pains.length) box.appendChild(list(t("pain_points", "Pain points"), pains, "jc-tooltip-list jc-tooltip-pains"));
    var opportunities = labelled(step.cell("opportunities").querySelectorAll("li"), '[class^="jc-status"]');
    if (opportunities.length) {
      box.appendChild(list(t("opportunities", "Opportunities"), opportunities, "jc-tooltip-list jc-tooltip-opportunities"));
    }
    return box;
  }

  /* The link to the map that details a step, in the step's action cell (see the table). */
  function detailLink(number) {
    var action = document.getElementById("step-" + number.replace(".", "-"));
    return action && action.querySelector("a[data-jc-detail]");
  }

  /* Whether `point` (chart pixels) is on one of step `index`'s own markers: emotion points, channel marks
   * and pain triangles, not the current state's dashed curve. Judged by distance rather than by ECharts'
   * hit target, which is the neutral line wherever a marker sits on it. */
  function onMarker(chart, series, index, point) {
    return series.some(function (item, seriesIndex) {
      if (item.jcCurrentState || !Array.isArray(item.data)) return false;
      var reach = (item.symbolSize || 10) / 2 + 5;
      return item.data.some(function (value) {
        if (!Array.isArray(value) || value[0] !== index || value[1] === null || value[1] === undefined) return false;
        var at = chart.convertToPixel({ seriesIndex: seriesIndex }, value);
        return at && Math.abs(at[0] - point[0]) <= reach && Math.abs(at[1] - point[1]) <= reach;
      });
    });
  }

  function scrollToStep(number) {
    var target = document.getElementById("step-" + number.replace(".", "-"));
    if (!target) return;
    target.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: "center", inline: "center" });
    target.classList.add("jc-highlight");
    setTimeout(function () { target.classList.remove("jc-highlight"); }, 1600);
  }

  /* Stage names break at spaces into at most two lines within their band, the second cut with "…" when
   * the name is longer still (the tooltip names the stage in full). Measured with the chart's own font. */
  var measurer = null;
  function wrapped(text, width, font, maxLines) {
    measurer = measurer || document.createElement("canvas").getContext("2d");
    measurer.font = font;
    var fits = function (line) { return measurer.measureText(line).width <= width; };
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (fits(next) || !line) line = next;
      else { lines.push(line); line = word; }
    });
    if (line) lines.push(line);
    var shown = lines.slice(0, maxLines);
    if (lines.length > maxLines) shown[maxLines - 1] += " " + lines.slice(maxLines).join(" ");
    return shown.map(function (one) {
      if (fits(one)) return one;
      while (one.length > 1 && !fits(one + "…")) one = one.slice(0, -1);
      return one + "…";
    }).join("\n");
  }

  function fitStageLabels(options, width, stepCount) {
    var grid = options.grid[0];
    var stepWidth = (width - grid.left - grid.right) / Math.max(stepCount, 1);
    var font = "bold 12px " + ((options.textStyle && options.textStyle.fontFamily) || "sans-serif");
    options.series.forEach(function (series) {
      if (!series.markArea || !series.markArea.data) return;
      series.markArea.data.forEach(function (band) {
        var room = Math.max((band[1].xAxis - band[0].xAxis) * stepWidth - 6, 12);
        var text = wrapped(band[0].name || "", room, font, 2);
        band[0].label = { formatter: function () { return text; }, lineHeight: 14 };
      });
    });
  }

  /* A map's chart is never narrower than its steps need (payload.min_width, from charts/geometry.py):
   * in a narrower column it keeps that width and scrolls sideways in its own box. */
  function sizeChart(container, minWidth) {
    var box = container.parentNode;
    var room = box && box.classList.contains("jc-chart-scroll") ? box.clientWidth : container.clientWidth;
    var width = Math.max(room, minWidth || 0);
    container.style.width = width > room ? width + "px" : "";
    return width;
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  /* Whatever the built options say, a reader who asked for less motion gets none: no animated drawing,
   * hover emphasis or tooltip glide. */
  function calmed(options) {
    if (!reducedMotion()) return options;
    options.animation = false;
    options.stateAnimation = { duration: 0 };
    options.tooltip.transitionDuration = 0;
    return options;
  }

  /* The tooltip's text as one sentence for a screen reader: each part, lists joined with semicolons. */
  function spoken(box) {
    if (!box || !box.childNodes) return "";
    return Array.prototype.map.call(box.childNodes, function (part) {
      var items = part.querySelectorAll("li");
      if (!items.length) return part.textContent;
      return textOf(part.querySelector("strong")) + ": " + texts(items).join("; ");
    }).join(". ");
  }

  /* Keyboard: the chart container takes focus; the arrow keys, Home and End move ECharts' own tooltip
   * from step to step (showTip at the step's point in the emotion grid), and an aria-live region reads
   * the step out. The handler asks for the container's current chart, as redraws replace it. */
  function initKeyboard(container, payload, echarts) {
    if (container.hasAttribute("data-jc-keys")) return;
    container.setAttribute("data-jc-keys", "");
    var box = container.parentNode;
    var scroll = box.classList.contains("jc-chart-scroll");
    var announce = (scroll ? box.parentNode : box).querySelector("[data-jc-chart-announce]");
    if (!announce) { /* made with the keys it speaks for: the page does not carry it (issue 29) */
      announce = el("p", "jc-visually-hidden");
      announce.setAttribute("aria-live", "polite");
      announce.setAttribute("data-jc-chart-announce", "");
      (scroll ? box : container).after(announce);
    }
    var last = payload.steps.length - 1;
    function show(index) {
      var chart = echarts.getInstanceByDom(container);
      if (!chart) return;
      container.setAttribute("data-jc-step", String(index));
      var at = chart.convertToPixel({ gridIndex: 1 }, [index, 0]);
      if (scroll && (at[0] < box.scrollLeft + 130 || at[0] > box.scrollLeft + box.clientWidth - 40)) {
        box.scrollLeft = Math.max(at[0] - box.clientWidth / 2, 0);
      }
      chart.dispatchAction({ type: "showTip", x: at[0], y: at[1] });
      var number = payload.steps[index];
      if (announce) announce.textContent = t("step_of", "Step %(step)s of %(steps)s.", { step: index + 1, steps: last + 1 }) + " " + spoken(tooltipFor(number));
    }
    container.addEventListener("keydown", function (event) {
      var current = container.hasAttribute("data-jc-step") ? Number(container.getAttribute("data-jc-step")) : -1;
      var moves = { ArrowRight: current + 1, ArrowDown: current + 1, ArrowLeft: current - 1, ArrowUp: current - 1, Home: 0, End: last };
      if (event.key === "Escape") {
        var chart = echarts.getInstanceByDom(container);
        if (chart) chart.dispatchAction({ type: "hideTip" });
        return;
      }
      if (!(event.key in moves) || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      show(Math.min(Math.max(moves[event.key], 0), last));
    });
    container.addEventListener("blur", function () {
      var chart = echarts.getInstanceByDom(container);
      if (chart) chart.dispatchAction({ type: "hideTip" });
      container.removeAttribute("data-jc-step");
    });
  }

  function drawChart(container, echarts) {
    var payload = chartPayload(container);
    var options = payload.options;
    var fg = getComputedStyle(document.body).getPropertyValue("--md-default-fg-color").trim();
    options.backgroundColor = "transparent";
    options.textStyle = { fontFamily: getComputedStyle(document.body).fontFamily };
    /* x is a step's index: label it with the step's number, and show that step in the tooltip. */
    options.xAxis.forEach(function (axis) {
      axis.axisLabel.formatter = function (value) {
        return payload.steps[value] || "";
      };
    });
    options.tooltip.formatter = function (params) {
      var first = Array.isArray(params) ? params[0] : params;
      var number = first && payload.steps[Math.round(Array.isArray(first.value) ? first.value[0] : first.axisValue)];
      return number ? tooltipFor(number) : "";
    };
    options.tooltip.className = "jc-echarts-tooltip";
    /* What a screen reader hears once the chart is drawn (ECharts puts it on the container): where the
     * same content is, and the keys, which work only now that this script runs. */
    options.aria = Object.assign({}, options.aria, { label: { description:
      t("chart_label", "Chart of touchpoints and emotions per step; the same content is in the table below.") + " "
      + t("chart_keys", "The left and right arrow keys go through the steps.") } });
    var fallback = container.querySelector(".jc-chart-fallback");
    if (fallback) fallback.remove();
    var chart = echarts.init(container, isDark() ? "dark" : null, { renderer: "canvas" });
    if (isDark()) options.backgroundColor = "transparent";
    fitStageLabels(options, sizeChart(container, payload.min_width), payload.steps.length);
    chart.resize();
    chart.setOption(calmed(options));
    initKeyboard(container, payload, echarts);
    chart.getZr().on("click", function (event) {
      var point = [event.offsetX, event.offsetY];
      for (var grid = 0; grid < 2; grid++) {
        if (chart.containPixel({ gridIndex: grid }, point)) {
          var x = chart.convertFromPixel({ gridIndex: grid }, point)[0];
          var number = payload.steps[Math.round(x)];
          var link = number && detailLink(number);
          /* A step's marker with a detail map opens that map, through the table's link so that instant
           * navigation handles it; anywhere else in the step's column shows the step in the table. */
          if (link && onMarker(chart, options.series, Math.round(x), point)) link.click();
          else if (number) scrollToStep(number);
          return;
        }
      }
    });
    container.setAttribute("data-jc-drawn", "true");
    container.style.color = fg;
    charts.push({ chart: chart, container: container, stepCount: payload.steps.length, minWidth: payload.min_width });
  }

  function initCharts() {
    charts = charts.filter(function (entry) {
      if (document.body.contains(entry.container)) return true;
      entry.chart.dispose();
      return false;
    });
    var containers = document.querySelectorAll(".jc-chart:not([data-jc-drawn])");
    if (!containers.length) return;
    var draw = function (echarts) {
      containers.forEach(function (container) {
        if (document.body.contains(container) && !container.hasAttribute("data-jc-drawn")) drawChart(container, echarts);
      });
    };
    var failed = function () {
      /* The build-time SVG stays: it shows the chart, only not interactively. */
      containers.forEach(function (container) {
        if (!container.hasAttribute("data-jc-failed")) {
          container.appendChild(el("p", "jc-chart-note", t("chart_failed", "The interactive chart could not be loaded. The full map is in the table below.")));
        }
        container.style.height = "auto";
        container.setAttribute("data-jc-failed", "true");
      });
    };
    var start = function () {
      loadEcharts(containers[0].getAttribute("data-jc-echarts")).then(draw, failed);
    };
    /* While the build-time frame shows the chart, let the browser present it first: evaluating ECharts
     * or drawing in the same task (after an instant-navigation hop) would hold that frame back. */
    if (containers[0].querySelector(".jc-chart-fallback")) {
      requestAnimationFrame(function () { setTimeout(start, 0); });
    } else {
      start();
    }
  }

  function redrawAll() {
    var drawn = charts;
    charts = [];
    drawn.forEach(function (entry) {
      entry.chart.dispose();
      entry.container.removeAttribute("data-jc-drawn");
    });
    initCharts();
  }

  /* -- catalogue filters ------------------------------------------------------------------------ */

  /* Filters survive a reload and can be linked to: each select takes the value the page address's query
   * gives its name, when that is one of its options. Returns the query. */
  function restoreFilters(selects) {
    var query = new URLSearchParams(location.search);
    selects.forEach(function (select) {
      var wanted = query.get(select.name);
      if (wanted !== null && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
        select.value = wanted;
      }
    });
    return query;
  }

  /* Shows the items that every select lets through (`matches(item, the select's name, its value)`) and
   * hides the others; returns how many show. */
  function showMatching(items, selects, matches) {
    var shown = 0;
    items.forEach(function (item) {
      item.hidden = !Array.prototype.every.call(selects, function (select) {
        return matches(item, select.name, select.value);
      });
      if (!item.hidden) shown++;
    });
    return shown;
  }

  /* The page address's query becomes `params`, in place: no history entry, no navigation. */
  function replaceQuery(params) {
    var search = params.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function cardMatches(card, key, value) {
    if (key === "status") return value === "all" || card.dataset.status === (value || "published");
    if (!value) return true;
    var raw = card.getAttribute("data-" + key);
    if (key === "persona" || key === "channel" || key === "tag" || key === "state") return JSON.parse(raw).indexOf(value) !== -1;
    return raw === value;
  }

  function compareCards(sortValue, a, b) {
    if (sortValue === "updated-desc") return b.updated.localeCompare(a.updated);
    if (sortValue === "updated-asc") return a.updated.localeCompare(b.updated);
    return a.title.localeCompare(b.title);
  }

  function initFilters() {
    var form = document.querySelector("[data-jc-filters]");
    if (!form || form.dataset.jcReady) return;
    form.dataset.jcReady = "true";
    if (form.hasAttribute("data-jc-index")) return initIndexedCatalogue(form);
    var cards = Array.prototype.slice.call(document.querySelectorAll("[data-jc-card]"));
    var container = document.querySelector("[data-jc-cards]");
    var selects = form.querySelectorAll("[data-jc-filter]");
    var sort = form.querySelector("[data-jc-sort]");
    var count = form.querySelector("[data-jc-count]");
    var empty = document.querySelector("[data-jc-empty]");
    var query = restoreFilters(selects);
    if (query.get("sort")) sort.value = query.get("sort");

    function apply() {
      var shown = showMatching(cards, selects, cardMatches);
      var order = cards.slice().sort(function (a, b) {
        return compareCards(sort.value, { title: a.dataset.title, updated: a.dataset.updated },
          { title: b.dataset.title, updated: b.dataset.updated });
      });
      order.forEach(function (card) { container.appendChild(card); });
      count.textContent = tn("maps_shown", cards.length, ["%(shown)s of %(num)s map", "%(shown)s of %(num)s maps"], { shown: shown });
      empty.hidden = shown !== 0;
      replaceQuery(filterQuery(selects, sort));
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  function filterQuery(selects, sort) {
    var params = new URLSearchParams();
    selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
    if (sort.value !== "title") params.set("sort", sort.value);
    return params;
  }

  /* -- a catalogue of more maps than a page holds ------------------------------------------------ */

  /* The page holds its share of the cards; the card index (maps/cards.json, render/card_index.py) holds
   * every listed map. It is fetched when the reader first filters, sorts or asks for more cards; then
   * filters, sort and counts run over every map, and the cards are made from the index's records. */
  function initIndexedCatalogue(form) {
    var container = document.querySelector("[data-jc-cards]");
    var selects = form.querySelectorAll("[data-jc-filter]");
    var sort = form.querySelector("[data-jc-sort]");
    var count = form.querySelector("[data-jc-count]");
    var empty = document.querySelector("[data-jc-empty]");
    var more = document.querySelector("[data-jc-more]");
    var pages = document.querySelector("[data-jc-pages]");
    var indexUrl = new URL(form.getAttribute("data-jc-index"), location.href).href;
    var pageSize = parseInt(form.getAttribute("data-jc-page-size"), 10);
    var first = parseInt(form.getAttribute("data-jc-first"), 10);
    var limit = pageSize;
    var loading = null;
    var index = null;
    var query = restoreFilters(selects);
    if (query.get("sort")) sort.value = query.get("sort");

    function load() {
      if (!loading) {
        loading = fetch(indexUrl).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        }).then(function (data) {
          index = data;
          index.records = data.maps.map(function (values) {
            var record = {};
            data.fields.forEach(function (name, i) { record[name] = values[i]; });
            record.sortTitle = record.title.toLowerCase();
            return record;
          });
          return index;
        });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }

    function recordMatches(record, key, value) {
      if (key === "status") return value === "all" || record.status === (value || "published");
      if (!value) return true;
      if (key === "changed") return Boolean(record.changed);
      var field = { persona: "personas", channel: "channels", tag: "tags", state: "states" }[key];
      return field ? record[field].indexOf(value) !== -1 : record[key] === value;
    }

    function render() {
      var matching = index.records.filter(function (record) {
        return Array.prototype.every.call(selects, function (select) { return recordMatches(record, select.name, select.value); });
      });
      matching.sort(function (a, b) {
        return compareCards(sort.value, { title: a.sortTitle, updated: a.updated }, { title: b.sortTitle, updated: b.updated });
      });
      var cards = document.createDocumentFragment();
      matching.slice(first, first + limit).forEach(function (record) { cards.appendChild(makeCard(index, record, indexUrl)); });
      container.replaceChildren(cards);
      count.textContent = tn("maps_shown", index.records.length, ["%(shown)s of %(num)s map", "%(shown)s of %(num)s maps"], { shown: matching.length });
      empty.hidden = matching.length !== 0;
      more.hidden = first + limit >= matching.length;
      replaceQuery(filterQuery(selects, sort));
    }

    function refresh() {
      form.setAttribute("aria-busy", "true");
      return load().then(function () {
        form.removeAttribute("aria-busy");
        render();
      }, function () { form.removeAttribute("aria-busy"); });
    }

    /* With the script, "show more" replaces the links to further pages. */
    if (pages) pages.hidden = true;
    more.hidden = false;
    more.querySelector("button").addEventListener("click", function () {
      limit += pageSize;
      refresh();
    });
    form.addEventListener("change", function () {
      first = 0;
      limit = pageSize;
      refresh();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (Array.prototype.some.call(selects, function (s) { return s.value; }) || sort.value !== "title") {
      first = 0;
      refresh();
    }
  }

  /* An element with attributes and text content (never markup). */
  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* A card made from a record of the card index, as the catalogue template makes it: text as text. */
  function makeCard(index, r, base) {
    var words = index.words;
    var card = make("article", { "class": "jc-card", "data-jc-card": "" });
    card.dataset.title = r.sortTitle;
    card.dataset.updated = r.updated;
    card.dataset.status = r.status;
    card.dataset.segment = r.segment;
    card.dataset.industry = r.industry;
    card.setAttribute("data-persona", JSON.stringify(r.personas));
    card.setAttribute("data-channel", JSON.stringify(r.channels));
    card.setAttribute("data-tag", JSON.stringify(r.tags));
    card.setAttribute("data-state", JSON.stringify(r.states));
    var title = card.appendChild(make("h2", { "class": "jc-card-title" }));
    title.appendChild(make("a", { href: new URL(r.url, base).href }, r.title));
    card.appendChild(make("p", { "class": "jc-card-summary" }, r.summary));
    card.appendChild(cardCurve(r, words.curve_zero));
    var badges = card.appendChild(make("p", { "class": "jc-badges" }));
    function badge(kind, text, tip) {
      var b = badges.appendChild(make("span", { "class": "jc-badge jc-badge--" + kind }, text));
      if (tip) b.title = tip;
      badges.appendChild(document.createTextNode(" "));
    }
    badge("segment", r.segment);
    if (r.status !== "published") badge(r.status, words.status[r.status] || r.status);
    if (r.review) badge("review", words.needs_review);
    if (r.states.indexOf("future") !== -1) badge("future", words.future);
    else if (r.states.indexOf("with-future") !== -1) badge("current", words.with_future);
    if (r.changed) badge("changed", words.changed, r.changed);
    badges.appendChild(make("span", { "class": "jc-industry" }, r.industry));
    var facts = card.appendChild(make("dl", { "class": "jc-card-facts" }));
    function fact(label, value) {
      facts.appendChild(make("dt", {}, label));
      var dd = facts.appendChild(make("dd"));
      if (typeof value === "string") dd.textContent = value; else dd.appendChild(value);
    }
    fact(words.personas, r.personas.map(function (p) { return index.personas[p] || p; }).join(", "));
    fact(words.stages, String(r.stages));
    var low = r.lowest === null ? null : words.valence[String(r.lowest)];
    fact(words.lowest, low ? make("span", { "class": "jc-valence jc-valence--" + low[0], title: low[1] || "" }, low[2]) : words.none);
    fact(words.pains, String(r.pains));
    fact(words.updated, make("time", { datetime: r.updated }, r.updated_text));
    return card;
  }

  function cardCurve(r, zero) {
    var ns = "http://www.w3.org/2000/svg";
    function svgEl(name, attrs) {
      var node = document.createElementNS(ns, name);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      return node;
    }
    var svg = svgEl("svg", { "class": "jc-card-curve", viewBox: "0 0 120 28", preserveAspectRatio: "none", role: "img", "aria-label": r.curve_label });
    svg.appendChild(svgEl("title", {})).textContent = r.curve_label;
    svg.appendChild(svgEl("path", { "class": "jc-card-curve-zero", d: "M0 " + zero + "H120" }));
    svg.appendChild(svgEl("path", { "class": "jc-card-curve-line", d: r.curve }));
    return svg;
  }

  /* -- template copy buttons -------------------------------------------------------------------- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function initCopyButtons() {
    document.querySelectorAll("[data-jc-copy]").forEach(function (button) {
      if (button.dataset.jcReady) return;
      button.dataset.jcReady = "true";
      var label = button.textContent;
      button.addEventListener("click", function () {
        fetch(button.getAttribute("data-jc-copy")).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        }).then(copyText).then(function () {
          button.textContent = t("copied", "Copied");
        }, function () {
          button.textContent = t("copy_failed", "Copy failed: use Download");
        }).then(function () {
          setTimeout(function () { button.textContent = label; }, 2500);
        });
      });
    });
  }

  /* Run `fn` on every page: the first load and each of Material's instant-navigation hops. */
  function onEachPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(fn);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  /* Run `fn` when the reader switches between the light and the dark palette. */
  function onSchemeChange(fn) {
    new MutationObserver(fn).observe(document.body, {
      attributes: true, attributeFilter: ["data-md-color-scheme"],
    });
  }

  /* Run `fn` once the window has stopped resizing for a tenth of a second. */
  function onResize(fn) {
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(fn, 100);
    });
  }

  /* Shared with insights.js and history.js, which load after this script. */
  window.journeyCatalogue = {
    t: t,
    tn: tn,
    loadEcharts: loadEcharts, isDark: isDark, el: el, chartPayload: chartPayload, joinChart: joinChart,
    onEachPage: onEachPage, onSchemeChange: onSchemeChange, onResize: onResize,
    restoreFilters: restoreFilters, showMatching: showMatching, replaceQuery: replaceQuery,
  };

  onSchemeChange(redrawAll);
  onResize(function () {
    charts.forEach(function (entry) {
      var options = entry.chart.getOption();
      fitStageLabels(options, sizeChart(entry.container, entry.minWidth), entry.stepCount);
      entry.chart.setOption({ series: options.series });
      entry.chart.resize();
    });
  });
  /* A map page's ECharts starts evaluating as soon as this script runs, not once Material's bundle has
   * announced the page: the build-time SVG shows the chart meanwhile. */
  var firstChart = document.querySelector(".jc-chart[data-jc-echarts]");
  if (firstChart) loadEcharts(firstChart.getAttribute("data-jc-echarts")).catch(function () {});
  /* A citation links to its source by id ("[survey-2026]"); its tooltip names the source by title, read
   * from the Research evidence list it links to, so the page carries each title once. */
  function nameCitations() {
    /* Material's instant navigation makes "#source-x" an absolute address: read the link's hash. */
    document.querySelectorAll('.jc-table-scroll a[href*="#source-"]').forEach(function (link) {
      var source = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      var title = source && source.querySelector(":scope > a:first-child, :scope > strong");
      if (title && !link.title) link.title = title.textContent.trim();
    });
  }

  /* Each research source says which steps cite it ("Cited by pain points at steps 1.1, 2.1; by
   * opportunities at step 3.2."), read from the table's citation links: the table says it once, this
   * back-reference is made here rather than carried by every page (issue 29). Kinds in the order the
   * steps first cite the source, pains before opportunities within a step; each step once per kind. */
  function citeSteps() {
    var table = document.querySelector("table.jc-journey");
    var list = document.querySelector("ul.jc-sources");
    if (!table || !list || list.hasAttribute("data-jc-cited")) return;
    list.setAttribute("data-jc-cited", "");
    var numbers = {};
    var actions = table.querySelector("tr.jc-row-action");
    Array.prototype.forEach.call(actions ? actions.cells : [], function (cell) {
      var match = /^step-(\d+)-(\d+)$/.exec(cell.id);
      if (match) numbers[cell.cellIndex] = match[1] + "." + match[2];
    });
    var cited = {};
    var columns = Object.keys(numbers).map(Number).sort(function (a, b) { return a - b; });
    var rows = [["pain", table.querySelector("tr.jc-row-pains")], ["opportunity", table.querySelector("tr.jc-row-opportunities")]];
    columns.forEach(function (column) {
      rows.forEach(function (row) {
        var cell = row[1] && row[1].cells[column];
        if (!cell) return;
        cell.querySelectorAll('li > a[href*="#source-"]').forEach(function (link) {
          var id = decodeURIComponent(link.hash.slice(1));
          var kinds = cited[id] = cited[id] || { order: [] };
          if (!kinds[row[0]]) { kinds[row[0]] = []; kinds.order.push(row[0]); }
          if (kinds[row[0]].indexOf(numbers[column]) === -1) kinds[row[0]].push(numbers[column]);
        });
      });
    });
    Array.prototype.forEach.call(list.children, function (source) {
      var kinds = Object.prototype.hasOwnProperty.call(cited, source.id) ? cited[source.id] : null;
      var meta = source.querySelector(".jc-source-meta");
      if (kinds && meta) meta.after(citationsOf(kinds));
    });
  }

  function citationsOf(kinds) {
    var p = el("p", "jc-citations", t("cited_by", "Cited by") + " ");
    kinds.order.forEach(function (kind, k) {
      var steps = kinds[kind];
      var words = kind === "pain"
        ? tn("pains_at_steps", steps.length, ["pain points at step", "pain points at steps"])
        : tn("opportunities_at_steps", steps.length, ["opportunities at step", "opportunities at steps"]);
      p.appendChild(document.createTextNode((k ? t("by_also", "; by ") : "") + words + " "));
      steps.forEach(function (number, i) {
        if (i) p.appendChild(document.createTextNode(", "));
        p.appendChild(el("a", null, number)).setAttribute("href", "#step-" + number.replace(".", "-"));
      });
    });
    p.appendChild(document.createTextNode("."));
    return p;
  }

  onEachPage(function () {
    nameCitations();
    citeSteps();
    initCharts();
    initFilters();
    initCopyButtons();
  });
})();
