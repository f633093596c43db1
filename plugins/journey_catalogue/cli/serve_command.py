"""`journeys serve`: preview the site with the catalogue's engine; for an engine that runs no plugin,
the pages are regenerated whenever a file under journeys/ changes (the engine then reloads them)."""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from ..generate.engines import RUNS_PLUGINS
from .build_command import GENERATED_FOLDER, engine_command, prepare
from .generate_command import add_config_arguments, run_generate

HELP = "preview the site with the catalogue's engine; regenerates pages when journeys/ changes"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_arguments(parser)
    parser.add_argument("--dev-addr", "-a", default="127.0.0.1:8000", help="address (default: %(default)s)")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*")) if p.is_file()
    }


def run(args: argparse.Namespace) -> int:
    config, code = prepare(args)
    if config is None:
        return code
    process = subprocess.Popen([*engine_command(config, "serve", False), "-a", args.dev_addr])
    journeys = config.path.parent / "journeys"
    seen = _snapshot(journeys)
    try:
        while process.poll() is None:
            time.sleep(0.5)
            if RUNS_PLUGINS[config.engine]:
                continue  # the plugin watches journeys/ itself
            now = _snapshot(journeys)
            if now != seen:
                seen = now
                run_generate(config, GENERATED_FOLDER)
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        return 130
    return process.returncode
