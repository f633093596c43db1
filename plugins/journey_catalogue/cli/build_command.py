"""`journeys build`: build the site with the catalogue's engine (mkdocs, properdocs or zensical), generating
the pages first when the engine runs no plugin. `journeys serve` (serve_command.py) shares it."""

from __future__ import annotations

import argparse
import subprocess
import sys

from ..generate.engines import RUNS_PLUGINS, ConfigError, SiteConfig, plugin_not_run_message
from .generate_command import add_config_arguments, run_generate, site_config

HELP = (
    "build the site with the catalogue's engine (mkdocs, properdocs or zensical), generating pages if needed"
)
GENERATED_FOLDER = "journeys"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_arguments(parser)
    parser.add_argument("--no-strict", action="store_true", help="do not stop on the engine's warnings")


def engine_command(config: SiteConfig, action: str, strict: bool) -> list[str]:
    command = [sys.executable, "-m", config.engine, action, "-f", str(config.path)]
    return command + (["--strict"] if strict and action == "build" else [])


def prepare(args: argparse.Namespace) -> tuple[SiteConfig | None, int]:
    """The configuration, with the pages generated when its engine needs them; or an exit code."""
    try:
        config = site_config(args)
    except ConfigError as error:
        print(f"journeys: error: {error}", file=sys.stderr)
        return None, 2
    problem = plugin_not_run_message(config)
    if problem:
        print(f"journeys: error: {problem}", file=sys.stderr)
        return None, 1
    if not RUNS_PLUGINS[config.engine]:
        code = run_generate(config, GENERATED_FOLDER)
        if code:
            return None, code
    return config, 0


def run(args: argparse.Namespace) -> int:
    config, code = prepare(args)
    if config is None:
        return code
    try:
        return subprocess.call(engine_command(config, "build", not args.no_strict))
    except KeyboardInterrupt:
        return 130
