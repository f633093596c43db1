"""The benchmark's test-suite target (bench/suite.py): how it reads pytest's summary and judges the ratio.
The timing itself is the benchmark's (./dev bench), never a unit test's."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import suite  # noqa: E402  (the benchmark's module, as ./dev bench imports it)


def test_the_summary_is_read_from_pytests_last_line_with_the_failed_tests_named():
    output = (
        "........F.\n"
        "=========================== short test summary info ============================\n"
        "FAILED tests/test_cli.py::test_an_unknown_revision[--output=/tmp/x] - AssertionError: 2 != 0\n"
        "ERROR tests/test_wheel.py::test_the_wheel_alone - AttributeError: no cache\n"
        "2 failed, 907 passed, 1 error in 185.03s (0:03:05)\n"
    )
    assert suite.summary(output) == {
        "pytest_seconds": 185.03,
        "passed": 907,
        "failed": 2,
        "failures": [
            "tests/test_cli.py::test_an_unknown_revision[--output=/tmp/x]",
            "tests/test_wheel.py::test_the_wheel_alone",
        ],
    }
    assert suite.summary("910 passed in 123.02s (0:02:03)\n")["passed"] == 910
    assert suite.summary("ruff: 3 errors\n")["passed"] == 0  # no pytest line: nothing passed


def _measured(ours: list[float], reference: list[float], *, returncode: int = 0) -> dict:
    def runs(seconds, code):
        return [{"seconds": s, "returncode": code} for s in seconds]

    ratios = [o / r for o, r in zip(ours, reference, strict=True)]
    return {
        "reference": suite.REFERENCE,
        "runs": {"ours": runs(ours, returncode), "reference": runs(reference, 0)},
        "ratios": ratios,
        "ratio": max(ratios),
        "ours_failed": returncode != 0,
    }


def test_the_worst_pair_decides_and_a_failed_suite_never_passes():
    met, shown = suite.target(_measured([120.0, 125.0], [100.0, 100.0]))
    assert met and shown.startswith("1.25x (120, 125 s against 100, 100 s; 3 min 45 s where 0415691's")
    met, shown = suite.target(_measured([120.0, 140.0], [100.0, 100.0]))  # the second pair: 1.40x
    assert not met and "4 min 12 s" in shown
    met, shown = suite.target(_measured([90.0], [100.0], returncode=1))
    assert not met and shown.endswith("the suite failed")
