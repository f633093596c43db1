"""Mermaid interchange against Mermaid itself: its own journey diagrams import, and our exports parse and
render in the real `mermaid` package (pinned, in headless Chromium) with their tasks, scores and actors.

The diagrams in tests/mermaid_journeys/ are Mermaid's own (see the README there); Mermaid's parser is the
judge of what each one means, so the expected tasks are read from Mermaid, not written down here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from mermaid_js import mermaid_script

from journey_catalogue.cli.main import main
from journey_catalogue.format.loader import load_catalogue

from conftest import ROOT

DIAGRAMS = Path(__file__).parent / "mermaid_journeys"
ALL = sorted(p.name for p in DIAGRAMS.glob("*.mmd"))
ACCEPTED = [name for name in ALL if ".refused." not in name]
EXAMPLE_MAPS = sorted(p.stem for p in (ROOT / "journeys" / "maps").glob("*.md"))

# Mermaid's database after parsing, with its entity placeholders (`ﬂ°°58¶ß` for `#58;`) decoded as its
# renderer does; then the rendered SVG's text, which must show every task.
PARSE = """async (source) => {
  const decode = (s) => String(s).replace(/\\ufb02\\u00b0\\u00b0(\\d+)\\u00b6\\u00df/g,
    (_, n) => String.fromCodePoint(Number(n)));
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db;
  const tasks = db.getTasks().map((t) => [decode(t.section), decode(t.task), t.score,
    t.people.map(decode).filter((p) => p !== '').sort()]);
  const result = {type: diagram.type, title: decode(db.getDiagramTitle()),
    accDescr: decode(db.getAccDescription()), tasks};
  const {svg} = await mermaid.render('d' + Math.random().toString(36).slice(2), source);
  result.svgText = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement.textContent;
  return result;
}"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "journeys", tmp_path / "journeys")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    return tmp_path


@pytest.fixture(scope="module")
def mermaid(chromium):
    """A blank page with Mermaid loaded; `mermaid(source)` is what Mermaid makes of a diagram."""
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(mermaid_script()))
    page.evaluate("() => mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")

    def parse(source: str) -> dict:
        return page.evaluate(PARSE, source)

    yield parse
    context.close()
    assert errors == []


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _import(capsys, project: Path, name: str) -> tuple[str, str]:
    """Import one of Mermaid's diagrams; return the new map's id and what the CLI printed."""
    shutil.copy(DIAGRAMS / name, project / name)
    map_id = "m-" + name.removesuffix(".mmd")
    code, out, err = run(capsys, "import", "mermaid", name, "--id", map_id)
    assert (code, err) == (0, ""), name
    return map_id, out


def _fill_in(project: Path, map_id: str, printed: str) -> None:
    """The contributor's part: the fields no Mermaid diagram has, and a file for each new persona."""
    path = project / "journeys" / "maps" / f"{map_id}.md"
    text = path.read_text().replace("personas: []", "personas: [someone]")
    for key, value in (("summary", "Imported"), ("segment", "B2C"), ("industry", "Any"), ("owner", "CX")):
        text = text.replace(f"{key}:  # TODO: fill in", f"{key}: {value}")
    path.write_text(text)
    wanted = re.findall(r"create journeys/personas/(\S+)\.md(?: \(name: (.*)\))? \(or use", printed)
    for persona_id, name in [*wanted, ("someone", "Someone")]:
        front = {"name": name or persona_id, "role": "Mermaid actor", "segment": "B2C"}
        persona = project / "journeys" / "personas" / f"{persona_id}.md"
        if not persona.exists():
            persona.write_text(f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n")


def _by_person(tasks: list, everyone: list[str]) -> list[tuple]:
    """(section, task, person, score) in order, runs of white space as one space (as our import reads
    them); a task without actors is everyone's on our side."""

    def norm(text: str) -> str:
        return " ".join(text.split())

    return [
        (norm(section), norm(task), norm(person), score)
        for section, task, score, people in tasks
        for person in people or everyone
    ]


# -- import, without a browser -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACCEPTED)
def test_every_mermaid_journey_imports_as_a_draft(project, capsys, name):
    map_id, out = _import(capsys, project, name)
    assert out.startswith(f"created journeys/maps/{map_id}.md (status: draft)")
    front = yaml.safe_load((project / "journeys" / "maps" / f"{map_id}.md").read_text().split("---")[1])
    source = (DIAGRAMS / name).read_text().splitlines()
    body = source[[line.strip().lower() for line in source].index("journey") + 1 :]
    tasks = [line for line in body if re.match(r"^(?!\s*(?:title|section|acc))[^%:{}]+:\s*\d", line, re.I)]
    assert sum(len(s["steps"]) for s in front["stages"]) == len(tasks)
    if not tasks:
        assert "add a stage with steps" in out or "has no tasks in the diagram" in out


def test_the_parser_specs_tasks_keep_their_scores_and_actors(project, capsys):
    map_id, out = _import(capsys, project, "spec-tasks.mmd")
    front = yaml.safe_load((project / "journeys" / "maps" / f"{map_id}.md").read_text().split("---")[1])
    assert front["personas"] == ["alice", "bob", "charlie"]
    steps = [(s["action"], s["emotion"]) for stage in front["stages"] for s in stage["steps"]]
    # journey.spec.js: A 5 Alice Bob Charlie; B 3 Bob Charlie; C 5; D 5 Charlie Alice; E, P, Q, R 5
    assert steps == [
        ("A task", 2),
        ("B task", {"bob": 0, "charlie": 0}),
        ("C task", 2),
        ("D task", {"charlie": 2, "alice": 2}),
        ("E task", 2),
        ("P task", 2),
        ("Q task", 2),
        ("R task", 2),
    ]
    assert [s["name"] for s in front["stages"]] == ["Documentation", "Another section"]
    assert "create journeys/personas/alice.md (name: Alice)" in out


def test_accessibility_title_and_multi_line_description_are_kept(project, capsys):
    map_id, _ = _import(capsys, project, "spec-acc-descr-multiline.mmd")
    front = yaml.safe_load((project / "journeys" / "maps" / f"{map_id}.md").read_text().split("---")[1])
    assert front["title"] == "Adding journey diagram functionality to mermaid"
    assert front["summary"] == "A user journey for\nfamily shopping"
    assert front["extra"] == {"mermaid": {"accTitle": "Adding acc journey diagram functionality to mermaid"}}
    map_id, _ = _import(capsys, project, "demo-journey.mmd")
    front = yaml.safe_load((project / "journeys" / "maps" / f"{map_id}.md").read_text().split("---")[1])
    assert front["title"] == "My working day"  # from the diagram's YAML frontmatter
    assert front["summary"] == "2 main sections: work and home, each with just a few tasks"
    map_id, _ = _import(capsys, project, "spec-multiline-section.mmd")
    front = yaml.safe_load((project / "journeys" / "maps" / f"{map_id}.md").read_text().split("---")[1])
    assert front["stages"][0]["name"] == "Line1 Line2 Line3 Line4 Line5"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Search: 0: Ana", "'0'"),
        ("Search: 6: Ana", "'6'"),
        ("Search: 4.5: Ana", "'4.5'"),
        ("Search:: Ana", "''"),
    ],
)
def test_scores_outside_one_to_five_are_refused_with_file_and_line(project, capsys, line, found):
    (project / "bad.mmd").write_text(f"journey\n  %% a comment\n  section S\n    Fine: 3: Ana\n    {line}\n")
    code, _, err = run(capsys, "import", "mermaid", "bad.mmd")
    assert (code, err) == (
        1,
        f"journeys: error: bad.mmd: line 5: expected a score from 1 to 5, got {found}\n",
    )
    assert not list((project / "journeys" / "maps").glob("bad*.md"))


def test_mermaids_own_nan_score_is_refused_at_its_line(project, capsys):
    shutil.copy(DIAGRAMS / "cypress-title-styling.refused.mmd", project / "styled.mmd")
    code, _, err = run(capsys, "import", "mermaid", "styled.mmd")
    assert (code, err) == (
        1,
        "journeys: error: styled.mmd: line 21: expected a score from 1 to 5, got '2rem'\n",
    )


def test_names_with_mermaids_special_characters_survive_a_round_trip(project, capsys):
    (project / "odd.mmd").write_text(
        "journey\n  title Pay#58; now #35;1\n  section Check#59; out\n    Pay#58; card: 4: Ana#44; buyer\n"
    )
    assert run(capsys, "import", "mermaid", "odd.mmd", "--id", "odd")[0] == 0
    front = yaml.safe_load((project / "journeys" / "maps" / "odd.md").read_text().split("---")[1])
    assert front["title"] == "Pay: now #1"
    assert front["stages"][0]["name"] == "Check; out"
    assert front["stages"][0]["steps"] == [{"action": "Pay: card", "emotion": 1}]
    assert front["personas"] == ["ana-buyer"]


# -- in the real Mermaid --------------------------------------------------------------------------------


@pytest.mark.browser
def test_mermaids_diagrams_round_trip_through_our_format(project, capsys, mermaid):
    round_tripped = []
    for name in ACCEPTED:
        original = mermaid((DIAGRAMS / name).read_text())
        assert original["type"] == "journey", name
        map_id, printed = _import(capsys, project, name)
        if not original["tasks"]:
            continue  # nothing to round-trip: the draft has no steps until its contributor adds them
        _fill_in(project, map_id, printed)
        code, exported, err = run(capsys, "export", map_id, "--format", "mermaid")
        assert (code, err) == (0, ""), f"{name}: {err}"
        again = mermaid(exported)
        actors = sorted({p for *_, people in original["tasks"] for p in people}) or ["Someone"]
        assert _by_person(again["tasks"], actors) == _by_person(original["tasks"], actors), name
        if original["title"]:  # else from the YAML frontmatter, which Mermaid keeps elsewhere
            assert again["title"] == " ".join(original["title"].split()), name
        for _, task, _, _ in original["tasks"]:
            assert " ".join(task.split()) in " ".join(again["svgText"].split()), name
        round_tripped.append(map_id)
    assert len(round_tripped) == 10
    catalogue = load_catalogue(project / "journeys", base=project)
    assert [p for p in catalogue.errors if Path(p.file).stem in round_tripped] == []


@pytest.mark.browser
@pytest.mark.parametrize("map_id", EXAMPLE_MAPS)
def test_our_exports_parse_in_mermaid_with_tasks_scores_and_actors(project, capsys, mermaid, map_id):
    catalogue = load_catalogue(project / "journeys", base=project)
    journey = catalogue.maps[map_id]
    code, exported, _ = run(capsys, "export", map_id, "--format", "mermaid")
    assert code == 0
    parsed = mermaid(exported)
    names = {p: catalogue.personas[p].meta.name for p in journey.meta.personas}
    expected = []
    for stage in journey.meta.stages:
        for step in stage.steps:
            valences = step.valences(list(names)) or dict.fromkeys(names, 0)
            expected += sorted((stage.name, step.action, names[p], v + 3) for p, v in valences.items())
    found = [(s, t, p, score) for s, t, score, people in parsed["tasks"] for p in people]
    assert sorted(found) == sorted(expected)
    assert [t[:2] for t in found] == [t[:2] for t in expected]  # steps in the map's order
    assert parsed["title"] == journey.meta.title
    assert parsed["accDescr"] == " ".join(journey.meta.summary.split())
    assert all(step.action in parsed["svgText"] for _, st in journey.stages() for step in st.steps)
