"""Measured experience: the metric definitions (the plugin's `metrics` option) and the metrics files
(`journeys/metrics/*.csv`, header `map,step,metric,period,value,sample`), read and validated like maps.

Every problem in every row is reported at once, located as `file:line:column` with the column's name, as
a Message worded in the catalogue's language. Nothing here joins figures to steps for a page: that is
catalogue/measures.py; this module only says which step a row names and whether the row is valid.

Periods (ordered, so that "latest" and "trend" are well defined):
  YYYY-Qn       a quarter,        2026-Q3
  YYYY-MM       a month,          2026-09
  YYYY-Www      an ISO week,      2026-W37
  YYYY-MM-DD    a day,            2026-09-14
A period is ordered by the day it ends, then by the day it starts: of two periods ending the same day,
the shorter one is the later (2026-Q3 < 2026-09 < 2026-09-30).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_
from .model import ID_RE, JourneyMap, describe
from .problems import Message, Problem

METRICS_DIR = "metrics"
COLUMNS = ("map", "step", "metric", "period", "value", "sample")
MAX_METRICS_BYTES = 4 * 1024 * 1024
_DEFINITION_KEYS = ("label", "min", "max", "better", "target")


@dataclass(frozen=True, order=True)
class Period:
    """A measured period: ordered by (end, start), written as the file wrote it."""

    end: dt.date
    start: dt.date
    text: str = field(compare=False)


_PERIOD = re.compile(r"(\d{4})-(?:Q([1-4])|W(\d{2})|(\d{2})(?:-(\d{2}))?)")


def parse_period(text: str) -> Period | None:
    """`text` as a Period, or None when it is not one of the four forms (or names no real day)."""
    match = _PERIOD.fullmatch(text)
    if not match:
        return None
    year, quarter, week, month, day = match.groups()
    y = int(year)
    try:
        if quarter:
            start = dt.date(y, 3 * int(quarter) - 2, 1)
            end = _month_end(y, 3 * int(quarter))
        elif week:
            start = dt.date.fromisocalendar(y, int(week), 1)
            end = start + dt.timedelta(days=6)
        elif day:
            start = end = dt.date(y, int(month), int(day))
        else:
            start, end = dt.date(y, int(month), 1), _month_end(y, int(month))
    except ValueError:
        return None
    return Period(end, start, text)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# -- the `metrics` option --------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricDefinition:
    """A metric the catalogue measures: its scale and which end of it is good."""

    id: str
    label: str
    min: float
    max: float
    better: str = "higher"  # or "lower"
    target: float | None = None

    def normalised(self, value: float) -> float:
        """Where `value` sits on the scale, 0 the worst end and 1 the best (after `better`)."""
        share = (value - self.min) / (self.max - self.min)
        return share if self.better == "higher" else 1 - share

    def key(self) -> tuple:
        return (self.id, self.label, self.min, self.max, self.better, self.target)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def metric_definitions(option: object) -> tuple[dict[str, MetricDefinition], list[Message]]:
    """The `metrics` option as definitions by id, and what is wrong with it (every problem at once)."""
    if option is None:
        return {}, []
    if not isinstance(option, Mapping):
        return {}, [
            Message(
                N_("expected a mapping of metric ids to {label, min, max, better, target}, got %(found)s"),
                found=describe(option),
            )
        ]
    definitions, problems = {}, []
    for metric_id, spec in option.items():
        definition, found = _definition(metric_id, spec)
        problems += found
        if definition is not None:
            definitions[metric_id] = definition
    return definitions, problems


def _definition(metric_id: object, spec: object) -> tuple[MetricDefinition | None, list[Message]]:
    if not isinstance(metric_id, str) or not ID_RE.match(metric_id):
        return None, [
            Message(
                N_("metric id %(id)s: use lowercase letters a-z, digits and single hyphens"),
                id=describe(metric_id),
            )
        ]
    if not isinstance(spec, Mapping):
        message = N_("metric '%(id)s': expected {label, min, max, better, target}, got %(found)s")
        return None, [Message(message, id=metric_id, found=describe(spec))]
    problems = [
        Message(
            N_("metric '%(id)s': unknown key %(key)s (expected label, min, max, better or target)"),
            id=metric_id,
            key=describe(key),
        )
        for key in spec
        if key not in _DEFINITION_KEYS
    ]
    low, high = _number(spec.get("min")), _number(spec.get("max"))
    for name, number in (("min", low), ("max", high)):
        if number is None:
            message = N_("metric '%(id)s': %(key)s must be a number, got %(found)s")
            problems.append(Message(message, id=metric_id, key=name, found=describe(spec.get(name))))
    if low is not None and high is not None and low >= high:
        message = N_("metric '%(id)s': min (%(min)s) must be less than max (%(max)s)")
        problems.append(Message(message, id=metric_id, min=describe(spec["min"]), max=describe(spec["max"])))
    better = spec.get("better", "higher")
    if better not in ("higher", "lower"):
        message = N_("metric '%(id)s': better must be higher or lower, got %(found)s")
        problems.append(Message(message, id=metric_id, found=describe(better)))
    label = spec.get("label", metric_id)
    if not isinstance(label, str) or not label.strip():
        message = N_("metric '%(id)s': label must be text, got %(found)s")
        problems.append(Message(message, id=metric_id, found=describe(label)))
    target = spec.get("target")
    if target is not None:
        number = _number(target)
        if number is None or (low is not None and high is not None and not low <= number <= high):
            message = N_("metric '%(id)s': target must be a number from min to max, got %(found)s")
            problems.append(Message(message, id=metric_id, found=describe(target)))
    if problems:
        return None, problems
    return MetricDefinition(metric_id, label, low, high, better, _number(target)), []  # type: ignore[arg-type]


# -- which step a row names ------------------------------------------------------------------------


@dataclass(frozen=True)
class StepTarget:
    """What a row's `step` names: a step ("2.1") or a whole stage ("2"), by the number the page shows."""

    number: str
    stage_index: int
    step_index: int | None  # None: a stage-level figure

    @property
    def is_stage(self) -> bool:
        return self.step_index is None


_NUMBER = re.compile(r"([1-9]\d*)(?:\.([1-9]\d*))?")


def resolve_step(journey: JourneyMap, ref: str) -> StepTarget | None:
    """The step or stage `ref` names in `journey`: a step's id, a step's number or a stage's number."""
    for placed in journey.steps():
        if placed.step.id is not None and placed.step.id == ref:
            return StepTarget(placed.number, placed.stage_index, placed.step_index)
    match = _NUMBER.fullmatch(ref)
    if not match:
        return None
    stage, step = int(match.group(1)) - 1, match.group(2)
    stages = journey.meta.stages
    if stage >= len(stages):
        return None
    if step is None:
        return StepTarget(str(stage + 1), stage, None)
    if int(step) > len(stages[stage].steps):
        return None
    return StepTarget(f"{stage + 1}.{step}", stage, int(step) - 1)


# -- the metrics files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricRow:
    """One measured figure, valid, with the file and line it came from."""

    file: str
    line: int
    map_id: str
    target: StepTarget
    metric: str
    period: Period
    value: float
    sample: int | None


@dataclass
class MetricsTable:
    rows: list[MetricRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def metrics_files(root: Path) -> list[Path]:
    folder = root / METRICS_DIR
    return sorted(p for p in folder.glob("*.csv") if p.is_file()) if folder.is_dir() else []


def shown_path(path: Path, base: Path) -> str:
    """A path as messages show it: relative to `base` (the project root) when inside it."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()


def load_metrics(
    root: Path,
    maps: Mapping[str, JourneyMap],
    definitions: Mapping[str, MetricDefinition],
    base: Path | None = None,
) -> MetricsTable:
    """Every row of every `root/metrics/*.csv`, checked against the maps and the metric definitions;
    messages name files relative to `base` (default: the current directory)."""
    table = MetricsTable()
    seen: dict[tuple, str] = {}
    for path in metrics_files(root):
        table.files += 1
        _read_file(path, shown_path(path, base or Path.cwd()), maps, definitions, table, seen)
    table.problems.sort()
    return table


def _read_file(path, shown: str, maps, definitions, table: MetricsTable, seen: dict) -> None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        table.problems.append(Problem(shown, 1, 1, "", f"cannot read the file: {error.strerror}"))
        return
    if len(raw) > MAX_METRICS_BYTES:
        message = Message(N_("the file is larger than 4 MiB; split it into several files"))
        table.problems.append(Problem(shown, 1, 1, "", message))
        return
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = Message(
            N_("the file is not UTF-8 text (byte %(byte)s); save it as UTF-8"),
            byte=f"0x{raw[error.start]:02x}",
        )
        table.problems.append(Problem(shown, line, 1, "", message))
        return
    reader = csv.reader(io.StringIO(text))
    try:
        _read_rows(reader, text.splitlines(), _RowChecker(shown, maps, definitions, seen), table)
    except csv.Error as error:  # a NUL byte, a field over the csv module's size limit
        message = Message(N_("the file cannot be read as CSV: %(error)s"), error=str(error))
        table.problems.append(Problem(shown, max(reader.line_num, 1), 1, "", message))


def _read_rows(reader, lines: list[str], checker: _RowChecker, table: MetricsTable) -> None:
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        message = Message(
            N_("expected the header %(expected)s, got %(found)s"),
            expected=",".join(COLUMNS),
            found=describe(",".join(header or [])),
        )
        table.problems.append(Problem(checker.shown, 1, 1, "", message))
        return
    for fields in reader:
        number = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        raw_line = lines[number - 1] if number - 1 < len(lines) else ""
        row, problems = checker.check(number, fields, raw_line)
        table.problems += problems
        if row is not None:
            table.rows.append(row)


@dataclass
class _RowChecker:
    shown: str
    maps: Mapping[str, JourneyMap]
    definitions: Mapping[str, MetricDefinition]
    seen: dict  # (map, step number, metric, period) -> "file:line" of its first row

    def check(self, line: int, fields: list[str], raw_line: str) -> tuple[MetricRow | None, list[Problem]]:
        def problem(column: str, message: Message) -> Problem:
            return Problem(self.shown, line, _column_of(raw_line, COLUMNS.index(column)), column, message)

        if len(fields) != len(COLUMNS):
            message = Message(
                N_("expected %(expected)d values (%(columns)s), got %(found)d"),
                expected=len(COLUMNS),
                columns=",".join(COLUMNS),
                found=len(fields),
            )
            return None, [Problem(self.shown, line, 1, "", message)]
        map_id, ref, metric, period_text, value_text, sample_text = (f.strip() for f in fields)
        problems: list[Problem] = []
        target = self._target(map_id, ref, problem, problems)
        definition = self._definition(metric, problem, problems)
        period = parse_period(period_text)
        if period is None:
            message = N_("expected a period as 2026-Q3, 2026-09, 2026-W37 or 2026-09-14, got %(found)s")
            problems.append(problem("period", Message(message, found=describe(period_text))))
        value = _value(value_text, definition, problem, problems)
        sample = _sample(sample_text, problem, problems)
        if problems or target is None or definition is None or period is None or value is None:
            return None, problems
        key = (map_id, target.number, metric, period.text)
        if key in self.seen:
            message = Message(N_("the same figure is already given at %(first)s"), first=self.seen[key])
            return None, [problem("period", message)]
        self.seen[key] = f"{self.shown}:{line}"
        return MetricRow(self.shown, line, map_id, target, metric, period, value, sample), []

    def _target(self, map_id: str, ref: str, problem, problems: list) -> StepTarget | None:
        journey = self.maps.get(map_id)
        if journey is None:
            message = N_("unknown map '%(id)s': there is no valid maps/%(id)s.md")
            problems.append(problem("map", Message(message, id=map_id)))
            return None
        target = resolve_step(journey, ref)
        if target is None:
            message = N_(
                "map '%(map)s' has no step %(found)s: give a step's number (2.1), a stage's number (2) "
                "or a step's id"
            )
            problems.append(problem("step", Message(message, map=map_id, found=describe(ref))))
        return target

    def _definition(self, metric: str, problem, problems: list) -> MetricDefinition | None:
        definition = self.definitions.get(metric)
        if definition is None:
            known = ", ".join(self.definitions) or "-"
            message = N_("unknown metric %(found)s; the plugin's metrics option declares: %(known)s")
            problems.append(problem("metric", Message(message, found=describe(metric), known=known)))
        return definition


def _value(text: str, definition: MetricDefinition | None, problem, problems: list) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        message = N_("expected a number such as 4.2, got %(found)s")
        problems.append(problem("value", Message(message, found=describe(text))))
        return None
    if definition is not None and not definition.min <= value <= definition.max:
        message = N_("expected a value from %(min)s to %(max)s (the scale of %(metric)s), got %(found)s")
        values = {"min": _plain(definition.min), "max": _plain(definition.max), "found": text}
        problems.append(problem("value", Message(message, metric=definition.id, **values)))
        return None
    return value


def _sample(text: str, problem, problems: list) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        message = N_("expected a whole number of 0 or more, got %(found)s")
        problems.append(problem("sample", Message(message, found=describe(text))))
        return None
    return int(text)


def _plain(number: float) -> str:
    """4.0 -> "4", 4.25 -> "4.25"."""
    return f"{number:g}"


def _column_of(raw_line: str, index: int) -> int:
    """The 1-based character column where field `index` starts (exact for unquoted fields)."""
    if '"' in raw_line:
        return 1
    parts = raw_line.split(",")
    return 1 + sum(len(p) + 1 for p in parts[:index]) if index < len(parts) else 1
