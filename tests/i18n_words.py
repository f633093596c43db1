"""The words of our English interface, for tests that read a page in another language: every word of
every msgid, minus the words the language's own translations use (Polish writes "Status" and "Segment"
too), minus names and codes that stay as they are in every language."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from journey_catalogue.i18n import LOCALES

# A word is a run of letters of any script: "formę" is not the English "form" followed by "ę".
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-]){2,}")
# Names and codes that stay as they are in every language (the tool's own commands, formats, acronyms).
NOT_WORDS = {
    "png",
    "svg",
    "kpis",
    "kpi",
    "sms",
    "atm",
    "b2b",
    "b2c",
    "javascript",
    "github",
    "actions",
    "git",
}


def english_words(language: str) -> set[str]:
    """Every word of the English interface that the language's translation does not itself use."""
    with (LOCALES.parent / "journeys.pot").open("rb") as pot:
        source = " ".join(m.id if isinstance(m.id, str) else " ".join(m.id) for m in read_po(pot) if m.id)
    with (LOCALES / language / "LC_MESSAGES" / "journeys.po").open("rb") as po:
        catalog = read_po(po)
        used = " ".join(
            m.string if isinstance(m.string, str) else " ".join(m.string) for m in catalog if m.id
        )
    code = re.compile(r"<code>.*?</code>|<[^>]+>|%\(\w+\)[sd]")
    words = {w.lower() for w in WORD.findall(code.sub(" ", source))}
    return words - {w.lower() for w in WORD.findall(code.sub(" ", used))} - NOT_WORDS
