"""Current and future state: which map is the future of which, and what changes between them.

A map with `future_of: ID` is the journey as it should be; the map it names is the journey as it is.
Stages are matched by id (explicit or slugged from the name), steps and pains by their text, so that
a future map copied from its current map and then edited lines up with it without any extra markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..format.model import JourneyMap

_SPACES = re.compile(r"\s+")


def _same_text(text: str) -> str:
    """Texts compare without case or spacing differences: "Waits  on hold" is "waits on hold"."""
    return _SPACES.sub(" ", text).strip().casefold()


def shared_personas(current: JourneyMap, future: JourneyMap) -> list[str]:
    """The future map's personas that the current map has too, in the future map's order."""
    return [p for p in future.meta.personas if p in current.meta.personas]


def _stage_emotion(journey: JourneyMap, index: int, personas: list[str]) -> float | None:
    values = [
        value
        for step in journey.meta.stages[index].steps
        for persona, value in step.valences(list(journey.meta.personas)).items()
        if persona in personas
    ]
    return round(sum(values) / len(values), 2) if values else None


@dataclass(frozen=True)
class StageChange:
    """One stage's difference between the current and the future map."""

    stage_id: str
    name: str
    kind: str  # "changed", "unchanged", "new" (only in the future map) or "removed" (only in the current)
    before: float | None = None  # average emotion of the shared personas in the current map's stage
    after: float | None = None
    pains_gone: tuple[str, ...] = ()
    pains_new: tuple[str, ...] = ()
    steps_new: tuple[str, ...] = ()
    steps_gone: tuple[str, ...] = ()

    @property
    def emotion_change(self) -> float | None:
        return None if self.before is None or self.after is None else round(self.after - self.before, 2)


def _difference(old: Iterable[str], new: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(in old only, in new only), each in its own order, duplicates once."""
    old_keyed = {t: _same_text(t) for t in old}  # each text's key once; dicts keep the order, drop repeats
    new_keyed = {t: _same_text(t) for t in new}
    old_keys, new_keys = set(old_keyed.values()), set(new_keyed.values())
    return (
        tuple(t for t, key in old_keyed.items() if key not in new_keys),
        tuple(t for t, key in new_keyed.items() if key not in old_keys),
    )


def _pains(journey: JourneyMap, index: int) -> list[str]:
    return [p.text for step in journey.meta.stages[index].steps for p in step.pain_items()]


def _actions(journey: JourneyMap, index: int) -> list[str]:
    return [step.action for step in journey.meta.stages[index].steps]


def compare(current: JourneyMap, future: JourneyMap) -> list[StageChange]:
    """Every stage of the future map in its order, then the current map's stages it no longer has."""
    personas = shared_personas(current, future)
    current_index = {stage_id: i for i, stage_id in enumerate(current.stage_ids)}
    changes = []
    for f, (stage_id, stage) in enumerate(future.stages()):
        c = current_index.get(stage_id)
        after = _stage_emotion(future, f, personas or list(future.meta.personas))
        if c is None:
            changes.append(
                StageChange(stage_id, stage.name, "new", after=after, steps_new=tuple(_actions(future, f)))
            )
            continue
        pains_gone, pains_new = _difference(_pains(current, c), _pains(future, f))
        steps_gone, steps_new = _difference(_actions(current, c), _actions(future, f))
        before = _stage_emotion(current, c, personas)
        change = StageChange(
            stage_id, stage.name, "changed", before, after, pains_gone, pains_new, steps_new, steps_gone
        )
        unchanged = not (pains_gone or pains_new or steps_gone or steps_new) and before == after
        changes.append(StageChange(stage_id, stage.name, "unchanged", before, after) if unchanged else change)
    future_ids = set(future.stage_ids)
    for c, (stage_id, stage) in enumerate(current.stages()):
        if stage_id not in future_ids:
            before = _stage_emotion(current, c, personas)
            changes.append(
                StageChange(
                    stage_id, stage.name, "removed", before=before,
                    pains_gone=tuple(dict.fromkeys(_pains(current, c))),
                    steps_gone=tuple(_actions(current, c)),
                )
            )  # fmt: skip
    return changes


def aligned_curve(current: JourneyMap, future: JourneyMap, persona: str) -> list[list[float] | None]:
    """The current map's emotion for `persona` as [x, y] points on the future map's step axis.

    A current stage whose id the future map has too is spread evenly over that stage's band (x from the
    band's first step - 0.5 to its last step + 0.5), however many steps each side has; stages the future
    map lacks are left out, and a None breaks the line where the future map has a stage of its own.
    """
    current_index = {stage_id: i for i, stage_id in enumerate(current.stage_ids)}
    current_personas = list(current.meta.personas)
    points: list[list[float] | None] = []
    first = 0
    for stage_id, stage in future.stages():
        width = len(stage.steps)
        c = current_index.get(stage_id)
        if c is None:
            if points and points[-1] is not None:
                points.append(None)
        else:
            steps = current.meta.stages[c].steps
            for k, step in enumerate(steps):
                value = step.valences(current_personas).get(persona)
                x = round(first - 0.5 + (k + 0.5) * width / len(steps), 3)
                points.append([x, value] if value is not None else None)
        first += width
    while points and points[-1] is None:
        points.pop()
    return points


@dataclass
class StateIndex:
    """Which published map is the future of which. Built once per build from the maps that get a page."""

    maps: Iterable[JourneyMap]
    current_of: dict[str, JourneyMap] = field(init=False, default_factory=dict)  # future id -> current
    futures_of: dict[str, list[JourneyMap]] = field(init=False, default_factory=dict)  # current id -> futures

    def __post_init__(self):
        by_id = {m.id: m for m in self.maps}
        for journey in by_id.values():
            current = by_id.get(journey.meta.future_of or "")
            if current is not None and current.id != journey.id:
                self.current_of[journey.id] = current
                self.futures_of.setdefault(current.id, []).append(journey)

    def state(self, journey: JourneyMap) -> str:
        """ "future" for a future state, "current" for a map with a future state, else "standalone"."""
        if journey.meta.future_of:
            return "future"
        return "current" if journey.id in self.futures_of else "standalone"
