"""Turning parsed frontmatter into models, and every mistake into a located, plain-language Problem.

Type checks come from the model (pydantic); this module only words them and adds the checks that need
more than one field or more than one file: cross-references, uniqueness, dates.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from .channels import ChannelVocabulary
from .model import MapFront, PersonaFront, describe
from .problems import Path_, format_field_path

# (path, message, at_key): at_key points the message at the mapping key rather than its value.
Finding = tuple[Path_, str, bool]


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
    if len(values) <= 2:
        return " or ".join(values)
    return f"one of {', '.join(values[:-1])} or {values[-1]}"


def suggestion(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


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


def _wording(error: dict, model: type[BaseModel], path: Path_) -> tuple[str, bool]:
    kind, ctx, found = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "required field is missing", False
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = allowed_fields(model, path[:-1])
        hint = suggestion(key, allowed) or (f"; allowed here: {_join(allowed)}" if allowed else "")
        return f"unknown field '{key}'{hint}", True
    if kind == "literal_error":  # the choices from our model, not pydantic's wording of them
        values = allowed_values(model, path)
        if values:
            return f"expected {one_of(values)}, got {describe(found)}", False
    if kind in ("list_type",):
        return f"expected a list, got {describe(found)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {describe(found)}", False
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"expected at least {n} item{'s' if n != 1 else ''}, got {describe(found)}", False
    if kind == "too_long":
        return f"expected at most {ctx.get('max_length')} items, got {describe(found)}", False
    if kind == "union_tag_invalid":
        return f"expected text or a mapping of fields, got {describe(found)}", False
    if kind == "string_type":
        return f"expected text, got {describe(found)}", False
    if kind == "bool_type":
        return f"expected true or false, got {describe(found)}", False
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, got {describe(found)}", False
    if kind.startswith("jc_"):
        return error["msg"][0].lower() + error["msg"][1:], False  # our custom types' own messages
    # a case this table does not word yet: pydantic's message, rather than none
    return f"{error['msg'][0].lower()}{error['msg'][1:]}, got {describe(found)}", False


def model_findings(model: type[BaseModel], data: Any) -> tuple[BaseModel | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            path = _data_path(error["loc"], data)
            message, at_key = _wording(error, model, path)
            findings.append((path, message, at_key))
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
    findings: list[Finding] = []
    personas = [p for p in _as_list(data.get("personas")) if isinstance(p, str)]
    for i, persona in enumerate(_as_list(data.get("personas"))):
        if isinstance(persona, str) and persona not in persona_ids:
            findings.append(
                (
                    ("personas", i),
                    f"unknown persona '{persona}': there is no "
                    f"personas/{persona}.md{suggestion(persona, persona_ids)}",
                    False,
                )
            )
    updated = data.get("updated")
    if isinstance(updated, str):
        try:
            updated = dt.date.fromisoformat(updated)
        except ValueError:
            updated = None  # the model reports the format
    if isinstance(updated, dt.date) and not isinstance(updated, dt.datetime) and updated > today:
        findings.append(
            (("updated",), f"expected a date not in the future, got {updated.isoformat()}", False)
        )

    sources = _as_list(data.get("sources"))
    source_ids = _ids(sources)
    seen: set[str] = set()
    for i, source_id in enumerate(_ids(sources)):
        if source_id in seen:
            findings.append(
                (("sources", i, "id"), f"source id '{source_id}' is used twice in this map", False)
            )
        seen.add(source_id)

    stages = _as_list(data.get("stages"))
    explicit_seen: dict[str, int] = {}
    for s, stage in enumerate(stages):
        stage = _as_dict(stage)
        stage_id = stage.get("id")
        if isinstance(stage_id, str):
            if stage_id in explicit_seen:
                findings.append(
                    (
                        ("stages", s, "id"),
                        f"stage id '{stage_id}' is already used by stages[{explicit_seen[stage_id]}]",
                        False,
                    )
                )
            explicit_seen.setdefault(stage_id, s)
        for n, target in enumerate(_as_list(stage.get("next"))):
            if isinstance(target, str) and target not in stage_ids:
                findings.append(
                    (
                        ("stages", s, "next", n),
                        f"unknown stage '{target}'; stages in this map: {_join(stage_ids)}",
                        False,
                    )
                )
        for t, step in enumerate(_as_list(stage.get("steps"))):
            step = _as_dict(step)
            base = ("stages", s, "steps", t)
            for c, channel in enumerate(_as_list(step.get("touchpoints"))):
                if isinstance(channel, str) and channel not in channels:
                    findings.append(
                        (
                            (*base, "touchpoints", c),
                            f"unknown channel '{channel}'{suggestion(channel, channels.ids())}",
                            False,
                        )
                    )
            emotion = step.get("emotion")
            if isinstance(emotion, dict):
                for persona in emotion:
                    if persona not in personas:
                        findings.append(
                            (
                                (*base, "emotion", persona),
                                f"persona '{persona}' is not in this map's personas ({_join(personas)})",
                                True,
                            )
                        )
            for kind in ("pains", "opportunities"):
                for k, item in enumerate(_as_list(step.get(kind))):
                    for r, ref in enumerate(_as_list(_as_dict(item).get("sources"))):
                        if not isinstance(ref, str):
                            continue
                        if ref not in source_ids:
                            known = (
                                f"; sources in this map: {_join(source_ids)}"
                                if source_ids
                                else "; this map lists no sources"
                            )
                            findings.append(
                                (
                                    (*base, kind, k, "sources", r),
                                    f"unknown source '{ref}'{suggestion(ref, source_ids) or known}",
                                    False,
                                )
                            )
    return findings


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
            findings.append(
                (("sources", i, "id"), f"source '{source_id}' is not cited by any pain or opportunity", False)
            )
    return findings


def persona_reference_findings(data: dict, channels: ChannelVocabulary) -> list[Finding]:
    findings: list[Finding] = []
    for i, channel in enumerate(_as_list(data.get("channels"))):
        if isinstance(channel, str) and channel not in channels:
            findings.append(
                (("channels", i), f"unknown channel '{channel}'{suggestion(channel, channels.ids())}", False)
            )
    return findings


MODELS: dict[str, type[BaseModel]] = {"map": MapFront, "persona": PersonaFront}
__all__ = ["format_field_path", "model_findings", "map_reference_findings", "persona_reference_findings"]
