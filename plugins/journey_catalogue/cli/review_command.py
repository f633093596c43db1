"""`journeys review --base REV [--head REV]`: what a pull request changes in the catalogue, for reviewers.

Markdown for a pull-request comment or the job summary (GitHub renders its Mermaid chart), or JSON. The
head's validation problems follow the report (on stderr too, with file:line:col) and make it exit 1.
"""

from __future__ import annotations

import argparse
import sys

from ..format.loader import load_catalogue
from ..format.model import persona_names
from ..history.git_log import GitUnavailable
from ..history.review import build_review, catalogue_at
from ..interchange.review_report import json_report, markdown_report
from .options import add_root_arguments, resolve, today, translator

HELP = "report what changed in maps and personas between two git revisions, for a pull-request review"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base", required=True, metavar="REV", help="the branch the changes go into, e.g. origin/main"
    )
    parser.add_argument("--head", metavar="REV", help="the revision under review (default: the working tree)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format")
    parser.add_argument(
        "--site-url", metavar="URL", help="link each map to its page here (default: mkdocs.yml's site_url)"
    )
    add_root_arguments(parser)


def _site_url(args: argparse.Namespace) -> str | None:
    if args.site_url:
        return args.site_url
    try:
        import yaml

        with open(args.config, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("site_url:"):
                    value = yaml.safe_load(line.partition(":")[2])
                    return value if isinstance(value, str) else None
    except (OSError, yaml.YAMLError):
        return None
    return None


def run(args: argparse.Namespace) -> int:
    root, channels, _ = resolve(args)
    if not root.is_dir():
        print(f"journeys: error: no journeys folder at {root}", file=sys.stderr)
        return 2
    catalogue = load_catalogue(root, channels=channels, today=today()) if not args.head else None
    try:
        if catalogue is not None:
            head_maps, names = catalogue.maps, persona_names(catalogue.personas.values())
        else:
            head_maps, names = catalogue_at(root, args.head)
        review = build_review(root, args.base, args.head, head_maps, names)
    except GitUnavailable as error:
        print(f"journeys: error: {error}", file=sys.stderr)
        return 1
    if catalogue is not None:
        review.problems = catalogue.errors  # the whole catalogue's checks, not one file's
    data = review.as_dict()
    tr = translator(args)
    if args.format == "json":  # language-neutral, for scripts
        sys.stdout.write(json_report(data))
    else:  # for people: in the catalogue's language, problems included
        data["problems"] = [
            dict(d, text=p.text(tr)) for d, p in zip(data["problems"], review.problems, strict=True)
        ]
        sys.stdout.write(markdown_report(data, _site_url(args), translator=tr))
    for problem in review.problems:
        print(problem.text(tr), file=sys.stderr)
    return 1 if review.problems else 0
