"""Reading git with its own command line: the whole maps folder's log in one call, blobs in one batch.

No library: the git CLI is what every CI image and laptop has, and two calls per build (`git log` over
the folder, `git cat-file --batch` for the old versions needed) are all a catalogue of any size needs.
Everything git gives back (subjects, author names, paths) is text from strangers: control characters
are replaced here, and every page escapes the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

NO_BLOB = "0" * 40
SHORT = 7  # characters of a short commit id, as GitHub and GitLab show them
_TIMEOUT = 120
# C0 and C1 control characters: a subject with an escape sequence must not rewrite a terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HEADER = "%x01%H%x00%H%x00%aI%x00%cI%x00%P%x00%aN%x00%s"
_HEADER_FIELDS = 7


class GitUnavailable(Exception):
    """No usable git here: not installed, not a repository, or a revision it does not know."""


def clean(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    authored: dt.datetime
    committed: dt.datetime
    author: str
    subject: str
    parents: tuple[str, ...]


@dataclass(frozen=True)
class FileChange:
    """One commit's change to one file: its blob before and after (NO_BLOB when absent)."""

    commit: Commit
    status: str  # A, M, D, T (type change)
    path: str  # relative to the repository's top folder, with /
    old_blob: str
    new_blob: str


@dataclass
class RepositoryLog:
    top: Path
    shallow: bool
    shallow_roots: frozenset[str] = frozenset()  # commits whose parents a shallow clone lacks
    changes: dict[str, list[FileChange]] = field(default_factory=dict)  # path -> newest first

    def relative(self, path: Path) -> str | None:
        """`path` as the log names it, or None when it lies outside the repository."""
        try:
            return Path(os.path.realpath(path)).relative_to(self.top).as_posix()
        except ValueError:
            return None


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    command = ["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false", *args]
    try:
        return subprocess.run(
            command, cwd=cwd, input=stdin, capture_output=True, timeout=_TIMEOUT, check=False
        )
    except FileNotFoundError as error:
        raise GitUnavailable("git is not installed") from error
    except (OSError, subprocess.SubprocessError) as error:
        raise GitUnavailable(f"git could not run: {error}") from error


def _first_line(output: bytes) -> str:
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return clean(lines[0].strip()) if lines else "no message"


def repository(folder: Path) -> tuple[Path, bool, frozenset[str]]:
    """(top folder, shallow?, shallow roots) of the repository holding `folder`; GitUnavailable outside."""
    if not folder.is_dir():
        raise GitUnavailable(f"no folder {folder}")
    done = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-path", "shallow")
    if done.returncode != 0:
        if b"not a git repository" in done.stderr.lower():
            raise GitUnavailable("not a git repository")
        raise GitUnavailable(f"git cannot read this repository: {_first_line(done.stderr)}")
    top, shallow, shallow_file = done.stdout.decode("utf-8", "surrogateescape").splitlines()[:3]
    roots: frozenset[str] = frozenset()
    if shallow == "true":
        try:
            roots = frozenset((folder / shallow_file).read_text(encoding="ascii").split())
        except OSError:
            roots = frozenset()
    return Path(os.path.realpath(top)), shallow == "true", roots


def _date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _commit(fields: list[str]) -> Commit:
    sha, _, authored, committed, parents, author, subject = fields
    return Commit(
        sha,
        sha[:SHORT],
        _date(authored),
        _date(committed),
        clean(author),
        clean(subject),
        tuple(parents.split()),
    )


def parse_log(output: bytes) -> dict[str, list[FileChange]]:
    """`git log -z --raw` with _HEADER as format, into changes per path, newest first."""
    tokens = output.decode("utf-8", "replace").split("\0")
    changes: dict[str, list[FileChange]] = {}
    commit: Commit | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        if token.startswith("\x01"):
            commit = _commit([token[1:], *tokens[i + 1 : i + _HEADER_FIELDS]])
            i += _HEADER_FIELDS
            continue
        if token.startswith(":") and commit is not None and i + 1 < len(tokens):
            meta = token[1:].split()
            status = meta[4][:1] if len(meta) >= 5 else "M"
            path = tokens[i + 1]
            if len(meta) >= 5 and status in "AMDT":
                changes.setdefault(path, []).append(FileChange(commit, status, path, meta[2], meta[3]))
            i += 2
            continue
        i += 1
    return changes


def read_log(folder: Path) -> RepositoryLog:
    """Every commit that changed a file under `folder`, in one `git log`. GitUnavailable outside git."""
    top, shallow, roots = repository(folder)
    log = RepositoryLog(top, shallow, roots)
    done = _git(
        folder,
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--no-color",
        f"--format={_HEADER}",
        "--",
        ".",
    )
    if done.returncode != 0:
        if b"does not have any commits" in done.stderr:
            return log  # a new repository: nothing committed yet
        raise GitUnavailable(f"git log failed: {_first_line(done.stderr)}")
    log.changes = parse_log(done.stdout)
    return log


def read_blobs(top: Path, blob_ids: list[str]) -> dict[str, bytes]:
    """The content of each blob, all in one `git cat-file --batch`; missing ones are left out."""
    wanted = list(dict.fromkeys(b for b in blob_ids if b != NO_BLOB))
    if not wanted:
        return {}
    done = _git(top, "cat-file", "--batch", stdin=("\n".join(wanted) + "\n").encode("ascii"))
    if done.returncode != 0:
        raise GitUnavailable(f"git cat-file failed: {_first_line(done.stderr)}")
    out, blobs, position = done.stdout, {}, 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        if header[1] == b"blob":
            blobs[header[0].decode("ascii")] = out[position : position + size]
        position += size + 1
    return blobs


def blob_id(content: bytes) -> str:
    """The id git gives this content as a blob: tells whether a file equals a committed version."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def resolve_revision(folder: Path, revision: str) -> Commit:
    """The commit that `revision` names (anything `git rev-parse` takes); GitUnavailable if unknown."""
    done = _git(
        folder,
        "log",
        "-1",
        "-z",
        "--no-walk",
        f"--format={_HEADER}",
        "--end-of-options",
        revision,
        "--",
    )
    if done.returncode != 0 or not done.stdout.startswith(b"\x01"):
        raise GitUnavailable(f"unknown revision '{clean(revision)}'")
    tokens = done.stdout.decode("utf-8", "replace").split("\0")
    return _commit([tokens[0][1:], *tokens[1:_HEADER_FIELDS]])


def file_at(top: Path, commit: str, path: str) -> bytes | None:
    """The file `path` (relative to the top folder) as `commit` holds it, or None when it has none."""
    done = _git(top, "cat-file", "blob", f"{commit}:{path}")
    return done.stdout if done.returncode == 0 else None


def path_changes(folder: Path, path: str, until: str | None = None) -> list[FileChange]:
    """The commits that changed one file, newest first, up to `until` (default: HEAD)."""
    top = repository(folder)[0]
    args = ["log", "-z", "--raw", "--no-abbrev", "--no-renames", "--no-color", f"--format={_HEADER}"]
    args += ["--end-of-options", until] if until else []
    done = _git(top, *args, "--", path)
    if done.returncode != 0:
        return []
    return parse_log(done.stdout).get(path, [])


@dataclass(frozen=True)
class PathChange:
    """One file changed between two revisions: A, D, M, or R (renamed, with `old_path`)."""

    status: str
    path: str  # relative to the top folder, with /
    old_path: str | None = None


def merge_base(folder: Path, base: str, head: str) -> str:
    """The commit `head` branched from `base` (a pull request's own changes start there)."""
    done = _git(folder, "merge-base", "--end-of-options", base, head)
    if done.returncode != 0:
        raise GitUnavailable(f"no common ancestor of '{clean(base)}' and '{clean(head)}'")
    return done.stdout.decode("ascii").strip()


def changed_paths(folder: Path, since: str, until: str | None, under: str) -> list[PathChange]:
    """Files under `under` (relative to the top) changed from `since` to `until` (None: the working
    tree, with files git does not track yet); renames are found as git finds them."""
    top = repository(folder)[0]
    args = ["diff", "--name-status", "-z", "-M", "--no-color", "--end-of-options", since]
    done = _git(top, *args, *([until] if until else []), "--", under)
    if done.returncode != 0:
        raise GitUnavailable(f"git cannot compare {clean(since)} with {clean(until or 'the working tree')}")
    tokens = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    changes: list[PathChange] = []
    i = 0
    while i < len(tokens) - 1:
        status = tokens[i][:1]
        if status in "RC":
            changes.append(PathChange("R" if status == "R" else "A", tokens[i + 2], tokens[i + 1]))
            i += 3
        else:
            changes.append(PathChange("M" if status == "T" else status, tokens[i + 1]))
            i += 2
    if until is None:
        untracked = _git(top, "ls-files", "-z", "--others", "--exclude-standard", "--", under)
        names = untracked.stdout.decode("utf-8", "surrogateescape").split("\0")
        changes += [PathChange("A", name) for name in names if name]
    return changes
