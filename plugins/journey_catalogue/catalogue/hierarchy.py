"""Journeys within journeys: a step's `detail: ID` says that map ID details that step.

A map may detail steps of several maps (a shared sub-journey, such as identity checks), and a map may
have several detailed steps, so the hierarchy is a graph without cycles (validation refuses those), not
a tree. Pages show it from the top: every map above this one, down through the steps that lead to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..format.model import JourneyMap, by_title

MAX_TREE_MAPS = 60  # a page's hierarchy stays readable; what does not fit is named as left out


@dataclass(frozen=True)
class DetailedStep:
    """A step of `parent` that the map `child_id` details."""

    parent: JourneyMap
    stage_id: str
    stage_name: str
    number: str  # "2.1"
    action: str
    child_id: str


@dataclass
class TreeNode:
    """A map in a page's hierarchy, and its detailed steps with the maps below them."""

    journey: JourneyMap
    children: list[tuple[DetailedStep, TreeNode]] = field(default_factory=list)
    current: bool = False  # the page's own map
    cut: bool = False  # children left out (the tree reached MAX_TREE_MAPS, or the map appears above)


@dataclass
class Hierarchy:
    """The `detail` links between the maps that get a page. Built once per build."""

    maps: Iterable[JourneyMap]
    by_id: dict[str, JourneyMap] = field(init=False, default_factory=dict)
    details: dict[str, list[DetailedStep]] = field(init=False, default_factory=dict)  # parent id -> steps
    parents: dict[str, list[DetailedStep]] = field(init=False, default_factory=dict)  # child id -> steps

    def __post_init__(self):
        self.by_id = {m.id: m for m in self.maps}
        for journey in self.by_id.values():
            for placed in journey.steps():
                step = placed.step
                if step.detail in self.by_id and step.detail != journey.id:
                    ref = DetailedStep(
                        journey, placed.stage_id, placed.stage.name, placed.number, step.action, step.detail
                    )
                    self.details.setdefault(journey.id, []).append(ref)
                    self.parents.setdefault(step.detail, []).append(ref)

    def detail_map(self, journey: JourneyMap, number: str) -> JourneyMap | None:
        """The map that details step `number` of `journey`, if it has a page."""
        for ref in self.details.get(journey.id, ()):
            if ref.number == number:
                return self.by_id[ref.child_id]
        return None

    def in_hierarchy(self, journey: JourneyMap) -> bool:
        return journey.id in self.details or journey.id in self.parents

    def roots(self, journey: JourneyMap) -> list[JourneyMap]:
        """The maps at the top of every line of parents above `journey` (itself when it has none)."""
        roots, seen, todo = [], {journey.id}, [journey.id]
        while todo:
            map_id = todo.pop()
            parents = [ref.parent.id for ref in self.parents.get(map_id, ())]
            if not parents:
                roots.append(self.by_id[map_id])
            for parent in parents:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return sorted(roots, key=by_title)

    def tree(self, journey: JourneyMap) -> list[TreeNode]:
        """The whole hierarchy `journey` belongs to, from its roots down, up to MAX_TREE_MAPS maps."""
        budget = [MAX_TREE_MAPS]
        return [self._node(root, journey.id, (), budget) for root in self.roots(journey)]

    def _node(
        self, journey: JourneyMap, current_id: str, above: tuple[str, ...], budget: list[int]
    ) -> TreeNode:
        node = TreeNode(journey, current=journey.id == current_id)
        budget[0] -= 1
        for ref in self.details.get(journey.id, ()):
            if ref.child_id in above or budget[0] <= 0:
                node.cut = True
                continue
            node.children.append(
                (ref, self._node(self.by_id[ref.child_id], current_id, (*above, journey.id), budget))
            )
        return node

    def related_maps(self, journey: JourneyMap) -> tuple[JourneyMap, ...]:
        """Every map whose title, stages or steps this map's page shows (for the live preview's cache)."""
        shown: dict[str, JourneyMap] = {}

        def walk(node: TreeNode) -> None:
            shown[node.journey.id] = node.journey
            for _, child in node.children:
                walk(child)

        if self.in_hierarchy(journey):
            for root in self.tree(journey):
                walk(root)
        for ref in self.parents.get(journey.id, ()):
            shown[ref.parent.id] = ref.parent
        return tuple(m for map_id, m in sorted(shown.items()) if map_id != journey.id)
