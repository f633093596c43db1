"""Charts readable at any size, measured in real Chromium from ECharts' own layout.

Maps of 1 step, of 15 steps with long Russian and Polish stage names and three long persona names, and
of 60 steps in 12 stages over 12 channels (tests/fixtures/legibility/), at 390, 768 and 1280 px: the
text boxes in each chart's zrender display list must not overlap each other or leave the chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTIFACTS, PageWatch, copy_catalogue, serving_built_site

pytestmark = pytest.mark.browser
LEGIBILITY = Path(__file__).parent / "fixtures" / "legibility"
WIDTHS = [390, 768, 1280]
MAPS = ["one-step", "long-names", "sixty-steps"]

# Every ECharts instance on the page: its size, and each painted text piece's box in chart pixels (the
# piece's local bounding rect through its global transform). Pairs of boxes that overlap by more than a
# pixel each way, and boxes reaching more than a pixel outside the chart, are counted.
MEASURE = r"""() => {
  const out = [];
  document.querySelectorAll('.jc-chart, .jc-heatmap').forEach((dom) => {
    const chart = window.echarts && window.echarts.getInstanceByDom(dom);
    if (!chart) return;
    const zr = chart.getZr();
    const width = zr.getWidth(), height = zr.getHeight();
    const texts = [];
    zr.storage.getDisplayList(true).forEach((el) => {
      if (el.type !== 'tspan' || el.invisible || !el.style || !String(el.style.text || '').trim()) return;
      if (el.style.opacity === 0) return;
      el.updateTransform();
      const rect = el.getBoundingRect().clone();
      if (el.transform) rect.applyTransform(el.transform);
      // what a clip path (a scrolling legend's window) hides is not drawn: keep the visible part only
      for (const clip of el.__clipPaths || []) {
        clip.updateTransform();
        const box = clip.getBoundingRect().clone();
        if (clip.transform) box.applyTransform(clip.transform);
        const x = Math.max(rect.x, box.x), y = Math.max(rect.y, box.y);
        rect.width = Math.max(Math.min(rect.x + rect.width, box.x + box.width) - x, 0);
        rect.height = Math.max(Math.min(rect.y + rect.height, box.y + box.height) - y, 0);
        rect.x = x; rect.y = y;
      }
      if (rect.width < 1 || rect.height < 1) return;
      texts.push({ text: String(el.style.text), x: rect.x, y: rect.y, w: rect.width, h: rect.height });
    });
    const overlaps = [];
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (dx > 1 && dy > 1) overlaps.push([a.text, b.text]);
    }
    const outside = texts
      .filter((t) => t.x < -1 || t.y < -1 || t.x + t.w > width + 1 || t.y + t.h > height + 1)
      .map((t) => t.text);
    const cut = texts.filter((t) => /(…|\.\.\.)$/.test(t.text)).map((t) => t.text);
    out.push({ kind: dom.className, width, height, boxWidth: dom.clientWidth, texts: texts.length,
      overlaps, outside, cut });
  });
  return out;
}"""

DARK = "() => document.body.setAttribute('data-md-color-scheme', 'slate')"
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(scope="module")
def legible_site(tmp_path_factory):
    """The legibility catalogue built and served on a port of its own."""
    work = tmp_path_factory.mktemp("legibility")
    with serving_built_site(copy_catalogue(LEGIBILITY, work / "catalogue"), work / "site") as url:
        yield url


def _open(new_tab, url: str, width: int, *, dark: bool = False):
    page = new_tab(width=width, color_scheme="dark" if dark else "light")
    return page, PageWatch(page, url)


def _drawn(page, selector: str) -> list[dict]:
    page.wait_for_selector(f"{selector}[data-jc-drawn] canvas", timeout=10000)
    page.wait_for_timeout(150)
    return page.evaluate(MEASURE)


def _assert_legible(page, selector: str) -> None:
    """The one chart under SELECTOR has text, no two labels overlap, none leaves the chart, and the page
    is no wider than the screen."""
    (chart,) = _drawn(page, selector)
    assert chart["texts"] > 3, chart
    assert chart["overlaps"] == [], chart["overlaps"][:10]
    assert chart["outside"] == [], chart["outside"]
    assert page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("map_id", MAPS)
def test_map_chart_labels_neither_overlap_nor_leave_the_chart(new_tab, legible_site, map_id, width):
    page, watch = _open(new_tab, legible_site, width)
    page.goto(f"{legible_site}maps/{map_id}/")
    _assert_legible(page, ".jc-chart")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".jc-chart-scroll").screenshot(
        path=str(ARTIFACTS / f"legibility-{map_id}-{width}-light.png")
    )
    # and in the dark palette, as drawn again after the switch
    page.evaluate(
        "() => document.querySelector('[data-md-color-scheme]').setAttribute('data-md-color-scheme', 'slate')"
    )
    page.wait_for_timeout(300)
    page.locator(".jc-chart-scroll").screenshot(path=str(ARTIFACTS / f"legibility-{map_id}-{width}-dark.png"))
    watch.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_insights_heatmap_labels_neither_overlap_nor_leave_the_chart(new_tab, legible_site, width):
    page, watch = _open(new_tab, legible_site, width)
    page.goto(f"{legible_site}insights/")
    _assert_legible(page, ".jc-heatmap")
    watch.assert_clean()


# Each metric's line and axis, as ECharts laid them out: the axis' scale, its grid's rectangle, where the
# axis line and its name are drawn, and where each of the line's points is drawn (the series' item layout).
METRIC_AXES = r"""() => {
  const dom = document.querySelector('.jc-chart');
  const chart = window.echarts.getInstanceByDom(dom);
  const option = chart.getOption();
  const model = chart.getModel();
  const out = [];
  option.series.forEach((series, s) => {
    if (!series.jcMetric) return;
    const axis = option.yAxis[series.yAxisIndex];
    const axisModel = model.getComponent('yAxis', series.yAxisIndex);
    const rect = model.getComponent('grid', axis.gridIndex).coordinateSystem.getRect();
    const data = model.getSeriesByIndex(s).getData();
    const drawn = data.getLayout('points');  // the line's points in chart pixels: x0, y0, x1, y1 ...
    const points = [];
    for (let i = 0; i < data.count(); i++) {
      const value = data.get(data.mapDimension('y'), i);
      if (value === null || value === undefined || Number.isNaN(value)) continue;
      points.push({ value, y: drawn[2 * i + 1] });
    }
    const names = [];
    chart.getZr().storage.getDisplayList(true).forEach((el) => {
      if (el.type !== 'tspan' || String(el.style.text) !== series.name) return;
      const box = el.getBoundingRect().clone();
      el.updateTransform();
      if (el.transform) box.applyTransform(el.transform);
      names.push(box.x);
    });
    out.push({ metric: series.jcMetric, axisIndex: series.yAxisIndex, min: axis.min, max: axis.max,
      inverse: axisModel.get('inverse'), position: axisModel.get('position'), grid: rect, points, names });
  });
  return out;
}"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_measured_metric_is_drawn_on_its_own_axis_and_the_chart_stays_legible(
    new_tab, legible_site, width, dark
):
    """long-names has CSAT (1..5) at every step and a drop-off rate (0..100, lower is better) at some: each
    gets an axis of its own right of the emotion grid, its points sit on that axis' scale (not the
    emotion's -2..+2), its name is drawn right of the grid, and no label overlaps another."""
    page, watch = _open(new_tab, legible_site, width)
    page.goto(f"{legible_site}maps/long-names/")
    if dark:
        _drawn(page, ".jc-chart")
        page.evaluate(DARK)
        page.wait_for_timeout(400)
    _assert_legible(page, ".jc-chart")
    axes = page.evaluate(METRIC_AXES)
    assert [a["metric"] for a in axes] == ["csat", "drop-off"]
    assert len({a["axisIndex"] for a in axes}) == 2 and all(a["axisIndex"] >= 2 for a in axes)
    for axis in axes:
        assert axis["position"] == "right"
        grid = axis["grid"]
        assert axis["points"], axis
        # up is better: a "lower is better" axis (drop-off) runs from max at the bottom to min at the top
        assert axis["inverse"] == (axis["metric"] == "drop-off")
        for point in axis["points"]:
            share = (axis["max"] - point["value"]) / (axis["max"] - axis["min"])
            expected = grid["y"] + grid["height"] * (1 - share if axis["inverse"] else share)
            assert abs(point["y"] - expected) < 1.5, (axis["metric"], point, expected)
        assert axis["names"] and min(axis["names"]) > grid["x"] + grid["width"], axis
    if width == 1280 and not dark:  # the tooltip of step 1.1 lists its measured figures from the table
        grid = axes[0]["grid"]
        box = page.locator(".jc-chart").bounding_box()
        step = grid["width"] / page.locator("tr.jc-row-action td").count()
        page.mouse.move(box["x"] + grid["x"] + step / 2, box["y"] + grid["y"] + grid["height"] / 2)
        tooltip = page.locator(".jc-echarts-tooltip")
        tooltip.wait_for(state="visible", timeout=3000)
        figure = page.locator("tr.jc-row-measured td").first.locator("p").first.inner_text()
        assert figure.startswith("Удовлетворённость клиентов")
        assert "Measured" in tooltip.inner_text() and figure.split("\n")[0] in tooltip.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".jc-chart-scroll").screenshot(
        path=str(ARTIFACTS / f"legibility-metrics-{width}-{'dark' if dark else 'light'}.png")
    )
    watch.assert_clean()
