"""The insights page's context: the heatmap, each cell's steps, the top pains and the opportunity backlog.

Lists are capped so that the page stays readable and light at any catalogue size; every cap is stated on
the page, next to the command that lists everything (`journeys insights --format json|csv`).
"""

from __future__ import annotations

from ..catalogue.insights import STATUS_ORDER, StepRef, compute_insights
from ..charts.heatmap import cell_id, emotion_colour, heatmap_payload
from ..format.model import persona_names
from ..i18n import N_
from .measures_section import stated_word

RATINGS = (1, 2, 3, 4, 5)

INSIGHTS_SECTIONS = [
    (None, "intro"),
    (N_("Where it hurts: phases by channel"), "heatmap"),
    (N_("Steps by phase and channel"), "cells"),
    (N_("Top pains"), "pains"),
    (N_("Stated and measured experience"), "measured"),
    (N_("Priorities: impact and effort"), "matrix"),
    (N_("Opportunity backlog"), "backlog"),
]
MATRIX_PER_CELL = 6
STEPS_PER_CELL = 20
TOP_PAINS = 25
BACKLOG_LIMIT = 1000


def insights_context(renderer, link) -> dict:
    index = renderer.index
    catalogue = index.catalogue
    insights = compute_insights(index.maps, catalogue.channels, catalogue.phases, renderer.measures)
    rows, columns = insights.phase_rows(), insights.channel_columns()
    by_key = {(c.phase, c.channel): c for c in insights.cells}
    names = persona_names(index.personas)

    def step_url(ref: StepRef) -> str:
        return f"{link.map(ref.map_id)}#{ref.anchor}"

    backlog = insights.opportunities[:BACKLOG_LIMIT]
    macros = renderer.env.get_template("insights_macros.html").module
    return {
        **{name: getattr(macros, name) for name in ("mean", "evidence", "where")},
        "link": link,
        "insights": insights,
        "phases": catalogue.phases,
        "table": [
            (phase, [(channel, by_key.get((phase, channel))) for channel in columns]) for phase in rows
        ],
        "column_labels": [catalogue.channels.get(c).label for c in columns],
        "cell_id": cell_id,
        "colour": emotion_colour,
        "cells": [(cell, cell.worst_steps()[:STEPS_PER_CELL]) for cell in insights.cells],
        "steps_per_cell": STEPS_PER_CELL,
        "any_capped": any(len(c.steps) > STEPS_PER_CELL for c in insights.cells),
        "step_url": step_url,
        "pains": insights.pains[:TOP_PAINS],
        "backlog": backlog,
        "backlog_left_out": len(insights.opportunities) - len(backlog),
        "filters": _backlog_filters(backlog, names, renderer.translator.gettext, renderer.env.globals),
        "persona_names": names,
        "chart": heatmap_payload(insights, renderer.translator.gettext(N_("Pains by phase and channel"))),
        "echarts_src": renderer.options.echarts_url(renderer.layout.url("insights")),
        "echarts_integrity": renderer.options.echarts_integrity,
        "total_steps": sum(1 for m in insights.maps for _ in m.steps()),
        "evidence_share": insights.evidence,
        "divergences": insights.divergences(),
        "measured_steps": sum(len(insights.measures.of(m.id).steps) for m in insights.maps),
        "stated_word": stated_word,
        "number": renderer.translator.number,
        **_matrix(insights.opportunities),
    }


def _matrix(opportunities) -> dict:
    """Scored opportunities by impact (rows, 5 first) and effort (columns, 1 first): quick wins top left."""
    cells: dict[tuple[int, int], list] = {}
    for entry in opportunities:
        if entry.score is not None:
            cells.setdefault((entry.impact, entry.effort), []).append(entry)
    rows = [
        (impact, [(effort, cells.get((impact, effort), [])) for effort in RATINGS])
        for impact in RATINGS[::-1]
    ]
    return {
        "matrix": rows,
        "matrix_per_cell": MATRIX_PER_CELL,
        "scored": sum(len(c) for c in cells.values()),
    }


def _backlog_filters(
    backlog, names: dict[str, str], _, words
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    statuses = [s for s in STATUS_ORDER if any(o.status == s for o in backlog)]
    segments = sorted({o.segment for o in backlog})
    personas = sorted({p for o in backlog for p in o.personas}, key=lambda p: (names.get(p, p).casefold(), p))
    return [
        ("status", _("Status"), [(s, words["opportunity_status"](s, capital=True)) for s in statuses]),
        ("segment", _("Segment"), [(s, s) for s in segments]),
        ("persona", _("Persona"), [(p, names.get(p, p)) for p in personas]),
    ]
