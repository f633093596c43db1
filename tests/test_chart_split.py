"""chart_split.py: a page carries only its part of the chart options; joined with the common part (in
Python, and by journeys.js in a real browser) it gives back exactly what charts.py built."""

from __future__ import annotations

import copy
import json
import re

import pytest
from chart_examples import example_payloads

from journey_catalogue.charts.split import COMMON, common_script, join, split


def _size(value) -> int:
    return len(json.dumps(value, sort_keys=True, separators=(",", ":")))


@pytest.mark.parametrize("key", sorted(example_payloads()))
def test_the_page_part_joined_with_the_common_part_is_the_payload(key):
    payload = example_payloads()[key]
    part = split(payload)
    assert join(COMMON, part) == payload
    assert _size(part) < _size(payload) / 2, "the common part should carry most of the options"


def test_every_kind_of_map_is_covered():
    payloads = example_payloads().values()
    series = [s for p in payloads for s in p["options"]["series"]]
    assert any(s.get("jcCurrentState") for s in series), "a future state's current-state curve"
    assert any(str(s.get("id", "")).startswith("jc-earlier-") for s in series), "earlier revisions' curves"
    assert any(isinstance(d, list) for s in series for d in s.get("markLine", {}).get("data", [])), "an arc"
    assert any(p.get("earlier") for p in payloads)


def test_anything_unforeseen_is_sent_whole_and_keys_the_template_has_are_dropped():
    payload = copy.deepcopy(example_payloads()["examples/support-escalation"])
    options = payload["options"]
    options["series"][0]["symbolSize"] = 99  # differs from its template
    del options["tooltip"]["confine"]  # the common part has it
    options["series"].append({"type": "bar", "data": [[0, "x"], [1, "y"]], "name": "new"})
    options["xAxis"][1]["max"] = 1000  # not the last edge
    part = split(payload)
    assert part["o"]["tooltip"] == {"confine": None}
    assert join(COMMON, part) == payload


def _unusual() -> dict:
    """A payload whose second line has a colour of its own and whose pain marker at step 3 is not on
    the lowest emotion: what the page part must then send as it is."""
    payload = copy.deepcopy(example_payloads()["examples/support-escalation"])
    series = payload["options"]["series"]
    lines = [s for s in series if s["type"] == "line" and s.get("symbol") == "circle"]
    lines[1]["itemStyle"]["color"] = lines[1]["lineStyle"]["color"] = "#123456"
    pains = next(s for s in series if s.get("symbol") == "triangle")
    pains["data"][2][1] = 2
    payload["height"] += 1
    first = next(s for s in series if s.get("markLine"))  # an arc of another shape than map_chart.py's
    first["markLine"]["data"][1][0]["lineStyle"]["curveness"] = 0.2
    return payload


def _unusual_earlier() -> dict:
    """A payload whose earlier curve on the chart is not the first revision's, and whose legend shows it."""
    payload = copy.deepcopy(example_payloads()["fixtures/business-travel-booking"])
    dashed = next(s for s in payload["options"]["series"] if str(s.get("id", "")).startswith("jc-earlier-"))
    dashed["data"][0][1] = 2 if dashed["data"][0][1] != 2 else 1
    payload["options"]["legend"][-1]["selected"][dashed["name"]] = True
    return payload


def test_line_colours_in_order_and_pains_on_the_lowest_emotion_are_not_sent():
    """Issue 29: the n-th emotion line's colour is the n-th line colour, a pain marker sits on its step's
    lowest emotion and the chart's size follows from its lanes and steps (map_chart.py), so the page part
    sends none of them; anything else it sends."""
    for key, payload in example_payloads().items():
        part = split(payload)
        sent = json.dumps(part["s"])
        assert not any(colour in sent for colour in COMMON["line_colours"]), key
        pains = [patch for name, patch in part["s"] if name == "pains"]
        assert all("@low" in patch and "v" not in patch for patch in pains), key
        # the arcs of `next` links after the neutral line, and the first earlier revision's curves
        for name, patch in part["s"]:
            mark = patch.get("markLine") if isinstance(patch, dict) else None
            assert mark is None or set(mark) == {"@arcs"}, (key, mark)
            if name == "dashed" and "@earlier" in patch:
                assert not {"id", "name", "v"} & set(patch), (key, patch)
        legend = (part["o"].get("legend") or {"@each": [{}]})["@each"][-1]
        assert legend.get("selected", "@earlier") == "@earlier", key
        # the chart's size follows from its lanes and steps, unless a metric axis widens it
        metrics = len(payload["options"]["yAxis"]) > 2
        assert "height" not in part and ("min_width" in part) == metrics, key
    assert any(
        len(re.findall(r'"(?:first-)?line"', json.dumps(split(p)["s"]))) > 1
        for p in example_payloads().values()
    )
    parts = [json.dumps(split(p)) for p in example_payloads().values()]
    assert any('"@arcs"' in p for p in parts) and any('"@earlier": 0' in p for p in parts)
    unusual = _unusual()
    part = split(unusual)
    (pains,) = [patch for name, patch in part["s"] if name == "pains"]
    assert "@low" not in pains and pains["v"][2] == 2 and part["height"] == unusual["height"]
    assert json.dumps(part).count("#123456") == 2
    assert "data" in next(patch["markLine"] for _, patch in part["s"] if "markLine" in patch)
    assert join(COMMON, part) == unusual
    unusual = _unusual_earlier()
    part = split(unusual)
    dashed = [patch for name, patch in part["s"] if name == "dashed"]
    assert dashed[0]["id"] == "jc-earlier-0" and "v" in dashed[0] and dashed[1] == {"@earlier": 1}
    assert isinstance(part["o"]["legend"]["@each"][-1]["selected"], dict)
    assert join(COMMON, part) == unusual


def test_the_common_part_script_carries_the_common_part():
    script = common_script()
    (data,) = re.findall(r"^window\.journeyChartCommon = (.*);\n$", script)
    assert json.loads(data) == COMMON


@pytest.mark.browser
def test_the_page_script_joins_the_parts_as_chart_split_does(chromium, served_site):
    """journeys.js's join, in Chromium, on every example's part, against charts.py's payload."""
    payloads = {**example_payloads(), "unusual": _unusual(), "unusual earlier": _unusual_earlier()}
    parts = {key: split(payload) for key, payload in payloads.items()}
    page = chromium.new_page()
    try:
        page.goto(served_site["url"] + "maps/support-escalation/")
        page.wait_for_function("window.journeyCatalogue && window.journeyChartCommon")
        joined = page.evaluate(
            "(parts) => Object.fromEntries(Object.entries(parts).map(([k, part]) =>"
            " [k, journeyCatalogue.joinChart(window.journeyChartCommon, part)]))",
            parts,
        )
        for key, payload in payloads.items():
            assert joined[key] == payload, key
        # and the page's own chart, from its data-jc-chart attribute, is the page's payload
        own = page.evaluate("() => journeyCatalogue.chartPayload(document.querySelector('.jc-chart'))")
        assert own["options"] == payloads["fixtures/support-escalation"]["options"]
    finally:
        page.close()
