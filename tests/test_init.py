"""`journeys init`: the scaffold's files, what it refuses, what it keeps, and that what it makes builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from journey_catalogue import __version__
from journey_catalogue.cli.main import main
from journey_catalogue.format.loader import load_catalogue
from journey_catalogue.format.schema import schema_text

from conftest import ROOT, build_site

EXPECTED = {
    "mkdocs.yml",
    "README.md",
    "requirements.txt",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/catalogue.yml",
    ".github/workflows/review-comment.yml",
    ".vscode/settings.json",
    ".vscode/extensions.json",
    ".vscode/tasks.json",
    "docs/index.md",
    "docs/schema/map.schema.json",
    "docs/schema/persona.schema.json",
}
EXAMPLES = {"journeys/maps/example-card-replacement.md", "journeys/personas/example-customer.md"}


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def init(capsys, *argv):
    code = main(["init", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23


def test_init_writes_the_whole_scaffold(tmp_path, capsys):
    target = tmp_path / "acme-journeys"
    code, out, err = init(capsys, str(target), "--repo-url", "https://github.com/acme/journeys")
    assert (code, err) == (0, "")
    assert files_under(target) == EXPECTED | EXAMPLES
    assert f"created {target / 'mkdocs.yml'}" in out
    config = yaml_load((target / "mkdocs.yml").read_text())  # MkDocs' own loader: it knows !ENV
    assert config["site_name"] == "Acme journeys"
    assert config["repo_url"] == "https://github.com/acme/journeys"
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert {"navigation.instant"} <= set(config["theme"]["features"])
    assert [p["toggle"]["name"] for p in config["theme"]["palette"]] == [
        "Switch to dark mode",
        "Switch to light mode",
    ]
    assert config["plugins"][0] == "search" and "journeys" in config["plugins"][1]
    assert (target / "requirements.txt").read_text().strip().endswith(f"journey-catalogue=={__version__}")
    for kind in ("map", "persona"):
        assert (target / f"docs/schema/{kind}.schema.json").read_text() == schema_text(kind)
    catalogue = load_catalogue(target / "journeys", base=target)
    assert catalogue.problems == [] and set(catalogue.maps) == {"example-card-replacement"}


def test_the_workflow_validates_pull_requests_and_publishes_main(tmp_path, capsys):
    init(capsys, str(tmp_path / "c"))
    workflow = yaml.safe_load((tmp_path / "c/.github/workflows/catalogue.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    build_steps = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "journeys validate --format github" in build_steps and "mkdocs build --strict" in build_steps
    assert build_steps.index("journeys validate --format github") < build_steps.index("mkdocs build --strict")
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["permissions"] == {
        "pages": "write",
        "id-token": "write",
    }
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_review_reaches_the_summary_and_one_comment_without_running_fork_code(tmp_path, capsys):
    init(capsys, str(tmp_path / "c"))
    build = yaml.safe_load((tmp_path / "c/.github/workflows/catalogue.yml").read_text())["jobs"]["build"]
    assert "write" not in str(build["permissions"])
    review = next(s for s in build["steps"] if "journeys review" in s.get("run", ""))
    assert 'journeys review --base "origin/$BASE_REF"' in review["run"]
    assert "$GITHUB_STEP_SUMMARY" in review["run"] and "${{" not in review["run"]
    comment = yaml.safe_load((tmp_path / "c/.github/workflows/review-comment.yml").read_text())
    assert comment[True]["workflow_run"]["workflows"] == [build_name(tmp_path)]
    job = comment["jobs"]["comment"]
    assert job["permissions"]["pull-requests"] == "write"
    steps = job["steps"]
    assert not [
        s for s in steps if "checkout" in s.get("uses", "")
    ]  # no pull-request code where it can write
    assert "-F body=@body.md" in steps[-1]["run"] and "${{" not in steps[-1]["run"]


def build_name(tmp_path) -> str:
    return yaml.safe_load((tmp_path / "c/.github/workflows/catalogue.yml").read_text())["name"]


def test_pre_commit_uses_this_repositorys_hook(tmp_path, capsys):
    init(capsys, str(tmp_path / "c"))
    config = yaml.safe_load((tmp_path / "c/.pre-commit-config.yaml").read_text())
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (repo,) = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert [h["id"] for h in repo["hooks"]] == [hooks[0]["id"]]
    assert hooks[0]["entry"] == "journeys validate"


def test_editor_settings_map_the_schemas_and_the_task_reads_validate_output(tmp_path, capsys, monkeypatch):
    target = tmp_path / "c"
    init(capsys, str(target))
    settings = json.loads((target / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"] == {
        "./docs/schema/map.schema.json": ["journeys/maps/**/*.md"],
        "./docs/schema/persona.schema.json": ["journeys/personas/**/*.md"],
    }
    for schema in settings["yaml.schemas"]:
        assert (target / schema).is_file()
    (task,) = json.loads((target / ".vscode/tasks.json").read_text())["tasks"]
    pattern = task["problemMatcher"]["pattern"]
    # the matcher reads what `journeys validate` really prints, errors and warnings
    path = target / "journeys/maps/example-card-replacement.md"
    path.write_text(
        path.read_text().replace("emotion: -2", "emotion: 7").replace("segment: B2C", "segment: B2X")
    )
    monkeypatch.chdir(target)
    assert main(["validate"]) == 1
    lines = capsys.readouterr().out.splitlines()
    matches = [re.match(pattern["regexp"], line) for line in lines]
    found = [
        (m.group(pattern["file"]), m.group(pattern["line"]), m.group(pattern["message"]))
        for m in matches
        if m
    ]
    assert len(found) == 2
    assert all(file == "journeys/maps/example-card-replacement.md" for file, _, _ in found)
    assert any(message.startswith("segment:") for _, _, message in found)


def test_init_refuses_a_non_empty_folder_and_force_keeps_every_existing_file(tmp_path, capsys):
    target = tmp_path / "c"
    (target / "docs").mkdir(parents=True)
    (target / "README.md").write_text("our own readme\n")
    (target / "docs/index.md").write_text("# Our home\n")
    code, out, err = init(capsys, str(target))
    assert code == 1 and out == ""
    assert "is not empty (README.md, docs)" in err and "--force" in err
    assert files_under(target) == {"README.md", "docs/index.md"}
    code, out, err = init(capsys, str(target), "--force")
    assert code == 0
    assert (target / "README.md").read_text() == "our own readme\n"
    assert (target / "docs/index.md").read_text() == "# Our home\n"
    kept = [line.split()[1] for line in out.splitlines() if line.startswith("kept")]
    assert kept == [str(target / "README.md"), str(target / "docs/index.md")]
    assert files_under(target) == EXPECTED | EXAMPLES


def test_init_accepts_a_fresh_clone_and_refuses_a_file(tmp_path, capsys):
    (tmp_path / "clone/.git").mkdir(parents=True)
    assert init(capsys, str(tmp_path / "clone"), "--empty")[0] == 0
    (tmp_path / "file").write_text("x")
    code, _, err = init(capsys, str(tmp_path / "file"))
    assert code == 2 and "is not a folder" in err


@pytest.mark.slow
@pytest.mark.parametrize("empty", [True, False], ids=["empty", "starter"])
def test_the_scaffold_builds_strict(tmp_path, capsys, empty):
    target = tmp_path / "c"
    init(capsys, str(target), *(["--empty"] if empty else []))
    if empty:
        assert files_under(target / "journeys") == {"maps/.gitkeep", "personas/.gitkeep"}
    build_site(target / "mkdocs.yml", tmp_path / "site", "http://127.0.0.1:8000/")
    catalogue = (tmp_path / "site/maps/index.html").read_text()
    if empty:
        assert "This catalogue has no maps yet" in catalogue
        assert "journeys new my-map --from b2c-generic-journey" in catalogue
    else:
        assert (tmp_path / "site/maps/example-card-replacement/index.html").is_file()
        assert "This catalogue has no maps yet" not in catalogue
    gallery = (tmp_path / "site/templates/index.html").read_text()
    assert (
        'data-jc-template="b2c-generic-journey"' in gallery
        and 'data-jc-template="b2b-generic-journey"' in gallery
    )
