"""A map chart's payload (map_chart.py) as a common part, the same for every map, plus a per-map part.

The common part (`COMMON`) holds ECharts options that every map chart shares: styles, axes, colours and
one template per kind of series. It ships once, in a cached script (`common_script`); each page carries
only `split(payload)`: what differs from the common part. `join(COMMON, split(payload)) == payload` for
any payload (a key the template has and the payload lacks is sent as null, anything unforeseen is sent
whole), so the common part decides only how small a page's part is, never what the chart shows.
assets/journeys.js has the same `join` for the page.

Templates may hold placeholders, resolved per map before comparing and merging:
  "@positions", "@edges", "@last": the x positions of the steps (0..n-1), the edges between them
      (-0.5..n-0.5) and the last edge, n being the number of steps;
  "@lane_h", "@emotion_top": the swimlane's height and where the emotion grid starts, from the height;
  "@bands", "@bands_plain": the stage bands, with and without their names, from `stages`
      ([step count, name] per stage, taken from the first series' bands);
  "@lanes", "@lines": the names of the scatter (channel) and of the line series, in order;
  "@colour": per series, the colour of the k-th series of its kind (k from 0; emotion lines, "line"
      and "first-line", count together), from `line_colours`: map_chart.py colours the n-th persona's
      line, and the curves compared with it, so.
A series is sent as [template name, its differences from that template]; its data as "v" (values at
x = 0, 1, 2 ...) or "x" (x positions of a channel's marks, y being the series' own name) when it fits;
a channel's lane that differs from its template by its name and marks alone as [name, x positions];
the first line's arcs (`next` links, after the neutral line its template has) as "@arcs", each
[x1, y1, x2, y2, name] filled into the common part's "arc"; an earlier revision's curve that is the
payload's first `earlier` curve as {"@earlier": n}, and the legend's choice that hides those curves as
"@earlier";
and the pains' as "@low" when each of its values is the emotion lines' lowest at that step (0 where
they have none) or null: a string of "1" (that value) and "0" (null) per step, as map_chart.py places
a step's pain marker on its lowest emotion.
"""

from __future__ import annotations

import copy
import json

from . import geometry as g

_X_AXIS = {
    "axisLabel": {"customValues": "@positions", "hideOverlap": True, "show": False},
    "axisLine": {"onZero": False},
    "axisTick": {"customValues": "@edges"},
    "data": "@positions",
    "gridIndex": 0,
    "interval": 1,
    "max": "@last",
    "min": -0.5,
    "show": True,
    "splitLine": {"lineStyle": {"show": False}, "show": False},
    "type": "value",
}
_GRID = {"left": g.GRID_LEFT, "outerBoundsMode": "none", "right": g.GRID_RIGHT, "show": False, "z": 2}
_TITLE = {
    "show": True,
    "subtarget": "blank",
    "target": "blank",
    "textAlign": "auto",
    "textVerticalAlign": "auto",
}
_LINE = {
    "areaStyle": {"opacity": 0},
    "connectNulls": True,
    "itemStyle": {"color": "@colour"},
    "label": {"show": False},
    "lineStyle": {"color": "@colour", "show": False, "width": g.EMOTION_LINE_WIDTH},
    "showSymbol": True,
    "symbol": "circle",
    "symbolSize": g.EMOTION_SYMBOL,
    "type": "line",
    "xAxisIndex": 1,
    "yAxisIndex": 1,
    "z": 0,
}
_DASHED = {
    "connectNulls": True,
    "itemStyle": {"color": "@colour", "opacity": g.FADED},
    "lineStyle": {"color": "@colour", "opacity": g.FADED, "type": "dashed", "width": g.DASHED_LINE_WIDTH},
    "symbol": "emptyCircle",
    "symbolSize": g.EARLIER_SYMBOL,
    "type": "line",
    "xAxisIndex": 1,
    "yAxisIndex": 1,
    "z": 1,
}
_LANE = {
    "itemStyle": {"color": g.LANE_COLOUR},
    "label": {"show": False},
    "symbol": "roundRect",
    "symbolSize": g.LANE_SYMBOL,
    "type": "scatter",
}


def _stage_area(bands: str, *, named: bool) -> dict:
    """The stage bands' markArea; `bands` names their placeholder."""
    return {"data": bands, "label": {"fontWeight": "bold", "position": "top", "show": named}, "silent": True}


COMMON = {
    "band_colours": g.STAGE_BAND_COLOURS,
    "line_colours": g.PERSONA_COLOURS,
    "height_extra": g.HEIGHT_EXTRA,  # the chart's height = the swimlane's + this
    # the swimlane's height and the chart's narrowest width (geometry.py), for a part that leaves them out
    "lane_row": g.LANE_ROW,
    "lane_min_height": g.LANE_MIN_HEIGHT,
    "width_extra": g.GRID_LEFT + g.GRID_RIGHT,
    "step_min_width": g.STEP_MIN_WIDTH,
    "emotion_offset": g.EMOTION_OFFSET,  # the emotion grid's top = the swimlane's height + this
    "stage_label_height": g.STAGE_LABEL_HEIGHT,  # the page script breaks stage names within this
    "options": {
        "animation": False,
        "aria": {"enabled": True},
        "axisPointer": {"link": [{"xAxisIndex": "all"}]},
        "grid": [
            {**_GRID, "height": "@lane_h", "top": g.LANE_TOP},
            {**_GRID, "height": g.EMOTION_HEIGHT, "top": "@emotion_top"},
        ],
        "legend": [
            {"data": "@lanes", "show": False},
            {
                "bottom": 0,
                "data": "@lines",
                "left": g.GRID_RIGHT,
                "pageIconColor": g.LINK_COLOUR,
                "right": g.GRID_RIGHT,
                "show": True,
                "textStyle": {"overflow": "truncate", "width": g.LEGEND_ITEM_WIDTH},
                "tooltip": {"show": True},
                "type": "scroll",
            },
        ],
        "title": [_TITLE, _TITLE],
        "tooltip": {
            "axisPointer": {"axis": "x", "snap": True, "type": "line"},
            "confine": True,
            "trigger": "axis",
        },
        "xAxis": [
            _X_AXIS,
            {
                **_X_AXIS,
                "axisLabel": {"customValues": "@positions", "hideOverlap": True, "show": True},
                "gridIndex": 1,
                "name": "Step",
                "nameGap": g.STEP_NAME_GAP,
                "nameLocation": "middle",
            },
        ],
        "yAxis": [
            {
                "axisLabel": {"overflow": "truncate", "width": g.LANE_LABEL_WIDTH},
                "axisLine": {"onZero": False, "show": True},
                "data": "@lanes",
                "gridIndex": 0,
                "inverse": True,
                "show": True,
                "splitLine": {"lineStyle": {"show": False}, "show": True},
                "type": "category",
            },
            {
                "axisLine": {"onZero": False, "show": True},
                "gridIndex": 1,
                "interval": 1,
                "max": g.EMOTION_MAX,
                "min": g.EMOTION_MIN,
                "name": "Emotion",
                "nameGap": g.EMOTION_NAME_GAP,
                "nameLocation": "middle",
                "show": True,
                "splitLine": {"lineStyle": {"show": False}, "show": True},
                "type": "value",
            },
        ],
    },
    # a `next` link's arc, from the end of a stage to the start of its target (map_chart.py)
    "arc": [
        {"coord": ["@x1", "@y1"], "lineStyle": {"curveness": -0.4, "type": "dashed"}, "name": "@name"},
        {"coord": ["@x2", "@y2"], "symbol": "arrow"},
    ],
    "series": {
        "lane": _LANE,
        "stages": {**_LANE, "markArea": _stage_area("@bands", named=True)},  # the first channel's series
        "line": _LINE,
        "first-line": {  # the first emotion line carries the neutral line, the arcs and plain bands
            **_LINE,
            "markArea": _stage_area("@bands_plain", named=False),
            "markLine": {
                "data": [{"label": {"show": False}, "lineStyle": {"type": "solid"}, "yAxis": 0}],
                "label": {"formatter": "{b}", "position": "middle", "show": True},
                "lineStyle": {"color": g.LINK_COLOUR, "show": False, "width": g.LINK_LINE_WIDTH},
                "symbol": ["none", "none"],
            },
        },
        "pains": {
            "areaStyle": {"opacity": 0},
            "itemStyle": {"color": g.PAIN_COLOUR},
            "label": {"show": False},
            "lineStyle": {"opacity": 0, "show": False, "width": 0},
            "name": "Pain points",
            "showSymbol": True,
            "symbol": "triangle",
            "symbolSize": g.PAIN_SYMBOL,
            "type": "line",
            "xAxisIndex": 1,
            "yAxisIndex": 1,
            "z": 5,
        },
        "dashed": _DASHED,
    },
}


def _stages(options: dict) -> list:
    """[step count, name] per stage, from the first series' stage bands ([] when it has none)."""
    series = options.get("series") or [{}]
    bands = series[0].get("markArea", {}).get("data") if isinstance(series[0], dict) else None
    if not isinstance(bands, list):
        return []
    stages = []
    for band in bands:
        try:
            count = band[1]["xAxis"] - band[0]["xAxis"]
        except (IndexError, KeyError, TypeError):
            return []
        if not isinstance(count, int | float) or count != int(count):
            return []
        stages.append([int(count), band[0].get("name", "")])
    return stages


def _bands(stages: list, colours: list, *, named: bool) -> list:
    bands, first = [], -0.5
    for s, (count, name) in enumerate(stages):
        start = {"itemStyle": {"color": colours[s % len(colours)]}, "xAxis": first}
        if named and name:
            start["name"] = name
        bands.append([start, {"xAxis": first + count}])
        first += count
    return bands


def _context(common: dict, steps: int, height, stages: list) -> dict:
    lane_h = height - common["height_extra"] if isinstance(height, int) else None
    return {
        "@positions": list(range(steps)),
        "@edges": [p - 0.5 for p in range(steps + 1)],
        "@last": steps - 0.5,
        "@lane_h": lane_h,
        "@emotion_top": None if lane_h is None else lane_h + common["emotion_offset"],
        "@bands": _bands(stages, common["band_colours"], named=True),
        "@bands_plain": _bands(stages, common["band_colours"], named=False),
    }


def _resolve(template, context: dict, *, shared: bool = False):
    """`template` with its placeholders filled from `context`: copies of the context's values, or (with
    `shared`, for a template only compared, never changed or sent) the values themselves."""
    if isinstance(template, str) and template in context:
        return context[template] if shared else copy.deepcopy(context[template])
    if isinstance(template, dict):
        return {key: _resolve(value, context, shared=shared) for key, value in template.items()}
    if isinstance(template, list):
        return [_resolve(value, context, shared=shared) for value in template]
    return template


def _diff(template: dict, actual: dict) -> dict:
    """What turns `template` into `actual` under `_merge`: changed keys, null for a key to drop."""
    patch = {}
    for key, value in actual.items():
        if value is None:
            raise ValueError(f"chart options carry a null at {key!r}; map_chart.py drops those")
        if key not in template:
            patch[key] = value
        elif template[key] != value:
            patch[key] = _diff_value(template[key], value)
    patch.update({key: None for key in template if key not in actual})
    return patch


def _diff_value(template, value):
    if isinstance(template, dict) and isinstance(value, dict):
        return _diff(template, value)
    lists = isinstance(template, list) and isinstance(value, list) and len(template) == len(value)
    if lists and all(
        isinstance(t, dict) and isinstance(v, dict) for t, v in zip(template, value, strict=False)
    ):
        return {"@each": [_diff(t, v) for t, v in zip(template, value, strict=True)]}
    return value


def _merge(template: dict, patch: dict) -> dict:
    out = dict(template)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and "@each" in value and isinstance(out.get(key), list):
            out[key] = [_merge(t, p) for t, p in zip(out[key], value["@each"], strict=True)]
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _encode_data(series: dict) -> dict:
    """A series' data as "v" (values at x = 0, 1, 2, ...) or "x" (a channel's x positions) when it fits."""
    data = series.get("data")
    if not isinstance(data, list) or not data or not all(isinstance(d, list) and len(d) == 2 for d in data):
        return series
    out = {key: value for key, value in series.items() if key != "data"}
    if all(d[0] == i and type(d[0]) is int for i, d in enumerate(data)):
        out["v"] = [d[1] for d in data]
    elif "name" in series and all(d[1] == series["name"] and type(d[0]) is int for d in data):
        out["x"] = [d[0] for d in data]
    else:
        return series
    return out


def _decode_data(series: dict) -> dict:
    if "v" in series:
        series["data"] = [[i, v] for i, v in enumerate(series.pop("v"))]
    elif "x" in series:
        series["data"] = [[x, series["name"]] for x in series.pop("x")]
    return series


def _step_numbers(stages: list) -> list[str]:
    """Step numbers as format.model.step_number writes them: stage.step, both from 1."""
    return [f"{s + 1}.{t + 1}" for s, (count, _) in enumerate(stages) for t in range(count)]


def _names(series: list, kind: str) -> list:
    return [s["name"] for s in series if s.get("type") == kind and "name" in s]


def _template_for(series: dict) -> str | None:
    """The template map_chart.py builds a series from, by what it draws."""
    if series.get("type") == "scatter":
        return "stages" if "markArea" in series else "lane"
    if series.get("type") != "line":
        return None
    if series.get("symbol") == "triangle":
        return "pains"
    if (series.get("lineStyle") or {}).get("type") == "dashed":
        return "dashed"
    return "first-line" if "markLine" in series or "markArea" in series else "line"


_LINE_KINDS = ("first-line", "line")  # the emotion lines: one "@colour" sequence, and "@low"'s lines


def _sizes(common: dict, names: list[str], steps: int) -> dict:
    """The chart's height and narrowest width as map_chart.py sizes a chart of these series (a lane per
    channel) and `steps` steps with no metric axis: a part leaves them out when they are these."""
    lanes = sum(1 for name in names if name in ("lane", "stages"))
    lane_h = max(common["lane_min_height"], common["lane_row"] * lanes)
    return {
        "height": lane_h + common["height_extra"],
        "min_width": common["width_extra"] + common["step_min_width"] * max(steps, 1),
    }


def _colours(common: dict, names: list[str]) -> list:
    """Each series' "@colour": the k-th series of its kind gets the k-th line colour."""
    colours, counts, out = common.get("line_colours") or [None], {}, []
    for name in names:
        kind = "line" if name in _LINE_KINDS else name
        k = counts[kind] = counts.get(kind, -1) + 1
        out.append(colours[k % len(colours)])
    return out


def _lowest(series: list[dict], names: list[str], steps: int) -> list:
    """At each step, the emotion lines' lowest value, 0 where they have none (map_chart.py's pains)."""
    lines = [s.get("data") for s, name in zip(series, names, strict=True) if name in _LINE_KINDS]
    lowest = []
    for i in range(steps):
        values = [
            d[i][1]
            for d in lines
            if isinstance(d, list) and i < len(d) and isinstance(d[i], list) and len(d[i]) == 2
            if d[i][1] is not None
        ]
        lowest.append(min(values) if values else 0)
    return lowest


def _encode_low(patch: dict, lowest: list) -> dict:
    """A pains series' values as "@low" when each is the lowest emotion at its step or null."""
    values = patch.get("v")
    if not isinstance(values, list) or len(values) != len(lowest):
        return patch
    if not all(
        v is None or (type(v) is type(low) and v == low) for v, low in zip(values, lowest, strict=True)
    ):
        return patch
    out = {key: value for key, value in patch.items() if key != "v"}
    flags = "".join("0" if v is None else "1" for v in values)
    out["@low"] = 1 if flags == "1" * len(flags) else flags  # 1: a marker at every step
    return out


def _decode_low(series: list[dict], names: list[str], steps: int) -> None:
    lowest = _lowest(series, names, steps)
    for item in series:
        if "@low" in item:
            flags = item.pop("@low")
            flags = "1" * steps if flags == 1 else flags
            item["data"] = [[i, lowest[i] if flag == "1" else None] for i, flag in enumerate(flags)]


def _arc(common: dict, values: list) -> list:
    x1, y1, x2, y2, name = values
    return _resolve(common["arc"], {"@x1": x1, "@y1": y1, "@x2": x2, "@y2": y2, "@name": name})


def _encode_arcs(patch: dict, template: dict, common: dict) -> dict:
    """A series' markLine that is its template's (the neutral line) plus arcs, as "@arcs"."""
    mark, first = patch.get("markLine"), (template.get("markLine") or {}).get("data")
    if "arc" not in common or not isinstance(mark, dict) or set(mark) != {"data"} or not first:
        return patch
    data = mark["data"]
    if not isinstance(data, list) or data[: len(first)] != first:
        return patch
    arcs = []
    for item in data[len(first) :]:
        try:
            (x1, y1), (x2, y2) = item[0]["coord"], item[1]["coord"]
            values = [x1, y1, x2, y2, item[0]["name"]]
        except (TypeError, KeyError, IndexError, ValueError):
            return patch
        if _arc(common, values) != item:
            return patch
        arcs.append(values)
    return {**patch, "markLine": {"@arcs": arcs}}


def _decode_arcs(series: dict, common: dict) -> dict:
    mark = series.get("markLine")
    if isinstance(mark, dict) and "@arcs" in mark:
        mark["data"] = mark.get("data", []) + [_arc(common, values) for values in mark.pop("@arcs")]
    return series


def _earlier_curve(payload: dict, n) -> dict | None:
    """What the dashed curve n of the first earlier revision holds: the payload's `earlier` gives it."""
    try:
        first = payload["earlier"][0]
        return {"id": f"jc-earlier-{n}", "name": first["names"][n], "v": first["data"][n]}
    except (TypeError, KeyError, IndexError):
        return None


def _encode_earlier(patch: dict, payload: dict, n: int) -> dict:
    """A dashed series that is the first earlier revision's curve n as {"@earlier": n}."""
    curve = _earlier_curve(payload, n)
    if curve is None or {key: patch.get(key) for key in curve} != curve:
        return patch
    return {**{k: v for k, v in patch.items() if k not in curve}, "@earlier": n}


def _hidden(payload: dict) -> dict | None:
    """The legend's choice hiding the first earlier revision's curves, as add_earlier_curves makes it."""
    try:
        return {name: False for name in payload["earlier"][0]["names"]}
    except (TypeError, KeyError, IndexError):
        return None


def _encode_hidden(patch: dict, payload: dict) -> dict:
    legends = ((patch.get("legend") or {}).get("@each") or [None])[-1]
    hidden = _hidden(payload)
    if isinstance(legends, dict) and hidden is not None and legends.get("selected") == hidden:
        legends["selected"] = "@earlier"
    return patch


def _decode_earlier(payload: dict, series: dict) -> dict:
    if "@earlier" in series:
        curve = _earlier_curve(payload, series.pop("@earlier"))
        data = [[i, v] for i, v in enumerate(curve["v"])]
        series.update(id=curve["id"], name=curve["name"], data=data)
    return series


def _decode_hidden(payload: dict, options: dict) -> None:
    legends = options.get("legend")
    if isinstance(legends, list) and legends and legends[-1].get("selected") == "@earlier":
        legends[-1]["selected"] = _hidden(payload)


def split(payload: dict, common: dict = COMMON) -> dict:
    """The per-map part of a chart payload: `join(common, split(payload, common)) == payload`."""
    options = payload["options"]
    steps = len(payload.get("steps", []))
    stages = _stages(options)
    context = _context(common, steps, payload.get("height"), stages)
    series = options.get("series", [])
    context.update({"@lanes": _names(series, "scatter"), "@lines": _names(series, "line")})
    # Templates are resolved once each (per colour), when a series first needs one, and shared rather than
    # copied: a diff only reads them, and what it sends comes from the chart's own options (half of a split).
    resolved: dict = {}

    def template(name: str, colour=None) -> dict:
        if (name, colour) not in resolved:
            at = {**context, "@colour": colour}
            resolved[name, colour] = _resolve(common["series"][name], at, shared=True)
        return resolved[name, colour]

    encoded = [_encode_data(item) for item in series]
    names = []
    for item, data in zip(series, encoded, strict=True):
        name = _template_for(item)
        if name not in common["series"]:  # a series the map chart does not build yet: the nearest template
            name = min(
                common["series"],
                key=lambda n: len(json.dumps(_diff(template(n), data), separators=(",", ":"))),
            )
        names.append(name)
    lowest = _lowest(series, names, steps)
    sent = []
    for name, colour, data in zip(names, _colours(common, names), encoded, strict=True):
        patch = _encode_arcs(_diff(template(name, colour), data), template(name, colour), common)
        earlier = str(patch.get("id", "")).removeprefix("jc-earlier-")
        if name == "lane" and set(patch) == {"name", "x"} and isinstance(patch["name"], str):
            sent.append([patch["name"], patch["x"]])  # a lane's usual entry: its name and its marks
            continue
        if earlier.isdigit():
            patch = _encode_earlier(patch, payload, int(earlier))
        sent.append([name, _encode_low(patch, lowest) if name == "pains" else patch])
    rest = {key: value for key, value in options.items() if key != "series"}
    part = {key: value for key, value in payload.items() if key != "options"}
    if part.get("steps") == _step_numbers(stages):
        del part["steps"]  # the stages' step counts give them
    for key, value in _sizes(common, names, steps).items():
        if key in part and type(part[key]) is int and part[key] == value:
            del part[key]
    others = _encode_hidden(_diff(_resolve(common["options"], context, shared=True), rest), payload)
    part.update(o=others, s=sent, stages=stages)
    return part


def join(common: dict, part: dict) -> dict:
    """The payload map_chart.py built, from the common part and a page's part (see assets/journeys.js)."""
    payload = {key: value for key, value in part.items() if key not in ("o", "s", "stages")}
    payload.setdefault("steps", _step_numbers(part.get("stages", [])))
    entries = [["lane", {"name": a, "x": b}] if isinstance(b, list) else [a, b] for a, b in part["s"]]
    names = [name for name, _ in entries]
    for key, value in _sizes(common, names, len(payload["steps"])).items():
        payload.setdefault(key, value)
    context = _context(common, len(payload["steps"]), payload.get("height"), part.get("stages", []))
    series = [
        _decode_data(_merge(_resolve(common["series"][name], {**context, "@colour": colour}), patch))
        for (name, patch), colour in zip(entries, _colours(common, names), strict=True)
    ]
    _decode_low(series, names, len(payload["steps"]))
    for item in series:
        _decode_earlier(payload, _decode_arcs(item, common))
    context.update({"@lanes": _names(series, "scatter"), "@lines": _names(series, "line")})
    options = _merge(_resolve(common["options"], context), part["o"])
    _decode_hidden(payload, options)
    options["series"] = series
    payload["options"] = options
    return payload


def common_script(common: dict = COMMON) -> str:
    """The common part as the page script reads it: a cached asset, loaded before journeys.js."""
    return f"window.journeyChartCommon = {json.dumps(common, sort_keys=True, separators=(',', ':'))};\n"
