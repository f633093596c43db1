from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from journey_catalogue.render import ahead

from conftest import FIXTURE_CATALOGUE

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked: Linux only")

# Each build runs in a fresh process: fork is refused (rightly) in a test process other tests have left
# threads in. The spies count the pages taken from the workers; rendering the support-escalation map can
# be made to fail, in a worker only.
BUILD = """
import json, logging, os, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from journey_catalogue.render import ahead
from journey_catalogue.render.pages import PageRenderer

config_file, site, workers, command, failure = sys.argv[1:]
logging.basicConfig(format="%(levelname)s %(message)s")  # what the terminal shows, as MkDocs' CLI does
report = {"taken": [], "started": 0}
take, start = ahead.AheadRenderer.take, ahead.AheadRenderer.__init__

def spy_take(self, page):
    from_worker = page.source in self._ahead
    sections = take(self, page)
    if sections is not None and from_worker:
        report["taken"].append(page.source)
    return sections

def spy_start(self, *args):
    report["started"] += 1
    start(self, *args)

host, map_context = os.getpid(), PageRenderer._map_context

def failing(self, journey, *args):
    if journey.id == "support-escalation" and os.getpid() != host:
        if failure == "raise":
            raise RuntimeError("the template exploded")
        os._exit(3)
    return map_context(self, journey, *args)

ahead.AheadRenderer.take, ahead.AheadRenderer.__init__ = spy_take, spy_start
if failure != "none":
    PageRenderer._map_context = failing
    ahead.MAX_STOLEN = 0  # the failing page is a worker's, whatever the timing
config = load_config(config_file, site_dir=site, site_url="http://127.0.0.1:8000/", strict=True)
config.plugins["journeys"].config.workers = int(workers)
config.plugins.on_startup(command=command, dirty=False)
try:
    build(config)
except Abort:
    sys.exit(1)
print(json.dumps(report))
"""


def _build(site: Path, workers: int, *, command: str = "build", failure: str = "none"):
    """The fixture catalogue built in a fresh process with `workers` worker processes (0: serial)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000"}
    args = [str(FIXTURE_CATALOGUE / "mkdocs.yml"), str(site), str(workers), command, failure]
    return subprocess.run(
        [sys.executable, "-c", BUILD, *args], capture_output=True, text=True, env=env, timeout=300
    )


def _report(done) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_pages_rendered_in_workers_make_the_same_site_byte_for_byte(tmp_path):
    assert _report(_build(tmp_path / "serial", 0))["taken"] == []
    taken = _report(_build(tmp_path / "parallel", 2))["taken"]
    serial, parallel = _files(tmp_path / "serial"), _files(tmp_path / "parallel")
    assert sorted(serial) == sorted(parallel)
    differing = [name for name in serial if serial[name] != parallel[name]]
    assert differing == []
    # not vacuous: workers rendered most generated pages, maps among them
    assert len(taken) >= 10, taken
    assert sum(source.startswith("maps/") and "/page/" not in source for source in taken) >= 4, taken


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (
            "raise",
            "journeys: rendering maps/support-escalation.md failed: RuntimeError: the template exploded",
        ),
        ("exit", "journeys: a worker process stopped unexpectedly while rendering pages up to "),
    ],
    ids=["exception", "worker-died"],
)
def test_a_failure_in_a_worker_stops_the_build_naming_it(tmp_path, failure, expected):
    done = _build(tmp_path / "site", 2, failure=failure)
    assert done.returncode == 1, done.stdout
    errors = [line for line in done.stderr.splitlines() if expected in line]
    assert errors and "`workers: 0`" in errors[0], done.stderr
    assert "Traceback" not in done.stderr


# A host that writes pages faster than its one worker renders them (20 ms a page in the worker, none in
# the host): while it waits it renders pages from the end, and still writes every page's own sections.
STEAL = """
import json, os, sys, time
from types import SimpleNamespace
from journey_catalogue.render import ahead

host, rendered_here = os.getpid(), []

class Renderer:
    def sections(self, page):
        if os.getpid() == host:
            rendered_here.append(page.source)
        else:
            time.sleep(0.02)
        return {"body": "sections of " + page.source}

ahead.WINDOW_PER_WORKER, ahead.MAX_STOLEN = 2, int(sys.argv[1])
pages = [SimpleNamespace(kind="map", source=f"maps/{n:02}.md") for n in range(40)]
pool = ahead.AheadRenderer(Renderer(), pages, 1)
written, not_started = [], []  # not_started: pages no worker had started, which the host renders itself
for page in pages:
    sections = pool.take(page)
    if sections is None:
        not_started.append(page.source)
        sections = {"body": "sections of " + page.source}
    written.append(sections["body"] == "sections of " + page.source)
pool.close()
print(json.dumps({"written": written, "rendered_here": rendered_here, "not_started": not_started}))
"""


@pytest.mark.parametrize("max_stolen", [256, 5])
def test_a_host_waiting_for_a_worker_renders_pages_from_the_end(max_stolen):
    done = subprocess.run(
        [sys.executable, "-c", STEAL, str(max_stolen)], capture_output=True, text=True, timeout=120
    )
    report = _report(done)
    assert all(report["written"]) and len(report["written"]) == 40
    first, *stolen = report["rendered_here"]
    assert first == "maps/00.md"  # rendered before the worker starts, so that it inherits what it built
    tail = [f"maps/{n:02}.md" for n in range(39, 39 - len(stolen), -1)]
    assert stolen == tail  # from the end, each page once
    assert not set(stolen) & set(report["not_started"])
    assert (5 if max_stolen == 5 else 10) <= len(stolen) <= min(max_stolen, 39)


def test_a_preview_renders_in_its_own_process(tmp_path):
    assert _report(_build(tmp_path / "site", 2, command="serve"))["started"] == 0
    assert (tmp_path / "site/maps/support-escalation/index.html").is_file()


def test_a_small_catalogue_a_single_cpu_or_other_threads_stay_serial(monkeypatch):
    monkeypatch.setattr(ahead, "fork_is_safe", lambda: True)
    monkeypatch.setattr(ahead, "usable_cpus", lambda: 2)
    assert ahead.worker_count(None, ahead.PAGES_PER_WORKER) == 1
    assert ahead.worker_count(None, ahead.PAGES_PER_WORKER - 1) == 0
    assert ahead.worker_count(0, 1000) == 0
    assert ahead.worker_count(3, 1000) == 3
    monkeypatch.setattr(ahead, "usable_cpus", lambda: 1)
    assert ahead.worker_count(None, 10_000) == 0
    monkeypatch.undo()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not ahead.fork_is_safe()
        assert ahead.worker_count(3, 1000) == 0
    finally:
        stop.set()
        other.join()
