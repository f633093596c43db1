"""The `browser` marker check (tests/browser_marker.py) refuses an unmarked browser test."""

from __future__ import annotations

from pathlib import Path

from browser_marker import imports_playwright, modules_launching_browsers_themselves

pytest_plugins = ["pytester"]

CONFTEST = """
import pytest
from browser_marker import require_browser_marker

def pytest_collection_modifyitems(items):
    require_browser_marker(items)

@pytest.fixture
def chromium():
    return "a browser"

@pytest.fixture
def page(chromium):
    return chromium
"""
INI = "[pytest]\nmarkers =\n    browser: runs in a real headless Chromium\n"


def _run(pytester, tests: str):
    pytester.makeini(INI)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_sample=tests)
    return pytester.runpytest_inprocess("-p", "no:xdist", "-p", "no:cacheprovider")


def test_an_unmarked_test_using_chromium_stops_the_run(pytester):
    result = _run(
        pytester,
        "def test_direct(chromium):\n    pass\n\ndef test_through_a_fixture(page):\n    pass\n"
        "\ndef test_no_browser():\n    pass\n",
    )
    assert result.ret == 4  # pytest's usage error: nothing ran
    result.stderr.fnmatch_lines(["*without the `browser` marker*test_direct*test_through_a_fixture"])
    assert "test_no_browser" not in result.stderr.str()


def test_marked_browser_tests_run(pytester):
    result = _run(
        pytester,
        "import pytest\n\n@pytest.mark.browser\ndef test_direct(chromium):\n    pass\n\n"
        "@pytest.mark.browser\ndef test_through_a_fixture(page):\n    pass\n",
    )
    result.assert_outcomes(passed=2)


def test_browsers_come_only_from_the_chromium_fixture():
    assert modules_launching_browsers_themselves(Path(__file__).parent) == []
    assert imports_playwright("from playwright.sync_api import sync_playwright\n")
    assert imports_playwright("import playwright.sync_api as p\n")
    assert not imports_playwright("import playwrighter\n")
