"""`mkdocs serve` rebuilds with current/future state and hierarchy: a map page shows parts of other maps
(the current map's curve and stages, a detail map's title, a parent's step), so editing those maps must
render it again, and leave every other page to the cache."""

from __future__ import annotations

import re

import pytest
from test_serve_rebuild import PreviewSession, _assert_same_as_cold_build
from test_states_hierarchy import CHILD, CURRENT, FUTURE, RUN, _site_maps, make_project

from conftest import page_chart

pytestmark = pytest.mark.slow  # a preview session and a cold build for every test


@pytest.fixture
def session(tmp_path):
    make_project(tmp_path / "catalogue", _site_maps())
    preview = PreviewSession(tmp_path / "catalogue", tmp_path / "site")
    preview.build()
    yield preview
    preview.close()


def _page(session, map_id: str) -> str:
    return (session.site / "maps" / map_id / "index.html").read_text(encoding="utf-8")


def _edit(session, map_id: str, old: str, new: str) -> None:
    path = session.catalogue / "journeys" / "maps" / f"{map_id}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _overlay(session) -> list:
    series = page_chart(_page(session, FUTURE))["options"]["series"]
    return [s["data"] for s in series if s.get("jcCurrentState") == CURRENT]


def test_editing_the_current_map_updates_its_future_page(session, tmp_path):
    cache = session.plugin.section_cache
    assert _overlay(session)[0][0] == [0.0, -1]
    _edit(session, CURRENT, "emotion: -1", "emotion: 2")  # "Searches", the current map's first step
    _edit(session, CURRENT, "- Too many results", "- Results in a random order")
    hits = cache.hits
    session.build()
    assert _overlay(session)[0][0] == [0.0, 2]
    assert "Results in a random order" in _page(session, FUTURE)  # "what changes": a pain that goes away
    map_pages = sum(1 for page in session.plugin.pages.values() if page.kind == "map")  # starters too
    assert cache.hits == hits + map_pages - 3, (
        "only the current map, its future and its detail map render again"
    )
    _assert_same_as_cold_build(session, tmp_path, "current")


def test_renaming_a_detail_map_updates_the_step_that_links_to_it(session, tmp_path):
    _edit(session, CHILD, f"title: Child {RUN}", f"title: Renamed child {RUN}")
    session.build()
    assert f"Detailed in Renamed child {RUN}" in _page(session, CURRENT)
    _assert_same_as_cold_build(session, tmp_path, "detail title")


def test_editing_a_parent_step_updates_the_detail_maps_part_of_line(session, tmp_path):
    _edit(session, CURRENT, "action: Checks id", "action: Verifies identity")
    session.build()
    part_of = re.search(r'<nav class="jc-part-of".*?</nav>', _page(session, CHILD), re.S).group(0)
    assert "Verifies identity" in part_of and "Checks id" not in part_of
    _assert_same_as_cold_build(session, tmp_path, "parent step")
