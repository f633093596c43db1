"""`journeys list`: the catalogue's maps with segment, status and review state."""

from __future__ import annotations

import argparse
import sys

from ..authoring.starters import add_starter_templates
from ..catalogue.index import CatalogueIndex
from .options import add_root_arguments, load, site_language, today
from .terminal import list_table

HELP = "list maps (and the packaged starter templates) with segment, status and review state"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--segment", choices=["B2B", "B2C"])
    parser.add_argument("--status", choices=["draft", "published", "archived"])
    parser.add_argument("--persona", metavar="ID", help="only maps with this persona")
    parser.add_argument("--tag", help="only maps with this tag")
    parser.add_argument("--needs-review", action="store_true", help="only maps due for review")
    parser.add_argument("--templates", action="store_true", help="only templates")
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    loaded = load(args)
    if loaded is None:
        return 2
    catalogue, options = loaded
    if options.get("starter_templates", True):  # the packaged templates, as the site's gallery shows them
        add_starter_templates(catalogue, today(), site_language(args))
    index = CatalogueIndex(catalogue, today(), int(options.get("review_days", 180)))
    maps = [
        m
        for m in index.maps
        if (not args.segment or m.meta.segment == args.segment)
        and (not args.status or m.meta.status == args.status)
        and (not args.persona or args.persona in m.meta.personas)
        and (not args.tag or args.tag in m.meta.tags)
        and (not args.needs_review or index.facts[m.id].needs_review)
        and (not args.templates or m.meta.template)
    ]
    sys.stdout.write(list_table(index, maps))
    if catalogue.errors:
        print(
            f"({len(catalogue.errors)} problems hide invalid maps; run `journeys validate`)", file=sys.stderr
        )
    return 0
