"""The insights heatmap: a pure function from Insights to ECharts options (plain JSON data).

Phases are rows and channels columns; each cell is a square coloured by its steps' mean emotion and
labelled with its number of pains. It is drawn as a scatter of square symbols on two category axes,
because the self-hosted ECharts build (the release's common build) has no heatmap series or visual map:
so colours are computed here, and the page script sizes the squares to the grid. Options carry no
JavaScript; the page script's tooltip reads each cell's summary from the page's own table.
"""

from __future__ import annotations

from ..catalogue.insights import Insights
from . import geometry as g


def emotion_colour(value: float | None) -> str:
    if value is None:
        return g.NO_EMOTION
    value = max(g.EMOTION_MIN, min(g.EMOTION_MAX, value))
    for (low, low_rgb), (high, high_rgb) in zip(g.EMOTION_STOPS, g.EMOTION_STOPS[1:], strict=False):
        if value <= high:
            share = (value - low) / (high - low)
            rgb = [round(a + (b - a) * share) for a, b in zip(low_rgb, high_rgb, strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#{:02x}{:02x}{:02x}".format(*g.EMOTION_STOPS[-1][1])


def _label_colour(value: float | None) -> str:
    return "#ffffff" if value is not None and abs(value) >= 1.5 else "#1a1a1a"


def cell_id(phase: str | None, channel: str) -> str:
    """The page anchor of a cell. Ids have single hyphens only, so "--" separates them unambiguously."""
    return f"cell-{phase or 'none'}--{channel}"


def heatmap_payload(insights: Insights, name: str = "Pains by phase and channel") -> dict:
    """{"options": ECharts options, "cells": [anchor per data item], "rows", "columns", "height",
    "min_width": the narrowest the page draws it, scrolling it sideways in its box when the column is
    narrower}."""
    rows, columns = insights.phase_rows(), insights.channel_columns()
    row_of = {phase: n for n, phase in enumerate(rows)}
    column_of = {channel: n for n, channel in enumerate(columns)}
    data, anchors = [], []
    for cell in insights.cells:
        emotion = cell.mean_emotion
        data.append(
            {
                "value": [column_of[cell.channel], row_of[cell.phase], cell.pains, len(cell.steps)],
                "name": str(cell.pains),
                "itemStyle": {"color": emotion_colour(emotion)},
                "label": {"color": _label_colour(emotion)},
            }
        )
        anchors.append(cell_id(cell.phase, cell.channel))
    options = {
        "animation": False,
        "grid": [g.HEATMAP_GRID],
        "xAxis": [
            {
                "type": "category",
                "data": [insights.channels.get(c).label for c in columns],
                # upright names take a column's width each; turned, they take a line's height
                "axisLabel": {
                    "interval": 0,
                    "rotate": 90,
                    "width": g.HEATMAP_LABEL_WIDTH,
                    "overflow": "truncate",
                },
                "axisTick": {"show": False},
                "splitLine": {"show": True},
            }
        ],
        "yAxis": [
            {
                "type": "category",
                "data": [insights.phases.label(p) for p in rows],
                "inverse": True,
                "axisLabel": {"width": 130, "overflow": "truncate"},
                "axisTick": {"show": False},
                "splitLine": {"show": True},
            }
        ],
        "tooltip": {"trigger": "item", "confine": True},
        "series": [
            {
                "type": "scatter",
                "name": name,
                "symbol": "rect",
                "data": data,
                "label": {"show": True, "formatter": "{b}", "fontWeight": "bold"},
                "emphasis": {"itemStyle": {"borderColor": "#3f51b5", "borderWidth": 3}},
                "cursor": "pointer",
            }
        ],
    }
    grid = g.HEATMAP_GRID
    height = grid["top"] + grid["bottom"] + g.HEATMAP_ROW_HEIGHT * max(len(rows), 1)
    return {
        "options": options,
        "cells": anchors,
        "rows": len(rows),
        "columns": len(columns),
        "height": height,
        "min_width": grid["left"] + grid["right"] + g.HEATMAP_COLUMN_MIN * max(len(columns), 1),
    }
