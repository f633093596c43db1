"""Portfolio insights: where the whole catalogue hurts, by phase and channel, and what is being done.

A pure computation over validated maps, shared by `journeys insights` and the site's insights page (no
MkDocs here). Semantics, as the CLI documents them:

- maps that are archived or templates are left out;
- each step counts once in each of its touchpoint channels (a channel named twice counts once), in the
  phase of its stage (None when the stage names none); a step without touchpoints is in no cell;
- a cell's `pains` is the number of its steps' pains; `mean_emotion` is the mean of its steps' emotions,
  where a per-persona emotion counts as the mean of its personas (steps without an emotion are skipped);
- pains are ranked by severity, then evidence (how many research sources back them, then their sample).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .format.channels import ChannelVocabulary
from .format.model import JourneyMap, Step, step_number
from .format.phases import PhaseVocabulary

SEVERITY_WEIGHT = {"low": 1, "medium": 2, "high": 3}
STATUS_ORDER = ("in-progress", "planned", "idea", "done")


@dataclass(frozen=True)
class StepRef:
    """Where a step is: enough to name it and to link to it on its map's page (#step-2-1)."""

    map_id: str
    map_title: str
    stage_id: str
    stage_name: str
    phase: str | None
    number: str  # "2.1", as the map page numbers it
    action: str
    emotion: float | None
    pains: int
    severity_score: int

    @property
    def anchor(self) -> str:
        return "step-" + self.number.replace(".", "-")

    def as_json(self) -> dict:
        return {"map": self.map_id, "stage": self.stage_id, "step": self.number, "action": self.action}


@dataclass
class Cell:
    phase: str | None
    channel: str
    steps: list[StepRef] = field(default_factory=list)
    pains: int = 0
    severity_score: int = 0  # pains weighted low 1, medium 2, high 3
    high_pains: int = 0
    evidenced_pains: int = 0  # pains that cite at least one research source
    _emotions: list[float] = field(default_factory=list, repr=False)

    @property
    def mean_emotion(self) -> float | None:
        return round(sum(self._emotions) / len(self._emotions), 2) if self._emotions else None

    @property
    def map_count(self) -> int:
        return len({ref.map_id for ref in self.steps})

    def worst_steps(self) -> list[StepRef]:
        """Its steps, most painful first (severity, then lowest emotion), then in catalogue order."""
        return sorted(
            self.steps,
            key=lambda r: (-r.severity_score, r.emotion if r.emotion is not None else 3),
        )


@dataclass(frozen=True)
class Evidence:
    source_ids: tuple[str, ...]
    titles: tuple[str, ...]
    sample: int  # respondents, participants or records, summed over the sources that give one

    @property
    def count(self) -> int:
        return len(self.source_ids)


@dataclass(frozen=True)
class PainEntry:
    step: StepRef
    text: str
    severity: str
    evidence: Evidence

    def rank_key(self) -> tuple:
        return (-SEVERITY_WEIGHT[self.severity], -self.evidence.count, -self.evidence.sample)


@dataclass(frozen=True)
class OpportunityEntry:
    step: StepRef
    text: str
    status: str
    evidence: Evidence
    segment: str
    personas: tuple[str, ...]

    def rank_key(self) -> tuple:
        return (STATUS_ORDER.index(self.status), -self.evidence.count, -self.evidence.sample)


@dataclass
class Insights:
    phases: PhaseVocabulary
    channels: ChannelVocabulary
    maps: list[JourneyMap]
    cells: list[Cell]
    pains: list[PainEntry]  # ranked, most severe and best evidenced first
    opportunities: list[OpportunityEntry]  # in-progress, planned, idea, done; best evidenced first
    steps_without_channel: int

    def phase_rows(self) -> list[str | None]:
        """The phases that have cells, in vocabulary order (None, "no phase", last)."""
        return sorted({c.phase for c in self.cells}, key=self.phases.order)

    def channel_columns(self) -> list[str]:
        """The channels that have cells, in vocabulary order."""
        order = {channel_id: n for n, channel_id in enumerate(self.channels.ids())}
        return sorted({c.channel for c in self.cells}, key=lambda c: (order.get(c, len(order)), c))

    def as_json(self) -> dict:
        return {
            "maps": len(self.maps),
            "phases": [{"id": p.id, "label": p.label} for p in self.phases],
            "channels": [{"id": c, "label": self.channels.get(c).label} for c in self.channel_columns()],
            "cells": [_cell_json(c, self) for c in self.cells],
            "pains": [_pain_json(p) for p in self.pains],
            "opportunities": [_opportunity_json(o) for o in self.opportunities],
            "steps_without_channel": self.steps_without_channel,
        }


def _ref_fields(step: StepRef) -> dict:
    return {
        "map": step.map_id,
        "map_title": step.map_title,
        "stage": step.stage_id,
        "stage_name": step.stage_name,
        "phase": step.phase,
        "step": step.number,
        "action": step.action,
    }


def _evidence_json(evidence: Evidence) -> dict:
    return {"evidence": evidence.count, "sources": list(evidence.source_ids), "sample": evidence.sample}


def _cell_json(cell: Cell, insights: Insights) -> dict:
    return {
        "phase": cell.phase,
        "phase_label": insights.phases.label(cell.phase),
        "channel": cell.channel,
        "channel_label": insights.channels.get(cell.channel).label,
        "steps": len(cell.steps),
        "pains": cell.pains,
        "mean_emotion": cell.mean_emotion,
        "severity_score": cell.severity_score,
        "high_pains": cell.high_pains,
        "evidenced_pains": cell.evidenced_pains,
        "maps": cell.map_count,
        "step_refs": [ref.as_json() for ref in cell.steps],
    }


def _pain_json(pain: PainEntry) -> dict:
    return {
        **_ref_fields(pain.step),
        "text": pain.text,
        "severity": pain.severity,
        **_evidence_json(pain.evidence),
    }


def _opportunity_json(entry: OpportunityEntry) -> dict:
    return {
        **_ref_fields(entry.step),
        "text": entry.text,
        "status": entry.status,
        **_evidence_json(entry.evidence),
        "segment": entry.segment,
        "personas": list(entry.personas),
    }


def counted_maps(maps: Iterable[JourneyMap]) -> list[JourneyMap]:
    """The maps insights count: neither archived nor templates."""
    return [m for m in maps if m.meta.status != "archived" and not m.meta.template]


def step_emotion(step: Step) -> float | None:
    """A step's emotion as one number: a per-persona emotion counts as the mean of its personas."""
    if step.emotion is None:
        return None
    if isinstance(step.emotion, int):
        return float(step.emotion)
    values = list(step.emotion.values())
    return sum(values) / len(values) if values else None


def compute_insights(
    maps: Iterable[JourneyMap], channels: ChannelVocabulary, phases: PhaseVocabulary
) -> Insights:
    """Insights over `maps` (archived maps and templates among them are left out), in a stable order."""
    chosen = counted_maps(maps)
    chosen.sort(key=lambda m: (m.meta.title.casefold(), m.id))
    cells: dict[tuple[str | None, str], Cell] = {}
    pains: list[PainEntry] = []
    opportunities: list[OpportunityEntry] = []
    without_channel = 0
    for journey in chosen:
        evidence_of = _evidence_lookup(journey)
        for s, (stage_id, stage) in enumerate(journey.stages()):
            for t, step in enumerate(stage.steps):
                pain_items = step.pain_items()
                ref = StepRef(
                    journey.id,
                    journey.meta.title,
                    stage_id,
                    stage.name,
                    stage.phase,
                    step_number(s, t),
                    step.action,
                    step_emotion(step),
                    len(pain_items),
                    sum(SEVERITY_WEIGHT[p.severity] for p in pain_items),
                )
                touchpoints = dict.fromkeys(step.touchpoints)
                if not touchpoints:
                    without_channel += 1
                for channel in touchpoints:
                    _add_to_cell(
                        cells.setdefault((stage.phase, channel), Cell(stage.phase, channel)), ref, step
                    )
                pains += [PainEntry(ref, p.text, p.severity, evidence_of(p.sources)) for p in pain_items]
                opportunities += [
                    OpportunityEntry(
                        ref,
                        o.text,
                        o.status,
                        evidence_of(o.sources),
                        journey.meta.segment,
                        tuple(journey.meta.personas),
                    )
                    for o in step.opportunity_items()
                ]
    channel_order = {channel_id: n for n, channel_id in enumerate(channels.ids())}
    ordered_cells = sorted(
        cells.values(),
        key=lambda c: (
            phases.order(c.phase),
            c.phase or "",
            channel_order.get(c.channel, len(channel_order)),
            c.channel,
        ),
    )
    pains.sort(key=PainEntry.rank_key)  # stable: ties stay in map title and step order
    opportunities.sort(key=OpportunityEntry.rank_key)
    return Insights(phases, channels, chosen, ordered_cells, pains, opportunities, without_channel)


def _add_to_cell(cell: Cell, ref: StepRef, step: Step) -> None:
    cell.steps.append(ref)
    for pain in step.pain_items():
        cell.pains += 1
        cell.severity_score += SEVERITY_WEIGHT[pain.severity]
        cell.high_pains += pain.severity == "high"
        cell.evidenced_pains += bool(pain.sources)
    if ref.emotion is not None:
        cell._emotions.append(ref.emotion)


def _evidence_lookup(journey: JourneyMap):
    sources = {s.id: s for s in journey.meta.sources}

    def evidence(ids: Iterable[str]) -> Evidence:
        cited = [sources[i] for i in dict.fromkeys(ids) if i in sources]
        return Evidence(
            tuple(s.id for s in cited), tuple(s.title for s in cited), sum(s.sample or 0 for s in cited)
        )

    return evidence
