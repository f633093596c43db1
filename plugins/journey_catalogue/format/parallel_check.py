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
from .loader import PERSONAS_DIR, _is_within, load_catalogue, map_files
from .problems import Problem

MAPS_PER_WORKER = 250  # below this a worker's start-up costs more than it saves


@dataclass
class CheckResult:
    problems: list[Problem]
    files_checked: dict[str, int]


def default_workers(map_count: int) -> int:
    return max(1, min(os.cpu_count() or 1, map_count // MAPS_PER_WORKER))


def check_catalogue(
    root: Path,
    *,
    channels: ChannelVocabulary | None = None,
    base: Path | None = None,
    today: dt.date | None = None,
    only: Collection[Path] | None = None,
    workers: int | None = None,
) -> CheckResult:
    """Every problem in the catalogue under `root`, as load_catalogue reports them (same order)."""
    base = base or Path.cwd()
    today = today or dt.date.today()
    chosen = map_files(root)
    if only is not None:
        wanted = {Path(os.path.abspath(p)) for p in only}
        chosen = [p for p in chosen if _is_within(p, wanted)]
    workers = default_workers(len(chosen)) if workers is None else max(1, min(workers, len(chosen)))
    if workers == 1:
        catalogue = load_catalogue(root, channels=channels, base=base, today=today, only=only)
        return CheckResult(catalogue.problems, catalogue.files_checked)
    shares = [chosen[i::workers] for i in range(workers)]
    # fork starts a worker in milliseconds, with the modules already imported; elsewhere, the default.
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = list(
            pool.map(
                _check_share, [(root, channels, base, today, share, n == 0) for n, share in enumerate(shares)]
            )
        )
    problems = [p for result in results for p in result.problems]
    problems.sort(key=lambda p: (p.file, p.line, p.column, p.field, p.message))
    return CheckResult(
        problems,
        {"map": sum(r.files_checked["map"] for r in results), "persona": results[0].files_checked["persona"]},
    )


def _check_share(job) -> CheckResult:
    root, channels, base, today, share, reports_personas = job
    catalogue = load_catalogue(root, channels=channels, base=base, today=today, only=share)
    personas = (Path(os.path.abspath(root / PERSONAS_DIR)),)
    problems = [
        p for p in catalogue.problems if reports_personas or not _is_within(base / p.file, set(personas))
    ]
    return CheckResult(problems, catalogue.files_checked)
