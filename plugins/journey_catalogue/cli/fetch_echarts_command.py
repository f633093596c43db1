"""`journeys fetch-echarts`: download the pinned ECharts release again and check the bundled copy.

The package already carries the script (assets/vendor/); this is for maintainers, who check the committed
copy against the release or, after changing the pins in assets/__init__.py, bump it with --write.
"""

from __future__ import annotations

import argparse
import sys

from ..assets import ECHARTS_SCRIPT_SHA512, ECHARTS_VERSION, FetchError, fetch_echarts, script_digest

HELP = f"download ECharts {ECHARTS_VERSION} again (via npm) and check the bundled copy against it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--write", action="store_true", help="replace the bundled script and licence files with the release's"
    )


def run(args: argparse.Namespace) -> int:
    try:
        path, matched = fetch_echarts(write=args.write)
    except FetchError as error:
        print(f"journeys: error: {error}", file=sys.stderr)
        return 1
    if matched:
        print(f"ECharts {ECHARTS_VERSION}: the bundled copy matches the release ({path})")
        return 0
    if args.write:
        print(f"ECharts {ECHARTS_VERSION}: installed the release's files at {path.parent}")
        digest = script_digest(path.read_bytes())
        if digest != ECHARTS_SCRIPT_SHA512:
            print(f"now set ECHARTS_SCRIPT_SHA512 in journey_catalogue/assets/__init__.py to {digest}")
        return 0
    print(
        f"journeys: error: the bundled ECharts at {path.parent} differs from the {ECHARTS_VERSION} release; "
        "run `journeys fetch-echarts --write` to replace it",
        file=sys.stderr,
    )
    return 1
