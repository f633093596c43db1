"""The journey format, defined once.

Everything else is generated from these classes: the JSON Schema that editors use, the field reference
in the docs, and the validator's type checks. Each custom type carries its own plain-language error so
that a contributor reads "expected an integer from -2 to 2, got 7", not a Python type name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..i18n import N_, N_plural
from .problems import Message

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
SAFE_URL_SCHEMES = ("http", "https", "mailto")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop these before reading a scheme, so "java\tscript:" must be judged without them.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")

# The same rule as _safe_url for editors (ECMA regex: no inline flags, so letters are spelt out).
URL_SCHEMA_PATTERN = r"^(?:[hH][tT][tT][pP][sS]?:|[mM][aA][iI][lL][tT][oO]:|(?![a-zA-Z][a-zA-Z0-9+.\-]*:))"

MAX_ITEMS = 200  # any one list; keeps hostile files from producing huge pages
MAX_STAGES = 40
MAX_STEPS = 40


def describe(value: Any) -> str:
    """How a found value is quoted in messages: short, unambiguous, never a Python type name."""
    if value is None:
        return Message(N_("nothing"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text) if text else Message(N_("an empty text"))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return Message(*N_plural("a list of %(num)d item", "a list of %(num)d items"), num=len(value))
    if isinstance(value, dict):
        return Message(N_("a mapping"))
    return type(value).__name__


def _invalid(kind: str, msgid: str, **values: Any) -> PydanticCustomError:
    """A custom type's error; its Message (in the error's context) keeps the msgid for translation."""
    return PydanticCustomError(kind, "{message}", {"message": Message(msgid, **values)})


# C0 and C1 control characters but tab and newline: in a terminal they clear screens and rewrite clipboards.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value: Any) -> str:
    if type(value) is str and not _CONTROL.search(value):  # nearly every call: skip the checks below
        return value
    # YAML reads `value: 71` as a number; a KPI or a title that happens to be numeric is still text.
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _invalid("jc_text", N_("expected text, got %(found)s"), found=describe(value))
    text = value if isinstance(value, str) else str(value)
    if control := _CONTROL.search(text):
        raise _invalid(
            "jc_text",
            N_("expected text without control characters, got %(found)s (character %(code)s)"),
            found=describe(text),
            code=f"U+{ord(control.group()):04X}",
        )
    return text


def _non_empty_text(value: Any) -> str:
    text = _text(value)
    if not text.strip():
        raise _invalid("jc_text", N_("expected text, got an empty text"))
    return text


def _identifier(value: Any) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise _invalid(
            "jc_id",
            N_("expected an id of lowercase letters a-z, digits and single hyphens, got %(found)s"),
            found=describe(value),
        )
    return value


def _valence(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not -2 <= value <= 2:
        raise _invalid(
            "jc_valence", N_("expected an integer from -2 to 2, got %(found)s"), found=describe(value)
        )
    return value


LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$"


def _language(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(LANGUAGE_PATTERN, value):
        message = N_("expected a language code such as ru, pl or pt-BR, got %(found)s")
        raise _invalid("jc_language", message, found=describe(value))
    return value.replace("_", "-")


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _invalid("jc_date", N_("expected a date as YYYY-MM-DD, got %(found)s"), found=describe(value))


def _safe_url(value: Any) -> str:
    # the scheme first: a control character in front of "javascript:" is above all a bad link
    scheme = _SCHEME_RE.match(_URL_IGNORED.sub("", value)) if isinstance(value, str) else None
    if scheme and scheme.group(1).lower() not in SAFE_URL_SCHEMES:
        raise _invalid(
            "jc_url", N_("expected an http(s), mailto or relative link, got %(found)s"), found=describe(value)
        )
    return _non_empty_text(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _invalid("jc_bool", N_("expected true or false, got %(found)s"), found=describe(value))
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _invalid(
            "jc_count", N_("expected a whole number of 0 or more, got %(found)s"), found=describe(value)
        )
    return value


def _rating(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise _invalid(
            "jc_rating", N_("expected an integer from 1 to 5, got %(found)s"), found=describe(value)
        )
    return value


def _json(schema: dict) -> WithJsonSchema:
    return WithJsonSchema(schema)


Text = Annotated[str, BeforeValidator(_text), _json({"type": ["string", "number"]})]
RequiredText = Annotated[
    str, BeforeValidator(_non_empty_text), _json({"type": ["string", "number"], "minLength": 1})
]
LanguageTag = Annotated[
    str, BeforeValidator(_language), _json({"type": "string", "pattern": LANGUAGE_PATTERN})
]
Identifier = Annotated[str, BeforeValidator(_identifier), _json({"type": "string", "pattern": ID_PATTERN})]
Valence = Annotated[int, BeforeValidator(_valence), _json({"type": "integer", "minimum": -2, "maximum": 2})]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    _json({"type": "string", "format": "date"}),
]
SafeUrl = Annotated[
    str,
    BeforeValidator(_safe_url),
    _json({"type": "string", "pattern": URL_SCHEMA_PATTERN}),
]
Flag = Annotated[bool, BeforeValidator(_bool), _json({"type": "boolean"})]
Count = Annotated[int, BeforeValidator(_count), _json({"type": "integer", "minimum": 0})]
Rating = Annotated[int, BeforeValidator(_rating), _json({"type": "integer", "minimum": 1, "maximum": 5})]

Segment = Literal["B2B", "B2C"]
MapStatus = Literal["draft", "published", "archived"]
SourceType = Literal["survey", "interview", "analytics", "review", "support", "observation", "other"]
Severity = Literal["low", "medium", "high"]
OpportunityStatus = Literal["idea", "planned", "in-progress", "done"]


def empty(factory: type[list] | type[dict]):
    """An empty default made fresh per instance (pydantic would deep-copy a shared `[]` every time)."""
    return Field(default_factory=factory, json_schema_extra={"default": factory()})


def items(kind, max_length: int = MAX_ITEMS, **kwargs):
    return Annotated[list[kind], Field(max_length=max_length, **kwargs)]


_FIELD_SETS: dict[frozenset[str], frozenset[str]] = {}


class FormatModel(BaseModel):
    # strict: YAML's own types are what the author wrote; no silent coercion of lists or mappings.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False, use_attribute_docstrings=True)

    @model_validator(mode="after")
    def _share_fields_set(self):
        # pydantic gives every instance its own set of the fields the file gave: half of a catalogue's
        # model memory (36 of 75 kB a map), though a few dozen distinct sets serve every step, pain and
        # stage. Frozen, so that an assignment fails loudly instead of changing the shared one.
        given = frozenset(self.__pydantic_fields_set__)
        object.__setattr__(self, "__pydantic_fields_set__", _FIELD_SETS.setdefault(given, given))
        return self


class Source(FormatModel):
    """A piece of research evidence that pains and opportunities can cite."""

    id: Identifier
    """Unique within the map; cited from `pains[].sources` and `opportunities[].sources`."""
    type: SourceType
    """What kind of research this is."""
    title: RequiredText
    """What the evidence is, e.g. "Traveller satisfaction survey, Q3"."""
    url: SafeUrl | None = None
    """Where the evidence lives (http, https, mailto or a relative link)."""
    sample: Count | None = None
    """How many respondents, participants or records."""
    date: IsoDate | None = None
    """When the research was done."""


class Kpi(FormatModel):
    """A measure of how well a stage works."""

    name: RequiredText
    """What is measured."""
    value: RequiredText
    """The current figure, e.g. `71%`."""
    target: Text | None = None
    """The figure the team aims for."""


class Pain(FormatModel):
    """A pain point: something that hurts the customer at this step."""

    text: RequiredText
    """The pain, in the customer's terms."""
    severity: Severity = "medium"
    """How much it hurts."""
    sources: items(Identifier) = empty(list)
    """Ids of the map's `sources` that back this pain."""


class Opportunity(FormatModel):
    """An opportunity: a change that would remove a pain or delight the customer."""

    text: RequiredText
    """The opportunity."""
    status: OpportunityStatus = "idea"
    """How far the team has got with it."""
    sources: items(Identifier) = empty(list)
    """Ids of the map's `sources` that back this opportunity."""
    impact: Rating | None = None
    """How much it would improve the journey, from 1 (barely) to 5 (transforms it); ranks the backlog."""
    effort: Rating | None = None
    """How much work it takes, from 1 (days) to 5 (a major programme); ranks the backlog."""
    confidence: Rating | None = None
    """How sure the team is of the impact, from 1 (a hunch) to 5 (measured); ranks the backlog."""


def _plain_or_object(value: Any) -> str:
    # a dict when validating, a model instance when serialising
    return "object" if isinstance(value, (dict, BaseModel)) else "plain"


def _text_or(model: type[FormatModel]):
    """A list item written either as a plain string or as the full object."""
    return Annotated[
        Annotated[RequiredText, Tag("plain")] | Annotated[model, Tag("object")],
        Discriminator(_plain_or_object),
    ]


def _emotion_kind(value: Any) -> str:
    return "per-persona" if isinstance(value, dict) else "single"


Emotion = Annotated[
    Annotated[Valence, Tag("single")] | Annotated[dict[Identifier, Valence], Tag("per-persona")],
    Discriminator(_emotion_kind),
]


class Step(FormatModel):
    """One thing the customer does; steps are the x-axis of the map's chart."""

    id: Identifier | None = None
    """Unique within the map; lets metrics files (`journeys/metrics/*.csv`) name the step so that its
    figures survive reordering."""
    action: RequiredText
    """What the customer does."""
    touchpoints: items(Identifier) = empty(list)
    """Channel ids where the step happens (see the channel vocabulary)."""
    emotion: Emotion | None = None
    """Valence from -2 (very negative) to +2 (very positive), or a mapping persona id -> valence."""
    feeling: Text | None = None
    """One word for the feeling, e.g. `anxious`."""
    thought: Text | None = None
    """What the customer thinks, as a quote."""
    pains: items(_text_or(Pain)) = empty(list)
    """Pain points: plain text, or `text` with `severity` and `sources`."""
    opportunities: items(_text_or(Opportunity)) = empty(list)
    """Opportunities: plain text, or `text` with `status` and `sources`."""
    backstage: items(RequiredText) = empty(list)
    """What the company does out of the customer's sight."""
    detail: Identifier | None = None
    """The id of another map that details this step, as a journey of its own (no cycles)."""
    extra: dict[str, Any] = empty(dict)
    """Custom data for your own tooling; not checked, not published."""

    def pain_items(self) -> list[Pain]:
        return [Pain(text=p) if isinstance(p, str) else p for p in self.pains]

    def opportunity_items(self) -> list[Opportunity]:
        return [Opportunity(text=o) if isinstance(o, str) else o for o in self.opportunities]

    def valences(self, personas: list[str]) -> dict[str, int]:
        """The valence per persona: a single emotion applies to every persona on the map."""
        if self.emotion is None:
            return {}
        if isinstance(self.emotion, int):
            return {p: self.emotion for p in personas}
        return dict(self.emotion)


class Stage(FormatModel):
    """A phase of the journey, such as awareness, purchase or support."""

    id: Identifier | None = None
    """Defaults to a slug of `name` (transliterated, so any script works)."""
    name: RequiredText
    """The stage's name as shown on the map."""
    phase: Identifier | None = None
    """The catalogue-wide phase this stage belongs to (see the phase vocabulary), for portfolio insights."""
    goal: Text | None = None
    """What the customer wants to achieve in this stage."""
    needs: items(RequiredText) = empty(list)
    """What the customer needs from us here."""
    kpis: items(Kpi) = empty(list)
    """Measures of this stage."""
    next: items(Identifier) | None = None
    """Stage ids this stage leads to, for journeys that loop or branch. Defaults to the following stage."""
    steps: items(Step, max_length=MAX_STEPS, min_length=1)
    """What the customer does, in order."""
    extra: dict[str, Any] = empty(dict)
    """Custom data for your own tooling; not checked, not published."""


class MapFront(FormatModel):
    """The frontmatter of a journey map file, `journeys/maps/<id>.md`."""

    title: RequiredText
    """The map's title."""
    summary: RequiredText
    """One or two sentences: whose journey, doing what."""
    segment: Segment
    """Business or consumer customers."""
    industry: RequiredText
    """The industry, e.g. `Retail banking`."""
    personas: items(Identifier, min_length=1)
    """Ids of the personas (files in `journeys/personas/`) whose journey this is."""
    tags: items(RequiredText) = empty(list)
    """Free keywords for finding the map."""
    owner: RequiredText
    """The team or person who keeps the map up to date."""
    updated: IsoDate
    """When the map was last reviewed; maps older than the review age are flagged."""
    status: MapStatus = "published"
    """`draft` and `archived` maps are marked as such on the site."""
    template: Flag = False
    """`true` lists the map in the template gallery."""
    lang: LanguageTag | None = None
    """The language the map is written in, when it is not the site's (`theme.language`), e.g. `pl`: its
    title, summary, step table and story carry this `lang` for screen readers and hyphenation, while the
    page's interface stays in the site's language."""
    future_of: Identifier | None = None
    """The id of the map whose future state this map is (the journey as it should be). That map must not
    itself be a future state."""
    sources: items(Source) = empty(list)
    """The research this map is built on."""
    stages: items(Stage, max_length=MAX_STAGES, min_length=1)
    """The stages of the journey, in order."""
    extra: dict[str, Any] = empty(dict)
    """Custom data for your own tooling; not checked, not published."""


class PersonaFront(FormatModel):
    """The frontmatter of a persona file, `journeys/personas/<id>.md`."""

    name: RequiredText
    """The persona's name, e.g. `Olga, travelling consultant`."""
    role: RequiredText
    """Job title or life situation."""
    segment: Segment
    """Business or consumer customer."""
    quote: Text | None = None
    """Something this persona would say."""
    goals: items(RequiredText) = empty(list)
    """What they want to achieve."""
    frustrations: items(RequiredText) = empty(list)
    """What gets in their way."""
    channels: items(Identifier) = empty(list)
    """Channel ids they prefer."""
    image: SafeUrl | None = None
    """A picture: http(s) or a path relative to the persona file."""


def step_number(stage_index: int, step_index: int) -> str:
    """How steps are numbered everywhere: "2.1" is the first step of the second stage."""
    return f"{stage_index + 1}.{step_index + 1}"


@dataclass(frozen=True)
class PlacedStep:
    """A step with where it sits on its map: the stage around it and the number the page shows."""

    stage_index: int
    step_index: int
    stage_id: str
    stage: Stage
    step: Step

    @property
    def number(self) -> str:
        return step_number(self.stage_index, self.step_index)


@dataclass
class JourneyMap:
    """A validated map: its frontmatter plus what the file itself gives (id, path, body)."""

    id: str
    path: Path
    meta: MapFront
    body: str
    source_text: str = field(repr=False, default="")  # kept for templates only: the gallery publishes it
    stage_ids: list[str] = field(default_factory=list)  # resolved ids, explicit or slugged

    def stages(self):
        return zip(self.stage_ids, self.meta.stages, strict=True)

    def steps(self) -> Iterator[PlacedStep]:
        """Every step in page order, with its stage and number."""
        for s, (stage_id, stage) in enumerate(self.stages()):
            for t, step in enumerate(stage.steps):
                yield PlacedStep(s, t, stage_id, stage, step)

    def next_of(self, index: int) -> list[str]:
        """Where stage `index` leads: its explicit `next`, else the following stage."""
        stage = self.meta.stages[index]
        if stage.next is not None:
            return list(stage.next)
        return [self.stage_ids[index + 1]] if index + 1 < len(self.stage_ids) else []


@dataclass
class Persona:
    id: str
    path: Path
    meta: PersonaFront
    body: str


def by_title(journey: JourneyMap) -> tuple[str, str]:
    """The one order of maps everywhere they are listed: by title, case-blind, then by id."""
    return (journey.meta.title.casefold(), journey.id)


def persona_names(personas: Iterable[Persona]) -> dict[str, str]:
    """Persona id -> display name, the lookup every page and command uses."""
    return {p.id: p.meta.name for p in personas}
