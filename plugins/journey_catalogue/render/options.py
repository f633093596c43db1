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
    language: str = "en"  # the interface's language (the site's theme.language); map content keeps its own
    page_size: int = 60  # cards on a catalogue or persona index page; more are paged (and loaded on demand)

    def echarts_url(self, page_url: str) -> str:
        """The chart library's URL as the page at `page_url` links it."""
        if self.echarts_src and "://" not in self.echarts_src:
            return relative_url(page_url, self.echarts_src)
        return self.echarts_src
