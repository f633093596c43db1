"""Every test that drives Chromium carries the `browser` marker, so that `pytest -m "not browser"` needs no
browser and the browser suite can be run on its own. Tests reach Chromium through conftest's `chromium`
fixture (directly or through a fixture that asks for it): a test whose fixtures include it is a browser
test. conftest.py checks every collected test; tests/test_browser_marker.py shows the check bites."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BROWSER_FIXTURE = "chromium"


def unmarked_browser_tests(items) -> list[str]:
    """The node ids of collected tests that use the `chromium` fixture without the `browser` marker."""
    return [
        item.nodeid
        for item in items
        if BROWSER_FIXTURE in getattr(item, "fixturenames", ()) and item.get_closest_marker("browser") is None
    ]


def require_browser_marker(items) -> None:
    unmarked = unmarked_browser_tests(items)
    if unmarked:
        raise pytest.UsageError(
            "these tests launch Chromium (the `chromium` fixture) without the `browser` marker; add "
            "`@pytest.mark.browser` or a module's `pytestmark`: " + ", ".join(unmarked)
        )


def imports_playwright(source: str) -> bool:
    """Whether a module imports Playwright itself (and so could launch a browser past the fixture)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "playwright" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "playwright":
            return True
    return False


def modules_launching_browsers_themselves(folder: Path) -> list[str]:
    """Test modules other than conftest.py that import Playwright: the fixture check cannot see them."""
    return sorted(
        path.name
        for path in folder.glob("*.py")
        if path.name != "conftest.py" and imports_playwright(path.read_text(encoding="utf-8"))
    )
