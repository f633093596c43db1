"""JSON of the validated model: what the file says, with defaults filled in and stage ids resolved."""

from __future__ import annotations

import json

from ..format.model import JourneyMap


def export_json(journey: JourneyMap, relations: dict | None = None) -> str:
    """`relations` (relations.map_relations): the links other maps make to this one, as "relations"."""
    data = journey.meta.model_dump(mode="json")
    for stage, stage_id in zip(data["stages"], journey.stage_ids, strict=True):
        stage["id"] = stage_id
        stage["next"] = journey.next_of(journey.stage_ids.index(stage_id))
    document = {"id": journey.id, **data, "body": journey.body}
    if relations is not None:
        document["relations"] = relations
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
