"""The format reference in the docs, generated from the model so that it cannot drift from it.

`python -m journey_catalogue.format.reference --write` refreshes the generated part of
docs/reference/format.md (between the markers); a test fails when the committed page differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import BaseModel

from .channels import DEFAULT_CHANNELS
from .model import (
    ID_PATTERN,
    URL_SCHEMA_PATTERN,
    Kpi,
    MapFront,
    Opportunity,
    Pain,
    PersonaFront,
    Source,
    Stage,
    Step,
)
from .phases import DEFAULT_PHASES

START, END = (
    "<!-- generated: format reference (do not edit by hand) -->",
    "<!-- end of generated reference -->",
)
SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("Map", MapFront),
    ("Stage", Stage),
    ("Step", Step),
    ("Pain", Pain),
    ("Opportunity", Opportunity),
    ("Source", Source),
    ("KPI", Kpi),
    ("Persona", PersonaFront),
]
_ANCHORS = {model.__name__: name.lower() for name, model in SECTIONS}


def type_name(schema: dict) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name if name != 'Kpi' else 'KPI'}](#{_ANCHORS.get(name, name.lower())})"
    if "anyOf" in schema:
        return " or ".join(type_name(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "oneOf" in schema:
        return " or ".join(type_name(s) for s in schema["oneOf"])
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type")
    if kind == "array":
        return f"list of {type_name(schema.get('items', {}))}"
    if kind == "object":
        if "patternProperties" in schema:
            (value,) = schema["patternProperties"].values()
            return f"mapping of persona id to {type_name(value)}"
        return "mapping"
    if kind == "integer":
        if "minimum" in schema and "maximum" in schema:
            return f"integer {schema['minimum']}..{schema['maximum']}"
        return "integer ≥ 0" if schema.get("minimum") == 0 else "integer"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "string" and schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string" and schema.get("pattern") == ID_PATTERN:
        return "id"
    if kind == "string" and schema.get("pattern") == URL_SCHEMA_PATTERN:
        return "link (http, https, mailto or relative)"
    return "text"


def _default(spec: dict) -> str:
    if "default" not in spec or spec["default"] is None:
        return ""
    value = spec["default"]
    if value == [] or value == {}:
        return "empty"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def _row(name: str, spec: dict, required: bool) -> str:
    cells = [
        f"`{name}`",
        type_name(spec),
        "yes" if required else "",
        _default(spec),
        spec.get("description", "").replace("|", "\\|").replace("\n", " "),
    ]
    return "| " + " | ".join(cells) + " |"


def _section(title: str, model: type[BaseModel]) -> list[str]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    lines = [
        f"### {title}",
        "",
        schema.get("description", ""),
        "",
        "| Field | Type | Required | Default | Meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [_row(name, spec, name in required) for name, spec in schema["properties"].items()]
    return lines + [""]


def generated_markdown() -> str:
    lines: list[str] = []
    for title, model in SECTIONS:
        lines += _section(title, model)
    lines += [
        "### Channels",
        "",
        "The default channel vocabulary; a site extends or replaces it in `mkdocs.yml`.",
        "",
        "| Id | Label | Icon |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{c.id}` | {c.label} | :{c.icon.replace('/', '-')}: `{c.icon}` |" for c in DEFAULT_CHANNELS]
    lines += [
        "",
        "### Phases",
        "",
        "The default phase vocabulary, in the order insights show it; a site replaces it with the plugin's",
        "`phases` option in `mkdocs.yml`.",
        "",
        "| Id | Label |",
        "| --- | --- |",
    ]
    lines += [f"| `{p.id}` | {p.label} |" for p in DEFAULT_PHASES]
    return "\n".join(lines) + "\n"


def replace_generated(page: str, start: str, end: str, content: str) -> str:
    """The page with the part between two marker comments replaced by `content`."""
    head, _, rest = page.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n\n{content}\n{end}{tail}"


def refresh(page: str) -> str:
    """The page with its generated part replaced by the current model's reference."""
    return replace_generated(page, START, END, generated_markdown())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write",
        action="store_true",
        help="rewrite docs/reference/format.md and the schemas (docs and package)",
    )
    parser.add_argument("--docs", default="docs", help="the docs folder (default: %(default)s)")
    args = parser.parse_args(argv)
    from .schema import SCHEMA_DIR, SCHEMA_FILES, packaged_schema, schema_text

    docs = Path(args.docs)
    targets = {
        docs / "reference" / "format.md": refresh((docs / "reference" / "format.md").read_text("utf-8"))
    }
    targets |= {docs / SCHEMA_DIR / name: schema_text(kind) for kind, name in SCHEMA_FILES.items()}
    targets |= {packaged_schema(kind): schema_text(kind) for kind in SCHEMA_FILES}  # package data
    stale = [p for p, text in targets.items() if not p.exists() or p.read_text("utf-8") != text]
    if args.write:
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(targets[path], encoding="utf-8")
    for path in stale:
        print(f"{'rewrote' if args.write else 'stale'}: {path}")
    return 1 if stale and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
