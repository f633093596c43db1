"""Measured experience on a map page: the step table's measured rows, the flag where the map and the
measurement disagree, the map's evidence share and its stale sources.

Cells are Python functions (like cells.py), not macros: a map with metrics repeats them per step. A map
without measured figures gets no measured row at all, so its page is as lean as before. Every text is
escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ..catalogue.measures import (
    TREND_POINTS,
    Divergence,
    MapMeasures,
    Measured,
    Measures,
    evidence_share,
    stale_sources,
)
from ..format.model import JourneyMap
from ..i18n import N_, Translator
from .cells import signed

TREND_WORDS = {"better": N_("improving"), "worse": N_("worsening"), "level": N_("level")}
TREND_ARROWS = {"better": "▲", "worse": "▼", "level": "▶"}
DIVERGENCE_WORDS = {
    "worse": N_("Stated %(stated)s, but %(metric)s is in the worst fifth of its scale"),
    "better": N_("Stated %(stated)s, but %(metric)s is in the best fifth of its scale"),
}


def stated_word(stated: float) -> str:
    """A stated emotion as the table writes it: +1, or a persona mean such as −1.5."""
    return signed(int(stated)) if stated == int(stated) else signed(round(stated, 1))


class MeasuredCells:
    """The measured rows' cells in the interface's language."""

    def __init__(self, translator: Translator):
        self.t = translator

    def number(self, value: float) -> str:
        return self.t.number(value)

    def figure(self, measured: Measured) -> str:
        """One metric's latest figure, its period and sample, and its trend over the periods."""
        t, latest, metric = self.t, measured.latest, measured.metric
        meta = escape(latest.period.text)
        if latest.sample is not None:
            meta += Markup(", n = ") + escape(self.t.number(latest.sample))
        parts = [
            f'<p><span class="jc-metric">{escape(metric.label)}</span> '
            f"<strong>{escape(self.number(latest.value))}</strong> "
            f'<span class="jc-metric-meta">{meta}</span>'
        ]
        trend = measured.trend
        if trend is not None:
            series = " → ".join(self.number(f.value) for f in measured.figures[-TREND_POINTS:])
            word = t.gettext(TREND_WORDS[trend])
            parts.append(
                f'<br><span class="jc-trend jc-trend--{trend}">{escape(series)} '
                f'<span aria-hidden="true">{TREND_ARROWS[trend]}</span> {escape(word)}</span>'
            )
        return "".join(parts) + "</p>"

    def flag(self, divergence: Divergence) -> str:
        text = self.t.gettext(
            DIVERGENCE_WORDS[divergence.direction],
            stated=stated_word(divergence.stated),
            metric=divergence.measured.metric.label,
        )
        return f'<p class="jc-divergent jc-divergent--{divergence.direction}">⚠ {escape(text)}</p>'

    def cell(self, measured: Sequence[Measured], divergences: Sequence[Divergence] = ()) -> Markup:
        return Markup("".join(map(self.figure, measured)) + "".join(map(self.flag, divergences)))


def measured_context(
    cells: MeasuredCells, measures: Measures, journey: JourneyMap, today, stale_days: int
) -> dict:
    """What a map page's template needs of the measured experience and the evidence."""
    map_measures: MapMeasures = measures.of(journey.id)
    return {
        "measures": map_measures,
        "measured": cells.cell,
        "evidence_share": evidence_share(journey, map_measures),
        "stale_sources": stale_sources(journey, today, stale_days),
        "stale_days": stale_days,
    }
