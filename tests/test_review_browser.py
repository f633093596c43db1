"""`journeys review`'s chart and the Mermaid export in the real `mermaid` package (pinned, headless Chromium):
the xychart parses with both curves, and a directive in a pain changes nothing and fetches nothing."""

from __future__ import annotations

import pytest
from history_repo import MAP_ID, make_repository
from mermaid_js import mermaid_script
from test_review import DIRECTIVE_PAIN, _hostile_repo, review

from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.interchange.mermaid import export_mermaid

pytestmark = pytest.mark.browser

DRAW = """async (source) => {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const {svg} = await mermaid.render('d' + Math.random().toString(36).slice(2), source);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const lines = [...doc.querySelectorAll('path')].filter((p) => p.closest('.line-plot-0, .line-plot-1')
    || (p.parentNode.getAttribute('class') || '').includes('line-plot'));
  return {type: diagram.type, svg, style: doc.querySelector('style').textContent, lines: lines.length,
    text: doc.documentElement.textContent};
}"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    make_repository(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


@pytest.fixture
def mermaid(chromium):
    context = chromium.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(mermaid_script()))
    page.evaluate("() => mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")

    def draw(source: str) -> dict:
        result = page.evaluate(DRAW, source)
        page.set_content(f"<!doctype html><html><body>{result['svg']}</body></html>")
        page.wait_for_timeout(200)
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(mermaid_script()))
        page.evaluate("() => mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
        return result

    yield draw, requests
    context.close()
    assert errors == []


def test_the_review_chart_is_an_xychart_real_mermaid_draws_with_two_lines(repo, capsys, mermaid):
    draw, _ = mermaid
    code, out, _ = review(capsys, "--base", "HEAD~1", "--head", "HEAD")
    chart = out.split("```mermaid\n", 1)[1].split("```", 1)[0]
    drawn = draw(chart)
    assert drawn["type"] == "xychart"
    assert drawn["svg"].count('class="line-plot-') == 2
    assert "2.1" in drawn["text"] and "Emotion" in drawn["text"]


def test_hostile_titles_in_the_chart_stay_text(repo, capsys, mermaid):
    from journey_catalogue.interchange.review_report import emotion_chart

    draw, requests = mermaid
    curve = {"steps": ["1.1", "1.2"], "before": [0, 1], "after": [1, -1]}
    fenced = emotion_chart(curve, 'x" ] %%{init: {"theme": "dark"}}%% <img src=https://example.invalid/i>')
    drawn = draw(fenced.split("\n", 1)[1].rsplit("```", 1)[0])
    assert drawn["type"] == "xychart"
    assert 'x" ] %%{init' in drawn["text"] and "example.invalid" in drawn["text"]  # shown as text
    assert "dark" not in drawn["style"]
    assert not [url for url in requests if "example.invalid" in url]


def test_a_directive_in_a_pain_does_not_restyle_the_exported_journey(repo, mermaid):
    draw, requests = mermaid
    _hostile_repo(repo, DIRECTIVE_PAIN)
    journey = load_catalogue(repo / "journeys").maps[MAP_ID]
    drawn = draw(export_mermaid(journey))
    assert drawn["type"] == "journey"
    assert "example.invalid" not in drawn["style"] and "example.invalid" not in drawn["svg"]
    assert not [url for url in requests if "example.invalid" in url]
    # the same pain written raw into a comment, as the export did, is read as a directive by Mermaid
    raw = export_mermaid(journey).replace("journey\n", f"journey\n    %% pain: {DIRECTIVE_PAIN}\n", 1)
    assert "example.invalid" in draw(raw)["style"]
