"""The live preview's key for a map page's cached sections is derived from the renderer's inputs.

`mkdocs serve` keeps rendered map sections between builds and renders a page again only when its key
changed (render/section_cache.py). An input missing from the key serves a stale page, so these tests
change every render option, one at a time, by walking RenderOptions' fields: an option added later is
covered without editing this file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from pathlib import Path

import pytest

from journey_catalogue.catalogue.index import CatalogueIndex
from journey_catalogue.format.channels import ChannelVocabulary
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.render.options import RenderOptions
from journey_catalogue.render.pages import PageRenderer

JOURNEYS = Path(__file__).parent / "fixtures" / "catalogue" / "journeys"
TODAY = dt.date(2026, 11, 23)
MAP_ID = "branch-account-opening"


def _changed(value):
    """A different value of the same type."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "-changed"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, tuple):
        return tuple(_changed(item) for item in value)
    raise TypeError(f"no rule to change a {type(value).__name__}: add one to _changed")


def _leaf_fields(record, path=()) -> list[tuple[str, ...]]:
    """The path of every plain value in a dataclass record, through nested records."""
    paths = []
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if dataclasses.is_dataclass(value):
            paths += _leaf_fields(value, (*path, field.name))
        else:
            paths.append((*path, field.name))
    return paths


def _with_changed(record, path: tuple[str, ...]):
    """`record` with the value at `path` changed."""
    name, rest = path[0], path[1:]
    value = getattr(record, name)
    return dataclasses.replace(record, **{name: _with_changed(value, rest) if rest else _changed(value)})


def _index(today=TODAY, review_days=180, channels=None) -> CatalogueIndex:
    catalogue = load_catalogue(JOURNEYS, base=JOURNEYS.parent, today=today, channels=channels)
    assert not catalogue.errors
    return CatalogueIndex(catalogue, today, review_days)


@pytest.fixture(scope="module")
def index() -> CatalogueIndex:
    return _index()


def _key(index: CatalogueIndex, options: RenderOptions, measures=None, map_id: str = MAP_ID) -> tuple:
    renderer = PageRenderer(index, options, measures=measures)
    (page,) = [p for p in renderer.pages() if p.kind == "map" and p.id == map_id]
    return renderer.map_page_key(page)


BASE = RenderOptions(echarts_src="assets/echarts.min.js", echarts_integrity="sha384-abc")


def test_the_walk_reaches_every_option_and_the_layout_inside():
    paths = _leaf_fields(BASE)
    assert ("allow_raw_html",) in paths and ("layout", "maps") in paths
    assert len(paths) == len(dataclasses.fields(RenderOptions)) - 1 + len(dataclasses.fields(BASE.layout))


@pytest.mark.parametrize("path", _leaf_fields(BASE), ids=".".join)
def test_changing_any_option_changes_the_key(index, path):
    changed = _with_changed(BASE, path)
    assert changed != BASE
    assert _key(index, changed) != _key(index, BASE)


def test_identical_inputs_give_the_same_key(index):
    same = RenderOptions(**{f.name: getattr(BASE, f.name) for f in dataclasses.fields(BASE)})
    assert same is not BASE
    assert _key(index, same) == _key(index, BASE)
    assert _key(_index(), BASE) == _key(index, BASE)  # the catalogue loaded again, unchanged


@pytest.mark.parametrize(
    "other",
    [
        lambda: _index(today=TODAY + dt.timedelta(days=1)),
        lambda: _index(review_days=90),
        lambda: _index(channels=ChannelVocabulary.build({"kiosk": {"label": "Kiosk"}})),
    ],
    ids=["today", "review_days", "channels"],
)
def test_changing_the_index_settings_changes_the_key(index, other):
    assert _key(other(), BASE) != _key(index, BASE)


def test_every_renderer_argument_is_an_option_or_is_keyed_per_page():
    """A new argument that changes what pages show must go into RenderOptions (and so into the key);
    the others are the catalogue, and services whose per-page results the key already holds."""
    keyed_per_page = {
        "self",
        "index",  # its maps, settings and relations are in the key (see the tests above)
        "options",
        "icon_svg",  # only the icons stylesheet, published apart from the pages
        "edit_url",  # its result for the map is in the key
        "section_cache",  # where the key is used
        "history",  # HistoryView.key(map id) is in the key
        "measures",  # MapMeasures.key of the map is in the key (see the test below)
    }
    assert set(inspect.signature(PageRenderer.__init__).parameters) == keyed_per_page


def _measures(index: CatalogueIndex, csv_rows: str, definitions: str = "csat: {min: 1, max: 5}"):
    """The fixture catalogue's measures from one metrics file's rows (after the header)."""
    import tempfile

    import yaml

    from journey_catalogue.catalogue.measures import join_measures
    from journey_catalogue.format.metrics import load_metrics, metric_definitions

    found, problems = metric_definitions(yaml.safe_load(definitions))
    assert not problems
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "metrics").mkdir()
        text = "map,step,metric,period,value,sample\n" + csv_rows
        (Path(folder) / "metrics" / "m.csv").write_text(text, encoding="utf-8")
        table = load_metrics(Path(folder), index.catalogue.maps, found)
    assert not table.problems, table.problems
    return join_measures(index.catalogue.maps, table, found)


def test_a_maps_measured_figures_and_the_metric_definitions_are_in_its_key(index):
    """A figure changed in a metrics file, or a metric's scale changed in mkdocs.yml, renders the map
    again; a figure of another map leaves this map's key alone."""
    row = f"{MAP_ID},1.1,csat,2026-Q3,4.1,50\n"
    base = _key(index, BASE, _measures(index, row))
    assert base != _key(index, BASE)
    assert _key(index, BASE, _measures(index, row.replace("4.1", "4.2"))) != base
    assert _key(index, BASE, _measures(index, row, "csat: {min: 0, max: 5}")) != base
    other = next(m for m in index.catalogue.maps if m != MAP_ID)
    assert _key(index, BASE, _measures(index, row + f"{other},1.1,csat,2026-Q3,3,9\n")) == base
