"""Measured experience beside the stated one: metrics rows joined to steps, their trend, the steps where
map and measurement disagree, how much of a map rests on evidence, and stale sources.

Rules, as docs/measured-experience.md documents them:

- a step's (or a stage's) figure for a metric is its latest period's value; its trend compares it with
  the period before (better, worse or level, after the metric's `better`);
- a step diverges when its stated emotion (a per-persona emotion: the mean of its personas) is +1 or
  more and the latest value of one of its step-level metrics is in the worst fifth of the metric's scale
  (normalised from min..max, turned round for `better: lower`, at most 0.2), or when the stated emotion
  is -1 or less and the value is in the best fifth (at least 0.8). Stage-level figures flag no step;
- a map's evidence: each pain and each opportunity that cites a research source, and each step's
  emotion that a step-level measured figure backs, out of all pains, opportunities and stated emotions;
- a source is stale when its `date` is more than `stale_source_days` before today (undated: not stale).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..format.metrics import MetricDefinition, MetricRow, MetricsTable, Period
from ..format.model import JourneyMap, Step

WORST_FIFTH, BEST_FIFTH = 0.2, 0.8
TREND_POINTS = 6  # periods a trend shows; the JSON carries them all


@dataclass(frozen=True)
class Figure:
    period: Period
    value: float
    sample: int | None


@dataclass(frozen=True)
class Measured:
    """One metric at one step or stage: every period's figure, oldest first."""

    metric: MetricDefinition
    figures: tuple[Figure, ...]

    @property
    def latest(self) -> Figure:
        return self.figures[-1]

    @property
    def previous(self) -> Figure | None:
        return self.figures[-2] if len(self.figures) > 1 else None

    @property
    def trend(self) -> str | None:
        """ "better", "worse" or "level" against the period before; None with one period."""
        if self.previous is None:
            return None
        change = self.latest.value - self.previous.value
        if change == 0:
            return "level"
        return "better" if (change > 0) == (self.metric.better == "higher") else "worse"

    @property
    def normalised(self) -> float:
        return self.metric.normalised(self.latest.value)

    @property
    def meets_target(self) -> bool | None:
        target = self.metric.target
        if target is None:
            return None
        value = self.latest.value
        return value >= target if self.metric.better == "higher" else value <= target

    def as_json(self) -> dict:
        return {
            "metric": self.metric.id,
            "label": self.metric.label,
            "period": self.latest.period.text,
            "value": self.latest.value,
            "sample": self.latest.sample,
            "normalised": round(self.normalised, 3),
            "trend": self.trend,
            "target": self.metric.target,
            "meets_target": self.meets_target,
            "series": [{"period": f.period.text, "value": f.value, "sample": f.sample} for f in self.figures],
        }


@dataclass(frozen=True)
class Divergence:
    """A step whose stated emotion and latest measurement disagree."""

    map_id: str
    map_title: str
    number: str
    action: str
    stated: float
    measured: Measured
    direction: str  # "worse": stated good, measured bad; "better": the reverse

    @property
    def anchor(self) -> str:
        return "step-" + self.number.replace(".", "-")

    def as_json(self) -> dict:
        return {
            "map": self.map_id,
            "map_title": self.map_title,
            "step": self.number,
            "action": self.action,
            "stated_emotion": self.stated,
            "measured": self.measured.metric.id,
            "label": self.measured.metric.label,
            "value": self.measured.latest.value,
            "period": self.measured.latest.period.text,
            "normalised": round(self.measured.normalised, 3),
            "direction": self.direction,
        }


def step_emotion(step: Step) -> float | None:
    """A step's emotion as one number: a per-persona emotion counts as the mean of its personas."""
    if step.emotion is None:
        return None
    if isinstance(step.emotion, int):
        return float(step.emotion)
    values = list(step.emotion.values())
    return sum(values) / len(values) if values else None


def divergence_direction(stated: float | None, normalised: float) -> str | None:
    """The rule: stated +1 or more, measured in the worst fifth; or stated -1 or less, in the best."""
    if stated is None:
        return None
    if stated >= 1 and normalised <= WORST_FIFTH:
        return "worse"
    if stated <= -1 and normalised >= BEST_FIFTH:
        return "better"
    return None


@dataclass
class MapMeasures:
    """One map's measured figures: by step number ("2.1") and by stage number ("2")."""

    steps: dict[str, list[Measured]] = field(default_factory=dict)
    stages: dict[str, list[Measured]] = field(default_factory=dict)
    divergences: list[Divergence] = field(default_factory=list)
    key: tuple = ()  # what the map's page shows of these, for the live preview's section cache

    def divergent(self, number: str) -> list[Divergence]:
        return [d for d in self.divergences if d.number == number]

    def metrics_on_steps(self) -> list[MetricDefinition]:
        """The metrics measured at any step of the map, in the order the option declares them."""
        seen = {m.metric.id: m.metric for measured in self.steps.values() for m in measured}
        return list(seen.values())


NO_MEASURES = MapMeasures()


@dataclass
class Measures:
    """The catalogue's measured figures, by map id."""

    definitions: Mapping[str, MetricDefinition] = field(default_factory=dict)
    maps: dict[str, MapMeasures] = field(default_factory=dict)

    def of(self, map_id: str) -> MapMeasures:
        return self.maps.get(map_id, NO_MEASURES)

    @property
    def divergences(self) -> list[Divergence]:
        return [d for m in self.maps.values() for d in m.divergences]


def join_measures(
    maps: Mapping[str, JourneyMap], table: MetricsTable, definitions: Mapping[str, MetricDefinition]
) -> Measures:
    """The valid rows of `table` joined to the steps and stages of `maps`."""
    grouped: dict[str, dict[tuple[bool, str, str], list[MetricRow]]] = {}
    for row in table.rows:
        if row.map_id in maps and row.metric in definitions:
            where = (row.target.is_stage, row.target.number, row.metric)
            grouped.setdefault(row.map_id, {}).setdefault(where, []).append(row)
    order = {metric_id: n for n, metric_id in enumerate(definitions)}
    measures = Measures(definitions)
    for map_id, groups in grouped.items():
        result = MapMeasures()
        for (is_stage, number, metric), rows in sorted(groups.items(), key=lambda g: order[g[0][2]]):
            rows.sort(key=lambda r: r.period)
            figures = tuple(Figure(r.period, r.value, r.sample) for r in rows)
            bucket = result.stages if is_stage else result.steps
            bucket.setdefault(number, []).append(Measured(definitions[metric], figures))
        result.divergences = _divergences(maps[map_id], result)
        result.key = (
            tuple(d.key() for d in definitions.values()),
            tuple((n, tuple(m)) for n, m in sorted(result.steps.items())),
            tuple((n, tuple(m)) for n, m in sorted(result.stages.items())),
        )
        measures.maps[map_id] = result
    return measures


def _divergences(journey: JourneyMap, measures: MapMeasures) -> list[Divergence]:
    found = []
    for placed in journey.steps():
        stated = step_emotion(placed.step)
        for measured in measures.steps.get(placed.number, ()):
            direction = divergence_direction(stated, measured.normalised)
            if direction is not None:
                found.append(
                    Divergence(
                        journey.id,
                        journey.meta.title,
                        placed.number,
                        placed.step.action,
                        stated,  # type: ignore[arg-type]
                        measured,
                        direction,
                    )
                )
    return found


# -- evidence -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceShare:
    """How much of a map (or of a catalogue) rests on evidence: (backed, total) per kind of claim."""

    pains: tuple[int, int] = (0, 0)
    opportunities: tuple[int, int] = (0, 0)
    emotions: tuple[int, int] = (0, 0)

    @property
    def backed(self) -> int:
        return self.pains[0] + self.opportunities[0] + self.emotions[0]

    @property
    def total(self) -> int:
        return self.pains[1] + self.opportunities[1] + self.emotions[1]

    @property
    def percent(self) -> int:
        return round(100 * self.backed / self.total) if self.total else 0

    def __add__(self, other: EvidenceShare) -> EvidenceShare:
        def add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
            return (a[0] + b[0], a[1] + b[1])

        return EvidenceShare(
            add(self.pains, other.pains),
            add(self.opportunities, other.opportunities),
            add(self.emotions, other.emotions),
        )

    def as_json(self) -> dict:
        return {
            "backed": self.backed,
            "total": self.total,
            "percent": self.percent,
            "pains": list(self.pains),
            "opportunities": list(self.opportunities),
            "emotions": list(self.emotions),
        }


def evidence_share(journey: JourneyMap, measures: MapMeasures = NO_MEASURES) -> EvidenceShare:
    """Pains and opportunities that cite a source of the map; emotions a step-level figure backs."""
    known = {s.id for s in journey.meta.sources}
    pains = opportunities = emotions = (0, 0)
    for placed in journey.steps():
        step = placed.step
        for item in step.pains:
            cited = not isinstance(item, str) and any(ref in known for ref in item.sources)
            pains = (pains[0] + cited, pains[1] + 1)
        for item in step.opportunities:
            cited = not isinstance(item, str) and any(ref in known for ref in item.sources)
            opportunities = (opportunities[0] + cited, opportunities[1] + 1)
        if step.emotion is not None:
            measured = bool(measures.steps.get(placed.number))
            emotions = (emotions[0] + measured, emotions[1] + 1)
    return EvidenceShare(pains, opportunities, emotions)


def catalogue_evidence(maps: Iterable[JourneyMap], measures: Measures) -> EvidenceShare:
    total = EvidenceShare()
    for journey in maps:
        total = total + evidence_share(journey, measures.of(journey.id))
    return total


def stale_sources(journey: JourneyMap, today: dt.date, days: int) -> set[str]:
    """Ids of the map's sources dated more than `days` days before `today`."""
    limit = today - dt.timedelta(days=days)
    return {s.id for s in journey.meta.sources if s.date is not None and s.date < limit}
