"""No generated page is wider than the screen: at 390, 768 and 1280 px in real Chromium, every kind of
page of the legibility catalogue (maps of 1, 15 and 60 steps with long names, the catalogue, personas,
templates, insights) has no horizontal page scroll. Wide charts and tables scroll in their own boxes."""

from __future__ import annotations

import pytest
from test_chart_legibility import OVERFLOW, WIDTHS, legible_site  # noqa: F401 (a fixture)

from conftest import PageWatch

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
def test_no_page_is_wider_than_the_screen(chromium, legible_site, width):  # noqa: F811
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    watch = PageWatch(page, legible_site)
    wider = {}
    for path in PAGES:
        page.goto(f"{legible_site}{path}")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # the charts are drawn and sized
        excess = page.evaluate(OVERFLOW)
        if excess > 0:
            wider[path] = excess
    assert wider == {}, f"pages wider than {width} px (by px): {wider}"
    watch.assert_clean()
    context.close()
