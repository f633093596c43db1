"""The map editor's two browser libraries, vendored and pinned like ECharts (see __init__.py).

- Ajv (JSON Schema validation): `dist/ajv2020.min.js` of `ajv-dist`, Ajv's official browser bundles; the
  2020-12 bundle because map.schema.json declares draft 2020-12. One file, licences in vendor/LICENSE-ajv
  (Ajv's and the four packages it bundles).
- yaml (eemeli/yaml): its Document API keeps comments, key order and scalar styles, so an existing map
  round-trips byte for byte. The package ships no single-file browser build, only its ES-module browser
  build (`browser/index.js` and `browser/dist/`, 74 files): vendored as is under vendor/yaml/, loaded with
  `import()`. Its pin is one sha512 over the sorted list of each file's path and sha512 (`tree_digest`).

`npm pack ajv-dist@8.17.1 yaml@2.9.1` gives tarballs whose integrity must equal the pins below;
tests/test_editor.py checks the committed files against both the pins and the tarballs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from pathlib import Path

from . import ASSETS_DIR

VENDOR = ASSETS_DIR / "vendor"
AJV_PACKAGE, AJV_VERSION, AJV_FILE = "ajv-dist", "8.17.1", "ajv2020.min.js"
# npm's published integrity for ajv-dist-8.17.1.tgz
AJV_TARBALL_SHA512 = (
    "KzJwANMzTTR/RERGnkx+bHzmxIfMTPMMv7+cH1d6Lx9UQ7BZyhiieq4hnO5lRuBWOtYTUL8hyWs7RJYI/45Rtg=="
)
# sha512 (hex) of package/dist/ajv2020.min.js in that tarball
AJV_FILE_SHA512 = (
    "a79b05a5dda98a9aaabc3afe6e2a442386c6ccd104db820fbf7350b4d7107a1f"
    "8502714a043f09694a6629fa339cddef8b648604416eb16c560116df0f2623b6"
)
YAML_PACKAGE, YAML_VERSION, YAML_DIR = "yaml", "2.9.1", "yaml"
# npm's published integrity for yaml-2.9.1.tgz
YAML_TARBALL_SHA512 = (
    "3NxN8+78OdzbT7C/WjGsyfPAtJaN3FNDsWxv7Y7mcDsT/oOmgW8BpyQQFFBnvZE3j9Y2Sdz1ULFLezL7Eb2yFw=="
)
# tree_digest of package/browser/ in that tarball
YAML_TREE_SHA512 = (
    "cd6be79167148fb3388ddd2aa0a6f95277a62cc1c2f77bbe2cb6ff3bb5cfc34f"
    "c58623d0b1283df2d8a47cfc8742a3417c8ca86d0385b2097b680d34a07b78da"
)


def tree_digest(files: dict[str, bytes]) -> str:
    """One sha512 for a folder of files: over "path sha512\\n" lines sorted by path."""
    lines = "".join(f"{path} {hashlib.sha512(files[path]).hexdigest()}\n" for path in sorted(files))
    return hashlib.sha512(lines.encode()).hexdigest()


def vendored_yaml_files() -> dict[str, bytes]:
    root = VENDOR / YAML_DIR
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def editor_libraries_problem() -> str | None:
    """Why the editor's libraries cannot be served, or None when both are present and match their pins."""
    ajv = VENDOR / AJV_FILE
    if not ajv.is_file() or hashlib.sha512(ajv.read_bytes()).hexdigest() != AJV_FILE_SHA512:
        return f"the bundled {AJV_FILE} is missing or does not match the pinned {AJV_PACKAGE} {AJV_VERSION}"
    if tree_digest(vendored_yaml_files()) != YAML_TREE_SHA512:
        return f"the bundled vendor/{YAML_DIR}/ does not match the pinned {YAML_PACKAGE} {YAML_VERSION}"
    return None


def tarball_files(tarball: bytes, integrity: str, prefix: str) -> dict[str, bytes]:
    """The files under `prefix` in an npm tarball (paths relative to it), after checking its integrity."""
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != integrity:
        raise ValueError(f"tarball failed its integrity check (sha512-{digest})")
    files = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile() and member.name.startswith(prefix):
                files[member.name.removeprefix(prefix)] = archive.extractfile(member).read()  # type: ignore[union-attr]
    return files


def vendored_paths() -> list[str]:
    """The vendored files the site serves, relative to vendor/."""
    return [AJV_FILE, *(f"{YAML_DIR}/{name}" for name in sorted(vendored_yaml_files()))]


def vendor_path(name: str) -> Path:
    return VENDOR / name
