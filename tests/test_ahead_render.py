"""Generated pages rendered ahead in worker processes (render/ahead.py): the site is byte for byte the
serial one, and a failure in a worker stops the build with a message naming the page, never a hang."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from journey_catalogue.render import ahead
from journey_catalogue.render.pages import PageRenderer

from conftest import FIXTURE_CATALOGUE

pytestmark = pytest.mark.skipif(not ahead.fork_is_safe(), reason="worker processes are forked: Linux only")


def _build(site: Path, workers: int, *, command: str = "build") -> None:
    """The fixture catalogue built in this process with `workers` worker processes (0: serial)."""
    config = load_config(
        str(FIXTURE_CATALOGUE / "mkdocs.yml"),
        site_dir=str(site),
        site_url="http://127.0.0.1:8000/",
        strict=True,
    )
    config.plugins["journeys"].config.workers = workers
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@pytest.fixture
def taken_ahead(monkeypatch) -> list[str]:
    """The pages whose sections the plugin took from the workers (not rendered in this process)."""
    taken = []
    take = ahead.AheadRenderer.take

    def spy(self, page):
        from_worker = page.source in self._ahead
        sections = take(self, page)
        if sections is not None and from_worker:
            taken.append(page.source)
        return sections

    monkeypatch.setattr(ahead.AheadRenderer, "take", spy)
    return taken


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_pages_rendered_in_workers_make_the_same_site_byte_for_byte(tmp_path, monkeypatch, taken_ahead):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # the sitemap's dates, if the day turns
    _build(tmp_path / "serial", 0)
    assert taken_ahead == []
    _build(tmp_path / "parallel", 2)
    serial, parallel = _files(tmp_path / "serial"), _files(tmp_path / "parallel")
    assert sorted(serial) == sorted(parallel)
    differing = [name for name in serial if serial[name] != parallel[name]]
    assert differing == []
    # not vacuous: workers rendered most generated pages, maps among them
    assert len(taken_ahead) >= 10, taken_ahead
    assert sum(source.startswith("maps/") and "/page/" not in source for source in taken_ahead) >= 4


def _failing_in_workers(monkeypatch, failure) -> None:
    """Rendering the support-escalation map fails, but only in a worker process (forked from this one)."""
    host = os.getpid()
    map_context = PageRenderer._map_context

    def failing(self, journey, *args):
        if journey.id == "support-escalation" and os.getpid() != host:
            failure()
        return map_context(self, journey, *args)

    monkeypatch.setattr(PageRenderer, "_map_context", failing)


def _raise():
    raise RuntimeError("the template exploded")


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (
            _raise,
            "journeys: rendering maps/support-escalation.md failed: RuntimeError: the template exploded",
        ),
        (lambda: os._exit(3), "journeys: a worker process stopped unexpectedly while rendering pages up to "),
    ],
    ids=["exception", "worker-died"],
)
def test_a_failure_in_a_worker_stops_the_build_naming_it(tmp_path, monkeypatch, caplog, failure, expected):
    _failing_in_workers(monkeypatch, failure)
    with pytest.raises(Abort):
        _build(tmp_path / "site", 2)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(expected in e and "`workers: 0`" in e for e in errors), errors


def test_a_preview_renders_in_its_own_process(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(ahead.AheadRenderer, "__init__", lambda self, *args: started.append(args))
    _build(tmp_path / "site", 2, command="serve")
    assert started == []
    assert (tmp_path / "site/maps/support-escalation/index.html").is_file()


def test_a_small_catalogue_or_a_single_cpu_stays_serial(monkeypatch):
    monkeypatch.setattr(ahead, "usable_cpus", lambda: 2)
    assert ahead.worker_count(None, ahead.PAGES_PER_WORKER) == 1
    assert ahead.worker_count(None, ahead.PAGES_PER_WORKER - 1) == 0
    assert ahead.worker_count(0, 1000) == 0
    assert ahead.worker_count(3, 1000) == 3
    monkeypatch.setattr(ahead, "usable_cpus", lambda: 1)
    assert ahead.worker_count(None, 10_000) == 0
