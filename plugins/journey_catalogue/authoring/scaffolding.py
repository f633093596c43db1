"""A new catalogue repository from the files under scaffold/, which never overwrites a file.

The scaffold is package data, laid out as the new repository is. Names starting with `dot-` become
dot-files (`dot-github/` is `.github/`), so that packaging tools, which skip hidden files, keep them.
Text files may hold placeholders (`__SITE_NAME__` and the like), replaced as they are written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..format.schema import SCHEMA_DIR, SCHEMA_FILES, packaged_schema
from ..i18n import N_, Translator, normalise

SCAFFOLD_DIR = Path(__file__).parent / "scaffold"
# A language's own README.md and docs/index.md, written instead of the English ones (`init --language`).
LANGUAGES_DIR = Path(__file__).parent / "scaffold_languages"
# The configuration's navigation labels, as the scaffold writes them in English.
NAV_LABELS = (N_("Home"), N_("Catalogue"), N_("Personas"), N_("Templates"), N_("Insights"), N_("Map editor"))
# The palette toggle's labels (Material shows them as the toggle's tooltip and accessible name).
PALETTE_LABELS = (N_("Switch to dark mode"), N_("Switch to light mode"))
_EXAMPLES = ("journeys/maps/", "journeys/personas/")  # the starter map and persona; --empty leaves them out
ENGINES = ("mkdocs", "properdocs", "zensical")
# Per engine: its configuration file (the scaffold's mkdocs.yml or zensical.toml, under that name), the
# package to install, and the commands to build and preview the site.
_ENGINE = {
    "mkdocs": ("mkdocs.yml", "journey-catalogue", "mkdocs build --strict", "mkdocs serve"),
    "properdocs": (
        "properdocs.yml",
        "journey-catalogue[properdocs]",
        "properdocs build --strict",
        "properdocs serve",
    ),
    "zensical": ("zensical.toml", "journey-catalogue[zensical]", "journeys build", "journeys serve"),
}


@dataclass
class Scaffold:
    """What to write: each target path (relative, POSIX) with its content."""

    files: dict[str, bytes]


@dataclass
class Written:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already there, left as they were


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _target(relative: Path) -> str:
    return "/".join(
        "." + part.removeprefix("dot-") if part.startswith("dot-") else part for part in relative.parts
    )


def _site_url_from_env(default: str) -> str:
    """zensical.toml has no !ENV: CI writes the Pages address (SITE_URL) into it before building, as
    mkdocs.yml reads it (instant navigation needs the address the site is served at)."""
    return f'sed -i "s|^site_url = .*|site_url = \\"${{SITE_URL:-{default}}}\\"|" zensical.toml && '


def scaffold(
    *,
    site_name: str,
    site_url: str,
    repo_url: str | None,
    today: dt.date,
    empty: bool,
    engine: str = "mkdocs",
    language: str | None = None,
) -> Scaffold:
    config_name, package, build, serve = _ENGINE[engine]
    repo_lines = (
        f"repo_url: {_yaml_string(repo_url)}\nedit_uri: edit/main/docs/"
        if repo_url
        else "# repo_url: https://github.com/OWNER/REPOSITORY  # then pages link to their files for edits\n"
        "# edit_uri: edit/main/docs/"
    )
    if engine == "zensical":  # TOML; a JSON string is a TOML basic string too
        repo_lines = repo_lines.replace(": ", " = ", 1).replace(
            "edit_uri: edit/main/docs/", 'edit_uri = "edit/main/docs/"'
        )
    placeholders = {
        "__SITE_NAME__": site_name,
        "__SITE_URL__": site_url,
        "__REPO_LINES__": repo_lines,
        "__VERSION__": __version__,
        "__TODAY__": today.isoformat(),
        "__PACKAGE__": package,
        "__BUILD__": build if engine != "zensical" else _site_url_from_env(site_url) + build,
        "__SERVE__": serve,
        "__PAGES__": "journeys/" if engine == "zensical" else "",  # where `journeys generate` writes
    }
    files: dict[str, bytes] = {}
    for path in sorted(p for p in SCAFFOLD_DIR.rglob("*") if p.is_file()):
        target = _target(path.relative_to(SCAFFOLD_DIR))
        if target in ("mkdocs.yml", "zensical.toml"):
            if (target == "zensical.toml") != (engine == "zensical"):
                continue
            target = config_name
        is_example = target.startswith(_EXAMPLES) and target.endswith(".md")
        if (empty and is_example) or (not empty and target.endswith("/.gitkeep")):
            continue
        text = _localised(path, target, language).read_text(encoding="utf-8")
        if language and target == config_name:
            text = _config_in(text, language, toml=engine == "zensical")
        for key, value in placeholders.items():
            # the site name lands in YAML (quoted) and in Markdown headings (as written)
            text = text.replace(
                key, _yaml_string(value) if key == "__SITE_NAME__" and target == config_name else value
            )
        files[target] = text.encode("utf-8")
    for kind, name in SCHEMA_FILES.items():  # the schemas editors use, published with the site
        files[f"docs/{SCHEMA_DIR}/{name}"] = packaged_schema(kind).read_bytes()
    return Scaffold(dict(sorted(files.items())))


def _localised(path: Path, target: str, language: str | None) -> Path:
    """The language's own version of a scaffold file, where it has one (README.md, docs/index.md)."""
    own = LANGUAGES_DIR / normalise(language).split("_")[0] / target if language else None
    return own if own is not None and own.is_file() else path


def _config_in(text: str, language: str, toml: bool) -> str:
    """The configuration with `theme.language` set and the navigation and palette labels translated."""
    code = normalise(language).replace("_", "-")  # Material's codes: `ru`, `pt-BR`
    gettext = Translator(language).gettext
    if toml:
        text = text.replace("[project.theme]\n", f'[project.theme]\nlanguage = "{code}"\n', 1)
    else:
        text = text.replace("  name: material\n", f"  name: material\n  language: {code}\n", 1)
    for label in NAV_LABELS:
        ours = gettext(label)
        if toml:
            text = text.replace(f'{{ "{label}" = ', f"{{ {_yaml_string(ours)} = ")
        else:  # plain words stay plain, as the English labels are
            ours = ours if re.fullmatch(r"\w[\w ]*", ours) else _yaml_string(ours)
            text = text.replace(f"  - {label}: ", f"  - {ours}: ")
    for label in PALETTE_LABELS:
        ours = _yaml_string(gettext(label))
        old, new = (
            (f'toggle.name = "{label}"', f"toggle.name = {ours}")
            if toml
            else (f"name: {label}\n", f"name: {ours}\n")
        )
        text = text.replace(old, new)
    return text


def write(plan: Scaffold, directory: Path) -> Written:
    """Create every file that does not exist yet; an existing file is kept and reported, never changed."""
    written = Written()
    for relative, content in plan.files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("xb") as handle:  # "x": never overwrite, even a file created meanwhile
                handle.write(content)
        except FileExistsError:
            written.kept.append(relative)
        else:
            written.created.append(relative)
    return written


SERVE_COMMAND = {engine: serve for engine, (_, _, _, serve) in _ENGINE.items()}
