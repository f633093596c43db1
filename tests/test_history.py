"""Map history from git: `journeys diff`, the History section, "changed recently", shallow clones and
builds outside git. Every test works on a temporary repository made here (tests/history_repo.py)."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml
from history_repo import (
    ADDED_STEP,
    CHANGED_OPPORTUNITY,
    EDITED_STEP,
    HOSTILE_SUBJECT,
    MAP_ID,
    REMOVED_PAIN,
    git,
    make_repository,
)
from i18n_words import WORD, english_words

from journey_catalogue.cli.main import main
from journey_catalogue.format.loader import map_from_bytes
from journey_catalogue.history.diff import diff_maps, match_steps, summary
from journey_catalogue.history.git_log import parse_log
from journey_catalogue.i18n import Translator

from conftest import ROOT, build_site, page_chart

OPPORTUNITY_STEP = "Waits for the card and PIN by post"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    target = tmp_path_factory.mktemp("history") / "catalogue"
    commits = make_repository(target)
    return {"path": target, **commits}


@pytest.fixture(scope="module")
def repo_site(repo, tmp_path_factory):
    site = tmp_path_factory.mktemp("history-site") / "site"
    build_site(repo["path"] / "mkdocs.yml", site, "http://127.0.0.1:8000/")
    return site


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def diff_json(capsys, repo, *revisions):
    code, out, err = run(
        capsys, "diff", MAP_ID, *revisions, "--format", "json", "-f", str(repo["path"] / "mkdocs.yml")
    )
    assert code == 0, err
    return json.loads(out)


# -- journeys diff ------------------------------------------------------------------------------------


def test_diff_from_the_first_commit_reports_exactly_what_changed(capsys, repo):
    result = diff_json(capsys, repo, "--from", repo["first"])
    steps = {(s["action"], s["change"]): s for s in result["steps"]}
    assert set(steps) == {(EDITED_STEP, "changed"), (ADDED_STEP, "added"), (OPPORTUNITY_STEP, "changed")}
    edited = steps[(EDITED_STEP, "changed")]
    assert edited["emotion"] == [-1, 1]
    assert edited["emotion_by_persona"] == {"student-first-account": [-1, 1]}
    assert edited["stage"] == "book-appointment" and edited["step"] == "2.1"
    assert sorted(edited["fields"]) == ["emotion", "pains"]
    added = steps[(ADDED_STEP, "added")]
    assert added["emotion"] == [None, 0] and added["step"] == "2.2"
    assert steps[(OPPORTUNITY_STEP, "changed")]["fields"] == ["opportunities"]
    assert [p["text"] for p in result["pains"]["removed"]] == [REMOVED_PAIN]
    assert result["pains"]["added"] == [] and result["pains"]["changed"] == []
    assert [(o["text"], o["change"], o["status"]) for o in result["opportunities"]] == [
        (CHANGED_OPPORTUNITY, "changed", ["done", "in-progress"])
    ]
    assert result["metadata"] == []
    assert result["stages"] == {"added": [], "removed": [], "changed": []}
    assert result["from"]["revision"] == repo["first"] and result["to"] == {"revision": "working-tree"}


def test_diff_defaults_to_the_last_change_and_names_revisions_both_ways(capsys, repo):
    default = diff_json(capsys, repo)
    explicit = diff_json(capsys, repo, "--from", repo["first"][:10], "--to", "HEAD")
    assert default["from"]["revision"] == repo["first"]
    for key in ("steps", "pains", "opportunities", "stages", "metadata"):
        assert default[key] == explicit[key]
    assert explicit["to"]["revision"] == repo["second"] and explicit["to"]["subject"] == HOSTILE_SUBJECT
    same = diff_json(capsys, repo, "--from", "HEAD", "--to", "HEAD")
    assert same["steps"] == [] and same["opportunities"] == [] and same["metadata"] == []


def test_diff_as_text(capsys, repo):
    code, out, err = run(
        capsys, "diff", MAP_ID, "--from", repo["first"], "-f", str(repo["path"] / "mkdocs.yml")
    )
    assert code == 0, err
    assert (
        f"~ 2.1 [book-appointment] {EDITED_STEP} (emotion, pains); emotion student-first-account -1 -> +1"
        in out
    )
    assert f"+ 2.2 [book-appointment] {ADDED_STEP}" in out
    assert f"- 2.1 {REMOVED_PAIN} (high)" in out
    assert f"{CHANGED_OPPORTUNITY}: done -> in-progress" in out
    code, out, _ = run(
        capsys, "diff", MAP_ID, "--from", "HEAD", "--to", "HEAD", "-f", str(repo["path"] / "mkdocs.yml")
    )
    assert code == 0 and out.rstrip().endswith("No changes.")


@pytest.mark.parametrize("revision", ["no-such-branch", "--output=LEAK", "HEAD~5"])
def test_an_unknown_revision_is_one_clear_line(capsys, repo, revision, tmp_path):
    leak = tmp_path / "leak"  # where git would write if the revision were read as an option
    revision = revision.replace("LEAK", str(leak))
    code, out, err = run(capsys, "diff", MAP_ID, f"--from={revision}", "-f", str(repo["path"] / "mkdocs.yml"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"journeys: error: unknown revision '{revision}'")
    assert not leak.exists()


def test_outside_git_diff_is_one_clear_line(capsys, repo, tmp_path):
    shutil.copytree(repo["path"] / "journeys", tmp_path / "journeys")
    code, out, err = run(capsys, "diff", MAP_ID, "--root", str(tmp_path / "journeys"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "not a git repository" in err and "Traceback" not in err


def test_a_map_missing_from_a_revision_is_one_clear_line(capsys, repo, tmp_path):
    target = tmp_path / "repo"
    make_repository(target)
    new = target / "journeys" / "maps" / "brand-new.md"
    shutil.copy(target / "journeys" / "maps" / f"{MAP_ID}.md", new)
    code, _, err = run(capsys, "diff", "brand-new", "--root", str(target / "journeys"))
    assert code == 1 and err.count("\n") == 1
    assert "no earlier committed version" in err
    code, _, err = run(capsys, "diff", "brand-new", "--from", "HEAD", "--root", str(target / "journeys"))
    assert code == 1 and err.startswith("journeys: error: map 'brand-new' is not in revision HEAD")


# -- the comparison itself ------------------------------------------------------------------------------

BASE = """\
---
title: T
summary: S
segment: B2C
industry: I
personas: [ann, bob]
owner: O
updated: 2026-01-01
stages:
  - id: one
    name: One
    steps:
      - action: A
        emotion: {ann: 1, bob: -1}
      - action: B
        emotion: 0
      - action: C
        emotion: 1
  - id: two
    name: Two
    steps:
      - action: D
---
"""


def parsed(text: str):
    journey, problems = map_from_bytes(text.encode(), Path("t.md"), "t.md")
    assert journey is not None, problems
    return journey


def test_inserting_a_step_does_not_mark_the_later_steps_changed():
    new = parsed(BASE.replace("      - action: B\n", "      - action: New\n      - action: B\n"))
    diff = diff_maps(parsed(BASE), new)
    assert [(s["action"], s["change"], s["step"]) for s in diff.steps] == [("New", "added", "1.2")]
    assert match_steps(parsed(BASE).meta.stages[0].steps, new.meta.stages[0].steps) == [
        (0, 0),
        (None, 1),
        (1, 2),
        (2, 3),
    ]


def test_an_edited_action_in_place_is_the_same_step_changed():
    diff = diff_maps(
        parsed(BASE),
        parsed(BASE.replace("action: B\n        emotion: 0", "action: Bee\n        emotion: -2")),
    )
    (step,) = diff.steps
    assert step["change"] == "changed" and step["action_before"] == "B" and step["action"] == "Bee"
    assert step["emotion"] == [0, -2] and step["emotion_by_persona"] == {"ann": [0, -2], "bob": [0, -2]}


def test_per_persona_emotions_stages_and_metadata():
    new = BASE.replace("emotion: {ann: 1, bob: -1}", "emotion: {ann: 1, bob: 2}").replace(
        "title: T", "title: U"
    )
    new = new.replace(
        "  - id: two\n    name: Two\n    steps:\n      - action: D\n",
        "  - id: three\n    name: Three\n    steps:\n      - action: E\n",
    )
    diff = diff_maps(parsed(BASE), parsed(new))
    assert diff.metadata == [{"field": "title", "before": "T", "after": "U"}]
    assert diff.stages["added"] == [{"id": "three", "name": "Three"}]
    assert diff.stages["removed"] == [{"id": "two", "name": "Two"}]
    by_action = {s["action"]: s for s in diff.steps}
    assert by_action["A"]["emotion_by_persona"] == {"ann": [1, 1], "bob": [-1, 2]}
    assert by_action["E"]["change"] == "added" and by_action["D"]["change"] == "removed"
    assert (
        summary(diff)
        == "title edited; 1 stage added, 1 stage removed; 1 step edited, 1 step added, 1 step removed; "
        "emotion changed at 1 step"
    )


def test_identical_versions_have_no_differences():
    diff = diff_maps(parsed(BASE), parsed(BASE))
    assert diff.is_empty() and summary(diff) == "no change to the map's content"


def test_the_log_parser_keeps_hostile_subjects_whole():
    header = "\x01" + "\0".join(
        [
            "a" * 40,
            "a" * 40,
            "2026-01-01T00:00:00+00:00",
            "2026-01-01T00:00:00+00:00",
            "",
            "Eve\x1b[2J",
            ":evil\x01 subject",
        ]
    )
    raw = ":100644 100644 " + "1" * 40 + " " + "2" * 40 + " M"
    output = (header + "\0\n" + raw + "\0journeys/maps/x.md\0").encode()
    (change,) = parse_log(output)["journeys/maps/x.md"]
    assert change.commit.subject == ":evil\ufffd subject" and change.commit.author == "Eve\ufffd[2J"
    assert (change.old_blob, change.new_blob, change.status) == ("1" * 40, "2" * 40, "M")


# -- the site --------------------------------------------------------------------------------------------


def history_section(site: Path, map_id: str) -> str:
    page = (site / "maps" / map_id / "index.html").read_text(encoding="utf-8")
    # the heading's id follows its (translated) text; the section itself is marked
    match = re.search(r'<h2 id="[^"]*">[^<]*</h2>\s*<div class="jc-history".*?(?=<h2)', page, re.S)
    assert match, f"no History section on {map_id}"
    return match.group(0)


def test_the_map_page_lists_both_revisions_newest_first(repo, repo_site):
    section = history_section(repo_site, MAP_ID)
    shorts = re.findall(r"<code>([0-9a-f]{7})</code>", section)
    assert shorts == [repo["second"][:7], repo["first"][:7]]
    subjects = re.findall(r'<td class="jc-revision-subject">(.*?)</td>', section)
    assert [html.unescape(s) for s in subjects] == [HOSTILE_SUBJECT, "Import the catalogue"]
    assert "<" not in subjects[0] and '"' not in subjects[0]
    assert "Import the catalogue" in section
    assert f'href="https://example.org/acme/catalogue/commit/{repo["second"]}"' in section
    assert (
        "2 steps edited, 1 step added; emotion changed at 1 step; 1 pain point removed; "
        "1 opportunity changed status" in section
    )
    assert "map created" in section
    details = [html.unescape(d) for d in re.findall(r"<li>(.*?)</li>", section)]
    assert details == [
        f"Step 2.1 “{EDITED_STEP}”: emotion Jonas, first-year student −1 → +1; pain points edited",
        f"Step 2.2 added: \u201c{ADDED_STEP}\u201d",
        f"Step 4.1 \u201c{OPPORTUNITY_STEP}\u201d: opportunities edited",
        f"Pain point removed at 2.1: \u201c{REMOVED_PAIN}\u201d",
        f"Opportunity at 4.1 \u201c{CHANGED_OPPORTUNITY}\u201d: done \u2192 in-progress",
    ]
    assert "<script>alert" not in section and "<img src=x" not in section


@pytest.mark.parametrize("language", ["ru", "pl"])
def test_the_history_is_worded_in_the_sites_language(repo, tmp_path, language):
    copy = tmp_path / "catalogue"
    shutil.copytree(repo["path"], copy, symlinks=True)
    config = copy / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  name: material\n", f"  name: material\n  language: {language}\n", 1)
    )
    site = tmp_path / "site"
    build_site(config, site, "http://127.0.0.1:8000/")
    section = history_section(site, MAP_ID)
    cells = [
        html.unescape(re.sub(r"<[^>]+>", " ", c))
        for c in re.findall(r'<td class="jc-revision-summary">(.*?)</td>', section, re.S)
    ]
    assert len(cells) == 2
    # what the map's authors wrote (steps, pains, personas) stays as written; every other word is ours
    content = [
        EDITED_STEP,
        ADDED_STEP,
        OPPORTUNITY_STEP,
        REMOVED_PAIN,
        CHANGED_OPPORTUNITY,
        "Jonas, first-year student",
    ]
    ours = " ".join(cells)
    for text in content:
        assert text in ours
        ours = ours.replace(text, " ")
    english = english_words(language)
    assert {"edited", "added", "created"} <= english  # the history's own words are in the list
    assert sorted({w for w in WORD.findall(ours) if w.lower() in english}) == []
    assert Translator(language).ngettext("%(num)d step edited", "%(num)d steps edited", 2) in ours


def test_the_chart_carries_the_earlier_curve_switched_off(repo_site):
    page = (repo_site / "maps" / MAP_ID / "index.html").read_text(encoding="utf-8")
    chart = page_chart(page)
    (earlier,) = chart["earlier"]
    # the first version's emotions on today's steps; the step added since (2.2) had none
    assert earlier["data"] == [[0, 1, -1, None, -1, 0, 0, -2, 0]]
    legend = chart["options"]["legend"][-1]
    assert legend["selected"] == {earlier["names"][0]: False}
    series = [s for s in chart["options"]["series"] if s.get("id") == "jc-earlier-0"]
    assert series and series[0]["data"][2] == [2, -1]


def test_a_map_committed_once_says_so_in_one_sentence(repo, repo_site):
    """Most maps have one revision, the commit that created them: a sentence, not a table of one row."""
    section = history_section(repo_site, "b2b-generic-journey")
    first = repo["first"]
    url = f"https://example.org/acme/catalogue/commit/{first}"
    link = f'<a class="jc-commit" href="{url}" rel="nofollow noopener">'
    assert (
        '<p class="jc-history-intro">Map created on '
        '<time datetime="2026-10-01">2026-10-01</time> by Ann Author, '
        f"commit {link}<code>{first[:7]}</code></a>, <q>Import the catalogue</q>.</p>"
    ) in section
    assert "<table" not in section and "Show in chart" not in section


def test_a_single_revision_by_a_hostile_author_shows_as_text(tmp_path):
    from history_repo import HOSTILE_AUTHOR, copy_catalogue

    copy_catalogue(ROOT / "tests" / "fixtures" / "catalogue", tmp_path / "c")
    git(tmp_path / "c", "init", "-q", "-b", "main")
    git(tmp_path / "c", "add", "-A")
    git(tmp_path / "c", "commit", "-q", "-m", HOSTILE_SUBJECT, author=(HOSTILE_AUTHOR, "m@example.org"))
    build_site(tmp_path / "c" / "mkdocs.yml", tmp_path / "site", "http://127.0.0.1:8000/")
    section = history_section(tmp_path / "site", MAP_ID)
    (sentence,) = re.findall(r'<p class="jc-history-intro">(.*?)</p>', section)
    assert "<script" not in sentence and "<img" not in sentence and "<b>" not in sentence
    text = html.unescape(re.sub(r"<[^>]+>", "", sentence))
    author = git(tmp_path / "c", "log", "-1", "--format=%aN")  # git drops the name's < and >
    assert author.startswith("Mallory &amp;") and f"by {author}, commit " in text
    assert text.endswith(f", {HOSTILE_SUBJECT}.")


def test_the_catalogue_marks_maps_changed_recently(repo_site):
    catalogue = (repo_site / "maps" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="jc-card".*?</article>', catalogue, re.S)
    recent = [c for c in cards if 'data-changed="recent"' in c]
    assert len(recent) == 1 and f'href="../{MAP_ID}/"' in recent[0] or f"{MAP_ID}/" in recent[0]
    assert "Changed recently" in recent[0] and all(
        "Changed recently" not in c for c in cards if c not in recent
    )
    assert '<select name="changed" data-jc-filter="changed">' in catalogue
    assert "In the last 30 days" in catalogue


def test_outside_git_the_site_has_no_history_section(built_site):
    page = (built_site / "maps" / MAP_ID / "index.html").read_text(encoding="utf-8")
    assert 'id="history"' not in page and "data-jc-history" not in page
    assert '"earlier"' not in html.unescape(page)
    assert 'name="changed"' not in (built_site / "maps" / "index.html").read_text(encoding="utf-8")


def test_history_can_be_switched_off(repo, tmp_path):
    config = repo["path"] / "mkdocs-no-history.yml"
    config.write_text(
        (repo["path"] / "mkdocs.yml")
        .read_text()
        .replace("      today:", "      history: false\n      today:"),
        encoding="utf-8",
    )
    build_site(config, tmp_path / "site", "http://127.0.0.1:8000/")
    page = (tmp_path / "site" / "maps" / MAP_ID / "index.html").read_text(encoding="utf-8")
    assert 'id="history"' not in page and "history.js" not in page
    config.unlink()


def test_a_shallow_clone_says_so_on_the_page_and_in_the_log(repo, tmp_path, caplog):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo['path']}", str(clone))
    (clone / "theme_overrides").unlink(missing_ok=True)
    (clone / "theme_overrides").symlink_to(Path(__file__).resolve().parent.parent / "theme_overrides")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.journeys"):
        build_site(clone / "mkdocs.yml", tmp_path / "site", "http://127.0.0.1:8000/")
    assert any(
        "shallow git clone" in r.getMessage() and "fetch-depth: 0" in r.getMessage() for r in caplog.records
    )
    section = history_section(tmp_path / "site", MAP_ID)
    assert "Incomplete history" in section and "fetch-depth: 0" in section
    assert re.findall(r"<code>([0-9a-f]{7})</code>", section) == [repo["second"][:7]]
    # its one revision, in a sentence: the earliest this clone knows, not the map's creation
    assert "Earliest revision in this shallow clone on " in section and "created" not in section


def test_a_live_preview_shows_a_reworded_commit(repo, tmp_path):
    """The serve cache must not keep a History section whose commits changed while the map did not."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = tmp_path / "repo"
    make_repository(target)
    site = tmp_path / "site"

    def load():
        return load_config(str(target / "mkdocs.yml"), site_dir=str(site))

    config = load()
    plugin = config.plugins["journeys"]
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    assert "Reworded subject" not in history_section(site, MAP_ID)
    git(target, "commit", "-q", "--amend", "-m", "Reworded subject")
    config = load()
    assert config.plugins["journeys"] is plugin  # as in `mkdocs serve`: the instance and its caches stay
    build(config)
    assert "Reworded subject" in history_section(site, MAP_ID)
    assert plugin.section_cache.hits > 0  # the other pages came from the cache


def test_the_search_index_leaves_the_history_out(repo_site):
    index = (repo_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Import the catalogue" not in index and "alert(" not in index
    assert "map created" not in index and "Show in chart" not in index
    assert "Opening a student account in a branch" in index  # the map itself is still indexed


def test_the_publishing_workflow_checks_out_the_whole_history():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    checkout = [
        s for s in workflow["jobs"]["build"]["steps"] if str(s.get("uses", "")).startswith("actions/checkout")
    ]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0
    assert "fetch-depth: 0" in (ROOT / "docs" / "reference" / "plugin.md").read_text()


def test_control_characters_in_commits_never_reach_the_terminal(capsys, tmp_path):
    target = tmp_path / "repo"
    make_repository(target)
    path = target / "journeys" / "maps" / f"{MAP_ID}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Opening", "title: Really opening"))
    git(
        target,
        "commit",
        "-q",
        "-a",
        "-m",
        "Retitle \x1b]52;c;ZXZpbA==\x07\x1b[2J now",
        author=("Eve\x1b[31m", "e@x"),
    )
    code, out, err = run(
        capsys, "diff", MAP_ID, "--from", "HEAD~1", "--to", "HEAD", "--root", str(target / "journeys")
    )
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "Retitle \ufffd]52;c;ZXZpbA==\ufffd\ufffd[2J now" in out
    assert (
        "~ title: Opening a student account in a branch -> Really opening a student account in a branch"
        in out
    )


def test_an_invalid_version_is_named_with_its_problem(capsys, tmp_path):
    target = tmp_path / "repo"
    make_repository(target)
    path = target / "journeys" / "maps" / f"{MAP_ID}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("emotion: 1\n", "emotion: 7\n", 1))
    code, out, err = run(capsys, "diff", MAP_ID, "--from", "HEAD", "--root", str(target / "journeys"))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith(f"journeys: error: map '{MAP_ID}' in the working tree is not a valid map: ")
    assert "expected an integer from -2 to 2, got 7" in err


MINIMAL_MAP = """\
---
title: A first version
summary: Before the contributor's pull request.
segment: B2C
industry: Testing
personas: [{persona}]
owner: Team
updated: 2026-01-01
stages:
  - id: start
    name: Start
    steps:
      - action: Starts
        emotion: 0
---
"""


def test_hostile_maps_in_history_stay_text_in_the_terminal_json_and_pages(capsys, tmp_path):
    """Every text of the hostile catalogue arrives in one commit: diffs list them, History sections
    describe them. None may become markup, and no control character reaches a terminal."""
    from test_security import HOSTILE, MAP_IDS, PERSONA_IDS, SCRIPT, WINDOW_XSS, _copy_hostile

    project = _copy_hostile(tmp_path / "project")
    maps = project / "journeys" / "maps"
    hostile = {m: (maps / f"{m}.md").read_text(encoding="utf-8") for m in MAP_IDS}
    for m in MAP_IDS:
        (maps / f"{m}.md").write_text(MINIMAL_MAP.format(persona=PERSONA_IDS[0]), encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Start", date="2026-11-01T10:00:00+00:00")
    for m, text in hostile.items():
        (maps / f"{m}.md").write_text(text, encoding="utf-8")
    git(project, "commit", "-q", "-a", "-m", f"Contribution {SCRIPT}", date="2026-11-02T10:00:00+00:00")
    config = ["-f", str(project / "mkdocs.yml")]
    for m in MAP_IDS:
        code, out, err = run(capsys, "diff", m, "--from", "HEAD~1", *config)
        assert code == 0, err
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out), f"{m}: a control character"
        code, out, err = run(capsys, "diff", m, "--from", "HEAD~1", "--format", "json", *config)
        assert code == 0 and json.loads(out)["steps"], err
    site = tmp_path / "site"
    build_site(project / "mkdocs.yml", site, "http://127.0.0.1:8000/")
    for m in MAP_IDS:
        section = history_section(site, m)
        assert SCRIPT not in section and WINDOW_XSS not in section
        assert html.escape(SCRIPT, quote=False) in section  # the subject, as text
        assert "<li>Step 1.1 added: " in section
    assert HOSTILE.is_dir()
