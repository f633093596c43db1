"""No generated page is wider than the screen: at 390, 768 and 1280 px in real Chromium, every kind of
page of the legibility catalogue (maps of 1, 15 and 60 steps with long names, the catalogue, personas,
templates, insights) has no horizontal page scroll. Wide charts and tables scroll in their own boxes."""

from __future__ import annotations

import pytest
from history_repo import MAP_ID, make_repository
from test_chart_legibility import OVERFLOW, WIDTHS, legible_site  # noqa: F401 (a fixture)

from conftest import PageWatch, click_through, serving_built_site

pytestmark = pytest.mark.browser
PAGES = [
    "maps/one-step/",
    "maps/long-names/",
    "maps/sixty-steps/",
    "maps/",
    "personas/",
    "personas/konstantin-long/",
    "templates/",
    "insights/",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(new_tab, legible_site, width):  # noqa: F811
    page = new_tab(width=width)
    watch = PageWatch(page, legible_site)
    wider = {}
    for path in click_through(page, legible_site, PAGES):
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # the charts are drawn and sized
        excess = page.evaluate(OVERFLOW)
        if excess > 0:
            wider[path] = excess
    assert wider == {}, f"pages wider than {width} px (by px): {wider}"
    watch.assert_clean()


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    """The fixture catalogue in a git repository with an edited map: its page has a History table."""
    work = tmp_path_factory.mktemp("overflow-history")
    make_repository(work / "catalogue")
    with serving_built_site(work / "catalogue" / "mkdocs.yml", work / "site") as url:
        yield url


def test_a_map_page_with_history_is_no_wider_than_a_phone(new_tab, history_site):
    page = new_tab(width=390)
    page.goto(f"{history_site}maps/{MAP_ID}/")
    page.wait_for_selector(".jc-history-table", state="attached")
    page.wait_for_timeout(300)
    assert page.evaluate(OVERFLOW) <= 0
    # the History table's buttons keep their words, in a table that scrolls in itself if need be
    button = page.locator(".jc-history .md-button.jc-compare").first
    assert button.evaluate("(b) => b.scrollWidth <= b.clientWidth + 1")
    page.locator(".jc-history").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/shots-i26-legible/history-390.png")
