"""What a pull request changes in the catalogue, per map and persona: the model behind `journeys review`.

Pure data from two revisions: the merge base of `base` and `head`, and `head` (a commit, or the working
tree). Maps are compared with the same diff as `journeys diff`; unchanged maps are not in it. Writers
(Markdown, JSON) live elsewhere and take `Review.as_dict()`, so every text here is still raw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..format.loader import MAPS_DIR, PERSONAS_DIR, map_from_bytes, persona_from_bytes
from ..format.model import JourneyMap, Persona
from ..format.problems import Problem
from .diff import diff_maps, match_steps, summary
from .git_log import Commit, GitUnavailable, PathChange, changed_paths, file_at, merge_base, repository
from .git_log import resolve_revision as resolve_commit


@dataclass
class MapReview:
    id: str
    change: str  # added, removed, changed, renamed
    title: str
    path: str
    old_id: str | None = None  # a renamed map's id before
    title_before: str | None = None
    summary: str = ""
    diff: dict | None = None  # history.diff.MapDiff.as_dict() for changed and renamed maps
    curve: dict = field(default_factory=dict)  # {"steps": [...], "before": [...], "after": [...]}
    evidence: list[dict | None] = field(default_factory=lambda: [None, None])  # before, after
    review: dict = field(default_factory=dict)  # status and updated, before and after
    personas: list[str] = field(default_factory=list)
    invalid: bool = False  # the head's version does not load: see the problems


@dataclass
class PersonaReview:
    id: str
    change: str
    name: str
    path: str
    old_id: str | None = None
    maps: list[str] = field(default_factory=list)  # ids of the head's maps (changed or not) it is on


@dataclass
class Review:
    base: Commit  # the merge base
    base_name: str
    head: Commit | None  # None: the working tree
    maps: list[MapReview] = field(default_factory=list)
    personas: list[PersonaReview] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    persona_names: dict[str, str] = field(default_factory=dict)  # id -> name, for the maps reviewed

    def as_dict(self) -> dict:
        def commit(c: Commit | None) -> dict:
            if c is None:
                return {"revision": "working-tree"}
            return {"revision": c.sha, "short": c.short, "subject": c.subject}

        return {
            "base": {"name": self.base_name, **commit(self.base)},
            "head": commit(self.head),
            "maps": [vars(m) for m in self.maps],
            "personas": [vars(p) for p in self.personas],
            "persona_names": self.persona_names,
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "field": p.field,
                    "message": p.message,
                    "text": str(p),
                }
                for p in self.problems
            ],
        }


def evidence(journey: JourneyMap) -> dict:
    """How many pains cite research, out of all; how many sources the map names."""
    pains = [pain for placed in journey.steps() for pain in placed.step.pain_items()]
    return {
        "pains": len(pains),
        "evidenced": sum(1 for pain in pains if pain.sources),
        "sources": len(journey.meta.sources),
    }


def _mean(step, personas: list[str]) -> float | None:
    values = list(step.valences(personas).values())
    return round(sum(values) / len(values), 1) if values else None


def curve(old: JourneyMap | None, new: JourneyMap | None) -> dict:
    """Both curves on one x axis: the head's steps in order, a removed step where it stood. A step one
    version lacks has no value there (None)."""
    steps: list[str] = []
    before: list[float | None] = []
    after: list[float | None] = []
    old_stages = dict(old.stages()) if old else {}
    old_order = list(old_stages)
    new_ids = set(new.stage_ids) if new else set()
    for s, (stage_id, stage) in enumerate(new.stages() if new else []):
        was = old_stages.get(stage_id)
        pairs = match_steps(was.steps, stage.steps) if was else [(None, j) for j in range(len(stage.steps))]
        for i, j in pairs:
            label = f"{s + 1}.{j + 1}" if j is not None else f"({old_order.index(stage_id) + 1}.{i + 1})"
            steps.append(label)
            before.append(_mean(was.steps[i], list(old.meta.personas)) if i is not None else None)
            after.append(_mean(stage.steps[j], list(new.meta.personas)) if j is not None else None)
    for s, stage_id in enumerate(old_order):
        if stage_id not in new_ids:
            for i, step in enumerate(old_stages[stage_id].steps):
                steps.append(f"({s + 1}.{i + 1})")
                before.append(_mean(step, list(old.meta.personas)))
                after.append(None)
    return {"steps": steps, "before": before if old else [], "after": after if new else []}


def _review_state(old: JourneyMap | None, new: JourneyMap | None) -> dict:
    def state(j: JourneyMap | None) -> dict | None:
        return {"status": j.meta.status, "updated": j.meta.updated.isoformat()} if j else None

    return {"before": state(old), "after": state(new)}


def map_review(change: str, old: JourneyMap | None, new: JourneyMap | None, path: str) -> MapReview:
    either = new or old
    entry = MapReview(either.id, change, either.meta.title, path)
    if old and new:
        diff = diff_maps(old, new)
        if change == "changed" and diff.is_empty():
            entry.change = "unchanged"
        entry.diff, entry.summary = diff.as_dict(), summary(diff)
        entry.old_id = old.id if old.id != new.id else None
        entry.title_before = old.meta.title if old.meta.title != new.meta.title else None
    entry.curve = curve(old, new)
    entry.evidence = [evidence(old) if old else None, evidence(new) if new else None]
    entry.review = _review_state(old, new)
    entry.personas = list(either.meta.personas)
    return entry


@dataclass
class _Sides:
    """Reading files at the base and at the head."""

    top: Path
    base: str
    head: str | None

    def at_base(self, path: str) -> bytes | None:
        return file_at(self.top, self.base, path)

    def at_head(self, path: str) -> bytes | None:
        if self.head:
            return file_at(self.top, self.head, path)
        file = self.top / path
        return file.read_bytes() if file.is_file() else None


def _kind(path: str, journeys: str) -> str | None:
    parts = PurePosixPath(path).relative_to(journeys).parts
    if len(parts) == 2 and parts[1].endswith(".md"):
        return {MAPS_DIR: "map", PERSONAS_DIR: "persona"}.get(parts[0])
    return None


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's id of a tree with nothing in it


def _load_map(raw: bytes | None, path: str, top: Path) -> tuple[JourneyMap | None, list[Problem]]:
    if raw is None:
        return None, []
    return map_from_bytes(raw, top / path, path)


def _files_at(root: Path, commit: str, folder: str):
    """(path, content) of every file in the journeys folder `folder` at `commit` (all differ from the
    empty tree)."""
    top = repository(root)[0]
    under = (Path(root).resolve() / folder).relative_to(top).as_posix()
    for change in changed_paths(root, EMPTY_TREE, commit, under):
        raw = file_at(top, commit, change.path)
        if raw is not None:
            yield change.path, raw


def catalogue_at(root: Path, revision: str) -> tuple[dict[str, JourneyMap], dict[str, str]]:
    """Every map that loads at `revision`, by id, and every persona's name, by id."""
    top = repository(root)[0]
    commit = resolve_commit(root, revision).sha
    maps = {}
    for path, raw in _files_at(root, commit, MAPS_DIR):
        journey, _ = map_from_bytes(raw, top / path, path)
        if journey is not None:
            maps[journey.id] = journey
    names = {}
    for path, raw in _files_at(root, commit, PERSONAS_DIR):
        persona = persona_from_bytes(raw, top / path, path)
        if persona is not None:
            names[persona.id] = persona.meta.name
    return maps, names


def build_review(
    root: Path, base: str, head: str | None, head_maps: dict[str, JourneyMap], names: dict[str, str]
) -> Review:
    """The review of `head` (None: the working tree) against its merge base with `base`.

    `head_maps`: the head's whole catalogue (map id -> map), for the maps a changed persona is on;
    `names`: the head's persona names by id."""
    top = repository(root)[0]
    journeys = Path(root).resolve().relative_to(top).as_posix()
    base_commit = resolve_commit(root, base)  # an unknown base is named as such
    head_commit = resolve_commit(root, head) if head else None
    since = merge_base(root, base_commit.sha, head_commit.sha if head_commit else "HEAD")
    review = Review(resolve_commit(root, since), base, head_commit)
    sides = _Sides(top, since, head_commit.sha if head_commit else None)
    for change in changed_paths(root, since, sides.head, journeys):
        kind = _kind(change.path, journeys)
        if kind == "map":
            _add_map(review, sides, change)
        elif kind == "persona":
            _add_persona(review, sides, change, head_maps)
    order = {"changed": 0, "renamed": 1, "added": 2, "removed": 3}
    review.maps = [m for m in review.maps if m.change != "unchanged"]
    review.maps.sort(key=lambda m: (order[m.change], m.title.casefold(), m.id))
    review.personas.sort(key=lambda p: (order[p.change], p.name.casefold(), p.id))
    wanted = {p for m in review.maps for p in m.personas} | {p.id for p in review.personas}
    review.persona_names = {p: names[p] for p in sorted(wanted) if p in names}
    return review


_CHANGE = {"A": "added", "D": "removed", "M": "changed", "R": "renamed"}


def _add_map(review: Review, sides: _Sides, change: PathChange) -> None:
    old_path = change.old_path or change.path
    old, _ = _load_map(sides.at_base(old_path) if change.status != "A" else None, old_path, sides.top)
    new, problems = _load_map(
        sides.at_head(change.path) if change.status != "D" else None, change.path, sides.top
    )
    review.problems += problems
    if new is None and old is None:
        stem = PurePosixPath(change.path).stem
        review.maps.append(MapReview(stem, _CHANGE[change.status], stem, change.path, invalid=True))
        return
    kind = _CHANGE[change.status]
    if change.status != "D" and new is None:
        kind = "changed"
    entry = map_review(kind, old, new, change.path)
    entry.invalid = change.status != "D" and new is None
    review.maps.append(entry)


def _persona(raw: bytes | None, path: str, top: Path) -> Persona | None:
    return persona_from_bytes(raw, top / path, path) if raw is not None else None


def _add_persona(review: Review, sides: _Sides, change: PathChange, head_maps: dict[str, JourneyMap]) -> None:
    old_path = change.old_path or change.path
    old = _persona(sides.at_base(old_path), old_path, sides.top) if change.status != "A" else None
    new = _persona(sides.at_head(change.path), change.path, sides.top) if change.status != "D" else None
    either = new or old
    stem = PurePosixPath(change.path).stem
    name = either.meta.name if either else stem
    entry = PersonaReview(stem, _CHANGE[change.status], name, change.path)
    if change.old_path:
        entry.old_id = PurePosixPath(change.old_path).stem
    ids = {stem, entry.old_id} - {None}
    entry.maps = sorted(m.id for m in head_maps.values() if ids & set(m.meta.personas))
    review.personas.append(entry)


__all__ = ["GitUnavailable", "Review", "build_review", "curve", "evidence", "catalogue_at"]
