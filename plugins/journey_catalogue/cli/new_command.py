"""`journeys new ID --from TEMPLATE`: a new draft map from a template, never overwriting a file.

Templates are the catalogue's own `template: true` maps plus the packaged starters (the catalogue's own
win on an id clash); `journeys new --list` shows them. `journeys new ID --future-of MAP` starts the future
state of an existing map from a copy of it, which lines up stage by stage with the map it improves on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from ..authoring.new_map import new_map_text
from ..authoring.starters import add_starter_templates, is_starter, starter_persona_file
from ..format.loader import MAPS_DIR, PERSONAS_DIR, Catalogue, load_catalogue
from ..format.model import ID_RE, JourneyMap
from ..format.schema import SCHEMA_DIR, SCHEMA_FILES
from ..format.validate import suggestion
from .options import add_root_arguments, resolve, site_language, today, translator

HELP = "start a new map (a draft) from a template, or the future state of a map; --list shows the templates"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", help="the new map's id: lowercase letters, digits and hyphens")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--from", dest="template", metavar="TEMPLATE", help="a template's id")
    start.add_argument(
        "--future-of",
        metavar="MAP",
        help="a map's id: the new map is its future state, starting as a copy of it",
    )
    start.add_argument("--list", action="store_true", help="list the templates to start from, then stop")
    parser.add_argument("--title", help="the new map's title")
    parser.add_argument("--segment", choices=["B2B", "B2C"], help="the new map's segment")
    add_root_arguments(parser)


def _usage_error(message: str) -> int:
    print(f"journeys new: error: {message}", file=sys.stderr)
    return 2


def _catalogue_with_templates(args: argparse.Namespace) -> tuple[Catalogue, Path] | None:
    root, channels, options = resolve(args)
    if root.is_dir():
        catalogue = load_catalogue(root, channels=channels, today=today())
    elif args.list:  # listing needs no catalogue: the starters are in the package
        catalogue = Catalogue(root, channels)
    else:
        print(f"journeys: error: no journeys folder at {root}", file=sys.stderr)
        return None
    if options.get("starter_templates", True):
        merge = add_starter_templates(catalogue, today(), site_language(args))
        for map_id, why in merge.left_out:  # a starter the user may look for and not find
            print(f"note: the packaged starter template '{map_id}' is left out: {why}", file=sys.stderr)
    return catalogue, root


def _list(catalogue: Catalogue) -> int:
    templates = sorted(
        (m for m in catalogue.maps.values() if m.meta.template), key=lambda m: (m.meta.segment, m.id)
    )
    if not templates:
        print("no templates: mark a map `template: true`, or set `starter_templates: true`")
        return 0
    width = max(len(m.id) for m in templates)
    print(f"{'TEMPLATE':<{width}}  SEGMENT  FROM     TITLE")
    for m in templates:
        origin = "package" if is_starter(m) else "catalogue"
        print(f"{m.id:<{width}}  {m.meta.segment:<7}  {origin:<9}{m.meta.title}")
    print("start one with: journeys new MY-MAP --from TEMPLATE")
    return 0


def _arguments_problem(args: argparse.Namespace) -> str | None:
    missing = [
        name
        for name, absent in (
            ("ID", args.id is None),
            ("--from TEMPLATE (or --future-of MAP)", args.template is None and args.future_of is None),
        )
        if absent
    ]
    if missing:
        return (
            f"the following arguments are required: {' and '.join(missing)} "
            "(`journeys new --list` shows the templates)"
        )
    return None


def run(args: argparse.Namespace) -> int:
    if not args.list and (problem := _arguments_problem(args)):
        return _usage_error(problem)
    if not args.list and not ID_RE.match(args.id):
        print(
            f"journeys: error: '{args.id}' is not a valid id: use lowercase letters a-z, digits and single "
            "hyphens",
            file=sys.stderr,
        )
        return 2
    loaded = _catalogue_with_templates(args)
    if loaded is None:
        return 2
    catalogue, root = loaded
    if args.list:
        return _list(catalogue)
    source = (
        _future_source(catalogue, args.future_of) if args.future_of else _template(catalogue, args.template)
    )
    if source is None:
        return 1
    return _write(args, catalogue, root, source)


def _write(args: argparse.Namespace, catalogue: Catalogue, root: Path, source: JourneyMap) -> int:
    target = root / MAPS_DIR / f"{args.id}.md"
    schema = Path(
        os.path.relpath(
            Path(args.config).resolve().parent / "docs" / SCHEMA_DIR / SCHEMA_FILES["map"],
            target.parent.resolve(),
        )
    ).as_posix()
    title = args.title or (f"{source.meta.title}, future state" if args.future_of else None)
    text = new_map_text(
        source.source_text or source.path.read_text(encoding="utf-8"),
        today=today(),
        schema_url=schema,
        title=title,
        segment=args.segment,
        future_of=args.future_of,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        print(f"journeys: error: {target} already exists; choose another id", file=sys.stderr)
        return 1
    origin = (
        f"as the future state of '{args.future_of}'" if args.future_of else f"from template '{args.template}'"
    )
    print(f"created {target} {origin} (status: draft)")
    if is_starter(source):
        _copy_starter_personas(source, root)
    check = load_catalogue(root, channels=catalogue.channels, today=today())
    tr = translator(args)
    for problem in (p for p in check.problems if Path(p.file).stem == args.id):
        print(problem.text(tr))
    print("next: fill it in, then run `journeys validate " + str(target) + "`")
    return 0


def _copy_starter_personas(starter: JourneyMap, root: Path) -> None:
    """A starter's placeholder personas, so the new map is valid at once; an existing file is kept."""
    for persona_id in starter.meta.personas:
        target = root / PERSONAS_DIR / f"{persona_id}.md"
        if target.exists() or any((root / PERSONAS_DIR).rglob(f"{persona_id}.md")):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(starter_persona_file(starter, persona_id), target)
        print(f"created {target}: the template's placeholder persona; replace it with a real one")


def _template(catalogue: Catalogue, template_id: str) -> JourneyMap | None:
    templates = sorted(m.id for m in catalogue.maps.values() if m.meta.template)
    if template_id not in templates:
        hint = suggestion(template_id, templates) or f"; templates: {', '.join(templates) or 'none'}"
        print(f"journeys: error: no template '{template_id}'{hint}", file=sys.stderr)
        return None
    return catalogue.maps[template_id]


def _future_source(catalogue: Catalogue, map_id: str) -> JourneyMap | None:
    """The map to start a future state from, or None after saying why not."""
    current = catalogue.maps.get(map_id)
    if current is None:
        print(f"journeys: error: no map '{map_id}'{suggestion(map_id, catalogue.maps)}", file=sys.stderr)
        return None
    if current.meta.future_of:
        print(
            f"journeys: error: '{map_id}' is itself the future state of '{current.meta.future_of}'; "
            f"start from that map: --future-of {current.meta.future_of}",
            file=sys.stderr,
        )
        return None
    return current
