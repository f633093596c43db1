"""The map chart: a pure function from a validated map to ECharts options (plain JSON data).

Two aligned grids share one x-axis of steps (numbered as in the HTML map): a swimlane of touchpoint
channels on top and the emotion curve below, with stage bands, pain markers and arcs for `next` links
that loop back or branch. Options carry no JavaScript functions; the page script adds the tooltip
formatter, which builds DOM text nodes from the step's cells in the page's table, so no map text is ever
parsed as HTML.
"""

from __future__ import annotations

from pyecharts import options as opts
from pyecharts.charts import Grid, Line, Scatter
from pyecharts.globals import ThemeType
from pyecharts.options.series_options import BasicOpts

from ..catalogue.states import aligned_curve, shared_personas
from ..format.channels import ChannelVocabulary
from ..format.model import JourneyMap, step_number

PERSONA_COLOURS = ["#3f6ad8", "#e07b24", "#2a9d8f", "#a34fc2", "#c2185b", "#5d7a1f"]
LANE_COLOUR = "#607d8b"
PAIN_COLOUR = "#d32f2f"
NO_ANIMATION = opts.InitOpts(animation_opts=opts.AnimationOpts(animation=False))
# pyecharts writes out many settings at ECharts' own defaults; dropping them keeps every map page lighter.
_DEFAULTS = {
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


class _OneShotGrid(Grid):
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


def _plain(value):
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
                if (key, item) in _DEFAULTS:
                    continue
            else:
                item = _plain(item)
                if item == {}:
                    continue
            plain[key] = item
        return plain
    if isinstance(value, (list, tuple)):
        return [item if isinstance(item, _SCALARS) or item is None else _plain(item) for item in value]
    return value


def _flat_steps(journey: JourneyMap):
    for s, (stage_id, stage) in enumerate(journey.stages()):
        for t, step in enumerate(stage.steps):
            yield s, stage_id, stage, t, step


def chart_payload(
    journey: JourneyMap,
    channels: ChannelVocabulary,
    persona_names: dict[str, str],
    *,
    current: JourneyMap | None = None,
) -> dict:
    """Everything the page script needs: ECharts options plus per-step details for tooltips and clicks.
    `current`: the map whose future state `journey` is; its emotion curve is drawn dashed beside ours."""
    steps = list(_flat_steps(journey))
    categories = [step_number(s, t) for s, _, _, t, _ in steps]
    personas = list(journey.meta.personas)
    valences = [step.valences(personas) for *_, step in steps]
    per_persona = any(isinstance(step.emotion, dict) for *_, step in steps)

    used = [c for c in channels.ids() if any(c in step.touchpoints for *_, step in steps)]
    used += sorted({c for *_, step in steps for c in step.touchpoints} - set(used))  # unknown ids last
    lanes = [channels.get(c).label for c in used]

    positions = list(range(len(steps)))  # x is the step's index; the page script labels it with its number
    x_axis = {"type_": "value", "min_": -0.5, "max_": len(steps) - 0.5, "interval": 1}
    swimlane = Scatter(init_opts=NO_ANIMATION).add_xaxis(positions)
    for channel_id, label in zip(used, lanes, strict=True):
        swimlane.add_yaxis(
            label,
            [{"value": [i, label]} for i, (*_, step) in enumerate(steps) if channel_id in step.touchpoints],
            symbol="roundRect",
            markarea_opts=_stage_bands(journey, labelled=True) if channel_id == used[0] else None,
            symbol_size=14,
            label_opts=opts.LabelOpts(is_show=False),
            itemstyle_opts=opts.ItemStyleOpts(color=LANE_COLOUR),
            xaxis_index=0,
            yaxis_index=0,
        )
    swimlane.set_global_opts(
        xaxis_opts=opts.AxisOpts(
            **x_axis,
            axislabel_opts=opts.LabelOpts(is_show=False),
            splitline_opts=opts.SplitLineOpts(is_show=False),
        ),
        yaxis_opts=opts.AxisOpts(type_="category", is_inverse=True),
        legend_opts=opts.LegendOpts(is_show=False),
    )

    emotion = Line(init_opts=NO_ANIMATION).add_xaxis(positions)
    lines = personas if per_persona else ["all"]
    for n, persona in enumerate(lines):
        name = persona_names.get(persona, persona) if per_persona else "Emotion"
        emotion.add_yaxis(
            name,
            [v.get(persona if per_persona else personas[0]) for v in valences],
            is_connect_nones=True,
            symbol="circle",
            symbol_size=8,
            is_smooth=False,
            label_opts=opts.LabelOpts(is_show=False),
            linestyle_opts=opts.LineStyleOpts(width=3, color=PERSONA_COLOURS[n % len(PERSONA_COLOURS)]),
            itemstyle_opts=opts.ItemStyleOpts(color=PERSONA_COLOURS[n % len(PERSONA_COLOURS)]),
            markline_opts=_zero_and_links(journey) if n == 0 else None,
            markarea_opts=_stage_bands(journey, labelled=not used) if n == 0 else None,
        )
    pains = [
        (min(v.values()) if v else 0) if step.pains else None
        for v, (*_, step) in zip(valences, steps, strict=True)
    ]
    emotion.add_yaxis(
        "Pain points",
        pains,
        symbol="triangle",
        symbol_size=13,
        label_opts=opts.LabelOpts(is_show=False),
        linestyle_opts=opts.LineStyleOpts(width=0, opacity=0),
        itemstyle_opts=opts.ItemStyleOpts(color=PAIN_COLOUR),
        z=5,
    )
    emotion.set_global_opts(
        xaxis_opts=opts.AxisOpts(
            **x_axis,
            name="Step",
            name_location="middle",
            name_gap=28,
            splitline_opts=opts.SplitLineOpts(is_show=False),
            axislabel_opts=opts.LabelOpts(),
        ),
        yaxis_opts=opts.AxisOpts(
            type_="value", min_=-2, max_=2, interval=1, name="Emotion", name_location="middle", name_gap=30
        ),
        legend_opts=opts.LegendOpts(pos_bottom=0),
        tooltip_opts=opts.TooltipOpts(trigger="axis", axis_pointer_type="shadow"),
    )

    swimlane_height = max(60, 28 * len(lanes))
    grid = _OneShotGrid(init_opts=NO_ANIMATION)
    grid.add(
        swimlane, grid_opts=opts.GridOpts(pos_top=40, height=swimlane_height, pos_left=120, pos_right=24)
    )
    grid.add(
        emotion, grid_opts=opts.GridOpts(pos_top=swimlane_height + 90, height=200, pos_left=120, pos_right=24)
    )
    options = _plain(grid.options)
    for axis in options["xAxis"]:
        # Labels on step centres, ticks on the edges between steps (ECharts >= 5.5.1 customValues).
        axis["axisLabel"] = {**axis.get("axisLabel", {}), "customValues": positions}
        axis["axisTick"] = {"customValues": [p - 0.5 for p in positions] + [len(positions) - 0.5]}
        axis["axisLine"] = {"onZero": False}
    for axis in options["yAxis"]:
        axis["axisLine"] = {"onZero": False, "show": True}
    # Long lane labels are cut, not allowed to push the swimlane right (ECharts 6 shrinks a grid to fit
    # its labels by default), which would misalign the two grids' steps.
    options["yAxis"][0]["axisLabel"] = {"width": 110, "overflow": "truncate"}
    for grid_options in options["grid"]:
        grid_options["outerBoundsMode"] = "none"
    for series in options["series"]:
        if series["type"] == "scatter":  # pyecharts needs {"value": [x, y]} items; ECharts takes [x, y]
            series["data"] = [item["value"] for item in series["data"]]
    options["yAxis"][0]["data"] = lanes or [""]  # lane order = vocabulary order, not first appearance
    if current is not None:
        overlay = _current_state_series(journey, current, lines if per_persona else [], persona_names)
        options["series"] += overlay
        options["legend"][-1]["data"] += [series["name"] for series in overlay]
    options["animation"] = False
    options["aria"] = {"enabled": True}
    options["axisPointer"] = {"link": [{"xAxisIndex": "all"}]}
    options["tooltip"] = {
        "trigger": "axis",
        "confine": True,
        "axisPointer": {"type": "line", "snap": True, "axis": "x"},
    }

    return {
        "height": swimlane_height + 90 + 200 + 80,
        "options": options,
        # Step numbers label the x-axis; the page script builds tooltips from the table's cells for a
        # step, so each text reaches the page once.
        "steps": categories,
    }


def _current_state_series(
    future: JourneyMap, current: JourneyMap, persona_lines: list[str], persona_names: dict[str, str]
) -> list[dict]:
    """The current map's emotion, dashed, one line per persona line of this chart that the current map
    has too (one line for a chart of a single emotion), named as the current map."""
    shared = shared_personas(current, future)
    if not shared:
        return []
    wanted = (
        [(n, p) for n, p in enumerate(persona_lines) if p in shared] if persona_lines else [(0, shared[0])]
    )
    series = []
    for n, persona in wanted:
        colour = PERSONA_COLOURS[n % len(PERSONA_COLOURS)]
        name = current.meta.title
        if persona_lines:
            name += f" ({persona_names.get(persona, persona)})"
        series.append(
            {
                "type": "line",
                "name": name,
                "data": aligned_curve(current, future, persona),
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "symbol": "emptyCircle",
                "symbolSize": 6,
                "lineStyle": {"type": "dashed", "width": 2, "color": colour, "opacity": 0.75},
                "itemStyle": {"color": colour, "opacity": 0.75},
                "z": 1,
                "jcCurrentState": current.id,  # which map the curve is, for tests and the page script
            }
        )
    return series


def _stage_bands(journey: JourneyMap, *, labelled: bool) -> opts.MarkAreaOpts:
    """One shaded band per stage. Category indices +-0.5 reach the band edges, not the step centres."""
    bands, first = [], 0
    for s, (_, stage) in enumerate(journey.stages()):
        last = first + len(stage.steps) - 1
        bands.append(
            opts.MarkAreaItem(
                name=stage.name if labelled else "",
                x=(first - 0.5, last + 0.5),
                itemstyle_opts=opts.ItemStyleOpts(
                    color="rgba(128,128,128,0.10)" if s % 2 == 0 else "transparent"
                ),
            )
        )
        first = last + 1
    return opts.MarkAreaOpts(
        data=bands,
        is_silent=True,
        label_opts=opts.LabelOpts(position="top", font_weight="bold", is_show=labelled),
    )


def _zero_and_links(journey: JourneyMap) -> opts.MarkLineOpts:
    """The neutral line, and an arc for every `next` link that is not simply "on to the following stage"."""
    first_step, offset = {}, 0
    for s, (stage_id, stage) in enumerate(journey.stages()):
        first_step[stage_id] = (offset, offset + len(stage.steps) - 1, s)
        offset += len(stage.steps)
    data: list = [{"yAxis": 0, "name": "", "label": {"show": False}, "lineStyle": {"type": "solid"}}]
    for s, (stage_id, _stage) in enumerate(journey.stages()):
        for target in journey.next_of(s):
            start, end, _ = first_step[stage_id]
            t_start, _, t_index = first_step.get(target, (None, None, None))
            if t_start is None or t_index == s + 1:
                continue
            label = f"{'back ' if t_index <= s else ''}to {journey.meta.stages[t_index].name}"
            data.append(
                [
                    {"coord": [end, 2], "name": label, "lineStyle": {"curveness": -0.4, "type": "dashed"}},
                    {"coord": [t_start, 2], "symbol": "arrow"},
                ]
            )
    return opts.MarkLineOpts(
        data=data,
        symbol=["none", "none"],
        label_opts=opts.LabelOpts(formatter="{b}", position="middle"),
        linestyle_opts=opts.LineStyleOpts(color="#888", width=1.5),
    )


def add_earlier_curves(
    payload: dict,
    journey: JourneyMap,
    earlier: list[tuple[str, dict[str, list[int | None]]]],
    persona_names: dict[str, str],
) -> None:
    """Overlay earlier revisions' emotion curves, hidden until the reader asks: one dashed line per
    emotion line, for the most recent earlier revision, off in the legend; the page script swaps in
    another revision's values (`payload["earlier"]`) when the reader picks it in the History section.

    `earlier` is (label, {persona id: valence per current step, None where a step did not exist}),
    newest first."""
    if not earlier:
        return
    per_persona = any(isinstance(step.emotion, dict) for *_, step in _flat_steps(journey))
    lines = list(journey.meta.personas) if per_persona else list(journey.meta.personas[:1])

    def names(label: str) -> list[str]:
        return [f"{persona_names.get(p, p) if per_persona else 'Emotion'} at {label}" for p in lines]

    revisions = [
        {"label": label, "names": names(label), "data": [list(curve.get(p, ())) for p in lines]}
        for label, curve in earlier
    ]
    options = payload["options"]
    legend = options["legend"][-1]
    selected = legend.setdefault("selected", {})
    first = revisions[0]
    for n, (name, values) in enumerate(zip(first["names"], first["data"], strict=True)):
        colour = PERSONA_COLOURS[n % len(PERSONA_COLOURS)]
        options["series"].append(
            {
                "type": "line",
                "id": f"jc-earlier-{n}",
                "name": name,
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "data": [[i, v] for i, v in enumerate(values)],
                "connectNulls": True,
                "symbol": "emptyCircle",
                "symbolSize": 7,
                "lineStyle": {"type": "dashed", "width": 2, "color": colour, "opacity": 0.75},
                "itemStyle": {"color": colour, "opacity": 0.75},
                "z": 1,
            }
        )
        legend["data"].append(name)
        selected[name] = False
    payload["earlier"] = revisions
