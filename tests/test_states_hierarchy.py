"""Current and future state (`future_of`) and journey hierarchy (`detail`): validation, the relations
computed from them, and what the site, the CLI and the exports make of them.

Every catalogue here is written by the test itself, with ids and titles made up for the run, so no
expectation can come from the example maps.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from journey_catalogue.catalogue.hierarchy import Hierarchy
from journey_catalogue.catalogue.states import aligned_curve, compare
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.parallel_check import check_catalogue

from conftest import FIXTURE_CATALOGUE, ROOT, page_chart, serving_built_site

TODAY = dt.date(2026, 11, 23)
RUN = uuid.uuid4().hex[:6]  # ids and titles differ on every run


def step(action: str, emotion=None, **fields) -> dict:
    return {"action": action, **({"emotion": emotion} if emotion is not None else {}), **fields}


def a_map(title: str, stages: list[dict], **fields) -> dict:
    return {
        "title": title,
        "summary": f"Summary of {title}.",
        "segment": "B2C",
        "industry": "Testing",
        "personas": ["ana"],
        "owner": "QA",
        "updated": "2026-10-01",
        **fields,
        "stages": stages,
    }


PERSONAS = {
    "ana": {"name": "Ana, tester", "role": "Tester", "segment": "B2C"},
    "bo": {"name": "Bo, reviewer", "role": "Reviewer", "segment": "B2C"},
    "cy": {"name": "Cy, operator", "role": "Operator", "segment": "B2C"},
}


def write(root: Path, maps: dict[str, dict]) -> Path:
    journeys = root / "journeys"
    for folder, files in (("maps", maps), ("personas", PERSONAS)):
        (journeys / folder).mkdir(parents=True, exist_ok=True)
        for name, front in files.items():
            text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            (journeys / folder / f"{name}.md").write_text(f"---\n{text}---\n", encoding="utf-8")
    return journeys


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` containing `text`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def at(path: Path, key: str) -> str:
    """ "line:column" of the value of the first `key:` in `path`, as the validator must report it."""
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if f"{key}: " in line:
            return f"{n}:{line.index(f'{key}: ') + len(key) + 3}"
    raise AssertionError(f"no {key} in {path}")


def errors(journeys: Path, base: Path) -> list[str]:
    return [str(p) for p in load_catalogue(journeys, base=base, today=TODAY).errors]


# -- validation --------------------------------------------------------------------------------------

CURRENT, FUTURE, PARENT, CHILD = (f"{kind}-{RUN}" for kind in ("current", "future", "parent", "child"))


def test_an_unknown_future_of_or_detail_is_located_and_suggests_the_nearest_map(tmp_path):
    journeys = write(
        tmp_path,
        {
            CURRENT: a_map("Now", [{"name": "One", "steps": [step("Does", detail=f"{CHILD}x")]}]),
            CHILD: a_map("Child", [{"name": "One", "steps": [step("Does")]}]),
            FUTURE: a_map("Later", [{"name": "One", "steps": [step("Does")]}], future_of=f"{CURRENT}-typo"),
        },
    )
    future_file = journeys / "maps" / f"{FUTURE}.md"
    current_file = journeys / "maps" / f"{CURRENT}.md"
    assert errors(journeys, tmp_path) == [
        f"journeys/maps/{CURRENT}.md:{at(current_file, 'detail')}: stages[0].steps[0].detail: "
        f"unknown map '{CHILD}x': there is no maps/{CHILD}x.md (did you mean '{CHILD}'?)",
        f"journeys/maps/{FUTURE}.md:{at(future_file, 'future_of')}: future_of: "
        f"unknown map '{CURRENT}-typo': there is no maps/{CURRENT}-typo.md (did you mean '{CURRENT}'?)",
    ]


def test_links_to_the_map_itself_are_refused(tmp_path):
    journeys = write(
        tmp_path,
        {
            CURRENT: a_map(
                "Now", [{"name": "One", "steps": [step("Does", detail=CURRENT)]}], future_of=CURRENT
            )
        },
    )
    found = load_catalogue(journeys, base=tmp_path, today=TODAY).errors
    assert [(p.field, p.message) for p in found] == [
        ("future_of", "a map cannot be the future state of itself; name the current map's id"),
        ("stages[0].steps[0].detail", "a step cannot be detailed by its own map; name another map"),
    ]


def _cycle(tmp_path: Path) -> Path:
    a, b, c = (f"{x}-{RUN}" for x in "abc")
    return write(
        tmp_path,
        {
            a: a_map("A", [{"name": "One", "steps": [step("First"), step("Second", detail=b)]}]),
            b: a_map("B", [{"name": "One", "steps": [step("First", detail=c)]}]),
            c: a_map("C", [{"name": "Two", "steps": [step("First", detail=a)]}]),
            f"d-{RUN}": a_map("D", [{"name": "One", "steps": [step("First", detail=a)]}]),  # not on the cycle
        },
    )


def test_a_detail_cycle_is_refused_in_every_file_on_it_naming_each_file_and_line(tmp_path):
    journeys = _cycle(tmp_path)
    a, b, c = (f"{x}-{RUN}" for x in "abc")
    where = {
        m: (f"journeys/maps/{m}.md", line_of(journeys / "maps" / f"{m}.md", "detail:")) for m in (a, b, c)
    }
    route = (
        f"{a} ({where[a][0]}:{where[a][1]} stages[0].steps[1].detail) > "
        f"{b} ({where[b][0]}:{where[b][1]} stages[0].steps[0].detail) > "
        f"{c} ({where[c][0]}:{where[c][1]} stages[0].steps[0].detail) > {a}"
    )
    found = load_catalogue(journeys, base=tmp_path, today=TODAY).errors
    assert [(p.file, p.line, p.field) for p in found] == [
        (where[a][0], where[a][1], "stages[0].steps[1].detail"),
        (where[b][0], where[b][1], "stages[0].steps[0].detail"),
        (where[c][0], where[c][1], "stages[0].steps[0].detail"),
    ]
    for problem in found:
        assert problem.message.startswith(f"detail cycle: {route}; ")


def test_checking_on_several_workers_finds_cycles_across_their_shares(tmp_path):
    journeys = _cycle(tmp_path)
    single = check_catalogue(journeys, base=tmp_path, today=TODAY, workers=1).problems
    split = check_catalogue(journeys, base=tmp_path, today=TODAY, workers=4).problems
    assert len([p for p in single if "detail cycle" in p.message]) == 3
    assert split == single


def test_checking_one_file_finds_its_cycle_and_chain_as_the_whole_check_does(tmp_path):
    journeys = _cycle(tmp_path)
    later = f"later-{RUN}"
    write(
        tmp_path,
        {
            CURRENT: a_map("Now", [{"name": "One", "steps": [step("Does")]}]),
            FUTURE: a_map("Next", [{"name": "One", "steps": [step("Does")]}], future_of=CURRENT),
            later: a_map("Later", [{"name": "One", "steps": [step("Does")]}], future_of=FUTURE),
        },
    )
    whole = check_catalogue(journeys, base=tmp_path, today=TODAY, workers=1).problems
    for map_id in (f"b-{RUN}", later):
        path = journeys / "maps" / f"{map_id}.md"
        own = [p for p in whole if p.file == f"journeys/maps/{map_id}.md"]
        assert own, f"the fixture must give {map_id} a problem"
        for workers in (1, 2):
            alone = check_catalogue(journeys, base=tmp_path, today=TODAY, only=[path], workers=workers)
            assert [p for p in alone.problems if p.file == own[0].file] == own
            assert alone.files_checked["map"] == 1


def test_a_future_of_a_future_is_refused_with_what_to_write_instead(tmp_path):
    later = f"later-{RUN}"
    journeys = write(
        tmp_path,
        {
            CURRENT: a_map("Now", [{"name": "One", "steps": [step("Does")]}]),
            FUTURE: a_map("Next", [{"name": "One", "steps": [step("Does")]}], future_of=CURRENT),
            later: a_map("Later", [{"name": "One", "steps": [step("Does")]}], future_of=FUTURE),
        },
    )
    future_line = line_of(journeys / "maps" / f"{FUTURE}.md", "future_of:")
    later_at = at(journeys / "maps" / f"{later}.md", "future_of")
    assert errors(journeys, tmp_path) == [
        f"journeys/maps/{later}.md:{later_at}: future_of: '{FUTURE}' is itself the future state of "
        f"'{CURRENT}' (journeys/maps/{FUTURE}.md:{future_line}); a future state must point at a current "
        f"map, so name '{CURRENT}' here, or make '{FUTURE}' a current map"
    ]


def _validate(project: Path, *paths: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "journey_catalogue.cli.main", "validate", "--root", "journeys", *paths],
        cwd=project,
        capture_output=True,
        text=True,
    )


def test_cli_refuses_an_unknown_future_of_and_a_detail_cycle_with_exit_1_and_no_traceback(tmp_path):
    journeys = _cycle(tmp_path)
    write(tmp_path, {FUTURE: a_map("Later", [{"name": "One", "steps": [step("Does")]}], future_of="nowhere")})
    result = _validate(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    future_at = at(journeys / "maps" / f"{FUTURE}.md", "future_of")
    assert f"journeys/maps/{FUTURE}.md:{future_at}: future_of: unknown map 'nowhere'" in result.stdout
    a_line = line_of(journeys / "maps" / f"a-{RUN}.md", "detail:")
    assert re.search(
        rf"^journeys/maps/a-{RUN}\.md:{a_line}:\d+: stages\[0\]\.steps\[1\]\.detail: detail cycle: ",
        result.stdout,
        re.M,
    )
    assert "4 errors in 4 files" in result.stderr


# -- relations ----------------------------------------------------------------------------------------


def _loaded(tmp_path: Path, maps: dict[str, dict]):
    catalogue = load_catalogue(write(tmp_path, maps), base=tmp_path, today=TODAY)
    assert catalogue.errors == [], [str(p) for p in catalogue.errors]
    return catalogue


def _pair() -> dict[str, dict]:
    current = a_map(
        f"Today {RUN}",
        [
            {"id": "find", "name": "Find", "steps": [step("Searches", -1, pains=["Too many results"])]},
            {
                "id": "buy",
                "name": "Buy",
                "steps": [step("Pays", -2, pains=["Form loses input"]), step("Waits", 0)],
            },
            {"id": "old", "name": "Old stage", "steps": [step("Phones", -1)]},
        ],
    )
    future = a_map(
        f"Tomorrow {RUN}",
        [
            {"id": "find", "name": "Find", "steps": [step("Searches", 1), step("Compares", 1)]},
            {"id": "fresh", "name": "Fresh stage", "steps": [step("Chats", 2)]},
            {"id": "buy", "name": "Buy", "steps": [step("Pays", 1, pains=["Fees shown late"])]},
        ],
        future_of=CURRENT,
    )
    return {CURRENT: current, FUTURE: future}


def test_what_changes_compares_stages_by_id(tmp_path):
    catalogue = _loaded(tmp_path, _pair())
    changes = {c.stage_id: c for c in compare(catalogue.maps[CURRENT], catalogue.maps[FUTURE])}
    assert [c for c in changes] == ["find", "fresh", "buy", "old"]
    find, fresh, buy, old = changes.values()
    assert (find.kind, find.before, find.after, find.pains_gone, find.steps_new) == (
        "changed",
        -1,
        1,
        ("Too many results",),
        ("Compares",),
    )
    assert (fresh.kind, fresh.before, fresh.after, fresh.steps_new) == ("new", None, 2, ("Chats",))
    assert (buy.before, buy.after, buy.emotion_change) == (-1, 1, 2)
    assert (buy.pains_gone, buy.pains_new, buy.steps_gone) == (
        ("Form loses input",),
        ("Fees shown late",),
        ("Waits",),
    )
    assert (old.kind, old.before, old.steps_gone) == ("removed", -1, ("Phones",))


def test_the_current_curve_is_spread_over_the_matching_stage_bands(tmp_path):
    catalogue = _loaded(tmp_path, _pair())
    points = aligned_curve(catalogue.maps[CURRENT], catalogue.maps[FUTURE], "ana")
    # future axis: find = steps 0-1 (band -0.5..1.5), fresh = 2, buy = 3 (band 2.5..3.5)
    assert points == [[0.5, -1], None, [2.75, -2], [3.25, 0]]


def test_the_hierarchy_runs_from_every_root_down_to_each_detail_map(tmp_path):
    shared = f"shared-{RUN}"
    catalogue = _loaded(
        tmp_path,
        {
            PARENT: a_map("P", [{"name": "One", "steps": [step("Starts"), step("Checks id", detail=CHILD)]}]),
            f"other-{RUN}": a_map("Q", [{"name": "Two", "steps": [step("Signs", detail=shared)]}]),
            CHILD: a_map("C", [{"name": "Three", "steps": [step("Uploads", detail=shared)]}]),
            shared: a_map("S", [{"name": "Four", "steps": [step("Scans")]}]),
        },
    )
    hierarchy = Hierarchy(catalogue.maps.values())
    leaf = catalogue.maps[shared]
    assert sorted((r.parent.id, r.number) for r in hierarchy.parents[shared]) == [
        (CHILD, "1.1"),
        (f"other-{RUN}", "1.1"),
    ]
    trees = hierarchy.tree(leaf)
    assert [t.journey.id for t in trees] == [PARENT, f"other-{RUN}"]  # by title: P, Q
    ((ref, child),) = trees[0].children
    assert (ref.number, ref.action, child.journey.id) == ("1.2", "Checks id", CHILD)
    assert child.children[0][1].current and child.children[0][1].journey.id == shared
    assert hierarchy.detail_map(catalogue.maps[PARENT], "1.2").id == CHILD


# -- the site -----------------------------------------------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)> & \"q\" 'a' </script>"
CURRENT_TITLE = f"Today {RUN} {HOSTILE}"
FUTURE_TITLE = f"Tomorrow {RUN}"
CHILD_TITLE = f"Child {RUN} {HOSTILE}"
STEP_ACTION = f"Checks id {HOSTILE}"


def _site_maps() -> dict[str, dict]:
    maps = _pair()
    maps[CURRENT]["title"] = CURRENT_TITLE
    maps[CURRENT]["personas"] = ["ana", "bo"]
    maps[CURRENT]["stages"][0]["steps"].append(step(STEP_ACTION, 0, detail=CHILD))
    maps[FUTURE]["title"] = FUTURE_TITLE
    # no persona or tag in common with its parent: "Related maps" must not be what links them
    maps[CHILD] = a_map(CHILD_TITLE, [{"name": "Inside", "steps": [step("Uploads", -1), step("Waits", 1)]}])
    maps[CHILD]["personas"] = ["cy"]
    maps[f"alone-{RUN}"] = a_map(f"Alone {RUN}", [{"name": "One", "steps": [step("Does", 0)]}])
    return maps


def make_project(root: Path, maps: dict[str, dict]) -> Path:
    write(root, maps)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Test catalogue\n")
    config = (FIXTURE_CATALOGUE / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(
        config.replace("../../../theme_overrides", str(ROOT / "theme_overrides"))
    )
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def relations_site(tmp_path_factory):
    """The catalogue above, built for and served at its own port (instant navigation needs the match)."""
    work = tmp_path_factory.mktemp("relations")
    config = make_project(work / "project", _site_maps())
    with serving_built_site(config, work / "site") as url:
        yield {"url": url, "site": work / "site"}


def page_html(site: Path, map_id: str) -> str:
    return (site / "maps" / map_id / "index.html").read_text(encoding="utf-8")


def links_in(text: str, selector_class: str) -> list[str]:
    """The hrefs of <a> elements inside elements of class `selector_class` (one level of nesting)."""
    blocks = re.findall(rf'<(\w+)[^>]*class="[^"]*\b{selector_class}\b[^"]*"[^>]*>(.*?)</\1>', text, re.S)
    return [html.unescape(h) for _, block in blocks for h in re.findall(r'href="([^"]*)"', block)]


def test_current_and_future_pages_link_each_other(relations_site):
    site = relations_site["site"]
    future, current = page_html(site, FUTURE), page_html(site, CURRENT)
    assert "../" + CURRENT + "/" in links_in(future, "jc-state--future")
    assert "../" + FUTURE + "/" in links_in(current, "jc-state--current")
    assert str(escape(CURRENT_TITLE)) in future  # the link names the current map, escaped
    assert 'id="what-changes"' in future and 'id="what-changes"' not in current


def test_the_future_chart_carries_the_current_curve_dashed_and_named_as_the_current_map(relations_site):
    site = relations_site["site"]
    options = page_chart(page_html(site, FUTURE))["options"]
    overlay = [s for s in options["series"] if s.get("jcCurrentState") == CURRENT]
    assert [s["name"] for s in overlay] == [CURRENT_TITLE]  # the future map has one persona, ana
    assert overlay[0]["lineStyle"]["type"] == "dashed"
    # current: find = Searches -1, Checks id 0 (2 steps over the future's 2), buy = Pays -2, Waits 0
    assert overlay[0]["data"] == [[0.0, -1], [1.0, 0], None, [2.75, -2], [3.25, 0]]
    assert CURRENT_TITLE in options["legend"][-1]["data"]
    assert not [s for s in page_chart(page_html(site, CURRENT))["options"]["series"] if "jcCurrentState" in s]


def test_what_changes_lists_emotion_before_and_after_pains_gone_and_new_steps(relations_site):
    future = page_html(relations_site["site"], FUTURE)
    rows = dict(
        re.findall(r'<tr class="jc-change jc-change--\w+" data-jc-change="([\w-]+)">(.*?)</tr>', future, re.S)
    )
    assert list(rows) == ["find", "fresh", "buy", "old"]
    assert "Too many results" in rows["find"] and "Compares" in rows["find"]
    assert str(escape(STEP_ACTION)) in rows["find"]  # no longer a step of the future map
    assert "Form loses input" in rows["buy"] and "Fees shown late" in rows["buy"]
    assert "New stage" in rows["fresh"] and "Stage removed" in rows["old"]


def test_a_parent_step_links_its_detail_map_and_the_detail_map_links_back(relations_site):
    site = relations_site["site"]
    parent, child = page_html(site, CURRENT), page_html(site, CHILD)
    (cell,) = re.findall(r'<td id="step-1-2">(.*?)</td>', parent, re.S)
    assert re.findall(r'href="([^"]*)"', cell) == [f"../{CHILD}/"]
    assert str(escape(CHILD_TITLE)) in cell
    back = links_in(child, "jc-part-of")
    assert back == [f"../{CURRENT}/", f"../{CURRENT}/#stage-find", f"../{CURRENT}/#step-1-2"]
    assert str(escape(STEP_ACTION)) in child
    # the whole hierarchy, on both pages
    for text in (parent, child):
        tree = links_in(text, "jc-tree")
        assert tree in ([f"../{CHILD}/"], [f"../{CURRENT}/"])
        assert 'id="journey-hierarchy"' in text
    assert 'id="journey-hierarchy"' not in page_html(site, f"alone-{RUN}")


def test_hostile_titles_stay_text_in_every_new_link_and_series(relations_site):
    site = relations_site["site"]
    for map_id in (CURRENT, FUTURE, CHILD):
        text = page_html(site, map_id)
        assert "<img src=x" not in text, map_id
        assert "onerror=alert(1)>" not in text.replace("onerror=alert(1)&gt;", ""), map_id


def test_the_catalogue_filters_current_and_future_maps(relations_site):
    catalogue = (relations_site["site"] / "maps" / "index.html").read_text(encoding="utf-8")
    states = {
        href.strip("/").split("/")[-1]: json.loads(html.unescape(state))
        for state, href in re.findall(r"data-state='([^']*)'.*?href=\"([^\"]+)\"", catalogue, re.S)
    }
    assert states == {
        CURRENT: ["current", "with-future"],
        FUTURE: ["future"],
        CHILD: ["current"],
        f"alone-{RUN}": ["current"],
    }
    assert '<select name="state" data-jc-filter="state">' in catalogue


@pytest.mark.browser
def test_clicking_a_step_marker_with_a_detail_map_opens_it(new_tab, relations_site):
    from conftest import PageWatch

    page = new_tab()
    watch = PageWatch(page, relations_site["url"])
    page.goto(f"{relations_site['url']}maps/{CURRENT}/")
    page.wait_for_selector(".jc-chart[data-jc-drawn] canvas", timeout=10_000)
    page.evaluate("() => { window.__notReloaded = true; }")
    # the emotion marker of step 1.1 (no detail map) and of step 1.2 (detailed), in page pixels
    marker = """(index) => {
      const container = document.querySelector('.jc-chart');
      const chart = echarts.getInstanceByDom(container);
      const series = chart.getOption().series.findIndex(s => s.type === 'line');
      const point = chart.convertToPixel({seriesIndex: series}, chart.getOption().series[series].data[index]);
      const box = container.getBoundingClientRect();
      return [box.left + point[0], box.top + point[1]];
    }"""
    x, y = page.evaluate(marker, 0)
    page.mouse.click(x, y)
    page.wait_for_selector("#step-1-1.jc-highlight", timeout=3000)  # no detail map: scrolls to the step
    assert page.url.endswith(f"/maps/{CURRENT}/")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    x, y = page.evaluate(marker, 1)
    page.mouse.click(x, y - 60)  # the detailed step's column, away from its marker: scrolls, stays
    page.wait_for_selector("#step-1-2.jc-highlight", timeout=3000)
    assert page.url.endswith(f"/maps/{CURRENT}/")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    x, y = page.evaluate(marker, 1)
    page.mouse.move(x, y)
    page.locator(".jc-tooltip-detail").wait_for(state="visible", timeout=3000)
    assert CHILD_TITLE in page.locator(".jc-tooltip-detail").inner_text()
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(rf".*/maps/{CHILD}/$"), timeout=10_000)
    page.wait_for_selector(".jc-part-of", timeout=10_000)
    assert page.evaluate("() => window.__notReloaded === true"), (
        "the detail map should open by instant navigation"
    )
    assert page.locator(".jc-part-of a").first.inner_text() == CURRENT_TITLE
    watch.assert_clean()


# -- the command line ---------------------------------------------------------------------------------


@pytest.fixture
def cli_project(tmp_path, monkeypatch, capsys):
    from journey_catalogue.cli.main import main

    make_project(tmp_path, _site_maps())
    (tmp_path / "docs" / "schema").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23

    def run(*argv):
        code = main(["--help"] if not argv else list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return tmp_path, run


def test_show_names_the_current_and_future_state_and_what_a_map_is_part_of(cli_project):
    _, run = cli_project
    code, out, _ = run("show", FUTURE)
    assert code == 0 and f"Future state of: {CURRENT} ({CURRENT_TITLE})" in out
    code, out, _ = run("show", CURRENT)
    assert f"Future state: {FUTURE} ({FUTURE_TITLE})" in out
    assert f"↳ detailed in {CHILD} ({CHILD_TITLE})" in " ".join(out.split())  # wrapped to the terminal
    code, out, _ = run("show", CHILD)
    assert f"Part of: {CURRENT} ({CURRENT_TITLE}) > Find > 1.2 {STEP_ACTION}" in out


def test_exports_carry_the_links(cli_project):
    _, run = cli_project
    code, out, _ = run("export", CURRENT, "--format", "json")
    document = json.loads(out)
    assert document["stages"][0]["steps"][1]["detail"] == CHILD
    assert document["relations"] == {
        "future_of": None,
        "future_states": [FUTURE],
        "part_of": [],
        "details": [{"step": "1.2", "map": CHILD}],
    }
    assert json.loads(run("export", FUTURE, "--format", "json")[1])["future_of"] == CURRENT
    child = json.loads(run("export", CHILD, "--format", "json")[1])["relations"]["part_of"]
    assert child == [
        {"map": CURRENT, "stage": "find", "stage_name": "Find", "step": "1.2", "action": STEP_ACTION}
    ]
    csv_text = run("export", CURRENT, "--format", "csv")[1]
    assert csv_text.splitlines()[0].endswith(",detail") and f",{CHILD}" in csv_text.splitlines()[2]
    mermaid = run("export", FUTURE, "--format", "mermaid")[1]
    assert f"%% future-of: {CURRENT}" in mermaid


@pytest.mark.parametrize("kind", ["csv", "mermaid"])
def test_imports_read_the_links_back(cli_project, kind):
    root, run = cli_project
    source = CURRENT if kind == "csv" else FUTURE
    assert run("export", source, "--format", kind, "-o", f"out.{kind}")[0] == 0
    assert run("import", kind, f"out.{kind}", "--id", "copy")[0] == 0
    front = yaml.safe_load((root / "journeys" / "maps" / "copy.md").read_text().split("---")[1])
    if kind == "csv":
        assert front["stages"][0]["steps"][1]["detail"] == CHILD
    else:
        assert front["future_of"] == CURRENT


def test_new_starts_a_future_state_from_a_copy_of_the_current_map(cli_project):
    root, run = cli_project
    code, out, err = run("new", f"next-{RUN}", "--future-of", CURRENT)
    assert (code, err) == (0, "")
    assert out.startswith(
        f"created journeys/maps/next-{RUN}.md as the future state of '{CURRENT}' (status: draft)"
    )
    catalogue = load_catalogue(root / "journeys", base=root, today=TODAY)
    assert catalogue.errors == []
    made = catalogue.maps[f"next-{RUN}"]
    assert (made.meta.future_of, made.meta.status, made.meta.title) == (
        CURRENT,
        "draft",
        f"{CURRENT_TITLE}, future state",
    )
    assert made.stage_ids == catalogue.maps[CURRENT].stage_ids
    code, _, err = run("new", f"later-{RUN}", "--future-of", FUTURE)
    assert code == 1
    assert err == (
        f"journeys: error: '{FUTURE}' is itself the future state of '{CURRENT}'; "
        f"start from that map: --future-of {CURRENT}\n"
    )


@pytest.mark.browser
def test_the_state_filter_shows_future_states_or_current_maps(new_tab, relations_site):
    from conftest import PageWatch

    page = new_tab()
    watch = PageWatch(page, relations_site["url"])
    page.goto(f"{relations_site['url']}maps/")
    page.wait_for_selector("[data-jc-count]")

    def shown():
        return sorted(
            page.eval_on_selector_all("[data-jc-card]:not([hidden]) h2 a", "as => as.map(a => a.href)")
        )

    page.select_option("select[name=state]", "future")
    assert shown() == [f"{relations_site['url']}maps/{FUTURE}/"]
    assert page.url.endswith("?state=future")
    page.select_option("select[name=state]", "with-future")
    assert shown() == [f"{relations_site['url']}maps/{CURRENT}/"]
    page.select_option("select[name=state]", "current")
    assert len(shown()) == 3 and f"{relations_site['url']}maps/{FUTURE}/" not in shown()
    watch.assert_clean()


def test_a_future_state_that_cannot_be_compared_is_a_warning(tmp_path):
    journeys = write(
        tmp_path,
        {
            CURRENT: a_map("Now", [{"id": "one", "name": "One", "steps": [step("Does")]}]),
            FUTURE: a_map(
                "Later",
                [{"id": "two", "name": "Two", "steps": [step("Does")]}],
                future_of=CURRENT,
                personas=["bo"],
            ),
        },
    )
    catalogue = load_catalogue(journeys, base=tmp_path, today=TODAY)
    assert catalogue.errors == []
    where = f"journeys/maps/{FUTURE}.md:{at(journeys / 'maps' / f'{FUTURE}.md', 'future_of')}"
    assert [str(p) for p in catalogue.warnings] == [
        f"{where}: warning: future_of: has no stage id in common with '{CURRENT}' (its stages: one), so the "
        "stages cannot be compared; give the stages that stay the same `id` in both maps",
        f"{where}: warning: future_of: shares no persona with '{CURRENT}' (its personas: ana), so the chart "
        "cannot show the current state's emotion beside this map's",
    ]
    assert _validate(tmp_path, "--strict").returncode == 1
    assert _validate(tmp_path).returncode == 0
