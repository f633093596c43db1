"""What one map is linked to, as plain data: for `journeys show` and the JSON export.

The site reads the same facts from CatalogueIndex (states.py, hierarchy.py); commands that look at one
map build them from the loaded catalogue here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..format.model import JourneyMap, by_title
from .hierarchy import Hierarchy
from .states import StateIndex


def map_relations(maps: Iterable[JourneyMap], journey: JourneyMap) -> dict:
    """{"future_of", "future_states", "part_of", "details"}: ids, stage ids and step numbers only."""
    maps = sorted(maps, key=by_title)  # as the site orders them
    states, hierarchy = StateIndex(maps), Hierarchy(maps)
    current = states.current_of.get(journey.id)
    return {
        "future_of": current.id if current else journey.meta.future_of,
        "future_states": [m.id for m in states.futures_of.get(journey.id, [])],
        "part_of": [
            {
                "map": ref.parent.id,
                "stage": ref.stage_id,
                "stage_name": ref.stage_name,
                "step": ref.number,
                "action": ref.action,
            }
            for ref in hierarchy.parents.get(journey.id, [])
        ],
        "details": [
            {"step": ref.number, "map": ref.child_id} for ref in hierarchy.details.get(journey.id, [])
        ],
    }
