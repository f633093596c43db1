"""The wheel alone: built from its sdist by a build front end (conftest.release_dist), installed with
pip into a fresh virtual environment with no npm on PATH, it scaffolds a catalogue, builds an empty and a
non-empty one with --strict, and the map page's chart draws in Chromium from the ECharts script the site
serves itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from test_browser import wait_for_chart

from journey_catalogue import __version__
from journey_catalogue.assets import ECHARTS_FILE, ECHARTS_VERSION

from conftest import ROOT, UV, PageWatch, run_command, serving_site

pytestmark = [pytest.mark.slow, pytest.mark.browser]
WHEEL_MUST_HOLD = (
    f"assets/vendor/{ECHARTS_FILE}",
    "assets/vendor/LICENSE",
    "assets/vendor/NOTICE",
    "assets/journeys.js",
    "format/map.schema.json",
    "format/persona.schema.json",
    "render/templates/map.html",
    "authoring/scaffold/mkdocs.yml",
    "authoring/scaffold/dot-github/workflows/catalogue.yml",
    "authoring/scaffold_languages/ru/README.md",
    "authoring/scaffold_languages/pl/docs/index.md",
    "authoring/starters/maps/b2c-generic-journey.md",
    "authoring/starters/personas/template-consumer.md",
    "authoring/starters/ru/maps/b2c-generic-journey.md",
    "authoring/scaffold_languages/pl/journeys/maps/example-card-replacement.md",
)


def _wheelhouse(cache_dir: Path, wheel: Path, env: dict[str, str]) -> Path:
    """The wheel's dependencies as pip downloads them from the package index, kept between runs (pytest's
    cache): installing them is most of this test's time. Our package never comes from here, and the
    install below still asks the index for anything missing."""
    if not any(cache_dir.glob("*.whl")):
        pip = [sys.executable, "-m", "pip", "download", "-q", "-d", str(cache_dir), str(wheel)]
        run_command(pip, env=env, cwd=cache_dir, timeout=300)
        (cache_dir / wheel.name).unlink(missing_ok=True)
    return cache_dir


def install_in_fresh_venv(
    work: Path, wheel: Path, requirement: str, cache: Path, extra_env: dict[str, str], *, with_uv=False
) -> tuple[dict[str, str], Path]:
    """(env, bin folder) of a fresh venv in WORK holding REQUIREMENT (the wheel, maybe with extras) and its
    dependencies from the cached wheelhouse: no pip of its own (this pip installs into it: --python) and
    only itself on PATH, so no npm, no node, nothing of this checkout. WITH_UV, uv installs instead of
    pip: the same wheel and metadata, in a few seconds instead of pip's resolution (about 12 s here)."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(work / "venv")], check=True, timeout=60
    )
    bin_dir = work / "venv" / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env |= {"PATH": str(bin_dir), "NO_MKDOCS_2_WARNING": "1", **extra_env}
    wheelhouse = _wheelhouse(cache, wheel, dict(os.environ))
    python = ["--python", str(bin_dir / "python")]
    install = [sys.executable, "-m", "pip", *python, "install", "-q", "--no-compile", "--find-links"]
    if with_uv:
        assert UV.is_file(), f"{UV} is missing: ./dev setup installs it"
        install = [str(UV), "pip", "install", "--quiet", *python, "--find-links"]
    run_command([*install, str(wheelhouse), requirement], env=env, cwd=work, timeout=300)
    return env, bin_dir


@pytest.fixture(scope="module")
def installed(tmp_path_factory, request, release_dist):
    """(env, bin folder, work folder, timings): the wheel alone in a fresh venv, with no npm on PATH."""
    work = tmp_path_factory.mktemp("wheel")
    timings = {}
    start = time.monotonic()
    dist, timings["build"] = release_dist
    (wheel,) = dist.glob("journey_catalogue-*.whl")
    assert len(list(dist.glob("journey_catalogue-*.tar.gz"))) == 1
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in WHEEL_MUST_HOLD:
        assert f"journey_catalogue/{needed}" in names, needed
    # and every data file of the folders that are mostly data (a new language's starters, say)
    package = ROOT / "plugins" / "journey_catalogue"
    data = [
        p.relative_to(package).as_posix()
        for folder in ("authoring", "i18n", "render/templates")
        for p in (package / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert [path for path in data if f"journey_catalogue/{path}" not in names] == []
    start = time.monotonic()
    cache = request.config.cache.mkdir("wheel-dependencies")
    env, bin_dir = install_in_fresh_venv(work, wheel, str(wheel), cache, {"SOURCE_DATE_EPOCH": "1795392000"})
    assert shutil.which("npm", path=env["PATH"]) is None and shutil.which("node", path=env["PATH"]) is None
    timings["install"] = time.monotonic() - start
    probe = "import journey_catalogue as j; print(j.__file__, j.__version__)"
    where = run_command([str(bin_dir / "python"), "-c", probe], env=env, cwd=work).split()
    assert where[0].startswith(str(work / "venv")) and where[1] == __version__
    return env, bin_dir, work, timings


def test_the_wheel_alone_scaffolds_builds_and_draws_a_chart(installed, chromium):
    # one test, so that a parallel run (pytest -n) installs the wheel once
    env, bin_dir, work, timings = installed
    start = time.monotonic()
    run_command([str(bin_dir / "journeys"), "init", "catalogue"], env=env, cwd=work)
    catalogue = work / "catalogue"
    run_command(
        [
            str(bin_dir / "journeys"),
            "new",
            "trial-signup",
            "--from",
            "b2b-generic-journey",
            "--title",
            "Signing up for a trial",
        ],
        env=env,
        cwd=catalogue,
    )
    out = run_command([str(bin_dir / "journeys"), "validate"], env=env, cwd=catalogue)
    assert "2 maps, 2 personas: valid" in out
    (catalogue / "site").mkdir()

    def build(url: str) -> None:
        run_command(
            [str(bin_dir / "mkdocs"), "build", "--strict"], env=env | {"SITE_URL": url}, cwd=catalogue
        )

    with serving_site(catalogue / "site", build) as url:
        site = catalogue / "site"
        script = site / "assets/journeys" / ECHARTS_FILE
        assert script.stat().st_size > 500_000
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        watch = PageWatch(page, url)
        scripts = []
        page.on(
            "response", lambda r: scripts.append((r.url, r.status)) if r.url.endswith(ECHARTS_FILE) else None
        )
        for map_id in ("trial-signup", "example-card-replacement"):
            page.goto(f"{url}maps/{map_id}/")
            assert wait_for_chart(page) > 5000, map_id
            assert page.evaluate("() => window.echarts && window.echarts.version") == ECHARTS_VERSION
        assert scripts[0][1] == 200 and all(u.startswith(url) and s in (200, 304) for u, s in scripts)
        watch.assert_clean()
        context.close()
    # an empty catalogue builds too, and tells the reader how to add a map
    run_command([str(bin_dir / "journeys"), "init", "--empty", "empty"], env=env, cwd=work)
    run_command([str(bin_dir / "mkdocs"), "build", "--strict"], env=env, cwd=work / "empty")
    catalogue_page = (work / "empty/site/maps/index.html").read_text(encoding="utf-8")
    assert "This catalogue has no maps yet" in catalogue_page
    assert (work / "empty/site/templates/b2c-generic-journey.md").is_file()
    timings["scaffold and build"] = time.monotonic() - start
    print(f"timings (s): {', '.join(f'{k} {v:.1f}' for k, v in timings.items())}")
