"""What a map page shows of the maps it is linked to: its current or future state, what changes between
them, the maps its steps are detailed in, the maps it is part of, and its whole hierarchy."""

from __future__ import annotations

from ..catalogue.index import CatalogueIndex
from ..catalogue.states import StateIndex, compare
from ..format.model import JourneyMap
from ..i18n import N_

# The catalogue's "State" filter: a card matches every value its data-state list holds.
STATE_FILTER = [
    ("current", N_("Current state")),
    ("with-future", N_("Current, with a future state")),
    ("future", N_("Future state")),
]


def card_states(states: StateIndex, journey: JourneyMap) -> list[str]:
    if journey.meta.future_of:
        return ["future"]
    return ["current", "with-future"] if journey.id in states.futures_of else ["current"]


def relation_context(index: CatalogueIndex, journey: JourneyMap) -> dict:
    """Template variables for the relation parts of a map page (see templates/relations_*.html)."""
    states, hierarchy = index.states, index.hierarchy
    current = states.current_of.get(journey.id)
    return {
        "current_map": current,
        "future_maps": states.futures_of.get(journey.id, []),
        "changes": compare(current, journey) if current else [],
        "details": {
            ref.number: hierarchy.by_id[ref.child_id] for ref in hierarchy.details.get(journey.id, ())
        },
        "part_of": hierarchy.parents.get(journey.id, []),
        "hierarchy": hierarchy.tree(journey) if hierarchy.in_hierarchy(journey) else [],
    }


def relations_cache_key(index: CatalogueIndex, journey: JourneyMap) -> tuple:
    """Every other map whose content the page shows, for the live preview's section cache: an edit to
    any of them (a title, a stage, a step, an emotion) must render this page again."""
    states = index.states
    return (
        states.current_of.get(journey.id),
        tuple(states.futures_of.get(journey.id, ())),
        index.hierarchy.related_maps(journey),
    )
