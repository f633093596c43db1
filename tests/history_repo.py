"""Temporary git repositories for the history tests: the fixture catalogue committed, then one map edited.

The edit of branch-account-opening changes one step's emotion (-1 to +1), removes one of that step's
pains, adds one step, and moves one opportunity's status; nothing else in that map changes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import copy_catalogue

FIXTURE_CATALOGUE = Path(__file__).parent / "fixtures" / "catalogue"
MAP_ID = "branch-account-opening"
HOSTILE_SUBJECT = "Fix <script>alert('subject')</script> & \"quotes\" <img src=x onerror=alert(1)>"
HOSTILE_AUTHOR = "Mallory &amp; \"<b>\" onmouseover='alert(2)'"
EDITED_STEP = "Books an appointment online at the branch near campus"
ADDED_STEP = "Checks the branch's opening hours on the app"
REMOVED_PAIN = "Branches near campus are fully booked for the first two weeks of term"
CHANGED_OPPORTUNITY = "Digital card in the phone wallet on the day of opening"


def git(repo: Path, *args: str, author: tuple[str, str] = ("Ann Author", "ann@example.org"), date=None):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author[0],
        "GIT_AUTHOR_EMAIL": author[1],
        "GIT_COMMITTER_NAME": author[0],
        "GIT_COMMITTER_EMAIL": author[1],
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def edit_map(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    edits = [
        (
            "      - action: Books an appointment online at the branch near campus\n"
            "        touchpoints: [web]\n"
            "        emotion: -1\n",
            "      - action: Books an appointment online at the branch near campus\n"
            "        touchpoints: [web]\n"
            "        emotion: 1\n",
        ),
        (
            "        pains:\n"
            "          - text: Branches near campus are fully booked for the first two weeks of term\n"
            "            severity: high\n"
            "            sources: [new-customer-survey]\n",
            "",
        ),
        (
            "      - action: Receives a list of documents to bring\n",
            f"      - action: {ADDED_STEP}\n"
            "        touchpoints: [mobile-app]\n"
            "        emotion: 0\n"
            "      - action: Receives a list of documents to bring\n",
        ),
        (
            "          - text: Digital card in the phone wallet on the day of opening\n"
            "            status: done\n",
            "          - text: Digital card in the phone wallet on the day of opening\n"
            "            status: in-progress\n",
        ),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def make_repository(target: Path) -> dict:
    """The fixture catalogue in a new git repository with two commits of MAP_ID; returns their ids."""
    copy_catalogue(FIXTURE_CATALOGUE, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "Import the catalogue", date="2026-10-01T09:00:00+00:00")
    first = git(target, "rev-parse", "HEAD")
    edit_map(target / "journeys" / "maps" / f"{MAP_ID}.md")
    git(
        target,
        "commit",
        "-q",
        "-a",
        "-m",
        HOSTILE_SUBJECT,
        author=(HOSTILE_AUTHOR, "m@example.org"),
        date="2026-11-20T15:30:00+00:00",
    )
    second = git(target, "rev-parse", "HEAD")
    return {"first": first, "second": second}
