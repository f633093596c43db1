"""`journeys insights [PATH...] --format table|json|csv`: where the catalogue hurts, by phase and channel."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from ..catalogue.insights import Insights, compute_insights
from ..catalogue.measures import join_measures
from ..format.loader import load_catalogue
from ..format.metrics import load_metrics
from ..format.problems import printable
from ..interchange.csv_format import _cell as spreadsheet_safe
from .options import (
    add_path_arguments,
    add_root_arguments,
    measure_options,
    phases_from,
    resolve_existing,
    selected_paths,
    today,
    translator,
)

HELP = "portfolio insights: steps, pains and emotion per phase and channel, top pains, opportunity backlog"
SECTIONS = ("cells", "pains", "opportunities", "measured", "divergences")
CELL_COLUMNS = [
    "phase",
    "phase_label",
    "channel",
    "channel_label",
    "steps",
    "pains",
    "mean_emotion",
    "severity_score",
    "high_pains",
    "evidenced_pains",
    "maps",
]
ITEM_COLUMNS = ["map", "map_title", "stage", "stage_name", "phase", "step", "action", "text"]
PAIN_COLUMNS = ITEM_COLUMNS + ["severity", "evidence", "sources", "sample"]
OPPORTUNITY_COLUMNS = ITEM_COLUMNS + ["status", "evidence", "sources", "sample", "segment", "personas"]
OPPORTUNITY_COLUMNS += ["impact", "effort", "confidence", "score"]
MEASURED_COLUMNS = ["map", "step", "id", "action", "stated_emotion", "metric", "label", "period", "value"]
MEASURED_COLUMNS += ["sample", "normalised", "trend", "target", "meets_target", "divergent"]
DIVERGENCE_COLUMNS = ["map", "map_title", "step", "action", "stated_emotion", "measured", "label", "value"]
DIVERGENCE_COLUMNS += ["period", "normalised", "direction"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_path_arguments(
        parser,
        help="map files or folders to count (default: the whole catalogue); archived maps, templates and "
        "future states are always left out",
    )
    parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
    parser.add_argument(
        "--section",
        choices=SECTIONS,
        default="cells",
        help="for csv: which table to write, one row per cell, pain or opportunity (default: %(default)s)",
    )
    parser.add_argument(
        "--top", type=int, default=10, metavar="N", help="for table: how many pains to list (default: 10)"
    )
    add_root_arguments(parser)


def run(args: argparse.Namespace) -> int:
    resolved = resolve_existing(args)
    if resolved is None:
        return 2
    root, channels, options = resolved
    phases = phases_from(options)  # all are checked, so that every mistake is reported at once
    selected = selected_paths(args.paths, root)
    measured = measure_options(options, args.config, translator(args))
    if phases is None or selected is None or measured is None:
        return 2
    catalogue = load_catalogue(root, channels=channels, phases=phases, today=today(), only=selected or None)
    definitions = measured[0]
    metrics = load_metrics(root, catalogue.maps, definitions)
    measures = join_measures(catalogue.maps, metrics, definitions)
    insights = compute_insights(catalogue.maps.values(), channels, phases, measures)
    if args.format == "json":
        sys.stdout.write(json.dumps(insights.as_json(), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        sys.stdout.write(insights_csv(insights, args.section))
    else:
        sys.stdout.write(insights_table(insights, args.top))
    if catalogue.errors or metrics.problems:
        count = len(catalogue.errors) + len(metrics.problems)
        print(
            f"journeys: {count} problem{'s' if count != 1 else ''} leave invalid maps out of these insights; "
            "run `journeys validate`",
            file=sys.stderr,
        )
        return 1
    return 0


def insights_csv(insights: Insights, section: str) -> str:
    data = insights.as_json()
    columns = {
        "cells": CELL_COLUMNS,
        "pains": PAIN_COLUMNS,
        "opportunities": OPPORTUNITY_COLUMNS,
        "measured": MEASURED_COLUMNS,
        "divergences": DIVERGENCE_COLUMNS,
    }[section]
    rows = data["divergences"] if section == "divergences" else data.get(section)
    if section == "measured":  # one row per step and metric
        rows = [{**step, **metric} for step in data["measured_steps"] for metric in step["metrics"]]
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheet programs read the encoding from it, as for `journeys export`
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(row.get(column)) for column in columns])
    return out.getvalue()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return spreadsheet_safe(" ".join(str(v) for v in value))
    return spreadsheet_safe(str(value)) if isinstance(value, str) else str(value)


def _one_line(text: str, width: int | None = None) -> str:
    text = printable(" ".join(str(text).split()))
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def _columns(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1] for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def insights_table(insights: Insights, top: int) -> str:
    phases, channels = insights.phases, insights.channels
    out = [
        f"Insights over {len(insights.maps)} map{'s' if len(insights.maps) != 1 else ''}"
        + (
            f" ({insights.steps_without_channel} steps without a touchpoint are in no cell)"
            if insights.steps_without_channel
            else ""
        ),
        "",
    ]
    rows = [("PHASE", "CHANNEL", "STEPS", "PAINS", "HIGH", "SCORE", "EMOTION", "MAPS")]
    for cell in insights.cells:
        emotion = "" if cell.mean_emotion is None else f"{cell.mean_emotion:+.2f}"
        rows.append(
            (
                _one_line(phases.label(cell.phase), 24),
                _one_line(channels.get(cell.channel).label, 24),
                str(len(cell.steps)),
                str(cell.pains),
                str(cell.high_pains),
                str(cell.severity_score),
                emotion,
                str(cell.map_count),
            )
        )
    out.append(_columns(rows) if insights.cells else "No step has a touchpoint yet.\n")
    out.append(f"Top pains ({min(top, len(insights.pains))} of {len(insights.pains)})")
    rows = [("SEVERITY", "EVIDENCE", "WHERE", "PAIN")]
    for pain in insights.pains[:top]:
        where = f"{pain.step.map_id} {pain.step.number}"
        rows.append((pain.severity, str(pain.evidence.count), _one_line(where, 40), _one_line(pain.text, 80)))
    out.append(_columns(rows))
    out.append(f"Opportunities ({len(insights.opportunities)}), by ICE score, unscored last")
    rows = [("SCORE", "STATUS", "EVIDENCE", "WHERE", "OPPORTUNITY")]
    for entry in insights.opportunities:
        where = f"{entry.step.map_id} {entry.step.number}"
        score = "" if entry.score is None else str(entry.score)
        rows.append(
            (score, entry.status, str(entry.evidence.count), _one_line(where, 40), _one_line(entry.text, 80))
        )
    out.append(_columns(rows))
    out += _measured_table(insights)
    return "\n".join(out)


def _measured_table(insights: Insights) -> list[str]:
    evidence = insights.evidence
    out = [
        f"Evidence: {evidence.percent}% ({evidence.backed} of {evidence.total}: pains {evidence.pains[0]}/"
        f"{evidence.pains[1]}, opportunities {evidence.opportunities[0]}/{evidence.opportunities[1]}, "
        f"emotions measured {evidence.emotions[0]}/{evidence.emotions[1]})",
        "",
    ]
    divergences = insights.divergences()
    out.append(f"Stated and measured disagree ({len(divergences)})")
    if divergences:
        rows = [("WHERE", "STATED", "MEASURED", "DISAGREEMENT")]
        for d in divergences:
            latest = d.measured.latest
            measured = f"{d.measured.metric.label} {latest.value:g} ({latest.period.text})"
            rows.append(
                (
                    _one_line(f"{d.map_id} {d.number}", 40),
                    f"{d.stated:+g}",
                    _one_line(measured, 40),
                    f"measured {d.direction} than stated",
                )
            )
        out.append(_columns(rows))
    return out
