"""The map chart: a pure function from a validated map to ECharts options (plain JSON data).

Two aligned grids share one x-axis of steps (numbered as in the HTML map): a swimlane of touchpoint
channels on top and the emotion curve below, with stage bands, pain markers and arcs for `next` links
that loop back or branch. Options carry no JavaScript functions; the page script adds the tooltip
formatter, which builds DOM text nodes from the step's cells in the page's table, so no map text is ever
parsed as HTML. Sizes and colours come from geometry.py, which the split and the first frame share.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pyecharts import options as opts
from pyecharts.charts import Scatter

from ..catalogue.measures import MapMeasures
from ..catalogue.states import aligned_curve, shared_personas
from ..format.channels import ChannelVocabulary
from ..format.model import JourneyMap, PlacedStep, Stage
from . import geometry as g
from .pyecharts_kit import Axis, ComparedLine, OneShotGrid, plain_options

_ANIMATION_OFF = opts.AnimationOpts(animation=False)
_NO_ANIMATION = opts.InitOpts(animation_opts=_ANIMATION_OFF)
# The chart-wide settings are the first chart's (pyecharts' Grid takes them from it): the swimlane's.
_CHART_WIDE = opts.InitOpts(animation_opts=_ANIMATION_OFF, aria_opts=opts.AriaOpts(is_enable=True))
# One tooltip for the whole column of a step, and both grids' pointers moving together. Dicts: pyecharts'
# TooltipOpts and AxisPointerOpts would spell out a dozen further settings at ECharts' own defaults.
_TOOLTIP = {"trigger": "axis", "confine": True, "axisPointer": {"type": "line", "snap": True, "axis": "x"}}
_LINKED_POINTERS = {"link": [{"xAxisIndex": "all"}]}
# One row that pages (a phone's width holds few names), long names cut with the full one on hover.
_LEGEND = opts.LegendOpts(
    type_="scroll",
    pos_bottom=0,
    pos_left=g.GRID_RIGHT,
    pos_right=g.GRID_RIGHT,
    textstyle_opts={"width": g.LEGEND_ITEM_WIDTH, "overflow": "truncate"},
    page_icon_color=g.LINK_COLOUR,  # readable on the light and the dark palette
)
_Y_AXIS_LINE = {"onZero": False, "show": True}  # at the grid's left edge, not through the x-axis' 0


@dataclass(frozen=True)
class ChartLabels:
    """The chart's own words, in the interface's language (the renderer translates them; the chart
    builders stay pure). `%(stage)s`, `%(line)s` and `%(label)s` are filled in here."""

    step: str = "Step"
    emotion: str = "Emotion"
    pain_points: str = "Pain points"
    on_to: str = "to %(stage)s"
    back_to: str = "back to %(stage)s"
    earlier: str = "%(line)s at %(label)s"
    # What a screen reader hears of the chart itself; empty: ECharts describes it (in English).
    description: str = ""


ENGLISH = ChartLabels()


@dataclass
class _Layout:
    """What the chart is drawn from: the map's steps in page order and the channels they use."""

    journey: JourneyMap
    steps: list[PlacedStep]
    channel_ids: list[str]  # in the vocabulary's order, ids it does not know last
    lanes: list[str]  # the channels' labels: the swimlane's rows, top to bottom
    personas: list[str]
    valences: list[dict[str, int]]  # per step: each persona's valence
    per_persona: bool  # one emotion line per persona, or one line for all
    labels: ChartLabels = ENGLISH

    @property
    def positions(self) -> list[int]:
        """x of each step: its index (the page script labels it with the step's number)."""
        return list(range(len(self.steps)))

    @property
    def lane_height(self) -> int:
        return g.lane_height(len(self.lanes))

    @property
    def lines(self) -> list[str]:
        """The emotion lines: a persona id each, or "all"."""
        return self.personas if self.per_persona else ["all"]


def _layout(journey: JourneyMap, channels: ChannelVocabulary, labels: ChartLabels = ENGLISH) -> _Layout:
    steps = list(journey.steps())
    touched = {channel for placed in steps for channel in placed.step.touchpoints}
    known = [channel for channel in channels.ids() if channel in touched]
    channel_ids = known + sorted(touched - set(known))
    personas = list(journey.meta.personas)
    return _Layout(
        journey=journey,
        steps=steps,
        channel_ids=channel_ids,
        lanes=[channels.get(channel).label for channel in channel_ids],
        personas=personas,
        valences=[placed.step.valences(personas) for placed in steps],
        per_persona=any(isinstance(placed.step.emotion, dict) for placed in steps),
        labels=labels,
    )


def chart_payload(
    journey: JourneyMap,
    channels: ChannelVocabulary,
    persona_names: dict[str, str],
    *,
    current: JourneyMap | None = None,
    labels: ChartLabels = ENGLISH,
    measures: MapMeasures | None = None,
) -> dict:
    """Everything the page script needs: ECharts options plus per-step details for tooltips and clicks.
    `current`: the map whose future state `journey` is; its emotion curve is drawn dashed beside ours.
    `measures`: the map's measured figures; each metric measured at a step gets a line on its own axis."""
    layout = _layout(journey, channels, labels)
    lane_h = layout.lane_height
    grid = OneShotGrid(init_opts=_NO_ANIMATION)
    grid.add(_swimlane(layout), grid_opts=_grid_opts(g.LANE_TOP, lane_h))
    emotion_grid = _grid_opts(g.emotion_top(lane_h), g.EMOTION_HEIGHT)
    grid.add(_emotion(layout, persona_names, current), grid_opts=emotion_grid)
    options = plain_options(grid.options)
    if labels.description:
        options["aria"] = {**options.get("aria", {}), "label": {"description": labels.description}}
    metric_room = _add_metrics(options, layout, measures) if measures is not None else 0
    return {
        "height": g.chart_height(lane_h),
        "min_width": g.chart_min_width(len(layout.steps)) + metric_room,
        "options": options,
        # Step numbers label the x-axis; the page script builds tooltips from the table's cells for a
        # step, so each text reaches the page once.
        "steps": [placed.number for placed in layout.steps],
    }


def _add_metrics(options: dict, layout: _Layout, measures: MapMeasures) -> int:
    """A line per metric measured at any step (its latest value per step), on a y-axis of its own right
    of the emotion grid, so that the measured curve sits beside the stated one. Returns the width the
    axes take; a map without measured steps is left as it was."""
    metrics = measures.metrics_on_steps()
    room = g.METRIC_AXIS_ROOM * len(metrics)
    for grid in options["grid"] if metrics else ():
        grid["right"] = g.GRID_RIGHT + room
    for n, metric in enumerate(metrics):
        colour = g.metric_colour(n)
        values = []
        for x, placed in enumerate(layout.steps):
            found = [m for m in measures.steps.get(placed.number, ()) if m.metric.id == metric.id]
            values.append([x, found[0].latest.value if found else None])
        options["yAxis"].append(
            {
                "type": "value",
                "gridIndex": 1,
                "position": "right",
                "offset": g.METRIC_AXIS_ROOM * n,
                "min": metric.min,
                "max": metric.max,
                # up is better on every axis, so that the measured curve reads like the emotion beside it
                "inverse": metric.better == "lower",
                "name": metric.label,
                "nameLocation": "middle",
                "nameGap": g.METRIC_NAME_GAP,
                "axisLine": {"show": True, "onZero": False, "lineStyle": {"color": colour, "width": 2}},
                "axisTick": {"show": True},
                "axisLabel": {"hideOverlap": True},
                "splitLine": {"show": False},
                "jcMetric": metric.id,
            }
        )
        options["series"].append(
            {
                "type": "line",
                "name": metric.label,
                "data": values,
                "xAxisIndex": 1,
                "yAxisIndex": len(options["yAxis"]) - 1,
                "symbol": "diamond",
                "symbolSize": g.METRIC_SYMBOL,
                "connectNulls": True,
                "lineStyle": {"type": "dotted", "width": g.METRIC_LINE_WIDTH, "color": colour},
                "itemStyle": {"color": colour},
                "label": {"show": False},
                "z": 4,
                "jcMetric": metric.id,  # which metric the line is, for tests and the page script
            }
        )
        options["legend"][-1]["data"].append(metric.label)
    return room


def _grid_opts(top: int, height: int) -> opts.GridOpts:
    # Long lane labels are cut, not allowed to push the swimlane right (ECharts 6 shrinks a grid to fit
    # its labels by default), which would misalign the two grids' steps.
    return opts.GridOpts(
        pos_top=top, height=height, pos_left=g.GRID_LEFT, pos_right=g.GRID_RIGHT, outer_bounds_mode="none"
    )


def _step_axis(layout: _Layout, *, labelled: bool) -> Axis:
    """Either grid's x-axis: labels on step centres, ticks on the edges between steps (ECharts >= 5.5.1
    customValues, which pyecharts' label and tick options do not have)."""
    positions = layout.positions
    named = (
        {"name": layout.labels.step, "name_location": "middle", "name_gap": g.STEP_NAME_GAP}
        if labelled
        else {}
    )
    return Axis(
        type_="value",
        min_=-0.5,
        max_=len(positions) - 0.5,
        interval=1,
        data=positions,
        **named,
        axislabel_opts={"show": labelled, "customValues": positions, "hideOverlap": True},
        axistick_opts={"customValues": [p - 0.5 for p in positions] + [len(positions) - 0.5]},
        axisline_opts={"onZero": False},
        splitline_opts=opts.SplitLineOpts(is_show=False),
    )


def _swimlane(layout: _Layout) -> Scatter:
    """The channels' lanes: a mark where a step uses the channel; the first lane carries the stage names.

    Its series' data are [x, lane] pairs, which a Scatter with no x values to pair them with takes as
    they are; the x-axis gets its values with its other options."""
    chart = Scatter(init_opts=_CHART_WIDE).add_xaxis([])
    for n, (channel_id, label) in enumerate(zip(layout.channel_ids, layout.lanes, strict=True)):
        chart.add_yaxis(
            label,
            [[x, label] for x, placed in enumerate(layout.steps) if channel_id in placed.step.touchpoints],
            symbol="roundRect",
            markarea_opts=_stage_bands(layout.journey, labelled=True) if n == 0 else None,
            symbol_size=g.LANE_SYMBOL,
            label_opts=opts.LabelOpts(is_show=False),
            itemstyle_opts=opts.ItemStyleOpts(color=g.LANE_COLOUR),
            xaxis_index=0,
            yaxis_index=0,
        )
    chart.set_global_opts(
        xaxis_opts=_step_axis(layout, labelled=False),
        yaxis_opts=Axis(
            type_="category",
            is_inverse=True,
            data=layout.lanes or [""],  # lane order = vocabulary order, not first appearance
            axisline_opts=_Y_AXIS_LINE,
            axislabel_opts={"width": g.LANE_LABEL_WIDTH, "overflow": "truncate"},
        ),
        legend_opts=opts.LegendOpts(is_show=False),
        tooltip_opts=_TOOLTIP,
        axispointer_opts=_LINKED_POINTERS,
    )
    return chart


def _emotion(layout: _Layout, persona_names: dict[str, str], current: JourneyMap | None) -> ComparedLine:
    """The emotion grid: a line per persona (or one), the pains, and the current state's curve."""
    chart = ComparedLine(init_opts=_NO_ANIMATION)
    chart.set_global_opts(
        xaxis_opts=_step_axis(layout, labelled=True),
        yaxis_opts=opts.AxisOpts(
            type_="value",
            min_=g.EMOTION_MIN,
            max_=g.EMOTION_MAX,
            interval=1,
            name=layout.labels.emotion,
            name_location="middle",
            name_gap=g.EMOTION_NAME_GAP,
            axisline_opts=_Y_AXIS_LINE,
        ),
        legend_opts=_LEGEND,
    )
    # A cut name in full on hover: pyecharts' LegendOpts has no tooltip setting.
    chart.options["legend"][0]["tooltip"] = {"show": True}
    _add_emotion_lines(chart, layout, persona_names)
    _add_pains(chart, layout)
    if current is not None:
        _add_current_state(chart, layout, current, persona_names)
    return chart


def _add_emotion_lines(chart: ComparedLine, layout: _Layout, persona_names: dict[str, str]) -> None:
    """A line per persona, or one "Emotion" line; the first carries the neutral line, the arcs of
    `next` links and, when there is no swimlane to carry them, the stage names."""
    for n, persona in enumerate(layout.lines):
        colour = g.persona_colour(n)
        chart.add_yaxis(
            persona_names.get(persona, persona) if layout.per_persona else layout.labels.emotion,
            [v.get(persona if layout.per_persona else layout.personas[0]) for v in layout.valences],
            is_connect_nones=True,
            symbol="circle",
            symbol_size=g.EMOTION_SYMBOL,
            is_smooth=False,
            label_opts=opts.LabelOpts(is_show=False),
            linestyle_opts=opts.LineStyleOpts(width=g.EMOTION_LINE_WIDTH, color=colour),
            itemstyle_opts=opts.ItemStyleOpts(color=colour),
            markline_opts=_zero_and_links(layout.journey, layout.labels) if n == 0 else None,
            markarea_opts=_stage_bands(layout.journey, labelled=not layout.lanes) if n == 0 else None,
        )


def _add_pains(chart: ComparedLine, layout: _Layout) -> None:
    """A triangle at each step with pains, on its lowest emotion (or the neutral line)."""
    pains = [
        (min(valences.values()) if valences else 0) if placed.step.pains else None
        for placed, valences in zip(layout.steps, layout.valences, strict=True)
    ]
    chart.add_yaxis(
        layout.labels.pain_points,
        pains,
        symbol="triangle",
        symbol_size=g.PAIN_SYMBOL,
        label_opts=opts.LabelOpts(is_show=False),
        linestyle_opts=opts.LineStyleOpts(width=0, opacity=0),
        itemstyle_opts=opts.ItemStyleOpts(color=g.PAIN_COLOUR),
        z=5,
    )


def _add_current_state(
    chart: ComparedLine, layout: _Layout, current: JourneyMap, persona_names: dict[str, str]
) -> None:
    """The current map's emotion, dashed, one line per persona line of this chart that the current map
    has too (one line for a chart of a single emotion), named as the current map."""
    shared = shared_personas(current, layout.journey)
    if not shared:
        return
    persona_lines = layout.lines if layout.per_persona else []
    wanted = (
        [(n, p) for n, p in enumerate(persona_lines) if p in shared] if persona_lines else [(0, shared[0])]
    )
    for n, persona in wanted:
        name = current.meta.title
        if persona_lines:
            name += f" ({persona_names.get(persona, persona)})"
        curve = aligned_curve(current, layout.journey, persona)
        # which map the curve is, for tests and the page script
        chart.add_curve(
            _dashed_curve(name, curve, n, g.CURRENT_STATE_SYMBOL, extra={"jcCurrentState": current.id})
        )


def _dashed_curve(name: str, data: list, line: int, symbol_size: int, *, extra: dict) -> dict:
    """A curve drawn for comparison with emotion line `line`: its colour, dashed and faded, behind it."""
    colour = g.persona_colour(line)
    return {
        "type": "line",
        "name": name,
        "data": data,
        "xAxisIndex": 1,
        "yAxisIndex": 1,
        "symbol": "emptyCircle",
        "symbolSize": symbol_size,
        "lineStyle": {"type": "dashed", "width": g.DASHED_LINE_WIDTH, "color": colour, "opacity": g.FADED},
        "itemStyle": {"color": colour, "opacity": g.FADED},
        "z": 1,
        **extra,
    }


def _stage_spans(journey: JourneyMap) -> Iterator[tuple[int, str, Stage, int, int]]:
    """(stage index, id, stage, x of its first step, x of its last step) per stage."""
    first = 0
    for s, (stage_id, stage) in enumerate(journey.stages()):
        yield s, stage_id, stage, first, first + len(stage.steps) - 1
        first += len(stage.steps)


def _stage_bands(journey: JourneyMap, *, labelled: bool) -> opts.MarkAreaOpts:
    """One shaded band per stage. Step indices +-0.5 reach the band edges, not the step centres."""
    colours = g.STAGE_BAND_COLOURS
    bands = [
        opts.MarkAreaItem(
            name=stage.name if labelled else "",
            x=(first - 0.5, last + 0.5),
            itemstyle_opts=opts.ItemStyleOpts(color=colours[s % len(colours)]),
        )
        for s, _, stage, first, last in _stage_spans(journey)
    ]
    return opts.MarkAreaOpts(
        data=bands,
        is_silent=True,
        label_opts=opts.LabelOpts(position="top", font_weight="bold", is_show=labelled),
    )


def _zero_and_links(journey: JourneyMap, labels: ChartLabels) -> opts.MarkLineOpts:
    """The neutral line, and an arc for every `next` link that is not simply "on to the following stage"."""
    spans = {stage_id: (first, last, s) for s, stage_id, _, first, last in _stage_spans(journey)}
    data: list = [{"yAxis": 0, "name": "", "label": {"show": False}, "lineStyle": {"type": "solid"}}]
    top = g.EMOTION_MAX
    for _, end, s in spans.values():
        for target in journey.next_of(s):
            t_start, _, t_index = spans.get(target, (None, None, None))
            if t_start is None or t_index == s + 1:
                continue
            link = labels.back_to if t_index <= s else labels.on_to
            label = link % {"stage": journey.meta.stages[t_index].name}
            data.append(
                [
                    {"coord": [end, top], "name": label, "lineStyle": {"curveness": -0.4, "type": "dashed"}},
                    {"coord": [t_start, top], "symbol": "arrow"},
                ]
            )
    return opts.MarkLineOpts(
        data=data,
        symbol=["none", "none"],
        label_opts=opts.LabelOpts(formatter="{b}", position="middle"),
        linestyle_opts=opts.LineStyleOpts(color=g.LINK_COLOUR, width=g.LINK_LINE_WIDTH),
    )


def add_earlier_curves(
    payload: dict,
    journey: JourneyMap,
    earlier: list[tuple[str, dict[str, list[int | None]]]],
    persona_names: dict[str, str],
    labels: ChartLabels = ENGLISH,
) -> None:
    """Overlay earlier revisions' emotion curves, hidden until the reader asks: one dashed line per
    emotion line, for the most recent earlier revision, off in the legend; the page script swaps in
    another revision's values (`payload["earlier"]`) when the reader picks it in the History section.

    `earlier` is (label, {persona id: valence per current step, None where a step did not exist}),
    newest first."""
    if not earlier:
        return
    per_persona = any(isinstance(placed.step.emotion, dict) for placed in journey.steps())
    lines = list(journey.meta.personas) if per_persona else list(journey.meta.personas[:1])

    def names(label: str) -> list[str]:
        line = [persona_names.get(p, p) if per_persona else labels.emotion for p in lines]
        return [labels.earlier % {"line": name, "label": label} for name in line]

    revisions = [
        {"label": label, "names": names(label), "data": [list(curve.get(p, ())) for p in lines]}
        for label, curve in earlier
    ]
    options = payload["options"]
    legend = options["legend"][-1]
    selected = legend.setdefault("selected", {})
    first = revisions[0]
    for n, (name, values) in enumerate(zip(first["names"], first["data"], strict=True)):
        curve = [[i, v] for i, v in enumerate(values)]
        extra = {"id": f"jc-earlier-{n}", "connectNulls": True}
        options["series"].append(_dashed_curve(name, curve, n, g.EARLIER_SYMBOL, extra=extra))
        legend["data"].append(name)
        selected[name] = False
    payload["earlier"] = revisions
