"""A map's chart as an SVG or PNG file, without a browser where possible.

The chart is the page's: `map_chart.chart_payload` (the same pure function) gives the options, and
`assets/chart_image.js` (the same script the page's download buttons use) composes the image and has
the shipped ECharts render it to SVG with Node.js, through ECharts' server-side rendering. A PNG is that
SVG rasterised by resvg (the `resvg-py` wheels, no system libraries), else by a headless Chromium if one
is installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..assets import ASSETS_DIR, echarts_path
from ..format.channels import ChannelVocabulary
from ..format.model import JourneyMap
from .map_chart import ENGLISH, ChartLabels, chart_payload

# The page's backgrounds and text colours: Material's default and slate schemes.
SCHEMES = {
    "light": {"background": "#ffffff", "foreground": "rgba(0, 0, 0, 0.87)", "dark": False},
    "dark": {"background": "#1e2129", "foreground": "#e2e4e9", "dark": True},
}
FONT_FAMILY = "Roboto, 'Helvetica Neue', Arial, sans-serif"
SCRIPT = ASSETS_DIR / "chart_image.js"
PNG_SCALE = 2  # as the page's "Download PNG" (pixelRatio 2): sharp on slides and high-density screens
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ImageExportError(Exception):
    pass


def image_parts(
    journey: JourneyMap,
    channels: ChannelVocabulary,
    persona_names: dict[str, str],
    scheme: str = "light",
    labels: ChartLabels = ENGLISH,
) -> dict:
    """What chart_image.js composes an image from: the page's chart options plus the steps' names, with
    the chart's own words in `labels`' language."""
    payload = chart_payload(journey, channels, persona_names, labels=labels)
    return {
        "options": payload["options"],
        "height": payload["height"],
        "min_width": payload["min_width"],
        "steps": payload["steps"],
        "names": [placed.step.action for placed in journey.steps()],
        "title": journey.meta.title,
        "fontFamily": FONT_FAMILY,
        **SCHEMES[scheme],
    }


def render_svg(parts: dict, width: int = 1200) -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise ImageExportError(
            "an SVG or PNG needs Node.js to run ECharts; install it (Debian: apt-get install nodejs)"
        )
    if not echarts_path().is_file():
        raise ImageExportError("ECharts is not installed; run `journeys fetch-echarts` first")
    request = {**parts, "echarts": str(echarts_path()), "width": width}
    result = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0 or not result.stdout.startswith("<svg"):
        raise ImageExportError(f"ECharts could not render the chart: {result.stderr.strip()[-400:]}")
    return result.stdout


def svg_to_png(svg: str) -> bytes:
    try:
        import resvg_py
    except ImportError:
        return _png_with_chromium(svg)
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=PNG_SCALE))


def _png_with_chromium(svg: str) -> bytes:
    browser = next((found for name in CHROMIUMS if (found := shutil.which(name))), None)
    if browser is None:
        raise ImageExportError(
            "a PNG needs resvg-py (pip install 'journey-catalogue[images]') or Chromium; "
            "`--format svg` needs neither"
        )
    width, height = _svg_size(svg)
    with tempfile.TemporaryDirectory() as work:
        page, shot = Path(work) / "chart.svg", Path(work) / "chart.png"
        page.write_text(svg, encoding="utf-8")
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--force-device-scale-factor={PNG_SCALE}",
                f"--window-size={width},{height}",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            capture_output=True,
            check=False,
            timeout=120,
        )
        if not shot.is_file():
            raise ImageExportError(f"{browser} could not take a picture of the chart")
        return shot.read_bytes()


def _svg_size(svg: str) -> tuple[int, int]:
    head = svg[: svg.index(">")]
    values = {}
    for key in ("width", "height"):
        start = head.index(f'{key}="') + len(key) + 2
        values[key] = round(float(head[start : head.index('"', start)]))
    return values["width"], values["height"]
