"""A catalogue of more maps than a page holds: the first cards on the page, the rest from maps/cards.json on
demand (filters, sort and counts over every map), static pages of cards for readers without JavaScript.

The fixture catalogue, with a few more maps (one of them with hostile text), is built once with
`page_size: 2`, so that most maps are not on the first page.
"""

from __future__ import annotations

import pytest

from conftest import PAGE_SIZE, PAGED_EXTRA_MAPS, PAGED_HOSTILE_TITLE, PageWatch


def _published(records):
    return [r for r in records if r["status"] == "published"]


def _card_titles(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-jc-card]:not([hidden]) .jc-card-title a", "links => links.map(a => a.textContent)"
    )


def test_the_card_index_lists_every_map_and_the_first_page_only_a_page_of_cards(paged_site):
    records = paged_site["records"]
    assert len(records) == 9  # 5 listed fixture maps (templates are not listed) and 4 more
    assert {r["title"] for r in records} >= {title for title, _, _ in PAGED_EXTRA_MAPS.values()}
    first = (paged_site["site"] / "maps" / "index.html").read_text(encoding="utf-8")
    assert first.count("data-jc-card ") == PAGE_SIZE
    published = len(_published(records))
    assert f"{published} maps" in first
    pages = -(-published // PAGE_SIZE)
    assert (paged_site["site"] / "maps" / "page" / str(pages) / "index.html").exists()
    assert not (paged_site["site"] / "maps" / "page" / str(pages + 1)).exists()


def test_the_card_index_is_escaped_json_that_round_trips_hostile_text(paged_site):
    raw = (paged_site["site"] / "maps" / "cards.json").read_text(encoding="utf-8")
    for char in "<>&'":
        assert char not in raw, f"{char!r} left unescaped in cards.json"
    (hostile,) = [r for r in paged_site["records"] if r["url"].startswith("mm-hostile-escalation")]
    assert hostile["title"] == PAGED_HOSTILE_TITLE


@pytest.mark.browser
def test_without_javascript_the_pages_link_through_every_published_map(chromium, paged_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    url, seen, visited = f"{paged_site['url']}maps/", [], 0
    while url:
        page.goto(url)
        visited += 1
        titles = _card_titles(page)
        assert 0 < len(titles) <= PAGE_SIZE
        seen += titles
        link = page.query_selector("[data-jc-pages] a[rel=next]")
        url = link.evaluate("a => a.href") if link else None
        assert visited < 20, "the next links go round in circles"
    context.close()
    expected = sorted(r["title"] for r in _published(paged_site["records"]))
    assert sorted(seen) == expected, "every published map is on exactly one page"


@pytest.mark.browser
def test_filters_sort_and_counts_cover_maps_beyond_the_first_page(new_tab, paged_site):
    page = new_tab()
    watch = PageWatch(page, paged_site["url"])
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{paged_site['url']}maps/")
    page.wait_for_selector("[data-jc-filters][data-jc-ready]")
    first_page = _card_titles(page)
    assert len(first_page) == PAGE_SIZE
    assert not any(u.endswith("cards.json") for u in requests), "the index loads only when asked for"
    assert page.locator("[data-jc-pages]").is_hidden(), "with the script, show more replaces the page links"

    records, total = paged_site["records"], len(paged_site["records"])
    b2c = [r for r in _published(records) if r["segment"] == "B2C"]
    page.select_option("select[name=segment]", "B2C")
    page.wait_for_function(
        "n => document.querySelector('[data-jc-count]').textContent.startsWith(n + ' ')", arg=len(b2c)
    )
    assert page.locator("[data-jc-count]").inner_text() == f"{len(b2c)} of {total} maps"
    shown = _card_titles(page)
    assert shown == sorted((r["title"] for r in b2c), key=str.lower)[:PAGE_SIZE]
    assert set(shown) - set(first_page), "a map that is not on the first page is found"
    assert PAGED_HOSTILE_TITLE in shown or len(b2c) > PAGE_SIZE

    page.click("[data-jc-more] button")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-jc-card]').length === n", arg=min(len(b2c), 2 * PAGE_SIZE)
    )
    assert PAGED_HOSTILE_TITLE in _card_titles(page), "the hostile title shows as text"
    assert page.locator("img[src=x]").count() == 0

    page.select_option("select[name=segment]", "")
    page.select_option("select[name=sort]", "updated-desc")
    newest = sorted(_published(records), key=lambda r: r["updated"], reverse=True)[:PAGE_SIZE]
    page.wait_for_function(
        "t => document.querySelector('[data-jc-card] .jc-card-title a').textContent === t",
        arg=newest[0]["title"],
    )
    assert _card_titles(page) == [r["title"] for r in newest]
    assert "sort=updated-desc" in page.url

    page.select_option("select[name=status]", "all")
    page.wait_for_function(
        "n => document.querySelector('[data-jc-count]').textContent.startsWith(n + ' ')", arg=total
    )
    assert requests.count(f"{paged_site['url']}maps/cards.json") == 1, "the index is fetched once"
    watch.assert_clean()


@pytest.mark.browser
def test_a_card_made_from_the_index_opens_its_map_by_instant_navigation(new_tab, paged_site):
    page = new_tab()
    watch = PageWatch(page, paged_site["url"])
    page.goto(f"{paged_site['url']}maps/?sort=updated-desc")
    newest = max(_published(paged_site["records"]), key=lambda r: r["updated"])
    page.wait_for_function(
        "t => document.querySelector('[data-jc-card] .jc-card-title a').textContent === t",
        arg=newest["title"],
    )
    page.evaluate("window.jcStayed = true")
    page.click("[data-jc-card] .jc-card-title a")
    page.wait_for_selector(".jc-chart[data-jc-drawn]")
    assert page.url == f"{paged_site['url']}maps/{newest['url']}"
    assert page.evaluate("window.jcStayed === true"), "Material's instant navigation, no full reload"
    watch.assert_clean()


@pytest.mark.browser
def test_a_later_page_with_a_filter_in_its_address_counts_every_map(new_tab, paged_site):
    page = new_tab(height=720)
    page.goto(f"{paged_site['url']}maps/page/2/?segment=B2B")
    b2b = [r for r in _published(paged_site["records"]) if r["segment"] == "B2B"]
    page.wait_for_function(
        "n => document.querySelector('[data-jc-count]').textContent.startsWith(n + ' ')", arg=len(b2b)
    )
    assert _card_titles(page) == sorted((r["title"] for r in b2b), key=str.lower)[:PAGE_SIZE]


def test_the_persona_index_is_paged_too(paged_site):
    site = paged_site["site"] / "personas"
    first = (site / "index.html").read_text(encoding="utf-8")
    assert first.count('class="jc-card"') == PAGE_SIZE
    assert 'rel="next"' in first
    pages = sorted(int(p.name) for p in (site / "page").iterdir())
    assert pages == list(range(2, len(pages) + 2))
