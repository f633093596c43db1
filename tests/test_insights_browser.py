"""The insights page in a real headless Chromium: the heatmap's cells list their steps, the backlog's
filters, instant navigation, no JavaScript, and screenshots in both palettes."""

from __future__ import annotations

import re

import pytest
from chart_measure import measure_chart, shows_name, worst_contrast
from test_browser import assert_palette_toggle_redraws

from journey_catalogue.catalogue.insights import compute_insights
from journey_catalogue.charts.heatmap import cell_id
from journey_catalogue.format.loader import load_catalogue

from conftest import ARTIFACTS, FIXTURE_CATALOGUE, instant_navigation

pytestmark = pytest.mark.browser

PAINTED = """() => {
  const canvas = document.querySelector('.jc-heatmap canvas');
  if (!canvas) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""
# Where a cell's square is on the page, from the chart's own coordinate system.
CELL_CENTRE = """(index) => {
  const container = document.querySelector('.jc-heatmap');
  const payload = JSON.parse(container.getAttribute('data-jc-heatmap'));
  const value = payload.options.series[0].data[index].value;
  const chart = echarts.getInstanceByDom(container);
  const [x, y] = chart.convertToPixel({seriesIndex: 0}, [value[0], value[1]]);
  const box = container.getBoundingClientRect();
  return [box.left + x, box.top + y];
}"""


def insights():
    catalogue = load_catalogue(FIXTURE_CATALOGUE / "journeys", base=FIXTURE_CATALOGUE)
    return compute_insights(catalogue.maps.values(), catalogue.channels, catalogue.phases)


def wait_for_heatmap(page) -> int:
    page.wait_for_selector(".jc-heatmap[data-jc-drawn] canvas", timeout=8000)
    page.wait_for_timeout(100)
    return page.evaluate(PAINTED)


def click_cell(page, index: int) -> None:
    page.locator(".jc-heatmap").scroll_into_view_if_needed()
    x, y = page.evaluate(CELL_CENTRE, index)
    page.mouse.click(x, y)


def busiest_cell():
    """The cell whose steps come from the most maps (then the most steps)."""
    found = insights()
    index, cell = max(
        enumerate(found.cells), key=lambda pair: (pair[1].map_count, len(pair[1].steps), -pair[0])
    )
    assert cell.map_count > 1
    return index, cell


def test_clicking_a_cell_lists_its_steps_linking_to_each_step_on_its_map(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}insights/")
    assert wait_for_heatmap(page) > 5000
    index, cell = busiest_cell()
    click_cell(page, index)
    panel = page.locator("[data-jc-cell-panel]")
    panel.wait_for(state="visible", timeout=3000)
    assert panel.get_attribute("data-jc-cell") == cell_id(cell.phase, cell.channel)
    links = panel.locator(".jc-cell-steps a").evaluate_all("links => links.map(a => a.href)")
    expected = {f"{served_site['url']}maps/{ref.map_id}/#{ref.anchor}" for ref in cell.steps}
    assert set(links) == expected and len(links) == len(cell.steps)
    assert f"{len(cell.steps)} steps in {cell.map_count} maps" in panel.inner_text()
    # another cell replaces the list
    other = next(i for i, c in enumerate(insights().cells) if i != index)
    click_cell(page, other)
    page.wait_for_function(
        "(id) => document.querySelector('[data-jc-cell-panel]').dataset.jcCell === id",
        arg=cell_id(insights().cells[other].phase, insights().cells[other].channel),
    )
    # a step's link opens its map at that step (instant navigation, no reload)
    with instant_navigation(page):
        first = panel.locator(".jc-cell-steps a").first
        target = first.evaluate("a => a.href")
        first.click()
        map_id, anchor = re.search(r"/maps/([a-z0-9-]+)/#(step-\d+-\d+)$", target).groups()
        page.wait_for_url(re.compile(rf".*/maps/{map_id}/#{anchor}$"))
        page.wait_for_selector(f"#{anchor}")
    watch.assert_clean()


def test_hovering_a_cell_shows_its_figures(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}insights/")
    wait_for_heatmap(page)
    index, cell = busiest_cell()
    page.locator(".jc-heatmap").scroll_into_view_if_needed()
    x, y = page.evaluate(CELL_CENTRE, index)
    page.mouse.move(x, y)
    tooltip = page.locator(".jc-echarts-tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    assert (
        f"{len(cell.steps)} steps in {cell.map_count} maps, {cell.pains} pain points" in tooltip.inner_text()
    )
    watch.assert_clean()


def visible_backlog(page) -> list[dict]:
    return page.eval_on_selector_all(
        "[data-jc-opportunity]:not([hidden])",
        "rows => rows.map(r => ({status: r.dataset.status, segment: r.dataset.segment,"
        " persona: JSON.parse(r.dataset.persona)}))",
    )


def exercise_backlog_filters(page) -> None:
    total = len(insights().opportunities)
    page.wait_for_selector("[data-jc-backlog-filters]:not([hidden])")
    assert len(visible_backlog(page)) == total
    page.select_option("select[name=status]", "planned")
    planned = visible_backlog(page)
    assert planned and len(planned) < total and all(r["status"] == "planned" for r in planned)
    assert page.locator("[data-jc-backlog-count]").inner_text() == f"{len(planned)} of {total} opportunities"
    assert "status=planned" in page.url
    page.select_option("select[name=status]", "")
    page.select_option("select[name=segment]", "B2C")
    b2c = visible_backlog(page)
    assert b2c and all(r["segment"] == "B2C" for r in b2c)
    page.select_option("select[name=segment]", "")
    page.select_option("select[name=persona]", "finance-controller")
    mine = visible_backlog(page)
    assert mine and all("finance-controller" in r["persona"] for r in mine) and len(mine) < total
    expected = sum(1 for o in insights().opportunities if "finance-controller" in o.personas)
    assert len(mine) == expected
    # filters that match nothing say so
    page.select_option("select[name=status]", "done")
    page.select_option("select[name=segment]", "B2C")
    if not visible_backlog(page):
        assert page.locator("[data-jc-backlog-empty]").is_visible()


def test_backlog_filters_by_status_segment_and_persona(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}insights/")
    exercise_backlog_filters(page)
    watch.assert_clean()


def test_filters_from_the_address_are_applied(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}insights/?status=planned&segment=B2B")
    page.wait_for_selector("[data-jc-backlog-filters]:not([hidden])")
    rows = visible_backlog(page)
    assert rows and all(r["status"] == "planned" and r["segment"] == "B2B" for r in rows)
    watch.assert_clean()


def test_after_an_instant_navigation_hop_the_heatmap_and_filters_work(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/")
    with instant_navigation(page):
        page.click(".jc-insights-link a")
        page.wait_for_url(re.compile(r".*/insights/$"))
        assert wait_for_heatmap(page) > 5000
    index, cell = busiest_cell()
    click_cell(page, index)
    page.locator("[data-jc-cell-panel]").wait_for(state="visible", timeout=3000)
    assert page.locator("[data-jc-cell-panel] .jc-cell-steps li").count() == len(cell.steps)
    exercise_backlog_filters(page)
    # away to a map and back: one heatmap again, drawn afresh
    page.click(".jc-insights-summary a")
    page.wait_for_url(re.compile(r".*/maps/$"))
    page.go_back()
    assert wait_for_heatmap(page) > 5000
    assert page.locator(".jc-heatmap canvas").count() >= 1
    assert page.evaluate("() => window.__notReloaded === true")
    watch.assert_clean()


def test_palette_toggle_redraws_the_heatmap(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}insights/")
    assert_palette_toggle_redraws(page, ".jc-heatmap canvas", wait_for_heatmap)
    watch.assert_clean()


def test_without_javascript_the_insights_are_tables(chromium, served_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site['url']}insights/")
    assert "needs JavaScript" in page.locator(".jc-heatmap").inner_text()
    assert page.locator("table.jc-heatmap-table").is_visible()
    assert page.locator("table.jc-top-pains").is_visible()
    assert page.locator("[data-jc-backlog-filters]").is_hidden(), "controls that do nothing are hidden"
    assert page.locator("[data-jc-opportunity]:visible").count() == len(insights().opportunities)
    # a table cell leads to the cell's steps, which open for a fragment link
    index, cell = busiest_cell()
    anchor = cell_id(cell.phase, cell.channel)
    page.click(f"table.jc-heatmap-table a[data-jc-cell-link='{anchor}']")
    assert page.locator(f"#{anchor} .jc-cell-steps li").first.is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_insights_page_is_legible_in_both_palettes(new_tab, served_site, scheme):
    """The drawn heatmap names every phase and channel, its labels neither collide nor stick out, its axis
    labels stand out from the palette's background (the numbers sit on coloured cells and are left out),
    and the page does not scroll sideways. The screenshot, test-artifacts/insights-page-{light,dark}.png,
    is for people to look at."""
    page = new_tab(height=1000, color_scheme=scheme)
    page.goto(f"{served_site['url']}insights/")
    page.evaluate(
        "(index) => localStorage.setItem('/.__palette', JSON.stringify({index}))",
        1 if scheme == "dark" else 0,
    )
    page.reload()
    assert wait_for_heatmap(page) > 5000
    index, _ = busiest_cell()
    click_cell(page, index)
    page.locator("[data-jc-cell-panel]").wait_for(state="visible")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"insights-page-{scheme}.png"), full_page=True)
    chart = measure_chart(page, ".jc-heatmap")
    found = insights()
    phases = {found.phases.label(p) for p in found.phase_rows()}
    channels = {found.channels.get(c).label for c in found.channel_columns()}
    names = phases | channels
    # A long name may be cut with an ellipsis (the tooltip and the tables give it whole).
    axis_labels = [t for t in chart["texts"] if any(shows_name(t["text"], name) for name in names)]
    assert {name for name in names if any(shows_name(t["text"], name) for t in axis_labels)} == names
    assert chart["overlapping"] == [] and chart["outside"] == []
    ratio, label = worst_contrast(axis_labels, chart["background"])
    assert ratio >= 4.5, f"{label!r} has contrast {ratio:.1f} on the {scheme} background"
    assert chart["overflow"] == 0
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == expected


def test_the_tables_cells_show_the_same_list_from_the_keyboard(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}insights/")
    wait_for_heatmap(page)
    assert page.locator("details.jc-cell[open]").count() == 0, "with JavaScript the lists fold"
    _, cell = busiest_cell()
    anchor = cell_id(cell.phase, cell.channel)
    page.focus(f"table.jc-heatmap-table a[data-jc-cell-link='{anchor}']")
    page.keyboard.press("Enter")
    panel = page.locator("[data-jc-cell-panel]")
    panel.wait_for(state="visible", timeout=3000)
    assert panel.get_attribute("data-jc-cell") == anchor
    assert panel.locator(".jc-cell-steps li").count() == len(cell.steps)
    assert page.evaluate("() => document.activeElement.closest('[data-jc-cell-panel]') !== null")
    assert "#" not in page.url, "the page was not navigated again"
    watch.assert_clean()
