"""Shared fixtures: a site built from the fixture catalogue, served locally, and a real headless Chromium."""

from __future__ import annotations

import contextlib
import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_marker import require_browser_marker
from site_server import site_server, start_serving

from journey_catalogue.charts.split import COMMON, join

ROOT = Path(__file__).resolve().parent.parent
# ./dev's uv, pinned and hash-checked (bootstrap-uv.txt); ./dev test and ./dev setup install it
UV = ROOT / ".uv" / "bin" / "uv"
FIXTURE_CATALOGUE = Path(__file__).parent / "fixtures" / "catalogue"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every tab of one site (127.0.0.1, whatever the port) in one renderer process, not a new process for
    # each tab a test opens: the browser tests' CPU 190 -> 183 s. Each tab still has its own page and scripts.
    "--process-per-site",
]


def build_site(config_file: Path, site_dir: Path, site_url: str, *, strict: bool = True) -> None:
    """Build with MkDocs' own API, as `mkdocs build --strict` would, at a chosen site_url."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file), site_dir=str(site_dir), site_url=site_url, strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@contextlib.contextmanager
def serving_site(site_dir: Path, build: Callable[[str], object]) -> Iterator[str]:
    """Serve SITE_DIR at http://127.0.0.1:PORT/ once `build(url)` has built it for that address (instant
    navigation needs the site_url to match). The port is bound before the build, so no other process can
    take it in between. Yields the URL; the server stops when the block ends."""
    server = site_server(str(site_dir))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        build(url)
    except BaseException:
        server.server_close()
        raise
    start_serving(server)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def serving_built_site(config_file: Path, site_dir: Path, *, strict: bool = True):
    """`serving_site` for a catalogue built with MkDocs' own API from CONFIG_FILE."""
    return serving_site(site_dir, lambda url: build_site(config_file, site_dir, url, strict=strict))


def copy_catalogue(source: Path, target: Path) -> Path:
    """A test catalogue (its mkdocs.yml reaches the theme overrides from tests/fixtures/NAME/) copied to
    TARGET with the overrides linked in; returns its mkdocs.yml."""
    shutil.copytree(source, target)
    (target / "theme_overrides").symlink_to(ROOT / "theme_overrides")
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../theme_overrides", "theme_overrides"))
    return config


def run_folder(tmp_path_factory) -> Path:
    """This test run's temporary folder, which its parallel workers share (each has its own below it)."""
    run = tmp_path_factory.getbasetemp()
    return run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run  # pytest-N/popen-gwK


@contextlib.contextmanager
def shared_site(
    tmp_path_factory, name: str, build: Callable[[Path, str], object]
) -> Iterator[tuple[Path, str]]:
    """(work folder, URL): a site that `build(work, url)` builds in WORK/site for URL, built once per test
    run and served at URL to every parallel worker, not built again by each (a worker would spend about a
    second on each such site). The first worker to take the site's lock starts its server, in a process of
    its own that outlives the worker and stops with the run (site_server.py), and builds it; the others
    wait, then use it. A failed build fails every test that needs the site, in each worker. Without
    parallel workers, this is `serving_site` in this process. The site must stay as built: tests only read
    it (instant navigation needs it served at the URL it was built for, so a worker cannot copy it)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        work = tmp_path_factory.mktemp(name)
        with serving_site(work / "site", lambda url: build(work, url)) as url:
            yield work, url
        return
    work = run_folder(tmp_path_factory) / "shared-sites" / name
    work.mkdir(parents=True, exist_ok=True)
    with (work / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (work / "url").exists() and not (work / "failed").exists():
            _serve_and_build(work, build)
    if (work / "failed").exists():
        pytest.fail(f"the shared site {name!r} did not build:\n{(work / 'failed').read_text()}")
    yield work, (work / "url").read_text()


_SHARED_SERVERS: list[subprocess.Popen] = []  # held while the worker runs: they serve other workers too


def _serve_and_build(work: Path, build: Callable[[Path, str], object]) -> None:
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("site_server.py")),
            str(work / "site"),
            str(os.getppid()),  # an xdist worker's parent: the run's pytest
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the run's end stops it, not a worker's nor a Ctrl-C of one test
    )
    _SHARED_SERVERS.append(server)
    url = f"http://127.0.0.1:{server.stdout.readline().strip()}/"
    try:
        build(work, url)
    except BaseException:
        (work / "failed").write_text(traceback.format_exc())
        raise
    (work / "url").write_text(url)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The fixture catalogue built for and served at http://127.0.0.1:PORT/."""

    def build(work, url):
        build_site(copy_catalogue(FIXTURE_CATALOGUE, work / "catalogue"), work / "site", url)

    with shared_site(tmp_path_factory, "catalogue", build) as (work, url):
        yield {"url": url, "site": work / "site", "catalogue": work / "catalogue"}


@pytest.fixture(scope="session")
def own_site(tmp_path_factory):
    """This repository's own catalogue (mkdocs.yml at the root) built for and served at a local port: built
    inside this git repository, so its map pages carry their History section."""
    with shared_site(
        tmp_path_factory,
        "own-catalogue",
        lambda work, url: build_site(ROOT / "mkdocs.yml", work / "site", url),
    ) as (_, url):
        yield url


@pytest.fixture(scope="session")
def built_site(served_site):
    return served_site["site"]


def pytest_collection_modifyitems(items):
    require_browser_marker(items)
    # The modules marked slow as a whole (a wheel built and installed, then a site built from it) run
    # first, each in one piece: started last, they would keep one worker busy after the other is done.
    items.sort(key=lambda item: not _whole_module_is_slow(item))


def _whole_module_is_slow(item) -> bool:
    marks = getattr(getattr(item, "module", None), "pytestmark", [])
    return any(mark.name == "slow" for mark in (marks if isinstance(marks, list) else [marks]))


def run_command(command: list[str], *, env: dict[str, str], cwd: Path, timeout: int = 180) -> str:
    """A command's output; a failure or a traceback fails the test with everything it printed."""
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def release_dist(tmp_path_factory) -> tuple[Path, float]:
    """(dist folder, seconds): the sdist and the wheel built from it, as a release builds them (a real
    build front end, each in an isolated build environment, so the sdist is proven complete too): ./dev's
    pinned uv, which keeps its build environment between runs (about 4 s against `python -m build`'s 9),
    or `python -m build` where ./dev has not installed uv.

    Built once per test run: parallel workers share one folder of this run's temporary tree, and the
    first to take its lock builds while the others wait (two builds in one checkout would also race)."""
    shared = run_folder(tmp_path_factory) / "release"
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        seconds = shared / "seconds"
        if not seconds.exists():
            start = time.monotonic()
            build = [sys.executable, "-m", "build", "--outdir", str(shared / "dist"), str(ROOT)]
            if UV.is_file():
                build = [str(UV), "build", "--quiet", "--out-dir", str(shared / "dist"), str(ROOT)]
            run_command(build, env=dict(os.environ), cwd=shared, timeout=600)
            seconds.write_text(str(time.monotonic() - start))
        return shared / "dist", float(seconds.read_text())


@pytest.fixture(scope="session")
def chromium():
    """A real headless Chromium (Debian's package) driven by Playwright. In CI a missing browser fails."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required in CI but missing at {CHROMIUM}")
        pytest.skip("Chromium is not installed (./dev test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


KEEPER_PAGE = "<!doctype html><title>keeper</title>"
CLEARED_STORAGE = "cookies,local_storage,indexeddb,cache_storage,service_workers,file_systems"


@pytest.fixture(scope="session")
def shared_context(chromium, tmp_path_factory):
    """The worker's one browser context for tests that need no context options of their own, with a keeper
    tab open on 127.0.0.1 all along: the tabs of a site share its renderer process, so a test's tab starts
    with Material's and ECharts' scripts already compiled (a fresh context pays about 0.7 s of CPU a page
    for that). Yields (context, keeper page)."""
    keeper = tmp_path_factory.mktemp("keeper")
    (keeper / "index.html").write_text(KEEPER_PAGE)
    with serving_site(keeper, lambda url: None) as url:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url)
        yield context, page
        context.close()


@pytest.fixture
def new_tab(shared_context):
    """open_tab(width=1280, height=900, color_scheme=None): a new tab of the shared
    context. When the test ends its tabs close and every origin they visited forgets what it stored (the
    palette, editor drafts), so no test sees another's state. The HTTP cache stays: each site keeps its
    own port while it is served, and clearing the cache after every test cost 5% of the browser tests' CPU."""
    context, keeper = shared_context
    tabs, origins = [], set()

    def open_tab(*, width=1280, height=900, color_scheme=None):
        page = context.new_page()
        page.on("framenavigated", lambda frame: origins.add(_origin(frame.url)))
        if (width, height) != (1280, 900):
            page.set_viewport_size({"width": width, "height": height})
        if color_scheme:
            page.emulate_media(color_scheme=color_scheme)
        tabs.append(page)
        return page

    yield open_tab
    for page in tabs:
        page.close()
    forget_origins(shared_context, origins - {None})


def forget_origins(shared_context, origins) -> None:
    """What ORIGINS stored in the shared context (local storage, cookies, IndexedDB...) is gone."""
    context, keeper = shared_context
    session = context.new_cdp_session(keeper)
    for origin in origins:
        session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": CLEARED_STORAGE})
    session.detach()


def _origin(url: str) -> str | None:
    match = re.match(r"(https?://[^/]+)", url)
    return match and match.group(1)


class PageWatch:
    """Everything a page did that a test may object to: console errors, dialogs, off-site requests."""

    def __init__(self, page, allowed_origin: str):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.offsite: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("dialog", self._dialog)
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith((allowed_origin, "data:", "blob:")) else self.offsite.append(r.url)
            ),
        )

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self):
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.offsite == [], f"requests off the local server: {self.offsite}"


@pytest.fixture
def browser_page(new_tab, served_site):
    page = new_tab()
    return page, PageWatch(page, served_site["url"])


SITEMAP_FETCHED = "() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('sitemap.xml'))"


@contextlib.contextmanager
def instant_navigation(page):
    """The navigation inside the block must be a hop of Material's instant navigation, not a page load.
    Material follows a click instantly only once it holds the site's sitemap, which it fetches after the
    load: a click before that is a page load, so the block starts once the sitemap has arrived."""
    page.wait_for_function(SITEMAP_FETCHED, timeout=10_000)
    page.evaluate("() => { window.__notReloaded = true; }")
    yield
    assert page.evaluate("() => window.__notReloaded === true"), "the hop was a full page load"


def toggle_palette(page) -> str:
    """Click Material's palette toggle in the header; returns the colour scheme the page then shows."""
    before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function(
        "(b) => document.body.getAttribute('data-md-color-scheme') !== b", arg=before, timeout=5000
    )
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


_HOP = """(url) => {
  window.__jcLeft = document.querySelector("article");
  const link = Object.assign(document.createElement("a"), { href: url });
  document.body.append(link);
  link.click();
  link.remove();
}"""
_ARRIVED = """(url) => location.href === url && document.querySelector("article") !== window.__jcLeft"""


def hop(page, url: str) -> None:
    """Go to URL as a reader's click does on a site with Material's instant navigation: the page is fetched
    and swapped in while the scripts stay (a load costs about four times the CPU). Fails if the browser
    loaded the page instead."""
    with instant_navigation(page):
        page.evaluate(_HOP, url)
        page.wait_for_function(_ARRIVED, arg=url)


def click_through(page, site_url: str, paths):
    """Each of PATHS of the site in turn, as a reader clicks through it: the first page loads, the others
    are instant-navigation hops. Yields each path once its page is shown."""
    for number, path in enumerate(paths):
        if number:
            hop(page, site_url + path)
        else:
            page.goto(site_url + path)
        yield path


def page_chart(page_html: str) -> dict:
    """The chart payload of a map page as its script sees it: the page's part (its data-jc-chart) joined
    with the common part that chart-common.js ships (chart_split.py)."""
    (raw,) = re.findall(r"data-jc-chart='([^']*)'", page_html)
    return join(COMMON, json.loads(html.unescape(raw)))


def pytest_addoption(parser):
    # tests/test_golden.py: rewrite tests/golden/ from the current output, for review with `git diff`.
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ instead of comparing against them",
    )


# -- a catalogue of more maps than a page holds (the paging and the axe tests) -------------------------
# The fixture catalogue with a few more maps (one of them with hostile text), built once with
# `page_size: 2`, so that most maps are not on the first page.

PAGE_SIZE = 2
PAGED_HOSTILE_TITLE = (
    "<img src=x onerror=alert(1)> Payload \"quoted\" & 'single' </article><script>alert(2)</script>"
)
PAGED_EXTRA_MAPS = {  # id -> (title, updated, segment)
    "zz-late-escalation": ("Zulu escalation of a late refund", "2026-11-22", "B2C"),
    "aa-early-escalation": ("Alpha escalation of an early case", "2025-01-05", "B2B"),
    "mm-hostile-escalation": (PAGED_HOSTILE_TITLE, "2026-03-03", "B2C"),
    "nn-second-escalation": ("November second escalation", "2026-06-30", "B2B"),
}


def _write_extra_maps(maps_dir):
    source = (maps_dir / "support-escalation.md").read_text(encoding="utf-8")
    for map_id, (title, updated, segment) in PAGED_EXTRA_MAPS.items():
        text = re.sub(r"^title: .*$", f"title: {json.dumps(title)}", source, count=1, flags=re.M)
        text = re.sub(r"^updated: .*$", f"updated: {updated}", text, count=1, flags=re.M)
        text = re.sub(r"^segment: .*$", f"segment: {segment}", text, count=1, flags=re.M)
        (maps_dir / f"{map_id}.md").write_text(text, encoding="utf-8")


def _build_paged(work: Path, url: str) -> None:
    config = copy_catalogue(FIXTURE_CATALOGUE, work / "catalogue")
    config.write_text(
        config.read_text().replace("  - journeys:\n", f"  - journeys:\n      page_size: {PAGE_SIZE}\n")
    )
    _write_extra_maps(work / "catalogue" / "journeys" / "maps")
    build_site(config, work / "site", url)


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory):
    with shared_site(tmp_path_factory, "paged", _build_paged) as (work, url):
        index = json.loads((work / "site" / "maps" / "cards.json").read_text(encoding="utf-8"))
        records = [dict(zip(index["fields"], values, strict=True)) for values in index["maps"]]
        yield {"url": url, "site": work / "site", "index": index, "records": records}
