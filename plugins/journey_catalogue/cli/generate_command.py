"""`journeys generate`: write the catalogue's pages as Markdown into one folder of the docs, for engines
that run no plugin (Zensical). `--check` writes nothing and exits 1 when the folder is stale."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from pathlib import Path

from ..generate.engines import RUNS_PLUGINS, ConfigError, SiteConfig, find_config, read_config
from ..generate.output import NotOurFolder, differences, write
from ..generate.pages import ASSETS, GenerateOptions, generate, page_scripts, page_styles
from ..i18n import Translator, normalise
from .options import today

HELP = "write the catalogue's pages as Markdown into the docs folder (for Zensical); --check: only compare"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_arguments(parser)
    parser.add_argument(
        "--out",
        default="journeys",
        metavar="FOLDER",
        help="the output folder inside the docs folder, also its URL folder (default: %(default)s)",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the pages are stale")


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", "-f", type=Path, help="the site's configuration file (default: found)")
    parser.add_argument(
        "--engine",
        choices=("mkdocs", "properdocs", "zensical"),
        help="the site engine (default: from the configuration file present)",
    )


def site_config(args: argparse.Namespace) -> SiteConfig:
    if args.config is not None:
        return read_config(args.config, args.engine)
    return find_config(Path.cwd(), args.engine)


def run_generate(config: SiteConfig, folder: str, *, check: bool = False, quiet: bool = False) -> int:
    """Generate (or check) the pages for `config`; prints problems; returns the exit code."""
    theme = config.data.get("theme")
    language = normalise(theme.get("language") if isinstance(theme, dict) else None)
    options = GenerateOptions(
        folder=folder.strip("/"), repo_url=config.data.get("repo_url"), today=today(), language=language
    )
    result = generate(config.path.parent / "journeys", config.path.parent, options)
    for problem in result.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    tr = Translator(language)
    for problem in result.errors:
        print(problem.text(tr), file=sys.stderr)
    if result.errors:
        count = len(result.errors)
        print(f"journeys: {count} error{'s' if count != 1 else ''}; nothing generated", file=sys.stderr)
        return 1
    for problem in asset_problems(config, options, result.files):
        print(f"journeys: warning: {problem}", file=sys.stderr)
    docs = config.docs_dir
    if check:
        stale = differences(docs, options.folder, result.files)
        for path in stale:
            print(f"stale: {docs.name}/{path}", file=sys.stderr)
        if stale:
            print("journeys: the generated pages are stale; run `journeys generate`", file=sys.stderr)
        return 1 if stale else 0
    try:
        changed = write(docs, options.folder, result.files)
    except NotOurFolder as error:
        print(
            f"journeys: error: {error} holds files `journeys generate` did not write; choose another --out",
            file=sys.stderr,
        )
        return 1
    if not quiet:
        print(f"journeys: {len(result.files)} files in {docs / options.folder} ({len(changed)} changed)")
    return 0


def asset_problems(config: SiteConfig, options: GenerateOptions, written: Collection[str]) -> list[str]:
    """For an engine that runs no plugin, what its configuration must change to load the generated pages'
    script and stylesheet: a bundle it does not list, or a file it lists from the output folder's assets
    that is no longer written (the separate scripts and styles before issue 29 bundled them)."""
    if RUNS_PLUGINS[config.engine]:
        return []  # the plugin adds its assets itself
    problems = []
    for key, wanted in (("extra_css", page_styles(options)), ("extra_javascript", page_scripts(options))):
        entries = config.data.get(key) or []
        listed = [str(e.get("path", "")) if isinstance(e, dict) else str(e) for e in entries]
        problems += [
            f"{config.path.name} does not list {path} in {key}: the catalogue's pages need it"
            for path in wanted
            if path not in listed
        ]
        problems += [
            f"{config.path.name} lists {path} in {key}, which `journeys generate` no longer writes: remove it"
            for path in listed
            if path.startswith(f"{options.folder}/{ASSETS}/") and path not in written
        ]
    return problems


def run(args: argparse.Namespace) -> int:
    try:
        config = site_config(args)
    except ConfigError as error:
        print(f"journeys: error: {error}", file=sys.stderr)
        return 2
    return run_generate(config, args.out, check=args.check)
