"""Portfolio insights: where the whole catalogue hurts, by phase and channel, and what is being done.

A pure computation over validated maps, shared by `journeys insights` and the site's insights page (no
MkDocs here). Semantics, as the CLI documents them:

- maps that are archived, templates or future states (`future_of`: the journey as it should be, not
  where customers hurt today) are left out;
- each step counts once in each of its touchpoint channels (a channel named twice counts once), in the
  phase of its stage (None when the stage names none); a step without touchpoints is in no cell;
- a cell's `pains` is the number of its steps' pains; `mean_emotion` is the mean of its steps' emotions,
  where a per-persona emotion counts as the mean of its personas (steps without an emotion are skipped);
- pains are ranked by severity, then evidence (how many research sources back them, then their sample);
- opportunities are ranked by their ICE score, impact x confidence x ease (ease = 6 - effort; each of
  impact, effort and confidence 1..5, so scores run 1..125); opportunities without all three come after
  every scored one; ties and unscored ones by status (in progress, planned, idea, done), then evidence.
  ICE, not RICE: a map gives no reach per opportunity, and a reach guessed per item would be one more
  unsourced number. Impact already weighs how many customers a step touches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..format.channels import ChannelVocabulary
from ..format.model import JourneyMap, by_title
from ..format.phases import PhaseVocabulary
from .measures import EvidenceShare, Measures, catalogue_evidence, step_emotion

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
    impact: int | None = None
    effort: int | None = None
    confidence: int | None = None

    @property
    def score(self) -> int | None:
        """ICE: impact x confidence x ease, ease = 6 - effort; None unless all three are given."""
        if self.impact is None or self.effort is None or self.confidence is None:
            return None
        return self.impact * self.confidence * (6 - self.effort)

    def rank_key(self) -> tuple:
        score = self.score
        return (
            score is None,
            -(score or 0),
            STATUS_ORDER.index(self.status),
            -self.evidence.count,
            -self.evidence.sample,
        )


@dataclass
class Insights:
    phases: PhaseVocabulary
    channels: ChannelVocabulary
    maps: list[JourneyMap]
    cells: list[Cell]
    pains: list[PainEntry]  # ranked, most severe and best evidenced first
    opportunities: list[OpportunityEntry]  # by ICE score, unscored last; then status and evidence
    steps_without_channel: int
    measures: Measures = field(default_factory=Measures)

    @property
    def evidence(self) -> EvidenceShare:
        return catalogue_evidence(self.maps, self.measures)

    def measured_steps(self) -> list[dict]:
        """Every counted map's step with a measured figure, in map title and step order."""
        rows = []
        for journey in self.maps:
            map_measures = self.measures.of(journey.id)
            for placed in journey.steps():
                measured = map_measures.steps.get(placed.number)
                if measured:
                    rows.append(
                        {
                            "map": journey.id,
                            "step": placed.number,
                            "id": placed.step.id,
                            "action": placed.step.action,
                            "stated_emotion": step_emotion(placed.step),
                            "metrics": [m.as_json() for m in measured],
                            "divergent": bool(map_measures.divergent(placed.number)),
                        }
                    )
        return rows

    def divergences(self) -> list:
        return [d for journey in self.maps for d in self.measures.of(journey.id).divergences]

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
            "measured_steps": self.measured_steps(),
            "divergences": [d.as_json() for d in self.divergences()],
            "evidence": self.evidence.as_json(),
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


def _item_json(entry: PainEntry | OpportunityEntry, **grade: str) -> dict:
    """A pain's or opportunity's row: where it is, its text, its severity or status, its evidence."""
    return {**_ref_fields(entry.step), "text": entry.text, **grade, **_evidence_json(entry.evidence)}


def _pain_json(pain: PainEntry) -> dict:
    return _item_json(pain, severity=pain.severity)


def _opportunity_json(entry: OpportunityEntry) -> dict:
    return _item_json(entry, status=entry.status) | {
        "segment": entry.segment,
        "personas": list(entry.personas),
        "impact": entry.impact,
        "effort": entry.effort,
        "confidence": entry.confidence,
        "score": entry.score,
    }


def counted_maps(maps: Iterable[JourneyMap]) -> list[JourneyMap]:
    """The maps insights count: the journeys as they are, so neither archived maps, templates nor future
    states (whose pains and emotions are a plan, not evidence)."""
    return [m for m in maps if m.meta.status != "archived" and not m.meta.template and not m.meta.future_of]


def compute_insights(
    maps: Iterable[JourneyMap],
    channels: ChannelVocabulary,
    phases: PhaseVocabulary,
    measures: Measures | None = None,
) -> Insights:
    """Insights over `maps` (archived maps, templates and future states among them are left out), in a
    stable order."""
    chosen = counted_maps(maps)
    chosen.sort(key=by_title)
    tally = _Tally()
    for journey in chosen:
        tally.add_map(journey)
    channel_order = {channel_id: n for n, channel_id in enumerate(channels.ids())}
    ordered_cells = sorted(
        tally.cells.values(),
        key=lambda c: (
            phases.order(c.phase),
            c.phase or "",
            channel_order.get(c.channel, len(channel_order)),
            c.channel,
        ),
    )
    tally.pains.sort(key=PainEntry.rank_key)  # stable: ties stay in map title and step order
    tally.opportunities.sort(key=OpportunityEntry.rank_key)
    return Insights(
        phases,
        channels,
        chosen,
        ordered_cells,
        tally.pains,
        tally.opportunities,
        tally.without_channel,
        measures or Measures(),
    )


# (text, severity or status, source ids): a pain or opportunity without a model built for plain text.
# Step.pain_items() validates a new model per plain-text pain, which was most of the cost at 10,000 maps.
_Item = tuple[str, str, list[str]]
_NO_SCORE = (None, None, None)


def _plain_pain(pain) -> _Item:
    return (pain, "medium", []) if isinstance(pain, str) else (pain.text, pain.severity, pain.sources)


def _plain_opportunity(opportunity) -> tuple[str, str, list[str], tuple]:
    if isinstance(opportunity, str):
        return opportunity, "idea", [], _NO_SCORE
    scores = (opportunity.impact, opportunity.effort, opportunity.confidence)
    return opportunity.text, opportunity.status, opportunity.sources, scores


@dataclass
class _Tally:
    cells: dict[tuple[str | None, str], Cell] = field(default_factory=dict)
    pains: list[PainEntry] = field(default_factory=list)
    opportunities: list[OpportunityEntry] = field(default_factory=list)
    without_channel: int = 0

    def add_map(self, journey: JourneyMap) -> None:
        evidence_of = _evidence_lookup(journey)
        segment, personas = journey.meta.segment, tuple(journey.meta.personas)
        for placed in journey.steps():
            stage, step = placed.stage, placed.step
            pains = [_plain_pain(p) for p in step.pains]
            ref = StepRef(
                journey.id,
                journey.meta.title,
                placed.stage_id,
                stage.name,
                stage.phase,
                placed.number,
                step.action,
                step_emotion(step),
                len(pains),
                sum(SEVERITY_WEIGHT[severity] for _, severity, _ in pains),
            )
            touchpoints = dict.fromkeys(step.touchpoints)  # a channel named twice counts once
            self.without_channel += not touchpoints
            for channel in touchpoints:
                cell = self.cells.get((stage.phase, channel))
                if cell is None:
                    cell = self.cells[(stage.phase, channel)] = Cell(stage.phase, channel)
                _add_to_cell(cell, ref, pains)
            self.pains += [PainEntry(ref, text, sev, evidence_of(ids)) for text, sev, ids in pains]
            self.opportunities += [
                OpportunityEntry(ref, text, status, evidence_of(ids), segment, personas, *scores)
                for text, status, ids, scores in map(_plain_opportunity, step.opportunities)
            ]


def _add_to_cell(cell: Cell, ref: StepRef, pains: list[_Item]) -> None:
    cell.steps.append(ref)
    for _, severity, sources in pains:
        cell.pains += 1
        cell.severity_score += SEVERITY_WEIGHT[severity]
        cell.high_pains += severity == "high"
        cell.evidenced_pains += bool(sources)
    if ref.emotion is not None:
        cell._emotions.append(ref.emotion)


NO_EVIDENCE = Evidence((), (), 0)


def _evidence_lookup(journey: JourneyMap):
    """Evidence for a list of source ids, each distinct list built once per map (most cite none or one)."""
    sources = {s.id: s for s in journey.meta.sources}
    known: dict[tuple[str, ...], Evidence] = {}

    def evidence(ids: list[str]) -> Evidence:
        if not ids:
            return NO_EVIDENCE
        key = tuple(ids)
        found = known.get(key)
        if found is None:
            cited = [sources[i] for i in dict.fromkeys(ids) if i in sources]
            found = known[key] = Evidence(
                tuple(s.id for s in cited), tuple(s.title for s in cited), sum(s.sample or 0 for s in cited)
            )
        return found

    return evidence
