"""`journeys validate` on several cores reports exactly what one core reports, in the same order."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from journey_catalogue.cli.main import main
from journey_catalogue.format.parallel_check import check_catalogue

CORPUS = Path(__file__).parent / "corpus"
TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def broken_catalogue(tmp_path_factory) -> Path:
    """The small valid catalogue plus every broken file of the corpus at once, and a duplicate map id."""
    project = tmp_path_factory.mktemp("parallel")
    shutil.copytree(CORPUS / "base" / "journeys", project / "journeys")
    for kind in ("maps", "personas"):
        for source in (CORPUS / "broken" / kind).glob("*.md"):
            shutil.copy(source, project / "journeys" / kind / source.name)
    first_map = sorted((CORPUS / "base" / "journeys" / "maps").glob("*.md"))[0]
    (project / "journeys" / "maps" / "copies").mkdir()
    shutil.copy(first_map, project / "journeys" / "maps" / "copies" / first_map.name)
    return project


def test_workers_report_the_same_problems_as_one_process(broken_catalogue):
    root = broken_catalogue / "journeys"
    alone = check_catalogue(root, base=broken_catalogue, today=TODAY, workers=1)
    shared = check_catalogue(root, base=broken_catalogue, today=TODAY, workers=3)
    assert len(alone.problems) > 80
    assert any("/personas/" in p.file for p in alone.problems)  # reported once, not once per worker
    assert any("is already used by" in p.message for p in alone.problems)  # seen across shares
    assert shared.problems == alone.problems
    assert shared.files_checked == alone.files_checked


def test_only_limits_the_maps_with_workers_too(broken_catalogue):
    root = broken_catalogue / "journeys"
    chosen = sorted((root / "maps").glob("missing-*.md"))
    assert len(chosen) >= 3
    alone = check_catalogue(root, base=broken_catalogue, today=TODAY, only=chosen, workers=1)
    shared = check_catalogue(root, base=broken_catalogue, today=TODAY, only=chosen, workers=2)
    assert shared.problems == alone.problems
    assert shared.files_checked["map"] == len(chosen)


def test_the_cli_prints_the_same_with_jobs(broken_catalogue, capsys, monkeypatch):
    monkeypatch.chdir(broken_catalogue)
    outputs = []
    for jobs in ("1", "2"):
        assert main(["validate", "--jobs", jobs]) == 1
        captured = capsys.readouterr()
        outputs.append((captured.out, captured.err))
    assert outputs[0] == outputs[1]
    assert "errors in" in outputs[0][1]
    assert main(["validate", "--jobs", "0"]) == 2


def test_persona_problems_once_with_a_relative_root_and_another_base(broken_catalogue, tmp_path, monkeypatch):
    monkeypatch.chdir(broken_catalogue.parent)
    root = Path(broken_catalogue.name) / "journeys"  # relative, while messages are relative to tmp_path
    alone = check_catalogue(root, base=tmp_path, today=TODAY, workers=1)
    shared = check_catalogue(root, base=tmp_path, today=TODAY, workers=3)
    assert shared.problems == alone.problems


def test_paths_named_through_a_symlink_are_checked_and_outside_paths_refused(
    broken_catalogue, tmp_path, capsys, monkeypatch
):
    (tmp_path / "link").symlink_to(broken_catalogue / "journeys")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--root", "link", "link/maps/missing-title.md"]) == 1
    out = capsys.readouterr().out
    assert "link/maps/missing-title.md:2:1: title: required field is missing" in out
    (tmp_path / "notes.md").write_text("not a map\n")
    assert main(["validate", "--root", "link", "notes.md"]) == 2
    assert "is not in the journeys folder" in capsys.readouterr().err
