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
