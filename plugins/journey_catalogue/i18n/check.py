"""`python -m journey_catalogue.i18n.check`: every shipped language against the message template
(`journeys.pot`): a missing or empty translation, or one whose placeholders differ from the English, is a
problem. `./dev translations` runs it after extracting; tests/test_i18n.py runs it too."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from . import DOMAIN, LOCALES, SOURCE_LANGUAGE, shipped_languages

TEMPLATE = LOCALES.parent / f"{DOMAIN}.pot"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%|<[^>]+>")


def placeholders(text: str) -> set[str]:
    """Named placeholders, literal %% and HTML tags: what a translation must keep."""
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


def template_ids() -> dict:
    with TEMPLATE.open("rb") as pot:
        return {m.id if isinstance(m.id, str) else m.id[0]: m.id for m in read_po(pot) if m.id}


def problems(language: str, locales: Path = LOCALES) -> list[str]:
    """What `language`'s catalogue misses or gets wrong, one line each."""
    with (locales / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    found = []
    for key, msgid in template_ids().items():
        message = catalog.get(msgid)
        strings = (
            ()
            if message is None
            else (message.string if isinstance(message.string, tuple) else (message.string,))
        )
        if not strings or not all(strings):
            found.append(f"{language}: no translation of {key!r}")
            continue
        source = placeholders(msgid if isinstance(msgid, str) else " ".join(msgid))
        for text in strings:
            # a plural form may leave out the number itself (Russian "one" forms sometimes do), nothing else
            if placeholders(text) != source and placeholders(text) | {"%(num)d"} != source:
                kept = sorted(placeholders(text))
                found.append(f"{language}: {key!r} keeps {sorted(source)}, the translation has {kept}")
    return found


def main() -> int:
    found = [line for lang in shipped_languages() if lang != SOURCE_LANGUAGE for line in problems(lang)]
    print(
        "\n".join(found)
        or f"{len(shipped_languages())} languages complete: " + ", ".join(shipped_languages())
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
