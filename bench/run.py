"""Performance benchmark: our catalogue against the same text as plain MkDocs + Material pages.

    ./dev bench [--sizes 100,1000] [--with-10k] [--repeats 3] [--quick] [--profile] [--output FILE]

For each N it generates a synthetic catalogue (bench/generate.py) and its plain-Markdown baseline, builds
both in fresh processes, alternating, `--repeats` times, and reports medians, the ratio ours/baseline,
peak memory, output per map page and search index per map; times `journeys validate`; emulates
`mkdocs serve` rebuilding after one map is edited (N <= 1,000); and loads a map page in headless
Chromium. Figures are printed as a table with the targets and written as JSON (default
/tmp/journey-bench.json). Method and latest figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import generate
import measure
import suite
from zensical_bench import bench_zensical

BENCH = Path(__file__).resolve().parent
MB = 1024 * 1024


def log(message: str) -> None:
    print(message, flush=True)


# -- the machine -----------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / MB:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "pyecharts", "pydantic", "Markdown", "PyYAML", "playwright"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    chromium = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "chromium": chromium,
        "load_average_start": os.getloadavg(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def code_version() -> dict:
    """The commit measured, and whether the product code (plugins/) had uncommitted changes."""
    root = BENCH.parent

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "plugins")),
    }


# -- one catalogue size ----------------------------------------------------------------------------------


def _stats(runs: list[measure.Run]) -> dict:
    return {
        "median_s": statistics.median(r.seconds for r in runs),
        "min_s": min(r.seconds for r in runs),
        "cpu_median_s": statistics.median(r.cpu_seconds for r in runs),
        "peak_rss_mb": max(r.peak_rss_mb for r in runs),
        "runs_s": [round(r.seconds, 3) for r in runs],
    }


def catalogue_page(site_dir: Path) -> dict:
    """The catalogue page as a reader's browser receives it: raw and gzipped bytes, cards on it."""
    page = (site_dir / "maps" / "index.html").read_bytes()
    index = site_dir / "maps" / "cards.json"
    return {
        "bytes": len(page),
        "gzip_bytes": len(gzip.compress(page, compresslevel=6)),
        "cards": page.count(b"data-jc-card "),
        "index_bytes": index.stat().st_size if index.exists() else 0,
        "index_gzip_bytes": len(gzip.compress(index.read_bytes(), compresslevel=6)) if index.exists() else 0,
    }


def bench_size(
    catalogue: generate.Catalogue, work: Path, repeats: int, *, rebuild_edits: int, extras: bool = True
) -> dict:
    """Builds of ours and the baseline, alternating; with `extras`, also the figures of earlier rounds
    (history's cost, insights, Zensical, validation, serve rebuilds)."""
    n = catalogue.n
    code = code_version()  # the product may change between sizes of a long run: record it with each
    # "ours" is built from a git repository with history (generate.commit_history); "no_history" is the
    # same project with the plugin's `history: false`, to measure what reading git and the History
    # sections cost.
    sites = {
        "ours": work / "site-ours",
        "no_history": work / "site-no-history",
        "baseline": work / "site-baseline",
    }
    configs = {
        "ours": catalogue.ours_config,
        "no_history": catalogue.no_history_config,
        "baseline": catalogue.baseline_config,
    }
    if not extras:
        del sites["no_history"], configs["no_history"]
    runs: dict[str, list[measure.Run]] = {kind: [] for kind in configs}
    loads = []  # 1-minute load average before each build: other work on the machine skews timings
    for r in range(repeats):
        order = ("ours", "no_history", "baseline") if r % 2 == 0 else ("baseline", "no_history", "ours")
        for kind in (k for k in order if k in configs):
            loads.append(round(os.getloadavg()[0], 2))
            run = measure.build(configs[kind], sites[kind])
            runs[kind].append(run)
            log(
                f"  N={n:,} build {r + 1}/{repeats} {kind:10}: "
                f"{run.seconds:7.2f} s, {run.peak_rss_mb:6.0f} MB"
            )
    result: dict = {"n": n, "words_per_map": catalogue.words / n, "load_averages": loads, "code": code}
    for kind in runs:
        result[kind] = {
            **_stats(runs[kind]),
            "sizes": measure.site_sizes(sites[kind], catalogue.map_ids).as_dict(),
        }
    result["ratio"] = result["ours"]["median_s"] / result["baseline"]["median_s"]
    result["cpu_ratio"] = result["ours"]["cpu_median_s"] / result["baseline"]["cpu_median_s"]
    result["catalogue_page"] = catalogue_page(sites["ours"])
    if not extras:
        return result
    result["history_share"] = result["ours"]["median_s"] / result["no_history"]["median_s"] - 1
    result["history_cpu_share"] = result["ours"]["cpu_median_s"] / result["no_history"]["cpu_median_s"] - 1

    out = subprocess.run(
        [
            measure.PYTHON,
            str(BENCH / "inproc.py"),
            "insights",
            str(catalogue.ours_config),
            str(work / "insights"),
        ],
        capture_output=True,
        text=True,
        env=measure.ENV,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"insights cost measurement failed:\n{out.stderr[-4000:]}")
    result["insights"] = json.loads(out.stdout.strip().splitlines()[-1])
    shutil.rmtree(work / "insights", ignore_errors=True)
    log(
        f"  N={n:,} insights page: {result['insights']['insights_seconds']:.2f} s of a "
        f"{result['insights']['build_seconds']:.2f} s build ({100 * result['insights']['share']:.1f}%), "
        f"{result['insights']['page_bytes'] / 1000:.0f} kB"
    )

    result["zensical"] = bench_zensical(catalogue.ours, repeats, result["ours"]["median_s"])
    z = result["zensical"]
    log(
        f"  N={n:,} zensical: generate {z['generate_median_s']:.2f} s + build "
        f"{z['zensical_build_median_s']:.2f} s = {z['total_median_s']:.2f} s; MkDocs with the plugin "
        f"{result['ours']['median_s']:.2f} s (ratio {z['ratio_to_mkdocs']:.2f})"
    )

    validations = [measure.validate(catalogue.ours) for _ in range(repeats)]
    result["validate"] = _stats(validations)
    log(f"  N={n:,} journeys validate: {result['validate']['median_s']:.2f} s (median of {repeats})")
    # The pre-commit case: one file named, in the middle of the catalogue (a future state with a detail
    # link when N >= 500, so the maps it leads to are read too).
    one = catalogue.map_file(catalogue.map_ids[min(n, 500) - 1]).relative_to(catalogue.ours).as_posix()
    result["validate_one"] = {
        "file": one,
        **_stats([measure.validate(catalogue.ours, one) for _ in range(5)]),
    }
    log(f"  N={n:,} journeys validate {one}: {result['validate_one']['median_s']:.2f} s (median of 5)")

    if rebuild_edits:
        step = max(1, n // rebuild_edits)
        edited = [catalogue.map_file(m) for m in catalogue.map_ids[::step][:rebuild_edits]]
        out = subprocess.run(
            [
                measure.PYTHON,
                str(BENCH / "inproc.py"),
                "rebuild",
                str(catalogue.ours_config),
                str(work / "serve"),
            ]
            + [str(p) for p in edited]
            + ["--persona", str(catalogue.ours / "journeys" / "personas" / "persona-01.md")],
            capture_output=True,
            text=True,
            env=measure.ENV,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(f"serve rebuild emulation failed:\n{out.stderr[-4000:]}")
        serve = json.loads(out.stdout.strip().splitlines()[-1])
        shutil.rmtree(work / "serve", ignore_errors=True)
        serve["rebuild_median_s"] = statistics.median(r["seconds"] for r in serve["rebuilds"])
        serve["rebuild_cpu_median_s"] = statistics.median(r["cpu_seconds"] for r in serve["rebuilds"])
        serve["ratio"] = serve["rebuild_median_s"] / serve["cold_seconds"]
        result["serve"] = serve
        log(
            f"  N={n:,} serve: cold {serve['cold_seconds']:.2f} s, rebuild after one edit "
            f"{serve['rebuild_median_s']:.2f} s (median of {len(serve['rebuilds'])})"
        )
    return result


# -- report ----------------------------------------------------------------------------------------------


def _plain_hops(plain: dict) -> str:
    """The baseline's hops beside ours: plain Material swapping in plain content, with no chart."""
    if "first_hop_on_screen_ms" not in plain:
        return ""
    return (
        f"; plain pages' content {plain['first_hop_on_screen_ms']:.0f} / "
        f"{plain['later_hop_on_screen_ms']:.0f} ms"
    )


def _fmt(value, spec: str = ".2f", suffix: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:{spec}}{suffix}"


def figures_table(sizes: dict) -> str:
    ns = sorted(sizes, key=int)
    rows: list[tuple[str, list[str]]] = []

    def row(label, getter, spec=".2f", suffix=""):
        cells = []
        for n in ns:
            try:
                cells.append(_fmt(getter(sizes[n]), spec, suffix))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("-")
        rows.append((label, cells))

    row("build ours, median wall", lambda s: s["ours"]["median_s"], ".2f", " s")
    row("build ours, history off", lambda s: s["no_history"]["median_s"], ".2f", " s")
    row("history's cost (wall)", lambda s: 100 * s["history_share"], "+.1f", " %")
    row("history's cost (CPU)", lambda s: 100 * s["history_cpu_share"], "+.1f", " %")
    row("build baseline, median wall", lambda s: s["baseline"]["median_s"], ".2f", " s")
    row("ratio ours/baseline (wall)", lambda s: s["ratio"], ".2f")
    row("ratio ours/baseline (CPU)", lambda s: s["cpu_ratio"], ".2f")
    row("zensical: journeys generate", lambda s: s["zensical"]["generate_median_s"], ".2f", " s")
    row("zensical: zensical build", lambda s: s["zensical"]["zensical_build_median_s"], ".2f", " s")
    row("zensical: generate+build / MkDocs", lambda s: s["zensical"]["ratio_to_mkdocs"], ".2f")
    row("peak memory ours", lambda s: s["ours"]["peak_rss_mb"], ".0f", " MB")
    row("peak memory baseline", lambda s: s["baseline"]["peak_rss_mb"], ".0f", " MB")
    row("map page ours (mean)", lambda s: s["ours"]["sizes"]["page_bytes_mean"] / 1000, ".1f", " kB")
    row("  of which chart JSON", lambda s: s["ours"]["sizes"]["chart_json_bytes_mean"] / 1000, ".1f", " kB")
    row("map page baseline (mean)", lambda s: s["baseline"]["sizes"]["page_bytes_mean"] / 1000, ".1f", " kB")
    row(
        "page ratio ours/baseline",
        lambda s: s["ours"]["sizes"]["page_bytes_mean"] / s["baseline"]["sizes"]["page_bytes_mean"],
    )
    row(
        "page gzip ours/baseline",
        lambda s: (
            f"{s['ours']['sizes']['page_gzip_bytes_mean'] / 1000:.1f}/"
            f"{s['baseline']['sizes']['page_gzip_bytes_mean'] / 1000:.1f} kB"
        ),
        "",
    )
    row("catalogue page ours", lambda s: s["catalogue_page"]["bytes"] / 1000, ".1f", " kB")
    row("  gzipped", lambda s: s["catalogue_page"]["gzip_bytes"] / 1000, ".1f", " kB")
    row("  card index (cards.json)", lambda s: s["catalogue_page"]["index_bytes"] / 1000, ".0f", " kB")
    row("search index/map ours", lambda s: s["ours"]["sizes"]["search_bytes_per_map"] / 1000, ".2f", " kB")
    row(
        "search index/map baseline",
        lambda s: s["baseline"]["sizes"]["search_bytes_per_map"] / 1000,
        ".2f",
        " kB",
    )
    row(
        "search_index.json ours/base",
        lambda s: (
            f"{s['ours']['sizes']['search_total_bytes'] / MB:.1f}/"
            f"{s['baseline']['sizes']['search_total_bytes'] / MB:.1f} MB"
        ),
        "",
    )
    row("journeys validate, median", lambda s: s["validate"]["median_s"], ".2f", " s")
    row("journeys validate, CPU median", lambda s: s["validate"]["cpu_median_s"], ".2f", " s")
    row("journeys validate FILE, median", lambda s: s["validate_one"]["median_s"], ".2f", " s")
    row("journeys validate FILE, CPU median", lambda s: s["validate_one"]["cpu_median_s"], ".2f", " s")
    row("insights page, share of build", lambda s: 100 * s["insights"]["share"], ".1f", " %")
    row("insights page size", lambda s: s["insights"]["page_bytes"] / 1000, ".0f", " kB")
    row("serve: cold build", lambda s: s["serve"]["cold_seconds"], ".2f", " s")
    row("serve: rebuild, 1 map edited", lambda s: s["serve"]["rebuild_median_s"], ".2f", " s")
    row("serve: rebuild/cold", lambda s: s["serve"]["ratio"], ".2f")
    row("serve: rebuild, 1 persona edited", lambda s: s["serve"]["persona_edit"]["seconds"], ".2f", " s")
    row("serve: maps rendered after it", lambda s: s["serve"]["persona_edit"]["maps_rendered"], "d")
    row(
        "serve: git history, cold",
        lambda s: s["serve"]["cold_plugin_seconds"]["_history"],
        ".2f",
        " s",
    )
    row(
        "  share of the cold build",
        lambda s: 100 * s["serve"]["cold_plugin_seconds"]["_history"] / s["serve"]["cold_seconds"],
        ".1f",
        " %",
    )
    width = max(len(label) for label, _ in rows)
    header = f"{'N maps':<{width}}  " + "  ".join(f"{int(n):>12,}" for n in ns)
    lines = [header, "-" * len(header)]
    lines += [f"{label:<{width}}  " + "  ".join(f"{c:>12}" for c in cells) for label, cells in rows]
    return "\n".join(lines)


def targets(results: dict) -> list[dict]:
    """Each target: what it asks, what was measured, PASS/MISS (or n/a when not measured)."""
    sizes = results["sizes"]
    at = "1000" if "1000" in sizes else (max(sizes, key=int) if sizes else None)
    note = "" if at == "1000" else f" (at N={at}: N=1,000 not run)"
    out = []

    def add(name, measured, ok, shown):
        out.append(
            {
                "target": name,
                "measured": measured,
                "shown": shown,
                "status": "n/a" if ok is None else ("PASS" if ok else "MISS"),
            }
        )

    s = sizes.get(at) if at else None
    if s:
        add(
            "build time ours/baseline <= 1.0 (1,000 maps)" + note,
            s["ratio"],
            s["ratio"] <= 1.0,
            f"{s['ratio']:.2f}",
        )
        share = s["history_share"]
        add(
            "history adds <= 10% to the build (1,000 maps)" + note,
            share,
            share <= 0.10,
            f"{100 * share:+.1f}% wall, {100 * s['history_cpu_share']:+.1f}% CPU",
        )
        ours, base = s["ours"]["sizes"], s["baseline"]["sizes"]
        search = ours["search_bytes_per_map"] / base["search_bytes_per_map"]
        add(
            "search index per map <= baseline's" + note,
            search,
            search <= 1.0,
            f"{ours['search_bytes_per_map'] / 1000:.2f} vs {base['search_bytes_per_map'] / 1000:.2f} kB "
            f"({search:.2f}x)",
        )
        v = s["validate"]["median_s"]
        add(
            "journeys validate < 2 s (1,000 maps)" + note,
            v,
            v < 2.0,
            f"{v:.2f} s wall, {s['validate']['cpu_median_s']:.2f} s CPU (every process)",
        )
        if "validate_one" in s:
            v = s["validate_one"]["median_s"]
            add(
                "journeys validate FILE < 0.3 s (one file of 1,000 maps)" + note,
                v,
                v < 0.3,
                f"{v:.2f} s wall, {s['validate_one']['cpu_median_s']:.2f} s CPU",
            )
        if "serve" in s:
            r = s["serve"]["ratio"]
            add(
                "serve rebuild after one edit <= 0.5x cold build" + note,
                r,
                r <= 0.5,
                f"{s['serve']['rebuild_median_s']:.2f} / {s['serve']['cold_seconds']:.2f} s = {r:.2f}",
            )
        edit = s.get("serve", {}).get("persona_edit")
        if edit:
            add(
                "serve: a persona edit renders only the maps that show it" + note,
                edit["maps_rendered"],
                edit["maps_rendered"] == edit["maps_showing"],
                f"{edit['maps_rendered']} of {edit['maps']} maps rendered again, {edit['maps_showing']} "
                f"show it; {edit['seconds']:.2f} s, {edit['seconds'] / s['serve']['cold_seconds']:.2f}x cold",
            )
    if "10000" in sizes and "1000" in sizes:
        growth = sizes["10000"]["ours"]["median_s"] / sizes["1000"]["ours"]["median_s"]
        add("10,000 maps build <= 11x the 1,000-map time", growth, growth <= 11, f"{growth:.1f}x")
        rss = sizes["10000"]["ours"]["peak_rss_mb"]
        add("10,000 maps peak memory < 1.5 GB", rss, rss < 1536, f"{rss:.0f} MB")
    else:
        add("10,000 maps build <= 11x the 1,000-map time", None, None, "not run (--with-10k)")
        add("10,000 maps peak memory < 1.5 GB", None, None, "not run (--with-10k)")
    largest = max((n for n in sizes if "insights" in sizes[n]), key=int, default=None)
    if largest:
        share = sizes[largest]["insights"]["share"]
        add(
            f"insights add <= 10% to the build (at N={int(largest):,}; the target is at 10,000)",
            share,
            share <= 0.10,
            f"{100 * share:.1f}%",
        )
    b = results.get("browser")
    if b and "ours" in b:
        # On screen: the chart's first frame presented (the build-time SVG); drawn: ECharts has drawn it.
        first, warm = b["ours"]["first"], b["ours"]["warm"]
        shown = first.get("on_screen_ms")
        add(
            "chart on screen <= 300 ms after navigation start, first load, cold cache",
            shown,
            shown is not None and shown <= 300,
            f"{_fmt(shown, '.0f', ' ms')} (warm {_fmt(warm.get('on_screen_ms'), '.0f', ' ms')}; "
            "ECharts drawn "
            f"{_fmt(first['drawn_ms'], '.0f', ' ms')}, warm {_fmt(warm['drawn_ms'], '.0f', ' ms')})",
        )
        hops = b.get("instant", {})
        if "first_hop_on_screen_ms" in hops:
            # Both the visit's first hop (ECharts may not have run yet) and the later ones must be fast.
            slowest = max(hops["first_hop_on_screen_ms"], hops["later_hop_on_screen_ms"])
            add(
                "chart on screen <= 150 ms after an instant-navigation click",
                slowest,
                slowest <= 150,
                f"{hops['first_hop_on_screen_ms']:.0f} ms first hop, "
                f"{hops['later_hop_on_screen_ms']:.0f} ms later hops (ECharts drawn "
                f"{hops['first_hop_drawn_ms']:.0f} / {hops['later_hop_drawn_ms']:.0f} ms)"
                + _plain_hops(b.get("instant_baseline", {})),
            )
        else:
            add("chart on screen <= 150 ms after an instant-navigation click", None, None, "not run")
        own = b["ours"]["first"]["bytes"]["html"]
        add(
            "map page's own bytes (HTML + JSON) < 60 KB",
            own,
            own < 60_000,
            f"{own / 1000:.1f} kB (chart JSON {b['chart_json_bytes'] / 1000:.1f} kB)",
        )
    else:
        add("chart on screen <= 300 ms after navigation start, first load, cold cache", None, None, "not run")
        add("chart on screen <= 150 ms after an instant-navigation click", None, None, "not run")
        add("map page's own bytes (HTML + JSON) < 60 KB", None, None, "not run")
    return out


def _cell(ok, shown) -> dict:
    return {"shown": shown, "status": "n/a" if ok is None else ("PASS" if ok else "MISS")}


def shape_targets(results: dict) -> list[dict]:
    """Issue 29's targets, measured on each corpus shape: {"target", "cells": {shape: {shown, status}}}."""
    shapes = results["shapes"]
    rows = []

    def add(name, measure_one):
        cells = {}
        for shape, r in shapes.items():
            try:
                cells[shape] = _cell(*measure_one(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells[shape] = _cell(None, "not run")
        rows.append({"target": name, "cells": cells})

    def build(n):
        def one(r):
            s = r["sizes"][n]
            return s["ratio"] <= 1.0, f"{s['ratio']:.2f} (CPU {s['cpu_ratio']:.2f})"

        return one

    def at_1000(r) -> dict:
        return r["sizes"]["1000"] if "1000" in r["sizes"] else r["sizes"][max(r["sizes"], key=int)]

    def gzip_page(r):
        o, b = at_1000(r)["ours"]["sizes"], at_1000(r)["baseline"]["sizes"]
        ratio = o["page_gzip_bytes_mean"] / b["page_gzip_bytes_mean"]
        raw = o["page_bytes_mean"] / b["page_bytes_mean"]
        kb = f"{o['page_gzip_bytes_mean'] / 1000:.1f}/{b['page_gzip_bytes_mean'] / 1000:.1f} kB"
        shown = f"{ratio:.2f}x ({kb}; raw {raw:.2f}x)"
        return ratio <= 1.5, shown

    def search(r):
        o, b = at_1000(r)["ours"]["sizes"], at_1000(r)["baseline"]["sizes"]
        ratio = o["search_bytes_per_map"] / b["search_bytes_per_map"]
        return (
            ratio <= 1.0,
            f"{ratio:.2f}x ({o['search_bytes_per_map'] / 1000:.2f}/"
            f"{b['search_bytes_per_map'] / 1000:.2f} kB)",
        )

    def catalogue(r):
        page, at = r.get("catalogue_10k"), ""
        if page is None:  # the 10,000-map build ran on another shape: this shape's largest build instead
            largest = max(r["sizes"], key=int)
            page, at = r["sizes"][largest]["catalogue_page"], f"at N={int(largest):,}: "
        ok = page["bytes"] <= 200_000 and page["gzip_bytes"] <= 50_000
        return ok, (
            f"{at}{page['bytes'] / 1000:.0f} kB, gzip {page['gzip_bytes'] / 1000:.1f} kB, "
            f"{page['cards']} cards "
            f"(index {page['index_bytes'] / 1e6:.1f} MB, gzip {page['index_gzip_bytes'] / 1e6:.2f} MB)"
        )

    def phone(r):
        p = r["phone"]
        return p["chart_on_screen_ms"] <= 1500, (
            f"{p['chart_on_screen_ms']:.0f} ms "
            f"(plain page's FCP {p['plain_first_contentful_paint_ms']:.0f} ms)"
        )

    for n in sorted({n for r in shapes.values() for n in r["sizes"]}, key=int):
        add(f"build ours/plain <= 1.0 (N={int(n):,})", build(n))
    add("map page gzip <= 1.5x plain (N=1,000)", gzip_page)
    add("search index per map <= plain (N=1,000)", search)
    add("catalogue page at 10,000 maps <= 200 kB, gzip <= 50 kB", catalogue)
    add("phone: chart on screen <= 1.5 s, cold (CPU 4x, slow 4G)", phone)
    return rows


def shape_targets_table(rows: list[dict]) -> str:
    shapes = list(rows[0]["cells"]) if rows else []
    width = max(len(r["target"]) for r in rows)
    widths = {s: max(len(r["cells"][s]["shown"]) + 7 for r in rows) for s in shapes}
    header = f"{'Target':<{width}}  " + "  ".join(f"{s:<{widths[s]}}" for s in shapes)
    lines = [header, "-" * len(header)]
    for r in rows:
        cells = [f"{r['cells'][s]['shown'] + ' ' + r['cells'][s]['status']:<{widths[s]}}" for s in shapes]
        lines.append(f"{r['target']:<{width}}  " + "  ".join(cells))
    return "\n".join(lines)


def targets_table(rows: list[dict]) -> str:
    width = max(len(r["target"]) for r in rows)
    shown = max(len(r["shown"]) for r in rows)
    lines = [f"{'Target':<{width}}  {'Measured':<{shown}}  Result", "-" * (width + shown + 10)]
    lines += [f"{r['target']:<{width}}  {r['shown']:<{shown}}  {r['status']}" for r in rows]
    return "\n".join(lines)


def browser_table(b: dict) -> str:
    ours, lines = b["ours"], []
    for name in ("first", "warm"):
        o = ours[name]
        lines.append(
            f"{name:>5} load (median of {o['loads']}): chart on screen "
            f"{_fmt(o.get('on_screen_ms'), '.0f')} ms "
            f"(first contentful paint {_fmt(o.get('first_contentful_paint_ms'), '.0f')} ms), "
            f"drawn by ECharts {_fmt(o['drawn_ms'], '.0f')} ms, painted "
            f"{_fmt(o['painted_ms'], '.0f')} ms, "
            f"DOMContentLoaded {_fmt(o['dom_content_loaded_ms'], '.0f')} ms, "
            f"ECharts requested at {_fmt(o['echarts_request_start_ms'], '.0f')} ms, received "
            f"{_fmt(o['echarts_response_end_ms'], '.0f')} ms, "
            f"evaluated {_fmt(o.get('echarts_evaluated_ms'), '.0f')} ms"
        )
        if "baseline" in b:
            base = b["baseline"][name]
            lines.append(
                f"{'':>5} baseline page: DOMContentLoaded {_fmt(base['dom_content_loaded_ms'], '.0f')} ms, "
                f"load {_fmt(base['load_ms'], '.0f')} ms"
            )
    instant = b.get("instant", {})
    if "first_hop_drawn_ms" in instant:
        lines.append(
            f"instant navigation from the catalogue (median of {instant['hops']}): chart on screen "
            f"{_fmt(instant.get('first_hop_on_screen_ms'), '.0f')} ms after the click on a visit's "
            "first hop, "
            f"{_fmt(instant.get('later_hop_on_screen_ms'), '.0f')} ms on later hops; drawn by ECharts "
            f"{_fmt(instant['first_hop_drawn_ms'], '.0f')} ms (evaluated then) and "
            f"{_fmt(instant['later_hop_drawn_ms'], '.0f')} ms"
        )
    elif instant:
        lines.append(f"instant navigation: skipped, {instant.get('skipped')}")
    plain = b.get("instant_baseline", {})
    if "first_hop_on_screen_ms" in plain:
        lines.append(
            f"instant navigation on the baseline's plain pages (median of {plain['hops']}): content on "
            f"screen {plain['first_hop_on_screen_ms']:.0f} ms after the click on a visit's first hop, "
            f"{plain['later_hop_on_screen_ms']:.0f} ms on later hops"
        )
    kb = ours["first"]["bytes"]
    parts = ["html", "journeys.css", "journeys.js", "echarts", "theme", "sitemap", "search_index", "other"]
    lines.append("bytes on first load: " + ", ".join(f"{p} {kb[p] / 1000:,.1f} kB" for p in parts if p in kb))
    if "baseline" in b:
        kb = b["baseline"]["first"]["bytes"]
        lines.append(
            "baseline page:       " + ", ".join(f"{p} {kb[p] / 1000:,.1f} kB" for p in parts if p in kb)
        )
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000", help="catalogue sizes, comma-separated (default: %(default)s)"
    )
    parser.add_argument("--with-10k", action="store_true", help="add N=10,000 (several minutes)")
    parser.add_argument(
        "--repeats", type=int, default=3, help="builds per size and kind (default: %(default)s)"
    )
    parser.add_argument(
        "--repeats-10k", type=int, default=1, help="builds at N=10,000 (default: %(default)s)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: N=100 only, one repeat, three browser loads"
    )
    parser.add_argument("--profile", action="store_true", help="also profile one build of ours at N=1,000")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurement")
    parser.add_argument("--browser-loads", type=int, default=7, help="page loads each, first and warm")
    parser.add_argument("--phone-loads", type=int, default=5, help="cold loads on the emulated phone")
    parser.add_argument(
        "--shapes",
        default="rich,dense",
        help="corpus shapes (generate.SHAPES), comma-separated; the first "
        "also gets the earlier rounds' figures (default: %(default)s)",
    )
    parser.add_argument(
        "--no-catalogue-10k", action="store_true", help="skip the 10,000-map build for the catalogue page"
    )
    parser.add_argument(
        "--suite-pairs",
        type=int,
        default=2,
        help="runs of the test suite beside the one issue 29 measured, each (default: %(default)s; 0 skips)",
    )
    parser.add_argument("--suite-only", action="store_true", help="measure the test suite only")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--output", default="/tmp/journey-bench.json", help="JSON results (default: %(default)s)"
    )
    parser.add_argument("--workdir", help="where catalogues and sites go (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.replace("_", "").split(",") if s.strip()]
    repeats, loads = args.repeats, args.browser_loads
    if args.quick:
        sizes, repeats, loads, args.suite_pairs = [100], 1, 3, 0
    if args.with_10k and 10_000 not in sizes:
        sizes.append(10_000)
    sizes = sorted(set(sizes))
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="journey-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    shapes = [name.strip() for name in args.shapes.split(",") if name.strip()]
    if args.suite_only:
        sizes, shapes = [], []
    output = Path(args.output)
    started = time.perf_counter()
    results: dict = {
        "command": " ".join(["./dev bench", *(argv if argv is not None else sys.argv[1:])]).strip(),
        "machine": machine(),
        "code": code_version(),
        "seed": args.seed,
        "repeats": repeats,
        "shapes": {},
    }
    log(
        f"Journey Catalogue benchmark: N = {', '.join(f'{n:,}' for n in sizes) or '-'}; "
        f"shapes {', '.join(shapes) or '-'}; {args.suite_pairs} pairs of test suites"
    )
    code = results["code"]
    dirty = " with uncommitted changes in plugins/" if code["dirty"] else ""
    log(f"code {code['commit']}{dirty}; work folder {work}")
    measure.compile_bytecode()
    try:
        for number, name in enumerate(shapes):
            bench_shape(results, name, work / name, sizes, repeats, args, loads, first=number == 0)
            output.write_text(json.dumps(results, indent=1))
        if shapes and not args.no_catalogue_10k:
            name = shapes[-1]
            results["shapes"][name]["catalogue_10k"] = bench_catalogue_10k(
                work / "catalogue-10k", name, args.seed
            )
        if args.profile and shapes:
            profile(results, work, shapes[-1], args.seed, output)
        if args.suite_pairs > 0:
            log(f"Test suite: this checkout's `./dev test` beside {suite.REFERENCE}'s, alternately")
            results["suite"] = suite.measure(work, args.suite_pairs, log)
    finally:
        results["machine"]["load_average_end"] = os.getloadavg()
        results["seconds"] = time.perf_counter() - started
        output.write_text(json.dumps(results, indent=1))
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    report(results, shapes, repeats, output)
    return 0


def bench_shape(results: dict, name: str, work: Path, sizes, repeats: int, args, loads: int, *, first: bool):
    """Every size of one corpus shape; the browser at the largest size up to 1,000. The first shape also
    gets the earlier rounds' figures (history, insights, validation, serve, desktop loads and hops)."""
    shape = generate.SHAPES[name]
    result: dict = {"shape": shape.describe(), "sizes": {}}
    results["shapes"][name] = result
    if first:
        results["sizes"] = result["sizes"]  # what targets() reads: the earlier rounds' targets
        results["shape"] = shape.describe()
    catalogues = {}
    for n in sizes:
        start = time.perf_counter()
        catalogue = generate.generate(work / f"n{n}", n, shape=shape, seed=args.seed)
        catalogues[n] = catalogue
        log(
            f"{name} N={n:,}: generated in {time.perf_counter() - start:.1f} s "
            f"({catalogue.words / n:.0f} words a map)"
        )
        r = repeats if n < 10_000 else args.repeats_10k
        edits = max(2, r) if n <= 1000 and first else 0
        result["sizes"][str(n)] = bench_size(catalogue, work / f"n{n}", r, rebuild_edits=edits, extras=first)
    if args.no_browser:
        return
    import browser

    n = max((m for m in sizes if m <= 1000), default=sizes[0])
    catalogue, folder = catalogues[n], work / f"n{n}"
    page = f"maps/{catalogue.map_ids[0]}/"
    log(f"{name}: phone, {page} of the N={n:,} build, {args.phone_loads} cold loads beside the plain page")
    result["phone"] = browser.measure_phone(
        folder / "site-ours", page, (folder / "site-baseline", page), loads=args.phone_loads
    )
    if not first:
        return
    log(f"Browser: {page} of the N={n:,} build, {loads} first loads and {loads} warm loads")
    results["browser"] = browser.measure(
        folder / "site-ours", page, loads=loads, baseline=(folder / "site-baseline", page)
    )
    results["browser"]["n"] = n
    log("Browser: instant navigation from the catalogue page to map pages")
    # The maps whose cards are on the catalogue page (its first page: the rest load on demand).
    html = (folder / "site-ours" / "maps" / "index.html").read_text(encoding="utf-8")
    on_page = re.findall(r'class="jc-card-title"><a href="([^"/]+)/"', html)[:40]
    results["browser"]["instant"] = browser.measure_instant(
        folder / "site-ours", generate.SITE_URL, on_page, hops=loads
    )
    # The same hops on plain Material pages: what Material's own swap costs on this corpus.
    results["browser"]["instant_baseline"] = browser.measure_instant(
        folder / "site-baseline", generate.SITE_URL, on_page, hops=loads, plain=True
    )
    html = (folder / "site-ours" / page / "index.html").read_bytes()
    match = measure._CHART_ATTR.search(html)
    results["browser"]["chart_json_bytes"] = len(match.group(1)) if match else 0


def bench_catalogue_10k(work: Path, name: str, seed: int) -> dict:
    """The catalogue page of a 10,000-map catalogue: one build of ours (history off, which the catalogue
    page does not show), its size and cards."""
    start = time.perf_counter()
    catalogue = generate.generate(work, 10_000, shape=generate.SHAPES[name], seed=seed)
    log(f"{name} N=10,000 (catalogue page): generated in {time.perf_counter() - start:.1f} s")
    run = measure.build(catalogue.no_history_config, work / "site")
    page = {**catalogue_page(work / "site"), "build_s": run.seconds, "peak_rss_mb": run.peak_rss_mb}
    log(
        f"  built in {run.seconds:.1f} s; catalogue page {page['bytes'] / 1000:.0f} kB, "
        f"gzip {page['gzip_bytes'] / 1000:.1f} kB"
    )
    shutil.rmtree(work, ignore_errors=True)
    return page


def profile(results: dict, work: Path, name: str, seed: int, output: Path) -> None:
    n = 1000
    folder = work / name / f"n{n}"
    catalogue = generate.generate(folder / "profiled", n, shape=generate.SHAPES[name], seed=seed)
    results["profile"] = {"shape": name}
    edited = catalogue.map_file(catalogue.map_ids[n // 2])
    for kind, extra in (("cold", []), ("rebuild", ["--rebuild", str(edited)])):
        prof = output.with_suffix(f".{kind}.prof")
        what = "one cold build" if kind == "cold" else "one serve rebuild after editing one map"
        log(f"Profiling {what} of ours, {name} N={n:,} (cProfile; stats in {prof})")
        out = subprocess.run(
            [
                measure.PYTHON,
                str(BENCH / "inproc.py"),
                "profile",
                str(catalogue.ours_config),
                str(folder / "site-profile"),
                str(prof),
                *extra,
            ],
            capture_output=True,
            text=True,
            env=measure.ENV,
            check=True,
        )
        results["profile"][kind] = {"file": str(prof), "report": out.stdout}
        log(out.stdout)


def report(results: dict, shapes: list[str], repeats: int, output: Path) -> None:
    for name in shapes:
        shape = results["shapes"][name]
        log("")
        log(f"Figures, {shape['shape']} (medians of {repeats} alternating builds, fresh process each):")
        log(figures_table(shape["sizes"]))
    if "browser" in results:
        log("")
        log(f"Browser, headless Chromium, map page of the N={results['browser']['n']:,} build ({shapes[0]}):")
        log(browser_table(results["browser"]))
    if shapes:
        rows = targets(results)
        results["targets"] = rows
        shaped = shape_targets(results)
        results["shape_targets"] = shaped
        log("")
        log(f"Earlier rounds' targets ({shapes[0]} corpus):")
        log(targets_table(rows))
        log("")
        log("Issue 29's targets, on each corpus shape:")
        log(shape_targets_table(shaped))
    if "suite" in results:
        ok, shown = suite.target(results["suite"])
        row = {"target": "test suite <= 4/3 of issue 29's (4 min where it took 3)", "shown": shown}
        results["suite"]["target"] = row | {"status": "PASS" if ok else "MISS"}
        log("")
        log("Issue 29's test suite target (the worst pair):")
        log(targets_table([results["suite"]["target"]]))
    output.write_text(json.dumps(results, indent=1))
    log("")
    if code_version() != results["code"]:
        log(f"WARNING: the product code changed during the run ({results['code']} -> {code_version()})")
    log(f"Results in {output}; total {results['seconds'] / 60:.1f} min")


if __name__ == "__main__":
    sys.exit(main())
