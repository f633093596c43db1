"""A map in another language than the site's (`lang:`): its own text carries that `lang`, the interface
around and inside it keeps the site's. Read from the rendered HTML, element by element."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from journey_catalogue.catalogue.index import CatalogueIndex
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.model import MapFront
from journey_catalogue.format.validate import model_findings
from journey_catalogue.render.options import RenderOptions
from journey_catalogue.render.pages import PageRenderer

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
VOID = {"br", "img", "input", "link", "meta", "hr", "wbr", "source", "col"}


class _Languages(HTMLParser):
    """Each text of the HTML with the `lang` in effect there and the classes of the elements around it."""

    def __init__(self, site: str):
        super().__init__()
        self.stack: list[tuple[str, str, str]] = [("", site, "")]
        self.texts: list[tuple[str, str, str]] = []  # (text, lang, classes of every open element)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or self.stack[-1][1]
        if tag not in VOID:
            self.stack.append((tag, lang, f"{self.stack[-1][2]} {tag}.{attrs.get('class') or ''}"))

    def handle_endtag(self, tag):
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data.strip(), self.stack[-1][1], self.stack[-1][2]))


@pytest.fixture(scope="module")
def renderer() -> PageRenderer:
    catalogue = load_catalogue(ROOT / "journeys", base=ROOT, today=TODAY)
    assert not catalogue.errors
    return PageRenderer(CatalogueIndex(catalogue, TODAY, 180), RenderOptions(echarts_src="e.js"))


def _texts(renderer: PageRenderer, map_id: str, section: str) -> list[tuple[str, str, str]]:
    (page,) = [p for p in renderer.pages() if p.kind == "map" and p.id == map_id]
    parser = _Languages(site="en")
    parser.feed(renderer.sections(page)[section])
    return parser.texts


@pytest.mark.parametrize(
    ("map_id", "lang"), [("marketplace-return-ru", "ru"), ("pl-parcel-locker-delivery", "pl")]
)
def test_the_maps_own_text_carries_its_lang(renderer, map_id, lang):
    journey = next(m for m in renderer.index.maps if m.id == map_id)
    assert journey.meta.lang == lang
    header = _texts(renderer, map_id, "header")
    assert (journey.meta.title, lang) in {(t, la) for t, la, _ in header}
    assert (journey.meta.summary, lang) in {(t, la) for t, la, _ in header}
    assert ("Owner", "en") in {(t, la) for t, la, _ in header}  # the interface stays the site's
    table = _texts(renderer, map_id, "table")
    actions = [p.step.action for p in journey.steps()]
    found = {t: la for t, la, _ in table}
    assert all(found[a] == lang for a in actions)
    stage_names = {stage.name for stage in journey.meta.stages}  # column headings: the map's text
    assert all(found[name] == lang for name in stage_names)
    interface = [
        (t, la)
        for t, la, where in table
        if ("th." in where and t not in stage_names) or "caption" in where or "jc-severity" in where
    ]
    assert interface and all(la == "en" for _, la in interface), interface
    assert {"Actions", "Pain points", "Touchpoints"} <= {t for t, _ in interface}
    body = _texts(renderer, map_id, "body")
    assert body and all(la == lang for _, la, _ in body)


def test_a_map_in_the_sites_language_gets_no_lang_attribute(renderer):
    (page,) = [p for p in renderer.pages() if p.kind == "map" and p.id == "insurance-claim"]
    assert all(" lang=" not in html for html in renderer.sections(page).values())


@pytest.mark.parametrize(
    ("value", "found"), [("русский", "'русский'"), (42, "42"), ("p", "'p'"), ("ru\n", "'ru\\n'")]
)
def test_lang_must_be_a_language_code(value, found):
    contract = ROOT / "tests" / "corpus" / "base" / "journeys" / "maps" / "business-travel-booking.md"
    data = yaml.safe_load(contract.read_text(encoding="utf-8").split("---")[1])
    _, findings = model_findings(MapFront, {**data, "lang": value})
    assert [(f.path, f.message) for f in findings] == [
        (("lang",), f"expected a language code such as ru, pl or pt-BR, got {found}")
    ]
    model, findings = model_findings(MapFront, {**data, "lang": "pt_BR"})
    assert not findings and model.lang == "pt-BR"
