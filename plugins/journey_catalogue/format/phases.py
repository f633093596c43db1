"""The phase vocabulary: the catalogue-wide phases a stage may belong to, in journey order.

Stages are named freely per map ("Book", "Find a flight"); a phase is the shared bucket they fall in, so
that insights can compare pains across maps. A site replaces the defaults with its own list in the
plugin's `phases` option; order is the order insights show them in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..i18n import N_
from .model import ID_RE
from .problems import Path_
from .validate import Finding, suggestion


@dataclass(frozen=True)
class Phase:
    id: str
    label: str


DEFAULT_PHASES: tuple[Phase, ...] = (
    Phase("awareness", N_("Awareness")),
    Phase("consideration", N_("Consideration")),
    Phase("purchase", N_("Purchase")),
    Phase("onboarding", N_("Onboarding")),
    Phase("usage", N_("Usage")),
    Phase("support", N_("Support")),
    Phase("loyalty", N_("Loyalty")),
)


class PhaseVocabularyError(ValueError):
    """The `phases` option itself is malformed (a site configuration error, not a map's)."""


def _label_for(phase_id: str) -> str:
    known = {p.id: p.label for p in DEFAULT_PHASES}
    return known.get(phase_id) or phase_id.replace("-", " ").capitalize()


class PhaseVocabulary:
    """Phases by id, in order."""

    def __init__(self, phases: Iterable[Phase], no_phase: str = N_("No phase")):
        self.no_phase = no_phase
        self._by_id = {p.id: p for p in phases}
        self._order = {phase_id: n for n, phase_id in enumerate(self._by_id)}

    @classmethod
    def build(cls, custom: Any = None) -> PhaseVocabulary:
        """The defaults, or a site's own list replacing them. Each item is an id (`support`), a mapping
        `{id: label}` or `{id: ..., label: ...}`; an id alone takes the default label or a capitalised id."""
        if not custom:
            return cls(DEFAULT_PHASES)
        if not isinstance(custom, list):
            raise PhaseVocabularyError("expected a list of phase ids or {id: label} mappings")
        phases: list[Phase] = []
        for n, item in enumerate(custom):
            if isinstance(item, str):
                phase_id, label = item, _label_for(item)
            elif isinstance(item, dict) and set(item) <= {"id", "label"} and "id" in item:
                phase_id, label = item["id"], item.get("label")
            elif isinstance(item, dict) and len(item) == 1:
                ((phase_id, label),) = item.items()
            else:
                raise PhaseVocabularyError(f"phases[{n}]: expected an id or a mapping {{id: label}}")
            if not isinstance(phase_id, str) or not ID_RE.match(phase_id):
                raise PhaseVocabularyError(
                    f"phases[{n}]: expected an id of lowercase letters a-z, digits and single hyphens, "
                    f"got {phase_id!r}"
                )
            if any(p.id == phase_id for p in phases):
                raise PhaseVocabularyError(f"phases[{n}]: phase '{phase_id}' is listed twice")
            phases.append(Phase(phase_id, str(label) if label not in (None, "") else _label_for(phase_id)))
        return cls(phases)

    def translated(self, gettext: Callable[[str], str]) -> PhaseVocabulary:
        """The same phases with each default label (one a site did not rename) in the site's language."""
        defaults = {p.id: p.label for p in DEFAULT_PHASES}
        return PhaseVocabulary(
            [Phase(p.id, gettext(p.label)) if defaults.get(p.id) == p.label else p for p in self],
            gettext(self.no_phase),
        )

    def __contains__(self, phase_id: object) -> bool:
        return phase_id in self._by_id

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PhaseVocabulary) and list(self) == list(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def ids(self) -> list[str]:
        return list(self._by_id)

    def label(self, phase_id: str | None) -> str:
        if phase_id is None:
            return self.no_phase
        phase = self._by_id.get(phase_id)
        return phase.label if phase else phase_id

    def order(self, phase_id: str | None) -> int:
        """Sort key: vocabulary order, unknown ids after, stages without a phase last."""
        if phase_id is None:
            return len(self._by_id) + 1
        return self._order.get(phase_id, len(self._by_id))


def phase_findings(data: dict, phases: PhaseVocabulary) -> list[Finding]:
    """Each stage's `phase` must be in the site's vocabulary. Raw data, so it runs even where types are
    wrong (the model reports a phase that is not an id at all)."""
    findings: list[Finding] = []
    stages = data.get("stages")
    for s, stage in enumerate(stages if isinstance(stages, list) else []):
        phase = stage.get("phase") if isinstance(stage, dict) else None
        if isinstance(phase, str) and phase not in phases:
            path: Path_ = ("stages", s, "phase")
            hint = suggestion(phase, phases.ids()) or f"; phases: {', '.join(phases.ids())}"
            findings.append(Finding(path, f"unknown phase '{phase}'{hint}"))
    return findings
