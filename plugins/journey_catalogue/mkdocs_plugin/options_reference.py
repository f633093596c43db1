"""The plugin options table in docs/reference/plugin.md, generated from config.py (a test checks drift).

`python -m journey_catalogue.mkdocs_plugin.options_reference --write` refreshes it.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

from ..format.reference import replace_generated
from . import config

START, END = "<!-- generated: plugin options (do not edit by hand) -->", "<!-- end of generated options -->"
PAGE = Path("docs/reference/plugin.md")


def _docstrings() -> dict[str, str]:
    """Attribute docstrings of JourneysConfig, read from its source (Python does not keep them)."""
    tree = ast.parse(inspect.getsource(config))
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "JourneysConfig"]
    docs, previous = {}, None
    for node in cls.body:
        if isinstance(node, ast.Assign):
            previous = node.targets[0].id  # type: ignore[attr-defined]
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and previous:
            docs[previous] = " ".join(str(node.value.value).split())
            previous = None
    return docs


def options_markdown() -> str:
    docs = _docstrings()
    lines = ["| Option | Default | Meaning |", "| --- | --- | --- |"]
    for name, option in config.JourneysConfig._schema:
        default = option.default
        if default is None:
            shown = "none"
        elif default in ("", {}, []):
            shown = "empty"
        else:
            shown = f"`{str(default).lower() if isinstance(default, bool) else default}`"
        meaning = docs.get(name, "").replace("|", "\\|")
        lines.append(f"| `{name}` | {shown} | {meaning} |")
    return "\n".join(lines) + "\n"


def refresh(page: str) -> str:
    return replace_generated(page, START, END, options_markdown())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    current = PAGE.read_text(encoding="utf-8")
    fresh = refresh(current)
    if fresh == current:
        return 0
    if "--write" in argv:
        PAGE.write_text(fresh, encoding="utf-8")
        print(f"rewrote: {PAGE}")
        return 0
    print(f"stale: {PAGE}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
