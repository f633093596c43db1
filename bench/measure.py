"""Timed builds in fresh processes, and what a build leaves behind: page sizes and the search index.

Every measurement runs in a new child process, so its peak memory is its own: os.wait4 returns the
resource usage of exactly that child (ru_maxrss, in KiB on Linux).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
_CHART_ATTR = re.compile(rb"data-jc-chart='([^']*)'")


@dataclass
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system time of the child: less sensitive to other load on the machine
    peak_rss_mb: float
    returncode: int
    stderr: str = ""


def run_child(args: list[str], *, cwd: Path | None = None) -> Run:
    """Run one command to completion: wall time, and the peak resident memory of that child alone."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stderr = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is reaped
    if process.stderr:
        process.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, process.returncode, stderr)


def build(config: Path, site_dir: Path, *, strict: bool = True) -> Run:
    """`mkdocs build -q` into an empty site_dir."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    args = [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    if strict:
        args.append("--strict")
    run = run_child(args, cwd=config.parent)
    if run.returncode != 0:
        raise RuntimeError(f"build of {config} failed ({run.returncode}):\n{run.stderr[-4000:]}")
    return run


def compile_bytecode() -> None:
    """Write the .pyc files an installed package has, once, before anything is timed: with
    PYTHONDONTWRITEBYTECODE=1 (set on some machines) every timed start-up would compile each module
    again, about 0.3 s of a `journeys validate FILE` and part of every build, ours and the baseline's."""
    import journey_catalogue

    folders = [str(Path(journey_catalogue.__file__).parent), *{p for p in sys.path if "site-packages" in p}]
    subprocess.run([PYTHON, "-m", "compileall", "-q", "-j", "0", *folders], capture_output=True, check=False)


def validate(project: Path, *paths: str) -> Run:
    """`journeys validate [PATH...]` from the project folder, as a contributor (or a pre-commit hook,
    with the changed files as PATHs) runs it."""
    script = Path(PYTHON).with_name("journeys")
    command = [str(script)] if script.exists() else [PYTHON, "-m", "journey_catalogue.cli.main"]
    run = run_child([*command, "validate", *paths], cwd=project)
    if run.returncode != 0:
        raise RuntimeError(f"journeys validate failed ({run.returncode}):\n{run.stderr[-4000:]}")
    return run


@dataclass
class SiteSizes:
    """What one build produced, per map page."""

    pages: int
    page_bytes_mean: float  # maps/<id>/index.html
    page_bytes_median: float
    page_gzip_bytes_mean: float  # the same, gzip -6: what a compressing web server sends
    chart_json_bytes_mean: float  # the chart's data attribute inside the page (ours only)
    search_bytes_per_map: float  # search index entries of map pages, serialised, per map
    search_total_bytes: int  # the whole search_index.json
    site_bytes: int  # everything in site_dir

    def as_dict(self) -> dict:
        return asdict(self)


def site_sizes(site_dir: Path, map_ids: list[str]) -> SiteSizes:
    """Exact sizes over every map page, raw and gzipped. (An even sample of every k-th page is not even
    here: generate.commit_history edits every 5th, 10th and 20th map, so at N = 1,000 a sample of every
    5th page was made of edited maps only, each with a History table the other 80% do not have.)"""
    sizes, chart, compressed = [], [], []
    for map_id in map_ids:
        data = (site_dir / "maps" / map_id / "index.html").read_bytes()
        sizes.append(len(data))
        compressed.append(len(gzip.compress(data, compresslevel=6)))
        match = _CHART_ATTR.search(data)
        chart.append(len(match.group(1)) if match else 0)
    index_file = site_dir / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    wanted = {f"maps/{m}/" for m in map_ids}
    map_entries = 0
    for doc in index["docs"]:
        if doc["location"].split("#", 1)[0] in wanted:
            map_entries += len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    total = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    return SiteSizes(
        pages=len(sizes),
        page_bytes_mean=statistics.fmean(sizes),
        page_bytes_median=statistics.median(sizes),
        page_gzip_bytes_mean=statistics.fmean(compressed),
        chart_json_bytes_mean=statistics.fmean(chart),
        search_bytes_per_map=map_entries / len(map_ids),
        search_total_bytes=index_file.stat().st_size,
        site_bytes=total,
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
