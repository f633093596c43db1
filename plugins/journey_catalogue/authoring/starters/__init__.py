"""Starter templates shipped with the package: B2B and B2C maps that every catalogue's gallery and
`journeys new --from` offer beside the catalogue's own `template: true` maps.

The files under maps/ and personas/ here are a small catalogue of their own, written as they would sit in
a catalogue's journeys/ folder (their schema modelines point at docs/schema/ from journeys/maps/, where a
download from the gallery lands). A catalogue's own map or persona wins over a starter with the same id.
Starters are checked against the catalogue's channel vocabulary: one that uses a channel the catalogue
does not have (`default_channels: false`) is left out, and the merge says so.

A language folder (ru/, pl/) holds the same starters, same ids, written in that language: a catalogue
whose site language has one gets those, every other catalogue the English ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ...format.channels import ChannelVocabulary
from ...format.loader import MAPS_DIR, PERSONAS_DIR, Catalogue, load_catalogue
from ...format.model import JourneyMap
from ...i18n import normalise

STARTERS_ROOT = Path(__file__).parent  # holds maps/ and personas/, like a journeys folder


def starters_root(language: str | None = None) -> Path:
    """The starters written in `language` (`ru`, `pl-PL`), or the English ones where there are none."""
    own = STARTERS_ROOT / normalise(language).split("_")[0]
    return own if language and (own / MAPS_DIR).is_dir() else STARTERS_ROOT


def starter_languages() -> list[str]:
    """The languages the starters are written in besides English."""
    return sorted(p.parent.name for p in STARTERS_ROOT.glob(f"*/{MAPS_DIR}") if p.is_dir())


@dataclass
class StarterMerge:
    """What adding the starters to a catalogue did, for the build log and the CLI."""

    added: list[str] = field(default_factory=list)  # starter template ids now in the catalogue
    shadowed: list[tuple[str, Path]] = field(default_factory=list)  # (id, the catalogue's own file that won)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (id, why it does not fit this catalogue)

    def messages(self) -> list[str]:
        lines = [
            f"the catalogue's own {path.name} replaces the packaged starter template '{map_id}'"
            for map_id, path in self.shadowed
        ]
        lines += [
            f"the packaged starter template '{map_id}' is left out: {why}" for map_id, why in self.left_out
        ]
        return lines


def load_starters(channels: ChannelVocabulary, today: dt.date, language: str | None = None) -> Catalogue:
    """The packaged starters in the catalogue's language, validated with the catalogue's channels."""
    root = starters_root(language)
    return load_catalogue(root, channels=channels, base=root, today=today)


def is_starter(journey: JourneyMap) -> bool:
    return journey.path.resolve().is_relative_to(STARTERS_ROOT.resolve())


def add_starter_templates(catalogue: Catalogue, today: dt.date, language: str | None = None) -> StarterMerge:
    """Add the starter templates (and the personas they need) that the catalogue has no file for, in the
    catalogue's language where the starters are written in it."""
    starters = load_starters(catalogue.channels, today, language)
    merge = StarterMerge()
    for problem in starters.errors:
        map_id = Path(problem.file).stem
        if Path(problem.file).parts[0] == MAPS_DIR and all(map_id != m for m, _ in merge.left_out):
            merge.left_out.append((map_id, f"{problem.field or 'file'}: {problem.message}"))
    for map_id, journey in sorted(starters.maps.items()):
        own = catalogue.maps.get(map_id)
        if own is not None:
            merge.shadowed.append((map_id, own.path))
            continue
        needed = [p for p in journey.meta.personas if p not in catalogue.personas]
        missing = [p for p in needed if p not in starters.personas]
        if missing:  # its packaged persona did not fit this catalogue's channels
            merge.left_out.append((map_id, f"its persona '{missing[0]}' does not fit this catalogue"))
            continue
        catalogue.maps[map_id] = journey
        catalogue.personas.update({p: starters.personas[p] for p in needed})
        merge.added.append(map_id)
    return merge


def starter_persona_file(starter: JourneyMap, persona_id: str) -> Path:
    """The placeholder persona packaged beside a starter map, in the starter's language."""
    return starter.path.parents[1] / PERSONAS_DIR / f"{persona_id}.md"
