"""Adopting the plugin: inside an existing MkDocs site, our own docs without the examples, and build
failures that are messages, never tracebacks."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from journey_catalogue.authoring.starters import STARTERS_ROOT

from conftest import FIXTURE_CATALOGUE, ROOT, build_site

EXISTING_SITE_CONFIG = """\
site_name: Acme handbook
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
plugins:
  - search
  - journeys:
      maps_url: cx/maps
      personas_url: cx/personas
      templates_url: cx/templates
      today: "2026-11-23"
nav:
  - Home: index.md
  - Guides:
      - Onboarding: guides/onboarding.md
"""


def nav_titles(html: str) -> list[str]:
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>\n</div>") if "</nav>\n</div>" in nav else len(nav)]
    return [t.strip() for t in re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)]


@pytest.fixture
def existing_site(tmp_path):
    site = tmp_path / "handbook"
    (site / "docs/guides").mkdir(parents=True)
    (site / "docs/index.md").write_text("# Acme handbook\n\nSee the [journey maps](cx/maps/index.md).\n")
    (site / "docs/guides/onboarding.md").write_text("# Onboarding\n")
    (site / "mkdocs.yml").write_text(EXISTING_SITE_CONFIG)
    shutil.copytree(FIXTURE_CATALOGUE / "journeys", site / "journeys")
    return site


@pytest.mark.slow
def test_an_existing_site_keeps_its_nav_and_gets_the_catalogue_under_its_folders(
    existing_site, tmp_path, caplog
):
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.journeys"):
        build_site(existing_site / "mkdocs.yml", tmp_path / "out", "http://127.0.0.1:8000/")
    out = tmp_path / "out"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert nav_titles(home) == nav_titles((out / "guides/onboarding/index.html").read_text(encoding="utf-8"))
    assert "Onboarding" in nav_titles(home) and not {"Catalogue", "Personas", "Templates"} & set(
        nav_titles(home)
    )
    assert 'href="cx/maps/"' in home  # the site's own link to the catalogue resolves
    for page in ("cx/maps", "cx/maps/business-travel-booking", "cx/personas/travel-manager", "cx/templates"):
        assert (out / page / "index.html").is_file(), page
    assert not (out / "maps").exists()
    map_page = (out / "cx/maps/business-travel-booking/index.html").read_text(encoding="utf-8")
    assert 'href="../../personas/travel-manager/"' in map_page
    assert 'data-jc-echarts="../../../assets/journeys/echarts.common.min.js"' in map_page
    # the fixture's own b2c-generic-journey wins over the packaged starter, and the log says so
    messages = [r.getMessage() for r in caplog.records]
    assert any("own b2c-generic-journey.md replaces the packaged starter template" in m for m in messages)
    gallery = (out / "cx/templates/index.html").read_text(encoding="utf-8")
    assert 'data-jc-template="b2c-service-recovery-template"' in gallery  # a starter the fixture lacks
    own = (FIXTURE_CATALOGUE / "journeys/maps/b2c-generic-journey.md").read_bytes()
    assert (out / "cx/templates/b2c-generic-journey.md").read_bytes() == own


@pytest.mark.slow
def test_our_docs_build_when_the_example_maps_are_removed(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "theme_overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    (project / "plugins").symlink_to(ROOT / "plugins")  # the packaged starters the format page quotes
    (project / "journeys/maps").mkdir(parents=True)
    (project / "journeys/personas").mkdir()
    build_site(project / "mkdocs.yml", tmp_path / "site", "http://127.0.0.1:8000/")
    reference = (tmp_path / "site/reference/format/index.html").read_text(encoding="utf-8")
    assert "Template: generic B2C customer journey" in reference
    assert "This catalogue has no maps yet" in (tmp_path / "site/maps/index.html").read_text(encoding="utf-8")
    assert STARTERS_ROOT.is_relative_to(ROOT / "plugins")


BAD_OPTIONS = [
    ("today: notadate", "today", "expected a date as YYYY-MM-DD, got 'notadate'"),
    ("review_days: -3", "review_days", "expected a number of days (0 or more), got -3"),
    ("maps_url: '../up'", "maps_url", "expected a URL folder"),
    ("personas_url: maps", "personas_url", "overlaps maps_url"),
    ("templates_url: maps/templates", "templates_url", "overlaps maps_url"),
    ("channels: {kiosk: 5}", "channels", "channel 'kiosk': expected {label: ..., icon: ...}, got 5"),
    ("channels: {kiosk: {colour: red}}", "channels", "unknown key 'colour'"),
    ("echarts: 'javascript:alert(1)'", "echarts", "expected an http(s) URL or a path on the site"),
    ("workers: -1", "workers", "expected a number of worker processes (0 or more), got -1"),
    ("workers: many", "workers", "expected a number of worker processes (0 or more), got 'many'"),
]


@pytest.mark.parametrize(("option", "name", "message"), BAD_OPTIONS, ids=[o[1] for o in BAD_OPTIONS])
def test_a_bad_option_is_a_configuration_error_naming_it(tmp_path, caplog, option, name, message):
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: T\nplugins:\n  - journeys:\n      {option}\n")
    (tmp_path / "docs").mkdir()
    with pytest.raises(Abort):
        load_config(str(config))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(f"Plugin 'journeys' option '{name}'" in e and message in e for e in errors), errors


def test_an_unquoted_date_for_today_is_accepted(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nplugins:\n  - journeys:\n      today: 2026-11-23\n")
    (tmp_path / "docs").mkdir()
    loaded = load_config(str(config))
    assert loaded.plugins["journeys"].config.today == "2026-11-23"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("journeys_dir: nowhere", "no journeys folder at"),
        ("today: 23/11/2026", "option 'today': expected a date as YYYY-MM-DD"),
    ],
    ids=["missing-journeys-folder", "bad-date"],
)
def test_mkdocs_build_fails_with_a_message_not_a_traceback(tmp_path, option, expected):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ntheme: {{name: material}}\nplugins:\n  - journeys:\n      {option}\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
