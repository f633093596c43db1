"""Generated pages as (Markdown skeleton, HTML sections): any static-site generator can host them.

The skeleton carries only the headings (so the host builds its table of contents and anchors) and one
HTML comment marker per section; the host swaps each marker for its rendered section. Map text never
goes through the host's Markdown, so nothing in a map can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..catalogue.index import CatalogueIndex
from ..catalogue.measures import Measures
from ..charts.card_curve import card_curve
from ..charts.first_frame import chart_svg
from ..charts.map_chart import chart_payload
from ..charts.split import split
from ..format.model import JourneyMap, Persona, persona_names, step_number
from ..i18n import N_, N_plural, Translator
from .card_index import FIELDS, card_index, card_record, page_count, page_slice
from .cells import (
    badged_list_renderer,
    cached_gettext,
    cites,
    colspan,
    score,
    signed,
    step_links,
    touchpoint_renderer,
    upper_first,
    valence_class,
    valence_word,
)
from .compiled_templates import compile_once
from .editor_page import editor_context, editor_sources
from .history_section import HistoryView
from .icons import IconSet
from .insights_page import INSIGHTS_SECTIONS, insights_context
from .layout import relative_url
from .markdown_body import BodyRenderer
from .measures_section import MeasuredCells, measured_context
from .options import RenderOptions
from .relations import STATE_FILTER, card_states, relation_context, relations_cache_key
from .section_cache import SectionCache
from .vocabulary import chart_labels, curve_words, vocabulary_globals

# Titles of an index's further pages, and the words of cards the page script makes from the card index.
PAGE_TITLES = {"maps": N_("Journey maps, page %(number)d"), "personas": N_("Personas, page %(number)d")}
CARD_WORDS = {
    "needs_review": N_("Needs review"),
    "future": N_("Future state"),
    "with_future": N_("Has a future state"),
    "changed": N_("Changed recently"),
    "personas": N_("Personas"),
    "stages": N_("Stages"),
    "lowest": N_("Lowest emotion"),
    "pains": N_("Pain points"),
    "updated": N_("Updated"),
    "none": N_("n/a"),
}
IN_THE_LAST = N_plural("In the last %(num)d day", "In the last %(num)d days")
TEMPLATE_GROUPS = (("B2B", N_("Business (B2B) templates")), ("B2C", N_("Consumer (B2C) templates")))
MARKER = "<!-- journeys:section:{} -->"
_MARKER_RE = re.compile(r"<!-- journeys:section:([a-z]+) -->")


@dataclass
class GeneratedPage:
    """A page for the host to publish at `url` from the source path `source`."""

    kind: str
    id: str
    source: str
    url: str
    title: str  # plain text; the host must escape it wherever it lands
    sections: list[tuple[str | None, str]] = field(default_factory=list)  # (heading, section name)
    origin: Path | None = None  # the journey file, for "edit this page" and watching

    def markdown(self) -> str:
        """The skeleton: headings and markers only."""
        parts = []
        for heading, name in self.sections:
            if heading:
                parts.append(f"## {heading}\n")
            parts.append(MARKER.format(name) + "\n")
        return "\n".join(parts)


class PageRenderer:
    """Renders every generated page's sections from one CatalogueIndex. Templates compile once."""

    def __init__(
        self,
        index: CatalogueIndex,
        options: RenderOptions,
        *,
        icon_svg: Callable[[str], str] = lambda name: "",
        edit_url: Callable[[Path], str | None] = lambda path: None,
        section_cache: SectionCache | None = None,
        history: HistoryView | None = None,
        measures: Measures | None = None,
    ):
        self.index, self.options, self.layout = index, options, options.layout
        self.measures = measures or Measures()
        self.history = history
        self.section_cache = section_cache
        self.edit_url = edit_url
        self.bodies = BodyRenderer(allow_raw_html=options.allow_raw_html)
        self.icons = IconSet(c.icon for c in index.catalogue.channels)
        self._icon_svg = icon_svg
        self.env = self._environment()
        self.chart_labels = chart_labels(self.translator, described=False)
        self.measured_cells = MeasuredCells(self.translator)
        self._persona_names = persona_names(index.personas)
        # Everything outside a map that its page shows, for the section cache's keys (see section_cache.py):
        # the options as a whole, and the index's own settings.
        self.map_page_inputs = (options, index.today, index.review_days, tuple(index.catalogue.channels))

    @cached_property
    def icon_stylesheet(self) -> str:
        """The channels' icons as CSS: made on demand (the MkDocs plugin makes its own, with the bundle)."""
        return self.icons.stylesheet(self._icon_svg)

    def _environment(self) -> Environment:
        env = Environment(
            loader=PackageLoader("journey_catalogue.render", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        compile_once(env)  # the templates compiled once a process, not once a build
        self.translator = Translator(self.options.language)
        env.install_gettext_translations(self.translator.translations, newstyle=True)  # type: ignore[attr-defined]
        env.globals["_"] = env.globals["gettext"] = cached_gettext(self.translator.translations.gettext)
        words = vocabulary_globals(self.translator)
        # the filters are the same functions in every build, so the compiled templates are reused
        env.filters.update(
            signed=signed, valence_class=valence_class, valence_word=valence_word, upper_first=upper_first
        )
        env.globals.update(words)
        # tojson stays HTML-safe (<, >, &, ' become \u escapes); compact separators make it 8% smaller.
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
        env.globals.update(
            icon=self.icons.css_class,
            channels=self.index.catalogue.channels,
            personas=self.index.catalogue.personas,
            review_days=self.index.review_days,
            # the table's cells (cells.py)
            span=colspan,
            score=score,
            cites=cites,
            step_links=step_links,
            touchpoint=touchpoint_renderer(self.icons.css_class),
            pain_list=badged_list_renderer("severity", words["severity"]),
            opportunity_list=badged_list_renderer("status", words["opportunity_status"]),
        )
        # Blocks are rendered one by one, which skips a template's own imports: macros are globals instead.
        macros = env.get_template("macros.html").module
        env.globals.update(
            {
                name: getattr(macros, name)
                for name in (
                    "valence",
                    "channel_chip",
                    "persona_chip",
                    "status_badges",
                    "data_table",
                    "page_links",
                )
            }
        )
        return env

    # -- the pages a host should publish -------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        return [
            *self._index_pages(),
            *(self._map_page(journey) for journey in self.index.maps),
            *(self._persona_page(persona) for persona in self.index.personas),
        ]

    def _index_pages(self) -> list[GeneratedPage]:
        whole = [(None, "content")]
        pages = [
            self._index_page("catalogue", "maps", N_("Journey maps"), whole),
            *self._further_pages("catalogue", "maps", PAGE_TITLES["maps"], self.catalogue_pages),
            self._index_page("persona-index", "personas", N_("Personas"), whole),
            *self._further_pages("persona-index", "personas", PAGE_TITLES["personas"], self.persona_pages),
            self._index_page("templates", "templates", N_("Templates"), whole),
        ]
        if self.options.insights:
            pages.append(self._index_page("insights", "insights", N_("Insights"), INSIGHTS_SECTIONS))
        if self.options.editor:
            pages.append(self._index_page("editor", "editor", N_("Map editor"), [(None, "content")]))
        return pages

    def _index_page(self, kind: str, folder: str, title: str, sections) -> GeneratedPage:
        url, title = self.layout.url(folder), self.translator.gettext(title)
        return GeneratedPage(kind, "index", self.layout.source(folder), url, title, self._headings(sections))

    @property
    def _published_cards(self) -> list[JourneyMap]:
        """The cards a reader without JavaScript sees, in the page order: published maps by title."""
        return [m for m in self.index.listed_maps if m.meta.status == "published"]

    @property
    def _paged(self) -> bool:
        """Whether the catalogue lists more maps than a page holds (and so has a card index)."""
        return len(self.index.listed_maps) > self.options.page_size

    @property
    def catalogue_pages(self) -> int:
        """Pages of catalogue cards: one unless the catalogue lists more maps than a page holds."""
        if not self._paged:
            return 1
        return page_count(len(self._published_cards), self.options.page_size)

    @property
    def persona_pages(self) -> int:
        return page_count(len(self.index.personas), self.options.page_size)

    def _further_pages(self, kind: str, folder: str, title: str, count: int) -> list[GeneratedPage]:
        """Pages 2 to `count` of a long index (page 1 is the index page itself)."""
        pages = []
        for number in range(2, count + 1):
            url, source = self.layout.page_url(folder, number), self.layout.page_source(folder, number)
            text = self.translator.gettext(title, number=number)
            pages.append(GeneratedPage(kind, str(number), source, url, text, [(None, "content")]))
        return pages

    def data_files(self) -> dict[str, str]:
        """Data to publish beside the pages: site path -> text. The catalogue's card index, when paged."""
        if not self._paged:
            return {}
        return {self._cards_path(): self._card_index()}

    def _cards_path(self) -> str:
        return f"{self.layout.maps}/cards.json"

    def _card_index(self) -> str:
        changed = self.history.changed_recently() if self.history else {}
        t, date, status = self.translator, self.env.globals["date"], self.env.globals["map_status"]
        catalogue_url, words = self.layout.url("maps"), curve_words(self.translator)
        records = [
            card_record(
                m,
                self.index,
                url=relative_url(catalogue_url, self.layout.map_url(m.id)),
                date=date,
                changed=t.gettext("Last changed %(date)s", date=date(changed[m.id]))
                if m.id in changed
                else "",
                words=words,
            )
            for m in self.index.listed_maps
        ]
        valences = {v for r in records for v in [r[FIELDS.index("lowest")]] if v is not None}
        card_words = {
            "status": {s: status(s) for s in ("draft", "published", "archived")},
            "valence": {
                str(v): [valence_class(v), self.env.globals["valence_word"](v), signed(v)] for v in valences
            },
            **{key: t.gettext(text) for key, text in CARD_WORDS.items()},
        }
        return card_index(records, card_words, self._persona_names)

    def _headings(self, sections) -> list[tuple[str | None, str]]:
        """Section headings in the interface's language."""
        gettext = self.translator.gettext
        return [(gettext(heading) if heading else None, name) for heading, name in sections]

    def _map_page(self, journey: JourneyMap) -> GeneratedPage:
        sections = [
            (None, "header"),
            (N_("Journey at a glance"), "chart"),
            (N_("The journey, step by step"), "table"),
            (N_("Research evidence"), "evidence"),
        ]
        if journey.id in self.index.states.current_of:
            sections.insert(2, (N_("What changes"), "changes"))
        if self.index.hierarchy.in_hierarchy(journey):
            sections.insert(-1, (N_("Journey hierarchy"), "hierarchy"))
        if journey.body.strip():
            sections.append((N_("Story and context"), "body"))
        if self.history is not None:
            sections.append((N_("History"), "history"))
        sections.append((N_("Related maps"), "related"))
        url = self.layout.map_url(journey.id)
        return self._own_page("map", "maps", url, journey, journey.meta.title, sections)

    def _persona_page(self, persona: Persona) -> GeneratedPage:
        sections = [(None, "header")]
        if persona.body.strip():
            sections.append((N_("About"), "body"))
        sections.append((N_("Journeys"), "maps"))
        url = self.layout.persona_url(persona.id)
        return self._own_page("persona", "personas", url, persona, persona.meta.name, sections)

    def _own_page(self, kind: str, folder: str, url: str, item, title: str, sections) -> GeneratedPage:
        """The page of one map or persona, its sections' headings in the site's language."""
        source = self.layout.source(folder, item.id)
        return GeneratedPage(kind, item.id, source, url, title, self._headings(sections), item.path)

    def downloads(self) -> dict[str, str]:
        """Template sources to publish verbatim: site path -> exact file text."""
        downloads = {self.layout.download_path(m.id): m.source_text for m in self.index.templates}
        if self.options.editor:  # what the editor opens, fetched on demand: the editor page stays light
            downloads.update(editor_sources(self.index, self.layout))
        return downloads

    # -- rendering ------------------------------------------------------------------------------------

    def render(self, page: GeneratedPage, html: str, sections: dict[str, str] | None = None) -> str:
        """Replace the markers in the host's HTML for `page` with the rendered sections (`sections`
        when they were rendered already, elsewhere: ahead.py)."""
        if sections is None:
            sections = self.sections(page)
        return _MARKER_RE.sub(lambda match: sections.get(match.group(1), ""), html)

    def sections(self, page: GeneratedPage) -> dict[str, str]:
        if page.kind != "map" or self.section_cache is None:
            return self._render_sections(page, self._context(page))
        related = self.index.related(self.index.catalogue.maps[page.id])
        key = self.map_page_key(page, related)
        sections = self.section_cache.get(page.source, key)
        if sections is None:
            sections = self._render_sections(page, self._context(page, related))
            self.section_cache.put(page.source, key, sections)
        return sections

    def map_page_key(self, page: GeneratedPage, related=None) -> tuple:
        """Everything a map page's sections are made from, for the live preview's section cache: equal keys
        mean equal sections. `related` when the caller has ranked the map's related maps."""
        journey = self.index.catalogue.maps[page.id]
        if related is None:
            related = self.index.related(journey)
        return (
            self.map_page_inputs,
            journey,
            page.url,
            self.edit_url(journey.path),
            tuple((other.id, other.meta.title, tuple(reasons)) for other, reasons in related),
            relations_cache_key(self.index, journey),
            self.history.key(journey.id) if self.history else None,
            self._personas_key(journey),
            self.measures.of(journey.id).key,
        )

    def _personas_key(self, journey: JourneyMap) -> tuple:
        """The personas this map's page names (its own, per-persona emotions, the current state's and
        earlier revisions' chart lines), so that editing a persona renders only the maps that show it."""
        shown = set(journey.meta.personas)
        for placed in journey.steps():
            if isinstance(placed.step.emotion, dict):
                shown.update(placed.step.emotion)
        current = self.index.states.current_of.get(journey.id)
        if current is not None:
            shown.update(current.meta.personas)
        if self.history is not None:
            for row in self.history.rows(journey.id):
                shown.update(persona for persona, _ in row.revision.curve or ())
        personas = self.index.catalogue.personas
        return tuple((p, personas[p].meta if p in personas else None) for p in sorted(shown))

    @staticmethod
    def _render_sections(page: GeneratedPage, template_and_context) -> dict[str, str]:
        template, context = template_and_context
        ctx = template.new_context(context)
        return {name: "".join(template.blocks[name](ctx)) for _, name in page.sections}

    def _links(self, page_url: str):
        layout, with_insights, with_editor = self.layout, self.options.insights, self.options.editor

        class Links:
            catalogue = relative_url(page_url, layout.url("maps"))
            insights = relative_url(page_url, layout.url("insights")) if with_insights else None

            @staticmethod
            def editor(map_id: str) -> str | None:
                if not with_editor:
                    return None
                return relative_url(page_url, layout.url("editor")) + "?map=" + map_id

            @staticmethod
            def map(map_id: str) -> str:
                return relative_url(page_url, layout.map_url(map_id))

            @staticmethod
            def persona(persona_id: str) -> str:
                return relative_url(page_url, layout.persona_url(persona_id))

        return Links

    def _context(self, page: GeneratedPage, related=None):
        """The page's template and its context; `related` when the caller has ranked a map's related maps."""
        link = self._links(page.url)
        if page.kind == "map":
            journey = self.index.catalogue.maps[page.id]
            if related is None:
                related = self.index.related(journey)
            return self.env.get_template("map.html"), self._map_context(journey, page, link, related)
        if page.kind == "persona":
            persona = self.index.catalogue.personas[page.id]
            return self.env.get_template("persona.html"), self._persona_context(persona, link)
        if page.kind == "insights":
            return self.env.get_template("insights.html"), insights_context(self, link)
        if page.kind == "editor":
            return self.env.get_template("editor.html"), editor_context(self, page, link)
        number = int(page.id) if page.id.isdigit() else 1
        if page.kind == "catalogue":
            return self.env.get_template("catalogue.html"), self._catalogue_context(link, page, number)
        if page.kind == "persona-index":
            counts = self.index.maps_by_persona
            shown = page_slice(self.index.personas, number, self.options.page_size)
            return self.env.get_template("persona_index.html"), {
                "link": link,
                "personas": [(p, len(counts.get(p.id, []))) for p in shown],
                "pages": self._pagination(page, "personas", number, self.persona_pages),
            }
        return self.env.get_template("templates.html"), self._templates_context(page, link)

    def _map_context(self, journey: JourneyMap, page: GeneratedPage, link, related) -> dict:
        facts = self.index.facts[journey.id]
        chart = chart_payload(
            journey,
            self.index.catalogue.channels,
            self._persona_names,
            current=self.index.states.current_of.get(journey.id),
            labels=self.chart_labels,
            measures=self.measures.of(journey.id),
        )
        if self.history is not None:
            self.history.add_curves(chart, journey, self._persona_names, self.chart_labels)
        return {
            "journey": journey,
            "m": journey.meta,
            "facts": facts,
            "link": link,
            "stages": _stage_rows(journey),
            "has_goals": any(st.goal or st.needs for st in journey.meta.stages),
            "has_kpis": any(st.kpis for st in journey.meta.stages),
            "has_backstage": any(placed.step.backstage for placed in journey.steps()),
            "chart": chart,
            "chart_part": split(chart),  # what the page carries; the rest is in chart-common.js
            "chart_svg": Markup(chart_svg(chart)),
            "history": self.history.context(journey) if self.history else None,
            "echarts_src": self.options.echarts_url(page.url),
            "echarts_integrity": self.options.echarts_integrity,
            "strings_asset": self.options.strings_asset,
            "edit_url": self.edit_url(journey.path),
            "editor_url": link.editor(journey.id),
            "sources": _sources_cited(journey),
            "body_html": Markup(self.bodies.render(journey.body)),
            "related": related,
            **self._languages(journey),
            **relation_context(self.index, journey),
            **measured_context(
                self.measured_cells, self.measures, journey, self.index.today, self.options.stale_source_days
            ),
        }

    def _languages(self, journey: JourneyMap) -> dict:
        """` lang="…"` attributes for a map written in another language than the site's: `content_lang` on
        the map's own text, `ui_lang` on the interface inside it (row headings, badges, channel names).
        Both empty for a map in the site's language, so its page stays as lean as before."""
        lang = journey.meta.lang
        site = (self.options.language or "en").replace("_", "-")
        if not lang or lang.lower() == site.lower():
            return {"content_lang": "", "ui_lang": ""}
        return {
            "content_lang": Markup(' lang="%s"') % lang,
            "ui_lang": Markup(' lang="%s"') % site,
        }

    def _persona_context(self, persona: Persona, link) -> dict:
        maps = self.index.maps_by_persona.get(persona.id, [])
        return {
            "p": persona.meta,
            "link": link,
            "body_html": Markup(self.bodies.render(persona.body)),
            "maps": [(m, self.index.facts[m.id].average_emotion.get(persona.id)) for m in maps],
        }

    def _pagination(self, page: GeneratedPage, folder: str, number: int, count: int) -> dict | None:
        """Links between an index's pages: previous, next, the first, the last and those near this one."""
        if count == 1:
            return None
        near = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})

        def url(k: int) -> str:
            return relative_url(page.url, self.layout.page_url(folder, k))

        return {
            "number": number,
            "count": count,
            "previous": url(number - 1) if number > 1 else None,
            "next": url(number + 1) if number < count else None,
            "links": [(k, url(k), k - previous > 1) for previous, k in zip([0, *near], near, strict=False)],
        }

    def _catalogue_cards(self, number: int) -> list[JourneyMap]:
        """The cards on catalogue page `number`: every listed map when they fit on one page (drafts and
        archived maps hidden until a filter asks for them), else that page's share of the published maps."""
        if not self._paged:
            return self.index.listed_maps
        return page_slice(self._published_cards, number, self.options.page_size)

    def _catalogue_context(self, link, page: GeneratedPage, number: int) -> dict:
        values = self.index.filter_values()
        channels = self.index.catalogue.channels
        names = self._persona_names
        _, status = self.translator.gettext, self.env.globals["map_status"]
        filters = [
            ("segment", _("Segment"), [(v, v) for v in values["segment"]]),
            ("industry", _("Industry"), [(v, v) for v in values["industry"]]),
            ("persona", _("Persona"), [(v, names.get(v, v)) for v in values["persona"]]),
            ("channel", _("Channel"), [(v, channels.get(v).label) for v in values["channel"]]),
            ("tag", _("Tag"), [(v, f"#{v}") for v in values["tag"]]),
            ("status", _("Status"), [("all", _("All"))] + [(v, status(v)) for v in values["status"]]),
        ]
        templates = sorted(self.index.templates, key=lambda m: (m.meta.segment != "B2C", m.id))
        if any(m.meta.future_of for m in self.index.listed_maps):
            filters.insert(-1, ("state", _("State"), [(v, _(text)) for v, text in STATE_FILTER]))
        changed = self.history.changed_recently() if self.history else {}
        if self.history is not None:
            filters.append(
                (
                    "changed",
                    _("Changed"),
                    [("recent", self.translator.ngettext(*IN_THE_LAST, self.history.changed_days))],
                )
            )
        cards = self._catalogue_cards(number)
        pages = self._pagination(page, "maps", number, self.catalogue_pages)
        paged = self._paged
        return {
            "link": link,
            "filters": filters,
            "changed": changed,
            "maps": [(m, self.index.facts[m.id]) for m in cards],
            "map_count": len(self._published_cards),
            "pages": pages,
            "cards_index": relative_url(page.url, self._cards_path()) if paged else "",
            "first_card": (number - 1) * self.options.page_size if paged else 0,
            "page_size": self.options.page_size,
            "curves": {m.id: Markup(card_curve(m, curve_words(self.translator))) for m in cards},
            # for an empty catalogue's "how to add a map"
            "start_template": templates[0].id if templates else None,
            "templates_url": relative_url(self.layout.url("maps"), self.layout.url("templates"))
            if templates
            else "",
            "map_states": {m.id: card_states(self.index.states, m) for m in cards},
        }

    def _templates_context(self, page: GeneratedPage, link) -> dict:
        groups = []
        for segment, label in (
            ("B2B", N_("Business (B2B) templates")),
            ("B2C", N_("Consumer (B2C) templates")),
        ):
            label = self.translator.gettext(label)
            items = [
                (
                    m,
                    relative_url(page.url, self.layout.download_path(m.id)),
                    f"journeys new my-{segment.lower()}-map --from {m.id}",
                )
                for m in self.index.templates
                if m.meta.segment == segment
            ]
            groups.append((segment, label, items))
        return {"link": link, "groups": groups}


def _stage_rows(journey: JourneyMap) -> list[tuple]:
    """Each stage for the step table: (id, stage, [(number, step)], where it leads next)."""
    names = {sid: stage.name for sid, stage in journey.stages()}
    order = {sid: i for i, sid in enumerate(journey.stage_ids)}
    rows = []
    for s, (stage_id, stage) in enumerate(journey.stages()):
        targets = journey.next_of(s)
        special = stage.next is not None and targets != journey.stage_ids[s + 1 : s + 2]
        rows.append(
            (
                stage_id,
                stage,
                [(step_number(s, t), step) for t, step in enumerate(stage.steps)],
                {
                    "special": special,
                    "links": [(t, names.get(t, t), order.get(t, 0) <= s) for t in targets],
                },
            )
        )
    return rows


def _sources_cited(journey: JourneyMap) -> list[tuple]:
    """Each research source with whether a pain or an opportunity cites it. Which steps cite it is not
    carried: the page script reads that from the table's citation links (journeys.js, citeSteps)."""
    cited = set()
    for placed in journey.steps():
        for entry in [*placed.step.pain_items(), *placed.step.opportunity_items()]:
            cited.update(entry.sources)
    return [(src, src.id in cited) for src in journey.meta.sources]


def escape_title(title: str) -> str:
    """A page title as it must reach a host template that does not autoescape."""
    return str(escape(title))
