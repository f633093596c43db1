"""Catalogue-wide facts computed once per build: who appears where, what is related, what needs review.

Pages read these instead of each rebuilding indexes over the whole catalogue.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..format.loader import Catalogue
from ..format.model import JourneyMap, by_title
from .hierarchy import Hierarchy
from .states import StateIndex


@dataclass(frozen=True)
class MapFacts:
    """What cards, filters and persona pages show about a map."""

    stage_count: int
    step_count: int
    pain_count: int
    cited_pain_count: int
    lowest_emotion: int | None
    channels: tuple[str, ...]
    average_emotion: dict[str, float]  # per persona
    needs_review: bool
    age_days: int


def map_facts(journey: JourneyMap, today: dt.date, review_days: int) -> MapFacts:
    steps = [placed.step for placed in journey.steps()]
    personas = list(journey.meta.personas)
    pains = [pain for step in steps for pain in step.pain_items()]
    valences = [step.valences(personas) for step in steps]
    all_values = [v for per_step in valences for v in per_step.values()]
    average = {}
    for persona in personas:
        values = [v[persona] for v in valences if persona in v]
        if values:
            average[persona] = round(sum(values) / len(values), 2)
    channels: dict[str, None] = {}
    for step in steps:
        channels.update(dict.fromkeys(step.touchpoints))
    age = (today - journey.meta.updated).days
    return MapFacts(
        stage_count=len(journey.meta.stages),
        step_count=len(steps),
        pain_count=len(pains),
        cited_pain_count=sum(1 for p in pains if p.sources),
        lowest_emotion=min(all_values) if all_values else None,
        channels=tuple(channels),
        average_emotion=average,
        needs_review=age > review_days,
        age_days=age,
    )


@dataclass
class CatalogueIndex:
    """The catalogue plus the cross-references between its maps and personas."""

    catalogue: Catalogue
    today: dt.date
    review_days: int = 180
    include_drafts: bool = True
    facts: dict[str, MapFacts] = field(init=False)

    def __post_init__(self):
        self.facts = {m.id: map_facts(m, self.today, self.review_days) for m in self.maps}

    @cached_property
    def maps(self) -> list[JourneyMap]:
        """Maps that get a page, in a stable order (title, then id)."""
        chosen = [m for m in self.catalogue.maps.values() if self.include_drafts or m.meta.status != "draft"]
        return sorted(chosen, key=by_title)

    @cached_property
    def listed_maps(self) -> list[JourneyMap]:
        """Maps shown in the catalogue index: everything but templates."""
        return [m for m in self.maps if not m.meta.template]

    @cached_property
    def templates(self) -> list[JourneyMap]:
        return [m for m in self.maps if m.meta.template and m.meta.status != "archived"]

    @cached_property
    def states(self) -> StateIndex:
        """Which map is the future state of which (states.py)."""
        return StateIndex(self.maps)

    @cached_property
    def hierarchy(self) -> Hierarchy:
        """Which map details which step (hierarchy.py)."""
        return Hierarchy(self.maps)

    @cached_property
    def personas(self):
        return sorted(self.catalogue.personas.values(), key=lambda p: (p.meta.name.casefold(), p.id))

    @cached_property
    def maps_by_persona(self) -> dict[str, list[JourneyMap]]:
        index: dict[str, list[JourneyMap]] = defaultdict(list)
        for journey in self.maps:
            for persona in journey.meta.personas:
                index[persona].append(journey)
        return dict(index)

    @cached_property
    def _listed_by_id(self) -> dict[str, JourneyMap]:
        return {m.id: m for m in self.listed_maps}

    @cached_property
    def _title_order(self) -> dict[str, tuple[str, str]]:
        return {m.id: by_title(m) for m in self.listed_maps}

    @cached_property
    def _listed_ids_by_key(self) -> dict[str, list[str]]:
        """Listed map ids by persona ("p:<id>") and by tag ("t:<casefolded tag>")."""
        index: dict[str, list[str]] = defaultdict(list)
        for journey in self.listed_maps:
            for persona in journey.meta.personas:
                index[f"p:{persona}"].append(journey.id)
            for tag in dict.fromkeys(t.casefold() for t in journey.meta.tags):
                index[f"t:{tag}"].append(journey.id)
        return dict(index)

    def related(self, journey: JourneyMap, limit: int = 6) -> list[tuple[JourneyMap, list[str]]]:
        """Maps sharing personas or tags with this one, most shared first (then by title), with what they
        share. Counting runs in C (Counter.update) and ranking takes only the top few: with 10,000 maps a
        persona or tag is shared by thousands of maps, on every map page."""
        keys = [f"p:{p}" for p in journey.meta.personas]
        keys += [f"t:{t}" for t in dict.fromkeys(t.casefold() for t in journey.meta.tags)]
        counts: Counter[str] = Counter()
        for key in keys:
            counts.update(self._listed_ids_by_key.get(key, ()))
        counts.pop(journey.id, None)
        chosen: list[str] = []
        for shared_count in sorted(set(counts.values()), reverse=True):
            group = [map_id for map_id, n in counts.items() if n == shared_count]
            chosen += heapq.nsmallest(limit - len(chosen), group, key=self._title_order.__getitem__)
            if len(chosen) >= limit:
                break
        result = []
        for map_id in chosen:
            other = self._listed_by_id[map_id]
            reasons = [
                self.catalogue.personas[p].meta.name if p in self.catalogue.personas else p
                for p in journey.meta.personas
                if p in other.meta.personas
            ]
            other_tags = {t.casefold() for t in other.meta.tags}
            reasons += [f"#{t}" for t in journey.meta.tags if t.casefold() in other_tags]
            result.append((other, reasons))
        return result

    def filter_values(self) -> dict[str, list[str]]:
        """Every value the catalogue's filters offer, sorted for display."""
        maps = self.listed_maps
        return {
            "segment": sorted({m.meta.segment for m in maps}),
            "industry": sorted({m.meta.industry for m in maps}, key=str.casefold),
            "persona": sorted({p for m in maps for p in m.meta.personas}),
            "channel": [
                c.id for c in self.catalogue.channels if any(c.id in self.facts[m.id].channels for m in maps)
            ],
            "tag": sorted({t for m in maps for t in m.meta.tags}, key=str.casefold),
            "status": sorted({m.meta.status for m in maps}),
        }
