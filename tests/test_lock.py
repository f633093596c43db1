"""The environment the suite runs in is exactly uv.lock (issue 12)."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "uv.lock"


def canonicalize_name(name: str) -> str:
    """PEP 503's normalised name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    packages = tomllib.loads(LOCK.read_text(encoding="utf-8"))["package"]
    return {canonicalize_name(p["name"]): p.get("version", "") for p in packages}


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="only the locked environment (.venv/) is held to uv.lock; ./dev test-latest and "
    "test-lowest resolve their own on purpose",
)
def test_every_installed_distribution_is_locked_at_its_version():
    locked = _locked()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("journey-catalogue")  # the project itself, installed from this tree
    assert {n: v for n, v in installed.items() if locked.get(n) != v} == {}


def test_the_lock_pins_every_package_with_hashes():
    packages = tomllib.loads(LOCK.read_text(encoding="utf-8"))["package"]
    for package in packages:
        if package["name"] == "journey-catalogue":
            continue
        files = [package.get("sdist")] if package.get("sdist") else []
        files += package.get("wheels", [])
        assert files, f"{package['name']} has no files in uv.lock"
        assert all(f.get("hash", "").startswith("sha256:") for f in files), package["name"]


def test_declared_direct_dependencies_are_all_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {canonicalize_name(re.match(r"[A-Za-z0-9._-]+", d).group()) for d in declared}
    assert names - set(_locked()) == set()
