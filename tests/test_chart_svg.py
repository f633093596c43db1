"""chart_svg.py: the chart's build-time first frame is well-formed, small, escapes every text and draws
what the options hold."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest
from chart_examples import example_payloads

from journey_catalogue.charts.first_frame import _Frame, chart_svg
from journey_catalogue.charts.geometry import FRAME_WIDTH

SVG = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "path", "text", "tspan"}


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def _texts(root: ET.Element) -> list[str]:
    """Each text's content; a text made of spans (the step numbers, the axes' labels one below another)
    gives its own text, if any, then each span's."""
    out = []
    for text in root.iter(f"{SVG}text"):
        spans = text.findall(f"{SVG}tspan")
        out += ([text.text] if text.text or not spans else []) + [span.text or "" for span in spans]
    return out


def _marks(root: ET.Element, **attributes) -> int:
    """How many markers the paths with these attributes draw (one subpath each)."""
    paths = [p for p in root.iter(f"{SVG}path") if all(p.get(k) == v for k, v in attributes.items())]
    return sum(p.get("d").lower().count("m") for p in paths)


@pytest.mark.parametrize("key", sorted(example_payloads()))
def test_the_first_frame_is_small_well_formed_and_holds_only_drawing(key):
    payload = example_payloads()[key]
    before = copy.deepcopy(payload)
    svg = chart_svg(payload)
    assert payload == before, "a pure function: the payload is left as it was"
    assert chart_svg(payload) == svg
    assert len(svg.encode()) < 5000, "it is part of every map page's weight"
    root = _tree(svg)
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= ALLOWED
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on") or "href" in name]


@pytest.mark.parametrize("key", [k for k in sorted(example_payloads()) if k.startswith("hostile/")])
def test_every_text_is_escaped_text(key):
    """Hostile map text (markup, quotes, entities) reaches the SVG as the same characters of text."""
    payload = example_payloads()[key]
    svg = chart_svg(payload)
    root = _tree(svg)  # would fail on any markup a label had injected
    assert "<script" not in svg and "<img" not in svg
    options = payload["options"]
    labels = set(options["yAxis"][0].get("data") or []) | set(options["legend"][-1].get("data", []))
    labels |= {b[0].get("name", "") for s in options["series"] for b in s.get("markArea", {}).get("data", [])}
    shown = set(_texts(root))
    # each text shown is a label of the options (maybe cut to fit, with an ellipsis) or a fixed one
    fixed = {"Step", "Emotion", "-2", "-1", "0", "1", "2", *payload["steps"]}
    arcs = {
        d[0]["name"]
        for s in options["series"]
        for d in s.get("markLine", {}).get("data", [])
        if isinstance(d, list)
    }
    for text in shown - fixed - arcs:
        assert any(label == text or label.startswith(text.removesuffix("…")) for label in labels), text
    assert any(re.search(r"[<>&\"']", t) for t in shown), (
        "the hostile fixture's labels carry markup characters"
    )


def test_it_draws_what_the_options_hold():
    payload = example_payloads()["examples/support-escalation"]
    root = _tree(chart_svg(payload))
    options = payload["options"]
    lanes = [s for s in options["series"] if s["type"] == "scatter"]
    assert _marks(root, stroke="#607d8b") == sum(len(s["data"]) for s in lanes)
    pains = next(s for s in options["series"] if s["name"] == "Pain points")
    assert _marks(root, fill="#d32f2f") == sum(1 for v in pains["data"] if v[1] is not None)
    lines = [s for s in options["series"] if s["type"] == "line" and s["lineStyle"].get("width", 2) == 3]
    for line in lines:  # one curve each, through every step with an emotion
        (curve,) = [
            p
            for p in root.iter(f"{SVG}path")
            if p.get("stroke") == line["lineStyle"]["color"] and p.get("fill") == "none"
        ]
        points = len(re.findall(r"-?(?:\d+\.?\d*|\.\d+)", curve.get("d"))) / 2
        assert points == sum(1 for v in line["data"] if v[1] is not None)
    texts = _texts(root)
    assert texts.count("1.1") == 1 and payload["steps"][-1] in texts
    stages = [b[0]["name"] for b in lanes[0]["markArea"]["data"]]
    assert all(any(t == s or s.startswith(t.removesuffix("…")) for t in texts) for s in stages)


def test_earlier_revisions_hidden_in_the_legend_are_not_drawn():
    payload = next(p for p in example_payloads().values() if p.get("earlier"))
    texts = _texts(_tree(chart_svg(payload)))
    hidden = [name for name, shown in payload["options"]["legend"][-1]["selected"].items() if not shown]
    assert hidden and not set(hidden) & set(texts)


def _dashed_spans(path: ET.Element) -> list[tuple[float, float]]:
    """The horizontal intervals a dashed stroke paints: its dashes along M x y H x2 (the pattern repeats)."""
    x0, _, x1 = (float(v) for v in re.fullmatch(r"M(\S+) (\S+)H(\S+)", path.get("d")).groups())
    pattern = [float(v) for v in path.get("stroke-dasharray").split()]
    pattern = pattern * 2 if len(pattern) % 2 else pattern
    spans, at, k = [], x0, 0
    while at < x1:
        length = pattern[k % len(pattern)]
        if k % 2 == 0:
            spans.append((at, min(at + length, x1)))
        at, k = at + length, k + 1
    return spans


@pytest.mark.parametrize("key", sorted(example_payloads()))
def test_stage_bands_are_shaded_exactly_over_their_stages(key):
    """Issue 29: the bands are dashes of one stroke per grid; each still covers its stages' columns."""
    payload = example_payloads()[key]
    options, root = payload["options"], _tree(chart_svg(payload))
    frame = _Frame(options, len(payload["steps"]), max(FRAME_WIDTH, payload.get("min_width", 0)))
    expected = {}
    for series in options["series"]:
        grid = 0 if series["type"] == "scatter" else 1
        for start, end in (series.get("markArea") or {}).get("data", []):
            if (start.get("itemStyle") or {}).get("color", "transparent") != "transparent":
                _, _, top, bottom = frame.grids[grid]
                x0, x1 = round(frame.x(start["xAxis"], grid)), round(frame.x(end["xAxis"], grid))
                expected.setdefault((top, bottom), []).append((x0, x1))
    painted = {}
    for path in root.iter(f"{SVG}path"):
        if (path.get("stroke") or "").startswith("rgba(") and path.get("stroke-dasharray"):
            y, width = float(path.get("d").split()[1].split("H")[0]), float(path.get("stroke-width"))
            painted[(y - width / 2, y + width / 2)] = _dashed_spans(path)
    assert painted == {k: sorted(v) for k, v in expected.items()}


@pytest.mark.browser
def test_axis_labels_are_drawn_where_the_axes_put_them(chromium):
    """The lanes' names and the emotion scale, written as spans one below another (issue 29), end at the
    axis and sit on the lines they label, in a real browser."""
    from journey_catalogue.assets import ASSETS_DIR

    css = (ASSETS_DIR / "journeys.css").read_text(encoding="utf-8")
    page = chromium.new_page()
    try:
        for key in ("examples/support-escalation", "fixtures/business-travel-booking"):
            payload = example_payloads()[key]
            options = payload["options"]
            frame = _Frame(options, len(payload["steps"]), max(FRAME_WIDTH, payload.get("min_width", 0)))
            page.set_content(f"<style>{css}</style><div class='jc-chart'>{chart_svg(payload)}</div>")
            drawn = page.evaluate(LABEL_POSITIONS)
            lanes = [(lane, round(frame.lane_y(lane) + 4)) for lane in frame.lanes]
            scale = [(str(v), round(frame.emotion_y(v) + 4)) for v in range(2, -3, -1)]
            assert [(text, y) for text, y, _ in drawn] == lanes + scale, key
            right = frame.grids[0][0] - 8  # the axis, less the label margin
            assert all(abs(end - right) < 0.5 for *_, end in drawn), key
    finally:
        page.close()


# Each line of the end labels' text: its text, its baseline's y and where its last character ends.
LABEL_POSITIONS = """() => {
  const text = document.querySelector('.jc-svg-end text');
  const out = [];
  let at = 0;
  for (const node of text.childNodes) {
    const content = node.textContent;
    const first = text.getStartPositionOfChar(at), last = text.getEndPositionOfChar(at + content.length - 1);
    out.push([content, Math.round(first.y), last.x]);
    at += content.length;
  }
  return out;
}"""
