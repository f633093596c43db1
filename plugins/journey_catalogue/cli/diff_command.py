"""`journeys diff ID [--from REV] [--to REV]`: what changed in one map between two versions in git."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from ..format.loader import MAPS_DIR, map_files, map_from_bytes
from ..format.model import JourneyMap
from ..history.diff import MapDiff, diff_maps, summary
from ..history.git_log import NO_BLOB, Commit, GitUnavailable, blob_id, file_at, path_changes, repository
from ..history.git_log import resolve_revision as resolve_commit
from .options import add_root_arguments, journeys_root
from .terminal import signed

HELP = "show what changed in one map between two git revisions"
WORKING_TREE = "the working tree"


class DiffError(Exception):
    """One line for the user; the command exits 1."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the map's id (its file name without .md)")
    parser.add_argument(
        "--from",
        dest="from_rev",
        metavar="REV",
        help="the earlier revision (any git revision; default: the latest commit whose version of the map "
        "differs from --to's)",
    )
    parser.add_argument(
        "--to", dest="to_rev", metavar="REV", help="the later revision (default: the working tree)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    root = journeys_root(args)
    if root is None:
        return 2
    try:
        result = compare(root, args.id, args.from_rev, args.to_rev)
    except (DiffError, GitUnavailable) as error:
        print(f"journeys: error: {error}", file=sys.stderr)
        return 1
    old, new, before, after = result
    diff = diff_maps(old, new)
    if args.format == "json":
        document = {
            "map": args.id,
            "from": _revision_json(before),
            "to": _revision_json(after),
            "summary": summary(diff),
            **diff.as_dict(),
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(diff_text(args.id, diff, _label(before), _label(after)))
    return 0


def _map_file(root: Path, map_id: str) -> Path:
    found = [p for p in map_files(root) if p.stem == map_id]
    return found[0] if found else root / MAPS_DIR / f"{map_id}.md"


def compare(root: Path, map_id: str, from_rev: str | None, to_rev: str | None):
    """(old map, new map, old commit, new commit or None for the working tree)."""
    path = _map_file(root, map_id)
    try:
        top = repository(root)[0]
    except GitUnavailable as error:
        raise DiffError(f"{error}: `journeys diff` compares versions of a map kept in git") from None
    relative = Path(path.resolve() if path.exists() else path.absolute()).relative_to(top).as_posix()
    if to_rev:
        after: Commit | None = resolve_commit(root, to_rev)
        new_raw = file_at(top, after.sha, relative)
        if new_raw is None:
            raise DiffError(f"map '{map_id}' is not in revision {to_rev} ({relative})")
    else:
        after = None
        if not path.is_file():
            raise DiffError(f"no map '{map_id}' in the working tree ({relative})")
        new_raw = path.read_bytes()
    if from_rev:
        before = resolve_commit(root, from_rev)
        old_raw = file_at(top, before.sha, relative)
        if old_raw is None:
            raise DiffError(f"map '{map_id}' is not in revision {from_rev} ({relative})")
    else:
        before, old_raw = _previous_version(top, root, relative, blob_id(new_raw), after, map_id)
    old = _parsed(old_raw, path, map_id, f"at {before.short}")
    new = _parsed(new_raw, path, map_id, f"at {after.short}" if after else f"in {WORKING_TREE}")
    return old, new, before, after


def _previous_version(top, root, relative, new_blob, after, map_id) -> tuple[Commit, bytes]:
    """The newest committed version of the file that differs from the version compared against."""
    for change in path_changes(root, relative, after.sha if after else None):
        if change.new_blob not in (NO_BLOB, new_blob):
            raw = file_at(top, change.commit.sha, relative)
            if raw is not None:
                return change.commit, raw
    raise DiffError(f"map '{map_id}' has no earlier committed version to compare with; name one with --from")


def _parsed(raw: bytes, path: Path, map_id: str, where: str) -> JourneyMap:
    journey, problems = map_from_bytes(raw, path, f"{map_id} {where}")
    if journey is None:
        first = f": {problems[0]}" if problems else ""
        raise DiffError(f"map '{map_id}' {where} is not a valid map{first}")
    return journey


def _revision_json(commit: Commit | None) -> dict:
    if commit is None:
        return {"revision": "working-tree"}
    return {
        "revision": commit.sha,
        "short": commit.short,
        "date": commit.authored.isoformat(),
        "author": commit.author,
        "subject": commit.subject,
    }


def _label(commit: Commit | None) -> str:
    if commit is None:
        return WORKING_TREE
    return f"{commit.short} ({commit.authored.date().isoformat()}, {commit.author}: {commit.subject})"


def _emotion_text(entry: dict) -> str:
    moves = []
    for persona, (was, now) in entry["emotion_by_persona"].items():
        if was != now:
            moves.append(f"{persona} {_valence(was)} -> {_valence(now)}")
    return "; emotion " + ", ".join(moves) if moves else ""


def _valence(value: int | None) -> str:
    return "none" if value is None else signed(value).strip()


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return "(none)" if value is None else str(value)


def _changes(
    heading: str, group: dict[str, list[dict]], entry: Callable[[dict], str], change: Callable[[dict], str]
) -> list[str]:
    """A group's added (+), removed (-) and changed (~) entries under `heading`; none when it is empty."""
    if not any(group.values()):
        return []
    return [
        heading,
        *(f"  + {entry(item)}" for item in group["added"]),
        *(f"  - {entry(item)}" for item in group["removed"]),
        *(f"  ~ {change(item)}" for item in group["changed"]),
    ]


def _stage_entry(stage: dict) -> str:
    return f"{stage['id']} ({stage['name']})"


def _stage_change(stage: dict) -> str:
    return f"{_stage_entry(stage)}: {', '.join(stage['fields'])}"


def _pain_entry(pain: dict) -> str:
    return f"{pain['step']} {pain['text']} ({pain['severity']})"


def _pain_change(pain: dict) -> str:
    return f"{pain['step']} {pain['text']}: {' -> '.join(pain['severity'])}"


def diff_text(map_id: str, diff: MapDiff, before: str, after: str) -> str:
    lines = [f"{map_id}: from {before}", f"{' ' * len(map_id)}  to {after}", ""]
    if diff.is_empty():
        return "\n".join([*lines, "No changes."]) + "\n"
    lines.append(f"Summary: {summary(diff)}")
    if diff.metadata:
        lines.append("Metadata:")
        for m in diff.metadata:
            if m["field"] in ("body", "sources", "extra"):
                lines.append(f"  ~ {m['field']} edited")
            else:
                lines.append(f"  ~ {m['field']}: {_value(m['before'])} -> {_value(m['after'])}")
    lines += _changes("Stages:", diff.stages, _stage_entry, _stage_change)
    if diff.steps:
        lines.append("Steps:")
        marks = {"added": "+", "removed": "-", "changed": "~"}
        for s in diff.steps:
            line = f"  {marks[s['change']]} {s['step']} [{s['stage']}] {s['action']}"
            if s["change"] == "changed":
                line += f" ({', '.join(s['fields'])}){_emotion_text(s)}"
            lines.append(line)
    lines += _changes("Pain points:", diff.pains, _pain_entry, _pain_change)
    if diff.opportunities:
        lines.append("Opportunities:")
        for o in diff.opportunities:
            was, now = o["status"]
            lines.append(f"  {o['step']} {o['text']}: {was or 'not on the map'} -> {now or 'removed'}")
    return "\n".join(lines) + "\n"
