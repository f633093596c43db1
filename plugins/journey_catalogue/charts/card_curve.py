"""A catalogue card's emotion curve: a small build-time SVG of a map's mean emotion per step.

A pure function of the map: the mean of its personas' valences at each step, joined in step order
(a step with no emotion leaves a gap), over a dashed neutral line. It is a few hundred bytes, its
colours come from the page's CSS (journeys.css), and its text alternative says the shape in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import escape

from ..format.model import JourneyMap
from . import geometry as g

WIDTH, HEIGHT, PAD = 120, 28, 3  # the picture's own units; CSS sizes it on the card


def _signed(value: float) -> str:
    text = f"{value:+.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("+0", "-0") else text.replace("-", "−")


def _means(journey: JourneyMap) -> list[tuple[str, float | None]]:
    personas = list(journey.meta.personas)
    out = []
    for placed in journey.steps():
        values = list(placed.step.valences(personas).values())
        out.append((placed.number, sum(values) / len(values) if values else None))
    return out


@dataclass(frozen=True)
class CurveWords:
    """The text alternative's words, in the interface's language (the renderer translates them; this
    module stays pure). `steps` words a step count; the templates take %(steps)s, %(first)s, %(last)s,
    %(low)s and %(number)s."""

    steps: Callable[[int], str] = lambda n: f"{n} step{'' if n == 1 else 's'}"
    without_emotion: str = "Emotion curve: %(steps)s, no emotion recorded."
    curve: str = (
        "Emotion curve over %(steps)s: from %(first)s to %(last)s, lowest %(low)s at step %(number)s."
    )


ENGLISH_WORDS = CurveWords()


def describe(points: list[tuple[str, float | None]], words: CurveWords = ENGLISH_WORDS) -> str:
    """The curve in words, its text alternative."""
    steps = words.steps(len(points))
    known = [(number, value) for number, value in points if value is not None]
    if not known:
        return words.without_emotion % {"steps": steps}
    low_number, low = min(known, key=lambda item: item[1])
    return words.curve % {
        "steps": steps,
        "first": _signed(known[0][1]),
        "last": _signed(known[-1][1]),
        "low": _signed(low),
        "number": low_number,
    }


def curve_parts(journey: JourneyMap, words: CurveWords = ENGLISH_WORDS) -> tuple[str, str]:
    """The curve's path (SVG path data) and its text alternative (plain text, unescaped)."""
    points = _means(journey)
    span = g.EMOTION_MAX - g.EMOTION_MIN
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return PAD + (g.EMOTION_MAX - value) / span * (HEIGHT - 2 * PAD)

    path, pen_down = [], False
    for n, (_, value) in enumerate(points):
        if value is None:
            pen_down = False
            continue
        x = PAD + n * step if len(points) > 1 else WIDTH / 2
        path.append(f"{'L' if pen_down else 'M'}{x:.0f} {y(value):.0f}")
        pen_down = True
    if len(path) == 1:  # a single point: a short flat stroke, so that it shows
        path.append("h1")
    return "".join(path), describe(points, words)


# The neutral line's height: the same on every card (the page script draws it for cards it makes).
ZERO_Y = f"{PAD + g.EMOTION_MAX / (g.EMOTION_MAX - g.EMOTION_MIN) * (HEIGHT - 2 * PAD):.0f}"


def card_curve(journey: JourneyMap, words: CurveWords = ENGLISH_WORDS) -> str:
    """The SVG element (escaped text alternative in its aria-label and title)."""
    path, description = curve_parts(journey, words)
    label = escape(description)
    return (
        f'<svg class="jc-card-curve" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none"'
        f' role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<path class="jc-card-curve-zero" d="M0 {ZERO_Y}H{WIDTH}"/>'
        f'<path class="jc-card-curve-line" d="{path}"/></svg>'
    )
