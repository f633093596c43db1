"""Where generated pages live in the site, and relative links between them. No MkDocs here."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteLayout:
    maps: str = "maps"
    personas: str = "personas"
    templates: str = "templates"
    use_directory_urls: bool = True
    insights: str = "insights"
    # A template's source is published as is; a generator writing into a docs folder gives it another
    # suffix, or the site engine would turn the file into a page.
    download_suffix: str = ".md"
    editor: str = "editor"

    def _url(self, folder: str, name: str) -> str:
        if name == "index":
            return f"{folder}/" if self.use_directory_urls else f"{folder}/index.html"
        return f"{folder}/{name}/" if self.use_directory_urls else f"{folder}/{name}.html"

    # Source paths: what a generator registers as the page's source file.
    def source(self, kind: str, name: str = "index") -> str:
        return f"{getattr(self, kind)}/{name}.md"

    def url(self, kind: str, name: str = "index") -> str:
        return self._url(getattr(self, kind), name)

    # A long index is cut into pages: page 1 is the index itself, page k lives at <folder>/page/k/.
    def page_source(self, kind: str, number: int) -> str:
        return self.source(kind, "index") if number == 1 else f"{getattr(self, kind)}/page/{number}.md"

    def page_url(self, kind: str, number: int) -> str:
        return self.url(kind) if number == 1 else self._url(f"{getattr(self, kind)}/page", str(number))

    def map_url(self, map_id: str) -> str:
        return self.url("maps", map_id)

    def persona_url(self, persona_id: str) -> str:
        return self.url("personas", persona_id)

    def download_path(self, map_id: str) -> str:
        """Where a template's exact source is published for download and copying."""
        return f"{self.templates}/{map_id}{self.download_suffix}"

    def editor_source_path(self, map_id: str) -> str:
        """Where a map's exact source is published for the editor to open."""
        return f"{self.editor}/maps/{map_id}{self.download_suffix}"


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for site-relative paths, without its two getcwd calls (a map page makes dozens
    of links); a path that climbs (`..`) or is absolute goes to relpath itself."""
    if target.startswith("/") or start.startswith("/") or ".." in f"{target}/{start}".split("/"):
        return posixpath.relpath(target, start)
    to = [part for part in target.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < len(to) and common < len(base) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both site-relative, as MkDocs page URLs)."""
    start = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    target = to_url.rstrip("/") or "."
    rel = _relpath(target, start.rstrip("/") or ".")
    if to_url.endswith("/") and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel
