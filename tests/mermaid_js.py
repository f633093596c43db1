"""The real `mermaid` package for the tests: the pinned npm release's own browser bundle, checked by hash.

Only `dist/mermaid.min.js` is kept (5.5 MB), not the package's 100-odd dependencies, which the bundle
contains (see npm_vendor).
"""

from __future__ import annotations

from pathlib import Path

from npm_vendor import VENDOR, npm_file

MERMAID_VERSION = "12.3.0"
# npm's published integrity for mermaid-12.3.0.tgz (`npm view mermaid@12.3.0 dist.integrity`)
MERMAID_TARBALL_SHA512 = (
    "4113TdXeLAsMruJ79OpFL5O8+LTFXhQqZ260rF3tgUmiNAtRm4Uume04I+65PRN6yZ69J4f8rVYWW8zRk65UYw=="
)
__all__ = ["MERMAID_VERSION", "VENDOR", "mermaid_script"]


def mermaid_script() -> Path:
    return npm_file(
        "mermaid",
        MERMAID_VERSION,
        MERMAID_TARBALL_SHA512,
        "dist/mermaid.min.js",
        f"mermaid-{MERMAID_VERSION}.min.js",
    )
