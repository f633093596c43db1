"""Reading a journeys folder into a Catalogue, with every problem in every file collected in one pass.

One bad file never stops the others from being checked. Parsed files are cached by path, size and
modification time, so that `mkdocs serve` re-reads only what changed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Collection
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import frontmatter
from slugify import slugify

from ..i18n import N_
from .channels import ChannelVocabulary
from .links import MapLinks, link_findings, link_graph_findings, link_graph_warnings, map_links
from .model import ID_RE, JourneyMap, MapFront, Persona, PersonaFront, describe
from .phases import PhaseVocabulary, phase_findings
from .problems import Message, Path_, Problem, format_field_path
from .validate import (
    Finding,
    map_reference_findings,
    map_warnings,
    model_findings,
    persona_reference_findings,
)
from .yaml_source import Located, NeedsPositions, YamlError, parse_located, quick_parse

MAX_FILE_BYTES = 1024 * 1024
MAPS_DIR, PERSONAS_DIR = "maps", "personas"
_EXAMPLE_FILE_NAMES = {"map": "mobile-bank-account-opening.md", "persona": "first-time-buyer.md"}
RESERVED_IDS = {"index"}  # maps/index and personas/index are the generated catalogue and persona index
_FRONTMATTER = frontmatter.YAMLHandler()


@dataclass
class ParsedFile:
    """One file read and type-checked; references to other files are checked later, catalogue-wide."""

    kind: str  # "map" or "persona"
    id: str
    path: Path
    display: str  # the path as messages show it
    text: str = ""
    body: str = ""
    data: object = None  # the frontmatter as plain data
    first_line: int = 1  # the file's 1-based line number of the frontmatter text's line 0
    model: MapFront | PersonaFront | None = None
    problems: list[Problem] = field(default_factory=list)
    _located: Located | None = field(default=None, repr=False)

    @property
    def located(self) -> Located | None:
        """Every node's position. Kept only while a file has problems (they are most of a parsed file's
        memory); a valid file that later needs one, for a cross-file problem, is simply parsed again."""
        text = self.text or self._reread()
        if self._located is None and text and _FRONTMATTER.detect(text):
            try:
                self._located = parse_located(_FRONTMATTER.split(text)[0])
            except YamlError:
                return None
        return self._located

    def forget_positions(self) -> None:
        """Drop what a valid file needs no more: positions, and its text unless it is a template (whose
        exact text the gallery publishes)."""
        self._located = None
        if not (isinstance(self.model, MapFront) and self.model.template):
            self.text = ""

    def _reread(self) -> str:
        try:
            return self.path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            return ""

    def problem(self, path: Path_, message: str, *, at_key: bool = False, severity: str = "error") -> Problem:
        located = self.located
        if located is None:
            return Problem(self.display, 1, 1, format_field_path(path), message, severity)  # type: ignore[arg-type]
        line, column = located.position(path, key=at_key)
        if path and not at_key and path not in located.values and path in located.keys:
            line, column = located.keys[path]
        return Problem(
            self.display, line + self.first_line, column + 1, format_field_path(path), message, severity
        )  # type: ignore[arg-type]

    def problems_for(self, findings: list[Finding], severity: str = "error") -> list[Problem]:
        return [self.problem(f.path, f.message, at_key=f.at_key, severity=severity) for f in findings]


def _file_problem(display: str, message: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(display, line, column, "", message)


def _decode(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = (
            len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        )  # characters, not bytes
        return None, _file_problem(
            display,
            Message(
                N_("the file is not UTF-8 text (byte %(byte)s); save it as UTF-8"),
                byte=f"0x{raw[error.start]:02x}",
            ),
            line,
            column,
        )
    return text.removeprefix("\ufeff"), None


def parse_file(path: Path, kind: str, display: str) -> ParsedFile:
    """Read, parse and type-check one file. Never raises for anything the file contains."""
    parsed = ParsedFile(kind, path.stem, path, display)
    if not ID_RE.match(parsed.id):
        parsed.problems.append(
            _file_problem(
                display,
                f"the file name '{path.name}' does not make a valid id: use lowercase letters a-z, "
                "digits and single hyphens, e.g. 'mobile-bank-account-opening.md'",
            )
        )
    elif parsed.id in RESERVED_IDS:
        parsed.problems.append(
            _file_problem(
                display,
                f"the file name '{path.name}' is taken by the generated {kind} index page; "
                f"name the file after its {kind}, e.g. '{_EXAMPLE_FILE_NAMES[kind]}'",
            )
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        parsed.problems.append(_file_problem(display, f"cannot read the file: {error.strerror}"))
        return parsed
    return _parse_bytes(parsed, raw)


def _parse_bytes(parsed: ParsedFile, raw: bytes) -> ParsedFile:
    """Parse and type-check a file's content; each step records its problem and stops the rest."""
    text = _text_of(parsed, raw)
    front_text = None if text is None else _frontmatter_text(parsed, text)
    data = None if front_text is None else _frontmatter_data(parsed, front_text)
    if data is None:
        return parsed
    parsed.problems += _repeated_field_problems(parsed)
    model, findings = model_findings(MapFront if parsed.kind == "map" else PersonaFront, data)
    parsed.problems += parsed.problems_for(findings)
    parsed.model = model
    if not parsed.problems:
        parsed.forget_positions()
    return parsed


def _stop(parsed: ParsedFile, message: str) -> None:
    """Record a problem of the whole file, after which there is nothing more to check."""
    parsed.problems.append(_file_problem(parsed.display, message))


def _text_of(parsed: ParsedFile, raw: bytes) -> str | None:
    """The file's text, if it is a size, an encoding and a shape of lines that can hold frontmatter."""
    if len(raw) > MAX_FILE_BYTES:
        return _stop(
            parsed,
            Message(
                N_("the file is larger than 1 MiB; split the map or move long material to a linked document")
            ),
        )
    text, problem = _decode(raw, parsed.display)
    if problem:
        parsed.problems.append(problem)
        return None
    parsed.text = text
    if not text.strip():
        return _stop(
            parsed,
            Message(
                N_(
                    "the file is empty; start it with a '---' line, the frontmatter fields, "
                    "and another '---' line"
                )
            ),
        )
    if "\r" in text and "\n" not in text:
        return _stop(
            parsed,
            "the file's lines end with a carriage return only (classic Mac OS); "
            "save it with LF or CRLF line endings",
        )
    return text


def _frontmatter_text(parsed: ParsedFile, text: str) -> str | None:
    """The frontmatter's YAML text; the body after it goes to `parsed.body`."""
    if not _FRONTMATTER.detect(text):
        return _stop(
            parsed,
            Message(
                N_(
                    "the file has no frontmatter: its first line must be "
                    "'---', followed by the fields and a closing '---' line"
                )
            ),
        )
    try:
        front_text, parsed.body = _FRONTMATTER.split(text)
    except ValueError:
        return _stop(
            parsed, Message(N_("the frontmatter is not closed: add a '---' line after the last field"))
        )
    parsed.first_line = text.count("\n", 0, text.find(front_text, 3)) + 1
    return front_text


def _frontmatter_data(parsed: ParsedFile, front_text: str) -> dict | None:
    """The frontmatter as plain data, if it is YAML and a mapping. The fast parser goes first; the one
    that keeps positions runs only where a problem needs locating (or the fast one cannot parse)."""
    try:
        data = parsed.data = quick_parse(front_text)
    except NeedsPositions:
        data = None
    if not isinstance(data, dict):
        try:
            parsed._located = parse_located(front_text)
        except YamlError as error:
            parsed.problems.append(_problem_at(parsed, error.line, error.column, error.path, error.message))
            return None
        data = parsed.data = parsed._located.data
    if not isinstance(data, dict):
        message = Message(
            N_("expected the frontmatter to be a mapping of fields, got %(found)s"), found=describe(data)
        )
        parsed.problems.append(parsed.problem((), message))
        return None
    return data


def _repeated_field_problems(parsed: ParsedFile) -> list[Problem]:
    duplicates = parsed._located.duplicates if parsed._located else ()
    return [
        _problem_at(parsed, line, column, key_path, Message(N_("this field is given twice; keep one")))
        for key_path, (line, column) in duplicates
    ]


def _problem_at(parsed: ParsedFile, line: int, column: int, path: Path_, message: str) -> Problem:
    """A problem at a 0-based position in the frontmatter text."""
    return Problem(parsed.display, line + parsed.first_line, column + 1, format_field_path(path), message)


def map_from_bytes(raw: bytes, path: Path, display: str) -> tuple[JourneyMap | None, list[Problem]]:
    """A map from its file's content, as another revision held it: read and type-checked exactly as a
    file is, without the checks against the rest of the catalogue (personas and channels of that time
    are not known). None, with the problems, when that content is not a valid map."""
    parsed = _parse_bytes(ParsedFile("map", path.stem, path, display), raw)
    errors = [p for p in parsed.problems if p.is_error]
    if parsed.model is None or errors or not isinstance(parsed.data, dict):
        return None, errors
    stages = parsed.data.get("stages")
    stage_ids = stage_ids_for(stages if isinstance(stages, list) else [])
    return JourneyMap(parsed.id, path, parsed.model, parsed.body, "", stage_ids), []


def persona_from_bytes(raw: bytes, path: Path, display: str) -> Persona | None:
    """A persona from its file's content as another revision held it (type-checked alone), or None."""
    parsed = _parse_bytes(ParsedFile("persona", path.stem, path, display), raw)
    if not isinstance(parsed.model, PersonaFront) or any(p.is_error for p in parsed.problems):
        return None
    return Persona(parsed.id, path, parsed.model, parsed.body)


def stage_ids_for(stages: list) -> list[str]:
    """Explicit ids, else a transliterated slug of the name, made unique within the map."""
    ids: list[str] = []
    taken = {s["id"] for s in stages if isinstance(s, dict) and isinstance(s.get("id"), str)}
    for index, stage in enumerate(stages):
        stage = stage if isinstance(stage, dict) else {}
        if isinstance(stage.get("id"), str):
            ids.append(stage["id"])
            continue
        base = slugify(str(stage.get("name") or "")) or f"stage-{index + 1}"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        ids.append(candidate)
    return ids


class ParseCache:
    """Parsed files keyed by (path, size, mtime): editing one map re-parses only that map."""

    def __init__(self):
        self._entries: dict[str, tuple[tuple, ParsedFile]] = {}  # path -> (stamp, parsed)

    def get(self, path: Path, kind: str, display: str) -> ParsedFile:
        try:
            stat = path.stat()
        except OSError:
            return parse_file(path, kind, display)
        stamp = (kind, display, stat.st_size, stat.st_mtime_ns)
        cached = self._entries.get(str(path))
        if cached is None or cached[0] != stamp:
            cached = self._entries[str(path)] = (stamp, parse_file(path, kind, display))
        return cached[1]


@contextmanager
def without_cycle_collection():
    """Parsing allocates hundreds of thousands of small objects and no reference cycles; Python's cycle
    collector kept rescanning them, which was 45% of validation time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Catalogue:
    root: Path
    channels: ChannelVocabulary
    phases: PhaseVocabulary = field(default_factory=PhaseVocabulary.build)
    maps: dict[str, JourneyMap] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_checked: dict[str, int] = field(default_factory=lambda: {"map": 0, "persona": 0})
    links: dict[str, MapLinks] = field(default_factory=dict)  # every map file's links to other maps

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for directory, subdirs, names in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        found.extend(Path(directory) / n for n in sorted(names) if n.endswith(".md"))
    return found


def _display(path: Path, base: Path) -> str:
    """The path as messages show it: relative to the project root when inside it (no symlink lookups:
    this runs for every file)."""
    return _display_in(os.path.dirname(path), base, os.getcwd()) + os.path.basename(path)


@cache
def _display_in(folder: str, base: Path, _cwd: str) -> str:
    """The folder part of _display, with its trailing separator (once per folder and working directory,
    which relative paths depend on)."""
    relative = os.path.relpath(os.path.abspath(folder), os.path.abspath(base))
    shown = Path(folder).as_posix() if relative.startswith("..") else Path(relative).as_posix()
    return "" if shown == "." else shown if shown.endswith("/") else shown + "/"


def chosen_paths(paths: list[Path], only: Collection[Path]) -> list[Path]:
    """The `paths` that are one of the `only` files or inside one of the `only` folders. Both sides are
    compared with symlinks resolved, so a folder named through a link still matches its files."""
    chosen = {os.path.realpath(c) for c in only}
    folders = tuple(c.rstrip(os.sep) + os.sep for c in chosen)
    real_folders: dict[
        str, str
    ] = {}  # resolving each folder once, not every file's whole path, is 10x faster
    picked = []
    for path in paths:
        folder, name = os.path.split(path)
        if folder not in real_folders:
            real_folders[folder] = os.path.realpath(folder)
        real = os.path.realpath(path) if os.path.islink(path) else os.path.join(real_folders[folder], name)
        if real in chosen or real.startswith(folders):
            picked.append(path)
    return picked


def map_files(root: Path) -> list[Path]:
    """Every map file under the journeys folder `root`, in the order they are read."""
    return _files(root / MAPS_DIR)


def load_catalogue(
    root: Path,
    *,
    channels: ChannelVocabulary | None = None,
    base: Path | None = None,
    today: dt.date | None = None,
    cache: ParseCache | None = None,
    only: Collection[Path] | None = None,
    check_link_graph: bool = True,
    phases: PhaseVocabulary | None = None,
) -> Catalogue:
    """Load and validate every map and persona under `root` (the journeys folder).

    `base` is what message paths are relative to (the project root; default: the current directory).
    `only` (files or folders) limits which maps are read, as a pre-commit hook wants: personas are always
    read, since maps refer to them, and map ids are still checked for uniqueness across the catalogue.
    `check_link_graph=False` leaves the catalogue-wide link checks (cycles, chains) to a caller that
    gathers `links` from several partial loads.
    """
    channels = channels or ChannelVocabulary.build()
    phases = phases if phases is not None else PhaseVocabulary.build()
    base = base or Path.cwd()
    read = cache.get if cache else parse_file
    with without_cycle_collection():
        catalogue = Catalogue(root, channels, phases)
        every_map_file = _files(root / MAPS_DIR)
        persona_files = _files(root / PERSONAS_DIR)
        displays = {p: _display(p, base) for p in persona_files + every_map_file}
        personas = [read(p, "persona", displays[p]) for p in persona_files]
        first_file = _first_files(persona_files, every_map_file, displays)
        facts = _CatalogueFacts(
            first_file,
            map_ids={file_id for kind, file_id in first_file if kind == "map"},
            persona_ids={f.id for f in personas},
            channels=channels,
            phases=phases,
            today=today or dt.date.today(),
        )
        for f in personas:
            _add_checked(catalogue, _check_file(f, facts, catalogue.links))
        # Each map is checked as soon as it is read (personas, all it refers to elsewhere, are known by
        # now), so that without a cache its parsed data is let go at once: holding every map's data until
        # all were read was half the peak memory of loading 10,000 maps.
        for path in every_map_file if only is None else chosen_paths(every_map_file, only):
            _add_checked(catalogue, _check_file(read(path, "map", displays[path]), facts, catalogue.links))
        if check_link_graph:
            if only is not None:
                add_linked_maps(catalogue.links, first_map_paths(every_map_file), base, read)
            catalogue.problems += link_graph_problems(catalogue.links)
        catalogue.problems.sort(key=lambda p: (p.file, p.line, p.column, p.field, p.message))
    return catalogue


def _first_files(
    persona_files: list[Path], map_files: list[Path], displays: dict[Path, str]
) -> dict[tuple[str, str], str]:
    """(kind, id) -> the file that id is taken from: the first of any files that share a name."""
    first_file: dict[tuple[str, str], str] = {}
    for kind, paths in (("persona", persona_files), ("map", map_files)):
        for path in paths:
            first_file.setdefault((kind, path.stem), displays[path])
    return first_file


@dataclass(frozen=True)
class _CatalogueFacts:
    """What checking one file needs to know of the rest of the catalogue."""

    first_file: dict[tuple[str, str], str]
    map_ids: set[str]
    persona_ids: set[str]
    channels: ChannelVocabulary
    phases: PhaseVocabulary
    today: dt.date


@dataclass
class _CheckedFile:
    file: ParsedFile
    problems: list[Problem]
    stage_ids: list[str] = field(default_factory=list)
    links: MapLinks | None = None  # a map's links to other maps


def _check_file(f: ParsedFile, facts: _CatalogueFacts, known_links: dict[str, MapLinks]) -> _CheckedFile:
    """A parsed file's own problems plus those against the rest of the catalogue. `known_links` holds
    the links already gathered: a map id read twice keeps the first file's."""
    checked = _CheckedFile(f, list(f.problems))
    taken_by = facts.first_file[(f.kind, f.id)]
    if taken_by != f.display:
        message = f"{f.kind} id '{f.id}' is already used by {taken_by}; file names must be unique"
        checked.problems.append(_file_problem(f.display, message))
    if not isinstance(f.data, dict):
        return checked
    if f.kind == "map":
        _check_map(checked, f.data, facts, known_links)
    else:
        checked.problems += f.problems_for(persona_reference_findings(f.data, facts.channels))
    if not f.problems:
        f.forget_positions()  # cached files keep only what the next build needs
    return checked


def _check_map(
    checked: _CheckedFile, data: dict, facts: _CatalogueFacts, known_links: dict[str, MapLinks]
) -> None:
    f = checked.file
    stages = data.get("stages")
    checked.stage_ids = stage_ids = stage_ids_for(stages if isinstance(stages, list) else [])
    checked.problems += f.problems_for(
        map_reference_findings(data, stage_ids, facts.persona_ids, facts.channels, facts.today)
        + phase_findings(data, facts.phases)
    )
    checked.problems += f.problems_for(map_warnings(data), severity="warning")
    links = map_links(f.id, f.path, f.display, data, stage_ids)
    checked.links = known_links.get(f.id, links)
    checked.problems += f.problems_for(link_findings(checked.links, facts.map_ids))


def _add_checked(catalogue: Catalogue, checked: _CheckedFile) -> None:
    """Count the file and its problems; a file without errors joins the catalogue's maps or personas."""
    f = checked.file
    catalogue.files_checked[f.kind] += 1
    catalogue.problems += checked.problems
    if checked.links is not None:
        catalogue.links.setdefault(f.id, checked.links)
    if f.model is None or any(p.is_error for p in checked.problems):
        return
    if f.kind == "map":
        catalogue.maps[f.id] = JourneyMap(f.id, f.path, f.model, f.body, f.text, checked.stage_ids)
    else:
        catalogue.personas[f.id] = Persona(f.id, f.path, f.model, f.body)


def first_map_paths(files: list[Path]) -> dict[str, Path]:
    """Map id -> the file that id is taken from (the first of any duplicates, as a whole load does)."""
    paths: dict[str, Path] = {}
    for path in files:
        paths.setdefault(path.stem, path)
    return paths


def add_linked_maps(links: dict[str, MapLinks], paths: dict[str, Path], base: Path, read=parse_file) -> None:
    """Add the links of every map that the maps in `links` lead to by `future_of` or `detail`, directly
    or not. A check of a few files (`only`) needs no more for the catalogue-wide link checks: a detail
    cycle through a checked map, a chain from its current map and what it shares with that map all lie
    among the maps it leads to, so the rest of the catalogue is never read."""
    waiting = [t for item in links.values() for t in _link_targets(item)]
    while waiting:
        map_id = waiting.pop()
        if map_id in links or map_id not in paths:
            continue
        path = paths[map_id]
        parsed = read(path, "map", _display(path, base))
        if not isinstance(parsed.data, dict):
            continue
        stages = parsed.data.get("stages")
        stage_ids = stage_ids_for(stages if isinstance(stages, list) else [])
        links[map_id] = map_links(map_id, path, parsed.display, parsed.data, stage_ids)
        waiting += _link_targets(links[map_id])


def _link_targets(item: MapLinks) -> list[str]:
    return ([item.future_of] if item.future_of else []) + [target for _, target in item.details]


def link_graph_problems(links: dict[str, MapLinks]) -> list[Problem]:
    """The catalogue-wide link checks as located problems. Only the files they involve (few, and only
    when something is wrong) are parsed again for their positions."""
    rough = link_graph_findings(links, {})
    warnings = link_graph_warnings(links)
    if not rough and not warnings:
        return []
    involved = {map_id for map_id, _, _ in rough + warnings}
    involved |= {links[m].future_of for m in involved if links[m].future_of in links}
    parsed = {m: parse_file(links[m].path, "map", links[m].display) for m in involved}
    lines = {
        (m, field_path): parsed[m].problem(field_path, "").line
        for m in involved
        for field_path in [("future_of",)] * bool(links[m].future_of) + [p for p, _ in links[m].details]
    }
    problems = [parsed[m].problem(p, message) for m, p, message in link_graph_findings(links, lines)]
    return problems + [parsed[m].problem(p, message, severity="warning") for m, p, message in warnings]
