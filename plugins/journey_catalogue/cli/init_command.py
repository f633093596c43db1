"""`journeys init DIR`: scaffold a new catalogue repository, never overwriting a file."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..authoring.scaffolding import ENGINES, SERVE_COMMAND, scaffold, write
from ..format.model import LANGUAGE_PATTERN
from .options import today

HELP = "start a new catalogue repository in DIR (site, starter map, CI, pre-commit, editor settings)"
_IGNORED = {".git"}  # a fresh clone is still an empty catalogue


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="DIR", help="where to create the catalogue (created if missing)")
    parser.add_argument("--name", help="the site's name (default: from DIR)")
    parser.add_argument(
        "--site-url",
        default="http://127.0.0.1:8000/",
        help="where the site will live; CI sets the GitHub Pages address itself (default: %(default)s)",
    )
    parser.add_argument("--repo-url", help="the repository's URL, for 'edit this page' links")
    parser.add_argument("--empty", action="store_true", help="no starter map and persona")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="the site engine: its configuration, CI and README (default: %(default)s; docs/engines.md)",
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="the site's language (theme.language), e.g. ru or pl: navigation, home page and README in it "
        "where the package has them (default: English)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="scaffold into a non-empty DIR: add the missing files, keep (and list) every existing one",
    )


def _default_name(directory: Path) -> str:
    words = directory.resolve().name.replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "Journey catalogue"


def run(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if directory.exists() and not directory.is_dir():
        print(f"journeys: error: {directory} exists and is not a folder", file=sys.stderr)
        return 2
    present = (
        sorted(p.name for p in directory.iterdir() if p.name not in _IGNORED) if directory.is_dir() else []
    )
    if present and not args.force:
        shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
        print(
            f"journeys: error: {directory} is not empty ({shown}); choose an empty folder, or add --force "
            "to add the missing files and keep every existing one",
            file=sys.stderr,
        )
        return 1
    if args.language and not re.fullmatch(LANGUAGE_PATTERN, args.language):
        print(
            "journeys: error: --language: expected a language code such as ru, pl or pt-BR, "
            f"got {args.language!r}",
            file=sys.stderr,
        )
        return 2
    site_url = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
    plan = scaffold(
        site_name=args.name or _default_name(directory),
        site_url=site_url,
        repo_url=args.repo_url,
        today=today(),
        empty=args.empty,
        engine=args.engine,
        language=args.language,
    )
    try:
        written = write(plan, directory)
    except OSError as error:
        print(
            f"journeys: error: cannot write into {directory}: {error.strerror} ({error.filename})",
            file=sys.stderr,
        )
        return 1
    for relative in written.created:
        print(f"created {directory / relative}")
    for relative in written.kept:
        print(
            f"kept    {directory / relative} (it exists; compare it with a fresh `journeys init` to update)"
        )
    print(_next_steps(directory, args.empty, SERVE_COMMAND[args.engine]))
    return 0


def _next_steps(directory: Path, empty: bool, serve: str) -> str:
    first = (
        "journeys new my-map --from b2c-generic-journey"
        if empty
        else "edit journeys/maps/example-card-replacement.md"
    )
    return (
        f"\nnext, in {directory}:\n"
        f"  {first}\n"
        "  journeys validate\n"
        f"  {serve:<22}  # preview at http://127.0.0.1:8000/\n"
        "then push to GitHub and set Settings → Pages → Source: GitHub Actions"
    )
