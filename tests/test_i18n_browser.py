"""A Russian, a Polish and a Ukrainian catalogue, as a reader sees them in Chromium: no English word of
our interface on any generated page (visible text, aria-labels, titles, the chart's own text; the Russian
and Polish starter templates' pages too), plural forms chosen by the page script with
Intl.PluralRules, and <html lang> set.

"English word" is derived from the English catalogue itself: every word of every msgid, minus the words
the language's own translations use (Polish writes "Status" and "Segment" too)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from i18n_words import WORD, english_words

from journey_catalogue.authoring.starters import starter_languages

from conftest import ROOT, click_through, serving_built_site

pytestmark = pytest.mark.browser

SEEDS = {
    "ru": (["marketplace-return-ru"], ["marketplace-shopper-ru"]),
    "pl": (["pl-parcel-locker-delivery"], ["pl-remote-worker"]),
    # Ukrainian: one of the four catalogues added later, read through whole with the Russian seeds
    "uk": (["marketplace-return-ru"], ["marketplace-shopper-ru"]),
}
NAV = {
    "ru": ["Главная", "Каталог", "Аналитика", "Персоны", "Шаблоны"],
    "pl": ["Start", "Katalog", "Analiza", "Persony", "Szablony"],
    "uk": ["Головна", "Каталог", "Аналітика", "Персони", "Шаблони"],
}


def _catalogue(work: Path, language: str) -> Path:
    maps, personas = SEEDS[language]
    root = work / language
    (root / "journeys" / "maps").mkdir(parents=True)
    (root / "journeys" / "personas").mkdir(parents=True)
    (root / "docs").mkdir()
    for m in maps:
        shutil.copy(ROOT / "journeys" / "maps" / f"{m}.md", root / "journeys" / "maps")
    for p in personas:
        shutil.copy(ROOT / "journeys" / "personas" / f"{p}.md", root / "journeys" / "personas")
    (root / "docs" / "index.md").write_text(f"# {NAV[language][0]}\n", "utf-8")
    nav = zip(
        NAV[language],
        ["index.md", "maps/index.md", "insights/index.md", "personas/index.md", "templates/index.md"],
        strict=True,
    )
    (root / "mkdocs.yml").write_text(
        "site_name: Katalog\nsite_url: http://127.0.0.1:8000/\ntheme:\n  name: material\n"
        f"  language: {language}\n  font: false\n  features: [navigation.instant]\n"
        "plugins:\n  - search\n  - journeys:\n      today: '2026-11-23'\n"
        # the starter templates where they are written in the language: their pages are read too
        f"      starter_templates: {str(language in starter_languages()).lower()}\n"
        "markdown_extensions: [admonition, toc]\nnav:\n" + "".join(f"  - {t}: {p}\n" for t, p in nav),
        "utf-8",
    )
    return root / "mkdocs.yml"


@pytest.fixture(scope="module", params=sorted(SEEDS))
def language_site(request, tmp_path_factory):
    language = request.param
    work = tmp_path_factory.mktemp(f"i18n-{language}")
    config = _catalogue(work, language)
    site = work / "site"
    with serving_built_site(config, site) as url:
        yield language, url, site


# Everything a reader meets on a page: its text (code aside), labels, titles and the chart's own text.
READ_PAGE = """() => {
  const main = document.querySelector("article.md-content__inner");
  const copy = main.cloneNode(true);
  copy.querySelectorAll("code, pre, script, style").forEach((n) => n.remove());
  const texts = [document.title, copy.innerText];
  main.querySelectorAll("[aria-label], [title]").forEach((n) => {
    texts.push(n.getAttribute("aria-label") || "", n.getAttribute("title") || "");
  });
  main.querySelectorAll("svg text").forEach((n) => texts.push(n.textContent));
  document.querySelectorAll(".jc-chart, .jc-heatmap").forEach((box) => {
    const chart = window.echarts && window.echarts.getInstanceByDom(box);
    if (!chart) return;
    chart.getZr().storage.getDisplayList(true).forEach((el) => {
      if (el.style && typeof el.style.text === "string") texts.push(el.style.text);
    });
  });
  return texts.join("\\n");
}"""

COUNT = (
    """(numbers) => numbers.map((n) => window.journeyCatalogue.tn("maps_shown", n, ["", ""], { shown: n }))"""
)
CHARTS_DRAWN = """() => [...document.querySelectorAll(".jc-chart, .jc-heatmap")]
  .every((box) => window.echarts && window.echarts.getInstanceByDom(box))"""


def _generated_pages(site: Path) -> list[str]:
    pages = ["maps/", "insights/", "personas/", "templates/"]
    for folder in ("maps", "personas"):
        pages += [f"{folder}/{p.name}/" for p in sorted((site / folder).iterdir()) if p.is_dir()]
    return pages


def test_no_english_word_of_the_interface_on_any_generated_page(language_site, new_tab):
    language, url, site = language_site
    english = english_words(language)
    assert {"emotion", "pain", "step", "opportunities"} <= english  # the list is the catalogue's words
    page = new_tab()
    found = {}
    for path in click_through(page, url, _generated_pages(site)):
        assert page.get_attribute("html", "lang") == language
        if page.locator(".jc-chart, .jc-heatmap").count():
            page.wait_for_function(CHARTS_DRAWN)
        text = page.evaluate(READ_PAGE)
        words = sorted({w for w in WORD.findall(text) if w.lower() in english})
        if words:
            found[path] = words
    assert found == {}


PLURALS = {
    "ru": {1: "1 из 1 карты", 2: "2 из 2 карт", 5: "5 из 5 карт"},
    "pl": {1: "1 z 1 mapy", 2: "2 z 2 map", 5: "5 z 5 map"},
    "uk": {1: "1 з 1 карти", 2: "2 з 2 карт", 5: "5 з 5 карт"},
}


def test_the_catalogue_count_follows_the_languages_plural_rules(language_site, new_tab):
    language, url, _ = language_site
    page = new_tab()
    page.goto(url + "maps/")
    counted = page.evaluate(
        COUNT,
        list(PLURALS[language]),
    )
    assert counted == list(PLURALS[language].values())
    assert page.locator("[data-jc-count]").inner_text() == PLURALS[language][1]


MAP_STRINGS = """() => [window.journeyCatalogue.t("emotion", "Emotion"),
  window.journeyCatalogue.tn("opportunities_shown", 5, ["", ""], { shown: 5 })]"""


def test_a_map_page_takes_its_script_strings_from_the_cached_strings_script(language_site, new_tab):
    """Map pages carry no data-jc-strings attribute (issue 29: about 0.35 kB of each gzipped page): the
    page script reads the strings in the site's cached script bundle, in the site's language, before and
    after instant navigation."""
    from journey_catalogue.i18n import Translator

    language, url, site = language_site
    t = Translator(language)
    plural = ("%(shown)s of %(num)s opportunity", "%(shown)s of %(num)s opportunities")
    expected = [t.gettext("Emotion"), t.ngettext(*plural, 5, shown=5)]
    map_id = SEEDS[language][0][0]
    assert "data-jc-strings" not in (site / "maps" / map_id / "index.html").read_text("utf-8")
    page = new_tab()
    page.goto(url + f"maps/{map_id}/")
    assert page.evaluate(MAP_STRINGS) == expected
    page.goto(url + "maps/")  # the catalogue page carries the attribute; a click then lands on the map
    page.locator(f'a[href$="{map_id}/"]').first.click()
    page.wait_for_url(f"**/maps/{map_id}/")
    assert page.evaluate(MAP_STRINGS) == expected


def _citations(map_file: Path, language: str) -> dict[str, str]:
    """Source id -> "Cited by ..." as the page must say it in `language`: the sentence the template once
    made with these messages, now made by the page script from the table (plural forms by CLDR)."""
    from journey_catalogue.format.loader import load_catalogue
    from journey_catalogue.i18n import Translator

    t = Translator(language)
    folder = map_file.parent.parent
    journey = load_catalogue(folder, base=folder.parent).maps[map_file.stem]
    kinds: dict[str, dict[str, list[str]]] = {}
    for placed in journey.steps():
        for kind, items in (("pain", placed.step.pain_items()), ("opp", placed.step.opportunity_items())):
            for ref in (ref for item in items for ref in item.sources):
                steps = kinds.setdefault(ref, {}).setdefault(kind, [])
                if placed.number not in steps:
                    steps.append(placed.number)
    nouns = {
        "pain": ("pain points at step", "pain points at steps"),
        "opp": ("opportunities at step", "opportunities at steps"),
    }
    return {
        ref: t.gettext("Cited by")
        + " "
        + t.gettext("; by ").join(
            f"{t.ngettext(*nouns[kind], len(steps))} {', '.join(steps)}" for kind, steps in by_kind.items()
        )
        + "."
        for ref, by_kind in kinds.items()
    }


def test_sources_say_which_steps_cite_them_in_the_sites_language(language_site, new_tab):
    language, url, site = language_site
    map_id = SEEDS[language][0][0]
    expected = _citations(site.parent / language / "journeys" / "maps" / f"{map_id}.md", language)
    assert len(expected) >= 3
    page = new_tab()
    page.goto(url + f"maps/{map_id}/")
    page.wait_for_selector(".jc-citations")
    shown = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.jc-sources > li')]
          .filter((li) => li.querySelector('.jc-citations'))
          .map((li) => [li.id.slice(7), li.querySelector('.jc-citations').textContent]))"""
    )
    assert shown == expected


def test_the_drawn_chart_is_described_in_the_sites_language(language_site, new_tab):
    from journey_catalogue.i18n import Translator

    language, url, _ = language_site
    t = Translator(language)
    label = t.gettext("Chart of touchpoints and emotions per step; the same content is in the table below.")
    keys = t.gettext("The left and right arrow keys go through the steps.")
    assert label != "Chart of touchpoints and emotions per step; the same content is in the table below."
    page = new_tab()
    page.goto(url + f"maps/{SEEDS[language][0][0]}/")
    page.wait_for_selector(".jc-chart[data-jc-drawn]")
    assert page.get_attribute(".jc-chart", "aria-label") == f"{label} {keys}"
