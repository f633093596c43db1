"""A problem found in a journey file, located precisely enough for a contributor to fix it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

# Messages quote what files contain (keys, ids, file names): control characters must not reach a terminal
# or a CI log, where a newline could start a forged workflow command.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


class _Translator(Protocol):  # i18n.Translator; format/ needs only these of it
    def gettext(self, message: str, **values) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, **values) -> str: ...
    def number(self, value, digits: int | None = None) -> str: ...


class Message(str):
    """A message in English that keeps its gettext msgid and values, so an output (the CLI's human text)
    can word it in the reader's language: `Message(N_("expected %(what)s"), what=...)`. Everywhere else
    (JSON, sorting, tests) it is the plain English text it equals. Values may be Messages themselves."""

    msgid: str
    plural: str | None
    values: dict[str, Any]

    def __new__(cls, msgid: str, plural: str | None = None, **values: Any) -> Message:
        template = msgid if plural is None or values.get("num") == 1 else plural
        self = super().__new__(cls, template % values if values or plural else msgid)
        self.msgid, self.plural, self.values = msgid, plural, values
        return self

    def __reduce__(self):  # parallel_check sends problems between processes
        return (_rebuild, (self.msgid, self.plural, self.values))

    def translated(self, translator: _Translator) -> str:
        values = {key: worded(value, translator) for key, value in self.values.items()}
        if self.plural is not None:
            return translator.ngettext(self.msgid, self.plural, values.pop("num"), **values)
        return translator.gettext(self.msgid, **values)


def joined(parts: Sequence[Any], separator: str) -> Message:
    """`parts` (Messages or plain text) joined by `separator`, each worded in the reader's language at
    output; the joining template itself is no msgid, so it is the same in every language."""
    if not parts:
        return Message("%(nothing)s", nothing="")  # not "": gettext("") is the catalogue's header
    keys = [f"part{i}" for i in range(len(parts))]
    return Message(separator.join(f"%({k})s" for k in keys), **dict(zip(keys, parts, strict=True)))


class Number(Message):
    """A whole number inside a Message, written the reader's way: "100,000" in English, "100 000" in
    Russian (Babel's number format for the translator's locale)."""

    def __new__(cls, value: int) -> Number:
        self = str.__new__(cls, f"{value:,}")
        self.msgid, self.plural, self.values, self.value = str(self), None, {}, value
        return self

    def __reduce__(self):
        return (Number, (self.value,))

    def translated(self, translator: _Translator) -> str:
        return translator.number(self.value)


def _rebuild(msgid: str, plural: str | None, values: dict[str, Any]) -> Message:
    return Message(msgid, plural, **values)


def worded(text: Any, translator: _Translator | None) -> Any:
    """`text` in the translator's language when it is a Message; as it is otherwise."""
    return text.translated(translator) if translator is not None and isinstance(text, Message) else text


Path_ = tuple[str | int, ...]


def format_field_path(path: Path_) -> str:
    """("stages", 1, "steps", 0, "emotion") -> "stages[1].steps[0].emotion"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the project root, with forward slashes
    line: int
    column: int
    field: str  # "" when the problem is with the file as a whole
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return self.text()

    def text(self, translator: _Translator | None = None) -> str:
        """`file:line:col: field: message`, the message in the translator's language (English without)."""
        where = f"{self.file}:{self.line}:{self.column}"
        kind = ""
        if self.severity != "error":
            kind = (translator.gettext("warning") if translator else "warning") + ": "
        message = worded(self.message, translator)
        return printable(f"{where}: {kind}{self.field + ': ' if self.field else ''}{message}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
