"""A synthetic catalogue of N journey maps, and the same text as plain Markdown pages (the baseline).

Everything comes from one seeded random generator, so a given (N, shape, seed) always produces the same
files. Both projects share the theme settings; ours adds the `journeys` plugin, the baseline keeps its map
and persona pages out of the nav, as our plugin does with the pages it generates.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

TODAY = dt.date(2026, 11, 23)  # the plugin's `today`, so review badges never depend on the run's date
CHANNELS = {
    "web": "Website",
    "mobile-app": "Mobile app",
    "email": "Email",
    "phone": "Phone",
    "chat": "Live chat",
    "chatbot": "Chatbot",
    "social": "Social media",
    "store": "Store",
    "in-person": "In person",
    "portal": "Self-service portal",
    "sms": "SMS",
    "delivery": "Delivery",
}
VALENCE_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}
SOURCE_TYPES = ["survey", "interview", "analytics", "review", "support", "observation"]
SEVERITIES = ["low", "medium", "high"]
# The default phase vocabulary, in order: stage s of a map is in phase s (insights group by it).
PHASES = ["awareness", "consideration", "purchase", "onboarding", "usage", "support", "loyalty"]
STATUSES = ["idea", "planned", "in-progress", "done"]
INDUSTRIES = [
    "Retail banking",
    "Insurance",
    "Telecommunications",
    "Business travel",
    "Food delivery",
    "Software",
    "Utilities",
    "Public sector",
    "E-commerce",
    "Logistics",
]
_FEELING_LIST = "anxious bored calm confused curious delighted eager frustrated hopeful relieved tired upset"
FEELINGS = _FEELING_LIST.split()
_WORD_LIST = """
    account address advice agent answer app approval basket bill booking branch card cart change channel
    charge check claim client code company confirm contract cost customer date delay delivery deposit
    detail device document email error estimate event expense fare fee field file form fund guide help
    home hotel invoice issue item journey label limit link list loan login message meter mobile month
    network notice number offer office option order package page partner password payment phone plan
    policy portal price process product profile quote rate receipt record refund reminder renewal report
    request return review route rule schedule search service session setting signal site slot status
    step store summary support system tariff team ticket time total tracking transfer trial update
    upgrade user value visit voucher wait wallet warranty website week window account quickly slowly
    clearly finally again never always often rarely easily barely simply really almost only already
    still soon later early today new old long short simple clear late missing wrong right open closed
    local online manual automatic hidden visible extra full partial first second last next previous
    final usual urgent pending waiting ready secure asks checks compares chooses enters finds gets gives
    keeps leaves loses makes moves needs opens pays reads receives sends shares signs starts stops takes
    tries uses waits wants writes calls books cancels the a an of to in for with on at by from about
    into after before without through over under between
"""
WORDS = _WORD_LIST.split()


@dataclass(frozen=True)
class Shape:
    """How big and how rich each synthetic map is. Stages and steps per stage vary between the bounds,
    so that figures hold for catalogues of other shapes; every map has the fields real maps fill in."""

    stages: tuple[int, int] = (3, 10)  # stages per map, at random between the bounds
    steps: tuple[int, int] = (1, 6)  # steps per stage, likewise
    personas: int = 2
    persona_pool: int = 50
    pains: int = 2
    opportunities: int = 1
    sources: int = 4
    body_words: int = 300
    future_every: int = 20  # every k-th map is the future state of the map before it
    detail_every: int = 10  # every k-th map details one step with an earlier map
    loop_every: int = 4  # every k-th map's last stage leads back to an earlier one
    touchpoints: tuple[int, int] = (1, 2)  # touchpoints per step
    cited_pains: int = 1  # pains of a step with a severity and a cited source (the rest are bare text)
    sentence: int = 8  # words in a sentence of step text (actions, thoughts, pains, opportunities)
    extras: bool = True  # feelings, backstage, stage needs and KPIs
    name: str = "rich"

    def describe(self) -> str:
        if self.name == "dense":
            return (
                f"dense: {self.stages[0]} stages x {self.steps[0]} steps, every step with a thought, "
                f"{self.touchpoints[0]} touchpoints, {self.pains} pains each with severity and a cited "
                f"source, {self.opportunities} opportunity; {self.sources} sources, {self.persona_pool} "
                f"personas, sentences of {self.sentence} words, {self.body_words} words of body"
            )
        return (
            f"{self.stages[0]}-{self.stages[1]} stages x {self.steps[0]}-{self.steps[1]} steps, "
            f"{self.personas} personas of a pool of {self.persona_pool}, {self.pains} pains and "
            f"{self.opportunities} opportunity a step, feelings, thoughts, backstage, needs, KPIs, "
            f"{self.sources} sources with URLs, per-persona emotions on every 5th step, loops on every "
            f"{self.loop_every}th map, a future state every {self.future_every}th, a detail link every "
            f"{self.detail_every}th, {self.body_words} words of body"
        )


# A dense map (issue 29's independent corpus): fixed 6 x 3 steps, every pain cited, short texts. Our
# markup per item weighs most against plain text here.
DENSE = Shape(
    stages=(6, 6),
    steps=(3, 3),
    touchpoints=(2, 2),
    cited_pains=2,
    sentence=5,
    extras=False,
    body_words=60,
    name="dense",
)
SHAPES = {"rich": Shape(), "dense": DENSE}


class Text:
    """Seeded words and sentences."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def sentence(self, n: int) -> str:
        text = self.words(n)
        return text[0].upper() + text[1:] + "."

    def title(self, n: int) -> str:
        return " ".join(w.capitalize() for w in self.words(n).split())

    def body(self, n: int, paragraph: int = 60) -> str:
        paragraphs = []
        while n > 0:
            size = min(paragraph, n)
            sentences, left = [], size
            while left > 0:
                length = min(left, self.rng.randint(8, 15))
                sentences.append(self.sentence(length))
                left -= length
            paragraphs.append(" ".join(sentences))
            n -= size
        return "\n\n".join(paragraphs)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(front: dict, body: str) -> str:
    text = yaml.dump(
        front, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=None
    )
    return f"---\n{text}---\n\n{body}\n"


def make_personas(text: Text, shape: Shape) -> list[tuple[str, dict, str]]:
    personas = []
    for i in range(shape.persona_pool):
        segment = "B2B" if i % 2 == 0 else "B2C"
        front = {
            "name": f"{text.title(1)} {i + 1}, {text.words(2)}",
            "role": text.title(3),
            "segment": segment,
            "quote": text.sentence(10),
            "goals": [text.sentence(6) for _ in range(3)],
            "frustrations": [text.sentence(6) for _ in range(3)],
            "channels": text.rng.sample(sorted(CHANNELS), 3),
        }
        personas.append((f"persona-{i + 1:02d}", front, text.body(120)))
    return personas


def _step(text: Text, personas: list[str], source_ids: list[str], shape: Shape, number: int) -> dict:
    """One step, with every field a researched map fills in; the first pain cites a source."""
    rng, words = text.rng, shape.sentence
    pains: list = [
        {
            "text": text.sentence(words),
            "severity": rng.choice(SEVERITIES),
            "sources": [source_ids[(number + k) % len(source_ids)]],
        }
        for k in range(min(shape.cited_pains, shape.pains))
    ]
    pains += [text.sentence(words) for _ in range(shape.pains - len(pains))]
    opportunities = [
        {"text": text.sentence(words), "status": rng.choice(STATUSES)} for _ in range(shape.opportunities)
    ]
    if number % 5 == 4 and len(personas) > 1:
        emotion: int | dict = {p: rng.randint(-2, 2) for p in personas}
    else:
        emotion = rng.randint(-2, 2)
    step = {
        "action": text.sentence(words - 1),
        "touchpoints": rng.sample(sorted(CHANNELS), rng.randint(*shape.touchpoints)),
        "emotion": emotion,
        "feeling": rng.choice(FEELINGS),
        "thought": text.sentence(words + 1),
        "pains": pains,
        "opportunities": opportunities,
        "backstage": [text.sentence(6) for _ in range(rng.randint(1, 2))],
    }
    if not shape.extras:
        del step["feeling"], step["backstage"]
    return step


def _stage(text: Text, s: int, name: str, steps: list[dict], shape: Shape) -> dict:
    rng = text.rng
    stage = {
        "name": name,
        "phase": PHASES[s % len(PHASES)],
        "goal": text.sentence(shape.sentence),
        "needs": [text.sentence(5) for _ in range(rng.randint(1, 3))],
        "kpis": [
            {"name": text.title(2), "value": f"{rng.randint(1, 99)}%", "target": f"{rng.randint(1, 99)}%"}
            for _ in range(rng.randint(1, 2))
        ],
        "steps": steps,
    }
    if not shape.extras:
        del stage["needs"], stage["kpis"]
    return stage


def make_map(
    index: int, text: Text, shape: Shape, persona_ids: list[str], previous: dict | None = None
) -> tuple[str, dict, str]:
    """Map number `index`; `previous` is the map before it, which a future state keeps the stages and
    personas of (so the two can be compared)."""
    rng = text.rng
    future = previous is not None and index % shape.future_every == shape.future_every - 1
    if future:
        personas = list(previous["personas"])
        names = [stage["name"] for stage in previous["stages"]]
    else:
        personas = rng.sample(persona_ids, shape.personas)
        names = [f"{text.title(2)} {s + 1}" for s in range(rng.randint(*shape.stages))]
    shapes = [rng.randint(*shape.steps) for _ in names]
    # every source is cited (no warnings), so a small map has as many sources as steps
    source_ids = [f"src-{k + 1}" for k in range(min(shape.sources, sum(shapes)))]
    stages, number = [], 0
    for s, (name, count) in enumerate(zip(names, shapes, strict=True)):
        steps = []
        for _ in range(count):
            steps.append(_step(text, personas, source_ids, shape, number))
            number += 1
        stages.append(_stage(text, s, name, steps, shape))
    if index % shape.loop_every == 1:  # a loop: the last stage can lead back to the first
        for s, stage in enumerate(stages):
            stage["id"] = f"stage-{s + 1}"
        stages[-1]["next"] = ["stage-1"]
    if index % shape.detail_every == shape.detail_every - 1:  # an earlier map: never a cycle
        stages[0]["steps"][0]["detail"] = f"journey-{rng.randint(1, index):05d}"
    front = {
        "title": f"{text.title(4)} {index + 1}",
        "summary": text.sentence(16),
        "segment": rng.choice(["B2B", "B2C"]),
        "industry": rng.choice(INDUSTRIES),
        "personas": personas,
        "tags": sorted(rng.sample([f"tag-{k:02d}" for k in range(30)], 2)),
        "owner": f"{text.title(1)} CX team",
        "updated": (TODAY - dt.timedelta(days=rng.randint(0, 360))).isoformat(),
        "status": "published",
        **({"future_of": f"journey-{index:05d}"} if future else {}),
        "sources": [
            {
                "id": source_id,
                "type": rng.choice(SOURCE_TYPES),
                "title": text.sentence(6).rstrip("."),
                "url": f"https://research.example.org/{index + 1}/{source_id}",
                "sample": rng.randint(5, 500),
                "date": (TODAY - dt.timedelta(days=rng.randint(30, 720))).isoformat(),
            }
            for source_id in source_ids
        ],
        "stages": stages,
    }
    return f"journey-{index + 1:05d}", front, text.body(shape.body_words)


# -- the baseline: the same text as plain Markdown ---------------------------------------------------------


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _cell(items: list[str]) -> str:
    return "<br>".join(items)


def baseline_map(map_id: str, front: dict, body: str, persona_names: dict[str, str]) -> str:
    """Title, summary, facts, one table (stages as columns of steps), sources and the body."""
    personas = ", ".join(f"[{persona_names[p]}](../personas/{p}.md)" for p in front["personas"])
    lines = [
        f"# {front['title']}",
        "",
        front["summary"],
        "",
        f"**Segment:** {front['segment']} · **Industry:** {front['industry']} · **Personas:** {personas} · "
        f"**Owner:** {front['owner']} · **Updated:** {front['updated']} · "
        f"**Tags:** {' '.join('#' + t for t in front['tags'])}",
        "",
    ]
    if "future_of" in front:
        lines += [f"Future state of [{front['future_of']}]({front['future_of']}.md).", ""]
    lines += ["## Stages", ""]
    for stage in front["stages"]:
        lines.append(f"- **{stage['name']}** ({stage['phase']}): {stage['goal']}")
        if "kpis" in stage:
            kpis = "; ".join(f"{k['name']}: {k['value']} (target {k['target']})" for k in stage["kpis"])
            lines.append(f"  Needs: {' '.join(stage['needs'])} KPIs: {kpis}")
        if "next" in stage:
            lines.append(f"  Leads to: {', '.join(stage['next'])}")
    lines += ["", "## The journey, step by step", ""]
    header, columns = ["Step"], []
    for s, stage in enumerate(front["stages"]):
        for t, step in enumerate(stage["steps"]):
            header.append(f"{s + 1}.{t + 1} {stage['name']}" if t == 0 else f"{s + 1}.{t + 1}")
            columns.append(step)
    rows = {
        "Action": [step["action"] for step in columns],
        "Touchpoints": [", ".join(CHANNELS[c] for c in step["touchpoints"]) for step in columns],
        "Feeling": [step.get("feeling", "") for step in columns],
        "Thought": [step["thought"] for step in columns],
        "Emotion": [
            _cell(
                [f"{persona_names[p]}: {_signed(v)} {VALENCE_WORDS[v]}" for p, v in step["emotion"].items()]
            )
            if isinstance(step["emotion"], dict)
            else f"{_signed(step['emotion'])} {VALENCE_WORDS[step['emotion']]}"
            for step in columns
        ],
        "Pain points": [
            _cell(
                [
                    p
                    if isinstance(p, str)
                    else f"{p['severity']}: {p['text']} " + " ".join(f"[{s}]" for s in p["sources"])
                    for p in step["pains"]
                ]
            )
            for step in columns
        ],
        "Opportunities": [
            _cell([f"{o['status']}: {o['text']}" for o in step["opportunities"]]) for step in columns
        ],
        "Backstage": [_cell(step.get("backstage", [])) for step in columns],
        "Detail": [
            f"[{step['detail']}]({step['detail']}.md)" if "detail" in step else "" for step in columns
        ],
    }
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + " --- |" * len(header))
    for name, cells in rows.items():
        lines.append("| " + " | ".join([name, *cells]) + " |")
    lines += ["", "## Research evidence", ""]
    for source in front["sources"]:
        lines.append(
            f"- **[{source['title']}]({source['url']})** ({source['type']}, n = {source['sample']}, "
            f"{source['date']}) [{source['id']}]"
        )
    lines += ["", "## Story and context", "", body, ""]
    return "\n".join(lines)


def baseline_persona(front: dict, body: str) -> str:
    lines = [f"# {front['name']}", "", f"{front['role']} ({front['segment']})", "", f"> {front['quote']}", ""]
    lines += ["**Goals:**", ""] + [f"- {g}" for g in front["goals"]] + [""]
    lines += ["**Frustrations:**", ""] + [f"- {f}" for f in front["frustrations"]] + [""]
    lines += [f"**Channels:** {', '.join(CHANNELS[c] for c in front['channels'])}", "", "## About", "", body]
    return "\n".join(lines) + "\n"


# -- the two projects --------------------------------------------------------------------------------------

THEME = """\
theme:
  name: material
  font: false
  features:
    - navigation.instant
markdown_extensions:
  - admonition
  - toc:
      permalink: true
"""
SITE_URL = "http://127.0.0.1:8000/"  # instant navigation works only when served there
OURS_CONFIG = f"""\
site_name: Benchmark catalogue (ours)
site_url: {SITE_URL}
{THEME}plugins:
  - search
  - journeys:
      today: "{TODAY.isoformat()}"
nav:
  - Home: index.md
  - Catalogue: maps/index.md
  - Personas: personas/index.md
  - Templates: templates/index.md
"""
BASELINE_CONFIG = f"""\
site_name: Benchmark catalogue (baseline)
site_url: {SITE_URL}
{THEME}plugins:
  - search
not_in_nav: |
  /maps/**
  /personas/**
nav:
  - Home: index.md
  - Catalogue: maps/index.md
  - Personas: personas/index.md
"""
NO_HISTORY_CONFIG = OURS_CONFIG.replace("  - journeys:\n", "  - journeys:\n      history: false\n")
# The history the catalogue is committed with: every map in one commit, then later commits that each edit
# a share of the maps (one step's emotion and a sentence of the story), as reviews do.
HISTORY_EDITS = ((5, "2026-09-01"), (10, "2026-10-15"), (20, "2026-11-20"))  # (every k-th map, date)
HOME = "# Benchmark catalogue\n\nA synthetic catalogue of {n} journey maps.\n"


@dataclass
class Catalogue:
    n: int
    ours: Path  # project folder with mkdocs.yml, docs/ and journeys/
    baseline: Path  # project folder with mkdocs.yml and docs/
    map_ids: list[str]
    words: int  # words of map text (frontmatter values and body) across all maps

    @property
    def ours_config(self) -> Path:
        return self.ours / "mkdocs.yml"

    @property
    def no_history_config(self) -> Path:
        return self.ours / "mkdocs-no-history.yml"

    @property
    def baseline_config(self) -> Path:
        return self.baseline / "mkdocs.yml"

    def map_file(self, map_id: str) -> Path:
        return self.ours / "journeys" / "maps" / f"{map_id}.md"


def _count_words(value) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(_count_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_words(v) for v in value)
    return 1


def generate(root: Path, n: int, *, shape: Shape | None = None, seed: int = 42) -> Catalogue:
    """Write both projects under root/ours and root/baseline (replacing what is there)."""
    shape = shape or Shape()
    rng = random.Random(f"{seed}:{shape}")  # the same seed gives the same maps whatever N is
    text = Text(rng)
    ours, baseline = root / "ours", root / "baseline"
    for folder in (ours, baseline):
        if folder.exists():
            shutil.rmtree(folder)
    for folder in (ours / "docs", ours / "journeys" / "maps", ours / "journeys" / "personas"):
        folder.mkdir(parents=True)
    for folder in (baseline / "docs" / "maps", baseline / "docs" / "personas"):
        folder.mkdir(parents=True)
    (ours / "mkdocs.yml").write_text(OURS_CONFIG, encoding="utf-8")
    (baseline / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (ours / "docs" / "index.md").write_text(HOME.format(n=n), encoding="utf-8")
    (baseline / "docs" / "index.md").write_text(HOME.format(n=n), encoding="utf-8")

    personas = make_personas(text, shape)
    names = {pid: front["name"] for pid, front, _ in personas}
    persona_index = ["# Personas", ""]
    for pid, front, body in personas:
        (ours / "journeys" / "personas" / f"{pid}.md").write_text(_dump(front, body), encoding="utf-8")
        (baseline / "docs" / "personas" / f"{pid}.md").write_text(
            baseline_persona(front, body), encoding="utf-8"
        )
        persona_index.append(f"- [{front['name']}]({pid}.md): {front['role']}")
    (baseline / "docs" / "personas" / "index.md").write_text(
        "\n".join(persona_index) + "\n", encoding="utf-8"
    )

    map_ids, words = [], 0
    catalogue_index = ["# Journey maps", ""]
    front = None
    for i in range(n):
        map_id, front, body = make_map(i, text, shape, list(names), front)
        map_ids.append(map_id)
        words += _count_words(front) + _count_words(body)
        (ours / "journeys" / "maps" / f"{map_id}.md").write_text(_dump(front, body), encoding="utf-8")
        (baseline / "docs" / "maps" / f"{map_id}.md").write_text(
            baseline_map(map_id, front, body, names), encoding="utf-8"
        )
        catalogue_index.append(f"- [{front['title']}]({map_id}.md): {front['summary']}")
    (baseline / "docs" / "maps" / "index.md").write_text("\n".join(catalogue_index) + "\n", encoding="utf-8")
    made = Catalogue(n, ours, baseline, map_ids, words)
    made.no_history_config.write_text(NO_HISTORY_CONFIG, encoding="utf-8")
    commit_history(made)
    return made


def _git(folder: Path, *args: str, date: str = "2026-06-01") -> None:
    stamp = f"{date}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench Author",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench Author",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def commit_history(catalogue: Catalogue) -> None:
    """Make `ours` a git repository: all maps committed, then HISTORY_EDITS' later commits."""
    ours = catalogue.ours
    _git(ours, "init", "-q")
    _git(ours, "add", "-A")
    _git(ours, "commit", "-q", "-m", "Import the catalogue")
    for every, date in HISTORY_EDITS:
        for map_id in catalogue.map_ids[::every]:
            path = catalogue.map_file(map_id)
            text = path.read_text(encoding="utf-8")
            # the first single emotion moves one point towards neutral (or off it): a reviewed change
            text = re.sub(
                r"emotion: (-?\d)\n", lambda m: f"emotion: {1 if m.group(1) == '0' else 0}\n", text, count=1
            )
            path.write_text(text + f"\nReviewed on {date}.\n", encoding="utf-8")
        _git(ours, "commit", "-q", "-a", "-m", f"Review of {date}", date=date)


if __name__ == "__main__":  # python bench/generate.py DIR N [rich|dense]: write one catalogue to look at
    import sys

    shape = SHAPES[sys.argv[3]] if len(sys.argv) > 3 else SHAPES["rich"]
    made = generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10, shape=shape)
    print(f"{made.n} maps in {made.ours} and {made.baseline}")
