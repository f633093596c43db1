"""The History section in a real headless Chromium: the earlier revision's curve is off until the reader
asks for it, then drawn with that revision's values, and kept through a palette switch; hostile commit
subjects and author names show as text and run nothing. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from chart_measure import contrast, measure_chart, shows_name
from history_repo import HOSTILE_SUBJECT, MAP_ID, git, make_repository

from conftest import ARTIFACTS, PageWatch, serving_built_site

pytestmark = pytest.mark.browser

EARLIER_CURVE = [0, 1, -1, None, -1, 0, 0, -2, 0]  # the first version's emotions on today's steps

CHART_STATE = """() => {
  const chart = echarts.getInstanceByDom(document.querySelector('.jc-chart'));
  const option = chart.getOption();
  const series = option.series.find((s) => s.id === 'jc-earlier-0');
  const legend = option.legend[option.legend.length - 1];
  return {name: series.name, selected: legend.selected[series.name] !== false,
          data: series.data.map((point) => point[1] === undefined ? null : point[1])};
}"""


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("history-browser")
    commits = make_repository(work / "catalogue")
    with serving_built_site(work / "catalogue" / "mkdocs.yml", work / "site") as url:
        yield {"url": url, "repo": work / "catalogue", **commits}


@pytest.fixture
def page_and_watch(chromium, history_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    watch = PageWatch(page, history_site["url"])
    yield page, watch
    context.close()


def open_map(page, history_site):
    page.goto(f"{history_site['url']}maps/{MAP_ID}/")
    page.wait_for_selector(".jc-chart[data-jc-drawn] canvas", timeout=10_000)


def test_the_earlier_curve_is_shown_on_demand(page_and_watch, history_site):
    page, watch = page_and_watch
    open_map(page, history_site)
    before = page.evaluate(CHART_STATE)
    assert before["selected"] is False  # drawn only when asked for
    button = page.locator("[data-jc-compare='0']")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_function("() => document.querySelector('.jc-chart').hasAttribute('data-jc-earlier')")
    after = page.evaluate(CHART_STATE)
    assert after["selected"] is True
    assert after["data"] == EARLIER_CURVE
    assert after["name"] == f"Emotion at {history_site['first'][:7]} (2026-10-01)"
    assert button.get_attribute("aria-pressed") == "true"
    # a palette switch redraws the chart from the page's options: the chosen curve comes back
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_function(
        "() => { const c = echarts.getInstanceByDom(document.querySelector('.jc-chart'));"
        " return c && c.getOption().series.some((s) => s.id === 'jc-earlier-0'); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate(CHART_STATE)["selected"] is True
    watch.assert_clean()


def test_the_legend_item_also_toggles_the_earlier_curve(page_and_watch, history_site):
    page, watch = page_and_watch
    open_map(page, history_site)
    name = page.evaluate(CHART_STATE)["name"]
    page.evaluate(
        "(name) => echarts.getInstanceByDom(document.querySelector('.jc-chart'))"
        ".dispatchAction({type: 'legendToggleSelect', name})",
        name,
    )
    assert page.evaluate(CHART_STATE)["selected"] is True
    watch.assert_clean()


def test_commit_subjects_and_authors_show_as_text(page_and_watch, history_site):
    page, watch = page_and_watch
    open_map(page, history_site)
    subjects = page.locator(".jc-revision-subject").all_inner_texts()
    assert subjects == [HOSTILE_SUBJECT, "Import the catalogue"]
    author = git(history_site["repo"], "log", "-1", "--format=%aN")
    assert page.locator(".jc-revision-author").first.inner_text() == author
    assert page.locator(".jc-history img, .jc-history script, .jc-history b").count() == 0
    page.locator(".jc-revision-author").first.hover()
    watch.assert_clean()  # no dialog opened, no console error


# The earlier revision's curve as the chart holds it: the names its legend gives, the points drawn.
EARLIER_CURVES = """() => {
  const container = document.querySelector('.jc-chart');
  const series = echarts.getInstanceByDom(container).getOption().series
    .filter((s) => String(s.id).startsWith('jc-earlier-'));
  return {names: window.journeyCatalogue.chartPayload(container).earlier[0].names,
          drawn: series.map((s) => s.data || [])};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_history_section_is_legible_in_both_palettes(chromium, history_site, scheme):
    """Showing an earlier revision adds its curve to the drawn chart, whose labels neither collide nor
    stick out; the History table lists the revisions in text that stands out from the palette's
    background; the page does not scroll sideways. The screenshots, test-artifacts/history-{chart,
    history}-{light,dark}.png, are for people to look at."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{history_site['url']}maps/{MAP_ID}/")
    page.evaluate(
        "(index) => localStorage.setItem('/.__palette', JSON.stringify({index}))",
        1 if scheme == "dark" else 0,
    )
    page.reload()
    page.wait_for_selector(".jc-chart[data-jc-drawn] canvas", timeout=10_000)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == expected
    page.click("[data-jc-compare='0']")
    page.wait_for_selector(".jc-chart[data-jc-earlier='0']", timeout=5_000)
    earlier = page.evaluate(EARLIER_CURVES)
    assert earlier["names"] and all(len(data) > 0 for data in earlier["drawn"])
    chart = measure_chart(page, ".jc-chart")
    for name in earlier["names"]:  # the legend names the earlier curve
        assert any(shows_name(shown, name) for shown in chart["shown"]), (name, chart["shown"])
    assert chart["overlapping"] == [] and chart["outside"] == []
    assert chart["overflow"] == 0
    rows = page.locator(".jc-history tbody tr")
    assert rows.count() >= 2
    text_colour = rows.first.evaluate("(row) => getComputedStyle(row.querySelector('td')).color")
    ratio = contrast(text_colour, chart["background"])
    assert ratio >= 4.5, f"the History table's text has contrast {ratio:.1f} on the {scheme} background"
    ARTIFACTS.mkdir(exist_ok=True)
    for part, selector in (("chart", ".jc-chart"), ("history", ".jc-history")):
        page.locator(selector).screenshot(path=str(ARTIFACTS / f"history-{part}-{scheme}.png"))
    context.close()


def test_without_javascript_the_history_is_readable_and_offers_no_dead_buttons(chromium, history_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{history_site['url']}maps/{MAP_ID}/")
    assert page.locator(".jc-revision-subject").first.is_visible()
    assert page.locator("[data-jc-compare]").count() == 1
    assert not page.locator("[data-jc-compare]").is_visible()
    assert "Show in chart" not in page.locator(".jc-history-intro").inner_text()
    context.close()
