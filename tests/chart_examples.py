"""Chart payloads of every example map (the project's, the test fixtures', the hostile fixture's), built
as a map page builds them: with the current state's curve on future states, and earlier revisions'
curves on one map per catalogue (history needs git; the overlay is built directly here)."""

from __future__ import annotations

import datetime as dt
import functools

from journey_catalogue.catalogue.index import CatalogueIndex
from journey_catalogue.charts.map_chart import add_earlier_curves, chart_payload
from journey_catalogue.format.loader import load_catalogue

from conftest import FIXTURE_CATALOGUE, ROOT

CATALOGUES = {
    "examples": ROOT,
    "fixtures": FIXTURE_CATALOGUE,
    "hostile": ROOT / "tests" / "fixtures" / "hostile",
}


@functools.cache
def example_payloads() -> dict[str, dict]:
    """{"catalogue/map id": payload} for every map."""
    from test_security import site_channels  # the hostile fixture's channels, with hostile labels

    out = {}
    for name, root in CATALOGUES.items():
        kwargs = {"channels": site_channels()} if name == "hostile" else {}
        catalogue = load_catalogue(root / "journeys", base=root, **kwargs)
        index = CatalogueIndex(catalogue, dt.date(2026, 11, 23))
        names = {p.id: p.meta.name for p in index.personas}
        for n, journey in enumerate(index.maps):
            current = index.states.current_of.get(journey.id)
            payload = chart_payload(journey, catalogue.channels, names, current=current)
            if n == 0:
                steps = len(payload["steps"])
                curve = {
                    p: [(i % 5) - 2 if i % 3 else None for i in range(steps)] for p in journey.meta.personas
                }
                add_earlier_curves(
                    payload, journey, [("abc1234 (2026-01-02)", curve), ("older", curve)], names
                )
            out[f"{name}/{journey.id}"] = payload
    return out
