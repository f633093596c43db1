"""`journeys show ID`: one map as readable text in the terminal."""

from __future__ import annotations

import argparse
import sys

from .options import add_root_arguments, load_map
from .terminal import show_map

HELP = "show one map, stage by stage, in the terminal"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the map's id (its file name without .md)")
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    loaded = load_map(args)
    if isinstance(loaded, int):
        return loaded
    titles = {m.id: m.meta.title for m in loaded.catalogue.maps.values()}
    sys.stdout.write(
        show_map(loaded.journey, loaded.persona_names(), relations=loaded.relations(), titles=titles)
    )
    return 0
