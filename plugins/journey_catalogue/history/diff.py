"""What changed between two versions of a map: stages matched by id, steps by position and action.

Within a stage, steps whose action reads the same are matched first (difflib's longest matching runs,
so inserting a step does not make every later step "changed"); steps left over at the same place are
the same step edited. The result is plain data (JSON-ready); unchanged steps are not in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from ..format.model import JourneyMap, PlacedStep, Stage, Step
from ..format.problems import Message, joined
from ..format.words import FIELD_WORDS, OPPORTUNITY_STATUSES
from ..i18n import N_, N_plural

STEP_FIELDS = (
    "action",
    "touchpoints",
    "emotion",
    "feeling",
    "thought",
    "pains",
    "opportunities",
    "backstage",
)
STAGE_FIELDS = ("name", "goal", "needs", "kpis", "next")
_NOT_METADATA = {"stages"}


def match_steps(old: list[Step], new: list[Step]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) in the new order; None on one side for an added or removed step."""
    matcher = SequenceMatcher(None, [s.action for s in old], [s.action for s in new], autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        pairs += zip(range(i1, i1 + paired), range(j1, j1 + paired), strict=True)
        pairs += [(i, None) for i in range(i1 + paired, i2)]
        pairs += [(None, j) for j in range(j1 + paired, j2)]
    return pairs


def aligned_steps(old: JourneyMap, new: JourneyMap) -> list[Step | None]:
    """For each step of `new` (in reading order), the step of `old` it matches, or None."""
    old_stages = dict(old.stages())
    aligned: list[Step | None] = []
    for stage_id, stage in new.stages():
        before = old_stages.get(stage_id)
        found: dict[int, Step] = {}
        if before is not None:
            pairs = match_steps(before.steps, stage.steps)
            found = {j: before.steps[i] for i, j in pairs if i is not None and j is not None}
        aligned += [found.get(j) for j in range(len(stage.steps))]
    return aligned


def _dump(value: Any) -> Any:
    """Plain JSON data: models, dates and the lists and mappings holding them (YAML gives dates too)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    return value


def _valences(step: Step | None, personas: list[str]) -> dict[str, int]:
    return step.valences(personas) if step is not None else {}


@dataclass
class MapDiff:
    """The changes from one version of a map to another, as plain data."""

    metadata: list[dict] = field(default_factory=list)
    stages: dict[str, list] = field(default_factory=lambda: {"added": [], "removed": [], "changed": []})
    steps: list[dict] = field(default_factory=list)
    pains: dict[str, list] = field(default_factory=lambda: {"added": [], "removed": [], "changed": []})
    opportunities: list[dict] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (
            self.metadata
            or any(self.stages.values())
            or self.steps
            or any(self.pains.values())
            or self.opportunities
        )

    def as_dict(self) -> dict:
        return {
            "metadata": self.metadata,
            "stages": self.stages,
            "steps": self.steps,
            "pains": self.pains,
            "opportunities": self.opportunities,
        }


def diff_maps(old: JourneyMap, new: JourneyMap) -> MapDiff:
    """Everything that differs between `old` and `new`, and nothing else."""
    diff = MapDiff()
    personas = list(dict.fromkeys([*old.meta.personas, *new.meta.personas]))
    _metadata(diff, old, new)
    old_stages = {sid: (s, stage) for s, (sid, stage) in enumerate(old.stages())}
    new_ids = set(new.stage_ids)
    for s, (stage_id, stage) in enumerate(new.stages()):
        if stage_id not in old_stages:
            diff.stages["added"].append({"id": stage_id, "name": stage.name})
            for placed in _placed_steps(s, stage_id, stage):
                _step_added(diff, placed, new, personas)
            continue
        old_index, before = old_stages[stage_id]
        changed = [f for f in STAGE_FIELDS if getattr(before, f) != getattr(stage, f)]
        if changed:
            diff.stages["changed"].append({"id": stage_id, "name": stage.name, "fields": changed})
        _stage_steps(diff, (old_index, before), (s, stage), stage_id, (old, new), personas)
    for stage_id, (s, stage) in old_stages.items():
        if stage_id not in new_ids:
            diff.stages["removed"].append({"id": stage_id, "name": stage.name})
            for placed in _placed_steps(s, stage_id, stage):
                _step_removed(diff, placed, old, personas)
    return diff


def _metadata(diff: MapDiff, old: JourneyMap, new: JourneyMap) -> None:
    for name in type(new.meta).model_fields:
        if name in _NOT_METADATA:
            continue
        before, after = getattr(old.meta, name), getattr(new.meta, name)
        if before != after:  # models, lists and dates compare by value; only differences are dumped
            diff.metadata.append({"field": name, "before": _dump(before), "after": _dump(after)})
    if old.body.strip() != new.body.strip():
        diff.metadata.append({"field": "body"})  # the story: its text is long, and the file has it


def _stage_steps(diff, old_stage: tuple[int, Stage], new_stage: tuple[int, Stage], stage_id, maps, personas):
    (old_index, before), (new_index, after) = old_stage, new_stage
    old, new = maps
    was_steps, now_steps = (
        _placed_steps(old_index, stage_id, before),
        _placed_steps(new_index, stage_id, after),
    )
    for i, j in match_steps(before.steps, after.steps):
        if j is None:
            _step_removed(diff, was_steps[i], old, personas)
        elif i is None:
            _step_added(diff, now_steps[j], new, personas)
        else:
            _step_compared(diff, was_steps[i], now_steps[j], maps, personas)


def _placed_steps(stage_index: int, stage_id: str, stage: Stage) -> list[PlacedStep]:
    return [PlacedStep(stage_index, t, stage_id, stage, step) for t, step in enumerate(stage.steps)]


def _emotion(before: Step | None, after: Step | None, maps, personas) -> dict:
    old, new = maps
    was = _valences(before, list(old.meta.personas))
    now = _valences(after, list(new.meta.personas))
    return {
        "emotion": [before.emotion if before else None, after.emotion if after else None],
        "emotion_by_persona": {p: [was.get(p), now.get(p)] for p in personas if p in was or p in now},
    }


def _step_entry(change: str, placed: PlacedStep, before: Step | None, after: Step | None, maps, personas):
    entry = {
        "stage": placed.stage_id,
        "step": placed.number,
        "action": placed.step.action,
        "change": change,
        **_emotion(before, after, maps, personas),
    }
    return entry


def _step_added(diff: MapDiff, placed: PlacedStep, new: JourneyMap, personas) -> None:
    diff.steps.append(_step_entry("added", placed, None, placed.step, (new, new), personas))
    for pain in placed.step.pain_items():
        diff.pains["added"].append(_item(placed, pain.text, severity=pain.severity))
    for opportunity in placed.step.opportunity_items():
        diff.opportunities.append(
            _item(placed, opportunity.text, change="added", status=[None, opportunity.status])
        )


def _step_removed(diff: MapDiff, placed: PlacedStep, old: JourneyMap, personas) -> None:
    diff.steps.append(_step_entry("removed", placed, placed.step, None, (old, old), personas))
    for pain in placed.step.pain_items():
        diff.pains["removed"].append(_item(placed, pain.text, severity=pain.severity))
    for opportunity in placed.step.opportunity_items():
        diff.opportunities.append(
            _item(placed, opportunity.text, change="removed", status=[opportunity.status, None])
        )


def _item(placed: PlacedStep, text: str, **extra) -> dict:
    return {
        "stage": placed.stage_id,
        "step": placed.number,
        "action": placed.step.action,
        "text": text,
        **extra,
    }


def _step_compared(diff: MapDiff, was: PlacedStep, now: PlacedStep, maps, personas) -> None:
    before, after = was.step, now.step
    changed = [f for f in STEP_FIELDS if getattr(before, f) != getattr(after, f)]
    if not changed:
        return
    entry = _step_entry("changed", now, before, after, maps, personas)
    entry["fields"] = changed
    if was.number != now.number:
        entry["step_before"] = was.number
    if "action" in changed:
        entry["action_before"] = before.action
    diff.steps.append(entry)
    _pains_compared(diff, was, now)
    _opportunities_compared(diff, was, now)


def _pains_compared(diff: MapDiff, was: PlacedStep, now: PlacedStep) -> None:
    old = {p.text: p for p in was.step.pain_items()}
    new = {p.text: p for p in now.step.pain_items()}
    for text, pain in new.items():
        if text not in old:
            diff.pains["added"].append(_item(now, text, severity=pain.severity))
        elif old[text].severity != pain.severity:
            diff.pains["changed"].append(_item(now, text, severity=[old[text].severity, pain.severity]))
    for text, pain in old.items():
        if text not in new:
            diff.pains["removed"].append(_item(was, text, severity=pain.severity))


def _opportunities_compared(diff: MapDiff, was: PlacedStep, now: PlacedStep) -> None:
    old = {o.text: o for o in was.step.opportunity_items()}
    new = {o.text: o for o in now.step.opportunity_items()}
    for text, item in new.items():
        if text not in old:
            diff.opportunities.append(_item(now, text, change="added", status=[None, item.status]))
        elif old[text].status != item.status:
            diff.opportunities.append(
                _item(now, text, change="changed", status=[old[text].status, item.status])
            )
    for text, item in old.items():
        if text not in new:
            diff.opportunities.append(_item(was, text, change="removed", status=[item.status, None]))


# Each count, per what happened to what, as gettext plural pairs: "%(num)d step edited" and the like.
_COUNTED = {
    ("stage", "added"): N_plural("%(num)d stage added", "%(num)d stages added"),
    ("stage", "removed"): N_plural("%(num)d stage removed", "%(num)d stages removed"),
    ("stage", "edited"): N_plural("%(num)d stage edited", "%(num)d stages edited"),
    ("step", "edited"): N_plural("%(num)d step edited", "%(num)d steps edited"),
    ("step", "added"): N_plural("%(num)d step added", "%(num)d steps added"),
    ("step", "removed"): N_plural("%(num)d step removed", "%(num)d steps removed"),
    ("pain", "added"): N_plural("%(num)d pain point added", "%(num)d pain points added"),
    ("pain", "removed"): N_plural("%(num)d pain point removed", "%(num)d pain points removed"),
}


def _counted(parts: list[str], noun: str, counts: dict[str, int]) -> None:
    """ "2 steps edited, 1 step added" from {"edited": 2, "added": 1}."""
    shown = [Message(*_COUNTED[noun, what], num=n) for what, n in counts.items() if n]
    if shown:
        parts.append(joined(shown, ", "))


def _fields(names) -> Message:
    return joined([Message(FIELD_WORDS[n]) if n in FIELD_WORDS else n for n in names], ", ")


def summary(diff: MapDiff) -> str:
    """A short line for a History entry: "title edited; 2 steps edited, 1 step added; 1 pain point
    removed", in English that keeps its msgids (`Message`) for the page to word in its language."""
    if diff.is_empty():
        return Message(N_("no change to the map's content"))
    parts: list[str] = []
    fields = [m["field"] for m in diff.metadata if m["field"] != "updated"]
    if fields:
        parts.append(Message(N_("%(fields)s edited"), fields=_fields(fields)))
    stages = {k: len(diff.stages[k]) for k in ("added", "removed")} | {"edited": len(diff.stages["changed"])}
    _counted(parts, "stage", stages)
    by_change = {c: sum(1 for s in diff.steps if s["change"] == c) for c in ("changed", "added", "removed")}
    _counted(
        parts, "step", {"edited": by_change["changed"]} | {k: by_change[k] for k in ("added", "removed")}
    )
    moved = sum(1 for s in diff.steps if s["change"] == "changed" and "emotion" in s["fields"])
    if moved:
        parts.append(
            Message(
                *N_plural("emotion changed at %(num)d step", "emotion changed at %(num)d steps"), num=moved
            )
        )
    _counted(parts, "pain", {k: len(diff.pains[k]) for k in ("added", "removed")})
    statuses = sum(1 for o in diff.opportunities if o["change"] == "changed")
    if statuses:
        parts.append(
            Message(
                *N_plural("%(num)d opportunity changed status", "%(num)d opportunities changed status"),
                num=statuses,
            )
        )
    if not parts:
        parts.append(Message(N_("review date updated")))
    return joined(parts, "; ")


def _signed(value) -> str:
    if value is None:
        return Message(N_("none"))
    return f"{value:+d}".replace("-", "\u2212") if isinstance(value, int) else str(value)


def _status(value: str | None) -> str:
    return Message(OPPORTUNITY_STATUSES[value]) if value in OPPORTUNITY_STATUSES else _signed(value)


def _emotion_moves(entry: dict, names: dict[str, str]) -> str:
    moves = [
        Message(
            "%(persona)s %(was)s \u2192 %(now)s",
            persona=names.get(persona, persona),
            was=_signed(was),
            now=_signed(now),
        )
        for persona, (was, now) in entry["emotion_by_persona"].items()
        if was != now
    ]
    return Message(N_("emotion %(moves)s"), moves=joined(moves, ", ")) if moves else ""


_STEP = {
    "added": N_("Step %(number)s added: \u201c%(action)s\u201d"),
    "removed": N_("Step %(number)s removed: \u201c%(action)s\u201d"),
}
_PAIN = {
    "added": N_("Pain point added at %(step)s: \u201c%(text)s\u201d"),
    "removed": N_("Pain point removed at %(step)s: \u201c%(text)s\u201d"),
}
_OPPORTUNITY = {
    "added": N_("Opportunity added at %(step)s: \u201c%(text)s\u201d"),
    "removed": N_("Opportunity removed at %(step)s: \u201c%(text)s\u201d"),
}


def _step_line(s: dict, names: dict[str, str]) -> str:
    if s["change"] != "changed":
        return Message(_STEP[s["change"]], number=s["step"], action=s["action"])
    what = [f for f in s["fields"] if f != "emotion"]
    edited = Message(N_("%(fields)s edited"), fields=_fields(what)) if what else ""
    changes = joined([p for p in (_emotion_moves(s, names), edited) if p], "; ")
    return Message(
        N_("Step %(number)s \u201c%(action)s\u201d: %(changes)s"),
        number=s["step"],
        action=s["action"],
        changes=changes,
    )


def details(diff: MapDiff, persona_names: dict[str, str] | None = None) -> list[str]:
    """Each change as a short sentence, for a History entry's details (English `Message`s, worded in the
    page's language where they are shown)."""
    names = persona_names or {}
    lines: list[str] = [Message(N_("Edited: %(field)s"), field=_fields([m["field"]])) for m in diff.metadata]
    lines += [Message(N_("Stage added: %(name)s"), name=s["name"]) for s in diff.stages["added"]]
    lines += [Message(N_("Stage removed: %(name)s"), name=s["name"]) for s in diff.stages["removed"]]
    lines += [
        Message(N_("Stage %(name)s: %(fields)s edited"), name=s["name"], fields=_fields(s["fields"]))
        for s in diff.stages["changed"]
    ]
    lines += [_step_line(s, names) for s in diff.steps]
    lines += [
        Message(_PAIN[k], step=p["step"], text=p["text"]) for k in ("added", "removed") for p in diff.pains[k]
    ]
    for o in diff.opportunities:
        if o["change"] == "changed":
            was, now = (_status(s) for s in o["status"])
            line = N_("Opportunity at %(step)s \u201c%(text)s\u201d: %(was)s \u2192 %(now)s")
            lines.append(Message(line, step=o["step"], text=o["text"], was=was, now=now))
        else:
            lines.append(Message(_OPPORTUNITY[o["change"]], step=o["step"], text=o["text"]))
    return lines
