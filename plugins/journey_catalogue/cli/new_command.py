"""`journeys new ID --from TEMPLATE`: a new draft map from a template, never overwriting a file.

`journeys new ID --future-of MAP` starts the future state of an existing map from a copy of it, which
lines up stage by stage with the map it improves on."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..authoring import new_map_text
from ..format.loader import MAPS_DIR, load_catalogue
from ..format.model import _ID_RE
from ..format.schema import SCHEMA_DIR, SCHEMA_FILES
from ..format.validate import suggestion
from .options import add_root_arguments, load, today

HELP = "start a new map (a draft) from a template, or the future state of a map"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the new map's id: lowercase letters, digits and hyphens")
    start = parser.add_mutually_exclusive_group(required=True)
    start.add_argument("--from", dest="template", metavar="TEMPLATE", help="a template's id")
    start.add_argument(
        "--future-of",
        metavar="MAP",
        help="a map's id: the new map is its future state, starting as a copy of it",
    )
    parser.add_argument("--title", help="the new map's title")
    parser.add_argument("--segment", choices=["B2B", "B2C"], help="the new map's segment")
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if not _ID_RE.match(args.id):
        print(
            f"journeys: error: '{args.id}' is not a valid id: use lowercase letters a-z, digits and single "
            "hyphens",
            file=sys.stderr,
        )
        return 2
    loaded = load(args)
    if loaded is None:
        return 2
    catalogue, _ = loaded
    source = (
        _future_source(catalogue, args.future_of) if args.future_of else _template(catalogue, args.template)
    )
    if source is None:
        return 1
    target = catalogue.root / MAPS_DIR / f"{args.id}.md"
    schema = Path(
        os.path.relpath(
            Path(args.config).resolve().parent / "docs" / SCHEMA_DIR / SCHEMA_FILES["map"],
            target.parent.resolve(),
        )
    ).as_posix()
    title = args.title or (
        f"{catalogue.maps[args.future_of].meta.title}, future state" if args.future_of else None
    )
    text = new_map_text(
        source, today=today(), schema_url=schema, title=title, segment=args.segment, future_of=args.future_of
    )
    try:
        with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"journeys: error: {target} already exists; choose another id", file=sys.stderr)
        return 1
    origin = (
        f"as the future state of '{args.future_of}'" if args.future_of else f"from template '{args.template}'"
    )
    print(f"created {target} {origin} (status: draft)")
    check = load_catalogue(catalogue.root, channels=catalogue.channels, today=today())
    problems = [p for p in check.problems if Path(p.file).stem == args.id]
    for problem in problems:
        print(problem)
    print("next: fill it in, then run `journeys validate " + str(target) + "`")
    return 0


def _template(catalogue, template_id: str) -> str | None:
    templates = sorted(m.id for m in catalogue.maps.values() if m.meta.template)
    if template_id not in templates:
        hint = suggestion(template_id, templates) or f"; templates: {', '.join(templates) or 'none'}"
        print(f"journeys: error: no template '{template_id}'{hint}", file=sys.stderr)
        return None
    return catalogue.maps[template_id].source_text


def _future_source(catalogue, map_id: str) -> str | None:
    """The text of the map to start a future state from, or None after saying why not."""
    current = catalogue.maps.get(map_id)
    if current is None:
        print(f"journeys: error: no map '{map_id}'{suggestion(map_id, catalogue.maps)}", file=sys.stderr)
        return None
    if current.meta.future_of:
        print(
            f"journeys: error: '{map_id}' is itself the future state of '{current.meta.future_of}'; "
            f"start from that map: --future-of {current.meta.future_of}",
            file=sys.stderr,
        )
        return None
    return current.path.read_text(encoding="utf-8")
