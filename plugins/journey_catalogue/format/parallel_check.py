"""Checking a large catalogue on every core, for `journeys validate`.

A check needs only the problems, not the models, so the maps are split between worker processes, each
of which loads its share (plus every persona, which maps refer to) with the same loader a build uses,
and sends back nothing but its problems. Map ids are still checked for uniqueness across the whole
catalogue: each worker sees every file name, only reads its share.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .channels import ChannelVocabulary
from .links import MapLinks
from .loader import (
    _display,
    add_linked_maps,
    chosen_paths,
    first_map_paths,
    link_graph_problems,
    load_catalogue,
    map_files,
)
from .phases import PhaseVocabulary
from .problems import Problem

MAPS_PER_WORKER = 250  # below this a worker's start-up costs more than it saves
MAX_WORKERS = 61 if sys.platform == "win32" else 256  # Windows' process pools take at most 61


@dataclass
class CheckResult:
    problems: list[Problem]
    files_checked: dict[str, int]
    links: dict[str, MapLinks] | None = None


def usable_cpus() -> int:
    """CPUs this process may run on (affinity and container limits count), not the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(map_count: int) -> int:
    return max(1, min(usable_cpus(), map_count // MAPS_PER_WORKER, MAX_WORKERS))


def check_catalogue(
    root: Path,
    *,
    channels: ChannelVocabulary | None = None,
    base: Path | None = None,
    today: dt.date | None = None,
    only: Collection[Path] | None = None,
    workers: int | None = None,
    phases: PhaseVocabulary | None = None,
) -> CheckResult:
    """Every problem in the catalogue under `root`, as load_catalogue reports them (same order)."""
    base = base or Path.cwd()
    today = today or dt.date.today()
    every_map_file = map_files(root)
    chosen = every_map_file if only is None else chosen_paths(every_map_file, only)
    if workers is None:
        workers = default_workers(len(chosen))
    workers = max(1, min(workers, len(chosen), MAX_WORKERS))
    if workers == 1:
        catalogue = load_catalogue(root, channels=channels, base=base, today=today, only=only, phases=phases)
        return CheckResult(catalogue.problems, catalogue.files_checked)
    shares = [chosen[i::workers] for i in range(workers)]
    # fork starts a worker in milliseconds, with the modules already imported; elsewhere, the default.
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = list(
            pool.map(
                _check_share,
                [(root, channels, phases, base, today, share, n == 0) for n, share in enumerate(shares)],
            )
        )
    problems = [p for result in results for p in result.problems]
    # Cycles and chains of links between maps can cross shares: checked here, on every worker's links.
    links: dict[str, MapLinks] = {}
    for result in results:
        for map_id, item in (result.links or {}).items():
            links.setdefault(map_id, item)
    if only is not None:
        add_linked_maps(links, first_map_paths(every_map_file), base)
    problems += link_graph_problems(links)
    problems.sort(key=lambda p: (p.file, p.line, p.column, p.field, p.message))
    return CheckResult(
        problems,
        {"map": sum(r.files_checked["map"] for r in results), "persona": results[0].files_checked["persona"]},
    )


def _check_share(job) -> CheckResult:
    root, channels, phases, base, today, share, reports_everything = job
    catalogue = load_catalogue(
        root, channels=channels, base=base, today=today, only=share, phases=phases, check_link_graph=False
    )
    # Every worker reads every persona; one reports them, the others only their own maps' problems.
    own = {_display(path, base) for path in share}
    problems = [p for p in catalogue.problems if reports_everything or p.file in own]
    return CheckResult(problems, catalogue.files_checked, catalogue.links)
