"""Packaged starter templates: valid on their own, offered by `journeys new` and the gallery of any
catalogue, and replaced by a catalogue's own map of the same id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from journey_catalogue.authoring.starters import (
    STARTERS_ROOT,
    add_starter_templates,
    load_starters,
    starter_languages,
    starters_root,
)
from journey_catalogue.cli.main import main
from journey_catalogue.format.channels import ChannelVocabulary
from journey_catalogue.format.loader import Catalogue, load_catalogue

from conftest import FIXTURE_CATALOGUE

TODAY = dt.date(2026, 11, 23)
STARTERS = sorted(p.stem for p in (STARTERS_ROOT / "maps").glob("*.md"))


def test_the_starters_are_valid_templates_in_both_segments():
    starters = load_starters(ChannelVocabulary.build(), TODAY)
    assert starters.problems == []
    assert sorted(starters.maps) == STARTERS
    assert all(m.meta.template for m in starters.maps.values())
    assert {m.meta.segment for m in starters.maps.values()} == {"B2B", "B2C"}
    assert {"b2b-generic-journey", "b2c-generic-journey"} <= set(starters.maps)


def test_an_empty_catalogue_gets_every_starter_and_its_personas(tmp_path):
    catalogue = Catalogue(tmp_path, ChannelVocabulary.build())
    merge = add_starter_templates(catalogue, TODAY)
    assert merge.added == STARTERS and merge.shadowed == [] and merge.left_out == []
    assert set(catalogue.personas) == {"template-business-buyer", "template-consumer"}


def test_the_catalogues_own_map_wins_and_the_merge_says_so():
    catalogue = load_catalogue(FIXTURE_CATALOGUE / "journeys", today=TODAY)
    own = catalogue.maps["b2c-generic-journey"]
    merge = add_starter_templates(catalogue, TODAY)
    assert catalogue.maps["b2c-generic-journey"] is own
    assert ("b2c-generic-journey", own.path) in merge.shadowed
    assert "b2c-service-recovery-template" in merge.added
    assert (
        "the catalogue's own b2c-generic-journey.md replaces the packaged starter template "
        "'b2c-generic-journey'" in merge.messages()
    )


def test_starters_that_use_channels_the_catalogue_turned_off_are_left_out(tmp_path):
    channels = ChannelVocabulary.build({"web": {"label": "Web", "icon": "material/web"}}, keep_defaults=False)
    catalogue = Catalogue(tmp_path, channels)
    merge = add_starter_templates(catalogue, TODAY)
    assert merge.added == []
    assert sorted(map_id for map_id, _ in merge.left_out) == STARTERS
    assert all("touchpoints" in why or "persona" in why for _, why in merge.left_out)


@pytest.fixture
def new_catalogue(tmp_path, monkeypatch):
    (tmp_path / "journeys" / "maps").mkdir(parents=True)
    (tmp_path / "journeys" / "personas").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - journeys\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    return tmp_path


def test_new_list_shows_the_starters(new_catalogue, capsys):
    assert main(["new", "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["TEMPLATE", "SEGMENT", "FROM", "TITLE"]
    listed = {line.split()[0]: line.split()[2] for line in out[1:-1]}
    assert listed == dict.fromkeys(STARTERS, "package")


def test_new_from_a_starter_in_an_empty_catalogue_gives_a_valid_map(new_catalogue, capsys):
    assert main(["new", "my-map", "--from", "b2c-generic-journey"]) == 0
    out = capsys.readouterr().out
    assert "created journeys/personas/template-consumer.md" in out
    catalogue = load_catalogue(new_catalogue / "journeys", today=TODAY)
    assert catalogue.errors == []
    assert set(catalogue.maps) == {"my-map"}
    front = yaml.safe_load((new_catalogue / "journeys/maps/my-map.md").read_text().split("---")[1])
    assert front["template"] is False and front["status"] == "draft"
    # a second map from the same starter keeps the persona file the team may have edited
    persona = new_catalogue / "journeys/personas/template-consumer.md"
    persona.write_text(persona.read_text().replace("Template consumer", "Our consumer"))
    assert main(["new", "my-other-map", "--from", "b2c-service-recovery-template"]) == 0
    assert "template-consumer.md" not in capsys.readouterr().out
    assert "Our consumer" in persona.read_text()


def test_starter_templates_false_offers_only_the_catalogues_own(new_catalogue, capsys):
    Path("mkdocs.yml").write_text("site_name: T\nplugins:\n  - journeys:\n      starter_templates: false\n")
    assert main(["new", "x", "--from", "b2c-generic-journey"]) == 1
    assert "no template 'b2c-generic-journey'; templates: none" in capsys.readouterr().err


def test_new_says_why_a_starter_is_missing(new_catalogue, capsys):
    Path("mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - journeys:\n      default_channels: false\n"
        "      channels: {web: {label: Web}}\n"
    )
    assert main(["new", "--list"]) == 0
    err = capsys.readouterr().err
    assert "note: the packaged starter template 'b2c-generic-journey' is left out: " in err


# -- starters in the catalogue's language ----------------------------------------------------------


def _shape(journey) -> list:
    """Everything of a map but its words: what a translation must keep."""
    front = journey.meta
    return [
        front.segment,
        front.personas,
        [s.id for s in front.sources],
        [
            (
                stage.id,
                stage.phase,
                [(step.touchpoints, step.emotion, len(step.pains)) for step in stage.steps],
            )
            for stage in front.stages
        ],
    ]


def _words(journey) -> list[str]:
    front = journey.meta
    return [
        front.title,
        front.summary,
        *(s.name for s in front.stages),
        *(p.action for _, p in _steps(front)),
    ]


def _steps(front):
    return [(stage, step) for stage in front.stages for step in stage.steps]


def test_starters_are_written_in_russian_and_polish():
    assert starter_languages() == ["pl", "ru"]
    english = load_starters(ChannelVocabulary.build(), TODAY)
    for language in starter_languages():
        own = load_starters(ChannelVocabulary.build(), TODAY, language)
        assert own.problems == []
        assert sorted(own.maps) == STARTERS and sorted(own.personas) == sorted(english.personas)
        for map_id, journey in own.maps.items():
            assert _shape(journey) == _shape(english.maps[map_id]), map_id
            # every title, stage name and step is written anew, none left as the English one
            assert not set(_words(journey)) & set(_words(english.maps[map_id])), map_id
        for persona_id, persona in own.personas.items():
            assert persona.meta.name != english.personas[persona_id].meta.name


@pytest.mark.parametrize(
    ("language", "folder"), [("ru", "ru"), ("pl-PL", "pl"), ("pl_pl", "pl"), ("de", None), (None, None)]
)
def test_a_language_gets_its_starters_or_the_english_ones(language, folder):
    assert starters_root(language) == (STARTERS_ROOT / folder if folder else STARTERS_ROOT)


def test_new_from_a_starter_in_a_russian_catalogue_writes_the_russian_one(new_catalogue, capsys):
    Path("mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  language: ru\nplugins:\n  - journeys\n"
    )
    assert main(["new", "my-map", "--from", "b2c-generic-journey"]) == 0
    written = (new_catalogue / "journeys/maps/my-map.md").read_text(encoding="utf-8")
    russian = (STARTERS_ROOT / "ru/maps/b2c-generic-journey.md").read_text(encoding="utf-8")
    front = yaml.safe_load(written.split("---")[1])
    assert front["stages"][0]["name"] == yaml.safe_load(russian.split("---")[1])["stages"][0]["name"]
    persona = (new_catalogue / "journeys/personas/template-consumer.md").read_text(encoding="utf-8")
    assert persona == (STARTERS_ROOT / "ru/personas/template-consumer.md").read_text(encoding="utf-8")
    assert load_catalogue(new_catalogue / "journeys", today=TODAY).errors == []
    capsys.readouterr()
    assert main(["new", "--list"]) == 0  # the list shows the titles in the catalogue's language
    russian_title = yaml.safe_load(russian.split("---")[1])["title"]
    assert russian_title in capsys.readouterr().out
