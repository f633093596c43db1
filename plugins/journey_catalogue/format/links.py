"""Checks of the links between maps: `future_of` on a map, `detail` on a step.

Two kinds of check. One file at a time (`link_findings`): a link must name an existing map, and not the
map itself. Across the catalogue (`link_graph_findings`), once every map's links are known: a future
state's current map must not itself be a future state, and `detail` links must not go round in a circle.
Both work on raw frontmatter data, so they run even where other fields are wrong.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_
from .model import ID_RE
from .problems import Message, Path_, format_field_path
from .validate import Finding, suggestion


@dataclass(frozen=True)
class MapLinks:
    """What one map file links to, with where each link is written (picklable, for worker processes)."""

    map_id: str
    path: Path
    display: str  # the file as messages show it
    future_of: str | None
    details: tuple[tuple[Path_, str], ...]  # (field path of the `detail`, the detailed map's id)
    personas: tuple[str, ...] = ()
    stage_ids: tuple[str, ...] = ()


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _link_id(value) -> str | None:
    return value if isinstance(value, str) and ID_RE.match(value) else None  # the model reports the rest


def _detail_fields(data: dict) -> Iterator[tuple[Path_, str]]:
    for s, stage in enumerate(_as_list(data.get("stages"))):
        steps = _as_list(stage.get("steps")) if isinstance(stage, dict) else []
        for t, step in enumerate(steps):
            target = _link_id(step.get("detail")) if isinstance(step, dict) else None
            if target:
                yield ("stages", s, "steps", t, "detail"), target


def map_links(map_id: str, path: Path, display: str, data: dict, stage_ids: list[str]) -> MapLinks:
    personas = tuple(p for p in _as_list(data.get("personas")) if isinstance(p, str))
    future_of = _link_id(data.get("future_of"))
    return MapLinks(map_id, path, display, future_of, tuple(_detail_fields(data)), personas, tuple(stage_ids))


def _unknown(target: str, map_ids: Collection[str]) -> str:
    return Message(
        N_("unknown map '%(target)s': there is no maps/%(target)s.md%(suggestion)s"),
        target=target,
        suggestion=suggestion(target, map_ids),
    )


def link_findings(links: MapLinks, map_ids: Collection[str]) -> list[Finding]:
    """Links to maps that do not exist, or to the map itself."""
    findings: list[Finding] = []
    if links.future_of == links.map_id:
        message = Message(N_("a map cannot be the future state of itself; name the current map's id"))
        findings.append(Finding(("future_of",), message))
    elif links.future_of and links.future_of not in map_ids:
        findings.append(Finding(("future_of",), _unknown(links.future_of, map_ids)))
    for field_path, target in links.details:
        if target == links.map_id:
            itself = Message(N_("a step cannot be detailed by its own map; name another map"))
            findings.append(Finding(field_path, itself))
        elif target not in map_ids:
            findings.append(Finding(field_path, _unknown(target, map_ids)))
    return findings


# (map id, field path, message): the caller turns each into a located problem in that map's file.
GraphFinding = tuple[str, Path_, str]


def link_graph_findings(
    links: dict[str, MapLinks], lines: dict[tuple[str, Path_], int]
) -> list[GraphFinding]:
    """Future states of future states, and `detail` cycles. `lines` gives the line of each link written
    in a file (for naming every file and line of a cycle); links not in it are named by field only."""
    return _future_chains(links, lines) + _detail_cycles(links, lines)


def link_graph_warnings(links: dict[str, MapLinks]) -> list[GraphFinding]:
    """Future states that cannot be compared with their current map: not wrong, but the chart's overlay
    or the "what changes" section will be empty."""
    findings = []
    for item in links.values():
        current = links.get(item.future_of) if item.future_of else None
        if current is None or current.map_id == item.map_id:
            continue
        if item.personas and current.personas and not set(item.personas) & set(current.personas):
            findings.append(
                (
                    item.map_id,
                    ("future_of",),
                    Message(
                        N_(
                            "shares no persona with '%(current)s' (its personas: %(personas)s), so the chart "
                            "cannot show the current state's emotion beside this map's"
                        ),
                        current=current.map_id,
                        personas=", ".join(current.personas),
                    ),
                )
            )
        if item.stage_ids and current.stage_ids and not set(item.stage_ids) & set(current.stage_ids):
            findings.append(
                (
                    item.map_id,
                    ("future_of",),
                    Message(
                        N_(
                            "has no stage id in common with '%(current)s' (its stages: %(stages)s), so the "
                            "stages cannot be compared; give the stages that stay the same `id` in both maps"
                        ),
                        current=current.map_id,
                        stages=", ".join(current.stage_ids),
                    ),
                )
            )
    return findings


def _where(links: MapLinks, field_path: Path_, lines: dict[tuple[str, Path_], int]) -> str:
    line = lines.get((links.map_id, field_path))
    return f"{links.display}:{line}" if line else links.display


def _future_chains(links: dict[str, MapLinks], lines) -> list[GraphFinding]:
    findings = []
    for item in links.values():
        current = links.get(item.future_of) if item.future_of else None
        if current is None or not current.future_of or current.future_of == current.map_id:
            continue
        findings.append(
            (
                item.map_id,
                ("future_of",),
                Message(
                    N_(
                        "'%(current)s' is itself the future state of '%(target)s' (%(where)s); "
                        "a future state must point at a current map, so name '%(target)s' here, "
                        "or make '%(current)s' a current map"
                    ),
                    current=current.map_id,
                    target=current.future_of,
                    where=_where(current, ("future_of",), lines),
                ),
            )
        )
    return findings


def _detail_cycles(links: dict[str, MapLinks], lines) -> list[GraphFinding]:
    """One finding per link of each cycle, in each file on it, each naming the whole cycle."""
    edges = {
        map_id: [(p, t) for p, t in item.details if t in links and t != map_id]
        for map_id, item in links.items()
    }
    findings: list[GraphFinding] = []
    for cycle in _cycles(edges):
        hops = [
            (map_id, next(p for p, t in edges[map_id] if t == cycle[(n + 1) % len(cycle)]))
            for n, map_id in enumerate(cycle)
        ]
        route = " > ".join(
            f"{map_id} ({_where(links[map_id], p, lines)} {format_field_path(p)})" for map_id, p in hops
        )
        message = Message(
            N_(
                "detail cycle: %(route)s > %(first)s; a map cannot be part of itself, "
                "so remove one of these `detail` links"
            ),
            route=route,
            first=cycle[0],
        )
        findings += [(map_id, p, message) for map_id, p in hops]
    return findings


def _cycles(edges: dict[str, list[tuple[Path_, str]]]) -> list[list[str]]:
    """One simple cycle per group of maps that reach each other (an iterative depth-first search, so a
    long chain cannot exhaust the stack). Each map is on at most one reported cycle."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []
    for start in sorted(edges):
        if start in state:
            continue
        path, stack = [start], [iter(sorted({t for _, t in edges[start]}))]
        state[start] = 1
        while stack:
            target = next(stack[-1], None)
            if target is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(target) == 1:
                cycle = path[path.index(target) :]
                if not any(set(cycle) & set(c) for c in cycles):
                    cycles.append(cycle)
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(sorted({t for _, t in edges[target]})))
    return cycles
