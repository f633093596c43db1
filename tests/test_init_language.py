"""`journeys init DIR --language CODE`: a catalogue that starts in its contributors' language."""

from __future__ import annotations

import tomllib

import pytest
from mkdocs.utils.yaml import yaml_load

from journey_catalogue.cli.main import main

NAV = {
    "ru": ["Главная", "Каталог", "Аналитика", "Персоны", "Шаблоны", "Редактор карт"],
    "pl": ["Strona główna", "Katalog", "Analiza", "Persony", "Szablony", "Edytor map"],
}
HOME_HEADING = {"ru": "## Как добавить карту", "pl": "## Jak dodać mapę"}
README_HEADING = {"ru": "## Как добавить или изменить карту", "pl": "## Jak dodać lub zmienić mapę"}
SUMMARY = {"ru": "1 карта, 1 персона: ошибок нет\n", "pl": "1 mapa, 1 persona: bez błędów\n"}
PALETTE = {
    "ru": ["Включить тёмную тему", "Включить светлую тему"],
    "pl": ["Przełącz na tryb ciemny", "Przełącz na tryb jasny"],
}


def _nav_labels(nav: list) -> list[str]:
    return [next(iter(entry)) for entry in nav]


@pytest.mark.parametrize("language", sorted(NAV))
def test_init_writes_the_site_in_the_language(language, tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    assert main(["init", str(site), "--language", language]) == 0
    config = yaml_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == language
    assert _nav_labels(config["nav"]) == NAV[language]
    assert HOME_HEADING[language] in (site / "docs" / "index.md").read_text(encoding="utf-8")
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert README_HEADING[language] in readme and readme.startswith("# Site\n")
    assert [p["toggle"]["name"] for p in config["theme"]["palette"]] == PALETTE[language]
    capsys.readouterr()
    monkeypatch.chdir(site)
    assert main(["validate"]) == 0  # and its contributors get their language from mkdocs.yml
    assert capsys.readouterr().out == SUMMARY[language]


@pytest.mark.parametrize("language", sorted(NAV))
def test_init_writes_the_example_map_and_persona_in_the_language(language, tmp_path):
    english, own = tmp_path / "en", tmp_path / language
    assert main(["init", str(english)]) == 0
    assert main(["init", str(own), "--language", language]) == 0
    for path in ("journeys/maps/example-card-replacement.md", "journeys/personas/example-customer.md"):
        ours = yaml_load((own / path).read_text(encoding="utf-8").split("---")[1])
        theirs = yaml_load((english / path).read_text(encoding="utf-8").split("---")[1])
        assert ours.keys() == theirs.keys()
        for key in ("title", "summary", "name", "role"):
            assert ours.get(key) != theirs.get(key) or key not in ours, (path, key)
    front = yaml_load(
        (own / "journeys/maps/example-card-replacement.md").read_text(encoding="utf-8").split("---")[1]
    )
    assert [len(s["steps"]) for s in front["stages"]] == [2, 2]


def test_init_for_zensical_sets_the_language_in_its_toml(tmp_path):
    site = tmp_path / "site"
    assert main(["init", str(site), "--language", "pl", "--engine", "zensical"]) == 0
    project = tomllib.loads((site / "zensical.toml").read_text(encoding="utf-8"))["project"]
    assert project["theme"]["language"] == "pl"
    assert _nav_labels(project["nav"]) == ["Strona główna", "Katalog", "Persony", "Szablony", "Analiza"]
    assert [p["toggle"]["name"] for p in project["theme"]["palette"]] == PALETTE["pl"]


def test_a_language_without_texts_gets_english_ones_and_its_code(tmp_path):
    site = tmp_path / "site"
    assert main(["init", str(site), "--language", "pt-BR"]) == 0
    config = yaml_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "pt-BR"
    assert _nav_labels(config["nav"]) == [
        "Home",
        "Catalogue",
        "Insights",
        "Personas",
        "Templates",
        "Map editor",
    ]
    assert "## Add a map" in (site / "docs" / "index.md").read_text(encoding="utf-8")


def test_init_without_language_is_unchanged(tmp_path):
    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    assert "language" not in yaml_load((site / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]


def test_a_language_that_is_no_code_is_refused(tmp_path, capsys):
    assert main(["init", str(tmp_path / "site"), "--language", "ru\nextra: 1"]) == 2
    assert "expected a language code" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
