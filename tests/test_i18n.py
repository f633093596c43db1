"""The interface's languages: every shipped catalogue complete, its placeholders those of the English,
the message template in step with the code, CLDR plural forms, and English as the fallback."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from journey_catalogue.i18n import LOCALES, Translator, catalogue_language, shipped_languages
from journey_catalogue.i18n.check import TEMPLATE, problems

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [lang for lang in shipped_languages() if lang != "en"]


def test_the_seven_languages_ship_at_least():
    assert {"en", "ru", "pl", "de", "fr", "es", "uk"} <= set(shipped_languages())


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(language):
    assert problems(language) == []


def test_a_missing_message_or_a_changed_placeholder_is_a_problem(tmp_path):
    shutil.copytree(LOCALES / "ru", tmp_path / "ru")
    po = tmp_path / "ru" / "LC_MESSAGES" / "journeys.po"
    text = po.read_text("utf-8")
    text = text.replace('msgstr "Подробно: %(title)s"', 'msgstr "Подробно: %(name)s"')
    text = text.replace('msgstr "Цели"', 'msgstr ""')
    po.write_text(text, "utf-8")
    found = problems("ru", tmp_path)
    assert len(found) == 2
    assert any("'Goals'" in line for line in found) and any("%(name)s" in line for line in found)


def test_the_message_template_holds_every_message_the_code_marks(tmp_path):
    """`./dev translations` extracts; a message added to the code without it is caught here."""
    pot = tmp_path / "journeys.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "N_plural:1,2",
            "-k",
            "gettext",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    def ids(path):
        with path.open("rb") as f:
            return {m.id if isinstance(m.id, str) else m.id for m in read_po(f) if m.id}

    assert ids(pot) == ids(TEMPLATE)


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("ru", {1: "1 этап", 2: "2 этапа", 5: "5 этапов", 21: "21 этап", 12: "12 этапов"}),
        ("pl", {1: "1 etap", 2: "2 etapy", 5: "5 etapów", 22: "22 etapy", 12: "12 etapów"}),
        ("uk", {1: "1 етап", 2: "2 етапи", 5: "5 етапів", 21: "21 етап", 12: "12 етапів"}),
        ("de", {0: "0 Etappen", 1: "1 Etappe", 2: "2 Etappen"}),
        ("fr", {0: "0 étape", 1: "1 étape", 2: "2 étapes"}),
        ("es", {0: "0 etapas", 1: "1 etapa", 2: "2 etapas"}),
        ("en", {1: "1 stage", 2: "2 stages", 5: "5 stages"}),
    ],
)
def test_counts_follow_the_languages_plural_rules(language, forms):
    t = Translator(language)
    assert {n: t.ngettext("%(num)d stage", "%(num)d stages", n) for n in forms} == forms


def test_page_scripts_get_a_form_for_each_cldr_category():
    forms = Translator("pl").plural_forms("%(num)d map", "%(num)d maps")
    assert forms == {"one": "%(num)d mapa", "few": "%(num)d mapy", "many": "%(num)d map"}
    assert Translator("uk").plural_forms("%(num)d map", "%(num)d maps") == {
        "one": "%(num)d карта",
        "few": "%(num)d карти",
        "many": "%(num)d карт",
    }
    assert Translator("fr").plural_forms("%(num)d map", "%(num)d maps") == {
        "one": "%(num)d carte",
        "other": "%(num)d cartes",
    }


def test_a_regional_variant_uses_its_language_and_an_unknown_one_english():
    assert catalogue_language("ru-RU") == "ru" and catalogue_language("pl_PL") == "pl"
    unknown = Translator("xx")
    assert not unknown.has_catalogue
    assert unknown.gettext("Goals") == "Goals"
    assert Translator("ru").gettext("Goals") == "Цели"


def test_a_language_without_a_catalogue_says_so_once_in_the_build_log(caplog):
    from journey_catalogue.mkdocs_plugin.plugin import JourneysPlugin

    class Config:
        theme = {"language": "xx"}

    with caplog.at_level(logging.INFO):
        assert JourneysPlugin._site_language(Config()) == "xx"
        assert JourneysPlugin._site_language(type("C", (), {"theme": {"language": "ru"}})()) == "ru"
    lines = [r.getMessage() for r in caplog.records if "theme.language" in r.getMessage()]
    assert len(lines) == 1 and "'xx'" in lines[0]


def test_the_renderers_cached_gettext_gives_what_jinjas_newstyle_gettext_gives():
    """render/cells.py's cached `_()`: the same Markup as Jinja's own (a `%%` as `%`, values escaped),
    asked once or twice."""
    import jinja2

    from journey_catalogue.i18n import translations
    from journey_catalogue.render.cells import cached_gettext

    ru = translations("ru")
    source = '{{ _("50%% done") }}|{{ _("Emotion") }}|{{ _("Detailed in %(title)s", title="<b>&") }}'
    jinja = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_translations(ru, newstyle=True)
    ours = jinja2.Environment(autoescape=True)
    ours.globals["_"] = cached_gettext(ru.gettext)
    expected = jinja.from_string(source).render()
    assert "50% done|Эмоция|" in expected and "&lt;b&gt;&amp;" in expected
    assert ours.from_string(source + "|" + source).render() == expected + "|" + expected
