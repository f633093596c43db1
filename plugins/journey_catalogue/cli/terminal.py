"""Plain-text views of the catalogue and of one map, for people who live in the terminal."""

from __future__ import annotations

import shutil
import textwrap

from ..catalogue.index import CatalogueIndex
from ..format.model import JourneyMap, Step, step_number

_BAR = {-2: "■□□□□", -1: "□■□□□", 0: "□□■□□", 1: "□□□■□", 2: "□□□□■"}


def signed(value: int) -> str:
    return f"{value:+d}" if value else " 0"


def list_table(index: CatalogueIndex, maps: list[JourneyMap]) -> str:
    rows = [("ID", "SEGMENT", "STATUS", "UPDATED", "REVIEW", "TITLE")]
    for journey in maps:
        facts = index.facts[journey.id]
        status = journey.meta.status + (" (template)" if journey.meta.template else "")
        review = f"due ({facts.age_days} d)" if facts.needs_review else "ok"
        rows.append(
            (
                journey.id,
                journey.meta.segment,
                status,
                journey.meta.updated.isoformat(),
                review,
                journey.meta.title,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return (
        "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(row[:5], widths, strict=True)) + "  " + row[5]
            for row in rows
        )
        + "\n"
    )


def _relation_lines(relations: dict, titles: dict[str, str]) -> list[str]:
    def named(map_id: str) -> str:
        return f"{map_id} ({titles[map_id]})" if map_id in titles else map_id

    lines = []
    if relations.get("future_of"):
        lines.append(f"Future state of: {named(relations['future_of'])}")
    if relations.get("future_states"):
        lines.append("Future state: " + "; ".join(named(m) for m in relations["future_states"]))
    for ref in relations.get("part_of", []):
        lines.append(f"Part of: {named(ref['map'])} > {ref['stage_name']} > {ref['step']} {ref['action']}")
    return lines


def show_map(
    journey: JourneyMap,
    persona_names: dict[str, str],
    width: int | None = None,
    *,
    relations: dict | None = None,
    titles: dict[str, str] | None = None,
) -> str:
    """`relations` (relations.map_relations) adds the map's current or future state and what it is part
    of; `titles` names linked maps beside their ids."""
    width = width or min(shutil.get_terminal_size((100, 20)).columns, 120)
    meta = journey.meta
    titles = titles or {}
    out = [
        meta.title,
        f"{meta.segment} · {meta.industry} · {meta.status} · updated {meta.updated.isoformat()}"
        f" · owner {meta.owner}",
        "Personas: " + "; ".join(persona_names.get(p, p) for p in meta.personas),
        *_relation_lines(relations or {}, titles),
        "",
    ]
    wrap = textwrap.TextWrapper(width=width, initial_indent="       ", subsequent_indent="         ")
    personas = list(meta.personas)
    for s, stage in enumerate(meta.stages):
        out += _stage_lines(journey, s)
        for t, step in enumerate(stage.steps):
            out += _step_lines(step, step_number(s, t), personas, persona_names, titles, wrap)
        out.append("")
    return "\n".join(out)


def _stage_lines(journey: JourneyMap, index: int) -> list[str]:
    """A stage's heading (number, name, goal, where it leads) and its KPIs."""
    stage = journey.meta.stages[index]
    heading = f"{index + 1} {stage.name}" + (f": {stage.goal}" if stage.goal else "")
    nexts = journey.next_of(index)
    if stage.next is not None:
        heading += f"  (next: {', '.join(nexts) or 'end'})"
    kpis = [
        f"     KPI {kpi.name}: {kpi.value}" + (f" (target {kpi.target})" if kpi.target else "")
        for kpi in stage.kpis
    ]
    return [heading, *kpis]


def _step_lines(
    step: Step,
    number: str,
    personas: list[str],
    persona_names: dict[str, str],
    titles: dict[str, str],
    wrap: textwrap.TextWrapper,
) -> list[str]:
    """A step's action, then its emotion, channels, feeling, thought, pains, opportunities and links."""
    valences = step.valences(personas)
    if isinstance(step.emotion, int):
        emotion = f"{signed(step.emotion)} {_BAR[step.emotion]}"
    elif valences:
        emotion = ", ".join(f"{persona_names.get(p, p)} {signed(v)}" for p, v in valences.items())
    else:
        emotion = ""
    out = [f"  {number:<4} {step.action}"]
    details = [
        f"emotion {emotion}" if emotion else "",
        f"via {', '.join(step.touchpoints)}" if step.touchpoints else "",
        f"feels {step.feeling}" if step.feeling else "",
    ]
    if any(details):
        out.append(wrap.fill(" · ".join(d for d in details if d)))
    if step.thought:
        out.append(wrap.fill(f"“{step.thought}”"))
    out += [wrap.fill(f"✗ [{p.severity}] {p.text}") for p in step.pain_items()]
    out += [wrap.fill(f"✓ [{o.status}] {o.text}") for o in step.opportunity_items()]
    out += [wrap.fill(f"⚙ {b}") for b in step.backstage]
    if step.detail:
        detail = f"{step.detail} ({titles[step.detail]})" if step.detail in titles else step.detail
        out.append(wrap.fill(f"↳ detailed in {detail}"))
    return out
