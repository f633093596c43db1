"""The `journeys` commands: happy paths, errors with exact messages and exit codes, and round trips."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from journey_catalogue.authoring.starters import STARTERS_ROOT
from journey_catalogue.cli.main import main
from journey_catalogue.format.loader import load_catalogue

from conftest import ROOT

EXAMPLE_MAPS = sorted(p.stem for p in (ROOT / "journeys" / "maps").glob("*.md"))
STARTER_TEMPLATES = sorted(p.stem for p in (STARTERS_ROOT / "maps").glob("*.md"))


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the example catalogue with its mkdocs.yml, as the current directory, on a fixed date."""
    shutil.copytree(ROOT / "journeys", tmp_path / "journeys")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs" / "schema").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


# -- new ---------------------------------------------------------------------------------------------


def test_new_writes_a_valid_draft_from_a_template(project, capsys):
    code, out, err = run(
        capsys, "new", "my-trial", "--from", "b2b-generic-journey", "--title", "Trial: v2", "--segment", "B2C"
    )
    assert (code, err) == (0, "")
    assert out.startswith(
        "created journeys/maps/my-trial.md from template 'b2b-generic-journey' (status: draft)"
    )
    text = (project / "journeys/maps/my-trial.md").read_text()
    front = yaml.safe_load(text.split("---")[1])
    assert front["template"] is False and front["status"] == "draft"
    assert (
        str(front["updated"]) == "2026-11-23" and front["title"] == "Trial: v2" and front["segment"] == "B2C"
    )
    assert text.splitlines()[1] == "# yaml-language-server: $schema=../../docs/schema/map.schema.json"
    catalogue = load_catalogue(project / "journeys", base=project)
    assert "my-trial" in catalogue.maps
    assert [p for p in catalogue.errors if "my-trial" in p.file] == []
    # everything else in the template is kept as written, stages included
    template = (STARTERS_ROOT / "maps/b2b-generic-journey.md").read_text()
    assert template.split("stages:", 1)[1] == text.split("stages:", 1)[1]


def test_new_refuses_to_overwrite(project, capsys):
    before = (project / "journeys/maps/insurance-claim.md").read_bytes()
    code, _, err = run(capsys, "new", "insurance-claim", "--from", "b2c-generic-journey")
    assert code == 1
    assert err == "journeys: error: journeys/maps/insurance-claim.md already exists; choose another id\n"
    assert (project / "journeys/maps/insurance-claim.md").read_bytes() == before


def test_new_with_an_unknown_template_suggests_the_nearest(project, capsys):
    code, _, err = run(capsys, "new", "x", "--from", "b2c-generic")
    assert code == 1
    assert err == "journeys: error: no template 'b2c-generic' (did you mean 'b2c-generic-journey'?)\n"
    code, _, err = run(capsys, "new", "x", "--from", "insurance-claim")
    assert code == 1 and err.startswith(
        "journeys: error: no template 'insurance-claim'; templates: b2b-generic"
    )


def test_new_with_a_bad_id_is_a_usage_error(project, capsys):
    code, _, err = run(capsys, "new", "My Map", "--from", "b2c-generic-journey")
    assert code == 2
    assert err == (
        "journeys: error: 'My Map' is not a valid id: use lowercase letters a-z, digits and single hyphens\n"
    )


def test_missing_argument_exits_2(project, capsys):
    code, _, err = run(capsys, "new", "x")
    assert code == 2
    assert err.startswith("journeys new: error: the following arguments are required: --from TEMPLATE")
    assert "journeys new --list" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["new", "x", "--segment", "B2X"])
    assert exit_info.value.code == 2


# -- list and show -------------------------------------------------------------------------------------


def test_list_shows_segment_status_and_review_state_with_filters(project, capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "SEGMENT", "STATUS", "UPDATED", "REVIEW", "TITLE"]
    assert len(lines) == 1 + len(EXAMPLE_MAPS) + len(STARTER_TEMPLATES)
    insurance = next(line for line in lines if line.startswith("insurance-claim "))
    assert "B2C" in insurance and "published" in insurance and "due (202 d)" in insurance
    code, out, _ = run(capsys, "list", "--segment", "B2B", "--status", "draft")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["office-supplies-procurement"]
    code, out, _ = run(capsys, "list", "--templates")
    assert len(out.splitlines()) == 5


def test_show_prints_the_map_stage_by_stage(project, capsys):
    code, out, _ = run(capsys, "show", "business-travel-booking")
    assert code == 0
    assert out.splitlines()[0] == "Booking a business trip"
    assert "3 Travel  (next: book, expense)" in out
    assert "✗ [high] The policy is a 40-page PDF and partly out of date" in out
    assert "✓ [planned] Rank hotels by distance to the meeting address" in out


def test_show_an_unknown_or_invalid_map(project, capsys):
    code, _, err = run(capsys, "show", "insurance-claims")
    assert (code, err) == (
        1,
        "journeys: error: no map 'insurance-claims' (did you mean 'insurance-claim'?)\n",
    )
    path = project / "journeys/maps/insurance-claim.md"
    path.write_text(path.read_text().replace("segment: B2C", "segment: B2X"))
    code, _, err = run(capsys, "show", "insurance-claim")
    assert code == 1
    assert "journeys/maps/insurance-claim.md:4:10: segment: expected B2B or B2C, got 'B2X'" in err
    assert err.endswith("journeys: error: map 'insurance-claim' is not valid; fix the problems above\n")


# -- export and import ---------------------------------------------------------------------------------


def test_export_json_is_the_validated_model(project, capsys):
    code, out, _ = run(capsys, "export", "business-travel-booking", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "business-travel-booking"
    assert [s["id"] for s in data["stages"]] == ["plan", "book", "travel", "expense"]
    assert data["stages"][0]["next"] == ["book"] and data["stages"][2]["next"] == ["book", "expense"]
    assert data["stages"][1]["steps"][0]["pains"] == ["The hotel search ignores the client's office location"]
    assert data["updated"] == "2026-09-14" and data["status"] == "published"


def test_export_csv_opens_cleanly_in_a_spreadsheet(project, capsys):
    code, out, _ = run(capsys, "export", "business-travel-booking", "--format", "csv")
    assert code == 0
    assert out.startswith(
        "\ufeffstage_id,stage,step,action,touchpoints,emotion:travelling-consultant,"
        "emotion:travel-manager,feeling,thought,pains,opportunities,backstage\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == 6
    assert rows[2]["touchpoints"] == "web\nmobile-app"  # lists: one item per line within the cell
    assert rows[1]["pains"] == "[high] The policy is a 40-page PDF and partly out of date"


def test_export_refuses_to_write_into_sources_or_over_a_file(project, capsys):
    code, _, err = run(capsys, "export", "insurance-claim", "--format", "csv", "-o", "journeys/maps/x.csv")
    assert code == 2 and "will not write into journeys/maps/x.csv" in err
    (project / "out.csv").write_text("keep")
    code, _, err = run(capsys, "export", "insurance-claim", "--format", "csv", "-o", "out.csv")
    assert (code, err) == (1, "journeys: error: out.csv already exists\n")
    assert (project / "out.csv").read_text() == "keep"


def _comparable(journey) -> list:
    """What a round trip must keep: per step, its action, touchpoints, emotions, pains and opportunities."""
    personas = list(journey.meta.personas)
    return [
        (
            stage.name,
            step.action,
            list(step.touchpoints),
            step.valences(personas),
            [(p.text, p.severity) for p in step.pain_items()],
            [(o.text, o.status) for o in step.opportunity_items()],
            step.feeling,
            step.thought,
            list(step.backstage),
        )
        for stage in journey.meta.stages
        for step in stage.steps
    ]


def _fill_in(path: Path, personas: list[str]) -> None:
    """What an import cannot know: the contributor's part."""
    text = path.read_text().replace("personas: []", f"personas: [{', '.join(personas)}]")
    for key, value in (("summary", "Imported"), ("segment", "B2C"), ("industry", "Any"), ("owner", "CX")):
        text = text.replace(f"{key}:  # TODO: fill in", f"{key}: {value}")
    path.write_text(text)


@pytest.mark.parametrize("kind", ["csv", "mermaid"])
def test_every_example_map_round_trips(project, capsys, kind):
    original = load_catalogue(project / "journeys", base=project)
    for map_id in EXAMPLE_MAPS:
        exported = project / f"{map_id}.{kind}"
        assert run(capsys, "export", map_id, "--format", kind, "-o", str(exported))[0] == 0
        code, out, err = run(capsys, "import", kind, str(exported), "--id", f"{map_id}-copy")
        assert (code, err) == (0, ""), map_id
        assert out.startswith(f"created journeys/maps/{map_id}-copy.md (status: draft)")
        _fill_in(project / "journeys" / "maps" / f"{map_id}-copy.md", original.maps[map_id].meta.personas)
    again = load_catalogue(project / "journeys", base=project)
    assert [p for p in again.errors if "-copy" in p.file] == []
    for map_id in EXAMPLE_MAPS:
        assert _comparable(again.maps[f"{map_id}-copy"]) == _comparable(original.maps[map_id]), map_id
        assert again.maps[f"{map_id}-copy"].stage_ids == original.maps[map_id].stage_ids


def test_import_lists_what_is_missing_and_never_overwrites(project, capsys):
    (project / "trip.mmd").write_text(
        "journey\n  title Weekend trip\n  section Plan\n    Search: 4: Ana, Bo\n"
    )
    code, out, _ = run(capsys, "import", "mermaid", "trip.mmd")
    assert code == 0
    assert out == (
        "created journeys/maps/weekend-trip.md (status: draft)\n"
        "Fill in before the map validates:\n"
        "  - summary: one or two sentences on whose journey this is\n"
        "  - segment: B2B or B2C\n"
        "  - industry: e.g. Retail banking\n"
        "  - owner: the team that keeps this map up to date\n"
        "  - personas: create journeys/personas/ana.md (name: Ana) (or use an existing persona id)\n"
        "  - personas: create journeys/personas/bo.md (name: Bo) (or use an existing persona id)\n"
    )
    code, _, err = run(capsys, "import", "mermaid", "trip.mmd")
    assert code == 1 and err.endswith("weekend-trip.md already exists; pass another --id\n")


def test_malformed_mermaid_is_refused_with_its_line(project, capsys):
    (project / "bad.mmd").write_text("journey\n  title T\n  section S\n    Search: nine: Ana\n")
    code, _, err = run(capsys, "import", "mermaid", "bad.mmd")
    assert (code, err) == (1, "journeys: error: bad.mmd: line 4: expected a score from 1 to 5, got 'nine'\n")
    (project / "flow.mmd").write_text("flowchart LR\n  A --> B\n")
    code, _, err = run(capsys, "import", "mermaid", "flow.mmd")
    assert err == "journeys: error: flow.mmd: line 1: expected a Mermaid diagram starting with 'journey'\n"
    assert not list((project / "journeys" / "maps").glob("flow*"))


def test_bad_csv_rows_are_refused_with_their_row(project, capsys):
    (project / "bad.csv").write_text("stage,action,emotion\nPlan,Search,1\nPlan,Compare,7\n")
    code, _, err = run(capsys, "import", "csv", "bad.csv")
    assert (code, err) == (
        1,
        "journeys: error: bad.csv: row 3: emotion: expected an integer from -2 to 2, got 7\n",
    )
    (project / "short.csv").write_text("stage,action\nPlan,Search,extra\n")
    code, _, err = run(capsys, "import", "csv", "short.csv")
    assert err == "journeys: error: short.csv: row 2: has 3 cells, the header has 2\n"
    (project / "nostage.csv").write_text("step,action\n1,Search\n")
    code, _, err = run(capsys, "import", "csv", "nostage.csv")
    assert code == 1 and "row 1: the header has no 'stage' column" in err


def test_read_only_commands_leave_sources_untouched(project, capsys):
    before = tree_hash(project / "journeys")
    for argv in (
        ["validate"],
        ["list"],
        ["show", "insurance-claim"],
        ["export", "insurance-claim", "--format", "json"],
        ["export", "insurance-claim", "--format", "mermaid"],
    ):
        assert run(capsys, *argv)[0] == 0
    assert tree_hash(project / "journeys") == before


# -- the pull-request gate ------------------------------------------------------------------------------


def test_workflows_and_hooks_call_the_documented_commands():
    readme = (ROOT / "README.md").read_text()
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "journeys-validate" and hooks[0]["entry"] == "journeys validate"
    for name in ("pull-request.yml", "publish.yml"):
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
        steps = [s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"]]
        commands = [c.strip() for s in steps for c in s.splitlines() if c.strip()]
        assert "./dev setup" in commands
        assert "./dev build" in commands and "./dev build" in readme
    pull_request = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text()
    assert ".venv/bin/journeys validate --format github" in pull_request


def test_validate_with_paths_reads_only_those_maps_but_checks_ids_catalogue_wide(project, capsys):
    broken = project / "journeys/maps/insurance-claim.md"
    broken.write_text(broken.read_text().replace("segment: B2C", "segment: B2X"))
    code, out, _ = run(capsys, "validate", "journeys/maps/business-travel-booking.md")
    assert (code, out) == (0, "1 map, 13 personas: valid\n")
    (project / "journeys/maps/sub").mkdir()
    shutil.copy(
        project / "journeys/maps/saas-trial-to-paid.md", project / "journeys/maps/sub/saas-trial-to-paid.md"
    )
    code, out, _ = run(capsys, "validate", "journeys/maps/sub")
    assert code == 1
    assert out.startswith(
        "journeys/maps/sub/saas-trial-to-paid.md:1:1: map id 'saas-trial-to-paid' is already used "
        "by journeys/maps/saas-trial-to-paid.md; file names must be unique\n"
    )
