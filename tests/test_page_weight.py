"""A map page stays lean: its markup against a plain rendering of the same text, and no markup repeated
per cell that the row or the stylesheet already says (issue 16). Sizes here are ratios computed in the
test, never byte counts; the benchmark (bench/) measures whole built pages."""

from __future__ import annotations

import datetime as dt
import html
import random
import re
import sys
from pathlib import Path

import markdown
import pytest

from journey_catalogue.catalogue.index import CatalogueIndex
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.render.options import RenderOptions
from journey_catalogue.render.pages import PageRenderer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import generate  # noqa: E402  (the benchmark's own generator: maps as rich as real ones)

TODAY = dt.date(2026, 11, 23)
MAPS = 24  # one future state (every 20th), details and loops among them
# Our sections (the chart's aside: it is another part's budget) over the same text rendered as plain
# Markdown, the benchmark's baseline: 2.19 before issue 16's pruning, 1.73 after.
MAX_RATIO = 1.8


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(map id, front matter, our sections, the plain page's HTML) for each generated map."""
    root = tmp_path_factory.mktemp("weight")
    shape = generate.Shape()
    text = generate.Text(random.Random(f"42:{shape}"))
    personas = generate.make_personas(text, shape)
    names = {pid: front["name"] for pid, front, _ in personas}
    (root / "maps").mkdir()
    (root / "personas").mkdir()
    for pid, front, body in personas:
        (root / "personas" / f"{pid}.md").write_text(generate._dump(front, body), encoding="utf-8")
    maps, front = {}, None
    for i in range(MAPS):
        map_id, front, body = generate.make_map(i, text, shape, list(names), front)
        (root / "maps" / f"{map_id}.md").write_text(generate._dump(front, body), encoding="utf-8")
        maps[map_id] = (front, generate.baseline_map(map_id, front, body, names))
    catalogue = load_catalogue(root, base=root.parent, today=TODAY)
    renderer = PageRenderer(CatalogueIndex(catalogue, TODAY, 180, True), RenderOptions())
    out = []
    for page in renderer.pages():
        if page.kind == "map" and page.id in maps:
            front, plain = maps[page.id]
            plain_html = markdown.markdown(plain, extensions=["tables"])
            out.append((page.id, front, renderer.sections(page), plain_html))
    assert len(out) == MAPS
    return out


def test_map_sections_are_at_most_so_much_heavier_than_plain_markdown_of_the_same_text(rendered):
    ours = sum(
        len(s.encode()) for _, _, sections, _ in rendered for name, s in sections.items() if name != "chart"
    )
    plain = sum(len(p.encode()) for *_, p in rendered)
    assert ours / plain <= MAX_RATIO, f"map sections are {ours / plain:.2f}x the plain page's HTML"


def _cells(table: str) -> list[str]:
    return re.findall(r"<td\b[^>]*>.*?</td>", table, re.S)


def test_table_cells_and_items_carry_no_markup_their_row_already_says(rendered):
    for map_id, _, sections, _ in rendered:
        table = sections["table"]
        for cell in _cells(table):
            opening = re.match(r"<td\b([^>]*)>", cell).group(1)
            # a cell has at most: its step's id (actions), its span (stages) or its valence's colour
            allowed = r'( id="step-\d+-\d+"| colspan="\d+"| class="jc-valence--[a-z]+")?'
            assert re.fullmatch(allowed, opening), (map_id, opening)
        assert 'colspan="1"' not in table
        assert "<li " not in table, f"{map_id}: list items need no class, their row has one"
        assert " title=" not in table, f"{map_id}: the emotion row's heading gives the scale once"
        for span in re.findall(r"<span\b[^>]*>", "".join(_cells(table))):
            assert re.fullmatch(r'<span( class="[a-z0-9-]+")?>', span), (map_id, span)  # one class at most
        # chips: an icon class and the channel's label, nothing else
        assert "jc-chip" not in table and "jc-i jc-i--" not in table


def test_no_text_of_a_step_is_carried_twice_outside_the_table(rendered):
    for map_id, front, sections, _ in rendered:
        # Left aside: "What changes" (a future state's difference from its current state lists the new
        # steps and pains by name) and the hierarchy tree (it names the step each detail map hangs from).
        page = "".join(s for name, s in sections.items() if name not in ("chart", "changes", "hierarchy"))
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        for stage in front["stages"]:
            for step in stage["steps"]:
                for item in step["pains"] + step["opportunities"]:
                    item_text = item if isinstance(item, str) else item["text"]
                    assert text.count(item_text) == 1, (map_id, item_text)
                assert text.count(step["action"]) == 1, (map_id, step["action"])
