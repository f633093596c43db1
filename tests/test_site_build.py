"""The built site, checked structurally: pages, cross-links both ways, gallery, filters' data, nav, search."""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from journey_catalogue.charts.split import COMMON, join

from conftest import FIXTURE_CATALOGUE, ROOT, build_site

MAPS = FIXTURE_CATALOGUE / "journeys" / "maps"
PERSONAS = FIXTURE_CATALOGUE / "journeys" / "personas"
MAP_IDS = sorted(p.stem for p in MAPS.glob("*.md"))
PERSONA_IDS = sorted(p.stem for p in PERSONAS.glob("*.md"))


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def hrefs(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)]


def attribute_values(text: str, name: str) -> list[str]:
    return [
        html.unescape(v)
        for v in re.findall(rf"{name}='([^']*)'", text) + re.findall(rf'{name}="([^"]*)"', text)
    ]


def test_every_map_persona_and_index_page_is_built(built_site):
    for map_id in MAP_IDS:
        assert (built_site / "maps" / map_id / "index.html").is_file(), map_id
    for persona_id in PERSONA_IDS:
        assert (built_site / "personas" / persona_id / "index.html").is_file(), persona_id
    for index in ("maps", "personas", "templates"):
        assert (built_site / index / "index.html").is_file(), index


def test_map_page_links_to_its_personas_and_they_link_back(built_site):
    text = page(built_site, "maps/business-travel-booking")
    assert "../../personas/travelling-consultant/" in hrefs(text)
    assert "../../personas/travel-manager/" in hrefs(text)
    for persona in ("travelling-consultant", "travel-manager"):
        assert "../../maps/business-travel-booking/" in hrefs(page(built_site, f"personas/{persona}"))


def test_persona_page_lists_every_map_with_average_emotion(built_site):
    text = page(built_site, "personas/finance-controller")
    # finance-controller is on the support escalation and on the (draft) office supplies map
    assert "../../maps/support-escalation/" in hrefs(text)
    assert "../../maps/office-supplies-procurement/" in hrefs(text)
    assert re.search(r'jc-valence--(negative|neutral|positive)">[+-]\d\.\d<', text)


def test_map_page_shows_header_table_evidence_and_edit_link(built_site):
    text = page(built_site, "maps/business-travel-booking")
    assert '<h1 class="jc-title">Booking a business trip</h1>' in text
    assert "<title>Booking a business trip - Fixture catalogue</title>" in text
    assert "https://example.org/acme/catalogue/edit/main/journeys/maps/business-travel-booking.md" in hrefs(
        text
    )
    # the table: stages as column groups, one column per step, rows for every facet of a step
    assert text.count('scope="colgroup"') == 4
    for row in (
        "Actions",
        "Touchpoints",
        "Feelings and thoughts",
        "Emotion",
        "Pain points",
        "Opportunities",
        "Backstage",
        "KPIs",
        "Goal and needs",
    ):
        assert f'<th scope="row">{row}</th>' in text or f'<th scope="row">{row} <span' in text
    assert 'id="step-2-1"' in text
    assert '<li><span class="jc-severity--high">high</span> The policy is a 40-page PDF' in text
    assert '<li><span class="jc-status--planned">planned</span> Rank hotels by distance' in text
    # the emotion row explains the scale once; each cell holds the number, coloured by its class
    assert "from −2 (very negative) to +2 (very positive)</span></th>" in text
    assert re.search(r'<td class="jc-valence--(negative|neutral|positive)">[+−]\d</td>', text)
    assert "Booking completion: <strong>71%</strong> (target 90%)" in text
    # the loop back from Travel to Book is visible in the table header
    assert 'back to <a href="#stage-book">Book</a>' in text
    # evidence: how many pains cite a source (once: not again as a sentence), and each source
    assert (
        "<dt>Pain points citing a source</dt><dd>2 of 3</dd>" in text and "backed by a research" not in text
    )
    assert 'id="source-traveller-survey"' in text
    evidence = text[text.index('id="source-traveller-survey"') :]
    evidence = evidence[: evidence.index("</li>")]
    # the pain's text is in the table only, not repeated here; which steps cite the source is built by
    # the page script from the table's links (test_browser.py), not carried by the page
    assert "The policy is a 40-page PDF" not in evidence and "Cited by" not in evidence
    assert '<a href="#source-traveller-survey">[traveller-survey]</a>' in text


def test_chart_payload_is_json_in_a_data_attribute_with_one_entry_per_step(built_site):
    text = page(built_site, "maps/support-escalation")
    (raw,) = attribute_values(text, "data-jc-chart")
    payload = join(COMMON, json.loads(raw))
    steps = sum(
        1
        for line in (MAPS / "support-escalation.md").read_text().splitlines()
        if line.strip().startswith("- action:")
    )
    assert len(payload["steps"]) == steps
    assert payload["options"]["xAxis"][1]["max"] == steps - 0.5
    names = [s["name"] for s in payload["options"]["series"]]
    assert "Pain points" in names
    # per-persona emotions: one line per persona
    assert sum(1 for s in payload["options"]["series"] if s["type"] == "line") == 3
    # a loop back draws an arc
    arcs = [
        d
        for s in payload["options"]["series"]
        for d in s.get("markLine", {}).get("data", [])
        if isinstance(d, list)
    ]
    assert arcs, "the loop back to an earlier stage should be drawn"
    assert "function" not in raw


def test_draft_archived_and_review_state_are_marked(built_site):
    draft = page(built_site, "maps/office-supplies-procurement")
    assert 'class="jc-badge jc-badge--draft">Draft<' in draft
    assert "This map is a draft" in draft
    assert "Needs review" in draft  # updated 2026-03-18, more than 180 days before 2026-11-23
    # said once, with why: the badge, then the date and the note (the badge has no title repeating it)
    assert '<span class="jc-badge jc-badge--review">Needs review</span>' in draft
    assert (
        '<time datetime="2026-03-18">2026-03-18</time> <span class="jc-review-note">(older than 180 days'
        in draft
    )
    archived = page(built_site, "maps/branch-account-opening")
    assert 'class="jc-badge jc-badge--archived">Archived<' in archived
    assert "Needs review" not in page(built_site, "maps/business-travel-booking")


def test_catalogue_cards_carry_the_data_the_filters_use(built_site):
    text = page(built_site, "maps")
    cards = re.findall(r"<article class=\"jc-card\" data-jc-card (.*?)>", text)
    listed = {m for m in MAP_IDS if "template: true" not in (MAPS / f"{m}.md").read_text()}
    assert len(cards) == len(listed)
    travel = next(c for c in cards if 'data-title="booking a business trip"' in c)
    assert 'data-segment="B2B"' in travel and 'data-industry="Business travel"' in travel
    assert json.loads(html.unescape(re.search(r"data-persona='([^']*)'", travel).group(1))) == [
        "travelling-consultant",
        "travel-manager",
    ]
    assert set(json.loads(html.unescape(re.search(r"data-channel='([^']*)'", travel).group(1)))) == {
        "email",
        "intranet",
        "web",
        "mobile-app",
        "phone",
    }
    # templates belong to the gallery, not the catalogue
    assert "Template: generic B2B buying journey" not in text
    for name in ("segment", "industry", "persona", "channel", "tag", "status"):
        assert f'data-jc-filter="{name}"' in text
    assert '<option value="Business travel">Business travel</option>' in text
    # non-published maps are hidden until the status filter asks for them
    assert re.search(r'data-status="archived"[^>]* hidden>', text)


def test_template_gallery_groups_b2b_and_b2c_and_offers_the_exact_source(built_site):
    text = page(built_site, "templates")
    b2b, b2c = text.split('id="b2c-templates"')
    assert "b2b-generic-journey" in b2b and "b2c-generic-journey" not in b2b
    assert "b2c-generic-journey" in b2c
    for template in ("b2b-generic-journey", "b2c-generic-journey"):
        source = (MAPS / f"{template}.md").read_bytes()
        assert (built_site / "templates" / f"{template}.md").read_bytes() == source
        assert f'data-jc-copy="{template}.md"' in text
        assert f'download="{template}.md"' in text
        assert "journeys new my-b2" in text and f"--from {template}" in text


def test_nav_lists_sections_not_maps(built_site):
    text = page(built_site, "maps/business-travel-booking")
    nav = text[
        text.index('<nav class="md-nav md-nav--primary"') : text.index(
            "</nav>", text.index("md-nav--primary")
        )
    ]
    assert "Catalogue" in nav and "Personas" in nav and "Templates" in nav
    assert "maps/support-escalation" not in nav


def test_search_indexes_the_map_text_but_not_the_chart_data(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("maps/business-travel")
    )
    assert "Looks up which fares the travel policy allows" in text
    assert "xAxisIndex" not in text and "markLine" not in text


def test_non_latin_stage_names_get_ascii_anchors(built_site):
    text = page(built_site, "maps/marketplace-return-ru")
    ids = re.findall(r'id="stage-([^"]+)"', text)
    assert ids and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    assert "Возврат товара" in text


def test_assets_are_self_hosted(built_site):
    text = page(built_site, "maps/business-travel-booking")
    assert 'data-jc-echarts="../../assets/journeys/echarts.common.min.js"' in text
    assert (built_site / "assets" / "journeys" / "echarts.common.min.js").stat().st_size > 500_000
    assert "fonts.googleapis.com" not in text


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_two_builds_are_identical_and_leave_sources_untouched(served_site, tmp_path):
    catalogue = served_site["catalogue"]
    before = {name: _tree_hash(catalogue / name) for name in ("journeys", "docs")}
    build_site(catalogue / "mkdocs.yml", tmp_path / "again", served_site["url"])
    after = {name: _tree_hash(catalogue / name) for name in ("journeys", "docs")}
    assert before == after
    for folder in ("maps", "personas", "templates"):
        for first in (served_site["site"] / folder).rglob("*.html"):
            second = tmp_path / "again" / first.relative_to(served_site["site"])
            assert first.read_bytes() == second.read_bytes(), first


def test_invalid_map_fails_the_build_with_the_validators_messages(tmp_path):
    catalogue = tmp_path / "catalogue"
    import shutil

    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    (catalogue / "mkdocs.yml").write_text(
        (catalogue / "mkdocs.yml")
        .read_text()
        .replace("../../../theme_overrides", str(ROOT / "theme_overrides"))
    )
    broken = catalogue / "journeys" / "maps" / "business-travel-booking.md"
    broken.write_text(broken.read_text().replace("emotion: 1\n", "emotion: 7\n", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=catalogue,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    lines = broken.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip() == "emotion: 7")
    assert (
        f"journeys/maps/business-travel-booking.md:{line}:18: stages[0].steps[0].emotion: "
        "expected an integer from -2 to 2, got 7"
    ) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_example_catalogue_builds_strict(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "maps" / "business-travel-booking" / "index.html").is_file()


def test_search_gets_each_sections_text_without_the_markup_and_the_page_keeps_it(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sections = {
        d["location"]: d["text"] for d in index["docs"] if d["location"].startswith("maps/support-escalation")
    }
    table = sections["maps/support-escalation/#the-journey-step-by-step"]
    assert "<li" not in table and "<span" not in table and "<td" not in table
    assert "high The phone agent cannot create a ticket" in html.unescape(table)
    # Other maps' titles are theirs to index, and the chart has no text: sections left empty get no entry.
    assert "maps/support-escalation/#related-maps" not in sections
    assert "maps/support-escalation/#journey-at-a-glance" not in sections
    title = "Escalating a payroll-blocking support case"
    assert title not in html.unescape(table)  # the caption only restates the title
    assert html.unescape(sections["maps/support-escalation/"]).count(title) <= 1
    page_html = page(built_site, "maps/support-escalation")
    assert (
        '<table class="jc-journey" id="jc-table-support-escalation">' in page_html
        and '<tr class="jc-row-touchpoints">' in page_html
    )


def test_every_page_links_one_script_and_one_stylesheet_named_by_their_content(built_site):
    """Issue 29: one script and one stylesheet per page (not six and three), each joining the package's
    files as they are, with the site's generated parts, under a URL that changes with its content."""
    from journey_catalogue.assets import ASSETS_DIR
    from journey_catalogue.charts.split import common_script
    from journey_catalogue.i18n import Translator
    from journey_catalogue.render.vocabulary import strings_script

    assets = built_site / "assets" / "journeys"
    for url in ("maps/business-travel-booking", "maps", "personas"):
        text = page(built_site, url)
        links = re.findall(r'<(?:script src|link rel="stylesheet" href)="[^"]*assets/journeys/([^"]+)"', text)
        assert sorted(link.split("?")[0] for link in links) == ["bundle.css", "bundle.js"], url
        for link in links:
            name, version = link.split("?v=")
            assert version == hashlib.sha256((assets / name).read_bytes()).hexdigest()[:8], link
    script = (assets / "bundle.js").read_text(encoding="utf-8")
    parts = [common_script(), strings_script(Translator("en"))]
    parts += [(ASSETS_DIR / n).read_text("utf-8") for n in ("journeys.js", "chart_image.js", "insights.js")]
    parts += [(ASSETS_DIR / "history.js").read_text("utf-8")]
    at = [script.index(part) for part in parts]  # each whole, in the order the scripts need
    assert at == sorted(at)
    style = (assets / "bundle.css").read_text(encoding="utf-8")
    css = [(ASSETS_DIR / n).read_text("utf-8") for n in ("journeys.css", "history.css")]
    assert all(part in style for part in css) and ".jc-i--0 { --jc-icon: url(" in style
    # the parts are not published a second time beside the bundles
    assert not {"journeys.js", "chart-common.js", "strings.js", "journeys.css", "icons.css"} & {
        p.name for p in assets.iterdir()
    }


def test_a_bundled_script_cannot_run_on_into_the_next():
    """A part whose last statement has no `;` gets one: otherwise the next part's `(function () {...})()`
    would call what the part ends with."""
    from journey_catalogue.assets.bundle import content_digest, script_bundle

    bundle = script_bundle(
        [("a.js", "window.a = f\n"), ("b.js", "window.b = 1;")], insights=False, history=False
    )
    assert bundle.startswith("/* a.js */\nwindow.a = f\n;\n/* b.js */\nwindow.b = 1;\n/* journeys.js */\n")
    assert content_digest(bundle) != content_digest(bundle.replace("window.b = 1", "window.b = 2"))
