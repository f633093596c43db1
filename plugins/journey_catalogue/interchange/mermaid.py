"""Mermaid `journey` diagrams: export (score = valence + 3, actors = persona ids) and import.

Mermaid has no place for touchpoints, pains, opportunities or links to other maps (`future_of`, a step's
`detail`), so they travel as `%%` comments after the title or their task, which Mermaid ignores and the
importer reads back. Per-persona emotions become one task line
per distinct score, each naming its personas; consecutive lines for the same task merge back on import.
"""

from __future__ import annotations

import datetime as dt
import re

from ..format.model import JourneyMap
from .common import ImportedMap, draft_frontmatter, item_text, parse_item

# Characters with a meaning in a task line, written as Mermaid entity codes.
_ESCAPES = {":": "#58;", ";": "#59;", "#": "#35;", "\n": " "}
_UNESCAPES = {v: k for k, v in _ESCAPES.items() if k != "\n"}


class MermaidImportError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


def _escape(text: str) -> str:
    text = text.replace("#", _ESCAPES["#"])
    for char in (":", ";", "\n"):
        text = text.replace(char, _ESCAPES[char])
    return text


def _unescape(text: str) -> str:
    for code in ("#58;", "#59;", "#35;"):
        text = text.replace(code, _UNESCAPES[code])
    return text.strip()


def export_mermaid(journey: JourneyMap) -> str:
    personas = list(journey.meta.personas)
    lines = ["journey", f"  title {_escape(journey.meta.title)}"]
    if journey.meta.future_of:
        lines.append(f"  %% future-of: {journey.meta.future_of}")
    for stage_id, stage in journey.stages():
        lines.append(f"  section {_escape(stage.name)}")
        lines.append(f"    %% stage-id: {stage_id}")
        for step in stage.steps:
            valences = step.valences(personas)
            groups: dict[int, list[str]] = {}
            for persona, value in valences.items():
                groups.setdefault(value, []).append(persona)
            if not groups:
                groups = {0: personas}  # Mermaid needs a score; "no emotion" is recorded below
            for value, who in sorted(groups.items(), key=lambda g: personas.index(g[1][0])):
                lines.append(f"    {_escape(step.action)}: {value + 3}: {', '.join(who)}")
            if step.emotion is None:
                lines.append("    %% emotion: none")
            if step.touchpoints:
                lines.append(f"    %% touchpoints: {', '.join(step.touchpoints)}")
            for label, value in (("feeling", step.feeling), ("thought", step.thought)):
                if value:
                    lines.append(f"    %% {label}: {' '.join(value.split())}")
            lines += [f"    %% pain: {' '.join(item_text(p).split())}" for p in step.pain_items()]
            lines += [
                f"    %% opportunity: {' '.join(item_text(o).split())}" for o in step.opportunity_items()
            ]
            lines += [f"    %% backstage: {' '.join(b.split())}" for b in step.backstage]
            if step.detail:
                lines.append(f"    %% detail: {step.detail}")
    return "\n".join(lines) + "\n"


_TASK = re.compile(r"^(?P<name>[^:]+):\s*(?P<score>[^:]*?)\s*(?::\s*(?P<actors>.*))?$")


def import_mermaid(text: str, fallback_title: str, today: dt.date) -> ImportedMap:
    lines = text.splitlines()
    first = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("%%")), None
    )
    if first is None or lines[first].strip() != "journey":
        raise MermaidImportError((first or 0) + 1, "expected a Mermaid diagram starting with 'journey'")
    title, stages, personas, future_of = fallback_title, [], [], None
    step: dict | None = None
    task_name: str | None = None
    for number, raw in enumerate(lines[first + 1 :], start=first + 2):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("%%"):
            comment = line[2:].strip()
            key, _, value = comment.partition(":")
            key, value = key.strip(), value.strip()
            if key == "stage-id" and stages:
                stages[-1]["id"] = value
            elif key == "future-of" and value:
                future_of = value
            elif step is not None and key == "detail" and value:
                step["detail"] = value
            elif step is not None and key == "emotion" and value == "none":
                step.pop("emotion", None)
            elif step is not None and key == "touchpoints":
                step["touchpoints"] = [t.strip() for t in value.split(",") if t.strip()]
            elif step is not None and key in ("feeling", "thought", "backstage"):
                if key == "backstage":
                    step.setdefault("backstage", []).append(value)
                else:
                    step[key] = value
            elif step is not None and key in ("pain", "opportunity"):
                kind = "pains" if key == "pain" else "opportunities"
                step.setdefault(kind, []).append(parse_item(value, kind))
            continue
        if line.startswith("title "):
            title = _unescape(line[6:])
            continue
        if line.startswith("section "):
            stages.append({"name": _unescape(line[8:]), "steps": []})
            step, task_name = None, None
            continue
        match = _TASK.match(line)
        if not match:
            raise MermaidImportError(
                number, f"expected 'title', 'section' or a task 'Task: score: actors', got {line!r}"
            )
        if not stages:
            raise MermaidImportError(number, "a task must come after a 'section' line")
        score_text = match.group("score")
        if not score_text.isdigit() or not 1 <= int(score_text) <= 5:
            raise MermaidImportError(number, f"expected a score from 1 to 5, got {score_text!r}")
        valence = int(score_text) - 3
        actors = [a.strip() for a in (match.group("actors") or "").split(",") if a.strip()]
        for actor in actors:
            if actor not in personas:
                personas.append(actor)
        name = _unescape(match.group("name"))
        if step is not None and name == task_name and actors:
            # another score for the same task: emotions differ per persona
            emotion = step.get("emotion")
            previous = emotion if isinstance(emotion, dict) else {a: emotion for a in step["_actors"]}
            previous.update({a: valence for a in actors})
            step["emotion"] = previous
            step["_actors"] += actors
            continue
        step = {"action": name, "emotion": valence, "_actors": actors}
        task_name = name
        stages[-1]["steps"].append(step)
    if not stages or not any(s["steps"] for s in stages):
        raise MermaidImportError(len(lines), "the diagram has no tasks")
    for stage in stages:
        for s in stage["steps"]:
            s.pop("_actors", None)
    imported = draft_frontmatter(title, stages, personas, today)
    if future_of:
        imported.data["future_of"] = future_of
    return imported
