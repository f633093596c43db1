"""Options of the `journeys` plugin in mkdocs.yml. Documented in docs/reference/plugin.md."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class JourneysConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """The folder holding maps/ and personas/, relative to mkdocs.yml."""
    channels = c.Type(dict, default={})
    """Extra channels, or new labels and icons for default ones: {id: {label: ..., icon: material/...}}."""
    default_channels = c.Type(bool, default=True)
    """Keep the default channel vocabulary; false means only `channels` is allowed."""
    review_days = c.Type(int, default=180)
    """Maps last updated more days ago than this get a "needs review" badge."""
    drafts = c.Type(bool, default=True)
    """Publish maps with `status: draft` (marked as drafts); false leaves them out of the site."""
    echarts = c.Type(str, default="")
    """URL of the ECharts script; empty means the self-hosted, integrity-checked copy."""
    echarts_integrity = c.Type(str, default="")
    """Subresource-integrity hash for an `echarts` URL on another host, e.g. sha384-..."""
    maps_url = c.Type(str, default="maps")
    """URL folder of map pages and the catalogue index."""
    personas_url = c.Type(str, default="personas")
    """URL folder of persona pages and the persona index."""
    templates_url = c.Type(str, default="templates")
    """URL folder of the template gallery."""
    edit_uri = c.Optional(c.Type(str))
    """Where "edit this map" links point, relative to `repo_url`; default: derived from `edit_uri`."""
    allow_raw_html = c.Type(bool, default=False)
    """Let map and persona bodies contain raw HTML. Only for catalogues whose contributors you trust."""
    today = c.Optional(c.Type(str))
    """The date that review ages count from (YYYY-MM-DD); default: SOURCE_DATE_EPOCH, else today."""
    history = c.Type(bool, default=True)
    """Give each map page a History section from git (every commit that changed the map, what it changed,
    earlier emotion curves in the chart). Off, or outside a git repository, pages have none."""
    changed_days = c.Type(int, default=30)
    """Maps whose last commit is at most this many days old are marked "changed recently" in the catalogue."""
