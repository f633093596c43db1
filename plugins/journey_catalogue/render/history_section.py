"""What a map page's History section and the catalogue's "changed recently" show, from the catalogue's
history (history/catalogue_history.py). No MkDocs here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..charts.map_chart import ENGLISH, add_earlier_curves
from ..format.model import JourneyMap
from ..history.catalogue_history import MAX_CURVES, CatalogueHistory, Revision, commit_url


@dataclass(frozen=True)
class RevisionRow:
    revision: Revision
    url: str | None
    curve_index: int | None  # which of the chart's earlier curves this revision's is


@dataclass
class HistoryView:
    history: CatalogueHistory
    today: dt.date
    changed_days: int = 30
    repo_url: str | None = None

    def key(self, map_id: str) -> tuple:
        """What the page's sections depend on, for the live preview's section cache."""
        return (self.history.for_map(map_id), self.history.shallow, self.repo_url, self.changed_days)

    def rows(self, map_id: str) -> list[RevisionRow]:
        history = self.history.for_map(map_id)
        rows, curves = [], 0
        for revision in history.revisions if history else ():
            index = None
            if revision.curve is not None and curves < MAX_CURVES:
                index, curves = curves, curves + 1
            rows.append(RevisionRow(revision, commit_url(self.repo_url, revision.commit.sha), index))
        return rows

    def context(self, journey: JourneyMap) -> dict:
        history = self.history.for_map(journey.id)
        return {
            "rows": self.rows(journey.id),
            "shallow": self.history.shallow,
            "older": history.older if history else 0,
        }

    def add_curves(
        self, chart: dict, journey: JourneyMap, persona_names: dict[str, str], labels=ENGLISH
    ) -> None:
        earlier = [
            (_label(row.revision), dict(row.revision.curve or ()))
            for row in self.rows(journey.id)
            if row.curve_index is not None
        ]
        add_earlier_curves(
            chart,
            journey,
            [(label, {p: list(v) for p, v in c.items()}) for label, c in earlier],
            persona_names,
            labels,
        )

    def changed_recently(self) -> dict[str, dt.date]:
        """Map id -> date of its last change, for maps changed within `changed_days` of today."""
        return {
            map_id: last.date()
            for map_id, last in self.history.last_changed().items()
            if (self.today - last.date()).days <= self.changed_days
        }


def _label(revision: Revision) -> str:
    """An earlier curve's name: "<short commit> (<date>)". history.js finds the curve's row by its first
    word, to put the row's "Show in chart" button."""
    return f"{revision.commit.short} ({revision.commit.authored.date().isoformat()})"
