"""A `journeys init` catalogue built on each site engine (mkdocs, properdocs, zensical), for the tests
that must hold on every engine. The repository has two commits of the example map, so maps have history."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from history_repo import git

ENGINES = ("mkdocs", "properdocs", "zensical")
MAP_ID = "example-card-replacement"
# Where each engine's generated pages live in the site.
PAGES = {"mkdocs": "", "properdocs": "", "zensical": "journeys/"}


def journeys(*args: str, cwd: Path, check: bool = True, env: dict | None = None):
    command = [sys.executable, "-m", "journey_catalogue.cli.main", *args]
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=run_env)
    if check and done.returncode != 0:
        raise AssertionError(f"journeys {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done


def make_catalogue(target: Path, engine: str) -> Path:
    """`journeys init --engine ENGINE` and a published B2B map from a starter, with the example map
    committed twice (an emotion changed)."""
    journeys("init", str(target), "--engine", engine, cwd=target.parent)
    journeys("new", "b2b-map", "--from", "b2b-generic-journey", cwd=target)  # a second map, to filter
    b2b = target / "journeys" / "maps" / "b2b-map.md"
    b2b.write_text(b2b.read_text(encoding="utf-8").replace("status: draft", "status: published", 1))
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "Add the example map", date="2026-10-01T10:00:00+00:00")
    path = target / "journeys" / "maps" / f"{MAP_ID}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("emotion: 1\n", "emotion: 2\n", 1), encoding="utf-8")
    git(target, "commit", "-qam", "Happier ending", date="2026-11-01T10:00:00+00:00")
    return target


def build(catalogue: Path, engine: str, site_url: str) -> Path:
    """Build the catalogue for `site_url` (instant navigation follows only same-origin sitemap URLs) with
    the engine's own command; the site is catalogue/site."""
    env = {"SITE_URL": site_url}
    if engine == "zensical":
        config = catalogue / "zensical.toml"
        config.write_text(
            re.sub(r'^site_url = ".*"$', f'site_url = "{site_url}"', config.read_text(), flags=re.M)
        )
        journeys("build", cwd=catalogue, env=env)
    else:
        command = [sys.executable, "-m", engine, "build", "--strict"]
        run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **env}
        done = subprocess.run(
            command, cwd=catalogue, capture_output=True, text=True, timeout=300, env=run_env
        )
        assert done.returncode == 0, done.stderr
    return catalogue / "site"
