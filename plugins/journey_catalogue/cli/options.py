"""Options shared by commands: where the journeys are, and the channel vocabulary from mkdocs.yml."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from ..format.channels import ChannelVocabulary


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
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "journeys" in entry:
            return entry["journeys"] or {}
    return {}


def resolve(args: argparse.Namespace) -> tuple[Path, ChannelVocabulary, dict]:
    config_file = Path(args.config)
    options = _plugin_options(config_file)
    base = config_file.parent if config_file.is_file() else Path.cwd()
    root = Path(args.root) if args.root else base / options.get("journeys_dir", "journeys")
    channels = ChannelVocabulary.build(
        options.get("channels") or {}, keep_defaults=options.get("default_channels", True)
    )
    return root, channels, options
