"""One file from a pinned npm release, for the browser tests: fetched once, checked by npm's integrity.

`npm pack` (npm comes with `./dev setup`) downloads the release tarball into a temporary folder; its sha512
must match the integrity npm publishes (`npm view PACKAGE@VERSION dist.integrity`). Only the one file the
tests need is kept, in tests/.vendor/, which git ignores.
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

VENDOR = Path(__file__).parent / ".vendor"


def npm_file(package: str, version: str, integrity_sha512: str, member: str, target_name: str) -> Path:
    """tests/.vendor/TARGET_NAME: MEMBER (a path inside the package) of PACKAGE@VERSION, verified."""
    target = VENDOR / target_name
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is needed to fetch {package} for the tests (./dev setup installs it)")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [npm, "pack", f"{package}@{version}", "--silent", "--pack-destination", work],
            check=True,
            capture_output=True,
        )
        tarball = (Path(work) / f"{package}-{version}.tgz").read_bytes()
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != integrity_sha512:
        raise RuntimeError(f"{package}-{version}.tgz failed its integrity check (sha512-{digest})")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        content = archive.extractfile(f"package/{member}").read()
    VENDOR.mkdir(exist_ok=True)
    partial = target.with_suffix(f".{id(content)}.partial")  # parallel workers may fetch at once
    partial.write_bytes(content)
    partial.replace(target)
    return target
