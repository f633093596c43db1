"""The catalogue's compact card index (`maps/cards.json`) and the cutting of long indexes into pages.

A catalogue of thousands of maps cannot put every card on one page. The catalogue page shows the first
`page_size` cards; further static pages (`maps/page/2/`, ...) hold the rest for readers without
JavaScript, and the page script filters, sorts, counts and shows more cards from this index, fetched
only when a reader asks for more than the first cards. One record per listed map, as a list of values
(the names in "fields"), with the words that cards show in the site's language. Every text is data:
the script puts it into the page as text, never as markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ..catalogue.index import CatalogueIndex
from ..charts.card_curve import ZERO_Y, CurveWords, curve_parts
from ..format.model import JourneyMap
from .relations import card_states

FIELDS = (
    "url",
    "title",
    "summary",
    "segment",
    "industry",
    "status",
    "personas",
    "channels",
    "tags",
    "states",
    "updated",
    "updated_text",
    "changed",
    "stages",
    "pains",
    "lowest",
    "review",
    "curve",
    "curve_label",
)


def page_count(items: int, page_size: int) -> int:
    """How many pages `items` cards take (at least one)."""
    return max(1, -(-items // page_size))


def page_slice(items: list, number: int, page_size: int) -> list:
    return items[(number - 1) * page_size : number * page_size]


def card_record(
    journey: JourneyMap,
    index: CatalogueIndex,
    *,
    url: str,
    date: Callable,
    changed: str,
    words: CurveWords,
) -> list:
    meta, facts = journey.meta, index.facts[journey.id]
    path, label = curve_parts(journey, words)
    return [
        url,
        meta.title,
        meta.summary,
        meta.segment,
        meta.industry,
        meta.status,
        list(meta.personas),
        list(facts.channels),
        list(meta.tags),
        card_states(index.states, journey),
        meta.updated.isoformat(),
        date(meta.updated),
        changed,
        facts.stage_count,
        facts.pain_count,
        facts.lowest_emotion,
        int(facts.needs_review),
        path,
        label,
    ]


def dumps(value) -> str:
    """Compact JSON that stays inert even if someone pastes it into HTML: <, >, & and ' as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escape)
    return text


def card_index(records: list[list], words: dict, personas: dict[str, str]) -> str:
    """The whole index as JSON text."""
    return dumps(
        {
            "version": 1,
            "fields": FIELDS,
            "words": {**words, "curve_zero": ZERO_Y},
            "personas": personas,
            "maps": records,
        }
    )
