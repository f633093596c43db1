"""A map chart's first frame as static SVG: a pure function of the chart payload map_chart.py builds.

The page shows it from its first paint, before (and without) JavaScript; the page script replaces it
with the interactive ECharts chart once ECharts has loaded. It follows ECharts' layout of the same
options (grids, axes, stage bands, channel marks, emotion curves, pain markers, the arcs of loops, the
legend) at one width, and scales with its container. Colours that depend on the light or dark palette
are CSS classes (journeys.css, Material's custom properties), so a palette switch needs no script.
Every text is escaped; numbers are rounded to keep the markup small (it is part of every map page).
"""

from __future__ import annotations

from markupsafe import escape

from . import geometry as g

# ECharts' own defaults for what the options leave unset, followed here: an axis label's distance from
# its axis, and a legend item's symbol width, its gap to its text and the gap between items.
_LABEL_MARGIN = 8
_LEGEND_SYMBOL, _LEGEND_TEXT_GAP, _LEGEND_GAP = 25, 5, 10


def _n(value: float) -> str:
    return str(round(value))  # whole pixels: the frame is replaced, and every digit is page weight


def _d(value: float, digits: int = 2) -> str:
    """A number to `digits` decimals, without trailing zeros (27, 27.5, 27.25)."""
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _cut(text: str, width: float, char: float = g.CHAR) -> str:
    room = max(int(width // char), 1)
    return text if len(text) <= room else text[: max(room - 1, 1)] + "…"


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(text)}</text>'


def _lines(x: float, lines: list[tuple[float, str]]) -> str:
    """Texts at `x`, one below another (y, text; top to bottom), as one text: each after the first a span
    moved down from the last, which repeats itself where positions would not (less page weight)."""
    (top, first), *rest = lines
    spans, last = [], round(top)
    for y, text in rest:
        spans.append(f'<tspan x="{_n(x)}" dy="{round(y) - last}">{escape(text)}</tspan>')
        last = round(y)
    return f'<text x="{_n(x)}" y="{_n(top)}">{escape(first)}{"".join(spans)}</text>'


def _group(cls: str, parts: list[str]) -> list[str]:
    return [f'<g class="{cls}">{"".join(parts)}</g>'] if parts else []


class _Frame:
    """Pixel positions of the two grids, as ECharts lays out the options' grid and axes."""

    def __init__(self, options: dict, steps: int, width: int):
        self.grids = [
            (g["left"], width - g["right"], g["top"], g["top"] + g["height"]) for g in options["grid"]
        ]
        self.steps = max(steps, 1)
        self.lanes = list(options["yAxis"][0].get("data") or [])
        self.emotion_rows = g.EMOTION_MAX - g.EMOTION_MIN  # the emotion grid's rows between split lines

    def x(self, position: float, grid: int = 1) -> float:
        left, right, _, _ = self.grids[grid]
        return left + (position + 0.5) / self.steps * (right - left)

    def lane_y(self, label: str) -> float:
        _, _, top, bottom = self.grids[0]
        index = self.lanes.index(label) if label in self.lanes else 0
        return top + (index + 0.5) * (bottom - top) / max(len(self.lanes), 1)

    def emotion_y(self, value: float) -> float:
        _, _, top, bottom = self.grids[1]
        return top + (g.EMOTION_MAX - value) / self.emotion_rows * (bottom - top)


def _axes(frame: _Frame, steps: list[str], names: tuple[str, str] = ("Step", "Emotion")) -> list[str]:
    lines, ticks = [], []
    step_width = (frame.grids[1][1] - frame.grids[1][0]) / frame.steps
    for left, right, top, bottom in frame.grids:
        lines.append(f"M{_n(left)} {_n(top)}V{_n(bottom)}H{_n(right)}")
        ticks.append(f"M{_n(left)} {_n(bottom + 2.5)}H{_n(right + 1)}")
    parts = []
    # split lines: a vertical stroke as wide as the grid, dashed into one-pixel rows at each line
    for grid, rows in ((0, max(len(frame.lanes), 1)), (1, frame.emotion_rows)):
        left, right, top, bottom = frame.grids[grid]
        parts.append(
            f'<path class="jc-svg-split" d="M{_n((left + right) / 2)} {_n(top)}V{_n(bottom)}" '
            f'stroke-width="{_n(right - left)}" stroke-dasharray="1 {_d((bottom - top) / rows - 1)}"/>'
        )
    parts += [
        f'<path class="jc-svg-axis" d="{"".join(lines)}"/>',
        # the ticks between steps: one dashed stroke per axis, a dash at every step's edge
        f'<path class="jc-svg-axis" d="{"".join(ticks)}" stroke-width="5" '
        f'stroke-dasharray="1 {_d(step_width - 1)}"/>',
    ]
    label_x = left - _LABEL_MARGIN
    lines = [(frame.lane_y(lane) + 4, _cut(lane, g.LANE_LABEL_WIDTH)) for lane in frame.lanes if lane]
    lines += [(frame.emotion_y(v) + 4, str(v)) for v in range(g.EMOTION_MAX, g.EMOTION_MIN - 1, -1)]
    ends = [_lines(label_x, lines)]
    numbers = "".join(
        f'<tspan x="{_n(frame.x(i))}">{escape(number)}</tspan>' for i, number in enumerate(steps)
    )
    middles = [f'<text y="{_n(bottom + 17)}">{numbers}</text>']
    middles.append(_text(frame.x(frame.steps / 2 - 0.5), bottom + g.STEP_NAME_GAP + 6, names[0]))
    middle = (top + bottom) / 2
    name_x = left - g.EMOTION_NAME_GAP
    middles.append(_text(name_x, middle, names[1], f' transform="rotate(-90 {_n(name_x)} {_n(middle)})"'))
    return parts + _group("jc-svg-end", ends) + _group("jc-svg-mid", middles)


def _bands(frame: _Frame, series: dict, grid: int) -> tuple[dict, list[str]]:
    """The stage bands of a series' markArea: {(colour, top, bottom): [(left, right) of each band]} in
    whole pixels, and the stage names."""
    area = series.get("markArea") or {}
    named = (area.get("label") or {}).get("show", True)
    _, _, top, bottom = frame.grids[grid]
    shaded, labels = {}, []
    for start, end in area.get("data", []):
        x0, x1 = frame.x(start["xAxis"], grid), frame.x(end["xAxis"], grid)
        colour = (start.get("itemStyle") or {}).get("color", "transparent")
        if colour != "transparent":
            shaded.setdefault((colour, round(top), round(bottom)), []).append((round(x0), round(x1)))
        if named and start.get("name"):
            labels.append(_text((x0 + x1) / 2, top - 6, _cut(str(start["name"]), x1 - x0 - 6, g.BOLD_CHAR)))
    return shaded, labels


def _shaded(colour: str, top: int, bottom: int, spans: list[tuple[int, int]]) -> str:
    """Bands of one colour across a grid as one stroke as tall as the grid, dashed: a dash over each band
    and a gap between (as the split lines); fewer digits than a rectangle each."""
    spans = sorted(spans)
    dashes = [spans[0][1] - spans[0][0]]
    for (_, end), (start, stop) in zip(spans, spans[1:], strict=False):
        dashes += [start - end, stop - start]
    pattern = str(dashes[0]) if len(set(dashes)) == 1 else " ".join(map(str, dashes))
    return (
        f'<path d="M{spans[0][0]} {(top + bottom) / 2:g}H{spans[-1][1]}" stroke="{escape(colour)}" '
        f'stroke-width="{bottom - top}" stroke-dasharray="{pattern}"/>'
    )


def _pair(x: int, y: int) -> str:
    return f"{x}{'' if y < 0 else ' '}{y}"


def _relative(points: list[tuple[float, float]], shape: str) -> str:
    """`shape` (relative path commands that end where they began) at each point, each move relative to
    the last: fewer digits than absolute moves."""
    out, last = [], None
    for x, y in ((round(x), round(y)) for x, y in points):
        out.append(f"M{_pair(x, y)}{shape}" if last is None else f"m{_pair(x - last[0], y - last[1])}{shape}")
        last = (x, y)
    return "".join(out)


def _symbol_paths(symbol: str, size: float, points: list[tuple[float, float]]) -> str:
    if symbol == "triangle":
        h = size / 2
        return _relative([(x, y - h) for x, y in points], f"l{_n(h)} {_n(size)}h{_n(-size)}z")
    return _relative(points, "h0")  # a zero-length stroke: its caps draw the marker


def _symbol_style(symbol: str, size: float, colour: str, opacity) -> str:
    """Markers of one look share one path: filled triangles, or strokes with round or square caps."""
    fade = f' opacity="{opacity}"' if opacity is not None else ""
    if symbol == "triangle":
        return f'fill="{escape(colour)}"{fade}'
    cap = "round" if "ircle" in symbol else "square"
    width = size - 2 if symbol.startswith("empty") else size
    return f'stroke="{escape(colour)}" stroke-width="{_n(width)}" stroke-linecap="{cap}"{fade}'


def _unit(value: float) -> str:
    """A coordinate in data units (steps, lanes, emotion): whole or to two decimals, no leading zero."""
    text = str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _data_path(points: list[tuple[float, float]], shape: str = "") -> str:
    """A path in data units, each point relative to the last: a polyline, or `shape` at each point."""
    out, last = [], None
    for x, y in points:
        if last is None:
            out.append(f"M{_unit(x)} {_unit(y)}{shape}")
        else:
            dx, dy = _unit(x - last[0]), _unit(y - last[1])
            command = "m" if shape else ("l" if len(out) == 1 else " ")  # a polyline repeats its "l"
            if command == " " and dx.startswith("-"):
                command = ""
            out.append(f"{command}{dx}{'' if dy.startswith('-') else ' '}{dy}{shape}")
        last = (x, y)
    return "".join(out)


def _series(frame: _Frame, series: dict, drawn: dict) -> None:
    """Adds the series' curve and markers to `drawn`: {grid: [elements in data units]} for lines and
    round or square markers (the grid's transform scales them; their strokes keep their pixel width),
    {"px": [...]} for triangles, which are filled shapes."""
    style = series.get("itemStyle") or {}
    colour = style.get("color", "#888")
    grid = 0 if series["type"] == "scatter" else 1
    points = []
    for value in series.get("data", []):
        if not isinstance(value, list) or len(value) < 2 or value[1] is None:
            continue
        y = frame.lanes.index(value[1]) if grid == 0 and value[1] in frame.lanes else value[1]
        if isinstance(value[0], int | float) and isinstance(y, int | float):
            points.append((value[0], y))
    line = series.get("lineStyle") or {}
    if grid == 1 and line.get("width", 2) and line.get("opacity", 1) and len(points) > 1:
        dash = ' stroke-dasharray="6 4"' if line.get("type") == "dashed" else ""
        fade = f' opacity="{line["opacity"]}"' if "opacity" in line else ""
        drawn.setdefault(grid, []).append(
            f'<path d="{_data_path(points)}" fill="none" stroke="{escape(line.get("color", colour))}" '
            f'stroke-width="{_n(line.get("width", 2))}"{dash}{fade}/>'
        )
    if not points:
        return
    symbol, size = series.get("symbol", "circle"), series.get("symbolSize", 8)
    key = _symbol_style(symbol, size, colour, style.get("opacity"))
    if symbol == "triangle":
        pixels = [(frame.x(x), frame.emotion_y(y)) for x, y in points]
        drawn.setdefault("px", {}).setdefault(key, []).append(_symbol_paths(symbol, size, pixels))
        return
    marks = drawn.setdefault(("marks", grid), {})
    marks.setdefault(key, []).append(_data_path(points, "h0"))
    if symbol.startswith("empty"):  # a ring: the page's background inside
        hole = f'class="jc-svg-hole" stroke-width="{_n(size - 5)}" stroke-linecap="round"'
        marks.setdefault(hole, []).append(_data_path(points, "h0"))


def _in_emotion_units(series: dict, axes: list[dict]) -> dict:
    """A measured metric's series (on an axis of its own) with its values moved onto the emotion scale,
    which the frame draws in: the same place on the grid as on the metric's own axis."""
    index = series.get("yAxisIndex", 1)
    if index < 2:
        return series
    low, high = axes[index]["min"], axes[index]["max"]
    if axes[index].get("inverse"):
        low, high = high, low
    span = g.EMOTION_MAX - g.EMOTION_MIN

    def moved(value):
        x, y = value
        return [x, None if y is None else g.EMOTION_MIN + (y - low) / (high - low) * span]

    return {**series, "data": [moved(v) for v in series.get("data", [])]}


def _metric_axis(frame: _Frame, axis: dict, n: int) -> list[str]:
    """A metric axis' ends and name, right of the emotion grid (the chart draws its full scale)."""
    _, right, top, bottom = frame.grids[1]
    x = right + 6 + g.METRIC_AXIS_ROOM * n
    low, high = (axis["max"], axis["min"]) if axis.get("inverse") else (axis["min"], axis["max"])
    ends = [_text(x, bottom, f"{low:g}", ' text-anchor="start"')]
    ends.append(_text(x, top + 8, f"{high:g}", ' text-anchor="start"'))
    middle, name_x = (top + bottom) / 2, right + g.METRIC_AXIS_ROOM * n + g.METRIC_NAME_GAP
    name = _cut(str(axis.get("name", "")), bottom - top)
    turned = f' text-anchor="middle" transform="rotate(90 {_n(name_x)} {_n(middle)})"'
    ends.append(_text(name_x, middle, name, turned))
    return ends


def _data_group(frame: _Frame, grid: int, elements: list[str]) -> list[str]:
    """Elements drawn in data units: x in steps; y in lanes (top lane 0) or in emotion (-2 .. 2)."""
    left, right, top, bottom = frame.grids[grid]
    step = (right - left) / frame.steps
    if grid == 0:
        band = (bottom - top) / max(len(frame.lanes), 1)
        origin, scale = (left + step / 2, top + band / 2), (step, band)
    else:
        origin, scale = (left + step / 2, (top + bottom) / 2), (step, -(bottom - top) / frame.emotion_rows)
    transform = f"translate({_d(origin[0], 1)} {_d(origin[1], 1)}) scale({_d(scale[0], 3)} {_d(scale[1], 3)})"
    return [f'<g class="jc-svg-data" transform="{transform}">{"".join(elements)}</g>'] if elements else []


def _mark_lines(frame: _Frame, series: dict) -> list[str]:
    parts, arcs, labels = [], [], []
    left, right, _, _ = frame.grids[1]
    for item in (series.get("markLine") or {}).get("data", []):
        if isinstance(item, dict) and "yAxis" in item:
            y = frame.emotion_y(item["yAxis"])
            parts.append(f'<path class="jc-svg-zero" d="M{_n(left)} {_n(y)}H{_n(right)}"/>')
        elif isinstance(item, list) and len(item) == 2:
            (x1, v1), (x2, v2) = item[0]["coord"], item[1]["coord"]
            a = (frame.x(x1), frame.emotion_y(v1))
            b = (frame.x(x2), frame.emotion_y(v2))
            arcs.append(f"M{_n(a[0])} {_n(a[1])}L{_n(b[0])} {_n(b[1])}")
            side = 8 if b[0] < a[0] else -8
            arcs.append(
                f"M{_n(b[0] + side)} {_n(b[1] - 4)}L{_n(b[0])} {_n(b[1])}L{_n(b[0] + side)} {_n(b[1] + 4)}"
            )
            labels.append(_text((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 - 5, str(item[0].get("name", ""))))
    if arcs:
        parts.insert(0, f'<path class="jc-svg-arc" d="{"".join(arcs)}"/>')
    return parts + _group("jc-svg-mid", labels)


def _legend(options: dict, width: int, height: int) -> list[str]:
    legend = options["legend"][-1] if options.get("legend") else {}
    selected = legend.get("selected", {})
    colours = {s.get("name"): (s.get("itemStyle") or {}).get("color", "#888") for s in options["series"]}
    names = [name for name in legend.get("data", []) if selected.get(name, True) and name in colours]
    if not legend.get("show", True) or not names:
        return []
    rows: list[list[tuple[str, float]]] = [[]]  # items wrap onto rows above, as ECharts' do
    for name in names:
        item = (name, _LEGEND_SYMBOL + _LEGEND_TEXT_GAP + len(name) * g.CHAR)
        if rows[-1] and sum(w + _LEGEND_GAP for _, w in rows[-1]) + item[1] > width - 8:
            rows.append([])
        rows[-1].append(item)
    parts = []
    for r, row in enumerate(rows):
        x = max((width - sum(w for _, w in row) - _LEGEND_GAP * (len(row) - 1)) / 2, 4)
        y = height - 12 - 20 * (len(rows) - 1 - r)
        for name, item_width in row:
            colour = escape(colours[name])
            parts.append(
                f'<path d="M{_n(x)} {_n(y)}h25" stroke="{colour}" stroke-width="2"/>'
                f'<path d="M{_n(x + 12.5)} {_n(y)}h0" stroke="{colour}" stroke-width="8" '
                'stroke-linecap="round"/>'
            )
            parts.append(_text(x + 30, y + 4, name))
            x += item_width + _LEGEND_GAP
    return parts


def chart_svg(payload: dict, width: int = g.FRAME_WIDTH) -> str:
    """The chart as an SVG element, `width` px wide in its own units (wider when the map's steps need it)
    and as wide as its container, never narrower than the steps need (it scrolls in its box then)."""
    options, steps, height = payload["options"], payload["steps"], payload["height"]
    min_width = payload.get("min_width", 0)
    width = max(width, min_width)
    frame = _Frame(options, len(steps), width)
    hidden = {name for name, shown in (options["legend"][-1].get("selected") or {}).items() if not shown}
    series = [s for s in options["series"] if s.get("name") not in hidden]
    shaded, stage_names = {}, []
    for item in series:
        areas, names = _bands(frame, item, 0 if item["type"] == "scatter" else 1)
        for colour, paths in areas.items():
            shaded.setdefault(colour, []).extend(paths)
        stage_names += names
    parts = [_shaded(colour, top, bottom, spans) for (colour, top, bottom), spans in shaded.items()]
    parts += _group("jc-svg-stage", stage_names)
    parts += _axes(frame, steps, (options["xAxis"][-1].get("name", ""), options["yAxis"][1].get("name", "")))
    for item in series:
        parts += _mark_lines(frame, item)
    drawn: dict = {}
    metric_axes = options["yAxis"][2:]
    for item in series:
        _series(frame, _in_emotion_units(item, options["yAxis"]), drawn)
    axis_texts = [text for n, axis in enumerate(metric_axes) for text in _metric_axis(frame, axis, n)]
    parts += _group("jc-svg-end", axis_texts)
    for grid in (0, 1):
        marks = drawn.get(("marks", grid), {})
        elements = drawn.get(grid, []) + [f'<path d="{"".join(d)}" {style}/>' for style, d in marks.items()]
        parts += _data_group(frame, grid, elements)
    parts += [f'<path d="{"".join(d)}" {style}/>' for style, d in drawn.get("px", {}).items()]
    parts += _legend({**options, "series": series}, width, height)
    sized = f' style="min-width:{min_width}px"' if min_width else ""
    return (
        f'<svg class="jc-chart-fallback" viewBox="0 0 {width} {height}"{sized}>' + "".join(parts) + "</svg>"
    )
