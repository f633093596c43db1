"""Starting a new map from a template: the template's exact text, with only a few lines changed.

Editing lines instead of re-dumping YAML keeps the template's comments, order and layout, so the new map
reads like the template a contributor picked in the gallery.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

MODELINE = "# yaml-language-server: $schema="


def _set_top_level(front: str, key: str, value: str) -> str:
    """Replace a top-level `key:` line (and any indented continuation), or add it after `title:`."""
    lines = front.split("\n")
    rendered = f"{key}: {value}"
    for i, line in enumerate(lines):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            end = i + 1
            while end < len(lines) and lines[end].startswith((" ", "\t")) and lines[end].strip():
                end += 1
            return "\n".join(lines[:i] + [rendered] + lines[end:])
    anchor = next((i for i, line in enumerate(lines) if line.startswith("title:")), -1)
    return "\n".join(lines[: anchor + 1] + [rendered] + lines[anchor + 1 :])


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this text."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def new_map_text(
    template_text: str,
    *,
    today: dt.date,
    schema_url: str,
    title: str | None = None,
    segment: str | None = None,
    future_of: str | None = None,
) -> str:
    """The new map: a draft, not a template, updated today, with the editor modeline at the top;
    `future_of`: the future state of that map (the text given is then that map's own)."""
    head, front, body = re.split(r"^---[ \t]*$", template_text.removeprefix("\ufeff"), maxsplit=2, flags=re.M)
    front = "\n".join(line for line in front.split("\n") if not line.startswith(MODELINE))
    front = _set_top_level(front, "template", "false")
    front = _set_top_level(front, "status", "draft")
    front = _set_top_level(front, "updated", today.isoformat())
    if title:
        front = _set_top_level(front, "title", _scalar(title))
    if segment:
        front = _set_top_level(front, "segment", segment)
    if future_of:
        front = _set_top_level(front, "future_of", future_of)
    front = f"\n{MODELINE}{schema_url}" + (front if front.startswith("\n") else "\n" + front)
    return f"{head}---{front}---{body}"
