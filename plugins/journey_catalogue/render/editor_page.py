"""The map editor's page: what the browser needs, built once, as JSON in the page.

The page carries the published map JSON Schema, the catalogue's personas, channels and phases, the
templates, the editor's words and the validation messages of `journeys validate` (the msgids of
format/validate.py and format/model.py, translated), so that the editor words a problem exactly as the
command line does. Maps themselves are not in the page: each map's exact source is published at
`editor/maps/ID.md` and fetched when opened, with `editor/maps/index.json` listing them, so that a large
catalogue does not make the page heavy.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..format.model import persona_names
from ..format.schema import json_schema
from ..format.words import FIELD_WORDS
from ..i18n import N_, N_plural
from .layout import relative_url

# The validation messages, keyed as assets/editor.js asks for them. Their msgids are those of
# format/validate.py and format/model.py (tests/test_editor_browser.py compares the words with the CLI's).
VALIDATION_MESSAGES = {
    "missing": N_("required field is missing"),
    "unknown_field": N_("unknown field '%(key)s'%(hint)s"),
    "allowed_here": N_("; allowed here: %(fields)s"),
    "did_you_mean": N_(" (did you mean '%(match)s'?)"),
    "expected": N_("expected %(what)s, got %(found)s"),
    "or_two": N_("%(first)s or %(last)s"),
    "one_of": N_("one of %(values)s or %(last)s"),
    "a_list": N_("a list"),
    "a_mapping_of_fields": N_("a mapping of fields"),
    "text_or_mapping": N_("text or a mapping of fields"),
    "text": N_("text"),
    "true_or_false": N_("true or false"),
    "a_whole_number": N_("a whole number"),
    "nothing": N_("nothing"),
    "an_empty_text": N_("an empty text"),
    "a_mapping": N_("a mapping"),
    "jc_text": N_("expected text, got %(found)s"),
    "jc_empty_text": N_("expected text, got an empty text"),
    "jc_id": N_("expected an id of lowercase letters a-z, digits and single hyphens, got %(found)s"),
    "jc_valence": N_("expected an integer from -2 to 2, got %(found)s"),
    "jc_language": N_("expected a language code such as ru, pl or pt-BR, got %(found)s"),
    "jc_date": N_("expected a date as YYYY-MM-DD, got %(found)s"),
    "real_date": N_("expected a real date as YYYY-MM-DD, got %(found)s"),
    "jc_url": N_("expected an http(s), mailto or relative link, got %(found)s"),
    "jc_bool": N_("expected true or false, got %(found)s"),
    "jc_count": N_("expected a whole number of 0 or more, got %(found)s"),
    "unknown_persona": N_("unknown persona '%(persona)s': there is no personas/%(persona)s.md%(hint)s"),
    "future_update": N_("expected a date not in the future, got %(found)s"),
    "source_twice": N_("source id '%(id)s' is used twice in this map"),
    "stage_twice": N_("stage id '%(id)s' is already used by %(first)s"),
    "unknown_stage": N_("unknown stage '%(id)s'; stages in this map: %(ids)s"),
    "unknown_channel": N_(
        "unknown channel '%(channel)s'%(hint)s; known channels: %(ids)s"
        " (a site adds its own with the plugin's `channels:` option in mkdocs.yml)"
    ),
    "absent_persona": N_("persona '%(id)s' is not in this map's personas (%(ids)s)"),
    "unknown_source": N_("unknown source '%(id)s'%(hint)s"),
    "sources_in_map": N_("; sources in this map: %(ids)s"),
    "no_sources": N_("; this map lists no sources"),
}
VALIDATION_PLURALS = {
    "at_least": N_plural("at least %(num)d item", "at least %(num)d items"),
    "at_most": N_plural("at most %(num)d item", "at most %(num)d items"),
    "a_list_of": N_plural("a list of %(num)d item", "a list of %(num)d items"),
}
# The editor's own words.
EDITOR_MESSAGES = {
    "start": N_("Start from"),
    "templates": N_("Templates"),
    "maps": N_("Existing maps"),
    "open": N_("Open"),
    "new_id": N_("Map id (the file name)"),
    "add": N_("Add"),
    "remove": N_("Remove"),
    "up": N_("Move up"),
    "down": N_("Move down"),
    "item": N_("%(what)s %(num)s"),
    "per_persona": N_("Emotion per persona"),
    "same_for_all": N_("Same emotion for every persona"),
    "body": N_("Story and context (Markdown after the frontmatter)"),
    "download": N_("Download %(file)s"),
    "copy": N_("Copy to clipboard"),
    "copied": N_("Copied."),
    "github_new": N_("Propose as a new file on GitHub"),
    "github_existing": N_(
        "GitHub cannot fill in its edit page: copy the map, "
        "then paste it over the file on GitHub's edit page."
    ),
    "github_edit": N_("Open GitHub's edit page"),
    "github_too_long": N_("This map is too long to pass in a link: copy it and paste it on GitHub instead."),
    "valid": N_("No problems: the file is ready."),
    "problems": N_plural("%(num)d problem", "%(num)d problems"),
    "draft_restored": N_("Your draft from this browser was restored."),
    "discard": N_("Discard the draft"),
    "preview": N_("Emotion curve preview"),
    "preview_label": N_("Preview of the emotion curve: one line per persona, one point per step."),
    "loading": N_("Loading the editor..."),
    "load_failed": N_("Could not open %(file)s."),
    "none": N_("(none)"),
    "yaml_error": N_("The file's YAML cannot be read: %(error)s"),
    "steps": N_("Steps"),
    "step": N_("Step"),
    "stage": N_("Stage"),
    "one_per_line": N_("(one per line)"),
}
# The form's labels: the format's fields as a reader names them (format/words.py), and the fields inside
# sources, pains, opportunities and KPIs.
FIELD_LABELS = {
    **FIELD_WORDS,
    "stages": N_("stages"),
    "steps": N_("steps"),
    "id": N_("id"),
    "type": N_("type"),
    "date": N_("date"),
    "url": N_("link"),
    "text": N_("text"),
    "severity": N_("severity"),
    "value": N_("value"),
    "target": N_("target"),
    "sample": N_("sample size"),
    "impact": N_("impact"),
    "effort": N_("effort"),
    "confidence": N_("confidence"),
}


def editor_context(renderer, page, link) -> dict:
    index, options, layout = renderer.index, renderer.options, renderer.layout
    catalogue = index.catalogue
    names = persona_names(index.personas)
    data = {
        "schema": json_schema("map"),
        # the catalogue's own personas: a starter template's placeholder persona is no file of the
        # catalogue, and `journeys validate` calls it unknown
        "personas": [
            {"id": p.id, "name": names.get(p.id, p.id)}
            for p in index.personas
            if p.path.resolve().is_relative_to(catalogue.root.resolve())
        ],
        "channels": [{"id": c.id, "label": c.label} for c in catalogue.channels],
        "phases": [{"id": p, "label": catalogue.phases.label(p)} for p in catalogue.phases.ids()],
        "templates": [
            {
                "id": m.id,
                "title": str(m.meta.title),
                "url": relative_url(page.url, layout.download_path(m.id)),
            }
            for m in index.templates
        ],
        "maps_index": relative_url(page.url, f"{layout.editor}/maps/index.json"),
        "maps_folder": relative_url(page.url, f"{layout.editor}/maps/"),
        "today": index.today.isoformat(),
        "github_new": options.github_new_url,
        "maps_path": options.maps_path,
        "schema_url": options.schema_url,
        "messages": _translated(renderer.translator, VALIDATION_MESSAGES, VALIDATION_PLURALS),
        "words": _translated(renderer.translator, EDITOR_MESSAGES, {"problems": EDITOR_MESSAGES["problems"]}),
        "fields": _translated(renderer.translator, FIELD_LABELS, {}),
        "lang": renderer.translator.language,
    }
    return {
        "link": link,
        "editor_data": _script_json(data),
        "echarts_src": options.echarts_url(page.url),
        "echarts_integrity": options.echarts_integrity,
        "script": relative_url(page.url, options.editor_assets[0]),
        "style": relative_url(page.url, options.editor_assets[1]),
        "libraries": relative_url(page.url, "assets/journeys/"),
    }


def _script_json(data: dict) -> Markup:
    """JSON for a <script type="application/json">, in the schema's own key order (the form's order);
    <, >, & and ' as \\u escapes, so that no map text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escape)
    return Markup(text)


def _translated(translator, messages: dict, plurals: dict) -> dict:
    out = {key: translator.gettext(text) for key, text in messages.items() if not isinstance(text, tuple)}
    out.update({key: translator.plural_forms(*forms) for key, forms in plurals.items()})
    return out


def editor_sources(index, layout) -> dict[str, str]:
    """Each map's exact source for the editor, and the list of them: site path -> text."""
    maps = {m.id: m for m in [*index.maps, *index.templates]}
    listing = [[m.id, str(m.meta.title)] for m in sorted(maps.values(), key=lambda m: m.id)]
    files = {
        layout.editor_source_path(m.id): m.source_text or m.path.read_text(encoding="utf-8")
        for m in maps.values()
    }
    files[f"{layout.editor}/maps/index.json"] = json.dumps(listing, ensure_ascii=False, separators=(",", ":"))
    return files
