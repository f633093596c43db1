"""Builds inside one Python process, run by run.py as a child: `mkdocs serve` rebuilds, and a profile.

    python bench/inproc.py rebuild CONFIG SITE_DIR MAP_FILE... [--url URL]
        The way `mkdocs serve` builds: config loaded, plugins started, a first (cold) build; then for each
        MAP_FILE, one edit of that map and a rebuild with a freshly loaded config, as serve's watcher does.
        With --persona PERSONA_FILE, then one edit of that persona's role and a rebuild, counting the map
        pages rendered again. Prints one JSON object: cold and rebuild seconds, and the time spent in our
        plugin's events.

    python bench/inproc.py profile CONFIG SITE_DIR PROF_FILE [--top 25] [--rebuild MAP_FILE]
        One cold build under cProfile, stats written to PROF_FILE; prints the top functions by cumulative
        time, then the same restricted to our package. With --rebuild, profiles instead the serve rebuild
        after editing MAP_FILE (the cold build before it is not profiled).

    python bench/inproc.py insights CONFIG SITE_DIR
        One cold build; prints as JSON its seconds, the seconds spent on the insights page (its sections
        and MkDocs' own work on it), their share, and the page's size.

    python bench/inproc.py memory CONFIG SITE_DIR [--top 20]
        One build under tracemalloc: what is still held when every page is built, by file and by site.

Imports are done before the clock starts, so the cold build does not pay for them (a conservative
baseline for the "rebuild at most half the cold build" target).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import material.plugins.search.plugin  # noqa: E402,F401  (imported up front: not part of any build's time)
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402

from journey_catalogue.mkdocs_plugin import plugin as journeys_plugin  # noqa: E402

# _history runs in on_files; render_page (the map sections) in on_page_context, as MkDocs writes a page.
EVENTS = ("on_config", "on_files", "on_page_markdown", "render_page", "_history")


class PluginClock:
    """Wall time spent in each of our plugin's event handlers, summed per build."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        cls = journeys_plugin.JourneysPlugin
        for name in EVENTS:
            setattr(cls, name, self._timed(name, getattr(cls, name)))

    def _timed(self, name, method):
        @functools.wraps(method)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start

        return timed

    def take(self) -> dict[str, float]:
        taken = {k: round(v, 4) for k, v in self.seconds.items()}
        self.seconds.clear()
        return taken


def _config(config_file: str, site_dir: str, url: str):
    config = load_config(config_file, site_dir=site_dir, site_url=url)
    config.site_url = url
    return config


def rebuild(args) -> dict:
    clock = PluginClock()
    start, cpu = time.perf_counter(), time.process_time()
    config = _config(args.config, args.site_dir, args.url)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=args.url)
    result = {
        "cold_seconds": time.perf_counter() - start,
        "cold_cpu_seconds": time.process_time() - cpu,
        "cold_plugin_seconds": clock.take(),
        "rebuilds": [],
    }
    originals = {}
    try:
        for n, map_file in enumerate(args.map_files):
            path = Path(map_file)
            originals.setdefault(path, path.read_text(encoding="utf-8"))
            # A contributor's edit: one more sentence in the story. Size and mtime change.
            path.write_text(
                originals[path].rstrip("\n") + f" Edited for rebuild {n + 1}.\n", encoding="utf-8"
            )
            start, cpu = time.perf_counter(), time.process_time()
            config = _config(args.config, args.site_dir, args.url)
            build(config, serve_url=args.url)
            result["rebuilds"].append(
                {
                    "map": path.stem,
                    "seconds": time.perf_counter() - start,
                    "cpu_seconds": time.process_time() - cpu,
                    "plugin_seconds": clock.take(),
                }
            )
        if args.persona:
            result["persona_edit"] = _persona_edit(args, Path(args.persona), originals, clock)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        config.plugins.on_shutdown()
    return result


def _persona_edit(args, path: Path, originals: dict, clock: PluginClock) -> dict:
    """Edit a persona's role, rebuild: how long it takes, and how many map pages were rendered again
    against how many show that persona (the maps that list it: the generator's only way of showing one)."""
    originals.setdefault(path, path.read_text(encoding="utf-8"))
    path.write_text(
        re.sub(r"^role: ", "role: Edited, ", originals[path], count=1, flags=re.M), encoding="utf-8"
    )
    maps = Path(args.config).parent / "journeys" / "maps"
    listing = re.compile(rf"^personas: \[[^\]]*\b{re.escape(path.stem)}\b", re.M)
    showing = sum(1 for f in maps.glob("*.md") if listing.search(f.read_text(encoding="utf-8")))
    start, cpu = time.perf_counter(), time.process_time()
    config = _config(args.config, args.site_dir, args.url)
    cache = config.plugins["journeys"].section_cache
    misses = cache.misses
    build(config, serve_url=args.url)
    return {
        "persona": path.stem,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "plugin_seconds": clock.take(),
        "maps_rendered": cache.misses - misses,
        "maps_showing": showing,
        "maps": sum(1 for _ in maps.glob("*.md")),
    }


def profile(args) -> str:
    """A cold build under cProfile; with --rebuild MAP_FILE, a serve rebuild after editing that map."""
    profiler = cProfile.Profile()  # wall clock: read it with the load average (a CPU timer costs 4x)
    config = _config(args.config, args.site_dir, args.url)
    config.plugins.on_startup(command="serve" if args.rebuild else "build", dirty=False)
    original = None
    try:
        if args.rebuild:
            build(config, serve_url=args.url)
            path = Path(args.rebuild)
            original = path.read_text(encoding="utf-8")
            path.write_text(original.rstrip("\n") + " Edited for the profile.\n", encoding="utf-8")
            profiler.enable()
            config = _config(args.config, args.site_dir, args.url)
            build(config, serve_url=args.url)
            profiler.disable()
        else:
            profiler.enable()
            build(config)
            profiler.disable()
    finally:
        if original is not None:
            Path(args.rebuild).write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()
    profiler.dump_stats(args.prof_file)
    out = io.StringIO()
    stats = pstats.Stats(args.prof_file, stream=out)
    total = stats.total_tt
    what = "serve rebuild after one edit" if args.rebuild else "cold build"
    out.write(f"Total profiled time, {what}: {total:.2f} s (cProfile adds overhead)\n")
    stats.sort_stats("cumulative").print_stats(args.top)
    out.write("\n=== restricted to journey_catalogue ===\n")
    stats.sort_stats("cumulative").print_stats("journey_catalogue", args.top)
    out.write("\n=== by own time (tottime), all code ===\n")
    stats.sort_stats("tottime").print_stats(args.top)
    return out.getvalue()


def memory(args) -> str:
    """Where the memory still held at the end of a build was allocated (tracemalloc, top sites)."""
    import gc
    import tracemalloc

    config = _config(args.config, args.site_dir, args.url)
    config.plugins.on_startup(command="build", dirty=False)
    snapshots = []
    post_build = config.plugins.on_post_build

    def on_post_build(**kwargs):  # every page is built and still referenced: about the peak
        gc.collect()
        snapshots.append(tracemalloc.take_snapshot())
        return post_build(**kwargs)

    config.plugins.on_post_build = on_post_build
    tracemalloc.start(5)
    build(config)
    tracemalloc.stop()
    config.plugins.on_shutdown()
    snapshot = snapshots[0].filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    out = io.StringIO()
    total = sum(stat.size for stat in snapshot.statistics("filename"))
    out.write(f"Held at on_post_build: {total / 2**20:.0f} MiB traced\n\nBy file:\n")
    for stat in snapshot.statistics("filename")[: args.top]:
        out.write(f"{stat.size / 2**20:8.1f} MiB  {stat.traceback[0].filename}\n")
    out.write("\nBy allocation site (most recent call first):\n")
    for stat in snapshot.statistics("traceback")[: args.top]:
        frames = [
            f"{f.filename.rsplit('site-packages/', 1)[-1]}:{f.lineno}" for f in reversed(stat.traceback)
        ]
        out.write(f"{stat.size / 2**20:8.1f} MiB  " + " <- ".join(frames[:5]) + "\n")
    return out.getvalue()


def insights_cost(args) -> dict:
    """One cold build, timing everything done for the insights page: computing and rendering its sections
    (in on_page_context, inside _build_page) and MkDocs' own work on it (Markdown, theme template,
    search, writing the file)."""
    from mkdocs.commands import build as build_module

    spent = {"seconds": 0.0}

    def timed(function, is_insights):
        @functools.wraps(function)
        def wrapper(*a, **kw):
            if not is_insights(*a, **kw):
                return function(*a, **kw)
            start = time.perf_counter()
            try:
                return function(*a, **kw)
            finally:
                spent["seconds"] += time.perf_counter() - start

        return wrapper

    def page_is_insights(page, *rest, **kw):
        return getattr(page.file, "src_uri", "").startswith(insights_source)

    config = _config(args.config, args.site_dir, args.url)
    insights_source = config.plugins["journeys"].config.insights_url.strip("/") + "/"
    build_module._populate_page = timed(build_module._populate_page, page_is_insights)
    build_module._build_page = timed(build_module._build_page, page_is_insights)
    config.plugins.on_startup(command="build", dirty=False)
    start = time.perf_counter()
    build(config)
    total = time.perf_counter() - start
    config.plugins.on_shutdown()
    page = Path(args.site_dir) / insights_source / "index.html"
    return {
        "build_seconds": round(total, 3),
        "insights_seconds": round(spent["seconds"], 3),
        "share": spent["seconds"] / total,
        "page_bytes": page.stat().st_size if page.exists() else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="inproc")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("rebuild")
    p.add_argument("config")
    p.add_argument("site_dir")
    p.add_argument("map_files", nargs="+")
    p.add_argument("--url", default="http://127.0.0.1:8000/")
    p.add_argument("--persona", metavar="PERSONA_FILE", help="then edit this persona's role and rebuild")
    p = sub.add_parser("profile")
    p.add_argument("config")
    p.add_argument("site_dir")
    p.add_argument("prof_file")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--url", default="http://127.0.0.1:8000/")
    p.add_argument("--rebuild", metavar="MAP_FILE", help="profile the rebuild after editing this map")
    p = sub.add_parser("memory")
    p.add_argument("config")
    p.add_argument("site_dir")
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--url", default="http://127.0.0.1:8000/")
    p = sub.add_parser("insights")
    p.add_argument("config")
    p.add_argument("site_dir")
    p.add_argument("--url", default="http://127.0.0.1:8000/")
    args = parser.parse_args(argv)
    args.config, args.site_dir = str(Path(args.config).resolve()), str(Path(args.site_dir).resolve())
    if args.command == "rebuild":
        args.map_files = [str(Path(f).resolve()) for f in args.map_files]
        args.persona = str(Path(args.persona).resolve()) if args.persona else None
    if getattr(args, "rebuild", None):
        args.rebuild = str(Path(args.rebuild).resolve())
    os.chdir(Path(args.config).parent)
    if args.command == "rebuild":
        print(json.dumps(rebuild(args)))
    elif args.command == "profile":
        print(profile(args))
    elif args.command == "insights":
        print(json.dumps(insights_cost(args)))
    else:
        print(memory(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
