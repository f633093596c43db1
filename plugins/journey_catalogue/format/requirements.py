"""Rules a catalogue may ask for beyond the format: `require_sources_for` refuses pains of a severity (or
worse) that cite no research source. Off by default; `journeys validate` and the build both apply it."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n import N_
from .loader import parse_file
from .model import JourneyMap
from .problems import Message, Problem

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
REQUIRE_CHOICES = ("off", "high", "medium", "low")


def unsourced_pain_problems(maps: Iterable[JourneyMap], minimum: str, display) -> list[Problem]:
    """An error, located in its map file, for each pain of severity `minimum` or worse without sources.
    `display(path)` is the path as messages show it. Nothing when `minimum` is "off"."""
    if minimum not in SEVERITY_RANK:
        return []
    floor = SEVERITY_RANK[minimum]
    problems = []
    for journey in maps:
        found = [
            (("stages", p.stage_index, "steps", p.step_index, "pains", k), pain.severity)
            for p in journey.steps()
            for k, pain in enumerate(p.step.pain_items())
            if SEVERITY_RANK[pain.severity] >= floor and not pain.sources
        ]
        if not found:
            continue
        parsed = parse_file(journey.path, "map", display(journey.path))  # only to locate, so only here
        for path, severity in found:
            message = Message(
                N_(
                    "a %(severity)s-severity pain must cite a research source (the catalogue's "
                    "require_sources_for is %(minimum)s): add `sources: [source-id]`"
                ),
                severity=severity,
                minimum=minimum,
            )
            problems.append(parsed.problem(path, message))
    return problems
