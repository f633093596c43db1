"""Options of the `journeys` plugin in mkdocs.yml. Documented in docs/reference/plugin.md.

Every option is checked here, so that a mistake in mkdocs.yml is one of MkDocs' own configuration errors
(naming the option, what was expected and what was found), never a traceback later in the build.
"""

from __future__ import annotations

import datetime as dt
import re

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..format.channels import custom_channel_problems
from ..format.metrics import metric_definitions
from ..format.requirements import REQUIRE_CHOICES

_URL_FOLDER = re.compile(r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$")


class _Channels(c.Type):
    def __init__(self):
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        problems = custom_channel_problems(value)
        if problems:
            raise ValidationError("; ".join(problems))
        return value


class _Metrics(c.Type):
    def __init__(self):
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        _, problems = metric_definitions(value)
        if problems:
            raise ValidationError("; ".join(problems))
        return value


class _Severity(c.Choice):
    def __init__(self):
        super().__init__(REQUIRE_CHOICES, default="off")

    def run_validation(self, value):
        return super().run_validation("off" if value is False else value)  # YAML reads `off` as false


class _UrlFolder(c.Type):
    """A folder of the site's URLs: 'maps', or nested, 'cx/maps'."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value):
        folder = super().run_validation(value).strip("/")
        if not _URL_FOLDER.match(folder) or ".." in folder.split("/"):
            raise ValidationError(
                "expected a URL folder such as 'maps' or 'cx/maps' (lowercase letters, digits, '.', '_' "
                f"and '-'), got {value!r}"
            )
        return folder


class _IsoDate(c.OptionallyRequired):
    def run_validation(self, value):
        if isinstance(value, dt.date):  # YAML reads an unquoted 2026-11-23 as a date
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


class _ScriptUrl(c.Type):
    """Empty, an http(s) URL, or a path on the site."""

    def __init__(self):
        super().__init__(str, default="")

    def run_validation(self, value):
        value = super().run_validation(value).strip()
        scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", value)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            raise ValidationError(f"expected an http(s) URL or a path on the site, got {value!r}")
        return value


class _DayCount(c.Type):
    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value):
        if isinstance(value, bool) or (isinstance(value, int) and value < 0):
            raise ValidationError(f"expected a number of days (0 or more), got {value!r}")
        return super().run_validation(value)


class _Count(c.Type):
    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value):
        if isinstance(value, bool) or (isinstance(value, int) and value < 1):
            raise ValidationError(f"expected a number (1 or more), got {value!r}")
        return super().run_validation(value)


class _Workers(c.Type):
    def __init__(self):
        super().__init__(int)

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(f"expected a number of worker processes (0 or more), got {value!r}")
        return super().run_validation(value)


class JourneysConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    """The folder holding maps/ and personas/, relative to mkdocs.yml."""
    channels = _Channels()
    """Extra channels, or new labels and icons for default ones: {id: {label: ..., icon: material/...}}."""
    default_channels = c.Type(bool, default=True)
    """Keep the default channel vocabulary; false means only `channels` is allowed."""
    phases = c.Type(list, default=[])
    """Phases that stages may name, in order, replacing the defaults: ids, or `{id: label}` mappings."""
    insights = c.Type(bool, default=True)
    """Publish the insights page: pains and emotion by phase and channel, top pains, opportunity backlog."""
    review_days = _DayCount(180)
    """Maps last updated more days ago than this get a "needs review" badge."""
    starter_templates = c.Type(bool, default=True)
    """Offer the packaged B2B and B2C starter templates in the gallery; the catalogue's own maps win."""
    drafts = c.Type(bool, default=True)
    """Publish maps with `status: draft` (marked as drafts); false leaves them out of the site."""
    echarts = _ScriptUrl()
    """URL of the ECharts script; empty means the self-hosted, integrity-checked copy."""
    echarts_integrity = c.Type(str, default="")
    """Subresource-integrity hash for an `echarts` URL on another host, e.g. sha384-..."""
    maps_url = _UrlFolder("maps")
    """URL folder of map pages and the catalogue index, e.g. `maps` or, inside a larger site, `cx/maps`."""
    personas_url = _UrlFolder("personas")
    """URL folder of persona pages and the persona index."""
    templates_url = _UrlFolder("templates")
    """URL folder of the template gallery."""
    insights_url = _UrlFolder("insights")
    """URL folder of the insights page."""
    edit_uri = c.Optional(c.Type(str))
    """Where "edit this map" links point, relative to `repo_url`; default: derived from `edit_uri`."""
    allow_raw_html = c.Type(bool, default=False)
    """Let map and persona bodies contain raw HTML. Only for catalogues whose contributors you trust."""
    today = c.Optional(_IsoDate())
    """The date that review ages count from (YYYY-MM-DD); default: SOURCE_DATE_EPOCH, else today."""
    history = c.Type(bool, default=True)
    """Give each map page a History section from git (every commit that changed the map, what it changed,
    earlier emotion curves in the chart). Off, or outside a git repository, pages have none."""
    editor = c.Type(bool, default=True)
    """Publish the map editor: a form built from the JSON Schema that checks a map as it is typed and gives
    the map file to download, copy or (with `repo_url`) propose on GitHub. Nothing leaves the browser."""
    editor_url = _UrlFolder("editor")
    """URL folder of the map editor."""
    changed_days = _DayCount(30)
    """Maps whose last commit is at most this many days old are marked "changed recently" in the catalogue."""
    page_size = _Count(60)
    """Cards on the catalogue page and the persona index; more go to further pages (`maps/page/2/`, ...), and
    the catalogue's filters and "show more" load the rest from `maps/cards.json` when asked."""

    metrics = _Metrics()
    """Measured metrics that `journeys/metrics/*.csv` may give per step or stage:
    {id: {label: CSAT, min: 1, max: 5, better: higher|lower, target: 4.2}} (docs/measured-experience.md)."""
    stale_source_days = _DayCount(730)
    """Research sources dated more days ago than this are flagged as stale on map pages."""
    require_sources_for = _Severity()
    """Refuse pains of this severity or worse that cite no research source: `high`, `medium`, `low` or
    `off`. `journeys validate` and the build both apply it."""

    workers = c.Optional(_Workers())
    """Processes that render generated pages beside MkDocs in `mkdocs build`, on Linux: by default one per
    usable CPU but MkDocs' own, for catalogues large enough to share; `0` renders every page in MkDocs'
    process. The site is the same either way. `mkdocs serve` always renders in its own process."""

    def validate(self):
        failed, warnings = super().validate()
        folders = [("maps_url", self.maps_url), ("personas_url", self.personas_url)]
        folders += [("templates_url", self.templates_url), ("insights_url", self.insights_url)]
        folders += [("editor_url", self.editor_url)]
        if not failed:
            for i, (name, folder) in enumerate(folders):
                for other, other_folder in folders[i + 1 :]:
                    if (
                        folder == other_folder
                        or other_folder.startswith(folder + "/")
                        or folder.startswith(other_folder + "/")
                    ):
                        failed.append(
                            (
                                other,
                                ValidationError(
                                    f"{other_folder!r} overlaps {name} ({folder!r}); give each its own folder"
                                ),
                            )
                        )
        return failed, warnings
