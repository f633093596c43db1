"""Golden files: the exact HTML of rendered sections, kept under tests/golden/.

A change to a template, a cell or a context shows here as a diff of the published HTML, to review
line by line. After an intended change, rewrite the files and review them with git:

    ./.venv/bin/pytest tests/test_golden.py --update-golden
    git diff tests/golden/

The sections come from the example catalogue (journeys/), except History, which needs a git history:
it comes from the fixture catalogue committed twice at fixed dates (tests/history_repo.py), so commit
ids are the same on every machine. The date is fixed and no edit links are made, so nothing depends
on the clock or on where the repository sits.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from history_repo import FIXTURE_CATALOGUE, MAP_ID, edit_map, git

from journey_catalogue.catalogue.index import CatalogueIndex
from journey_catalogue.catalogue.measures import join_measures
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.metrics import load_metrics, metric_definitions
from journey_catalogue.format.model import persona_names
from journey_catalogue.history.catalogue_history import read_history
from journey_catalogue.render.history_section import HistoryView
from journey_catalogue.render.options import RenderOptions
from journey_catalogue.render.pages import GeneratedPage, PageRenderer

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 23)
REPO_URL = "https://example.org/acme/catalogue"
MAP = "insurance-claim-future"  # a future state: its header, table and evidence show the most
RELATED_MAP = "branch-account-opening"
PERSONA = "retired-homeowner"
SMALL_MAPS = ["branch-account-opening", "support-escalation"]
MEASURED_MAP = "online-clothes-purchase"
OPTIONS = RenderOptions(echarts_src="assets/journeys/vendor/echarts.min.js")


def _renderer(journeys: Path, history: bool = False, measured: bool = False) -> PageRenderer:
    catalogue = load_catalogue(journeys, base=journeys.parent, today=TODAY)
    assert not catalogue.errors, catalogue.errors
    measures = _example_measures(catalogue) if measured else None
    index = CatalogueIndex(catalogue, TODAY, 180)
    view = None
    if history:
        found = read_history(index.maps, journeys, None, persona_names(index.personas))
        assert found.available, found.reason
        view = HistoryView(found, TODAY, 30, REPO_URL)
    return PageRenderer(index, OPTIONS, history=view, measures=measures)


def _example_measures(catalogue):
    """The example catalogue's journeys/metrics/*.csv with the metrics its mkdocs.yml declares."""

    class Tolerant(yaml.SafeLoader):  # mkdocs.yml's !!python/name tags are not ours to read
        pass

    Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Tolerant)
    (options,) = [p["journeys"] for p in config["plugins"] if isinstance(p, dict) and "journeys" in p]
    definitions, problems = metric_definitions(options["metrics"])
    assert not problems
    table = load_metrics(ROOT / "journeys", catalogue.maps, definitions, ROOT)
    assert not table.problems, table.problems
    return join_measures(catalogue.maps, table, definitions)


@pytest.fixture(scope="module")
def example() -> PageRenderer:
    return _renderer(ROOT / "journeys")


@pytest.fixture(scope="module")
def measured() -> PageRenderer:
    """The example catalogue with its measured figures (journeys/metrics/)."""
    return _renderer(ROOT / "journeys", measured=True)


@pytest.fixture(scope="module")
def with_history(tmp_path_factory) -> PageRenderer:
    """The fixture catalogue's journeys in a new repository: imported, then MAP_ID edited."""
    repo = tmp_path_factory.mktemp("golden-history")
    shutil.copytree(FIXTURE_CATALOGUE / "journeys", repo / "journeys")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Import the catalogue", date="2026-10-01T09:00:00+00:00")
    edit_map(repo / "journeys" / "maps" / f"{MAP_ID}.md")
    git(repo, "commit", "-q", "-a", "-m", "Book at the branch", date="2026-11-20T15:30:00+00:00")
    return _renderer(repo / "journeys", history=True)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> PageRenderer:
    """Two maps of the fixture catalogue, for the cross-map tables: short enough to review."""
    journeys = tmp_path_factory.mktemp("golden-small") / "journeys"
    shutil.copytree(FIXTURE_CATALOGUE / "journeys" / "personas", journeys / "personas")
    (journeys / "maps").mkdir()
    for map_id in SMALL_MAPS:
        shutil.copy(FIXTURE_CATALOGUE / "journeys" / "maps" / f"{map_id}.md", journeys / "maps")
    return _renderer(journeys)


def _page(renderer: PageRenderer, kind: str, page_id: str = "index") -> GeneratedPage:
    (page,) = [p for p in renderer.pages() if p.kind == kind and p.id == page_id]
    return page


def _sections(renderer: PageRenderer, kind: str, page_id: str, names: list[str]) -> str:
    """The named sections of one page, each under a comment naming it."""
    rendered = renderer.sections(_page(renderer, kind, page_id))
    return "".join(f"<!-- section: {name} -->\n{rendered[name]}\n" for name in names)


def _catalogue_card(renderer: PageRenderer, map_id: str) -> str:
    content = renderer.sections(_page(renderer, "catalogue"))["content"]
    cards = re.findall(r'<article class="jc-card".*?</article>', content, re.DOTALL)
    (card,) = [c for c in cards if f'href="../{map_id}/"' in c or f'href="{map_id}/"' in c]
    return card + "\n"


# golden file -> (catalogue, page kind, page id, the page's sections it holds); "card" is one map's card
# in the catalogue page. Catalogues: "example" (journeys/), "history" and "small" (fixtures above).
GOLDEN_SECTIONS = {
    "map-header.html": ("example", "map", MAP, ["header"]),
    "map-header-own-language.html": ("example", "map", "marketplace-return-ru", ["header"]),
    "step-table.html": ("example", "map", MAP, ["table"]),
    "what-changes.html": ("example", "map", MAP, ["changes"]),
    "evidence.html": ("example", "map", MAP, ["evidence"]),
    "related-maps.html": ("example", "map", RELATED_MAP, ["related"]),
    "history.html": ("history", "map", MAP_ID, ["history"]),
    # a map committed once: one sentence, not a table of one row
    "history-one-revision.html": ("history", "map", "business-travel-booking", ["history"]),
    "catalogue-card.html": ("example", "card", MAP, []),
    "persona-page.html": ("example", "persona", PERSONA, ["header", "body", "maps"]),
    "persona-index.html": ("example", "persona-index", "index", ["content"]),
    "insights-tables.html": ("small", "insights", "index", ["cells", "pains", "backlog"]),
    # measured figures beside the stated emotion, the flag where they disagree, the evidence share
    "measured-step-table.html": ("measured", "map", MEASURED_MAP, ["table", "evidence"]),
    "insights-measured.html": ("measured", "insights", "index", ["measured", "matrix"]),
}


def _rendered(name: str, renderers: dict[str, PageRenderer]) -> str:
    catalogue, kind, page_id, names = GOLDEN_SECTIONS[name]
    renderer = renderers[catalogue]
    if kind == "card":
        return _catalogue_card(renderer, page_id)
    return _sections(renderer, kind, page_id, names)


@pytest.mark.parametrize("name", sorted(GOLDEN_SECTIONS))
def test_rendered_section_matches_its_golden_file(name, example, with_history, small, measured, request):
    renderers = {"example": example, "history": with_history, "small": small, "measured": measured}
    actual = _rendered(name, renderers)
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run pytest tests/test_golden.py --update-golden"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"tests/golden/{name} (expected)",
            f"{name} (rendered now)",
        )
        pytest.fail(
            "rendered HTML differs from its golden file; if the change is intended, run "
            "`./.venv/bin/pytest tests/test_golden.py --update-golden` and review `git diff tests/golden/`\n"
            + "".join(diff),
            pytrace=False,
        )


def test_every_golden_file_is_checked_and_none_names_the_checkout():
    on_disk = sorted(path.name for path in GOLDEN.glob("*.html"))
    assert on_disk == sorted(GOLDEN_SECTIONS)  # a file left behind would be checked by nothing
    for name in on_disk:
        text = (GOLDEN / name).read_text(encoding="utf-8")
        assert text.strip(), name
        assert str(ROOT) not in text and "/tmp/" not in text, name
