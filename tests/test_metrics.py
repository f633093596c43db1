"""Measured experience (issue 28): metrics files validated like maps, figures joined to steps by number,
stage number and id, the divergence rule, ICE ranking, the evidence share, stale sources, the
require_sources_for rule, and what `journeys insights` and the map page show of them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from journey_catalogue.catalogue.index import CatalogueIndex
from journey_catalogue.catalogue.insights import compute_insights
from journey_catalogue.catalogue.measures import (
    divergence_direction,
    evidence_share,
    join_measures,
    stale_sources,
)
from journey_catalogue.cli.main import main
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.metrics import (
    load_metrics,
    metric_definitions,
    parse_period,
)
from journey_catalogue.render.options import RenderOptions
from journey_catalogue.render.pages import PageRenderer

from conftest import ROOT

TODAY = dt.date(2026, 11, 23)
HEADER = "map,step,metric,period,value,sample\n"
DEFINITIONS = {
    "csat": {"label": "CSAT", "min": 1, "max": 5, "better": "higher", "target": 4.2},
    "ces": {"label": "Effort", "min": 1, "max": 7, "better": "lower"},
}
# A small map: stage 1 has steps 1.1 (+2) and 1.2 (id "pay", -2); stage 2 has 2.1 (+1, per persona
# mean +1) and 2.2 (0). Sources: one recent, one dated long ago, one undated.
MAP = """---
title: Measured map
summary: A map for the metrics tests.
segment: B2C
industry: Retail
personas: [young-urban-professional]
owner: Tests
updated: 2026-11-01
sources:
  - {id: fresh, type: survey, title: Fresh survey, date: 2026-10-01, sample: 100}
  - {id: old, type: interview, title: Old interviews, date: 2023-01-01}
  - {id: undated, type: analytics, title: Undated analytics}
stages:
  - name: Choose
    steps:
      - action: Browses
        emotion: 2
        pains:
          - {text: Too many options, severity: high, sources: [fresh, undated]}
          - Slow pages
      - id: pay
        action: Pays
        emotion: -2
        opportunities:
          - {text: Wallet pay, impact: 5, effort: 2, confidence: 4, sources: [old]}
          - {text: Saved cards, impact: 3, effort: 1, confidence: 5}
          - {text: Unscored but in progress, status: in-progress}
  - name: Receive
    steps:
      - action: Waits
        emotion: {young-urban-professional: 1}
        opportunities:
          - {text: Big programme, impact: 5, effort: 5, confidence: 5}
      - action: Unpacks
        emotion: 0
---
"""


def _catalogue(tmp_path: Path, rows: str = "", *, map_text: str = MAP, mkdocs_options: dict | None = None):
    """A catalogue folder with the example personas, MAP as maps/measured.md and rows in metrics/m.csv;
    returns the project folder (mkdocs.yml declares DEFINITIONS unless told otherwise)."""
    journeys = tmp_path / "journeys"
    shutil.copytree(ROOT / "journeys" / "personas", journeys / "personas")
    (journeys / "maps").mkdir()
    (journeys / "maps" / "measured.md").write_text(map_text, encoding="utf-8")
    if rows:
        (journeys / "metrics").mkdir()
        (journeys / "metrics" / "m.csv").write_text(HEADER + rows, encoding="utf-8")
    options = {"metrics": DEFINITIONS} if mkdocs_options is None else mkdocs_options
    config = {"site_name": "T", "plugins": [{"journeys": options}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return tmp_path


def _measures(project: Path):
    catalogue = load_catalogue(project / "journeys", base=project, today=TODAY)
    assert not catalogue.errors, catalogue.errors
    definitions, problems = metric_definitions(DEFINITIONS)
    assert not problems
    table = load_metrics(project / "journeys", catalogue.maps, definitions, project)
    assert not table.problems, [str(p) for p in table.problems]
    return catalogue, join_measures(catalogue.maps, table, definitions)


def _validate(project: Path, monkeypatch, capsys, *argv):
    monkeypatch.chdir(project)
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- the metrics files -----------------------------------------------------------------------------

BAD_ROWS = """measured,1.1,csat,2026-Q3,4.1,10
nowhere,1.1,csat,2026-Q3,4,10
measured,9.1,csat,2026-Q3,4,10
measured,1.1,happiness,2026-Q3,4,10
measured,1.1,csat,2026-Q3,5.5,10
measured,1.1,csat,2026-Q5,4,10
measured,1.1,csat,2026-13,4,10
measured,1.1,csat,2026-W54,4,10
measured,1.1,csat,2026-Q2,four,10
measured,1.1,csat,2026-Q1,4,ten
measured,1.1,csat,2026-Q3,3.9,12
measured,1.1,csat
"""


def test_every_bad_row_is_a_located_message_all_at_once_and_validate_exits_1(tmp_path, monkeypatch, capsys):
    project = _catalogue(tmp_path, BAD_ROWS)
    code, out, err = _validate(project, monkeypatch, capsys)
    assert code == 1
    lines = out.splitlines()
    expected = [
        "journeys/metrics/m.csv:3:1: map: unknown map 'nowhere'",
        "journeys/metrics/m.csv:4:10: step: map 'measured' has no step '9.1'",
        "journeys/metrics/m.csv:5:14: metric: unknown metric 'happiness'; the plugin's metrics option "
        "declares: csat, ces",
        "journeys/metrics/m.csv:6:27: value: expected a value from 1 to 5 (the scale of csat), got 5.5",
        "journeys/metrics/m.csv:7:19: period: expected a period as 2026-Q3, 2026-09, 2026-W37 or "
        "2026-09-14, got '2026-Q5'",
        "journeys/metrics/m.csv:8:19: period:",  # no month 13
        "journeys/metrics/m.csv:9:19: period:",  # 2026 has 53 ISO weeks, not 54
        "journeys/metrics/m.csv:10:27: value: expected a number such as 4.2, got 'four'",
        "journeys/metrics/m.csv:11:29: sample: expected a whole number of 0 or more, got 'ten'",
        "journeys/metrics/m.csv:12:19: period: the same figure is already given at journeys/metrics/m.csv:2",
        "journeys/metrics/m.csv:13:1: expected 6 values (map,step,metric,period,value,sample), got 3",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert len(lines) == len(expected)
    assert "Traceback" not in out + err
    assert "11 errors in 1 file" in err


def test_the_messages_are_in_the_catalogues_language(tmp_path, monkeypatch, capsys):
    project = _catalogue(tmp_path, BAD_ROWS)
    code, out, err = _validate(project, monkeypatch, capsys, "--language", "ru")
    assert code == 1
    assert "journeys/metrics/m.csv:3:1: map: неизвестная карта 'nowhere'" in out
    assert "value: ожидается значение от 1 до 5 (шкала csat), указано: 5.5" in out
    assert "period: это же значение уже указано в journeys/metrics/m.csv:2" in out
    assert "ошиб" in err


def test_a_wrong_header_is_reported_on_line_1_and_nothing_else_is_read(tmp_path, monkeypatch, capsys):
    project = _catalogue(tmp_path, "measured,1.1,csat,2026-Q3,4,1\n")
    path = project / "journeys" / "metrics" / "m.csv"
    path.write_text("map;step;metric\n" + path.read_text().split("\n", 1)[1], encoding="utf-8")
    code, out, _ = _validate(project, monkeypatch, capsys)
    assert code == 1
    assert out.startswith(
        "journeys/metrics/m.csv:1:1: expected the header map,step,metric,period,value,sample"
    )


def test_a_valid_metrics_file_validates(tmp_path, monkeypatch, capsys):
    project = _catalogue(tmp_path, "measured,pay,csat,2026-Q3,4.1,10\nmeasured,2,ces,2026-09,3,\n")
    code, out, err = _validate(project, monkeypatch, capsys)
    assert (code, err) == (0, ""), out
    assert "valid" in out


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"csat": {"min": 5, "max": 1}}, "metric 'csat': min (5) must be less than max (1)"),
        ({"csat": {"min": 1, "max": 5, "better": "up"}}, "better must be higher or lower, got 'up'"),
        ({"csat": {"min": 1, "max": 5, "target": 9}}, "target must be a number from min to max, got 9"),
        ({"csat": {"max": 5}}, "metric 'csat': min must be a number, got nothing"),
        ({"CSAT": {"min": 1, "max": 5}}, "metric id 'CSAT': use lowercase letters"),
        ({"csat": {"min": 1, "max": 5, "colour": "red"}}, "unknown key 'colour'"),
        (["csat"], "expected a mapping of metric ids"),
    ],
)
def test_the_metrics_option_is_checked_with_clear_messages(tmp_path, monkeypatch, capsys, option, message):
    _, problems = metric_definitions(option)
    assert any(message in p for p in problems), problems
    project = _catalogue(tmp_path, mkdocs_options={"metrics": option})
    code, _, err = _validate(project, monkeypatch, capsys)
    assert code == 2
    assert "the journeys plugin's metrics:" in err and message in err


def test_the_build_refuses_a_bad_metrics_option_as_a_configuration_error():
    from mkdocs.config.base import ValidationError

    from journey_catalogue.mkdocs_plugin.config import _Metrics

    with pytest.raises(ValidationError, match=r"min \(5\) must be less than max \(1\)"):
        _Metrics().run_validation({"csat": {"min": 5, "max": 1}})
    assert _Metrics().run_validation(DEFINITIONS) == DEFINITIONS


def test_step_ids_are_unique_within_a_map(tmp_path, monkeypatch, capsys):
    project = _catalogue(
        tmp_path, map_text=MAP.replace("      - action: Unpacks", "      - id: pay\n        action: Unpacks")
    )
    code, out, _ = _validate(project, monkeypatch, capsys)
    assert code == 1
    assert "stages[1].steps[1].id: step id 'pay' is already used by stages[0].steps[1]" in out


def test_periods_are_ordered_by_their_end_then_their_start():
    texts = ["2026-09-30", "2026-Q3", "2026-09", "2026-W37", "2026-07", "2025-Q4", "2026-09-14"]
    ordered = sorted(parse_period(t) for t in texts)
    assert [p.text for p in ordered] == [
        "2025-Q4", "2026-07", "2026-W37", "2026-09-14", "2026-Q3", "2026-09", "2026-09-30"
    ]  # fmt: skip
    for bad in ["2026-Q0", "2026-00", "2026-02-30", "2026-W00", "2026-W54", "26-Q1", "2026-q3", "2026"]:
        assert parse_period(bad) is None, bad
    assert parse_period("2026-W53") is not None  # 2026 has 53 ISO weeks


# -- joining and the rules ---------------------------------------------------------------------------


def test_figures_join_by_step_number_stage_number_and_step_id(tmp_path):
    rows = (
        "measured,1.1,csat,2026-Q2,4.0,10\n"
        "measured,1.1,csat,2026-Q3,4.5,11\n"  # by number; latest is 2026-Q3
        "measured,pay,ces,2026-Q3,2,5\n"  # by id: step 1.2
        "measured,2,csat,2026-Q3,3.3,40\n"  # a stage-level figure
    )
    _, measures = _measures(_catalogue(tmp_path, rows))
    found = measures.of("measured")
    assert sorted(found.steps) == ["1.1", "1.2"] and sorted(found.stages) == ["2"]
    (csat,) = found.steps["1.1"]
    assert (csat.latest.value, csat.latest.sample, csat.latest.period.text) == (4.5, 11, "2026-Q3")
    assert [f.value for f in csat.figures] == [4.0, 4.5] and csat.trend == "better"
    (ces,) = found.steps["1.2"]
    assert ces.metric.id == "ces" and ces.trend is None
    assert found.stages["2"][0].latest.value == 3.3


def test_a_figure_by_id_survives_reordering_the_steps(tmp_path):
    swapped = MAP.replace("      - action: Browses", "      - action: Placeholder").replace(
        "      - id: pay\n        action: Pays",
        "      - id: pay\n        action: Pays\n      - action: Browses",
    )
    swapped = swapped.replace("      - action: Placeholder\n", "      - action: Browses first\n", 1)
    _, before = _measures(_catalogue(tmp_path / "a", "measured,pay,ces,2026-Q3,2,5\n"))
    _, after = _measures(_catalogue(tmp_path / "b", "measured,pay,ces,2026-Q3,2,5\n", map_text=swapped))
    assert list(before.of("measured").steps) == ["1.2"]
    assert list(after.of("measured").steps) == ["1.2"]  # still the step with id "pay"


@pytest.mark.parametrize(
    ("stated", "normalised", "expected"),
    [
        (2, 0.1, "worse"),
        (1, 0.2, "worse"),  # the worst fifth includes its edge
        (1, 0.21, None),
        (0, 0.0, None),  # a neutral statement never disagrees
        (-1, 0.8, "better"),
        (-2, 0.95, "better"),
        (-1, 0.79, None),
        (2, 0.9, None),
        (None, 0.0, None),
    ],
)
def test_the_divergence_rule(stated, normalised, expected):
    assert divergence_direction(stated, normalised) == expected


def test_divergences_both_ways_after_better_and_the_scale(tmp_path):
    rows = (
        "measured,1.1,csat,2026-Q3,1.6,30\n"  # stated +2, CSAT (1.6-1)/4 = 0.15: worse
        "measured,1.2,ces,2026-Q3,1.5,30\n"  # stated -2, effort lower is better: 1 - 0.5/6 = 0.92: better
        "measured,2.1,csat,2026-Q3,3.0,30\n"  # stated +1, CSAT 0.5: inside the scale, no flag
        "measured,2.2,csat,2026-Q3,1.0,30\n"  # stated 0: no flag however low
        "measured,2,csat,2026-Q3,1.0,30\n"  # stage-level figures flag no step
    )
    _, measures = _measures(_catalogue(tmp_path, rows))
    found = {(d.number, d.direction, d.measured.metric.id) for d in measures.of("measured").divergences}
    assert found == {("1.1", "worse", "csat"), ("1.2", "better", "ces")}


def test_opportunities_rank_by_ice_score_with_unscored_last(tmp_path):
    catalogue, measures = _measures(_catalogue(tmp_path))
    insights = compute_insights(catalogue.maps.values(), catalogue.channels, catalogue.phases, measures)
    ranked = [(o.text, o.score) for o in insights.opportunities]
    # ICE = impact x confidence x (6 - effort): 5*4*4 = 80, 3*5*5 = 75, 5*5*1 = 25; then the unscored
    assert ranked == [
        ("Wallet pay", 80),
        ("Saved cards", 75),
        ("Big programme", 25),
        ("Unscored but in progress", None),
    ]


def test_the_evidence_share_counts_cited_pains_and_opportunities_and_measured_emotions(tmp_path):
    catalogue, measures = _measures(
        _catalogue(tmp_path, "measured,1.1,csat,2026-Q3,4,1\nmeasured,2,csat,2026-Q3,4,1\n")
    )
    share = evidence_share(catalogue.maps["measured"], measures.of("measured"))
    assert share.pains == (1, 2)  # "Too many options" cites fresh; "Slow pages" cites nothing
    assert share.opportunities == (1, 4)  # only "Wallet pay" cites a source
    assert share.emotions == (1, 4)  # 1.1 is measured; the stage-level figure backs no step's emotion
    assert (share.backed, share.total, share.percent) == (3, 10, 30)


def test_sources_older_than_the_limit_are_stale_undated_ones_are_not(tmp_path):
    catalogue, _ = _measures(_catalogue(tmp_path))
    journey = catalogue.maps["measured"]
    assert stale_sources(journey, TODAY, 730) == {"old"}
    assert stale_sources(journey, TODAY, 10) == {"fresh", "old"}
    assert stale_sources(journey, dt.date(2023, 1, 2), 730) == set()


def test_validate_refuses_unsourced_high_pains_only_when_asked(tmp_path, monkeypatch, capsys):
    unsourced = MAP.replace(
        "{text: Too many options, severity: high, sources: [fresh, undated]}",
        "{text: Too many options, severity: high}",
    )
    project = _catalogue(tmp_path, map_text=unsourced)
    code, out, _ = _validate(project, monkeypatch, capsys)
    assert code == 0, out  # off by default
    options = {"metrics": DEFINITIONS, "require_sources_for": "high"}
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump({"plugins": [{"journeys": options}]}, sort_keys=False), "utf-8"
    )
    code, out, _ = _validate(project, monkeypatch, capsys)
    assert code == 1
    (line,) = [line for line in out.splitlines() if "must cite" in line]
    assert line.startswith("journeys/maps/measured.md:19:13:")  # the pain's own line
    assert "stages[0].steps[0].pains[0]: a high-severity pain must cite a research source" in line
    # medium takes in the plain-text pain (medium by default) too
    options["require_sources_for"] = "medium"
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump({"plugins": [{"journeys": options}]}, sort_keys=False), "utf-8"
    )
    code, out, _ = _validate(project, monkeypatch, capsys)
    assert code == 1 and out.count("must cite a research source") == 2


def test_insights_json_carries_measured_steps_divergences_the_scored_backlog_and_evidence(
    tmp_path, monkeypatch, capsys
):
    project = _catalogue(tmp_path, "measured,1.1,csat,2026-Q2,2,9\nmeasured,1.1,csat,2026-Q3,1.4,12\n")
    monkeypatch.chdir(project)
    assert main(["insights", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (step,) = data["measured_steps"]
    assert (step["map"], step["step"], step["stated_emotion"], step["divergent"]) == (
        "measured",
        "1.1",
        2.0,
        True,
    )
    (metric,) = step["metrics"]
    assert (metric["metric"], metric["value"], metric["sample"], metric["period"]) == (
        "csat",
        1.4,
        12,
        "2026-Q3",
    )
    assert metric["trend"] == "worse" and [s["value"] for s in metric["series"]] == [2, 1.4]
    (divergence,) = data["divergences"]
    assert divergence["direction"] == "worse" and divergence["stated_emotion"] == 2.0
    assert divergence["measured"] == "csat" and divergence["value"] == 1.4
    assert [o["score"] for o in data["opportunities"]] == [80, 75, 25, None]
    assert data["opportunities"][0]["impact"] == 5 and data["opportunities"][0]["effort"] == 2
    assert data["evidence"]["emotions"] == [1, 4]
    assert main(["insights", "--format", "csv", "--section", "divergences"]) == 0
    csv_text = capsys.readouterr().out
    assert "measured,Measured map,1.1,Browses,2.0,csat,CSAT,1.4,2026-Q3,0.1,worse" in csv_text


# -- the map page ------------------------------------------------------------------------------------


def test_the_map_page_shows_value_sample_trend_and_the_flag(tmp_path):
    rows = "measured,1.1,csat,2026-Q2,2.2,9\nmeasured,1.1,csat,2026-Q3,1.6,320\nmeasured,2,csat,2026-Q3,4,8\n"
    catalogue, measures = _measures(_catalogue(tmp_path, rows))
    renderer = PageRenderer(CatalogueIndex(catalogue, TODAY, 180), RenderOptions(), measures=measures)
    (page,) = [p for p in renderer.pages() if p.kind == "map"]
    sections = renderer.sections(page)
    table = sections["table"]
    assert '<span class="jc-metric">CSAT</span> <strong>1.6</strong>' in table
    assert '<span class="jc-metric-meta">2026-Q3, n = 320</span>' in table
    assert "2.2 → 1.6" in table and "jc-trend--worse" in table and "worsening" in table
    assert "⚠ Stated +2, but CSAT is in the worst fifth of its scale" in table
    assert (
        '1 step where the stated emotion and the measurement disagree: <a href="#step-1-1">1.1</a>' in table
    )
    assert "Measured per stage" in table and "<strong>4</strong>" in table
    evidence = sections["evidence"]
    assert "older than 730 days: stale" in evidence
    assert evidence.count("jc-stale") == 1  # only "old"


def test_a_map_without_figures_gets_no_measured_row(tmp_path):
    catalogue, measures = _measures(_catalogue(tmp_path))
    renderer = PageRenderer(CatalogueIndex(catalogue, TODAY, 180), RenderOptions(), measures=measures)
    (page,) = [p for p in renderer.pages() if p.kind == "map"]
    table = renderer.sections(page)["table"]
    assert "jc-row-measured" not in table and "jc-divergence-note" not in table
    chart = renderer._context(page)[1]["chart"]
    assert not [s for s in chart["options"]["series"] if "jcMetric" in s]
    assert len(chart["options"]["yAxis"]) == 2


def test_a_file_the_csv_module_cannot_read_is_a_located_message_not_a_traceback(
    tmp_path, monkeypatch, capsys
):
    huge = "x" * 200_000  # over the csv module's field size limit
    project = _catalogue(tmp_path, f'measured,1.1,csat,2026-Q3,4,1\nmeasured,"{huge}",csat,2026-Q3,4,1\n')
    code, out, err = _validate(project, monkeypatch, capsys)
    assert code == 1 and "Traceback" not in out + err
    assert (
        "journeys/metrics/m.csv:3:1: the file cannot be read as CSV: " in out
    )  # then the csv module's words
