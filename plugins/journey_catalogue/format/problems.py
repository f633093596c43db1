"""A problem found in a journey file, located precisely enough for a contributor to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Messages quote what files contain (keys, ids, file names): control characters must not reach a terminal
# or a CI log, where a newline could start a forged workflow command.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


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
        where = f"{self.file}:{self.line}:{self.column}"
        kind = "" if self.severity == "error" else "warning: "
        return printable(f"{where}: {kind}{self.field + ': ' if self.field else ''}{self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
