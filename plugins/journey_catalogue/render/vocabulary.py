"""The words the package gives the format's fixed values (statuses, severities, source types, valences),
in one place, marked for translation (`N_`: extracted by `./dev translations`, translated when shown)."""

from __future__ import annotations

import json

from markupsafe import Markup

from ..charts.card_curve import CurveWords
from ..charts.map_chart import ChartLabels
from ..format.problems import worded
from ..format.words import MAP_STATUS_WORDS, OPPORTUNITY_STATUSES, SEVERITIES
from ..i18n import N_, N_plural, Translator

# The values a step carries (its emotion, its pains' severity, its sources' type), then the statuses.
VALENCE_WORDS = {
    -2: N_("very negative"),
    -1: N_("negative"),
    0: N_("neutral"),
    1: N_("positive"),
    2: N_("very positive"),
}
SOURCE_TYPES = {
    "survey": N_("survey"),
    "interview": N_("interview"),
    "analytics": N_("analytics"),
    "review": N_("review"),
    "support": N_("support"),
    "observation": N_("observation"),
    "other": N_("other"),
}
OPPORTUNITY_STATUSES_CAPITAL = {
    "idea": N_("Idea"),
    "planned": N_("Planned"),
    "in-progress": N_("In progress"),
    "done": N_("Done"),
}
MAP_STATUSES = {"draft": N_("Draft"), "published": N_("Published"), "archived": N_("Archived")}


def vocabulary_globals(t: Translator) -> dict:
    """Template globals that put the format's values into the interface's language."""

    def word(table):
        return lambda value: t.gettext(table[value]) if value in table else value

    def opportunity_status(value, capital=False):
        return word(OPPORTUNITY_STATUSES_CAPITAL if capital else OPPORTUNITY_STATUSES)(value)

    def map_status(value, capital=True):
        return word(MAP_STATUSES if capital else MAP_STATUS_WORDS)(value)

    def date(value):
        # English keeps ISO dates (what every English page showed before); other languages get Babel's.
        return value.isoformat() if t.catalogue == "en" else t.date(value)

    def signed_number(value, digits=1):
        if t.catalogue == "en":
            return f"{value:+.{digits}f}"
        return Markup.escape(t.number(value, digits) if value < 0 else "+" + t.number(value, digits))

    return {
        "valence_word": lambda v: t.gettext(VALENCE_WORDS[v]) if v in VALENCE_WORDS else None,
        "severity": word(SEVERITIES),
        "opportunity_status": opportunity_status,
        "map_status": map_status,
        "source_type": word(SOURCE_TYPES),
        "date": date,
        "signed_number": signed_number,
        "number": t.number,
        "worded": lambda text: worded(text, t),  # a Message (history's summaries) in the page's language
        "script_strings": script_strings(t),
    }


# The strings the page scripts (assets/*.js) show, keyed as the scripts ask for them.
SCRIPT_MESSAGES = {
    "very_negative": VALENCE_WORDS[-2],
    "negative": VALENCE_WORDS[-1],
    "neutral": VALENCE_WORDS[0],
    "positive": VALENCE_WORDS[1],
    "very_positive": VALENCE_WORDS[2],
    "click_marker": N_("(click the step's marker to open it)"),
    "feeling": N_("Feeling: %(text)s"),
    "emotion": N_("Emotion"),
    "pain_points": N_("Pain points"),
    "opportunities": N_("Opportunities"),
    "measured": N_("Measured"),
    "step_of": N_("Step %(step)s of %(steps)s."),
    "chart_failed": N_("The interactive chart could not be loaded. The full map is in the table below."),
    "copied": N_("Copied"),
    "copy_failed": N_("Copy failed: use Download"),
    "close": N_("Close"),
    "choose_cell": N_("Choose to list its steps"),
    "heatmap_failed": N_("The heatmap could not be loaded. The same figures are in the table below."),
    "shown_in_chart": N_("Shown in chart"),
    # the History section's compare column, made by history.js
    "emotion_curve": N_("Emotion curve"),
    "compare_hint": N_(
        "Compare an earlier revision's emotion curve with today's in the chart above: pick it with "
        "<em>Show in chart</em>."
    ),
    "show_in_chart": N_("Show in chart"),
    "download_chart": N_("Download the chart"),
    "download_png": N_("Download PNG"),
    "download_svg": N_("Download SVG"),
    # the chart's description once the script has drawn it: the page's aria-label, and the keys that work now
    "chart_label": N_("Chart of touchpoints and emotions per step; the same content is in the table below."),
    "chart_keys": N_("The left and right arrow keys go through the steps."),
    "cited_by": N_("Cited by"),
    "by_also": N_("; by "),
}
SCRIPT_PLURALS = {
    "maps_shown": N_plural("%(shown)s of %(num)s map", "%(shown)s of %(num)s maps"),
    "opportunities_shown": N_plural("%(shown)s of %(num)s opportunity", "%(shown)s of %(num)s opportunities"),
    "pains_at_steps": N_plural("pain points at step", "pain points at steps"),
    "opportunities_at_steps": N_plural("opportunities at step", "opportunities at steps"),
}


def script_strings(t: Translator) -> str:
    """The page scripts' strings in `t`'s language, as JSON for a data-jc-strings attribute."""
    text = t.script_strings(SCRIPT_MESSAGES, SCRIPT_PLURALS)
    # HTML-safe as Jinja's tojson: for a single-quoted attribute, with no entity in sight.
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escape)
    return Markup(text)


def strings_script(t: Translator) -> str:
    """The page scripts' strings in `t`'s language as a script (a part of the cached page script bundle),
    for map pages that carry no data-jc-strings attribute. ASCII-only JSON: right whatever charset a host
    serves it with."""
    strings = json.dumps(json.loads(t.script_strings(SCRIPT_MESSAGES, SCRIPT_PLURALS)), sort_keys=True)
    return f"window.journeyStrings = {strings};\n"


CHART_DESCRIPTION = N_(
    "Chart of touchpoints and emotions per step; the same content is in the table below. "
    "The left and right arrow keys go through the steps."
)


def chart_labels(t: Translator, *, described: bool = True) -> ChartLabels:
    """The map chart's words in `t`'s language (msgids: the English of ChartLabels). A map page's chart
    is not `described`: its page script describes it (SCRIPT_MESSAGES chart_label and chart_keys)."""
    marked = (N_("Step"), N_("Emotion"), N_("Pain points"), N_("to %(stage)s"), N_("back to %(stage)s"))
    marked += (N_("%(line)s at %(label)s"),)
    labels = [t.translations.gettext(text) for text in marked]
    # ECharts' own description of a chart speaks English: elsewhere the chart's aria-label says it.
    description = "" if t.catalogue == "en" or not described else t.gettext(CHART_DESCRIPTION)
    return ChartLabels(*labels, description=description)


def curve_words(t: Translator) -> CurveWords:
    """The catalogue card curve's text alternative in `t`'s language."""
    return CurveWords(
        steps=lambda n: t.ngettext("%(num)d step", "%(num)d steps", n),
        without_emotion=t.gettext("Emotion curve: %(steps)s, no emotion recorded."),
        curve=t.gettext(
            "Emotion curve over %(steps)s: from %(first)s to %(last)s, lowest %(low)s at step %(number)s."
        ),
    )
