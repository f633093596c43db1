"""`journeys import mermaid|csv FILE [--id ID]`: a new draft map from another tool's data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slugify import slugify

from ..format.loader import MAPS_DIR, load_catalogue
from ..format.model import ID_RE
from ..interchange.common import map_file_text
from ..interchange.csv_format import CsvImportError, import_csv
from ..interchange.mermaid import MermaidImportError, import_mermaid
from .options import add_root_arguments, resolve, today

HELP = "import a map from a Mermaid journey diagram or a CSV (the export's layout)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=["mermaid", "csv"], help="the file's format")
    parser.add_argument("file", help="the file to import")
    parser.add_argument("--id", help="the new map's id (default: from the title, else the file name)")
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"journeys: error: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    fallback_title = (
        source.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Imported journey"
    )
    root, channels, _ = resolve(args)
    catalogue = load_catalogue(root, channels=channels, today=today())
    try:
        if args.kind == "mermaid":
            imported = import_mermaid(text, fallback_title, today(), _persona_lookup(catalogue))
        else:
            imported = import_csv(text, fallback_title, today())
    except (CsvImportError, MermaidImportError) as error:
        print(f"journeys: error: {args.file}: {error}", file=sys.stderr)
        return 1
    map_id = args.id or slugify(imported.data["title"]) or slugify(source.stem)
    if not ID_RE.match(map_id):
        print(f"journeys: error: '{map_id}' is not a valid id; pass --id", file=sys.stderr)
        return 2
    target = root / MAPS_DIR / f"{map_id}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(map_file_text(imported.data, f"Imported from {source.name}."))
    except FileExistsError:
        print(f"journeys: error: {target} already exists; pass another --id", file=sys.stderr)
        return 1
    print(f"created {target} (status: draft)")
    missing = list(imported.missing)
    missing += [
        f"personas: create journeys/personas/{p}.md{_named(imported.actor_names.get(p), p)}"
        " (or use an existing persona id)"
        for p in imported.data["personas"]
        if p not in catalogue.personas
    ]
    if missing:
        print("Fill in before the map validates:")
        for item in missing:
            print(f"  - {item}")
    return 0


def _persona_lookup(catalogue) -> dict[str, str]:
    """An actor in another tool is matched to a persona by its id or its name, whatever the case."""
    lookup = {p.meta.name.strip().lower(): p.id for p in catalogue.personas.values()}
    return lookup | {p.lower(): p for p in catalogue.personas}


def _named(name: str | None, persona_id: str) -> str:
    return f" (name: {name})" if name and name != persona_id else ""
