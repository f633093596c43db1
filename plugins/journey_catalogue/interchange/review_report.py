"""`journeys review`'s report as GitHub-flavoured Markdown (and JSON), from `Review.as_dict()` data.

Every text from a map, a persona or git goes through `markdown_text` (Markdown) or
`mermaid.mermaid_text` (inside the Mermaid chart): a stranger's pull request cannot add a link, an image,
HTML, a mention, a reference, a table cell or a Mermaid directive. The report stays below GitHub's
65,536-character comment limit: the summary table first, each map's details folded, and details that do
not fit are left out with a note. Reader-visible wording lives in WORDS, for translation.
"""

from __future__ import annotations

import html
import json
import re

from .mermaid import mermaid_text

COLOURS = {"before": "#8c959f", "after": "#2f81f7"}  # grey and blue, legible on light and dark
LIMIT = 65_536  # GitHub's longest comment
WJ = "\u2060"  # word joiner: an invisible break for @mentions, #refs and bare links
WORDS = {
    "heading": "Journey review",
    "compared": "Compared {head} with {base} (merge base {short}).",
    "working_tree": "the working tree",
    "nothing": "No map or persona changed.",
    "maps": "Maps",
    "personas": "Personas",
    "col_map": "Map",
    "col_change": "Change",
    "col_what": "What changed",
    "col_persona": "Persona",
    "col_on_maps": "On maps",
    "added": "added",
    "removed": "removed",
    "changed": "changed",
    "renamed": "renamed from {old}",
    "size": "{steps} steps",
    "invalid": "does not load: see the problems below",
    "steps": "Steps",
    "step_changed": "{number} {action}: {fields}",
    "step_added": "{number} {action}: added",
    "step_removed": "{number} {action}: removed",
    "emotion": "emotion {moves}",
    "emotion_move": "{before} \u2192 {after} ({persona})",
    "edited": "{fields} edited",
    "unchanged": "{label}: {value} (unchanged)",
    "pains": "Pain points",
    "opportunities": "Opportunities",
    "pain_changed": "{text}: severity {before} \u2192 {after}",
    "evidence": "Evidence",
    "evidence_one": "{evidenced} of {pains} pain points cite research; {sources} sources",
    "review_state": "Review state",
    "before_after": "{label}: {before} \u2192 {after}",
    "state": "{status}, reviewed {updated}",
    "none": "none",
    "curve": "Emotion curve: grey before, blue after (mean over the map's personas; steps in brackets "
    "were removed; where a version lacks a step its line holds the neighbouring value)",
    "chart_title": "Emotion before and after",
    "problems": "Problems in the head ({count})",
    "left_out": "The details of {count} maps are left out to stay within GitHub's comment size: {maps}. "
    "Run `journeys review` locally for the whole report.",
    "problems_left_out": "{count} more problems; run `journeys validate` for all of them.",
}
# A step's fields as the report names them
FIELD_NAMES = {
    "action": "action",
    "touchpoints": "touchpoints",
    "feeling": "feeling",
    "thought": "thought",
    "pains": "pain points",
    "opportunities": "opportunities",
    "backstage": "backstage",
}
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


def _signed(value: float | None) -> str:
    if value is None:
        return WORDS["none"]
    number = f"{value:+g}" if value else "0"
    return number.replace("-", "\u2212")


def _moves(entry: dict, names: dict[str, str]) -> str:
    moves = [
        WORDS["emotion_move"].format(
            persona=markdown_text(names.get(p, p)), before=_signed(was), after=_signed(now)
        )
        for p, (was, now) in entry["emotion_by_persona"].items()
        if was != now
    ]
    return WORDS["emotion"].format(moves="; ".join(moves)) if moves else ""


def _step_line(entry: dict, names: dict[str, str]) -> str:
    number, action = entry["step"], markdown_text(entry["action"])
    if entry["change"] != "changed":
        return "- " + WORDS[f"step_{entry['change']}"].format(number=number, action=action)
    fields = ", ".join(FIELD_NAMES.get(f, f) for f in entry["fields"] if f != "emotion")
    parts = [p for p in (_moves(entry, names), WORDS["edited"].format(fields=fields) if fields else "") if p]
    return "- " + WORDS["step_changed"].format(number=number, action=action, fields="; ".join(parts))


def _item_lines(diff: dict) -> list[str]:
    lines: list[str] = []
    pains = diff["pains"]
    if any(pains.values()):
        lines += [f"**{WORDS['pains']}**", ""]
        lines += [f"- \\+ {p['step']} {markdown_text(p['text'])}" for p in pains["added"]]
        lines += [f"- \u2212 {p['step']} {markdown_text(p['text'])}" for p in pains["removed"]]
        for p in pains["changed"]:
            text = WORDS["pain_changed"].format(
                text=markdown_text(p["text"]), before=p["severity"][0], after=p["severity"][1]
            )
            lines.append(f"- \\~ {p['step']} {text}")
        lines.append("")
    if diff["opportunities"]:
        lines += [f"**{WORDS['opportunities']}**", ""]
        for o in diff["opportunities"]:
            was, now = (s or WORDS["none"] for s in o["status"])
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


def emotion_chart(curve: dict, title: str) -> str:
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
        '  y-axis "Emotion" -2 --> 2',
    ]
    for side in ("before", "after"):
        if curve[side]:
            lines.append(f"  line [{', '.join(f'{v:g}' for v in _held(curve[side]))}]")
    return "\n".join([*lines, "```"])


def _state(state: dict | None) -> str:
    return WORDS["state"].format(**state) if state else WORDS["none"]


def _evidence(value: dict | None) -> str:
    return WORDS["evidence_one"].format(**value) if value else WORDS["none"]


def _before_after(key: str, before: str, after: str) -> str:
    if before == after:
        return "- " + WORDS["unchanged"].format(label=WORDS[key], value=after)
    return "- " + WORDS["before_after"].format(label=WORDS[key], before=before, after=after)


def map_details(entry: dict, url: str | None, names: dict[str, str] | None = None) -> str:
    """One map's folded details: steps, pains, opportunities, evidence, review state, the curve."""
    title = html_text(entry["title"])
    if url:
        title = f'<a href="{html.escape(url)}">{title}</a>'
    change = html_text(_change(entry, plain=True))
    lines = ['<details markdown="1">', f"<summary>{title} ({change})</summary>", ""]
    before, after = entry["evidence"]
    review = entry["review"]
    lines.append(_before_after("evidence", _evidence(before), _evidence(after)))
    lines += [_before_after("review_state", _state(review["before"]), _state(review["after"])), ""]
    diff = entry.get("diff")
    if diff and diff["steps"]:
        lines += [f"**{WORDS['steps']}**", "", *(_step_line(s, names or {}) for s in diff["steps"]), ""]
    if diff:
        lines += _item_lines(diff)
    chart = emotion_chart(entry["curve"], WORDS["chart_title"])
    if chart:
        lines += ["", WORDS["curve"], "", chart]
    return "\n".join([*lines, "", "</details>", ""])


def _link(text: str, url: str | None) -> str:
    return f"[{text}]({url})" if url else text


def _change(entry: dict, plain: bool = False) -> str:
    if entry.get("invalid"):
        return WORDS["invalid"]
    if entry["change"] == "renamed":
        old = entry["old_id"] or ""
        return WORDS["renamed"].format(old=old if plain else markdown_text(old))
    return WORDS[entry["change"]]


def _summary_table(review: dict, urls: dict) -> list[str]:
    lines: list[str] = []
    if review["maps"]:
        lines += [
            f"### {WORDS['maps']}",
            "",
            f"| {WORDS['col_map']} | {WORDS['col_change']} | {WORDS['col_what']} |",
        ]
        lines.append("| --- | --- | --- |")
        for m in review["maps"]:
            link = _link(markdown_text(m["title"]), urls.get(("map", m["id"])))
            what = markdown_text(m["summary"]) or WORDS["size"].format(steps=len(m["curve"].get("steps", [])))
            lines.append(f"| {link} | {_change(m)} | {what} |")
        lines.append("")
    if review["personas"]:
        head = f"| {WORDS['col_persona']} | {WORDS['col_change']} | {WORDS['col_on_maps']} |"
        lines += [f"### {WORDS['personas']}", "", head, "| --- | --- | --- |"]
        for p in review["personas"]:
            link = _link(markdown_text(p["name"]), urls.get(("persona", p["id"])))
            maps = ", ".join(markdown_text(m) for m in p["maps"])
            lines.append(f"| {link} | {_change(p)} | {maps} |")
        lines.append("")
    return lines


def _problem_lines(problems: list[dict], room: int) -> list[str]:
    if not problems:
        return []
    lines = [f"### {WORDS['problems'].format(count=len(problems))}", "", "```text"]
    shown = 0
    for p in problems:
        line = p["text"].replace("```", "'''")
        if sum(len(x) + 1 for x in lines) + len(line) > room:
            break
        lines.append(line)
        shown += 1
    lines.append("```")
    if shown < len(problems):
        lines.append(WORDS["problems_left_out"].format(count=len(problems) - shown))
    return [*lines, ""]


def markdown_report(review: dict, site_url: str | None = None, limit: int = LIMIT) -> str:
    """The whole report, below `limit` characters."""
    urls = page_urls(review, site_url)
    head = review["head"].get("short") or WORDS["working_tree"]
    compared = WORDS["compared"].format(
        head=markdown_text(head), base=markdown_text(review["base"]["name"]), short=review["base"]["short"]
    )
    parts = [f"## {WORDS['heading']}", "", compared, ""]
    if not review["maps"] and not review["personas"]:
        parts.append(WORDS["nothing"])
    parts += _summary_table(review, urls)
    text = "\n".join(parts) + "\n"
    problems = "\n".join(_problem_lines(review["problems"], limit // 4))
    budget = limit - len(problems) - 1_000
    left_out: list[str] = []
    for entry in review["maps"]:
        details = map_details(entry, urls.get(("map", entry["id"])), review.get("persona_names", {}))
        if len(text) + len(details) + 1 > budget or left_out:
            left_out.append(markdown_text(entry["id"]))
            continue
        text += details + "\n"
    if left_out:
        note = WORDS["left_out"].format(count=len(left_out), maps=", ".join(left_out))
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
