"""`mkdocs serve` rebuilds: parsed files and rendered map sections are reused, and never go stale.

Each test starts a preview session in process, as `mkdocs serve` does (plugins started once with
command "serve", then a config loaded afresh for every build), edits the sources, rebuilds, and compares
every generated page with a cold build of the edited sources: a cache may save work, never change output.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_CATALOGUE, ROOT

GENERATED = ("maps", "personas", "templates")
URL = "http://127.0.0.1:8000/"

pytestmark = pytest.mark.slow  # a preview session and a cold build for every test


class PreviewSession:
    """What `mkdocs serve` does between edits, without the web server."""

    def __init__(self, catalogue: Path, site: Path):
        from mkdocs.config import load_config

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        self.catalogue, self.site = catalogue, site
        self.config = load_config(str(catalogue / "mkdocs.yml"), site_dir=str(site), site_url=URL)
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = self.config.plugins["journeys"]

    def build(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(str(self.catalogue / "mkdocs.yml"), site_dir=str(self.site), site_url=URL)
        assert config.plugins["journeys"] is self.plugin, "MkDocs must keep the plugin across rebuilds"
        assert self.plugin.section_cache is not None and self.plugin.parse_cache is not None
        build(config)

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def _cold_build(catalogue: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(catalogue / "mkdocs.yml"), site_dir=str(site), site_url=URL)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _pages(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for folder in GENERATED
        for path in (site / folder).rglob("*.html")
    } | {"search/search_index.json": (site / "search" / "search_index.json").read_bytes()}


def _assert_same_as_cold_build(session: PreviewSession, tmp_path: Path, name: str) -> None:
    cold = tmp_path / f"cold-{name}"
    # MkDocs hands this process's one plugin instance to the cold build too, and its on_startup("build")
    # drops the preview's caches: keep them, so that the session's next rebuild still uses them.
    plugin = session.plugin
    kept = plugin.parse_cache, plugin.section_cache, plugin._search_text
    try:
        _cold_build(session.catalogue, cold)
    finally:
        plugin.parse_cache, plugin.section_cache, plugin._search_text = kept
    rebuilt, expected = _pages(session.site), _pages(cold)
    assert sorted(rebuilt) == sorted(expected)
    stale = [page for page in expected if rebuilt[page] != expected[page]]
    assert stale == [], f"pages differ from a cold build after '{name}': {stale}"


@pytest.fixture
def session(tmp_path):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    config = catalogue / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../theme_overrides", str(ROOT / "theme_overrides")))
    preview = PreviewSession(catalogue, tmp_path / "site")
    preview.build()
    yield preview
    preview.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _map_count(session: PreviewSession) -> int:
    return sum(1 for page in session.plugin.pages.values() if page.kind == "map")


def test_editing_one_story_renders_only_that_map_again(session, tmp_path):
    cache = session.plugin.section_cache
    maps = _map_count(session)
    assert (cache.hits, cache.misses) == (0, maps)  # the first build renders everything
    story = session.catalogue / "journeys" / "maps" / "business-travel-booking.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nA sentence added in preview.\n", encoding="utf-8")
    session.build()
    assert (cache.hits, cache.misses) == (maps - 1, maps + 1)
    page = (session.site / "maps" / "business-travel-booking" / "index.html").read_text(encoding="utf-8")
    assert "A sentence added in preview." in page
    _assert_same_as_cold_build(session, tmp_path, "story")


def test_a_new_title_reaches_the_maps_that_link_to_it(session, tmp_path):
    path = session.catalogue / "journeys" / "maps" / "support-escalation.md"
    title = re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    _edit(path, f"title: {title}", "title: Escalating a case, renamed in preview")
    session.build()
    linking = [
        page
        for page in (session.site / "maps").glob("*/index.html")
        if page.parent.name != "support-escalation"
        and "Escalating a case, renamed in preview" in page.read_text(encoding="utf-8")
    ]
    assert linking, "no other map links to the renamed one: the fixture no longer tests this"
    _assert_same_as_cold_build(session, tmp_path, "title")


def test_renaming_a_persona_renders_its_maps_again(session, tmp_path):
    path = session.catalogue / "journeys" / "personas" / "finance-controller.md"
    name = re.search(r"^name: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    _edit(path, f"name: {name}", "name: Renamed Controller")
    session.build()
    for map_id in ("support-escalation", "office-supplies-procurement"):
        page = (session.site / "maps" / map_id / "index.html").read_text(encoding="utf-8")
        assert "Renamed Controller" in page, map_id
    _assert_same_as_cold_build(session, tmp_path, "persona")


def _map_pages(session: PreviewSession) -> dict[str, bytes]:
    return {page.parent.name: page.read_bytes() for page in (session.site / "maps").glob("*/index.html")}


def test_editing_a_persona_renders_only_the_maps_that_show_it(session, tmp_path):
    cache = session.plugin.section_cache
    maps = _map_count(session)
    before, misses = _map_pages(session), cache.misses
    path = session.catalogue / "journeys" / "personas" / "finance-controller.md"
    _edit(path, "\nrole: ", "\nrole: Edited in preview, ")
    name = re.search(r"^name: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    _edit(path, f"name: {name}", "name: Controller Edited")
    session.build()
    after = _map_pages(session)
    showing = sorted(m for m, html in after.items() if b"Controller Edited" in html)
    assert showing and len(showing) < maps, "the fixture must have maps with and without this persona"
    assert sorted(m for m in after if after[m] != before[m]) == showing
    assert cache.misses - misses == len(showing), "maps that do not show the persona were rendered again"
    _assert_same_as_cold_build(session, tmp_path, "persona-edit")


def test_deleting_a_map_and_breaking_one_then_fixing_it(session, tmp_path):
    maps = session.catalogue / "journeys" / "maps"
    (maps / "support-escalation.md").unlink()
    session.build()
    assert not (session.site / "maps" / "support-escalation" / "index.html").exists()
    _assert_same_as_cold_build(session, tmp_path, "delete")

    path = maps / "business-travel-booking.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("emotion: 1\n", "emotion: 7\n", 1), encoding="utf-8")
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):  # what `mkdocs serve` reports, keeping the last good site
        session.build()
    path.write_text(good, encoding="utf-8")
    hits = session.plugin.section_cache.hits
    session.build()
    assert session.plugin.section_cache.hits > hits  # the other maps came from the cache
    _assert_same_as_cold_build(session, tmp_path, "fixed")


def test_a_one_off_build_keeps_no_cache(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    config_file = catalogue / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text().replace("../../../theme_overrides", str(ROOT / "theme_overrides"))
    )
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"), site_url=URL)
    config.plugins.on_startup(command="build", dirty=False)
    plugin = config.plugins["journeys"]
    build(config)
    assert plugin.parse_cache is None and plugin.section_cache is None and plugin._search_text == {}


def test_a_metrics_file_added_and_edited_renders_only_its_map_again(session, tmp_path):
    """journeys/metrics/ is watched with the rest of journeys/, and the map's measured figures are in its
    page's cache key: a new or changed figure renders that map again, and no other."""
    config = session.catalogue / "mkdocs.yml"
    _edit(config, "  - journeys:\n", "  - journeys:\n      metrics: {csat: {label: CSAT, min: 1, max: 5}}\n")
    session.build()  # the options changed: every map renders again
    cache = session.plugin.section_cache
    hits, misses, maps = cache.hits, cache.misses, _map_count(session)
    metrics = session.catalogue / "journeys" / "metrics"
    metrics.mkdir()
    (metrics / "q3.csv").write_text(
        "map,step,metric,period,value,sample\nsupport-escalation,1.1,csat,2026-Q3,1.5,40\n", encoding="utf-8"
    )
    session.build()
    assert (cache.hits - hits, cache.misses - misses) == (maps - 1, 1)
    page = (session.site / "maps" / "support-escalation" / "index.html").read_text(encoding="utf-8")
    assert "<strong>1.5</strong>" in page
    _assert_same_as_cold_build(session, tmp_path, "metrics added")
    _edit(metrics / "q3.csv", "1.5,40", "4.5,41")
    session.build()
    page = (session.site / "maps" / "support-escalation" / "index.html").read_text(encoding="utf-8")
    assert "<strong>4.5</strong>" in page and "<strong>1.5</strong>" not in page
    _assert_same_as_cold_build(session, tmp_path, "metrics edited")
