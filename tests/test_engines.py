"""Every site engine: `journeys generate` (deterministic, --check, writes only its folder), `journeys
build` refusing a plugin the engine will not run, `journeys init --engine`, and real builds."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import tomllib
from pathlib import Path

import pytest
from engine_sites import ENGINES, MAP_ID, journeys, make_catalogue

from journey_catalogue.authoring.starters import load_starters
from journey_catalogue.format.channels import ChannelVocabulary
from journey_catalogue.generate.pages import GenerateOptions, page_scripts, page_styles
from journey_catalogue.i18n import Translator


def _tree(folder: Path, skip: str | None = None) -> dict[str, str]:
    """Every file under `folder` (but `skip`) with a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and ".git" not in p.parts
        and not (skip and p.relative_to(folder).as_posix().startswith(skip))
    }


@pytest.fixture
def zensical_catalogue(tmp_path):
    return make_catalogue(tmp_path / "cat", "zensical")


def test_generate_is_deterministic_writes_only_its_folder_and_check_finds_stale_pages(zensical_catalogue):
    cat = zensical_catalogue
    before = _tree(cat)
    journeys("generate", cwd=cat)
    first = _tree(cat / "docs" / "journeys")
    assert f"maps/{MAP_ID}/index.md" in first and "assets/bundle.js" in first
    assert _tree(cat, skip="docs/journeys/") == before, "generate wrote outside docs/journeys/"
    again = journeys("generate", cwd=cat)
    assert _tree(cat / "docs" / "journeys") == first
    assert "(0 changed)" in again.stdout
    assert journeys("generate", "--check", cwd=cat, check=False).returncode == 0
    # an edited map makes the pages stale; --check says which, writes nothing, exits 1
    path = cat / "journeys" / "maps" / f"{MAP_ID}.md"
    path.write_text(path.read_text().replace("Report the lost card", "Report the missing card"))
    stale = journeys("generate", "--check", cwd=cat, check=False)
    assert stale.returncode == 1
    assert f"journeys/maps/{MAP_ID}/index.md" in stale.stderr
    assert _tree(cat / "docs" / "journeys") == first
    # a page no longer generated (a removed map) is removed by the next run
    path.unlink()
    journeys("generate", cwd=cat)
    assert not (cat / "docs" / "journeys" / "maps" / MAP_ID).exists()


def test_generate_never_cleans_a_folder_it_did_not_write(zensical_catalogue):
    own = zensical_catalogue / "docs" / "journeys" / "notes.md"
    own.parent.mkdir(parents=True)
    own.write_text("mine")
    done = journeys("generate", cwd=zensical_catalogue, check=False)
    assert done.returncode == 1 and "did not write" in done.stderr
    assert own.read_text() == "mine"


def test_map_text_lands_in_generated_markdown_as_escaped_html(zensical_catalogue):
    path = zensical_catalogue / "journeys" / "maps" / f"{MAP_ID}.md"
    text = path.read_text()
    path.write_text(text.replace("Report the lost card", "Report <script>alert(1)</script> *card*", 1))
    journeys("generate", cwd=zensical_catalogue)
    page = (zensical_catalogue / "docs" / "journeys" / "maps" / MAP_ID / "index.md").read_text()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *card*" in page


def test_generate_writes_the_pages_in_the_sites_language(tmp_path):
    cat = tmp_path / "cat"
    journeys("init", str(cat), "--engine", "zensical", "--language", "pl", cwd=tmp_path)
    journeys("generate", cwd=cat)
    pages = cat / "docs" / "journeys"
    gettext = Translator("pl").gettext
    map_page = (pages / "maps" / MAP_ID / "index.md").read_text(encoding="utf-8")
    channel = ChannelVocabulary.build().get("mobile-app").label  # a default channel the map uses
    for words in ("Pain points", "Opportunities", channel):
        assert gettext(words) != words and gettext(words) in map_page, words
    polish = load_starters(ChannelVocabulary.build(), dt.date(2026, 12, 1), "pl")
    gallery = (pages / "templates" / "index.md").read_text(encoding="utf-8")
    assert all(html.escape(m.meta.title) in gallery for m in polish.maps.values())


def test_build_refuses_a_plugin_the_engine_will_not_run(tmp_path):
    cat = make_catalogue(tmp_path / "cat", "mkdocs")  # mkdocs.yml lists the journeys plugin
    done = journeys("build", "--engine", "zensical", cwd=cat, check=False)
    assert done.returncode == 1
    assert "does not run plugins" in done.stderr and "journeys build --engine properdocs" in done.stderr
    assert not (cat / "site").exists() and not (cat / "docs" / "journeys").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_init_scaffolds_the_engines_configuration_ci_and_readme(tmp_path, engine):
    journeys("init", str(tmp_path / "c"), "--engine", engine, cwd=tmp_path)
    configs = {p.name for p in (tmp_path / "c").iterdir() if p.suffix in (".yml", ".toml")}
    expected = {"mkdocs": "mkdocs.yml", "properdocs": "properdocs.yml", "zensical": "zensical.toml"}
    assert configs == {expected[engine]}
    workflow = (tmp_path / "c" / ".github" / "workflows" / "catalogue.yml").read_text()
    build_command = {
        "mkdocs": "mkdocs build --strict",
        "properdocs": "properdocs build --strict",
        "zensical": "journeys build",
    }
    assert f"{build_command[engine]}\n" in workflow
    requirements = (tmp_path / "c" / "requirements.txt").read_text()
    assert ("[" + engine + "]" in requirements) == (engine != "mkdocs")
    assert (
        "__"
        not in (tmp_path / "c" / "README.md").read_text() + (tmp_path / "c" / "docs/index.md").read_text()
    )


def test_the_zensical_scaffold_loads_every_asset_generate_writes(tmp_path):
    journeys("init", str(tmp_path / "c"), "--engine", "zensical", cwd=tmp_path)
    project = tomllib.loads((tmp_path / "c" / "zensical.toml").read_text())["project"]
    assert project["extra_javascript"] == page_scripts(GenerateOptions())
    assert project["extra_css"] == page_styles(GenerateOptions())
    assert project["theme"]["font"] is False  # no request to Google Fonts


@pytest.mark.slow
def test_the_example_catalogue_builds_on_properdocs_with_material(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "maps" / "index.html").read_text()
    assert "jc-card" in page and "assets/stylesheets/main" in page  # our catalogue, in Material


def _zensical_build(catalogue: Path):
    import subprocess
    import sys

    # -c: without Zensical's cache, as on a fresh checkout in CI (with every page cached it renders none)
    command = [sys.executable, "-m", "zensical", "build", "-c"]
    return subprocess.run(command, cwd=catalogue, capture_output=True, text=True, timeout=120)


def test_zensical_itself_stops_when_the_pages_are_missing_or_stale(zensical_catalogue):
    missing = _zensical_build(zensical_catalogue)
    assert missing.returncode != 0 and "build with `journeys build`" in missing.stderr
    journeys("generate", cwd=zensical_catalogue)
    assert _zensical_build(zensical_catalogue).returncode == 0
    path = zensical_catalogue / "journeys" / "maps" / f"{MAP_ID}.md"
    path.write_text(path.read_text() + "\nMore story.\n")
    stale = _zensical_build(zensical_catalogue)
    assert stale.returncode != 0 and "older than the journey files" in stale.stderr


def test_zensical_stops_on_a_catalogue_that_relies_on_the_plugin(tmp_path):
    cat = make_catalogue(tmp_path / "cat", "mkdocs")  # mkdocs.yml: the plugin, and the guard extension
    done = _zensical_build(cat)
    assert done.returncode != 0 and "does not run plugins" in done.stderr


def test_generate_says_when_the_zensical_configuration_lists_other_assets_than_it_writes(zensical_catalogue):
    """Issue 29 bundled the pages' scripts and styles: a configuration written before still lists the
    separate files, which would leave every page without its script; `journeys generate` says so."""
    assert "warning" not in journeys("generate", cwd=zensical_catalogue).stderr  # the scaffold lists them
    config = zensical_catalogue / "zensical.toml"
    text = config.read_text()
    config.write_text(
        text.replace(
            '["journeys/assets/bundle.js"]', '["journeys/assets/journeys.js", "journeys/assets/history.js"]'
        )
    )
    stderr = journeys("generate", cwd=zensical_catalogue).stderr
    assert "zensical.toml does not list journeys/assets/bundle.js in extra_javascript" in stderr
    assert (
        "lists journeys/assets/journeys.js in extra_javascript, which `journeys generate` no longer" in stderr
    )
    assert "bundle.css" not in stderr  # extra_css is right
