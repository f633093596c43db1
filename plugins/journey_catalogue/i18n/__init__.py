"""Translation catalogues and locale formatting: the gettext `.po` files of every shipped language
(`locales/<lang>/LC_MESSAGES/journeys.po`, one domain, `journeys`), loaded through Babel, with CLDR plural
rules and Babel's dates and numbers. Imports nothing of ours; every other folder may import it.

`.po` files are the only source: a language's catalogue is compiled in memory (Babel's `read_po` and
`write_mo`) the first time it is asked for, once per process. That keeps editable installs, the wheel and
the sdist identical, with no build step to forget; compiling all of them takes a few milliseconds.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

DOMAIN = "journeys"
LOCALES = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional marker
    """Marks a message for extraction (`./dev translations`) where it is defined; translated where shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - gettext's marker for ngettext
    """Marks a message's singular and plural for extraction; chosen and translated where shown."""
    return singular, plural


def shipped_languages() -> list[str]:
    """Every language with a catalogue, English (the source) first."""
    found = sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    return [SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE)]


def normalise(language: str | None) -> str:
    """`pt_BR`, `pt-BR` and `PT-br` alike as `pt_BR`; empty as English."""
    if not language:
        return SOURCE_LANGUAGE
    parts = language.replace("-", "_").split("_")
    return "_".join([parts[0].lower(), *(p.upper() for p in parts[1:])])


def catalogue_language(language: str | None) -> str | None:
    """The shipped catalogue that serves `language` (`pt_BR` falls back to `pt`), or None."""
    lang = normalise(language)
    shipped = shipped_languages()
    for candidate in (lang, lang.split("_")[0]):
        if candidate in shipped:
            return candidate
    return None


@cache
def translations(language: str | None) -> NullTranslations:
    """The translations for `language`; English (the msgids themselves) for a language without one."""
    lang = catalogue_language(language)
    if lang is None or lang == SOURCE_LANGUAGE:
        return NullTranslations()
    with (LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Translator:
    """One language's gettext, plural forms, dates and numbers, for Python code and templates alike."""

    def __init__(self, language: str | None = None):
        self.language = normalise(language)
        self.catalogue = catalogue_language(self.language) or SOURCE_LANGUAGE
        self.translations = translations(self.language)
        try:
            self.locale = Locale.parse(self.language)
        except (UnknownLocaleError, ValueError):
            self.locale = Locale.parse(SOURCE_LANGUAGE)

    @property
    def has_catalogue(self) -> bool:
        return catalogue_language(self.language) is not None

    def gettext(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        text = self.translations.ngettext(singular, plural, n)
        return text % {"num": n, **values}

    def number(self, value, digits: int | None = None) -> str:
        fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=fmt, locale=self.locale)

    def date(self, value) -> str:
        return format_date(value, format="medium", locale=self.locale)

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """A message's forms keyed by CLDR plural category (`one`, `few`, `many`, `other`), for a page
        script that chooses one with `Intl.PluralRules`: each category's form is the one gettext picks
        for a number of that category."""
        forms = {}
        for n in range(0, 200):
            category = self.locale.plural_form(n)
            forms.setdefault(category, self.translations.ngettext(singular, plural, n))
        return forms

    def script_strings(self, messages: dict[str, str], plurals: dict[str, tuple[str, str]]) -> str:
        """The strings a page script shows, translated, as JSON for a data attribute or script tag."""
        strings = {key: self.gettext(text) for key, text in messages.items()}
        strings.update({key: self.plural_forms(*forms) for key, forms in plurals.items()})
        return json.dumps(
            {"lang": self.language, "strings": strings},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
