"""The charts' sizes, paddings, colours and layout numbers, in one place.

The map chart's options (map_chart.py), the common part every map page shares (split.py), the
build-time SVG first frame (first_frame.py) and the insights heatmap (heatmap.py) all draw from these,
so a change of layout is made here once and reaches the options, the split and the first frame alike.
Pixel sizes are ECharts' (CSS pixels at the chart's own width).
"""

from __future__ import annotations

# -- colours -------------------------------------------------------------------------------------
PERSONA_COLOURS = ["#3f6ad8", "#e07b24", "#2a9d8f", "#a34fc2", "#c2185b", "#5d7a1f"]
LANE_COLOUR = "#607d8b"  # a channel's marks in the swimlane
PAIN_COLOUR = "#d32f2f"
LINK_COLOUR = "#888"  # the neutral line and the arcs of `next` links
STAGE_BAND_COLOURS = ["rgba(128,128,128,0.10)", "transparent"]  # alternating, from the first stage
FADED = 0.75  # opacity of the dashed curves: the current state's and earlier revisions'
# Measured metrics, each on its own axis right of the emotion grid: unlike the persona colours, and
# readable on the light and the dark palette.
METRIC_COLOURS = ["#b8860b", "#0097a7", "#7e57c2", "#8d6e63"]


def metric_colour(n: int) -> str:
    return METRIC_COLOURS[n % len(METRIC_COLOURS)]


def persona_colour(line: int) -> str:
    """The colour of a chart's `line`-th emotion line (and of its current-state and earlier curves)."""
    return PERSONA_COLOURS[line % len(PERSONA_COLOURS)]


# -- the map chart's layout: a swimlane of channels above the emotion grid -------------------------
GRID_LEFT = 120  # room for the lane names and the emotion axis
GRID_RIGHT = 24
LANE_TOP = 40  # room above the swimlane for the stage names
LANE_ROW = 28  # height per channel lane
LANE_MIN_HEIGHT = 60
LANE_LABEL_WIDTH = 110  # longer lane names are cut, so that both grids keep the same left edge
# The emotion grid's top is the swimlane's height plus this: LANE_TOP above the swimlane, and 50 px
# between the grids for the swimlane's step ticks and the emotion grid's stage names.
EMOTION_OFFSET = 90
EMOTION_HEIGHT = 200
LEGEND_ROOM = 80  # below the emotion grid: the step numbers, "Step" and the legend
HEIGHT_EXTRA = EMOTION_OFFSET + EMOTION_HEIGHT + LEGEND_ROOM  # the chart's height beyond the swimlane
EMOTION_MIN, EMOTION_MAX = -2, 2  # the valence scale
STEP_MIN_WIDTH = 46  # no narrower per step: a step number ("12.10") and its gaps; wider maps scroll
STAGE_LABEL_HEIGHT = 34  # a stage name breaks into at most two lines above its band
LEGEND_ITEM_WIDTH = (
    150  # longer persona names in the legend are cut; the legend's tooltip and the table have them
)
STEP_NAME_GAP = 28  # the x-axis name "Step" below the axis
EMOTION_NAME_GAP = 30  # the y-axis name "Emotion" left of the axis

# -- symbols and strokes ---------------------------------------------------------------------------
LANE_SYMBOL = 14
EMOTION_SYMBOL = 8
PAIN_SYMBOL = 13
CURRENT_STATE_SYMBOL = 6
EARLIER_SYMBOL = 7
EMOTION_LINE_WIDTH = 3
DASHED_LINE_WIDTH = 2
LINK_LINE_WIDTH = 1.5
METRIC_SYMBOL = 10
METRIC_LINE_WIDTH = 2
METRIC_AXIS_ROOM = 60  # right of the grids per metric axis: its labels (up to "-100") and its name
METRIC_NAME_GAP = 38


def lane_height(lanes: int) -> int:
    """The swimlane's height for `lanes` channels."""
    return max(LANE_MIN_HEIGHT, LANE_ROW * lanes)


def chart_min_width(steps: int) -> int:
    """The narrowest the map chart is drawn for `steps` steps: the page scrolls it sideways in its own box
    when its column is narrower, so that step numbers and stage names keep their room."""
    return GRID_LEFT + GRID_RIGHT + STEP_MIN_WIDTH * max(steps, 1)


def emotion_top(lane_h: int) -> int:
    return lane_h + EMOTION_OFFSET


def chart_height(lane_h: int) -> int:
    return lane_h + HEIGHT_EXTRA


# -- the first frame (SVG) -------------------------------------------------------------------------
FRAME_WIDTH = 940  # the chart's width on a 1280 px wide window with Material's two sidebars
CHAR = 5.6  # a 12 px sans-serif character's mean width, for cutting labels to fit
BOLD_CHAR = 6.6

# -- the insights heatmap --------------------------------------------------------------------------
# Mean emotion -2 .. +2, red through yellow to green: readable on the light and the dark palette.
EMOTION_STOPS = [
    (-2.0, (198, 40, 40)),
    (-1.0, (239, 138, 98)),
    (0.0, (247, 220, 111)),
    (1.0, (166, 217, 106)),
    (2.0, (46, 125, 50)),
]
NO_EMOTION = "#9e9e9e"
HEATMAP_GRID = {"left": 150, "right": 24, "top": 12, "bottom": 96}
HEATMAP_ROW_HEIGHT = 46
HEATMAP_COLUMN_MIN = 44  # no narrower per channel: the heatmap scrolls sideways in its box instead
HEATMAP_LABEL_WIDTH = 86  # a channel's name, rotated, is cut at this length (the table has it in full)
