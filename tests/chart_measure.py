"""Measurements taken from a drawn page, for the screenshot tests: the text of an ECharts chart as its
zrender display list holds it (each label's box on the page, its colour), colour contrast, and overflow.

zrender estimates a line's height from the width of a CJK glyph, which headless Chromium without CJK fonts
reports as a few pixels; a label's box here takes its width from zrender and its height from its font size."""

from __future__ import annotations

import re

# Every label the chart draws: its text, fill, and its box's four corners on the page (labels may be rotated).
CHART_TEXTS = """(selector) => {
  const container = document.querySelector(selector);
  const chart = echarts.getInstanceByDom(container);
  const page = container.getBoundingClientRect();
  const seen = new Set();
  const out = [];
  chart.getZr().storage.getDisplayList(true).forEach((span) => {
    if (span.type !== 'tspan' || span.invisible || !span.style.text) return;
    const label = span.parent && span.parent.type === 'text' ? span.parent : span;
    if (seen.has(label)) return;
    seen.add(label);
    const local = label.getBoundingRect();
    const size = Number((/(\\d+(?:\\.\\d+)?)px/.exec(span.style.font || '') || [0, 12])[1]);
    const middle = local.y + local.height / 2;
    const [top, bottom] = [middle - size * 0.6, middle + size * 0.6];
    const m = label.getComputedTransform() || [1, 0, 0, 1, 0, 0];
    const corners = [[local.x, top], [local.x + local.width, top], [local.x + local.width, bottom],
                     [local.x, bottom]].map(([x, y]) => [page.left + m[0] * x + m[2] * y + m[4],
                                                         page.top + m[1] * x + m[3] * y + m[5]]);
    out.push({text: String(span.style.text), fill: span.style.fill, corners});
  });
  return out;
}"""

BOX = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return [box.left, box.top, box.right, box.bottom];
}"""
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def rgb(colour: str) -> tuple[float, float, float]:
    """'#333', '#54555a', 'rgb(1, 2, 3)' or 'rgba(1,2,3,1)' as three 0-255 numbers."""
    colour = colour.strip()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits[:3])
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    numbers = re.findall(r"[\d.]+", colour)
    return tuple(float(n) for n in numbers[:3])


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two colours."""

    def luminance(colour):
        channels = [c / 255 for c in rgb(colour)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _separated(a: list, b: list) -> bool:
    """Whether two convex quadrilaterals are apart (separating axis test on their edges' normals)."""
    for shape in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = shape[i], shape[(i + 1) % 4]
            normal = (y1 - y2, x2 - x1)
            pa = [normal[0] * x + normal[1] * y for x, y in a]
            pb = [normal[0] * x + normal[1] * y for x, y in b]
            length = (normal[0] ** 2 + normal[1] ** 2) ** 0.5 or 1
            if min(pa) >= max(pb) - length or min(pb) >= max(pa) - length:  # a pixel's touch is apart
                return True
    return False


def overlapping_labels(texts: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if not _separated(a["corners"], b["corners"])
    ]


def labels_outside(texts: list[dict], box: list[float]) -> list[str]:
    left, top, right, bottom = box
    return [
        t["text"]
        for t in texts
        if not all(left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1 for x, y in t["corners"])
    ]


# ECharts animates its first draw: labels are measured where they come to rest.
SETTLED = """(selector) => {
  const chart = echarts.getInstanceByDom(document.querySelector(selector));
  return !!chart && chart.getZr().animation.isFinished();
}"""


def measure_chart(page, selector: str) -> dict:
    """What a reader of the drawn chart gets: its labels, those that collide or stick out, the page's
    background behind them, and the page's horizontal overflow in pixels."""
    page.wait_for_function(SETTLED, arg=selector, timeout=10_000)
    # Labels and box in one task: a page still scrolling moves both alike.
    texts, box = page.evaluate(f"(selector) => [({CHART_TEXTS})(selector), ({BOX})(selector)]", selector)
    background = page.evaluate(BACKGROUND)
    return {
        "texts": texts,
        "shown": {t["text"] for t in texts},
        "overlapping": overlapping_labels(texts),
        "outside": labels_outside(texts, box),
        "background": background,
        "overflow": page.evaluate(OVERFLOW),
    }


def worst_contrast(texts: list[dict], background: str) -> tuple[float, str]:
    return min(((contrast(t["fill"], background), t["text"]) for t in texts), default=(21.0, ""))


def shows_name(shown: str, name: str) -> bool:
    """Whether a label shows `name`, whole or cut with an ellipsis (ours or ECharts' truncation); the
    tooltip and the tables give a cut name whole."""
    for ellipsis in ("…", "..."):
        if shown.endswith(ellipsis) and len(shown) > len(ellipsis) + 2:
            return name.startswith(shown.removesuffix(ellipsis))
    return shown == name
