"""Jinja templates compiled once a process, not once a build.

MkDocs makes a new Jinja environment for every build, and so does the page renderer (its globals are the
build's catalogue and language), so each build compiled Material's templates and ours again (about 50:
0.2 s of CPU, half of a small catalogue's rebuild under `mkdocs serve`). This bytecode cache keeps the
compiled code in memory for the next environment of the same kind.

What Jinja bakes into compiled code, besides the template's source: its syntax and whitespace settings,
autoescaping, extensions, and the results of filters and tests it could apply to constants while
compiling (its optimizer calls them). So the code is reused only by an environment with the same
settings and the very same filter and test functions; a changed source compiles again (Jinja compares a
checksum of it).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

# Kinds of environment kept at once: a site's build is one; a plugin that makes new filter functions for
# every build would make each build a new kind, and only the last few are worth keeping.
KINDS_KEPT = 4


class CompiledTemplates(BytecodeCache):
    """Compiled templates by the kind of environment that compiled them (see the module's docstring)."""

    def __init__(self) -> None:
        self._kinds: OrderedDict[tuple, dict[tuple[str, str | None], bytes]] = OrderedDict()
        self.compiled = self.reused = 0

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        kind = environment_kind(environment)
        bucket = Bucket(environment, "", self.get_source_checksum(source))
        bucket.key = (kind, name, filename)  # type: ignore[assignment]  # only this class reads it
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        kind, *template = bucket.key
        code = self._kinds.get(kind, {}).get(tuple(template))
        if code is not None:
            bucket.bytecode_from_string(code)  # kept only if the source's checksum matches
        if bucket.code is None:
            self.compiled += 1
        else:
            self.reused += 1
            self._kinds.move_to_end(kind)

    def dump_bytecode(self, bucket: Bucket) -> None:
        kind, *template = bucket.key
        self._kinds.setdefault(kind, {})[tuple(template)] = bucket.bytecode_to_string()
        self._kinds.move_to_end(kind)
        while len(self._kinds) > KINDS_KEPT:
            self._kinds.popitem(last=False)


def environment_kind(env: Environment) -> tuple:
    """What of ENV the code it compiles depends on. The filter and test functions themselves are part of
    it (held, so that no other function can take their identity), not their names."""
    settings: tuple[Any, ...] = (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        env.autoescape,
        env.finalize,
        tuple(sorted(env.extensions)),
        getattr(env, "newstyle_gettext", None),
    )
    kind = (settings, tuple(sorted(env.filters.items())), tuple(sorted(env.tests.items())))
    try:
        hash(kind)
    except TypeError:  # a setting or a filter that cannot be a key: a kind of its own, never reused
        return (object(),)
    return kind


# One cache for the process: `mkdocs serve` rebuilds in it, and so do tests that build many sites.
TEMPLATES = CompiledTemplates()


def compile_once(env: Environment) -> Environment:
    """ENV keeps what it compiles, and uses what an environment of its kind compiled before."""
    env.bytecode_cache = TEMPLATES
    return env
