"""Every map's history, read once per build for the whole catalogue.

One `git log` over the maps folder lists, per file, each commit that changed it with the blob ids before
and after; one `git cat-file --batch` then reads only the old versions needed (a version equal to the
file on disk is the map already loaded). Each version is parsed by the same loader as the files are,
and kept by blob id: a blob never changes, so a live preview parses each old version once per session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..format.loader import MAPS_DIR, map_from_bytes, without_cycle_collection
from ..format.model import JourneyMap
from ..format.problems import Message
from ..i18n import N_
from .diff import aligned_steps, details, diff_maps, summary
from .git_log import NO_BLOB, Commit, FileChange, GitUnavailable, RepositoryLog, blob_id, read_blobs, read_log

MAX_REVISIONS = 100  # per map page; older ones are counted, not listed
MAX_CURVES = 10  # earlier curves a page carries for the chart
MAX_DETAILS = 30  # changes listed per revision; the summary counts them all
SHALLOW_NOTE = (
    "built from a shallow git clone: only the most recent commits are known, so earlier revisions of "
    "the maps are missing (in GitHub Actions, check out with `fetch-depth: 0`)"
)

Curve = tuple[tuple[str, tuple[int | None, ...]], ...]  # (persona id, valence per current step)


@dataclass(frozen=True)
class Revision:
    commit: Commit
    change: str  # created, edited, deleted, or earliest-known (the first commit a shallow clone has)
    summary: str
    curve: Curve | None = None  # the emotion curve after this commit, on the current map's steps
    details: tuple[str, ...] = ()  # each change, in a sentence


@dataclass(frozen=True)
class MapHistory:
    revisions: tuple[Revision, ...]  # newest first
    shallow: bool = False  # earlier revisions may be missing
    older: int = 0  # revisions beyond MAX_REVISIONS, not listed

    @property
    def last_changed(self) -> dt.datetime | None:
        return self.revisions[0].commit.committed if self.revisions else None


@dataclass
class CatalogueHistory:
    available: bool
    reason: str = ""  # why there is no history, when there is none
    shallow: bool = False
    maps: dict[str, MapHistory] = field(default_factory=dict)
    versions_parsed: int = 0

    def for_map(self, map_id: str) -> MapHistory | None:
        return self.maps.get(map_id) if self.available else None


class VersionCache:
    """Parsed versions of maps by blob id (None: that version is not a valid map)."""

    def __init__(self):
        self.maps: dict[str, JourneyMap | None] = {}


@dataclass
class _Work:
    """Everything the maps' histories are computed from, once git has been read."""

    maps: list[JourneyMap]
    changes: dict[str, list[FileChange]]
    current: dict[str, str | None]  # map id -> blob id of the file on disk
    contents: dict[str, bytes]  # blob id -> content, for the versions not parsed yet
    log: RepositoryLog
    names: dict[str, str]


def read_history(
    maps: Iterable[JourneyMap],
    journeys_root: Path,
    cache: VersionCache | None = None,
    persona_names: dict[str, str] | None = None,
) -> CatalogueHistory:
    """The history of every map in `maps`; `available` is False (with the reason) outside git.
    `persona_names` name personas in the lists of what each revision changed; with a `cache` (a live
    preview), each version is parsed once per session."""
    try:
        log = read_log(journeys_root / MAPS_DIR)
    except GitUnavailable as error:
        return CatalogueHistory(False, str(error))
    maps = list(maps)
    changes = {m.id: _changes_of(m, log) for m in maps}
    current = {m.id: _blob_of(m.path) for m in maps if changes[m.id]}
    known = cache.maps if cache else {}
    wanted = {
        blob
        for m in maps
        for change in changes[m.id]
        for blob in (change.old_blob, change.new_blob)
        if blob not in (NO_BLOB, current.get(m.id)) and blob not in known
    }
    try:
        contents = read_blobs(log.top, sorted(wanted))
    except GitUnavailable as error:
        return CatalogueHistory(False, str(error))
    work = _Work(maps, changes, current, contents, log, persona_names or {})
    history = CatalogueHistory(True, shallow=log.shallow, versions_parsed=len(wanted))
    # Parsing is most of the cost. Forked workers were tried: on a busy two-core machine their start-up
    # and copy-on-write faults made it twice as slow as this.
    history.maps = _histories(work, cache or VersionCache())
    return history


def _histories(work: _Work, cache: VersionCache) -> dict[str, MapHistory]:
    """The history of each of `work.maps`, parsing the versions they need into `cache`."""
    with without_cycle_collection():  # as the loader does: parsing makes many objects and no cycles
        for journey in work.maps:
            for change in work.changes[journey.id]:
                for blob in (change.old_blob, change.new_blob):
                    if blob in work.contents and blob not in cache.maps:
                        raw = work.contents[blob]
                        cache.maps[blob] = map_from_bytes(raw, Path("old.md"), "old.md")[0]
    histories = {}
    for journey in work.maps:
        listed = work.changes[journey.id][:MAX_REVISIONS]

        def version(blob: str, journey=journey) -> JourneyMap | None:
            return journey if blob == work.current.get(journey.id) else cache.maps.get(blob)

        revisions = tuple(_revision(c, journey, version, work.log, work.names) for c in listed)
        if revisions:
            older = len(work.changes[journey.id]) - len(listed)
            histories[journey.id] = MapHistory(revisions, work.log.shallow, older)
    return histories


def _changes_of(journey: JourneyMap, log: RepositoryLog) -> list[FileChange]:
    path = log.relative(journey.path)
    return log.changes.get(path, []) if path else []


def _blob_of(path: Path) -> str | None:
    try:
        return blob_id(path.read_bytes())
    except OSError:
        return None


def _revision(change: FileChange, journey: JourneyMap, version, log: RepositoryLog, names) -> Revision:
    after = version(change.new_blob) if change.new_blob != NO_BLOB else None
    # The version on disk is the chart itself; any other (earlier, or committed before local edits) can
    # be overlaid.
    curve = _curve(after, journey) if after is not None and after is not journey else None
    if change.status == "D":
        return Revision(change.commit, "deleted", Message(N_("map file deleted")))
    if change.status == "A":
        if change.commit.sha in log.shallow_roots:
            earliest = Message(N_("earliest revision in this shallow clone"))
            return Revision(change.commit, "earliest-known", earliest, curve)
        return Revision(change.commit, "created", Message(N_("map created")), curve)
    before = version(change.old_blob)
    if before is None or after is None:
        invalid = (
            N_("not a valid map before this change")
            if before is None
            else N_("not a valid map after this change")
        )
        return Revision(change.commit, "edited", Message(invalid), curve)
    diff = diff_maps(before, after)
    return Revision(change.commit, "edited", summary(diff), curve, tuple(details(diff, names)[:MAX_DETAILS]))


def _curve(earlier: JourneyMap, current: JourneyMap) -> Curve:
    """The earlier version's emotions at the current map's steps (None where a step did not exist)."""
    steps = aligned_steps(earlier, current)
    lines = []
    for persona in current.meta.personas:
        values = []
        for step in steps:
            emotion = step.emotion if step is not None else None
            values.append(emotion.get(persona) if isinstance(emotion, dict) else emotion)
        lines.append((persona, tuple(values)))
    return tuple(lines)


def commit_url(repo_url: str | None, sha: str) -> str | None:
    """The web page of a commit on the repository's host, when `repo_url` is an http(s) link."""
    if not repo_url or not repo_url.startswith(("https://", "http://")):
        return None
    base = repo_url.rstrip("/")
    if "bitbucket." in base:
        return f"{base}/commits/{sha}"
    if "gitlab." in base:
        return f"{base}/-/commit/{sha}"
    return f"{base}/commit/{sha}"
