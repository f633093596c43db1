"""Bring the output folder to exactly the generated files, or say how it differs (for `--check`).

Only the output folder is touched: files are written there when their bytes differ, and files there that
are no longer generated are removed, but only from a folder that carries our stamp (a folder we wrote).
"""

from __future__ import annotations

from pathlib import Path

from .pages import STAMP


class NotOurFolder(Exception):
    """The output folder exists, holds files and was not written by `journeys generate`."""


def _present(out: Path) -> set[Path]:
    return {p for p in out.rglob("*") if p.is_file()} if out.is_dir() else set()


def differences(docs_dir: Path, folder: str, files: dict[str, bytes]) -> list[str]:
    """What is stale: each file to add, change or remove, relative to the docs folder."""
    out = docs_dir / folder
    wanted = {docs_dir / relative: content for relative, content in files.items()}
    stale = [path for path, content in wanted.items() if not path.is_file() or path.read_bytes() != content]
    stale += sorted(_present(out) - wanted.keys())
    return sorted(p.relative_to(docs_dir).as_posix() for p in stale)


def write(docs_dir: Path, folder: str, files: dict[str, bytes]) -> list[str]:
    """Write what changed and remove what is no longer generated; returns the paths touched."""
    out = docs_dir / folder
    if _present(out) and not (out / STAMP).is_file():
        raise NotOurFolder(str(out))
    changed = differences(docs_dir, folder, files)
    for relative in changed:
        path = docs_dir / relative
        if relative in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[relative])
        else:
            path.unlink()
    for directory in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return changed
