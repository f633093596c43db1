"""`journeys new ID --from TEMPLATE`: a new draft map from a template, never overwriting a file."""

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

HELP = "start a new map (a draft) from a template"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the new map's id: lowercase letters, digits and hyphens")
    parser.add_argument("--from", dest="template", required=True, metavar="TEMPLATE", help="a template's id")
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
    templates = sorted(m.id for m in catalogue.maps.values() if m.meta.template)
    if args.template not in templates:
        hint = suggestion(args.template, templates) or f"; templates: {', '.join(templates) or 'none'}"
        print(f"journeys: error: no template '{args.template}'{hint}", file=sys.stderr)
        return 1
    target = catalogue.root / MAPS_DIR / f"{args.id}.md"
    schema = Path(
        os.path.relpath(
            Path(args.config).resolve().parent / "docs" / SCHEMA_DIR / SCHEMA_FILES["map"],
            target.parent.resolve(),
        )
    ).as_posix()
    text = new_map_text(
        catalogue.maps[args.template].source_text,
        today=today(),
        schema_url=schema,
        title=args.title,
        segment=args.segment,
    )
    try:
        with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"journeys: error: {target} already exists; choose another id", file=sys.stderr)
        return 1
    print(f"created {target} from template '{args.template}' (status: draft)")
    check = load_catalogue(catalogue.root, channels=catalogue.channels, today=today())
    problems = [p for p in check.problems if Path(p.file).stem == args.id]
    for problem in problems:
        print(problem)
    print("next: fill it in, then run `journeys validate " + str(target) + "`")
    return 0
