"""Options shared by commands: where the journeys are, and the channel vocabulary from mkdocs.yml."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..catalogue.index import CatalogueIndex
from ..catalogue.relations import map_relations
from ..format.channels import ChannelVocabulary, custom_channel_problems
from ..format.loader import Catalogue, load_catalogue
from ..format.metrics import MetricDefinition, metric_definitions
from ..format.model import JourneyMap, persona_names
from ..format.phases import PhaseVocabulary, PhaseVocabularyError
from ..format.problems import worded
from ..format.requirements import REQUIRE_CHOICES
from ..format.validate import suggestion
from ..generate.engines import ConfigError, find_config, read_config
from ..i18n import Translator


def add_root_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        "-f",
        default="mkdocs.yml",
        metavar="FILE",
        help="mkdocs.yml whose `journeys` plugin options to use (default: %(default)s)",
    )
    parser.add_argument(
        "--root", metavar="DIR", help="the journeys folder (default: from the config, else ./journeys)"
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="the language of messages, e.g. ru or pl (default: the site's theme.language, else English)",
    )


def site_language(args: argparse.Namespace) -> str | None:
    """`--language`, else the `theme.language` of the catalogue's configuration: the --config file when
    one is named, else the first of zensical.toml, properdocs.yml and mkdocs.yml in this folder."""
    if getattr(args, "language", None):
        return args.language
    config_file = Path(getattr(args, "config", None) or "mkdocs.yml")
    try:
        config = (
            read_config(config_file) if config_file.name != "mkdocs.yml" else find_config(config_file.parent)
        )
    except ConfigError:
        return None
    theme = config.data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return language if isinstance(language, str) else None


def translator(args: argparse.Namespace) -> Translator:
    """The translator for the catalogue's language; English for a language without a catalogue."""
    return Translator(site_language(args))


def _plugin_options(config_file: Path) -> dict:
    """The `journeys` entry of mkdocs.yml's plugins, read without MkDocs (tags like !ENV are ignored)."""
    if not config_file.is_file():
        return {}

    class _Tolerant(yaml.SafeLoader):
        pass

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    except yaml.YAMLError:
        return {}
    plugins = config.get("plugins") if isinstance(config, dict) else None
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("journeys"), dict):
            return entry["journeys"]
    return {}


def resolve(args: argparse.Namespace) -> tuple[Path, ChannelVocabulary, dict]:
    config_file = Path(args.config)
    options = _plugin_options(config_file)
    base = config_file.parent if config_file.is_file() else Path.cwd()
    root = Path(args.root) if args.root else base / options.get("journeys_dir", "journeys")
    problems = custom_channel_problems(options.get("channels") or {})
    if problems:  # the build would refuse them too, as a configuration error
        print(
            f"journeys: error: {config_file}: the journeys plugin's channels: {'; '.join(problems)}",
            file=sys.stderr,
        )
        sys.exit(2)
    channels = ChannelVocabulary.build(
        options.get("channels") or {}, keep_defaults=options.get("default_channels", True)
    )
    return root, channels, options


def journeys_root(args: argparse.Namespace) -> Path | None:
    """The journeys folder, or None after saying that it does not exist."""
    resolved = resolve_existing(args)
    return None if resolved is None else resolved[0]


def resolve_existing(args: argparse.Namespace) -> tuple[Path, ChannelVocabulary, dict] | None:
    """`resolve`, or None after saying that the journeys folder does not exist."""
    root, channels, options = resolve(args)
    if not root.is_dir():
        print(f"journeys: error: no journeys folder at {root}", file=sys.stderr)
        return None
    return root, channels, options


def resolve_with_phases(
    args: argparse.Namespace,
) -> tuple[Path, ChannelVocabulary, PhaseVocabulary, dict] | None:
    """`resolve_existing` plus the `phases` vocabulary, or None after saying what is wrong."""
    resolved = resolve_existing(args)
    if resolved is None:
        return None
    root, channels, options = resolved
    phases = phases_from(options)
    return None if phases is None else (root, channels, phases, options)


def measure_options(
    options: dict, config_file: str, tr: Translator
) -> tuple[dict[str, MetricDefinition], str] | None:
    """The `metrics` definitions and the `require_sources_for` level of the plugin's options, or None
    after saying (in the catalogue's language) what is wrong with them: the build would refuse them too."""
    definitions, problems = metric_definitions(options.get("metrics"))
    require = options.get("require_sources_for", "off")
    require = "off" if require is False else require  # YAML reads a bare `off` as false
    for problem in problems:
        print(
            f"journeys: error: {config_file}: the journeys plugin's metrics: {worded(problem, tr)}",
            file=sys.stderr,
        )
    if require not in REQUIRE_CHOICES:
        print(
            f"journeys: error: {config_file}: the journeys plugin's require_sources_for: expected one of "
            f"{', '.join(REQUIRE_CHOICES)}, got {require!r}",
            file=sys.stderr,
        )
        return None
    return None if problems else (definitions, require)


def add_path_arguments(parser: argparse.ArgumentParser, help: str) -> None:
    """The optional PATH... arguments of commands that can work on part of the catalogue."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help=help)


def phases_from(options: dict) -> PhaseVocabulary | None:
    """The `phases` option's vocabulary, or None after saying why it is malformed."""
    try:
        return PhaseVocabulary.build(options.get("phases"))
    except PhaseVocabularyError as error:
        print(f"journeys: error: the journeys plugin's `phases` option: {error}", file=sys.stderr)
        return None


def selected_paths(raw_paths: list[str], root: Path) -> list[Path] | None:
    """PATH arguments as resolved paths inside the journeys folder, or None after saying which is not."""
    selected = []
    real_root = root.resolve()
    for raw in raw_paths:
        path = Path(raw)
        if not path.exists():
            print(f"journeys: error: no such file or folder: {raw}", file=sys.stderr)
            return None
        path = path.resolve()
        if path != real_root and real_root not in path.parents:
            # Reading nothing would look like an answer: say so instead.
            print(f"journeys: error: {raw} is not in the journeys folder {root}", file=sys.stderr)
            return None
        selected.append(path)
    return selected


def today() -> dt.date:
    """Today, or the date SOURCE_DATE_EPOCH names (reproducible output and tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def load(args: argparse.Namespace):
    """The catalogue for a command that reads maps, or an exit code (2: no journeys folder)."""
    resolved = resolve_with_phases(args)
    if resolved is None:
        return None
    root, channels, phases, options = resolved
    return load_catalogue(root, channels=channels, today=today(), phases=phases), options


def find_map(catalogue, map_id: str, tr: Translator | None = None):
    """The map with this id, or None after saying why (invalid, or no such map, with a suggestion)."""
    if map_id in catalogue.maps:
        return catalogue.maps[map_id]
    problems = [p for p in catalogue.errors if Path(p.file).stem == map_id]
    if problems:
        for problem in problems:
            print(problem.text(tr), file=sys.stderr)
        print(f"journeys: error: map '{map_id}' is not valid; fix the problems above", file=sys.stderr)
    else:
        print(f"journeys: error: no map '{map_id}'{suggestion(map_id, catalogue.maps)}", file=sys.stderr)
    return None


@dataclass(frozen=True)
class LoadedMap:
    """The map a command is about, and the catalogue around it."""

    catalogue: Catalogue
    journey: JourneyMap

    def persona_names(self) -> dict[str, str]:
        return persona_names(self.catalogue.personas.values())

    def relations(self) -> dict:
        """The links between this map and the others (future state, detail maps)."""
        return map_relations(CatalogueIndex(self.catalogue, dt.date.today()), self.journey)


def load_map(args: argparse.Namespace) -> LoadedMap | int:
    """The map `args.id` for commands about one map, or an exit code: 2 no journeys folder, 1 no such map."""
    loaded = load(args)
    if loaded is None:
        return 2
    catalogue, _ = loaded
    journey = find_map(catalogue, args.id, translator(args))
    return 1 if journey is None else LoadedMap(catalogue, journey)
