"""Front-end assets shipped with the plugin, and the pinned ECharts script fetched at set-up.

ECharts is not committed: `journeys fetch-echarts` asks npm for the pinned release, checks the
package's integrity against the hash recorded here, and keeps only `dist/echarts.common.min.js`: the
release's own build with the line and scatter charts and every component a map chart uses (grid,
tooltip, axis pointer, legend, title, mark lines and areas, aria), 715 kB against the full build's 1.1 MB,
which browsers must also evaluate before the chart draws.
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


class FetchError(Exception):
    pass


def echarts_path() -> Path:
    return ASSETS_DIR / "vendor" / ECHARTS_FILE


def _verified_script(tarball: bytes) -> bytes:
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != ECHARTS_TARBALL_SHA512:
        raise FetchError(f"echarts-{ECHARTS_VERSION}.tgz failed its integrity check (sha512-{digest})")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(f"package/dist/{ECHARTS_FILE}")
        if member is None:
            raise FetchError(f"the echarts package has no dist/{ECHARTS_FILE}")
        return member.read()


def fetch_echarts(*, force: bool = False) -> Path:
    """Install the pinned ECharts script into the package's assets, once. Needs `npm` on PATH."""
    target = echarts_path()
    if target.is_file() and not force:
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError(
            "npm is needed to fetch ECharts once; install Node.js and npm (Debian: apt-get install npm)"
        )
    with tempfile.TemporaryDirectory() as work:
        result = subprocess.run(
            [npm, "pack", f"echarts@{ECHARTS_VERSION}", "--silent", "--pack-destination", work],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise FetchError(f"npm pack echarts@{ECHARTS_VERSION} failed: {result.stderr.strip()[-400:]}")
        script = _verified_script((Path(work) / f"echarts-{ECHARTS_VERSION}.tgz").read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(script)
    partial.replace(target)
    return target
