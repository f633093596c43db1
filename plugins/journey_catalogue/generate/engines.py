"""Which site engine a catalogue uses, read from its configuration files, and what that configuration says.

mkdocs and properdocs run the `journeys` plugin; zensical runs no plugin, so its pages are generated first.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

ENGINES = ("mkdocs", "properdocs", "zensical")
# The file each engine reads first; detection tries them in this order.
CONFIG_FILES = {"zensical": "zensical.toml", "properdocs": "properdocs.yml", "mkdocs": "mkdocs.yml"}
RUNS_PLUGINS = {"mkdocs": True, "properdocs": True, "zensical": False}


class _AnyTagLoader(yaml.SafeLoader):
    """Reads MkDocs configuration (with its !ENV and !!python tags) as plain data, running nothing."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteConfig:
    engine: str
    path: Path
    data: dict

    @property
    def docs_dir(self) -> Path:
        return self.path.parent / str(self.data.get("docs_dir") or "docs")

    @property
    def lists_plugin(self) -> bool:
        """Whether the configuration names the `journeys` plugin."""
        plugins = self.data.get("plugins") or []
        names = plugins.keys() if isinstance(plugins, dict) else plugins
        return any((next(iter(p), None) if isinstance(p, dict) else p) == "journeys" for p in names)


class ConfigError(Exception):
    pass


def read_config(path: Path, engine: str | None = None) -> SiteConfig:
    """The configuration at `path`; the engine is `engine` or the one whose file name it has."""
    try:
        if path.suffix == ".toml":
            with path.open("rb") as handle:
                data = tomllib.load(handle)
            data = data.get("project", data)
        else:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    except (OSError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    if engine is None:
        engine = next((e for e, name in CONFIG_FILES.items() if name == path.name), "mkdocs")
    return SiteConfig(engine, path, data)


def find_config(directory: Path, engine: str | None = None) -> SiteConfig:
    """The catalogue's configuration in `directory`: for `engine`, the first file it reads that exists;
    otherwise the first of zensical.toml, properdocs.yml and mkdocs.yml."""
    candidates = list(CONFIG_FILES.items())
    if engine == "zensical":  # Zensical also reads mkdocs.yml
        candidates = [("zensical", "zensical.toml"), ("zensical", "mkdocs.yml")]
    elif engine == "properdocs":  # ProperDocs reads properdocs.yml before mkdocs.yml
        candidates = [("properdocs", "properdocs.yml"), ("properdocs", "mkdocs.yml")]
    elif engine == "mkdocs":
        candidates = [("mkdocs", "mkdocs.yml")]
    for found_engine, name in candidates:
        if (directory / name).is_file():
            return read_config(directory / name, found_engine)
    names = " or ".join(dict.fromkeys(name for _, name in candidates))
    raise ConfigError(f"no {names} in {directory}: run `journeys init` to create one, or pass --config")


def plugin_not_run_message(config: SiteConfig) -> str | None:
    """Why building this configuration would silently publish no map, and what to run instead."""
    if RUNS_PLUGINS[config.engine] or not config.lists_plugin:
        return None
    return (
        f"{config.path.name} lists the `journeys` plugin, but {config.engine} does not run plugins: the site "
        "would build without a single map and without an error. Build it with `journeys build --engine "
        "properdocs` (or mkdocs), or move it to Zensical: `journeys init NEW-DIR --engine zensical` writes a "
        "zensical.toml that uses `journeys generate` instead of the plugin (see docs/engines.md)"
    )
