"""A catalogue card's emotion curve (charts/card_curve.py): small, described in words, escaped."""

from __future__ import annotations

import re

from test_chart_legibility import LEGIBILITY

from journey_catalogue.charts.card_curve import card_curve
from journey_catalogue.format.channels import ChannelVocabulary
from journey_catalogue.format.loader import load_catalogue

from conftest import FIXTURE_CATALOGUE

# the channel the legibility catalogue's mkdocs.yml adds
KIOSK = ChannelVocabulary.build({"kiosk": {"label": "Self-service kiosk", "icon": "material/monitor"}})


def _points(svg: str) -> list[tuple[int, int]]:
    (line,) = re.findall(r'class="jc-card-curve-line" d="([^"]*)"', svg)
    return [(int(x), int(y)) for x, y in re.findall(r"[ML](\d+) (\d+)", line)]


def _maps(root):
    return load_catalogue(root / "journeys", channels=KIOSK).maps


def test_curve_is_small_and_says_its_shape_in_words():
    maps = _maps(LEGIBILITY)
    svg = card_curve(maps["long-names"])
    assert len(svg.encode()) < 700, len(svg.encode())
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    # the fixture's means: step 1.1 is 0 (−2, −1 and +0 shifted), the lowest −1 first at step 2.2
    assert label == "Emotion curve over 15 steps: from 0 to −1, lowest −1 at step 2.2."
    assert len(_points(svg)) == 15
    one = card_curve(maps["one-step"])
    assert "over 1 step:" in one


def test_curve_heights_follow_the_emotions():
    svg = card_curve(_maps(LEGIBILITY)["long-names"])
    ys = [y for _, y in _points(svg)]
    # a higher emotion is drawn higher up (smaller y): step 1.2's mean +1 above step 1.1's 0
    assert ys[1] < ys[0]


def test_text_alternative_is_escaped():
    maps = _maps(FIXTURE_CATALOGUE)
    for journey in maps.values():
        svg = card_curve(journey)
        assert svg.count("<svg") == 1 and "<script" not in svg
        assert svg.startswith('<svg class="jc-card-curve"') and svg.endswith("</svg>")
