"""The settings a site gives the renderer, as one frozen record.

The live preview's section cache keys each map page on this record as a whole (see PageRenderer), so an
option added here reaches the key without anyone remembering to list it. An option that changes what a
page shows belongs here, not in a loose argument of PageRenderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .layout import SiteLayout, relative_url


@dataclass(frozen=True)
class RenderOptions:
    layout: SiteLayout = field(default_factory=SiteLayout)
    echarts_src: str = ""  # the chart library's URL: site-relative (linked relative to each page) or absolute
    echarts_integrity: str = ""
    allow_raw_html: bool = False  # raw HTML in map and persona bodies
    insights: bool = True  # whether the insights page exists (and pages link to it)
    editor: bool = True  # whether the map editor exists (and map pages link to it)
    github_new_url: str = ""  # https://github.com/OWNER/REPO/new/BRANCH: the editor's "propose on GitHub"
    maps_path: str = "journeys/maps"  # the maps' folder in the repository, for that link
    schema_url: str = "../../docs/schema/map.schema.json"  # a new map's modeline, as `journeys new` writes it
    # the editor's script and style, from the site's root: the plugin adds a digest of their content
    editor_assets: tuple[str, str] = ("assets/journeys/editor.js", "assets/journeys/editor.css")
    language: str = "en"  # the interface's language (the site's theme.language); map content keeps its own
    stale_source_days: int = 730  # research sources older than this are flagged as stale
    page_size: int = 60  # cards on a catalogue or persona index page; more are paged (and loaded on demand)
    # whether map pages' scripts take their strings from the site's cached script bundle (the plugin and
    # `journeys generate` write it) rather than from a data-jc-strings attribute on every map page (about
    # 0.35 kB of each gzipped map page)
    strings_asset: bool = False

    def echarts_url(self, page_url: str) -> str:
        """The chart library's URL as the page at `page_url` links it."""
        if self.echarts_src and "://" not in self.echarts_src:
            return relative_url(page_url, self.echarts_src)
        return self.echarts_src
