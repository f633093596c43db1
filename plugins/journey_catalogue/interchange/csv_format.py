"""CSV with one row per step, for spreadsheets: export, and import of the same layout.

Columns: stage_id, stage, step, action, touchpoints, emotion (or one `emotion:<persona>` column per
persona when personas feel differently), feeling, thought, pains, opportunities, backstage, and detail
(the id of the map that details the step) when any step has one. Lists are one
item per line inside a cell; pains and opportunities keep severity and status as `[high] text`.
Written as UTF-8 with a byte-order mark so that spreadsheet programs detect the encoding.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..format.model import JourneyMap
from .common import ImportedMap, draft_frontmatter, item_text, parse_item

BASE_COLUMNS = [
    "stage_id",
    "stage",
    "step",
    "action",
    "touchpoints",
    "feeling",
    "thought",
    "pains",
    "opportunities",
    "backstage",
]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe, as spreadsheets themselves do."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


class CsvImportError(ValueError):
    """A problem in an imported CSV, with its 1-based row number (the header is row 1)."""

    def __init__(self, row: int, message: str):
        super().__init__(f"row {row}: {message}")
        self.row = row


def export_csv(journey: JourneyMap) -> str:
    personas = list(journey.meta.personas)
    per_persona = any(isinstance(placed.step.emotion, dict) for placed in journey.steps())
    emotion_columns = [f"emotion:{p}" for p in personas] if per_persona else ["emotion"]
    columns = BASE_COLUMNS[:5] + emotion_columns + BASE_COLUMNS[5:]
    if any(placed.step.detail for placed in journey.steps()):
        columns.append("detail")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for placed in journey.steps():
        step = placed.step
        row = {
            "stage_id": placed.stage_id,
            "stage": _cell(placed.stage.name),
            "step": placed.number,
            "action": _cell(step.action),
            "touchpoints": "\n".join(step.touchpoints),
            "feeling": _cell(step.feeling or ""),
            "thought": _cell(step.thought or ""),
            "pains": "\n".join(item_text(p) for p in step.pain_items()),
            "opportunities": "\n".join(item_text(o) for o in step.opportunity_items()),
            "backstage": _cell("\n".join(step.backstage)),
        }
        if "detail" in columns:
            row["detail"] = step.detail or ""
        if per_persona:
            valences = step.valences(personas)
            row.update({f"emotion:{p}": valences.get(p, "") for p in personas})
        else:
            row["emotion"] = "" if step.emotion is None else step.emotion
        writer.writerow(row)
    return "\ufeff" + out.getvalue()


def _lines(cell: str | None) -> list[str]:
    return [line.strip() for line in _uncell(cell or "").splitlines() if line.strip()]


def _valence(cell: str, row: int, column: str) -> int | None:
    cell = cell.strip()
    if not cell:
        return None
    try:
        value = int(cell.replace("+", "").replace("−", "-"))
    except ValueError:
        raise CsvImportError(row, f"{column}: expected an integer from -2 to 2, got {cell!r}") from None
    if not -2 <= value <= 2:
        raise CsvImportError(row, f"{column}: expected an integer from -2 to 2, got {value}")
    return value


def import_csv(text: str, title: str, today: dt.date) -> ImportedMap:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    columns = reader.fieldnames or []
    for required in ("stage", "action"):
        if required not in columns:
            raise CsvImportError(
                1,
                f"the header has no '{required}' column; expected columns: "
                f"{', '.join(BASE_COLUMNS[:5])}, emotion, {', '.join(BASE_COLUMNS[5:])}",
            )
    persona_columns = [c for c in columns if c.startswith("emotion:")]
    personas = [c.split(":", 1)[1] for c in persona_columns]
    stages: list[dict] = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise CsvImportError(
                number, f"has {len(columns) + len(row[None])} cells, the header has {len(columns)}"
            )
        stage_name = _uncell(row.get("stage") or "").strip()
        action = _uncell(row.get("action") or "").strip()
        if not stage_name or not action:
            raise CsvImportError(number, "every row needs a stage and an action")
        stage_id = (row.get("stage_id") or "").strip()
        if not stages or stages[-1]["name"] != stage_name or stages[-1].get("id", stage_id) != stage_id:
            stages.append(
                {"id": stage_id, "name": stage_name, "steps": []}
                if stage_id
                else {"name": stage_name, "steps": []}
            )
        step: dict = {"action": action}
        if touchpoints := _lines(row.get("touchpoints")):
            step["touchpoints"] = touchpoints
        if persona_columns:
            valences = {
                p: _valence(row.get(c) or "", number, c)
                for p, c in zip(personas, persona_columns, strict=True)
            }
            valences = {p: v for p, v in valences.items() if v is not None}
            if valences:
                distinct = set(valences.values())
                step["emotion"] = (
                    distinct.pop() if len(distinct) == 1 and len(valences) == len(personas) else valences
                )
        elif (
            "emotion" in columns
            and (value := _valence(row.get("emotion") or "", number, "emotion")) is not None
        ):
            step["emotion"] = value
        for key in ("feeling", "thought"):
            if value := _uncell(row.get(key) or "").strip():
                step[key] = value
        for key in ("pains", "opportunities"):
            if items := _lines(row.get(key)):
                step[key] = [parse_item(i, key) for i in items]
        if backstage := _lines(row.get("backstage")):
            step["backstage"] = backstage
        if detail := (row.get("detail") or "").strip():
            step["detail"] = detail
        stages[-1]["steps"].append(step)
    if not stages:
        raise CsvImportError(2, "the file has a header but no steps")
    return draft_frontmatter(title, stages, personas, today)
