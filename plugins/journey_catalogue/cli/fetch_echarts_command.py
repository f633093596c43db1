"""`journeys fetch-echarts`: install the pinned, integrity-checked ECharts script the site self-hosts."""

from __future__ import annotations

import argparse
import sys

from ..assets import ECHARTS_VERSION, FetchError, fetch_echarts

HELP = f"download ECharts {ECHARTS_VERSION} once (via npm), check its integrity and install it for the site"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="fetch again even when already installed")


def run(args: argparse.Namespace) -> int:
    try:
        path = fetch_echarts(force=args.force)
    except FetchError as error:
        print(f"journeys: error: {error}", file=sys.stderr)
        return 1
    print(f"ECharts {ECHARTS_VERSION}: {path}")
    return 0
