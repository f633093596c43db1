"""Portfolio insights: the phase vocabulary, the semantics of `journeys insights`, and the insights page.

The semantics are checked on a small catalogue written by the tests themselves (not the examples), whose
expected figures are worked out by hand in the comments.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from journey_catalogue.catalogue.insights import compute_insights
from journey_catalogue.cli.main import main
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.phases import DEFAULT_PHASES, PhaseVocabulary, PhaseVocabularyError

from conftest import FIXTURE_CATALOGUE, ROOT, build_site

PERSONAS = {
    "ann": {"name": "Ann, buyer", "role": "Buyer", "segment": "B2B"},
    "bob": {"name": "Bob, approver", "role": "Approver", "segment": "B2B"},
    "cat": {"name": "Cat, shopper", "role": "Shopper", "segment": "B2C"},
}
SOURCES = [
    {"id": "survey", "type": "survey", "title": "Buyer survey", "sample": 120},
    {"id": "calls", "type": "support", "title": "Call logs", "sample": 30},
]


def a_map(title: str, segment: str, personas: list[str], stages: list[dict], **changes) -> dict:
    front = {
        "title": title,
        "summary": "Someone does something.",
        "segment": segment,
        "industry": "Testing",
        "personas": personas,
        "owner": "QA",
        "updated": "2026-10-01",
        "sources": [],
        "stages": stages,
    }
    front.update(changes)
    return front


def unseen_maps() -> dict[str, dict]:
    """Maps no other test knows. Expected figures:
    (support, chat): alpha 1.1, alpha 1.2, beta 1.1 -> 3 steps; pains 2 + 0 + 1 = 3;
                     emotion mean(-1.5 [ann -2, bob -1], -1, beta has none) = -1.25
    (support, email): alpha 1.1 -> 1 step, 2 pains, -1.5   (chat is named twice in 1.1: counted once)
    (None, web): alpha 2.1 -> 1 step, 1 pain, +2.0          (alpha 2.2 has no touchpoint: in no cell)
    (awareness, chat): eps (a draft, counted) -> 1 step, 0 pains, 0.0
    gamma (archived) and delta (template) are left out."""
    alpha = a_map(
        "Alpha procurement",
        "B2B",
        ["ann", "bob"],
        [
            {
                "id": "ask",
                "name": "Ask for help",
                "phase": "support",
                "steps": [
                    {
                        "action": "Asks in chat and by email",
                        "touchpoints": ["chat", "email", "chat"],
                        "emotion": {"ann": -2, "bob": -1},
                        "pains": [
                            "Nobody answers for a day",
                            {
                                "text": "The answer contradicts the contract",
                                "severity": "high",
                                "sources": ["survey"],
                            },
                        ],
                        "opportunities": [
                            {
                                "text": "Route contract questions",
                                "status": "planned",
                                "sources": ["survey", "calls"],
                            }
                        ],
                    },
                    {"action": "Waits in chat", "touchpoints": ["chat"], "emotion": -1},
                ],
            },
            {
                "name": "Use it",
                "steps": [
                    {
                        "action": "Works on the website",
                        "touchpoints": ["web"],
                        "emotion": 2,
                        "pains": [{"text": "A slow page", "severity": "low"}],
                        "opportunities": [{"text": "Cache the page", "status": "done"}],
                    },
                    {
                        "action": "Thinks it over offline",
                        "pains": [{"text": "Forgets the password", "severity": "high"}],
                    },
                ],
            },
        ],
    )
    alpha["sources"] = SOURCES
    beta = a_map(
        "Beta returns",
        "B2C",
        ["cat"],
        sources=SOURCES[1:],
        stages=[
            {
                "name": "Return",
                "phase": "support",
                "steps": [
                    {
                        "action": "Chats about a refund",
                        "touchpoints": ["chat"],
                        "pains": [{"text": "The bot loops", "sources": ["calls"]}],
                        "opportunities": ["Hand over to a person after two tries"],
                    }
                ],
            }
        ],
    )
    hidden_step = {"action": "Hidden", "touchpoints": ["chat"], "emotion": -2, "pains": ["Hidden pain"]}
    gamma = a_map(
        "Gamma old",
        "B2C",
        ["cat"],
        [{"name": "S", "phase": "support", "steps": [hidden_step]}],
        status="archived",
    )
    delta = a_map(
        "Delta template",
        "B2C",
        ["cat"],
        [{"name": "S", "phase": "support", "steps": [hidden_step]}],
        template=True,
    )
    eps = a_map(
        "Eps draft",
        "B2C",
        ["cat"],
        [
            {
                "name": "Hear of it",
                "phase": "awareness",
                "steps": [{"action": "Sees an ad", "touchpoints": ["chat"], "emotion": 0}],
            }
        ],
        status="draft",
    )
    return {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta, "eps": eps}


def write_catalogue(root: Path, maps: dict[str, dict], plugin_options: dict | None = None) -> Path:
    for folder, files in (("maps", maps), ("personas", PERSONAS)):
        (root / "journeys" / folder).mkdir(parents=True, exist_ok=True)
        for name, front in files.items():
            text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            (root / "journeys" / folder / f"{name}.md").write_text(f"---\n{text}---\n", encoding="utf-8")
    config = {
        "site_name": "Unseen",
        "plugins": ["search", {"journeys": {"today": "2026-11-23", **(plugin_options or {})}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Unseen\n", encoding="utf-8")
    return root


@pytest.fixture
def unseen(tmp_path, monkeypatch):
    root = write_catalogue(tmp_path, unseen_maps())
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    return root


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cells_by_key(data: dict) -> dict:
    return {(c["phase"], c["channel"]): c for c in data["cells"]}


# -- the semantics ---------------------------------------------------------------------------------


def test_json_gives_the_cells_and_opportunities_of_a_catalogue_it_has_never_seen(unseen, capsys):
    code, out, err = run(capsys, "insights", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    cells = cells_by_key(data)
    assert list(cells) == [
        ("awareness", "chat"),
        ("support", "email"),  # channels in vocabulary order: email comes before chat
        ("support", "chat"),
        (None, "web"),  # stages without a phase last
    ]
    chat = cells[("support", "chat")]
    assert (chat["steps"], chat["pains"], chat["mean_emotion"], chat["maps"]) == (3, 3, -1.25, 2)
    assert [r["step"] for r in chat["step_refs"]] == ["1.1", "1.2", "1.1"]
    assert (
        chat["high_pains"] == 1 and chat["evidenced_pains"] == 2 and chat["severity_score"] == 2 + 3 + 0 + 2
    )
    email = cells[("support", "email")]
    assert (email["steps"], email["pains"], email["mean_emotion"]) == (1, 2, -1.5)
    web = cells[(None, "web")]
    assert (web["steps"], web["pains"], web["mean_emotion"], web["phase_label"]) == (1, 1, 2.0, "No phase")
    assert cells[("awareness", "chat")]["mean_emotion"] == 0.0
    assert data["steps_without_channel"] == 1 and data["maps"] == 3
    # archived and template maps are left out everywhere
    assert "Hidden" not in out
    opportunities = [
        (o["map"], o["stage"], o["text"], o["status"], o["evidence"]) for o in data["opportunities"]
    ]
    assert opportunities == [
        ("alpha", "ask", "Route contract questions", "planned", 2),
        ("beta", "return", "Hand over to a person after two tries", "idea", 0),
        ("alpha", "use-it", "Cache the page", "done", 0),
    ]
    assert (
        data["opportunities"][0]["sources"] == ["survey", "calls"]
        and data["opportunities"][0]["sample"] == 150
    )
    assert data["opportunities"][1]["personas"] == ["cat"] and data["opportunities"][1]["segment"] == "B2C"


def test_future_states_are_a_plan_not_where_customers_hurt(tmp_path, monkeypatch, capsys):
    maps = unseen_maps()
    future = copy.deepcopy(maps["alpha"])
    future.update(title="Alpha as it should be", future_of="alpha")
    for stage in future["stages"]:
        for step in stage["steps"]:
            step["pains"] = [{"text": "Planned pain that must not count", "severity": "high"}]
    maps["alpha-future"] = future
    monkeypatch.chdir(write_catalogue(tmp_path, maps))
    code, out, err = run(capsys, "insights", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    chat = cells_by_key(data)[("support", "chat")]
    assert (chat["steps"], chat["pains"], chat["maps"]) == (3, 3, 2)  # as without the future state
    assert data["maps"] == 3 and "Planned pain" not in out and "alpha-future" not in out


def test_pains_are_ranked_by_severity_then_evidence(unseen, capsys):
    code, out, _ = run(capsys, "insights", "--format", "json")
    ranked = [(p["severity"], p["evidence"], p["text"]) for p in json.loads(out)["pains"]]
    assert ranked == [
        ("high", 1, "The answer contradicts the contract"),
        ("high", 0, "Forgets the password"),
        ("medium", 1, "The bot loops"),
        ("medium", 0, "Nobody answers for a day"),
        ("low", 0, "A slow page"),
    ]


def test_paths_limit_which_maps_are_counted(unseen, capsys):
    code, out, _ = run(capsys, "insights", "--format", "json", "journeys/maps/beta.md")
    assert code == 0
    data = json.loads(out)
    assert list(cells_by_key(data)) == [("support", "chat")]
    assert cells_by_key(data)[("support", "chat")]["steps"] == 1 and data["maps"] == 1
    code, _, err = run(capsys, "insights", "elsewhere.md")
    assert code == 2 and "no such file or folder: elsewhere.md" in err
    code, _, err = run(capsys, "insights", "mkdocs.yml")
    assert code == 2 and "is not in the journeys folder" in err


def test_csv_writes_one_row_per_cell_pain_or_opportunity(unseen, capsys):
    code, out, _ = run(capsys, "insights", "--format", "csv")
    assert code == 0 and out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    chat = next(r for r in rows if (r["phase"], r["channel"]) == ("support", "chat"))
    assert (chat["steps"], chat["pains"], chat["mean_emotion"], chat["channel_label"]) == (
        "3",
        "3",
        "-1.25",
        "Live chat",
    )
    assert next(r for r in rows if r["channel"] == "web")["phase"] == ""
    code, out, _ = run(capsys, "insights", "--format", "csv", "--section", "opportunities")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [(r["map"], r["status"], r["sources"]) for r in rows] == [
        ("alpha", "planned", "survey calls"),
        ("beta", "idea", ""),
        ("alpha", "done", ""),
    ]


def test_csv_neutralises_spreadsheet_formulas(tmp_path, monkeypatch, capsys):
    maps = unseen_maps()
    maps["beta"]["stages"][0]["steps"][0]["opportunities"] = ['=HYPERLINK("http://example.invalid","x")']
    monkeypatch.chdir(write_catalogue(tmp_path, maps))
    code, out, _ = run(capsys, "insights", "--format", "csv", "--section", "opportunities")
    texts = [r["text"] for r in csv.DictReader(io.StringIO(out.removeprefix("\ufeff")))]
    assert '\'=HYPERLINK("http://example.invalid","x")' in texts


def test_table_lists_cells_top_pains_and_the_backlog(unseen, capsys):
    code, out, _ = run(capsys, "insights", "--top", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Insights over 3 maps (1 steps without a touchpoint are in no cell)"
    chat = next(line for line in lines if line.startswith("Support") and "Live chat" in line)
    assert chat.split() == ["Support", "Live", "chat", "3", "3", "1", "7", "-1.25", "2"]
    assert "Top pains (2 of 5)" in lines
    assert any("The answer contradicts the contract" in line and "alpha 1.1" in line for line in lines)
    assert not any("A slow page" in line for line in lines)
    assert "Opportunities (3), by ICE score, unscored last" in lines


def test_invalid_maps_are_left_out_and_the_exit_code_says_so(tmp_path, monkeypatch, capsys):
    maps = unseen_maps()
    maps["beta"]["stages"][0]["phase"] = "suport"
    monkeypatch.chdir(write_catalogue(tmp_path, maps))
    code, out, err = run(capsys, "insights", "--format", "json")
    assert code == 1
    assert "beta" not in {c["map"] for o in [json.loads(out)] for c in o["opportunities"]}
    assert "1 problem leave invalid maps out" in err


# -- the phase vocabulary --------------------------------------------------------------------------


def test_default_phases_in_order():
    assert [p.id for p in PhaseVocabulary.build()] == [
        "awareness",
        "consideration",
        "purchase",
        "onboarding",
        "usage",
        "support",
        "loyalty",
    ]
    assert PhaseVocabulary.build().label("onboarding") == "Onboarding"
    assert PhaseVocabulary.build().label(None) == "No phase"


def test_unknown_phase_is_refused_with_its_position_and_a_suggestion(tmp_path, monkeypatch, capsys):
    maps = unseen_maps()
    maps["alpha"]["stages"][1]["phase"] = "suport"
    root = write_catalogue(tmp_path, maps)
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "validate")
    assert code == 1
    lines = (root / "journeys" / "maps" / "alpha.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "phase: suport" in text)
    column = lines[line - 1].index("suport") + 1
    assert (
        f"journeys/maps/alpha.md:{line}:{column}: stages[1].phase: unknown phase 'suport' "
        "(did you mean 'support'?)"
    ) in out.splitlines()


def test_unknown_phase_without_a_near_match_lists_the_phases(tmp_path):
    maps = unseen_maps()
    maps["alpha"]["stages"][0]["phase"] = "zzz"
    catalogue = load_catalogue(write_catalogue(tmp_path, maps) / "journeys", base=tmp_path)
    (problem,) = catalogue.errors
    assert problem.message == "unknown phase 'zzz'; phases: " + ", ".join(p.id for p in DEFAULT_PHASES)


def test_a_phase_that_is_not_an_id_is_a_type_error(tmp_path):
    maps = unseen_maps()
    maps["alpha"]["stages"][0]["phase"] = ["support"]
    catalogue = load_catalogue(write_catalogue(tmp_path, maps) / "journeys", base=tmp_path)
    assert [(p.field, "expected an id" in p.message) for p in catalogue.errors] == [("stages[0].phase", True)]


CUSTOM = [{"discover": "Discover it"}, "support", {"id": "renew", "label": "Renewal"}]


def test_a_custom_vocabulary_from_the_plugin_option_replaces_the_defaults(tmp_path, monkeypatch, capsys):
    maps = unseen_maps()
    maps["eps"]["stages"][0]["phase"] = "discover"
    monkeypatch.chdir(write_catalogue(tmp_path, maps, {"phases": CUSTOM}))
    vocabulary = PhaseVocabulary.build(CUSTOM)
    assert [(p.id, p.label) for p in vocabulary] == [
        ("discover", "Discover it"),
        ("support", "Support"),
        ("renew", "Renewal"),
    ]
    code, out, err = run(capsys, "insights", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["phases"] == [{"id": p.id, "label": p.label} for p in vocabulary]
    assert [c["phase_label"] for c in data["cells"]][0] == "Discover it"
    # a default phase that the custom list dropped is now unknown
    maps["eps"]["stages"][0]["phase"] = "awareness"
    write_catalogue(tmp_path, maps, {"phases": CUSTOM})
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "stages[0].phase: unknown phase 'awareness'; phases: discover, support, renew" in out


@pytest.mark.parametrize(
    "option, message",
    [
        ("support", "expected a list"),
        (["Support"], "expected an id"),
        (["support", "support"], "listed twice"),
        ([{"a": 1, "b": 2}], "expected an id or a mapping"),
    ],
)
def test_a_malformed_phases_option_is_a_configuration_error(tmp_path, monkeypatch, capsys, option, message):
    with pytest.raises(PhaseVocabularyError, match=message):
        PhaseVocabulary.build(option)
    monkeypatch.chdir(write_catalogue(tmp_path, unseen_maps(), {"phases": option}))
    for command in ("validate", "insights"):
        code, _, err = run(capsys, command)
        assert code == 2 and "`phases` option" in err and message in err


def test_every_example_stage_names_a_phase():
    for folder in (ROOT / "journeys", FIXTURE_CATALOGUE / "journeys"):
        catalogue = load_catalogue(folder, base=folder.parent)
        assert catalogue.errors == []
        for journey in catalogue.maps.values():
            assert all(stage.phase for stage in journey.meta.stages), journey.id


def test_compute_insights_is_the_clis_computation(unseen, capsys):
    catalogue = load_catalogue(unseen / "journeys", base=unseen)
    insights = compute_insights(catalogue.maps.values(), catalogue.channels, catalogue.phases)
    assert [m.id for m in insights.maps] == ["alpha", "beta", "eps"]
    assert insights.phase_rows() == ["awareness", "support", None]
    assert insights.channel_columns() == ["web", "email", "chat"]
    code, out, err = run(capsys, "insights", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == json.loads(json.dumps(insights.as_json()))


# -- the site ----------------------------------------------------------------------------------------


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def hrefs(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)]


def with_a_future_state(maps: dict[str, dict]) -> dict[str, dict]:
    """The maps plus alpha as it should be: painful steps and opportunities that must not be counted."""
    future = copy.deepcopy(maps["alpha"])
    future.update(title="Alpha as it should be", future_of="alpha", sources=[])
    for stage in future["stages"]:
        for step in stage["steps"]:
            step["pains"] = [{"text": "Planned pain that must not count", "severity": "high"}]
            step["opportunities"] = [{"text": "Planned opportunity that must not count", "status": "idea"}]
    return {**maps, "alpha-future": future}


def test_site_has_an_insights_page_linking_the_maps_and_listing_their_opportunities(tmp_path):
    maps = with_a_future_state(unseen_maps())
    root = write_catalogue(tmp_path, maps)
    build_site(root / "mkdocs.yml", root / "site", "http://127.0.0.1:8000/")
    catalogue = load_catalogue(root / "journeys", base=root)
    text = page(root / "site", "insights")
    links = hrefs(text)
    # counted: not archived (gamma), not a template (delta), not a future state (alpha-future)
    counted = {"alpha", "beta", "eps"}
    assert set(catalogue.maps) == counted | {"gamma", "delta", "alpha-future"}
    for journey in catalogue.maps.values():
        painful = [
            f"../maps/{journey.id}/#step-{placed.number.replace('.', '-')}"
            for placed in journey.steps()
            if placed.step.pains
        ]
        opportunities = [o.text for placed in journey.steps() for o in placed.step.opportunity_items()]
        if journey.id in counted:
            assert set(painful) <= set(links), journey.id
            for opportunity in opportunities:
                assert f"<td>{escape(opportunity)}</td>" in text, opportunity
        else:
            assert painful, f"{journey.id} must have pains for the rule to matter"
            assert not any(link.startswith(f"../maps/{journey.id}/") for link in links), journey.id
            assert not any(str(escape(o)) in text for o in opportunities), journey.id
    assert "<title>Insights - Unseen</title>" in text
    assert "../insights/" in hrefs(page(root / "site", "maps"))


def test_heatmap_payload_matches_the_computation(built_site):
    catalogue = load_catalogue(FIXTURE_CATALOGUE / "journeys", base=FIXTURE_CATALOGUE)
    insights = compute_insights(catalogue.maps.values(), catalogue.channels, catalogue.phases)
    text = page(built_site, "insights")
    (raw,) = re.findall(r"data-jc-heatmap='([^']*)'", text)
    payload = json.loads(html.unescape(raw))
    assert len(payload["options"]["series"][0]["data"]) == len(insights.cells) == len(payload["cells"])
    assert payload["options"]["yAxis"][0]["data"] == [
        catalogue.phases.label(p) for p in insights.phase_rows()
    ]
    for item, cell, anchor in zip(
        payload["options"]["series"][0]["data"], insights.cells, payload["cells"], strict=True
    ):
        assert item["value"][2:] == [cell.pains, len(cell.steps)]
        assert f'id="{anchor}"' in text
    assert "function" not in raw


def test_insights_page_can_be_turned_off_and_moved(tmp_path):
    root = write_catalogue(tmp_path / "off", unseen_maps(), {"insights": False})
    build_site(root / "mkdocs.yml", root / "site", "http://127.0.0.1:8000/")
    assert not (root / "site" / "insights").exists()
    assert "insights" not in page(root / "site", "maps")
    assert not (root / "site" / "assets" / "journeys" / "insights.js").exists()
    maps = unseen_maps()
    maps["eps"]["stages"][0]["phase"] = "renew"
    root = write_catalogue(tmp_path / "moved", maps, {"insights_url": "portfolio", "phases": CUSTOM[1:]})
    build_site(root / "mkdocs.yml", root / "site", "http://127.0.0.1:8000/")
    text = page(root / "site", "portfolio")
    assert "../maps/alpha/#step-1-1" in hrefs(text)
    assert "../portfolio/" in hrefs(page(root / "site", "maps"))
    assert '<th scope="row">Renewal</th>' in text


def test_a_malformed_phases_option_fails_the_build(tmp_path, caplog):
    from mkdocs.exceptions import Abort

    root = write_catalogue(tmp_path, unseen_maps(), {"phases": ["Bad Id"]})
    with pytest.raises(Abort):
        build_site(root / "mkdocs.yml", root / "site", "http://127.0.0.1:8000/")
    assert "journeys: the `phases` option: phases[0]: expected an id" in caplog.text
    assert not (root / "site" / "insights").exists()


def test_the_insights_page_is_not_in_the_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(location.startswith("maps/") for location in locations)
    assert not any(location.startswith("insights/") for location in locations)
