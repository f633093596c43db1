"""Turning parsed frontmatter into models, and every mistake into a located, plain-language Problem.

Type checks come from the model (pydantic); this module only words them and adds the checks that need
more than one field or more than one file: cross-references, uniqueness, dates.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from ..i18n import N_, N_plural
from .channels import ChannelVocabulary
from .model import MapFront, PersonaFront, describe
from .problems import Message, Path_, format_field_path


@dataclass(frozen=True)
class Finding:
    """One mistake in a file's data, before it is located in the file's text."""

    path: Path_
    message: str
    at_key: bool = False  # point at the mapping key (an unknown or misplaced field), not at its value


def _join(values: Iterable[str]) -> str:
    return ", ".join(values)


@cache
def _schema(model: type[BaseModel]) -> dict:
    return model.model_json_schema()


def _resolve(root: dict, node: dict) -> dict:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _alternatives(root: dict, node: dict) -> list[dict]:
    node = _resolve(root, node)
    return [node] + [_resolve(root, a) for a in node.get("anyOf", []) + node.get("oneOf", [])]


def _subschema(root: dict, node: dict, key: str | int) -> dict | None:
    for alternative in _alternatives(root, node):
        if isinstance(key, int) and "items" in alternative:
            return alternative["items"]
        if isinstance(key, str):
            if key in alternative.get("properties", {}):
                return alternative["properties"][key]
            if isinstance(alternative.get("additionalProperties"), dict):
                return alternative["additionalProperties"]
    return None


def _alternatives_at(model: type[BaseModel], path: Path_) -> list[dict]:
    """The schemas the format allows at `path` (walks the generated JSON Schema)."""
    root = _schema(model)
    node: dict | None = root
    for key in path:
        if node is None:
            return []
        node = _subschema(root, node, key)
    return _alternatives(root, node) if node is not None else []


def allowed_fields(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names the format allows in the mapping at `path`."""
    for alternative in _alternatives_at(model, path):
        if "properties" in alternative:
            return list(alternative["properties"])
    return []


def allowed_values(model: type[BaseModel], path: Path_) -> list[str]:
    """The values a choice field at `path` allows, in the format's order."""
    for alternative in _alternatives_at(model, path):
        if "enum" in alternative:
            return [str(v) for v in alternative["enum"]]
    return []


def one_of(values: list[str]) -> str:
    """'B2B or B2C', 'one of low, medium or high': how messages list the choices."""
    if len(values) == 1:
        return values[0]
    if len(values) == 2:
        return Message(N_("%(first)s or %(last)s"), first=values[0], last=values[1])
    return Message(N_("one of %(values)s or %(last)s"), values=", ".join(values[:-1]), last=values[-1])


def unknown_channel(channel: str, channels: ChannelVocabulary) -> str:
    """Names the channel, the closest known id, every known id, and where a site adds its own."""
    ids = channels.ids()
    message = N_(
        "unknown channel '%(channel)s'%(hint)s; known channels: %(ids)s"
        " (a site adds its own with the plugin's `channels:` option in mkdocs.yml)"
    )
    return Message(message, channel=channel, hint=suggestion(channel, ids), ids=", ".join(ids))


def suggestion(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return Message(N_(" (did you mean '%(match)s'?)"), match=match[0]) if match else ""


def _data_path(loc: tuple, data: Any) -> Path_:
    """pydantic's error location minus its union tags: only the steps that exist in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in node and part == loc[-1]:
            path.append(part)  # a missing field: name it, it does not exist in the data yet
        # anything else is a tag pydantic adds for a union member ("plain", "object", ...): skip it
    return tuple(path)


def _worded(error: dict, model: type[BaseModel], path: Path_) -> Finding:
    """pydantic's error at `path` in the format's words."""
    kind, ctx, found = error["type"], error.get("ctx") or {}, describe(error.get("input"))
    if kind == "missing":
        return Finding(path, Message(N_("required field is missing")))
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = allowed_fields(model, path[:-1])
        hint = suggestion(key, allowed) or (
            Message(N_("; allowed here: %(fields)s"), fields=_join(allowed)) if allowed else ""
        )
        return Finding(path, Message(N_("unknown field '%(key)s'%(hint)s"), key=key, hint=hint), at_key=True)
    if kind == "literal_error":  # the choices from our model, not pydantic's wording of them
        values = allowed_values(model, path)
        if values:
            return Finding(path, Message(_EXPECTED, what=one_of(values), found=found))
    if kind in _EXPECTED_KINDS:
        return Finding(path, Message(_EXPECTED, what=_EXPECTED_KINDS[kind], found=found))
    if kind in ("too_short", "too_long"):
        n = ctx.get("min_length", 1) if kind == "too_short" else ctx.get("max_length")
        forms = _AT_LEAST if kind == "too_short" else _AT_MOST
        return Finding(path, Message(_EXPECTED, what=Message(*forms, num=n), found=found))
    if kind.startswith("jc_"):  # our custom types' own messages
        return Finding(path, ctx.get("message") or error["msg"])
    # a case this table does not word yet: pydantic's message, rather than none
    return Finding(path, f"{error['msg'][0].lower()}{error['msg'][1:]}, got {found}")


_EXPECTED = N_("expected %(what)s, got %(found)s")
_AT_LEAST = N_plural("at least %(num)d item", "at least %(num)d items")
_AT_MOST = N_plural("at most %(num)d item", "at most %(num)d items")
_EXPECTED_KINDS = {
    "list_type": Message(N_("a list")),
    "dict_type": Message(N_("a mapping of fields")),
    "model_type": Message(N_("a mapping of fields")),
    "model_attributes_type": Message(N_("a mapping of fields")),
    "union_tag_invalid": Message(N_("text or a mapping of fields")),
    "string_type": Message(N_("text")),
    "bool_type": Message(N_("true or false")),
    "int_type": Message(N_("a whole number")),
    "int_parsing": Message(N_("a whole number")),
}


def model_findings(model: type[BaseModel], data: Any) -> tuple[BaseModel | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            findings.append(_worded(error, model, _data_path(error["loc"], data)))
        return None, findings


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _ids(items: Iterable[Any], key: str = "id") -> list[str]:
    return [i[key] for i in items if isinstance(i, dict) and isinstance(i.get(key), str)]


def map_reference_findings(
    data: dict,
    stage_ids: list[str],
    persona_ids: set[str],
    channels: ChannelVocabulary,
    today: dt.date,
) -> list[Finding]:
    """Checks across fields and files. Works on raw data so it runs even where types are wrong."""
    stages = _as_list(data.get("stages"))
    source_ids = _ids(_as_list(data.get("sources")))
    map_personas = [p for p in _as_list(data.get("personas")) if isinstance(p, str)]
    return [
        *_unknown_personas(data, persona_ids),
        *_future_update(data, today),
        *_repeated_source_ids(source_ids),
        *_repeated_stage_ids(stages),
        *_repeated_step_ids(stages),
        *_unknown_next_stages(stages, stage_ids),
        *_unknown_channels(stages, channels),
        *_emotions_of_absent_personas(stages, map_personas),
        *_unknown_sources(stages, source_ids),
    ]


def _unknown_personas(data: dict, persona_ids: set[str]) -> Iterator[Finding]:
    for i, persona in enumerate(_as_list(data.get("personas"))):
        if isinstance(persona, str) and persona not in persona_ids:
            message = N_("unknown persona '%(persona)s': there is no personas/%(persona)s.md%(hint)s")
            hint = suggestion(persona, persona_ids)
            yield Finding(("personas", i), Message(message, persona=persona, hint=hint))


def _future_update(data: dict, today: dt.date) -> Iterator[Finding]:
    updated = data.get("updated")
    if isinstance(updated, str):
        try:
            updated = dt.date.fromisoformat(updated)
        except ValueError:
            return  # the model reports the format
    if isinstance(updated, dt.date) and not isinstance(updated, dt.datetime) and updated > today:
        message = Message(N_("expected a date not in the future, got %(found)s"), found=updated.isoformat())
        yield Finding(("updated",), message)


def _repeated_source_ids(source_ids: list[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, source_id in enumerate(source_ids):
        if source_id in seen:
            message = Message(N_("source id '%(id)s' is used twice in this map"), id=source_id)
            yield Finding(("sources", i, "id"), message)
        seen.add(source_id)


def _repeated_stage_ids(stages: list) -> Iterator[Finding]:
    first_use: dict[str, int] = {}
    for s, stage in enumerate(stages):
        stage_id = _as_dict(stage).get("id")
        if not isinstance(stage_id, str):
            continue
        if stage_id in first_use:
            message = Message(
                N_("stage id '%(id)s' is already used by %(first)s"),
                id=stage_id,
                first=f"stages[{first_use[stage_id]}]",
            )
            yield Finding(("stages", s, "id"), message)
        first_use.setdefault(stage_id, s)


def _repeated_step_ids(stages: list) -> Iterator[Finding]:
    first_use: dict[str, str] = {}
    for path, step in _raw_steps(stages):
        step_id = step.get("id")
        if not isinstance(step_id, str):
            continue
        where = f"stages[{path[1]}].steps[{path[3]}]"
        if step_id in first_use:
            message = Message(
                N_("step id '%(id)s' is already used by %(first)s"), id=step_id, first=first_use[step_id]
            )
            yield Finding((*path, "id"), message)
        first_use.setdefault(step_id, where)


def _unknown_next_stages(stages: list, stage_ids: list[str]) -> Iterator[Finding]:
    for s, stage in enumerate(stages):
        for n, target in enumerate(_as_list(_as_dict(stage).get("next"))):
            if isinstance(target, str) and target not in stage_ids:
                message = Message(
                    N_("unknown stage '%(id)s'; stages in this map: %(ids)s"), id=target, ids=_join(stage_ids)
                )
                yield Finding(("stages", s, "next", n), message)


def _raw_steps(stages: list) -> Iterator[tuple[Path_, dict]]:
    """Each step of raw map data as (its path, its fields), whatever the types around it."""
    for s, stage in enumerate(stages):
        for t, step in enumerate(_as_list(_as_dict(stage).get("steps"))):
            yield ("stages", s, "steps", t), _as_dict(step)


def _unknown_channels(stages: list, channels: ChannelVocabulary) -> Iterator[Finding]:
    for base, step in _raw_steps(stages):
        for c, channel in enumerate(_as_list(step.get("touchpoints"))):
            if isinstance(channel, str) and channel not in channels:
                message = unknown_channel(channel, channels)
                yield Finding((*base, "touchpoints", c), message)


def _emotions_of_absent_personas(stages: list, map_personas: list[str]) -> Iterator[Finding]:
    for base, step in _raw_steps(stages):
        emotion = step.get("emotion")
        for persona in emotion if isinstance(emotion, dict) else ():
            if persona not in map_personas:
                message = Message(
                    N_("persona '%(id)s' is not in this map's personas (%(ids)s)"),
                    id=persona,
                    ids=_join(map_personas),
                )
                yield Finding((*base, "emotion", persona), message, at_key=True)


def _unknown_sources(stages: list, source_ids: list[str]) -> Iterator[Finding]:
    known = (
        Message(N_("; sources in this map: %(ids)s"), ids=_join(source_ids))
        if source_ids
        else Message(N_("; this map lists no sources"))
    )
    for base, step in _raw_steps(stages):
        for kind in ("pains", "opportunities"):
            for k, item in enumerate(_as_list(step.get(kind))):
                for r, ref in enumerate(_as_list(_as_dict(item).get("sources"))):
                    if isinstance(ref, str) and ref not in source_ids:
                        hint = suggestion(ref, source_ids) or known
                        message = Message(N_("unknown source '%(id)s'%(hint)s"), id=ref, hint=hint)
                        yield Finding((*base, kind, k, "sources", r), message)


def map_warnings(data: dict) -> list[Finding]:
    """Not wrong, but worth a reviewer's eye; `--strict` turns these into failures."""
    findings: list[Finding] = []
    cited = {
        ref
        for stage in _as_list(data.get("stages"))
        for step in _as_list(_as_dict(stage).get("steps"))
        for kind in ("pains", "opportunities")
        for item in _as_list(_as_dict(step).get(kind))
        for ref in _as_list(_as_dict(item).get("sources"))
    }
    for i, source in enumerate(_as_list(data.get("sources"))):
        source_id = _as_dict(source).get("id")
        if isinstance(source_id, str) and source_id not in cited:
            message = Message(N_("source '%(id)s' is not cited by any pain or opportunity"), id=source_id)
            findings.append(Finding(("sources", i, "id"), message))
    return findings


def persona_reference_findings(data: dict, channels: ChannelVocabulary) -> list[Finding]:
    findings: list[Finding] = []
    for i, channel in enumerate(_as_list(data.get("channels"))):
        if isinstance(channel, str) and channel not in channels:
            message = unknown_channel(channel, channels)
            findings.append(Finding(("channels", i), message))
    return findings


MODELS: dict[str, type[BaseModel]] = {"map": MapFront, "persona": PersonaFront}
__all__ = [
    "Finding",
    "format_field_path",
    "model_findings",
    "map_reference_findings",
    "persona_reference_findings",
]
