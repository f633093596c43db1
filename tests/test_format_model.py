"""The model and the loader: what a valid map turns into, and the generated artefacts that must not drift."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from journey_catalogue.format.channels import DEFAULT_CHANNELS, ChannelVocabulary
from journey_catalogue.format.loader import load_catalogue, stage_ids_for
from journey_catalogue.format.model import Opportunity, Pain, Step
from journey_catalogue.format.reference import END, START, refresh
from journey_catalogue.format.schema import SCHEMA_DIR, SCHEMA_FILES, schema_text
from journey_catalogue.format.validate import Finding, map_reference_findings, unknown_channel

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
DOCS = PROJECT / "docs"
BASE = TESTS / "corpus" / "base"
CONTRACT = "business-travel-booking"
PERSONAS = ["travelling-consultant", "travel-manager"]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def contract():
    catalogue = load_catalogue(BASE / "journeys", base=BASE, today=TODAY)
    assert [str(p) for p in catalogue.problems] == []
    return catalogue.maps[CONTRACT]


def _map(tmp_path: Path, stages: str, name: str = "stage-names") -> Path:
    """A catalogue of one map (with the given `stages:` block) and the contract's personas."""
    root = tmp_path / "journeys"
    (root / "maps").mkdir(parents=True)
    (root / "personas").mkdir()
    for persona in PERSONAS:
        (root / "personas" / f"{persona}.md").write_bytes(
            (BASE / "journeys" / "personas" / f"{persona}.md").read_bytes()
        )
    (root / "maps" / f"{name}.md").write_text(
        "---\n"
        "title: Stage names\n"
        "summary: Stages named in several scripts.\n"
        "segment: B2C\n"
        "industry: Retail\n"
        "personas: [travelling-consultant]\n"
        "owner: CX team\n"
        "updated: 2026-01-15\n" + stages + "---\n",
        encoding="utf-8",
    )
    return root


def _stages(*names: str) -> str:
    return "stages:\n" + "".join(
        f"  - name: {json.dumps(n, ensure_ascii=False)}\n    steps:\n      - action: Does something\n"
        for n in names
    )


# --- the contract example ---------------------------------------------------------------------------


def test_contract_catalogue_loads(contract):
    catalogue = load_catalogue(BASE / "journeys", base=BASE, today=TODAY)
    assert list(catalogue.maps) == [CONTRACT]
    assert sorted(catalogue.personas) == sorted(PERSONAS)
    assert catalogue.files_checked == {"map": 1, "persona": 2}
    assert contract.path == BASE / "journeys" / "maps" / f"{CONTRACT}.md"
    assert contract.meta.personas == PERSONAS
    assert contract.meta.updated == dt.date(2026, 9, 14)
    assert contract.meta.segment == "B2B"
    assert contract.meta.status == "published"
    assert contract.meta.template is False
    assert [s.id for s in contract.meta.sources] == ["traveller-survey", "booking-interviews"]
    assert contract.body.strip().startswith("Consultants book about two trips a month.")


def test_contract_stage_ids(contract):
    assert contract.stage_ids == ["plan", "book", "travel", "expense"]
    assert [(i, s.name) for i, s in contract.stages()] == [
        ("plan", "Plan"),
        ("book", "Book"),
        ("travel", "Travel"),
        ("expense", "Expense"),
    ]


def test_next_defaults_to_the_following_stage(contract):
    assert [contract.next_of(i) for i in range(4)] == [["book"], ["travel"], ["book", "expense"], []]
    assert contract.meta.stages[0].next is None  # the default is not written into the model
    assert contract.meta.stages[2].next == ["book", "expense"]


def test_valences_per_persona(contract):
    plan, book, travel, _ = contract.meta.stages
    assert plan.steps[0].valences(PERSONAS) == {"travelling-consultant": 1, "travel-manager": 1}
    assert plan.steps[1].valences(PERSONAS) == {"travelling-consultant": -1, "travel-manager": -1}
    assert book.steps[0].valences(PERSONAS) == {"travelling-consultant": -1, "travel-manager": 1}
    assert travel.steps[0].valences(PERSONAS) == {"travelling-consultant": -2, "travel-manager": -2}
    assert Step(action="Waits").valences(PERSONAS) == {}
    assert Step(action="Waits", emotion=0).valences(PERSONAS) == {
        "travelling-consultant": 0,
        "travel-manager": 0,
    }
    assert Step(action="Waits", emotion={"travel-manager": 2}).valences(PERSONAS) == {"travel-manager": 2}


def test_pains_and_opportunities_are_normalised(contract):
    plan, book, _, _ = contract.meta.stages
    # a plain string becomes a Pain with the defaults
    assert book.steps[0].pains == ["The hotel search ignores the client's office location"]
    assert book.steps[0].pain_items() == [
        Pain(text="The hotel search ignores the client's office location", severity="medium", sources=[])
    ]
    # an object keeps what it says
    assert plan.steps[1].pain_items() == [
        Pain(
            text="The policy is a 40-page PDF and partly out of date",
            severity="high",
            sources=["traveller-survey"],
        )
    ]
    assert plan.steps[1].opportunity_items() == [
        Opportunity(text="Show policy limits inline while booking", status="idea", sources=[])
    ]
    assert book.steps[0].opportunity_items()[0].status == "planned"
    assert plan.steps[0].pain_items() == [] and plan.steps[0].opportunity_items() == []


def test_plain_string_opportunity_defaults_to_idea():
    step = Step.model_validate(
        {"action": "Books", "opportunities": ["Rank hotels by distance"], "pains": [7]}
    )
    assert step.opportunity_items() == [Opportunity(text="Rank hotels by distance", status="idea")]
    assert step.pain_items() == [Pain(text="7", severity="medium")]  # YAML numbers are text here


# --- stage ids from names ---------------------------------------------------------------------------


def test_stage_names_in_any_script_get_ascii_slugs(tmp_path):
    root = _map(tmp_path, _stages("Знакомство", "Zakup i płatność", "Оплата и доставка", "Żółć"))
    catalogue = load_catalogue(root, base=tmp_path, today=TODAY)
    assert [str(p) for p in catalogue.problems] == []
    journey = catalogue.maps["stage-names"]
    assert journey.stage_ids == ["znakomstvo", "zakup-i-platnosc", "oplata-i-dostavka", "zolc"]
    assert [journey.next_of(i) for i in range(4)] == [
        ["zakup-i-platnosc"],
        ["oplata-i-dostavka"],
        ["zolc"],
        [],
    ]


def test_same_name_twice_gets_a_numbered_slug(tmp_path):
    root = _map(tmp_path, _stages("Знакомство", "Оплата", "Знакомство", "Знакомство"))
    journey = load_catalogue(root, base=tmp_path, today=TODAY).maps["stage-names"]
    assert journey.stage_ids == ["znakomstvo", "oplata", "znakomstvo-2", "znakomstvo-3"]
    assert len(set(journey.stage_ids)) == len(journey.stage_ids)


def test_punctuation_only_names_get_stage_n(tmp_path):
    root = _map(tmp_path, _stages("Plan", "???", "—", "🚀"))
    journey = load_catalogue(root, base=tmp_path, today=TODAY).maps["stage-names"]
    assert journey.stage_ids == ["plan", "stage-2", "stage-3", "stage-4"]


def test_slugs_avoid_explicit_ids():
    stages = [
        {"name": "Plan"},
        {"id": "plan", "name": "Book"},
        {"name": "???"},
        {"id": "stage-3", "name": "X"},
    ]
    ids = stage_ids_for(stages)
    assert ids == ["plan-2", "plan", "stage-3-2", "stage-3"]
    assert len(set(ids)) == len(ids)


def test_next_can_name_a_slugged_stage(tmp_path):
    stages = _stages("Знакомство", "Оплата").replace(
        '  - name: "Оплата"\n', '  - name: "Оплата"\n    next: [znakomstvo]\n'
    )
    journey = load_catalogue(_map(tmp_path, stages), base=tmp_path, today=TODAY).maps["stage-names"]
    assert journey.next_of(1) == ["znakomstvo"]


# --- channels ---------------------------------------------------------------------------------------


def test_default_channels():
    vocabulary = ChannelVocabulary.build()
    assert vocabulary.ids() == [c.id for c in DEFAULT_CHANNELS]
    assert vocabulary["email"].label == "Email"
    assert "kiosk" not in vocabulary
    assert vocabulary.get("kiosk").label == "kiosk"  # a neutral stand-in for an unknown id
    assert vocabulary.get("kiosk").icon == "material/circle-medium"


def test_channels_extend_the_defaults():
    vocabulary = ChannelVocabulary.build(
        {"kiosk": {"label": "Self-service kiosk", "icon": "material/kiosk"}, "email": {"label": "E-mail"}}
    )
    assert vocabulary.ids() == [c.id for c in DEFAULT_CHANNELS] + ["kiosk"]
    assert vocabulary["kiosk"].label == "Self-service kiosk"
    assert vocabulary["kiosk"].icon == "material/kiosk"
    assert vocabulary["email"].label == "E-mail"  # relabelled...
    assert vocabulary["email"].icon == "material/email-outline"  # ...keeping its icon


def test_channels_replace_the_defaults():
    vocabulary = ChannelVocabulary.build({"kiosk": {}, "branch": {"label": "Branch"}}, keep_defaults=False)
    assert vocabulary.ids() == ["kiosk", "branch"]
    assert "email" not in vocabulary
    assert (vocabulary["kiosk"].label, vocabulary["kiosk"].icon) == ("kiosk", "material/circle-medium")
    assert vocabulary["branch"].label == "Branch"


def test_the_loader_checks_against_the_site_vocabulary():
    replaced = ChannelVocabulary.build({"web": {}, "mobile-app": {}, "phone": {}}, keep_defaults=False)
    catalogue = load_catalogue(BASE / "journeys", channels=replaced, base=BASE, today=TODAY)
    known = "; known channels: web, mobile-app, phone"
    known += " (a site adds its own with the plugin's `channels:` option in mkdocs.yml)"
    assert sorted({p.message for p in catalogue.errors}) == [
        f"unknown channel 'email'{known}",
        f"unknown channel 'intranet'{known}",
        f"unknown channel 'portal'{known}",
    ]
    assert CONTRACT not in catalogue.maps  # a map with errors is not published
    extended = ChannelVocabulary.build({"kiosk": {}})
    assert load_catalogue(BASE / "journeys", channels=extended, base=BASE, today=TODAY).errors == []


# --- generated artefacts must match the model -------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_committed_json_schema_matches_the_model(kind):
    committed = DOCS / SCHEMA_DIR / SCHEMA_FILES[kind]
    assert committed.read_text("utf-8") == schema_text(kind), (
        f"{committed} is stale: run `python -m journey_catalogue.format.reference --write`"
    )


def test_committed_format_reference_matches_the_model():
    page = (DOCS / "reference" / "format.md").read_text("utf-8")
    assert page.count(START) == 1 and page.count(END) == 1
    assert refresh(page) == page, (
        "docs/reference/format.md is stale: run `python -m journey_catalogue.format.reference --write`"
    )


def _frontmatter(path: Path) -> dict:
    front = path.read_text("utf-8").split("---\n")[1]
    # JSON Schema sees what an editor sees: dates are text
    return json.loads(json.dumps(yaml.safe_load(front), default=lambda value: value.isoformat()))


def _validator(kind: str):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_text(kind))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_schema_accepts_the_contract_example():
    validator = _validator("map")
    errors = list(validator.iter_errors(_frontmatter(BASE / "journeys" / "maps" / f"{CONTRACT}.md")))
    assert [e.message for e in errors] == []
    for persona in PERSONAS:
        front = _frontmatter(BASE / "journeys" / "personas" / f"{persona}.md")
        assert [e.message for e in _validator("persona").iter_errors(front)] == []


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["stages"][0]["steps"][0].update(emotion=7),
        lambda m: m["stages"][0]["steps"][0].update(emotion=True),
        lambda m: m.update(tag=["booking"]),
        lambda m: m.update(segment="B2G"),
        lambda m: m.update(personas=[]),
        lambda m: m["stages"][0].update(id="Plan"),
        lambda m: m["sources"][0].update(url="javascript:alert(1)"),
        lambda m: m["stages"][1]["steps"][0]["pains"].append({"text": "x", "severty": "high"}),
        lambda m: m.pop("owner"),
    ],
    ids=[
        "emotion-7",
        "emotion-true",
        "unknown-field",
        "segment",
        "no-personas",
        "stage-id",
        "url",
        "pain-field",
        "no-owner",
    ],
)
def test_json_schema_rejects_what_the_validator_rejects(change):
    validator = _validator("map")
    front = _frontmatter(BASE / "journeys" / "maps" / f"{CONTRACT}.md")
    change(front)
    assert list(validator.iter_errors(front)) != []


def _frontmatter_texts():
    import frontmatter

    handler = frontmatter.YAMLHandler()
    for folder in (PROJECT / "journeys", TESTS / "fixtures", TESTS / "corpus"):
        for path in sorted(folder.rglob("*.md")):
            try:
                text = path.read_text(encoding="utf-8")
                yield path, handler.split(text)[0]
            except (UnicodeDecodeError, ValueError):
                continue


def test_the_quick_parse_gives_the_located_parses_data_or_defers_to_it():
    """Valid files skip recording positions; anything reportable must fall back to the located parse."""
    from journey_catalogue.format.yaml_source import NeedsPositions, YamlError, parse_located, quick_parse

    quick = deferred = 0
    for path, text in _frontmatter_texts():
        try:
            data = quick_parse(text)
        except NeedsPositions:
            deferred += 1
            try:
                located = parse_located(text)
            except YamlError:
                continue
            assert located.duplicates or not isinstance(located.data, dict), path
            continue
        quick += 1
        located = parse_located(text)
        assert data == located.data and not located.duplicates, path
    assert quick > 40 and deferred >= 10, (quick, deferred)


def test_models_given_the_same_fields_share_one_frozen_record_of_them(contract):
    """A catalogue's memory: a distinct set per model instance was half of it at 10,000 maps."""
    steps = [step for stage in contract.meta.stages for step in stage.steps]
    models = [contract.meta, *contract.meta.stages, *steps]
    models += [
        item
        for step in steps
        for item in (*step.pains, *step.opportunities)
        if hasattr(item, "model_fields_set")
    ]
    assert len(steps) > 2
    by_fields = {}
    for model in models:
        given = model.model_fields_set
        assert isinstance(given, frozenset) and given
        assert by_fields.setdefault(given, given) is given, "equal field sets are one object"
    assert len(by_fields) < len(models), "some models were given the same fields"
    with pytest.raises(AttributeError):  # an assignment would change every model sharing the set
        steps[0].model_fields_set.add("emotion")


def test_each_cross_field_check_reports_its_own_finding():
    """One mistake per check of map_reference_findings, each found once, at its path; only the emotion of
    a persona the map lacks points at the mapping key (the persona's name) rather than its value."""
    data = {
        "personas": ["travel-manager", "ghost"],
        "updated": "2099-01-01",
        "sources": [{"id": "s1"}, {"id": "s1"}],
        "stages": [
            {"id": "plan", "next": ["nowhere"], "steps": []},
            {
                "id": "plan",
                "steps": [
                    {
                        "touchpoints": ["web", "fax-machine"],
                        "emotion": {"travel-manager": 1, "stranger": -1},
                        "pains": [{"text": "slow", "sources": ["s1", "s9"]}],
                    }
                ],
            },
        ],
    }
    step = ("stages", 1, "steps", 0)
    found = map_reference_findings(
        data, ["plan", "plan-2"], {"travel-manager"}, ChannelVocabulary.build(), TODAY
    )
    assert sorted(found, key=lambda f: f.path) == sorted(
        [
            Finding(("personas", 1), "unknown persona 'ghost': there is no personas/ghost.md"),
            Finding(("updated",), "expected a date not in the future, got 2099-01-01"),
            Finding(("sources", 1, "id"), "source id 's1' is used twice in this map"),
            Finding(("stages", 1, "id"), "stage id 'plan' is already used by stages[0]"),
            Finding(("stages", 0, "next", 0), "unknown stage 'nowhere'; stages in this map: plan, plan-2"),
            Finding((*step, "touchpoints", 1), unknown_channel("fax-machine", ChannelVocabulary.build())),
            Finding(
                (*step, "emotion", "stranger"),
                "persona 'stranger' is not in this map's personas (travel-manager, ghost)",
                at_key=True,
            ),
            Finding((*step, "pains", 0, "sources", 1), "unknown source 's9'; sources in this map: s1, s1"),
        ],
        key=lambda f: f.path,
    )
