"""The example report in docs/reviewing.md: the example catalogue in a new git repository, one map edited
as tests/history_repo.py edits it, then `journeys review --base main`."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

from history_repo import MAP_ID, edit_map, git

from journey_catalogue.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "reviewing.md"
START, END = "<!-- review-example:start -->", "<!-- review-example:end -->"


def example_report(target: Path) -> str:
    shutil.copytree(ROOT / "journeys", target / "journeys")
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "The catalogue", date="2026-10-01T09:00:00+00:00")
    git(target, "checkout", "-q", "-b", "edit")
    edit_map(target / "journeys" / "maps" / f"{MAP_ID}.md")
    git(target, "commit", "-q", "-a", "-m", "Booking got easier", date="2026-11-20T15:30:00+00:00")
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(target)
        with contextlib.redirect_stdout(out):
            code = main(["review", "--base", "main", "--head", "edit", "--site-url", "https://example.org/"])
    finally:
        os.chdir(cwd)
    assert code == 0
    short = git(target, "rev-parse", "--short=7", "edit")
    base = git(target, "rev-parse", "--short=7", "main")
    return out.getvalue().replace(short, "abc1234").replace(base, "def5678")


def documented() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


if __name__ == "__main__":  # rewrite the example: ./.venv/bin/python tests/review_example.py
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        report = example_report(Path(folder))
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    DOC.write_text(f"{head}{START}\n{report}{END}{rest.split(END, 1)[1]}", encoding="utf-8")
