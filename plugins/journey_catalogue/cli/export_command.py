"""`journeys export ID --format json|csv|mermaid`: a map's data for other tools (stdout or a file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..interchange.csv_format import export_csv
from ..interchange.json_format import export_json
from ..interchange.mermaid import export_mermaid
from .options import add_root_arguments, load_map

HELP = "export a map as JSON, CSV (one row a step) or a Mermaid journey diagram"
EXPORTERS = {"json": export_json, "csv": export_csv, "mermaid": export_mermaid}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the map's id")
    parser.add_argument("--format", required=True, choices=sorted(EXPORTERS))
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write here instead of standard output; an existing file is not overwritten",
    )
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    loaded = load_map(args)
    if isinstance(loaded, int):
        return loaded
    catalogue, journey = loaded
    if args.format == "mermaid":
        text = export_mermaid(journey, {p.id: p.meta.name for p in catalogue.personas.values()})
    else:
        text = EXPORTERS[args.format](journey)
    if not args.output:
        sys.stdout.write(text)
        return 0
    output = Path(args.output).resolve()
    protected = [catalogue.root.resolve(), Path(args.config).resolve().parent / "docs"]
    if any(output == p or p in output.parents for p in protected):
        print(
            f"journeys: error: will not write into {args.output}: journeys/ and docs/ hold sources",
            file=sys.stderr,
        )
        return 2
    try:
        with output.open("x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"journeys: error: {args.output} already exists", file=sys.stderr)
        return 1
    print(f"wrote {args.output}")
    return 0
