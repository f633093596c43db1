"""The Zensical path at one catalogue size: `journeys generate` plus `zensical build`, timed beside the
MkDocs build of the same catalogue measured in the same run (docs/engines.md, docs/performance.md).

The catalogue's project gets a zensical.toml (from `journeys init --engine zensical`) for the duration,
and generate writes docs/journeys/; both are removed afterwards, so the MkDocs builds are unaffected.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

import measure


def _zensical_config(project: Path) -> Path:
    """`journeys init --engine zensical`'s configuration, into `project`."""
    with tempfile.TemporaryDirectory() as scratch:
        init = measure.run_child(
            [
                measure.PYTHON,
                "-m",
                "journey_catalogue.cli.main",
                "init",
                f"{scratch}/c",
                "--engine",
                "zensical",
            ]
        )
        if init.returncode != 0:
            raise RuntimeError(f"journeys init failed:\n{init.stderr[-2000:]}")
        config = project / "zensical.toml"
        shutil.copy(Path(scratch) / "c" / "zensical.toml", config)
    return config


def bench_zensical(project: Path, repeats: int, mkdocs_median_s: float) -> dict:
    config = _zensical_config(project)
    generated, site = project / "docs" / "journeys", project / "site"  # Zensical's default site_dir
    generates, builds = [], []
    try:
        for _ in range(repeats):
            shutil.rmtree(generated, ignore_errors=True)  # a cold generate: every page written
            shutil.rmtree(site, ignore_errors=True)
            cli = [measure.PYTHON, "-m", "journey_catalogue.cli.main"]
            run = measure.run_child([*cli, "generate", "-f", str(config)], cwd=project)
            if run.returncode != 0:
                raise RuntimeError(f"journeys generate failed:\n{run.stderr[-4000:]}")
            generates.append(run)
            # -c: without Zensical's cache of earlier builds, as the MkDocs builds are
            run = measure.run_child(
                [measure.PYTHON, "-m", "zensical", "build", "-c", "-f", str(config)], cwd=project
            )
            if run.returncode != 0:
                raise RuntimeError(f"zensical build failed:\n{run.stderr[-4000:]}")
            builds.append(run)
    finally:
        shutil.rmtree(generated, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        config.unlink(missing_ok=True)
    generate_s = statistics.median(r.seconds for r in generates)
    build_s = statistics.median(r.seconds for r in builds)
    return {
        "generate_median_s": generate_s,
        "zensical_build_median_s": build_s,
        "total_median_s": generate_s + build_s,
        "ratio_to_mkdocs": (generate_s + build_s) / mkdocs_median_s,
        "peak_rss_mb": max(r.peak_rss_mb for r in generates + builds),
    }
