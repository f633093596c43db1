"""The real `mermaid` package for the tests: the pinned npm release's own browser bundle, checked by hash.

Fetched once with `npm pack` (npm comes with `./dev setup`) into tests/.vendor/, which git ignores; only
`dist/mermaid.min.js` is kept (5.5 MB), not the package's 100-odd dependencies, which the bundle contains.
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

MERMAID_VERSION = "12.3.0"
# npm's published integrity for mermaid-12.3.0.tgz (`npm view mermaid@12.3.0 dist.integrity`)
MERMAID_TARBALL_SHA512 = (
    "4113TdXeLAsMruJ79OpFL5O8+LTFXhQqZ260rF3tgUmiNAtRm4Uume04I+65PRN6yZ69J4f8rVYWW8zRk65UYw=="
)
VENDOR = Path(__file__).parent / ".vendor"


def mermaid_script() -> Path:
    target = VENDOR / f"mermaid-{MERMAID_VERSION}.min.js"
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to fetch mermaid for the tests (./dev setup installs it)")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [npm, "pack", f"mermaid@{MERMAID_VERSION}", "--silent", "--pack-destination", work],
            check=True,
            capture_output=True,
        )
        tarball = (Path(work) / f"mermaid-{MERMAID_VERSION}.tgz").read_bytes()
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != MERMAID_TARBALL_SHA512:
        raise RuntimeError(f"mermaid-{MERMAID_VERSION}.tgz failed its integrity check (sha512-{digest})")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        script = archive.extractfile("package/dist/mermaid.min.js").read()
    VENDOR.mkdir(exist_ok=True)
    partial = target.with_suffix(f".{id(script)}.partial")  # parallel workers may fetch at once
    partial.write_bytes(script)
    partial.replace(target)
    return target
