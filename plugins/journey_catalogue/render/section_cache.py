"""Rendered map sections kept between the builds of a live preview (`mkdocs serve`).

Editing one map among a thousand should not render the other 999 again. A map page's sections depend on
the map itself and on a little of the rest of the catalogue: the maps it relates to (their ids and titles
and what they share), persona names, the channel vocabulary, the review date, the URL layout. The caller
folds all of that into a key; a page is rendered again only when its key changed.

Keys hold the parsed objects themselves, not hashes: an unchanged file comes back from the parse cache
as the same object, so comparing a key is an identity check, and a changed file never matches by accident.
"""

from __future__ import annotations

from collections.abc import Iterable


class SectionCache:
    """Page id -> (key, rendered sections). One cache per preview session; a plain build needs none."""

    def __init__(self):
        self._entries: dict[str, tuple[tuple, dict[str, str]]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, page_id: str, key: tuple) -> dict[str, str] | None:
        entry = self._entries.get(page_id)
        if entry is not None and entry[0] == key:
            self.hits += 1
            return entry[1]
        self.misses += 1
        return None

    def put(self, page_id: str, key: tuple, sections: dict[str, str]) -> None:
        self._entries[page_id] = (key, sections)

    def keep_only(self, page_ids: Iterable[str]) -> None:
        """Forget pages that no longer exist (a map deleted or renamed during the session)."""
        wanted = set(page_ids)
        for page_id in [p for p in self._entries if p not in wanted]:
            del self._entries[page_id]
