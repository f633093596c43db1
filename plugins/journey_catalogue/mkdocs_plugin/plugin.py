"""The `journeys` MkDocs plugin: thin glue between MkDocs' build events and the journey core.

on_startup  notes whether this is a live preview (`mkdocs serve`), whose rebuilds reuse parsed files and
            rendered map sections; on_files loads and validates the catalogue once per build and registers
            one generated page per map, persona and index, plus our assets; on_nav, in a one-off build,
            starts worker processes rendering those pages ahead (render/ahead.py); on_page_markdown gives each
            page its escaped title and edit link; on_page_context swaps section markers for the rendered
            HTML as MkDocs writes each page (and gives search plugins its text); on_serve watches journeys/.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import re
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..assets import ASSETS_DIR, ECHARTS_FILE, echarts_problem
from ..assets.bundle import SCRIPT_BUNDLE, STYLE_BUNDLE, content_digest, script_bundle, style_bundle
from ..assets.editor_libraries import editor_libraries_problem, vendored_paths
from ..authoring.starters import add_starter_templates
from ..catalogue.index import CatalogueIndex
from ..catalogue.measures import join_measures
from ..charts.split import common_script
from ..format.channels import ChannelVocabulary
from ..format.loader import ParseCache, load_catalogue
from ..format.metrics import load_metrics, metric_definitions, shown_path
from ..format.model import persona_names
from ..format.phases import PhaseVocabulary, PhaseVocabularyError
from ..format.requirements import unsourced_pain_problems
from ..format.schema import SCHEMA_DIR, SCHEMA_FILES
from ..history.catalogue_history import SHALLOW_NOTE, VersionCache, read_history
from ..i18n import Translator, catalogue_language, normalise
from ..render.ahead import AheadError, AheadRenderer, worker_count
from ..render.compiled_templates import compile_once
from ..render.history_section import HistoryView
from ..render.icons import IconSet
from ..render.layout import SiteLayout
from ..render.options import RenderOptions
from ..render.pages import GeneratedPage, PageRenderer, escape_title
from ..render.search_text import search_html
from ..render.section_cache import SectionCache
from ..render.vocabulary import strings_script
from .config import JourneysConfig

log = get_plugin_logger("journeys")
ASSET_URL = "assets/journeys"
# The generated parts of the page script bundle: the map chart's common part (chart_split.py), which
# journeys.js joins with a page's part, and the scripts' strings in the site's language (not on each page).
CHART_COMMON = "chart-common.js"
STRINGS = "strings.js"
_ICON_NAME = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")


@cache
def _material_icon_svg(name: str) -> str:
    """The SVG of a theme icon (e.g. material/email-outline), or "" for an unknown or odd name."""
    if not _ICON_NAME.match(name):
        return ""
    try:
        import material

        svg = Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg"
        return svg.read_text(encoding="utf-8")
    except (ImportError, OSError):
        return ""


@cache
def _strings_script(language: str) -> str:
    return strings_script(Translator(language))


@cache
def _versioned(name: str) -> str:
    """An asset's URL with a digest of its content: browsers that cached an older page script or style
    (hosts send them with long cache lifetimes) fetch the new one with the pages that need it."""
    digest = hashlib.sha256((ASSETS_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{ASSET_URL}/{name}?v={digest}"


def editor_assets(enabled: bool) -> list[str]:
    """The editor's script, style and vendored libraries (loaded by the editor page only)."""
    if not enabled:
        return []
    problem = editor_libraries_problem()
    if problem:  # the package ships them: a missing or altered one is a broken install
        raise PluginError(f"journeys: {problem}; reinstall journey-catalogue")
    return ["editor.js", "editor.css", *(f"vendor/{name}" for name in vendored_paths())]


def _today(option: str | None) -> dt.date:
    if option:
        return dt.date.fromisoformat(option)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


class JourneysPlugin(BasePlugin[JourneysConfig]):
    supports_multiple_instances = False

    def __init__(self):
        super().__init__()
        self.parse_cache: ParseCache | None = None
        self.section_cache: SectionCache | None = None
        self._search_text: dict[str, tuple[bytes, str]] = {}  # page -> (digest of its HTML, search text)
        self.ahead: AheadRenderer | None = None

    def on_startup(self, *, command, dirty):
        # Defining on_startup also makes MkDocs keep this instance across the rebuilds of `mkdocs serve`.
        # Only a preview rebuilds, so only a preview keeps caches: a one-off build lets each parsed file
        # go once its model exists (at 10,000 maps that is half a gigabyte).
        serving = command == "serve"
        self.parse_cache = ParseCache() if serving else None
        self.section_cache = SectionCache() if serving else None
        self.version_cache = VersionCache() if serving else None
        self._search_text = {}

    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").resolve().parent / self.config.journeys_dir
        self.layout = SiteLayout(
            self.config.maps_url.strip("/"),
            self.config.personas_url.strip("/"),
            self.config.templates_url.strip("/"),
            config.use_directory_urls,
            self.config.insights_url.strip("/"),
            editor=self.config.editor_url.strip("/"),
        )
        self.language = self._site_language(config)
        self._repo = (
            config.repo_url or "",
            config.edit_uri or "",
            Path(config.config_file_path or ".").parent,
        )
        gettext = Translator(self.language).gettext
        self.channels = ChannelVocabulary.build(
            self.config.channels, keep_defaults=self.config.default_channels
        ).translated(gettext)
        try:
            self.phases = PhaseVocabulary.build(self.config.phases).translated(gettext)
        except PhaseVocabularyError as error:
            raise PluginError(f"journeys: the `phases` option: {error}") from error
        self.pages: dict[str, GeneratedPage] = {}
        self._full_content: dict[str, str] = {}
        self.echarts_src = self.config.echarts or f"{ASSET_URL}/{ECHARTS_FILE}"
        # Every page links one stylesheet and one script (assets/bundle.py), each with its content's digest.
        self.bundles = self._bundles()
        for name, links in ((STYLE_BUNDLE, config.extra_css), (SCRIPT_BUNDLE, config.extra_javascript)):
            url = f"{ASSET_URL}/{name}?v={content_digest(self.bundles[name])}"
            if url not in [str(link) for link in links]:
                links.append(url)
        return config

    def _bundles(self) -> dict[str, str]:
        """The page script and stylesheet bundles' text, for this site's language, channels and options."""
        generated = [(CHART_COMMON, common_script()), (STRINGS, self._strings_script)]
        options = {"insights": self.config.insights, "history": self.config.history}
        icons = IconSet(c.icon for c in self.channels).stylesheet(_material_icon_svg)
        return {
            SCRIPT_BUNDLE: script_bundle(generated, **options),
            STYLE_BUNDLE: style_bundle(icons, history=self.config.history),
        }

    def on_files(self, files: Files, /, *, config) -> Files:
        self._stop_ahead()
        if not self.root.is_dir():
            raise PluginError(
                f"journeys: no journeys folder at {self.root} (the plugin's journeys_dir option, relative to "
                "mkdocs.yml): create it with maps/ and personas/ inside, or point journeys_dir at yours"
            )
        base = Path(config.config_file_path or ".").resolve().parent
        catalogue = load_catalogue(
            self.root,
            channels=self.channels,
            base=base,
            today=_today(self.config.today),
            cache=self.parse_cache,
            phases=self.phases,
        )
        # Metrics files and the require_sources_for rule are checked with the maps, as `journeys validate`
        # checks them: one list of errors, then one refusal.
        definitions, _ = metric_definitions(self.config.metrics)  # the option is checked already
        metrics = load_metrics(self.root, catalogue.maps, definitions, base)
        errors = catalogue.errors + metrics.problems
        errors += unsourced_pain_problems(
            catalogue.maps.values(), self.config.require_sources_for, lambda path: shown_path(path, base)
        )
        for problem in catalogue.warnings:
            log.warning(str(problem))
        if errors:
            for problem in errors:
                log.error(str(problem))
            count = len(errors)
            raise PluginError(
                f"journeys: {count} error{'s' if count != 1 else ''} in journey files; "
                "fix them (run `journeys validate` for the same list)"
            )
        if self.config.starter_templates:
            for message in add_starter_templates(
                catalogue, _today(self.config.today), self.language
            ).messages():
                log.info(message)
        index = CatalogueIndex(
            catalogue, _today(self.config.today), self.config.review_days, self.config.drafts
        )
        self.renderer = PageRenderer(
            index,
            self._render_options(),
            icon_svg=_material_icon_svg,
            edit_url=self._edit_url(config),
            section_cache=self.section_cache,
            history=self._history(index, config),
            measures=join_measures(catalogue.maps, metrics, definitions),
        )
        # Files' lookup table is rebuilt after every append: look up before appending, once.
        existing_sources = {f.src_uri for f in files}
        for page in self.renderer.pages():
            if page.source in existing_sources:
                raise PluginError(
                    f"journeys: docs/{page.source} would hide the generated {page.kind} page; "
                    f"rename it or change the plugin's URL options"
                )
            # Map and persona pages stay out of the nav by design; the index pages are listed in mkdocs.yml.
            # An explicit level also keeps MkDocs from dropping pages under /templates/.
            inclusion = (
                InclusionLevel.NOT_IN_NAV
                if page.kind in ("map", "persona") or page.id != "index"
                else InclusionLevel.INCLUDED
            )
            files.append(File.generated(config, page.source, content=page.markdown(), inclusion=inclusion))
            self.pages[page.source] = page
        if self.section_cache is not None:
            self.section_cache.keep_only(self.pages)
            self._search_text = {k: v for k, v in self._search_text.items() if k in self.pages}
        self._add_downloads(files, config)
        self._add_assets(files, config)
        for path, text in self.renderer.data_files().items():
            files.append(File.generated(config, path, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
        # The catalogue's models live until the build ends and hold no reference cycles, yet Python's
        # cycle collector would rescan all of them on every full collection while pages are built (a
        # sixth of a 1,000-map build). Freezing them takes them out of its sight until on_post_build.
        gc.freeze()
        return files

    @staticmethod
    def _site_language(config) -> str:
        """Material's theme.language is the site's: the interface we render follows it."""
        language = normalise(str(config.theme.get("language") or "en"))
        if catalogue_language(language) is None:
            log.info(
                f"no translation for theme.language '{language}': the catalogue's interface is in English"
            )
        return language

    def _render_options(self) -> RenderOptions:
        """The one place the plugin's settings become the renderer's: the live preview keys its cached map
        sections on this record as a whole."""
        return RenderOptions(
            layout=self.layout,
            echarts_src=self.echarts_src,
            echarts_integrity=self.config.echarts_integrity,
            allow_raw_html=self.config.allow_raw_html,
            insights=self.config.insights,
            editor=self.config.editor,
            editor_assets=(_versioned("editor.js"), _versioned("editor.css")),
            **self._editor_links(),
            language=self.language,
            stale_source_days=self.config.stale_source_days,
            page_size=self.config.page_size,
            strings_asset=True,
        )

    def _editor_links(self) -> dict:
        """Where the editor's "propose on GitHub" link and a new map's modeline point."""
        repo_url, edit_uri, base = self._repo
        maps = self.root / "maps"
        schema = base.resolve() / "docs" / SCHEMA_DIR / SCHEMA_FILES["map"]
        links = {
            "maps_path": Path(os.path.relpath(maps, base.resolve())).as_posix(),
            "schema_url": Path(os.path.relpath(schema, maps)).as_posix(),
        }
        match = re.match(r"^https://github\.com/([^/]+/[^/]+?)/?$", repo_url)
        if match:  # the branch from MkDocs' edit_uri ("edit/main/docs/"), else main
            branch = re.match(r"^(?:edit|blob)/([^/]+)/", edit_uri)
            links["github_new_url"] = f"https://github.com/{match[1]}/new/{branch[1] if branch else 'main'}"
        return links

    @property
    def _strings_script(self) -> str:
        return _strings_script(self.language)

    def _add_downloads(self, files: Files, config) -> None:
        """Each map's source and exports, published at their own paths."""
        for path, text in self.renderer.downloads().items():
            download = File.generated(
                config, path + ".download", content=text.encode("utf-8"), inclusion=InclusionLevel.NOT_IN_NAV
            )
            download.dest_uri = path
            download.url = path
            files.append(download)

    def _add_assets(self, files: Files, config) -> None:
        names = editor_assets(self.config.editor)
        if not self.config.echarts:
            problem = echarts_problem()
            if problem:  # the package ships the script: a missing or altered one is a broken install
                raise PluginError(f"journeys: {problem}; reinstall journey-catalogue")
            names.append(f"vendor/{ECHARTS_FILE}")
        for name in names:
            target = f"{ASSET_URL}/{name.removeprefix('vendor/')}"
            files.append(
                File.generated(
                    config, target, abs_src_path=str(ASSETS_DIR / name), inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
        for name, content in self.bundles.items():
            target = f"{ASSET_URL}/{name}"
            files.append(File.generated(config, target, content=content, inclusion=InclusionLevel.NOT_IN_NAV))

    def _history(self, index: CatalogueIndex, config) -> HistoryView | None:
        """The maps' history from git, read once for the whole catalogue; None when off or outside git."""
        if not self.config.history:
            return None
        names = persona_names(index.personas)
        history = read_history(index.maps, self.root, self.version_cache, names)
        if not history.available:
            log.info(f"no map history ({history.reason}): map pages get no History section")
            return None
        if history.shallow:
            log.info(f"map history is incomplete: {SHALLOW_NOTE}")
        return HistoryView(history, index.today, self.config.changed_days, config.repo_url)

    def _edit_url(self, config):
        repo_url = config.repo_url
        edit_uri = self.config.edit_uri
        if edit_uri is None and config.edit_uri:
            # MkDocs' edit_uri points into docs_dir; journeys live beside it.
            docs = Path(config.docs_dir).resolve()
            edit_uri = urljoin(
                config.edit_uri if config.edit_uri.endswith("/") else config.edit_uri + "/",
                Path(os.path.relpath(self.root.parent, docs)).as_posix() + "/",
            )
        if not repo_url or edit_uri is None:
            return lambda path: None
        base = urljoin(repo_url if repo_url.endswith("/") else repo_url + "/", edit_uri)
        root_parent = self.root.parent

        def edit_url(path: Path) -> str | None:
            resolved = path.resolve()  # a packaged starter template lives outside the repository
            return (
                urljoin(base, resolved.relative_to(root_parent).as_posix())
                if resolved.is_relative_to(root_parent)
                else None
            )

        return edit_url

    def on_page_markdown(self, markdown, /, *, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        # Material puts the title into <title>, the nav and the search index without escaping it.
        page.meta["title"] = escape_title(generated.title)
        if generated.kind in ("map", "insights", "editor"):
            # the step-by-step table, the heatmap and the editor's form beside its preview need the width
            page.meta["hide"] = ["navigation", "toc"] if generated.kind == "editor" else ["navigation"]
            if generated.kind in ("insights", "editor"):
                page.meta["search"] = {"exclude": True}  # it repeats the maps' own text, which search has
        elif generated.kind in ("catalogue", "persona-index", "templates"):
            page.meta["hide"] = ["navigation", "toc"]  # card grids need the width; they have no headings
        if generated.origin is not None:
            page.edit_url = self.renderer.edit_url(generated.origin)
        return markdown

    # A generated page's sections are rendered when MkDocs writes the page (on_page_context, before the
    # search plugins read it), not in on_page_content: MkDocs reads every page before it writes any, so
    # rendering there held every map page's HTML at once (about 1 GB at 10,000 maps); now one at a time.
    @event_priority(110)
    def _rendered_sections(self, context, /, *, page, config, nav):
        self.render_page(page)
        return context

    def render_page(self, page) -> None:
        """Put a generated page's rendered sections into its content, in place of their markers."""
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return
        sections = None
        if self.ahead is not None:
            try:
                sections = self.ahead.take(generated)
            except AheadError as error:
                self.ahead = None
                raise PluginError(
                    f"journeys: {error}; `workers: 0` in the plugin's options renders every page in "
                    "MkDocs' own process"
                ) from error
        page.content = self.renderer.render(generated, page.content, sections)

    # Search plugins index page.content in on_page_context. For generated pages they get the same text
    # without the markup first (much cheaper to index), and the page gets its full HTML back after them.
    @event_priority(100)
    def _lean_content_for_search(self, context, /, *, page, config, nav):
        source = page.file.src_uri
        if source in self.pages and self.pages[source].kind not in ("insights", "editor"):  # not searched
            self._full_content[source] = page.content
            if self.section_cache is None:
                page.content = search_html(page.content)
            else:  # a preview: most pages come back unchanged; a digest, not the page, marks them
                digest = hashlib.blake2b(page.content.encode("utf-8"), digest_size=16).digest()
                previous = self._search_text.get(source)
                if previous is None or previous[0] != digest:
                    previous = self._search_text[source] = (digest, search_html(page.content))
                page.content = previous[1]
        return context

    @event_priority(-100)
    def _full_content_for_the_page(self, context, /, *, page, config, nav):
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_rendered_sections, _lean_content_for_search, _full_content_for_the_page)

    def on_post_page(self, output, /, *, page, config):
        # MkDocs keeps every page's HTML until the build ends; ours are large and rendered once, so
        # letting them go keeps peak memory at 10,000 maps under 2 GB.
        if page.file.src_uri in self.pages:
            page.content = None
        return output

    # Last, once every plugin has added its files: the order of pages is the order MkDocs writes them in.
    @event_priority(-100)
    def on_nav(self, nav, /, *, config, files):
        """In a one-off build, start rendering generated pages ahead on the other cores (render/ahead.py).
        A preview keeps rendering in its own process: it has threads, and its section cache."""
        if self.section_cache is None:
            order = [
                self.pages[f.src_uri]
                for f in files.documentation_pages(inclusion=InclusionLevel.is_included)
                if f.src_uri in self.pages
            ]
            workers = worker_count(self.config.workers, len(order))
            if workers:
                self.ahead = AheadRenderer(self.renderer, order, workers)
        return nav

    # Last, once other plugins have set the environment up (its kind is read as each template loads).
    @event_priority(-100)
    def on_env(self, env, /, *, config, files):
        """The theme's templates compiled once a process: `mkdocs serve` rebuilds without compiling them."""
        return compile_once(env)

    def _stop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None

    def on_post_build(self, *, config):
        self._stop_ahead()
        gc.unfreeze()

    def on_build_error(self, *, error):
        self._stop_ahead()
        gc.unfreeze()

    def on_serve(self, server, /, *, config, builder):
        server.watch(str(self.root))  # maps/, personas/ and metrics/ alike
        return server
