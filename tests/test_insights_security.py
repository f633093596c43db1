"""Security of the insights page: hostile text from maps and from mkdocs.yml (phase and channel labels)
stays text in the HTML, in the heatmap JSON and in the real browser, after every click and hover."""

from __future__ import annotations

import html
import json
import re

import pytest
import test_security
import yaml
from test_security import (
    HOSTILE,
    JINJA,
    PAYLOADS,
    SCRIPT,
    _MarkupAudit,
    allowed_inline_scripts,
    assert_page_is_clean,
    assert_shows_literally,
    hostile_catalogue,
    normalise_inline_script,
    site_channels,
)

from journey_catalogue.catalogue.insights import compute_insights
from journey_catalogue.charts.heatmap import cell_id
from journey_catalogue.format.phases import PhaseVocabulary

from conftest import toggle_palette

# The hostile site, built once per session by test_security's fixtures, is shared here.
hostile_site = test_security.hostile_site
hostile_page = test_security.hostile_page


def site_phases() -> PhaseVocabulary:
    config = yaml.safe_load((HOSTILE / "mkdocs.yml").read_text(encoding="utf-8"))
    (options,) = [p["journeys"] for p in config["plugins"] if isinstance(p, dict) and "journeys" in p]
    return PhaseVocabulary.build(options["phases"])


def hostile_insights():
    return compute_insights(hostile_catalogue().maps.values(), site_channels(), site_phases())


def test_the_hostile_insights_carry_payloads_in_labels_and_texts():
    found = hostile_insights()
    assert found.cells and found.pains and found.opportunities
    labels = [site_phases().label(c.phase) for c in found.cells] + [
        site_channels().get(c.channel).label for c in found.cells
    ]
    assert any(SCRIPT in label for label in labels) and any(JINJA in label for label in labels)
    texts = [p.text for p in found.pains] + [o.text for o in found.opportunities]
    texts += [ref.action for c in found.cells for ref in c.steps]
    carried = {name for name, payload in PAYLOADS.items() if any(payload in t for t in texts + labels)}
    assert len(carried) >= 10, carried


def insights_html(site) -> str:
    return (site / "insights" / "index.html").read_text(encoding="utf-8")


def test_the_insights_page_contains_no_unescaped_payload(hostile_site):
    site = hostile_site["site"]
    text = insights_html(site)
    for needle in (
        "</title><script>",
        "<script>alert(1)",
        "<img src=x",
        "<svg onload",
        '<a href="javascript:',
    ):
        assert needle not in text, f"insights page contains {needle!r} unescaped"
    audit = _MarkupAudit()
    audit.feed(text)
    audit.close()
    assert audit.handlers == [] and audit.unsafe_urls == [] and audit.embeds == []
    allowed = allowed_inline_scripts(site)
    assert sorted(normalise_inline_script(script) for script in audit.inline_scripts) == allowed


def test_heatmap_json_round_trips_the_labels_exactly(hostile_site):
    text = insights_html(hostile_site["site"])
    (raw,) = re.findall(r"data-jc-heatmap='([^']*)'", text)
    assert "<" not in raw and ">" not in raw and "'" not in raw, "the attribute must hold no raw markup"
    payload = json.loads(html.unescape(raw))
    found = hostile_insights()
    phases, channels = site_phases(), site_channels()
    assert payload["options"]["yAxis"][0]["data"] == [phases.label(p) for p in found.phase_rows()]
    assert payload["options"]["xAxis"][0]["data"] == [channels.get(c).label for c in found.channel_columns()]
    assert any(SCRIPT in label for label in payload["options"]["yAxis"][0]["data"])
    # the labels on the squares are numbers only; no formatter but the item's own name
    assert all(item["name"].isdigit() for item in payload["options"]["series"][0]["data"])


def test_two_builds_give_the_same_insights_page(hostile_site, tmp_path):
    from conftest import build_site

    build_site(hostile_site["catalogue"] / "mkdocs.yml", tmp_path / "again", hostile_site["url"])
    assert insights_html(tmp_path / "again") == insights_html(hostile_site["site"])


@pytest.mark.browser
def test_the_insights_page_shows_payloads_as_text_and_runs_none(hostile_page, hostile_site):
    page, watch, requests = hostile_page
    allowed = allowed_inline_scripts(hostile_site["site"])
    page.goto(hostile_site["url"] + "insights/")
    page.wait_for_selector(".jc-heatmap[data-jc-drawn] canvas", timeout=10_000)
    found = hostile_insights()
    panel = page.locator("[data-jc-cell-panel]")
    for index, cell in enumerate(found.cells):
        page.locator(".jc-heatmap").scroll_into_view_if_needed()
        x, y = page.evaluate(
            """(index) => {
              const container = document.querySelector('.jc-heatmap');
              const value = JSON.parse(container.dataset.jcHeatmap).options.series[0].data[index].value;
              const chart = echarts.getInstanceByDom(container);
              const [x, y] = chart.convertToPixel({seriesIndex: 0}, [value[0], value[1]]);
              const box = container.getBoundingClientRect();
              return [box.left + x, box.top + y];
            }""",
            index,
        )
        page.mouse.move(x, y)
        tooltip = page.locator(".jc-echarts-tooltip")
        tooltip.wait_for(state="visible", timeout=3000)
        name = f"{site_phases().label(cell.phase)} · {site_channels().get(cell.channel).label}"
        assert " ".join(name.split()) in " ".join(tooltip.inner_text().split())
        page.mouse.click(x, y)
        page.wait_for_function(
            "(id) => document.querySelector('[data-jc-cell-panel]').dataset.jcCell === id",
            arg=cell_id(cell.phase, cell.channel),
        )
        shown = " ".join(panel.inner_text().split())
        for ref in cell.worst_steps():
            assert " ".join(ref.action.split())[:200] in shown
    texts = [p.text for p in found.pains[:25]] + [o.text for o in found.opportunities]
    assert_shows_literally(page, texts, "insights")
    page.select_option("select[name=status]", found.opportunities[0].status)
    assert_page_is_clean(page, watch, requests, allowed, "insights")
    toggle_palette(page)
    page.wait_for_selector(".jc-heatmap[data-jc-drawn] canvas", timeout=10_000)
    page.wait_for_timeout(200)
    assert_page_is_clean(page, watch, requests, allowed, "insights after a palette toggle")
