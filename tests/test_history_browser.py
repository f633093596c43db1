"""The History section in a real headless Chromium: the earlier revision's curve is off until the reader
asks for it, then drawn with that revision's values, and kept through a palette switch; hostile commit
subjects and author names show as text and run nothing. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from chart_measure import contrast, measure_chart, shows_name
from history_repo import HOSTILE_SUBJECT, MAP_ID, git, make_repository

from conftest import ARTIFACTS, PageWatch, serving_built_site, toggle_palette

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
def page_and_watch(new_tab, history_site):
    page = new_tab(height=1000)
    return page, PageWatch(page, history_site["url"])


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
    assert toggle_palette(page) == "slate"
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
def test_the_history_section_is_legible_in_both_palettes(new_tab, history_site, scheme):
    """Showing an earlier revision adds its curve to the drawn chart, whose labels neither collide nor
    stick out; the History table lists the revisions in text that stands out from the palette's
    background; the page does not scroll sideways. The screenshots, test-artifacts/history-{chart,
    history}-{light,dark}.png, are for people to look at."""
    page = new_tab(height=1000, color_scheme=scheme)
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


def test_without_javascript_the_history_is_readable_and_offers_no_dead_buttons(chromium, history_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{history_site['url']}maps/{MAP_ID}/")
    assert page.locator(".jc-revision-subject").first.is_visible()
    # the compare column, its buttons and the sentence naming them come with the script (issue 29)
    assert page.locator("[data-jc-compare], .jc-history th .jc-visually-hidden").count() == 0
    assert "Show in chart" not in page.locator(".jc-history").inner_text()
    context.close()


# Each row of the History table: its commit, and its compare button's index (None without one).
ROWS = """() => [...document.querySelectorAll('.jc-history-table tbody tr')].map((row) => {
  const button = row.querySelector('button[data-jc-compare]');
  return [row.querySelector('code').textContent, button && Number(button.dataset.jcCompare),
          row.cells.length];
})"""


def test_the_script_adds_a_compare_button_to_each_revision_the_chart_has_a_curve_of(
    page_and_watch, history_site
):
    page, watch = page_and_watch
    open_map(page, history_site)
    assert page.evaluate(ROWS) == [[history_site["second"][:7], None, 6], [history_site["first"][:7], 0, 6]]
    heads = page.locator(".jc-history-table thead th")
    assert heads.count() == 6 and heads.last.inner_text() == "Emotion curve"
    assert heads.last.locator(".jc-visually-hidden").count() == 1  # heard, not seen
    intro = page.locator(".jc-history-intro")
    assert intro.inner_text() == (
        "2 revisions changed this map, newest first. Compare an earlier revision's emotion curve with "
        "today's in the chart above: pick it with Show in chart."
    )
    assert intro.locator("em").inner_text() == "Show in chart"
    watch.assert_clean()


def test_each_compare_button_shows_its_own_revisions_curve(new_tab, own_site):
    """On a map with several earlier curves (this repository's own history), each button sits on the row
    of the commit whose curve it shows, after an instant-navigation hop too."""
    import json
    import urllib.request

    from conftest import ROOT, page_chart

    for path in sorted((ROOT / "journeys" / "maps").glob("*.md")):
        with urllib.request.urlopen(f"{own_site}maps/{path.stem}/") as response:
            earlier = page_chart(response.read().decode("utf-8")).get("earlier", [])
        if len(earlier) >= 2:
            break
    else:
        pytest.fail("no map of this repository has two earlier curves")
    expected = [curve["label"].split(" ")[0] for curve in earlier]
    page = new_tab(height=720)
    page.goto(f"{own_site}maps/")
    page.click(f".jc-card a[href$='maps/{path.stem}/']")
    page.wait_for_url(f"**/maps/{path.stem}/")
    page.wait_for_selector("[data-jc-compare]")
    rows = page.evaluate(ROWS)
    assert [
        commit for commit, index, _ in sorted((r for r in rows if r[1] is not None), key=lambda r: r[1])
    ] == (expected), json.dumps(rows)
