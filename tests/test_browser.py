"""The site in a real headless Chromium: charts, instant navigation, palette toggle, filters, fallbacks."""

from __future__ import annotations

import re
import shutil

import pytest
from chart_measure import measure_chart, worst_contrast

from journey_catalogue.format.loader import load_catalogue

from conftest import (
    ARTIFACTS,
    FIXTURE_CATALOGUE,
    ROOT,
    PageWatch,
    forget_origins,
    instant_navigation,
    toggle_palette,
)

pytestmark = pytest.mark.browser
MAP_IDS = sorted(p.stem for p in (FIXTURE_CATALOGUE / "journeys" / "maps").glob("*.md"))

# Counts the chart canvas's painted pixels: a drawn chart has thousands, a blank one none.
PAINTED_PIXELS = """(selector) => {
  const canvas = document.querySelector(selector + ' canvas');
  if (!canvas) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""


def wait_for_chart(page, timeout=5000):
    page.wait_for_selector(".jc-chart[data-jc-drawn] canvas", timeout=timeout)
    page.wait_for_timeout(100)
    return page.evaluate(PAINTED_PIXELS, ".jc-chart")


@pytest.mark.parametrize("map_id", MAP_IDS)
def test_every_map_page_draws_its_chart_cleanly(browser_page, served_site, map_id):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/{map_id}/")
    assert wait_for_chart(page) > 5000
    assert page.locator(".jc-chart-fallback").count() == 0
    watch.assert_clean()


def test_tooltip_shows_the_steps_text_and_click_scrolls_to_its_detail(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    wait_for_chart(page)
    box = page.locator(".jc-chart").bounding_box()
    # the third of six steps sits at the centre of the third sixth of the plot area (left 120, right 24)
    x = box["x"] + 120 + (box["width"] - 144) * (2.5 / 6)
    y = box["y"] + box["height"] * 0.55
    page.mouse.move(x, y)
    tooltip = page.locator(".jc-echarts-tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    text = tooltip.inner_text()
    # the action without the step number the table's cell starts with (the stage line gives it)
    action = page.locator(".jc-echarts-tooltip .jc-tooltip-action").inner_text()
    assert action == "Searches and books a flight and a hotel in the travel tool"
    assert "The hotel search ignores the client's office location" in text
    assert "Rank hotels by distance to the meeting address" in text
    # every facet comes from the table's cells: labels from the severity and status badges,
    # per-persona emotions from the cell's list
    assert "medium: The hotel search ignores the client's office location" in text
    assert "planned: Rank hotels by distance to the meeting address" in text
    assert "−1" in text and "+1" in text
    # the next step: a single emotion with the word the row's heading gives, a feeling, a cited pain
    page.mouse.move(x + (box["width"] - 144) / 6, y)
    page.wait_for_function(
        "() => document.querySelector('.jc-echarts-tooltip').innerText.includes('Waits for manager')",
        timeout=3000,
    )
    second = tooltip.inner_text()
    assert "Feeling: anxious" in second
    assert "Emotion: −2 (very negative)" in second
    assert "high: Approval can take two days while fares rise" in second
    assert "[booking-interviews]" not in second, second  # the citation link is left out
    page.mouse.move(x, y)
    page.wait_for_function(
        "() => document.querySelector('.jc-echarts-tooltip').innerText.includes('Searches and books')",
        timeout=3000,
    )
    page.mouse.click(x, y)
    page.wait_for_selector("#step-2-1.jc-highlight", timeout=3000)
    page.wait_for_function(
        "() => { const r = document.querySelector('#step-2-1').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        timeout=3000,
    )
    watch.assert_clean()


def test_instant_navigation_hop_draws_the_next_chart(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/")
    with instant_navigation(page):
        page.click(".jc-card a[href$='maps/support-escalation/']")
        page.wait_for_url(re.compile(r".*/maps/support-escalation/$"))
        assert wait_for_chart(page) > 5000
    # and back to a page with a chart again, through a persona chip
    page.click("a.jc-chip--persona >> nth=0")
    page.wait_for_url(re.compile(r".*/personas/"))
    page.go_back()
    assert wait_for_chart(page) > 5000
    assert page.evaluate("() => window.__notReloaded === true")
    watch.assert_clean()


def expected_citations(map_id: str, journeys=FIXTURE_CATALOGUE / "journeys") -> dict[str, list]:
    """Source id -> (the sentence saying which steps cite it, the steps it links to), from the map file
    itself: the oracle for what the page script builds from the table (issue 29 moved it there)."""
    journey = load_catalogue(journeys, base=journeys.parent).maps[map_id]
    kinds: dict[str, dict[str, list[str]]] = {}
    for placed in journey.steps():
        for kind, items in (
            ("pain", placed.step.pain_items()),
            ("opportunity", placed.step.opportunity_items()),
        ):
            for ref in (ref for item in items for ref in item.sources):
                steps = kinds.setdefault(ref, {}).setdefault(kind, [])
                if placed.number not in steps:
                    steps.append(placed.number)
    nouns = {"pain": "pain points", "opportunity": "opportunities"}
    out = {}
    for ref, by_kind in kinds.items():
        parts = [
            f"{nouns[kind]} at step{'s' if len(steps) > 1 else ''} {', '.join(steps)}"
            for kind, steps in by_kind.items()
        ]
        links = [f"#step-{n.replace('.', '-')}" for steps in by_kind.values() for n in steps]
        out[ref] = [f"Cited by {'; by '.join(parts)}.", links]
    return out


# each source's sentence and its children: links to a step present on the page, else their markup
READ_CITATIONS = """() => Object.fromEntries([...document.querySelectorAll('.jc-sources > li')].map((li) => {
  const p = li.querySelector('.jc-citations');
  const link = (a) => a.tagName === 'A' && document.getElementById(a.hash.slice(1));
  return [li.id.replace(/^source-/, ''),
    p && [p.textContent, [...p.children].map((a) => link(a) ? a.getAttribute('href') : a.outerHTML)]];
}))"""


def test_each_source_says_which_steps_cite_it_after_loads_and_instant_navigation(browser_page, served_site):
    """The back-references from a source to the steps citing it are built by the page script from the
    table's citation links, with the same words the page once carried, on a load and after a hop."""
    page, watch = browser_page
    cited = {m: expected_citations(m) for m in MAP_IDS if expected_citations(m)}
    assert len(cited) >= 4 and any(len(e[0].split("; by ")) == 2 for c in cited.values() for e in c.values())
    for map_id, expected in cited.items():
        page.goto(f"{served_site['url']}maps/{map_id}/")
        page.wait_for_selector(".jc-sources .jc-citations")
        assert page.evaluate(READ_CITATIONS) == expected, map_id
    page.goto(f"{served_site['url']}maps/")
    with instant_navigation(page):
        page.click(".jc-card a[href$='maps/support-escalation/']")
        page.wait_for_url(re.compile(r".*/maps/support-escalation/$"))
        page.wait_for_selector(".jc-sources .jc-citations")
    assert page.evaluate(READ_CITATIONS) == cited["support-escalation"]
    page.click(".jc-citations a[href='#step-1-2'] >> nth=0")  # it leads to the citing step's column
    page.wait_for_function("() => location.hash === '#step-1-2'")
    watch.assert_clean()


def test_a_source_cited_first_by_an_opportunity_names_the_opportunities_first(new_tab, own_site):
    expected = expected_citations("insurance-claim-future", ROOT / "journeys")
    assert expected["concept-tests"][0].startswith("Cited by opportunities at step 1.3; by pain points")
    page = new_tab(height=720)
    page.goto(f"{own_site}maps/insurance-claim-future/")
    page.wait_for_selector(".jc-sources .jc-citations")
    assert page.evaluate(READ_CITATIONS) == expected


# checkVisibility with contentVisibilityAuto is false for an element whose layout the browser skips.
SKIPPED = "(selector) => !document.querySelector(selector).checkVisibility({contentVisibilityAuto: true})"


def test_the_table_below_the_chart_is_laid_out_only_when_it_nears_the_viewport(new_tab, served_site):
    page = new_tab(height=400)
    watch = PageWatch(page, served_site["url"])
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    wait_for_chart(page)
    assert page.evaluate(SKIPPED, "#step-1-1"), "the table below the chart was laid out at once"
    assert not page.evaluate(SKIPPED, ".jc-chart canvas"), "the chart above it should be shown"
    # its text is there all along: the chart's tooltips read it
    assert "Searches and books a flight" in page.evaluate("document.querySelector('#step-2-1').textContent")
    # a link to a step still lands on it, and the cell is then laid out
    page.evaluate("() => { location.hash = 'step-2-1'; }")
    page.wait_for_function(
        "() => { const r = document.querySelector('#step-2-1').getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }",
        timeout=3000,
    )
    page.wait_for_function(f"() => !({SKIPPED})('#step-2-1')", timeout=3000)
    # the catalogue: cards far below are skipped, the first ones are shown (the fixture has a few maps,
    # so the page is given forty copies of a card, as a large catalogue has)
    page.goto(f"{served_site['url']}maps/")
    page.evaluate(
        """() => { const card = document.querySelector('[data-jc-card]:not([hidden])');
        for (let i = 0; i < 40; i++) card.parentNode.appendChild(card.cloneNode(true)); }"""
    )
    page.wait_for_function(f"() => !({SKIPPED})('[data-jc-card]:not([hidden]) .jc-card-title')", timeout=3000)
    last = "[data-jc-cards] > :last-child .jc-card-title"
    assert page.evaluate(SKIPPED, last)
    page.locator(last).scroll_into_view_if_needed()
    page.wait_for_function(f"() => !({SKIPPED})('{last}')", timeout=3000)
    watch.assert_clean()


def assert_palette_toggle_redraws(page, canvas: str, wait) -> None:
    """Click Material's palette toggle: the page turns dark and `wait(page)` finds the chart drawn again
    (painted pixels), with other pixels than before."""
    wait(page)
    before = page.locator(canvas).screenshot()
    assert toggle_palette(page) == "slate"
    assert wait(page) > 5000
    assert page.locator(canvas).screenshot() != before, "the chart should be redrawn for the dark palette"


def test_palette_toggle_redraws_the_chart_in_the_other_scheme(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    assert_palette_toggle_redraws(page, ".jc-chart canvas", wait_for_chart)
    watch.assert_clean()


def _visible_cards(page):
    return page.eval_on_selector_all(
        "[data-jc-card]:not([hidden])", "cards => cards.map(c => c.dataset.title)"
    )


def test_catalogue_filters_change_what_is_shown(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/")
    page.wait_for_selector("[data-jc-count]")
    published = _visible_cards(page)
    assert "booking a business trip" in published
    assert all("student account in a branch" not in t for t in published), "archived maps start hidden"
    page.select_option("select[name=segment]", "B2C")
    b2c = _visible_cards(page)
    assert b2c and len(b2c) < len(published)
    assert page.eval_on_selector_all(
        "[data-jc-card]:not([hidden])", "cs => cs.every(c => c.dataset.segment === 'B2C')"
    )
    assert page.locator("[data-jc-count]").inner_text() == f"{len(b2c)} of 5 maps"
    page.select_option("select[name=segment]", "")
    page.select_option("select[name=status]", "all")
    assert len(_visible_cards(page)) == 5
    page.select_option("select[name=channel]", "intranet")
    assert _visible_cards(page) == ["booking a business trip"]
    assert "channel=intranet" in page.url
    page.select_option("select[name=channel]", "")
    page.select_option("select[name=sort]", "updated-desc")
    dates = page.eval_on_selector_all("[data-jc-card]:not([hidden])", "cs => cs.map(c => c.dataset.updated)")
    assert dates == sorted(dates, reverse=True)
    watch.assert_clean()


def test_tag_chip_opens_the_catalogue_filtered_by_that_tag(browser_page, served_site):
    page, watch = browser_page
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    page.click("a.jc-chip--tag >> text=#booking")
    page.wait_for_url(re.compile(r".*/maps/\?tag=booking$"))
    page.wait_for_function("() => document.querySelector('select[name=tag]')?.value === 'booking'")
    assert _visible_cards(page) == ["booking a business trip"]
    watch.assert_clean()


def test_without_javascript_the_full_map_is_readable(chromium, served_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    assert page.locator("table.jc-journey").is_visible()
    # the chart itself, drawn at build time (chart_svg.py): stage names, channels, step numbers, legend
    frame = page.locator(".jc-chart svg.jc-chart-fallback")
    assert frame.is_visible() and frame.bounding_box()["height"] > 300
    # each label: a text's own text or a span's (the lanes' names are spans of one text)
    shown = set(
        frame.evaluate(
            "svg => [...svg.querySelectorAll('text, tspan')].flatMap((e) => [...e.childNodes]"
            ".filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent))"
        )
    )
    assert {
        "Plan",
        "Book",
        "Travel",
        "Expense",
        "Website",
        "1.1",
        "4.1",
        "back to Book",
        "Pain points",
    } <= shown
    assert page.locator("#step-1-2").inner_text().endswith("Looks up which fares the travel policy allows")
    context.close()


CHART_LABEL = "Chart of touchpoints and emotions per step; the same content is in the table below."
KEYS = "The left and right arrow keys go through the steps."


def test_the_chart_names_its_keys_only_once_the_script_makes_them_work(chromium, new_tab, served_site):
    """Issue 29: the keyboard hint and the live region that speaks the steps come with the script."""
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    assert page.get_attribute(".jc-chart", "aria-label") == CHART_LABEL
    assert page.locator("[data-jc-chart-announce]").count() == 0
    context.close()
    page = new_tab(height=720)
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    wait_for_chart(page)
    # ECharts puts the chart's description on its container once drawn
    assert page.get_attribute(".jc-chart", "aria-label") == f"{CHART_LABEL} {KEYS}"
    region = page.locator("[data-jc-chart-announce]")
    assert region.count() == 1 and region.get_attribute("aria-live") == "polite"
    assert region.bounding_box()["width"] <= 1  # heard, not seen


def test_when_echarts_cannot_load_the_page_says_so_and_keeps_the_table(browser_page, served_site):
    page, _ = browser_page
    page.route("**/echarts.common.min.js", lambda route: route.abort())
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    page.wait_for_selector(".jc-chart[data-jc-failed]")
    assert "could not be loaded" in page.locator(".jc-chart").inner_text()
    assert page.locator(".jc-chart svg.jc-chart-fallback").is_visible()  # the static chart stays
    assert page.locator("table.jc-journey").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_map_page_is_legible_in_both_palettes(new_tab, served_site, scheme):
    """The drawn chart names every stage, channel and step, its labels neither collide nor stick out and
    stand out from the palette's background, and the page does not scroll sideways. The screenshot,
    test-artifacts/map-page-{light,dark}.png, is for people to look at (and for the README)."""
    page = new_tab(height=1000, color_scheme=scheme)
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    page.evaluate(
        "(index) => localStorage.setItem('/.__palette', JSON.stringify({index}))",
        1 if scheme == "dark" else 0,
    )
    page.reload()
    assert wait_for_chart(page) > 5000
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == expected
    chart = measure_chart(page, ".jc-chart")
    catalogue = load_catalogue(FIXTURE_CATALOGUE / "journeys", base=FIXTURE_CATALOGUE)
    journey = catalogue.maps["business-travel-booking"]
    stages = {stage.name for stage in journey.meta.stages}
    numbers = {placed.number for placed in journey.steps()}
    assert stages | numbers | {"Website", "Intranet", "Pain points"} <= chart["shown"]
    assert chart["overlapping"] == [] and chart["outside"] == []
    ratio, label = worst_contrast(chart["texts"], chart["background"])
    assert ratio >= 4.5, f"{label!r} has contrast {ratio:.1f} on the {scheme} background"
    assert chart["overflow"] == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-page-{scheme}.png"), full_page=True)


def test_copy_button_puts_the_templates_exact_source_on_the_clipboard(chromium, served_site, tmp_path):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    watch = PageWatch(page, served_site["url"])
    page.goto(f"{served_site['url']}templates/")
    page.click("[data-jc-template='b2c-generic-journey'] button[data-jc-copy]")
    page.wait_for_function(
        "() => document.querySelector(\"[data-jc-template='b2c-generic-journey'] "
        "button[data-jc-copy]\").textContent === 'Copied'"
    )
    copied = page.evaluate("() => navigator.clipboard.readText()")
    source = FIXTURE_CATALOGUE / "journeys" / "maps" / "b2c-generic-journey.md"
    assert copied == source.read_text(encoding="utf-8")
    # the copied file, saved under a new id, validates in the catalogue
    shutil.copytree(FIXTURE_CATALOGUE / "journeys", tmp_path / "journeys")
    (tmp_path / "journeys" / "maps" / "my-new-map.md").write_text(copied, encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "journeys", base=tmp_path)
    assert "my-new-map" in catalogue.maps and catalogue.errors == []
    watch.assert_clean()
    context.close()


def test_the_build_time_frame_follows_the_palette_before_echarts_draws(browser_page, served_site):
    """Until ECharts draws (here it never loads), the SVG frame's colours are Material's palette colours."""
    page, _ = browser_page
    page.route("**/echarts.common.min.js", lambda route: route.abort())
    page.goto(f"{served_site['url']}maps/business-travel-booking/")
    page.wait_for_selector(".jc-chart[data-jc-failed]")
    read = """() => {
      const style = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
      return [style('.jc-chart-fallback .jc-svg-axis', 'stroke'), style('.jc-chart-fallback text', 'fill'),
              style('body', 'background-color')];
    }"""
    light = page.evaluate(read)
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = page.evaluate(read)
    assert light[2] != dark[2], "the palette switch changes the page background"
    assert light[0] != dark[0] and light[1] != dark[1], "and the chart's axes and labels with it"


@pytest.mark.parametrize(
    "query",
    [
        "hotel search ignores",  # a step's pain, in the table
        "Olga",  # a persona's name, in the map's header
        "fares rise",  # a cited pain (its citation mark is not indexed)
    ],
)
def test_material_search_finds_a_map_by_its_steps_text_or_persona(browser_page, served_site, query):
    page, watch = browser_page
    page.goto(served_site["url"])
    page.click("input.md-search__input")
    page.type("input.md-search__input", query, delay=20)
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000
    )
    links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    assert any("maps/business-travel-booking/" in link for link in links), links
    watch.assert_clean()


def test_a_tab_of_the_shared_context_starts_without_what_an_earlier_test_stored(shared_context, served_site):
    """Tests share one browser context (conftest's new_tab): its tabs see one another's storage, which is
    forgotten once a test ends, so the next test starts clean (the palette, an editor draft)."""
    context, _ = shared_context
    stored = "() => localStorage.getItem('jc-left-behind')"
    page = context.new_page()
    page.goto(served_site["url"])
    page.evaluate("() => localStorage.setItem('jc-left-behind', 'yes')")
    page.close()
    page = context.new_page()
    page.goto(served_site["url"])
    assert page.evaluate(stored) == "yes"
    forget_origins(shared_context, {served_site["url"].rstrip("/")})
    page.reload()
    assert page.evaluate(stored) is None
    page.close()
