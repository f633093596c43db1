"""What exporters and importers share: how steps flatten, and how an imported map becomes a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import yaml

from ..format.model import JourneyMap, Opportunity, Pain


@dataclass
class ImportedMap:
    """A map read from another tool: frontmatter data, and what the contributor still has to fill in."""

    data: dict
    missing: list[str] = field(default_factory=list)
    actor_names: dict[str, str] = field(default_factory=dict)  # persona id -> the name it was given


def item_text(item: Pain | Opportunity) -> str:
    """`[high] text`: the qualifier in brackets, so that a spreadsheet cell or a comment keeps it."""
    qualifier = item.severity if isinstance(item, Pain) else item.status
    return f"[{qualifier}] {item.text}"


def parse_item(text: str, kind: str) -> str | dict:
    """The inverse of item_text: `[high] x` -> {text: x, severity: high}; anything else stays plain."""
    text = text.strip()
    key = "severity" if kind == "pains" else "status"
    allowed = ("low", "medium", "high") if kind == "pains" else ("idea", "planned", "in-progress", "done")
    if text.startswith("[") and "] " in text:
        qualifier, rest = text[1:].split("] ", 1)
        if qualifier in allowed:
            return {"text": rest, key: qualifier}
    return text


def emotion_value(journey: JourneyMap, step) -> int | dict | None:
    if step.emotion is None or isinstance(step.emotion, int):
        return step.emotion
    return dict(step.emotion)


def draft_frontmatter(title: str, stages: list[dict], personas: list[str], today: dt.date) -> ImportedMap:
    """Frontmatter for an imported map: what the source gave, plus clearly marked gaps."""
    missing = [
        "summary: one or two sentences on whose journey this is",
        "segment: B2B or B2C",
        "industry: e.g. Retail banking",
        "owner: the team that keeps this map up to date",
    ]
    if not personas:
        missing.append("personas: ids of persona files in journeys/personas/")
    # ids first in each stage, as people write them
    stages = [{k: stage[k] for k in ("id", "name", "steps") if k in stage} for stage in stages]
    data = {
        "title": title,
        "summary": None,
        "segment": None,
        "industry": None,
        "personas": personas,
        "owner": None,
        "updated": today,
        "status": "draft",
        "stages": stages,
    }
    return ImportedMap(data, missing)


def map_file_text(data: dict, body: str = "", modeline: str | None = None) -> str:
    """A map file: `---`, the frontmatter as readable YAML, `---`, then the body."""
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    # An empty value with a reminder reads better than YAML's `null`.
    front = (
        "\n".join(
            f"{line[:-5]}  # TODO: fill in" if line.endswith(": null") and not line.startswith(" ") else line
            for line in front.splitlines()
        )
        + "\n"
    )
    head = f"# yaml-language-server: $schema={modeline}\n" if modeline else ""
    return f"---\n{head}{front}---\n{body.strip()}\n" if body.strip() else f"---\n{head}{front}---\n"
