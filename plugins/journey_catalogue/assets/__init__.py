"""Front-end assets shipped with the plugin, including the pinned ECharts script.

ECharts is committed under vendor/ with its Apache-2.0 licence and NOTICE, so the wheel carries it and a
site builds and works with no npm and no network. It is `dist/echarts.common.min.js` of the pinned
release: the release's own build with the line and scatter charts and every component a map chart uses
(grid, tooltip, axis pointer, legend, title, mark lines and areas, aria), 715 kB against the full build's
1.1 MB, which browsers must also evaluate before the chart draws.

`journeys fetch-echarts` downloads the release again with npm, checks the package against npm's published
integrity and the script against the hash recorded here, and reports whether the committed copy matches:
what a maintainer runs to check the copy, or (after changing the pins below) to bump the release.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ASSETS_DIR = Path(__file__).parent
ECHARTS_VERSION = "6.1.0"  # 6.1.0 carries the tooltip escaping fix
ECHARTS_FILE = "echarts.common.min.js"
# npm's published integrity for echarts-6.1.0.tgz
ECHARTS_TARBALL_SHA512 = (
    "q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="
)
# sha512 (hex) of package/dist/echarts.common.min.js inside that tarball: the committed copy must match it
ECHARTS_SCRIPT_SHA512 = (
    "b7e36edcb962df136ffc9d185a3c24e83d294aab6cc3ed83a002a7a2bed7d587"
    "291d883e8efd9e6b60f6f45f983753e3ea59fd92a0a9d79e669907400f53e3fc"
)
# The release's licence files that travel with the script (LICENSE-d3: d3 code in ECharts' number utils).
ECHARTS_LICENCE_FILES = ("LICENSE", "NOTICE", "LICENSE-d3")


class FetchError(Exception):
    pass


def echarts_path() -> Path:
    return ASSETS_DIR / "vendor" / ECHARTS_FILE


def script_digest(script: bytes) -> str:
    return hashlib.sha512(script).hexdigest()


def echarts_problem() -> str | None:
    """Why the bundled ECharts script cannot be served, or None when it is present and matches its pin."""
    path = echarts_path()
    if not path.is_file():
        return f"the bundled ECharts script is missing ({path})"
    if script_digest(path.read_bytes()) != ECHARTS_SCRIPT_SHA512:
        return f"the bundled ECharts script ({path}) does not match the pinned ECharts {ECHARTS_VERSION}"
    return None


def _verified_files(tarball: bytes) -> dict[str, bytes]:
    """The script and its licence files from the release tarball, after checking both pins."""
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != ECHARTS_TARBALL_SHA512:
        raise FetchError(f"echarts-{ECHARTS_VERSION}.tgz failed its integrity check (sha512-{digest})")
    wanted = {ECHARTS_FILE: f"package/dist/{ECHARTS_FILE}"}
    wanted.update({name: f"package/{name}" for name in ECHARTS_LICENCE_FILES if name != "LICENSE-d3"})
    wanted["LICENSE-d3"] = "package/licenses/LICENSE-d3"
    files = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for name, member_name in wanted.items():
            member = archive.extractfile(member_name)
            if member is None:
                raise FetchError(f"the echarts package has no {member_name.removeprefix('package/')}")
            files[name] = member.read()
    return files


def _npm_pack() -> bytes:
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm is needed to download ECharts again; install Node.js and npm")
    with tempfile.TemporaryDirectory() as work:
        result = subprocess.run(
            [npm, "pack", f"echarts@{ECHARTS_VERSION}", "--silent", "--pack-destination", work],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise FetchError(f"npm pack echarts@{ECHARTS_VERSION} failed: {result.stderr.strip()[-400:]}")
        return (Path(work) / f"echarts-{ECHARTS_VERSION}.tgz").read_bytes()


def fetch_echarts(*, write: bool = False) -> tuple[Path, bool]:
    """Download the pinned release with npm and check it. Returns (bundled script, whether the bundled
    files already matched the release). With `write`, the release's files replace the bundled ones (a
    bump: the tarball's integrity is the trust anchor; the new script's digest then goes into the pin)."""
    files = _verified_files(_npm_pack())
    digest = script_digest(files[ECHARTS_FILE])
    if digest != ECHARTS_SCRIPT_SHA512 and not write:
        raise FetchError(
            f"dist/{ECHARTS_FILE} of the release does not match ECHARTS_SCRIPT_SHA512; after checking the "
            f"release, run with --write and set ECHARTS_SCRIPT_SHA512 to {digest}"
        )
    vendor = echarts_path().parent
    matched = all(
        (vendor / name).is_file() and (vendor / name).read_bytes() == data for name, data in files.items()
    )
    if write and not matched:
        vendor.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            partial = vendor / f"{name}.partial"
            partial.write_bytes(data)
            partial.replace(vendor / name)
    return echarts_path(), matched
