"""`journeys review`'s report as GitHub-flavoured Markdown (and JSON), from `Review.as_dict()` data.

Every text from a map, a persona or git goes through `markdown_text` (Markdown) or
`mermaid.mermaid_text` (inside the Mermaid chart): a stranger's pull request cannot add a link, an image,
HTML, a mention, a reference, a table cell or a Mermaid directive. The report stays below GitHub's
65,536-character comment limit: the summary table first, each map's details folded, and details that do
not fit are left out with a note. Its own words are gettext msgids (WORDS), worded in the catalogue's
language; JSON stays language-neutral.
"""

from __future__ import annotations

import html
import json
import re

from ..format.problems import worded
from ..format.words import FIELD_WORDS, MAP_STATUS_WORDS, OPPORTUNITY_STATUSES, SEVERITIES
from ..i18n import N_, N_plural, Translator
from .mermaid import mermaid_text

COLOURS = {"before": "#8c959f", "after": "#2f81f7"}  # grey and blue, legible on light and dark
LIMIT = 65_536  # GitHub's longest comment
WJ = "\u2060"  # word joiner: an invisible break for @mentions, #refs and bare links
WORDS = {
    "heading": N_("Journey review"),
    "compared": N_("Compared %(head)s with %(base)s (merge base %(short)s)."),
    "working_tree": N_("the working tree"),
    "nothing": N_("No map or persona changed."),
    "maps": N_("Maps"),
    "personas": N_("Personas"),
    "col_map": N_("Map"),
    "col_change": N_("Change"),
    "col_what": N_("What changed"),
    "col_persona": N_("Persona"),
    "col_on_maps": N_("On maps"),
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "renamed": N_("renamed from %(old)s"),
    "invalid": N_("does not load: see the problems below"),
    "steps": N_("Steps"),
    "step_changed": N_("%(number)s %(action)s: %(fields)s"),
    "step_added": N_("%(number)s %(action)s: added"),
    "step_removed": N_("%(number)s %(action)s: removed"),
    "emotion": N_("emotion %(moves)s"),
    "edited": N_("%(fields)s edited"),
    "unchanged": N_("%(label)s: %(value)s (unchanged)"),
    "pains": N_("Pain points"),
    "opportunities": N_("Opportunities"),
    "pain_changed": N_("%(text)s: severity %(before)s \u2192 %(after)s"),
    "evidence": N_("Evidence"),
    "review_state": N_("Review state"),
    "before_after": N_("%(label)s: %(before)s \u2192 %(after)s"),
    "state": N_("%(status)s, reviewed %(updated)s"),
    "none": N_("none"),
    "curve": N_(
        "Emotion curve: grey before, blue after (mean over the map's personas; steps in brackets "
        "were removed; where a version lacks a step its line holds the neighbouring value)"
    ),
    "chart_title": N_("Emotion before and after"),
    "axis": N_("Emotion"),
    "problems": N_("Problems in the head (%(count)s)"),
}
PLURAL_WORDS = {
    "size": N_plural("%(num)d step", "%(num)d steps"),
    "evidenced": N_plural(
        "%(evidenced)d of %(num)d pain point cites research",
        "%(evidenced)d of %(num)d pain points cite research",
    ),
    "sources": N_plural("%(num)d source", "%(num)d sources"),
    "left_out": N_plural(
        "The details of %(num)d map are left out to stay within GitHub's comment size: %(maps)s. "
        "Run `journeys review` locally for the whole report.",
        "The details of %(num)d maps are left out to stay within GitHub's comment size: %(maps)s. "
        "Run `journeys review` locally for the whole report.",
    ),
    "problems_left_out": N_plural(
        "%(num)d more problem; run `journeys validate` for all of them.",
        "%(num)d more problems; run `journeys validate` for all of them.",
    ),
}


class Words:
    """The report's words in one language (English without a translator)."""

    def __init__(self, translator: Translator | None = None):
        self.translator = translator or Translator(None)

    def __call__(self, key: str, **values) -> str:
        return self.translator.gettext(WORDS[key], **values)

    def counted(self, key: str, num: int, **values) -> str:
        return self.translator.ngettext(*PLURAL_WORDS[key], num, **values)

    def field(self, name: str) -> str:
        return self.translator.gettext(FIELD_WORDS[name]) if name in FIELD_WORDS else name

    def status(self, value: str | None) -> str:
        if value is None:
            return self("none")
        return (
            self.translator.gettext(OPPORTUNITY_STATUSES[value]) if value in OPPORTUNITY_STATUSES else value
        )

    def worded(self, text) -> str:
        return worded(text, self.translator)


_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_AUTOLINK = re.compile(r"(://|www\.|@|#(?=\d))", re.IGNORECASE)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # would reorder the text around them


def markdown_text(text: object) -> str:
    """Text as Markdown that shows exactly that text: one line, HTML and Markdown punctuation escaped,
    and no mention, issue reference or bare link for GitHub to make."""
    flat = _BIDI.sub("\ufffd", " ".join(str(text).split()))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    flat = _AUTOLINK.sub(lambda m: m.group(1)[0] + WJ + m.group(1)[1:], flat)
    return _PUNCTUATION.sub(r"\\\1", flat)


def html_text(text: object) -> str:
    """Text inside HTML (GitHub reads no Markdown in `<summary>`): escaped, with no mention or link."""
    flat = _BIDI.sub("\ufffd", " ".join(str(text).split()))
    return _AUTOLINK.sub(lambda m: m.group(1)[0] + WJ + m.group(1)[1:], html.escape(flat))


def _signed(value: float | None, w: Words) -> str:
    if value is None:
        return w("none")
    number = f"{value:+g}" if value else "0"
    return number.replace("-", "\u2212")


def _moves(entry: dict, names: dict[str, str], w: Words) -> str:
    moves = [
        f"{_signed(was, w)} \u2192 {_signed(now, w)} ({markdown_text(names.get(p, p))})"
        for p, (was, now) in entry["emotion_by_persona"].items()
        if was != now
    ]
    return w("emotion", moves="; ".join(moves)) if moves else ""


def _step_line(entry: dict, names: dict[str, str], w: Words) -> str:
    number, action = entry["step"], markdown_text(entry["action"])
    if entry["change"] != "changed":
        return "- " + w(f"step_{entry['change']}", number=number, action=action)
    fields = ", ".join(w.field(f) for f in entry["fields"] if f != "emotion")
    parts = [p for p in (_moves(entry, names, w), w("edited", fields=fields) if fields else "") if p]
    return "- " + w("step_changed", number=number, action=action, fields="; ".join(parts))


def _item_lines(diff: dict, w: Words) -> list[str]:
    lines: list[str] = []
    pains = diff["pains"]
    if any(pains.values()):
        lines += [f"**{w('pains')}**", ""]
        lines += [f"- \\+ {p['step']} {markdown_text(p['text'])}" for p in pains["added"]]
        lines += [f"- \u2212 {p['step']} {markdown_text(p['text'])}" for p in pains["removed"]]
        for p in pains["changed"]:
            before, after = (w.translator.gettext(SEVERITIES.get(s, s)) for s in p["severity"])
            text = w("pain_changed", text=markdown_text(p["text"]), before=before, after=after)
            lines.append(f"- \\~ {p['step']} {text}")
        lines.append("")
    if diff["opportunities"]:
        lines += [f"**{w('opportunities')}**", ""]
        for o in diff["opportunities"]:
            was, now = (w.status(s) for s in o["status"])
            lines.append(f"- {o['step']} {markdown_text(o['text'])}: {was} \u2192 {now}")
    return lines


def _held(values: list[float | None]) -> list[float]:
    """Gaps take the nearest earlier value (or the first known one): xychart lines cannot break."""
    known = [v for v in values if v is not None]
    last = known[0] if known else 0
    held = []
    for v in values:
        last = v if v is not None else last
        held.append(last)
    return held


def emotion_chart(curve: dict, title: str, axis: str = "Emotion") -> str:
    """The curves before and after as a Mermaid xychart, the step numbers on the x axis."""
    if not curve["steps"]:
        return ""
    colours = ", ".join(COLOURS[side] for side in ("before", "after") if curve[side])
    palette = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "' + colours + '"}}}}%%'
    labels = ", ".join(f'"{mermaid_text(s)}"' for s in curve["steps"])
    lines = [
        "```mermaid",
        palette,
        "xychart-beta",
        f'  title "{mermaid_text(title)}"',
        f"  x-axis [{labels}]",
        f'  y-axis "{mermaid_text(axis)}" -2 --> 2',
    ]
    for side in ("before", "after"):
        if curve[side]:
            lines.append(f"  line [{', '.join(f'{v:g}' for v in _held(curve[side]))}]")
    return "\n".join([*lines, "```"])


def _state(state: dict | None, w: Words) -> str:
    if not state:
        return w("none")
    status = w.translator.gettext(MAP_STATUS_WORDS.get(state["status"], state["status"]))
    return w("state", status=status, updated=state["updated"])


def _evidence(value: dict | None, w: Words) -> str:
    if not value:
        return w("none")
    cited = w.counted("evidenced", value["pains"], evidenced=value["evidenced"])
    return f"{cited}; {w.counted('sources', value['sources'])}"


def _before_after(key: str, before: str, after: str, w: Words) -> str:
    if before == after:
        return "- " + w("unchanged", label=w(key), value=after)
    return "- " + w("before_after", label=w(key), before=before, after=after)


def map_details(
    entry: dict, url: str | None, names: dict[str, str] | None = None, w: Words | None = None
) -> str:
    """One map's folded details: steps, pains, opportunities, evidence, review state, the curve."""
    w = w or Words()
    title = html_text(entry["title"])
    if url:
        title = f'<a href="{html.escape(url)}">{title}</a>'
    change = html_text(_change(entry, w, plain=True))
    lines = ['<details markdown="1">', f"<summary>{title} ({change})</summary>", ""]
    before, after = entry["evidence"]
    review = entry["review"]
    lines.append(_before_after("evidence", _evidence(before, w), _evidence(after, w), w))
    lines += [_before_after("review_state", _state(review["before"], w), _state(review["after"], w), w), ""]
    diff = entry.get("diff")
    if diff and diff["steps"]:
        lines += [f"**{w('steps')}**", "", *(_step_line(s, names or {}, w) for s in diff["steps"]), ""]
    if diff:
        lines += _item_lines(diff, w)
    chart = emotion_chart(entry["curve"], w("chart_title"), w("axis"))
    if chart:
        lines += ["", w("curve"), "", chart]
    return "\n".join([*lines, "", "</details>", ""])


def _link(text: str, url: str | None) -> str:
    return f"[{text}]({url})" if url else text


def _change(entry: dict, w: Words, plain: bool = False) -> str:
    if entry.get("invalid"):
        return w("invalid")
    if entry["change"] == "renamed":
        old = entry["old_id"] or ""
        return w("renamed", old=old if plain else markdown_text(old))
    return w(entry["change"])


def _summary_table(review: dict, urls: dict, w: Words) -> list[str]:
    lines: list[str] = []
    if review["maps"]:
        lines += [f"### {w('maps')}", "", f"| {w('col_map')} | {w('col_change')} | {w('col_what')} |"]
        lines.append("| --- | --- | --- |")
        for m in review["maps"]:
            link = _link(markdown_text(m["title"]), urls.get(("map", m["id"])))
            what = markdown_text(w.worded(m["summary"])) or w.counted(
                "size", len(m["curve"].get("steps", []))
            )
            lines.append(f"| {link} | {_change(m, w)} | {what} |")
        lines.append("")
    if review["personas"]:
        head = f"| {w('col_persona')} | {w('col_change')} | {w('col_on_maps')} |"
        lines += [f"### {w('personas')}", "", head, "| --- | --- | --- |"]
        for p in review["personas"]:
            link = _link(markdown_text(p["name"]), urls.get(("persona", p["id"])))
            maps = ", ".join(markdown_text(m) for m in p["maps"])
            lines.append(f"| {link} | {_change(p, w)} | {maps} |")
        lines.append("")
    return lines


def _problem_lines(problems: list[dict], room: int, w: Words) -> list[str]:
    if not problems:
        return []
    lines = [f"### {w('problems', count=len(problems))}", "", "```text"]
    shown = 0
    for p in problems:
        line = p["text"].replace("```", "'''")
        if sum(len(x) + 1 for x in lines) + len(line) > room:
            break
        lines.append(line)
        shown += 1
    lines.append("```")
    if shown < len(problems):
        lines.append(w.counted("problems_left_out", len(problems) - shown))
    return [*lines, ""]


def markdown_report(
    review: dict, site_url: str | None = None, limit: int = LIMIT, translator: Translator | None = None
) -> str:
    """The whole report, below `limit` characters, in the translator's language (English without one)."""
    w = Words(translator)
    urls = page_urls(review, site_url)
    head = review["head"].get("short") or w("working_tree")
    compared = w(
        "compared",
        head=markdown_text(head),
        base=markdown_text(review["base"]["name"]),
        short=review["base"]["short"],
    )
    parts = [f"## {w('heading')}", "", compared, ""]
    if not review["maps"] and not review["personas"]:
        parts.append(w("nothing"))
    parts += _summary_table(review, urls, w)
    text = "\n".join(parts) + "\n"
    problems = "\n".join(_problem_lines(review["problems"], limit // 4, w))
    budget = limit - len(problems) - 1_000
    left_out: list[str] = []
    for entry in review["maps"]:
        details = map_details(entry, urls.get(("map", entry["id"])), review.get("persona_names", {}), w)
        if len(text) + len(details) + 1 > budget or left_out:
            left_out.append(markdown_text(entry["id"]))
            continue
        text += details + "\n"
    if left_out:
        note = w.counted("left_out", len(left_out), maps=", ".join(left_out))
        text += note[: max(0, limit - len(text) - len(problems) - 10)] + "\n\n"
    return text + problems


def page_urls(review: dict, site_url: str | None) -> dict:
    """(kind, id) -> the page's address on the published site, for what the head still has."""
    if not site_url:
        return {}
    base = site_url if site_url.endswith("/") else site_url + "/"
    if not base.startswith(("https://", "http://")):
        return {}
    urls = {}
    for kind, entries in (("map", review["maps"]), ("persona", review["personas"])):
        folder = "maps" if kind == "map" else "personas"
        for e in entries:
            if e["change"] != "removed":
                urls[(kind, e["id"])] = f"{base}{folder}/{e['id']}/"
    return urls


def json_report(review: dict) -> str:
    return json.dumps(review, indent=2, ensure_ascii=False) + "\n"
