"""The map editor without a browser: its vendored libraries match their pins and npm's tarballs, and the
editor page carries what the browser needs (schema, personas, channels, translated messages), escaped,
with the maps fetched on demand rather than embedded; `editor: false` publishes none of it."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from npm_vendor import VENDOR

from journey_catalogue.assets import ASSETS_DIR
from journey_catalogue.assets import editor_libraries as libs

from conftest import FIXTURE_CATALOGUE, build_site, copy_catalogue


def test_vendored_editor_libraries_match_their_pins():
    assert libs.editor_libraries_problem() is None


def test_an_altered_library_file_is_caught(monkeypatch, tmp_path):
    altered = tmp_path / "yaml"
    altered.mkdir()
    (altered / "index.js").write_text("export default {}")
    monkeypatch.setattr(libs, "VENDOR", tmp_path)
    (tmp_path / libs.AJV_FILE).write_bytes((libs.ASSETS_DIR / "vendor" / libs.AJV_FILE).read_bytes())
    assert "yaml" in libs.editor_libraries_problem()
    (tmp_path / libs.AJV_FILE).write_bytes(b"tampered")
    assert libs.AJV_FILE in libs.editor_libraries_problem()


def _tarball(package: str, version: str) -> bytes:
    import subprocess
    import tempfile
    from pathlib import Path

    cached = VENDOR / f"{package}-{version}.tgz"
    if not cached.is_file():
        with tempfile.TemporaryDirectory() as work:
            subprocess.run(
                ["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", work],
                check=True,
                capture_output=True,
            )
            VENDOR.mkdir(exist_ok=True)
            cached.write_bytes((Path(work) / f"{package}-{version}.tgz").read_bytes())
    return cached.read_bytes()


@pytest.mark.slow
def test_vendored_files_are_the_npm_releases_files():
    ajv = libs.tarball_files(
        _tarball(libs.AJV_PACKAGE, libs.AJV_VERSION), libs.AJV_TARBALL_SHA512, "package/dist/"
    )
    assert ajv[libs.AJV_FILE] == (libs.VENDOR / libs.AJV_FILE).read_bytes()
    tarball = _tarball(libs.YAML_PACKAGE, libs.YAML_VERSION)
    yaml_files = libs.tarball_files(tarball, libs.YAML_TARBALL_SHA512, "package/browser/")
    assert yaml_files == libs.vendored_yaml_files()
    assert libs.tree_digest(yaml_files) == libs.YAML_TREE_SHA512


HOSTILE = "</script><img src=x onerror=alert(1)>'\"&"


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("editor-page")
    config = copy_catalogue(FIXTURE_CATALOGUE, work / "catalogue")
    persona = work / "catalogue" / "journeys" / "personas" / "travel-manager.md"
    persona.write_text(
        re.sub(r"^name: .*$", f"name: {json.dumps(HOSTILE)}", persona.read_text(), count=1, flags=re.M)
    )
    build_site(config, work / "site", "http://127.0.0.1:8000/")
    return work


def _editor_data(site) -> dict:
    html = (site / "editor" / "index.html").read_text(encoding="utf-8")
    (data,) = re.findall(r'<script type="application/json" data-jc-editor-data>(.*?)</script>', html, re.S)
    return json.loads(data), html


def test_the_editor_page_carries_what_the_browser_needs(editor_site):
    data, html = _editor_data(editor_site / "site")
    assert data["schema"]["$schema"].endswith("2020-12/schema")
    assert list(data["schema"]["properties"])[:3] == ["title", "summary", "segment"]  # the form's order
    assert {"id": "kiosk", "label": "Self-service kiosk"} in data["channels"]
    assert data["messages"]["jc_valence"] == "expected an integer from -2 to 2, got %(found)s"
    assert data["messages"]["at_least"]["one"] == "at least %(num)d item"
    assert data["github_new"] == ""  # the fixture's repo_url is not on GitHub
    assert "support-escalation" not in json.dumps(data)  # maps are fetched on demand, not embedded
    maps = json.loads((editor_site / "site" / "editor" / "maps" / "index.json").read_text())
    assert ["support-escalation", "Escalating a payroll-blocking support case"] in maps
    source = editor_site / "catalogue" / "journeys" / "maps" / "support-escalation.md"
    assert (
        editor_site / "site" / "editor" / "maps" / "support-escalation.md"
    ).read_bytes() == source.read_bytes()
    map_page = (editor_site / "site" / "maps" / "support-escalation" / "index.html").read_text()
    assert 'href="../../editor/?map=support-escalation"' in map_page
    # the page's script and style carry a digest of their content, like every other asset of ours
    for name in ("editor.js", "editor.css"):
        digest = hashlib.sha256((ASSETS_DIR / name).read_bytes()).hexdigest()[:12]
        assert f"../assets/journeys/{name}?v={digest}" in html
    assert data["fields"]["updated"] == "review date"  # the form's labels: the format's words


def test_map_text_in_the_editor_page_is_escaped(editor_site):
    data, html = _editor_data(editor_site / "site")
    assert HOSTILE in [p["name"] for p in data["personas"]]
    assert "<img src=x" not in html and html.count("</script>") == html.count("<script")


def test_the_editor_can_be_switched_off(tmp_path):
    config = copy_catalogue(FIXTURE_CATALOGUE, tmp_path / "catalogue")
    config.write_text(
        config.read_text().replace('today: "2026-11-23"', 'today: "2026-11-23"\n      editor: false')
    )
    build_site(config, tmp_path / "site", "http://127.0.0.1:8000/")
    assert not (tmp_path / "site" / "editor").exists()
    assert not (tmp_path / "site" / "assets" / "journeys" / "editor.js").exists()
    assert (
        "editor/?map=" not in (tmp_path / "site" / "maps" / "support-escalation" / "index.html").read_text()
    )
