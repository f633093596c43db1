"""The small pieces a map's table repeats in every cell, as Python functions rather than Jinja macros.

A map has about 160 cells, so each piece is as lean as it can be while saying everything: the row's
class (`jc-row-<name>`) tells the stylesheet and the page script what a cell holds, so items carry no
class of their own, only what differs between them (a severity, a status, a valence's sign, an icon).
A function call also costs the build a fraction of a macro call. Every text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from jinja2 import pass_context
from markupsafe import Markup, escape

from ..format.channels import Channel


def colspan(steps: Sequence) -> Markup:
    """` colspan="N"` for a stage's cell, nothing for a stage of one step (1 is the default)."""
    return Markup(f' colspan="{len(steps)}"') if len(steps) != 1 else Markup("")


def valence_class(value: float) -> str:
    return "negative" if value < -0.5 else "positive" if value > 0.5 else "neutral"


def upper_first(text: str) -> str:
    """A message opening a sentence."""
    return text[:1].upper() + text[1:]


@pass_context
def valence_word(context, value: int) -> str | None:
    """The word for an emotion, in the page's language: the `valence_word` global says it. The filter looks
    it up as the template runs, so it stays one function for every build (compiled_templates.py)."""
    return context["valence_word"](value)


def signed(value: float) -> str:
    """+1, −1, and a neutral 0 with no sign (a mean: one decimal)."""
    text = f"{value:+d}" if isinstance(value, int) else f"{value:+.1f}"
    if text.lstrip("+-") in ("0", "0.0"):
        text = text.lstrip("+-")
    return text.replace("-", "−") if isinstance(value, int) else text


def score(value: int) -> Markup:
    """A step's valence: the signed number, coloured by its class (the row heading gives the scale)."""
    return Markup(f'<span class="jc-valence--{valence_class(value)}">{signed(value)}</span>')


def cites(sources: Sequence[str]) -> Markup:
    """Links to the research sources an item cites, each after a space."""
    return Markup("".join(f' <a href="#source-{s}">[{s}]</a>' for s in map(escape, sources)))


def step_links(numbers: Sequence[str]) -> Markup:
    """Links to steps' cells (`#step-1-2` for step 1.2), comma-separated."""
    return Markup(", ".join(f'<a href="#step-{n.replace(".", "-")}">{n}</a>' for n in map(escape, numbers)))


def touchpoint_renderer(icon_class: Callable[[str], str]) -> Callable[[Channel], Markup]:
    """A channel as a chip: its icon's class (none when the icon is unknown) and its label. Made once per
    channel and build: a dense map names two or three in each of its steps."""

    @cache
    def touchpoint(channel: Channel) -> Markup:
        icon = icon_class(channel.icon)
        attribute = f' class="{icon}"' if icon else ""
        return Markup(f"<span{attribute}>{escape(channel.label)}</span>")

    return touchpoint


def cached_gettext(translate: Callable[[str], str]) -> Callable[..., Markup]:
    """Jinja's newstyle `_()` for an autoescaped environment (the translation as Markup, formatted with
    its escaped values, `%%` as `%`), with each message translated once per build: a map page asks for
    about 60, the same on every page, and Jinja's own wrapper cost two context calls each."""
    plain: dict[str, Markup] = {}

    def gettext(message: str, **values) -> Markup:
        if values:
            return Markup(translate(message)) % values
        text = plain.get(message)
        if text is None:
            text = plain[message] = Markup(translate(message)) % {}
        return text

    return gettext


def badged_list_renderer(kind: str, word: Callable[[str], str]) -> Callable[[Sequence, str], Markup]:
    """A step's pains (kind `severity`) or opportunities (`status`) as a list: each item's badge (class
    `jc-<kind>--<value>`, the value worded in the interface's language), its text and its citations. A
    badge is made once per value and language, then reused: a dense map repeats a few in every cell."""
    badges: dict[tuple[str, str], str] = {}

    def badged_list(items: Sequence, ui_lang: str) -> Markup:
        out = []
        for item in items:
            value = getattr(item, kind)
            badge = badges.get((value, ui_lang))
            if badge is None:
                badge = f'<span class="jc-{kind}--{escape(value)}"{ui_lang}>{escape(word(value))}</span> '
                badges[(value, ui_lang)] = badge
            out.append(f"<li>{badge}{escape(item.text)}{cites(item.sources)}</li>")
        return Markup(f"<ul>{''.join(out)}</ul>")

    return badged_list
