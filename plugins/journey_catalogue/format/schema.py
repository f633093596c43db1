"""JSON Schemas for map and persona frontmatter, generated from the model for editors and the site."""

from __future__ import annotations

import json
from pathlib import Path

from .model import ID_PATTERN, URL_SCHEMA_PATTERN, MapFront, PersonaFront

SCHEMA_FILES = {"map": "map.schema.json", "persona": "persona.schema.json"}
SCHEMA_DIR = "schema"  # under docs/, so the site publishes them at <site>/schema/<file>
PACKAGED_SCHEMA_DIR = Path(__file__).parent  # the wheel's copies, which `journeys init` writes out


def packaged_schema(kind: str) -> Path:
    return PACKAGED_SCHEMA_DIR / SCHEMA_FILES[kind]


def json_schema(kind: str) -> dict:
    model = {"map": MapFront, "persona": PersonaFront}[kind]
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_DIR}/{SCHEMA_FILES[kind]}",
        **schema,
    }


def schema_text(kind: str) -> str:
    """The schema as committed: stable key order and a final newline, so drift shows as a diff."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


__all__ = ["ID_PATTERN", "URL_SCHEMA_PATTERN", "SCHEMA_FILES", "json_schema", "schema_text"]
