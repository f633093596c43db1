"""What the package carries for a site to work with no npm and no network: ECharts and its licence."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile

import pytest

from journey_catalogue.assets import (
    ECHARTS_FILE,
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


def _release_tarball(script: bytes) -> bytes:
    """A stand-in for npm's echarts tarball, laid out as the release is."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in {
            f"package/dist/{ECHARTS_FILE}": script,
            "package/LICENSE": b"Apache License",
            "package/NOTICE": b"Apache ECharts",
            "package/licenses/LICENSE-d3": b"d3",
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _npm_integrity(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode()


def test_fetch_echarts_refuses_a_tarball_that_fails_npms_integrity(monkeypatch):
    import journey_catalogue.assets as assets

    monkeypatch.setattr(assets, "_npm_pack", lambda: _release_tarball(b"tampered"))
    with pytest.raises(assets.FetchError, match="failed its integrity check"):
        assets.fetch_echarts()


def test_fetch_echarts_compares_and_with_write_replaces_the_bundled_copy(monkeypatch, tmp_path):
    import journey_catalogue.assets as assets

    tarball = _release_tarball(b"new release")
    monkeypatch.setattr(assets, "_npm_pack", lambda: tarball)
    monkeypatch.setattr(assets, "ECHARTS_TARBALL_SHA512", _npm_integrity(tarball))
    monkeypatch.setattr(assets, "ASSETS_DIR", tmp_path)
    # a release whose script is not the pinned one is refused unless asked to write (a bump)
    with pytest.raises(assets.FetchError, match="--write"):
        assets.fetch_echarts()
    assert not (tmp_path / "vendor").exists()
    path, matched = assets.fetch_echarts(write=True)
    assert not matched and path.read_bytes() == b"new release"
    assert (tmp_path / "vendor/NOTICE").read_bytes() == b"Apache ECharts"
    monkeypatch.setattr(assets, "ECHARTS_SCRIPT_SHA512", hashlib.sha512(b"new release").hexdigest())
    assert assets.fetch_echarts() == (path, True)
