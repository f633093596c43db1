"""Accessibility in a real headless Chromium: axe-core (the pinned npm release) finds no serious or critical
violation (nor a skipped heading level) on each page kind of this repository's own catalogue, light and
dark (one load a page: the palette toggled in place); keyboard users walk the chart's steps and their
tooltips; reduced motion turns its animation off.

The catalogue is built inside this git repository, so map pages carry their History section."""

from __future__ import annotations

import pytest
from npm_vendor import npm_file

from conftest import ARTIFACTS, PageWatch, toggle_palette

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"
# npm's published integrity for axe-core-4.14.1.tgz (`npm view axe-core@4.14.1 dist.integrity`)
AXE_TARBALL_SHA512 = (
    "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)

# Every page kind once: home, catalogue, maps (per-persona emotions; a future state; every map has History
# here), persona index and page, templates gallery, insights, and one hand-written guide (the generated
# field reference: the richest of them; the other guides are the same kind of Markdown page).
PAGES = [
    "",
    "maps/",
    "maps/business-travel-booking/",
    "maps/insurance-claim-future/",
    "maps/branch-account-opening/",
    "personas/",
    "personas/busy-parent/",
    "templates/",
    "insights/",
    "editor/?map=support-escalation",
    "reference/format/",
]

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order')
    .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map(
      (n) => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' '))}));
}"""

TOOLTIP_TEXT = """() => {
  const tip = document.querySelector('.jc-echarts-tooltip');
  return tip && getComputedStyle(tip).display !== 'none' && getComputedStyle(tip).visibility !== 'hidden'
    ? tip.querySelector('.jc-tooltip-stage')?.textContent : null;
}"""


@pytest.fixture(scope="module")
def axe_script():
    return npm_file(
        "axe-core", AXE_VERSION, AXE_TARBALL_SHA512, "axe.min.js", f"axe-core-{AXE_VERSION}.min.js"
    ).read_text()


def _settle(page):
    """Wait for what the page scripts add: a drawn chart, the download buttons, the history widget."""
    page.wait_for_load_state("load")
    if page.locator(".jc-chart").count():
        page.wait_for_selector(".jc-chart[data-jc-drawn] canvas")
    if page.locator("[data-jc-editor]").count():
        page.wait_for_selector("[data-jc-editor-chart][data-jc-drawn] canvas")
    page.wait_for_timeout(150)


def _switch_to_dark(page):
    """Material's palette toggle, clicked in place: the page redraws in the dark scheme as it would have
    loaded in it (the stored choice is what a load reads), without loading it again."""
    assert toggle_palette(page) == "slate"
    page.mouse.move(0, 0)  # neither hover nor focus left on the toggle
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    _settle(page)


def _axe_in_both_schemes(page, axe_script, path) -> str:
    """axe on the page as it is (light), then after the palette toggle (dark): what it found, worded.
    Transitions are off, so axe reads colours at rest: a button the mouse just left, or a card that
    content-visibility skipped until axe reads it, would otherwise be caught mid-transition."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.add_script_tag(content=axe_script)
    light = _axe_report(page.evaluate(AXE_RUN), "light", path)
    _switch_to_dark(page)  # and waits, as after a load, for the charts drawn again
    dark = _axe_report(page.evaluate(AXE_RUN), "dark", path)
    return "\n".join(r for r in (light, dark) if r)


def _axe_report(violations, scheme, path):
    return "\n".join(
        f"[{scheme}] [{v['impact']}] {v['id']} on /{path} ({len(v['nodes'])} nodes)\n"
        + "\n".join(f"    {n}" for n in v["nodes"][:8])
        for v in violations
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda path: "/" + path)
def test_axe_finds_no_serious_or_critical_violation(new_tab, own_site, axe_script, path):
    # one page a test, so that parallel workers share the pages; each page is checked light, then dark
    page = new_tab()
    watch = PageWatch(page, own_site)
    page.goto(own_site + path)
    _settle(page)
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "default"
    report = _axe_in_both_schemes(page, axe_script, path)
    assert not report, f"axe-core {AXE_VERSION}:\n{report}"
    watch.assert_clean()


def test_the_chart_is_linked_to_its_table(new_tab, own_site):
    page = new_tab()
    page.goto(own_site + "maps/branch-account-opening/")
    _settle(page)
    chart = page.locator(".jc-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("aria-label")
    table_id = chart.get_attribute("aria-details")
    assert page.locator(f"table#{table_id}.jc-journey").count() == 1
    caption_id = chart.get_attribute("aria-describedby")
    assert page.locator(f"table#{table_id} > caption#{caption_id}").count() == 1


def test_keyboard_users_walk_the_steps_and_their_tooltips(new_tab, own_site):
    page = new_tab()
    watch = PageWatch(page, own_site)
    page.goto(own_site + "maps/branch-account-opening/")
    _settle(page)
    steps = page.evaluate("() => journeyCatalogue.chartPayload(document.querySelector('.jc-chart')).steps")
    for _ in range(300):  # Tab from the top of the page until the chart has focus
        if page.evaluate("() => document.activeElement.classList.contains('jc-chart')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('jc-chart')"), (
        "Tab never reached it"
    )
    stages, spoken = [], []
    for _ in steps:
        page.keyboard.press("ArrowRight")
        page.wait_for_function(TOOLTIP_TEXT)
        stages.append(page.evaluate(TOOLTIP_TEXT).split(" · ")[0])
        spoken.append(page.text_content("[data-jc-chart-announce]"))
    assert stages == steps, "each ArrowRight shows the next step's tooltip"
    assert spoken[0].startswith(f"Step 1 of {len(steps)}.") and spoken[-1].startswith(f"Step {len(steps)} of")
    page.keyboard.press("ArrowRight")  # past the last step: stays on it
    assert page.evaluate(TOOLTIP_TEXT).split(" · ")[0] == steps[-1]
    page.keyboard.press("Home")
    page.wait_for_function(f"() => ({TOOLTIP_TEXT})()?.startsWith({steps[0]!r})")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(TOOLTIP_TEXT).split(" · ")[0] == steps[0]
    page.locator(".jc-chart").screenshot(path=str(ARTIFACTS / "chart-keyboard-tooltip.png"))
    watch.assert_clean()


@pytest.mark.parametrize("reduced", [True, False])
def test_reduced_motion_turns_the_chart_animation_off(new_tab, own_site, reduced):
    """The built options are served with animation on, so the page script alone decides."""
    page = new_tab()
    if reduced:
        page.emulate_media(reduced_motion="reduce")

    def animated(route):
        response = route.fetch()
        # the page's own part of the chart options (chart_split.py) overrides the common part's
        text = response.text()
        empty = '"o":{}' in text
        old, new = ('"o":{}', '"o":{"animation":true}') if empty else ('"o":{', '"o":{"animation":true,')
        body = text.replace(old, new, 1)
        route.fulfill(response=response, body=body)

    page.route("**/maps/branch-account-opening/", animated)
    page.goto(own_site + "maps/branch-account-opening/")
    _settle(page)
    served = page.evaluate("() => journeyCatalogue.chartPayload(document.querySelector('.jc-chart')).options")
    assert served["animation"] is True, "the route should serve an animated chart"
    option = page.evaluate("() => echarts.getInstanceByDom(document.querySelector('.jc-chart')).getOption()")
    assert option["animation"] is (not reduced)


# A catalogue larger than its page: the static pages of cards, and the first page once the reader has
# asked for more (cards made by the page script from maps/cards.json).
@pytest.mark.parametrize("path", ["maps/page/2/", "personas/page/2/", "maps/#more"], ids=lambda p: "/" + p)
def test_axe_passes_a_paged_catalogue(new_tab, paged_site, axe_script, path):
    page = new_tab()
    watch = PageWatch(page, paged_site["url"])
    page.goto(paged_site["url"] + path.removesuffix("#more"))
    _settle(page)
    if path.endswith("#more"):
        shown = page.locator("[data-jc-card]").count()
        page.click("[data-jc-more] button")
        page.wait_for_function("n => document.querySelectorAll('[data-jc-card]').length > n", arg=shown)
        # the cards are what is checked here: the clicked button's hover and focus colours are the
        # palette's accent (Material's `.md-button`), which each site chooses
        page.mouse.move(0, 0)
        page.evaluate("() => document.activeElement.blur()")
    report = _axe_in_both_schemes(page, axe_script, path)
    assert not report, f"axe-core {AXE_VERSION}:\n{report}"
    watch.assert_clean()
