"""The test suite's target (issue 29, item 5): under 4 minutes on a quiet 2-core machine, where the suite the
issue measured, at commit 0415691, took 3. Measured as a ratio, so that it holds on any machine: this
checkout's `./dev test` beside the reference commit's own `./dev test` (in a clone of its own, with the
environment its uv.lock pins), alternately, on this machine. Target: this suite / the reference's <= 4/3."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import measure

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "0415691"  # the commit issue 29 measured: 3 minutes on a quiet 2-core machine
TARGET_RATIO = 4 / 3
# CI=true makes a missing Chromium fail a suite instead of skipping its browser tests, which would make it
# look fast.
ENV = {**measure.ENV, "CI": "true"}
_SUMMARY = re.compile(r"(?:(\d+) failed, )?(\d+) passed.* in ([\d.]+)s")


@dataclass
class SuiteRun:
    seconds: float  # wall clock of `./dev test`: its setup check, ruff and pytest
    pytest_seconds: float  # what pytest reports
    busy_cpu_seconds: float  # the machine's CPU time not idle during the run: on a quiet machine, the suite's
    passed: int
    failed: int
    failures: list[str]
    returncode: int


def reference_checkout(work: Path, commit: str = REFERENCE) -> Path:
    """A clone of this repository at COMMIT, its environment installed by its own `./dev setup` (untimed)."""
    clone = work / f"suite-{commit}"
    if not clone.exists():
        subprocess.run(
            ["git", "clone", "--quiet", "--shared", "--no-checkout", str(ROOT), str(clone)], check=True
        )
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", commit], check=True)
    setup = subprocess.run([str(clone / "dev"), "setup"], cwd=clone, env=ENV, capture_output=True, text=True)
    if setup.returncode != 0:
        raise RuntimeError(f"{commit}'s ./dev setup failed:\n{setup.stdout}{setup.stderr}")
    # The downloads both suites keep between runs (npm files, the wheel's dependencies), as warm as ours
    for cache in ("tests/.vendor", ".pytest_cache/d/wheel-dependencies"):
        if (ROOT / cache).is_dir():
            shutil.copytree(ROOT / cache, clone / cache, dirs_exist_ok=True)
    return clone


def run_suite(checkout: Path) -> SuiteRun:
    """CHECKOUT's `./dev test -q`, as its README runs it; pytest's output read for its own time."""
    busy, start = _busy_cpu_seconds(), time.perf_counter()
    result = subprocess.run(
        [str(checkout / "dev"), "test", "-q"],
        cwd=checkout,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seconds, busy = time.perf_counter() - start, _busy_cpu_seconds() - busy
    return SuiteRun(
        seconds=seconds, busy_cpu_seconds=busy, returncode=result.returncode, **summary(result.stdout)
    )


def summary(output: str) -> dict:
    """What pytest's last summary line in OUTPUT says (passed, failed, its own time), and which tests
    failed (its short summary's FAILED and ERROR lines)."""
    found = _SUMMARY.findall(output)
    failed, passed, seconds = found[-1] if found else ("0", "0", "nan")
    failures = re.findall(r"^(?:FAILED|ERROR) (\S+)", output, flags=re.M)
    return {
        "pytest_seconds": float(seconds),
        "passed": int(passed),
        "failed": int(failed or 0),
        "failures": failures,
    }


def _busy_cpu_seconds() -> float:
    """Every core's time not idle nor waiting on the disk since boot (/proc/stat), in seconds. A suite's
    processes are not all reaped by the one it started (Chromium's renderers, xdist's workers), so the
    machine's count is the one that sees them all."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    user, nice, system, idle, iowait, irq, softirq = fields
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def measure(work: Path, pairs: int, log) -> dict:
    """PAIRS runs of each suite, alternately (the reference first): each run's figures and the ratios."""
    reference = reference_checkout(work)
    runs: dict[str, list[SuiteRun]] = {"reference": [], "ours": []}
    for number in range(1, pairs + 1):
        for name, checkout in (("reference", reference), ("ours", ROOT)):
            run = run_suite(checkout)
            runs[name].append(run)
            log(
                f"  suite {number}/{pairs}, {name}: {run.seconds:.1f} s (pytest {run.pytest_seconds:.1f} s, "
                f"CPU busy {run.busy_cpu_seconds:.0f} s), {run.passed} passed, {run.failed} failed"
            )
            for failure in run.failures:
                log(f"    failed: {failure}")
    ratios = [o.seconds / r.seconds for o, r in zip(runs["ours"], runs["reference"], strict=True)]
    return {
        "reference": REFERENCE,
        "runs": {name: [asdict(run) for run in values] for name, values in runs.items()},
        "ratios": ratios,
        "ratio": max(ratios),
        "ours_failed": any(run.returncode != 0 for run in runs["ours"]),
    }


def target(suite: dict) -> tuple[bool, str]:
    """(met, shown): the worst pair's ratio against 4/3, and what that is where the reference takes 3 min."""
    ratio = suite["ratio"]
    scaled = 180 * ratio
    ours = ", ".join(f"{run['seconds']:.0f}" for run in suite["runs"]["ours"])
    reference = ", ".join(f"{run['seconds']:.0f}" for run in suite["runs"]["reference"])
    shown = (
        f"{ratio:.2f}x ({ours} s against {reference} s; {int(scaled // 60)} min {scaled % 60:02.0f} s "
        f"where {suite['reference']}'s takes 3 min)"
    )
    if suite["ours_failed"]:
        return False, shown + "; the suite failed"
    return ratio <= TARGET_RATIO, shown
