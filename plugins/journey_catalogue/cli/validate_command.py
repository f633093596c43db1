"""`journeys validate [PATH...]`: every problem in every file, then a one-line summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..format.loader import load_catalogue
from ..format.metrics import load_metrics, metrics_files, shown_path
from ..format.parallel_check import MAPS_PER_WORKER, check_catalogue
from ..format.problems import printable, worded
from ..format.requirements import unsourced_pain_problems
from ..i18n import N_plural, Translator
from .options import (
    add_path_arguments,
    add_root_arguments,
    measure_options,
    resolve_with_phases,
    selected_paths,
    translator,
)

HELP = "check maps, personas and metrics files; exit 0 when valid, 1 when not"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_arguments(
        parser,
        help="files or folders to report on (default: the whole catalogue); the whole "
        "catalogue is still read, so references between files are checked",
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: also print GitHub Actions annotations, so problems show on the pull request",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help=f"worker processes (default: one per CPU, at most one per {MAPS_PER_WORKER} maps)",
    )
    add_root_arguments(parser)


_MAPS = N_plural("%(num)d map", "%(num)d maps")
_PERSONAS = N_plural("%(num)d persona", "%(num)d personas")
_ERRORS = N_plural("%(num)d error", "%(num)d errors")
_FILES = N_plural("%(num)d file", "%(num)d files")
_WARNINGS = N_plural("%(num)d warning", "%(num)d warnings")


def _summary(tr: Translator, counts: dict, errors: int, files: int, warnings: int) -> str:
    """'3 maps, 2 personas: 2 errors in 1 file (1 warning)', in the translator's language."""
    checked = tr.gettext(
        "%(maps)s, %(personas)s",
        maps=tr.ngettext(*_MAPS, counts["map"]),
        personas=tr.ngettext(*_PERSONAS, counts["persona"]),
    )
    if errors:
        result = tr.gettext(
            "%(errors)s in %(files)s", errors=tr.ngettext(*_ERRORS, errors), files=tr.ngettext(*_FILES, files)
        )
    else:
        result = tr.gettext("valid")
    summary = f"{checked}: {result}"
    return f"{summary} ({tr.ngettext(*_WARNINGS, warnings)})" if warnings else summary


def _escape(text: str) -> str:
    # GitHub's workflow-command escaping for data and property values
    return (
        text.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _annotation(problem, strict: bool, tr: Translator) -> str:
    level = "error" if problem.is_error or strict else "warning"
    message = worded(problem.message, tr).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    title = _escape(problem.field or "file")
    where = f"file={_escape(problem.file)},line={problem.line},col={problem.column}"
    return printable(f"::{level} {where},title={title}::{message}")


def _catalogue_rule_problems(root: Path, channels, phases, measures) -> list:
    """The metrics files' problems and the `require_sources_for` rule's. Both need the maps' models, so
    the catalogue is read once more, in this process, only when a catalogue has either."""
    definitions, require = measures
    if not metrics_files(root) and require == "off":
        return []
    base = Path.cwd()
    catalogue = load_catalogue(root, channels=channels, phases=phases, base=base)
    problems = load_metrics(root, catalogue.maps, definitions, base).problems
    shown = lambda path: shown_path(path, base)  # noqa: E731
    return problems + unsourced_pain_problems(catalogue.maps.values(), require, shown)


def run(args: argparse.Namespace) -> int:
    resolved = resolve_with_phases(args)
    if resolved is None:
        return 2
    root, channels, phases, options = resolved
    selected = selected_paths(args.paths, root)
    measures = measure_options(options, args.config, translator(args))
    if selected is None or measures is None:
        return 2
    # Named paths: read only those maps (plus every persona), so a pre-commit hook stays fast however big
    # the catalogue grows.
    if args.jobs is not None and args.jobs < 1:
        print("journeys: error: --jobs must be at least 1", file=sys.stderr)
        return 2
    catalogue = check_catalogue(
        root, channels=channels, phases=phases, only=selected or None, workers=args.jobs
    )

    def wanted(problem) -> bool:
        if not selected:
            return True
        where = Path(problem.file).resolve()
        return any(where == s or s in where.parents for s in selected)

    problems = [p for p in catalogue.problems if wanted(p)]
    problems += [p for p in _catalogue_rule_problems(root, channels, phases, measures) if wanted(p)]
    tr = translator(args)
    for problem in problems:
        print(problem.text(tr))
        if args.format == "github":
            print(_annotation(problem, args.strict, tr))
    errors = [p for p in problems if p.is_error or args.strict]
    warnings = [p for p in problems if not p.is_error]
    files = len({p.file for p in errors})
    shown_warnings = 0 if args.strict else len(warnings)
    summary = _summary(tr, catalogue.files_checked, len(errors), files, shown_warnings)
    print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
