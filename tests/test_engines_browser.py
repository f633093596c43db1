"""The same catalogue on every site engine, in a real headless Chromium: the map page draws its chart
with no script error, the catalogue filters, the history shows, the palette toggle redraws the chart,
search finds a map and instant navigation hops without a reload. A focused set, not the whole browser
suite three times: tests/test_browser.py covers the details on MkDocs."""

from __future__ import annotations

import re

import pytest
from engine_sites import ENGINES, MAP_ID, PAGES, build, make_catalogue
from test_browser import assert_palette_toggle_redraws, wait_for_chart

from conftest import PageWatch, instant_navigation, serving_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=ENGINES)
def engine_site(request, tmp_path_factory):
    engine = request.param
    work = tmp_path_factory.mktemp(f"engine-{engine}")
    catalogue = make_catalogue(work / "catalogue", engine)
    with serving_site(catalogue / "site", lambda url: build(catalogue, engine, url)) as url:
        yield {"engine": engine, "url": url, "pages": url + PAGES[engine], "site": catalogue / "site"}


@pytest.fixture
def page_watch(new_tab, engine_site):
    page = new_tab()
    return page, PageWatch(page, engine_site["url"])


def test_every_generated_page_is_built(engine_site):
    pages = engine_site["site"] / PAGES[engine_site["engine"]]
    for path in ("maps", f"maps/{MAP_ID}", "personas", "personas/example-customer", "templates", "insights"):
        assert 'class="jc-' in (pages / path / "index.html").read_text(), path  # our sections, not empty
    assert (
        pages / "templates" / "b2b-generic-journey.md"
        if engine_site["engine"] != "zensical"
        else pages / "templates" / "b2b-generic-journey.md.txt"
    ).is_file()


def test_map_page_draws_its_chart_and_shows_its_history(page_watch, engine_site):
    page, watch = page_watch
    page.goto(f"{engine_site['pages']}maps/{MAP_ID}/")
    assert wait_for_chart(page) > 5000
    assert page.locator(".jc-chart-fallback").count() == 0
    assert page.locator(".jc-history-table tbody tr").count() == 2  # both commits
    assert "Happier ending" in page.locator(".jc-history").inner_text()
    watch.assert_clean()


def test_palette_toggle_redraws_the_chart(page_watch, engine_site):
    page, watch = page_watch
    page.goto(f"{engine_site['pages']}maps/{MAP_ID}/")
    assert_palette_toggle_redraws(page, ".jc-chart canvas", wait_for_chart)
    watch.assert_clean()


def test_catalogue_filters_and_instant_navigation(page_watch, engine_site):
    page, watch = page_watch
    page.goto(f"{engine_site['pages']}maps/")
    page.wait_for_selector("[data-jc-count]")
    assert page.locator("[data-jc-card]:not([hidden])").count() == 2
    page.select_option("select[name=segment]", "B2C")  # the example map; the other one is B2B
    assert page.locator("[data-jc-card]:not([hidden])").count() == 1
    with instant_navigation(page):
        page.click(f".jc-card a[href$='maps/{MAP_ID}/']")
        page.wait_for_url(re.compile(rf".*/maps/{MAP_ID}/$"))
        assert wait_for_chart(page) > 5000
    watch.assert_clean()


def test_search_finds_the_map_by_a_steps_text(page_watch, engine_site):
    page, watch = page_watch
    page.goto(engine_site["url"])
    # Material's search box is in the header; Zensical's opens from a button
    page.click("input.md-search__input, .md-search__button >> visible=true")
    page.keyboard.type("lost card", delay=20)
    page.get_by_text("Example: replacing a lost bank card").first.click(timeout=10_000)
    page.wait_for_url(re.compile(rf".*/maps/{MAP_ID}/(\?h=[^#]*)?(#.*)?$"))  # ?h=: search.highlight
    assert wait_for_chart(page) > 5000
    watch.assert_clean()
