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
    phases = c.Type(list, default=[])
    """Phases that stages may name, in order, replacing the defaults: ids, or `{id: label}` mappings."""
    insights = c.Type(bool, default=True)
    """Publish the insights page: pains and emotion by phase and channel, top pains, opportunity backlog."""
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
    insights_url = c.Type(str, default="insights")
    """URL folder of the insights page."""
    edit_uri = c.Optional(c.Type(str))
    """Where "edit this map" links point, relative to `repo_url`; default: derived from `edit_uri`."""
    allow_raw_html = c.Type(bool, default=False)
    """Let map and persona bodies contain raw HTML. Only for catalogues whose contributors you trust."""
    today = c.Optional(c.Type(str))
    """The date that review ages count from (YYYY-MM-DD); default: SOURCE_DATE_EPOCH, else today."""
