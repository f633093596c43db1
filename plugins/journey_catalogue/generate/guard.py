"""A Markdown extension that makes Zensical stop instead of publishing a catalogue without its maps.

Zensical runs no plugin but does run Python-Markdown extensions, so this is the one piece of ours that
runs inside `zensical build`. Listed in the configuration's markdown_extensions
(`journey_catalogue.generate.guard`), it checks once per process, before the first page, that
- the configuration Zensical reads does not rely on the `journeys` plugin (which Zensical will not run),
- the generated pages exist and were generated from the journey files as they are now,
and otherwise raises an error naming the command to run. Under MkDocs or ProperDocs it does nothing.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from .engines import ConfigError, find_config, plugin_not_run_message
from .pages import STAMP, journeys_digest


class CatalogueNotGenerated(Exception):
    pass


@cache
def problem(directory: Path, folder: str) -> str | None:
    """Why a Zensical build in `directory` would publish a catalogue without (current) maps, or None."""
    try:
        config = find_config(directory, "zensical")
    except ConfigError:
        return None
    message = plugin_not_run_message(config)
    if message:
        return message
    stamp = config.docs_dir / folder / STAMP
    if not stamp.is_file():
        return f"no generated pages in {stamp.parent}: build with `journeys build` (it generates them first)"
    if journeys_digest(config.path.parent / "journeys") not in stamp.read_text(encoding="utf-8"):
        return "the generated pages are older than the journey files: build with `journeys build`"
    return None


class _Check(Preprocessor):
    def __init__(self, md, folder: str):
        super().__init__(md)
        self.folder = folder

    def run(self, lines):
        _check(self.folder)
        return lines


def _check(folder: str) -> None:
    if "zensical" in sys.modules:
        found = problem(Path.cwd().resolve(), folder)
        if found:
            raise CatalogueNotGenerated(f"journeys: {found}")


class GuardExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"folder": ["journeys", "the folder `journeys generate` writes, in the docs folder"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        _check(self.getConfig("folder"))  # also when Zensical renders no page (its cache has them all)
        md.preprocessors.register(_Check(md, self.getConfig("folder")), "journeys_guard", 1000)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return GuardExtension(**kwargs)
