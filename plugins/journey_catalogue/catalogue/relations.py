"""What one map is linked to, as plain data: for `journeys show` and the JSON export.

Read from the same CatalogueIndex the site uses (its states and hierarchy), so a command and a page never
disagree about which map is the future state of which or what details a step.
"""

from __future__ import annotations

from ..format.model import JourneyMap
from .index import CatalogueIndex


def map_relations(index: CatalogueIndex, journey: JourneyMap) -> dict:
    """{"future_of", "future_states", "part_of", "details"}: ids, stage ids and step numbers only."""
    states, hierarchy = index.states, index.hierarchy
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
