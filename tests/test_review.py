"""`journeys review`: a pull request's changes per map and persona, on temporary git repositories."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from history_repo import ADDED_STEP, EDITED_STEP, MAP_ID, REMOVED_PAIN, git, make_repository
from i18n_words import WORD, english_words

from journey_catalogue.cli.main import main
from journey_catalogue.i18n import Translator
from journey_catalogue.interchange.mermaid import export_mermaid
from journey_catalogue.interchange.review_report import LIMIT, markdown_report, markdown_text

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
DIRECTIVE_PAIN = "%%{init: {'themeCSS': '.task{background:url(https://example.invalid/p.png)}'}}%% pain"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    target = tmp_path / "repo"
    make_repository(target)
    monkeypatch.chdir(target)
    return target


def review(capsys, *argv):
    code = main(["review", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_review_names_the_changed_steps_pains_and_emotion_moves(repo, capsys):
    code, out, err = review(capsys, "--base", "HEAD~1", "--head", "HEAD")
    assert (code, err) == (0, "")
    assert "Opening a student account in a branch" in out
    name = "Jonas, first\\-year student"  # the persona's name, from its file
    assert f"{markdown_text(EDITED_STEP)}: emotion \u22121 \u2192 +1 ({name}); pain points edited" in out
    assert f"{markdown_text(ADDED_STEP)}: added" in out
    assert f"\u2212 2.1 {markdown_text(REMOVED_PAIN)}" in out
    assert "xychart-beta" in out and out.count("  line [") == 2
    # nothing about the maps the pull request did not touch
    for other in (repo / "journeys" / "maps").glob("*.md"):
        if other.stem != MAP_ID:
            assert other.stem not in out


def test_the_json_report_carries_the_same_diff(repo, capsys):
    code, out, _ = review(capsys, "--base", "HEAD~1", "--head", "HEAD", "--format", "json")
    data = json.loads(out)
    assert code == 0
    [entry] = data["maps"]
    assert entry["id"] == MAP_ID and entry["change"] == "changed"
    moved = [s for s in entry["diff"]["steps"] if s["action"] == EDITED_STEP]
    assert moved[0]["emotion"] == [-1, 1]
    assert entry["evidence"][0]["pains"] == entry["evidence"][1]["pains"] + 1


def test_a_broken_map_in_the_head_exits_1_after_the_report(repo, capsys):
    path = repo / "journeys" / "maps" / f"{MAP_ID}.md"
    path.write_text(path.read_text().replace("emotion: 1\n", "emotion: 9\n", 1))
    code, out, err = review(capsys, "--base", "HEAD~1")
    assert code == 1
    assert re.search(rf"journeys/maps/{MAP_ID}\.md:\d+:\d+: .*emotion", err)
    assert out.startswith("## Journey review")
    assert re.search(rf"journeys/maps/{MAP_ID}\.md:\d+:\d+", out.split("### Problems")[1])


def test_added_removed_and_persona_changes(repo, capsys):
    maps = repo / "journeys" / "maps"
    git(repo, "rm", "-q", "journeys/maps/support-escalation.md")
    shutil.copy(maps / f"{MAP_ID}.md", maps / "copied-map.md")
    persona = repo / "journeys" / "personas" / "student-first-account.md"
    persona.write_text(
        persona.read_text().replace("role:", "role: Part-time", 1).replace("role: Part-time ", "role: ")
    )
    persona.write_text(persona.read_text() + "\nMore about them.\n")
    code, out, err = review(capsys, "--base", "HEAD", "--format", "json")
    data = json.loads(out)
    changes = {m["id"]: m["change"] for m in data["maps"]}
    assert changes == {"copied-map": "added", "support-escalation": "removed"}
    [person] = data["personas"]
    assert person["id"] == "student-first-account" and person["change"] == "changed"
    assert {MAP_ID, "copied-map"} <= set(person["maps"])


def _hostile_repo(repo: Path, extra_pain: str) -> None:
    """The head brings in the hostile catalogue's maps and personas, and a map with a directive pain."""
    for folder in ("maps", "personas"):
        for path in (HOSTILE / "journeys" / folder).glob("*.md"):
            shutil.copy(path, repo / "journeys" / folder / path.name)
    path = repo / "journeys" / "maps" / f"{MAP_ID}.md"
    text = path.read_text()
    path.write_text(
        text.replace("        pains:\n", f"        pains:\n          - {json.dumps(extra_pain)}\n", 1)
    )


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.rows: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_text_stays_text_in_the_rendered_markdown(repo, capsys):
    _hostile_repo(repo, DIRECTIVE_PAIN + " @octocat #1 https://example.invalid/x www.example.invalid | a | b")
    code, out, _ = review(capsys, "--base", "HEAD", "--site-url", "https://journeys.example.org/")
    assert "hostile" in out.lower() or "Hostile" in out
    html = markdown.markdown(out, extensions=["tables", "fenced_code", "md_in_html"])
    seen = _Elements()
    seen.feed(html)
    allowed = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "ul", "li"}
    allowed |= {"strong", "pre", "code", "a"}
    assert {tag for tag, _ in seen.tags} <= allowed
    links = [attrs["href"] for tag, attrs in seen.tags if tag == "a"]
    assert links and all(href.startswith("https://journeys.example.org/") for href in links)
    assert {len(seen.rows) and n for n in seen.rows} == {3}  # no cell added by a `|` in a text
    prose = re.sub(r"<pre>.*?</pre>", "", html, flags=re.S)  # GitHub links nothing in code blocks
    assert not re.search(r"@\w|#\d|://|www\.", re.sub(r'href="[^"]*"', "", prose))
    assert "<script>" in prose or "&lt;script" in html  # the text is shown, as text
    chart = out.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "%%{" not in chart.split("\n", 1)[1]  # only our own palette directive, on the first line


def test_markdown_text_escapes_every_construct():
    for hostile in ("[x](https://e.invalid)", "![i](x.png)", "<b>x</b>", "@someone", "#12", "a|b", "**b**"):
        html = markdown.markdown(markdown_text(hostile), extensions=["tables"])
        assert "<a" not in html and "<img" not in html and "<b>" not in html and "<strong>" not in html
    assert markdown_text("a\n\n# heading") == "a \\# heading"


def test_mermaid_export_codes_a_directive_in_a_pain(repo):
    from journey_catalogue.format.loader import load_catalogue

    _hostile_repo(repo, DIRECTIVE_PAIN)
    journey = load_catalogue(repo / "journeys").maps[MAP_ID]
    exported = export_mermaid(journey)
    assert "%%{" not in exported and "{" not in exported and "}" not in exported
    assert "example.invalid" in exported  # the pain is still there, as text


def _big_repo(repo: Path, count: int) -> None:
    source = (repo / "journeys" / "maps" / f"{MAP_ID}.md").read_text()
    for n in range(count):
        long = "A very long step about waiting " * 8
        text = source.replace(EDITED_STEP, f"{long} {n}").replace("title:", f"title: Copy {n} of", 1)
        (repo / "journeys" / "maps" / f"big-{n:03d}.md").write_text(text)


def test_a_large_pull_request_is_cut_below_githubs_limit_with_a_note(repo, capsys):
    _big_repo(repo, 120)
    code, out, _ = review(capsys, "--base", "HEAD")
    assert len(out) < LIMIT
    assert out.index("| Map |") < out.index("<details")
    assert out.count("<details") == out.count("</details>") >= 1
    left = re.search(r"The details of (\d+) maps are left out", out)
    assert left and int(left.group(1)) + out.count("<details") == 120
    assert all(f"Copy {n} of" in out for n in range(120))  # every map is still in the summary table


def test_markdown_report_respects_a_small_limit(repo, capsys):
    _big_repo(repo, 5)
    code = main(["review", "--base", "HEAD", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    text = markdown_report(data, limit=2_500)
    assert len(text) < 2_500 and "left out" in text


def test_the_documented_example_is_the_current_report(tmp_path):
    from review_example import documented, example_report

    assert documented().strip() == example_report(tmp_path).strip(), (
        "rewrite it: ./.venv/bin/python tests/review_example.py"
    )


def test_a_renamed_map_is_reported_as_renamed_with_its_old_id(repo, capsys):
    git(repo, "mv", "journeys/maps/support-escalation.md", "journeys/maps/support-escalation-desk.md")
    git(repo, "commit", "-q", "-m", "Rename")
    code, out, _ = review(capsys, "--base", "HEAD~1", "--head", "HEAD", "--format", "json")
    [entry] = json.loads(out)["maps"]
    assert (entry["id"], entry["change"], entry["old_id"]) == (
        "support-escalation-desk",
        "renamed",
        "support-escalation",
    )
    code, out, _ = review(capsys, "--base", "HEAD~1", "--head", "HEAD")
    assert "renamed from support\\-escalation" in out


def _texts(value) -> list[str]:
    """Every text in a map's frontmatter: what its authors wrote."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("language", ["ru", "pl"])
def test_the_report_is_in_the_catalogues_language_and_its_json_is_not(repo, capsys, language):
    # a pain that changed severity and a broken map in the working tree, so that every part is shown
    path = repo / "journeys" / "maps" / f"{MAP_ID}.md"
    path.write_text(path.read_text().replace("severity: high", "severity: low", 1))
    code, out, err = review(capsys, "--base", "HEAD~1", "--language", language)
    assert code == 0, err
    english = english_words(language)
    assert {"compared", "evidence", "unchanged", "severity"} <= english  # the report's words are listed
    # what the map's authors wrote stays as written; every other word is ours
    # the chart (its words are checked below), HTML tags, link targets and the revision named are not words
    ours = re.sub(r"```mermaid.*?```|<[^>]+>|\]\([^)]*\)", " ", out, flags=re.S).replace("HEAD\\~1", " ")
    written = _texts(yaml.safe_load(git(repo, "show", f"HEAD~1:journeys/maps/{MAP_ID}.md").split("---")[1]))
    written += _texts(yaml.safe_load(path.read_text().split("---")[1])) + ["Jonas, first-year student"]
    for text in sorted(written, key=len, reverse=True):
        ours = ours.replace(markdown_text(text), " ").replace(text, " ")
    found = sorted({w for w in WORD.findall(ours) if w.lower() in english})
    assert found == [], "\n" + out
    assert Translator(language).gettext("Journey review") in out
    assert f'y-axis "{Translator(language).gettext("Emotion")}"' in out
    code, json_out, _ = review(capsys, "--base", "HEAD~1", "--language", language, "--format", "json")
    assert "1 step added" in json.loads(json_out)["maps"][0]["summary"]  # JSON stays English
