"""What the output folder must hold: every generated file's path (relative to the docs folder) and bytes.

Pure: reading the journeys and git history, never writing. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..assets import ASSETS_DIR, ECHARTS_FILE, echarts_problem
from ..assets.bundle import SCRIPT_BUNDLE, STYLE_BUNDLE, script_bundle, style_bundle
from ..authoring.starters import add_starter_templates
from ..catalogue.index import CatalogueIndex
from ..charts.split import common_script
from ..format.channels import ChannelVocabulary
from ..format.loader import load_catalogue
from ..format.model import persona_names
from ..format.phases import PhaseVocabulary
from ..format.problems import Problem
from ..history.catalogue_history import read_history
from ..i18n import Translator
from ..render.history_section import HistoryView
from ..render.layout import SiteLayout
from ..render.options import RenderOptions
from ..render.pages import GeneratedPage, PageRenderer, escape_title
from ..render.vocabulary import strings_script

ASSETS = "assets"  # inside the output folder
CHART_COMMON = "chart-common.js"
STAMP = ".journeys-generated"  # marks a folder as ours: only such a folder is ever cleaned
_HIDE = {
    "map": ["navigation"],
    "insights": ["navigation"],
    "catalogue": ["navigation", "toc"],
    "persona-index": ["navigation", "toc"],
    "templates": ["navigation", "toc"],
}


@dataclass(frozen=True)
class GenerateOptions:
    folder: str = "journeys"  # the output folder, relative to the docs folder; also its URL folder
    review_days: int = 180
    changed_days: int = 30
    drafts: bool = True
    insights: bool = True
    history: bool = True
    starter_templates: bool = True
    repo_url: str | None = None
    today: dt.date | None = None
    language: str = "en"  # the site's theme.language: the interface's and the starters' language


@dataclass
class Generated:
    files: dict[str, bytes] = field(default_factory=dict)  # path relative to the docs folder -> content
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def page_scripts(options: GenerateOptions) -> list[str]:
    """The scripts every page loads (the config's extra_javascript), relative to the docs folder: one
    bundle (assets/bundle.py)."""
    return [f"{options.folder}/{ASSETS}/{SCRIPT_BUNDLE}"]


def page_styles(options: GenerateOptions) -> list[str]:
    """The stylesheets every page loads (the config's extra_css): one bundle."""
    return [f"{options.folder}/{ASSETS}/{STYLE_BUNDLE}"]


def _today(options: GenerateOptions) -> dt.date:
    return options.today or dt.date.today()


def generate(journeys_dir: Path, base: Path, options: GenerateOptions) -> Generated:
    """Every file of the output folder, or the journey files' errors."""
    today = _today(options)
    gettext = Translator(options.language).gettext  # default channel and phase labels, as the plugin's
    catalogue = load_catalogue(
        journeys_dir,
        channels=ChannelVocabulary.build().translated(gettext),
        phases=PhaseVocabulary.build().translated(gettext),
        base=base,
        today=today,
    )
    result = Generated(errors=list(catalogue.errors), warnings=list(catalogue.warnings))
    if catalogue.errors:
        return result
    problem = echarts_problem()
    if problem:
        raise RuntimeError(f"{problem}; reinstall journey-catalogue")
    if options.starter_templates:
        add_starter_templates(catalogue, today, options.language)
    index = CatalogueIndex(catalogue, today, options.review_days, options.drafts)
    folder = options.folder
    layout = SiteLayout(
        f"{folder}/maps", f"{folder}/personas", f"{folder}/templates", True, f"{folder}/insights", ".md.txt"
    )
    render_options = RenderOptions(
        layout=layout,
        echarts_src=f"{folder}/{ASSETS}/{ECHARTS_FILE}",
        insights=options.insights,
        editor=False,  # the map editor needs the plugin's assets and map sources: MkDocs sites only, for now
        language=options.language,
        strings_asset=True,  # the scripts' strings are in the page script bundle
    )
    renderer = PageRenderer(index, render_options, history=_history(index, journeys_dir, options, today))
    files = result.files
    for page in renderer.pages():
        files[page_file(page.source)] = page_markdown(page, renderer.sections(page)).encode("utf-8")
    for path, text in {**renderer.downloads(), **renderer.data_files()}.items():
        files[path] = text.encode("utf-8")
    _add_assets(files, options, renderer.icon_stylesheet)
    files[f"{folder}/{STAMP}"] = (
        "Written by `journeys generate`: do not edit; rerun it instead.\n"
        f"journeys: {journeys_digest(journeys_dir)}\n"  # what guard.py compares
    ).encode()
    result.files = dict(sorted(files.items()))
    return result


def journeys_digest(journeys_dir: Path) -> str:
    """A digest of every file under journeys/ (names and bytes): the generated pages' input."""
    digest = hashlib.sha256()
    for path in sorted(p for p in journeys_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(journeys_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def page_file(source: str) -> str:
    """Where a page's Markdown goes: maps/x.md as maps/x/index.md, so that the file's folder is the page's
    URL folder. Zensical resolves relative links in raw HTML from the file's folder, the browser from the
    URL's; the same folder makes the renderer's links right for both."""
    folder, name = source.rsplit("/", 1)
    return source if name == "index.md" else f"{folder}/{name.removesuffix('.md')}/index.md"


def _history(index: CatalogueIndex, root: Path, options: GenerateOptions, today) -> HistoryView | None:
    if not options.history:
        return None
    history = read_history(index.maps, root, None, persona_names(index.personas))
    if not history.available:
        return None
    return HistoryView(history, today, options.changed_days, options.repo_url)


def _add_assets(files: dict[str, bytes], options: GenerateOptions, icons_css: str) -> None:
    """ECharts, and every page's script and stylesheet bundles (assets/bundle.py)."""
    target = f"{options.folder}/{ASSETS}"
    files[f"{target}/{ECHARTS_FILE}"] = (ASSETS_DIR / "vendor" / ECHARTS_FILE).read_bytes()
    generated = [
        (CHART_COMMON, common_script()),
        ("strings.js", strings_script(Translator(options.language))),
    ]
    script = script_bundle(generated, insights=options.insights, history=options.history)
    files[f"{target}/{SCRIPT_BUNDLE}"] = script.encode("utf-8")
    files[f"{target}/{STYLE_BUNDLE}"] = style_bundle(icons_css, history=options.history).encode("utf-8")


def page_markdown(page: GeneratedPage, sections: dict[str, str]) -> str:
    """A Markdown page: front matter (title, layout), then each heading in Markdown (for the table of
    contents) and each rendered section as one raw HTML block, which Markdown leaves untouched."""
    meta = {"title": escape_title(page.title)}
    if page.kind in _HIDE:
        meta["hide"] = _HIDE[page.kind]
    if page.kind == "insights":
        meta["search"] = {"exclude": True}
    lines = ["---", *(f"{key}: {json.dumps(value)}" for key, value in meta.items()), "---", ""]
    lines.append("<!-- Generated by `journeys generate` from the journey files: edit those instead. -->\n")
    for heading, name in page.sections:
        if heading:
            lines.append(f"## {heading}\n")
        lines.append(f'<div class="jc-generated">\n{sections.get(name, "").strip()}\n</div>\n')
    return "\n".join(lines)
