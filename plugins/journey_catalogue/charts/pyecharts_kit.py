"""pyecharts as the map chart uses it: the few settings its option classes have no parameter for, a grid
without a needless copy, and its options as plain JSON data without the settings ECharts already defaults.

Imports only pyecharts; the map chart (map_chart.py) is built with these in one pass.
"""

from __future__ import annotations

from pyecharts import options as opts
from pyecharts.charts import Grid, Line
from pyecharts.globals import ThemeType
from pyecharts.options.series_options import BasicOpts

# pyecharts writes out many settings at ECharts' own defaults; dropping them keeps every map page lighter.
DEFAULTS = {
    ("richInheritPlainLabel", True),
    ("valueAnimation", False),
    ("silent", False),
    ("triggerEvent", False),
    ("animation", True),
    ("animationThreshold", 2000),
    ("animationDuration", 1000),
    ("animationEasing", "cubicOut"),
    ("animationDelay", 0),
    ("animationDurationUpdate", 300),
    ("animationEasingUpdate", "cubicOut"),
    ("animationDelayUpdate", 0),
    ("animationDurationUpdate", 800),
    ("zlevel", 0),
    ("scale", False),
    ("offset", 0),
    ("splitNumber", 5),
    ("minInterval", 0),
    ("nameMoveOverlap", True),
    ("margin", 8),
    ("padding", 5),
    ("itemGap", 10),
    ("logBase", 10),
    ("seriesLayoutBy", "column"),
    ("stackStrategy", "samesign"),
    ("hoverAnimation", True),
    ("clip", True),
    ("step", False),
    ("smooth", False),
    ("precision", 2),
    ("containLabel", False),
    ("borderWidth", 1),
    ("shadowOffsetX", 0),
    ("shadowOffsetY", 0),
    ("backgroundColor", "transparent"),
    ("borderColor", "#ccc"),
    ("borderRadius", 0),
    ("selector", False),
    ("pageButtonItemGap", 5),
    ("pageButtonPosition", "end"),
    ("pageFormatter", "{current}/{total}"),
    ("pageIconColor", "#2f4554"),
    ("pageIconInactiveColor", "#aaa"),
    ("pageIconSize", 15),
    ("selectorPosition", "auto"),
    ("selectorItemGap", 7),
    ("selectorButtonGap", 10),
    ("itemWidth", 25),
    ("itemHeight", 14),
    ("nameGap", 15),
    ("nameLocation", "end"),
    ("inverse", False),
    ("connectNulls", False),
    ("xAxisIndex", 0),
    ("yAxisIndex", 0),
}


class Axis(opts.AxisOpts):
    """pyecharts' AxisOpts plus the axis' `data` (a category axis' values; pyecharts takes them only
    from `add_xaxis`, which would also pair every series' values with them)."""

    def __init__(self, *, data: list | None = None, **kwargs):
        super().__init__(**kwargs)
        self.opts["data"] = data


class ComparedLine(Line):
    """pyecharts' Line plus curves drawn for comparison (a dashed, faded line): `add_yaxis` would give
    them a label, an area and a symbol switch each, which such a curve does not want."""

    def add_curve(self, series: dict) -> ComparedLine:
        self._append_legend(series["name"])
        self.options["series"].append(series)
        return self


class OneShotGrid(Grid):
    """pyecharts' Grid without its defensive deep copy of the first chart's options.

    That copy was half the cost of a map's chart; our charts are built for one grid and then dropped, so
    nothing else sees the shared options. The first-chart set-up below is Grid.add's own (pyecharts 2.x).
    """

    def add(self, chart, grid_opts, **kwargs):
        if self.options is None:
            self.options = dict(chart.options)
            self.options.update(
                grid=[], title=[], backgroundColor=self.bg_color, dataZoom=None, visualMap=None
            )
            if self.theme != ThemeType.WHITE:
                self.options.update(color=[])
            for series in self.options.get("series"):
                series.update(xAxisIndex=self._axis_index, yAxisIndex=self._axis_index)
        return super().add(chart, grid_opts, **kwargs)


_SCALARS = (str, int, float, bool)


def plain_options(value):
    """pyecharts' option objects as plain JSON data, in one walk: what `dump_options_with_quotes` and a JSON
    round trip gave (keys whose value is None or "" dropped, option objects expanded), without the settings
    that only restate ECharts' defaults, or empty mappings. The round trip was most of a chart's cost."""
    if isinstance(value, BasicOpts):
        value = value.opts
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            if item is None or item == "":
                continue
            if isinstance(item, _SCALARS):
                if (key, item) in DEFAULTS:
                    continue
            else:
                item = plain_options(item)
                if item == {}:
                    continue
            plain[key] = item
        return plain
    if isinstance(value, (list, tuple)):
        return [item if isinstance(item, _SCALARS) or item is None else plain_options(item) for item in value]
    return value
