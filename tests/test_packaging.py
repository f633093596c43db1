"""What the package carries for a site to work with no npm and no network: ECharts and its licence."""

from __future__ import annotations

import hashlib

import pytest

from journey_catalogue.assets import (
    ECHARTS_LICENCE_FILES,
    ECHARTS_SCRIPT_SHA512,
    ECHARTS_VERSION,
    echarts_path,
    echarts_problem,
)
from journey_catalogue.format.schema import SCHEMA_FILES, packaged_schema, schema_text


def test_bundled_echarts_matches_its_pinned_sha512():
    script = echarts_path().read_bytes()
    assert hashlib.sha512(script).hexdigest() == ECHARTS_SCRIPT_SHA512
    assert echarts_problem() is None
    assert f'version:"{ECHARTS_VERSION}"'.encode() in script  # the release names itself in the build


def test_bundled_echarts_travels_with_its_apache_licence_and_notice():
    vendor = echarts_path().parent
    for name in ECHARTS_LICENCE_FILES:
        assert (vendor / name).is_file(), name
    assert "Apache License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert "The Apache Software Foundation" in (vendor / "NOTICE").read_text(encoding="utf-8")


def test_an_altered_echarts_script_is_reported(tmp_path, monkeypatch):
    import journey_catalogue.assets as assets

    altered = tmp_path / "vendor" / assets.ECHARTS_FILE
    altered.parent.mkdir()
    altered.write_bytes(echarts_path().read_bytes() + b"\n// tampered")
    monkeypatch.setattr(assets, "ASSETS_DIR", tmp_path)
    assert "does not match the pinned" in assets.echarts_problem()
    altered.unlink()
    assert "missing" in assets.echarts_problem()


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_packaged_json_schema_matches_the_model(kind):
    assert packaged_schema(kind).read_text("utf-8") == schema_text(kind), (
        "run `python -m journey_catalogue.format.reference --write`"
    )
