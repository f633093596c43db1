"""`journeys validate` in the catalogue's language: `--language`, else `theme.language` of the site's
configuration. Locations (file:line:col) and field paths stay as they are; JSON stays English."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from history_repo import MAP_ID, make_repository

from journey_catalogue.cli.main import main
from journey_catalogue.i18n import shipped_languages

CORPUS = Path(__file__).parent / "corpus"
# one broken file of each kind of message: model types, cross-field checks, YAML syntax, file shape
BROKEN = [
    "maps/emotion-out-of-range.md",
    "maps/channel-unknown.md",
    "maps/persona-missing.md",
    "maps/pain-severity-invalid.md",
    "maps/missing-owner.md",
    "maps/personas-empty.md",
    "maps/duplicate-key.md",
    "maps/frontmatter-unclosed.md",
    "maps/yaml-unclosed-quote.md",
    "maps/unknown-field-typo.md",
    "maps/source-id-uppercase.md",
]
LOCATION = re.compile(r"^(\S+?:\d+:\d+: )(.*)$")
TRANSLATED = [lang for lang in shipped_languages() if lang != "en"]


@pytest.fixture
def broken(tmp_path, monkeypatch) -> Path:
    journeys = tmp_path / "journeys"
    shutil.copytree(CORPUS / "base" / "journeys", journeys)
    for name in BROKEN:
        shutil.copyfile(CORPUS / "broken" / name, journeys / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _validate(capsys, *args: str) -> tuple[list[str], str]:
    assert main(["validate", *args]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return out.splitlines(), err


def _split(line: str) -> tuple[str, str]:
    match = LOCATION.match(line)
    assert match, line
    return match.group(1), match.group(2)


def test_language_option_words_problems_in_russian_at_the_same_places(broken, capsys):
    english, english_summary = _validate(capsys)
    russian, russian_summary = _validate(capsys, "--language", "ru")
    assert len(russian) == len(english) >= len(BROKEN)
    for en_line, ru_line in zip(english, russian, strict=True):
        en_where, en_message = _split(en_line)
        ru_where, ru_message = _split(ru_line)
        assert ru_where == en_where
        # the field path, when there is one, stays as written in the file
        field = en_message.removeprefix("warning: ").split(": ", 1)[0]
        if re.fullmatch(r"[a-z_]+(\[\d+\]|\.[a-z_]+)*", field):
            assert f"{field}: " in ru_message
        assert ru_message != en_message
    text = "\n".join(russian)
    assert "stages[0].steps[0].emotion: ожидается целое число от -2 до 2, указано: 7" in text
    assert "owner: не хватает обязательного поля" in text
    assert "(свои каналы сайт добавляет параметром плагина `channels:` в mkdocs.yml)" in text
    assert "ошибка в YAML: здесь начинается текст в кавычках" in text
    assert russian_summary == "12 карт, 2 персоны: 11 ошибок в 11 файлах (1 предупреждение)\n"
    assert english_summary == "12 maps, 2 personas: 11 errors in 11 files (1 warning)\n"


def test_theme_language_of_mkdocs_yml_is_the_default(broken, capsys):
    wanted, _ = _validate(capsys, "--language", "ru")
    (broken / "mkdocs.yml").write_text("site_name: Карты\ntheme:\n  name: material\n  language: ru\n")
    assert _validate(capsys)[0] == wanted
    # --language wins over the site's language
    english, _ = _validate(capsys, "--language", "en")
    assert english != wanted and "expected an integer from -2 to 2, got 7" in "\n".join(english)


def test_zensical_toml_language_is_read_too(broken, capsys):
    wanted, _ = _validate(capsys, "--language", "pl")
    (broken / "zensical.toml").write_text('[project]\nsite_name = "Mapy"\n[project.theme]\nlanguage = "pl"\n')
    assert _validate(capsys)[0] == wanted
    assert "oczekiwano liczby całkowitej od -2 do 2, podano: 7" in "\n".join(wanted)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_shipped_language_words_every_problem(language, broken, capsys):
    english, english_summary = _validate(capsys)
    translated, summary = _validate(capsys, "--language", language)
    for en_line, line in zip(english, translated, strict=True):
        assert _split(line)[0] == _split(en_line)[0]
        assert _split(line)[1] != _split(en_line)[1], f"{language}: not translated: {line}"
    assert summary != english_summary


def test_a_language_without_a_catalogue_answers_in_english(broken, capsys):
    english = _validate(capsys)
    assert _validate(capsys, "--language", "xx") == english


def test_json_output_stays_english_while_the_terminal_speaks_russian(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    make_repository(repo)
    monkeypatch.chdir(repo)
    path = repo / "journeys" / "maps" / f"{MAP_ID}.md"
    path.write_text(path.read_text().replace("emotion: 1\n", "emotion: 9\n", 1))
    main(["review", "--base", "HEAD~1", "--format", "json", "--language", "ru"])
    out, err = capsys.readouterr()
    messages = [p["message"] for p in json.loads(out)["problems"]]
    assert "expected an integer from -2 to 2, got 9" in messages
    assert "ожидается целое число от -2 до 2, указано: 9" in err


# YAML values the parser refuses, and links between maps that go nowhere or round in circles
VALUES = ["python-object-tag", "tag-timestamp-not-a-date", "tag-int-empty", "deeply-nested", "alias-bomb"]


@pytest.fixture
def linked(tmp_path, monkeypatch) -> Path:
    maps = tmp_path / "journeys" / "maps"
    shutil.copytree(CORPUS / "base" / "journeys", tmp_path / "journeys")
    for name in VALUES:
        shutil.copyfile(CORPUS / "broken" / "maps" / f"{name}.md", maps / f"{name}.md")
    text = (maps / "business-travel-booking.md").read_text(encoding="utf-8")
    links = {
        "future-of-nowhere": "future_of: nowhere-map\n",
        "future-of-itself": "future_of: future-of-itself\n",
        "cycle-a": "future_of: null\n",
        "cycle-b": "future_of: null\n",
    }
    for map_id, line in links.items():
        body = text.replace("status: published\n", f"status: published\n{line}", 1)
        target = {"cycle-a": "cycle-b", "cycle-b": "cycle-a"}.get(map_id)
        if target:  # the first step of each is detailed by the other: a cycle
            body = re.sub(r"(\n      - action: [^\n]*\n)", rf"\1        detail: {target}\n", body, count=1)
        (maps / f"{map_id}.md").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("language", TRANSLATED)
def test_link_and_yaml_value_problems_are_worded_in_every_language(language, linked, capsys):
    english, _ = _validate(capsys)
    translated, _ = _validate(capsys, "--language", language)
    text = "\n".join(english)
    for words in ("is not allowed", "expected a real date", "expected an integer", "nested more than"):
        assert words in text
    for words in (
        "expands to more than",
        "unknown map 'nowhere-map'",
        "future state of itself",
        "detail cycle",
    ):
        assert words in text
    for en_line, line in zip(english, translated, strict=True):
        assert _split(line)[0] == _split(en_line)[0]
        assert _split(line)[1] != _split(en_line)[1], f"{language}: not translated: {line}"
