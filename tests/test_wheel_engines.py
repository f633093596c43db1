"""The wheel with one other engine added, in a fresh virtual environment: with only ProperDocs, a `journeys
init` scaffold builds with `properdocs build --strict`; with only Zensical, a `journeys init --engine
zensical` scaffold builds with `journeys build`. On each, every generated page exists and the map page
draws its chart in Chromium with no script error. uv installs these two (test_wheel.py installs the wheel
alone with pip, as a user does): the same wheel, without pip's resolution time."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_browser import wait_for_chart
from test_wheel import install_in_fresh_venv

from conftest import PageWatch, run_command, serving_site

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MAP_ID = "example-card-replacement"


@pytest.fixture(scope="module")
def wheel(release_dist) -> Path:
    (built,) = release_dist[0].glob("journey_catalogue-*.whl")
    return built


def _venv_with(wheel: Path, extra: str, work: Path, cache: Path) -> tuple[dict, Path]:
    env, bin_dir = install_in_fresh_venv(
        work, wheel, f"{wheel}[{extra}]", cache, {"DISABLE_MKDOCS_2_WARNING": "true"}, with_uv=True
    )
    other = {"properdocs": "zensical", "zensical": "properdocs"}[extra]
    probe = subprocess.run([str(bin_dir / "python"), "-c", f"import {other}"], env=env, capture_output=True)
    assert probe.returncode != 0, f"{other} should not be installed beside {extra}"
    return env, bin_dir


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_the_wheel_with_one_engine_builds_a_scaffold_that_draws_its_chart(
    wheel, engine, tmp_path, chromium, request
):
    env, bin_dir = _venv_with(wheel, engine, tmp_path, request.config.cache.mkdir("wheel-dependencies"))
    init = [str(bin_dir / "journeys"), "init", "catalogue"]
    run_command(init + (["--engine", "zensical"] if engine == "zensical" else []), env=env, cwd=tmp_path)
    catalogue = tmp_path / "catalogue"
    (catalogue / "site").mkdir()
    pages = "" if engine == "properdocs" else "journeys/"

    def build(url: str) -> None:
        if engine == "properdocs":
            run_command(
                [str(bin_dir / "properdocs"), "build", "--strict"], env=env | {"SITE_URL": url}, cwd=catalogue
            )
            return
        config = catalogue / "zensical.toml"
        config.write_text(
            config.read_text().replace('site_url = "http://127.0.0.1:8000/"', f'site_url = "{url}"')
        )
        run_command([str(bin_dir / "journeys"), "build"], env=env, cwd=catalogue)

    with serving_site(catalogue / "site", build) as url:
        site = catalogue / "site" / pages
        for path in (
            "maps",
            f"maps/{MAP_ID}",
            "personas",
            "personas/example-customer",
            "templates",
            "insights",
        ):
            assert 'class="jc-' in (site / path / "index.html").read_text(), path
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = PageWatch(page, url)
        page.goto(f"{url}{pages}maps/{MAP_ID}/")
        assert wait_for_chart(page) > 5000
        watch.assert_clean()
        context.close()
