"""`journeys export ID --format json|csv|mermaid|svg|png`: a map's data or chart for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..charts import image_export
from ..format.loader import Catalogue
from ..interchange.csv_format import export_csv
from ..interchange.json_format import export_json
from ..interchange.mermaid import export_mermaid
from ..render.vocabulary import chart_labels
from .options import LoadedMap, add_root_arguments, load_map, translator

HELP = "export a map as JSON, CSV (one row a step), a Mermaid journey diagram, or its chart as SVG or PNG"
EXPORTERS = {"json": export_json, "csv": export_csv, "mermaid": export_mermaid}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the map's id")
    parser.add_argument("--format", required=True, choices=sorted([*EXPORTERS, "svg", "png"]))
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write here instead of standard output; an existing file is not overwritten",
    )
    images = parser.add_argument_group("svg and png")
    images.add_argument("--scheme", choices=sorted(image_export.SCHEMES), default="light", help="colours")
    images.add_argument("--width", type=int, default=1200, help="in CSS pixels (PNG: twice as many)")
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    loaded = load_map(args)
    if isinstance(loaded, int):
        return loaded
    try:
        exported = _exported(loaded, args)
    except image_export.ImageExportError as error:
        print(f"journeys: error: {error}", file=sys.stderr)
        return 1
    if not args.output:
        if isinstance(exported, bytes):
            sys.stdout.buffer.write(exported)
        else:
            sys.stdout.write(exported)
        return 0
    return _write_file(exported, args, loaded.catalogue)


def _exported(loaded: LoadedMap, args: argparse.Namespace) -> str | bytes:
    journey, names = loaded.journey, loaded.persona_names()
    if args.format in ("svg", "png"):
        return _image(journey, loaded.catalogue, names, args)
    if args.format == "mermaid":
        return export_mermaid(journey, names)
    if args.format == "json":  # JSON also carries the links other maps make to this one
        return export_json(journey, loaded.relations())
    return EXPORTERS[args.format](journey)


def _write_file(exported: str | bytes, args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Write `--output`, which must be new and outside the catalogue's sources."""
    output = Path(args.output).resolve()
    protected = [catalogue.root.resolve(), Path(args.config).resolve().parent / "docs"]
    if any(output == p or p in output.parents for p in protected):
        print(
            f"journeys: error: will not write into {args.output}: journeys/ and docs/ hold sources",
            file=sys.stderr,
        )
        return 2
    try:
        if isinstance(exported, bytes):
            with output.open("xb") as handle:
                handle.write(exported)
        else:
            with output.open("x", encoding="utf-8", newline="") as handle:
                handle.write(exported)
    except FileExistsError:
        print(f"journeys: error: {args.output} already exists", file=sys.stderr)
        return 1
    print(f"wrote {args.output}")
    return 0


def _image(journey, catalogue, names: dict[str, str], args: argparse.Namespace) -> str | bytes:
    if not 320 <= args.width <= 8000:
        raise image_export.ImageExportError(f"--width must be from 320 to 8000 pixels, got {args.width}")
    tr = translator(args)  # the chart's words and default channel names in the catalogue's language
    channels = catalogue.channels.translated(tr.gettext)
    parts = image_export.image_parts(journey, channels, names, args.scheme, chart_labels(tr))
    svg = image_export.render_svg(parts, args.width)
    return svg if args.format == "svg" else image_export.svg_to_png(svg)
