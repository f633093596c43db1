"""The insights heatmap: a pure function from Insights to ECharts options (plain JSON data).

Phases are rows and channels columns; each cell is a square coloured by its steps' mean emotion and
labelled with its number of pains. It is drawn as a scatter of square symbols on two category axes,
because the self-hosted ECharts build (the release's common build) has no heatmap series or visual map:
so colours are computed here, and the page script sizes the squares to the grid. Options carry no
JavaScript; the page script's tooltip reads each cell's summary from the page's own table.
"""

from __future__ import annotations

from ..catalogue.insights import Insights

# Mean emotion -2 .. +2, red through yellow to green: readable on the light and the dark palette.
EMOTION_STOPS = [
    (-2.0, (198, 40, 40)),
    (-1.0, (239, 138, 98)),
    (0.0, (247, 220, 111)),
    (1.0, (166, 217, 106)),
    (2.0, (46, 125, 50)),
]
NO_EMOTION = "#9e9e9e"
GRID = {"left": 150, "right": 24, "top": 12, "bottom": 96}
ROW_HEIGHT = 46


def emotion_colour(value: float | None) -> str:
    if value is None:
        return NO_EMOTION
    value = max(-2.0, min(2.0, value))
    for (low, low_rgb), (high, high_rgb) in zip(EMOTION_STOPS, EMOTION_STOPS[1:], strict=False):
        if value <= high:
            share = (value - low) / (high - low)
            rgb = [round(a + (b - a) * share) for a, b in zip(low_rgb, high_rgb, strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#{:02x}{:02x}{:02x}".format(*EMOTION_STOPS[-1][1])


def _label_colour(value: float | None) -> str:
    return "#ffffff" if value is not None and abs(value) >= 1.5 else "#1a1a1a"


def cell_id(phase: str | None, channel: str) -> str:
    """The page anchor of a cell. Ids have single hyphens only, so "--" separates them unambiguously."""
    return f"cell-{phase or 'none'}--{channel}"


def heatmap_payload(insights: Insights) -> dict:
    """{"options": ECharts options, "cells": [anchor per data item], "rows", "columns", "height"}."""
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
        "grid": [GRID],
        "xAxis": [
            {
                "type": "category",
                "data": [insights.channels.get(c).label for c in columns],
                "axisLabel": {"interval": 0, "rotate": 35, "width": 120, "overflow": "truncate"},
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
                "name": "Pains by phase and channel",
                "symbol": "rect",
                "data": data,
                "label": {"show": True, "formatter": "{b}", "fontWeight": "bold"},
                "emphasis": {"itemStyle": {"borderColor": "#3f51b5", "borderWidth": 3}},
                "cursor": "pointer",
            }
        ],
    }
    height = GRID["top"] + GRID["bottom"] + ROW_HEIGHT * max(len(rows), 1)
    return {
        "options": options,
        "cells": anchors,
        "rows": len(rows),
        "columns": len(columns),
        "height": height,
    }
