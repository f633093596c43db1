"""Mermaid `journey` diagrams: export and import (the syntax of Mermaid's own grammar, journey.jison).

Scores: Mermaid's 1 (worst) .. 5 (best) are our valences -2 .. +2 (valence = score - 3). Actors are
persona names on export and persona ids (matched by name or id, else a slug of the name) on import.
`accDescr` carries the map's summary. Mermaid has no place for touchpoints, pains, opportunities or
links to other maps (`future_of`, a step's `detail`), so they travel as `%%` comments after the title or
their task, which Mermaid ignores and the importer reads back.
Per-persona emotions become one task line per distinct score, each naming its personas; consecutive
lines for the same task with other actors merge back on import.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from dataclasses import dataclass, field

import yaml
from slugify import slugify

from ..format.model import JourneyMap
from .common import ImportedMap, draft_frontmatter, item_text, parse_item

# Characters with a meaning in a Mermaid statement, written as Mermaid's entity codes (`#58;`): its
# separators, `%` (`%%` starts a comment, `%%{` a directive that restyles the diagram), braces, quotes,
# brackets and HTML's `<>&`. Mermaid decodes them when it draws the text.
_MEANINGFUL = {c: f"#{ord(c)};" for c in '#:;,{}%<>&"`[]|\\'}
# In our `%% key: value` notes only what would end the comment or start a directive is coded: `:` and `,`
# stay readable, and the importer decodes the rest.
_IN_COMMENT = {c: f"#{ord(c)};" for c in "#%{}<>"}
_ENTITY = re.compile(r"#(\d+|[a-zA-Z][a-zA-Z0-9]*);")
# `#` starts a comment unless it starts an entity code (Mermaid encodes those before parsing)
_COMMENT = re.compile(r"#(?!(?:\d+|[a-zA-Z][a-zA-Z0-9]*);)")
_LINE_BREAK = re.compile(r"</?br\s*/?>", re.IGNORECASE)
_KEYWORD = re.compile(r"^(?P<key>title|section|acctitle|accdescr)\b", re.IGNORECASE)
_TASK = re.compile(r"^(?P<name>(?:[^:;#]|#(?:\d+|[a-zA-Z][a-zA-Z0-9]*);)+):(?P<data>.*)$")
UNSECTIONED = "Journey"  # the stage for tasks that come before any `section`


class MermaidImportError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


def _escape(text: str, keep: str = "") -> str:
    text = " ".join(text.split()) if "\n" not in keep else text
    return "".join(_MEANINGFUL.get(char, char) if char not in keep else char for char in text)


def mermaid_text(text: str) -> str:
    """Text from a map as Mermaid text: on one line, every character Mermaid reads written as a code."""
    return _escape(text)


def _comment(text: str) -> str:
    """A value for one of our `%%` notes: one line, no `%%` or braces Mermaid could read as a directive."""
    return "".join(_IN_COMMENT.get(char, char) for char in " ".join(text.split()))


def _decode(text: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1)
        if code.isdigit():
            return chr(int(code)) if int(code) < 0x110000 else match.group(0)
        named = html.unescape(f"&{code};")
        return match.group(0) if named == f"&{code};" else named

    return _ENTITY.sub(one, text)


# -- export -----------------------------------------------------------------------------------------


def export_mermaid(journey: JourneyMap, persona_names: dict[str, str] | None = None) -> str:
    """The map as a Mermaid journey; actors are persona names where `persona_names` knows them."""
    personas = list(journey.meta.personas)
    names = {p: (persona_names or {}).get(p, p) for p in personas}
    lines = ["journey", f"  title {_escape(journey.meta.title)}"]
    if journey.meta.future_of:
        lines.append(f"  %% future-of: {_comment(journey.meta.future_of)}")
    acc_title = journey.meta.extra.get("mermaid", {}).get("accTitle") if journey.meta.extra else None
    if isinstance(acc_title, str) and acc_title.strip():
        lines.append(f"  accTitle: {_escape(acc_title)}")
    summary = journey.meta.summary.strip()
    if "\n" in summary:
        lines += ["  accDescr {", *(f"    {_escape(s, keep=':,')}" for s in summary.splitlines()), "  }"]
    else:
        lines.append(f"  accDescr: {_escape(summary, keep=':,')}")
    for stage_id, stage in journey.stages():
        lines.append(f"  section {_escape(stage.name)}")
        lines.append(f"    %% stage-id: {stage_id}")
        for step in stage.steps:
            lines += _task_lines(step, personas, names)
    return "\n".join(lines) + "\n"


def _task_lines(step, personas: list[str], names: dict[str, str]) -> list[str]:
    groups: dict[int, list[str]] = {}
    for persona, value in step.valences(personas).items():
        groups.setdefault(value, []).append(persona)
    if not groups:
        groups = {0: personas}  # Mermaid needs a score; "no emotion" is recorded below
    lines = [
        f"    {_escape(step.action)}: {value + 3}: {', '.join(_escape(names[p]) for p in who)}"
        for value, who in sorted(groups.items(), key=lambda g: personas.index(g[1][0]))
    ]
    if step.emotion is None:
        lines.append("    %% emotion: none")
    if step.touchpoints:
        lines.append(f"    %% touchpoints: {_comment(', '.join(step.touchpoints))}")
    for label, value in (("feeling", step.feeling), ("thought", step.thought)):
        if value:
            lines.append(f"    %% {label}: {_comment(value)}")
    lines += [f"    %% pain: {_comment(item_text(p))}" for p in step.pain_items()]
    lines += [f"    %% opportunity: {_comment(item_text(o))}" for o in step.opportunity_items()]
    lines += [f"    %% backstage: {_comment(b)}" for b in step.backstage]
    if step.detail:
        lines.append(f"    %% detail: {_comment(step.detail)}")
    return lines


# -- import -----------------------------------------------------------------------------------------


@dataclass
class _Reader:
    """The diagram as it is read, statement by statement."""

    fallback_title: str
    known: dict[str, str]  # persona name or id, lower-cased -> persona id
    title: str | None = None
    acc_title: str | None = None
    summary: str | None = None
    stages: list[dict] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    actor_names: dict[str, str] = field(default_factory=dict)
    step: dict | None = None
    future_of: str | None = None

    def statement(self, number: int, line: str) -> None:
        keyword = _KEYWORD.match(line)
        key = keyword.group("key").lower() if keyword else None
        rest = line[keyword.end() :] if keyword else ""
        if key == "title" and rest[:1].isspace():
            self.title = _decode(_COMMENT.split(rest, 1)[0].strip()) or self.title
        elif key == "acctitle" and rest.lstrip().startswith(":"):
            self.acc_title = _decode(rest.lstrip()[1:].strip())
        elif key == "accdescr" and rest.lstrip().startswith(":"):
            self.summary = _decode(rest.lstrip()[1:].strip())
        elif key == "section" and rest[:1].isspace():
            name = _decode(_LINE_BREAK.sub(" ", _COMMENT.split(rest, 1)[0]))
            if ":" in _COMMENT.split(rest, 1)[0]:
                raise MermaidImportError(number, f"a section name cannot hold ':' (write #58;), got {line!r}")
            self.stages.append({"name": " ".join(name.split()), "steps": []})
            self.step = None
        else:
            self.task(number, _COMMENT.split(line, 1)[0].strip())

    def task(self, number: int, line: str) -> None:
        match = _TASK.match(line)
        if not match:
            raise MermaidImportError(
                number, f"expected 'title', 'section' or a task 'Task: score: actors', got {line!r}"
            )
        pieces = match.group("data").split(":")
        if len(pieces) > 2:
            raise MermaidImportError(
                number, f"expected 'Task: score: actors' (a ':' in a name is written #58;), got {line!r}"
            )
        score = pieces[0].strip()
        if not score.isdigit() or not 1 <= int(score) <= 5:
            raise MermaidImportError(number, f"expected a score from 1 to 5, got {score!r}")
        actors = [self.persona(number, a) for a in pieces[1].split(",") if a.strip()] if pieces[1:] else []
        if not self.stages:
            self.stages.append({"name": UNSECTIONED, "steps": []})
        self.add_step(_decode(" ".join(match.group("name").split())), int(score) - 3, actors)

    def persona(self, number: int, actor: str) -> str:
        name = " ".join(_decode(actor).split())
        persona = self.known.get(name.lower()) or slugify(name)
        if not persona:
            raise MermaidImportError(number, f"actor {name!r} has no letters or digits for a persona id")
        if persona not in self.personas:
            self.personas.append(persona)
            self.actor_names[persona] = name
        return persona

    def add_step(self, action: str, valence: int, actors: list[str]) -> None:
        step = self.step
        same_task = step is not None and step["action"] == action
        if same_task and actors and not set(actors) & set(step["_actors"]):
            # another score for the same task: emotions differ per persona
            emotion = step["emotion"]
            per_persona = emotion if isinstance(emotion, dict) else {a: emotion for a in step["_actors"]}
            step["emotion"] = per_persona | {a: valence for a in actors}
            step["_actors"] += actors
            return
        self.step = {"action": action, "emotion": valence, "_actors": actors}
        self.stages[-1]["steps"].append(self.step)

    def comment(self, text: str) -> None:
        """Our own `%% key: value` notes; any other comment is the author's and is skipped."""
        key, _, value = text.partition(":")
        key, value, step = key.strip(), _decode(value.strip()), self.step
        if key == "stage-id" and self.stages:
            self.stages[-1]["id"] = value
        elif key == "future-of" and value:
            self.future_of = value
        elif step is None:
            return
        elif key == "detail" and value:
            step["detail"] = value
        elif key == "emotion" and value == "none":
            step["emotion"] = None
        elif key == "touchpoints":
            step["touchpoints"] = [t.strip() for t in value.split(",") if t.strip()]
        elif key in ("feeling", "thought"):
            step[key] = value
        elif key == "backstage":
            step.setdefault("backstage", []).append(value)
        elif key in ("pain", "opportunity"):
            kind = "pains" if key == "pain" else "opportunities"
            step.setdefault(kind, []).append(parse_item(value, kind))


def _frontmatter_title(lines: list[str], start: int) -> tuple[str | None, int]:
    """Mermaid's optional YAML frontmatter (`---` ... `---`, with `title:` and `config:`)."""
    if lines[start].strip() != "---":
        return None, start
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise MermaidImportError(start + 1, "the frontmatter that starts here has no closing '---'")
    try:
        data = yaml.safe_load(textwrap.dedent("\n".join(lines[start + 1 : end])))
    except yaml.YAMLError:
        data = None
    if data is not None and not isinstance(data, dict):
        raise MermaidImportError(start + 1, "the frontmatter must be a YAML mapping (title:, config:)")
    title = (data or {}).get("title")
    return (str(title).strip() or None) if title is not None else None, end + 1


def _statements(lines: list[str], start: int):
    """(line number, statement or None, comment or None); `accDescr { ... }` spans lines."""
    number = start
    while number < len(lines):
        line = lines[number].strip()
        number += 1
        while line:
            if line.startswith("%%"):
                yield number, None, None if line.startswith("%%{") else line[2:]
                break
            block = re.match(r"^accDescr\s*\{", line, re.IGNORECASE)
            if not block:
                yield number, line, None
                break
            opened, text = number, line[block.end() :]
            while "}" not in text and number < len(lines):
                text += "\n" + lines[number]
                number += 1
            if "}" not in text:
                raise MermaidImportError(opened, "'accDescr {' has no closing '}'")
            body, _, line = text.partition("}")
            yield number, "accDescr: " + "\n".join(s.strip() for s in body.strip().splitlines()), None
            line = line.strip()


def import_mermaid(
    text: str, fallback_title: str, today: dt.date, known_personas: dict[str, str] | None = None
) -> ImportedMap:
    """A draft map from a Mermaid journey. `known_personas`: lower-cased name or id -> persona id."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines) - 1)
    front_title, start = _frontmatter_title(lines, start) if lines else (None, 0)
    first = next(
        (i for i in range(start, len(lines)) if lines[i].strip() and not lines[i].strip().startswith("%%")),
        None,
    )
    if first is None or lines[first].strip().lower() != "journey":
        raise MermaidImportError((first or 0) + 1, "expected a Mermaid diagram starting with 'journey'")
    reader = _Reader(fallback_title, known_personas or {})
    for number, statement, comment in _statements(lines, first + 1):
        if comment is not None:
            reader.comment(comment)
        elif statement is not None:
            reader.statement(number, statement)
    return _imported(reader, front_title, today)


def _imported(reader: _Reader, front_title: str | None, today: dt.date) -> ImportedMap:
    for stage in reader.stages:
        for step in stage["steps"]:
            actors = step.pop("_actors")
            if isinstance(step["emotion"], int) and actors and set(actors) != set(reader.personas):
                # the task's own actors, not every persona on the map (a plain score means everyone)
                step["emotion"] = {a: step["emotion"] for a in actors}
            if step["emotion"] is None:
                del step["emotion"]
    title = reader.title or front_title or reader.acc_title or reader.fallback_title
    imported = draft_frontmatter(title, reader.stages, reader.personas, today)
    imported.actor_names = reader.actor_names
    if reader.future_of:
        imported.data["future_of"] = reader.future_of
    if reader.summary:
        imported.data["summary"] = reader.summary
        imported.missing = [m for m in imported.missing if not m.startswith("summary:")]
    if reader.acc_title and reader.acc_title != title:
        imported.data["extra"] = {"mermaid": {"accTitle": reader.acc_title}}
    if not reader.stages:
        imported.missing.append("stages: the diagram has no sections or tasks; add a stage with steps")
    empty = [s["name"] for s in reader.stages if not s["steps"]]
    imported.missing += [f"stages: '{name}' has no tasks in the diagram; add its steps" for name in empty]
    return imported
