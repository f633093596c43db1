"""Every page's scripts and styles as one script and one stylesheet (issue 29).

A site's pages each linked six scripts (the chart's common part, the strings, journeys.js,
chart_image.js, insights.js, history.js) and three stylesheets, each with its own content digest: about
0.12 kB of every gzipped page, and nine requests where two do. The package keeps each source file as it
is; the bundle is generated output, joined in the order the scripts need (the chart's common part and the
strings before journeys.js, which insights.js and history.js build on). The site-specific parts (the
chart's common part, the strings in the site's language, the icons of its channels) are made by the
caller and handed in as text; this module imports nothing of the package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from . import ASSETS_DIR

SCRIPT_BUNDLE = "bundle.js"
STYLE_BUNDLE = "bundle.css"


def script_names(*, insights: bool, history: bool) -> list[str]:
    """The package's page scripts, in the order they run."""
    return ["journeys.js", "chart_image.js", *(["insights.js"] if insights else [])] + (
        ["history.js"] if history else []
    )


def style_names(*, history: bool) -> list[str]:
    return ["journeys.css", *(["history.css"] if history else [])]


def _joined(parts: Sequence[tuple[str, str]], *, script: bool) -> str:
    """Each part as it is, after a comment naming it. A script that does not end its last statement
    with `;` gets one, so that the next part's opening parenthesis cannot call it."""
    out = []
    for name, text in parts:
        text = text if text.endswith("\n") else text + "\n"
        if script and not text.rstrip().endswith(";"):
            text += ";\n"
        out.append(f"/* {name} */\n{text}")
    return "".join(out)


def script_bundle(generated: Sequence[tuple[str, str]], *, insights: bool, history: bool) -> str:
    """The generated scripts (name, text), then the package's page scripts, as one script."""
    names = script_names(insights=insights, history=history)
    return _joined([*generated, *((name, _read(name)) for name in names)], script=True)


def style_bundle(icons_css: str, *, history: bool) -> str:
    """journeys.css, the site's icons (made from its channels) and history.css, as one stylesheet."""
    first, *rest = style_names(history=history)
    parts = [(first, _read(first)), ("icons.css", icons_css), *((name, _read(name)) for name in rest)]
    return _joined([(name, text) for name, text in parts if text], script=False)


def _read(name: str) -> str:
    return (ASSETS_DIR / name).read_text(encoding="utf-8")


def content_digest(text: str) -> str:
    """The bundle's content digest, for its URL: a browser that cached an older bundle (hosts send them
    with long cache lifetimes) fetches the new one with the pages that need it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]  # 32 bits tell versions apart
