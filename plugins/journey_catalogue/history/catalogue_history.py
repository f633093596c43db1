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


class VersionCache:
    """Parsed versions of maps by blob id (None: that version is not a valid map)."""

    def __init__(self):
        self.maps: dict[str, JourneyMap | None] = {}


@dataclass
class CatalogueHistory:
    """What git says of the catalogue's maps. A map's history is worked out when a page first asks for it,
    parsing only the versions it lists: in a one-off build that is in the processes rendering map pages
    (render/ahead.py), beside MkDocs' own, not before any page can start."""

    available: bool
    reason: str = ""  # why there is no history, when there is none
    shallow: bool = False
    work: _Work | None = None
    cache: VersionCache = field(default_factory=VersionCache)
    _maps: dict[str, MapHistory | None] = field(default_factory=dict)

    def for_map(self, map_id: str) -> MapHistory | None:
        if not self.available or self.work is None or map_id not in self.work.maps:
            return None
        if map_id not in self._maps:
            self._maps[map_id] = _history_of(self.work.maps[map_id], self.work, self.cache)
        return self._maps[map_id]

    def last_changed(self) -> dict[str, dt.datetime]:
        """Map id -> when its file last changed in git, from the log alone."""
        changes = self.work.changes if self.available and self.work else {}
        return {map_id: listed[0].commit.committed for map_id, listed in changes.items() if listed}


@dataclass
class _Work:
    """Everything the maps' histories are computed from, once git has been read."""

    maps: dict[str, JourneyMap]
    changes: dict[str, list[FileChange]]  # map id -> newest first
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
    maps = {m.id: m for m in maps}
    changes = {map_id: _changes_of(m, log) for map_id, m in maps.items()}
    current = {map_id: _blob_of(m.path) for map_id, m in maps.items() if changes[map_id]}
    known = cache.maps if cache else {}
    wanted = {
        blob
        for map_id, listed in changes.items()
        for change in listed[:MAX_REVISIONS]
        for blob in (change.old_blob, change.new_blob)
        if blob not in (NO_BLOB, current.get(map_id)) and blob not in known
    }
    try:
        contents = read_blobs(log.top, sorted(wanted))
    except GitUnavailable as error:
        return CatalogueHistory(False, str(error))
    work = _Work(maps, changes, current, contents, log, persona_names or {})
    return CatalogueHistory(True, shallow=log.shallow, work=work, cache=cache or VersionCache())


def _history_of(journey: JourneyMap, work: _Work, cache: VersionCache) -> MapHistory | None:
    """The history of one of `work.maps`, parsing the versions it lists into `cache`."""
    listed = work.changes[journey.id][:MAX_REVISIONS]
    if not listed:
        return None
    with without_cycle_collection():  # as the loader does: parsing makes many objects and no cycles
        for change in listed:
            for blob in (change.old_blob, change.new_blob):
                if blob in work.contents and blob not in cache.maps:
                    cache.maps[blob] = map_from_bytes(work.contents[blob], Path("old.md"), "old.md")[0]

    def version(blob: str) -> JourneyMap | None:
        return journey if blob == work.current.get(journey.id) else cache.maps.get(blob)

    revisions = tuple(_revision(c, journey, version, work.log, work.names) for c in listed)
    return MapHistory(revisions, work.log.shallow, len(work.changes[journey.id]) - len(listed))


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
